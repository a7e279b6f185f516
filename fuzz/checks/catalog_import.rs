//! Catalog import: arbitrary bytes through `validate`, the gate every import (CLI, admin upload,
//! seed) passes first. It must never panic, whatever the file. When a file is accepted, the
//! round trip `export` relies on must hold: the records, written the way `export` writes them,
//! validate again to the same records and the same bytes. And the public API's view of each
//! accepted record (`without_answers`) must not panic either.

use hub::catalog::format::CatalogFile;
use hub::catalog::validate::{validate, Known};
use std::sync::LazyLock;

/// What a hub might already hold: an organization a file's `provider` may name, a course a
/// pathway may step through, and a non-organization a `provider` must not name.
static KNOWN: LazyLock<Known> = LazyLock::new(|| Known {
    resource_kinds: [
        ("center-to-advance-palliative-care", "organization"),
        ("vitaltalk", "organization"),
        ("vitaltalk-courses", "course"),
        ("pcep-singapore", "program"),
        ("x", "guide"),
    ]
    .into_iter()
    .map(|(s, k)| (s.to_string(), k.to_string()))
    .collect(),
});

/// Written as `export` writes a catalog.
fn export_text(file: &CatalogFile) -> String {
    let mut text = serde_json::to_string_pretty(file).expect("catalog records always serialize");
    text.push('\n');
    text
}

pub fn check(data: &[u8]) {
    let Ok(file) = validate(data, &KNOWN) else {
        return;
    };
    let text = export_text(&file);
    let again = match validate(text.as_bytes(), &KNOWN) {
        Ok(again) => again,
        Err(problems) => panic!("an accepted file, written back out, is refused: {problems:?}\n{text}"),
    };
    assert_eq!(again, file, "an accepted file changes on the way out and back in");
    assert_eq!(export_text(&again), text, "writing an accepted file is not byte-stable");
    for record in file.resources {
        let _ = record.without_answers();
    }
}
