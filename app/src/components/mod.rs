//! Pieces shared by several pages.

pub mod add_to_collection;
pub mod bar_chart;
pub mod bookmark_toggle;
pub mod card;
pub mod confirm;
pub mod copy_button;
pub mod done_notice;
pub mod early_input;
pub mod facets;
pub mod filter_sheet;
pub mod focus_keeper;
pub mod form;
pub mod layout;
pub mod learning_panel;
pub mod loading;
pub mod marks;
pub mod pagination;
pub mod progress_bar;
pub mod raw_text;
pub mod refused_form;
pub mod schedule;
pub mod search_box;
pub mod secret_link_page;
pub mod sign_in_prompt;
pub mod signed_in_page;
pub mod site_files;
