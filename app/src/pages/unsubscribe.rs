//! `/unsubscribe?token=…`: the page every optional message's footer links to. Its one button
//! stops that kind of mail to that address, with no sign-in; opening the page changes nothing
//! (mail scanners open every link in a message). Mail programs that offer their own
//! "Unsubscribe" post to `/unsubscribe/one-click` instead (RFC 8058).

use crate::api::{unsubscribe_link, Unsubscribe};
use crate::components::form::{action_error, FormError};
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::mailed_link_page::MailedLinkPage;
use crate::model::UnsubscribeLink;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let query = super::use_query();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    let link = Resource::new(
        move || token.get(),
        |token| async move { unsubscribe_link(token).await },
    );
    view! {
        <MailedLinkPage title="Stop emails">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match link.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(None) => view! {
                            <div class="notice notice--warn" role="alert">
                                <p><strong>"This unsubscribe link is not one the hub made."</strong>" Check that the whole address was copied from the message."</p>
                            </div>
                        }.into_any(),
                        Ok(Some(link)) => view! { <Choice link token=token.get_untracked()/> }.into_any(),
                    }
                })}
            </Suspense>
        </MailedLinkPage>
    }
}

#[component]
fn Choice(link: UnsubscribeLink, token: String) -> impl IntoView {
    let action = ServerAction::<Unsubscribe>::new();
    let error = action_error(action);
    let what = link.label.to_lowercase();
    if link.off {
        return view! {
            <div class="notice" role="status" tabindex="-1" data-focus-landing="">
                <p><strong>{format!("Done: no more {what} to {}.", link.address)}</strong></p>
            </div>
            <p>"Changed your mind? Sign in and turn them back on under “Email from the hub” on your "<a href="/account#mail-title">"account page"</a>"."</p>
        }
        .into_any();
    }
    view! {
        <p class="lede">{format!("Stop {what} to {}?", link.address)}</p>
        <p>"Messages you ask for, such as password reset links, still come."</p>
        <ActionForm action attr:class="stack-form">
            <FormError error fields=&[]/>
            <input type="hidden" name="token" value=token/>
            <button type="submit" class="button" disabled=move || action.pending().get()>{format!("Stop {what}")}</button>
        </ActionForm>
    }
    .into_any()
}
