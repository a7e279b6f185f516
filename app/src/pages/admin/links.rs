//! (being written)

use super::AdminShell;
use leptos::prelude::*;

#[component]
pub fn LinksPage() -> impl IntoView {
    view! {
        <AdminShell title="Link check">
            <h1>"Link check"</h1>
        </AdminShell>
    }
}
