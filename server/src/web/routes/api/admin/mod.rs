//! `/api/v1/admin/*`: the admin's JSON API, for scripts. Every handler takes the `Admin`
//! extractor, so anonymous callers get 401 and learners 403.

pub mod analytics;
pub mod audit;
pub mod catalog;
pub mod links;
pub mod resources;
pub mod synonyms;
pub mod users;

use crate::web::listed::Listed;

pub fn routes() -> Listed {
    Listed::new()
        .merge(resources::routes())
        .merge(catalog::routes())
        .merge(audit::routes())
        .merge(users::routes())
        .merge(synonyms::routes())
        .merge(analytics::routes())
        .merge(links::routes())
}
