//! The header and footer every page shares.

use crate::components::search_box::SearchBox;
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
            <p><a href="/api/v1/resources">"JSON API"</a></p>
        </footer>
    }
}
