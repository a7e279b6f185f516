//! (being written)

use super::AdminShell;
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <AdminShell title="Users">
            <h1>"Users"</h1>
        </AdminShell>
    }
}
