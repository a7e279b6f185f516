//! The learner's own pages, under `/me`: "My learning" and "My bookmarks".

pub mod bookmarks;
pub mod dashboard;
