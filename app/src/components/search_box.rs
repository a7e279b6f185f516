//! The search box in every page's header: a plain GET form to `/search`, which once the wasm
//! runs also suggests titles as you type (an ARIA combobox, usable from the keyboard).

use crate::api::load_suggestions;
use crate::components::early_input::typed_before_hydration;
use crate::model::Suggestion;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SearchBox() -> impl IntoView {
    // Typing done before the page hydrated stays in the box.
    let text = RwSignal::new(typed_before_hydration("site-search").unwrap_or_default());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let suggestions = RwSignal::new(Vec::<Suggestion>::new());
    // The newest request wins, so a slow answer never overwrites a newer one.
    let generation = StoredValue::new(0u64);
    let navigate = use_navigate();

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
                    open.set(!found.is_empty());
                    suggestions.set(found);
                }
            }
        });
    };

    let go = {
        let navigate = navigate.clone();
        move |slug: String| {
            open.set(false);
            navigate(&format!("/resources/{slug}"), Default::default());
        }
    };
    let go_key = go.clone();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = suggestions.with_untracked(|s| s.len());
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
            "Escape" => {
                open.set(false);
                active.set(None);
            }
            "Enter" => {
                if let (true, Some(i)) = (open.get_untracked(), active.get_untracked()) {
                    if let Some(s) = suggestions.with_untracked(|s| s.get(i).cloned()) {
                        ev.prevent_default();
                        go_key(s.slug);
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
                        let go = go.clone();
                        suggestions
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, s)| {
                                let go = go.clone();
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
                </ul>
            </div>
            <button type="submit" class="button search-box__button">"Search"</button>
        </form>
    }
}
