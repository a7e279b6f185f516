//! Browse: published resources matching the filters, one page of them, and facet counts. Each
//! facet counts what its values would show with every *other* filter applied, so ticking a
//! second kind never shows a misleading zero.

use super::present;
use super::store;
use crate::error::HubError;
use app::model::{audience_label, term_label, BrowsePage, Facet, FacetValue, Kind, ResourceCard, FORMATS};
use app::query::BrowseQuery;
use sqlx::AnyConnection;

/// SQL conditions with their bound values, numbered `$1…` as they are added.
#[derive(Default)]
struct Where {
    clauses: Vec<String>,
    params: Vec<String>,
}

impl Where {
    fn placeholders(&mut self, values: &[String]) -> String {
        values
            .iter()
            .map(|v| {
                self.params.push(v.clone());
                format!("${}", self.params.len())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Only what has not ended: no last day, or one not yet passed (dates are `YYYY-MM-DD`,
    /// which order as text as they do as days).
    fn current(&mut self) {
        let today = self.placeholders(&[present::today()]);
        self.clauses.push(format!(
            "(COALESCE(r.ends_on, r.starts_on) IS NULL OR COALESCE(r.ends_on, r.starts_on) >= {today})"
        ));
    }

    fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dim {
    Kind,
    Audience,
    Discipline,
    Topic,
    Format,
    Free,
    Credits,
    Current,
}

fn term_vocabulary(dim: Dim) -> Option<&'static str> {
    match dim {
        Dim::Audience => Some("audience"),
        Dim::Discipline => Some("discipline"),
        Dim::Topic => Some("topic"),
        _ => None,
    }
}

/// Which resources a listing draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The published catalog (browse).
    Published,
    /// One learner's bookmarks ("My bookmarks"), by account id.
    BookmarkedBy(i64),
}

/// The conditions for `q`, leaving out dimension `skip` (for its own facet counts).
fn conditions(q: &BrowseQuery, skip: Option<Dim>, scope: Scope) -> Where {
    let mut w = Where::default();
    match scope {
        Scope::Published => w.clauses.push("r.status = 'published' AND r.deleted_at IS NULL".into()),
        // A bookmark outlives its resource being unpublished: the learner still sees it.
        Scope::BookmarkedBy(account) => w.clauses.push(format!(
            "r.deleted_at IS NULL AND r.id IN (SELECT resource_id FROM bookmarks WHERE account_id = {account})"
        )),
    }
    if skip != Some(Dim::Kind) && !q.kinds.is_empty() {
        let kinds: Vec<String> = q.kinds.iter().map(|k| k.as_str().to_string()).collect();
        let p = w.placeholders(&kinds);
        w.clauses.push(format!("r.kind IN ({p})"));
    }
    if skip != Some(Dim::Format) && !q.formats.is_empty() {
        let p = w.placeholders(&q.formats);
        w.clauses.push(format!("r.format IN ({p})"));
    }
    for (dim, values) in [
        (Dim::Audience, &q.audiences),
        (Dim::Discipline, &q.disciplines),
        (Dim::Topic, &q.topics),
    ] {
        if skip != Some(dim) && !values.is_empty() {
            let vocabulary = term_vocabulary(dim).expect("term dimension");
            let p = w.placeholders(values);
            w.clauses.push(format!(
                "EXISTS (SELECT 1 FROM resource_terms t WHERE t.resource_id = r.id AND t.vocabulary = '{vocabulary}' AND t.term IN ({p}))"
            ));
        }
    }
    if skip != Some(Dim::Free) {
        match q.free {
            Some(true) => w.clauses.push("r.cost_free = 1".into()),
            Some(false) => w.clauses.push("r.cost_free = 0".into()),
            None => {}
        }
    }
    if skip != Some(Dim::Credits) && q.credits {
        w.clauses
            .push("EXISTS (SELECT 1 FROM resource_credits c WHERE c.resource_id = r.id)".into());
    }
    if skip != Some(Dim::Current) && q.current {
        w.current();
    }
    w
}

async fn grouped(conn: &mut AnyConnection, sql: &str, params: &[String]) -> Result<Vec<(String, i64)>, HubError> {
    let mut query = sqlx::query_as(sql);
    for p in params {
        query = query.bind(p.clone());
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

async fn count(conn: &mut AnyConnection, w: &Where) -> Result<i64, HubError> {
    let sql = format!("SELECT COUNT(*) AS n FROM resources r WHERE {}", w.sql());
    let mut query = sqlx::query_scalar(&sql);
    for p in &w.params {
        query = query.bind(p.clone());
    }
    Ok(query.fetch_one(&mut *conn).await?)
}

fn value(value: &str, label: String, count: i64, selected: bool) -> FacetValue {
    FacetValue {
        value: value.to_string(),
        label,
        count,
        selected,
    }
}

async fn facets(conn: &mut AnyConnection, q: &BrowseQuery, scope: Scope) -> Result<Vec<Facet>, HubError> {
    let mut out = Vec::new();

    let w = conditions(q, Some(Dim::Kind), scope);
    let counts = grouped(
        conn,
        &format!(
            "SELECT r.kind AS v, COUNT(*) AS n FROM resources r WHERE {} GROUP BY r.kind",
            w.sql()
        ),
        &w.params,
    )
    .await?;
    out.push(Facet {
        name: "kind".into(),
        label: "Kind".into(),
        values: Kind::ALL
            .iter()
            .filter_map(|k| {
                let n = counts
                    .iter()
                    .find(|(v, _)| v == k.as_str())
                    .map(|(_, n)| *n)
                    .unwrap_or(0);
                let selected = q.kinds.contains(k);
                (n > 0 || selected).then(|| value(k.as_str(), k.label().to_string(), n, selected))
            })
            .collect(),
        more: 0,
    });

    for (dim, name, label, selected) in [
        (Dim::Audience, "audience", "Patients", &q.audiences),
        (Dim::Discipline, "discipline", "Discipline", &q.disciplines),
        (Dim::Topic, "topic", "Topic", &q.topics),
    ] {
        let vocabulary = term_vocabulary(dim).expect("term dimension");
        let w = conditions(q, Some(dim), scope);
        let sql = format!(
            "SELECT t.term AS v, COUNT(*) AS n FROM resources r JOIN resource_terms t ON t.resource_id = r.id
             AND t.vocabulary = '{vocabulary}' WHERE {} GROUP BY t.term ORDER BY t.term",
            w.sql()
        );
        let mut counts = grouped(conn, &sql, &w.params).await?;
        for s in selected {
            if !counts.iter().any(|(v, _)| v == s) {
                counts.push((s.clone(), 0));
            }
        }
        out.push(Facet {
            name: name.into(),
            label: label.into(),
            values: counts
                .into_iter()
                .map(|(v, n)| {
                    let label = if dim == Dim::Audience {
                        audience_label(&v).to_string()
                    } else {
                        term_label(&v)
                    };
                    let is_selected = selected.contains(&v);
                    value(&v, label, n, is_selected)
                })
                .collect(),
            more: 0,
        });
    }

    let w = conditions(q, Some(Dim::Format), scope);
    let counts = grouped(
        conn,
        &format!(
            "SELECT r.format AS v, COUNT(*) AS n FROM resources r WHERE {} AND r.format IS NOT NULL GROUP BY r.format",
            w.sql()
        ),
        &w.params,
    )
    .await?;
    out.push(Facet {
        name: "format".into(),
        label: "Format".into(),
        values: FORMATS
            .iter()
            .filter_map(|(f, l)| {
                let n = counts.iter().find(|(v, _)| v == f).map(|(_, n)| *n).unwrap_or(0);
                let selected = q.formats.iter().any(|s| s == f);
                (n > 0 || selected).then(|| value(f, l.to_string(), n, selected))
            })
            .collect(),
        more: 0,
    });

    let mut free_w = conditions(q, Some(Dim::Free), scope);
    free_w.clauses.push("r.cost_free = 1".into());
    let mut paid_w = conditions(q, Some(Dim::Free), scope);
    paid_w.clauses.push("r.cost_free = 0".into());
    out.push(Facet {
        name: "free".into(),
        label: "Cost".into(),
        values: vec![
            // "Any" is not a count of its own: the index's facets leave it out too.
            value("", "Any cost".into(), -1, q.free.is_none()),
            value("true", "Free".into(), count(conn, &free_w).await?, q.free == Some(true)),
            value(
                "false",
                "Paid".into(),
                count(conn, &paid_w).await?,
                q.free == Some(false),
            ),
        ],
        more: 0,
    });

    let mut credit_w = conditions(q, Some(Dim::Credits), scope);
    credit_w
        .clauses
        .push("EXISTS (SELECT 1 FROM resource_credits c WHERE c.resource_id = r.id)".into());
    out.push(Facet {
        name: "credits".into(),
        label: "Continuing education".into(),
        values: vec![value(
            "true",
            "Offers credits".into(),
            count(conn, &credit_w).await?,
            q.credits,
        )],
        more: 0,
    });

    let mut current_w = conditions(q, Some(Dim::Current), scope);
    current_w.current();
    out.push(Facet {
        name: "current".into(),
        label: "Dates".into(),
        values: vec![value(
            "true",
            app::model::CURRENT_LABEL.into(),
            count(conn, &current_w).await?,
            q.current,
        )],
        more: 0,
    });
    Ok(out)
}

/// Cards for the given slugs, in that order, with provider names filled in.
pub async fn cards(conn: &mut AnyConnection, slugs: &[String]) -> Result<Vec<ResourceCard>, HubError> {
    // Whatever is in the trash has left every listing.
    cards_where(conn, slugs, |s| s.deleted_at.is_none()).await
}

/// Cards for the resources among `slugs` that clinicians may see (published, not in the
/// trash): what a pathway shows as its steps, whoever looks.
pub async fn public_cards(conn: &mut AnyConnection, slugs: &[String]) -> Result<Vec<ResourceCard>, HubError> {
    cards_where(conn, slugs, store::Stored::is_public).await
}

async fn cards_where(
    conn: &mut AnyConnection,
    slugs: &[String],
    shown: impl Fn(&store::Stored) -> bool,
) -> Result<Vec<ResourceCard>, HubError> {
    let mut loaded: std::collections::HashMap<String, store::Stored> = store::load_many(conn, slugs)
        .await?
        .into_iter()
        .filter(|s| shown(s))
        .map(|s| (s.record.slug.clone(), s))
        .collect();
    let providers: Vec<String> = loaded.values().filter_map(|s| s.record.provider.clone()).collect();
    let titles = super::provider_titles(conn, &providers).await?;
    Ok(slugs
        .iter()
        .filter_map(|slug| loaded.remove(slug))
        .map(|s| {
            let provider_title = s.record.provider.as_ref().and_then(|p| titles.get(p).cloned());
            present::card(&s.record, provider_title)
        })
        .collect())
}

pub async fn browse(conn: &mut AnyConnection, q: &BrowseQuery) -> Result<BrowsePage, HubError> {
    browse_within(conn, q, Scope::Published).await
}

/// Browse over `scope`: one page of it and its facet counts.
pub async fn browse_within(conn: &mut AnyConnection, q: &BrowseQuery, scope: Scope) -> Result<BrowsePage, HubError> {
    let w = conditions(q, None, scope);
    let total = count(conn, &w).await?;
    let offset = (q.page as i64 - 1) * q.per_page as i64;
    let sql = format!(
        "SELECT r.slug FROM resources r WHERE {} ORDER BY r.featured DESC, r.title, r.slug LIMIT {} OFFSET {}",
        w.sql(),
        q.per_page,
        offset
    );
    let mut query = sqlx::query_scalar(&sql);
    for p in &w.params {
        query = query.bind(p.clone());
    }
    let slugs: Vec<String> = query.fetch_all(&mut *conn).await?;
    Ok(BrowsePage {
        alternatives: vec![],
        total,
        page: q.page,
        per_page: q.per_page,
        resources: cards(conn, &slugs).await?,
        facets: facets(conn, q, scope).await?,
    })
}
