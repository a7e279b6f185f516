//! `/admin/resources/{slug}/preview`: the public page exactly as clinicians would see it, drafts
//! included, with publishing one click away.

use super::{when, AdminShell};
use crate::api::{admin_preview, AdminSetStatus};
use crate::components::form::action_error;
use crate::components::form::PROBLEM_ID;
use crate::components::learning_panel::LearningActions;
use crate::components::loading::{ErrorPanel, Loading};
use crate::pages::not_found::NotFound;
use crate::pages::resource::Detail;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn PreviewPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let data = Resource::new(
        move || (params.read().get("slug").unwrap_or_default(), location.search.get()),
        |(slug, _)| admin_preview(slug),
    );
    let action = ServerAction::<AdminSetStatus>::new();
    let error = action_error(action);
    // Publishing redirects to this same address, which the router does not load again.
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            data.refetch();
        }
    });
    view! {
        <AdminShell title="Preview">
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok((Some(detail), Some(editable))) => {
                            let slug = detail.card.slug.clone();
                            let public_href = format!("/resources/{slug}");
                            let status = editable.record["status"].as_str().unwrap_or("draft").to_string();
                            let published = status == "published" && editable.trashed_at.is_none();
                            let (next, button) = if status == "published" { ("draft", "Unpublish (back to draft)") } else { ("published", "Publish now") };
                            view! {
                                <section class="preview-bar" aria-labelledby="preview-title">
                                    <h2 id="preview-title" class="preview-bar__title">
                                        {if published { "Preview: this page is live" } else if editable.trashed_at.is_some() { "Preview: in the trash, not public" } else { "Preview: a draft, not public yet" }}
                                    </h2>
                                    <p class="muted">{format!("Version {} · last saved {}", editable.version, when(&editable.updated_at))}</p>
                                    <div class="actions">
                                        <a class="button button--secondary" href=format!("/admin/resources/{slug}/edit")>"Edit"</a>
                                        {editable.trashed_at.is_none().then(|| view! {
                                            <ActionForm action attr:class="inline-form">
                                                <input type="hidden" name="slug" value=slug.clone()/>
                                                <input type="hidden" name="version" value=editable.version.to_string()/>
                                                <input type="hidden" name="status" value=next/>
                                                <button type="submit" class="button">{button}</button>
                                            </ActionForm>
                                        })}
                                        {published.then(|| view! { <a href=public_href.clone()>"Open the public page"</a> })}
                                    </div>
                                    {move || error.get().map(|e| view! { <p class="form-error" role="alert" id=PROBLEM_ID>{e.to_string()}</p> })}
                                </section>
                                <div class="preview-frame">
                                    <Detail detail learning=None actions=LearningActions::new()/>
                                </div>
                            }.into_any()
                        }
                        Ok(_) => view! { <NotFound/> }.into_any(),
                    }
                })}
            </Transition>
        </AdminShell>
    }
}
