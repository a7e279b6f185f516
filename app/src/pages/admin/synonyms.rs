//! `/admin/synonyms`: the synonym list search uses, edited as text. Saving applies it to search
//! at once and comes back with `?saved=1`; a refused list comes back with its problems line by
//! line, and (after a plain post, which the server kept it from) with the refused text to fix.

use super::{when, AdminShell};
use crate::api::{admin_synonyms, admin_synonyms_draft, AdminSaveSynonyms};
use crate::components::form::action_error;
use crate::components::form::PROBLEM_ID;
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::raw_text::raw_text;
use crate::error::UiError;
use crate::model::admin::{Problem, SynonymList};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SynonymsPage() -> impl IntoView {
    // Outside the shell, which renders its children more than once on the server: made inside,
    // each would load again, and the refused text would be taken by the first.
    let query = use_query_map();
    let list = Resource::new(|| (), |_| admin_synonyms());
    // After a plain post was refused, the server kept the refused text for this page.
    let refused_here = crate::components::refused_form::refused()
        .is_some_and(|r| r.action == <AdminSaveSynonyms as server_fn::ServerFn>::PATH);
    let draft = Resource::new(
        move || refused_here || query.read().get("__err").is_some(),
        |refused| async move {
            if refused {
                admin_synonyms_draft().await.ok().flatten()
            } else {
                None
            }
        },
    );
    view! {
        <AdminShell title="Synonyms">
            <div class="page-head">
                <h1>"Synonyms"</h1>
                <p class="lede">"Words and phrases search treats as the same, so clinicians find a resource whatever they call its subject."</p>
            </div>
            <section class="panel panel--wide" aria-labelledby="format-title">
                <h2 id="format-title">"How the list is written"</h2>
                <p>"One group per line:"</p>
                <ul class="format-list">
                    <li><code>"a, b, c"</code>" — two-way: searching for any of them also finds the others."</li>
                    <li><code>"a, b => c"</code>" — one-way: searching for a or b also finds c, but searching for c finds only c."</li>
                    <li><code>"# note"</code>" — a comment, from # to the end of the line. Blank lines are ignored."</li>
                </ul>
                <p>"Capitals don’t matter. A saved list applies to search straight away."</p>
            </section>
            <SynonymsForm list draft/>
        </AdminShell>
    }
}

/// "Line 3: …" for a problem at `/lines/3`; the whole list's problems as they are.
fn problem_line(p: &Problem) -> String {
    match p.pointer.strip_prefix("/lines/") {
        Some(n) => format!("Line {n}: {}", p.message),
        None => format!("The list: {}", p.message),
    }
}

#[component]
fn SynonymsForm(list: Resource<Result<SynonymList, UiError>>, draft: Resource<Option<String>>) -> impl IntoView {
    let query = use_query_map();
    let action = ServerAction::<AdminSaveSynonyms>::new();
    let error = action_error(action);
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            list.refetch();
        }
    });
    let saved = move || {
        action.value().with(|v| matches!(v, Some(Ok(_))))
            || (query.read().get("saved").as_deref() == Some("1") && error.get().is_none())
    };
    let invalid = move || error.get().is_some();

    view! {
        <section class="panel panel--wide" aria-labelledby="list-title">
            <h2 id="list-title">"The list"</h2>
            {move || saved().then(|| view! {
                <p class="notice" role="status">"The synonym list is saved, and search uses it now."</p>
            })}
            {move || error.get().map(|e| match e {
                UiError::Problems(problems) => view! {
                    <div class="form-error" role="alert" id=PROBLEM_ID>
                        <p>"The list is not saved: fix these lines, then save again."</p>
                        <ul class="problems">
                            {problems.iter().map(|p| view! { <li>{problem_line(p)}</li> }).collect_view()}
                        </ul>
                    </div>
                }.into_any(),
                e => view! { <p class="form-error" role="alert" id=PROBLEM_ID>{e.to_string()}</p> }.into_any(),
            })}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorPanel error=e nested=true/> }.into_any(),
                        Ok(list) => {
                            // The refused text, until a save (answered in place) replaces it.
                            let draft = draft.await.filter(|_| !action.value().with_untracked(|v| matches!(v, Some(Ok(_)))));
                            let body = draft.unwrap_or_else(|| list.body.clone());
                            let origin = match (list.built_in, &list.updated_at) {
                                (true, _) => "This is the built-in list: no admin has saved one yet.".to_string(),
                                (false, Some(at)) => format!("Saved by an admin on {}.", when(at)),
                                (false, None) => "Saved by an admin.".to_string(),
                            };
                            let groups = match list.groups {
                                1 => "It defines 1 group.".to_string(),
                                n => format!("It defines {n} groups."),
                            };
                            view! {
                                <p class="muted">{origin}" "{groups}</p>
                                <ActionForm action attr:class="stack-form">
                                    <div class="field">
                                        <label for="synonyms-body">"Synonym list"</label>
                                        <p class="field__hint" id="synonyms-body-hint">"One group per line, as above."</p>
                                        <textarea
                                            id="synonyms-body"
                                            name="body"
                                            class="code-input"
                                            rows="24"
                                            spellcheck="false"
                                            autocomplete="off"
                                            aria-describedby="synonyms-body-hint"
                                            aria-invalid=move || invalid().then_some("true")
                                        >{raw_text(body)}</textarea>
                                    </div>
                                    <div class="form-actions">
                                        <button type="submit" class="button" disabled=move || action.pending().get()>"Save the list"</button>
                                    </div>
                                </ActionForm>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
