//! Moving to the trash asks for a ticked confirmation; it can be undone from the trash.

use crate::api::AdminTrash;
use crate::components::form::PROBLEM_ID;
use crate::components::form::{action_error, Check};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn TrashForm(slug: String) -> impl IntoView {
    let action = ServerAction::<AdminTrash>::new();
    let error = action_error(action);
    view! {
        <section class="panel panel--danger" aria-labelledby="trash-title">
            <h2 id="trash-title">"Move to the trash"</h2>
            <p>"It leaves browse, search and its page at once. Learners keep their progress and bookmarks, and you can restore it from the trash."</p>
            <ActionForm action attr:class="stack-form">
                <input type="hidden" name="slug" value=slug/>
                <Check id="trash-confirm" name="confirm" label="Yes, move this resource to the trash"/>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" id=PROBLEM_ID>{e.to_string()}</p> })}
                <button type="submit" class="button button--danger">"Move to the trash"</button>
            </ActionForm>
        </section>
    }
}
