//! Release builds embed `frontend/dist` (see `src/assets/load.rs`). rust-embed
//! tracks the files it embedded, not files added later, so a release build
//! re-runs when the frontend directory changes. Debug builds do not embed and
//! watch nothing here, so rebuilding the frontend never recompiles them.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // Build scripts see the target's cfg through CARGO_CFG_* variables.
    let embeds = std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_none();
    if embeds {
        // Watch dist itself once it exists; until then its parent, whose change
        // announces dist's arrival (a missing path would re-run every build).
        let dist = Path::new("../frontend/dist");
        let watched = if dist.is_dir() {
            dist
        } else {
            Path::new("../frontend")
        };
        println!("cargo:rerun-if-changed={}", watched.display());
    }
}
