//! The seed catalog: valid against the public schema, and saying exactly what the three seed
//! documents say.

use crate::support;

use serde_json::{json, Value};

fn resource<'a>(seed: &'a Value, slug: &str) -> &'a Value {
    seed["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == slug)
        .unwrap_or_else(|| panic!("seed has no resource {slug}"))
}

#[test]
fn bundled_schema_is_the_shared_spec() {
    let Some(spec) = support::shared_spec() else {
        eprintln!("shared/spec not beside the repository; comparing skipped");
        return;
    };
    let shared = std::fs::read_to_string(spec.join("catalog.schema.json")).unwrap();
    assert_eq!(
        hub::catalog::validate::SCHEMA_JSON,
        shared,
        "server/schema is a stale copy of shared/spec"
    );
}

#[test]
fn seed_validates_against_the_schema_with_formats() {
    let schema: Value = serde_json::from_str(hub::catalog::validate::SCHEMA_JSON).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let seed = support::seed_catalog();
    let errors: Vec<String> = validator
        .iter_errors(&seed)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // …and the rules beyond the schema.
    hub::catalog::validate::validate(hub::catalog::seed::SEED_CATALOG.as_bytes(), &Default::default())
        .unwrap_or_else(|p| panic!("{p:#?}"));
}

#[test]
fn seed_names_every_resource_of_the_three_documents() {
    let seed = support::seed_catalog();
    for (slug, kind) in [
        ("core-practice-of-palliative-care", "course"),
        ("foundations-of-palliative-care", "course"),
        ("palliative-care-education-and-practice", "program"),
        ("harvard-medical-school-center-for-palliative-care", "organization"),
        ("pcep-singapore", "program"),
        ("pcep-germany", "program"),
        ("palliative-care-training-vietnam", "program"),
        ("palliative-care-module-series-part-1", "module_series"),
        ("palliative-care-module-series-part-2", "module_series"),
        ("high-stakes-communication-in-gynecologic-oncology", "recorded_session"),
        (
            "indications-for-outpatient-palliative-care-consultation",
            "recorded_session",
        ),
        ("center-to-advance-palliative-care", "organization"),
        ("vitaltalk", "organization"),
        ("acs-surgical-palliative-care-resources", "guide"),
        ("hospice-and-palliative-medicine-fellowship", "fellowship"),
        ("aahpm-fellowship-directory", "guide"),
        ("ucsf-palliative-medicine-program", "certificate_program"),
        (
            "university-of-colorado-anschutz-certificate-program",
            "certificate_program",
        ),
    ] {
        assert_eq!(resource(&seed, slug)["kind"], json!(kind), "{slug}");
    }
    let videos = seed["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            let t = r.to_string();
            t.contains("Jackie Wall") || t.contains("Lori Spoozak")
        })
        .count();
    assert!(videos >= 2, "the two short champion videos");
    assert!(seed["pathways"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["slug"] == "champion-starter-path"));
}

#[test]
fn core_practice_states_the_course_page_exactly() {
    let seed = support::seed_catalog();
    let c = resource(&seed, "core-practice-of-palliative-care");
    assert_eq!(c["format"], json!("live_online"));
    assert_eq!(c["audiences"], json!(["adult", "pediatric"]));
    assert_eq!(c["starts_on"], json!("2026-05-13"));
    assert_eq!(c["ends_on"], json!("2026-05-15"));
    assert_eq!(c["cost"]["amount"], json!(1995));
    assert_eq!(c["cost"]["currency"], json!("USD"));
    let notes = c["cost"]["notes"].as_str().unwrap();
    assert!(notes.contains("$1,795.50"), "{notes}");
    assert!(notes.contains("$10 non-refundable processing fee"), "{notes}");
    assert_eq!(
        c["credits"],
        json!([{"type": "AMA PRA Category 1 Credit(s)™", "amount": 16}])
    );

    // The whole three-day schedule, in Eastern (daylight) time, as the page lists it.
    let expected = [
        (
            "2026-05-13",
            "10:00",
            "10:30",
            "Welcome to the Core Principles of Palliative Care",
        ),
        ("2026-05-13", "10:30", "11:15", "The Frame of Palliative Care"),
        (
            "2026-05-13",
            "16:00",
            "17:00",
            "Small Group Community Building and Reflection",
        ),
        ("2026-05-14", "10:15", "10:45", "Delivering Serious News"),
        ("2026-05-14", "11:15", "13:00", "Delivering Serious News -- Practice"),
        (
            "2026-05-14",
            "14:30",
            "16:30",
            "Exploring Values and Preferences and Making Recommendations: Practice",
        ),
        ("2026-05-15", "10:15", "11:30", "Pain (Adult and Pediatric Sessions)"),
        ("2026-05-15", "11:45", "12:30", "Dyspnea (Adult and Pediatric Sessions)"),
        ("2026-05-15", "16:15", "16:30", "Closing"),
    ];
    let schedule = c["schedule"].as_array().unwrap();
    assert_eq!(schedule.len(), 30, "every entry of the three days, breaks included");
    for (day, start, end, title) in expected {
        let entry = schedule
            .iter()
            .find(|e| e["title"] == title && e["starts_at"].as_str().unwrap().starts_with(day))
            .unwrap_or_else(|| panic!("no {title} on {day}"));
        assert_eq!(entry["starts_at"], json!(format!("{day}T{start}:00-04:00")), "{title}");
        assert_eq!(entry["ends_at"], json!(format!("{day}T{end}:00-04:00")), "{title}");
    }
}

#[test]
fn society_resources_state_their_durations_and_counts() {
    let seed = support::seed_catalog();
    assert_eq!(
        resource(&seed, "high-stakes-communication-in-gynecologic-oncology")["duration_minutes"],
        json!(120)
    );
    assert_eq!(
        resource(&seed, "indications-for-outpatient-palliative-care-consultation")["duration_minutes"],
        json!(50)
    );
    let presentations = |slug: &str| {
        resource(&seed, slug)["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "presentation")
            .count()
    };
    assert_eq!(presentations("palliative-care-module-series-part-1"), 5);
    assert_eq!(presentations("palliative-care-module-series-part-2"), 6);
}
