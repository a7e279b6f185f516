//! `/admin/*`: the admin's pages, one module each, inside one shell that checks the role on
//! the server first (401 for nobody, 403 for a learner) and shows the admin's navigation.

pub mod analytics;
pub mod audit;
pub mod catalog;
pub mod credits;
pub mod editor;
pub mod home;
pub mod links;
pub mod outbox;
pub mod preview;
pub mod resources;
pub mod synonyms;
pub mod users;

use crate::api::admin_check;
use crate::components::signed_in_page::SignedInPage;
use crate::model::admin::Change;
use crate::model::problems::pointer_label;
use leptos::prelude::*;
use leptos_meta::Title;

/// The sections of the admin area, as its navigation lists them.
pub const SECTIONS: [(&str, &str); 10] = [
    ("/admin/resources", "Resources"),
    ("/admin/resources?status=trash", "Trash"),
    ("/admin/catalog", "Bulk upload"),
    ("/admin/audit", "Audit log"),
    ("/admin/users", "Users"),
    ("/admin/search", "Search analytics"),
    ("/admin/synonyms", "Synonyms"),
    ("/admin/links", "Link check"),
    ("/admin/outbox", "Outbox"),
    ("/admin/credits", "Credits"),
];

/// Wraps an admin page: nothing of it renders (nor loads) until the server says an admin asks.
#[component]
pub fn AdminShell(title: &'static str, children: ChildrenFn) -> impl IntoView {
    let check = Resource::new(|| (), |_| admin_check());
    let children = StoredValue::new(children);
    let location = leptos_router::hooks::use_location();
    view! {
        <Title text=title/>
        <SignedInPage data=check title="Admin" why="Sign in with an admin account to curate the catalog."
            body=move |()| view! {
                <div class="admin">
                    <nav class="admin__nav" aria-label="Admin">
                        <p class="admin__nav-title"><a href="/admin">"Admin"</a></p>
                        <ul>
                            {SECTIONS.iter().map(|(href, label)| view! {
                                <li><a href=*href aria-current=move || is_current(href, &location.pathname.get(), &location.search.get()).then_some("page")>{*label}</a></li>
                            }).collect_view()}
                        </ul>
                    </nav>
                    <div class="admin__main">{children.with_value(|c| c())}</div>
                </div>
            }/>
    }
}

/// Whether the admin menu's `href` is the section the page at `path` (with `search`) is in:
/// an editor is in Resources, the trash listing in Trash.
fn is_current(href: &str, path: &str, search: &str) -> bool {
    let trash = search.contains("status=trash");
    match href.split_once('?') {
        Some((section, query)) => path == section && search.trim_start_matches('?').split('&').any(|p| p == query),
        None => !(trash && href == "/admin/resources") && (path == href || path.starts_with(&format!("{href}/"))),
    }
}

/// "2026-11-23T10:04:05.123Z" → "November 23, 2026, 10:04 UTC": timestamps as admins read them.
pub use crate::model::dates::day_and_time as when;

/// The current page's address, less any error a plain form post left in its query (`__err`,
/// `__path`): where a form on it sends the browser back.
pub fn back_here() -> String {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let kept = form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .filter(|(k, _)| k != "__err" && k != "__path")
        .fold(form_urlencoded::Serializer::new(String::new()), |mut s, (k, v)| {
            s.append_pair(&k, &v);
            s
        })
        .finish();
    if kept.is_empty() {
        path
    } else {
        format!("{path}?{kept}")
    }
}

/// `path?k=v&…` with the pairs whose value is not empty; just `path` when none is.
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(k, v);
        any = true;
    }
    if any {
        format!("{path}?{}", query.finish())
    } else {
        path.to_string()
    }
}

/// Longest value shown whole in a list of changes, in characters; longer ones fold away.
const LONG_VALUE: usize = 80;

/// A JSON value as compact JSON ("(none)" for null); a long one shows its beginning and
/// unfolds, without script, to the whole value.
#[component]
pub fn JsonValue(value: serde_json::Value) -> impl IntoView {
    // Text, numbers and lists of words read as themselves; only a structure shows as JSON.
    let words = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(format!("“{s}”")),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
        _ => None,
    };
    let compact = match &value {
        serde_json::Value::Null => "(none)".to_string(),
        serde_json::Value::Array(a) if a.is_empty() => "(none)".to_string(),
        serde_json::Value::Array(a) if a.iter().all(|v| words(v).is_some()) => {
            a.iter().filter_map(words).collect::<Vec<_>>().join(", ")
        }
        v => words(v).unwrap_or_else(|| serde_json::to_string(v).unwrap_or_default()),
    };
    if compact.chars().count() <= LONG_VALUE {
        view! { <code class="json">{compact}</code> }.into_any()
    } else {
        let start: String = compact.chars().take(LONG_VALUE - 20).collect();
        let pretty = serde_json::to_string_pretty(&value).unwrap_or(compact);
        view! {
            <details class="json">
                <summary><code>{start}"…"</code></summary>
                <pre>{pretty}</pre>
            </details>
        }
        .into_any()
    }
}

/// Field-level changes as a list: "path: before → after".
#[component]
pub fn ChangeList(changes: Vec<Change>) -> impl IntoView {
    view! {
        <ul class="changes">
            {changes
                .into_iter()
                .map(|c| {
                    let field = if c.field.is_empty() { "The whole record".to_string() } else { pointer_label(&format!("/{}", c.field)) };
                    view! {
                        <li>
                            <span class="changes__field">{field}</span>": "
                            <JsonValue value=c.before/>
                            <span aria-hidden="true">" → "</span>
                            <span class="visually-hidden">" became "</span>
                            <JsonValue value=c.after/>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::is_current;

    #[test]
    fn the_menu_marks_the_section_the_page_is_in() {
        assert!(is_current("/admin/resources", "/admin/resources", ""));
        assert!(is_current("/admin/resources", "/admin/resources/a-course/edit", ""));
        assert!(!is_current("/admin/resources", "/admin/resources", "?status=trash"));
        assert!(is_current(
            "/admin/resources?status=trash",
            "/admin/resources",
            "?status=trash"
        ));
        assert!(!is_current("/admin/resources?status=trash", "/admin/resources", ""));
        assert!(!is_current("/admin/users", "/admin/users-export", ""));
    }
}
