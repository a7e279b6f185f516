//! A learner's own controls on a resource page: progress, bookmark and private note, adding it
//! to a collection, the self-report of a live course or outside activity, and each unit's status and buttons. Every
//! control is a form that posts without the wasm and answers in place with it.

use crate::api::{RecordProgress, ReportAttendance, ResetProgress, SetBookmark, UndoCompletion};
use crate::components::add_to_collection::AddToCollectionForm;
use crate::components::bookmark_toggle::BookmarkToggle;
use crate::components::form::{action_error, Done, FormError, Landing};
use crate::components::progress_bar::ProgressBar;
use crate::components::raw_text::raw_text;
use crate::model::{ResourceLearning, Status, UnitProgress};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The page's actions: doing any of them loads the learner's state on the page again.
#[derive(Clone, Copy)]
pub struct LearningActions {
    pub record: ServerAction<RecordProgress>,
    pub undo: ServerAction<UndoCompletion>,
    pub reset: ServerAction<ResetProgress>,
    pub report: ServerAction<ReportAttendance>,
    pub note: ServerAction<SetBookmark>,
    pub bookmark: ServerAction<SetBookmark>,
}

impl LearningActions {
    pub fn new() -> Self {
        LearningActions {
            record: ServerAction::new(),
            undo: ServerAction::new(),
            reset: ServerAction::new(),
            report: ServerAction::new(),
            note: ServerAction::new(),
            bookmark: ServerAction::new(),
        }
    }

    /// Changes whenever any of them completes.
    pub fn version(&self) -> (usize, usize, usize, usize, usize, usize) {
        (
            self.record.version().get(),
            self.undo.version().get(),
            self.reset.version().get(),
            self.report.version().get(),
            self.note.version().get(),
            self.bookmark.version().get(),
        )
    }
}

impl Default for LearningActions {
    fn default() -> Self {
        Self::new()
    }
}

use crate::model::dates::day;

/// "Completed 2026-05-15 (self-reported)".
pub fn status_text(unit: &UnitProgress) -> String {
    let mut text = unit.status.label().to_string();
    match unit.status {
        Status::Completed => {
            if let Some(on) = unit.reported_on.as_deref().or(unit.completed_at.as_deref()) {
                text.push_str(&format!(" {}", day(on)));
            }
        }
        Status::InProgress => {
            if let Some(on) = &unit.started_at {
                text = format!("Started {}", day(on));
            }
        }
        Status::NotStarted => {}
    }
    if unit.self_reported {
        text.push_str(" (self-reported)");
    }
    text
}

/// Where a unit's form lands the page when posted without the wasm: the item, or the panel
/// for a resource that is its own single unit.
pub fn unit_landing(slug: &str, unit: &str) -> String {
    if unit == slug {
        "learning-title".to_string()
    } else {
        format!("item-{unit}")
    }
}

/// One unit's status and the buttons that move it forward, or take it one step back (a slip
/// of the finger): completed to started, started to not started; never a quiz, nor what a
/// certificate rests on (`certified`).
#[component]
pub fn UnitControls(slug: String, unit: UnitProgress, certified: bool, actions: LearningActions) -> impl IntoView {
    let (record, undo, reset) = (actions.record, actions.undo, actions.reset);
    let landing = unit_landing(&slug, &unit.slug);
    let status_class = format!("status status--{}", unit.status.as_str());
    let quiz_href = format!("/resources/{slug}/quiz/{}", unit.slug);
    let buttons: Vec<(&'static str, &'static str)> = match (unit.is_quiz, unit.status) {
        (true, _) | (false, Status::Completed) => vec![],
        (false, Status::NotStarted) => vec![("in_progress", "Mark as started"), ("completed", "Mark as completed")],
        (false, Status::InProgress) => vec![("completed", "Mark as completed")],
    };
    let undoable = !unit.is_quiz && unit.status == Status::Completed && !certified;
    let resettable = !unit.is_quiz && unit.status == Status::InProgress && !certified;
    let title = unit.title.clone();
    let step_back = |label: &'static str| StepBack {
        slug: slug.clone(),
        item: unit.slug.clone(),
        title: title.clone(),
        landing: landing.clone(),
        label,
    };
    let undo_form = undoable.then(|| {
        let fields = step_back("Mark as not completed").fields(undo.pending().into());
        view! { <ActionForm action=undo attr:class="inline-form">{fields}</ActionForm> }
    });
    let reset_form = resettable.then(|| {
        let fields = step_back("Mark as not started").fields(reset.pending().into());
        view! { <ActionForm action=reset attr:class="inline-form">{fields}</ActionForm> }
    });
    view! {
        <div class="unit-controls" data-focus-key=format!("unit:{slug}:{}", unit.slug)>
            <p class=status_class>{status_text(&unit)}</p>
            {unit.is_quiz.then(|| view! {
                <a class="button button--small" href=quiz_href>
                    {if unit.status == Status::Completed { "Review the quiz" } else if unit.status == Status::InProgress { "Try the quiz again" } else { "Take the quiz" }}
                </a>
            })}
            {buttons.into_iter().map(|(status, label)| {
                let (slug, item, title, landing) = (slug.clone(), unit.slug.clone(), title.clone(), landing.clone());
                view! {
                    <ActionForm action=record attr:class="inline-form">
                        <input type="hidden" name="slug" value=slug/>
                        <input type="hidden" name="item" value=item/>
                        <input type="hidden" name="status" value=status/>
                        <Landing id=landing/>
                        <button type="submit" class="button button--small button--quiet"
                            aria-label=format!("{label}: {title}") disabled=move || record.pending().get()>{label}</button>
                    </ActionForm>
                }
            }).collect_view()}
            {reset_form}
            {undo_form}
        </div>
    }
}

/// A unit's button that takes it one step back, through either action.
struct StepBack {
    slug: String,
    item: String,
    title: String,
    landing: String,
    label: &'static str,
}

impl StepBack {
    /// The form's fields and button; `pending` disables it while its action runs.
    fn fields(self, pending: Signal<bool>) -> impl IntoView {
        let StepBack {
            slug,
            item,
            title,
            landing,
            label,
        } = self;
        view! {
            <input type="hidden" name="slug" value=slug/>
            <input type="hidden" name="item" value=item/>
            <Landing id=landing/>
            <button type="submit" class="button button--small button--quiet"
                aria-label=format!("{label}: {title}") disabled=move || pending.get()>{label}</button>
        }
    }
}

/// The aside panel: progress, bookmark, note and self-report.
#[component]
pub fn LearningPanel(title: String, learning: ResourceLearning, actions: LearningActions) -> impl IntoView {
    let p = learning.progress.clone();
    let slug = p.slug.clone();
    let record_error = action_error(actions.record);
    let undo_error = action_error(actions.undo);
    let reset_error = action_error(actions.reset);
    let report_error = action_error(actions.report);
    let note_error = action_error(actions.note);
    // The note form's answer is this page again, saying so (`?done=note`).
    let query = leptos_router::hooks::use_query_map();
    let noted_now = move || query.read().get("done").as_deref() == Some("note");
    let whole = (p.units.len() == 1 && p.units[0].slug == slug).then(|| p.units[0].clone());
    let complete = p.total > 0 && p.completed == p.total;
    view! {
        <section class="panel learning" aria-labelledby="learning-title">
            <h2 id="learning-title">"Your learning"</h2>
            <ProgressBar percent=p.percent label=format!("Your progress on {title}")/>
            {(p.total > 1).then(|| view! { <p class="learning__count">{format!("{} of {} done", p.completed, p.total)}</p> })}
            <FormError error=record_error fields=&[]/>
            <FormError error=undo_error fields=&[]/>
            <FormError error=reset_error fields=&[]/>
            {whole.map(|unit| view! { <UnitControls slug=slug.clone() unit certified=p.certified actions/> })}
            <BookmarkToggle slug=slug.clone() title=title.clone() saved=learning.bookmark.is_some()
                noted=learning.bookmark.as_ref().is_some_and(|b| b.note.as_deref().is_some_and(|n| !n.trim().is_empty()))
                action=actions.bookmark/>
            {learning.bookmark.clone().map(|b| {
                let slug = slug.clone();
                view! {
                    <ActionForm action=actions.note attr:class="stack-form note-form">
                        <input type="hidden" name="slug" value=slug/>
                        <input type="hidden" name="saved" value="true"/>
                        <Landing id="bookmark-note"/>
                        <Done word="note"/>
                        <label for="bookmark-note">"Private note"</label>
                        <p class="field__hint" id="bookmark-note-hint">"Only you can see it."</p>
                        <textarea id="bookmark-note" name="note" rows="3" maxlength="2000"
                            aria-describedby="bookmark-note-hint">{raw_text(b.note.unwrap_or_default())}</textarea>
                        <FormError error=note_error fields=&[]/>
                        <button type="submit" class="button button--small">"Save note"</button>
                        <p class="form-done" role="status">
                            {move || (noted_now() || matches!(actions.note.value().get(), Some(Ok(_)))).then_some("Note saved.")}
                        </p>
                    </ActionForm>
                }
            })}
            <AddToCollectionForm slug=slug.clone() collections=learning.collections.clone()/>
            {(learning.self_reportable && !complete).then(|| {
                let slug = slug.clone();
                view! {
                    <ActionForm action=actions.report attr:class="stack-form report-form">
                        <h3>"Attended or completed it?"</h3>
                        <p class="field__hint" id="report-hint">"Record it with the date. It shows as self-reported: your own record, not the provider's."</p>
                        <input type="hidden" name="slug" value=slug/>
                        <Landing id="learning-title"/>
                        <label for="report-date">"Date you attended or completed it"</label>
                        <input id="report-date" type="date" name="date" required=true aria-describedby="report-hint"/>
                        <FormError error=report_error fields=&[]/>
                        <button type="submit" class="button button--small">"Record it"</button>
                    </ActionForm>
                }
            })}
            // Earning a certificate is news: say where it is, rather than leave it to be found.
            {(complete && p.certified).then(|| view! {
                <p class="notice" role="status">"Completed. Your certificate is under Certificates on "<a href="/me#certificates-title">"My learning"</a>"."</p>
            })}
            {(complete && p.units.iter().any(|u| u.self_reported)).then(|| view! {
                <p class="learning__note">"You recorded this yourself (self-reported)."</p>
            })}
        </section>
    }
}
