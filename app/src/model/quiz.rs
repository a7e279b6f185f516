//! A quiz as the learner takes it (never with its answers), and the score and review that
//! follow an attempt.

use super::catalog::Link;
use super::progress::Status;
use serde::{Deserialize, Serialize};

/// What a learner sees after submitting a quiz: the score, and each question's right answer
/// and explanation (shown only now, never before an attempt).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizResult {
    pub correct: usize,
    pub questions: usize,
    pub score_percent: u8,
    pub pass_percent: u8,
    pub passed: bool,
    pub submitted_at: String,
    pub review: Vec<QuestionReview>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionReview {
    pub prompt: String,
    pub chosen: usize,
    pub chosen_text: String,
    /// The right choice: withheld (null) for a wrong answer until the learner has passed the
    /// quiz, so a review says which answers were wrong without handing out the key.
    pub answer: Option<usize>,
    pub answer_text: Option<String>,
    pub correct: bool,
    /// Withheld with the answer, which it usually gives away.
    pub explanation: Option<String>,
}

/// A quiz as the learner takes it: the questions and their choices, never the answers.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizView {
    pub resource: Link,
    pub item: Link,
    pub pass_percent: u8,
    pub questions: Vec<QuizQuestion>,
    pub attempts: Vec<AttemptSummary>,
    pub status: Status,
    /// The latest attempt's score and review: only after the learner has submitted one.
    pub latest: Option<QuizResult>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizQuestion {
    pub prompt: String,
    pub choices: Vec<String>,
}

/// One earlier attempt at a quiz, newest first.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptSummary {
    pub score_percent: u8,
    pub passed: bool,
    pub submitted_at: String,
}
