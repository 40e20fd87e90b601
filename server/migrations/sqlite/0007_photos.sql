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
