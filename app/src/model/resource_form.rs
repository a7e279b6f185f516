//! The resource editor's form: every field of the catalog format as the text a form posts, and
//! the two conversions between it and a record in the exchange format. Conversion never
//! judges: a value that is not a number stays text, so the server's one set of import rules
//! reports it at its JSON pointer, exactly as an import would.
//!
//! Lists (credits, schedule, items, quiz questions) are rows with a position and a remove box,
//! plus one blank row each, so adding, reordering and removing work with a plain form post.
//! Questions sit in one flat list, each naming its item's row, to keep field names shallow.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceForm {
    pub slug: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub url: String,
    pub provider: String,
    /// Comma-separated terms, one field per vocabulary.
    pub audiences: String,
    pub disciplines: String,
    pub specialties: String,
    pub topics: String,
    pub tags: String,
    pub format: String,
    pub duration_minutes: String,
    pub language: String,
    pub location: String,
    /// A checkbox: present when ticked.
    pub cost_free: Option<String>,
    pub cost_currency: String,
    pub cost_amount: String,
    pub cost_notes: String,
    pub credits: Vec<CreditRow>,
    pub starts_on: String,
    pub ends_on: String,
    pub schedule: Vec<ScheduleRow>,
    pub items: Vec<ItemRow>,
    pub questions: Vec<QuestionRow>,
    pub status: String,
    pub featured: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreditRow {
    pub position: String,
    pub remove: Option<String>,
    pub credit_type: String,
    pub amount: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScheduleRow {
    pub position: String,
    pub remove: Option<String>,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub track: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemRow {
    pub position: String,
    /// Removing an item retires it: learners' progress on it is kept.
    pub remove: Option<String>,
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub summary: String,
    pub url: String,
    pub duration_minutes: String,
    /// Set for a quiz: the share of right answers that passes.
    pub pass_percent: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionRow {
    /// The slug of the item this question belongs to.
    pub item: String,
    pub position: String,
    pub remove: Option<String>,
    pub prompt: String,
    /// One choice per line.
    pub choices: String,
    /// The right choice's number, counted from 1 as the form shows them.
    pub answer: String,
    pub explanation: String,
}

fn text(s: &str) -> Option<Value> {
    let t = s.trim();
    (!t.is_empty()).then(|| Value::String(t.to_string()))
}

/// A whole number when it reads as one; otherwise the text, for the rules to refuse by name.
fn integer(s: &str) -> Option<Value> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    Some(
        t.parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(t.to_string())),
    )
}

fn number(s: &str) -> Option<Value> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    Some(
        t.parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(t.to_string())),
    )
}

fn terms(s: &str) -> Vec<Value> {
    s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| Value::String(t.to_string()))
        .collect()
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_string(), v);
    }
}

/// Rows kept (not removed, not blank), in the order of their positions; rows without a
/// usable position keep their place after the numbered ones.
fn ordered<T>(rows: &[T], position: impl Fn(&T) -> &str, keep: impl Fn(&T) -> bool) -> Vec<&T> {
    let mut kept: Vec<(usize, f64, &T)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| keep(r))
        .map(|(i, r)| (i, position(r).trim().parse::<f64>().unwrap_or(f64::MAX), r))
        .collect();
    kept.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    kept.into_iter().map(|(_, _, r)| r).collect()
}

/// Line breaks as the exchange format writes them: a browser posts a textarea's breaks as CRLF,
/// which the catalog's rules would refuse as a control character the person never typed.
fn unix_line_breaks(value: &mut Value) {
    match value {
        Value::String(s) if s.contains('\r') => *s = s.replace("\r\n", "\n").replace('\r', "\n"),
        Value::Array(list) => list.iter_mut().for_each(unix_line_breaks),
        Value::Object(map) => map.values_mut().for_each(unix_line_breaks),
        _ => {}
    }
}

impl ResourceForm {
    /// The record in the exchange format that this form describes.
    pub fn to_record(&self) -> Value {
        let mut record = self.record_as_posted();
        unix_line_breaks(&mut record);
        record
    }

    fn record_as_posted(&self) -> Value {
        let mut r = Map::new();
        put(&mut r, "slug", Some(Value::String(self.slug.trim().to_string())));
        put(&mut r, "kind", Some(Value::String(self.kind.trim().to_string())));
        put(&mut r, "title", Some(Value::String(self.title.trim().to_string())));
        put(&mut r, "summary", Some(Value::String(self.summary.trim().to_string())));
        put(&mut r, "body", text(&self.body));
        put(&mut r, "url", text(&self.url));
        put(&mut r, "provider", text(&self.provider));
        for (key, value) in [
            ("audiences", &self.audiences),
            ("disciplines", &self.disciplines),
            ("specialties", &self.specialties),
            ("topics", &self.topics),
            ("tags", &self.tags),
        ] {
            let list = terms(value);
            if !list.is_empty() {
                r.insert(key.into(), Value::Array(list));
            }
        }
        put(&mut r, "format", text(&self.format));
        put(&mut r, "duration_minutes", integer(&self.duration_minutes));
        put(&mut r, "language", text(&self.language));
        put(&mut r, "location", text(&self.location));
        let free = self.cost_free.is_some();
        if free
            || [&self.cost_currency, &self.cost_amount, &self.cost_notes]
                .iter()
                .any(|s| !s.trim().is_empty())
        {
            let mut cost = Map::new();
            cost.insert("free".into(), Value::Bool(free));
            put(&mut cost, "currency", text(&self.cost_currency));
            put(&mut cost, "amount", number(&self.cost_amount));
            put(&mut cost, "notes", text(&self.cost_notes));
            r.insert("cost".into(), Value::Object(cost));
        }
        let credits: Vec<Value> = ordered(
            &self.credits,
            |c| &c.position,
            |c| c.remove.is_none() && !(c.credit_type.trim().is_empty() && c.amount.trim().is_empty()),
        )
        .into_iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("type".into(), Value::String(c.credit_type.trim().to_string()));
            put(&mut m, "amount", number(&c.amount));
            Value::Object(m)
        })
        .collect();
        if !credits.is_empty() {
            r.insert("credits".into(), Value::Array(credits));
        }
        put(&mut r, "starts_on", text(&self.starts_on));
        put(&mut r, "ends_on", text(&self.ends_on));
        let schedule: Vec<Value> = ordered(
            &self.schedule,
            |s| &s.position,
            |s| {
                s.remove.is_none()
                    && [&s.title, &s.starts_at, &s.ends_at, &s.track]
                        .iter()
                        .any(|f| !f.trim().is_empty())
            },
        )
        .into_iter()
        .map(|s| {
            let mut m = Map::new();
            m.insert("title".into(), Value::String(s.title.trim().to_string()));
            m.insert("starts_at".into(), Value::String(s.starts_at.trim().to_string()));
            m.insert("ends_at".into(), Value::String(s.ends_at.trim().to_string()));
            put(&mut m, "track", text(&s.track));
            Value::Object(m)
        })
        .collect();
        if !schedule.is_empty() {
            r.insert("schedule".into(), Value::Array(schedule));
        }
        let items: Vec<Value> = ordered(
            &self.items,
            |i| &i.position,
            |i| {
                i.remove.is_none()
                    && [&i.slug, &i.title, &i.summary, &i.url]
                        .iter()
                        .any(|f| !f.trim().is_empty())
            },
        )
        .into_iter()
        .map(|i| self.item_record(i))
        .collect();
        if !items.is_empty() {
            r.insert("items".into(), Value::Array(items));
        }
        r.insert(
            "status".into(),
            Value::String(if self.status.trim().is_empty() {
                "draft".into()
            } else {
                self.status.trim().to_string()
            }),
        );
        if self.featured.is_some() {
            r.insert("featured".into(), Value::Bool(true));
        }
        Value::Object(r)
    }

    fn item_record(&self, i: &ItemRow) -> Value {
        // The last row is the one that was blank: a question not yet tied to an item slug
        // belongs to it, so a new quiz item is saved with its first question.
        let is_new_row = self.items.last().is_some_and(|last| std::ptr::eq(last, i));
        let mut m = Map::new();
        m.insert("slug".into(), Value::String(i.slug.trim().to_string()));
        m.insert("title".into(), Value::String(i.title.trim().to_string()));
        m.insert("kind".into(), Value::String(i.kind.trim().to_string()));
        put(&mut m, "summary", text(&i.summary));
        put(&mut m, "url", text(&i.url));
        put(&mut m, "duration_minutes", integer(&i.duration_minutes));
        let questions: Vec<Value> = ordered(
            &self.questions,
            |q| &q.position,
            |q| {
                (q.item.trim() == i.slug.trim() || (is_new_row && q.item.trim().is_empty()))
                    && q.remove.is_none()
                    && [&q.prompt, &q.choices, &q.answer, &q.explanation]
                        .iter()
                        .any(|f| !f.trim().is_empty())
            },
        )
        .into_iter()
        .map(|q| {
            let mut qm = Map::new();
            qm.insert("prompt".into(), Value::String(q.prompt.trim().to_string()));
            let choices: Vec<Value> = q
                .choices
                .lines()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(|c| Value::String(c.to_string()))
                .collect();
            qm.insert("choices".into(), Value::Array(choices));
            // Shown counted from 1; stored as an index from 0.
            let answer = match integer(&q.answer) {
                Some(Value::Number(n)) => Value::from(n.as_i64().unwrap_or(0) - 1),
                Some(other) => other,
                None => Value::Null,
            };
            qm.insert("answer".into(), answer);
            put(&mut qm, "explanation", text(&q.explanation));
            Value::Object(qm)
        })
        .collect();
        if !i.pass_percent.trim().is_empty() || !questions.is_empty() {
            let mut quiz = Map::new();
            quiz.insert("pass_percent".into(), integer(&i.pass_percent).unwrap_or(Value::Null));
            quiz.insert("questions".into(), Value::Array(questions));
            m.insert("quiz".into(), Value::Object(quiz));
        }
        Value::Object(m)
    }

    /// The form for a stored record, with one blank row at the end of each list for adding.
    pub fn from_record(record: &Value) -> ResourceForm {
        let s = |v: &Value| match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let list = |key: &str| {
            record[key]
                .as_array()
                .map(|a| a.iter().map(&s).collect::<Vec<_>>().join(", "))
                .unwrap_or_default()
        };
        let cost = &record["cost"];
        let mut form = ResourceForm {
            slug: s(&record["slug"]),
            kind: s(&record["kind"]),
            title: s(&record["title"]),
            summary: s(&record["summary"]),
            body: s(&record["body"]),
            url: s(&record["url"]),
            provider: s(&record["provider"]),
            audiences: list("audiences"),
            disciplines: list("disciplines"),
            specialties: list("specialties"),
            topics: list("topics"),
            tags: list("tags"),
            format: s(&record["format"]),
            duration_minutes: s(&record["duration_minutes"]),
            language: s(&record["language"]),
            location: s(&record["location"]),
            cost_free: (cost["free"] == json!(true)).then(|| "on".to_string()),
            cost_currency: s(&cost["currency"]),
            cost_amount: s(&cost["amount"]),
            cost_notes: s(&cost["notes"]),
            starts_on: s(&record["starts_on"]),
            ends_on: s(&record["ends_on"]),
            status: s(&record["status"]),
            featured: (record["featured"] == json!(true)).then(|| "on".to_string()),
            ..Default::default()
        };
        let rows = |key: &str| record[key].as_array().cloned().unwrap_or_default();
        for (n, c) in rows("credits").iter().enumerate() {
            form.credits.push(CreditRow {
                position: (n + 1).to_string(),
                remove: None,
                credit_type: s(&c["type"]),
                amount: s(&c["amount"]),
            });
        }
        for (n, e) in rows("schedule").iter().enumerate() {
            form.schedule.push(ScheduleRow {
                position: (n + 1).to_string(),
                remove: None,
                title: s(&e["title"]),
                starts_at: s(&e["starts_at"]),
                ends_at: s(&e["ends_at"]),
                track: s(&e["track"]),
            });
        }
        for (n, i) in rows("items").iter().enumerate() {
            form.items.push(ItemRow {
                position: (n + 1).to_string(),
                remove: None,
                slug: s(&i["slug"]),
                title: s(&i["title"]),
                kind: s(&i["kind"]),
                summary: s(&i["summary"]),
                url: s(&i["url"]),
                duration_minutes: s(&i["duration_minutes"]),
                pass_percent: s(&i["quiz"]["pass_percent"]),
            });
            for (k, q) in i["quiz"]["questions"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let choices: Vec<String> = q["choices"]
                    .as_array()
                    .map(|c| c.iter().map(&s).collect())
                    .unwrap_or_default();
                form.questions.push(QuestionRow {
                    item: s(&i["slug"]),
                    position: (k + 1).to_string(),
                    remove: None,
                    prompt: s(&q["prompt"]),
                    choices: choices.join("\n"),
                    answer: q["answer"].as_i64().map(|a| (a + 1).to_string()).unwrap_or_default(),
                    explanation: s(&q["explanation"]),
                });
            }
        }
        form.with_blank_rows()
    }

    /// One empty row at the end of each list: where a new credit, session, item or question
    /// goes (one new question for each quiz item, and a first one for the new item, in case it
    /// is a quiz).
    pub fn with_blank_rows(mut self) -> ResourceForm {
        self.credits.push(CreditRow {
            position: (self.credits.len() + 1).to_string(),
            ..Default::default()
        });
        self.schedule.push(ScheduleRow {
            position: (self.schedule.len() + 1).to_string(),
            ..Default::default()
        });
        self.items.push(ItemRow {
            position: (self.items.len() + 1).to_string(),
            ..Default::default()
        });
        let quizzes: Vec<String> = self
            .items
            .iter()
            .filter(|i| i.kind == "quiz" || !i.pass_percent.is_empty())
            .map(|i| i.slug.clone())
            .collect();
        for slug in quizzes.into_iter().filter(|s| !s.is_empty()) {
            let count = self.questions.iter().filter(|q| q.item == slug).count();
            self.questions.push(QuestionRow {
                item: slug,
                position: (count + 1).to_string(),
                ..Default::default()
            });
        }
        self.questions.push(QuestionRow {
            item: String::new(),
            position: "1".into(),
            ..Default::default()
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browsers_line_breaks_are_the_formats() {
        let form = ResourceForm {
            body: "## Agenda\r\n\r\nPractice.\rEnd".into(),
            questions: vec![QuestionRow {
                item: "q".into(),
                position: "1".into(),
                prompt: "First?".into(),
                choices: "Yes\r\nNo".into(),
                answer: "1".into(),
                ..Default::default()
            }],
            items: vec![ItemRow {
                position: "1".into(),
                slug: "q".into(),
                title: "Quiz".into(),
                kind: "quiz".into(),
                pass_percent: "100".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let record = form.to_record();
        assert_eq!(record["body"], "## Agenda\n\nPractice.\nEnd");
        assert_eq!(
            record["items"][0]["quiz"]["questions"][0]["choices"],
            json!(["Yes", "No"])
        );
        assert!(!record.to_string().contains("\\r"), "{record}");
    }

    fn record() -> Value {
        json!({
            "slug": "a-course", "kind": "course", "title": "A Course", "summary": "Two days.",
            "body": "Some **Markdown**.", "provider": "an-org", "topics": ["pain-management", "dyspnea"],
            "duration_minutes": 90,
            "cost": {"free": false, "currency": "USD", "amount": 1200.0, "notes": "Early rate"},
            "credits": [{"type": "AMA PRA Category 1 Credit(s)™", "amount": 16.0}],
            "starts_on": "2027-03-01", "ends_on": "2027-03-02",
            "schedule": [{"title": "Day 1", "starts_at": "2027-03-01T09:00:00-05:00", "ends_at": "2027-03-01T17:00:00-05:00", "track": "Main"}],
            "items": [
                {"slug": "day-1", "title": "Day 1", "kind": "session"},
                {"slug": "quiz", "title": "Quiz", "kind": "quiz", "quiz": {"pass_percent": 80, "questions": [
                    {"prompt": "Which?", "choices": ["A", "B"], "answer": 1, "explanation": "B it is."}
                ]}}
            ],
            "status": "draft", "featured": true
        })
    }

    #[test]
    fn a_record_survives_the_form_both_ways() {
        let form = ResourceForm::from_record(&record());
        assert_eq!(form.to_record(), record(), "blank rows are left out");
        let blank: Vec<&str> = form.questions.iter().skip(1).map(|q| q.item.as_str()).collect();
        assert_eq!(
            blank,
            ["quiz", ""],
            "a blank question for the quiz, and one for a new item"
        );
    }

    #[test]
    fn a_new_quiz_item_is_saved_with_its_first_question() {
        let mut form = ResourceForm::from_record(&record());
        let new = form.items.last_mut().unwrap();
        (new.slug, new.title, new.kind, new.pass_percent) =
            ("check".into(), "Check".into(), "quiz".into(), "100".into());
        let q = form.questions.last_mut().unwrap();
        (q.prompt, q.choices, q.answer) = ("First?".into(), "Yes\nNo".into(), "1".into());
        let r = form.to_record();
        assert_eq!(
            r["items"][2]["quiz"],
            json!({"pass_percent": 100, "questions": [{"prompt": "First?", "choices": ["Yes", "No"], "answer": 0}]})
        );
        assert!(
            r["items"][1]["quiz"]["questions"].as_array().unwrap().len() == 1,
            "not given to the old quiz"
        );
    }

    #[test]
    fn rows_are_reordered_removed_and_added_by_position() {
        let mut form = ResourceForm::from_record(&record());
        form.items[0].position = "3".into();
        form.items[2].slug = "day-2".into();
        form.items[2].title = "Day 2".into();
        form.items[2].kind = "session".into();
        form.items[2].position = "2".into();
        form.credits[0].remove = Some("on".into());
        let r = form.to_record();
        let slugs: Vec<&str> = r["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs, ["quiz", "day-2", "day-1"]);
        assert!(r.get("credits").is_none());
    }

    #[test]
    fn text_where_a_number_belongs_is_kept_for_the_rules_to_name() {
        let mut form = ResourceForm::from_record(&record());
        form.duration_minutes = "ninety".into();
        form.questions[0].answer = "2".into();
        let r = form.to_record();
        assert_eq!(r["duration_minutes"], json!("ninety"));
        assert_eq!(
            r["items"][1]["quiz"]["questions"][0]["answer"],
            json!(1),
            "shown from 1, stored from 0"
        );
    }
}
