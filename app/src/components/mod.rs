//! Pieces shared by several pages.

pub mod card;
pub mod facets;
pub mod layout;
pub mod loading;
pub mod pagination;
pub mod schedule;
pub mod search_box;
