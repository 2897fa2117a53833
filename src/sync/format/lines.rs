//! The record lines of a change file, read on up to four threads and each
//! checked (a fault named by its line); and the fingerprint that tells a
//! set as read from a file from one changed in memory afterwards.

use super::{Header, bad};
use crate::error::{Error, Result};
use crate::store::ChangeRecord;
use std::collections::HashMap;

type Line = (usize, i64, i64, i64, String, String, String, i64, Option<String>, Option<i64>, Option<usize>);

/// A line of a record that settles a conflict: two more fields.
type SettlingLine =
    (usize, i64, i64, i64, String, String, String, i64, Option<String>, Option<i64>, Option<usize>, i64, usize);

/// One record's fields folded into 64 bits (not a checksum against an
/// attacker: the file's SHA-256 is that; this notices a set changed in
/// memory after it was read).
pub(super) fn fingerprint(records: &[ChangeRecord]) -> u64 {
    records.iter().fold(0u64, |sum, r| sum.wrapping_add(record_print(r)))
}

/// One record's share of [`fingerprint`] (a sum: parts of a file can be
/// folded apart, on the threads that read them).
fn record_print(r: &ChangeRecord) -> u64 {
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
    let mut h = Fold::default();
    (&r.origin, r.seq, r.hlc, r.tx, &r.table, &r.row, &r.column, r.cl, &r.value, &r.base, &r.settles).hash(&mut h);
    h.finish()
}

/// Lines from this many on are read by several threads.
const PARALLEL_FROM: usize = 20_000;

/// What one thread read: the records of its lines up to its first fault,
/// the line number of the first of them, and the fault; each record's
/// device (as the header first lists it) and seq; their fingerprint.
struct Part {
    records: Vec<ChangeRecord>,
    from: usize,
    fault: Option<(usize, Error)>,
    keys: Vec<(usize, i64)>,
    print: u64,
}

/// Read and check the record lines (`lines[0]` is the file's line 2): the
/// first fault, by line, is the error, as one pass in order would find it.
/// A large file is read by up to four threads, each a part of the lines.
pub(super) fn parse_lines(header: &Header, lines: &[&[u8]], now_ms: i64) -> Result<(Vec<ChangeRecord>, u64)> {
    // Each device is checked once, not once per record that names it; a
    // device the header lists twice is known by its first place.
    let devices_ok: Vec<bool> = header.devices.iter().map(|d| crate::sync::verify::device_ok(d)).collect();
    let mut first_at: HashMap<&str, usize> = HashMap::new();
    let first: Vec<usize> =
        header.devices.iter().enumerate().map(|(i, d)| *first_at.entry(d.as_str()).or_insert(i)).collect();
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 4);
    let threads = if lines.len() < PARALLEL_FROM { 1 } else { threads };
    let part = lines.len().div_ceil(threads).max(1);
    let read = |from: usize| {
        let to = (from + part).min(lines.len());
        parse_part(header, (&devices_ok, &first), &lines[from..to], from, now_ms)
    };
    let mut parts: Vec<Part> = if threads == 1 {
        vec![read(0)]
    } else {
        std::thread::scope(|s| {
            // A part no thread can be made for is read here after.
            let handles: Vec<_> = (0..threads)
                .map(|i| (i, std::thread::Builder::new().spawn_scoped(s, move || read(i * part)).ok()))
                .collect();
            handles
                .into_iter()
                .map(|(i, h)| {
                    let Some(h) = h else { return read(i * part) };
                    h.join().unwrap_or_else(|_| Part {
                        records: Vec::new(),
                        from: 0,
                        fault: Some((0, bad("sync.empty_file", &[]))),
                        keys: Vec::new(),
                        print: 0,
                    })
                })
                .collect()
        })
    };
    let mut first_fault: Option<(usize, Error)> = None;
    for p in &mut parts {
        if let Some((at, e)) = p.fault.take()
            && first_fault.as_ref().is_none_or(|(f, _)| at < *f)
        {
            first_fault = Some((at, e));
        }
    }
    // A (device, seq) given twice: the later line is the fault. Only the
    // lines read before each part's fault are here, which is all a pass
    // in order would have read before the first fault.
    let mut keys: Vec<(usize, i64, usize)> = Vec::with_capacity(lines.len());
    for p in &parts {
        keys.extend(p.keys.iter().enumerate().map(|(j, &(d, seq))| (d, seq, p.from + j + 2)));
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
    let print = parts.iter().fold(0u64, |sum, p| sum.wrapping_add(p.print));
    let mut parts = parts.into_iter();
    let mut records = parts.next().map(|p| p.records).unwrap_or_default();
    for mut p in parts {
        records.append(&mut p.records);
    }
    Ok((records, print))
}

/// Read `lines` (the first is `lines` index `from` of the file's records),
/// stopping at the first fault (with its line number). `devices`: which
/// of the header's devices are well formed, and where each is first
/// listed.
fn parse_part(header: &Header, devices: (&[bool], &[usize]), lines: &[&[u8]], from: usize, now_ms: i64) -> Part {
    let mut records = Vec::with_capacity(lines.len());
    let mut keys = Vec::with_capacity(lines.len());
    let mut print = 0u64;
    for (i, line) in lines.iter().enumerate() {
        let at = from + i + 2;
        match parse_line(header, devices.0, line, now_ms) {
            Ok((r, device)) => {
                keys.push((devices.1.get(device).copied().unwrap_or(device), r.seq));
                print = print.wrapping_add(record_print(&r));
                records.push(r);
            }
            Err(e) => {
                let fault = Some((at, bad("sync.bad_line", &[("line", &at), ("error", &e)])));
                return Part { records, from, fault, keys, print };
            }
        }
    }
    Part { records, from, fault: None, keys, print }
}

/// One record line, checked; the error says what is wrong with it.
fn parse_line(
    header: &Header,
    devices_ok: &[bool],
    line: &[u8],
    now_ms: i64,
) -> std::result::Result<(ChangeRecord, usize), String> {
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
    crate::sync::verify::shape(&r, now_ms, devices_known).map_err(|e| e.to_string())?;
    let Some(&(lo, hi)) = header.ranges.get(&l.0) else { return Err("origin missing from the header".to_string()) };
    if r.seq < lo || r.seq > hi {
        return Err("seq outside its range or repeated".to_string());
    }
    Ok((r, l.0))
}

#[cfg(test)]
mod tests {
    use super::super::{Purpose, decode, encode};
    use super::{PARALLEL_FROM, fingerprint};
    use crate::store::{ChangeRecord, Known};
    use sha2::{Digest, Sha256};

    const DEVICE: &str = "01936f4e-8c2a-7b3d-9e1f-000000000001";

    fn record(seq: i64) -> ChangeRecord {
        ChangeRecord {
            origin: DEVICE.to_string(),
            seq,
            hlc: 117_659_978_956_800_000 + seq,
            tx: seq,
            table: "customer".to_string(),
            row: format!("01936f4e-8c2a-7b3d-9e1f-{seq:012x}"),
            column: "_insert".to_string(),
            cl: 1,
            value: Some(format!("{{\"name\":\"客户 {seq}\"}}")),
            base: None,
            settles: None,
        }
    }

    fn file(records: &[ChangeRecord]) -> Vec<u8> {
        encode((DEVICE, DEVICE, Purpose::Changes), 1, &Known::new(), records).unwrap()
    }

    #[test]
    fn a_file_read_on_several_threads_has_the_fingerprint_of_its_records() {
        let records: Vec<ChangeRecord> = (1..=i64::try_from(PARALLEL_FROM).unwrap() + 3).map(record).collect();
        let set = decode(&file(&records), i64::MAX / 4).unwrap();
        assert_eq!(set.records, records);
        assert_eq!(set.read_as, fingerprint(&records));
        assert!(set.records_as_read());
        let mut changed = set.clone();
        changed.records[PARALLEL_FROM].value = Some("{\"name\":\"别的\"}".to_string());
        assert!(!changed.records_as_read(), "a record changed in the last part is noticed");
    }

    #[test]
    fn a_count_that_disagrees_with_the_lines_is_the_one_named() {
        let text = String::from_utf8(file(&[record(1), record(2)])).unwrap();
        // The trailer's count changed (the checksum covers what precedes it).
        let trailer = text.replacen("\"count\":2,\"sha256\"", "\"count\":3,\"sha256\"", 1);
        assert_ne!(trailer, text);
        let err = decode(trailer.as_bytes(), i64::MAX / 4).unwrap_err().to_string();
        assert!(err.contains('3') && err.contains('2'), "{err}");
    }

    #[test]
    fn a_seq_given_twice_under_a_device_listed_twice_is_refused() {
        let bytes = file(&[record(1)]);
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // The header as written, its devices, ranges and count changed.
        let header = lines[0]
            .replacen(&format!("\"devices\":[\"{DEVICE}\"]"), &format!("\"devices\":[\"{DEVICE}\",\"{DEVICE}\"]"), 1)
            .replacen("\"ranges\":{\"0\":[1,1]}", "\"ranges\":{\"0\":[1,1],\"1\":[1,1]}", 1)
            .replacen("\"count\":1", "\"count\":2", 1);
        assert_ne!(header, lines[0]);
        let again = lines[1].replacen("[0,", "[1,", 1);
        let body = format!("{header}\n{}\n{again}\n", lines[1]);
        let sha: String = Sha256::digest(body.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        let whole = format!("{body}{{\"end\":\"repbook-changes\",\"count\":2,\"sha256\":\"{sha}\"}}\n");
        let err = decode(whole.as_bytes(), i64::MAX / 4).unwrap_err().to_string();
        assert!(err.contains('3') && err.contains("repeated"), "{err}");
        // The same two lines under one device each: both read.
        let other = "01936f4e-8c2a-7b3d-9e1f-000000000002";
        let body = body.replacen(&format!("[\"{DEVICE}\",\"{DEVICE}\"]"), &format!("[\"{DEVICE}\",\"{other}\"]"), 1);
        let sha: String = Sha256::digest(body.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        let whole = format!("{body}{{\"end\":\"repbook-changes\",\"count\":2,\"sha256\":\"{sha}\"}}\n");
        let set = decode(whole.as_bytes(), i64::MAX / 4).unwrap();
        assert_eq!(set.records.len(), 2);
        assert_eq!(set.records[1].origin, other);
    }
}
