//! The team's progress, for its champion: each followed resource and pathway, each sharing
//! member's percent on it, and how many started and finished. Members who do not share are
//! counted and nothing more: no name, no figure, not even in the totals. Disabled accounts
//! are left out altogether.

use super::focus;
use crate::accounts::AccountId;
use crate::error::HubError;
use crate::progress::export::spreadsheet_safe;
use crate::progress::{marks, pathways};
use app::model::team::{
    CreditAmount, FocusCredits, FocusKind, FocusProgress, MemberCredits, MemberProgress, TeamProgress,
};
use sqlx::AnyPool;
use std::collections::HashMap;

/// A sharing member's percent per resource (by slug), and per pathway with whether it is begun.
type Figures = (HashMap<String, u8>, HashMap<String, (u8, bool)>);

/// The CSV's header row.
pub const CSV_COLUMNS: [&str; 6] = ["member", "kind", "slug", "title", "percent", "status"];

/// The team's progress (no permission check: callers ask [`super::championed`] first).
pub async fn progress(pool: &AnyPool, team: i64) -> Result<TeamProgress, HubError> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT a.id, a.name, m.shares_progress FROM team_members m JOIN accounts a ON a.id = m.account_id
         WHERE m.team_id = $1 AND a.disabled_at IS NULL ORDER BY a.name, a.id",
    )
    .bind(team)
    .fetch_all(pool)
    .await?;
    let mut sharing = Vec::new();
    let mut not_sharing = 0;
    for (id, name, shares_progress) in rows {
        if shares_progress != 0 {
            sharing.push((AccountId(id), name));
        } else {
            not_sharing += 1;
        }
    }
    let following = focus::following(pool, team).await?;
    // Each sharing member's percent per resource, and per pathway, read once per member.
    let mut figures: Vec<Figures> = Vec::with_capacity(sharing.len());
    let wants_pathways = following.iter().any(|f| f.kind == FocusKind::Pathway);
    for (id, _) in &sharing {
        let percents = marks::percents(pool, *id).await?;
        let pathways = if wants_pathways {
            pathways::started(pool, &percents)
                .await?
                .into_iter()
                .map(|p| {
                    let started = p.percent > 0 || p.steps_completed > 0;
                    (p.slug, (p.percent, started))
                })
                .collect()
        } else {
            HashMap::new()
        };
        figures.push((percents, pathways));
    }
    let focus = following
        .into_iter()
        .map(|f| {
            let mut started = 0;
            let mut finished = 0;
            let members = sharing
                .iter()
                .zip(&figures)
                .map(|((_, name), (resources, pathways))| {
                    let (percent, begun) = match f.kind {
                        FocusKind::Resource => resources.get(&f.slug).map_or((0, false), |p| (*p, true)),
                        FocusKind::Pathway => pathways.get(&f.slug).copied().unwrap_or((0, false)),
                    };
                    let begun = begun || percent > 0;
                    started += usize::from(begun);
                    finished += usize::from(percent >= 100);
                    MemberProgress {
                        name: name.clone(),
                        percent,
                        started: begun,
                    }
                })
                .collect();
            FocusProgress {
                kind: f.kind,
                slug: f.slug,
                title: f.title,
                members,
                started,
                finished,
            }
        })
        .collect();
    let credits = credits(pool, team, &sharing, &figures).await?;
    Ok(TeamProgress {
        sharing: sharing.into_iter().map(|(_, name)| name).collect(),
        not_sharing,
        focus,
        credits,
    })
}

/// The credit the team's focus offers, per credit type as providers write it, and each sharing
/// member's share of it: the credit of the focus resources they finished (100%). Read from the
/// catalog and the percents already read: nothing of a member's licences or outside activities.
async fn credits(
    pool: &AnyPool,
    team: i64,
    sharing: &[(AccountId, String)],
    figures: &[Figures],
) -> Result<FocusCredits, HubError> {
    // Each resource once, whether followed itself or as a followed pathway's step.
    let rows: Vec<(String, String, f64)> = sqlx::query_as(
        "SELECT r.slug, k.credit_type, k.amount FROM resource_credits k JOIN resources r ON r.id = k.resource_id
         WHERE r.status = 'published' AND r.deleted_at IS NULL AND r.id IN (
             SELECT r2.id FROM team_focus f JOIN resources r2 ON f.kind = 'resource' AND r2.slug = f.slug WHERE f.team_id = $1
             UNION
             SELECT s.resource_id FROM team_focus f JOIN pathways p ON f.kind = 'pathway' AND p.slug = f.slug
                 JOIN pathway_steps s ON s.pathway_id = p.id WHERE f.team_id = $1)
         ORDER BY k.credit_type, r.slug",
    )
    .bind(team)
    .fetch_all(pool)
    .await?;
    let mut offered: Vec<CreditAmount> = Vec::new();
    for (_, credit, amount) in &rows {
        match offered.iter_mut().find(|c| &c.credit == credit) {
            Some(c) => c.amount += amount,
            None => offered.push(CreditAmount {
                credit: credit.clone(),
                amount: *amount,
            }),
        }
    }
    let members = sharing
        .iter()
        .zip(figures)
        .map(|((_, name), (percents, _))| MemberCredits {
            name: name.clone(),
            earned: offered
                .iter()
                .map(|o| CreditAmount {
                    credit: o.credit.clone(),
                    amount: rows
                        .iter()
                        .filter(|(slug, credit, _)| credit == &o.credit && percents.get(slug) == Some(&100))
                        .map(|(_, _, amount)| amount)
                        .sum(),
                })
                .collect(),
        })
        .collect();
    Ok(FocusCredits { offered, members })
}

/// A member's standing on one followed thing, in words.
pub fn status(percent: u8, started: bool) -> &'static str {
    match (percent, started) {
        (100.., _) => "finished",
        (0, false) => "not started",
        _ => "started",
    }
}

/// The team's progress as CSV: one row per sharing member per followed resource or pathway.
pub fn to_csv(progress: &TeamProgress) -> Result<String, HubError> {
    let broken = |e: csv::Error| HubError::Corrupt(format!("writing the team CSV: {e}"));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(CSV_COLUMNS).map_err(broken)?;
    for f in &progress.focus {
        for m in &f.members {
            out.write_record([
                spreadsheet_safe(&m.name).as_ref(),
                f.kind.as_str(),
                f.slug.as_str(),
                spreadsheet_safe(&f.title).as_ref(),
                m.percent.to_string().as_str(),
                status(m.percent, m.started),
            ])
            .map_err(broken)?;
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|e| HubError::Corrupt(format!("writing the team CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| HubError::Corrupt(format!("the team CSV is not UTF-8: {e}")))
}
