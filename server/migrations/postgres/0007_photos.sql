-- Photos (issue 13): the twin of migrations/sqlite/0007_photos.sql.
-- An entry lists its photos as JSON (`shared::photo::PhotoRef`); the bytes
-- are blobs outside the database (`server/src/blobs/`).
ALTER TABLE entries ADD COLUMN photos TEXT COLLATE "C" NOT NULL DEFAULT '[]';

-- Which entries refer to which blob (a photo or a thumbnail, by hash),
-- rewritten with the entry in the same transaction.
CREATE TABLE entry_photos (
    sha256   TEXT COLLATE "C" NOT NULL,
    entry_id TEXT COLLATE "C" NOT NULL REFERENCES entries (id),
    PRIMARY KEY (sha256, entry_id)
);
CREATE INDEX entry_photos_by_entry ON entry_photos (entry_id);

-- Since when no entry refers to a blob that one did (`server gc-photos`
-- removes blobs unreferenced for longer than its grace period). A row is
-- made when a hash loses its last entry (an edit removed it), and dropped
-- when an entry refers to it again. A deleted entry still refers to its
-- photos: its undo brings them back.
CREATE TABLE photo_unreferenced (
    sha256   TEXT COLLATE "C" PRIMARY KEY,
    since_ms BIGINT NOT NULL
);
