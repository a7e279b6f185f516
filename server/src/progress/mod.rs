//! The progress capability: what each learner keeps and records about their own learning
//! (bookmarks now; progress, quizzes and certificates next).

pub mod bookmarks;
pub mod quizzes;
pub mod units;
