//! Page links for a list whose whole state is in the URL.

use crate::query::BrowseQuery;
use leptos::prelude::*;

#[component]
pub fn Pagination(base: &'static str, query: BrowseQuery, page_count: u32) -> impl IntoView {
    let current = query.page;
    let href = move |page: u32| {
        let qs = query.with_page(page).to_query_string();
        if qs.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{qs}")
        }
    };
    (page_count > 1).then(|| {
        view! {
            <nav class="pagination" aria-label="Pages">
                <ul>
                    {(current > 1).then(|| view! { <li><a rel="prev" href=href(current - 1)>"← Previous"</a></li> })}
                    {(1..=page_count)
                        .map(|p| {
                            if p == current {
                                view! { <li><a aria-current="page" href=href(p)>{p}</a></li> }.into_any()
                            } else {
                                view! { <li><a href=href(p)>{p}</a></li> }.into_any()
                            }
                        })
                        .collect_view()}
                    {(current < page_count).then(|| view! { <li><a rel="next" href=href(current + 1)>"Next →"</a></li> })}
                </ul>
            </nav>
        }
    })
}
