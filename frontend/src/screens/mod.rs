//! The screens, grouped as the person moves through the app: the frame
//! around them (sign-in, header, the signed-in workspace), home, recording an
//! entry, history, reports, and the admin's screens; `parts` holds what more
//! than one screen shows. Thin: they read state from context, render it, and
//! hand decisions to `logic` and words to `text`.

pub mod admin;
pub mod frame;
pub mod history;
pub mod home;
pub mod parts;
pub mod record;
pub mod reports;
