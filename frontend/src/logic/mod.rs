//! Plain logic, tested natively: no signals, no browser. What the screens
//! decide (parsing the form, the history's filters, the dashboard's periods
//! and chart geometry, the organisation lists, what a sync or a sign-in
//! outcome means) is written here as functions over plain values.

pub mod dashboard;
pub mod form;
pub mod history_filter;
pub mod mirror;
pub mod org_list;
pub mod sign_in;
pub mod sync_outcome;
