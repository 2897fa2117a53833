//! Writing a change file (DESIGN.md §4, [`super::format`]) as its records
//! come: each record line is written straight into one buffer (no record
//! is built as a JSON value or an owned string first), the header is put
//! before them once they are all known, and the checksum is taken over
//! the whole at the end.

use super::format::{Header, MAGIC, Purpose, Trailer, hex};
use crate::error::{Error, Result};
use crate::store::{ChangeRecord, Known, RecordRef};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// Room left before the first record line for the header, written last
/// (a header longer than this, naming hundreds of devices, costs one more
/// copy of the lines).
const FRONT: usize = 64 * 1024;

/// A change file being written.
pub struct Encoder {
    pub(super) out: Vec<u8>,
    pub(super) devices: Vec<String>,
    index: HashMap<String, usize>,
    /// The last device looked up, and its index.
    last: Option<(String, usize)>,
    pub(super) ranges: BTreeMap<usize, (i64, i64)>,
    count: usize,
    /// A record added settles a conflict (the file is of the newer format).
    pub(super) settling: bool,
}

fn json_into(out: &mut Vec<u8>, v: &(impl serde::Serialize + ?Sized)) -> Result<()> {
    serde_json::to_writer(out, v).map_err(|e| Error::Invalid(e.to_string()))
}

/// An integer in decimal.
fn int(out: &mut Vec<u8>, n: i64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut m = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + u8::try_from(m % 10).unwrap_or(0);
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if n < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&digits[at..]);
}

/// True when one of the 8 bytes of `word` is a control character, a quote
/// or a backslash (the bit tricks of "Bit Twiddling Hacks": a byte below
/// n, a byte equal to zero).
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control | quote | backslash) & HIGH != 0
}

/// A JSON string, escaped as `serde_json` writes it: a quote, a backslash
/// and control characters; everything else as it is. Eight bytes at a
/// time are let through when none needs escaping.
fn string(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8)
            && !needs_escape(u64::from_le_bytes(word.try_into().unwrap_or([0; 8])))
        {
            i += 8;
            continue;
        }
        let end = (i + 8).min(bytes.len());
        for (j, &b) in bytes[i..end].iter().enumerate() {
            if b >= 0x20 && b != b'"' && b != b'\\' {
                continue;
            }
            out.extend_from_slice(&bytes[from..i + j]);
            from = i + j + 1;
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                _ => out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 15)],
                ]),
            }
        }
        i = end;
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

impl Encoder {
    /// An empty file; `lines` records of about 350 bytes are expected (a
    /// hint for the buffer).
    #[must_use]
    pub fn new(lines: usize) -> Self {
        let mut out = Vec::with_capacity(FRONT + lines.saturating_mul(352) + 4096);
        out.resize(FRONT, b' ');
        Self {
            out,
            devices: Vec::new(),
            index: HashMap::new(),
            last: None,
            ranges: BTreeMap::new(),
            count: 0,
            settling: false,
        }
    }

    /// Lines to follow `out` (a header naming `devices`, in this order).
    pub(super) fn after_header(out: Vec<u8>, devices: Vec<String>) -> Self {
        let index = devices.iter().enumerate().map(|(i, d)| (d.clone(), i)).collect();
        Self { out, devices, index, last: None, ranges: BTreeMap::new(), count: 0, settling: false }
    }

    /// The index of a device in the header's list.
    fn device(&mut self, id: &str) -> usize {
        if let Some((last, i)) = &self.last
            && last == id
        {
            return *i;
        }
        let i = if let Some(&i) = self.index.get(id) {
            i
        } else {
            self.devices.push(id.to_string());
            self.index.insert(id.to_string(), self.devices.len() - 1);
            self.devices.len() - 1
        };
        self.last = Some((id.to_string(), i));
        i
    }

    /// Add one record line.
    pub fn push(&mut self, r: &RecordRef<'_>) -> Result<()> {
        let origin = self.device(r.origin);
        let base = r.base.map(|(hlc, o)| (hlc, self.device(o)));
        let settles = r.settles.map(|(hlc, o)| (hlc, self.device(o)));
        self.settling |= settles.is_some();
        let e = self.ranges.entry(origin).or_insert((r.seq, r.seq));
        *e = (e.0.min(r.seq), e.1.max(r.seq));
        self.count += 1;
        let out = &mut self.out;
        out.push(b'[');
        int(out, i64::try_from(origin).unwrap_or(i64::MAX));
        for n in [r.seq, r.hlc, r.tx] {
            out.push(b',');
            int(out, n);
        }
        for text in [r.table, r.row, r.column] {
            out.push(b',');
            string(out, text);
        }
        out.push(b',');
        int(out, r.cl);
        out.push(b',');
        match r.value {
            Some(v) => string(out, v),
            None => out.extend_from_slice(b"null"),
        }
        for (i, pair) in [base, settles].into_iter().enumerate() {
            match pair {
                Some((hlc, o)) => {
                    out.push(b',');
                    int(out, hlc);
                    out.push(b',');
                    int(out, i64::try_from(o).unwrap_or(i64::MAX));
                }
                // Settling nothing: the two fields are not written.
                None if i == 0 => out.extend_from_slice(b",null,null"),
                None => {}
            }
        }
        out.push(b']');
        out.push(b'\n');
        Ok(())
    }

    /// Add an owned record.
    pub fn push_record(&mut self, r: &ChangeRecord) -> Result<()> {
        self.push(&RecordRef {
            origin: &r.origin,
            seq: r.seq,
            hlc: r.hlc,
            tx: r.tx,
            table: &r.table,
            row: &r.row,
            column: &r.column,
            cl: r.cl,
            value: r.value.as_deref(),
            base: r.base.as_ref().map(|(h, o)| (*h, o.as_str())),
            settles: r.settles.as_ref().map(|(h, o)| (*h, o.as_str())),
        })
    }

    /// Records added so far.
    #[must_use]
    pub fn count(&self) -> usize {
        self.count
    }

    /// The whole file: the header, the lines, the trailer with the count
    /// and the SHA-256 of every byte before it.
    pub fn finish(
        self,
        (dataset, sender, purpose): (&str, &str, Purpose),
        created_ms: i64,
        known: &Known,
    ) -> Result<Vec<u8>> {
        let Self { mut out, devices, ranges, count, settling, .. } = self;
        let format = if settling { super::format::SETTLES_FORMAT } else { super::format::FORMAT };
        let header = Header {
            magic: MAGIC.to_string(),
            format,
            min_reader: format,
            app: env!("CARGO_PKG_VERSION").to_string(),
            schema: crate::store::LATEST_VERSION,
            dataset: dataset.to_string(),
            sender: sender.to_string(),
            purpose,
            created_ms,
            devices,
            ranges,
            count,
            known: known.clone(),
        };
        let mut head = serde_json::to_vec(&header).map_err(|e| Error::Invalid(e.to_string()))?;
        head.push(b'\n');
        if head.len() <= FRONT {
            out[FRONT - head.len()..FRONT].copy_from_slice(&head);
            out.drain(..FRONT - head.len());
        } else {
            out.splice(..FRONT, head);
        }
        let trailer = Trailer { end: MAGIC.to_string(), count, sha256: hex(&Sha256::digest(&out)) };
        json_into(&mut out, &trailer)?;
        out.push(b'\n');
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::{int, string};

    #[test]
    fn numbers_and_strings_are_written_as_serde_json_writes_them() {
        for n in [0, 1, -1, 9, 10, 99, 100, 117_432_345_678_901, i64::MAX, i64::MIN, -100] {
            let mut out = Vec::new();
            int(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap(), "{n}");
        }
        let mut texts: Vec<String> = (0u8..0x80).map(|b| format!("a{}z", char::from(b))).collect();
        texts.push("一二三四五六七八九十\"\u{1f}abcdefgh\\ijklmnopq\n".repeat(3));
        texts.extend(["", "\"\\\"", "{\"name\":\"回款\\n\"}", "\u{7f}\u{2028}é😀", "\\\\"].map(str::to_string));
        for text in texts {
            let mut out = Vec::new();
            string(&mut out, &text);
            assert_eq!(out, serde_json::to_vec(&text).unwrap(), "{text:?}");
        }
    }
}
