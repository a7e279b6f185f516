//! The frame of a page a mailed link opens (a password reset, an address to confirm, an
//! unsubscribe): its token is in the address, so the page is kept out of search engines and no
//! other site learns the address from a Referer. (Not "no-referrer": the page's own form would
//! then post with `Origin: null`, which the hub refuses as a cross-site request.)

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn MailedLinkPage(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <Title text=title/>
        <Meta name="robots" content="noindex"/>
        <Meta name="referrer" content="same-origin"/>
        <div class="narrow">
            <div class="page-head">
                <h1>{title}</h1>
            </div>
            {children()}
        </div>
    }
}
