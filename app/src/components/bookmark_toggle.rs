//! Save or unsave a resource: a real form (it posts and comes back without the wasm) that
//! answers in place once the wasm has loaded.

use crate::api::SetBookmark;
use crate::components::marks::use_marks;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn BookmarkToggle(slug: String, title: String, saved: bool) -> impl IntoView {
    let marks = use_marks();
    let action = ServerAction::<SetBookmark>::new();
    let saved = RwSignal::new(saved);
    Effect::new(move |_| {
        if let Some(Ok(now)) = action.value().get() {
            saved.set(now);
            marks.changed();
        }
    });
    let error = move || action.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    let label = move || {
        if saved.get() {
            format!("Remove “{title}” from your bookmarks")
        } else {
            format!("Bookmark “{title}”")
        }
    };
    view! {
        <ActionForm action attr:class="bookmark">
            <input type="hidden" name="slug" value=slug/>
            <input type="hidden" name="saved" value=move || (!saved.get()).to_string()/>
            <button
                type="submit"
                class="button button--quiet bookmark__button"
                aria-pressed=move || saved.get().to_string()
                aria-label=label
                disabled=move || action.pending().get()
            >
                <span aria-hidden="true">{move || if saved.get() { "★ " } else { "☆ " }}</span>
                {move || if saved.get() { "Saved" } else { "Save" }}
            </button>
            {move || error().map(|e| view! { <p class="field__error" role="alert">{e}</p> })}
        </ActionForm>
    }
}
