-- Photos (issue 13): an entry lists its photos as JSON (`shared::photo::PhotoRef`:
-- the SHA-256 of the photo's bytes and of its thumbnail's, sizes, caption);
-- the bytes themselves are blobs outside the database (`server/src/blobs/`).
ALTER TABLE entries ADD COLUMN photos TEXT NOT NULL DEFAULT '[]';

-- Which entries refer to which blob (a photo or a thumbnail, by hash),
-- rewritten with the entry in the same transaction: reading a photo asks
-- whether the reader may read one of the entries that refer to it.
CREATE TABLE entry_photos (
    sha256   TEXT NOT NULL,
    entry_id TEXT NOT NULL REFERENCES entries (id),
    PRIMARY KEY (sha256, entry_id)
);
CREATE INDEX entry_photos_by_entry ON entry_photos (entry_id);

-- Since when no entry refers to a blob that one did (`server gc-photos`
-- removes blobs unreferenced for longer than its grace period). A row is
-- made when a hash loses its last entry (an edit removed it), and dropped
-- when an entry refers to it again. A deleted entry still refers to its
-- photos: its undo brings them back.
CREATE TABLE photo_unreferenced (
    sha256   TEXT PRIMARY KEY,
    since_ms BIGINT NOT NULL
);
