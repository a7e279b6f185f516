//! `/admin/outbox`: every message the hub has sent or will send, newest first: where mail goes,
//! what is waiting or was given up on (with the relay's last answer, and a "Try again"), and
//! each message's text. Without an SMTP relay this is where admins read the mail the hub wrote.

use super::{when, AdminShell};
use crate::api::{admin_outbox, AdminRetryMail};
use crate::components::form::{Done, Landing};
use crate::components::loading::{ErrorPanel, Loading};
use crate::model::admin::{OutboxMessage, OutboxPage as Outbox};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Form;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let query = crate::pages::use_query();
    let to = Memo::new(move |_| query.read().get("to").unwrap_or_default().trim().to_string());
    let data = Resource::new(move || to.get(), |to| async move { admin_outbox(to).await });
    let done = move || query.read().get("done").as_deref() == Some("retry");
    view! {
        <AdminShell title="Outbox">
            <div class="page-head">
                <h1>"Outbox"</h1>
                <p class="lede">"Every message the hub sends: password resets and notices. Waiting messages are tried again on their own; one given up on can be tried again here."</p>
                {move || done().then(|| view! { <p class="notice" role="status">"The message is due again: it will be sent within seconds."</p> })}
            </div>
            <Form method="GET" action="/admin/outbox" attr:class="filter-form" attr:role="search">
                <div class="field">
                    <label for="outbox-to">"Messages to (an email address)"</label>
                    <input id="outbox-to" name="to" type="email" value=move || to.get()/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button">"Show"</button>
                </div>
            </Form>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPanel error=e nested=true/> }.into_any(),
                        Ok(page) => view! { <OutboxView page/> }.into_any(),
                    }
                })}
            </Transition>
        </AdminShell>
    }
}

#[component]
fn OutboxView(page: Outbox) -> impl IntoView {
    let count = match (page.messages.len(), page.to.is_empty()) {
        (0, true) => "No messages yet.".to_string(),
        (0, false) => format!("No messages to {}.", page.to),
        (1, _) => "1 message".to_string(),
        (n, true) => format!("The newest {n} messages"),
        (n, false) => format!("{n} messages to {}", page.to),
    };
    view! {
        <section class="panel panel--wide" aria-labelledby="delivery-title">
            <h2 id="delivery-title">"Delivery"</h2>
            <dl class="facts">
                <div class="facts__row"><dt>"Mail is"</dt><dd>{page.transport.clone()}</dd></div>
                <div class="facts__row"><dt>"Links start at"</dt><dd><code>{page.base_url.clone()}</code></dd></div>
                <div class="facts__row"><dt>"Waiting"</dt><dd>{page.waiting}</dd></div>
                <div class="facts__row"><dt>"Given up on"</dt><dd>{page.failed}</dd></div>
            </dl>
            {(!page.base_configured).then(|| view! {
                <p class="notice notice--warn">"No public address is set, so links in messages start with the address the hub listens on. Start the hub with "<code>"--public-url https://your-hub.example.org"</code>" so links work for everyone."</p>
            })}
        </section>
        <p class="results-count" role="status">{count}</p>
        <ol class="outbox" role="list">
            {page.messages.into_iter().map(|m| view! { <Message m/> }).collect_view()}
        </ol>
    }
}

#[component]
fn Message(m: OutboxMessage) -> impl IntoView {
    let action = ServerAction::<AdminRetryMail>::new();
    let id = m.id;
    let status = match m.status.as_str() {
        "sent" => view! { <span class="badge">{format!("Sent {}", m.sent_at.as_deref().map(when).unwrap_or_default())}</span> }.into_any(),
        "failed" => view! { <span class="badge badge--danger">{format!("Given up after {} tries", m.attempts)}</span> }.into_any(),
        _ => view! {
            <span class="badge badge--muted">{match m.attempts {
                0 => "Waiting to be sent".to_string(),
                n => format!("Waiting: {n} failed {}, next try {}", if n == 1 { "try" } else { "tries" }, when(&m.next_attempt_at)),
            }}</span>
        }.into_any(),
    };
    let retry_label = format!(": {} to {}", m.subject, m.recipient);
    view! {
        <li class="panel outbox__message" id=format!("message-{id}")>
            <h2 class="outbox__subject">{m.subject.clone()}</h2>
            <dl class="facts">
                <div class="facts__row"><dt>"To"</dt><dd>{m.recipient.clone()}</dd></div>
                <div class="facts__row"><dt>"Kind"</dt><dd>{m.kind.clone()}</dd></div>
                <div class="facts__row"><dt>"Queued"</dt><dd><time datetime=m.created_at.clone()>{when(&m.created_at)}</time></dd></div>
                <div class="facts__row"><dt>"Status"</dt><dd>{status}</dd></div>
                {m.last_error.clone().map(|e| view! {
                    <div class="facts__row"><dt>"Last answer"</dt><dd class="outbox__error">{e}</dd></div>
                })}
            </dl>
            {(m.status == "failed").then(|| view! {
                <ActionForm action attr:class="inline-form">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <Landing id=format!("message-{id}")/>
                    <Done word="retry"/>
                    <button type="submit" class="button button--small">
                        "Try again"<span class="visually-hidden">{retry_label.clone()}</span>
                    </button>
                </ActionForm>
            })}
            <details class="outbox__body">
                <summary>"Read the message"<span class="visually-hidden">{format!(": {}", m.subject)}</span></summary>
                <pre class="outbox__text">{m.text.clone()}</pre>
            </details>
        </li>
    }
}
