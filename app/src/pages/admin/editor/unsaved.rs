//! An editor with unsaved changes asks before the page is left: following a link inside the hub
//! (ours, which names what is lost), and closing the tab or reloading (the browser's own
//! question). Once the wasm runs; without it the browser keeps what was typed on Back.
//!
//! "Unsaved" means a field of the editor's form now says something other than what the page
//! drew (its default): typing a field back to what it was, or a script setting a field to the
//! value it holds, is no change. A save that works draws the form again from what was stored; a
//! refused one draws what was typed, all of it unsaved.
//! Read when the page is left, from the page itself: with no editor form on it, nothing is
//! unsaved.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    thread_local! {
        static INSTALLED: Cell<bool> = const { Cell::new(false) };
        /// The person said "leave" to our question: the browser's would ask the same again.
        static LEAVING: Cell<bool> = const { Cell::new(false) };
    }

    pub fn watch() {
        if !INSTALLED.with(|i| i.replace(true)) {
            install();
        }
    }

    /// Whether any field of the editor's form differs from what the page drew, or the page
    /// drew a refused save (what it shows was typed, not stored).
    fn unsaved() -> bool {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return false;
        };
        if document.query_selector("form.editor").ok().flatten().is_some()
            && document.query_selector("[data-error-summary]").ok().flatten().is_some()
        {
            return true;
        }
        let Ok(controls) = document
            .query_selector_all("form.editor input[name], form.editor textarea[name], form.editor select[name]")
        else {
            return false;
        };
        (0..controls.length()).filter_map(|i| controls.item(i)).any(|node| {
            if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
                match input.type_().as_str() {
                    // Hidden fields are the form's own bookkeeping (the version a save moves on).
                    "hidden" | "file" | "submit" | "button" => false,
                    "checkbox" | "radio" => input.checked() != input.default_checked(),
                    _ => input.value() != input.default_value(),
                }
            } else if let Some(area) = node.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                area.default_value().is_ok_and(|drawn| area.value() != drawn)
            } else if let Some(select) = node.dyn_ref::<web_sys::HtmlSelectElement>() {
                // Drawn, a select shows its last option marked `selected`, else its first.
                let Ok(options) = select.query_selector_all("option") else {
                    return false;
                };
                let drawn = (0..options.length())
                    .rev()
                    .find(|i| {
                        options
                            .item(*i)
                            .and_then(|o| o.dyn_into::<web_sys::Element>().ok())
                            .is_some_and(|o| o.has_attribute("selected"))
                    })
                    .map_or(0, |i| i as i32);
                select.selected_index() != drawn
            } else {
                false
            }
        })
    }

    fn install() {
        let Some(window) = web_sys::window() else {
            return;
        };
        let unload = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
            if !LEAVING.with(Cell::get) && unsaved() {
                ev.prevent_default();
                if let Some(ev) = ev.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                    ev.set_return_value("unsaved");
                }
            }
        });
        let _ = window.add_event_listener_with_callback("beforeunload", unload.as_ref().unchecked_ref());
        // Saving is not leaving: the editor's own form posts without asking.
        let saving = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
            let editor = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|form| form.matches("form.editor").unwrap_or(false));
            if editor && !ev.default_prevented() {
                LEAVING.with(|l| l.set(true));
            }
        });
        let _ = window.add_event_listener_with_callback("submit", saving.as_ref().unchecked_ref());
        saving.forget();
        unload.forget();
        // Capture phase: before the router's own click handler takes the link.
        let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|ev: web_sys::MouseEvent| {
            if ev.default_prevented() {
                return;
            }
            let link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten());
            let Some(link) = link else {
                return;
            };
            // A link to a place on this same page leaves nothing.
            if link.get_attribute("href").is_some_and(|h| h.starts_with('#')) || !unsaved() {
                return;
            }
            let leave = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message("Leave this page? Your changes to this resource are not saved.")
                        .ok()
                })
                .unwrap_or(true);
            if leave {
                LEAVING.with(|l| l.set(true));
            } else {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        });
        let _ = window.add_event_listener_with_callback_and_bool("click", click.as_ref().unchecked_ref(), true);
        click.forget();
    }
}

/// Placed beside an editor: leaving the page asks first while the editor's fields hold unsaved
/// changes. Draws nothing.
#[island]
pub fn UnsavedGuard() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| browser::watch());
}
