//! `/teams`: the teams the learner leads and the ones they joined, and (for champions) a form
//! to create one.

use crate::api::{load_teams, CreateTeam};
use crate::components::form::{action_error, Field, FormError};
use crate::components::signed_in_page::SignedInPage;
use crate::model::team::{TeamSummary, TeamsPage as Teams};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TeamsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_teams());
    view! {
        <Title text="Teams"/>
        <SignedInPage data=data title="Teams" why="Sign in to see your teams, or to join one you were invited to."
            body=|teams| view! { <TeamsView teams/> }/>
    }
}

#[component]
fn TeamsView(teams: Teams) -> impl IntoView {
    let query = super::use_query();
    let done = move || match query.read().get("done").as_deref() {
        Some("deleted") => Some("The team is deleted. Its members' own progress is still theirs."),
        Some("left") => Some("You left the team. Your progress is still yours, and its champion no longer sees it."),
        _ => None,
    };
    let (leading, joined): (Vec<TeamSummary>, Vec<TeamSummary>) = teams.teams.into_iter().partition(|t| t.leading);
    view! {
        <div class="page-head">
            <h1>"Teams"</h1>
            <p class="lede">"A champion brings palliative care skills to their team from within it: invite colleagues, choose what to learn together, and follow how it goes. Members choose whether to share their progress."</p>
        </div>
        {move || done().map(|d| view! { <p class="notice" role="status">{d}</p> })}
        {(!leading.is_empty()).then(|| view! {
            <section aria-labelledby="leading-title" class="panel">
                <h2 id="leading-title">"Teams you lead"</h2>
                <TeamList teams=leading/>
            </section>
        })}
        <section aria-labelledby="joined-title" class="panel">
            <h2 id="joined-title">"Teams you are in"</h2>
            {if joined.is_empty() {
                view! { <p>"You are not in a team yet. A champion can send you an invite link; open it to join."</p> }.into_any()
            } else {
                view! { <TeamList teams=joined/> }.into_any()
            }}
        </section>
        {if teams.can_lead {
            view! { <CreateForm/> }.into_any()
        } else {
            view! {
                <section aria-labelledby="lead-title" class="panel">
                    <h2 id="lead-title">"Lead a team"</h2>
                    <p>"Champions lead teams. Take the champion pledge on "<a href="/account#pledge-title">"your account page"</a>" to create one."</p>
                </section>
            }.into_any()
        }}
    }
}

#[component]
fn TeamList(teams: Vec<TeamSummary>) -> impl IntoView {
    view! {
        <ul class="team-list" role="list">
            {teams.into_iter().map(|t| {
                let members = match t.members {
                    0 => "No members yet".to_string(),
                    1 => "1 member".to_string(),
                    n => format!("{n} members"),
                };
                let about = if t.leading {
                    members
                } else {
                    let sharing = if t.sharing { "you share your progress" } else { "you don't share your progress" };
                    format!("Led by {} · {members} · {sharing}", t.champion_name)
                };
                view! {
                    <li>
                        <a href=format!("/teams/{}", t.id)>{t.name}</a>
                        <span class="team-list__about">{about}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn CreateForm() -> impl IntoView {
    let action = ServerAction::<CreateTeam>::new();
    let error = action_error(action);
    view! {
        <section aria-labelledby="create-title" class="panel">
            <h2 id="create-title">"Create a team"</h2>
            <ActionForm action attr:class="stack-form" attr:novalidate="">
                <FormError error fields=&["name"]/>
                <Field label="Team name" name="name" required=true hint="For example, “4 West nursing” or “Palliative care journal club”." error/>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Create the team"</button>
            </ActionForm>
        </section>
    }
}
