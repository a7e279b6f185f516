//! The header and footer every page shares.

use crate::api::SignOut;
use crate::components::marks::use_marks;
use crate::components::search_box::SearchBox;
use crate::components::sign_in_prompt::sign_in_href;
use leptos::prelude::*;

#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    <span class="brand__mark" aria-hidden="true">"◆"</span>
                    "Champion Hub"
                </a>
                <nav aria-label="Main">
                    <ul class="nav-list">
                        <li><a href="/resources">"Browse"</a></li>
                        <li><a href="/pathways/champion-starter-path">"Starter path"</a></li>
                        <li><a href="/resources?kind=organization">"Organizations"</a></li>
                    </ul>
                </nav>
                <SearchBox/>
                <AccountNav/>
            </div>
        </header>
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
                            Some(account) => view! {
                                <ul class="nav-list">
                                    <li><a href="/me">"My learning"</a></li>
                                    <li><a href="/me/bookmarks">"Bookmarks"</a></li>
                                    <li><a href="/collections">"Collections"</a></li>
                                    <li><a href="/teams">"Teams"</a></li>
                                    {account.is_admin().then(|| view! { <li><a href="/admin">"Admin"</a></li> })}
                                    <li><a href="/account" title=format!("Signed in as {}", account.email)>"Account"</a></li>
                                    <li>
                                        // A plain post: signing out reloads everything that was personal.
                                        <form method="post" action=sign_out_path class="inline-form">
                                            <button type="submit" class="link-button">"Sign out"</button>
                                        </form>
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
