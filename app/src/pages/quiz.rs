//! `/resources/{slug}/quiz/{item}`: a quiz. The questions come without their answers; the
//! server scores a submission, keeps it, and only then shows the right answers and why.

use crate::api::{load_quiz, SubmitQuiz};
use crate::components::form::PROBLEM_ID;
use crate::components::form::{action_error, FormError};
use crate::components::refused_form;
use crate::components::signed_in_page::SignedInPage;
use crate::error::UiError;
use crate::model::{QuizResult, QuizView, Status};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn QuizPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let submit = ServerAction::<SubmitQuiz>::new();
    let key = move || {
        let p = params.read();
        (
            p.get("slug").unwrap_or_default(),
            p.get("item").unwrap_or_default(),
            query.read().get("review").is_some(),
            submit.version().get(),
        )
    };
    let data = Resource::new(key, |(slug, item, review, _)| load_quiz(slug, item, review));
    view! {
        <SignedInPage data=data title="Take the quiz" why="Sign in to take this quiz: your attempts and your pass are kept with your progress."
            body=move |quiz| view! { <Quiz quiz submit/> }/>
    }
}

#[component]
fn Quiz(quiz: QuizView, submit: ServerAction<SubmitQuiz>) -> impl IntoView {
    let error = action_error(submit);
    let back = format!("/resources/{}#item-{}", quiz.resource.slug, quiz.item.slug);
    let count = quiz.questions.len();
    view! {
        <Title text=format!("{} · {}", quiz.item.title, quiz.resource.title)/>
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <ol>
                <li><a href="/">"Home"</a></li>
                <li><a href=format!("/resources/{}", quiz.resource.slug)>{quiz.resource.title.clone()}</a></li>
                <li aria-current="page">{quiz.item.title.clone()}</li>
            </ol>
        </nav>
        <div class="narrow">
            <div class="page-head">
                <p class="eyebrow">"Quiz · " {format!("{count} questions · pass mark {}%", quiz.pass_percent)}</p>
                <h1>{quiz.item.title.clone()}</h1>
                {(quiz.status == Status::Completed).then(|| view! {
                    <p class="notice">"You have passed this quiz. You can take it again for practice; your pass stays."</p>
                })}
            </div>
            // After a submit, the page that opens hands the focus to the verdict (`focus_keeper`).
            {quiz.latest.clone().map(|r| view! { <Review result=r back=back.clone()/> })}
            <ActionForm action=submit attr:class="quiz" attr:novalidate="">
                {move || error.get().map(|e| match unanswered(&e) {
                    Some(numbers) => view! {
                        <div class="form-error" role="alert" tabindex="-1" data-error-summary="" id=PROBLEM_ID>
                            <p>{format!("Answer {} before you submit.", questions_named(&numbers))}</p>
                            <ul class="link-list">
                                {numbers.into_iter().map(|n| view! {
                                    <li><a href=format!("#question-{n}")>{format!("Question {n}")}</a></li>
                                }).collect_view()}
                            </ul>
                        </div>
                    }.into_any(),
                    None => view! { <FormError error fields=&[]/> }.into_any(),
                })}
                <input type="hidden" name="slug" value=quiz.resource.slug.clone()/>
                <input type="hidden" name="item" value=quiz.item.slug.clone()/>
                <input type="hidden" name="count" value=count.to_string()/>
                <ol class="quiz__questions">
                    {quiz.questions.into_iter().enumerate().map(|(i, q)| {
                        let field = format!("answers[{i}]");
                        let message = move || error.get().and_then(|e| e.for_field(&format!("answers[{i}]")));
                        view! {
                            <li class="quiz__question" id=format!("question-{}", i + 1)>
                                <fieldset aria-describedby=move || message().map(|_| format!("q{i}-error"))>
                                    // The number is in the legend: a list marker beside a
                                    // fieldset lines up with its first choice, not its question.
                                    <legend><span class="quiz__number">{format!("{}. ", i + 1)}</span>{q.prompt}</legend>
                                    {q.choices.into_iter().enumerate().map(|(c, choice)| {
                                        let id = format!("q{i}-c{c}");
                                        view! {
                                            <div class="check">
                                                <input type="radio" id=id.clone() name=field.clone() value=c.to_string()
                                                    checked=refused_form::ticked(&field, &c.to_string(), false)/>
                                                <label for=id>{choice}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                    {move || message().map(|m| view! { <p class="field__error" id=format!("q{i}-error")>{m}</p> })}
                                </fieldset>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <button type="submit" class="button" disabled=move || submit.pending().get()>"Submit answers"</button>
            </ActionForm>
            {(!quiz.attempts.is_empty()).then(|| view! {
                <section aria-labelledby="attempts-title">
                    <h2 id="attempts-title">"Your attempts"</h2>
                    <table class="table">
                        <thead><tr><th scope="col">"When"</th><th scope="col">"Score"</th><th scope="col">"Result"</th></tr></thead>
                        <tbody>
                            {quiz.attempts.into_iter().map(|a| view! {
                                <tr>
                                    <td><time datetime=a.submitted_at.clone()>{crate::model::dates::day_and_time(&a.submitted_at)}</time></td>
                                    <td>{format!("{}%", a.score_percent)}</td>
                                    <td>{if a.passed { "Passed" } else { "Not passed" }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            })}
            <p><a href=back>"Back to the resource"</a></p>
        </div>
    }
}

/// The latest attempt: score, then each question with the learner's answer; the right one and
/// the explanation once the quiz has been passed (before that, a wrong answer is only marked).
#[component]
fn Review(result: QuizResult, back: String) -> impl IntoView {
    let verdict = if result.passed {
        format!(
            "You passed with {}% ({} of {} right).",
            result.score_percent, result.correct, result.questions
        )
    } else {
        format!(
            "You scored {}% ({} of {} right); the pass mark is {}%. The questions marked below need another look: review that part of the module, then try again.",
            result.score_percent, result.correct, result.questions, result.pass_percent
        )
    };
    view! {
        <section class="panel review" class:review--passed=result.passed aria-labelledby="review-title">
            <h2 id="review-title" tabindex="-1" data-focus-landing="">{if result.passed { "Passed" } else { "Not passed yet" }}</h2>
            <p role="status">{verdict}</p>
            {result.passed.then(|| view! { <p><a href=back>"Back to the resource"</a>" · "<a href="/me">"My learning"</a></p> })}
            <ol class="review__questions">
                {result.review.into_iter().map(|q| view! {
                    <li class:review__wrong=!q.correct>
                        <p class="review__prompt">{q.prompt}</p>
                        {match (q.correct, q.answer_text) {
                            (true, _) => view! { <p><strong>"Right: "</strong>{q.chosen_text}</p> }.into_any(),
                            (false, Some(answer)) => view! {
                                <p><strong>"Your answer: "</strong>{q.chosen_text}</p>
                                <p><strong>"The answer: "</strong>{answer}</p>
                            }.into_any(),
                            (false, None) => view! {
                                <p><strong>"Your answer: "</strong>{q.chosen_text}</p>
                                <p class="review__not-yet">"Not right. The answer shows here once you pass."</p>
                            }.into_any(),
                        }}
                        {q.explanation.map(|e| view! { <p class="review__why">{e}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The questions (numbered from 1) a refused submission left unanswered, or `None` when the
/// refusal was about something else.
fn unanswered(error: &UiError) -> Option<Vec<usize>> {
    let UiError::Fields(list) = error else {
        return None;
    };
    let numbers: Vec<usize> = list
        .iter()
        .filter_map(|f| {
            f.field
                .strip_prefix("answers[")?
                .strip_suffix(']')?
                .parse::<usize>()
                .ok()
        })
        .map(|i| i + 1)
        .collect();
    (!numbers.is_empty()).then_some(numbers)
}

/// "question 3", "questions 2 and 4", "questions 2–5 and 7": runs of three or more as a range.
fn questions_named(numbers: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &n in numbers {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => runs.push((n, n)),
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for (start, end) in runs {
        match end - start {
            0 => parts.push(start.to_string()),
            1 => {
                parts.push(start.to_string());
                parts.push(end.to_string());
            }
            _ => parts.push(format!("{start}–{end}")),
        }
    }
    let plural = numbers.len() > 1;
    let list = match parts.len() {
        0 => String::new(),
        1 => parts.remove(0),
        _ => {
            let last = parts.pop().unwrap_or_default();
            format!("{} and {last}", parts.join(", "))
        }
    };
    format!("{} {list}", if plural { "questions" } else { "question" })
}

#[cfg(test)]
mod tests {
    use super::questions_named;

    #[test]
    fn unanswered_questions_are_named_as_a_person_would() {
        assert_eq!(questions_named(&[3]), "question 3");
        assert_eq!(questions_named(&[2, 4]), "questions 2 and 4");
        assert_eq!(questions_named(&[2, 3]), "questions 2 and 3");
        assert_eq!(questions_named(&[2, 3, 4, 5]), "questions 2–5");
        assert_eq!(questions_named(&[1, 2, 3, 5, 7, 8]), "questions 1–3, 5, 7 and 8");
    }
}
