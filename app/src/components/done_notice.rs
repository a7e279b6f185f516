//! "Done" notices (`?done=profile`, `?done=left`, ...) say once what a form just did. The
//! address keeps the word, so a reload (or a bookmark of the page) used to say it again, as if
//! it had been done twice.

/// Once the page is live, takes `done` out of the address bar without navigating: the notice
/// stays on screen, and a reload shows the page without it. (Without the wasm a reload still
/// repeats the notice; nothing is done again.)
#[cfg(feature = "hydrate")]
pub fn forget() {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let (Ok(search), Ok(path), Ok(hash)) = (location.search(), location.pathname(), location.hash()) else {
        return;
    };
    let pairs: Vec<(String, String)> = form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .into_owned()
        .collect();
    if !pairs.iter().any(|(k, _)| k == "done") {
        return;
    }
    let kept = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().filter(|(k, _)| k != "done"))
        .finish();
    let address = if kept.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{kept}{hash}")
    };
    if let Ok(history) = window.history() {
        // The router's own state stays as it is: it keeps the notice it is showing.
        let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&address));
    }
}
