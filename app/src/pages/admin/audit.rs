//! (being written)

use super::AdminShell;
use leptos::prelude::*;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <AdminShell title="Audit log">
            <h1>"Audit log"</h1>
        </AdminShell>
    }
}
