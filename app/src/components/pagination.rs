//! Page links for a list whose whole state is in the URL.

use leptos::prelude::*;

/// Pages linked on either side of the current one.
const AROUND: u32 = 2;

/// The pages to link, in order, with `None` where a run of pages is left out: the first, the
/// last, and the current one with its neighbours. A list of 100,000 resources has 8,334 pages;
/// linking each one made the page 400 KB, and nobody scrolls a list of page numbers.
pub fn window(current: u32, page_count: u32) -> Vec<Option<u32>> {
    if page_count == 0 {
        return Vec::new();
    }
    let current = current.clamp(1, page_count);
    let near = current.saturating_sub(AROUND).max(1)..=current.saturating_add(AROUND).min(page_count);
    let mut pages: Vec<Option<u32>> = Vec::new();
    for p in std::iter::once(1).chain(near).chain(std::iter::once(page_count)) {
        let last = pages.last().copied().flatten().unwrap_or(0);
        if p <= last {
            continue;
        }
        // A gap of one page shows that page: "…" would be as wide as its number.
        if p == last + 2 {
            pages.push(Some(last + 1));
        } else if p > last + 2 && last > 0 {
            pages.push(None);
        }
        pages.push(Some(p));
    }
    pages
}

/// `href(page)` gives the address of each page.
#[component]
pub fn Pagination(current: u32, page_count: u32, href: impl Fn(u32) -> String + 'static) -> impl IntoView {
    (page_count > 1).then(|| {
        view! {
            <nav class="pagination" aria-label="Pages">
                <ul>
                    {(current > 1).then(|| view! { <li><a rel="prev" href=href(current - 1)>"← Previous"</a></li> })}
                    {window(current, page_count)
                        .into_iter()
                        .map(|p| match p {
                            Some(p) if p == current => {
                                view! { <li><a aria-current="page" href=href(p) aria-label=format!("Page {p}")>{p}</a></li> }
                                    .into_any()
                            }
                            Some(p) => view! { <li><a href=href(p) aria-label=format!("Page {p}")>{p}</a></li> }.into_any(),
                            // A gap says so to a screen reader too: the numbers skip.
                            None => view! { <li class="pagination__gap"><span aria-label="pages left out">"…"</span></li> }.into_any(),
                        })
                        .collect_view()}
                    {(current < page_count).then(|| view! { <li><a rel="next" href=href(current + 1)>"Next →"</a></li> })}
                </ul>
            </nav>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::window;

    fn shown(current: u32, count: u32) -> String {
        window(current, count)
            .into_iter()
            .map(|p| p.map_or("…".to_string(), |p| p.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_short_list_links_every_page() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(2, 5), "1 2 3 4 5");
        assert_eq!(shown(4, 7), "1 2 3 4 5 6 7");
    }

    #[test]
    fn a_long_list_links_its_ends_and_the_neighbourhood_of_the_current_page() {
        assert_eq!(shown(1, 8334), "1 2 3 … 8334");
        assert_eq!(shown(5, 8334), "1 2 3 4 5 6 7 … 8334");
        assert_eq!(shown(6, 8334), "1 … 4 5 6 7 8 … 8334");
        assert_eq!(shown(4170, 8334), "1 … 4168 4169 4170 4171 4172 … 8334");
        assert_eq!(shown(8334, 8334), "1 … 8332 8333 8334");
        assert_eq!(shown(8330, 8334), "1 … 8328 8329 8330 8331 8332 8333 8334");
    }

    #[test]
    fn a_gap_of_one_page_shows_the_page_instead() {
        // "1 … 3" would hide a single page behind a mark as wide as its number.
        assert_eq!(shown(5, 9), "1 2 3 4 5 6 7 8 9");
        assert_eq!(shown(5, 10), "1 2 3 4 5 6 7 … 10");
    }

    #[test]
    fn a_page_past_the_end_is_read_as_the_last() {
        assert_eq!(shown(9999, 20), "1 … 18 19 20");
        assert_eq!(shown(0, 20), "1 2 3 … 20");
        assert!(window(1, 0).is_empty());
    }
}
