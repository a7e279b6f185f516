//! Hostile and careless callers: who may call what, cross-site requests, security headers, and
//! input that is too big, too deep or not text. One test binary for all of them.

#[path = "../support/mod.rs"]
mod support;

mod authorization;
mod bad_input;
mod cross_site;
mod faults;
mod headers;
mod hostile;
mod outages;
mod properties;
