//! The editor's fields, on the shared form frame. A field's control is named as the form
//! decodes it (`form[title]`, `form[items][2][slug]`) and shows the problems at its JSON pointer.

use crate::components::form::{hint_id, problems_at, FieldFrame, FieldProblems};
use crate::components::raw_text::raw_text;
use crate::error::UiError;
use crate::model::problems::Problem;
use leptos::prelude::*;

/// The problems at `pointer` (or inside it) in the save's error, as it changes.
pub fn at(error: Signal<Option<UiError>>, pointer: impl Into<String>) -> Signal<Vec<Problem>> {
    let pointer = pointer.into();
    Signal::derive(move || problems_at(&error.get(), &pointer))
}

/// A row field's id from its name: `form[items][2][slug]` is `f-form-items--2--slug-`.
fn row_id(name: &str) -> String {
    format!("f-{}", name.replace(['[', ']'], "-"))
}

/// One of the record's own values, as `form[name]`.
#[component]
pub fn TextInput(
    label: &'static str,
    name: &'static str,
    #[prop(into)] value: String,
    #[prop(into)] problems: Signal<Vec<Problem>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] readonly: bool,
    #[prop(optional)] inputmode: &'static str,
) -> impl IntoView {
    let id = format!("f-{name}");
    let invalid = move || (!problems.get().is_empty()).then_some("true");
    view! {
        <FieldFrame id=id.clone() label required hint invalid=Signal::derive(move || invalid().is_some())>
            <input id=id.clone() name=format!("form[{name}]") type=kind value=value required=required readonly=readonly
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                aria-invalid=invalid aria-describedby=(!hint.is_empty()).then(|| hint_id(&id))/>
            <FieldProblems problems/>
        </FieldFrame>
    }
}

#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    #[prop(into)] value: String,
    #[prop(into)] problems: Signal<Vec<Problem>>,
    rows: u32,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = format!("f-{name}");
    let invalid = move || (!problems.get().is_empty()).then_some("true");
    view! {
        <FieldFrame id=id.clone() label required hint invalid=Signal::derive(move || invalid().is_some())>
            <textarea id=id.clone() name=format!("form[{name}]") rows=rows required=required aria-invalid=invalid
                aria-describedby=(!hint.is_empty()).then(|| hint_id(&id))>{raw_text(value)}</textarea>
            <FieldProblems problems/>
        </FieldFrame>
    }
}

/// A drop-down of `options` as (value, label), the one whose value is `selected` chosen.
#[component]
pub fn Select(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    label: &'static str,
    options: Vec<(String, String)>,
    #[prop(into)] selected: String,
    #[prop(optional)] optional: bool,
    #[prop(optional, into)] problems: Option<Signal<Vec<Problem>>>,
) -> impl IntoView {
    view! {
        <FieldFrame id=id.clone() label required=!optional>
            <select id=id name=name>
                {options.into_iter().map(|(value, label)| {
                    let chosen = value == selected;
                    view! { <option value=value selected=chosen>{label}</option> }
                }).collect_view()}
            </select>
            {problems.map(|problems| view! { <FieldProblems problems/> })}
        </FieldFrame>
    }
}

/// A comma-separated list of terms, with the vocabulary already in use offered as suggestions.
#[component]
pub fn TermsInput(
    name: &'static str,
    label: &'static str,
    value: String,
    in_use: Vec<String>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let shown: Vec<String> = in_use.iter().take(40).cloned().collect();
    let more = in_use.len().saturating_sub(shown.len());
    let hint = if in_use.is_empty() {
        "Separate terms with commas; lower-case words joined by hyphens.".to_string()
    } else {
        format!(
            "Separate terms with commas. In use: {}{}",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        )
    };
    view! {
        <FieldFrame id=id.clone() label hint>
            <input id=id.clone() name=format!("form[{name}]") type="text" value=value aria-describedby=hint_id(&id)
                list=format!("{id}-terms")/>
            <datalist id=format!("{id}-terms")>
                {in_use.into_iter().map(|t| view! { <option value=t/> }).collect_view()}
            </datalist>
            <FieldProblems problems/>
        </FieldFrame>
    }
}

/// An input inside a row; its label is visually hidden in tables, shown in item blocks.
#[component]
pub fn RowInput(
    #[prop(into)] label: String,
    name: String,
    value: String,
    #[prop(optional)] size: u32,
    #[prop(optional)] visible: bool,
) -> impl IntoView {
    let id = row_id(&name);
    view! {
        <span class="row-field">
            <label for=id.clone() class:visually-hidden=!visible>{label}</label>
            <input id=id name=name type="text" value=value size=(size > 0).then_some(size)/>
        </span>
    }
}

#[component]
pub fn RowArea(label: &'static str, name: String, value: String, rows: u32) -> impl IntoView {
    let id = row_id(&name);
    view! {
        <FieldFrame id=id.clone() label required=true>
            <textarea id=id name=name rows=rows>{raw_text(value)}</textarea>
        </FieldFrame>
    }
}

/// A row's remove box: ticked, the row goes when the form is saved.
#[component]
pub fn RemoveBox(#[prop(into)] label: String, name: String, #[prop(optional)] visible: bool) -> impl IntoView {
    let id = row_id(&name);
    view! {
        <span class="check">
            <input type="checkbox" id=id.clone() name=name value="on"/>
            <label for=id class:visually-hidden=!visible>{label}</label>
        </span>
    }
}
