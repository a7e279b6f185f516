//! The record's own fields, a fieldset each: the listing, who it is for, when and where, cost
//! and credits, and the schedule. Lists are rows with an order and a remove box, plus a blank
//! row for adding one.

use super::body::BodyField;
use super::fields::{at, RemoveBox, RowInput, Select, TermsInput, TextArea, TextInput};
use crate::components::form::{Check, FieldProblems};
use crate::error::UiError;
use crate::model::resource_form::ResourceForm;
use crate::model::{Kind, FORMATS};
use leptos::prelude::*;

/// `(value, label)` pairs for a drop-down.
fn options<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    pairs.into_iter().map(|(v, l)| (v.to_string(), l.to_string())).collect()
}

#[component]
pub fn ListingSection(
    form: ResourceForm,
    organizations: Vec<(String, String)>,
    is_new: bool,
    error: Signal<Option<UiError>>,
) -> impl IntoView {
    let kinds = options(Kind::ALL.iter().map(|k| (k.as_str(), k.label())));
    let providers = options([("", "No provider")])
        .into_iter()
        .chain(organizations)
        .collect();
    let statuses = options([
        ("draft", "Draft: only admins see it"),
        ("published", "Published: live for everyone"),
    ]);
    view! {
        <fieldset class="panel">
            <legend>"The listing"</legend>
            <TextInput label="Title" name="title" value=form.title problems=at(error, "/title") required=true/>
            <TextInput label="Slug" name="slug" value=form.slug problems=at(error, "/slug") required=true readonly=!is_new
                hint="The resource's address: lower-case words joined by hyphens. It cannot change once saved."/>
            <Select id="f-kind" name="form[kind]" label="Kind" options=kinds selected=form.kind problems=at(error, "/kind")/>
            <TextArea label="Summary" name="summary" value=form.summary problems=at(error, "/summary") rows=3 required=true
                hint="One or two sentences shown on cards and in search results."/>
            <BodyField value=form.body problems=at(error, "/body")/>
            <TextInput label="Web address" name="url" value=form.url problems=at(error, "/url") kind="url"
                hint="The provider's page for it, starting with https://."/>
            <Select id="f-provider" name="form[provider]" label="Provider" optional=true options=providers selected=form.provider
                problems=at(error, "/provider")/>
            <Select id="f-status" name="form[status]" label="Status" options=statuses selected=form.status/>
            <Check id="f-featured" name="form[featured]" label="Feature it on the home page" checked=form.featured.is_some()/>
        </fieldset>
    }
}

/// The five vocabularies, each offering the terms already in use.
#[component]
pub fn TermsSection(
    form: ResourceForm,
    vocabularies: Vec<(String, Vec<String>)>,
    error: Signal<Option<UiError>>,
) -> impl IntoView {
    let terms = [
        ("audiences", "Audiences", "audience", form.audiences),
        ("disciplines", "Disciplines", "discipline", form.disciplines),
        ("specialties", "Specialties", "specialty", form.specialties),
        ("topics", "Topics", "topic", form.topics),
        ("tags", "Tags", "tag", form.tags),
    ];
    view! {
        <fieldset class="panel">
            <legend>"Who it is for and what it covers"</legend>
            {terms.into_iter().map(|(name, label, vocabulary, value)| {
                let in_use = vocabularies
                    .iter()
                    .find(|(v, _)| v == vocabulary)
                    .map(|(_, terms)| terms.clone())
                    .unwrap_or_default();
                view! { <TermsInput name label value in_use problems=at(error, format!("/{name}"))/> }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
pub fn WhenSection(form: ResourceForm, error: Signal<Option<UiError>>) -> impl IntoView {
    let formats = options([("", "Not stated")].into_iter().chain(FORMATS));
    view! {
        <fieldset class="panel">
            <legend>"When, where and how"</legend>
            <Select id="f-format" name="form[format]" label="Format" optional=true options=formats selected=form.format/>
            <TextInput label="Starts on" name="starts_on" value=form.starts_on problems=at(error, "/starts_on") kind="date"/>
            <TextInput label="Ends on" name="ends_on" value=form.ends_on problems=at(error, "/ends_on") kind="date"/>
            <TextInput label="Duration (minutes)" name="duration_minutes" value=form.duration_minutes
                problems=at(error, "/duration_minutes") inputmode="numeric"/>
            <TextInput label="Location" name="location" value=form.location problems=at(error, "/location")/>
            <TextInput label="Language" name="language" value=form.language problems=at(error, "/language")
                hint="A language code: en, es, fr-CA."/>
        </fieldset>
    }
}

#[component]
pub fn CostSection(form: ResourceForm, error: Signal<Option<UiError>>) -> impl IntoView {
    view! {
        <fieldset class="panel">
            <legend>"Cost and credits"</legend>
            <Check id="f-cost-free" name="form[cost_free]" label="Free of charge" checked=form.cost_free.is_some()/>
            <TextInput label="Currency" name="cost_currency" value=form.cost_currency problems=at(error, "/cost/currency")
                hint="Three capital letters: USD, EUR, GBP."/>
            <TextInput label="Amount" name="cost_amount" value=form.cost_amount problems=at(error, "/cost/amount") inputmode="decimal"/>
            <TextArea label="Notes on cost" name="cost_notes" value=form.cost_notes problems=at(error, "/cost/notes") rows=2
                hint="Exactly as the provider states it: early rates, discounts, what the fee includes."/>
            <FieldProblems problems=at(error, "/cost")/>
            <div class="stack-wrap"><table class="editor__rows stack-table">
                <caption>"Credits"</caption>
                <thead><tr><th scope="col">"Order"</th><th scope="col">"Credit type"</th><th scope="col">"Amount"</th><th scope="col">"Remove"</th></tr></thead>
                <tbody>
                    {form.credits.into_iter().enumerate().map(|(n, c)| view! {
                        <tr>
                            <td data-label="Order"><RowInput label=format!("Credit {} order", n + 1) name=format!("form[credits][{n}][position]") value=c.position size=3/></td>
                            <td data-label="Credit type"><RowInput label=format!("Credit {} type", n + 1) name=format!("form[credits][{n}][credit_type]") value=c.credit_type/></td>
                            <td data-label="Amount"><RowInput label=format!("Credit {} amount", n + 1) name=format!("form[credits][{n}][amount]") value=c.amount size=6/></td>
                            <td data-label="Remove"><RemoveBox label=format!("Remove credit {}", n + 1) name=format!("form[credits][{n}][remove]")/></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <FieldProblems problems=at(error, "/credits")/>
        </fieldset>
    }
}

#[component]
pub fn ScheduleSection(form: ResourceForm, error: Signal<Option<UiError>>) -> impl IntoView {
    view! {
        <fieldset class="panel">
            <legend>"Schedule"</legend>
            <p class="field__hint">"Times with their offset, e.g. 2027-03-01T09:00:00-05:00. Reorder with the order numbers; the last row adds a session."</p>
            <div class="stack-wrap"><table class="editor__rows stack-table">
                <caption>"Sessions"</caption>
                <thead><tr><th scope="col">"Order"</th><th scope="col">"Title"</th><th scope="col">"Starts at"</th><th scope="col">"Ends at"</th><th scope="col">"Track"</th><th scope="col">"Remove"</th></tr></thead>
                <tbody>
                    {form.schedule.into_iter().enumerate().map(|(n, s)| view! {
                        <tr>
                            <td data-label="Order"><RowInput label=format!("Session {} order", n + 1) name=format!("form[schedule][{n}][position]") value=s.position size=3/></td>
                            <td data-label="Title"><RowInput label=format!("Session {} title", n + 1) name=format!("form[schedule][{n}][title]") value=s.title/></td>
                            <td data-label="Starts at"><RowInput label=format!("Session {} starts at", n + 1) name=format!("form[schedule][{n}][starts_at]") value=s.starts_at size=25/></td>
                            <td data-label="Ends at"><RowInput label=format!("Session {} ends at", n + 1) name=format!("form[schedule][{n}][ends_at]") value=s.ends_at size=25/></td>
                            <td data-label="Track"><RowInput label=format!("Session {} track", n + 1) name=format!("form[schedule][{n}][track]") value=s.track size=8/></td>
                            <td data-label="Remove"><RemoveBox label=format!("Remove session {}", n + 1) name=format!("form[schedule][{n}][remove]")/></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <FieldProblems problems=at(error, "/schedule")/>
        </fieldset>
    }
}
