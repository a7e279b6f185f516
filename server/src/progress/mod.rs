//! The progress capability: bookmarks, progress per unit, quizzes, certificates and the
//! learner's dashboard.

pub mod bookmarks;
pub mod calendar_feed;
pub mod certificates;
pub mod dashboard;
pub mod export;
pub mod marks;
pub mod quizzes;
pub mod units;
pub mod xapi;
