//! `/admin`: where each part of curating the hub lives.

use super::AdminShell;
use leptos::prelude::*;

#[component]
pub fn AdminHomePage() -> impl IntoView {
    view! {
        <AdminShell title="Admin">
            <div class="page-head">
                <h1>"Admin"</h1>
                <p class="lede">"Keep the hub accurate: add what partners publish, fix what changed, retire what vanished, and see what clinicians look for."</p>
            </div>
            <ul class="admin-sections">
                <li><a href="/admin/resources">"Resources"</a>" — every listing, drafts included; create, edit, publish, move to the trash."</li>
                <li><a href="/admin/resources/new">"New resource"</a></li>
                <li><a href="/admin/catalog">"Bulk upload"</a>" — a catalog file: a dry run first, then apply; or download the whole catalog."</li>
                <li><a href="/admin/audit">"Audit log"</a>" — who changed what, and when."</li>
                <li><a href="/admin/users">"Users"</a>" — roles and disabled accounts."</li>
                <li><a href="/admin/search">"Search analytics"</a>" — top queries, and those that found nothing."</li>
                <li><a href="/admin/synonyms">"Synonyms"</a>" — words search treats as the same."</li>
                <li><a href="/admin/links">"Link check"</a>" — broken and redirected links."</li>
                <li><a href="/admin/credits">"Credits"</a>" — credit types, and the board rules learners start their licences from."</li>
            </ul>
        </AdminShell>
    }
}
