//! Quiz attempts: answers are scored on the server against the catalog's answer key, every
//! attempt is kept, and a pass completes the quiz item. The right answers and explanations
//! leave the server only in the review of a submitted attempt.

use super::units::{self, Unit};
use crate::accounts::AccountId;
use crate::catalog::store::now;
use crate::error::HubError;
use app::model::{QuestionReview, QuizResult, Status};
use sqlx::{AnyPool, Row};

struct Question {
    prompt: String,
    choices: usize,
    answer: usize,
    explanation: Option<String>,
}

async fn questions(pool: &AnyPool, item_id: i64) -> Result<Vec<Question>, HubError> {
    sqlx::query("SELECT prompt, choices, answer, explanation FROM quiz_questions WHERE item_id = $1 ORDER BY position")
        .bind(item_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| {
            let choices: String = row.try_get("choices")?;
            let choices: Vec<String> =
                serde_json::from_str(&choices).map_err(|e| HubError::Corrupt(format!("quiz choices: {e}")))?;
            Ok(Question {
                prompt: row.try_get("prompt")?,
                choices: choices.len(),
                answer: row.try_get::<i64, _>("answer")? as usize,
                explanation: row.try_get("explanation")?,
            })
        })
        .collect()
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
    let mut review = Vec::with_capacity(questions.len());
    for (i, (q, &chosen)) in questions.iter().zip(answers).enumerate() {
        if chosen < 0 || chosen as usize >= q.choices {
            return Err(HubError::BadRequest {
                param: format!("answers[{i}]"),
                reason: format!("question {} has choices 0 to {}", i + 1, q.choices.saturating_sub(1)),
            });
        }
        review.push(QuestionReview {
            prompt: q.prompt.clone(),
            chosen: chosen as usize,
            answer: q.answer,
            correct: chosen as usize == q.answer,
            explanation: q.explanation.clone(),
        });
    }
    let correct = review.iter().filter(|q| q.correct).count();
    let score = if questions.is_empty() {
        100
    } else {
        correct * 100 / questions.len()
    };
    let passed = score as i64 >= pass_percent;
    let submitted_at = now();
    let mut tx = pool.begin().await?;
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
