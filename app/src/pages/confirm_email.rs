//! `/confirm-email?token=…&next=…`: the page a confirmation link opens. The address is
//! confirmed by the button, not by opening the page: mail scanners open links to check them,
//! and must neither confirm an address nor be signed in by one.

use crate::api::{confirm_link, local_path, ConfirmEmail};
use crate::components::form::{action_error, FormError};
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::mailed_link_page::MailedLinkPage;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let query = super::use_query();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    let next = move || local_path(query.read().get("next").as_deref()).unwrap_or_default();
    let link = Resource::new(move || token.get(), |token| async move { confirm_link(token).await });
    view! {
        <MailedLinkPage title="Confirm your email">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match link.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(None) => view! {
                            <div class="notice notice--warn" role="alert">
                                <p><strong>"This link no longer works."</strong>" It was used already, it is more than 48 hours old, or a newer link replaced it."</p>
                            </div>
                            <p>"Already confirmed? Just "<a href="/sign-in">"sign in"</a>". Otherwise sign in and send yourself a new link from your "<a href="/account#email-status">"account page"</a>"."</p>
                        }.into_any(),
                        Ok(Some(email)) => view! { <ConfirmForm token=token.get_untracked() email next=next()/> }.into_any(),
                    }
                })}
            </Suspense>
        </MailedLinkPage>
    }
}

#[component]
fn ConfirmForm(token: String, email: String, next: String) -> impl IntoView {
    let action = ServerAction::<ConfirmEmail>::new();
    let error = action_error(action);
    view! {
        <p class="lede">{format!("Confirm that {email} is your address. You will be signed in.")}</p>
        <ActionForm action attr:class="stack-form">
            <FormError error fields=&[]/>
            <input type="hidden" name="token" value=token/>
            <input type="hidden" name="next" value=next/>
            <button type="submit" class="button" disabled=move || action.pending().get()>"Confirm my address"</button>
        </ActionForm>
    }
}
