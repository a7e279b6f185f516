//! `/pathways/{slug}`: a curated, ordered path through resources.

use crate::api::{load_pathway, load_pathway_progress};
use crate::components::card::Card;
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::progress_bar::ProgressBar;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn PathwayPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, load_pathway);
    let mine = Resource::new(slug, load_pathway_progress);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let mine = mine.await.ok().flatten();
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Ok(Some(p)) => view! {
                        <Title text=p.title.clone()/>
                        <Meta name="description" content=p.summary.clone().unwrap_or_else(|| p.title.clone())/>
                        <nav class="breadcrumbs" aria-label="Breadcrumb">
                            <ol><li><a href="/">"Home"</a></li><li aria-current="page">"Pathway"</li></ol>
                        </nav>
                        <div class="page-head">
                            <p class="eyebrow">"Pathway · " {format!("{} steps", p.steps.len())}</p>
                            <h1>{p.title.clone()}</h1>
                            {p.summary.clone().map(|s| view! { <p class="lede">{s}</p> })}
                            {mine.map(|m| view! {
                                <div class="learning">
                                    <ProgressBar percent=m.percent label=format!("Your progress on the pathway {}", m.title)/>
                                    <p class="learning__count">{steps_line(m.steps_completed, m.steps, m.percent)}</p>
                                </div>
                            })}
                        </div>
                        <ol class="pathway" role="list">
                            {p.steps.into_iter().enumerate().map(|(i, card)| view! {
                                <li class="pathway__step">
                                    <span class="pathway__number" aria-hidden="true">{i + 1}</span>
                                    <div class="pathway__card">
                                        <p class="visually-hidden">{format!("Step {}", i + 1)}</p>
                                        <Card card/>
                                    </div>
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The steps finished, and why the bar can move before any is: it counts the items done
/// inside each step ("1% complete" beside "0 of 8 steps" reads as a contradiction).
fn steps_line(done: usize, steps: usize, percent: u8) -> String {
    let mut line = format!("{done} of {steps} steps finished");
    if percent > 0 && percent < 100 {
        line.push_str(" · the bar counts the items done within each step");
    }
    line
}
