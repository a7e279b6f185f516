//! `/sign-in`, and back to where the learner was (`?next=`).

use crate::api::{local_path, SignIn};
use crate::components::form::{action_error, Field, FieldErrorsAnnouncement, FormError};
use crate::components::marks::use_marks;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let marks = use_marks();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            marks.changed();
        }
    });
    let error = action_error(action);
    let query = super::use_query();
    let next = move || local_path(query.read().get("next").as_deref()).unwrap_or_default();
    let asked = move || query.read().get("next").is_some();
    view! {
        <Title text="Sign in"/>
        <div class="narrow">
            <div class="page-head">
                <h1>"Sign in"</h1>
                {move || asked().then(|| view! { <p class="lede">"Sign in to continue. You'll come straight back."</p> })}
            </div>
            <ActionForm action attr:class="stack-form" attr:novalidate="">
                <FormError error fields=&["email", "password"]/>
                <FieldErrorsAnnouncement error/>
                <input type="hidden" name="next" value=next/>
                <Field label="Email" name="email" kind="email" autocomplete="username" required=true error/>
                <Field label="Password" name="password" kind="password" autocomplete="current-password" required=true error/>
                <p class="form-aside"><a href="/forgot-password">"Forgot your password?"</a></p>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Sign in"</button>
            </ActionForm>
            <p>"New here? "<a href="/sign-up">"Create an account"</a>"."</p>
        </div>
    }
}
