//! `/`: what a palliative care champion is, what to start with, and ways into the catalog.

use crate::api::load_home;
use crate::components::card::CardGrid;
use crate::components::loading::{ErrorPanel, Loading};
use crate::model::HomeData;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_home());
    view! {
        <Title text=""/>
        <Meta name="description" content="Champion Hub: palliative care education for clinicians who champion palliative care in their team — courses, module series, recorded sessions, fellowships and certificate programs."/>
        <section class="hero" aria-labelledby="hero-title">
            <h1 id="hero-title">"Learn palliative care. Bring it to your team."</h1>
            <p class="lede">
                "A palliative care champion is a clinician who keeps building their own palliative care "
                "knowledge and carries it into everyday practice. Champions:"
            </p>
            <ul class="champion-list">
                <li>"raise the bar for communication and shared decision making;"</li>
                <li>"push for palliative care services, education and research to be woven into care;"</li>
                <li>"work so that every patient with a serious illness can get palliative care;"</li>
                <li>"encourage and support colleagues, from within their own team, to learn these skills and make them standard practice."</li>
            </ul>
            <p><a class="button" href="/pathways/champion-starter-path">"Start the champion's path"</a>" "
               <a class="button button--quiet" href="/resources">"Browse everything"</a></p>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(home) => view! { <HomeSections home/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e nested=true/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HomeSections(home: HomeData) -> impl IntoView {
    view! {
        <section class="section" aria-labelledby="entry-title">
            <h2 id="entry-title">"Find what you need"</h2>
            <div class="entry-points">
                <nav aria-label="By kind of resource">
                    <h3>"By kind"</h3>
                    <ul class="chip-list" role="list">
                        {home.kinds.iter().filter(|k| k.count > 0).map(|k| view! {
                            <li><a class="chip" href=format!("/resources?kind={}", k.kind.as_str())>
                                {k.kind.plural_label()} <span class="chip__count">{k.count}</span>
                            </a></li>
                        }).collect_view()}
                    </ul>
                </nav>
                <nav aria-label="By patient population">
                    <h3>"By patients you care for"</h3>
                    <ul class="chip-list" role="list">
                        {home.audiences.iter().map(|a| view! {
                            <li><a class="chip" href=format!("/resources?audience={}", a.value)>
                                {format!("{} care", a.label)} <span class="chip__count">{a.count}</span>
                            </a></li>
                        }).collect_view()}
                    </ul>
                </nav>
            </div>
        </section>
        {home.starter.map(|p| view! {
            <section class="section" aria-labelledby="starter-title">
                <h2 id="starter-title">{p.title.clone()}</h2>
                {p.summary.clone().map(|s| view! { <p>{s}</p> })}
                <ol class="path-steps">
                    {p.steps.into_iter().map(|s| view! {
                        <li>
                            <a href=format!("/resources/{}", s.slug)>{s.title}</a>
                            <span class="path-steps__kind">{s.kind.label()}</span>
                        </li>
                    }).collect_view()}
                </ol>
                <p><a href=format!("/pathways/{}", p.slug)>"Open the path"</a></p>
            </section>
        })}
        <section class="section" aria-labelledby="featured-title">
            <h2 id="featured-title">"Featured"</h2>
            <CardGrid cards=home.featured/>
        </section>
        {(home.pathways.len() > 1).then(|| view! {
            <section class="section" aria-labelledby="paths-title">
                <h2 id="paths-title">"Pathways"</h2>
                <ul class="link-list">
                    {home.pathways.into_iter().map(|p| view! {
                        <li><a href=format!("/pathways/{}", p.slug)>{p.title}</a>
                            {format!(" — {} steps", p.step_count)}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <p class="muted">{format!("{} resources in the catalog.", home.total)}</p>
    }
}
