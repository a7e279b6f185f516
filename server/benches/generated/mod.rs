//! A generated catalog for the benches: deterministic resources whose words are drawn by a
//! Zipf distribution from the seed catalog's vocabulary and clinical terms.

use hub::catalog::format::{Cost, Credit, ItemRecord, ResourceRecord};
use std::time::Duration;

pub const KINDS: [&str; 8] = [
    "module_series",
    "recorded_session",
    "course",
    "fellowship",
    "certificate_program",
    "organization",
    "program",
    "guide",
];
pub const WORDS: &[&str] = &[
    "palliative",
    "care",
    "pain",
    "dyspnea",
    "breathlessness",
    "nausea",
    "vomiting",
    "constipation",
    "delirium",
    "depression",
    "anxiety",
    "serious",
    "illness",
    "communication",
    "news",
    "goals",
    "advance",
    "planning",
    "hospice",
    "family",
    "caregiver",
    "grief",
    "bereavement",
    "spiritual",
    "chaplain",
    "nurse",
    "physician",
    "social",
    "work",
    "pediatric",
    "adult",
    "oncology",
    "gynecologic",
    "surgery",
    "surgical",
    "cardiology",
    "heart",
    "failure",
    "renal",
    "dementia",
    "frailty",
    "opioid",
    "methadone",
    "symptom",
    "management",
    "assessment",
    "prognosis",
    "ethics",
    "consent",
    "decision",
    "shared",
    "interprofessional",
    "team",
    "champion",
    "leadership",
    "education",
    "simulation",
    "workshop",
    "module",
    "quiz",
    "fellowship",
    "certificate",
    "program",
    "international",
    "policy",
    "equity",
    "rural",
    "telehealth",
    "outpatient",
    "inpatient",
    "consultation",
    "home",
    "dying",
    "comfort",
    "sedation",
    "hydration",
];
pub const TOPICS: &[&str] = &[
    "pain",
    "dyspnea",
    "communication",
    "advance-care-planning",
    "ethics",
    "grief",
    "pediatrics",
];
/// A small deterministic generator, so every run measures the same catalog.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }
}

/// Words drawn as real text draws them: a Zipf distribution over a vocabulary made of the
/// seed catalog's own words and a list of clinical terms, so a common word is in many
/// documents and a rare one in few (a uniform draw would put every word in every document).
pub struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    pub fn new() -> Vocabulary {
        let mut words: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let seed: serde_json::Value = serde_json::from_str(hub::catalog::seed::SEED_CATALOG).unwrap();
        let mut text = String::new();
        for r in seed["resources"].as_array().unwrap() {
            for key in ["title", "summary", "body"] {
                text.push_str(r[key].as_str().unwrap_or(""));
                text.push(' ');
            }
        }
        for w in WORDS.iter().copied().map(str::to_string).chain(
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 2)
                .map(|w| w.to_lowercase()),
        ) {
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + 2.0);
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    pub fn word(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap();
        let x = (rng.next() % 1_000_000) as f64 / 1_000_000.0 * total;
        let i = self.cumulative.partition_point(|c| *c < x).min(self.words.len() - 1);
        &self.words[i]
    }

    pub fn sentence(&self, rng: &mut Rng, n: usize) -> String {
        (0..n).map(|_| self.word(rng)).collect::<Vec<_>>().join(" ")
    }
}

/// `size` resources, one in `featured_every` featured (0: none), with the `updated_at` each
/// was last changed at.
pub fn catalog(size: usize, featured_every: usize) -> Vec<(ResourceRecord, String)> {
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let vocabulary = Vocabulary::new();
    (0..size)
        .map(|i| {
            let kind = KINDS[i % KINDS.len()];
            let title = { vocabulary.sentence(&mut rng, 5) };
            let record = ResourceRecord {
                slug: format!("resource-{i}"),
                kind: kind.to_string(),
                title,
                summary: vocabulary.sentence(&mut rng, 25),
                body: Some(format!(
                    "## Overview\n\n{}\n\n{}",
                    vocabulary.sentence(&mut rng, 80),
                    vocabulary.sentence(&mut rng, 60)
                )),
                url: None,
                provider: None,
                audiences: vec![if i % 3 == 0 { "pediatric" } else { "adult" }.to_string()],
                disciplines: vec![rng.pick(&["nursing", "physician", "social-work"]).to_string()],
                specialties: vec![],
                topics: vec![rng.pick(TOPICS).to_string()],
                tags: vec![],
                format: Some(
                    rng.pick(&["on_demand", "live_online", "in_person", "hybrid"])
                        .to_string(),
                ),
                duration_minutes: Some((rng.next() % 600) as i64),
                language: None,
                location: None,
                cost: Some(Cost {
                    free: i % 2 == 0,
                    currency: Some("USD".into()),
                    amount: Some(100.0),
                    notes: None,
                }),
                credits: if i % 4 == 0 {
                    vec![Credit {
                        credit_type: "CME".into(),
                        amount: 2.0,
                    }]
                } else {
                    vec![]
                },
                starts_on: None,
                ends_on: None,
                schedule: vec![],
                items: (0..3)
                    .map(|j| ItemRecord {
                        slug: format!("part-{j}"),
                        title: vocabulary.sentence(&mut rng, 3),
                        kind: "presentation".into(),
                        summary: Some(vocabulary.sentence(&mut rng, 10)),
                        url: None,
                        duration_minutes: None,
                        quiz: None,
                    })
                    .collect(),
                status: "published".into(),
                featured: featured_every > 0 && i % featured_every == 0,
            };
            (record, format!("2026-01-01T00:00:{:02}.{:03}Z", i % 60, i % 1000))
        })
        .collect()
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}
