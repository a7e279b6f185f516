//! Save or unsave a resource: a real form (it posts and comes back without the wasm) that
//! answers in place once the wasm has loaded. A bookmark that carries a private note asks
//! before it goes, since the note goes with it.

use crate::api::SetBookmark;
use crate::components::confirm::Confirm;
use crate::components::form::Landing;
use crate::components::marks::use_marks;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn BookmarkToggle(
    slug: String,
    title: String,
    saved: bool,
    /// The bookmark carries a private note.
    #[prop(optional)]
    noted: bool,
    /// The action to answer through, when the page reloads its state after it (the learning
    /// panel shows the note field once a resource is saved); else the toggle's own.
    #[prop(optional)]
    action: Option<ServerAction<SetBookmark>>,
) -> impl IntoView {
    let marks = use_marks();
    let action = action.unwrap_or_default();
    let saved = RwSignal::new(saved);
    let noted = RwSignal::new(noted);
    Effect::new(move |_| {
        if let Some(Ok(now)) = action.value().get() {
            saved.set(now);
            if !now {
                noted.set(false);
            }
            marks.changed();
        }
    });
    let error = move || action.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    let title = StoredValue::new(title);
    let slug = StoredValue::new(slug);
    // The name starts with what the button shows, so "click Saved" works by voice too.
    let label = move || {
        if saved.get() {
            format!("Saved “{}”", title.get_value())
        } else {
            format!("Save “{}”", title.get_value())
        }
    };
    let place = format!("bookmark-{}", slug.get_value());
    let toggle = move || {
        view! {
            <ActionForm action attr:class="bookmark">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="saved" value=move || (!saved.get()).to_string()/>
                <Landing id=format!("bookmark-{}", slug.get_value())/>
                <button
                    type="submit"
                    class="button button--quiet bookmark__button"
                    aria-pressed=move || saved.get().to_string()
                    aria-label=label
                    title=move || saved.get().then_some("Press to remove it from your bookmarks")
                    disabled=move || action.pending().get()
                >
                    <span aria-hidden="true">{move || if saved.get() { "★ " } else { "☆ " }}</span>
                    {move || if saved.get() { "Saved" } else { "Save" }}
                </button>
            </ActionForm>
        }
    };
    let ask_first = move || {
        view! {
            <Confirm label="★ Saved" target=format!("“{}”: remove it from your bookmarks", title.get_value())
                consequence="Removing the bookmark deletes your private note on it too.">
                <ActionForm action attr:class="bookmark">
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="saved" value="false"/>
                    <Landing id=format!("bookmark-{}", slug.get_value())/>
                    <button type="submit" class="button button--small button--danger" disabled=move || action.pending().get()>
                        "Remove bookmark and note"
                    </button>
                </ActionForm>
            </Confirm>
        }
    };
    view! {
        <div class="bookmark-toggle" id=place data-focus-key=format!("bookmark:{}", slug.get_value())>
            {move || if saved.get() && noted.get() { ask_first().into_any() } else { toggle().into_any() }}
            {move || error().map(|e| view! { <p class="field__error" role="alert">{e}</p> })}
        </div>
    }
}
