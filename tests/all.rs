//! Every integration test, in one binary: a module per area, the shared helpers once in
//! `support`. One binary links the whole hub once (each binary of its own linked it again, which
//! was most of a test build after a change), and `cargo test --test all search::` runs one area.

mod support;

mod accounts;
mod admin;
mod admin_editor;
mod admin_pages;
mod api;
mod catalog_import;
mod collections;
mod credentials;
mod credits;
mod export;
mod fuzz_corpora;
mod hardening;
mod layers;
mod learning_pages;
mod link_check;
mod mail;
mod mail_digests;
mod moving;
mod openapi;
mod pages;
mod progress;
mod published;
mod relevance;
mod replicas;
mod schema;
mod search;
mod search_analytics;
mod seed_catalog;
mod teams;
