//! Keyboard focus survives an in-page action. A button that saves a bookmark or marks an item
//! completed is redrawn once the server answers ("Save" becomes "Saved"), and the focused
//! element leaves the page with it: focus falls to the page's start, and a keyboard or screen
//! reader user loses their place. So a control whose form sits inside an element marked
//! `data-focus-key` hands focus, after the redraw, to the first control inside the element now
//! carrying the same key. Nothing happens once the person has pressed or typed anything since.

/// The attribute that names a place focus returns to; its value is unique on the page.
pub const ATTRIBUTE: &str = "data-focus-key";

/// Listens, once, for every form submitted on the page (hydrate only).
pub fn install() {
    #[cfg(feature = "hydrate")]
    imp::install();
}

#[cfg(feature = "hydrate")]
mod imp {
    use super::ATTRIBUTE;
    use std::cell::RefCell;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlElement};

    /// How long after a submit a redraw is waited for: a slow network's answer.
    const WAIT_MS: f64 = 20_000.0;
    /// How long focus is still kept in place once given back.
    const SETTLE_MS: f64 = 1_500.0;
    const FOCUSABLE: &str =
        "button:not([disabled]), summary, a[href], input:not([type=hidden]):not([disabled]), select, textarea";

    thread_local! {
        /// The key of the place a submit left, and until when to wait for its redraw.
        static PENDING: RefCell<Option<(String, f64)>> = const { RefCell::new(None) };
    }

    pub fn install() {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
            let key = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|form| form.closest(&format!("[{ATTRIBUTE}]")).ok().flatten())
                .and_then(|place| place.get_attribute(ATTRIBUTE));
            if let Some(key) = key {
                let start = PENDING.with(|p| p.borrow().is_none());
                PENDING.with(|p| *p.borrow_mut() = Some((key, js_sys::Date::now() + WAIT_MS)));
                if start {
                    next_frame();
                }
            }
        });
        let _ = document.add_event_listener_with_callback_and_bool("submit", on_submit.as_ref().unchecked_ref(), true);
        on_submit.forget();
        // A press or a key after the submit is the person moving on: their focus is theirs.
        let moved_on = Closure::<dyn Fn(web_sys::Event)>::new(|_: web_sys::Event| {
            PENDING.with(|p| *p.borrow_mut() = None);
        });
        for event in ["pointerdown", "keydown"] {
            let _ = document.add_event_listener_with_callback_and_bool(event, moved_on.as_ref().unchecked_ref(), true);
        }
        moved_on.forget();
    }

    fn next_frame() {
        let check = Closure::once_into_js(check);
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(check.unchecked_ref());
        }
    }

    /// Once per frame while a submit waits: when focus has fallen out of the page (its control
    /// was redrawn or disabled), gives it to the keyed place's first control.
    fn check() {
        let Some((key, until)) = PENDING.with(|p| p.borrow().clone()) else {
            return;
        };
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let active = document.active_element();
        let body: Option<Element> = document.body().map(Into::into);
        let lost = match &active {
            None => true,
            Some(a) => Some(a) == body.as_ref() || !a.is_connected(),
        };
        if lost {
            if let Some(target) = place(&document, &key) {
                let _ = target.focus();
                if document.active_element().as_ref() == Some(target.as_ref()) {
                    // An answer can redraw the place more than once (the control, then the
                    // panel around it): keep watching a moment longer, not the whole wait.
                    let settle = js_sys::Date::now() + SETTLE_MS;
                    PENDING.with(|p| *p.borrow_mut() = Some((key, until.min(settle))));
                    next_frame();
                    return;
                }
            }
        }
        if js_sys::Date::now() > until {
            PENDING.with(|p| *p.borrow_mut() = None);
            return;
        }
        next_frame();
    }

    /// The first control inside the element keyed `key`, or the element itself.
    fn place(document: &web_sys::Document, key: &str) -> Option<HtmlElement> {
        let places = document.query_selector_all(&format!("[{ATTRIBUTE}]")).ok()?;
        let place = (0..places.length())
            .filter_map(|i| places.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .find(|e| e.get_attribute(ATTRIBUTE).as_deref() == Some(key))?;
        place
            .query_selector(FOCUSABLE)
            .ok()
            .flatten()
            .unwrap_or(place)
            .dyn_into::<HtmlElement>()
            .ok()
    }
}
