//! What a visitor typed or ticked before the wasm loaded. On a slow phone a page is usable as
//! HTML for seconds before it hydrates; hydration must carry that input on, not reset it.

/// The text in the field `id` if the page has not hydrated yet: a signal started from it keeps
/// the visitor's typing (hydration writes a bound `prop:value` back to the signal's value).
pub fn typed_before_hydration(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let document = leptos::prelude::document();
        // The App marks the body once hydrated; after that, a field of the same id belongs
        // to the page being left, not to what the visitor typed early.
        if document.body()?.has_attribute("data-hydrated") {
            return None;
        }
        let element = document.get_element_by_id(id)?;
        if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
            return Some(input.value());
        }
        element
            .dyn_ref::<web_sys::HtmlTextAreaElement>()
            .map(|area| area.value())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

/// Whether any box or option inside `root` was changed from what the server drew: a filter
/// ticked before the page hydrated, which must still apply.
#[cfg(feature = "hydrate")]
pub fn changed_before_hydration(root: &web_sys::Element) -> bool {
    use wasm_bindgen::JsCast;
    let Ok(inputs) = root.query_selector_all("input[type=checkbox], input[type=radio]") else {
        return false;
    };
    (0..inputs.length())
        .filter_map(|i| inputs.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlInputElement>().ok())
        .any(|input| input.checked() != input.default_checked())
}

/// Sets every box and option inside `root` back to what was drawn (its `checked` attribute).
#[cfg(feature = "hydrate")]
pub fn reset_to_drawn(root: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    let Ok(inputs) = root.query_selector_all("input[type=checkbox], input[type=radio]") else {
        return;
    };
    for input in (0..inputs.length())
        .filter_map(|i| inputs.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_checked(input.default_checked());
    }
}
