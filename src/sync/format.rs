//! The change file (DESIGN.md §4): a header line, one JSON record per line,
//! a trailer with the count and the SHA-256 of every byte before it.
//!
//! ```text
//! {"magic":"repbook-changes","format":1,"min_reader":1,"app":"0.2.0",...}
//! [0,17,117432...,17,"customer","0193…","notes",1,"\"回款\"",null,null]
//! {"end":"repbook-changes","count":1,"sha256":"…"}
//! ```
//!
//! A record is an array: origin (an index into the header's `devices`),
//! seq, hlc, transaction, table, row id, column, causal length, value (the
//! JSON text the log holds, or null after an erase), base hlc and base
//! origin (an index, or null), and, only on a record that resolves a
//! conflict, the hlc and origin (an index) of the losing value it settles.
//! A file holding such a record is of format 2 (its reader must know the
//! two more fields: a build that reads only format 1 refuses the file as
//! newer, changing nothing); any other file is of format 1.

use crate::error::{Error, Result};
use crate::i18n::tf;
use crate::store::{ChangeRecord, Known};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

mod lines;
use lines::{fingerprint, parse_lines};

/// First bytes of every change file.
pub const MAGIC: &str = "repbook-changes";
/// The format this build writes a file in when no record settles a
/// conflict.
pub const FORMAT: u32 = 1;
/// The format of a file with a record that settles a conflict.
pub const SETTLES_FORMAT: u32 = 2;
/// The newest format this build reads.
pub const READS: u32 = 2;

/// What a file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Changes between devices of one book.
    Changes,
    /// One customer's dossier handed over, to any book.
    Handover,
}

/// The first line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Always [`MAGIC`].
    pub magic: String,
    /// The format the file is in.
    pub format: u32,
    /// The oldest format a reader must know to read it.
    pub min_reader: u32,
    /// The repbook version that wrote it.
    pub app: String,
    /// The archive schema of the writer.
    pub schema: i64,
    /// The book.
    pub dataset: String,
    /// The device that wrote it.
    pub sender: String,
    /// Changes or a hand-over.
    pub purpose: Purpose,
    /// When it was written, ms since the epoch.
    pub created_ms: i64,
    /// The device ids records refer to by index (an export may name
    /// every device its archive knows, some with no record here).
    pub devices: Vec<String>,
    /// Per origin (an index into `devices`): the first and last seq here.
    pub ranges: BTreeMap<usize, (i64, i64)>,
    /// Number of records.
    pub count: usize,
    /// What the sender held: per origin, every seq up to this one.
    pub known: Known,
}

/// The last line.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Trailer {
    pub(super) end: String,
    pub(super) count: usize,
    pub(super) sha256: String,
}

/// A verified file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changeset {
    /// Its header.
    pub header: Header,
    /// Its records (none when `taken_before`).
    pub records: Vec<ChangeRecord>,
    /// The SHA-256 of its content (the trailer's), in hex.
    pub sha256: String,
    /// Read for an archive that took in this very file before (its
    /// checksum is recorded there, see [`super::read_file_for`]): its
    /// record lines were read and checked then and are not read again,
    /// `records` is empty, and taking it in again changes nothing.
    pub taken_before: bool,
    /// [`fingerprint`] of `records` as read: a set changed in memory
    /// after it was read is not taken for the file.
    read_as: u64,
}

impl Changeset {
    /// True when `records` are still the ones read from the file (a
    /// caller may change them in memory before applying them).
    pub fn records_as_read(&self) -> bool {
        !self.taken_before && fingerprint(&self.records) == self.read_as
    }
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn json(v: &impl Serialize) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Invalid(e.to_string()))
}

/// The bytes of a change file holding `records` (see [`super::encode`]).
pub fn encode(
    (dataset, sender, purpose): (&str, &str, Purpose),
    created_ms: i64,
    known: &Known,
    records: &[ChangeRecord],
) -> Result<Vec<u8>> {
    let mut file = super::encode::Encoder::new(records.len());
    for r in records {
        file.push_record(r)?;
    }
    file.finish((dataset, sender, purpose), created_ms, known)
}

fn bad(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> Error {
    Error::Invalid(tf(key, args))
}

/// True when `bytes` start like a change file (to tell one being written
/// from another program's file).
pub fn looks_like_changes(bytes: &[u8]) -> bool {
    bytes.starts_with(format!("{{\"magic\":\"{MAGIC}\"").as_bytes())
}

/// Check the whole file and read it; `now_ms` bounds how far ahead a clock
/// may be. Any fault is an error saying what is wrong (and on which line),
/// and nothing is returned to apply. Each record's value is checked by the
/// import that takes it in ([`super::check_value`]), only if the archive
/// does not hold the record already: a re-import does not parse again
/// values it would not apply (the checksum covers them).
pub fn decode(bytes: &[u8], now_ms: i64) -> Result<Changeset> {
    decode_unless(bytes, now_ms, &|_| Ok(false))
}

/// [`decode`] for an archive: when `taken` says a file of this checksum
/// was taken in whole before, the file is checked only as far as its
/// header, count and checksum (the rest was read then), and its records
/// are not read ([`Changeset::taken_before`]).
pub fn decode_unless(bytes: &[u8], now_ms: i64, taken: &dyn Fn(&str) -> Result<bool>) -> Result<Changeset> {
    if bytes.is_empty() {
        return Err(bad("sync.empty_file", &[]));
    }
    if super::crypt::is_encrypted(bytes) {
        return Err(bad("sync.encrypted", &[]));
    }
    let first_end = bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len());
    // The trailer: the last line, exactly as this format writes it, after
    // which the file ends with a newline.
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let trailer_at = body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let trailer = serde_json::from_slice::<Trailer>(&body[trailer_at..]).ok().filter(|t| {
        t.end == MAGIC
            && bytes.ends_with(b"\n")
            && trailer_at > 0
            && json(t).is_ok_and(|text| text.as_bytes() == &body[trailer_at..])
    });
    // A damaged file is said as such, whichever byte was hit.
    if let Some(t) = &trailer
        && hex(&Sha256::digest(&bytes[..trailer_at])) != t.sha256
    {
        return Err(bad("sync.checksum", &[]));
    }
    if !looks_like_changes(bytes) {
        return Err(bad("sync.foreign_file", &[]));
    }
    // A newer format is said as such before the rest is judged: its
    // trailer may be laid out differently.
    if let Ok(h) = serde_json::from_slice::<serde_json::Value>(&bytes[..first_end]) {
        let n = |k: &str| h.get(k).and_then(serde_json::Value::as_u64).unwrap_or(0);
        if n("min_reader") > u64::from(READS) {
            let app = h.get("app").and_then(|a| a.as_str()).unwrap_or("?");
            return Err(bad("sync.newer_format", &[("format", &n("format")), ("app", &crate::text::one_line(app))]));
        }
    }
    let Some(trailer) = trailer else { return Err(bad("sync.no_trailer", &[])) };
    let header: Header = serde_json::from_slice(&bytes[..first_end])
        .map_err(|e| bad("sync.bad_line", &[("line", &1), ("error", &e.to_string())]))?;
    if header.magic != MAGIC {
        return Err(bad("sync.foreign_file", &[]));
    }
    let lines: Vec<&[u8]> = if trailer_at > first_end + 1 {
        bytes[first_end + 1..trailer_at - 1].split(|&b| b == b'\n').collect()
    } else {
        Vec::new()
    };
    if lines.len() != trailer.count || header.count != trailer.count {
        // The count that disagrees with the lines (the header's, else the
        // trailer's), not one that agrees with them.
        let said = if header.count == lines.len() { trailer.count } else { header.count };
        return Err(bad("sync.count", &[("said", &said), ("found", &lines.len())]));
    }
    if taken(&trailer.sha256)? {
        let read_as = fingerprint(&[]);
        return Ok(Changeset { header, records: Vec::new(), sha256: trailer.sha256, taken_before: true, read_as });
    }
    let (records, read_as) = parse_lines(&header, &lines, now_ms)?;
    Ok(Changeset { header, records, sha256: trailer.sha256, taken_before: false, read_as })
}
