//! An editor with unsaved changes asks before the page is left: closing the tab or reloading
//! (the browser's own question), and following a link inside the hub (ours, since the router
//! changes the page without unloading it). Once the wasm runs; without it the browser keeps
//! what was typed on Back.

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    thread_local! {
        static UNSAVED: Cell<bool> = const { Cell::new(false) };
        static INSTALLED: Cell<bool> = const { Cell::new(false) };
    }

    pub fn set(unsaved: bool) {
        UNSAVED.with(|u| u.set(unsaved));
        if unsaved && !INSTALLED.with(|i| i.replace(true)) {
            install();
        }
    }

    fn unsaved() -> bool {
        UNSAVED.with(Cell::get)
    }

    fn install() {
        let Some(window) = web_sys::window() else {
            return;
        };
        let unload = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
            if unsaved() {
                ev.prevent_default();
                if let Some(ev) = ev.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                    ev.set_return_value("unsaved");
                }
            }
        });
        let _ = window.add_event_listener_with_callback("beforeunload", unload.as_ref().unchecked_ref());
        unload.forget();
        // Capture phase: before the router's own click handler takes the link.
        let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|ev: web_sys::MouseEvent| {
            if !unsaved() || ev.default_prevented() {
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
            if link.get_attribute("href").is_some_and(|h| h.starts_with('#')) {
                return;
            }
            let leave = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message("Leave this page? Your changes to this resource are not saved.")
                        .ok()
                })
                .unwrap_or(true);
            if leave {
                set(false);
            } else {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        });
        let _ = window.add_event_listener_with_callback_and_bool("click", click.as_ref().unchecked_ref(), true);
        click.forget();
    }
}

/// Marks the editor's changes as unsaved (a field changed) or saved (a save went through, or
/// the editor closed).
pub fn set(unsaved: bool) {
    #[cfg(feature = "hydrate")]
    browser::set(unsaved);
    #[cfg(not(feature = "hydrate"))]
    let _ = unsaved;
}
