//! The office's reports, built once here for the phone and the server:
//! - [`tally`]: the raw sums per month × organisation × kind, made from
//!   entries (phone) or SQL rows (server);
//! - [`build`]: the [`build::Report`] made from a tally: per work line and
//!   kind, per organisation, per month, and who recorded nothing;
//! - [`summary`]: the yearly summary draft in the federation's phrasing;
//!   [`opening`]: its opening paragraph and the sections the office writes
//!   (存在问题, 下一步打算);
//! - [`totals`]: sums by unit folded from a tally — the home screen's
//!   totals and every sum of a report;
//! - [`figure`]: a total written the federation's way ("80余场", "1.5万元").

pub mod build;
pub mod figure;
pub mod opening;
pub mod summary;
pub mod tally;
pub mod totals;
pub mod wire;
