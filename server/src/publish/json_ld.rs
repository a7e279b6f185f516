//! schema.org JSON-LD for a resource's page, so search engines can show a course with its
//! dates and fee, or an organization as one. A course is a `Course` with one `CourseInstance`
//! (its dates and mode) whose schedule entries are `Event`s; an organization is an
//! `Organization`; everything else is a `LearningResource`. Only what the catalog says is
//! stated: no property is filled with a guess.

use super::calendar::sessions as calendar_sessions;
use crate::catalog::format::ResourceRecord;
use app::model::Kind;
use serde_json::{json, Map, Value};

/// Who provides a resource, as the catalog holds them: their title, and their own website.
pub struct Provider<'a> {
    pub name: &'a str,
    pub url: Option<&'a str>,
}

fn organization(p: &Provider<'_>) -> Value {
    let mut o = json!({"@type": "Organization", "name": p.name});
    if let Some(url) = p.url {
        o["url"] = json!(url);
    }
    o
}

/// ISO 8601 duration: `PT2H30M`.
fn duration(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// Whether it is given online (on demand or live) or in person; hybrid and unknown are neither.
fn online(r: &ResourceRecord) -> Option<bool> {
    match r.format.as_deref() {
        Some("on_demand") | Some("live_online") => Some(true),
        Some("in_person") => Some(false),
        _ => None,
    }
}

fn offers(r: &ResourceRecord, page: &str) -> Option<Value> {
    let cost = r.cost.as_ref()?;
    let mut offer = json!({"@type": "Offer", "url": page, "category": if cost.free { "Free" } else { "Paid" }});
    if cost.free {
        offer["price"] = json!(0);
    } else if let (Some(amount), Some(currency)) = (cost.amount, cost.currency.as_deref()) {
        // As the catalog writes it: 1995, not 1995.0.
        offer["price"] = if amount.fract() == 0.0 && amount.abs() < 1e15 {
            json!(amount as i64)
        } else {
            json!(amount)
        };
        offer["priceCurrency"] = json!(currency);
    }
    if let Some(notes) = &cost.notes {
        offer["description"] = json!(notes);
    }
    Some(offer)
}

/// Where it happens: the place the catalog names, unless it is given online.
fn location(r: &ResourceRecord, page: &str) -> Value {
    match (online(r), r.location.as_deref()) {
        (Some(true), _) | (_, None) => json!({"@type": "VirtualLocation", "url": r.url.as_deref().unwrap_or(page)}),
        (_, Some(place)) => json!({"@type": "Place", "name": place}),
    }
}

/// The JSON-LD object for `r`, whose page is `page` (absolute).
pub fn resource(r: &ResourceRecord, page: &str, provider: Option<&Provider<'_>>) -> Value {
    let kind = Kind::parse(&r.kind);
    let mut o = Map::new();
    o.insert("@context".into(), json!("https://schema.org"));
    let schema_type = match kind {
        Some(Kind::Course) => "Course",
        Some(Kind::Organization) => "Organization",
        _ => "LearningResource",
    };
    o.insert("@type".into(), json!(schema_type));
    o.insert("@id".into(), json!(page));
    o.insert("name".into(), json!(r.title));
    o.insert("description".into(), json!(r.summary));
    // The page on the hub is what it is about here; the provider's own page is `sameAs`.
    o.insert("url".into(), json!(page));
    if let Some(url) = &r.url {
        o.insert("sameAs".into(), json!(url));
    }
    if kind == Some(Kind::Organization) {
        return Value::Object(o);
    }
    if let Some(p) = provider {
        o.insert("provider".into(), organization(p));
    }
    if let Some(k) = kind {
        o.insert("learningResourceType".into(), json!(k.label()));
    }
    if let Some(lang) = &r.language {
        o.insert("inLanguage".into(), json!(lang));
    }
    if !r.audiences.is_empty() {
        o.insert(
            "audience".into(),
            json!({"@type": "EducationalAudience", "educationalRole": r.audiences.join(", ")}),
        );
    }
    if !r.topics.is_empty() {
        o.insert("about".into(), json!(r.topics));
    }
    if let Some(minutes) = r.duration_minutes {
        o.insert("timeRequired".into(), json!(duration(minutes)));
    }
    if let Some(cost) = &r.cost {
        o.insert("isAccessibleForFree".into(), json!(cost.free));
    }
    let offer = offers(r, page);
    if kind != Some(Kind::Course) {
        if let Some(offer) = offer {
            o.insert("offers".into(), offer);
        }
        return Value::Object(o);
    }

    // A course: one instance, its dates, mode and schedule.
    let mut instance = Map::new();
    instance.insert("@type".into(), json!("CourseInstance"));
    instance.insert("name".into(), json!(r.title));
    match online(r) {
        Some(true) => {
            instance.insert("courseMode".into(), json!("online"));
            instance.insert(
                "eventAttendanceMode".into(),
                json!("https://schema.org/OnlineEventAttendanceMode"),
            );
        }
        Some(false) => {
            instance.insert("courseMode".into(), json!("onsite"));
            instance.insert(
                "eventAttendanceMode".into(),
                json!("https://schema.org/OfflineEventAttendanceMode"),
            );
        }
        None => {
            if r.format.as_deref() == Some("hybrid") {
                instance.insert("courseMode".into(), json!("blended"));
                instance.insert(
                    "eventAttendanceMode".into(),
                    json!("https://schema.org/MixedEventAttendanceMode"),
                );
            }
        }
    }
    let sessions = calendar_sessions(r);
    let start = sessions.iter().map(|s| s.starts_at).min();
    let end = sessions.iter().map(|s| s.ends_at).max();
    match (start, &r.starts_on) {
        (Some(t), _) => instance.insert("startDate".into(), json!(t.to_rfc3339())),
        (None, Some(d)) => instance.insert("startDate".into(), json!(d)),
        _ => None,
    };
    match (end, &r.ends_on) {
        (Some(t), _) => instance.insert("endDate".into(), json!(t.to_rfc3339())),
        (None, Some(d)) => instance.insert("endDate".into(), json!(d)),
        _ => None,
    };
    instance.insert("location".into(), location(r, page));
    if let Some(p) = provider {
        instance.insert("organizer".into(), organization(p));
    }
    if let Some(offer) = &offer {
        instance.insert("offers".into(), offer.clone());
    }
    if !sessions.is_empty() {
        let mode = instance.get("eventAttendanceMode").cloned();
        let events: Vec<Value> = sessions
            .iter()
            .map(|s| {
                let mut e = json!({
                    "@type": "Event",
                    "name": s.title,
                    "startDate": s.starts_at.to_rfc3339(),
                    "endDate": s.ends_at.to_rfc3339(),
                    "location": location(r, page),
                });
                if let Some(mode) = &mode {
                    e["eventAttendanceMode"] = mode.clone();
                }
                e
            })
            .collect();
        instance.insert("subEvent".into(), json!(events));
    }
    o.insert("hasCourseInstance".into(), json!([Value::Object(instance)]));
    if let Some(offer) = offer {
        o.insert("offers".into(), json!([offer]));
    }
    Value::Object(o)
}

/// JSON text safe inside a `<script type="application/ld+json">`: nothing in it can end the
/// element or open a comment, whatever the catalog's text says.
pub fn script_text(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_the_catalog_cannot_end_the_script() {
        let text = script_text(&json!({"name": "</script><script>alert(1)</script> & <!--"}));
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], json!("</script><script>alert(1)</script> & <!--"));
    }

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(duration(50), "PT50M");
        assert_eq!(duration(120), "PT2H");
        assert_eq!(duration(150), "PT2H30M");
    }
}
