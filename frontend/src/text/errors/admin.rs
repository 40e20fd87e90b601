//! What an admin action's problem is called.

use super::server::api_error;
use crate::logic::admin_problem::Problem;
use crate::text::i18n::Lang;

/// The sentence for a [`Problem`].
pub fn problem(p: &Problem, lang: Lang) -> String {
    match p {
        Problem::Api(e) => api_error(e, lang),
        Problem::Tree(e) => e.message(lang),
        Problem::Credential(e) => e.message(lang).into(),
        Problem::NoOrg => lang
            .pick("请选择组织", "Please choose an organisation")
            .into(),
    }
}
