//! Quiz attempts: answers are scored on the server against the catalog's answer key, every
//! attempt is kept, and a pass completes the quiz item. The right answers and explanations
//! leave the server only in the reviews of a learner who has passed the quiz; before that a
//! review only says which answers were wrong.

use super::units::{self, Unit};
use crate::accounts::AccountId;
use crate::db::now;
use crate::error::HubError;
use app::model::{AttemptSummary, Link, QuestionReview, QuizQuestion, QuizResult, QuizView, Status};
use sqlx::AnyPool;

struct Question {
    prompt: String,
    choices: Vec<String>,
    answer: usize,
    explanation: Option<String>,
}

async fn questions(pool: &AnyPool, item_id: i64) -> Result<Vec<Question>, HubError> {
    let rows: Vec<(String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT prompt, choices, answer, explanation FROM quiz_questions WHERE item_id = $1 ORDER BY position",
    )
    .bind(item_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(prompt, choices, answer, explanation)| {
            let choices: Vec<String> =
                serde_json::from_str(&choices).map_err(|e| HubError::Corrupt(format!("quiz choices: {e}")))?;
            Ok(Question {
                prompt,
                choices,
                answer: answer as usize,
                explanation,
            })
        })
        .collect()
}

/// Each question's review, the number right, and the score in percent (rounded down).
fn score(questions: &[Question], answers: &[i64]) -> (Vec<QuestionReview>, usize, usize) {
    let review: Vec<QuestionReview> = questions
        .iter()
        .zip(answers)
        .map(|(q, &chosen)| QuestionReview {
            prompt: q.prompt.clone(),
            chosen: chosen.max(0) as usize,
            chosen_text: q.choices.get(chosen.max(0) as usize).cloned().unwrap_or_default(),
            answer: Some(q.answer),
            answer_text: Some(q.choices.get(q.answer).cloned().unwrap_or_default()),
            correct: chosen >= 0 && chosen as usize == q.answer,
            explanation: q.explanation.clone(),
        })
        .collect();
    let correct = review.iter().filter(|q| q.correct).count();
    let score = if questions.is_empty() {
        100
    } else {
        correct * 100 / questions.len()
    };
    (review, correct, score)
}

/// A review as a learner who has not passed the quiz sees it: a wrong answer is marked wrong,
/// without the right one or the explanation that gives it away.
fn withheld(mut review: Vec<QuestionReview>) -> Vec<QuestionReview> {
    for q in review.iter_mut().filter(|q| !q.correct) {
        q.answer = None;
        q.answer_text = None;
        q.explanation = None;
    }
    review
}

/// Scores `answers` (one choice index per question, in order) for the quiz item `item` of
/// `slug`, keeps the attempt, and completes the item on a pass.
pub async fn attempt(
    pool: &AnyPool,
    who: AccountId,
    slug: &str,
    item: &str,
    answers: &[i64],
) -> Result<QuizResult, HubError> {
    let r = units::resource(pool, slug).await?;
    let all = units::units(pool, &r).await?;
    let (item_id, pass_percent) = match all.iter().find(|u| u.slug == item && !u.retired) {
        Some(Unit {
            item_id: Some(id),
            pass_percent: Some(pass),
            ..
        }) => (*id, *pass),
        _ => return Err(HubError::NotFound(format!("quiz \"{item}\" of \"{slug}\""))),
    };
    let questions = questions(pool, item_id).await?;
    if answers.len() != questions.len() {
        return Err(HubError::BadRequest {
            param: "answers".into(),
            reason: format!(
                "answer every question: expected {} answers, got {}",
                questions.len(),
                answers.len()
            ),
        });
    }
    for (i, (q, &chosen)) in questions.iter().zip(answers).enumerate() {
        if chosen < 0 || chosen as usize >= q.choices.len() {
            return Err(HubError::BadRequest {
                param: format!("answers[{i}]"),
                reason: format!(
                    "question {} has choices 0 to {}",
                    i + 1,
                    q.choices.len().saturating_sub(1)
                ),
            });
        }
    }
    let (review, correct, score) = score(&questions, answers);
    let passed = score as i64 >= pass_percent;
    let review = if passed || ever_passed(pool, who, item_id).await? {
        review
    } else {
        withheld(review)
    };
    let submitted_at = now();
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query(
        "INSERT INTO quiz_attempts (account_id, item_id, answers, correct, questions, score_percent, passed, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(who.0)
    .bind(item_id)
    .bind(serde_json::to_string(answers).expect("numbers serialize"))
    .bind(correct as i64)
    .bind(questions.len() as i64)
    .bind(score as i64)
    .bind(passed as i64)
    .bind(submitted_at.clone())
    .execute(&mut *tx)
    .await?;
    // Taking a quiz starts it; passing it completes it (forward only), in the same
    // transaction as the attempt, so a kept pass always shows as completed.
    let status = if passed { Status::Completed } else { Status::InProgress };
    units::advance(&mut tx, who, r.id, item, status, None).await?;
    tx.commit().await?;
    if passed {
        super::certificates::issue_due(pool, who).await?;
    }
    Ok(QuizResult {
        correct,
        questions: questions.len(),
        score_percent: score as u8,
        pass_percent: pass_percent.clamp(0, 100) as u8,
        passed,
        submitted_at,
        review,
    })
}

/// The quiz `item` of `slug` as the learner takes it: questions and choices (never the answers),
/// the pass mark, and their earlier attempts.
pub async fn view(pool: &AnyPool, who: AccountId, slug: &str, item: &str, review: bool) -> Result<QuizView, HubError> {
    let r = units::resource(pool, slug).await?;
    let all = units::units(pool, &r).await?;
    let Some(unit) = all
        .iter()
        .find(|u| u.slug == item && !u.retired && u.pass_percent.is_some())
    else {
        return Err(HubError::NotFound(format!("quiz \"{item}\" of \"{slug}\"")));
    };
    let item_id = unit.item_id.expect("a quiz is an item");
    let questions = questions(pool, item_id)
        .await?
        .into_iter()
        .map(|q| QuizQuestion {
            prompt: q.prompt,
            choices: q.choices,
        })
        .collect();
    let pass_percent = unit.pass_percent.unwrap_or(100).clamp(0, 100) as u8;
    let latest = if review {
        latest(pool, who, item_id, pass_percent).await?
    } else {
        None
    };
    let attempts: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT score_percent, passed, submitted_at FROM quiz_attempts WHERE account_id = $1 AND item_id = $2
         ORDER BY id DESC",
    )
    .bind(who.0)
    .bind(item_id)
    .fetch_all(pool)
    .await?;
    let attempts = attempts
        .into_iter()
        .map(|(score_percent, passed, submitted_at)| AttemptSummary {
            score_percent: score_percent.clamp(0, 100) as u8,
            passed: passed != 0,
            submitted_at,
        })
        .collect();
    let progress = units::progress_of(pool, who, &r, &all).await?;
    let status = progress
        .units
        .iter()
        .find(|u| u.slug == item)
        .map_or(Status::NotStarted, |u| u.status);
    Ok(QuizView {
        resource: Link {
            slug: r.slug.clone(),
            title: r.title.clone(),
        },
        item: Link {
            slug: unit.slug.clone(),
            title: unit.title.clone(),
        },
        pass_percent,
        questions,
        attempts,
        status,
        latest,
    })
}

/// Whether the learner has passed this quiz in any attempt.
async fn ever_passed(pool: &AnyPool, who: AccountId, item_id: i64) -> Result<bool, HubError> {
    let passes: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM quiz_attempts WHERE account_id = $1 AND item_id = $2 AND passed = 1")
            .bind(who.0)
            .bind(item_id)
            .fetch_one(pool)
            .await?;
    Ok(passes > 0)
}

/// The review of the learner's latest attempt, scored again from its kept answers.
async fn latest(
    pool: &AnyPool,
    who: AccountId,
    item_id: i64,
    pass_percent: u8,
) -> Result<Option<QuizResult>, HubError> {
    let Some((answers, passed, submitted_at)) = sqlx::query_as::<_, (String, i64, String)>(
        "SELECT answers, passed, submitted_at FROM quiz_attempts WHERE account_id = $1 AND item_id = $2
         ORDER BY id DESC LIMIT 1",
    )
    .bind(who.0)
    .bind(item_id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let answers: Vec<i64> =
        serde_json::from_str(&answers).map_err(|e| HubError::Corrupt(format!("kept answers: {e}")))?;
    let questions = questions(pool, item_id).await?;
    let (review, correct, score) = score(&questions, &answers);
    let review = if ever_passed(pool, who, item_id).await? {
        review
    } else {
        withheld(review)
    };
    Ok(Some(QuizResult {
        correct,
        questions: questions.len(),
        score_percent: score as u8,
        pass_percent,
        // As decided when submitted, even if the pass mark has changed since.
        passed: passed != 0,
        submitted_at,
        review,
    }))
}
