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

type Line = (usize, i64, i64, i64, String, String, String, i64, Option<String>, Option<i64>, Option<usize>);

/// A line of a record that settles a conflict: two more fields.
type SettlingLine =
    (usize, i64, i64, i64, String, String, String, i64, Option<String>, Option<i64>, Option<usize>, i64, usize);

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

/// One record's fields folded into 64 bits (not a checksum against an
/// attacker: the file's SHA-256 is that; this notices a set changed in
/// memory after it was read).
fn fingerprint(records: &[ChangeRecord]) -> u64 {
    #[derive(Default)]
    struct Fold(u64);
    impl std::hash::Hasher for Fold {
        fn finish(&self) -> u64 {
            // splitmix64's finaliser.
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
        fn write(&mut self, bytes: &[u8]) {
            for chunk in bytes.chunks(8) {
                let mut word = [0u8; 8];
                word[..chunk.len()].copy_from_slice(chunk);
                self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
            }
        }
    }
    use std::hash::{Hash, Hasher};
    records.iter().fold(0u64, |sum, r| {
        let mut h = Fold::default();
        (&r.origin, r.seq, r.hlc, r.tx, &r.table, &r.row, &r.column, r.cl, &r.value, &r.base, &r.settles).hash(&mut h);
        sum.wrapping_add(h.finish())
    })
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
        return Err(bad("sync.count", &[("said", &header.count), ("found", &lines.len())]));
    }
    if taken(&trailer.sha256)? {
        let read_as = fingerprint(&[]);
        return Ok(Changeset { header, records: Vec::new(), sha256: trailer.sha256, taken_before: true, read_as });
    }
    let records = parse_lines(&header, &lines, now_ms)?;
    let read_as = fingerprint(&records);
    Ok(Changeset { header, records, sha256: trailer.sha256, taken_before: false, read_as })
}

/// Lines from this many on are read by several threads.
const PARALLEL_FROM: usize = 20_000;

/// What one thread read: the records of its lines up to its first fault,
/// the line number of the first of them, and the fault.
type Part = (Vec<ChangeRecord>, usize, Option<(usize, Error)>);

/// Read and check the record lines (`lines[0]` is the file's line 2): the
/// first fault, by line, is the error, as one pass in order would find it.
/// A large file is read by up to four threads, each a part of the lines.
fn parse_lines(header: &Header, lines: &[&[u8]], now_ms: i64) -> Result<Vec<ChangeRecord>> {
    // Each device is checked once, not once per record that names it.
    let devices_ok: Vec<bool> = header.devices.iter().map(|d| uuid::Uuid::try_parse(d).is_ok()).collect();
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 4);
    let threads = if lines.len() < PARALLEL_FROM { 1 } else { threads };
    let part = lines.len().div_ceil(threads).max(1);
    let read = |from: usize| {
        let to = (from + part).min(lines.len());
        let (records, fault) = parse_part(header, &devices_ok, &lines[from..to], from, now_ms);
        (records, from, fault)
    };
    let mut parts: Vec<Part> = if threads == 1 {
        vec![read(0)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|i| s.spawn(move || read(i * part))).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| (Vec::new(), 0, Some((0, bad("sync.empty_file", &[]))))))
                .collect()
        })
    };
    let mut first_fault: Option<(usize, Error)> = None;
    for (.., fault) in &mut parts {
        if let Some((at, e)) = fault.take()
            && first_fault.as_ref().is_none_or(|(f, _)| at < *f)
        {
            first_fault = Some((at, e));
        }
    }
    // A (device, seq) given twice: the later line is the fault. Only the
    // lines read before each part's fault are here, which is all a pass
    // in order would have read before the first fault.
    let mut keys: Vec<(&str, i64, usize)> = Vec::with_capacity(lines.len());
    for (records, from, _) in &parts {
        keys.extend(records.iter().enumerate().map(|(j, r)| (r.origin.as_str(), r.seq, from + j + 2)));
    }
    keys.sort_unstable();
    let repeated = keys.windows(2).filter(|w| w[0].0 == w[1].0 && w[0].1 == w[1].1).map(|w| w[1].2.max(w[0].2)).min();
    if let Some(at) = repeated
        && first_fault.as_ref().is_none_or(|(f, _)| at < *f)
    {
        first_fault =
            Some((at, bad("sync.bad_line", &[("line", &at), ("error", &"seq outside its range or repeated")])));
    }
    if let Some((_, e)) = first_fault {
        return Err(e);
    }
    let mut records = Vec::with_capacity(lines.len());
    for (mut part, ..) in parts {
        records.append(&mut part);
    }
    Ok(records)
}

/// Read `lines` (the first is `lines` index `from` of the file's records),
/// stopping at the first fault (with its line number).
fn parse_part(
    header: &Header,
    devices_ok: &[bool],
    lines: &[&[u8]],
    from: usize,
    now_ms: i64,
) -> (Vec<ChangeRecord>, Option<(usize, Error)>) {
    let mut records = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let at = from + i + 2;
        match parse_line(header, devices_ok, line, now_ms) {
            Ok(r) => records.push(r),
            Err(e) => return (records, Some((at, bad("sync.bad_line", &[("line", &at), ("error", &e)])))),
        }
    }
    (records, None)
}

/// One record line, checked; the error says what is wrong with it.
fn parse_line(
    header: &Header,
    devices_ok: &[bool],
    line: &[u8],
    now_ms: i64,
) -> std::result::Result<ChangeRecord, String> {
    // Most lines settle nothing: read as such first.
    let (l, settling): (Line, Option<(i64, usize)>) = match serde_json::from_slice::<Line>(line) {
        Ok(l) => (l, None),
        Err(e) => {
            let s: SettlingLine = serde_json::from_slice(line).map_err(|_| e.to_string())?;
            ((s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7, s.8, s.9, s.10), Some((s.11, s.12)))
        }
    };
    let device = |ix: usize| header.devices.get(ix).cloned().ok_or_else(|| "unknown device index".to_string());
    let origin = device(l.0)?;
    let settles = match settling {
        Some((h, o)) => Some((h, device(o)?)),
        None => None,
    };
    let base = match (l.9, l.10) {
        (Some(h), Some(o)) => Some((h, device(o)?)),
        (None, None) => None,
        _ => return Err("half a base".to_string()),
    };
    let r = ChangeRecord {
        origin,
        seq: l.1,
        hlc: l.2,
        tx: l.3,
        table: l.4,
        row: l.5,
        column: l.6,
        cl: l.7,
        value: l.8,
        base,
        settles,
    };
    let known = |ix: usize| devices_ok.get(ix).copied().unwrap_or(false);
    let devices_known = known(l.0) && l.10.is_none_or(known) && settling.is_none_or(|(_, o)| known(o));
    super::verify::shape(&r, now_ms, devices_known).map_err(|e| e.to_string())?;
    let Some(&(lo, hi)) = header.ranges.get(&l.0) else { return Err("origin missing from the header".to_string()) };
    if r.seq < lo || r.seq > hi {
        return Err("seq outside its range or repeated".to_string());
    }
    Ok(r)
}
