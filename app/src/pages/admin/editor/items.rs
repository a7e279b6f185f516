//! The items learners track, each with its quiz questions: a block per item (the last one
//! blank, for adding), and in each block its questions plus a blank one.

use super::fields::{at, RemoveBox, RowArea, RowInput, Select};
use crate::components::form::FieldProblems;
use crate::error::UiError;
use crate::model::resource_form::{ItemRow, QuestionRow, ResourceForm};
use leptos::prelude::*;

const ITEM_KINDS: [&str; 7] = [
    "presentation",
    "video",
    "segment",
    "session",
    "reading",
    "case_guide",
    "quiz",
];

#[component]
pub fn ItemsSection(form: ResourceForm, error: Signal<Option<UiError>>) -> impl IntoView {
    let questions = form.questions;
    view! {
        <fieldset class="panel">
            <legend>"Items"</legend>
            <p class="field__hint">"The units learners track, in order. Removing an item retires it: learners keep the progress they made on it. A quiz item needs a pass mark and at least one question; a new one is saved with its first question, and each save adds room for one more."</p>
            {form.items.into_iter().enumerate().map(|(n, item)| {
                // The blank item's block holds the question not yet tied to a slug: a new quiz
                // item is saved with its first question. `k` is the question's row in the form.
                let its: Vec<(usize, QuestionRow)> = questions
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| q.item == item.slug)
                    .map(|(k, q)| (k, q.clone()))
                    .collect();
                view! { <ItemBlock n item questions=its error/> }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn ItemBlock(
    n: usize,
    item: ItemRow,
    questions: Vec<(usize, QuestionRow)>,
    error: Signal<Option<UiError>>,
) -> impl IntoView {
    let is_blank = item.slug.is_empty();
    let heading = if is_blank {
        "Add an item".to_string()
    } else {
        format!("Item {}: {}", n + 1, item.title)
    };
    let kinds = ITEM_KINDS
        .iter()
        .map(|k| (k.to_string(), k.replace('_', " ")))
        .collect();
    view! {
        <section class="editor__item" aria-label=heading.clone()>
            <h3>{heading.clone()}</h3>
            <div class="editor__item-grid">
                <RowInput label="Order" name=format!("form[items][{n}][position]") value=item.position size=3 visible=true/>
                <RowInput label="Slug" name=format!("form[items][{n}][slug]") value=item.slug visible=true/>
                <RowInput label="Title" name=format!("form[items][{n}][title]") value=item.title visible=true/>
                <Select id=format!("f-item-{n}-kind") name=format!("form[items][{n}][kind]") label="Kind" options=kinds selected=item.kind/>
                <RowInput label="Web address" name=format!("form[items][{n}][url]") value=item.url visible=true/>
                <RowInput label="Minutes" name=format!("form[items][{n}][duration_minutes]") value=item.duration_minutes size=5 visible=true/>
                <RowInput label="Pass mark (%), for a quiz" name=format!("form[items][{n}][pass_percent]") value=item.pass_percent size=4 visible=true/>
            </div>
            <RowArea label="Summary" name=format!("form[items][{n}][summary]") value=item.summary rows=2/>
            {(!is_blank).then(|| view! { <RemoveBox label="Retire this item" name=format!("form[items][{n}][remove]") visible=true/> })}
            <FieldProblems problems=at(error, format!("/items/{n}"))/>
            {(!questions.is_empty()).then(|| view! {
                <div class="editor__questions">
                    <h4>{if is_blank { "Its first question, if it is a quiz" } else { "Quiz questions" }}</h4>
                    {questions.into_iter().map(|(k, q)| view! { <QuestionBlock k q/> }).collect_view()}
                </div>
            })}
        </section>
    }
}

/// Question row `k` of the form.
#[component]
fn QuestionBlock(k: usize, q: QuestionRow) -> impl IntoView {
    let is_blank = q.prompt.is_empty();
    let legend = if is_blank {
        "Add a question".to_string()
    } else {
        format!("Question {}", q.position)
    };
    view! {
        <fieldset class="editor__question">
            <legend>{legend}</legend>
            <input type="hidden" name=format!("form[questions][{k}][item]") value=q.item/>
            <RowInput label="Order" name=format!("form[questions][{k}][position]") value=q.position size=3 visible=true/>
            <RowArea label="Question" name=format!("form[questions][{k}][prompt]") value=q.prompt rows=2/>
            <RowArea label="Choices, one per line" name=format!("form[questions][{k}][choices]") value=q.choices rows=4/>
            <RowInput label="Number of the right choice" name=format!("form[questions][{k}][answer]") value=q.answer size=3 visible=true/>
            <RowArea label="Explanation shown after answering" name=format!("form[questions][{k}][explanation]") value=q.explanation rows=2/>
            {(!is_blank).then(|| view! { <RemoveBox label="Remove this question" name=format!("form[questions][{k}][remove]") visible=true/> })}
        </fieldset>
    }
}
