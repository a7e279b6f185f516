//! `/forgot-password`: a reset link by mail. The page says the same thing afterwards whether
//! or not an account uses the address, so it cannot be used to learn who has one.

use crate::api::ForgotPassword;
use crate::components::form::{action_error, Field, FieldErrorsAnnouncement, FormError};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    let error = action_error(action);
    let query = super::use_query();
    let sent = move || query.read().get("sent").is_some();
    view! {
        <Title text="Forgot your password?"/>
        <div class="narrow">
            <div class="page-head">
                <h1>"Forgot your password?"</h1>
                <p class="lede">"Enter the email you signed up with. We'll send you a link to choose a new password."</p>
            </div>
            {move || sent().then(|| view! {
                <div class="notice" role="status" id="reset-sent" tabindex="-1" data-focus-landing="">
                    <p><strong>"Check your email."</strong>" If an account uses that address, a link to choose a new password is on its way. It works once, for one hour."</p>
                    <p>"Nothing after a few minutes? Check your spam folder, or ask again below."</p>
                </div>
            })}
            <ActionForm action attr:class="stack-form" attr:novalidate="">
                <FormError error fields=&["email"]/>
                <FieldErrorsAnnouncement error/>
                <Field label="Email" name="email" kind="email" autocomplete="username" required=true error/>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Send me a reset link"</button>
            </ActionForm>
            <p>"Remembered it? "<a href="/sign-in">"Sign in"</a>"."</p>
        </div>
    }
}
