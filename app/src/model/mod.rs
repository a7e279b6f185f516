//! What the pages show: plain, serializable view types shared by the server (which fills them)
//! and the browser (which renders them after hydration). No database or HTTP types here.
//!
//! One module per idea; the catalog, search, account, progress, quiz, learning and analytics
//! types are re-exported here, so `model::ResourceCard` names them wherever they live.

pub mod account;
pub mod admin;
pub mod catalog;
pub mod collection;
pub mod credits;
pub mod dates;
pub mod learning;
pub mod problems;
pub mod progress;
pub mod quiz;
pub mod resource_form;
pub mod search;
pub mod search_analytics;
pub mod team;

pub use account::*;
pub use catalog::*;
pub use learning::*;
pub use progress::*;
pub use quiz::*;
pub use search::*;
pub use search_analytics::*;
