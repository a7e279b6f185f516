//! Keyboard focus survives an in-page action. A button that saves a bookmark or marks an item
//! completed is redrawn once the server answers ("Save" becomes "Saved"), and the focused
//! element leaves the page with it: focus falls to the page's start, and a keyboard or screen
//! reader user loses their place. So a control whose form sits inside an element marked
//! `data-focus-key` hands focus, after the redraw, to the first control inside the element now
//! carrying the same key. Nothing happens once the person has pressed or typed anything since.
//!
//! A navigation inside the app (a link, or a form whose answer opens another page: sign-up,
//! a new team, a submitted quiz) draws a new page, and focus falls to the body the same way.
//! There it goes to the new page's landing: the element marked `data-focus-landing` (what the
//! action produced: a quiz's result), else the element the address's fragment names, else the
//! page's `<h1>`. A screen reader then reads where the person now is.

/// The attribute that names a place focus returns to; its value is unique on the page.
pub const ATTRIBUTE: &str = "data-focus-key";

/// The attribute that marks where focus lands on a page a navigation opens.
pub const LANDING_ATTRIBUTE: &str = "data-focus-landing";

/// Listens, once, for every form submitted on the page (hydrate only).
pub fn install() {
    #[cfg(feature = "hydrate")]
    imp::install();
}

/// Inside the router: after each navigation to another path, once the new page is drawn, gives
/// focus to its landing if focus has fallen to the body.
#[leptos::component]
pub fn FocusOnNavigation() -> impl leptos::IntoView {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::*;
        let location = leptos_router::hooks::use_location();
        Effect::new(move |previous: Option<String>| {
            let path = location.pathname.get();
            if previous.is_some_and(|p| p != path) {
                imp::await_landing();
            }
            path
        });
    }
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
    /// Marks the landings of the page a navigation is leaving.
    const STALE: &str = "data-focus-stale";
    /// How long a new page is waited for (its data and code may still be on their way).
    const LANDING_WAIT_MS: f64 = 10_000.0;
    const FOCUSABLE: &str =
        "button:not([disabled]), summary, a[href], input:not([type=hidden]):not([disabled]), select, textarea";

    /// What a lost focus goes to: a keyed place, or a new page's landing.
    #[derive(Clone)]
    enum Place {
        Keyed(String),
        Landing,
    }

    thread_local! {
        /// Where a submit or navigation left focus to go, and until when to wait for the redraw.
        static PENDING: RefCell<Option<(Place, f64)>> = const { RefCell::new(None) };
    }

    /// After a navigation: watch for focus falling to the body, unless a keyed place is
    /// already waiting (an in-page action that also changed the address keeps its place).
    pub fn await_landing() {
        let idle = PENDING.with(|p| p.borrow().is_none());
        if idle {
            // The address changes before the new page is drawn: what the old page offered to
            // land on is marked, so only the new page's landing is taken.
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                if let Ok(old) = document.query_selector_all(&format!("#main h1, #main [{}]", super::LANDING_ATTRIBUTE))
                {
                    for node in (0..old.length()).filter_map(|i| old.item(i)) {
                        if let Ok(el) = node.dyn_into::<Element>() {
                            let _ = el.set_attribute(STALE, "");
                        }
                    }
                }
            }
            PENDING.with(|p| *p.borrow_mut() = Some((Place::Landing, js_sys::Date::now() + LANDING_WAIT_MS)));
            next_frame();
        }
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
                PENDING.with(|p| *p.borrow_mut() = Some((Place::Keyed(key), js_sys::Date::now() + WAIT_MS)));
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
        let Some((wanted, until)) = PENDING.with(|p| p.borrow().clone()) else {
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
        // The place's named next step can appear a frame after the rest (a Copy button drawn
        // once its code runs): focus we gave to a control beside it moves on to it.
        let upstaged = match (&wanted, &active) {
            (Place::Keyed(key), Some(a)) if !lost => {
                a.closest(&format!("[{ATTRIBUTE}]"))
                    .ok()
                    .flatten()
                    .and_then(|p| p.get_attribute(ATTRIBUTE))
                    .as_ref()
                    == Some(key)
                    && a.get_attribute("data-focus-first").is_none()
                    && place(&document, key).is_some_and(|t| t.has_attribute("data-focus-first"))
            }
            _ => false,
        };
        if lost || upstaged {
            let target = match &wanted {
                Place::Keyed(key) => place(&document, key),
                Place::Landing => landing(&document),
            };
            if let Some(target) = target {
                let _ = target.focus();
                if document.active_element().as_ref() == Some(target.as_ref()) {
                    // An answer can redraw the place more than once (the control, then the
                    // panel around it): keep watching a moment longer, not the whole wait.
                    let settle = js_sys::Date::now() + SETTLE_MS;
                    PENDING.with(|p| *p.borrow_mut() = Some((wanted, until.min(settle))));
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

    /// A new page's landing (see the module's comment), made focusable by script only.
    fn landing(document: &web_sys::Document) -> Option<HtmlElement> {
        let main = document.get_element_by_id("main")?;
        let by_fragment = || {
            let hash = web_sys::window()?.location().hash().ok()?;
            let id = hash.strip_prefix('#').filter(|id| !id.is_empty())?;
            document.get_element_by_id(id)
        };
        let fresh = |selector: &str| {
            main.query_selector(&format!("{selector}:not([{STALE}])"))
                .ok()
                .flatten()
        };
        let target = fresh(&format!("[{}]", super::LANDING_ATTRIBUTE))
            .or_else(by_fragment)
            .or_else(|| fresh("h1"))?;
        if !target.has_attribute("tabindex") && !target.matches(FOCUSABLE).unwrap_or(false) {
            let _ = target.set_attribute("tabindex", "-1");
        }
        target.dyn_into::<HtmlElement>().ok()
    }

    /// The first control inside the element keyed `key`, or the element itself.
    fn place(document: &web_sys::Document, key: &str) -> Option<HtmlElement> {
        let places = document.query_selector_all(&format!("[{ATTRIBUTE}]")).ok()?;
        let place = (0..places.length())
            .filter_map(|i| places.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .find(|e| e.get_attribute(ATTRIBUTE).as_deref() == Some(key))?;
        // A place may name its next step (`data-focus-first`: a just-made link's Copy). A place
        // caught mid-redraw, with no control yet, is returned as it is: focusing it fails, so
        // the wait goes on until its control is drawn.
        place
            .query_selector("[data-focus-first]")
            .ok()
            .flatten()
            .or_else(|| place.query_selector(FOCUSABLE).ok().flatten())
            .unwrap_or(place)
            .dyn_into::<HtmlElement>()
            .ok()
    }
}
