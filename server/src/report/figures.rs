//! The photos the office picked for the Word summary, read as the account
//! may read them: each must be listed by a live entry the account may read
//! (the same rule as `GET /api/v1/photos/{sha256}`, `crate::db::photos`) —
//! one that is not refuses the whole file, naming which, rather than
//! leaving a picture silently out — and held whole in the blob store. Its
//! size in pixels comes from its header (never decoded here).

use super::docx::Figure;
use super::ReportError;
use crate::{db, AppState};
use shared::access::Principal;
use shared::report::wire::PickedPhoto;

/// The figures of `picked`, in order.
pub async fn read(
    state: &AppState,
    principal: &Principal,
    picked: &[PickedPhoto],
) -> Result<Vec<Figure>, ReportError> {
    if picked.is_empty() {
        return Ok(Vec::new());
    }
    let tree = db::orgs::tree(&state.db).await?;
    let scope = shared::scope::read_scope(principal, &tree);
    let mut figures = Vec::with_capacity(picked.len());
    for (i, photo) in picked.iter().enumerate() {
        let number = i + 1;
        if !db::photos::readable(&state.db, &scope, &photo.sha256).await? {
            return Err(ReportError::PhotoForbidden { number });
        }
        let bytes = state
            .blobs
            .get(&photo.sha256)
            .await
            .map_err(|e| ReportError::Internal(format!("reading photo {}: {e}", photo.sha256)))?
            .ok_or(ReportError::PhotoNotReceived { number })?;
        // Checked when it was received; a blob that no longer measures is
        // damaged storage, not the client's fault.
        let size = imagesize::blob_size(&bytes)
            .map_err(|e| ReportError::Internal(format!("measuring photo {}: {e}", photo.sha256)))?;
        figures.push(Figure {
            bytes,
            width: u32::try_from(size.width).unwrap_or(u32::MAX),
            height: u32::try_from(size.height).unwrap_or(u32::MAX),
            caption: photo.caption.clone(),
        });
    }
    Ok(figures)
}
