//! One module per page.

pub mod browse;
pub mod home;
pub mod not_found;
pub mod pathway;
pub mod resource;
pub mod search;
