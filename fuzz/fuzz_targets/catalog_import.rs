//! The catalog_import target: see fuzz/checks/catalog_import.rs for what it checks.

#![no_main]

#[allow(dead_code)]
#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::catalog_import::check(data));
