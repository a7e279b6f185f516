//! Form fields that carry their label, hint and error together, and the summary of an error
//! that belongs to no one field. Errors come from a server action, whether it answered in place
//! (with the wasm) or through the page's URL after a plain post (without it).

use crate::error::UiError;
use leptos::prelude::*;

/// The error a server action last answered with, if any.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<UiError>>
where
    I: server_fn::ServerFn<Output = O, Error = UiError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

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
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let message = move || error.get().and_then(|e| e.for_field(name));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
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
        <div class="field" class:field--invalid=move || message().is_some()>
            <label for=id.clone()>{label}{(!required).then(|| view! { <span class="field__optional">" (optional)"</span> })}</label>
            {(!hint.is_empty()).then(|| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=id.clone()
                name=name
                type=kind
                value=value
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                required=required
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described
            />
            {move || message().map(|m| view! { <p class="field__error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

/// The error when it is not about one of `fields` (those show it beside themselves).
#[component]
pub fn FormError(error: Signal<Option<UiError>>, fields: &'static [&'static str]) -> impl IntoView {
    let general = move || {
        error.get().filter(|e| match e {
            UiError::Invalid { field, .. } => !fields.contains(&field.as_str()),
            _ => true,
        })
    };
    view! {
        {move || general().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
    }
}

/// Field errors are announced as the form comes back: a polite live region listing them.
#[component]
pub fn FieldErrorsAnnouncement(error: Signal<Option<UiError>>) -> impl IntoView {
    view! {
        <p class="visually-hidden" role="status">
            {move || match error.get() {
                Some(UiError::Invalid { message, .. }) => format!("There is a problem: {message}"),
                _ => String::new(),
            }}
        </p>
    }
}
