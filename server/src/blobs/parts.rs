//! How a partial blob is kept in object storage, as plain functions: one
//! object per chunk received, named by the bytes it holds
//! (`partial/<sha256>/<offset>-<end>`), and from a listing of those names
//! what is held (the bytes from 0 with no gap) and which parts to read to put
//! them together. No I/O here: [`super::s3`] lists, reads and writes.
//!
//! Why one object per chunk: an object cannot be appended to, S3's multipart
//! uploads take parts of at least 5 MiB (but the last) where a phone sends
//! 64 KiB, and a part named by its range is written once and never
//! overwritten by a different range — so any number of server processes can
//! take chunks of one photo at once without a lock between them, and a
//! resend from any offset adds a part that overlaps others with the same
//! bytes (the hash check at the end refuses anything else).

/// The bytes `offset..end` of a partial blob, as one stored part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Part {
    pub offset: u64,
    pub end: u64,
}

impl Part {
    /// Its object's name under the blob's `partial/<sha256>/`: both ends
    /// zero-padded, so names sort as ranges do (a photo has at most
    /// 10,000,000 bytes; wider numbers still parse).
    pub fn name(self) -> String {
        format!("{:010}-{:010}", self.offset, self.end)
    }

    /// The part a name stands for; `None` for anything else (never a
    /// part of no bytes).
    pub fn parse(name: &str) -> Option<Self> {
        let (offset, end) = name.split_once('-')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(offset) || !digits(end) {
            return None;
        }
        let part = Part {
            offset: offset.parse().ok()?,
            end: end.parse().ok()?,
        };
        (part.end > part.offset).then_some(part)
    }

    /// How many bytes it holds.
    pub fn size(self) -> u64 {
        self.end - self.offset
    }
}

/// One part to read while putting the blob together: its bytes from `skip`
/// on follow what was read before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    pub part: Part,
    pub skip: u64,
}

/// The parts to read, in order, for the bytes from 0 with no gap: each
/// time the one reaching furthest among those starting within what is read
/// so far (the fewest reads: a resend's overlapping parts are skipped), each
/// adding the bytes after its `skip`. Their total is [`held`].
pub fn plan(parts: &[Part]) -> Vec<Read> {
    let mut sorted = parts.to_vec();
    sorted.sort();
    let mut reads = Vec::new();
    let (mut len, mut next) = (0, 0);
    loop {
        let mut best: Option<Part> = None;
        while let Some(&part) = sorted.get(next).filter(|p| p.offset <= len) {
            if part.end > best.map_or(len, |b| b.end) {
                best = Some(part);
            }
            next += 1;
        }
        // None: a gap (nothing after it counts yet), or every part read.
        let Some(part) = best else { break };
        reads.push(Read {
            part,
            skip: len - part.offset,
        });
        len = part.end;
    }
    reads
}

/// How many bytes from 0 the parts hold with no gap: what the server holds
/// of the upload.
pub fn held(parts: &[Part]) -> u64 {
    plan(parts).last().map_or(0, |r| r.part.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(offset: u64, end: u64) -> Part {
        Part { offset, end }
    }

    #[test]
    fn names_sort_as_ranges_and_parse_back() {
        let parts = [p(0, 65_536), p(65_536, 131_072), p(9_999_000, 10_000_000)];
        let names: Vec<String> = parts.iter().map(|x| x.name()).collect();
        assert_eq!(names[0], "0000000000-0000065536");
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(sorted, names);
        for (part, name) in parts.iter().zip(&names) {
            assert_eq!(Part::parse(name), Some(*part));
        }
        assert_eq!(
            Part::parse("12345678901-12345678902"),
            Some(p(12_345_678_901, 12_345_678_902))
        );
        for bad in [
            "",
            "-",
            "5-5",
            "6-5",
            "1-x",
            "+1-2",
            "1-2-3",
            "1 -2",
            "a",
            "0000000000",
        ] {
            assert_eq!(Part::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn held_is_what_is_there_from_zero_without_a_gap() {
        assert_eq!(held(&[]), 0);
        assert_eq!(held(&[p(10, 20)]), 0, "nothing from 0");
        assert_eq!(held(&[p(0, 10), p(10, 20)]), 20);
        // Out of order, overlapping (a resend from the middle), a gap after.
        assert_eq!(held(&[p(10, 30), p(0, 10), p(5, 15), p(31, 40)]), 30);
        // The same range twice, and one inside another.
        assert_eq!(held(&[p(0, 10), p(0, 10), p(2, 4)]), 10);
    }

    #[test]
    fn the_plan_reads_each_byte_once_and_the_fewest_parts() {
        let parts = [p(8, 12), p(0, 4), p(0, 10), p(2, 4), p(10, 20), p(21, 30)];
        assert_eq!(
            plan(&parts),
            vec![
                Read {
                    part: p(0, 10),
                    skip: 0
                },
                Read {
                    part: p(10, 20),
                    skip: 0
                },
            ]
        );
        // The bytes put together are exactly 0..held of the blob.
        let blob: Vec<u8> = (0..20).collect();
        let mut out = Vec::new();
        for r in plan(&parts) {
            let bytes = &blob[r.part.offset as usize..r.part.end as usize];
            out.extend_from_slice(&bytes[r.skip as usize..]);
        }
        assert_eq!(out, blob);
        assert_eq!(held(&parts), 20);
        // A part reaching past the one that starts furthest on is taken.
        let resent = [p(0, 10), p(5, 25), p(10, 20), p(20, 30)];
        assert_eq!(
            plan(&resent),
            vec![
                Read {
                    part: p(0, 10),
                    skip: 0
                },
                Read {
                    part: p(5, 25),
                    skip: 5
                },
                Read {
                    part: p(20, 30),
                    skip: 5
                },
            ]
        );
    }
}
