//! A new release's built-in catalogue reaching a deployment whose admin has
//! edited its own ([`with_new_defaults`]): the built-in kinds and work lines
//! the deployment lacks (by code) are added after its own, as its next
//! version; its edits stay (names, summary sentences, sensitive marks,
//! retirements). A deployment that never edited its catalogue takes the new
//! built-in one whole instead (the server's `db::catalogue::seed_default`).
//!
//! By content, not by version number: an edit is numbered after the version
//! it was made from, and a later release may ship its built-in catalogue
//! under that very number with other content.

use super::edit::check_successor;
use super::Catalogue;

/// `current` with the kinds and lines of `builtin` it lacks, as its next
/// version; `None` when it lacks none (or the result would break a rule of
/// the catalogue, which a sound built-in catalogue never does).
pub fn with_new_defaults(current: &Catalogue, builtin: &Catalogue) -> Option<Catalogue> {
    let mut next = current.clone();
    next.version = current.version.checked_add(1)?;
    for line in &builtin.lines {
        if current.line(&line.code).is_none() {
            next.lines.push(line.clone());
        }
    }
    for kind in &builtin.kinds {
        if current.kind(&kind.code).is_none() {
            next.kinds.push(kind.clone());
        }
    }
    let added = next.lines.len() + next.kinds.len() > current.lines.len() + current.kinds.len();
    let sound = next.check().is_ok() && check_successor(current, &next).is_ok();
    (added && sound).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{KindDef, WorkLine};
    use crate::catalogue_default::default_catalogue;

    #[test]
    fn new_built_in_kinds_and_lines_join_an_edited_catalogue_and_its_edits_stay() {
        let builtin_then = default_catalogue();
        // The deployment renamed a kind and retired another.
        let mut edited = builtin_then.clone();
        edited.version += 1;
        edited.kinds[0].zh = "改过的名称".into();
        edited.kinds[1].retired = true;
        // The next release adds a line with a kind, under the edit's number.
        let mut release = builtin_then.clone();
        release.version = edited.version;
        release.lines.push(WorkLine {
            code: "digital".into(),
            zh: "数字妇联".into(),
            en: "Digital".into(),
        });
        let new_kind = KindDef {
            code: "online_class".into(),
            line: "digital".into(),
            ..release.kinds[0].clone()
        };
        release.kinds.push(new_kind.clone());

        let next = with_new_defaults(&edited, &release).expect("the new kind is added");
        assert_eq!(next.version, edited.version + 1);
        assert_eq!(next.kind("online_class"), Some(&new_kind));
        assert!(next.line("digital").is_some());
        assert_eq!(next.kinds[0].zh, "改过的名称");
        assert!(next.kinds[1].retired);
        // Once added, the same release adds nothing more.
        assert_eq!(with_new_defaults(&next, &release), None);
    }

    #[test]
    fn a_release_with_nothing_new_changes_nothing() {
        let mut edited = default_catalogue();
        edited.version += 1;
        edited.kinds[0].zh = "改过的名称".into();
        assert_eq!(with_new_defaults(&edited, &default_catalogue()), None);
    }
}
