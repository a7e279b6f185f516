//! The search box in every page's header: a plain GET form to `/search`, which once the wasm
//! runs also suggests titles as you type (an ARIA combobox, usable from the keyboard). The last
//! option is always "Search for “…”": titles are only part of what search finds.

use crate::api::load_suggestions;
use crate::components::early_input::typed_before_hydration;
use crate::model::Suggestion;
use leptos::prelude::*;

#[island]
pub fn SearchBox() -> impl IntoView {
    // Typing done before the page hydrated stays in the box.
    let text = RwSignal::new(typed_before_hydration("site-search").unwrap_or_default());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let suggestions = RwSignal::new(Vec::<Suggestion>::new());
    // The newest request wins, so a slow answer never overwrites a newer one.
    let generation = StoredValue::new(0u64);

    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        active.set(None);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        if value.trim().chars().count() < 2 {
            suggestions.set(vec![]);
            open.set(false);
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(found) = load_suggestions(value).await {
                if generation.get_value() == mine {
                    suggestions.set(found);
                    open.set(true);
                }
            }
        });
    };

    let go = move |slug: String| {
        open.set(false);
        go_to(&format!("/resources/{slug}"));
    };
    let search = move || {
        open.set(false);
        let q = text.get_untracked();
        go_to(&format!("/search?q={}", crate::query::encode(q.trim())));
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        // The titles, then "Search for …".
        let titles = suggestions.with_untracked(|s| s.len());
        // With two letters typed there is always "Search for …", titles or none.
        let typed = text.with_untracked(|t| t.trim().chars().count() >= 2);
        let n = if typed { titles + 1 } else { 0 };
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map(|i| (i + 1) % n).unwrap_or(0)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map(|i| (i + n - 1) % n).unwrap_or(n - 1)));
            }
            // Escape closes the list and keeps what was typed (a search box's own Escape
            // would empty it); with the list closed, it empties the box as usual.
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                open.set(false);
                active.set(None);
            }
            "Enter" => {
                if let (true, Some(i)) = (open.get_untracked(), active.get_untracked()) {
                    ev.prevent_default();
                    match suggestions.with_untracked(|s| s.get(i).cloned()) {
                        Some(s) => go(s.slug),
                        None => search(),
                    }
                }
            }
            _ => {}
        }
    };

    view! {
        <form class="search-box" role="search" method="GET" action="/search">
            <label for="site-search" class="visually-hidden">"Search the hub"</label>
            <div class="search-box__field">
                <input
                    id="site-search"
                    type="search"
                    name="q"
                    placeholder="Search: e.g. serious news, peds pain, CME"
                    autocomplete="off"
                    role="combobox"
                    aria-autocomplete="list"
                    aria-controls="site-search-list"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-activedescendant=move || active.get().map(|i| format!("site-search-option-{i}"))
                    prop:value=move || text.get()
                    on:input=on_input
                    on:keydown=on_keydown
                    on:blur=move |_| open.set(false)
                />
                <ul id="site-search-list" class="search-box__list" role="listbox" aria-label="Suggestions" hidden=move || !open.get()>
                    {move || {
                        suggestions
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, s)| {
                                        let slug = s.slug.clone();
                                view! {
                                    <li
                                        id=format!("site-search-option-{i}")
                                        role="option"
                                        class="search-box__option"
                                        aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                                        // mousedown, not click: it lands before the input's blur closes the list.
                                        on:mousedown=move |ev| {
                                            ev.prevent_default();
                                            go(slug.clone());
                                        }
                                    >
                                        <span class="search-box__title">{s.title.clone()}</span>
                                        <span class="search-box__kind">{s.kind.label()}</span>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                    {move || {
                        let i = suggestions.with(|s| s.len());
                        view! {
                            <li
                                id=format!("site-search-option-{i}")
                                role="option"
                                class="search-box__option search-box__option--search"
                                aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                                on:mousedown=move |ev| {
                                    ev.prevent_default();
                                    search();
                                }
                            >
                                <span class="search-box__title">{move || format!("Search for “{}”", text.get().trim())}</span>
                                <span class="search-box__kind">"all results"</span>
                            </li>
                        }
                    }}
                </ul>
            </div>
            <button type="submit" class="button search-box__button">"Search"</button>
        </form>
    }
}

/// Opens another page (every page is drawn on the server; the box is an island of it).
fn go_to(url: &str) {
    #[cfg(feature = "hydrate")]
    let _ = window().location().set_href(url);
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}
