//! (being written)

use super::AdminShell;
use leptos::prelude::*;

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    view! {
        <AdminShell title="Search analytics">
            <h1>"Search analytics"</h1>
        </AdminShell>
    }
}
