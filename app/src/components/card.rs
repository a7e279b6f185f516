//! A resource as a card: what it is, who offers it, and the facts that decide a click.

use crate::components::bookmark_toggle::BookmarkToggle;
use crate::components::marks::use_marks;
use crate::components::progress_bar::ProgressBar;
use crate::model::{audience_label, format_label, ResourceCard, When};
use leptos::prelude::*;

#[component]
pub fn Card(card: ResourceCard) -> impl IntoView {
    let href = format!("/resources/{}", card.slug);
    let title_id = format!("card-{}", card.slug);
    let labelled_by = title_id.clone();
    let audiences = card
        .audiences
        .iter()
        .map(|a| audience_label(a).to_string())
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <article class="card" aria-labelledby=labelled_by>
            <p class="card__kind">{card.kind.label()}</p>
            <h3 class="card__title" id=title_id>
                <a href=href>{card.title.clone()}</a>
            </h3>
            {card.provider.clone().map(|p| view! { <p class="card__provider">{p.title}</p> })}
            <p class="card__summary">{card.summary.clone()}</p>
            <CardFacts card=card.clone()/>
            {(!audiences.is_empty()).then(|| view! { <p class="card__audience">"For " {audiences} " care"</p> })}
            <CardLearning slug=card.slug.clone() title=card.title.clone()/>
        </article>
    }
}

/// The facts that decide a click, as a list: format, length, dates and whether they are past,
/// parts, cost and credits. Browse cards and search results show the same.
#[component]
pub fn CardFacts(card: ResourceCard) -> impl IntoView {
    let mut facts: Vec<String> = Vec::new();
    if let Some(f) = &card.format {
        facts.push(format_label(f).to_string());
    }
    if let Some(d) = &card.duration {
        facts.push(d.clone());
    }
    if card.item_count > 1 {
        facts.push(format!("{} parts", card.item_count));
    }
    let when = card.when.map(|w| {
        let class = match w {
            When::Past => "fact--when fact--past",
            When::Ongoing | When::Upcoming => "fact--when",
        };
        view! { <li class=class>{w.label()}</li> }
    });
    view! {
        <ul class="card__facts">
            {when}
            {card.dates.clone().map(|d| view! { <li>{d}</li> })}
            {facts.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
            {card.cost.clone().map(|c| view! { <li class="fact--cost">{c}</li> })}
            {card.credits.iter().cloned().map(|c| view! { <li class="fact--credit">{c}</li> }).collect_view()}
        </ul>
    }
}

/// For a signed-in learner: their progress on the resource and its bookmark toggle.
#[component]
pub fn CardLearning(slug: String, title: String) -> impl IntoView {
    let marks = use_marks();
    view! {
        <Transition fallback=|| ()>
            {move || {
                let (slug, title) = (slug.clone(), title.clone());
                Suspend::new(async move {
                    let loaded = marks.current.await.ok().filter(|m| m.account.is_some())?;
                    let percent = loaded.percent(&slug);
                    let saved = loaded.is_bookmarked(&slug);
                    let noted = loaded.has_note(&slug);
                    Some(view! {
                        <div class="card__learning">
                            {percent.map(|p| view! { <ProgressBar percent=p label=format!("Your progress on {title}")/> })}
                            <BookmarkToggle slug=slug.clone() title=title.clone() saved noted/>
                        </div>
                    })
                })
            }}
        </Transition>
    }
}

#[component]
pub fn CardGrid(cards: Vec<ResourceCard>) -> impl IntoView {
    view! {
        <ul class="card-grid" role="list">
            {cards.into_iter().map(|c| view! { <li><Card card=c/></li> }).collect_view()}
        </ul>
    }
}
