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
    // The search page has its own, larger box (with the order): one box there, not two.
    let location = leptos_router::hooks::use_location();
    let header_search = (location.pathname.get_untracked() != "/search").then(|| view! { <SearchBox/> });
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    <span class="brand__mark" aria-hidden="true">"◆"</span>
                    "Champion Hub"
                </a>
                <details class="site-menu">
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
                <MenuCloser/>
            </div>
        </header>
    }
}

/// The header's menus close as menus do everywhere else: on a click outside them, on a link
/// followed inside them, and on Escape (which returns to the menu's button). Escape closes an
/// open confirmation too. Draws nothing: every page has the header, so this runs everywhere.
#[island]
fn MenuCloser() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let click = window_event_listener(leptos::ev::click, |ev| {
            let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
                return;
            };
            let on_link = target.closest(".site-header details[open] a").ok().flatten().is_some();
            close_open_menus(if on_link { None } else { Some(&target) }, false);
        });
        let key = window_event_listener(leptos::ev::keydown, |ev| {
            if ev.key() != "Escape" {
                return;
            }
            // An open confirmation (`components::confirm`) around the focus closes first.
            let confirm = document()
                .active_element()
                .and_then(|el| el.closest("details.confirm[open]").ok().flatten());
            if let Some(confirm) = confirm {
                let _ = confirm.remove_attribute("open");
                if let Some(summary) = confirm
                    .query_selector("summary")
                    .ok()
                    .flatten()
                    .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = summary.focus();
                }
                return;
            }
            close_open_menus(None, true);
        });
        on_cleanup(move || {
            click.remove();
            key.remove();
        });
    }
}

/// Closes the header's open menus, except the one holding `inside`; `refocus`: focus goes to the
/// button of the menu that held it.
#[cfg(feature = "hydrate")]
fn close_open_menus(inside: Option<&web_sys::Element>, refocus: bool) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(open) = document.query_selector_all(".site-header details[open]") else {
        return;
    };
    let mut summary = None;
    for i in 0..open.length() {
        let Some(el) = open.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else {
            continue;
        };
        if inside.is_some_and(|t| el.contains(Some(t))) {
            continue;
        }
        let _ = el.remove_attribute("open");
        // The outermost menu's button (the account menu sits inside "Menu" on a phone).
        if summary.is_none() {
            summary = el.query_selector("summary").ok().flatten();
        }
    }
    if refocus {
        if let Some(summary) = summary.and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = summary.focus();
        }
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
                                                <li><a href="/me/credits">"Credits and licences"</a></li>
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
