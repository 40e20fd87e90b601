//! Plain logic, tested natively: no signals, no browser. What the screens
//! decide (parsing and saving the form, the history's filters, the
//! dashboard's periods and chart geometry, the organisation lists, what a
//! sync or a sign-in outcome means, when to warn about storage) is written
//! here as functions over plain values.

pub mod admin_problem;
pub mod catalogue_choice;
pub mod dashboard;
pub mod form;
pub mod history_filter;
pub mod mirror;
pub mod org_list;
pub mod saving;
pub mod sign_in;
pub mod storage_warnings;
pub mod svg_number;
pub mod sync_outcome;
