//! Server functions for admin pages. Each checks, on the server, that an admin is asking
//! (the port does); the forms are plain posts that end in a redirect, so they work before the
//! wasm loads, and answer in place once it has.

use crate::error::UiError;
use crate::model::admin::{
    AdminResourceList, AdminUserList, AuditFilter, AuditPage, Editable, EditorChoices, ImportReport, KeptUpload,
    LinkReport, ListQuery, OutboxPage, SynonymList,
};
use crate::model::resource_form::ResourceForm;
use crate::model::{ResourceDetail, SearchAnalytics};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::answer;

#[cfg(feature = "ssr")]
fn admin() -> Result<crate::backend::admin::SharedAdmin, UiError> {
    use_context::<crate::backend::admin::SharedAdmin>().ok_or(UiError::Internal)
}

/// Ok for an admin; what every admin page loads first, so others see 401 or 403.
#[server(prefix = "/rpc", endpoint = "admin_check")]
pub async fn admin_check() -> Result<(), UiError> {
    answer(async move { admin()?.check().await }.await)
}

#[server(prefix = "/rpc", endpoint = "admin_resources", input = server_fn::codec::Json)]
pub async fn admin_resources(query: ListQuery) -> Result<AdminResourceList, UiError> {
    answer(async move { admin()?.resources(&query).await }.await)
}

/// The editor's data: the stored resource (None for a new one) and what it can pick from.
#[server(prefix = "/rpc", endpoint = "admin_editor")]
pub async fn admin_editor(slug: Option<String>) -> Result<(Option<Editable>, EditorChoices), UiError> {
    answer(
        async move {
            let admin = admin()?;
            let editable = match slug {
                Some(slug) => Some(admin.editable(&slug).await?.ok_or(UiError::NotFound)?),
                None => None,
            };
            Ok((editable, admin.choices().await?))
        }
        .await,
    )
}

/// Creates (`original` empty) or updates a resource from the editor's form. `version` is the
/// one the editor opened; a save on an older one is refused with what to merge.
#[server(prefix = "/rpc", endpoint = "admin_save_resource")]
pub async fn admin_save_resource(
    original: Option<String>,
    version: Option<i64>,
    form: ResourceForm,
) -> Result<Editable, UiError> {
    answer(
        async move {
            let admin = admin()?;
            let record = form.to_record();
            let saved = match original.filter(|o| !o.is_empty()) {
                None => admin.create(record).await?,
                Some(slug) => admin.update(&slug, version.unwrap_or(0), record).await?,
            };
            let slug = saved.record["slug"].as_str().unwrap_or_default().to_string();
            leptos_axum::redirect(&format!("/admin/resources/{slug}/edit?saved=1"));
            Ok(saved)
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "admin_set_status")]
pub async fn admin_set_status(slug: String, version: i64, status: String) -> Result<Editable, UiError> {
    answer(
        async move {
            let saved = admin()?.set_status(&slug, version, &status).await?;
            leptos_axum::redirect(&format!("/admin/resources/{slug}/preview"));
            Ok(saved)
        }
        .await,
    )
}

/// Moves a resource to the trash; the form asks for a ticked confirmation first.
#[server(prefix = "/rpc", endpoint = "admin_trash")]
pub async fn admin_trash(slug: String, confirm: Option<String>) -> Result<(), UiError> {
    answer(
        async move {
            if confirm.is_none() {
                return Err(UiError::Invalid {
                    field: "confirm".into(),
                    message: "Tick the box to confirm moving this resource to the trash.".into(),
                });
            }
            admin()?.trash(&slug).await?;
            leptos_axum::redirect("/admin/resources?status=trash");
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "admin_restore")]
pub async fn admin_restore(slug: String) -> Result<(), UiError> {
    answer(
        async move {
            admin()?.restore(&slug).await?;
            leptos_axum::redirect(&format!("/admin/resources/{slug}/edit"));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "admin_preview")]
pub async fn admin_preview(slug: String) -> Result<(Option<ResourceDetail>, Option<Editable>), UiError> {
    answer(
        async move {
            let admin = admin()?;
            Ok((admin.preview(&slug).await?, admin.editable(&slug).await?))
        }
        .await,
    )
}

/// The Markdown body as the public page renders it (sanitized), for the editor's live preview.
#[server(prefix = "/rpc", endpoint = "admin_render_markdown")]
pub async fn admin_render_markdown(body: String) -> Result<String, UiError> {
    answer(async move { admin()?.render_markdown(&body).await }.await)
}

/// Where a plain form post keeps the catalog file it was sent, for the bulk upload page.
#[cfg(feature = "ssr")]
const KEPT_UPLOAD: &str = "upload";
/// Where a plain form post keeps a synonym list that was refused, for the synonyms page.
#[cfg(feature = "ssr")]
const KEPT_SYNONYMS: &str = "synonyms";

/// Whether an error means the admin got as far as the form's own checks (and so has a session
/// to keep things in): anything but who is asking.
#[cfg(feature = "ssr")]
fn worth_keeping<T>(result: &Result<T, UiError>) -> bool {
    !matches!(result, Err(UiError::SignInRequired | UiError::Forbidden(_)))
}

/// A catalog file pasted or uploaded: a dry run unless `apply` is set. Called by the wasm, it
/// answers with the report; a plain form post (without JavaScript) instead keeps the text and
/// its report (or problems) in the admin's session and sends the browser back to the page,
/// which shows them, with Apply after a clean dry run.
#[server(prefix = "/rpc", endpoint = "admin_upload")]
pub async fn admin_upload(file: String, apply: Option<String>) -> Result<ImportReport, UiError> {
    answer(
        async move {
            let admin = admin()?;
            let result = admin.upload(&file, apply.is_none()).await;
            if super::plain_form_post() && worth_keeping(&result) {
                let kept = KeptUpload {
                    file,
                    applied: apply.is_some(),
                    result: result.clone(),
                };
                let kept = serde_json::to_value(&kept).map_err(|_| UiError::Internal)?;
                // Each upload's report has its own place: an admin checking two files in two
                // tabs sees each its own.
                let token = upload_token();
                admin.keep(&format!("{KEPT_UPLOAD}-{token}"), kept).await?;
                // Sent instead of the usual way back (the referring page, any error in its URL).
                leptos_axum::redirect(&format!("/admin/catalog?upload={token}"));
            }
            result
        }
        .await,
    )
}

/// A name for one upload's report, unique within the admin's session (the clock's nanoseconds).
#[cfg(feature = "ssr")]
fn upload_token() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{nanos:x}")
}

/// What the plain post of the bulk upload form named `token` kept; None once read.
#[server(prefix = "/rpc", endpoint = "admin_kept_upload")]
pub async fn admin_kept_upload(token: String) -> Result<Option<KeptUpload>, UiError> {
    answer(
        async move {
            let admin = admin()?;
            if token.is_empty() || token.len() > 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Ok(None);
            }
            let kept = admin.take(&format!("{KEPT_UPLOAD}-{token}")).await?;
            Ok(kept.and_then(|v| serde_json::from_value(v).ok()))
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "admin_audit", input = server_fn::codec::Json)]
pub async fn admin_audit(filter: AuditFilter, page: i64) -> Result<AuditPage, UiError> {
    answer(async move { admin()?.audit(&filter, page).await }.await)
}

#[server(prefix = "/rpc", endpoint = "admin_users")]
pub async fn admin_users(q: String, page: i64) -> Result<AdminUserList, UiError> {
    answer(async move { admin()?.users(&q, page).await }.await)
}

/// Grants or revokes a role; `back` is the users page the form was on.
#[server(prefix = "/rpc", endpoint = "admin_set_role")]
pub async fn admin_set_role(id: i64, role: String, grant: bool, back: Option<String>) -> Result<(), UiError> {
    answer(
        async move {
            admin()?.set_role(id, &role, grant).await?;
            leptos_axum::redirect(
                &super::accounts::local_path(back.as_deref()).unwrap_or_else(|| "/admin/users".into()),
            );
            Ok(())
        }
        .await,
    )
}

/// Mails the account a password reset link; `back` is the users page the form was on.
#[server(prefix = "/rpc", endpoint = "admin_send_reset")]
pub async fn admin_send_reset(id: i64, back: Option<String>) -> Result<(), UiError> {
    answer(
        async move {
            admin()?.send_password_reset(id).await?;
            leptos_axum::redirect(
                &super::accounts::local_path(back.as_deref()).unwrap_or_else(|| "/admin/users".into()),
            );
            Ok(())
        }
        .await,
    )
}

/// The outbox page's data.
#[server(prefix = "/rpc", endpoint = "admin_outbox")]
pub async fn admin_outbox(to: String) -> Result<OutboxPage, UiError> {
    answer(async move { admin()?.outbox(&to).await }.await)
}

/// Tries a message that was given up on again.
#[server(prefix = "/rpc", endpoint = "admin_retry_mail")]
pub async fn admin_retry_mail(id: i64) -> Result<(), UiError> {
    answer(
        async move {
            admin()?.retry_mail(id).await?;
            leptos_axum::redirect("/admin/outbox");
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "admin_set_disabled")]
pub async fn admin_set_disabled(id: i64, disabled: bool, back: Option<String>) -> Result<(), UiError> {
    answer(
        async move {
            admin()?.set_disabled(id, disabled).await?;
            leptos_axum::redirect(
                &super::accounts::local_path(back.as_deref()).unwrap_or_else(|| "/admin/users".into()),
            );
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "admin_synonyms")]
pub async fn admin_synonyms() -> Result<SynonymList, UiError> {
    answer(async move { admin()?.synonyms().await }.await)
}

/// Saves the synonym list and sends the browser to `?saved=1`. A list refused from a plain
/// form post is kept for the page, which shows it again beside its problems.
#[server(prefix = "/rpc", endpoint = "admin_save_synonyms")]
pub async fn admin_save_synonyms(body: String) -> Result<SynonymList, UiError> {
    answer(
        async move {
            let admin = admin()?;
            let result = admin.save_synonyms(&body).await;
            if result.is_ok() {
                leptos_axum::redirect("/admin/synonyms?saved=1");
            } else if super::plain_form_post() && worth_keeping(&result) {
                admin.keep(KEPT_SYNONYMS, serde_json::Value::String(body)).await?;
            }
            result
        }
        .await,
    )
}

/// The synonym list a plain form post had refused, to edit again; None once read.
#[server(prefix = "/rpc", endpoint = "admin_synonyms_draft")]
pub async fn admin_synonyms_draft() -> Result<Option<String>, UiError> {
    answer(
        async move {
            let kept = admin()?.take(KEPT_SYNONYMS).await?;
            Ok(kept.and_then(|v| v.as_str().map(str::to_string)))
        }
        .await,
    )
}

/// The search analytics report; blank dates mean the last 30 days.
#[server(prefix = "/rpc", endpoint = "admin_search_analytics")]
pub async fn admin_search_analytics(from: Option<String>, to: Option<String>) -> Result<SearchAnalytics, UiError> {
    answer(async move { admin()?.search_analytics(from, to).await }.await)
}

#[server(prefix = "/rpc", endpoint = "admin_link_report")]
pub async fn admin_link_report() -> Result<LinkReport, UiError> {
    answer(async move { admin()?.link_report().await }.await)
}

/// Starts checking every link in the background, then sends the browser back to the link
/// check page, which shows it running.
#[server(prefix = "/rpc", endpoint = "admin_start_link_check")]
pub async fn admin_start_link_check() -> Result<(), UiError> {
    answer(
        async move {
            admin()?.start_link_check().await?;
            leptos_axum::redirect("/admin/links");
            Ok(())
        }
        .await,
    )
}
