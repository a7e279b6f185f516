//! On a resource's page, for a signed-in learner: the collections that hold the resource, and a
//! form to add it (with a note) to another of theirs. Adding goes to that collection's page,
//! where it shows in its place.

use crate::api::AddToCollection;
use crate::components::form::{action_error, FormError};
use crate::model::collection::{CollectionChoice, NOTE_MAX};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn AddToCollectionForm(slug: String, collections: Vec<CollectionChoice>) -> impl IntoView {
    let action = ServerAction::<AddToCollection>::new();
    let error = action_error(action);
    let (holding, others): (Vec<CollectionChoice>, Vec<CollectionChoice>) =
        collections.into_iter().partition(|c| c.holds);
    let none_yet = holding.is_empty() && others.is_empty();
    view! {
        <div class="learning__collections" data-focus-key="collections">
            <h3>"Collections"</h3>
            {(!holding.is_empty()).then(|| view! {
                <p>"In your collections:"</p>
                <ul class="link-list">
                    {holding.into_iter().map(|c| view! {
                        <li><a href=format!("/collections/{}", c.id)>{c.name}</a></li>
                    }).collect_view()}
                </ul>
            })}
            {none_yet.then(|| view! {
                <p>"Gather resources into a reading list with notes: "<a href="/collections">"start a collection"</a>"."</p>
            })}
            {(!others.is_empty()).then(|| view! {
                <ActionForm action attr:class="stack-form">
                    <FormError error fields=&[]/>
                    <input type="hidden" name="slug" value=slug/>
                    <label for="add-to-collection">"Add to a collection"</label>
                    <select id="add-to-collection" name="collection" required>
                        {others.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name}</option> }).collect_view()}
                    </select>
                    <label for="add-to-collection-note">"Note (optional)"</label>
                    <textarea id="add-to-collection-note" name="note" rows="2" maxlength=NOTE_MAX.to_string()></textarea>
                    <button type="submit" class="button button--small" disabled=move || action.pending().get()>"Add to the collection"</button>
                </ActionForm>
            })}
        </div>
    }
}
