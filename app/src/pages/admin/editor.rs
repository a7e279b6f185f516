//! (being written)

use super::AdminShell;
use leptos::prelude::*;

#[component]
pub fn EditorPage() -> impl IntoView {
    view! {
        <AdminShell title="Resources">
            <h1>"Resources"</h1>
        </AdminShell>
    }
}
