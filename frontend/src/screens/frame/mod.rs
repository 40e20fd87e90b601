//! The frame around the screens: signing in, the title bar, the banner when
//! the server refused the session, and the signed-in workspace that picks the
//! screen.

mod auth_problem;
mod change_password;
mod header;
mod login_form;
mod office;
mod sign_in;
mod workspace;

pub use sign_in::SignInScreen;
pub use workspace::Workspace;
