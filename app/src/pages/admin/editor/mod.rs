//! `/admin/resources/new` and `/admin/resources/{slug}/edit`: every field of the catalog format
//! in one form. Lists (credits, schedule, items, quiz questions) are rows with a position and a
//! remove box plus a blank row for adding, so the form works as a plain post; problems come back
//! from the same rules as import, each shown beside its field; a save on an older version is
//! refused with the other admin's values beside the refused ones.

mod body;
mod fields;
mod items;
mod problem_links;
mod refused;
mod sections;
mod trash;
mod unsaved;

use super::{when, AdminShell};
use crate::api::{admin_editor, AdminSaveResource};
use crate::components::form::action_error;
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::refused_form;
use crate::error::UiError;
use crate::model::admin::{Editable, EditorChoices};
use crate::model::resource_form::ResourceForm;
use items::ItemsSection;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};
use refused::{ConflictPanel, ProblemsSummary};
use sections::{CostSection, ListingSection, ScheduleSection, TermsSection, WhenSection};
use trash::TrashForm;

#[component]
pub fn EditorPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    // The query takes part so that the redirect after a save (`?saved=1`) loads the new version;
    // a later save redirects to that same address, so each successful save counts too.
    let saves = RwSignal::new(0u32);
    let data = Resource::new(
        move || (params.read().get("slug"), location.search.get(), saves.get()),
        |(slug, _, _)| admin_editor(slug),
    );
    let saved = move || location.search.get().contains("saved=1");
    view! {
        <AdminShell title="Edit resource">
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok((editable, choices)) => view! { <Editor editable choices saved=saved() saves/> }.into_any(),
                    }
                })}
            </Transition>
        </AdminShell>
    }
}

#[component]
fn Editor(editable: Option<Editable>, choices: EditorChoices, saved: bool, saves: RwSignal<u32>) -> impl IntoView {
    let action = ServerAction::<AdminSaveResource>::new();
    let error = action_error(action);
    // Only a save that worked reloads the stored version; a refused one keeps what was typed.
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            saves.update(|n| *n += 1);
        }
    });
    let is_new = editable.is_none();
    // A save refused without the wasm draws what was posted (as the record it described, so
    // its rows meet the problems' pointers), not the stored version.
    let posted = refused_form::posted::<AdminSaveResource>(<AdminSaveResource as server_fn::ServerFn>::PATH)
        .map(|input| ResourceForm::from_record(&input.form.to_record()));
    let form = posted
        .or_else(|| editable.as_ref().map(|e| ResourceForm::from_record(&e.record)))
        .unwrap_or_else(|| {
            ResourceForm {
                kind: "course".into(),
                status: "draft".into(),
                language: "en".into(),
                ..Default::default()
            }
            .with_blank_rows()
        });
    // The stored address, which the save names: a refused save may have changed the form's.
    let stored_slug = editable
        .as_ref()
        .map(|e| e.record["slug"].as_str().unwrap_or_default().to_string());
    let original = stored_slug.clone().unwrap_or_default();
    let version = editable.as_ref().map(|e| e.version).unwrap_or(0);
    // After a refused save, the next one is made against the version now stored.
    let version_now = move || match error.get() {
        Some(UiError::EditConflict(c)) => c.version,
        _ => version,
    };
    // The stored title: a refused save may have emptied or changed the one in the form.
    let title = match &editable {
        Some(e) => format!("Edit: {}", e.record["title"].as_str().unwrap_or_default()),
        None => "New resource".to_string(),
    };
    let trashed = editable.as_ref().and_then(|e| e.trashed_at.clone());
    let saved_note = if form.status == "draft" {
        "Saved as a draft. Only admins see it (preview it below); set its status to published to show it in browse, search and its public page."
    } else {
        "Saved. The change is live in browse, the resource page and search."
    };
    let slug = stored_slug.unwrap_or_else(|| form.slug.clone());
    let trash_slug = slug.clone();

    view! {
        <div class="page-head">
            <h1>{title}</h1>
            {editable.as_ref().map(|e| view! {
                <p class="muted">{format!("Version {} · last saved {}", e.version, when(&e.updated_at))}</p>
            })}
            {saved.then(|| view! { <p class="notice" role="status">{saved_note}</p> })}
            {trashed.clone().map(|t| view! {
                <p class="notice notice--warn" role="status">{format!("This resource is in the trash (since {}). Restore it from the trash to edit it.", when(&t))}</p>
            })}
            {(!is_new).then(|| view! {
                <p class="actions">
                    <a class="button button--secondary" href=format!("/admin/resources/{slug}/preview")>"Preview the public page"</a>
                </p>
            })}
        </div>
        <ProblemsSummary error/>
        <ConflictPanel error/>
        <ActionForm action attr:class="editor" attr:novalidate=true>
            <input type="hidden" name="original" value=original/>
            <input type="hidden" name="version" prop:value=move || version_now().to_string() value=version.to_string()/>
            <ListingSection form=form.clone() organizations=choices.organizations is_new error/>
            <TermsSection form=form.clone() vocabularies=choices.vocabularies error/>
            <WhenSection form=form.clone() error/>
            <CostSection form=form.clone() error/>
            <ScheduleSection form=form.clone() error/>
            <ItemsSection form=form.clone() error/>
            <p class="actions">
                <button type="submit" class="button">{if is_new { "Create resource" } else { "Save changes" }}</button>
            </p>
        </ActionForm>
        {(!is_new && trashed.is_none()).then(|| view! { <TrashForm slug=trash_slug.clone()/> })}
        <unsaved::UnsavedGuard/>
    }
}
