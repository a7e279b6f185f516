//! The search_query target: see fuzz/checks/search_query.rs for what it checks.

#![no_main]

#[allow(dead_code)]
#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::search_query::check(data));
