//! Continuing-education credit, as the learner's credits page shows it: the credit types the
//! hub counts in, their licences and certifications with where each stands in its cycle, the
//! activities they recorded from elsewhere, and the board rules admins keep as templates.

use serde::{Deserialize, Serialize};

/// The professions a licence, a credit type or a template names: (code, words).
pub const PROFESSIONS: &[(&str, &str)] = &[
    ("physician", "Physician"),
    ("nurse", "Registered nurse"),
    ("nurse-practitioner", "Nurse practitioner"),
    ("physician-assistant", "Physician assistant"),
    ("pharmacist", "Pharmacist"),
    ("social-worker", "Social worker"),
    ("chaplain", "Chaplain"),
    ("case-manager", "Case manager"),
    ("psychologist", "Psychologist"),
    ("other", "Other"),
];

/// "Registered nurse" for "nurse"; the code itself for one the list lacks.
pub fn profession_label(code: &str) -> String {
    PROFESSIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, words)| (*words).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// A type of continuing-education credit ("ANCC contact hours"), in its unit, with the
/// professions it usually serves.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditType {
    pub id: i64,
    pub name: String,
    /// "credits", "contact hours", "points".
    pub unit: String,
    pub professions: Vec<String>,
    /// Other ways providers write it, matched without regard to case, punctuation or plurals.
    pub spellings: Vec<String>,
}

/// Hours a cycle requires on one catalog topic ("pain-management"), under the words the board
/// uses for it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicRequirement {
    pub topic: String,
    pub label: String,
    pub hours: f64,
}

/// A board's renewal rule, as an admin read it on the board's own page.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardTemplate {
    pub id: i64,
    pub name: String,
    pub profession: String,
    pub board: String,
    pub cycle_months: i64,
    pub hours_required: f64,
    pub credit_types: Vec<i64>,
    pub topics: Vec<TopicRequirement>,
    pub source_url: String,
    /// YYYY-MM-DD: when an admin last checked the rule against its source.
    pub checked_on: String,
}

/// A learner's licence or certification in its current cycle.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Licence {
    pub id: i64,
    pub profession: String,
    pub board: String,
    /// Private: only its owner sees it.
    pub number: Option<String>,
    /// YYYY-MM-DD, both days inside the cycle.
    pub cycle_start: String,
    pub cycle_end: String,
    pub hours_required: f64,
    /// The credit types counted toward it.
    pub credit_types: Vec<i64>,
    pub topics: Vec<TopicRequirement>,
    /// The template it was started from, with its source, while the template exists.
    pub template: Option<TemplateSource>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateSource {
    pub name: String,
    pub source_url: String,
    pub checked_on: String,
}

/// Where one line of credit came from.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum CreditSource {
    /// An activity completed on the hub: its certificate.
    Hub { code: String, href: String },
    /// An activity the learner recorded from elsewhere.
    Outside { id: i64 },
}

/// One activity's credit of one type: what a transcript lists.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditLine {
    #[serde(flatten)]
    pub source: CreditSource,
    pub title: String,
    pub provider: String,
    /// YYYY-MM-DD.
    pub completed_on: String,
    /// The hub's type when it knows it; otherwise None and `credit_name` is the provider's words.
    pub credit_type: Option<i64>,
    pub credit_name: String,
    pub amount: f64,
    pub topics: Vec<String>,
}

/// A hub resource that would count toward a gap.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub slug: String,
    pub title: String,
    /// "16 AMA PRA Category 1 Credit(s)™", as the provider states it.
    pub credit: String,
}

/// One topic's requirement and how much of it is done.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicStanding {
    pub requirement: TopicRequirement,
    pub done: f64,
    pub suggestions: Vec<Suggestion>,
}

/// A licence and where it stands in its cycle.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LicenceStanding {
    pub licence: Licence,
    /// Counted toward the total: lines of an accepted type inside the cycle.
    pub done: f64,
    /// Days from today to the cycle's last day (negative once it has ended).
    pub due_in_days: i64,
    pub topics: Vec<TopicStanding>,
    /// The lines counted, newest first.
    pub counted: Vec<CreditLine>,
    /// For what is still missing in total.
    pub suggestions: Vec<Suggestion>,
}

impl LicenceStanding {
    pub fn missing(&self) -> f64 {
        (self.licence.hours_required - self.done).max(0.0)
    }
}

impl TopicStanding {
    pub fn missing(&self) -> f64 {
        (self.requirement.hours - self.done).max(0.0)
    }
}

/// The certificate file of an outside activity, as its owner sees it listed.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredFile {
    pub name: String,
    /// "application/pdf", "image/png", "image/jpeg".
    pub media_type: String,
    pub bytes: i64,
}

/// An activity taken elsewhere, on the learner's word.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutsideActivity {
    pub id: i64,
    pub title: String,
    pub provider: String,
    pub completed_on: String,
    pub credit_type: i64,
    pub credit_name: String,
    pub amount: f64,
    pub topics: Vec<String>,
    pub file: Option<StoredFile>,
}

/// `/me/credits`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditsPage {
    /// YYYY-MM-DD, the day "due in N days" counts from.
    pub today: String,
    pub licences: Vec<LicenceStanding>,
    pub outside: Vec<OutsideActivity>,
    /// Credit from certificates the hub issued, newest first.
    pub hub: Vec<CreditLine>,
    pub credit_types: Vec<CreditType>,
    pub templates: Vec<BoardTemplate>,
    /// The catalog's topics, (term, words), for requirements and outside activities.
    pub topics: Vec<(String, String)>,
}

impl CreditsPage {
    pub fn credit_type(&self, id: i64) -> Option<&CreditType> {
        self.credit_types.iter().find(|t| t.id == id)
    }
}

/// A licence as its form posts it: every field as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LicenceInput {
    pub profession: String,
    pub board: String,
    pub number: String,
    pub cycle_start: String,
    /// May be left empty when a template is chosen: the rule's length gives it.
    pub cycle_end: String,
    pub hours_required: String,
    pub credit_types: Vec<i64>,
    /// (topic, words, hours) rows; rows left empty are skipped.
    pub topics: Vec<(String, String, String)>,
    pub template: Option<i64>,
}

/// An activity from elsewhere as its form posts it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OutsideInput {
    pub title: String,
    pub provider: String,
    pub completed_on: String,
    pub credit_type: String,
    pub amount: String,
    pub topics: Vec<String>,
}

/// A board template as an admin posts it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TemplateInput {
    pub name: String,
    pub cycle_months: String,
    pub source_url: String,
    pub checked_on: String,
    /// The profession, board, hours, credit types and topics, as a licence has them (its
    /// cycle dates unused).
    pub rule: LicenceInput,
}

/// A credit type as an admin posts it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreditTypeInput {
    pub name: String,
    pub unit: String,
    pub professions: Vec<String>,
    /// One per line.
    pub spellings: String,
}

/// "16", "1.5", "0.75": an amount as a person writes it.
pub fn hours(n: f64) -> String {
    let rounded = (n * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        let s = format!("{rounded:.2}");
        s.trim_end_matches('0').to_string()
    }
}

/// Whole percent of `done` against `of`, at most 100 (100 when nothing is required).
pub fn percent(done: f64, of: f64) -> u8 {
    if of <= 0.0 {
        return 100;
    }
    ((done / of * 100.0).floor()).clamp(0.0, 100.0) as u8
}

/// "Due in 12 days", "Due today", "Ended 3 days ago".
pub fn due_words(days: i64) -> String {
    match days {
        0 => "Due today".into(),
        1 => "Due tomorrow".into(),
        d if d > 1 => format!("Due in {d} days"),
        -1 => "Ended yesterday".into(),
        d => format!("Ended {} days ago", -d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_percents_read_plainly() {
        assert_eq!(hours(16.0), "16");
        assert_eq!(hours(1.5), "1.5");
        assert_eq!(hours(0.25 + 0.5), "0.75");
        assert_eq!(percent(3.0, 4.0), 75);
        assert_eq!(percent(9.0, 4.0), 100);
        assert_eq!(percent(0.0, 0.0), 100);
        assert_eq!(due_words(12), "Due in 12 days");
        assert_eq!(due_words(0), "Due today");
        assert_eq!(due_words(-3), "Ended 3 days ago");
        assert_eq!(profession_label("nurse"), "Registered nurse");
    }
}
