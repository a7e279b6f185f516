//! Server functions for collections: the learner's collections, one collection, the changes its
//! owner makes (each form its own function, all one `CollectionChange`), and reading one
//! through its secret link. The forms are plain posts that come back to their page, so all of
//! it works without the wasm.

use crate::error::UiError;
use crate::model::collection::{CollectionView, CollectionsPage};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{answer, backend};
#[cfg(feature = "ssr")]
use crate::model::collection::CollectionChange;

/// Makes `change` and sends a plain form post back to `anchor` on the collection's page.
#[cfg(feature = "ssr")]
async fn change(collection: i64, change: CollectionChange, anchor: &str) -> Result<(), UiError> {
    answer(
        async move {
            backend()?.change_collection(collection, change).await?;
            leptos_axum::redirect(&format!("/collections/{collection}#{anchor}"));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "load_collections")]
pub async fn load_collections() -> Result<CollectionsPage, UiError> {
    answer(async move { backend()?.collections().await }.await)
}

#[server(prefix = "/rpc", endpoint = "create_collection")]
pub async fn create_collection(name: String) -> Result<i64, UiError> {
    answer(
        async move {
            let id = backend()?.create_collection(&name).await?;
            leptos_axum::redirect(&format!("/collections/{id}"));
            Ok(id)
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "load_collection")]
pub async fn load_collection(collection: i64) -> Result<CollectionView, UiError> {
    answer(async move { backend()?.collection(collection).await }.await)
}

#[server(prefix = "/rpc", endpoint = "rename_collection")]
pub async fn rename_collection(collection: i64, name: String) -> Result<(), UiError> {
    change(collection, CollectionChange::Rename { name }, "rename").await
}

/// `confirm` is the checkbox that says the owner means it.
#[server(prefix = "/rpc", endpoint = "delete_collection")]
pub async fn delete_collection(collection: i64, confirm: Option<String>) -> Result<(), UiError> {
    answer(
        async move {
            backend()?.delete_collection(collection, confirm.is_some()).await?;
            leptos_axum::redirect("/collections?done=deleted");
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "add_to_collection")]
pub async fn add_to_collection(collection: i64, slug: String, note: Option<String>) -> Result<(), UiError> {
    let note = note.unwrap_or_default();
    change(collection, CollectionChange::Add { slug, note }, "entries").await
}

#[server(prefix = "/rpc", endpoint = "set_collection_note")]
pub async fn set_collection_note(collection: i64, slug: String, note: Option<String>) -> Result<(), UiError> {
    let note = note.unwrap_or_default();
    change(collection, CollectionChange::Note { slug, note }, "entries").await
}

#[server(prefix = "/rpc", endpoint = "remove_from_collection")]
pub async fn remove_from_collection(collection: i64, slug: String) -> Result<(), UiError> {
    change(collection, CollectionChange::Remove { slug }, "entries").await
}

/// `up` moves the entry one place towards the start, otherwise one towards the end.
#[server(prefix = "/rpc", endpoint = "move_in_collection")]
pub async fn move_in_collection(collection: i64, slug: String, up: bool) -> Result<(), UiError> {
    change(collection, CollectionChange::Move { slug, up }, "entries").await
}

/// `on` makes a new secret link (the old one stops working); otherwise the link stops.
#[server(prefix = "/rpc", endpoint = "set_collection_link")]
pub async fn set_collection_link(collection: i64, on: bool) -> Result<(), UiError> {
    change(collection, CollectionChange::Link { on }, "sharing").await
}

/// `team` is a team's id, or empty to share with no team.
#[server(prefix = "/rpc", endpoint = "share_collection")]
pub async fn share_collection(collection: i64, team: String) -> Result<(), UiError> {
    let team = match team.trim() {
        "" => None,
        id => match id.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                return answer(Err(UiError::Invalid {
                    field: "team".into(),
                    message: "Choose one of your teams from the list.".into(),
                }))
            }
        },
    };
    change(collection, CollectionChange::Team { team }, "sharing").await
}

#[server(prefix = "/rpc", endpoint = "load_shared_collection")]
pub async fn load_shared_collection(token: String) -> Result<CollectionView, UiError> {
    answer(async move { backend()?.shared_collection(&token).await }.await)
}
