//! What answers requests: the pages' backends behind their server functions (`backend`,
//! `admin_backend`), the JSON API (`api`), the published formats (`published`), the `/go` and
//! `/search/opened` links, and the compiled site the pages load (`site`). Which path each
//! answers is listed in `web::listed_routes` (and the app's own page routes), above both this
//! and the access table that is checked against that list and read by the API's description.

pub mod admin_backend;
pub mod api;
pub mod assets;
pub mod backend;
pub mod certificate_files;
pub mod credentials;
pub mod credits_backend;
pub mod go;
pub mod opened;
pub mod published;
pub mod site;
pub mod unsubscribe;
