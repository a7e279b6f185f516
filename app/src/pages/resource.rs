//! `/resources/{slug}`: everything the catalog holds about one resource, laid out for a clinician.

use crate::api::{load_learning, load_resource};
use crate::components::card::CardGrid;
use crate::components::learning_panel::{LearningActions, LearningPanel, UnitControls};
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::schedule::ScheduleView;
use crate::components::sign_in_prompt::sign_in_href;
use crate::model::{audience_label, format_label, term_label, ResourceDetail, ResourceLearning, When};
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn ResourcePage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, load_resource);
    let actions = LearningActions::new();
    // The learner's own state loads again after each of their changes on this page.
    let learning = Resource::new(move || (slug(), actions.version()), |(slug, _)| load_learning(slug));
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let detail = data.await;
                // The catalog page still shows if the learner's part fails.
                let learning = learning.await.ok().flatten();
                match detail {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Ok(Some(detail)) => view! { <Detail detail learning actions/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn term_links(name: &'static str, terms: &[String]) -> impl IntoView {
    let terms = terms.to_vec();
    view! {
        <ul class="chip-list" role="list">
            {terms.into_iter().map(|t| view! {
                <li><a class="chip" href=format!("/resources?{name}={t}")>{term_label(&t)}</a></li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub(crate) fn Detail(
    detail: ResourceDetail,
    learning: Option<ResourceLearning>,
    actions: LearningActions,
) -> impl IntoView {
    let card = detail.card.clone();
    let slug = card.slug.clone();
    let unit_of = {
        let learning = learning.clone();
        move |item: &str| {
            learning
                .as_ref()
                .and_then(|l| l.progress.units.iter().find(|u| u.slug == item).cloned())
        }
    };
    let certified = learning.as_ref().is_some_and(|l| l.progress.certified);
    let kind = card.kind;
    let mut facts: Vec<(&'static str, AnyView)> = Vec::new();
    if let Some(p) = &card.provider {
        facts.push((
            "Offered by",
            view! { <a href=format!("/resources/{}", p.slug)>{p.title.clone()}</a> }.into_any(),
        ));
    }
    if let Some(f) = &card.format {
        facts.push(("Format", format_label(f).to_string().into_any()));
    }
    if let Some(d) = &card.duration {
        facts.push(("Duration", d.clone().into_any()));
    }
    if let Some(d) = &card.dates {
        let starts = detail.starts_on.clone().unwrap_or_default();
        let when = card.when.map(|w| {
            let class = if w == When::Past { "badge badge--past" } else { "badge" };
            view! { <span class=class>{w.label()}</span> }
        });
        facts.push((
            "Dates",
            view! { <time datetime=starts>{d.clone()}</time> {when} }.into_any(),
        ));
    }
    if let Some(l) = &detail.location {
        facts.push(("Location", l.clone().into_any()));
    }
    if let Some(cost) = &detail.cost {
        let notes = cost.notes.clone();
        facts.push((
            // The fees of an edition that has ended are history, not an offer.
            if detail.past { "Cost when it ran" } else { "Cost" },
            view! {
                <span class="fact--cost">{cost.label.clone()}</span>
                {notes.map(|n| view! { <p class="fact__notes">{n}</p> })}
            }
            .into_any(),
        ));
    }
    if !card.credits.is_empty() {
        let credits = card.credits.clone();
        facts.push((
            "Credits",
            view! { <ul class="plain-list">{credits.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul> }
                .into_any(),
        ));
    }
    if !card.audiences.is_empty() {
        let a = card
            .audiences
            .iter()
            .map(|a| audience_label(a).to_string())
            .collect::<Vec<_>>()
            .join(", ");
        facts.push(("Patients", a.into_any()));
    }
    if !detail.disciplines.is_empty() {
        facts.push(("Disciplines", term_links("discipline", &detail.disciplines).into_any()));
    }
    if !detail.specialties.is_empty() {
        let s = detail
            .specialties
            .iter()
            .map(|t| term_label(t))
            .collect::<Vec<_>>()
            .join(", ");
        facts.push(("Specialties", s.into_any()));
    }
    if let Some(lang) = detail.language.clone().filter(|l| l != "en") {
        facts.push(("Language", lang.into_any()));
    }
    let description = card.summary.chars().take(300).collect::<String>();
    let item_heading = match kind {
        crate::model::Kind::Course => "Sessions",
        crate::model::Kind::RecordedSession => "Segments",
        _ => "What's inside",
    };
    view! {
        <Title text=card.title.clone()/>
        <Meta name="description" content=description.clone()/>
        // How the page looks when shared (Open Graph, Twitter cards) and which address is its own.
        <Link rel="canonical" href=detail.page_url.clone()/>
        <Meta property="og:type" content="website"/>
        <Meta property="og:site_name" content="Champion Hub"/>
        <Meta property="og:title" content=card.title.clone()/>
        <Meta property="og:description" content=description.clone()/>
        <Meta property="og:url" content=detail.page_url.clone()/>
        <Meta name="twitter:card" content="summary"/>
        <Meta name="twitter:title" content=card.title.clone()/>
        <Meta name="twitter:description" content=description/>
        // schema.org data for search engines: JSON the server made safe for a script element,
        // written as is. Hydration leaves the served text in place (the browser's copy of the
        // data leaves it out); a page reached by a link inside the hub has an empty block, which
        // no crawler sees. It carries the page's nonce, as every script element does.
        <script type="application/ld+json" nonce=use_nonce() inner_html=detail.structured_data.clone()></script>
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <ol>
                <li><a href="/">"Home"</a></li>
                <li><a href=format!("/resources?kind={}", kind.as_str())>{kind.plural_label()}</a></li>
                <li aria-current="page">{card.title.clone()}</li>
            </ol>
        </nav>
        <article class="detail">
            <header class="page-head">
                <p class="eyebrow">{kind.label()}</p>
                <h1>{card.title.clone()}</h1>
                <p class="lede">{card.summary.clone()}</p>
                {detail.past.then(|| {
                    let ended = detail.ends_on.clone().or(detail.starts_on.clone()).unwrap_or_default();
                    let dates = card.dates.clone().unwrap_or_default();
                    view! {
                        <p class="notice notice--warn notice--past" role="note">
                            <strong>"This has ended."</strong>
                            " It ran " <time datetime=ended>{dates}</time>
                            ". Its dates, fees and schedule below are those of that edition; the provider's page says whether it runs again."
                        </p>
                    }
                })}
                {match (&detail.url, &detail.provider_site, &card.provider) {
                    // No address of its own: say so, and where it can be found.
                    (None, Some(site), Some(provider)) => Some(view! {
                        <p class="where-to-find">
                            "The hub has no link to this resource's own page. "
                            <a href=site.clone() rel="noopener noreferrer external">
                                {format!("Look for it on the site of {}", provider.title)}
                            </a>
                            {format!(" ({}).", site_host(site))}
                        </p>
                    }),
                    _ => None,
                }}
                {detail.url.clone().map(|u| {
                    // A resource without items is one unit: opening it through the hub starts it.
                    let href = if detail.items.is_empty() { format!("/go/{}/{}", card.slug, card.slug) } else { u };
                    view! {
                    <p><a class="button" href=href rel="noopener noreferrer external">
                        {if kind == crate::model::Kind::Organization { "Visit their website" } else { "Go to the provider's page" }}
                        <span class="visually-hidden">" (opens the provider's site)"</span>
                    </a></p>
                }})}
            </header>
            <div class="detail__layout">
                {view! { <aside class="detail__aside" aria-label="Your learning and key facts">
                    {learning.clone().map(|l| view! { <LearningPanel title=card.title.clone() learning=l actions/> })}
                    <h2 class="visually-hidden">"Key facts"</h2>
                    <dl class="facts">
                        {facts.into_iter().map(|(label, value)| view! {
                            <div class="facts__row"><dt>{label}</dt><dd>{value}</dd></div>
                        }).collect_view()}
                    </dl>
                    // Signed out, the facts come first: on a phone they are what a visitor
                    // came for, and the invitation to sign in can wait below them.
                    {learning.is_none().then(|| view! {
                        <p class="learning-invite">
                            <a href=sign_in_href(&format!("/resources/{}", card.slug))>"Sign in"</a>
                            " to bookmark this and track your progress."
                        </p>
                    })}
                </aside> }.into_any()}
                {view! { <div class="detail__main">
                    {detail.body_html.clone().map(|html| view! {
                        <section class="prose" aria-label="Description" inner_html=html></section>
                    })}
                    {detail.schedule.clone().map(|s| {
                        let ics = format!("/resources/{slug}/calendar.ics");
                        let past = detail.past;
                        view! {
                            <ScheduleView schedule=s/>
                            // A file, not a page: the router must let the browser fetch it. Sessions
                            // that are over have no place in a calendar.
                            {(!past).then(|| view! {
                                <p class="schedule__calendar">
                                    <a href=ics rel="external" download>"Add the schedule to your calendar (.ics)"</a>
                                </p>
                            })}
                        }
                    })}
                    {(!detail.items.is_empty()).then(|| {
                        let items = detail.items.clone();
                        view! {
                            <section aria-labelledby="items-title">
                                <h2 id="items-title">{item_heading}</h2>
                                <p class="items__summary">{items_summary(&items.iter().map(|i| i.kind_label.as_str()).collect::<Vec<_>>())}</p>
                                <ol class="items">
                                    {items.into_iter().map(|it| {
                                        let unit = unit_of(&it.slug);
                                        let go = format!("/go/{}/{}", slug, it.slug);
                                        let slug = slug.clone();
                                        view! {
                                        <li class="item" id=format!("item-{}", it.slug)>
                                            <p class="item__kind">{it.kind_label.clone()}
                                                {it.duration.clone().map(|d| format!(" · {d}"))}
                                                {(it.question_count > 0).then(|| format!(" · {} questions", it.question_count))}
                                            </p>
                                            <h3 class="item__title">
                                                // Through the hub's own link, so opening it marks it started.
                                                {match it.url.clone() {
                                                    Some(_) => view! { <a href=go rel="external">{it.title.clone()}</a> }.into_any(),
                                                    None => it.title.clone().into_any(),
                                                }}
                                            </h3>
                                            {it.summary.clone().map(|s| view! { <p class="item__summary">{s}</p> })}
                                            {unit.map(|unit| view! { <UnitControls slug unit certified actions/> })}
                                        </li>
                                    }}).collect_view()}
                                </ol>
                            </section>
                        }
                    })}
                    {(!detail.provides.is_empty()).then(|| {
                        let provides = detail.provides.clone();
                        view! {
                            <section aria-labelledby="provides-title">
                                <h2 id="provides-title">"Resources they provide"</h2>
                                <CardGrid cards=provides/>
                            </section>
                        }
                    })}
                </div> }.into_any()}
                {view! { <section class="detail__more" aria-label="Topics, tags and pathways">
                    {(!detail.topics.is_empty()).then(|| view! {
                        <h2>"Topics"</h2>
                        {term_links("topic", &detail.topics)}
                    })}
                    {(!detail.tags.is_empty()).then(|| {
                        let tags = detail.tags.clone();
                        view! {
                            <h2>"Tags"</h2>
                            <ul class="chip-list" role="list">
                                {tags.into_iter().map(|t| view! { <li><span class="chip chip--static">{t}</span></li> }).collect_view()}
                            </ul>
                        }
                    })}
                    {(!detail.pathways.is_empty()).then(|| {
                        let paths = detail.pathways.clone();
                        view! {
                            <h2>"Part of"</h2>
                            <ul class="link-list">
                                {paths.into_iter().map(|p| view! { <li><a href=format!("/pathways/{}", p.slug)>{p.title}</a></li> }).collect_view()}
                            </ul>
                        }
                    })}
                </section> }.into_any()}
            </div>
        </article>
    }
}

/// "www.sgo.org" from "https://www.sgo.org/…": what a person recognizes of an address.
fn site_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// "7 items: 5 presentations, 1 case guide and 1 quiz": what progress counts, said up front (a
/// summary that says "five presentations" beside a count of 7 reads as a mistake otherwise).
fn items_summary(kinds: &[&str]) -> String {
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for kind in kinds {
        match counted.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => counted.push((kind, 1)),
        }
    }
    let parts: Vec<String> = counted
        .iter()
        .map(|(kind, n)| {
            let word = kind.to_lowercase();
            if *n == 1 {
                format!("1 {word}")
            } else if word.ends_with('s') {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        })
        .collect();
    let total = if kinds.len() == 1 {
        "1 item".to_string()
    } else {
        format!("{} items", kinds.len())
    };
    match parts.as_slice() {
        [] => total,
        [only] if kinds.len() == 1 => only.clone(),
        [one] => format!("{total}: {one}"),
        [rest @ .., last] => format!("{total}: {} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::items_summary;

    #[test]
    fn the_items_are_counted_by_kind() {
        assert_eq!(
            items_summary(&["Presentation", "Presentation", "Case guide", "Quiz"]),
            "4 items: 2 presentations, 1 case guide and 1 quiz"
        );
        assert_eq!(items_summary(&["Segment", "Segment"]), "2 items: 2 segments");
        assert_eq!(items_summary(&["Quiz"]), "1 quiz");
    }
}
