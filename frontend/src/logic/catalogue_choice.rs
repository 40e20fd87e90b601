//! Which catalogue of work the phone works with: the server's, whenever it
//! has one. The built-in catalogue is only the fallback before the first
//! download, and a catalogue from the server replaces the phone's whenever
//! it differs — not only when its version number is higher.
//!
//! Version numbers are labels, not an order between the app and the
//! deployment: an admin's edit is the built-in version + 1, and a later
//! release may ship a built-in catalogue with that same number and other
//! content. Had the phone kept "the higher number", a fresh phone of that
//! release would keep its built-in copy under the number of the
//! deployment's edit, and its entries would be judged under a catalogue it
//! never had.

use shared::catalogue::Catalogue;

/// The catalogue to start with: the cached server catalogue if there is a
/// sound one, else the built-in one.
pub fn on_open(cached: Option<Catalogue>, builtin: Catalogue) -> Catalogue {
    cached.filter(|c| c.check().is_ok()).unwrap_or(builtin)
}

/// Whether a catalogue just fetched from the server replaces `current`: it
/// is sound and not the same catalogue.
pub fn takes_over(fresh: &Catalogue, current: &Catalogue) -> bool {
    fresh.check().is_ok() && fresh != current
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::catalogue_default::default_catalogue;

    /// The deployment's edit of the built-in catalogue: a new name, the
    /// next version number.
    fn edited() -> Catalogue {
        let mut c = default_catalogue();
        c.version += 1;
        c.kinds[0].zh = "改过的名称".into();
        c
    }

    #[test]
    fn the_servers_catalogue_is_kept_over_a_built_in_one_with_the_same_number() {
        let server = edited();
        // A later release ships its own catalogue under the same number.
        let mut release = default_catalogue();
        release.version = server.version;
        assert!(takes_over(&server, &release));
        assert_eq!(on_open(Some(server.clone()), release), server);
    }

    #[test]
    fn an_older_number_from_the_server_still_takes_over() {
        // A deployment that kept its edited catalogue while the app's
        // built-in one moved ahead.
        let server = edited();
        let mut release = default_catalogue();
        release.version = server.version + 1;
        assert!(takes_over(&server, &release));
        assert_eq!(on_open(Some(server.clone()), release), server);
    }

    #[test]
    fn the_same_catalogue_changes_nothing_and_a_broken_one_is_never_taken() {
        let c = default_catalogue();
        assert!(!takes_over(&c.clone(), &c));
        let mut broken = edited();
        let twice = broken.kinds[0].clone();
        broken.kinds.push(twice);
        assert!(
            broken.check().is_err(),
            "the test's catalogue must be unsound"
        );
        assert!(!takes_over(&broken, &c));
        assert_eq!(on_open(Some(broken), c.clone()), c);
        assert_eq!(on_open(None, c.clone()), c);
    }
}
