//! The admin capability: curating the catalog (editing with optimistic concurrency, drafts,
//! the trash, bulk upload with a dry run), the audit log's pages (the log itself is `crate::audit`), roles, search analytics,
//! the synonym list and the link checker. Every function here assumes its caller checked that
//! an admin is asking; the web layer's `Admin` extractor does.

pub mod analytics;
pub mod bulk;
pub mod links;
pub mod outbox;
pub mod public_address;
pub mod resources;
pub mod synonyms;
pub mod users;
