//! Form fields that carry their label, hint and error together, and the summary of an error
//! that belongs to no one field. Errors come from a server action, whether it answered in place
//! (with the wasm) or through the page's URL after a plain post (without it): a
//! `UiError::Invalid` about one field, `UiError::Fields` about several, or the problems the catalog's rules found in a record,
//! each at its JSON pointer.

use crate::error::UiError;
use crate::model::problems::{pointer_label, Problem};
use leptos::prelude::*;

/// The error a server action last answered with, if any: a refused plain post's, which the
/// page is drawn with. (The page that opens hands focus to it: `focus_keeper`.)
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<UiError>>
where
    I: server_fn::ServerFn<Output = O, Error = UiError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let value = action.value();
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

/// The id of a field's hint, which its control names in `aria-describedby`.
pub fn hint_id(id: &str) -> String {
    format!("{id}-hint")
}

/// What every field shares: a `div.field` (marked invalid while `invalid` holds), its label
/// (with "(optional)" unless `required`) and its hint; the control and its error are the
/// children. `class` adds to `field`.
#[component]
pub fn FieldFrame(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: String,
    #[prop(optional, into)] invalid: Signal<bool>,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let class = if class.is_empty() {
        "field".to_string()
    } else {
        format!("field {class}")
    };
    let hint = (!hint.is_empty()).then(|| view! { <p class="field__hint" id=hint_id(&id)>{hint}</p> });
    view! {
        <div class=class class:field--invalid=move || invalid.get()>
            <label for=id>{label}{(!required).then(|| view! { <span class="field__optional">" (optional)"</span> })}</label>
            {hint}
            {children()}
        </div>
    }
}

/// A text input whose error is a `UiError::Invalid` about `name`.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(into)] error: Signal<Option<UiError>>,
    /// When two forms on a page have a field of one name: this one's id.
    #[prop(optional)]
    id: &'static str,
) -> impl IntoView {
    let id = if id.is_empty() {
        format!("field-{name}")
    } else {
        id.to_string()
    };
    let error_id = format!("{id}-error");
    let message = move || error.get().and_then(|e| e.for_field(name));
    let described = {
        let (hint_id, error_id) = (hint_id(&id), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if !hint.is_empty() {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <FieldFrame id=id.clone() label required hint invalid=Signal::derive(move || message().is_some())>
            <input
                id=id.clone()
                name=name
                type=kind
                value=super::refused_form::value(name, value)
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                required=required
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described
            />
            {move || message().map(|m| view! { <p class="field__error" id=error_id.clone()>{m}</p> })}
        </FieldFrame>
    }
}

/// A checkbox with its label after it, posted as `on` when ticked.
#[component]
pub fn Check(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional)] checked: bool,
) -> impl IntoView {
    view! {
        <div class="check">
            <input type="checkbox" id=id.clone() name=name.clone() value="on" checked=super::refused_form::ticked(&name, "on", checked)/>
            <label for=id>{label}</label>
        </div>
    }
}

/// The problems of `error` (a record the catalog's rules refused) at `pointer` or inside it.
pub fn problems_at(error: &Option<UiError>, pointer: &str) -> Vec<Problem> {
    match error {
        Some(UiError::Problems(problems)) => problems
            .iter()
            .filter(|p| p.pointer == pointer || p.pointer.starts_with(&format!("{pointer}/")))
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

/// A field's problems, each named by where it is, listed beside the field.
#[component]
pub fn FieldProblems(#[prop(into)] problems: Signal<Vec<Problem>>) -> impl IntoView {
    move || {
        let list = problems.get();
        (!list.is_empty()).then(|| {
            view! {
                <ul class="field__error">
                    {list.into_iter().map(|p| view! { <li>{pointer_label(&p.pointer)}": "{p.in_plain_words()}</li> }).collect_view()}
                </ul>
            }
        })
    }
}

/// The id of what explains a refused form: a form posted without the wasm comes back to its
/// page at `#problem` (the server's `rpc_status` adds it), so a phone opens on the explanation
/// instead of the page's top. Only the refused form shows one.
pub const PROBLEM_ID: &str = "problem";

/// The hidden field a form names, in the id of an element on its page, where the page opens
/// after the form was posted without the wasm and accepted (the server's `landing` layer).
pub const LANDING_FIELD: &str = "__landing";

/// The hidden field a form names what it did in (one word), which the redirect after an
/// accepted post carries as `done=<word>` (the server's `landing` layer).
pub const DONE_FIELD: &str = "__done";

/// What this form did, said on the page its answer opens (`?done=<word>`).
#[component]
pub fn Done(word: &'static str) -> impl IntoView {
    view! { <input type="hidden" name=DONE_FIELD value=word/> }
}

/// Where this form's answer opens its page when posted without the wasm: the element `id`.
#[component]
pub fn Landing(#[prop(into)] id: String) -> impl IntoView {
    view! { <input type="hidden" name=LANDING_FIELD value=id/> }
}

/// The error when it is not about one of `fields` (those show it beside themselves); when it
/// is only about them, a line above them that says how many to correct, so that the form's top
/// says something is wrong.
#[component]
pub fn FormError(error: Signal<Option<UiError>>, fields: &'static [&'static str]) -> impl IntoView {
    let general = move |e: &UiError| match e {
        UiError::Invalid { field, .. } => !fields.contains(&field.as_str()),
        UiError::Fields(list) => list.iter().any(|f| !fields.contains(&f.field.as_str())),
        _ => true,
    };
    view! {
        {move || error.get().map(|e| if general(&e) {
            view! { <p class="form-error" role="alert" tabindex="-1" data-error-summary="" id=PROBLEM_ID>{e.to_string()}</p> }.into_any()
        } else {
            view! { <p class="form-error" tabindex="-1" id=PROBLEM_ID>{fields_to_correct(&e)}</p> }.into_any()
        })}
    }
}

/// "Correct the field marked below." or "Correct the 3 fields marked below."
pub fn fields_to_correct(error: &UiError) -> String {
    match error {
        UiError::Fields(list) if list.len() > 1 => format!("Correct the {} fields marked below.", list.len()),
        _ => "Correct the field marked below.".to_string(),
    }
}

/// Field errors are announced as the form comes back: a polite live region listing them.
#[component]
pub fn FieldErrorsAnnouncement(error: Signal<Option<UiError>>) -> impl IntoView {
    view! {
        <p class="visually-hidden" role="status">
            {move || match error.get() {
                Some(UiError::Invalid { message, .. }) => format!("There is a problem: {message}"),
                Some(UiError::Fields(list)) => format!(
                    "There are {} problems: {}",
                    list.len(),
                    list.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" ")
                ),
                _ => String::new(),
            }}
        </p>
    }
}
