//! The header and footer every page shares.

use crate::api::SignOut;
use crate::components::marks::use_marks;
use crate::components::search_box::SearchBox;
use crate::components::sign_in_prompt::sign_in_href;
use leptos::prelude::*;

/// The header: on a phone two short rows (the name and a "Menu", then the search box); on a
/// wide screen one row with every link. The menus are `<details>`, so they open without
/// JavaScript.
#[component]
pub fn SiteHeader() -> impl IntoView {
    close_menus_on_outside_click();
    // The search page has its own, larger box (with the order): one box there, not two.
    let location = leptos_router::hooks::use_location();
    let header_search = move || (location.pathname.get() != "/search").then(|| view! { <SearchBox/> });
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    <span class="brand__mark" aria-hidden="true">"◆"</span>
                    "Champion Hub"
                </a>
                <details class="site-menu" on:click=close_menus_on_link on:keydown=close_menus_on_escape>
                    <summary class="site-menu__toggle">"Menu"</summary>
                    <div class="site-menu__panel">
                        <nav aria-label="Main">
                            <ul class="nav-list">
                                <li><a href="/resources">"Browse"</a></li>
                                <li><a href="/pathways/champion-starter-path">"Starter path"</a></li>
                                <li><a href="/resources?kind=organization">"Organizations"</a></li>
                            </ul>
                        </nav>
                        <AccountNav/>
                    </div>
                </details>
                {header_search}
            </div>
        </header>
    }
}

/// A link followed inside a menu closes it: the page changes in place, and an open menu would
/// stay open over the new one.
fn close_menus_on_link(ev: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if target.and_then(|t| t.closest("a").ok().flatten()).is_some() {
            close_open_menus(None);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// A click anywhere outside an open menu closes it, as a menu does everywhere else.
fn close_menus_on_outside_click() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let handle = window_event_listener(leptos::ev::click, |ev| {
            let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()) else {
                return;
            };
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            if let Ok(open) = document.query_selector_all(".site-header details[open]") {
                for i in 0..open.length() {
                    if let Some(el) = open.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                        if !el.contains(Some(&target)) {
                            let _ = el.remove_attribute("open");
                        }
                    }
                }
            }
        });
        on_cleanup(move || handle.remove());
    }
}

/// Escape closes the menus and returns to the "Menu" button.
fn close_menus_on_escape(ev: leptos::ev::KeyboardEvent) {
    #[cfg(feature = "hydrate")]
    if ev.key() == "Escape" {
        close_open_menus(Some(".site-menu__toggle"));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

#[cfg(feature = "hydrate")]
fn close_open_menus(focus: Option<&str>) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(open) = document.query_selector_all(".site-header details[open]") {
        for i in 0..open.length() {
            if let Some(el) = open.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                let _ = el.remove_attribute("open");
            }
        }
    }
    if let Some(el) = focus
        .and_then(|f| document.query_selector(f).ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                "Champion Hub gathers palliative care education for clinicians. Listings describe "
                "what each provider publishes; fees, credits and dates are the provider's, so check "
                "with them before you enrol."
            </p>
            <p>
                <a href="/feed.atom" rel="external">"Feed of new and updated resources (Atom)"</a>
                " · "
                <a href="/api/v1/resources">"JSON API"</a>
            </p>
        </footer>
    }
}

/// Signed in: the learner's own pages and a sign-out button. Otherwise: sign in, sign up.
#[component]
fn AccountNav() -> impl IntoView {
    let marks = use_marks();
    let sign_out_path = <SignOut as server_fn::ServerFn>::PATH;
    let location = leptos_router::hooks::use_location();
    let next = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    view! {
        <nav class="account-nav" aria-label="Your account">
            <Transition fallback=|| ()>
                {move || {
                    Suspend::new(async move {
                        match marks.current.await.ok().and_then(|m| m.account) {
                            // "My learning" in the row, the rest under "Account": seven links
                            // in a row wrapped the header onto two lines.
                            Some(account) => view! {
                                <ul class="nav-list">
                                    <li><a href="/me">"My learning"</a></li>
                                    <li>
                                        <details class="account-menu">
                                            <summary class="account-menu__toggle" title=format!("Signed in as {}", account.email)>"Account"</summary>
                                            <ul class="account-menu__list">
                                                <li><a href="/me/bookmarks">"Bookmarks"</a></li>
                                                <li><a href="/collections">"Collections"</a></li>
                                                <li><a href="/teams">"Teams"</a></li>
                                                {account.is_admin().then(|| view! { <li><a href="/admin">"Admin"</a></li> })}
                                                <li><a href="/account">"Account settings"</a></li>
                                                <li>
                                                    // A plain post: signing out reloads everything that was personal.
                                                    <form method="post" action=sign_out_path class="inline-form">
                                                        <button type="submit" class="link-button">"Sign out"</button>
                                                    </form>
                                                </li>
                                            </ul>
                                        </details>
                                    </li>
                                </ul>
                            }.into_any(),
                            None => view! {
                                <ul class="nav-list">
                                    <li><a href=move || sign_in_href(&next())>"Sign in"</a></li>
                                    <li><a class="button button--small" href="/sign-up">"Sign up"</a></li>
                                </ul>
                            }.into_any(),
                        }
                    })
                }}
            </Transition>
        </nav>
    }
}
