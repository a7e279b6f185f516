//! What the pages show: plain, serializable view types shared by the server (which fills them)
//! and the browser (which renders them after hydration). No database or HTTP types here.

pub mod admin;
pub mod collection;
pub mod problems;
pub mod resource_form;
pub mod team;

use serde::{Deserialize, Serialize};

/// The eight kinds of resource the catalog format knows, in the order the UI lists them.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    ModuleSeries,
    RecordedSession,
    Course,
    Fellowship,
    CertificateProgram,
    Organization,
    Program,
    Guide,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::ModuleSeries,
        Kind::RecordedSession,
        Kind::Course,
        Kind::Fellowship,
        Kind::CertificateProgram,
        Kind::Program,
        Kind::Guide,
        Kind::Organization,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ModuleSeries => "module_series",
            Kind::RecordedSession => "recorded_session",
            Kind::Course => "course",
            Kind::Fellowship => "fellowship",
            Kind::CertificateProgram => "certificate_program",
            Kind::Organization => "organization",
            Kind::Program => "program",
            Kind::Guide => "guide",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::ModuleSeries => "Module series",
            Kind::RecordedSession => "Recorded session",
            Kind::Course => "Course",
            Kind::Fellowship => "Fellowship",
            Kind::CertificateProgram => "Certificate program",
            Kind::Organization => "Organization",
            Kind::Program => "Program",
            Kind::Guide => "Guide",
        }
    }

    pub fn plural_label(self) -> &'static str {
        match self {
            Kind::ModuleSeries => "Module series",
            Kind::RecordedSession => "Recorded sessions",
            Kind::Course => "Courses",
            Kind::Fellowship => "Fellowships",
            Kind::CertificateProgram => "Certificate programs",
            Kind::Organization => "Organizations",
            Kind::Program => "Programs",
            Kind::Guide => "Guides",
        }
    }
}

/// How a resource is delivered.
pub const FORMATS: [(&str, &str); 4] = [
    ("on_demand", "On demand"),
    ("live_online", "Live online"),
    ("in_person", "In person"),
    ("hybrid", "Hybrid"),
];

pub const AUDIENCES: [(&str, &str); 2] = [("adult", "Adult"), ("pediatric", "Pediatric")];

pub fn format_label(format: &str) -> &str {
    FORMATS
        .iter()
        .find(|(k, _)| *k == format)
        .map(|(_, l)| *l)
        .unwrap_or(format)
}

pub fn audience_label(audience: &str) -> &str {
    AUDIENCES
        .iter()
        .find(|(k, _)| *k == audience)
        .map(|(_, l)| *l)
        .unwrap_or(audience)
}

/// A vocabulary term (`palliative-care`) as people read it (`Palliative care`).
pub fn term_label(term: &str) -> String {
    let spaced = term.replace('-', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub slug: String,
    pub title: String,
}

/// A resource as a card in a list.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceCard {
    pub slug: String,
    pub kind: Kind,
    pub title: String,
    pub summary: String,
    pub provider: Option<Link>,
    pub audiences: Vec<String>,
    pub format: Option<String>,
    /// e.g. "2 h", "50 min".
    pub duration: Option<String>,
    /// e.g. "Free", "$1,995".
    pub cost: Option<String>,
    /// e.g. "16 AMA PRA Category 1 Credit(s)™".
    pub credits: Vec<String>,
    /// e.g. "May 13–15, 2026".
    pub dates: Option<String>,
    pub item_count: usize,
    pub featured: bool,
}

/// Facet values with how many resources each would show.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facet {
    pub name: String,
    pub label: String,
    pub values: Vec<FacetValue>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: i64,
    pub selected: bool,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrowsePage {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub resources: Vec<ResourceCard>,
    pub facets: Vec<Facet>,
}

impl BrowsePage {
    pub fn page_count(&self) -> u32 {
        let per = self.per_page.max(1) as i64;
        (((self.total + per - 1) / per).max(1)) as u32
    }
}

/// One line of a course's schedule, already formatted in the course's own time zone.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleEntry {
    pub title: String,
    /// RFC 3339, for `<time datetime>`.
    pub starts_at: String,
    pub ends_at: String,
    /// e.g. "11:30 am – 12:30 pm".
    pub time_label: String,
    pub track: Option<String>,
    /// Breaks, lunch and transitions are shown quietly.
    pub is_break: bool,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleDay {
    /// e.g. "Wednesday, May 13, 2026".
    pub label: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub entries: Vec<ScheduleEntry>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// e.g. "Eastern Time (UTC−04:00)".
    pub zone_label: String,
    pub days: Vec<ScheduleDay>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub kind_label: String,
    pub summary: Option<String>,
    pub url: Option<String>,
    pub duration: Option<String>,
    pub question_count: usize,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostView {
    pub label: String,
    pub notes: Option<String>,
}

/// Everything the catalog holds about one resource, laid out for a clinician.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceDetail {
    pub card: ResourceCard,
    /// Sanitized HTML rendered from the Markdown body on the server.
    pub body_html: Option<String>,
    pub url: Option<String>,
    pub disciplines: Vec<String>,
    pub specialties: Vec<String>,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub language: Option<String>,
    pub location: Option<String>,
    pub cost: Option<CostView>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// True when the last day has passed.
    pub past: bool,
    pub schedule: Option<Schedule>,
    pub items: Vec<ItemView>,
    /// For organizations: what they provide.
    pub provides: Vec<ResourceCard>,
    pub pathways: Vec<Link>,
    pub updated_at: String,
    /// The page's own address, absolute: its canonical link and what it is shared as.
    pub page_url: String,
    /// schema.org JSON-LD for the page, already made safe to sit in a script element.
    pub structured_data: String,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathwaySummary {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub step_count: usize,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathwayDetail {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub steps: Vec<ResourceCard>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KindCount {
    pub kind: Kind,
    pub count: i64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub featured: Vec<ResourceCard>,
    pub pathways: Vec<PathwaySummary>,
    pub starter: Option<PathwayDetail>,
    pub kinds: Vec<KindCount>,
    pub audiences: Vec<FacetValue>,
    pub total: i64,
}

/// One search result. `snippet` is HTML: text escaped, matched words in `<mark>`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub slug: String,
    pub kind: Kind,
    pub title: String,
    pub summary: String,
    pub snippet: String,
    pub score: f32,
}

/// Another way to look, offered when a search finds nothing.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    pub label: String,
    /// A `/search?…` address.
    pub href: String,
    pub total: u64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    pub query: String,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub hits: Vec<SearchHit>,
    pub facets: Vec<Facet>,
    /// "Did you mean" text, when the query is probably misspelled.
    pub suggestion: Option<String>,
    /// True when no resource matched every word and results match any of them instead.
    pub relaxed: bool,
    /// Where, counting from the first result of the first page, the results that match only
    /// some of the words begin (they cover most of the query's weight); None when every result
    /// matches every word.
    #[serde(default)]
    pub partial_from: Option<u64>,
    /// When the first page is short: the organizations that provide its best results, and
    /// their other resources, so a search leads somewhere.
    #[serde(default)]
    pub related: Vec<SearchHit>,
    pub alternatives: Vec<Alternative>,
    /// Set when the search page's search was logged for analytics: its results link through
    /// `/search/opened/{token}/{slug}`, so opening one is counted against that search alone.
    #[serde(default)]
    pub search_token: Option<String>,
}

/// A title suggested as someone types.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub slug: String,
    pub title: String,
    pub kind: Kind,
}

/// A signed-in learner as their own pages (and `GET /api/v1/me`) show them.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub email: String,
    pub profession: Option<String>,
    pub discipline: Option<String>,
    /// Always "learner", then "champion" once the pledge is taken, then "admin" when granted.
    pub roles: Vec<String>,
    pub champion_since: Option<String>,
    pub created_at: String,
}

/// The champion pledge: the four commitments of a palliative care champion (after the
/// society's champion page), in the hub's words. A learner becomes a champion by taking all four.
pub const PLEDGE: [(&str, &str); 4] = [
    (
        "communication",
        "I will raise the standard of how we talk with seriously ill patients and their families, and make decisions with them.",
    ),
    (
        "integration",
        "I will argue for palliative care to be woven into our services, our teaching and our research.",
    ),
    (
        "access",
        "I will work so that every patient with a serious illness can get palliative care.",
    ),
    (
        "team",
        "I will encourage and support my own team, as one of them, to learn these skills and use them as standard practice.",
    ),
];

impl Account {
    pub fn is_champion(&self) -> bool {
        self.roles.iter().any(|r| r == "champion")
    }

    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r == "admin")
    }
}

/// The learner's personal calendar feed: whether it is on, and its address only on the page
/// that follows making it (the hub keeps no more than a digest of the address).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFeed {
    pub on: bool,
    pub url: Option<String>,
}

/// A resource a learner bookmarked, with their private note.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    pub resource: ResourceCard,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// Where a learner is with one unit of a resource.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    InProgress,
    Completed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "not_started" => Some(Status::NotStarted),
            "in_progress" => Some(Status::InProgress),
            "completed" => Some(Status::Completed),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::InProgress => "In progress",
            Status::Completed => "Completed",
        }
    }
}

/// One unit's progress: an item, or (slug = the resource's own) a resource without items.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitProgress {
    pub slug: String,
    pub title: String,
    pub is_quiz: bool,
    /// The catalog no longer lists it; what the learner recorded on it is kept.
    pub retired: bool,
    pub status: Status,
    pub started_at: Option<String>,
    pub completed_at: Option<String>,
    pub self_reported: bool,
    pub reported_on: Option<String>,
}

/// A learner's progress through one resource. Retired units are listed but not counted.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceProgress {
    pub slug: String,
    pub title: String,
    pub kind: Kind,
    pub units: Vec<UnitProgress>,
    pub completed: usize,
    pub total: usize,
    pub percent: u8,
}

/// What a learner sees after submitting a quiz: the score, and each question's right answer
/// and explanation (shown only now, never before an attempt).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizResult {
    pub correct: usize,
    pub questions: usize,
    pub score_percent: u8,
    pub pass_percent: u8,
    pub passed: bool,
    pub submitted_at: String,
    pub review: Vec<QuestionReview>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionReview {
    pub prompt: String,
    pub chosen: usize,
    pub chosen_text: String,
    /// The right choice: withheld (null) for a wrong answer until the learner has passed the
    /// quiz, so a review says which answers were wrong without handing out the key.
    pub answer: Option<usize>,
    pub answer_text: Option<String>,
    pub correct: bool,
    /// Withheld with the answer, which it usually gives away.
    pub explanation: Option<String>,
}

/// A quiz as the learner takes it: the questions and their choices, never the answers.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizView {
    pub resource: Link,
    pub item: Link,
    pub pass_percent: u8,
    pub questions: Vec<QuizQuestion>,
    pub attempts: Vec<AttemptSummary>,
    pub status: Status,
    /// The latest attempt's score and review: only after the learner has submitted one.
    pub latest: Option<QuizResult>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizQuestion {
    pub prompt: String,
    pub choices: Vec<String>,
}

/// One earlier attempt at a quiz, newest first.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptSummary {
    pub score_percent: u8,
    pub passed: bool,
    pub submitted_at: String,
}

/// What the signed-in learner has marked across the catalog, so every card and detail page can
/// show its bookmark toggle and progress bar.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LearnerMarks {
    pub account: Option<Account>,
    pub bookmarked: Vec<String>,
    /// (resource slug, percent complete) for every resource with anything recorded.
    pub progress: Vec<(String, u8)>,
}

impl LearnerMarks {
    pub fn is_bookmarked(&self, slug: &str) -> bool {
        self.bookmarked.iter().any(|s| s == slug)
    }

    pub fn percent(&self, slug: &str) -> Option<u8> {
        self.progress.iter().find(|(s, _)| s == slug).map(|(_, p)| *p)
    }
}

/// The learner's own state on one resource page.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceLearning {
    pub bookmark: Option<Bookmark>,
    pub progress: ResourceProgress,
    /// Live courses and outside activities are recorded by the learner's own report.
    pub self_reportable: bool,
    /// The learner's collections, most recently changed first, each saying whether it holds
    /// this resource.
    #[serde(default)]
    pub collections: Vec<collection::CollectionChoice>,
}

/// A pathway with how far the learner has come along it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathwayProgress {
    pub slug: String,
    pub title: String,
    pub steps: usize,
    pub steps_completed: usize,
    pub percent: u8,
}

/// Credits offered by the activities a learner completed, summed per credit type.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditTally {
    pub credit_type: String,
    /// e.g. "16" or "1.5".
    pub amount: String,
    pub activities: usize,
}

/// A completion certificate as printed and as anyone verifying its code sees it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    pub code: String,
    pub learner_name: String,
    pub title: String,
    /// e.g. "Module series", "Pathway".
    pub subject_label: String,
    /// Where the activity lives on the hub.
    pub href: String,
    /// YYYY-MM-DD.
    pub completed_on: String,
    pub issued_at: String,
    /// Earned partly on the learner's own word (attendance they reported), not only on what
    /// the hub saw (items opened and marked, quizzes passed).
    pub self_reported: bool,
}

/// Where to pick up again: the most recently touched unfinished resource and its next unit.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContinueAt {
    pub resource: ResourceProgress,
    pub next_unit: Option<String>,
}

/// "My learning".
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub account: Account,
    pub continue_at: Option<ContinueAt>,
    pub in_progress: Vec<ResourceProgress>,
    pub completed: Vec<ResourceProgress>,
    pub bookmarks: Vec<Bookmark>,
    pub pathways: Vec<PathwayProgress>,
    pub credits: Vec<CreditTally>,
    pub certificates: Vec<Certificate>,
    /// The teams the learner leads, then those they joined.
    pub teams: Vec<team::TeamSummary>,
    /// Collections colleagues shared with the learner's teams, most recently changed first.
    pub shared_collections: Vec<collection::CollectionSummary>,
}

/// "My bookmarks": the learner's saved resources with browse's facets, and their notes.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookmarksPage {
    pub page: BrowsePage,
    pub notes: Vec<(String, Option<String>)>,
}

/// Search analytics over a period (`from` to `to`, inclusive, `YYYY-MM-DD`, UTC days). Built
/// from the anonymous search log, so nothing here names or tells apart the people searching.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchAnalytics {
    pub from: String,
    pub to: String,
    /// Searches made on the search page in the period.
    pub searches: i64,
    /// Of those, how many found nothing.
    pub zero_results: i64,
    /// The most searched queries, most first.
    pub top: Vec<QueryStats>,
    /// Queries that found nothing, most searched first.
    pub zero_result_queries: Vec<QueryCount>,
    /// Queries that found something, yet none of whose results anyone opened.
    pub not_opened: Vec<QueryCount>,
    /// Every day of the period, days without searches included.
    pub per_day: Vec<DayCount>,
    pub zero_results_per_day: Vec<DayCount>,
}

/// How one (normalized) query fared.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueryStats {
    pub query: String,
    pub searches: i64,
    /// Searches for it that found nothing, and their share of `searches` (0 to 1).
    pub zero_results: i64,
    pub zero_share: f64,
    /// Searches for it from which at least one result was opened.
    pub opened: i64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryCount {
    pub query: String,
    pub count: i64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`
    pub day: String,
    pub count: i64,
}

impl DayCount {
    /// A day series as a bar chart's (label, value) pairs.
    pub fn bars(days: &[DayCount]) -> Vec<(String, i64)> {
        days.iter().map(|d| (d.day.clone(), d.count)).collect()
    }
}
