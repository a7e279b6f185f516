//! `/me`: "My learning": where to pick up, what is in progress and done, bookmarks, pathways,
//! the credits completed activities offer (a personal record), and certificates.

use crate::api::load_dashboard;
use crate::components::progress_bar::ProgressBar;
use crate::components::signed_in_page::SignedInPage;
use crate::model::{Dashboard, ResourceProgress};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyLearningPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_dashboard());
    view! {
        <SignedInPage data=data title="My learning" why="Sign in to follow your learning: progress, bookmarks, credits and certificates."
            body=|d| view! { <DashboardView d/> }/>
    }
}

fn resource_list(list: Vec<ResourceProgress>) -> impl IntoView {
    view! {
        <ul class="progress-list" role="list">
            {list.into_iter().map(|r| view! {
                <li class="progress-list__item">
                    <p class="card__kind">{r.kind.label()}</p>
                    <h3 class="progress-list__title"><a href=format!("/resources/{}", r.slug)>{r.title.clone()}</a></h3>
                    <ProgressBar percent=r.percent label=format!("Your progress on {}", r.title)/>
                    {(r.total > 1).then(|| view! { <p class="learning__count">{format!("{} of {} done", r.completed, r.total)}</p> })}
                    {r.units.iter().any(|u| u.self_reported).then(|| view! { <p class="badge badge--muted">"Self-reported"</p> })}
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn DashboardView(d: Dashboard) -> impl IntoView {
    let first_name = d.account.name.split_whitespace().next().unwrap_or("").to_string();
    let empty = d.in_progress.is_empty() && d.completed.is_empty() && d.bookmarks.is_empty();
    let query = crate::pages::use_query();
    let confirmed_now = query.read_untracked().get("done").as_deref() == Some("confirmed");
    // A first visit shows "Start here" and what there is, not a column of empty sections.
    view! {
        <Title text="My learning"/>
        <div class="page-head">
            <p class="eyebrow">{if d.account.is_champion() { "Champion" } else { "Learner" }}</p>
            <h1>"My learning"</h1>
            // Nothing recorded yet reads as a first visit.
            <p class="lede">{if empty { format!("Welcome, {first_name}.") } else { format!("Welcome back, {first_name}.") }}</p>
            {confirmed_now.then(|| view! { <p class="notice" role="status">"Your email is confirmed. Welcome to Champion Hub."</p> })}
        </div>
        {(!d.account.email_confirmed).then(|| view! {
            <p class="notice notice--warn">
                {format!("Confirm your email: follow the link we sent to {}. Until then you can learn as usual, but not lead or join a team. ", d.account.email)}
                <a href="/account#email-status">"Send a new link"</a>
            </p>
        })}
        {empty.then(|| view! {
            <section class="panel">
                <h2>"Start here"</h2>
                <p>"Nothing recorded yet. Try the "<a href="/pathways/champion-starter-path">"champion starter path"</a>
                   ", "<a href="/resources">"browse the catalog"</a>", or search for a topic. Bookmark what you want to come back to; open or mark items to track your progress."</p>
                <p>"As you learn, this page gathers what you have in progress and completed, your bookmarks, pathways, credits, certificates and teams."</p>
            </section>
        })}
        {d.continue_at.clone().map(|c| {
            let href = match &c.next_unit {
                Some(unit) if *unit != c.resource.slug => format!("/resources/{}#item-{unit}", c.resource.slug),
                _ => format!("/resources/{}", c.resource.slug),
            };
            let next_title = c.next_unit.as_ref().and_then(|u| c.resource.units.iter().find(|x| &x.slug == u)).map(|u| u.title.clone());
            view! {
                <section class="panel continue" aria-labelledby="continue-title">
                    <h2 id="continue-title">"Continue where you left off"</h2>
                    <p class="continue__title"><a href=href.clone()>{c.resource.title.clone()}</a></p>
                    <ProgressBar percent=c.resource.percent label=format!("Your progress on {}", c.resource.title)/>
                    {next_title.filter(|t| *t != c.resource.title).map(|t| view! { <p>"Next: "{t}</p> })}
                    <p><a class="button" href=href>"Continue"</a></p>
                </section>
            }
        })}
        <div class="dashboard">
            {(!(empty && d.in_progress.is_empty())).then(|| view! {
            <section aria-labelledby="in-progress-title">
                <h2 id="in-progress-title">{format!("In progress ({})", d.in_progress.len())}</h2>
                {if d.in_progress.is_empty() { view! { <p>"Nothing in progress."</p> }.into_any() } else { resource_list(d.in_progress).into_any() }}
            </section>
            })}
            {(!(empty && d.completed.is_empty())).then(|| view! {
            <section aria-labelledby="completed-title">
                <h2 id="completed-title">{format!("Completed ({})", d.completed.len())}</h2>
                {if d.completed.is_empty() { view! { <p>"Nothing completed yet."</p> }.into_any() } else { resource_list(d.completed).into_any() }}
            </section>
            })}
            {(!(empty && d.pathways.is_empty())).then(|| view! {
            <section aria-labelledby="pathways-title">
                <h2 id="pathways-title">"Pathways"</h2>
                {if d.pathways.is_empty() {
                    view! { <p>"You haven't started a pathway. The "<a href="/pathways/champion-starter-path">"champion starter path"</a>" is a good first one."</p> }.into_any()
                } else {
                    view! {
                        <ul class="progress-list" role="list">
                            {d.pathways.into_iter().map(|p| view! {
                                <li class="progress-list__item">
                                    <h3 class="progress-list__title"><a href=format!("/pathways/{}", p.slug)>{p.title.clone()}</a></h3>
                                    <ProgressBar percent=p.percent label=format!("Your progress on the pathway {}", p.title)/>
                                    <p class="learning__count">{format!("{} of {} steps finished", p.steps_completed, p.steps)}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            })}
            {(!(empty && d.credits.is_empty())).then(|| view! {
            <section aria-labelledby="credits-title">
                <h2 id="credits-title">"Credits offered by what you completed"</h2>
                <p class="field__hint">"A personal record of the credits these activities offer, not an official transcript. Credit is claimed from, and certified by, each provider."</p>
                <p><a href="/me/credits">"Your licences, what each cycle still needs, and credit from elsewhere"</a></p>
                {if d.credits.is_empty() {
                    view! { <p>"None yet."</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <thead><tr><th scope="col">"Credit type"</th><th scope="col">"Offered"</th><th scope="col">"Activities"</th></tr></thead>
                            <tbody>
                                {d.credits.into_iter().map(|c| view! {
                                    <tr><td>{c.credit_type}</td><td>{c.amount}</td><td>{c.activities}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>
            })}
            {(!(empty && d.certificates.is_empty())).then(|| view! {
            <section aria-labelledby="certificates-title">
                <h2 id="certificates-title">"Certificates"</h2>
                {if d.certificates.is_empty() {
                    view! { <p>"Complete a module series, recorded session, course or pathway to earn a completion certificate."</p> }.into_any()
                } else {
                    view! {
                        <ul class="link-list">
                            {d.certificates.into_iter().map(|c| view! {
                                <li>
                                    <a href=format!("/certificates/{}", c.code)>{c.title.clone()}</a>
                                    {format!(" · {} · completed {}{} · code ", c.subject_label, crate::model::dates::day(&c.completed_on), if c.self_reported { " (partly self-reported)" } else { "" })}
                                    <code>{c.code.clone()}</code>
                                    {c.revoked_at.is_some().then(|| view! { " · " <strong class="revoked">"Revoked"</strong> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            })}
            {(!(empty && d.bookmarks.is_empty())).then(|| view! {
            <section aria-labelledby="bookmarks-title">
                <h2 id="bookmarks-title">{format!("Bookmarked ({})", d.bookmarks.len())}</h2>
                {if d.bookmarks.is_empty() {
                    view! { <p>"No bookmarks yet. Use “Save” on any resource."</p> }.into_any()
                } else {
                    let more = d.bookmarks.len() > 5;
                    view! {
                        <ul class="link-list">
                            {d.bookmarks.into_iter().take(5).map(|b| view! {
                                <li><a href=format!("/resources/{}", b.resource.slug)>{b.resource.title.clone()}</a>
                                    {b.note.map(|n| view! { <span class="bookmark__note">{format!(" · {n}")}</span> })}</li>
                            }).collect_view()}
                        </ul>
                        <p><a href="/me/bookmarks">{if more { "See all your bookmarks" } else { "Your bookmarks, with filters" }}</a></p>
                    }.into_any()
                }}
            </section>
            })}
            {(!(empty && d.teams.is_empty())).then(|| view! {
            <section aria-labelledby="teams-title">
                <h2 id="teams-title">"Your teams"</h2>
                {if d.teams.is_empty() {
                    view! { <p>"Not in a team yet. A champion can send you an invite link; champions create teams on the "<a href="/teams">"Teams"</a>" page."</p> }.into_any()
                } else {
                    view! {
                        <ul class="link-list">
                            {d.teams.into_iter().map(|t| {
                                let about = if t.leading { " · you lead it".to_string() } else { format!(" · led by {}", t.champion_name) };
                                view! { <li><a href=format!("/teams/{}", t.id)>{t.name}</a><span class="bookmark__note">{about}</span></li> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            })}
            {(!(empty && d.shared_collections.is_empty())).then(|| view! {
            <section aria-labelledby="shared-collections-title">
                <h2 id="shared-collections-title">"Shared with your teams"</h2>
                {if d.shared_collections.is_empty() {
                    view! { <p>"No collections yet. When someone in your team shares a collection of resources with it, it appears here; "<a href="/collections">"start your own"</a>" too."</p> }.into_any()
                } else {
                    view! {
                        <ul class="link-list">
                            {d.shared_collections.into_iter().map(|c| {
                                let about = format!(" · by {} · {}", c.owner_name, crate::pages::collections::resources(c.entries));
                                view! { <li><a href=format!("/collections/{}", c.id)>{c.name}</a><span class="bookmark__note">{about}</span></li> }
                            }).collect_view()}
                        </ul>
                        <p><a href="/collections">"All your collections"</a></p>
                    }.into_any()
                }}
            </section>
            })}
        </div>
        <p class="field__hint">"Your data: "<a href="/api/v1/me/export" rel="external">"download a copy of everything"</a>" · "<a href="/api/v1/me/export?format=csv" rel="external">"progress (CSV)"</a></p>
    }
}
