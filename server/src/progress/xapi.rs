//! A learner's progress as xAPI statements (Experience API 1.0.3), so an institution's learning
//! record store can import what they did here: "attempted" when a unit was started,
//! "completed" when it was finished, "passed" or "failed" for each quiz attempt.
//!
//! Activities are named by the hub's own addresses: a resource by its page, an item by its
//! place on that page (`…/resources/{slug}#item-{item}`). Statement ids are derived from what
//! they say (UUID v5), so exporting twice and importing both gives the store the same
//! statements again, never duplicates.

use super::export::{AttemptData, Export, ProgressData};
use serde_json::{json, Value};

/// The xAPI version the statements follow.
pub const VERSION: &str = "1.0.3";

const ATTEMPTED: (&str, &str) = ("http://adlnet.gov/expapi/verbs/attempted", "attempted");
const COMPLETED: (&str, &str) = ("http://adlnet.gov/expapi/verbs/completed", "completed");
const PASSED: (&str, &str) = ("http://adlnet.gov/expapi/verbs/passed", "passed");
const FAILED: (&str, &str) = ("http://adlnet.gov/expapi/verbs/failed", "failed");

const COURSE: &str = "http://adlnet.gov/expapi/activities/course";
const MODULE: &str = "http://adlnet.gov/expapi/activities/module";
const ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";

fn verb((id, display): (&str, &str)) -> Value {
    json!({"id": id, "display": {"en-US": display}})
}

fn resource_id(base: &str, slug: &str) -> String {
    format!("{base}/resources/{slug}")
}

fn activity(id: &str, name: &str, kind: &str) -> Value {
    json!({"objectType": "Activity", "id": id, "definition": {"name": {"en-US": name}, "type": kind}})
}

/// What one statement says, as an id: the same claim always gets the same UUID.
fn statement_id(actor: &str, verb: &str, object: &str, timestamp: &str) -> String {
    let name = format!("{actor}\n{verb}\n{object}\n{timestamp}");
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes()).to_string()
}

struct Builder<'a> {
    base: &'a str,
    actor: Value,
    mbox: String,
    /// The extension key that marks self-reported progress.
    self_reported: String,
    out: Vec<Value>,
}

impl Builder<'_> {
    fn push(
        &mut self,
        verb_of: (&str, &str),
        object: Value,
        parent: Option<Value>,
        result: Option<Value>,
        timestamp: &str,
        self_reported: bool,
    ) {
        let object_id = object["id"].as_str().unwrap_or_default().to_string();
        let mut statement = json!({
            "id": statement_id(&self.mbox, verb_of.0, &object_id, timestamp),
            "actor": self.actor,
            "verb": verb(verb_of),
            "object": object,
            "timestamp": timestamp,
            "version": VERSION,
        });
        let mut context = serde_json::Map::new();
        if let Some(parent) = parent {
            context.insert("contextActivities".into(), json!({"parent": [parent]}));
        }
        context.insert("platform".into(), json!("Champion Hub"));
        if self_reported {
            let mut extensions = serde_json::Map::new();
            extensions.insert(self.self_reported.clone(), json!(true));
            context.insert("extensions".into(), Value::Object(extensions));
        }
        statement["context"] = Value::Object(context);
        if let Some(result) = result {
            statement["result"] = result;
        }
        self.out.push(statement);
    }

    fn unit(&self, p: &ProgressData) -> (Value, Option<Value>) {
        let page = resource_id(self.base, &p.resource_slug);
        let resource = activity(&page, &p.resource_title, COURSE);
        if p.unit == p.resource_slug || p.unit.is_empty() {
            (resource, None)
        } else {
            let id = format!("{page}#item-{}", p.unit);
            let name = p.unit_title.clone().unwrap_or_else(|| p.unit.clone());
            (activity(&id, &name, MODULE), Some(resource))
        }
    }

    fn progress(&mut self, p: &ProgressData) {
        let (object, parent) = self.unit(p);
        self.push(
            ATTEMPTED,
            object.clone(),
            parent.clone(),
            None,
            &p.started_at,
            p.self_reported,
        );
        if p.status == "completed" {
            let when = p.completed_at.as_deref().unwrap_or(&p.updated_at);
            self.push(
                COMPLETED,
                object,
                parent,
                Some(json!({"completion": true})),
                when,
                p.self_reported,
            );
        }
    }

    fn attempt(&mut self, a: &AttemptData, titles: &[ProgressData]) {
        let page = resource_id(self.base, &a.resource_slug);
        let resource_title = titles
            .iter()
            .find(|p| p.resource_slug == a.resource_slug)
            .map_or(a.resource_slug.as_str(), |p| p.resource_title.as_str());
        let item_title = titles
            .iter()
            .find(|p| p.resource_slug == a.resource_slug && p.unit == a.item_slug)
            .and_then(|p| p.unit_title.as_deref())
            .unwrap_or(a.item_slug.as_str());
        let object = activity(&format!("{page}#item-{}", a.item_slug), item_title, ASSESSMENT);
        let parent = activity(&page, resource_title, COURSE);
        let scaled = if a.questions > 0 {
            a.correct as f64 / a.questions as f64
        } else {
            0.0
        };
        let result = json!({
            "score": {"scaled": scaled, "raw": a.correct, "min": 0, "max": a.questions},
            "success": a.passed,
            "completion": true,
        });
        self.push(
            if a.passed { PASSED } else { FAILED },
            object,
            Some(parent),
            Some(result),
            &a.submitted_at,
            false,
        );
    }
}

/// Every statement `export`'s progress and quiz attempts make, oldest first. `base` is the
/// hub's public address, which names the activities.
pub fn statements(export: &Export, base: &str) -> Vec<Value> {
    let mbox = format!("mailto:{}", export.account.email);
    let mut b = Builder {
        base,
        actor: json!({"objectType": "Agent", "name": export.account.name, "mbox": mbox}),
        mbox,
        self_reported: format!("{base}/xapi/extensions/self-reported"),
        out: Vec::new(),
    };
    for p in &export.progress {
        b.progress(p);
    }
    for a in &export.quiz_attempts {
        b.attempt(a, &export.progress);
    }
    b.out
        .sort_by(|x, y| x["timestamp"].as_str().cmp(&y["timestamp"].as_str()));
    b.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_claim_has_the_same_id_and_another_a_different_one() {
        let a = statement_id(
            "mailto:a@example.org",
            COMPLETED.0,
            "https://hub/resources/x",
            "2026-01-01T00:00:00Z",
        );
        let b = statement_id(
            "mailto:a@example.org",
            COMPLETED.0,
            "https://hub/resources/x",
            "2026-01-01T00:00:00Z",
        );
        let c = statement_id(
            "mailto:a@example.org",
            ATTEMPTED.0,
            "https://hub/resources/x",
            "2026-01-01T00:00:00Z",
        );
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(uuid::Uuid::parse_str(&a).unwrap().get_version_num(), 5);
    }
}
