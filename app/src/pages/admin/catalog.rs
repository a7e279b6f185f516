//! `/admin/catalog`: bulk upload and download. The admin pastes a catalog file (or, once the
//! wasm runs, picks one), checks it with a dry run that shows what would change field by field,
//! and applies that same text with one more click. The form posts; the server keeps the text and
//! its report for this page, and sends the browser back here to see them.

use super::{AdminShell, ChangeList};
use crate::api::{admin_kept_upload, AdminUpload};
use crate::components::loading::Loading;
use crate::components::raw_text::raw_text;
use crate::error::UiError;
use crate::model::admin::{Change, ImportReport, KeptUpload, Problem};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CatalogPage() -> impl IntoView {
    // Resources live outside the shell, which renders its children more than once on the server:
    // made inside, each would load again (and what was kept would be taken by the first).
    let query = use_query_map();
    let kept = Resource::new(
        move || query.read().get("upload"),
        |token| async move {
            match token {
                Some(token) => admin_kept_upload(token).await.map(|k| (true, k)),
                None => Ok((false, None)),
            }
        },
    );
    view! {
        <AdminShell title="Bulk upload">
            <div class="page-head">
                <h1>"Bulk upload"</h1>
                <p class="lede">
                    "Add and update many resources at once from a catalog file. Check it first: the dry run shows exactly what applying would change, and changes nothing."
                </p>
            </div>
            <Upload kept/>
            <section class="panel panel--wide" aria-labelledby="download-title">
                <h2 id="download-title">"The whole catalog"</h2>
                <p>"Every resource and pathway not in the trash, drafts included, in the catalog file format: keep it as a backup, or edit it and upload it here again."</p>
                <p>
                    <a class="button button--quiet" href="/api/v1/admin/catalog" rel="external" download="champion-hub-catalog.json">
                        "Download the whole catalog"
                    </a>
                </p>
            </section>
        </AdminShell>
    }
}

/// The form, with what a plain post kept for this page (after `?upload=<token>`), if anything.
#[component]
fn Upload(kept: Resource<Result<(bool, Option<KeptUpload>), UiError>>) -> impl IntoView {
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                // What a plain post kept is a convenience: failing to read it leaves the form empty.
                let (wanted, kept) = kept.await.unwrap_or((false, None));
                let gone = wanted && kept.is_none();
                view! { <UploadForm kept gone/> }
            })}
        </Transition>
    }
}

/// Whether `kept` is a clean dry run of exactly `text`: then Apply is offered.
fn reviewed(kept: &Option<KeptUpload>, text: &str) -> bool {
    kept.as_ref()
        .is_some_and(|k| !k.applied && k.result.is_ok() && k.file == text)
}

#[component]
fn UploadForm(kept: Option<KeptUpload>, gone: bool) -> impl IntoView {
    let action = ServerAction::<AdminUpload>::new();
    let text = kept.as_ref().map(|k| k.file.clone()).unwrap_or_default();
    let can_apply = reviewed(&kept, &text);

    view! {
        <section class="panel panel--wide" aria-labelledby="upload-title">
            <h2 id="upload-title">"Upload a catalog file"</h2>
            {gone.then(|| view! {
                <p class="notice" role="status">"That upload’s report was shown once and is gone. Paste the file again and check it to see the report again."</p>
            })}
            <ActionForm action attr:class="stack-form">
                <div class="field">
                    <label for="catalog-file">"Catalog file (JSON)"</label>
                    <p class="field__hint" id="catalog-file-hint">
                        "Paste the file’s text. Resources and pathways are matched by slug: new ones are created, changed ones updated, and an item its resource no longer lists is retired. Anything the file does not name stays as it is."
                    </p>
                    <textarea
                        id="catalog-file"
                        name="file"
                        class="code-input"
                        rows="16"
                        spellcheck="false"
                        autocomplete="off"
                        required
                        aria-describedby="catalog-file-hint"
                    >{raw_text(text)}</textarea>
                </div>
                <FileTools/>
                {kept.map(|kept| view! { <UploadOutcome kept/> })}
                <div class="form-actions">
                    <button type="submit" class="button">"Check (dry run)"</button>
                    {can_apply.then(|| view! {
                        <button type="submit" class="button button--danger" name="apply" value="1" id="catalog-apply">
                            "Apply"
                        </button>
                    })}
                </div>
                {can_apply.then(|| view! {
                    <p class="field__hint" id="catalog-apply-hint">"Apply makes exactly the changes the dry run listed, all or nothing, live at once. Change the text and it must be checked again."</p>
                })}
            </ActionForm>
        </section>
    }
}

/// What the page does once its code runs: "Or load the file from your computer" (it fills the
/// text area, so it appears only then), and Apply goes away as soon as the text differs from
/// the text the dry run checked.
#[island]
fn FileTools() -> impl IntoView {
    let live = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        live.set(true);
        let Some(area) = document().get_element_by_id("catalog-file") else {
            return;
        };
        let on_input = Closure::<dyn Fn(web_sys::Event)>::new(|_: web_sys::Event| apply_only_if_checked());
        let _ = area.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
        on_input.forget();
    });
    move || {
        live.get().then(|| {
            view! {
                <div class="field">
                    <label for="catalog-pick">"Or load the file from your computer"</label>
                    <input id="catalog-pick" type="file" accept=".json,application/json" on:change=load_file/>
                </div>
            }
        })
    }
}

/// Apply (and its hint) only while the text is the one the dry run checked (what the page drew).
#[cfg(feature = "hydrate")]
fn apply_only_if_checked() {
    use wasm_bindgen::JsCast;
    let document = document();
    let Some(area) = document
        .get_element_by_id("catalog-file")
        .and_then(|a| a.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let checked = area.default_value().is_ok_and(|drawn| drawn == area.value());
    for id in ["catalog-apply", "catalog-apply-hint"] {
        if let Some(el) = document
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            el.set_hidden(!checked);
        }
    }
}

/// Reads the chosen file into the text area.
fn load_file(ev: leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        let Ok(reader) = web_sys::FileReader::new() else {
            return;
        };
        let done = reader.clone();
        let on_load = wasm_bindgen::closure::Closure::once_into_js(move || {
            let contents = done.result().ok().and_then(|v| v.as_string());
            let area = document()
                .get_element_by_id("catalog-file")
                .and_then(|a| a.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
            if let (Some(contents), Some(area)) = (contents, area) {
                area.set_value(&contents);
                apply_only_if_checked();
            }
        });
        reader.set_onload(Some(on_load.unchecked_ref()));
        let _ = reader.read_as_text(&file);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

#[component]
fn UploadOutcome(kept: KeptUpload) -> impl IntoView {
    match kept.result {
        Ok(report) => view! { <Report report applied=kept.applied/> }.into_any(),
        Err(UiError::Problems(problems)) => view! { <Problems problems/> }.into_any(),
        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
    }
}

#[component]
fn Problems(problems: Vec<Problem>) -> impl IntoView {
    let count = match problems.len() {
        1 => "The file has 1 problem".to_string(),
        n => format!("The file has {n} problems"),
    };
    view! {
        <section class="import-report import-report--problems" aria-labelledby="problems-title">
            <h3 id="problems-title">"Problems to fix"</h3>
            <p class="form-error" role="alert">{count}"; nothing was changed. Each is named by where it is in the file (a JSON pointer: "<code>"/resources/0/kind"</code>" is the first resource’s kind)."</p>
            <ul class="problems">
                {problems
                    .into_iter()
                    .map(|p| {
                        let pointer = if p.pointer.is_empty() { "/".to_string() } else { p.pointer };
                        view! { <li><code>{pointer}</code>": "{p.message}</li> }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// A list of slugs under a heading, when there are any.
fn slug_list(title: &'static str, slugs: Vec<String>, editor_links: bool) -> impl IntoView {
    (!slugs.is_empty()).then(|| {
        view! {
            <h4>{format!("{title} ({})", slugs.len())}</h4>
            <ul class="slug-list">
                {slugs
                    .into_iter()
                    .map(|slug| {
                        if editor_links && !slug.contains('/') {
                            let href = format!("/admin/resources/{slug}/edit");
                            view! { <li><a href=href><code>{slug}</code></a></li> }.into_any()
                        } else {
                            view! { <li><code>{slug}</code></li> }.into_any()
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// Slugs with their field changes under a heading, when there are any.
fn change_list(title: &'static str, changed: Vec<(String, Vec<Change>)>) -> impl IntoView {
    (!changed.is_empty()).then(|| {
        view! {
            <h4>{format!("{title} ({})", changed.len())}</h4>
            <ul class="slug-list">
                {changed
                    .into_iter()
                    .map(|(slug, changes)| view! { <li><code>{slug}</code><ChangeList changes/></li> })
                    .collect_view()}
            </ul>
        }
    })
}

#[component]
fn Report(report: ImportReport, applied: bool) -> impl IntoView {
    let summary = if applied {
        format!("Applied: {report}.")
    } else {
        format!("Dry run, nothing is changed yet: {report}.")
    };
    let changes_of = |slugs: &[String]| -> Vec<(String, Vec<Change>)> {
        slugs
            .iter()
            .map(|slug| {
                let changes = report
                    .changes
                    .iter()
                    .find(|c| c.slug == *slug)
                    .map(|c| c.changes.clone());
                (slug.clone(), changes.unwrap_or_default())
            })
            .collect()
    };
    let updated = changes_of(&report.updated);
    let restored = changes_of(&report.restored);
    let pathways: Vec<(String, Vec<Change>)> = report
        .changes
        .iter()
        .filter_map(|c| {
            c.slug
                .strip_prefix("pathway:")
                .map(|p| (p.to_string(), c.changes.clone()))
        })
        .collect();
    let ImportReport {
        created,
        unchanged,
        pathways_written,
        items_retired,
        ..
    } = report;
    let unchanged = match unchanged {
        1 => "1 resource is unchanged.".to_string(),
        n => format!("{n} resources are unchanged."),
    };
    let pathways_written = match (pathways_written, applied) {
        (1, true) => "1 pathway was written.".to_string(),
        (n, true) => format!("{n} pathways were written."),
        (1, false) => "1 pathway would be written.".to_string(),
        (n, false) => format!("{n} pathways would be written."),
    };
    view! {
        <section class="import-report" aria-labelledby="report-title">
            <h3 id="report-title">{if applied { "What the upload changed" } else { "What applying this file would change" }}</h3>
            <p class="notice" role="status">{summary}</p>
            {slug_list("Created", created, applied)}
            {change_list("Updated", updated)}
            {change_list("Restored from the trash", restored)}
            {slug_list("Items retired", items_retired, false)}
            {change_list("Pathways changed", pathways)}
            <p>{unchanged}" "{pathways_written}</p>
        </section>
    }
}
