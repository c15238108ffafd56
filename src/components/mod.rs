//! The dashboard's components, one `#[component]` per file: the interactive parts (forms,
//! buttons, dialogs, the windowed table) and the mount for read-only markup ([`markup`]).
//! A component never imports a page; its data comes in as props or from the data layer
//! ([`crate::data`]). A new component goes here, in a file named after it, with its CSS in
//! `style/` linked from `index.html`.

pub mod confirm_dialog;
pub mod error_panel;
pub mod export_csv;
pub mod failure_filters;
pub mod failure_table;
pub mod invite_form;
pub mod live_status;
pub mod markup;
pub mod nav_bar;
pub mod page_title;
pub mod read_state;
pub mod repush;
pub mod repush_dialog;
pub mod scim_switch;
pub mod seat_limit_form;
pub mod sign_in;
pub mod theme_toggle;
pub mod trend_chart;
