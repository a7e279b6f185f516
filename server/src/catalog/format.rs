//! The catalog exchange format (version 1), as typed records. Field order here is the key order
//! `export` writes, so it must not change: it is part of the byte-stable public contract.

use serde::{Deserialize, Serialize};

pub const FORMAT_NAME: &str = "champion-hub-catalog";
pub const FORMAT_VERSION: u64 = 1;

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    pub format: String,
    pub version: u64,
    pub resources: Vec<ResourceRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pathways: Vec<PathwayRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceRecord {
    pub slug: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disciplines: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub specialties: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cost>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<Credit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule: Vec<ScheduleRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemRecord>,
    #[serde(default = "published")]
    pub status: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub featured: bool,
}

fn published() -> String {
    "published".to_string()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    pub free: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "canonical_number")]
    pub amount: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    #[serde(rename = "type")]
    pub credit_type: String,
    #[serde(with = "canonical_number::required")]
    pub amount: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRecord {
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRecord {
    pub slug: String,
    pub title: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiz: Option<Quiz>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    pub pass_percent: i64,
    pub questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub prompt: String,
    pub choices: Vec<String>,
    pub answer: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathwayRecord {
    pub slug: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub steps: Vec<String>,
}

impl ResourceRecord {
    /// The record as the public API shows it: quiz answers and explanations never leave the
    /// server.
    pub fn without_answers(mut self) -> serde_json::Value {
        for item in &mut self.items {
            if let Some(quiz) = &mut item.quiz {
                for q in &mut quiz.questions {
                    q.explanation = None;
                }
            }
        }
        let mut value = serde_json::to_value(&self).expect("records always serialize");
        if let Some(items) = value.get_mut("items").and_then(|v| v.as_array_mut()) {
            for item in items {
                if let Some(questions) = item.pointer_mut("/quiz/questions").and_then(|v| v.as_array_mut()) {
                    for q in questions {
                        if let Some(obj) = q.as_object_mut() {
                            obj.remove("answer");
                        }
                    }
                }
            }
        }
        value
    }
}

/// Numbers are written in one canonical form: whole values without a fraction (`1995`, not
/// `1995.0`), so export is byte-stable whatever the input spelled.
mod canonical_number {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn to_json(n: f64) -> serde_json::Number {
        if n.fract() == 0.0 && n.abs() < 9.0e15 {
            serde_json::Number::from(n as i64)
        } else {
            serde_json::Number::from_f64(n).expect("finite by schema")
        }
    }

    pub fn serialize<S: Serializer>(n: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match n {
            Some(n) => serde::Serialize::serialize(&to_json(*n), s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Option::<f64>::deserialize(d)
    }

    pub mod required {
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(n: &f64, s: S) -> Result<S::Ok, S::Error> {
            serde::Serialize::serialize(&super::to_json(*n), s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
            f64::deserialize(d)
        }
    }
}
