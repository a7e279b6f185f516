//! `/admin/*`: the admin's pages, one module each, inside one shell that checks the role on
//! the server first (401 for nobody, 403 for a learner) and shows the admin's navigation.

pub mod analytics;
pub mod audit;
pub mod catalog;
pub mod editor;
pub mod home;
pub mod links;
pub mod preview;
pub mod resources;
pub mod synonyms;
pub mod users;

use crate::api::admin_check;
use crate::components::learner::SignInPrompt;
use crate::components::loading::{ErrorPanel, Loading};
use crate::error::UiError;
use leptos::prelude::*;
use leptos_meta::Title;

/// The sections of the admin area, as its navigation lists them.
pub const SECTIONS: [(&str, &str); 8] = [
    ("/admin/resources", "Resources"),
    ("/admin/resources?status=trash", "Trash"),
    ("/admin/catalog", "Bulk upload"),
    ("/admin/audit", "Audit log"),
    ("/admin/users", "Users"),
    ("/admin/search", "Search analytics"),
    ("/admin/synonyms", "Synonyms"),
    ("/admin/links", "Link check"),
];

/// Wraps an admin page: nothing of it renders (nor loads) until the server says an admin asks.
#[component]
pub fn AdminShell(title: &'static str, children: ChildrenFn) -> impl IntoView {
    let check = Resource::new(|| (), |_| admin_check());
    let children = StoredValue::new(children);
    view! {
        <Title text=title/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match check.await {
                    Err(UiError::SignInRequired) => view! {
                        <SignInPrompt title="Admin" why="Sign in with an admin account to curate the catalog."/>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(()) => view! {
                        <div class="admin">
                            <nav class="admin__nav" aria-label="Admin">
                                <p class="admin__nav-title"><a href="/admin">"Admin"</a></p>
                                <ul>
                                    {SECTIONS.iter().map(|(href, label)| view! { <li><a href=*href>{*label}</a></li> }).collect_view()}
                                </ul>
                            </nav>
                            <div class="admin__main">{children.with_value(|c| c())}</div>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// "2026-11-23T10:04:05.123Z" → "2026-11-23 10:04 UTC": timestamps as admins read them.
pub fn when(rfc3339: &str) -> String {
    if rfc3339.len() >= 16 {
        format!("{} {} UTC", &rfc3339[..10], &rfc3339[11..16])
    } else {
        rfc3339.to_string()
    }
}
