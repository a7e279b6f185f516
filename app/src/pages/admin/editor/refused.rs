//! What a refused save shows above the form: every problem the catalog's rules found, or the
//! other admin's saved values beside the refused ones.

use super::problem_links::locate;
use crate::components::form::PROBLEM_ID;
use crate::error::UiError;
use crate::model::problems::{pointer_label, EditConflict};
use crate::pages::admin::when;
use leptos::prelude::*;

#[component]
pub fn ProblemsSummary(error: Signal<Option<UiError>>) -> impl IntoView {
    move || {
        match error.get() {
        Some(UiError::Problems(problems)) => view! {
            <section class="panel panel--error" role="alert" aria-labelledby="problems-title" tabindex="-1" data-error-summary="" id=PROBLEM_ID>
                <h2 id="problems-title">{format!("{} to fix; nothing was saved", crate::model::problems::problem_count(problems.len()))}</h2>
                <ul>
                    {
                        // In the order of the form's fields, each a link to its field.
                        let mut located: Vec<_> = problems
                            .into_iter()
                            .enumerate()
                            .map(|(i, p)| (locate(&p.pointer), i, p.in_plain_words()))
                            .collect();
                        located.sort_by_key(|((place, ..), i, _)| (*place, *i));
                        located.into_iter().map(|((_, label, control), _, message)| match control {
                            Some(id) => view! { <li><a href=format!("#{id}")><strong>{label}</strong></a>": "{message}</li> }.into_any(),
                            None => view! { <li><strong>{label}</strong>": "{message}</li> }.into_any(),
                        }).collect_view()
                    }
                </ul>
            </section>
        }
        .into_any(),
        Some(UiError::EditConflict(_)) | None => ().into_any(),
        Some(other) => view! { <p class="form-error" role="alert" tabindex="-1" data-error-summary="" id=PROBLEM_ID>{other.to_string()}</p> }.into_any(),
    }
    }
}

/// Someone else saved first: their values beside the refused ones, field by field.
#[component]
pub fn ConflictPanel(error: Signal<Option<UiError>>) -> impl IntoView {
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::Null => "(empty)".to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    move || match error.get() {
        Some(UiError::EditConflict(c)) => {
            let EditConflict {
                saved_by,
                saved_at,
                differences,
                ..
            } = *c;
            view! {
                <section class="panel panel--warn" role="alert" aria-labelledby="conflict-title">
                    <h2 id="conflict-title">"Someone else saved this resource while you were editing"</h2>
                    <p>{format!("{} saved it at {}. Your changes are not saved yet.", saved_by.unwrap_or_else(|| "Another admin".into()), when(&saved_at))}</p>
                    <p>"To merge: keep the fields below you want from their version by copying them into the form, then save again. Saving now keeps your version of every field."</p>
                    <table class="diff">
                        <caption>"Where their saved version and yours differ"</caption>
                        <thead><tr><th scope="col">"Field"</th><th scope="col">"Saved by them"</th><th scope="col">"Yours (not saved)"</th></tr></thead>
                        <tbody>
                            {differences.into_iter().map(|d| view! {
                                <tr><th scope="row">{pointer_label(&format!("/{}", d.field))}</th><td>{show(&d.before)}</td><td>{show(&d.after)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}
