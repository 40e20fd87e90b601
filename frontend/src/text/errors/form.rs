//! What a wrong form field is called, beside the field.

use crate::logic::form::FieldError;
use crate::text::i18n::Lang;
use shared::catalogue::Catalogue;

/// A problem with one form field, shown beside it (counts named as `kind`
/// names them in `catalogue`).
pub fn field_error(e: &FieldError, lang: Lang, catalogue: &Catalogue, kind: &str) -> String {
    let count_label = |key: &str| {
        catalogue
            .kind(kind)
            .and_then(|k| k.count(key))
            .map_or_else(|| key.to_owned(), |c| c.label(lang).to_owned())
    };
    match e {
        FieldError::Rule(rule) => rule.message(lang, catalogue, kind),
        FieldError::NotANumber(key) => match lang {
            Lang::Zh => format!("{}请填写整数，例如 80", count_label(key)),
            Lang::En => format!("{} must be a whole number, e.g. 80", count_label(key)),
        },
        FieldError::NotMoney(key) => match lang {
            Lang::Zh => format!("{}请填写金额（元），例如 15000 或 1.5万", count_label(key)),
            Lang::En => format!(
                "{} must be an amount in yuan, e.g. 15000 or 1.5万",
                count_label(key)
            ),
        },
        FieldError::Org(denied) => denied.message(lang).into(),
    }
}
