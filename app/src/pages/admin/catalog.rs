//! (being written)

use super::AdminShell;
use leptos::prelude::*;

#[component]
pub fn CatalogPage() -> impl IntoView {
    view! {
        <AdminShell title="Bulk upload">
            <h1>"Bulk upload"</h1>
        </AdminShell>
    }
}
