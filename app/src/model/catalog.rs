//! The catalog as pages show it: the kinds of resource and the delivery formats and audiences
//! with their labels, a resource as a card and in full (its schedule, items and cost), browse's
//! page of cards and facets, pathways, and the home page.

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

/// Terms whose hyphen stands for a slash, as the seed documents write them
/// ("Depression/Anxiety", "Nausea/Vomiting", "Obstetrics and Gynecology"): spaced out, they
/// read as one odd phrase.
const TERM_LABELS: [(&str, &str); 3] = [
    ("depression-anxiety", "Depression/anxiety"),
    ("nausea-vomiting", "Nausea/vomiting"),
    ("obstetrics-gynecology", "Obstetrics and gynecology"),
];

/// A vocabulary term (`palliative-care`) as people read it (`Palliative care`).
pub fn term_label(term: &str) -> String {
    if let Some((_, label)) = TERM_LABELS.iter().find(|(t, _)| *t == term) {
        return label.to_string();
    }
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
    /// The first and last day (`YYYY-MM-DD`) of a dated resource (a live course).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<String>,
    /// Where a dated resource stands on the day the server answered; None when undated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
    pub item_count: usize,
    pub featured: bool,
}

impl ResourceCard {
    /// Sets [`ResourceCard::when`] for `today` (`YYYY-MM-DD`).
    pub fn as_of(mut self, today: &str) -> ResourceCard {
        self.when = When::of(self.starts_on.as_deref(), self.ends_on.as_deref(), today);
        self
    }

    pub fn is_past(&self) -> bool {
        self.when == Some(When::Past)
    }
}

/// The filter that leaves out what has ended (a course whose last day has passed). Its count is
/// what it keeps, so the label names what it keeps: "Hide what has ended (27)" read as 27 hidden.
pub const CURRENT_LABEL: &str = "Not ended: running, upcoming or undated";

/// Where a dated resource stands on a given day.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// Its first day is still ahead.
    Upcoming,
    /// Between its first and last day.
    Ongoing,
    /// Its last day has passed.
    Past,
}

impl When {
    /// From the first and last day and today, all `YYYY-MM-DD` (which order as text as they
    /// do as dates); None when the resource has no dates.
    pub fn of(starts_on: Option<&str>, ends_on: Option<&str>, today: &str) -> Option<When> {
        let valid = |d: &&str| d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-';
        let first = starts_on.filter(valid);
        let last = ends_on.filter(valid).or(first);
        match (first, last) {
            (_, Some(last)) if last < today => Some(When::Past),
            (Some(first), _) if first > today => Some(When::Upcoming),
            (None, None) => None,
            _ => Some(When::Ongoing),
        }
    }

    /// How a card says it, beside the dates.
    pub fn label(self) -> &'static str {
        match self {
            When::Upcoming => "Upcoming",
            When::Ongoing => "Happening now",
            When::Past => "Ended",
        }
    }
}

/// Another way to look, offered when a search or browse finds nothing.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    pub label: String,
    /// A `/search?…` or `/resources?…` address.
    pub href: String,
    pub total: u64,
}

/// Facet values with how many resources each would show.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facet {
    pub name: String,
    pub label: String,
    pub values: Vec<FacetValue>,
    /// How many values the page leaves out of `values` (see [`trim_facets`]); the API lists
    /// every value and leaves this out.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Facet {
    /// Long enough to be cut to its most common values (see [`trim_facets`]).
    pub fn is_long(&self) -> bool {
        self.values.len() + self.more as usize > FACET_CUT_ABOVE
    }
}

/// Values a cut filter keeps (the selected ones are kept besides).
pub const FACET_COMMON_VALUES: usize = 10;
/// A filter is cut only when it has more values than this: cutting two would save nothing.
const FACET_CUT_ABOVE: usize = FACET_COMMON_VALUES + 4;

/// Cuts each long filter (a vocabulary an admin can grow to thousands of terms) to its most
/// common values and the selected ones, most common first, and counts what it left out; `full`
/// names a filter the visitor asked to see whole. A page carries a page of filters, not a
/// catalog's worth.
pub fn trim_facets(facets: &mut [Facet], full: Option<&str>) {
    for facet in facets.iter_mut() {
        if !facet.is_long() || full == Some(facet.name.as_str()) {
            continue;
        }
        let before = facet.values.len();
        facet
            .values
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        let mut kept = 0;
        facet.values.retain(|v| {
            let keep = v.selected || kept < FACET_COMMON_VALUES;
            if keep && !v.selected {
                kept += 1;
            }
            keep
        });
        facet.more = (before - facet.values.len()) as u32;
    }
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
    /// When nothing matches: the same filters less one, each with what it would show.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
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
    /// The provider's own site, for a resource with no address of its own: where to look.
    #[serde(default)]
    pub provider_site: Option<String>,
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
    /// schema.org JSON-LD for the page, already made safe to sit in a script element. Only the
    /// server's rendering carries it (search engines read the page as served): it never travels
    /// to the browser a second time inside the page's data, where nothing would read it.
    #[serde(skip)]
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
