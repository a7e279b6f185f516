//! Where each licence stands in its cycle: what counts (lines of a credit type it accepts,
//! finished inside the cycle), what is missing in total and by topic, and hub resources that
//! would fill each gap (published, current, offering an accepted credit type, on the topic,
//! and not already done).

use super::types::{self, Matcher};
use super::{licences, lines};
use crate::error::HubError;
use app::model::credits::{CreditLine, CreditSource, Licence, LicenceStanding, Suggestion, TopicStanding};
use chrono::NaiveDate;
use sqlx::AnyPool;
use std::collections::{HashMap, HashSet};

/// Suggestions shown per gap.
const SUGGESTED: usize = 3;

/// A resource offering credit the hub can count.
struct Offer {
    slug: String,
    title: String,
    /// (credit type id, the provider's words with the amount)
    credits: Vec<(i64, String, f64)>,
    topics: Vec<String>,
}

/// The learner's licences with their standing on `today`, and every line they hold.
pub async fn all(
    pool: &AnyPool,
    who: i64,
    today: NaiveDate,
) -> Result<(Vec<LicenceStanding>, Vec<CreditLine>), HubError> {
    let held = licences::list(pool, who).await?;
    let lines = lines::all(pool, who).await?;
    if held.is_empty() {
        return Ok((Vec::new(), lines));
    }
    let offers = offers(pool, who, today).await?;
    let standings = held
        .into_iter()
        .map(|licence| {
            let mut s = standing(licence, &lines, today);
            fill_suggestions(&mut s, &offers);
            s
        })
        .collect();
    Ok((standings, lines))
}

/// What counts toward `licence` and how much, without suggestions.
pub fn standing(licence: Licence, lines: &[CreditLine], today: NaiveDate) -> LicenceStanding {
    let counted: Vec<CreditLine> = lines
        .iter()
        .filter(|l| {
            l.credit_type.is_some_and(|t| licence.credit_types.contains(&t))
                && l.completed_on.as_str() >= licence.cycle_start.as_str()
                && l.completed_on.as_str() <= licence.cycle_end.as_str()
        })
        .cloned()
        .collect();
    let done: f64 = counted.iter().map(|l| l.amount).sum();
    let topics = licence
        .topics
        .iter()
        .map(|requirement| TopicStanding {
            done: counted
                .iter()
                .filter(|l| l.topics.contains(&requirement.topic))
                .map(|l| l.amount)
                .sum(),
            requirement: requirement.clone(),
            suggestions: Vec::new(),
        })
        .collect();
    let due_in_days = NaiveDate::parse_from_str(&licence.cycle_end, "%Y-%m-%d")
        .map(|end| (end - today).num_days())
        .unwrap_or(0);
    LicenceStanding {
        licence,
        done: (done * 100.0).round() / 100.0,
        due_in_days,
        topics,
        counted,
        suggestions: Vec::new(),
    }
}

fn fill_suggestions(s: &mut LicenceStanding, offers: &[Offer]) {
    if s.due_in_days < 0 {
        return;
    }
    let accepted = &s.licence.credit_types;
    let pick = |topic: Option<&str>| -> Vec<Suggestion> {
        offers
            .iter()
            .filter(|o| topic.is_none_or(|t| o.topics.iter().any(|x| x == t)))
            .filter_map(|o| {
                let credit = o.credits.iter().find(|(t, _, _)| accepted.contains(t))?;
                Some(Suggestion {
                    slug: o.slug.clone(),
                    title: o.title.clone(),
                    credit: format!("{} {}", app::model::credits::hours(credit.2), credit.1),
                })
            })
            .take(SUGGESTED)
            .collect()
    };
    for topic in &mut s.topics {
        if topic.missing() > 0.0 {
            topic.suggestions = pick(Some(&topic.requirement.topic));
        }
    }
    if s.missing() > 0.0 {
        s.suggestions = pick(None);
    }
}

/// Published, current resources offering credit of a type the hub knows, most credit first,
/// without those the learner already holds a certificate for.
async fn offers(pool: &AnyPool, who: i64, today: NaiveDate) -> Result<Vec<Offer>, HubError> {
    let rows: Vec<(i64, String, String, String, f64)> = sqlx::query_as(
        "SELECT r.id, r.slug, r.title, k.credit_type, k.amount FROM resource_credits k JOIN resources r ON r.id = k.resource_id
         WHERE r.status = 'published' AND r.deleted_at IS NULL AND (r.ends_on IS NULL OR r.ends_on >= $1)
           AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.account_id = $2 AND c.subject_kind = 'resource' AND c.subject_id = r.id)
         ORDER BY r.id, k.position",
    )
    .bind(today.to_string())
    .bind(who)
    .fetch_all(pool)
    .await?;
    let matcher = Matcher::new(&types::list(pool).await?);
    let mut by_id: Vec<(i64, Offer)> = Vec::new();
    for (id, slug, title, words, amount) in rows {
        let Some(t) = matcher.find(&words) else { continue };
        match by_id.last_mut() {
            Some((last, offer)) if *last == id => offer.credits.push((t, words, amount)),
            _ => by_id.push((
                id,
                Offer {
                    slug,
                    title,
                    credits: vec![(t, words, amount)],
                    topics: Vec::new(),
                },
            )),
        }
    }
    if !by_id.is_empty() {
        let ids: HashSet<i64> = by_id.iter().map(|(id, _)| *id).collect();
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let terms: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT resource_id, term FROM resource_terms WHERE vocabulary = 'topic' AND resource_id IN ({list})"
        ))
        .fetch_all(pool)
        .await?;
        let mut topics: HashMap<i64, Vec<String>> = HashMap::new();
        for (id, term) in terms {
            topics.entry(id).or_default().push(term);
        }
        for (id, offer) in &mut by_id {
            offer.topics = topics.remove(id).unwrap_or_default();
        }
    }
    let mut offers: Vec<Offer> = by_id.into_iter().map(|(_, o)| o).collect();
    offers.sort_by(|a, b| {
        let most = |o: &Offer| o.credits.iter().map(|c| c.2).fold(0.0, f64::max);
        most(b).total_cmp(&most(a)).then_with(|| a.title.cmp(&b.title))
    });
    Ok(offers)
}

/// Whether a line came from the hub (a certificate) rather than the learner's word.
pub fn from_hub(line: &CreditLine) -> bool {
    matches!(line.source, CreditSource::Hub { .. })
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::credits::TopicRequirement;

    fn line(day: &str, t: i64, amount: f64, topics: &[&str]) -> CreditLine {
        CreditLine {
            source: CreditSource::Outside { id: 1 },
            title: "x".into(),
            provider: "p".into(),
            completed_on: day.into(),
            credit_type: Some(t),
            credit_name: "n".into(),
            amount,
            topics: topics.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn only_accepted_types_inside_the_cycle_count() {
        let licence = Licence {
            id: 1,
            profession: "nurse".into(),
            board: "b".into(),
            number: None,
            cycle_start: "2026-01-01".into(),
            cycle_end: "2027-12-31".into(),
            hours_required: 30.0,
            credit_types: vec![2],
            topics: vec![TopicRequirement {
                topic: "pain".into(),
                label: "Pain management".into(),
                hours: 2.0,
            }],
            template: None,
        };
        let lines = vec![
            line("2026-03-01", 2, 1.5, &["pain"]),
            line("2027-12-31", 2, 4.0, &[]),
            line("2025-12-31", 2, 9.0, &["pain"]),
            line("2026-05-01", 1, 9.0, &["pain"]),
        ];
        let s = standing(licence, &lines, NaiveDate::from_ymd_opt(2027, 12, 1).unwrap());
        assert_eq!(s.done, 5.5);
        assert_eq!(s.missing(), 24.5);
        assert_eq!(s.topics[0].done, 1.5);
        assert_eq!(s.topics[0].missing(), 0.5);
        assert_eq!(s.due_in_days, 30);
        assert_eq!(s.counted.len(), 2);
    }
}
