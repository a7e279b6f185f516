//! `/sign-up`: a learner account. Every account is a learner's; champions take the pledge
//! later, from their account page.

use crate::api::{local_path, SignUp};
use crate::components::form::{action_error, Field, FieldErrorsAnnouncement, FormError};
use crate::components::marks::use_marks;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let marks = use_marks();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            marks.changed();
        }
    });
    let error = action_error(action);
    // Where to go once the account exists (an invite link, say); only a path on this site.
    let query = super::use_query();
    let next = move || local_path(query.read().get("next").as_deref()).unwrap_or_default();
    let sign_in = move || match next().as_str() {
        "" => "/sign-in".to_string(),
        n => crate::components::sign_in_prompt::sign_in_href(n),
    };
    if query.read_untracked().get("sent").is_some() {
        return view! { <Sent sign_in=sign_in()/> }.into_any();
    }
    view! {
        <Title text="Create your account"/>
        <div class="narrow">
            <div class="page-head">
                <h1>"Create your account"</h1>
                <p class="lede">"Bookmark resources, track your progress through them and keep a record of what you complete."</p>
            </div>
            <ActionForm action attr:class="stack-form" attr:novalidate="">
                <FormError error fields=&["name", "email", "password", "profession", "discipline"]/>
                <FieldErrorsAnnouncement error/>
                <input type="hidden" name="next" value=next/>
                <Field label="Your name" name="name" autocomplete="name" required=true
                    hint="As it should appear on your certificates." error/>
                <Field label="Email" name="email" kind="email" autocomplete="email" required=true error/>
                <Field label="Password" name="password" kind="password" autocomplete="new-password" required=true
                    hint="At least 10 characters. A short phrase is easy to remember." error/>
                <Field label="Profession" name="profession" autocomplete="organization-title"
                    hint="For example: nurse, physician, social worker, chaplain." error/>
                <Field label="Discipline or specialty" name="discipline"
                    hint="For example: oncology, intensive care, primary care." error/>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Create account"</button>
            </ActionForm>
            <p>"Already have an account? "<a href=sign_in>"Sign in"</a>"."</p>
        </div>
    }
    .into_any()
}

/// After the form: the same words whether the address was new or in use.
#[component]
fn Sent(sign_in: String) -> impl IntoView {
    view! {
        <Title text="Check your email"/>
        <div class="narrow">
            <div class="page-head">
                <h1 tabindex="-1" data-focus-landing="">"Check your email"</h1>
                <p class="lede">"We sent a link to the address you gave. Follow it to confirm your address: it signs you in and brings you back here."</p>
            </div>
            <section class="panel" aria-labelledby="meanwhile-title">
                <h2 id="meanwhile-title">"Meanwhile"</h2>
                <ul>
                    <li>"The link works for 48 hours. Nothing after a few minutes? Check your spam folder."</li>
                    <li>"You can "<a href=sign_in>"sign in"</a>" with your password now and start learning. Until you confirm, you cannot lead or join a team, and the hub sends you no reminders."</li>
                    <li>"Already had an account with this address? Then nothing new was made: we sent a note to that address instead. "<a href="/forgot-password">"Forgot your password?"</a></li>
                </ul>
            </section>
        </div>
    }
}
