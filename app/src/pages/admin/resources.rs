//! (being written)

use super::AdminShell;
use leptos::prelude::*;

#[component]
pub fn ResourcesPage() -> impl IntoView {
    view! {
        <AdminShell title="Resources">
            <h1>"Resources"</h1>
        </AdminShell>
    }
}
