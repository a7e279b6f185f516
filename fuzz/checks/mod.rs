//! What each fuzz target checks, as plain functions that panic on a violation. The fuzz targets
//! (`fuzz/fuzz_targets/`) feed them libFuzzer's inputs; `tests/fuzz_corpora.rs` replays every
//! committed corpus file through them as an ordinary test, so the suite keeps what fuzzing
//! found without an instrumented build.

pub mod catalog_import;
pub mod rpc_arguments;
pub mod search_query;
