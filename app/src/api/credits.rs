//! Server functions for credits: the learner's credits page (licences, activities from
//! elsewhere) and the admin's credit types and board templates. Forms are plain posts that come
//! back to their page, so all of it works without the wasm. Checkbox lists post as
//! `credit_types[<id>]=on` and topic rows as `topic[<n>]`, `topic_label[<n>]`, `topic_hours[<n>]`.
//! A certificate file is not sent here: it is a multipart post of its own
//! (`POST /me/credits/activities/{id}/file`).

// A form's fields are its server function's arguments; a licence form has a dozen (the macro's
// browser half does not carry an allow on the function itself).
#![allow(clippy::too_many_arguments)]

use crate::error::UiError;
use crate::model::credits::CreditsPage;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use super::answer;
#[cfg(feature = "ssr")]
use crate::model::credits::{CreditTypeInput, LicenceInput, OutsideInput, TemplateInput};

#[cfg(feature = "ssr")]
fn credits() -> Result<crate::backend::credits::SharedCredits, UiError> {
    use_context::<crate::backend::credits::SharedCredits>().ok_or(UiError::Internal)
}

/// The ids of the ticked boxes of a `name[<id>]` list.
#[cfg(feature = "ssr")]
fn ticked_ids(field: &str, boxes: &BTreeMap<String, String>) -> Result<Vec<i64>, UiError> {
    boxes
        .keys()
        .map(|k| {
            k.parse::<i64>().map_err(|_| UiError::Invalid {
                field: field.into(),
                message: "Choose credit types from the list.".into(),
            })
        })
        .collect()
}

/// Topic rows: (topic, words, hours) by row number, in order.
#[cfg(feature = "ssr")]
fn topic_rows(
    topic: &BTreeMap<String, String>,
    label: &BTreeMap<String, String>,
    hours: &BTreeMap<String, String>,
) -> Vec<(String, String, String)> {
    let mut rows: Vec<usize> = topic
        .keys()
        .chain(label.keys())
        .chain(hours.keys())
        .filter_map(|k| k.parse().ok())
        .filter(|n| *n < 50)
        .collect();
    rows.sort_unstable();
    rows.dedup();
    let at = |m: &BTreeMap<String, String>, n: usize| m.get(&n.to_string()).cloned().unwrap_or_default();
    rows.into_iter()
        .map(|n| (at(topic, n), at(label, n), at(hours, n)))
        .collect()
}

/// A select's chosen id, "" for none.
#[cfg(feature = "ssr")]
fn chosen(field: &str, value: Option<String>) -> Result<Option<i64>, UiError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| UiError::Invalid {
            field: field.into(),
            message: "Choose from the list.".into(),
        }),
    }
}

#[server(prefix = "/rpc", endpoint = "load_credits")]
pub async fn load_credits() -> Result<CreditsPage, UiError> {
    answer(async move { credits()?.page().await }.await)
}

#[server(prefix = "/rpc", endpoint = "save_licence")]
pub async fn save_licence(
    licence: Option<i64>,
    #[server(default)] profession: String,
    #[server(default)] board: String,
    #[server(default)] number: String,
    #[server(default)] cycle_start: String,
    #[server(default)] cycle_end: String,
    #[server(default)] hours_required: String,
    #[server(default)] credit_types: BTreeMap<String, String>,
    #[server(default)] topic: BTreeMap<String, String>,
    #[server(default)] topic_label: BTreeMap<String, String>,
    #[server(default)] topic_hours: BTreeMap<String, String>,
    template: Option<String>,
) -> Result<i64, UiError> {
    answer(
        async move {
            let input = LicenceInput {
                profession,
                board,
                number,
                cycle_start,
                cycle_end,
                hours_required,
                credit_types: ticked_ids("credit_types", &credit_types)?,
                topics: topic_rows(&topic, &topic_label, &topic_hours),
                template: chosen("template", template)?,
            };
            let id = credits()?.save_licence(licence, input).await?;
            leptos_axum::redirect(&format!("/me/credits?saved=licence#licence-{id}"));
            Ok(id)
        }
        .await,
    )
}

/// `confirm` is the checkbox that says the learner means it.
#[server(prefix = "/rpc", endpoint = "delete_licence")]
pub async fn delete_licence(licence: i64, confirm: Option<String>) -> Result<(), UiError> {
    answer(
        async move {
            if confirm.is_none() {
                return Err(UiError::Invalid {
                    field: "confirm".into(),
                    message: "Tick the box to confirm: the licence and its requirements go (your credits stay).".into(),
                });
            }
            credits()?.delete_licence(licence).await?;
            leptos_axum::redirect("/me/credits?done=licence-removed#licences");
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "add_outside_activity")]
pub async fn add_outside_activity(
    #[server(default)] title: String,
    #[server(default)] provider: String,
    #[server(default)] completed_on: String,
    #[server(default)] credit_type: String,
    #[server(default)] amount: String,
    #[server(default)] topics: BTreeMap<String, String>,
) -> Result<i64, UiError> {
    answer(
        async move {
            let input = OutsideInput {
                title,
                provider,
                completed_on,
                credit_type,
                amount,
                topics: topics.into_keys().collect(),
            };
            let id = credits()?.add_outside(input).await?;
            leptos_axum::redirect(&format!("/me/credits?added={id}#activity-{id}"));
            Ok(id)
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "delete_outside_activity")]
pub async fn delete_outside_activity(activity: i64, confirm: Option<String>) -> Result<(), UiError> {
    answer(
        async move {
            if confirm.is_none() {
                return Err(UiError::Invalid {
                    field: "confirm".into(),
                    message: "Tick the box to confirm: the activity and its certificate file go.".into(),
                });
            }
            credits()?.delete_outside(activity).await?;
            leptos_axum::redirect("/me/credits?done=activity-removed#outside");
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "admin_add_credit_type")]
pub async fn admin_add_credit_type(
    #[server(default)] name: String,
    #[server(default)] unit: String,
    #[server(default)] professions: BTreeMap<String, String>,
    #[server(default)] spellings: String,
) -> Result<i64, UiError> {
    answer(
        async move {
            let input = CreditTypeInput {
                name,
                unit,
                professions: professions.into_keys().collect(),
                spellings,
            };
            let id = credits()?.add_credit_type(input).await?;
            leptos_axum::redirect("/admin/credits?saved=type#credit-types");
            Ok(id)
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "admin_save_template")]
pub async fn admin_save_template(
    template: Option<i64>,
    #[server(default)] name: String,
    #[server(default)] cycle_months: String,
    #[server(default)] source_url: String,
    #[server(default)] checked_on: String,
    #[server(default)] profession: String,
    #[server(default)] board: String,
    #[server(default)] hours_required: String,
    #[server(default)] credit_types: BTreeMap<String, String>,
    #[server(default)] topic: BTreeMap<String, String>,
    #[server(default)] topic_label: BTreeMap<String, String>,
    #[server(default)] topic_hours: BTreeMap<String, String>,
) -> Result<i64, UiError> {
    answer(
        async move {
            let input = TemplateInput {
                name,
                cycle_months,
                source_url,
                checked_on,
                rule: LicenceInput {
                    profession,
                    board,
                    hours_required,
                    credit_types: ticked_ids("credit_types", &credit_types)?,
                    topics: topic_rows(&topic, &topic_label, &topic_hours),
                    ..Default::default()
                },
            };
            let id = credits()?.save_template(template, input).await?;
            leptos_axum::redirect(&format!("/admin/credits?saved=template#template-{id}"));
            Ok(id)
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "admin_delete_template")]
pub async fn admin_delete_template(template: i64) -> Result<(), UiError> {
    answer(
        async move {
            credits()?.delete_template(template).await?;
            leptos_axum::redirect("/admin/credits?done=template-removed#templates");
            Ok(())
        }
        .await,
    )
}

/// Revokes a certificate (admins only), for a reason the audit log keeps. Posted from the
/// certificate's own page, and back to it.
#[server(prefix = "/rpc", endpoint = "admin_revoke_certificate")]
pub async fn admin_revoke_certificate(code: String, reason: String) -> Result<(), UiError> {
    answer(
        async move {
            let code = credits()?.revoke_certificate(&code, &reason).await?;
            leptos_axum::redirect(&format!("/certificates/{code}?done=revoked"));
            Ok(())
        }
        .await,
    )
}
