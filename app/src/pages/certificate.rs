//! `/certificates/{code}`: a completion certificate, printable, that anyone can verify by its
//! code; and `/certificates`, where a code can be typed in.

use crate::api::{load_certificate, AdminRevokeCertificate};
use crate::components::confirm::Confirm;
use crate::components::credential_check::CredentialCheck;
use crate::components::form::{action_error, FormError};
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::refused_form;
use crate::model::Certificate;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CertificatePage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let data = Resource::new(code, load_certificate);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(None) => view! { <Unknown code=code()/> }.into_any(),
                    Ok(Some(c)) => view! { <CertificateView c/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Unknown(code: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Certificate not found"/>
        <div class="narrow page-head">
            <h1>"No certificate has this code"</h1>
            <p class="lede">{format!("“{code}” does not match any certificate issued by Champion Hub. Check the code as printed (it looks like K7QM-2XPA-9TRD).")}</p>
            <VerifyForm value=code/>
        </div>
    }
}

#[component]
fn VerifyForm(#[prop(optional)] value: String) -> impl IntoView {
    view! {
        <form method="get" action="/certificates" class="stack-form verify-form">
            <label for="code">"Certificate code"</label>
            <input id="code" name="code" value=value autocomplete="off" spellcheck="false" required=true/>
            <button type="submit" class="button">"Check this code"</button>
        </form>
    }
}

/// `/certificates?code=…`: with a code, the certificate (or why not); without, the form.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let query = use_query_map();
    let code = move || {
        query
            .read()
            .get("code")
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
    };
    let data = Resource::new(code, |code| async move {
        match code {
            Some(c) => load_certificate(c.clone()).await.map(|found| Some((c, found))),
            None => Ok(None),
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(Some((_, Some(c)))) => view! { <CertificateView c/> }.into_any(),
                    Ok(Some((code, None))) => view! { <Unknown code/> }.into_any(),
                    Ok(None) => view! {
                        <Title text="Verify a certificate"/>
                        <div class="narrow page-head">
                            <h1>"Verify a certificate"</h1>
                            <p class="lede">"Type the code printed on a Champion Hub completion certificate."</p>
                            <VerifyForm/>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CertificateView(c: Certificate) -> impl IntoView {
    let href = if c.href.is_empty() { None } else { Some(c.href.clone()) };
    let verify_url = if c.verify_url.is_empty() {
        format!("/certificates/{}", c.code)
    } else {
        c.verify_url.clone()
    };
    let base = format!("/certificates/{}", c.code);
    let revoked = c.revoked_at.clone();
    let linkedin = (c.mine && revoked.is_none()).then(|| linkedin_url(&c, &verify_url));
    view! {
        <Title text=format!("Certificate: {}", c.title)/>
        <Meta name="robots" content="noindex"/>
        <article class="certificate" aria-labelledby="certificate-title">
            <p class="certificate__brand">"Champion Hub"</p>
            <h1 id="certificate-title" class="certificate__heading">"Certificate of completion"</h1>
            {revoked.clone().map(|at| view! {
                <p class="certificate__revoked">
                    <strong>{format!("Revoked on {}.", crate::model::dates::day(&at))}</strong>
                    " Champion Hub has withdrawn this certificate: it no longer shows the completion below."
                </p>
            })}
            <p>"This certifies that"</p>
            <p class="certificate__name">{c.learner_name.clone()}</p>
            <p>{format!("completed the {}", c.subject_label.to_lowercase())}</p>
            <p class="certificate__title">
                {match href {
                    Some(h) => view! { <a href=h>{c.title.clone()}</a> }.into_any(),
                    None => c.title.clone().into_any(),
                }}
            </p>
            <p>"on "<time datetime=c.completed_on.clone()>{crate::model::dates::day(&c.completed_on)}</time></p>
            {(!c.credits.is_empty()).then(|| view! {
                <p class="certificate__credits">
                    <strong>"Continuing-education credit its provider states it offers: "</strong>
                    {c.credits.join(", ")}
                    ". The provider awards that credit, not Champion Hub."
                </p>
            })}
            {c.self_reported.then(|| view! {
                <p class="certificate__self-reported"><strong>"Partly self-reported: "</strong>"some of this activity (attendance at a live session) was reported by the learner and not confirmed by the hub or the provider."</p>
            })}
            <dl class="certificate__facts">
                <div><dt>"Verification code"</dt><dd><code>{c.code.clone()}</code></dd></div>
                <div><dt>"Check it at"</dt><dd>{verify_url.clone()}</dd></div>
            </dl>
            <p class="certificate__fine">"Completion as recorded by the learner on Champion Hub. This is not a continuing-education certificate or an official transcript; credit is certified by each activity's provider."</p>
            <p class="no-print"><button type="button" class="button" on:click=|_| { let _ = window().print(); }>"Print"</button>
                " or use your browser's print command."</p>
        </article>
        <section class="narrow credential no-print" aria-labelledby="credential-title">
            <h2 id="credential-title">"Signed credential"</h2>
            <p>"This certificate is also an Open Badges 3.0 credential, signed by Champion Hub, that a wallet, an employer or a board can check without asking the hub."</p>
            <CredentialCheck code=c.code.clone()/>
            <ul class="credential__links">
                <li><a href=format!("{base}/credential.json") download="">"Download the credential (JSON)"</a></li>
                <li><a href=format!("{base}/certificate.pdf")>"Certificate as PDF"</a></li>
                {linkedin.map(|url| view! {
                    <li><a href=url rel="noopener noreferrer external">"Add to LinkedIn"<span class="visually-hidden">" (opens LinkedIn)"</span></a></li>
                })}
                <li><a href=format!("{base}/credential.jwt")>"The signed token (vc+jwt)"</a>" and "<a href="/.well-known/jwks.json">"the hub's public key"</a></li>
            </ul>
            {(c.can_revoke && revoked.is_none()).then(|| view! { <Revoke code=c.code.clone()/> })}
        </section>
    }
}

/// LinkedIn's "add a certification to your profile" address, filled in.
fn linkedin_url(c: &Certificate, verify_url: &str) -> String {
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let year = c.completed_on.get(0..4).unwrap_or_default();
    let month = c.completed_on.get(5..7).and_then(|m| m.parse::<u8>().ok()).unwrap_or(1);
    format!(
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name={}&organizationName={}&issueYear={year}&issueMonth={month}&certUrl={}&certId={}",
        enc(&c.title),
        enc("Champion Hub"),
        enc(verify_url),
        enc(&c.code),
    )
}

/// An admin's revocation, behind a second press, with the reason the audit log keeps.
#[component]
fn Revoke(code: String) -> impl IntoView {
    let action = ServerAction::<AdminRevokeCertificate>::new();
    let error = action_error(action);
    view! {
        <Confirm label="Revoke" target=format!("certificate {code}") consequence="The certificate reads as revoked here, on its PDF and to anyone who checks its credential. This cannot be undone." danger=true>
            <ActionForm action attr:class="stack-form" attr:novalidate="">
                <FormError error fields=&[]/>
                <input type="hidden" name="code" value=code.clone()/>
                <label for="revoke-reason">"Why it is revoked"</label>
                <p class="field__hint" id="revoke-reason-hint">"Kept in the audit log; not shown on the certificate."</p>
                <textarea id="revoke-reason" name="reason" rows="3" maxlength="500" required=true aria-describedby="revoke-reason-hint">
                    {refused_form::value("reason", String::new())}
                </textarea>
                <button type="submit" class="button button--danger">"Revoke the certificate"</button>
            </ActionForm>
        </Confirm>
    }
}
