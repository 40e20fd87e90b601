//! Photos as evidence: what an entry says about its photos and how the
//! phone sends them. A photo is named by the SHA-256 of its compressed bytes
//! (so uploads are idempotent and resumable by offset, and the same bytes
//! twice are one blob); the entry lists them in its `photos` field
//! ([`PhotoRef`]), which syncs, merges and conflicts like any other field.
//! - [`reference`] — [`PhotoRef`] and the limits on photos;
//! - [`upload`] — the resumable upload: the server's answer
//!   ([`UploadStatus`]), which bytes to send next, what the phone shows per
//!   photo, and in which order photos go;
//! - [`store`] — the phone's photo store (bytes, thumbnails, upload state
//!   per account) over an asynchronous backend, and its rules: quota,
//!   removal of confirmed photos, what still needs sending;
//!   [`memory`] — that backend in memory, for tests.
//!
//! No image is decoded here: the phone compresses with the browser's own
//! decoders, the server checks headers with its own crate.
#![deny(missing_docs)]

pub mod memory;
pub mod reference;
pub mod store;
pub mod upload;

pub use reference::{is_sha256_hex, PhotoRef};
pub use upload::{next_chunk, upload_order, Blob, NextChunk, PhotoState, UploadStatus};
