//! The saved index's file (see [`super::persist`]): a 64-byte header
//! (magic, build fingerprint, stamp, entry count, CRC-32 of the header and
//! the main body), the main body: the packed records and keys (each a
//! length, the UTF-8 bytes, one end offset per entry; the records first, the
//! largest, so that their UTF-8 check on another thread is over by the time
//! the rest is read), the ids (16 bytes each, see [`super::ids`], then the
//! count of ids kept as text and those texts packed), the prefilter masks
//! (letters, then letter pairs of the other fields and of the name),
//! the tie keys, the other fields' heads, the phones' digits (see
//! `phones.rs`: the low 64 bits of each customer's, then the high) and the
//! one-letter initials, how the fields begin (the table of starts: a
//! count, then each start's two characters, whether more follow and the
//! two preferred readings; then
//! each customer's start numbers); then the packed sort keys and their own
//! CRC-32.
//! The sort keys come last so that a search alone can stop before them:
//! they are needed only to keep name order when customers change.
//! Everything is little-endian.

use super::ids::Ids;
use super::initials::{Initials, SAVED_LEN};
use super::packed::PackedStr;
use super::persist::fingerprint;
use super::rank::Ranks;
use super::{Index, derive};
use crate::store::SearchStamp;

pub(super) const MAGIC: &[u8; 8] = b"RBSRCH\x00\x01";
pub(super) const HEADER: usize = 64;

/// The file's bytes for `index`, taken at `stamp`.
pub fn encode(index: &Index, stamp: &SearchStamp) -> Vec<u8> {
    let put = |out: &mut Vec<u8>, p: &PackedStr| {
        let (buf, ends) = p.parts();
        out.extend_from_slice(&(buf.len() as u64).to_le_bytes());
        out.extend_from_slice(buf.as_bytes());
        for e in ends {
            out.extend_from_slice(&e.to_le_bytes());
        }
    };
    let mut body = Vec::new();
    for p in [&index.records, &index.keys] {
        put(&mut body, p);
    }
    let (entries, texts) = index.ids.parts();
    for e in entries {
        body.extend_from_slice(e);
    }
    body.extend_from_slice(&(texts.len() as u64).to_le_bytes());
    let mut packed_texts = PackedStr::default();
    for t in texts {
        packed_texts.push(t);
    }
    put(&mut body, &packed_texts);
    let words = [&index.masks, &index.pairs, &index.name_pairs, &index.ties, &index.heads];
    for v in words.into_iter().flatten() {
        body.extend_from_slice(&v.to_le_bytes());
    }
    // The phones' digits: their low words, then their high words.
    for half in [0, 64] {
        for v in &index.digits {
            body.extend_from_slice(&((v >> half) as u64).to_le_bytes());
        }
    }
    for i in &index.initials {
        body.extend_from_slice(&i.to_bytes());
    }
    let (table, starts) = index.start_table.renumbered(&index.starts);
    body.extend_from_slice(&(table.len() as u32).to_le_bytes());
    for k in table {
        body.extend_from_slice(&u32::from(k.first).to_le_bytes());
        body.extend_from_slice(&u32::from(k.second).to_le_bytes());
        body.push(u8::from(k.more));
        for p in k.preferred {
            body.extend_from_slice(&p.to_le_bytes());
        }
    }
    for n in starts.iter().flatten() {
        body.extend_from_slice(&n.to_le_bytes());
    }
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&fingerprint().to_le_bytes());
    for v in [stamp.generation, stamp.erased, stamp.origin, stamp.seq, stamp.hlc] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(index.len() as u32).to_le_bytes());
    let sum = checksum(&out, &body);
    out.extend_from_slice(&sum.to_le_bytes());
    out.extend_from_slice(&body);
    let sorts_at = out.len();
    put(&mut out, &index.sorts);
    let sum = crc32fast::hash(&out[sorts_at..]);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// CRC-32 of the header before the checksum and of the body.
pub(super) fn checksum(head: &[u8], body: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(head.get(..HEADER - 4).unwrap_or(head));
    h.update(body);
    h.finalize()
}

/// Reads a saved file front to back into its final buffers (the file is
/// never held whole beside the index: memory stays the index's size), the
/// checksum taken on the way; no read goes past the `left` bytes the file
/// has, so a length in a damaged file cannot ask for more memory than that.
pub(super) struct Reader<R> {
    r: R,
    left: u64,
    sum: crc32fast::Hasher,
}

impl<R: std::io::Read> Reader<R> {
    /// Fills `buf` from the file, taking its checksum.
    fn fill(&mut self, buf: &mut [u8]) -> Option<()> {
        let wanted = u64::try_from(buf.len()).ok()?;
        if wanted > self.left {
            return None;
        }
        self.r.read_exact(buf).ok()?;
        self.left -= wanted;
        self.sum.update(buf);
        Some(())
    }

    fn bytes(&mut self, n: usize) -> Option<Vec<u8>> {
        if u64::try_from(n).ok()? > self.left {
            return None;
        }
        let mut buf = vec![0u8; n];
        self.fill(&mut buf)?;
        Some(buf)
    }

    fn u64(&mut self) -> Option<u64> {
        self.bytes(8)?.try_into().ok().map(u64::from_le_bytes)
    }

    /// `count` little-endian numbers read straight into their vector: no
    /// copy of the raw bytes is made beside it (every megabyte the load
    /// touches costs its page faults).
    fn numbers<T: bytemuck::Pod>(&mut self, count: usize, from_le: fn(T) -> T) -> Option<Vec<T>> {
        if u64::try_from(count.checked_mul(size_of::<T>())?).ok()? > self.left {
            return None;
        }
        let mut v = vec![T::zeroed(); count];
        self.fill(bytemuck::cast_slice_mut(&mut v))?;
        for x in &mut v {
            *x = from_le(*x);
        }
        Some(v)
    }

    /// A packed section's bytes and end offsets, not yet checked (see
    /// [`packed`]).
    fn packed(&mut self, count: usize) -> Option<(Vec<u8>, Vec<u32>)> {
        let len = usize::try_from(self.u64()?).ok()?;
        let buf = self.bytes(len)?;
        Some((buf, self.numbers(count, u32::from_le)?))
    }

    /// `count` ids (see [`super::ids`]): their entries read straight into
    /// their vector, then the texts of those kept as text.
    fn ids(&mut self, count: usize) -> Option<Ids> {
        let entries: Vec<[u8; 16]> = self.numbers(count, |e| e)?;
        let texts = usize::try_from(self.u64()?).ok()?;
        let packed = packed(self.packed(texts)?)?;
        Ids::from_parts(entries, (0..packed.len()).map(|i| packed.get(i).into()).collect())
    }

    fn words(&mut self, count: usize) -> Option<Vec<u64>> {
        self.numbers(count, u64::from_le)
    }

    /// `count` saved initials, read a slice at a time into their vector.
    fn initials(&mut self, count: usize) -> Option<Vec<Initials>> {
        const AT_ONCE: usize = 1024;
        if u64::try_from(count.checked_mul(SAVED_LEN)?).ok()? > self.left {
            return None;
        }
        let mut out = Vec::with_capacity(count);
        let mut raw = vec![0u8; SAVED_LEN * AT_ONCE.min(count)];
        let mut left = count;
        while left > 0 {
            let k = left.min(AT_ONCE);
            let buf = raw.get_mut(..k * SAVED_LEN)?;
            self.fill(buf)?;
            out.extend(buf.chunks_exact(SAVED_LEN).filter_map(|b| b.try_into().ok().map(Initials::from_bytes)));
            left -= k;
        }
        Some(out)
    }
}

impl<R: std::io::Read> Reader<R> {
    /// The table of starts and `count` customers' start numbers (see
    /// [`super::starts`]), if they hold.
    fn starts(&mut self, count: usize) -> Option<(super::starts::Table, Vec<super::starts::Starts>)> {
        use super::starts::{SLOTS, Start, Table};
        let n = u32::from_le_bytes(self.bytes(4)?.try_into().ok()?) as usize;
        let raw = self.bytes(n.checked_mul(13)?)?;
        let keys = raw
            .chunks_exact(13)
            .map(|k| {
                let ch = |at: usize| char::from_u32(u32::from_le_bytes(k[at..at + 4].try_into().ok()?));
                let syl = |at: usize| Some(u16::from_le_bytes(k[at..at + 2].try_into().ok()?));
                Some(Start { first: ch(0)?, second: ch(4)?, more: k[8] == 1, preferred: [syl(9)?, syl(11)?] })
            })
            .collect::<Option<Vec<_>>>()?;
        let table = Table::from_keys(keys)?;
        let flat = self.numbers(count.checked_mul(SLOTS)?, u16::from_le)?;
        let starts: Vec<[u16; SLOTS]> = flat.chunks_exact(SLOTS).filter_map(|c| c.try_into().ok()).collect();
        let known = |s: &[u16; SLOTS]| s.iter().all(|&v| usize::from(v) < table.len() || v >= super::starts::UNKNOWN);
        (starts.len() == count && starts.iter().all(known)).then_some((table, starts))
    }
}

/// Strings from a packed section's bytes and end offsets, if they hold
/// (UTF-8, offsets on character boundaries).
fn packed((buf, ends): (Vec<u8>, Vec<u32>)) -> Option<PackedStr> {
    PackedStr::from_parts(String::from_utf8(buf).ok()?, ends)
}

/// The index and its stamp from a saved file's bytes; None when it is not
/// one this build can trust (see [`super::persist`]).
pub fn decode(bytes: &[u8]) -> Option<(Index, SearchStamp)> {
    decode_from(bytes, bytes.len() as u64)
}

/// [`decode`] from a reader holding `len` bytes (the saved file).
pub fn decode_from(r: impl std::io::Read, len: u64) -> Option<(Index, SearchStamp)> {
    let (mut index, stamp, mut rest) = decode_main(r, len)?;
    index.sorts = read_sorts(&mut rest, index.len())?;
    Some((index, stamp))
}

/// A saved file read up to its sort keys: the index without them (its
/// `sorts` empty), its stamp, and the reader, where the sort keys begin.
pub(super) fn decode_main<R: std::io::Read>(mut r: R, len: u64) -> Option<(Index, SearchStamp, Reader<R>)> {
    let mut head = [0u8; HEADER];
    if len < HEADER as u64 {
        return None;
    }
    r.read_exact(&mut head).ok()?;
    let word = |at: usize| head.get(at..at + 8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    if head.get(..8)? != MAGIC {
        return None;
    }
    let v = |k: usize| word(16 + k * 8).map(|w| w as i64);
    let stamp = SearchStamp { generation: v(0)?, erased: v(1)?, origin: v(2)?, seq: v(3)?, hlc: v(4)? };
    let count = u32::from_le_bytes(head.get(56..60)?.try_into().ok()?) as usize;
    let sum = u32::from_le_bytes(head.get(60..64)?.try_into().ok()?);
    let mut c = Reader { r, left: len - HEADER as u64, sum: crc32fast::Hasher::new() };
    c.sum.update(&head[..HEADER - 4]);
    // Each packed section is checked (UTF-8, offsets) on a second thread
    // while the next is read: the check took a sixth of `repbook search`.
    let index = std::thread::scope(|s| {
        let mut checks = Vec::new();
        for _ in 0..2 {
            let section = c.packed(count)?;
            checks.push(s.spawn(move || packed(section)));
        }
        let ids = c.ids(count)?;
        let (masks, pairs, name_pairs, ties) = (c.words(count)?, c.words(count)?, c.words(count)?, c.words(count)?);
        // Every customer's place in tie order, numbered while the rest is
        // read (the first search needs it).
        let ranked = s.spawn(move || {
            let ranks = Ranks::new(&ties);
            (ties, ranks)
        });
        let (heads, low, high) = (c.words(count)?, c.words(count)?, c.words(count)?);
        let digits = low.into_iter().zip(high).map(|(l, h)| u128::from(h) << 64 | u128::from(l)).collect();
        let initials = c.initials(count)?;
        let (start_table, starts) = c.starts(count)?;
        let (ties, ranks) = ranked.join().ok()?;
        let mut checked = checks.into_iter().map(|h| h.join().ok().flatten());
        Some(Index {
            records: checked.next()??,
            keys: checked.next()??,
            ids,
            masks,
            pairs,
            name_pairs,
            ties,
            heads,
            digits,
            initials,
            starts,
            start_table: std::sync::Arc::new(start_table),
            ranks: Some(ranks),
            ..Index::default()
        })
    })?;
    // The build's fingerprint is checked last: it needs the reading table,
    // which is being built meanwhile (see `Readings::warm_up`).
    if std::mem::replace(&mut c.sum, crc32fast::Hasher::new()).finalize() != sum || word(8)? != fingerprint() {
        return None;
    }
    if [index.ids.len(), index.records.len(), index.keys.len()] != [count; 3] {
        return None;
    }
    // What this build derives from a sample of records must be what was saved.
    let step = (count / 16).max(1);
    for i in (0..count).step_by(step) {
        let saved = index.start_table.keys_of(&index.starts[i])?;
        if derive(index.keys.get(i), index.records.get(i))
            != (
                index.masks[i],
                (index.name_pairs[i], index.pairs[i]),
                index.ties[i],
                index.initials[i],
                index.heads[i],
                index.digits[i],
                saved,
            )
        {
            return None;
        }
    }
    Some((index, stamp, c))
}

/// The sort keys of `count` entries, where [`decode_main`] stopped: None
/// unless they are whole (their checksum) and end the file.
pub(super) fn read_sorts<R: std::io::Read>(c: &mut Reader<R>, count: usize) -> Option<PackedStr> {
    c.sum = crc32fast::Hasher::new();
    let sorts = packed(c.packed(count)?)?;
    let want = std::mem::replace(&mut c.sum, crc32fast::Hasher::new()).finalize();
    let got = u32::from_le_bytes(c.bytes(4)?.try_into().ok()?);
    let mut rest = [0u8; 1];
    if got != want || c.left != 0 || c.r.read(&mut rest).ok()? != 0 || sorts.len() != count {
        return None;
    }
    Some(sorts)
}
