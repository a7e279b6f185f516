//! Editing the catalog one resource at a time: the admin's list (drafts and the trash
//! included), create and update checked by the same rules as import, optimistic concurrency,
//! publishing, and the trash. Every change is audited in the transaction that makes it and is
//! in search before the call returns.

use crate::audit::{self, Actor, Change};
use crate::catalog::format::{CatalogFile, ResourceRecord, FORMAT_NAME, FORMAT_VERSION};
use crate::catalog::store::{self, Stored};
use crate::catalog::validate::{self, Problem};
use crate::error::HubError;
use crate::search::SearchIndex;
use app::model::admin::{AdminResourceList, AdminResourceRow, EditConflict, Editable, EditorChoices};
use sqlx::{AnyConnection, AnyPool};

pub const PER_PAGE: i64 = 50;

pub use app::model::admin::ListQuery;

fn bad(param: &str, reason: impl Into<String>) -> HubError {
    HubError::BadRequest {
        param: param.into(),
        reason: reason.into(),
    }
}

pub async fn list(pool: &AnyPool, q: &ListQuery) -> Result<AdminResourceList, HubError> {
    let mut clauses = Vec::new();
    let mut params: Vec<String> = Vec::new();
    match q.status.as_deref().filter(|s| !s.is_empty()) {
        None => clauses.push("deleted_at IS NULL".to_string()),
        Some("trash") => clauses.push("deleted_at IS NOT NULL".to_string()),
        Some(s @ ("published" | "draft")) => {
            params.push(s.to_string());
            clauses.push(format!("deleted_at IS NULL AND status = ${}", params.len()));
        }
        Some(other) => {
            return Err(bad(
                "status",
                format!("unknown status \"{other}\" (expected published, draft or trash)"),
            ))
        }
    }
    if let Some(kind) = q.kind.as_deref().filter(|s| !s.is_empty()) {
        if app::model::Kind::parse(kind).is_none() {
            return Err(bad("kind", format!("unknown kind \"{kind}\"")));
        }
        params.push(kind.to_string());
        clauses.push(format!("kind = ${}", params.len()));
    }
    for word in crate::db::typed_words(q.q.as_deref().unwrap_or(""), 8) {
        params.push(crate::db::contains_pattern(&word));
        let n = params.len();
        clauses.push(format!("(LOWER(title) LIKE ${n} OR LOWER(slug) LIKE ${n})"));
    }
    let order = match q.sort.as_deref().filter(|s| !s.is_empty()) {
        None | Some("updated") => "updated_at DESC, slug",
        Some("oldest") => "updated_at ASC, slug",
        Some("title") => "title, slug",
        Some(other) => {
            return Err(bad(
                "sort",
                format!("unknown order \"{other}\" (expected updated, oldest or title)"),
            ))
        }
    };
    let page = q.page.unwrap_or(1);
    if !(1..=100_000).contains(&page) {
        return Err(bad("page", "must be a whole number from 1"));
    }
    let condition = clauses.join(" AND ");
    let count_sql = format!("SELECT COUNT(*) AS n FROM resources WHERE {condition}");
    let mut count = sqlx::query_scalar(&count_sql);
    for p in &params {
        count = count.bind(p.clone());
    }
    let total: i64 = count.fetch_one(pool).await?;
    let sql = format!(
        "SELECT slug, title, kind, status, updated_at, version, deleted_at FROM resources WHERE {condition}
         ORDER BY {order} LIMIT {PER_PAGE} OFFSET {}",
        (page - 1) * PER_PAGE
    );
    #[derive(sqlx::FromRow)]
    struct ListRow {
        slug: String,
        title: String,
        kind: String,
        status: String,
        updated_at: String,
        version: i64,
        deleted_at: Option<String>,
    }
    let mut rows = sqlx::query_as::<_, ListRow>(&sql);
    for p in &params {
        rows = rows.bind(p.clone());
    }
    let rows = rows
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| AdminResourceRow {
            slug: r.slug,
            title: r.title,
            kind: r.kind,
            status: r.status,
            updated_at: r.updated_at,
            version: r.version,
            trashed_at: r.deleted_at,
        })
        .collect();
    Ok(AdminResourceList {
        rows,
        total,
        page,
        per_page: PER_PAGE,
    })
}

fn editable_of(s: Stored) -> Editable {
    Editable {
        record: to_value(&s.record),
        version: s.version,
        updated_at: s.updated_at,
        trashed_at: s.deleted_at,
    }
}

fn to_value(r: &ResourceRecord) -> serde_json::Value {
    serde_json::to_value(r).expect("catalog records serialize")
}

async fn stored(conn: &mut AnyConnection, slug: &str) -> Result<Option<Stored>, HubError> {
    Ok(store::load(conn, Some(slug)).await?.into_iter().next())
}

/// A resource as its editor opens it (quiz answers included), trash or not.
pub async fn editable(pool: &AnyPool, slug: &str) -> Result<Option<Editable>, HubError> {
    let mut conn = pool.acquire().await?;
    Ok(stored(&mut conn, slug).await?.map(editable_of))
}

/// Checks `record` exactly as an import of a file holding only it would, against what the hub
/// holds; problems point into the record (`/items/0/quiz/questions/1/answer`).
pub async fn check(conn: &mut AnyConnection, record: &serde_json::Value) -> Result<ResourceRecord, HubError> {
    let file = serde_json::json!({"format": FORMAT_NAME, "version": FORMAT_VERSION, "resources": [record]});
    let known = store::known(conn).await?;
    match validate::validate(file.to_string().as_bytes(), &known) {
        Ok(CatalogFile { mut resources, .. }) => Ok(resources.remove(0)),
        Err(problems) => Err(HubError::Invalid(
            problems
                .into_iter()
                .map(|p| Problem {
                    pointer: p
                        .pointer
                        .strip_prefix("/resources/0")
                        .map(str::to_string)
                        .unwrap_or(p.pointer),
                    message: p.message,
                })
                .collect(),
        )),
    }
}

fn invalid(pointer: &str, message: impl Into<String>) -> HubError {
    HubError::Invalid(vec![Problem {
        pointer: pointer.into(),
        message: message.into(),
    }])
}

/// Brings search up to date at once, so the change is live before the admin sees it saved. A
/// failure here is not the save's: the background poller retries.
async fn refresh(pool: &AnyPool, search: &SearchIndex) {
    if let Err(e) = search.poll(pool).await {
        tracing::warn!(error = %e, "search did not follow an admin change yet; the poller will retry");
    }
}

/// Creates a resource (a draft unless the record says published).
pub async fn create(
    pool: &AnyPool,
    search: &SearchIndex,
    actor: &Actor,
    record: &serde_json::Value,
) -> Result<Editable, HubError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let record = check(&mut tx, record).await?;
    if stored(&mut tx, &record.slug).await?.is_some() {
        return Err(invalid(
            "/slug",
            format!(
                "a resource with the slug \"{}\" already exists (perhaps in the trash)",
                record.slug
            ),
        ));
    }
    let now = crate::db::now();
    store::write_resource(&mut tx, &record, &now).await?;
    store::set_provider(&mut tx, &record.slug, record.provider.as_deref()).await?;
    audit::record(
        &mut tx,
        actor,
        "create",
        "resource",
        &record.slug,
        &audit::diff(&serde_json::Value::Null, &to_value(&record)),
    )
    .await?;
    let saved = stored(&mut tx, &record.slug)
        .await?
        .ok_or_else(|| HubError::Corrupt("created resource vanished".into()))?;
    tx.commit().await?;
    refresh(pool, search).await;
    Ok(editable_of(saved))
}

/// Saves an edit made on `version`. Refused with the stored record and the differences when
/// someone saved in between, so nothing anyone saved is silently overwritten.
pub async fn update(
    pool: &AnyPool,
    search: &SearchIndex,
    actor: &Actor,
    slug: &str,
    version: i64,
    record: &serde_json::Value,
) -> Result<Editable, HubError> {
    let mut tx = crate::db::begin_write(pool).await?;
    // Claims the row for this transaction first (a write), then checks the version: two saves
    // racing on one version cannot both pass.
    let claimed = sqlx::query("UPDATE resources SET version = version WHERE slug = $1 AND version = $2")
        .bind(slug.to_string())
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let Some(current) = stored(&mut tx, slug).await? else {
        return Err(HubError::NotFound(format!("resource {slug}")));
    };
    let record = check(&mut tx, record).await?;
    if record.slug != slug {
        return Err(invalid("/slug", "the slug is the resource's address and cannot change"));
    }
    if current.deleted_at.is_some() {
        return Err(HubError::Conflict(
            "this resource is in the trash; restore it before editing".into(),
        ));
    }
    if claimed == 0 {
        let (saved_by, saved_at) = last_change(&mut tx, slug)
            .await?
            .unwrap_or((None, current.updated_at.clone()));
        return Err(HubError::EditConflict(Box::new(EditConflict {
            slug: slug.to_string(),
            version: current.version,
            saved_by,
            saved_at,
            differences: audit::diff(&to_value(&current.record), &to_value(&record)),
            current: to_value(&current.record),
        })));
    }
    if current.record.kind == "organization" && record.kind != "organization" {
        let provided = provided_by(&mut tx, current.id).await?;
        if !provided.is_empty() {
            return Err(invalid(
                "/kind",
                format!(
                    "other resources name it as their provider ({}); it must stay an organization",
                    provided.join(", ")
                ),
            ));
        }
    }
    if current.record == record {
        tx.rollback().await?;
        return Ok(editable_of(current));
    }
    let changes = audit::diff(&to_value(&current.record), &to_value(&record));
    let action = match (current.record.status.as_str(), record.status.as_str()) {
        ("draft", "published") => "publish",
        ("published", "draft") => "unpublish",
        _ => "edit",
    };
    let now = crate::db::now();
    store::write_resource(&mut tx, &record, &now).await?;
    store::set_provider(&mut tx, &record.slug, record.provider.as_deref()).await?;
    audit::record(&mut tx, actor, action, "resource", slug, &changes).await?;
    let saved = stored(&mut tx, slug)
        .await?
        .ok_or_else(|| HubError::Corrupt("saved resource vanished".into()))?;
    tx.commit().await?;
    refresh(pool, search).await;
    Ok(editable_of(saved))
}

/// Publishes or unpublishes as it stands (the list's and the preview's one-click action).
pub async fn set_status(
    pool: &AnyPool,
    search: &SearchIndex,
    actor: &Actor,
    slug: &str,
    version: i64,
    status: &str,
) -> Result<Editable, HubError> {
    if !matches!(status, "published" | "draft") {
        return Err(bad(
            "status",
            format!("unknown status \"{status}\" (expected published or draft)"),
        ));
    }
    let current = editable(pool, slug)
        .await?
        .ok_or_else(|| HubError::NotFound(format!("resource {slug}")))?;
    let mut record = current.record;
    record["status"] = serde_json::Value::String(status.to_string());
    update(pool, search, actor, slug, version, &record).await
}

/// Who saved `slug` last and when, from the audit log.
async fn last_change(conn: &mut AnyConnection, slug: &str) -> Result<Option<(Option<String>, String)>, HubError> {
    let change: Option<(String, String)> = sqlx::query_as(
        "SELECT actor, at FROM audit_log WHERE target_type = 'resource' AND target = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(slug.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(change.map(|(actor, at)| (Some(actor), at)))
}

/// Live resources that name resource `id` as their provider.
async fn provided_by(conn: &mut AnyConnection, id: i64) -> Result<Vec<String>, HubError> {
    Ok(
        sqlx::query_scalar("SELECT slug FROM resources WHERE provider_id = $1 AND deleted_at IS NULL ORDER BY slug")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?,
    )
}

fn trash_change(into: bool) -> Change {
    Change {
        field: "trash".into(),
        before: serde_json::Value::Bool(!into),
        after: serde_json::Value::Bool(into),
    }
}

/// Moves a resource to the trash: it leaves every public page, listing and search at once;
/// learners' progress and bookmarks on it are kept for a restore.
pub async fn trash(pool: &AnyPool, search: &SearchIndex, actor: &Actor, slug: &str) -> Result<(), HubError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let current = stored(&mut tx, slug)
        .await?
        .ok_or_else(|| HubError::NotFound(format!("resource {slug}")))?;
    if current.deleted_at.is_some() {
        return Err(HubError::Conflict("this resource is already in the trash".into()));
    }
    let provided = provided_by(&mut tx, current.id).await?;
    if !provided.is_empty() {
        return Err(HubError::Conflict(format!(
            "other resources name this organization as their provider ({}); change their provider first",
            provided.join(", ")
        )));
    }
    let now = crate::db::now();
    store::set_deleted(&mut tx, slug, Some(&now), &now).await?;
    audit::record(&mut tx, actor, "delete", "resource", slug, &[trash_change(true)]).await?;
    tx.commit().await?;
    refresh(pool, search).await;
    Ok(())
}

/// Brings a resource back from the trash, as it was (draft or published).
pub async fn restore(pool: &AnyPool, search: &SearchIndex, actor: &Actor, slug: &str) -> Result<Editable, HubError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let current = stored(&mut tx, slug)
        .await?
        .ok_or_else(|| HubError::NotFound(format!("resource {slug}")))?;
    if current.deleted_at.is_none() {
        return Err(HubError::Conflict("this resource is not in the trash".into()));
    }
    let now = crate::db::now();
    store::set_deleted(&mut tx, slug, None, &now).await?;
    audit::record(&mut tx, actor, "restore", "resource", slug, &[trash_change(false)]).await?;
    let saved = stored(&mut tx, slug)
        .await?
        .ok_or_else(|| HubError::Corrupt("restored resource vanished".into()))?;
    tx.commit().await?;
    refresh(pool, search).await;
    Ok(editable_of(saved))
}

/// The organizations a resource may name as provider, and the terms in use in each vocabulary.
pub async fn choices(pool: &AnyPool) -> Result<EditorChoices, HubError> {
    let organizations = sqlx::query_as(
        "SELECT slug, title FROM resources WHERE kind = 'organization' AND deleted_at IS NULL ORDER BY title",
    )
    .fetch_all(pool)
    .await?;
    let mut vocabularies = Vec::new();
    for vocabulary in store::VOCABULARIES {
        let terms = sqlx::query_scalar("SELECT DISTINCT term FROM resource_terms WHERE vocabulary = $1 ORDER BY term")
            .bind(vocabulary)
            .fetch_all(pool)
            .await?;
        vocabularies.push((vocabulary.to_string(), terms));
    }
    Ok(EditorChoices {
        organizations,
        vocabularies,
    })
}
