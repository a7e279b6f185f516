//! Page links for a list whose whole state is in the URL.

use leptos::prelude::*;

/// `href(page)` gives the address of each page.
#[component]
pub fn Pagination(current: u32, page_count: u32, href: impl Fn(u32) -> String + 'static) -> impl IntoView {
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
