//! Hostile and careless callers: who may call what, cross-site requests, security headers, and
//! input that is too big, too deep or not text.

mod authorization;
mod bad_input;
mod cross_site;
mod faults;
mod headers;
mod hostile;
mod outages;
mod properties;
