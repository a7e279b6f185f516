//! `/teams/join/{token}`: an invite link. Anyone holding it sees which team it is for and who
//! leads it; a signed-in learner joins with one button, choosing whether to share their
//! progress (unticked: sharing is off until they turn it on). Without an account, they sign up
//! or sign in and come back here.

use crate::api::{load_invite, JoinTeam};
use crate::components::form::{action_error, FormError};
use crate::components::secret_link_page::{DeadLink, SecretLinkPage};
use crate::components::sign_in_prompt::{here, sign_in_href};
use crate::model::team::InvitePreview;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// What the page says once the invite link was replaced or stopped.
const DEAD_LINK: DeadLink = DeadLink {
    title: "Invite link not found",
    heading: "This invite link doesn't work",
    lede: "It may have been replaced by a newer link or stopped. Ask the champion who sent it for a new one.",
};

#[component]
pub fn JoinTeamPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, load_invite);
    view! {
        <SecretLinkPage data dead=DEAD_LINK body=move |invite| view! { <JoinView invite token=token()/> }/>
    }
}

#[component]
fn JoinView(invite: InvitePreview, token: String) -> impl IntoView {
    let action = ServerAction::<JoinTeam>::new();
    let error = action_error(action);
    let back = here();
    let title = format!("Join {}", invite.team_name);
    let lede = format!("{} invites you to their team on Champion Hub.", invite.champion_name);
    let body = if invite.already_in {
        view! {
            <p>"You are in this team already."</p>
            <p><a class="button" href=format!("/teams/{}", invite.team_id)>"Go to the team"</a></p>
        }
        .into_any()
    } else if invite.expired {
        view! {
            <p class="form-error" role="alert">
                {format!("This invite link expired on {}. Ask {} for a new one.", crate::model::dates::day(&invite.expires_at), invite.champion_name)}
            </p>
        }
        .into_any()
    } else if !invite.signed_in {
        view! {
            <p>"To join, you need an account on the hub. After signing in you come back here."</p>
            <p>
                <a class="button" href=sign_in_href(&back)>"Sign in"</a>
                " or "
                <a href=format!("/sign-up?next={}", crate::query::encode(&back))>"create an account"</a>"."
            </p>
        }
        .into_any()
    } else {
        view! {
            <ActionForm action attr:class="stack-form">
                <FormError error fields=&[]/>
                <input type="hidden" name="token" value=token/>
                <div class="check">
                    <input type="checkbox" id="join-share" name="share" value="on" aria-describedby="join-share-hint"/>
                    <label for="join-share">{format!("Share my progress with {}", invite.champion_name.clone())}</label>
                </div>
                <p id="join-share-hint" class="field__hint">
                    "If you share, the champion sees your name and how far you are on what the team follows. If not, they see only that one more member doesn't share. You can change this at any time."
                </p>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Join the team"</button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <Title text=title.clone()/>
        <div class="narrow">
            <div class="page-head">
                <h1>{title}</h1>
                <p class="lede">{lede}</p>
            </div>
            <section class="panel" aria-label="Joining">{body}</section>
        </div>
    }
}
