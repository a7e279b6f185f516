//! `/teams/{id}`: one team. Its champion manages the invite link and what the team follows,
//! and sees the progress members share (the others only as a count); a member sees the team,
//! chooses whether to share, and can leave.

use crate::api::{load_team, DeleteTeam, LeaveTeam, SendTeamInvitations, SetTeamFocus, SetTeamInvite, SetTeamSharing};
use crate::components::confirm::Confirm;
use crate::components::copy_button::CopyButton;
use crate::components::form::{action_error, FormError, Landing};
use crate::components::progress_bar::ProgressBar;
use crate::components::signed_in_page::SignedInPage;
use crate::error::UiError;
use crate::model::team::{
    FocusChoice, FocusKind, InvitationReport, InvitationSent, Invite, TeamProgress, TeamView, INVITATIONS_AT_ONCE,
    INVITATION_DAYS, INVITE_DAYS, INVITE_DAYS_DEFAULT,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The changes made on this page, so its data loads again after each (in place, with the wasm).
#[derive(Clone, Copy)]
struct Actions {
    invite: ServerAction<SetTeamInvite>,
    invitations: ServerAction<SendTeamInvitations>,
    focus: ServerAction<SetTeamFocus>,
    sharing: ServerAction<SetTeamSharing>,
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let params = use_params_map();
    let team = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok());
    let actions = Actions {
        invite: ServerAction::new(),
        invitations: ServerAction::new(),
        focus: ServerAction::new(),
        sharing: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            (
                team(),
                actions.invite.version().get(),
                actions.invitations.version().get(),
                actions.focus.version().get(),
                actions.sharing.version().get(),
            )
        },
        |(team, ..)| async move {
            match team {
                Some(team) => load_team(team).await,
                None => Err(UiError::NotFound),
            }
        },
    );
    view! {
        <SignedInPage data=data title="Team" why="Sign in to see this team."
            body=move |team| view! { <TeamBody team actions/> }/>
    }
}

use crate::model::dates::day;

fn members(n: usize) -> String {
    match n {
        0 => "No members yet: invite them with a link".into(),
        1 => "1 member".into(),
        n => format!("{n} members"),
    }
}

#[component]
fn TeamBody(team: TeamView, actions: Actions) -> impl IntoView {
    let query = super::use_query();
    let done = move || match query.read().get("done").as_deref() {
        Some("joined") => Some("Welcome to the team."),
        Some("created") => {
            Some("Team created. Next, make an invite link for your colleagues and choose what the team follows.")
        }
        _ => None,
    };
    let about = if team.leading {
        format!("You lead this team · {}", members(team.members))
    } else {
        format!("Led by {} · {}", team.champion_name, members(team.members))
    };
    let id = team.id;
    view! {
        <Title text=team.name.clone()/>
        <div class="page-head">
            <p class="eyebrow"><a href="/teams">"Teams"</a></p>
            <h1>{team.name.clone()}</h1>
            <p class="lede">{about}</p>
        </div>
        {move || done().map(|line| view! { <p class="notice" role="status" data-focus-landing="">{line}</p> })}
        {if team.leading {
            view! {
                <InvitePanel team=id invite=team.invite.clone() action=actions.invite/>
                <InviteByEmailPanel team=id sent=team.invitations.clone() last=team.last_send.clone() action=actions.invitations/>
                <FollowingPanel team=id following=team.following.clone() choices=team.choices.clone() action=actions.focus/>
                {team.progress.clone().map(|progress| view! { <ProgressPanel team=id progress/> })}
                <DeletePanel team=id/>
            }.into_any()
        } else {
            view! {
                <SharingPanel team=id champion=team.champion_name.clone() sharing=team.sharing.unwrap_or(false) action=actions.sharing/>
                <FollowedList following=team.following.clone()/>
                <LeavePanel team=id/>
            }.into_any()
        }}
    }
}

#[component]
fn InvitePanel(team: i64, invite: Option<Invite>, action: ServerAction<SetTeamInvite>) -> impl IntoView {
    let error = action_error(action);
    let days = view! {
        <label for="invite-days">"Link works for"</label>
        <select id="invite-days" name="days">
            {INVITE_DAYS.iter().map(|d| view! {
                <option value=d.to_string() selected=*d == INVITE_DAYS_DEFAULT>
                    {if *d == 1 { "1 day".to_string() } else { format!("{d} days") }}
                </option>
            }).collect_view()}
        </select>
    };
    let has_link = invite.is_some();
    let live_link = invite.as_ref().is_some_and(|i| !i.expired);
    view! {
        <section id="invite" aria-labelledby="invite-title" class="panel" data-focus-key="invite">
            <h2 id="invite-title">"Invite colleagues"</h2>
            <p>"Send this link to colleagues: anyone holding it can join until it expires. Making a new link, or stopping it, ends the old one at once."</p>
            <FormError error fields=&[]/>
            {invite.map(|i| {
                let expiry = if i.expired {
                    format!("This link expired on {}. Make a new one to invite more colleagues.", day(&i.expires_at))
                } else {
                    format!("Works until {} (UTC).", day(&i.expires_at))
                };
                match i.url {
                    Some(url) => view! {
                        <div class="field">
                            <label for="invite-url">"Invite link"</label>
                            <div class="copy-row">
                                <input id="invite-url" type="text" readonly value=url aria-describedby="invite-expiry"/>
                                <CopyButton target="invite-url" label="Copy the invite link" primary=true/>
                            </div>
                            <p id="invite-expiry" class="field__hint" class:field__error=i.expired>
                                {expiry}" Copy it now: the hub does not keep a readable copy (so no one can take it from the hub), so it is shown only this once."
                            </p>
                        </div>
                    }.into_any(),
                    None => view! {
                        <p class:field__error=i.expired>
                            {if i.expired { expiry.clone() } else { format!("An invite link is active. {expiry}") }}
                            " Its address was shown when it was made; to send one again, make a new link (the old one then stops working)."
                        </p>
                    }.into_any(),
                }
            })}
            <div class="button-row">
                {if live_link {
                    // A new link ends the one colleagues may be holding: asked first.
                    view! {
                        <Confirm label="Make a new link" target="for this team"
                            consequence="The current link stops working at once: colleagues who have it but have not joined yet will need the new one.">
                            <ActionForm action attr:class="inline-form">
                                <input type="hidden" name="team" value=team.to_string()/>
                                {days}
                                <button type="submit" class="button button--small" disabled=move || action.pending().get()>
                                    "Make a new link, end the old one"
                                </button>
                            </ActionForm>
                        </Confirm>
                    }.into_any()
                } else {
                    view! {
                        <ActionForm action attr:class="inline-form">
                            <input type="hidden" name="team" value=team.to_string()/>
                            {days}
                            <button type="submit" class=if has_link { "button button--secondary" } else { "button" }
                                disabled=move || action.pending().get()>
                                {if has_link { "Make a new link" } else { "Make an invite link" }}
                            </button>
                        </ActionForm>
                    }.into_any()
                }}
                {has_link.then(|| view! {
                    <ActionForm action attr:class="inline-form">
                        <input type="hidden" name="team" value=team.to_string()/>
                        <button type="submit" class="button button--secondary" disabled=move || action.pending().get()>"Stop the link"</button>
                    </ActionForm>
                })}
            </div>
        </section>
    }
}

/// "Invite by email": addresses in, one message each with a link of their own; what the last
/// send did, and the month's invitations with whether each was used.
#[component]
fn InviteByEmailPanel(
    team: i64,
    sent: Vec<InvitationSent>,
    last: Option<InvitationReport>,
    action: ServerAction<SendTeamInvitations>,
) -> impl IntoView {
    let error = action_error(action);
    let refused = move || error.get().is_some();
    let typed = crate::components::refused_form::value("emails", String::new());
    view! {
        <section id="invite-by-email" aria-labelledby="invite-by-email-title" class="panel" data-focus-key="invite-by-email">
            <h2 id="invite-by-email-title" tabindex="-1">"Invite by email"</h2>
            <p>{format!("Each colleague gets a message from the hub with a link of their own, which works once, for {INVITATION_DAYS} days. Your team's invite link above stays as it is; stopping it also stops the invitations not used yet.")}</p>
            <FormError error fields=&[]/>
            {last.filter(|_| !refused()).map(|r| {
                let summary = match r.sent.len() {
                    0 => "No invitation was sent.".to_string(),
                    1 => format!("Invitation sent to {}.", r.sent[0]),
                    n => format!("Invitations sent to {n} colleagues: {}.", r.sent.join(", ")),
                };
                view! {
                    <div class="notice" role="status" data-focus-landing="">
                        <p>{summary}</p>
                        {(!r.skipped.is_empty()).then(|| view! {
                            <p>"Not sent:"</p>
                            <ul>{r.skipped.into_iter().map(|n| view! { <li>{format!("{}: {}", n.address, n.why)}</li> }).collect_view()}</ul>
                        })}
                    </div>
                }
            })}
            <ActionForm action attr:class="stack-form">
                <Landing id="invite-by-email-title"/>
                <input type="hidden" name="team" value=team.to_string()/>
                <div class="field">
                    <label for="invite-emails">"Colleagues' email addresses"</label>
                    <p class="field__hint" id="invite-emails-hint">{format!("Up to {INVITATIONS_AT_ONCE} at a time, separated by commas or on separate lines.")}</p>
                    <textarea id="invite-emails" name="emails" rows="3" required aria-describedby="invite-emails-hint"
                        autocomplete="off" spellcheck="false">{crate::components::raw_text::raw_text(typed)}</textarea>
                </div>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Send the invitations"</button>
            </ActionForm>
            {(!sent.is_empty()).then(|| view! {
                <h3>"Sent in the last month"</h3>
                <ul class="team-list" role="list">
                    {sent.into_iter().map(|i| {
                        let state = match i.state.as_str() {
                            "joined" => "Joined".to_string(),
                            "expired" => format!("Expired {}", day(&i.expires_at)),
                            _ => format!("Waiting, until {}", day(&i.expires_at)),
                        };
                        view! {
                            <li>
                                <span>{i.address}</span>
                                <span class="team-list__kind">{format!("Sent {} · {state}", day(&i.sent_at))}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

fn kind_label(kind: FocusKind) -> &'static str {
    match kind {
        FocusKind::Resource => "Resource",
        FocusKind::Pathway => "Pathway",
    }
}

fn href(f: &FocusChoice) -> String {
    match f.kind {
        FocusKind::Resource => format!("/resources/{}", f.slug),
        FocusKind::Pathway => format!("/pathways/{}", f.slug),
    }
}

#[component]
fn FollowingPanel(
    team: i64,
    following: Vec<FocusChoice>,
    choices: Vec<FocusChoice>,
    action: ServerAction<SetTeamFocus>,
) -> impl IntoView {
    let error = action_error(action);
    let (pathways, resources): (Vec<FocusChoice>, Vec<FocusChoice>) =
        choices.into_iter().partition(|c| c.kind == FocusKind::Pathway);
    let option = |c: FocusChoice| view! { <option value=format!("{}:{}", c.kind.as_str(), c.slug)>{c.title}</option> };
    view! {
        <section id="following" aria-labelledby="following-title" class="panel" data-focus-key="following">
            <h2 id="following-title">"What the team follows"</h2>
            <p>"Choose the resources and pathways to learn together; the team's progress below follows them."</p>
            <FormError error fields=&[]/>
            {if following.is_empty() {
                view! { <p>"Nothing yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="team-list" role="list">
                        {following.into_iter().map(|f| view! {
                            <li>
                                <span><span class="team-list__kind">{kind_label(f.kind)}": "</span><a href=href(&f)>{f.title.clone()}</a></span>
                                <ActionForm action attr:class="inline-form">
                                    <input type="hidden" name="team" value=team.to_string()/>
                                    <input type="hidden" name="item" value=format!("{}:{}", f.kind.as_str(), f.slug)/>
                                    <input type="hidden" name="follow" value="false"/>
                                    <button type="submit" class="button button--secondary button--small" aria-label=format!("Stop following {}", f.title)>"Stop following"</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {if pathways.is_empty() && resources.is_empty() {
                view! { <p>"The team follows everything there is to choose."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action attr:class="inline-fields">
                        <input type="hidden" name="team" value=team.to_string()/>
                        <input type="hidden" name="follow" value="true"/>
                        <label for="focus-item">"Add a resource or pathway"</label>
                        <select id="focus-item" name="item" required>
                            {(!pathways.is_empty()).then(|| view! {
                                <optgroup label="Pathways">{pathways.into_iter().map(option).collect_view()}</optgroup>
                            })}
                            {(!resources.is_empty()).then(|| view! {
                                <optgroup label="Resources">{resources.into_iter().map(option).collect_view()}</optgroup>
                            })}
                        </select>
                        <button type="submit" class="button button--secondary" disabled=move || action.pending().get()>"Follow"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ProgressPanel(team: i64, progress: TeamProgress) -> impl IntoView {
    let shared = progress.sharing.len();
    let summary = match (shared, progress.not_sharing) {
        (0, 0) => "Nobody has joined yet.".to_string(),
        (s, 0) => format!(
            "{} share{} their progress with you.",
            members(s),
            if s == 1 { "s" } else { "" }
        ),
        (s, n) => format!(
            "{} share{} their progress with you; {} {} not (they are counted here, never shown).",
            members(s),
            if s == 1 { "s" } else { "" },
            members(n),
            if n == 1 { "does" } else { "do" }
        ),
    };
    view! {
        <section id="progress" aria-labelledby="progress-title" class="panel">
            <h2 id="progress-title">"Team progress"</h2>
            <p>{summary}</p>
            {(!progress.focus.is_empty() && shared > 0).then(|| view! {
                <p><a href=format!("/api/v1/teams/{team}/progress?format=csv") download="">"Download as CSV"</a></p>
            })}
            {progress.focus.into_iter().map(|f| {
                let heading = f.title.clone();
                view! {
                    <div class="team-progress">
                        <h3><a href=href(&FocusChoice { kind: f.kind, slug: f.slug.clone(), title: f.title.clone() })>{f.title.clone()}</a></h3>
                        <p class="team-progress__counts">
                            {format!("{} of {shared} started · {} finished", f.started, f.finished)}
                        </p>
                        {(!f.members.is_empty()).then(|| view! {
                            <table class="team-progress__table">
                                <caption class="visually-hidden">{format!("Progress on {heading}")}</caption>
                                <thead><tr><th scope="col">"Member"</th><th scope="col">"Progress"</th></tr></thead>
                                <tbody>
                                    {f.members.into_iter().map(|m| {
                                        let label = format!("{} on {}", m.name, heading);
                                        view! {
                                            <tr>
                                                <th scope="row">{m.name}</th>
                                                <td>
                                                    {if m.started || m.percent > 0 {
                                                        view! { <ProgressBar percent=m.percent label/> }.into_any()
                                                    } else {
                                                        view! { <span class="team-progress__none">"Not started"</span> }.into_any()
                                                    }}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        })}
                    </div>
                }
            }).collect_view()}
            {(!progress.credits.offered.is_empty() && shared > 0).then(|| {
                let credits = progress.credits.clone();
                view! {
                    <div class="team-progress">
                        <h3>"Credit toward the team's focus"</h3>
                        <p class="team-progress__counts">{format!(
                            "What the resources it follows offer in all: {}. Each member's share is what the activities they finished offer; the provider awards it.",
                            credits.offered.iter().map(|c| format!("{} {}", crate::model::credits::hours(c.amount), c.credit)).collect::<Vec<_>>().join("; ")
                        )}</p>
                        <div class="table-scroll" tabindex="0" role="region" aria-label="Credit toward the team's focus">
                            <table class="team-progress__table">
                                <caption class="visually-hidden">"Credit toward the team's focus, by member"</caption>
                                <thead><tr>
                                    <th scope="col">"Member"</th>
                                    {credits.offered.iter().map(|c| view! { <th scope="col">{c.credit.clone()}</th> }).collect_view()}
                                </tr></thead>
                                <tbody>
                                    {credits.members.into_iter().map(|m| view! {
                                        <tr>
                                            <th scope="row">{m.name}</th>
                                            {m.earned.into_iter().zip(credits.offered.iter()).map(|(e, o)| view! {
                                                <td>{format!("{} of {}", crate::model::credits::hours(e.amount), crate::model::credits::hours(o.amount))}</td>
                                            }).collect_view()}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}

#[component]
fn DeletePanel(team: i64) -> impl IntoView {
    let action = ServerAction::<DeleteTeam>::new();
    let error = action_error(action);
    view! {
        <section aria-labelledby="delete-team-title" class="panel panel--danger">
            <h2 id="delete-team-title">"Delete the team"</h2>
            <p>"The team, its invite link and what it follows go; its members' own progress stays theirs."</p>
            <ActionForm action attr:class="stack-form">
                <FormError error fields=&[]/>
                <input type="hidden" name="team" value=team.to_string()/>
                <div class="check">
                    <input type="checkbox" id="delete-confirm" name="confirm" value="on"/>
                    <label for="delete-confirm">"Yes, delete this team"</label>
                </div>
                <button type="submit" class="button button--danger" disabled=move || action.pending().get()>"Delete the team"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn SharingPanel(team: i64, champion: String, sharing: bool, action: ServerAction<SetTeamSharing>) -> impl IntoView {
    let error = action_error(action);
    view! {
        <section id="sharing" aria-labelledby="sharing-title" class="panel" data-focus-key="sharing">
            <h2 id="sharing-title">"Your progress"</h2>
            <p>
                {if sharing {
                    format!("You share your progress with {champion}: they see your name and how far you are on what the team follows.")
                } else {
                    format!("You don't share your progress. {champion} sees only that one more member doesn't share: not your name, not your progress.")
                }}
            </p>
            <FormError error fields=&[]/>
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="team" value=team.to_string()/>
                <input type="hidden" name="share" value=if sharing { "false" } else { "true" }/>
                <button type="submit" class="button button--secondary" disabled=move || action.pending().get()>
                    {if sharing { "Stop sharing my progress" } else { "Share my progress with the team" }}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn FollowedList(following: Vec<FocusChoice>) -> impl IntoView {
    view! {
        <section aria-labelledby="followed-title" class="panel">
            <h2 id="followed-title">"What the team follows"</h2>
            {if following.is_empty() {
                view! { <p>"Nothing yet: your champion chooses what the team learns together."</p> }.into_any()
            } else {
                view! {
                    <ul class="team-list" role="list">
                        {following.into_iter().map(|f| view! {
                            <li><span><span class="team-list__kind">{kind_label(f.kind)}": "</span><a href=href(&f)>{f.title.clone()}</a></span></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn LeavePanel(team: i64) -> impl IntoView {
    let action = ServerAction::<LeaveTeam>::new();
    let error = action_error(action);
    view! {
        <section aria-labelledby="leave-title" class="panel">
            <h2 id="leave-title">"Leave the team"</h2>
            <p>"Your progress stays yours; the team's champion no longer sees it. You can join again with a working invite link."</p>
            <FormError error fields=&[]/>
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="team" value=team.to_string()/>
                <button type="submit" class="button button--secondary" disabled=move || action.pending().get()>"Leave the team"</button>
            </ActionForm>
        </section>
    }
}
