//! `/collections`: the learner's collections (named, ordered lists of resources with a note on
//! each), those colleagues shared with their teams, and a form to start one.

use crate::api::{load_collections, CreateCollection};
use crate::components::form::{action_error, Field, FormError};
use crate::components::signed_in_page::SignedInPage;
use crate::model::collection::{CollectionSummary, CollectionsPage as Collections};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CollectionsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_collections());
    view! {
        <Title text="Collections"/>
        <SignedInPage data=data title="Collections" why="Sign in to keep collections of resources, or to read those your teams share."
            body=|collections| view! { <CollectionsView collections/> }/>
    }
}

/// "3 resources", "1 resource".
pub(crate) fn resources(n: usize) -> String {
    match n {
        1 => "1 resource".into(),
        n => format!("{n} resources"),
    }
}

#[component]
fn CollectionsView(collections: Collections) -> impl IntoView {
    let query = super::use_query();
    let deleted = move || query.read().get("done").as_deref() == Some("deleted");
    view! {
        <div class="page-head">
            <h1>"Collections"</h1>
            <p class="lede">"Gather resources into a named list, in the order to take them, with a note on each: a reading list for a new colleague, a journal club, a teaching plan. Share one by link or with your team."</p>
        </div>
        {move || deleted().then(|| view! { <p class="notice" role="status">"The collection is deleted, and its link no longer works."</p> })}
        <section aria-labelledby="mine-title" class="panel">
            <h2 id="mine-title">"Your collections"</h2>
            {if collections.mine.is_empty() {
                view! { <p>"None yet. Start one below."</p> }.into_any()
            } else {
                view! { <CollectionList collections=collections.mine/> }.into_any()
            }}
        </section>
        <section aria-labelledby="shared-title" class="panel">
            <h2 id="shared-title">"Shared with your teams"</h2>
            {if collections.shared_with_me.is_empty() {
                view! { <p>"Nothing yet. When someone in one of your teams shares a collection with it, it appears here."</p> }.into_any()
            } else {
                view! { <CollectionList collections=collections.shared_with_me/> }.into_any()
            }}
        </section>
        <CreateForm/>
    }
}

/// A list of collections, each with what it holds and who can read it.
#[component]
pub fn CollectionList(collections: Vec<CollectionSummary>) -> impl IntoView {
    view! {
        <ul class="team-list" role="list">
            {collections.into_iter().map(|c| {
                let mut about = vec![resources(c.entries)];
                if c.mine {
                    match (&c.team, c.link_shared) {
                        (Some(t), true) => about.push(format!("shared with {} and by link", t.name)),
                        (Some(t), false) => about.push(format!("shared with {}", t.name)),
                        (None, true) => about.push("shared by link".into()),
                        (None, false) => about.push("only you".into()),
                    }
                } else {
                    about.insert(0, format!("By {}", c.owner_name));
                    if let Some(t) = &c.team {
                        about.push(format!("shared with {}", t.name));
                    }
                }
                view! {
                    <li>
                        <a href=format!("/collections/{}", c.id)>{c.name}</a>
                        <span class="team-list__about">{about.join(" · ")}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn CreateForm() -> impl IntoView {
    let action = ServerAction::<CreateCollection>::new();
    let error = action_error(action);
    view! {
        <section aria-labelledby="create-title" class="panel">
            <h2 id="create-title">"Start a collection"</h2>
            <ActionForm action attr:class="stack-form" attr:novalidate="">
                <FormError error fields=&["name"]/>
                <Field label="Name" name="name" required=true hint="For example, “Starting out on 4 West” or “Journal club: serious illness conversations”." error/>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Create the collection"</button>
            </ActionForm>
        </section>
    }
}
