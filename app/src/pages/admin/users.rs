//! `/admin/users`: accounts, found by name or email, with small forms on each row to grant or
//! revoke the admin and champion roles and to disable or enable the account. Each form posts to
//! its server function, which sends the browser back to this very page (search and page kept);
//! a refused change (the hub must keep an admin) comes back as a message above the table.

use super::{back_here, with_query, AdminShell};
use crate::api::{admin_users, AdminSendReset, AdminSetDisabled, AdminSetRole};
use crate::components::confirm::Confirm;
use crate::components::form::{Done, Landing, PROBLEM_ID};
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::pagination::Pagination;
use crate::error::UiError;
use crate::model::admin::{AdminUser, AdminUserList};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Form;

#[component]
pub fn UsersPage() -> impl IntoView {
    // Outside the shell, which renders its children more than once on the server.
    let query = crate::pages::use_query();
    let wanted = Memo::new(move |_| {
        let map = query.read();
        let q = map.get("q").unwrap_or_default().trim().to_string();
        let page = map.get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
        (q, page)
    });
    let data = Resource::new(
        move || wanted.get(),
        |(q, page)| async move { admin_users(q.clone(), page).await.map(|list| (q, list)) },
    );
    view! {
        <AdminShell title="Users">
            <div class="page-head">
                <h1>"Users"</h1>
                <p class="lede">"Everyone with an account. Grant or revoke the admin and champion roles, and disable an account to stop it signing in (its learning record is kept)."</p>
            </div>
            <Users wanted data/>
        </AdminShell>
    }
}

#[component]
fn Users(wanted: Memo<(String, i64)>, data: Resource<Result<(String, AdminUserList), UiError>>) -> impl IntoView {
    // One action of each kind for every row's forms: whichever answered last is what shows.
    let set_role = ServerAction::<AdminSetRole>::new();
    let set_disabled = ServerAction::<AdminSetDisabled>::new();
    let send_reset = ServerAction::<AdminSendReset>::new();
    let query = crate::pages::use_query();
    let reset_sent = move || query.read().get("done").as_deref() == Some("reset-sent");
    // A refusal after a plain post arrives in the URL, and so in the actions' first value.
    let refused = RwSignal::new(
        set_role
            .value()
            .get_untracked()
            .and_then(Result::err)
            .or_else(|| set_disabled.value().get_untracked().and_then(Result::err))
            .or_else(|| send_reset.value().get_untracked().and_then(Result::err)),
    );
    let answered = move |result: Option<Result<(), UiError>>| {
        if let Some(result) = result {
            if result.is_ok() {
                data.refetch();
            }
            refused.set(result.err());
        }
    };
    Effect::new(move |_| answered(set_role.value().get()));
    Effect::new(move |_| answered(set_disabled.value().get()));
    Effect::new(move |_| answered(send_reset.value().get()));

    view! {
        <Form method="GET" action="/admin/users" attr:class="filter-form" attr:role="search">
            <div class="field">
                <label for="users-q">"Find people by name or email"</label>
                <input id="users-q" name="q" type="search" value=move || wanted.get().0/>
            </div>
            <div class="form-actions">
                <button type="submit" class="button">"Search"</button>
            </div>
        </Form>
        {move || refused.get().map(|e| view! { <p class="form-error" role="alert" id=PROBLEM_ID>{e.to_string()}</p> })}
        {move || reset_sent().then(|| view! {
            <p class="notice" role="status">"A password reset link is on its way. It works once, for an hour; the "<a href="/admin/outbox">"outbox"</a>" shows when it leaves."</p>
        })}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e nested=true/> }.into_any(),
                    Ok((q, list)) => {
                        let back = back_here();
                        let page_count = u32::try_from((list.total + list.per_page - 1) / list.per_page.max(1)).unwrap_or(1);
                        let current = u32::try_from(list.page).unwrap_or(1);
                        let count = match (list.total, q.is_empty()) {
                            (0, true) => "No accounts yet.".to_string(),
                            (0, false) => format!("No one matches “{q}”."),
                            (1, _) => "1 account".to_string(),
                            (n, _) => format!("{n} accounts"),
                        };
                        view! {
                            <p class="results-count" role="status">{count}</p>
                            {(!list.users.is_empty()).then(|| view! {
                                <UserTable users=list.users back set_role set_disabled send_reset/>
                            })}
                            <Pagination current page_count href=move |p| {
                                let page = if p > 1 { p.to_string() } else { String::new() };
                                with_query("/admin/users", &[("q", q.clone()), ("page", page)])
                            }/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn UserTable(
    users: Vec<AdminUser>,
    back: String,
    set_role: ServerAction<AdminSetRole>,
    set_disabled: ServerAction<AdminSetDisabled>,
    send_reset: ServerAction<AdminSendReset>,
) -> impl IntoView {
    view! {
        <div class="stack-wrap">
            <table class="table users-table stack-table">
                <caption>"Accounts, by email"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Roles"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Joined"</th>
                        <th scope="col">"Last signed in"</th>
                        <th scope="col">"Change"</th>
                    </tr>
                </thead>
                <tbody>
                    {users
                        .into_iter()
                        .map(|u| {
                            let has = |role: &str| u.roles.iter().any(|r| r == role);
                            let (admin, champion) = (has("admin"), has("champion"));
                            let roles = u.roles.join(", ");
                            let (back_admin, back_champion, back_disable) = (back.clone(), back.clone(), back.clone());
                            let back_reset = back.clone();
                            let for_reset = u.clone();
                            let id = u.id;
                            view! {
                                <tr id=format!("user-{id}")>
                                    <th scope="row">{u.name.clone()}</th>
                                    <td data-label="Email">{u.email.clone()}</td>
                                    <td data-label="Roles">{roles}</td>
                                    <td data-label="Status">
                                        {if u.disabled {
                                            view! { <span class="badge badge--muted">"Disabled"</span> }.into_any()
                                        } else {
                                            view! { <span class="badge">"Active"</span> }.into_any()
                                        }}
                                    </td>
                                    <td data-label="Joined"><time datetime=u.created_at.clone()>{day(&u.created_at)}</time></td>
                                    <td data-label="Last signed in">
                                        {match u.last_signed_in_at.clone() {
                                            Some(at) => view! { <time datetime=at.clone()>{day(&at)}</time> }.into_any(),
                                            None => view! { <span class="muted">"Never"</span> }.into_any(),
                                        }}
                                    </td>
                                    // One box in the cell: a phone's card puts it beside the
                                    // column's name, and the cell stays a table cell.
                                    <td data-label="Change"><div class="row-actions">
                                        // Each change keeps keyboard focus in its place when it redraws.
                                        <div data-focus-key=format!("admin:{id}")>
                                            <RoleForm action=set_role user=u.clone() role="admin" held=admin back=back_admin/>
                                        </div>
                                        <div data-focus-key=format!("champion:{id}")>
                                            <RoleForm action=set_role user=u.clone() role="champion" held=champion back=back_champion/>
                                        </div>
                                        <div data-focus-key=format!("access:{id}")>{if u.disabled {
                                            view! { <AccessForm action=set_disabled user=u.clone() disable=false back=back_disable/> }.into_any()
                                        } else {
                                            view! {
                                                <Confirm label="Disable" target=format!("the account of {}", u.email) danger=true
                                                    consequence=format!("{} will be signed out everywhere and cannot sign in until an admin enables the account again. Their learning record is kept.", u.name)>
                                                    <AccessForm action=set_disabled user=u.clone() disable=true back=back_disable/>
                                                </Confirm>
                                            }.into_any()
                                        }}</div>
                                        {(!for_reset.disabled).then(|| view! {
                                            <div data-focus-key=format!("reset:{id}")>
                                                <ResetForm action=send_reset user=for_reset.clone() back=back_reset.clone()/>
                                            </div>
                                        })}
                                    </div></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Mails `user` a password reset link (for someone locked out who asks an admin).
#[component]
fn ResetForm(action: ServerAction<AdminSendReset>, user: AdminUser, back: String) -> impl IntoView {
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="id" value=user.id.to_string()/>
            <input type="hidden" name="back" value=back/>
            <Landing id=format!("user-{}", user.id)/>
            <Done word="reset-sent"/>
            <button type="submit" class="button button--small button--quiet">
                "Send a password reset"<span class="visually-hidden">{format!(" to {}", user.email)}</span>
            </button>
        </ActionForm>
    }
}

/// Disables `user`'s account, or enables it again.
#[component]
fn AccessForm(action: ServerAction<AdminSetDisabled>, user: AdminUser, disable: bool, back: String) -> impl IntoView {
    let (label, class) = if disable {
        ("Disable the account", "button button--small button--danger")
    } else {
        ("Enable", "button button--small button--quiet")
    };
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="id" value=user.id.to_string()/>
            <input type="hidden" name="disabled" value=disable.to_string()/>
            <input type="hidden" name="back" value=back/>
            <Landing id=format!("user-{}", user.id)/>
            <button type="submit" class=class>
                {label}<span class="visually-hidden">{format!(" of {}", user.email)}</span>
            </button>
        </ActionForm>
    }
}

/// Grants `role` when `user` lacks it, revokes it when they hold it.
#[component]
fn RoleForm(
    action: ServerAction<AdminSetRole>,
    user: AdminUser,
    role: &'static str,
    held: bool,
    back: String,
) -> impl IntoView {
    let (label, to_from) = if held { ("Revoke", "from") } else { ("Grant", "to") };
    let hidden = format!(" {to_from} {}", user.email);
    let target = hidden.trim().to_string();
    let form = view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="id" value=user.id.to_string()/>
            <input type="hidden" name="role" value=role/>
            <input type="hidden" name="grant" value=(!held).to_string()/>
            <input type="hidden" name="back" value=back/>
            <Landing id=format!("user-{}", user.id)/>
            <button type="submit" class="button button--small button--quiet">
                {format!("{label} {role}")}
                <span class="visually-hidden">{hidden.clone()}</span>
            </button>
        </ActionForm>
    };
    // An admin can change every resource and account: granting it, or taking it away, asks
    // first. So does taking a champion's role, which ends what they lead.
    let consequence = match (role, held) {
        ("admin", true) => format!("{} will no longer be able to edit the catalog or manage accounts.", user.name),
        ("admin", false) => format!(
            "{} will be able to edit and delete any resource, and change any account, including yours.",
            user.name
        ),
        ("champion", true) => format!(
            "{} will no longer be able to create teams, and the teams they lead wait untouched until they are a champion again. Their own learning is kept.",
            user.name
        ),
        _ => return form.into_any(),
    };
    view! {
        <Confirm label=format!("{label} {role}") target consequence>
            {form}
        </Confirm>
    }
    .into_any()
}

/// The day is what tells an admin how fresh an account is.
use crate::model::dates::day;
