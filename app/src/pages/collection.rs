//! `/collections/{id}`: one collection. Its owner orders it, adds resources with a note on
//! each, shares it by link or with a team, renames or deletes it; the people in the team it is
//! shared with read it.

use crate::api::{
    load_collection, AddToCollection, DeleteCollection, MoveInCollection, RemoveFromCollection, RenameCollection,
    SetCollectionLink, SetCollectionNote, ShareCollection,
};
use crate::components::card::Card;
use crate::components::copy_button::CopyButton;
use crate::components::form::{action_error, FormError};
use crate::components::raw_text::raw_text;
use crate::components::signed_in_page::SignedInPage;
use crate::error::UiError;
use crate::model::collection::{CollectionEntry, CollectionView, EntryChoice, TeamRef, NAME_MAX, NOTE_MAX};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The changes made on this page, so its data loads again after each (in place, with the wasm).
#[derive(Clone, Copy)]
pub struct Actions {
    rename: ServerAction<RenameCollection>,
    add: ServerAction<AddToCollection>,
    note: ServerAction<SetCollectionNote>,
    remove: ServerAction<RemoveFromCollection>,
    shift: ServerAction<MoveInCollection>,
    link: ServerAction<SetCollectionLink>,
    share: ServerAction<ShareCollection>,
}

#[component]
pub fn CollectionPage() -> impl IntoView {
    let params = use_params_map();
    let collection = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok());
    let actions = Actions {
        rename: ServerAction::new(),
        add: ServerAction::new(),
        note: ServerAction::new(),
        remove: ServerAction::new(),
        shift: ServerAction::new(),
        link: ServerAction::new(),
        share: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            (
                collection(),
                actions.rename.version().get(),
                actions.add.version().get(),
                actions.note.version().get(),
                actions.remove.version().get(),
                actions.shift.version().get(),
                actions.link.version().get(),
                actions.share.version().get(),
            )
        },
        |(collection, ..)| async move {
            match collection {
                Some(collection) => load_collection(collection).await,
                None => Err(UiError::NotFound),
            }
        },
    );
    view! {
        <SignedInPage data=data title="Collection" why="Sign in to see this collection."
            body=move |collection| view! { <CollectionBody collection actions/> }/>
    }
}

/// "By Rosa · 3 resources · shared with 4 West": the line under a collection's name.
pub(crate) fn about(c: &CollectionView) -> String {
    let mut about = vec![super::collections::resources(
        c.entries.iter().filter(|e| e.resource.is_some()).count(),
    )];
    if c.mine {
        about.insert(0, "Your collection".into());
    } else {
        about.insert(0, format!("By {}", c.owner_name));
    }
    if let Some(t) = &c.team {
        about.push(format!("shared with {}", t.name));
    }
    about.push(format!("updated {}", crate::model::dates::day(&c.updated_at)));
    about.join(" · ")
}

#[component]
fn CollectionBody(collection: CollectionView, actions: Actions) -> impl IntoView {
    let c = collection;
    let id = c.id;
    let about = about(&c);
    view! {
        <Title text=c.name.clone()/>
        <div class="page-head">
            <p class="eyebrow"><a href="/collections">"Collections"</a></p>
            <h1>{c.name.clone()}</h1>
            <p class="lede">{about}</p>
        </div>
        {if c.mine {
            view! {
                <section id="entries" aria-labelledby="entries-title" class="panel">
                    <h2 id="entries-title">"Resources"</h2>
                    <EntryErrors actions/>
                    <Entries collection=id entries=c.entries.clone() actions=Some(actions)/>
                    <AddForm collection=id choices=c.choices.clone() action=actions.add/>
                </section>
                <SharingPanel collection=id link_on=c.link_on link=c.link.clone() team=c.team.clone() teams=c.teams.clone() actions/>
                <RenamePanel collection=id name=c.name.clone() action=actions.rename/>
                <DeletePanel collection=id/>
            }.into_any()
        } else {
            view! {
                <section aria-labelledby="entries-title" class="panel">
                    <h2 id="entries-title">"Resources"</h2>
                    <Entries collection=id entries=c.entries.clone() actions=None/>
                </section>
            }.into_any()
        }}
    }
}

/// What went wrong with a change to the entries, above them.
#[component]
fn EntryErrors(actions: Actions) -> impl IntoView {
    let errors = [
        action_error(actions.note),
        action_error(actions.remove),
        action_error(actions.shift),
    ];
    view! { {errors.into_iter().map(|error| view! { <FormError error fields=&[]/> }).collect_view()} }
}

/// The entries in order, each with its note; with `actions`, the owner's controls too.
#[component]
pub fn Entries(collection: i64, entries: Vec<CollectionEntry>, actions: Option<Actions>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p>"No resources in it yet."</p> }.into_any();
    }
    let last = entries.len() - 1;
    view! {
        <ol class="collection" role="list">
            {entries.into_iter().enumerate().map(|(i, e)| {
                let title = e.resource.as_ref().map_or_else(|| e.slug.clone(), |r| r.title.clone());
                // The owner reads and edits the note in its field below; a reader sees it here.
                let note = (!e.note.is_empty() && actions.is_none()).then(|| e.note.clone());
                view! {
                    <li class="collection__entry">
                        <p class="collection__place">{format!("{}.", i + 1)}</p>
                        {match e.resource.clone() {
                            Some(card) => view! { <Card card/> }.into_any(),
                            None => view! {
                                <p class="collection__gone">{format!("“{}” is no longer in the catalog.", e.slug)}</p>
                            }.into_any(),
                        }}
                        {note.map(|n| view! {
                            <p class="collection__note"><span class="visually-hidden">{format!("Note on {title}: ")}</span>{n}</p>
                        })}
                        {actions.map(|a| view! {
                            <EntryControls collection slug=e.slug.clone() title=title.clone() note=e.note.clone() first=i == 0 last=i == last actions=a/>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn EntryControls(
    collection: i64,
    slug: String,
    title: String,
    note: String,
    first: bool,
    last: bool,
    actions: Actions,
) -> impl IntoView {
    let note_id = format!("note-{slug}");
    let note_text = raw_text(note.clone());
    let (up, down, out) = (
        format!("Move {title} up"),
        format!("Move {title} down"),
        format!("Take {title} out"),
    );
    let hidden = move || {
        view! {
            <input type="hidden" name="collection" value=collection.to_string()/>
            <input type="hidden" name="slug" value=slug.clone()/>
        }
    };
    let (for_note, for_up, for_down) = (hidden.clone(), hidden.clone(), hidden.clone());
    view! {
        <div class="collection__controls">
            <ActionForm action=actions.note attr:class="inline-fields">
                {for_note()}
                <label for=note_id.clone()>{format!("Note on {title}")}</label>
                // The child is the server's HTML; the property keeps the text right when the
                // list is drawn again in place (tachys does not update a textarea's child).
                <textarea id=note_id name="note" rows="2" maxlength=NOTE_MAX.to_string() prop:value=note>{note_text}</textarea>
                <button type="submit" class="button button--secondary button--small">"Save the note"</button>
            </ActionForm>
            <div class="button-row">
                {(!first).then(move || view! {
                    <ActionForm action=actions.shift attr:class="inline-form">
                        {for_up()}
                        <input type="hidden" name="up" value="true"/>
                        <button type="submit" class="button button--secondary button--small" aria-label=up>"Move up"</button>
                    </ActionForm>
                })}
                {(!last).then(move || view! {
                    <ActionForm action=actions.shift attr:class="inline-form">
                        {for_down()}
                        <input type="hidden" name="up" value="false"/>
                        <button type="submit" class="button button--secondary button--small" aria-label=down>"Move down"</button>
                    </ActionForm>
                })}
                <ActionForm action=actions.remove attr:class="inline-form">
                    {hidden()}
                    <button type="submit" class="button button--secondary button--small" aria-label=out>"Take out"</button>
                </ActionForm>
            </div>
        </div>
    }
}

#[component]
fn AddForm(collection: i64, choices: Vec<EntryChoice>, action: ServerAction<AddToCollection>) -> impl IntoView {
    let error = action_error(action);
    // The note went with the resource just added: the next one starts without it.
    let note = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            if let Some(note) = note.get_untracked() {
                note.set_value("");
            }
        }
    });
    if choices.is_empty() {
        return view! { <p>"Every resource in the catalog is in this collection."</p> }.into_any();
    }
    view! {
        <ActionForm action attr:class="stack-form collection__add">
            <h3>"Add a resource"</h3>
            <FormError error fields=&[]/>
            <input type="hidden" name="collection" value=collection.to_string()/>
            <div class="field">
                <label for="add-slug">"Resource"</label>
                <select id="add-slug" name="slug" required>
                    {choices.into_iter().map(|c| view! { <option value=c.slug>{c.title}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="add-note">"Note (optional)"</label>
                <textarea id="add-note" node_ref=note name="note" rows="2" maxlength=NOTE_MAX.to_string() aria-describedby="add-note-hint"></textarea>
                <p id="add-note-hint" class="field__hint">{format!("Why it is here, or what to look for: up to {NOTE_MAX} characters. Everyone who can read the collection reads the notes.")}</p>
            </div>
            <button type="submit" class="button" disabled=move || action.pending().get()>"Add to the collection"</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn SharingPanel(
    collection: i64,
    link_on: bool,
    link: Option<String>,
    team: Option<TeamRef>,
    teams: Vec<TeamRef>,
    actions: Actions,
) -> impl IntoView {
    let link_error = action_error(actions.link);
    let share_error = action_error(actions.share);
    let has_link = link_on;
    let current = team.as_ref().map(|t| t.id);
    view! {
        <section id="sharing" aria-labelledby="sharing-title" class="panel">
            <h2 id="sharing-title">"Share"</h2>
            <h3>"By link"</h3>
            <p>"Anyone holding the link can read this collection and its notes, without an account. Making a new link, or stopping it, ends the old one at once."</p>
            <FormError error=link_error fields=&[]/>
            {match link {
                Some(url) => view! {
                    <div class="field">
                        <label for="collection-link">"Link"</label>
                        <div class="copy-row">
                            <input id="collection-link" type="text" readonly value=url aria-describedby="collection-link-hint"/>
                            <CopyButton target="collection-link" label="Copy the collection's link" primary=false/>
                        </div>
                        <p id="collection-link-hint" class="field__hint">"Copy it now: the hub does not keep a readable copy (so no one can take it from the hub), so it is shown only this once."</p>
                    </div>
                }.into_any(),
                None if link_on => view! {
                    <p>"A link is on. Its address was shown when it was made; to send one again, make a new link (the old one then stops working)."</p>
                }.into_any(),
                None => ().into_any(),
            }}
            <div class="button-row">
                <ActionForm action=actions.link attr:class="inline-form">
                    <input type="hidden" name="collection" value=collection.to_string()/>
                    <input type="hidden" name="on" value="true"/>
                    <button type="submit" class="button button--secondary">{if has_link { "Make a new link" } else { "Make a link" }}</button>
                </ActionForm>
                {has_link.then(|| view! {
                    <ActionForm action=actions.link attr:class="inline-form">
                        <input type="hidden" name="collection" value=collection.to_string()/>
                        <input type="hidden" name="on" value="false"/>
                        <button type="submit" class="button button--secondary">"Stop the link"</button>
                    </ActionForm>
                })}
            </div>
            <h3>"With a team"</h3>
            {if teams.is_empty() {
                view! { <p>"You are not in a team yet. "<a href="/teams">"Teams"</a>" says how to join or lead one."</p> }.into_any()
            } else {
                view! {
                    <p>"The people in the team see it on their dashboard while you are in the team too."</p>
                    <FormError error=share_error fields=&[]/>
                    <ActionForm action=actions.share attr:class="inline-fields">
                        <input type="hidden" name="collection" value=collection.to_string()/>
                        <label for="share-team">"Share with"</label>
                        <select id="share-team" name="team">
                            <option value="" selected=current.is_none()>"No team"</option>
                            {teams.into_iter().map(|t| view! {
                                <option value=t.id.to_string() selected=current == Some(t.id)>{t.name}</option>
                            }).collect_view()}
                        </select>
                        <button type="submit" class="button button--secondary">"Save"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn RenamePanel(collection: i64, name: String, action: ServerAction<RenameCollection>) -> impl IntoView {
    let error = action_error(action);
    view! {
        <section id="rename" aria-labelledby="rename-title" class="panel">
            <h2 id="rename-title">"Rename"</h2>
            <FormError error fields=&[]/>
            <ActionForm action attr:class="inline-fields">
                <input type="hidden" name="collection" value=collection.to_string()/>
                <label for="rename-name">"Name"</label>
                <input id="rename-name" type="text" name="name" value=name required maxlength=NAME_MAX.to_string()/>
                <button type="submit" class="button button--secondary" disabled=move || action.pending().get()>"Rename"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn DeletePanel(collection: i64) -> impl IntoView {
    let action = ServerAction::<DeleteCollection>::new();
    let error = action_error(action);
    view! {
        <section aria-labelledby="delete-collection-title" class="panel panel--danger">
            <h2 id="delete-collection-title">"Delete the collection"</h2>
            <p>"The collection and its notes go, and its link stops working. The resources stay in the catalog."</p>
            <ActionForm action attr:class="stack-form">
                <FormError error fields=&[]/>
                <input type="hidden" name="collection" value=collection.to_string()/>
                <div class="check">
                    <input type="checkbox" id="delete-confirm" name="confirm" value="on"/>
                    <label for="delete-confirm">"Yes, delete this collection"</label>
                </div>
                <button type="submit" class="button button--danger" disabled=move || action.pending().get()>"Delete the collection"</button>
            </ActionForm>
        </section>
    }
}
