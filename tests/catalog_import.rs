//! `import` and `export` against the catalog format's rules, through the real binary: one test
//! per rule, all-or-nothing, upsert, idempotence and byte-stable round trips.

use crate::support;

use serde_json::{json, Value};
use support::{stderr, stdout, Cli};

fn base() -> Value {
    json!({
        "format": "champion-hub-catalog",
        "version": 1,
        "resources": [
            {"slug": "society", "kind": "organization", "title": "A Society", "summary": "An organization."},
            {
                "slug": "series", "kind": "module_series", "title": "A Series", "summary": "Short talks.",
                "provider": "society", "audiences": ["adult"], "topics": ["communication"],
                "items": [
                    {"slug": "one", "title": "One", "kind": "presentation"},
                    {"slug": "check", "title": "Check", "kind": "quiz", "quiz": {"pass_percent": 80, "questions": [
                        {"prompt": "Two plus two?", "choices": ["3", "4"], "answer": 1, "explanation": "Arithmetic."}
                    ]}}
                ]
            },
            {
                "slug": "course", "kind": "course", "title": "A Course", "summary": "Three days.",
                "cost": {"free": false, "currency": "USD", "amount": 1795.5},
                "credits": [{"type": "AMA PRA Category 1 Credit(s)™", "amount": 16}],
                "starts_on": "2026-05-13", "ends_on": "2026-05-15",
                "schedule": [{"title": "Welcome", "starts_at": "2026-05-13T10:00:00-04:00", "ends_at": "2026-05-13T10:30:00-04:00"}]
            }
        ],
        "pathways": [{"slug": "start", "title": "Start here", "steps": ["series", "course"]}]
    })
}

fn import_value(cli: &Cli, value: &Value) -> std::process::Output {
    let file = cli.write("catalog.json", &serde_json::to_string_pretty(value).unwrap());
    cli.run(&["import", file.to_str().unwrap()])
}

fn export(cli: &Cli) -> String {
    stdout(&cli.ok(&["export"]))
}

/// Imports `value`, expects failure, and checks every `(pointer, fragment)` is reported and the
/// database is exactly as before.
fn assert_rejected(value: Value, expected: &[(&str, &str)]) {
    let cli = Cli::new();
    cli.ok(&["import", cli.write("good.json", &base().to_string()).to_str().unwrap()]);
    let before = export(&cli);
    let out = import_value(&cli, &value);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected failure, got {:?}: {err}",
        out.status
    );
    for (pointer, fragment) in expected {
        assert!(
            err.lines()
                .any(|l| l.trim_start().starts_with(&format!("{pointer}: ")) && l.contains(fragment)),
            "expected `{pointer}: …{fragment}…` in:\n{err}"
        );
    }
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(export(&cli), before, "a rejected import changed the database");
}

#[test]
fn a_valid_file_imports_and_exports_sorted() {
    let cli = Cli::new();
    let out = import_value(&cli, &base());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("3 created"), "{}", stderr(&out));
    let exported: Value = serde_json::from_str(&export(&cli)).unwrap();
    let slugs: Vec<&str> = exported["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["course", "series", "society"]);
    assert_eq!(exported["resources"][0]["cost"]["amount"], json!(1795.5));
    assert_eq!(exported["resources"][0]["credits"][0]["amount"], json!(16));
    assert_eq!(
        exported["resources"][1]["items"][1]["quiz"]["questions"][0]["answer"],
        json!(1)
    );
    assert_eq!(exported["resources"][1]["status"], json!("published"));
}

#[test]
fn schema_errors_name_the_pointer_and_the_allowed_values() {
    let mut v = base();
    v["resources"][2]["kind"] = json!("webinar");
    assert_rejected(
        v,
        &[(
            "/resources/2/kind",
            "unknown kind \"webinar\" (expected one of module_series, recorded_session, course, fellowship, certificate_program, organization, program, guide)",
        )],
    );
}

#[test]
fn every_error_is_listed_together() {
    let mut v = base();
    v["resources"][0]["slug"] = json!("Not A Slug");
    v["resources"][1]["title"] = json!("");
    v["resources"][2]["format"] = json!("webinar");
    v["version"] = json!(2);
    assert_rejected(
        v,
        &[
            ("/resources/0/slug", "not a valid slug"),
            ("/resources/1/title", "must not be empty"),
            ("/resources/2/format", "unknown format \"webinar\""),
            ("/version", "expected 1"),
        ],
    );
}

/// Schema problems and the rules' problems (an unknown provider, a duplicate slug) in one
/// answer: fixing a file does not take one round per kind of mistake.
#[test]
fn schema_and_reference_problems_are_listed_together() {
    let mut v = base();
    v["resources"][2]["format"] = json!("webinar");
    v["resources"][2]["slug"] = json!("series");
    v["resources"][1]["provider"] = json!("nobody");
    v["resources"][1]["items"][1]["quiz"]["questions"][0]["answer"] = json!(2.0);
    v["pathways"][0]["steps"] = json!(["series", "missing"]);
    assert_rejected(
        v,
        &[
            ("/resources/2/format", "unknown format \"webinar\""),
            ("/resources/2/slug", "duplicate slug \"series\""),
            ("/resources/1/provider", "no resource \"nobody\""),
            (
                "/resources/1/items/1/quiz/questions/0/answer",
                "answer 2 is not an index into choices",
            ),
            ("/pathways/0/steps/1", "no resource \"missing\""),
        ],
    );
}

#[test]
fn rule_1_resource_slugs_are_unique() {
    let mut v = base();
    v["resources"][2]["slug"] = json!("series");
    assert_rejected(v, &[("/resources/2/slug", "duplicate slug \"series\"")]);
}

#[test]
fn rule_1_item_slugs_are_unique_within_a_resource() {
    let mut v = base();
    v["resources"][1]["items"][1]["slug"] = json!("one");
    assert_rejected(v, &[("/resources/1/items/1/slug", "duplicate item slug \"one\"")]);
}

#[test]
fn rule_1_pathway_slugs_are_unique() {
    let mut v = base();
    v["pathways"] = json!([
        {"slug": "start", "title": "A", "steps": ["series"]},
        {"slug": "start", "title": "B", "steps": ["course"]}
    ]);
    assert_rejected(v, &[("/pathways/1/slug", "duplicate pathway slug \"start\"")]);
}

#[test]
fn rule_2_provider_must_be_an_organization_in_the_file_or_the_hub() {
    let mut v = base();
    v["resources"][1]["provider"] = json!("nobody");
    v["resources"][2]["provider"] = json!("series");
    assert_rejected(
        v,
        &[
            ("/resources/1/provider", "no resource \"nobody\""),
            (
                "/resources/2/provider",
                "\"series\" is a module_series, not an organization",
            ),
        ],
    );

    // A provider already in the hub is fine.
    let cli = Cli::new();
    cli.ok(&["import", cli.write("a.json", &base().to_string()).to_str().unwrap()]);
    let later = json!({"format": "champion-hub-catalog", "version": 1, "resources": [
        {"slug": "guide", "kind": "guide", "title": "A Guide", "summary": "Read.", "provider": "society"}
    ]});
    let out = import_value(&cli, &later);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn rule_2_pathway_steps_must_name_resources() {
    let mut v = base();
    v["pathways"][0]["steps"] = json!(["series", "missing"]);
    assert_rejected(v, &[("/pathways/0/steps/1", "no resource \"missing\"")]);
}

#[test]
fn rule_3_answer_is_an_index_into_choices() {
    let mut v = base();
    v["resources"][1]["items"][1]["quiz"]["questions"][0]["answer"] = json!(2);
    assert_rejected(
        v,
        &[(
            "/resources/1/items/1/quiz/questions/0/answer",
            "answer 2 is not an index into choices",
        )],
    );
}

#[test]
fn rule_3_ends_on_is_not_before_starts_on() {
    let mut v = base();
    v["resources"][2]["ends_on"] = json!("2026-05-12");
    assert_rejected(v, &[("/resources/2/ends_on", "before it starts")]);
}

#[test]
fn rule_3_each_schedule_entry_ends_after_it_starts() {
    let mut v = base();
    v["resources"][2]["schedule"][0]["ends_at"] = json!("2026-05-13T10:00:00-04:00");
    assert_rejected(v, &[("/resources/2/schedule/0/ends_at", "not after it starts")]);
}

#[test]
fn dates_and_times_must_be_real() {
    let mut v = base();
    v["resources"][2]["starts_on"] = json!("2026-02-30");
    v["resources"][2]["schedule"][0]["starts_at"] = json!("2026-05-13 10:00");
    assert_rejected(
        v,
        &[
            ("/resources/2/starts_on", "not a calendar date"),
            ("/resources/2/schedule/0/starts_at", "not an RFC 3339 date-time"),
        ],
    );
}

#[test]
fn rule_4_no_control_characters_and_newlines_only_in_body_and_summary() {
    let mut v = base();
    v["resources"][0]["title"] = json!("Bell\u{7}");
    v["resources"][1]["title"] = json!("Two\nlines");
    v["resources"][2]["summary"] = json!("Line one\nLine two\tand a tab");
    v["resources"][2]["body"] = json!("# Heading\n\nText");
    assert_rejected(
        v,
        &[
            ("/resources/0/title", "control character U+0007"),
            (
                "/resources/1/title",
                "newlines and tabs are allowed only in body and summary",
            ),
        ],
    );

    let cli = Cli::new();
    let mut ok = base();
    ok["resources"][2]["summary"] = json!("Line one\nLine two\tand a tab");
    let out = import_value(&cli, &ok);
    assert!(
        out.status.success(),
        "newline in summary must be allowed: {}",
        stderr(&out)
    );
}

#[test]
fn rule_5_unknown_fields_are_errors() {
    let mut v = base();
    v["resources"][1]["colour"] = json!("blue");
    v["resources"][1]["items"][0]["extra"] = json!(1);
    v["surprise"] = json!(true);
    assert_rejected(
        v,
        &[
            ("/resources/1/colour", "unknown field \"colour\""),
            ("/resources/1/items/0/extra", "unknown field \"extra\""),
            ("/surprise", "unknown field \"surprise\""),
        ],
    );
}

#[test]
fn not_json_is_reported_plainly() {
    let cli = Cli::new();
    let file = cli.write("bad.json", "{\"format\": ");
    let out = cli.run(&["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not valid JSON"), "{}", stderr(&out));
    let missing = cli.run(&["import", cli.path("nope.json").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("cannot read"), "{}", stderr(&missing));
}

#[test]
fn import_upserts_by_slug_and_leaves_other_resources_alone() {
    let cli = Cli::new();
    cli.ok(&["import", cli.write("a.json", &base().to_string()).to_str().unwrap()]);
    let update = json!({"format": "champion-hub-catalog", "version": 1, "resources": [
        {"slug": "course", "kind": "course", "title": "A Renamed Course", "summary": "Three days."}
    ]});
    let out = import_value(&cli, &update);
    assert!(stderr(&out).contains("0 created, 1 updated"), "{}", stderr(&out));
    let exported: Value = serde_json::from_str(&export(&cli)).unwrap();
    let resources = exported["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 3, "resources the file does not mention are left alone");
    assert_eq!(resources[0]["title"], json!("A Renamed Course"));
    assert!(resources[0].get("cost").is_none(), "the record is replaced as a whole");
}

#[test]
fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let cli = Cli::new();
    let file = cli.write("a.json", &base().to_string());
    cli.ok(&["import", file.to_str().unwrap()]);
    let first = export(&cli);
    let out = cli.ok(&["import", file.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("0 created, 0 updated, 3 unchanged, 0 pathways written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(&cli), first);
}

#[test]
fn export_import_export_gives_identical_bytes() {
    let a = Cli::new();
    a.ok(&["serve", "--help"]); // the binary answers --help for each subcommand
                                // The seed catalog exercises every field the hub uses.
    let out = a.ok(&["migrate"]);
    assert!(stderr(&out).contains("up to date"));
    let seeded = a.write("seed.json", hub::catalog::seed::SEED_CATALOG);
    a.ok(&["import", seeded.to_str().unwrap()]);
    a.ok(&["import", a.write("base.json", &base().to_string()).to_str().unwrap()]);
    let exported = a.path("export.json");
    a.ok(&["export", exported.to_str().unwrap()]);
    let first = std::fs::read(&exported).unwrap();

    let b = Cli::new();
    b.ok(&["import", exported.to_str().unwrap()]);
    let second = stdout(&b.ok(&["export"]));
    assert_eq!(
        String::from_utf8(first).unwrap(),
        second,
        "export → import → export must be byte-identical"
    );
}

#[test]
fn retired_items_are_kept_and_come_back() {
    let cli = Cli::new();
    cli.ok(&["import", cli.write("a.json", &base().to_string()).to_str().unwrap()]);
    let mut v = base();
    v["resources"][1]["items"].as_array_mut().unwrap().remove(0);
    let out = import_value(&cli, &v);
    assert!(stderr(&out).contains("1 items retired"), "{}", stderr(&out));
    let exported: Value = serde_json::from_str(&export(&cli)).unwrap();
    assert_eq!(exported["resources"][1]["items"].as_array().unwrap().len(), 1);

    // The row is still there, retired, for the learners who recorded progress on it.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = cli.database_url().to_string();
    let retired: Vec<(String, Option<String>)> = rt.block_on(async {
        let pool = hub::db::open(&url).await.unwrap();
        let rows = sqlx::query("SELECT slug, retired_at FROM items ORDER BY slug")
            .fetch_all(&pool)
            .await
            .unwrap();
        rows.iter()
            .map(|r| {
                use sqlx::Row;
                (r.get::<String, _>("slug"), r.get::<Option<String>, _>("retired_at"))
            })
            .collect()
    });
    assert_eq!(retired.len(), 2);
    assert!(retired.iter().any(|(s, at)| s == "one" && at.is_some()), "{retired:?}");

    let out = import_value(&cli, &base());
    assert!(out.status.success());
    let exported: Value = serde_json::from_str(&export(&cli)).unwrap();
    assert_eq!(
        exported["resources"][1]["items"][0]["slug"],
        json!("one"),
        "a returning item is revived in place"
    );
}

#[test]
fn export_to_stdout_and_to_a_file_agree() {
    let cli = Cli::new();
    cli.ok(&["import", cli.write("a.json", &base().to_string()).to_str().unwrap()]);
    let file = cli.path("out.json");
    cli.ok(&["export", file.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(file).unwrap(), export(&cli));
}
