//! The browse filters: a plain GET form, drawn on the server only. Without JavaScript it applies
//! with its button; once the page is live the sheet around it (`filter_sheet::LiveFilterSheet`)
//! applies each tick in place.

use crate::model::Facet;
use crate::query::BrowseQuery;
use leptos::prelude::*;

/// The filters' form, which the phone sheet's button submits from outside it.
pub const FORM_ID: &str = "filters-form";

#[component]
pub fn FacetForm(
    facets: Vec<Facet>,
    action: &'static str,
    /// The view the page shows.
    query: BrowseQuery,
    /// Other state the form carries along (the search text and order).
    #[prop(optional)]
    hidden: Vec<(&'static str, String)>,
) -> impl IntoView {
    let filtered = query.is_filtered();
    let full = query.more.clone();
    // The address of this view with one long filter listed in full, or none.
    let carried: Vec<String> = hidden
        .iter()
        .map(|(name, value)| format!("{name}={}", crate::query::encode(value)))
        .collect();
    let with_more = move |facet: Option<&str>| {
        let mut parts = carried.clone();
        parts.push(query.with_more(facet).to_query_string());
        parts.retain(|p| !p.is_empty());
        if parts.is_empty() {
            action.to_string()
        } else {
            format!("{action}?{}", parts.join("&"))
        }
    };
    let mut hidden = hidden;
    if let Some(more) = &full {
        // Ticking a box keeps the list the visitor opened open.
        hidden.push(("more", more.clone()));
    }
    let clear = hidden
        .iter()
        .find(|(name, _)| *name == "q")
        .map(|(_, q)| format!("{action}?q={}", crate::query::encode(q)))
        .unwrap_or_else(|| action.to_string());
    view! {
        <div class="filters">
            // `autocomplete="off"`: a reload or Back draws the boxes as the address says, not as the
            // browser remembers them being ticked.
            <form method="get" action=action id=FORM_ID autocomplete="off">
                <h2 class="filters__title">"Filter"</h2>
                // An empty one would only add "q=" to the address.
                {hidden.into_iter().filter(|(_, value)| !value.is_empty()).map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
                // The live sheet says "Results update as you choose." here once it can.
                <p class="filters__hint" aria-live="polite">"Choose filters, then apply them."</p>
                {facets
                    .into_iter()
                    .filter_map(|mut facet| {
                        let radio = facet.name == "free";
                        if radio {
                            // Most resources state no cost: "Free (0)" would read as "nothing
                            // is free". Only the costs some resource states are offered.
                            facet.values.retain(|v| v.value.is_empty() || v.count > 0 || v.selected);
                            if facet.values.len() < 2 {
                                return None;
                            }
                            facet.label = "Cost, where stated".into();
                        }
                        Some(facet)
                    })
                    .map(|facet| {
                        let name = facet.name.clone();
                        let radio = facet.name == "free";
                        let plural = format!("{}s", facet.label.to_lowercase());
                        let toggle = if facet.more > 0 {
                            let all = facet.values.len() + facet.more as usize;
                            Some(view! {
                                <a class="facet__more" href=with_more(Some(&facet.name))>
                                    {format!("All {all} {plural}…")}
                                </a>
                            }.into_any())
                        } else if full.as_deref() == Some(facet.name.as_str()) && facet.is_long() {
                            Some(view! {
                                <a class="facet__more" href=with_more(None)>"Only the most common"</a>
                            }.into_any())
                        } else {
                            None
                        };
                        view! {
                            <fieldset class="facet">
                                <legend>{facet.label.clone()}</legend>
                                <ul role="list">
                                    {facet
                                        .values
                                        .into_iter()
                                        .map(|v| {
                                            let id = format!("f-{}-{}", name, if v.value.is_empty() { "any" } else { &v.value });
                                            let label = if v.count < 0 || (radio && v.value.is_empty()) {
                                                v.label.clone()
                                            } else {
                                                format!("{} ({})", v.label, v.count)
                                            };
                                            let kind = if radio { "radio" } else { "checkbox" };
                                            let input = view! { <input type=kind id=id.clone() name=name.clone() value=v.value.clone() checked=v.selected/> };
                                            view! {
                                                <li>
                                                    {input}
                                                    <label for=id>{label}</label>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                {toggle}
                            </fieldset>
                        }
                    })
                    .collect_view()}
                <div class="filters__actions">
                    <button type="submit" class="button">"Apply filters"</button>
                    {filtered.then(|| view! { <a class="button button--quiet" href=clear>"Clear all"</a> })}
                </div>
            </form>
        </div>
    }
}
