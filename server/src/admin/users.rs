//! Accounts as admins manage them: list and search, grant and revoke the admin and champion
//! roles, disable and enable. The hub never loses its last admin; every change is audited.

use crate::accounts::store as accounts;
use crate::audit::{self, Actor, Change};
use crate::db::now;
use crate::error::HubError;
use app::model::admin::{AdminUser, AdminUserList};
use app::model::Account;
use sqlx::{AnyConnection, AnyPool};

pub const PER_PAGE: i64 = 50;
const COLUMNS: &str = "id, email, name, is_admin, champion_since, disabled_at, created_at, last_signed_in_at";

/// An account as [`COLUMNS`] reads it.
#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    is_admin: i64,
    champion_since: Option<String>,
    disabled_at: Option<String>,
    created_at: String,
    last_signed_in_at: Option<String>,
}

impl From<UserRow> for AdminUser {
    fn from(row: UserRow) -> AdminUser {
        let mut roles = vec!["learner".to_string()];
        if row.champion_since.is_some() {
            roles.push("champion".into());
        }
        if row.is_admin != 0 {
            roles.push("admin".into());
        }
        AdminUser {
            id: row.id,
            email: row.email,
            name: row.name,
            roles,
            disabled: row.disabled_at.is_some(),
            created_at: row.created_at,
            last_signed_in_at: row.last_signed_in_at,
        }
    }
}

/// Accounts whose email or name contains every word of `q`, by email.
pub async fn list(pool: &AnyPool, q: &str, page: i64) -> Result<AdminUserList, HubError> {
    if !(1..=100_000).contains(&page) {
        return Err(HubError::BadRequest {
            param: "page".into(),
            reason: "must be a whole number from 1".into(),
        });
    }
    let words: Vec<String> = crate::db::typed_words(q, 8)
        .iter()
        .map(|w| crate::db::contains_pattern(w))
        .collect();
    let condition = if words.is_empty() {
        "1 = 1".to_string()
    } else {
        (1..=words.len())
            .map(|n| format!("(LOWER(email) LIKE ${n} OR LOWER(name) LIKE ${n})"))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let count_sql = format!("SELECT COUNT(*) AS n FROM accounts WHERE {condition}");
    let mut count = sqlx::query_scalar(&count_sql);
    for w in &words {
        count = count.bind(w.clone());
    }
    let total: i64 = count.fetch_one(pool).await?;
    let sql = format!(
        "SELECT {COLUMNS} FROM accounts WHERE {condition} ORDER BY email LIMIT {PER_PAGE} OFFSET {}",
        (page - 1) * PER_PAGE
    );
    let mut rows = sqlx::query_as::<_, UserRow>(&sql);
    for w in &words {
        rows = rows.bind(w.clone());
    }
    let users = rows.fetch_all(pool).await?.into_iter().map(AdminUser::from).collect();
    Ok(AdminUserList {
        users,
        total,
        page,
        per_page: PER_PAGE,
    })
}

async fn get(conn: &mut AnyConnection, id: i64) -> Result<AdminUser, HubError> {
    let row: UserRow = sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| HubError::NotFound(format!("account {id}")))?;
    Ok(row.into())
}

/// Refuses a change that would leave no enabled admin.
async fn keeps_an_admin(conn: &mut AnyConnection) -> Result<(), HubError> {
    let admins: i64 =
        sqlx::query_scalar("SELECT COUNT(*) AS n FROM accounts WHERE is_admin = 1 AND disabled_at IS NULL")
            .fetch_one(&mut *conn)
            .await?;
    if admins == 0 {
        return Err(HubError::Conflict("the hub must keep at least one admin".into()));
    }
    Ok(())
}

fn roles_change(before: &AdminUser, after: &AdminUser) -> Vec<Change> {
    audit::diff(
        &serde_json::json!({"roles": before.roles, "disabled": before.disabled}),
        &serde_json::json!({"roles": after.roles, "disabled": after.disabled}),
    )
}

/// Grants or revokes admin from the command line (audited as such); refuses to leave the hub
/// without an admin.
pub async fn set_admin(pool: &AnyPool, email: &str, admin: bool) -> Result<Account, HubError> {
    let (id, _) = accounts::find(pool, email)
        .await?
        .ok_or_else(|| HubError::NotFound(format!("account {}", email.trim())))?;
    set_role(pool, &Actor::command_line(), id.0, "admin", admin).await?;
    accounts::get(pool, id)
        .await?
        .ok_or_else(|| HubError::NotFound("account".into()))
}

/// Grants (`granted`) or revokes `role` (`admin` or `champion`) on account `id`.
pub async fn set_role(
    pool: &AnyPool,
    actor: &Actor,
    id: i64,
    role: &str,
    granted: bool,
) -> Result<AdminUser, HubError> {
    let sql = match role {
        "admin" => "UPDATE accounts SET is_admin = $2, updated_at = $3 WHERE id = $1",
        // Granting the champion role stands for the pledge taken in person; revoking clears it.
        "champion" => {
            "UPDATE accounts SET champion_since = CASE WHEN $2 = 1 THEN COALESCE(champion_since, $3) ELSE NULL END,
             updated_at = $3 WHERE id = $1"
        }
        other => {
            return Err(HubError::BadRequest {
                param: "role".into(),
                reason: format!("unknown role \"{other}\" (expected admin or champion)"),
            })
        }
    };
    let mut tx = crate::db::begin_write(pool).await?;
    let before = get(&mut tx, id).await?;
    sqlx::query(sql)
        .bind(id)
        .bind(granted as i64)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    keeps_an_admin(&mut tx).await?;
    let after = get(&mut tx, id).await?;
    if before != after {
        let action = if granted { "grant" } else { "revoke" };
        audit::record(
            &mut tx,
            actor,
            action,
            "account",
            &after.email,
            &roles_change(&before, &after),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(after)
}

/// Disables (or enables again) account `id`. A disabled account cannot sign in and its
/// sessions end at once; its learning record is kept.
pub async fn set_disabled(pool: &AnyPool, actor: &Actor, id: i64, disabled: bool) -> Result<AdminUser, HubError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let before = get(&mut tx, id).await?;
    let at = now();
    sqlx::query("UPDATE accounts SET disabled_at = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(disabled.then(|| at.clone()))
        .bind(at.clone())
        .execute(&mut *tx)
        .await?;
    keeps_an_admin(&mut tx).await?;
    if disabled {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let after = get(&mut tx, id).await?;
    if before != after {
        let action = if disabled { "disable" } else { "enable" };
        audit::record(
            &mut tx,
            actor,
            action,
            "account",
            &after.email,
            &roles_change(&before, &after),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(after)
}

/// Mails account `id` a password reset link, for someone locked out who asked an admin
/// (audited with the sending).
pub async fn send_password_reset(
    pool: &AnyPool,
    mail: &crate::mail::MailSettings,
    actor: &Actor,
    id: i64,
) -> Result<AdminUser, HubError> {
    use crate::accounts::reset::{self, AskedBy, Outcome};
    let mut conn = pool.acquire().await?;
    let user = get(&mut conn, id).await?;
    drop(conn);
    if user.disabled {
        return Err(HubError::Conflict(format!(
            "{} is disabled: enable the account before sending a reset link.",
            user.email
        )));
    }
    match reset::request(pool, mail, &user.email, AskedBy::Admin(actor.clone())).await? {
        Outcome::Queued => Ok(user),
        Outcome::NoAccount => Err(HubError::NotFound("account".into())),
        Outcome::TooMany => Err(HubError::Conflict(format!(
            "{} was sent {} reset links in the last hour. Wait before sending another.",
            user.email,
            reset::MOST_PER_HOUR
        ))),
    }
}
