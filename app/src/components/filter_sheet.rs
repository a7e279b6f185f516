//! The filters beside a list of results. On a wide screen they sit in a column beside the
//! results, always open; on a phone they fold into one "Filters" line above the results, so the
//! first result is on the first screen. Open, the sheet keeps a button at the foot of the screen:
//! "Show N resources" once live, so each tick shows its effect; "Apply filters" before that. A `<details>` element, so it opens and
//! closes without JavaScript.

use crate::components::facets::{FacetForm, FORM_ID};
use crate::model::Facet;
use crate::query::BrowseQuery;
use leptos::prelude::*;

/// Folds the sheet when the visitor is done choosing ("Apply filters", or "Show N resources"),
/// and brings the count and first result into view, focus with them. Ticking a box leaves it open: the page is
/// redrawn in place and the sheet's button shows the new count, so several boxes can be ticked
/// in a row. (The router's form stops its submit event, so the sheet cannot listen for that.)
fn fold_when_done(ev: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
            return;
        };
        let done = target.closest(".filter-sheet__done").ok().flatten().is_some();
        let applied = target.closest("button[type=submit]").ok().flatten().is_some();
        if !(done || applied) {
            return;
        }
        let Some(sheet) = target.closest("details.filter-sheet").ok().flatten() else {
            return;
        };
        if done {
            ev.prevent_default();
        }
        let _ = sheet.remove_attribute("open");
        if done {
            if let Some(count) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("results-count"))
            {
                // Focus, not only the screen, moves to the count: the button it was on is
                // folded away, and a keyboard or screen reader user continues from the results.
                if !count.has_attribute("tabindex") {
                    let _ = count.set_attribute("tabindex", "-1");
                }
                match count.dyn_ref::<web_sys::HtmlElement>() {
                    Some(count) => {
                        let _ = count.focus();
                    }
                    None => count.scroll_into_view(),
                }
            }
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
    /// How many results the chosen filters give.
    total: u64,
) -> impl IntoView {
    let chosen = facets
        .iter()
        .flat_map(|f| f.values.iter())
        .filter(|v| v.selected && !v.value.is_empty())
        .count();
    view! {
        <details
            class="browse__filters filter-sheet"
            on:click=fold_when_done
        >
            <summary class="filter-sheet__toggle">
                "Filters"
                {(chosen > 0).then(|| view! {
                    <span class="filter-sheet__count">{format!("{chosen} chosen")}</span>
                })}
            </summary>
            <FacetForm facets action query hidden/>
            // On a phone the open sheet covers the results: this stays at the foot of the
            // screen. Live, it shows the count the ticks give and leads back to the results;
            // before the wasm (or without it) the count would be stale, so it applies the ticks.
            <button type="submit" form=FORM_ID class="button filter-sheet__done">
                <span class="filter-sheet__live">
                    {match total {
                        0 => "None match: see what to drop".to_string(),
                        1 => "Show 1 resource".to_string(),
                        n => format!("Show {n} resources"),
                    }}
                </span>
                <span class="filter-sheet__static">"Apply filters"</span>
            </button>
        </details>
    }
}
