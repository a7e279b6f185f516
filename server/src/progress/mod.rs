//! The progress capability: bookmarks, progress per unit, quizzes, pathways and certificates
//! ("my learning", which also shows teams and collections, is assembled in `crate::learning`).

pub mod bookmarks;
pub mod calendar_feed;
pub mod certificates;
pub mod digest;
pub mod export;
pub mod follows;
pub mod marks;
pub mod nudges;
pub mod pathways;
pub mod quizzes;
pub mod reminders;
pub mod units;
pub mod xapi;
