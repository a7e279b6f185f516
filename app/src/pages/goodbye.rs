//! `/goodbye`: after an account is deleted.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn GoodbyePage() -> impl IntoView {
    view! {
        <Title text="Account deleted"/>
        <div class="narrow page-head">
            <h1>"Your account is deleted"</h1>
            <p class="lede">"Your account, bookmarks, progress, quiz attempts and certificates have been removed from the hub."</p>
            <p><a href="/">"Back to the home page"</a></p>
        </div>
    }
}
