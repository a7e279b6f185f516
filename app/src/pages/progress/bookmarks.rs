//! `/me/bookmarks`: the learner's saved resources, with the same filters as browse and their
//! private notes. The state lives in the URL, as on browse.

use crate::api::{load_bookmarks, load_calendar_feed, SetCalendarFeed};
use crate::components::card::Card;
use crate::components::copy_button::CopyButton;
use crate::components::filter_sheet::FilterSheet;
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::pagination::Pagination;
use crate::components::signed_in_page::SignedInPage;
use crate::model::CalendarFeed as CalendarFeedState;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyBookmarksPage() -> impl IntoView {
    let query = crate::pages::use_browse_query();
    let data = Resource::new(
        move || query.get(),
        |q| async move {
            match q {
                Ok(q) => load_bookmarks(q.clone()).await.map(|page| (q, page)),
                Err(e) => Err(e),
            }
        },
    );
    view! {
        <Title text="My bookmarks"/>
        <SignedInPage data title="My bookmarks" why="Sign in to see the resources you saved."
            body=|(q, b)| {
                let page = b.page;
                let page_count = page.page_count();
                let total = page.total;
                let notes = b.notes;
                // "Saved" pressed again on a card here un-saves it in place: the count follows
                // (the card stays, so it can be saved again).
                let marks = crate::components::marks::use_marks();
                let here: Vec<String> = page.resources.iter().map(|c| c.slug.clone()).collect();
                let unsaved = RwSignal::new(0i64);
                Effect::new(move |_| {
                    if let Some(Ok(m)) = marks.current.get() {
                        unsaved.set(here.iter().filter(|s| !m.is_bookmarked(s)).count() as i64);
                    }
                });
                let filtered = q.is_filtered();
                let count = move || match (total - unsaved.get(), filtered) {
                    (0, false) => "You haven't bookmarked anything yet.".to_string(),
                    (0, true) => "None of your bookmarks match these filters.".to_string(),
                    (1, _) => "1 bookmark".to_string(),
                    (n, _) => format!("{n} bookmarks"),
                };
                view! {
                    <div class="page-head">
                        <h1>"My bookmarks"</h1>
                        <p class="lede">"What you saved to come back to, with your private notes."</p>
                    </div>
                    <div class="browse">
                        <FilterSheet facets=page.facets.clone() action="/me/bookmarks" query=q.clone() total=total.max(0) as u64/>
                        <section class="browse__results" aria-labelledby="results-count">
                            <p id="results-count" class="results-count" role="status">
                                {count}
                            </p>
                            {(total == 0 && !q.is_filtered()).then(|| view! {
                                <p>"Use “Save” on any resource in "<a href="/resources">"browse"</a>" or search."</p>
                            })}
                            <ul class="card-grid" role="list">
                                {page.resources.into_iter().map(|card| {
                                    let note = notes.iter().find(|(s, _)| *s == card.slug).and_then(|(_, n)| n.clone());
                                    view! {
                                        <li>
                                            <Card card/>
                                            {note.map(|n| view! { <p class="bookmark__note"><span class="visually-hidden">"Your note: "</span>{n}</p> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <Pagination current=q.page page_count=page_count href=move |p| {
                                let qs = q.with_page(p).to_query_string();
                                if qs.is_empty() { "/me/bookmarks".to_string() } else { format!("/me/bookmarks?{qs}") }
                            }/>
                        </section>
                    </div>
                    <CalendarFeed/>
                }
            }/>
    }
}

/// The learner's personal calendar feed: the live sessions of what they bookmarked, at a
/// private address their calendar app subscribes to.
#[component]
fn CalendarFeed() -> impl IntoView {
    let action = ServerAction::<SetCalendarFeed>::new();
    let feed = Resource::new(move || action.version().get(), |_| load_calendar_feed());
    let button = move |on: bool, label: &'static str, class: &'static str| {
        view! {
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="on" value=if on { "true" } else { "false" }/>
                <button type="submit" class=class disabled=move || action.pending().get()>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <section id="calendar" aria-labelledby="calendar-title" class="panel" data-focus-key="calendar">
            <h2 id="calendar-title">"Your live sessions in your calendar"</h2>
            <p>"Subscribe to a private address in your calendar app (Google Calendar, Outlook, Apple Calendar) and the sessions of the courses you bookmark appear there, kept up to date as you save and remove bookmarks."</p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match feed.await {
                        Ok(CalendarFeedState { on: true, url }) => view! {
                            {match url {
                                Some(url) => {
                                    // The same address for calendar apps that subscribe by link.
                                    let webcal = url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
                                    let google = format!("https://calendar.google.com/calendar/r?cid={}", crate::query::encode(&webcal));
                                    view! {
                                    <div class="field">
                                        <label for="calendar-url">"Your private calendar address"</label>
                                        <div class="copy-row">
                                            <input id="calendar-url" type="text" readonly value=url aria-describedby="calendar-hint"/>
                                            <CopyButton target="calendar-url" label="Copy the calendar address" primary=false/>
                                        </div>
                                        <p id="calendar-hint" class="field__hint">
                                            "Copy it into your calendar app now: the hub does not keep a readable copy (so no one can take it from the hub), so it is shown only this once. Anyone with this address can see which sessions you bookmarked; if it was shared by mistake, get a new address and the old one stops working at once."
                                        </p>
                                        <p class="link-row">
                                            <a href=webcal rel="external">"Subscribe in your calendar app"</a>
                                            " · "
                                            <a href=google rel="external noopener noreferrer">"Add to Google Calendar"</a>
                                        </p>
                                    </div>
                                }.into_any() },
                                None => view! {
                                    <p>"Your calendar address is on. It was shown when you made it; if you need it again, get a new address (the old one then stops working, so update your calendar app)."</p>
                                }.into_any(),
                            }}
                            <div class="button-row">
                                {button(true, "Get a new address", "button button--secondary")}
                                {button(false, "Turn off", "button button--secondary")}
                            </div>
                        }.into_any(),
                        Ok(CalendarFeedState { on: false, .. }) => button(true, "Create my calendar address", "button").into_any(),
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
