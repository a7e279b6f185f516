#![recursion_limit = "512"]
//! Champion Hub's server: its capabilities (catalog, search, accounts, progress, teams,
//! collections, publishing, admin), the database, the web layer and the command line.

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod blocking;
pub mod catalog;
pub mod cli;
pub mod collections;
pub mod credentials;
pub mod credits;
pub mod db;
pub mod error;
pub mod jobs;
pub mod label;
pub mod learning;
pub mod mail;
pub mod pdf;
pub mod progress;
pub mod publish;
pub mod search;
pub mod secret;
pub mod teams;
pub mod web;

pub use error::HubError;
