//! The filters beside a list of results. On a wide screen they sit in a column beside the
//! results, always open; on a phone they fold into one "Filters" line above the results, so the
//! first result is on the first screen and ticking a box shows its effect (the count is in
//! view). A `<details>` element, so it opens and closes without JavaScript.

use crate::components::facets::FacetForm;
use crate::model::Facet;
use crate::query::BrowseQuery;
use leptos::prelude::*;

/// Folds the sheet as its filters apply (a box ticked, or "Apply filters" pressed), so the new
/// count and first results are what a phone shows next: the page is redrawn in place, and an
/// open sheet would stay open above them. (The router's form stops its submit event, so the
/// sheet cannot listen for that.)
fn fold_when_applied(ev: leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
            return;
        };
        let applies = ev.type_() == "change" || target.closest("button[type=submit]").ok().flatten().is_some();
        if let Some(sheet) = target
            .closest("details.filter-sheet")
            .ok()
            .flatten()
            .filter(|_| applies)
        {
            let _ = sheet.remove_attribute("open");
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

#[component]
pub fn FilterSheet(
    facets: Vec<Facet>,
    action: &'static str,
    query: BrowseQuery,
    /// Other state the form carries along (the search text and order).
    #[prop(optional)]
    hidden: Vec<(&'static str, String)>,
) -> impl IntoView {
    let chosen = facets
        .iter()
        .flat_map(|f| f.values.iter())
        .filter(|v| v.selected && !v.value.is_empty())
        .count();
    view! {
        <details
            class="browse__filters filter-sheet"
            on:change=fold_when_applied
            on:click=move |ev: leptos::ev::MouseEvent| fold_when_applied(ev.into())
        >
            <summary class="filter-sheet__toggle">
                "Filters"
                {(chosen > 0).then(|| view! {
                    <span class="filter-sheet__count">{format!("{chosen} chosen")}</span>
                })}
            </summary>
            <FacetForm facets action query hidden/>
        </details>
    }
}
