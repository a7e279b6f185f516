//! The fuzz targets' corpora, replayed as ordinary tests: every file under `fuzz/corpus/TARGET`
//! (the seeds written by hand and whatever fuzzing found worth keeping) goes through the
//! target's own check (`fuzz/checks/`). Fuzzing itself, with its instrumented build, is
//! `scripts/fuzz`, run by whoever changes how input is handled.

#[allow(dead_code)]
#[path = "../fuzz/checks/mod.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{target}'s corpus is nearly empty: {files:?}");
    for file in files {
        let data = std::fs::read(&file).unwrap();
        if let Err(panic) = std::panic::catch_unwind(|| check(&data)) {
            std::panic::resume_unwind(Box::new(format!("{}: {panic:?}", file.display())));
        }
    }
}

#[test]
fn catalog_import_corpus() {
    replay("catalog_import", checks::catalog_import::check);
}

#[test]
fn search_query_corpus() {
    replay("search_query", checks::search_query::check);
}

#[test]
fn rpc_arguments_corpus() {
    replay("rpc_arguments", checks::rpc_arguments::check);
}
