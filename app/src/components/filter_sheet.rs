//! The filters beside a list of results. On a wide screen they sit in a column beside the
//! results, always open; on a phone they fold into one "Filters" line above the results, so the
//! first result is on the first screen. Open, the sheet keeps a button at the foot of the screen:
//! "Show N resources" once live, so each tick shows its effect; "Apply filters" before that. A
//! `<details>` element, so it opens and closes without JavaScript.
//!
//! Live (an island), each tick applies in place: the next page is fetched as HTML and its results
//! and filters take the place of these, the address moves on, and the sheet stays open with the
//! ticked box still in focus, so several boxes can be ticked in a row.

use crate::components::facets::{FacetForm, FORM_ID};
use crate::model::Facet;
use crate::query::BrowseQuery;
use leptos::prelude::*;

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
        <LiveFilterSheet chosen>
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
        </LiveFilterSheet>
    }
}

/// The sheet itself, with its summary: the part of the filters that runs in the browser.
#[island]
fn LiveFilterSheet(chosen: usize, children: Children) -> impl IntoView {
    let root = NodeRef::<leptos::html::Details>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(root) = root.get() {
            live::start(root.into());
        }
    });
    view! {
        <details class="browse__filters filter-sheet" node_ref=root>
            <summary class="filter-sheet__toggle">
                "Filters"
                {(chosen > 0).then(|| view! {
                    <span class="filter-sheet__count">{format!("{chosen} chosen")}</span>
                })}
            </summary>
            {children()}
        </details>
    }
}

#[cfg(feature = "hydrate")]
mod live {
    use super::FORM_ID;
    use std::cell::Cell;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Document, Element, HtmlElement, HtmlFormElement};

    const LIVE_HINT: &str = "Results update as you choose.";

    thread_local! {
        /// Each application is numbered; only the newest one's answer is drawn.
        static LATEST: Cell<u32> = const { Cell::new(0) };
        /// The address whose results are drawn (path and query).
        static SHOWN: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }

    pub fn start(sheet: Element) {
        let Some(window) = web_sys::window() else { return };
        say_live(&sheet);
        // A box ticked while the page was still plain HTML applies now, as one ticked later would.
        if crate::components::early_input::changed_before_hydration(&sheet) {
            apply(sheet.clone(), false);
        }
        let on_change = {
            let sheet = sheet.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| apply(sheet.clone(), false))
        };
        let _ = sheet.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
        // "Apply filters" (in the form) and "Show N resources" (below it, naming the form).
        let on_submit = {
            let sheet = sheet.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
                ev.prevent_default();
                apply(sheet.clone(), true);
            })
        };
        // Submit events rise from the form (redrawn with each answer) to the sheet.
        let _ = sheet.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();
        let on_done = {
            let sheet = sheet.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
                let done = ev
                    .target()
                    .and_then(|t| t.dyn_into::<Element>().ok())
                    .and_then(|t| t.closest(".filter-sheet__done").ok().flatten());
                if done.is_some() {
                    ev.prevent_default();
                    fold(&sheet, true);
                }
            })
        };
        let _ = sheet.add_event_listener_with_callback("click", on_done.as_ref().unchecked_ref());
        on_done.forget();
        // Back and Forward between addresses drawn in place: draw the one now in the bar.
        SHOWN.with(|s| *s.borrow_mut() = address(&window));
        let on_pop = {
            let sheet = sheet.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                let Some(window) = web_sys::window() else { return };
                let now = address(&window);
                if SHOWN.with(|s| *s.borrow() != now) {
                    go(sheet.clone(), now, Move::Back);
                }
            })
        };
        let _ = window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        on_pop.forget();
        // Back to this page from the browser's cache: boxes show this address's filters.
        let on_show = {
            let sheet = sheet.clone();
            Closure::<dyn Fn(web_sys::PageTransitionEvent)>::new(move |ev: web_sys::PageTransitionEvent| {
                if ev.persisted() {
                    crate::components::early_input::reset_to_drawn(&sheet);
                }
            })
        };
        let _ = window.add_event_listener_with_callback("pageshow", on_show.as_ref().unchecked_ref());
        on_show.forget();
    }

    fn address(window: &web_sys::Window) -> String {
        let location = window.location();
        format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        )
    }

    fn form(sheet: &Element) -> Option<HtmlFormElement> {
        sheet
            .query_selector(&format!("#{FORM_ID}"))
            .ok()
            .flatten()?
            .dyn_into()
            .ok()
    }

    fn say_live(sheet: &Element) {
        if let Some(hint) = sheet.query_selector(".filters__hint").ok().flatten() {
            hint.set_text_content(Some(LIVE_HINT));
        }
    }

    /// Folds the sheet; when the visitor is done, the count and first result come into view,
    /// focus with them (the button it was on is folded away).
    fn fold(sheet: &Element, done: bool) {
        let _ = sheet.remove_attribute("open");
        if !done {
            return;
        }
        let Some(count) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("results-count"))
        else {
            return;
        };
        if !count.has_attribute("tabindex") {
            let _ = count.set_attribute("tabindex", "-1");
        }
        match count.dyn_ref::<HtmlElement>() {
            Some(count) => {
                let _ = count.focus();
            }
            None => count.scroll_into_view(),
        }
    }

    /// The address the form's boxes give, leaving out a filter whose only value is empty
    /// ("any cost" would add `free=`).
    fn target(form: &HtmlFormElement) -> Option<String> {
        let data = web_sys::FormData::new_with_form(form).ok()?;
        let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        let mut names: Vec<String> = Vec::new();
        for key in params.keys().into_iter().flatten() {
            if let Some(key) = key.as_string() {
                if !names.contains(&key) {
                    names.push(key);
                }
            }
        }
        for name in names {
            let values = params.get_all(&name);
            if values.iter().all(|v| v.as_string().is_some_and(|s| s.is_empty())) {
                params.delete(&name);
            }
        }
        let action = web_sys::Url::new(&form.action()).ok()?;
        let query = String::from(params.to_string());
        Some(if query.is_empty() {
            action.pathname()
        } else {
            format!("{}?{query}", action.pathname())
        })
    }

    /// How the address moves with a drawing.
    #[derive(Clone, Copy, PartialEq)]
    enum Move {
        /// A new entry in the history (a tick); `true`: a button was pressed, so the sheet folds.
        Forward(bool),
        /// Back or Forward to an entry already there.
        Back,
    }

    /// Draws the page the boxes give.
    fn apply(sheet: Element, applied: bool) {
        let Some(form) = form(&sheet) else { return };
        let Some(url) = target(&form) else { return };
        go(sheet, url, Move::Forward(applied));
    }

    /// Fetches the page at `url` and draws its results and filters in place of these.
    fn go(sheet: Element, url: String, how: Move) {
        let mine = LATEST.with(|l| {
            l.set(l.get() + 1);
            l.get()
        });
        leptos::task::spawn_local(async move {
            let html = fetch_page(&url).await;
            if LATEST.with(|l| l.get()) != mine {
                return;
            }
            match html {
                Some(html) if draw(&sheet, &html) => {
                    SHOWN.with(|s| *s.borrow_mut() = url.clone());
                    if let Move::Forward(applied) = how {
                        if let Some(Ok(history)) = web_sys::window().map(|w| w.history()) {
                            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
                        }
                        if applied {
                            fold(&sheet, true);
                        }
                    }
                }
                // Whatever went wrong, the page the address names is the answer.
                _ => {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().assign(&url);
                    }
                }
            }
        });
    }

    async fn fetch_page(url: &str) -> Option<String> {
        let window = web_sys::window()?;
        let init = web_sys::RequestInit::new();
        let headers = web_sys::Headers::new().ok()?;
        headers.set("Accept", "text/html").ok()?;
        init.set_headers(&headers);
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !response.ok() || response.redirected() {
            return None;
        }
        JsFuture::from(response.text().ok()?).await.ok()?.as_string()
    }

    /// Puts the new page's results, filters, sheet summary and button, and title in place of
    /// these. False if the new page lacks them (an error page): then nothing is changed.
    fn draw(sheet: &Element, html: &str) -> bool {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return false;
        };
        let Ok(parser) = web_sys::DomParser::new() else {
            return false;
        };
        let Ok(new) = parser.parse_from_string(html, web_sys::SupportedType::TextHtml) else {
            return false;
        };
        let pairs = [
            ".browse__results",
            &format!("#{FORM_ID}"),
            ".filter-sheet__toggle",
            ".filter-sheet__done",
        ];
        let found: Vec<(Element, Element)> = pairs
            .iter()
            .filter_map(|selector| {
                Some((
                    document.query_selector(selector).ok()??,
                    new.query_selector(selector).ok()??,
                ))
            })
            .collect();
        if found.len() != pairs.len() {
            return false;
        }
        let focused = document.active_element().map(|el| el.id()).filter(|id| !id.is_empty());
        for (old, new_el) in found {
            if old.tag_name() == "SUMMARY" {
                // The island's own summary: only its words change.
                old.set_inner_html(&new_el.inner_html());
            } else if let Ok(node) = document.import_node_with_deep(&new_el, true) {
                let _ = old.replace_with_with_node_1(&node);
            }
        }
        say_live(sheet);
        if let Some(title) = title(&new) {
            document.set_title(&title);
        }
        if let Some(el) = focused
            .and_then(|id| document.get_element_by_id(&id))
            .and_then(|el| el.dyn_into::<HtmlElement>().ok())
        {
            let _ = el.focus();
        }
        true
    }

    fn title(document: &Document) -> Option<String> {
        document.query_selector("title").ok()??.text_content()
    }
}
