//! Keyboard focus survives a form's round trip. Every action is a form that posts and comes
//! back as a new page ("Save" becomes "Saved"), and a new page starts with focus at its top: a
//! keyboard or screen reader user would lose their place. So a form inside an element marked
//! `data-focus-key` hands focus, on the page its answer opens, to the first control inside the
//! element carrying the same key. A form whose answer is another page (sign-up, a new team, a
//! submitted quiz) hands it to that page's landing: the element marked `data-focus-landing`
//! (what the action produced: a quiz's result), else the element the address's fragment names,
//! else the page's `<h1>`. A refused form hands it to what explains the refusal. A screen reader
//! then reads where the person now is.
//!
//! The hand-over is kept in the tab's session storage only while the page unloads, so a form
//! answered in place (the filters) leaves nothing behind, and is taken once, within seconds.

/// The attribute that names a place focus returns to; its value is unique on the page.
pub const ATTRIBUTE: &str = "data-focus-key";

/// The attribute that marks where focus lands on a page a form's answer opens.
pub const LANDING_ATTRIBUTE: &str = "data-focus-landing";

/// Listens for forms submitted on this page, and takes a hand-over the last page left
/// (hydrate only).
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

    /// The session storage key of a hand-over.
    const STORAGE_KEY: &str = "hub-focus";
    /// How old a hand-over may be when the next page takes it: a slow network's answer.
    const FRESH_MS: f64 = 30_000.0;
    const FOCUSABLE: &str =
        "button:not([disabled]), summary, a[href], input:not([type=hidden]):not([disabled]), select, textarea";
    /// How long a posted form waits for its answer before it may post again.
    const REPOST_AFTER_MS: f64 = 10_000.0;
    /// A keyed hand-over is written `key:<key>`; a landing, `landing`.
    const LANDING: &str = "landing";

    thread_local! {
        /// What the last submit on this page asked for, written out if the page unloads.
        static PENDING: RefCell<Option<String>> = const { RefCell::new(None) };
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    pub fn install() {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(document) = window.document() else {
            return;
        };
        // After the islands have drawn themselves (a Copy button appears once its code runs).
        let take = Closure::once_into_js(|| {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                take_hand_over(&document);
            }
        });
        let _ = window.request_animation_frame(take.unchecked_ref());
        let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
            // A second press while a post is on its way would post twice (two collections made
            // by a double tap): the form posts once, and the page its answer opens takes over.
            // Ten seconds without an answer (a dropped connection), it may post again.
            if let Some(form) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            {
                if form.method().eq_ignore_ascii_case("post") {
                    let now = js_sys::Date::now();
                    let posting = form
                        .get_attribute("data-posting")
                        .and_then(|at| at.parse::<f64>().ok())
                        .is_some_and(|at| now - at < REPOST_AFTER_MS);
                    if posting {
                        event.prevent_default();
                        event.stop_immediate_propagation();
                        return;
                    }
                    let _ = form.set_attribute("data-posting", &now.to_string());
                }
            }
            let key = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|form| form.closest(&format!("[{ATTRIBUTE}]")).ok().flatten())
                .and_then(|place| place.get_attribute(ATTRIBUTE));
            let wanted = key.map(|k| format!("key:{k}")).unwrap_or_else(|| LANDING.to_string());
            PENDING.with(|p| *p.borrow_mut() = Some(wanted));
        });
        let _ = document.add_event_listener_with_callback_and_bool("submit", on_submit.as_ref().unchecked_ref(), true);
        on_submit.forget();
        // The page is leaving because of the submit: the next page takes the hand-over.
        let on_leave = Closure::<dyn Fn(web_sys::Event)>::new(|_: web_sys::Event| {
            if let (Some(wanted), Some(storage)) = (PENDING.with(|p| p.borrow_mut().take()), storage()) {
                let _ = storage.set_item(STORAGE_KEY, &format!("{}|{wanted}", js_sys::Date::now()));
            }
        });
        let _ = window.add_event_listener_with_callback("pagehide", on_leave.as_ref().unchecked_ref());
        on_leave.forget();
        // Back to this page from the browser's cache: its forms may post again.
        let on_show = Closure::<dyn Fn(web_sys::Event)>::new(|_: web_sys::Event| {
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            if let Ok(posting) = document.query_selector_all("form[data-posting]") {
                for node in (0..posting.length()).filter_map(|i| posting.item(i)) {
                    if let Ok(form) = node.dyn_into::<Element>() {
                        let _ = form.remove_attribute("data-posting");
                    }
                }
            }
        });
        let _ = window.add_event_listener_with_callback("pageshow", on_show.as_ref().unchecked_ref());
        on_show.forget();
    }

    /// Gives focus where the page before this one asked, once.
    fn take_hand_over(document: &web_sys::Document) {
        let Some(storage) = storage() else { return };
        let Some(saved) = storage.get_item(STORAGE_KEY).ok().flatten() else {
            return;
        };
        let _ = storage.remove_item(STORAGE_KEY);
        let Some((at, wanted)) = saved.split_once('|') else {
            return;
        };
        let fresh = at.parse::<f64>().is_ok_and(|at| js_sys::Date::now() - at < FRESH_MS);
        // Focus is where the load left it: the body, or the element the address's fragment
        // names (the browser focuses a focusable one, as a refusal's `#problem` is).
        let body: Option<Element> = document.body().map(Into::into);
        let fragment = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .map(|h| h.trim_start_matches('#').to_string())
            .filter(|h| !h.is_empty());
        let untouched = match document.active_element() {
            None => true,
            Some(active) => Some(&active) == body.as_ref() || fragment.is_some_and(|f| active.id() == f),
        };
        if !fresh || !untouched {
            return;
        }
        let target = refusal(document)
            .or_else(|| wanted.strip_prefix("key:").and_then(|key| place(document, key)))
            .or_else(|| landing(document));
        if let Some(target) = target {
            let _ = target.focus();
        }
    }

    /// What explains a refused submit: the error summary a form shows, else the first field
    /// marked invalid, else the form's general error. Without this a phone shows the top of the
    /// page, with the explanation further down.
    fn refusal(document: &web_sys::Document) -> Option<HtmlElement> {
        let target = [
            "[data-error-summary]",
            "[aria-invalid=\"true\"]",
            ".form-error[role=alert]",
        ]
        .iter()
        .find_map(|selector| document.query_selector(selector).ok().flatten())?;
        if !target.has_attribute("tabindex") && !target.matches(FOCUSABLE).unwrap_or(false) {
            let _ = target.set_attribute("tabindex", "-1");
        }
        target.dyn_into::<HtmlElement>().ok()
    }

    /// A new page's landing (see the module's comment), made focusable by script only.
    fn landing(document: &web_sys::Document) -> Option<HtmlElement> {
        let main = document.get_element_by_id("main")?;
        let by_fragment = || {
            let hash = web_sys::window()?.location().hash().ok()?;
            let id = hash.strip_prefix('#').filter(|id| !id.is_empty())?;
            document.get_element_by_id(id)
        };
        let target = main
            .query_selector(&format!("[{}]", super::LANDING_ATTRIBUTE))
            .ok()
            .flatten()
            .or_else(by_fragment)
            .or_else(|| main.query_selector("h1").ok().flatten())?;
        if !target.has_attribute("tabindex") && !target.matches(FOCUSABLE).unwrap_or(false) {
            let _ = target.set_attribute("tabindex", "-1");
        }
        target.dyn_into::<HtmlElement>().ok()
    }

    /// The first control inside the element keyed `key` (or the control it names as its next
    /// step, `data-focus-first`), or the element itself.
    fn place(document: &web_sys::Document, key: &str) -> Option<HtmlElement> {
        let places = document.query_selector_all(&format!("[{ATTRIBUTE}]")).ok()?;
        let place = (0..places.length())
            .filter_map(|i| places.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .find(|e| e.get_attribute(ATTRIBUTE).as_deref() == Some(key))?;
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
