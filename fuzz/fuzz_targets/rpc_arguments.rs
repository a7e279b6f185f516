//! The rpc_arguments target: see fuzz/checks/rpc_arguments.rs for what it checks.

#![no_main]

#[allow(dead_code)]
#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::rpc_arguments::check(data));
