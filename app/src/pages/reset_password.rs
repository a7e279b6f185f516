//! `/reset-password?token=…`: the page a reset link opens. A live link asks for the new
//! password twice; a dead one (used, expired, unknown) says so and offers a new one.

use crate::api::{reset_link, ResetPassword};
use crate::components::form::{action_error, Field, FieldErrorsAnnouncement, FormError};
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::mailed_link_page::MailedLinkPage;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = super::use_query();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    let link = Resource::new(move || token.get(), |token| async move { reset_link(token).await });
    view! {
        <MailedLinkPage title="Choose a new password">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match link.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(None) => view! { <DeadLink/> }.into_any(),
                        Ok(Some(email)) => view! { <NewPasswordForm token=token.get_untracked() email/> }.into_any(),
                    }
                })}
            </Suspense>
        </MailedLinkPage>
    }
}

#[component]
fn DeadLink() -> impl IntoView {
    view! {
        <div class="notice notice--warn" role="alert">
            <p><strong>"This reset link no longer works."</strong>" It was already used, it is more than an hour old, or a newer link replaced it."</p>
        </div>
        <p><a class="button" href="/forgot-password">"Send me a new link"</a></p>
    }
}

#[component]
fn NewPasswordForm(token: String, email: String) -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let error = action_error(action);
    view! {
        <p class="lede">{format!("For the account {}. Choosing it signs you out everywhere else.", email.clone())}</p>
        <ActionForm action attr:class="stack-form" attr:novalidate="">
            <FormError error fields=&["new_password", "confirm_password", "token"]/>
            <FieldErrorsAnnouncement error/>
            <input type="hidden" name="token" value=token/>
            // For password managers: the account the new password belongs to.
            <input type="text" hidden="" autocomplete="username" value=email.clone() readonly=""/>
            <Field label="New password" name="new_password" kind="password" autocomplete="new-password" required=true
                hint="At least 10 characters. A short phrase is easy to remember." error/>
            <Field label="New password, again" name="confirm_password" kind="password" autocomplete="new-password" required=true error/>
            <button type="submit" class="button" disabled=move || action.pending().get()>"Set the new password"</button>
        </ActionForm>
    }
}
