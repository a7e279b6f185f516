//! The browse filters: a plain GET form (works without JavaScript), which applies itself as soon
//! as a box is ticked once the wasm has loaded.

use crate::model::Facet;
use crate::query::BrowseQuery;
use leptos::prelude::*;
use leptos::web_sys::FormData;
use leptos_router::components::Form;

/// Submits the enclosing form when a control changes; only in the browser.
fn submit_enclosing_form(ev: leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("form").ok().flatten())
            .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok());
        if let Some(form) = form {
            let _ = form.request_submit();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// Leaves out of the address a filter whose only value is empty ("any cost" would add
/// `free=`). A form posted without the wasm still sends it, which means the same.
fn drop_empty(data: &FormData, names: &[String]) {
    for name in names {
        let values = data.get_all(name);
        if values.length() > 0 && values.iter().all(|v| v.as_string().is_some_and(|s| s.is_empty())) {
            data.delete(name);
        }
    }
}

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
    // Effects run only in the browser, so this flips once the page is interactive.
    let live = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Div>::new();
    // Drawn while the page hydrates (the server's boxes, maybe ticked early), or later, over
    // boxes the visitor ticked for another address (Back, Forward, a link).
    #[cfg(feature = "hydrate")]
    let hydrating = document().body().is_some_and(|b| !b.has_attribute("data-hydrated"));
    #[cfg(not(feature = "hydrate"))]
    let hydrating = true;
    Effect::new(move |_| {
        live.set(true);
        #[cfg(feature = "hydrate")]
        if !hydrating {
            // The boxes show this address's filters. A box's `checked` attribute stops
            // counting once it has been clicked, so Back would leave it ticked. (Redrawn in
            // place, the form's node reference is not set again: found by its class.)
            if let Some(filters) = document().query_selector(".filters").ok().flatten() {
                crate::components::early_input::reset_to_drawn(&filters);
            }
            return;
        }
        #[cfg(feature = "hydrate")]
        if let Some(root) = root.get_untracked() {
            // A box ticked while the page was still plain HTML applies now, as one ticked later would.
            if crate::components::early_input::changed_before_hydration(&root) {
                if let Some(form) = root.query_selector("form").ok().flatten() {
                    use wasm_bindgen::JsCast;
                    if let Ok(form) = form.dyn_into::<web_sys::HtmlFormElement>() {
                        let _ = form.request_submit();
                    }
                }
            }
        }
    });
    let names: Vec<String> = facets.iter().map(|f| f.name.clone()).collect();
    view! {
        <div class="filters" node_ref=root on:change=submit_enclosing_form>
            <Form method="GET" action=action noscroll=true attr:id=FORM_ID on_form_data=std::sync::Arc::new(move |data: &FormData| drop_empty(data, &names))>
                <h2 class="filters__title">"Filter"</h2>
                // An empty one would only add "q=" to the address.
                {hidden.into_iter().filter(|(_, value)| !value.is_empty()).map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
                <p class="filters__hint" aria-live="polite">
                    {move || if live.get() { "Results update as you choose." } else { "Choose filters, then apply them." }}
                </p>
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
                                            // Hydrating, the box keeps what the visitor ticked early;
                                            // redrawn later (Back, Forward), it shows this address's
                                            // filters even after a click (which the attribute no
                                            // longer governs).
                                            let input = if hydrating {
                                                view! { <input type=kind id=id.clone() name=name.clone() value=v.value.clone() checked=v.selected/> }.into_any()
                                            } else {
                                                view! { <input type=kind id=id.clone() name=name.clone() value=v.value.clone() checked=v.selected prop:checked=v.selected/> }.into_any()
                                            };
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
            </Form>
        </div>
    }
}
