//! `/account`: the learner's profile, the champion pledge, password, their data and deleting
//! the account.

use crate::api::{
    mail_choices, ChangePassword, DeleteAccount, FollowForDigest, KeepEmail, SaveMailChoices, SendConfirmation,
    TakePledge, UpdateProfile,
};
use crate::components::form::{action_error, Field, FieldErrorsAnnouncement, FormError, Landing};
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::marks::use_marks;
use crate::components::refused_form;
use crate::components::sign_in_prompt::SignInPrompt;
use crate::model::{Account, DigestFollows, PLEDGE};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let marks = use_marks();
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match marks.current.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(marks) => match marks.account {
                        None => view! {
                            <SignInPrompt title="Your account" why="Sign in to see and change your account."/>
                        }.into_any(),
                        Some(account) => view! { <AccountView account/> }.into_any(),
                    },
                }
            })}
        </Transition>
    }
}

use crate::model::dates::day as date;

#[component]
fn AccountView(account: Account) -> impl IntoView {
    let query = use_query_map();
    let done = move || match query.read().get("done").as_deref() {
        Some("password") => Some("Your password is changed. Any other sessions you had are signed out."),
        Some("mail") => Some("Your email choices are saved."),
        Some("digest") => Some("What your weekly digest follows is saved."),
        Some("link-sent") => Some("A new link is on its way. It works for 48 hours."),
        Some("email-kept") => Some("Your email stays as it is; the link sent to the new address no longer works."),
        Some("password-reset") => {
            Some("Your new password is set. You are signed in here; every other session was signed out.")
        }
        Some("profile") => Some("Your profile is saved."),
        Some("pledge") => Some("You took the champion pledge. Welcome, champion."),
        _ => None,
    };
    let roles = {
        let mut r = vec!["Learner".to_string()];
        if let Some(since) = &account.champion_since {
            r.push(format!("Champion since {}", date(since)));
        }
        if account.is_admin() {
            r.push("Admin".into());
        }
        r.join(" · ")
    };
    view! {
        <Title text="Your account"/>
        <div class="narrow">
            <div class="page-head">
                <h1>"Your account"</h1>
                {move || done().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            </div>
            <section aria-labelledby="profile-title" class="panel">
                <h2 id="profile-title">"Profile"</h2>
                <dl class="facts">
                    <div class="facts__row"><dt>"Roles"</dt><dd>{roles}</dd></div>
                    <div class="facts__row"><dt>"Member since"</dt><dd>{date(&account.created_at)}</dd></div>
                </dl>
                <EmailStatus account=account.clone()/>
                <ProfileForm account=account.clone()/>
            </section>
            <Pledge account=account.clone()/>
            <PasswordForm/>
            <MailChoicesForm/>
            <section aria-labelledby="data-title" class="panel">
                <h2 id="data-title">"Your data"</h2>
                <p>"Download everything the hub holds about you: your account, bookmarks, progress, quiz attempts and certificates."</p>
                <ul class="link-list">
                    <li><a href="/api/v1/me/export" download="champion-hub-export.json" rel="external">"Download all your data (JSON)"</a></li>
                    <li><a href="/api/v1/me/export?format=zip" download="champion-hub-export.zip" rel="external">"Download all your data with your certificate files (zip)"</a></li>
                    <li><a href="/api/v1/me/export?format=csv" download="champion-hub-progress.csv" rel="external">"Download your progress (CSV, for spreadsheets)"</a></li>
                    <li><a href="/api/v1/me/export?format=xapi" download="champion-hub-xapi.json" rel="external">"Your progress for your institution's learning record system (xAPI file)"</a></li>
                </ul>
            </section>
            <DeleteForm/>
        </div>
    }
}

#[component]
fn Pledge(account: Account) -> impl IntoView {
    let action = ServerAction::<TakePledge>::new();
    let error = action_error(action);
    marks_follow(action);
    let commitments = PLEDGE.iter().map(|(key, text)| (*key, *text)).collect::<Vec<_>>();
    // Just taken, the pledge's form (and the button that had the focus) is gone: the page that
    // opens lands on its heading (`#pledge-title`), which now says what was pledged.
    view! {
        <section aria-labelledby="pledge-title" class="panel">
            <h2 id="pledge-title" tabindex="-1">"The champion pledge"</h2>
            {if account.is_champion() {
                view! {
                    <p>"You are a palliative care champion. You pledged:"</p>
                    <ul>{commitments.into_iter().map(|(_, t)| view! { <li>{t}</li> }).collect_view()}</ul>
                }.into_any()
            } else {
                view! {
                    <p>"A champion deepens their own palliative care skills and brings them to their team. Take all four commitments to become one; it unlocks the team features."</p>
                    <ActionForm action attr:class="stack-form">
                        <Landing id="pledge-title"/>
                        <FormError error fields=&[]/>
                        <fieldset>
                            <legend>"I commit to these four things"</legend>
                            {commitments.into_iter().map(|(key, text)| {
                                let id = format!("pledge-{key}");
                                view! {
                                    <div class="check">
                                        <input type="checkbox" id=id.clone() name=key value="on" checked=refused_form::ticked(key, "on", false)/>
                                        <label for=id>{text}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" class="button">"Take the pledge"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

/// Whether the email is confirmed, and a new address waiting for its confirmation: with a new
/// link, or (for a new address) keeping the current one.
#[component]
fn EmailStatus(account: Account) -> impl IntoView {
    let again = ServerAction::<SendConfirmation>::new();
    let keep = ServerAction::<KeepEmail>::new();
    let again_error = action_error(again);
    let keep_error = action_error(keep);
    let send_again = move || {
        view! {
            <ActionForm action=again attr:class="inline-form">
                <button type="submit" class="button button--small button--quiet">"Send a new link"</button>
            </ActionForm>
        }
    };
    let status = match (&account.pending_email, account.email_confirmed) {
        (Some(pending), _) => view! {
            <div class="notice notice--warn">
                <p>{format!("Waiting for confirmation: {pending}. We sent a link there; your email changes once it is followed. Until then you sign in with {}.", account.email)}</p>
                <div class="row-actions">
                    {send_again()}
                    <ActionForm action=keep attr:class="inline-form">
                        <button type="submit" class="button button--small button--quiet">"Keep my current email"</button>
                    </ActionForm>
                </div>
            </div>
        }.into_any(),
        (None, false) => view! {
            <div class="notice notice--warn">
                <p>{format!("Your email is not confirmed yet. We sent a link to {}. Until you follow it you can learn as usual, but you cannot lead or join a team, and the hub sends you no reminders.", account.email)}</p>
                {send_again()}
            </div>
        }.into_any(),
        (None, true) => view! { <p class="muted">"Your email is confirmed."</p> }.into_any(),
    };
    view! {
        <div id="email-status" tabindex="-1">
            <FormError error=again_error fields=&[]/>
            <FormError error=keep_error fields=&[]/>
            {status}
        </div>
    }
}

/// Name (as certificates print it), email, profession and discipline, changed in place; a new
/// email asks for the current password.
#[component]
fn ProfileForm(account: Account) -> impl IntoView {
    let action = ServerAction::<UpdateProfile>::new();
    let error = action_error(action);
    marks_follow(action);
    view! {
        <ActionForm action attr:class="stack-form" attr:novalidate="">
            <FormError error fields=&["name", "email", "profession", "discipline", "password"]/>
            <FieldErrorsAnnouncement error/>
            <Field label="Name" name="name" autocomplete="name" required=true value=account.name.clone()
                hint="Certificates you earn from now on print this name; those already issued keep the name they were issued to." error/>
            <Field label="Email" name="email" kind="email" autocomplete="email" required=true value=account.email.clone()
                hint="You sign in with it. A new one changes once you follow the link we send to it." error/>
            <Field label="Profession" name="profession" autocomplete="organization-title" value=account.profession.clone().unwrap_or_default()
                hint="For example: nurse, physician, social worker, chaplain." error/>
            <Field label="Discipline or specialty" name="discipline" value=account.discipline.clone().unwrap_or_default() error/>
            <Field label="Current password" name="password" id="profile-password" kind="password" autocomplete="current-password"
                hint="Only needed to change your email." error/>
            <button type="submit" class="button" disabled=move || action.pending().get()>"Save profile"</button>
        </ActionForm>
    }
}

/// "Email from the hub": the kinds of mail the learner may turn off, and their time zone.
#[component]
fn MailChoicesForm() -> impl IntoView {
    let action = ServerAction::<SaveMailChoices>::new();
    let follow = ServerAction::<FollowForDigest>::new();
    let error = action_error(action);
    let choices = Resource::new(
        move || (action.version().get(), follow.version().get()),
        |_| mail_choices(),
    );
    view! {
        <section aria-labelledby="mail-title" class="panel">
            <h2 id="mail-title" tabindex="-1">"Email from the hub"</h2>
            <p>"Messages you ask for (reset links, confirmations) and notes that guard your account always come. Every other message has a link to stop that kind."</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match choices.await {
                        Err(e) => view! { <ErrorPanel error=e nested=true/> }.into_any(),
                        Ok(c) => view! {
                            <ActionForm action attr:class="stack-form">
                                <Landing id="mail-title"/>
                                <FormError error fields=&["time_zone"]/>
                                <fieldset>
                                    <legend>"Send me"</legend>
                                    {c.kinds.into_iter().map(|k| {
                                        let id = format!("mail-{}", k.key);
                                        let hint = format!("{id}-hint");
                                        view! {
                                            <div class="check">
                                                <input type="checkbox" id=id.clone() name=k.key.replace('-', "_") value="on" checked=k.on aria-describedby=hint.clone()/>
                                                <label for=id>{k.label}</label>
                                                <p class="field__hint" id=hint>{k.hint}</p>
                                            </div>
                                        }
                                    }).collect_view()}
                                </fieldset>
                                <div class="field">
                                    <label for="mail-time-zone">"Your time zone"</label>
                                    <p class="field__hint" id="mail-time-zone-hint">"Reminders give times in it, and come the day before in it."</p>
                                    <select id="mail-time-zone" name="time_zone" aria-describedby="mail-time-zone-hint">
                                        <option value="" selected=c.time_zone.is_empty()>"Each session's own"</option>
                                        {c.zones.into_iter().map(|z| {
                                            let selected = z == c.time_zone;
                                            view! { <option value=z.clone() selected=selected>{z.replace('_', " ")}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button">"Save email choices"</button>
                            </ActionForm>
                            <DigestFollowsPanel digest=c.digest action=follow/>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// What the weekly digest follows: topics and kinds chosen here, and (said, not chosen) the
/// learner's collections and teams.
#[component]
fn DigestFollowsPanel(digest: DigestFollows, action: ServerAction<FollowForDigest>) -> impl IntoView {
    let error = action_error(action);
    let also = match (digest.collections, digest.teams) {
        (0, 0) => {
            "It also follows what your collections hold and what your teams follow, once you have some.".to_string()
        }
        (c, t) => format!(
            "It also follows what your {} {} and what your {} {}.",
            if c == 1 { "collection" } else { "collections" },
            if c == 1 { "holds" } else { "hold" },
            if t == 1 { "team" } else { "teams" },
            if t == 1 { "follows" } else { "follow" },
        ),
    };
    let typed = refused_form::value("value", String::new());
    view! {
        <section aria-labelledby="digest-title" class="subpanel">
            <h3 id="digest-title" tabindex="-1">"What your weekly digest follows"</h3>
            <p>{also}</p>
            <FormError error fields=&[]/>
            {if digest.follows.is_empty() {
                view! { <p>"You follow no topic or kind yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="team-list" role="list">
                        {digest.follows.into_iter().map(|f| view! {
                            <li>
                                <span><span class="team-list__kind">{if f.facet == "kind" { "Kind: " } else { "Topic: " }}</span>{f.label.clone()}</span>
                                <ActionForm action attr:class="inline-form">
                                    <Landing id="digest-title"/>
                                    <input type="hidden" name="facet" value=f.facet.clone()/>
                                    <input type="hidden" name="value" value=f.value.clone()/>
                                    <input type="hidden" name="follow" value="false"/>
                                    <button type="submit" class="button button--secondary button--small"
                                        aria-label=format!("Stop following {}", f.label)>"Stop following"</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!digest.topics.is_empty()).then(|| view! {
                <ActionForm action attr:class="inline-fields">
                    <Landing id="digest-title"/>
                    <input type="hidden" name="facet" value="topic"/>
                    <input type="hidden" name="follow" value="true"/>
                    <label for="digest-topic">"Follow a topic"</label>
                    <input id="digest-topic" name="value" type="text" list="digest-topics" required autocomplete="off"
                        value=typed aria-describedby="digest-topic-hint"/>
                    <datalist id="digest-topics">
                        {digest.topics.into_iter().map(|t| view! { <option value=t/> }).collect_view()}
                    </datalist>
                    <button type="submit" class="button button--secondary" disabled=move || action.pending().get()>"Follow"</button>
                    <p class="field__hint" id="digest-topic-hint">"Start typing: the catalog's topics are suggested."</p>
                </ActionForm>
            })}
            {(!digest.kinds.is_empty()).then(|| view! {
                <ActionForm action attr:class="inline-fields">
                    <Landing id="digest-title"/>
                    <input type="hidden" name="facet" value="kind"/>
                    <input type="hidden" name="follow" value="true"/>
                    <label for="digest-kind">"Follow a kind of resource"</label>
                    <select id="digest-kind" name="value" required>
                        {digest.kinds.into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button button--secondary" disabled=move || action.pending().get()>"Follow"</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = action_error(action);
    view! {
        <section aria-labelledby="password-title" class="panel">
            <h2 id="password-title">"Change your password"</h2>
            <ActionForm action attr:class="stack-form" attr:novalidate="">
                <FormError error fields=&["current_password", "new_password", "confirm_password"]/>
                <Field label="Current password" name="current_password" kind="password" autocomplete="current-password" required=true error/>
                <Field label="New password" name="new_password" kind="password" autocomplete="new-password" required=true
                    hint="At least 10 characters." error/>
                <Field label="New password again" name="confirm_password" kind="password" autocomplete="new-password" required=true error/>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Change password"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn DeleteForm() -> impl IntoView {
    let action = ServerAction::<DeleteAccount>::new();
    let error = action_error(action);
    marks_follow(action);
    view! {
        <section aria-labelledby="delete-title" class="panel panel--danger">
            <h2 id="delete-title">"Delete your account"</h2>
            <p>"This removes your account and everything the hub holds about you: bookmarks, progress, quiz attempts, certificates (their codes will no longer verify), your team memberships and the teams you lead. It cannot be undone; download your data first if you want a copy."</p>
            <ActionForm action attr:class="stack-form" attr:novalidate="">
                <FormError error fields=&["password"]/>
                <Field label="Your password, to confirm" name="password" kind="password" autocomplete="current-password" required=true error/>
                <button type="submit" class="button button--danger" disabled=move || action.pending().get()>"Delete my account"</button>
            </ActionForm>
        </section>
    }
}

/// Once `action` succeeds, the header and every page reading the account load it again (a
/// new name, the champion role, or no account at all).
fn marks_follow<I>(action: ServerAction<I>)
where
    I: server_fn::ServerFn<Output = (), Error = crate::error::UiError> + Clone + Send + Sync + 'static,
{
    let marks = use_marks();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            marks.changed();
        }
    });
}
