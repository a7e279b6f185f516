//! (being written)

use super::AdminShell;
use leptos::prelude::*;

#[component]
pub fn SynonymsPage() -> impl IntoView {
    view! {
        <AdminShell title="Synonyms">
            <h1>"Synonyms"</h1>
        </AdminShell>
    }
}
