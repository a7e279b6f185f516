//! The accounts capability: signing up, in and out, sessions, roles, and the rules for each.

pub mod confirm;
pub mod guarded;
pub mod password;
pub mod preferences;
pub mod reset;
pub mod sessions;
pub mod store;
pub mod throttle;
pub mod tokens;
pub mod validate;

pub use store::{AccountId, NewAccount};
