//! The learner's continuing-education transcript: every line of credit they hold (the hub's,
//! each with its certificate's verification address, and their own from elsewhere), filtered
//! by dates and credit type, totalled by type, as CSV or as a PDF (`crate::pdf`).

use super::{lines, types};
use crate::error::HubError;
use app::model::credits::{hours, CreditSource};
use chrono::NaiveDate;
use sqlx::AnyPool;

/// What a transcript covers. Both days are included.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub credit_type: Option<i64>,
}

/// A line as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub completed_on: String,
    pub title: String,
    pub provider: String,
    /// The hub's name for its type, or the provider's words when the hub knows no type.
    pub credit: String,
    pub amount: f64,
    pub topics: Vec<String>,
    /// Issued by the hub: its certificate's code and the full address that verifies it.
    pub certificate: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    pub learner: String,
    /// YYYY-MM-DD, in UTC.
    pub made_on: String,
    /// The filter in words ("1 January 2026 to 31 December 2026, ANCC contact hours only").
    pub covers: String,
    pub lines: Vec<Line>,
    /// Each credit's total, in order of first appearance.
    pub totals: Vec<(String, f64)>,
}

/// The filter from a form's fields (each may be empty); every mistake named at once.
pub fn filter(from: &str, to: &str, credit_type: &str, known: &[i64]) -> Result<Filter, HubError> {
    let mut problems = Vec::new();
    let mut day = |raw: &str, field: &str| {
        if raw.trim().is_empty() {
            return None;
        }
        match super::date(raw, field, "the day") {
            Ok(d) => Some(d),
            Err(p) => {
                problems.push(p);
                None
            }
        }
    };
    let (from, to) = (day(from, "from"), day(to, "to"));
    if from.zip(to).is_some_and(|(f, t)| f > t) {
        problems.push(("to".into(), "the last day comes before the first".into()));
    }
    let credit_type = match credit_type.trim() {
        "" => None,
        raw => match raw.parse::<i64>().ok().filter(|id| known.contains(id)) {
            Some(id) => Some(id),
            None => {
                problems.push(("type".into(), "choose a credit type from the list".into()));
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(HubError::BadFields(problems));
    }
    Ok(Filter { from, to, credit_type })
}

/// The learner's transcript. `base` makes the verification addresses whole.
pub async fn build(pool: &AnyPool, who: i64, filter: &Filter, base: &str) -> Result<Transcript, HubError> {
    let learner: String = sqlx::query_scalar("SELECT name FROM accounts WHERE id = $1")
        .bind(who)
        .fetch_optional(pool)
        .await?
        .ok_or(HubError::Unauthorized)?;
    let kinds = types::list(pool).await?;
    let name_of = |id: Option<i64>| {
        id.and_then(|id| kinds.iter().find(|k| k.id == id))
            .map(|k| k.name.clone())
    };
    let mut out = Vec::new();
    for l in lines::all(pool, who).await? {
        let day = NaiveDate::parse_from_str(&l.completed_on, "%Y-%m-%d").ok();
        let inside = match day {
            Some(d) => filter.from.is_none_or(|f| d >= f) && filter.to.is_none_or(|t| d <= t),
            None => filter.from.is_none() && filter.to.is_none(),
        };
        if !inside || filter.credit_type.is_some_and(|t| l.credit_type != Some(t)) {
            continue;
        }
        out.push(Line {
            credit: name_of(l.credit_type).unwrap_or(l.credit_name),
            certificate: match l.source {
                CreditSource::Hub { code, .. } => Some((code.clone(), format!("{base}/certificates/{code}"))),
                CreditSource::Outside { .. } => None,
            },
            completed_on: l.completed_on,
            title: l.title,
            provider: l.provider,
            amount: l.amount,
            topics: l.topics,
        });
    }
    // Oldest first, as a transcript reads; a day's activities by title, each one's credits in
    // the provider's order (the sort is stable).
    out.sort_by(|a, b| a.completed_on.cmp(&b.completed_on).then_with(|| a.title.cmp(&b.title)));
    let mut totals: Vec<(String, f64)> = Vec::new();
    for l in &out {
        match totals.iter_mut().find(|(c, _)| *c == l.credit) {
            Some(t) => t.1 += l.amount,
            None => totals.push((l.credit.clone(), l.amount)),
        }
    }
    let day = |d: NaiveDate| app::model::dates::day(&d.to_string());
    let mut covers = match (filter.from, filter.to) {
        (None, None) => "All dates".to_string(),
        (Some(f), None) => format!("From {}", day(f)),
        (None, Some(t)) => format!("Up to {}", day(t)),
        (Some(f), Some(t)) => format!("{} to {}", day(f), day(t)),
    };
    match name_of(filter.credit_type) {
        Some(name) => covers.push_str(&format!(", {name} only")),
        None => covers.push_str(", every credit type"),
    }
    Ok(Transcript {
        learner,
        made_on: chrono::Utc::now().format("%Y-%m-%d").to_string(),
        covers,
        lines: out,
        totals,
    })
}

/// The transcript as CSV: a row per line, its verification address for the hub's.
pub fn csv(t: &Transcript) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "completed_on",
        "title",
        "provider",
        "credit_type",
        "amount",
        "topics",
        "issued_by",
        "certificate_code",
        "verify_at",
    ];
    w.write_record(header).expect("writing to memory");
    for l in &t.lines {
        let (issued_by, code, url) = match &l.certificate {
            Some((code, url)) => ("Champion Hub", code.as_str(), url.as_str()),
            None => ("self-reported", "", ""),
        };
        w.write_record([
            l.completed_on.as_str(),
            &l.title,
            &l.provider,
            &l.credit,
            &hours(l.amount),
            &l.topics.join("; "),
            issued_by,
            code,
            url,
        ])
        .expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of strings is UTF-8")
}

/// The transcript as a PDF: a header, each line (the hub's with its certificate's address and
/// a QR code of it), and the totals.
pub fn pdf(t: &Transcript) -> Result<Vec<u8>, HubError> {
    use crate::pdf::{Align, Layout, Role, Style};
    use app::model::dates::day;
    let mut doc = Layout::new(format!("Continuing-education transcript for {}", t.learner));
    doc.text(
        Role::Heading(1),
        Style::Title,
        Align::Left,
        "Continuing-education transcript",
    );
    doc.space(4.0);
    doc.text(Role::Paragraph, Style::Heading, Align::Left, &t.learner);
    doc.text(
        Role::Paragraph,
        Style::Body,
        Align::Left,
        &format!("{}. Prepared by Champion Hub on {}.", t.covers, day(&t.made_on)),
    );
    doc.space(4.0);
    doc.text(
        Role::Paragraph,
        Style::Small,
        Align::Left,
        "Lines issued by Champion Hub record a completion the hub saw; each has a certificate that anyone can check at its address or by its QR code. The credit is awarded by each activity's provider, as the provider states it. Self-reported lines are the learner's own record of activities taken elsewhere.",
    );
    doc.rule();
    if t.lines.is_empty() {
        doc.text(
            Role::Paragraph,
            Style::Body,
            Align::Left,
            "No credit in these dates and credit types.",
        );
    }
    for l in &t.lines {
        let mut lines = vec![
            (Style::Strong, l.title.clone()),
            (
                Style::Body,
                if l.provider.is_empty() {
                    format!("Completed {}", day(&l.completed_on))
                } else {
                    format!("Completed {} · {}", day(&l.completed_on), l.provider)
                },
            ),
            (Style::Body, format!("{} {}", hours(l.amount), l.credit)),
        ];
        if !l.topics.is_empty() {
            lines.push((Style::Small, format!("Topics: {}", l.topics.join(", "))));
        }
        let alt;
        let qr = match &l.certificate {
            Some((code, url)) => {
                lines.push((
                    Style::Small,
                    format!("Issued by Champion Hub · certificate {code} · verify at {url}"),
                ));
                alt = format!("QR code of the address that verifies certificate {code}");
                Some((url.as_str(), alt.as_str()))
            }
            None => {
                lines.push((Style::Small, "Self-reported: recorded by the learner".to_string()));
                None
            }
        };
        doc.entry(&lines, qr);
        doc.space(8.0);
    }
    if !t.totals.is_empty() {
        doc.rule();
        doc.text(Role::Heading(2), Style::Heading, Align::Left, "Totals");
        for (credit, amount) in &t.totals {
            doc.text(
                Role::Paragraph,
                Style::Body,
                Align::Left,
                &format!("{} {credit}", hours(*amount)),
            );
        }
    }
    doc.finish(&format!("Continuing-education transcript: {}", t.learner))
}

/// A file name for the transcript: `ce-transcript-2026-12-07.csv`.
pub fn file_name(t: &Transcript, extension: &str) -> String {
    format!("ce-transcript-{}.{extension}", t.made_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_names_every_mistake() {
        assert_eq!(filter("", "", "", &[1]).unwrap(), Filter::default());
        let f = filter("2026-01-01", "2026-12-31", "1", &[1]).unwrap();
        assert_eq!(f.credit_type, Some(1));
        let Err(HubError::BadFields(p)) = filter("2026-13-01", "2026-01-01", "9", &[1]) else {
            panic!("refused")
        };
        assert_eq!(p.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["from", "type"]);
        let Err(HubError::BadFields(p)) = filter("2026-02-01", "2026-01-01", "", &[1]) else {
            panic!("refused")
        };
        assert_eq!(p[0].0, "to");
    }
}
