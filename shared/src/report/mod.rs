//! The office's reports. [`figure`] writes a total the way the federation's
//! reports write it ("80余场", "1.5万元"); the totals themselves are
//! [`crate::totals`].

pub mod figure;
