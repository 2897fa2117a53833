//! The saved index's file (see [`super::persist`]): a 64-byte header
//! (magic, build fingerprint, stamp, entry count, CRC-32 of the header and
//! the main body), the main body: the packed records and keys (each a
//! length, the UTF-8 bytes, one end offset per entry; the records first, the
//! largest: their length says where the rest begins, so they are read on
//! another thread while the rest is read), the ids (16 bytes each, see
//! [`super::ids`], then the count of ids kept as text and those texts
//! packed), the prefilter masks
//! (letters, then letter pairs of the other fields and of the name, the
//! other fields' triples),
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

use super::packed::PackedStr;
use super::persist::fingerprint;
use super::rank::Ranks;
pub(super) use super::reader::Reader;
use super::reader::{Source, packed};
use super::{Index, derive};
use crate::store::SearchStamp;

pub(super) const MAGIC: &[u8; 8] = b"RBSRCH\x00\x01";
pub(super) const HEADER: usize = 64;

/// The file's bytes for `index`, taken at `stamp`: written into one
/// vector of the file's size (a body apart, grown as it came, then copied
/// after the header, held three copies of the index at once: a peak of
/// 170 MB in an interface that saves it again at 100k customers).
pub fn encode(index: &Index, stamp: &SearchStamp) -> Vec<u8> {
    let put = |out: &mut Vec<u8>, p: &PackedStr| {
        let (buf, ends) = p.parts();
        out.extend_from_slice(&(buf.len() as u64).to_le_bytes());
        out.extend_from_slice(buf);
        for e in ends {
            out.extend_from_slice(&e.to_le_bytes());
        }
    };
    let packed_len = |p: &PackedStr| 8 + p.parts().0.len() + 4 * p.len();
    let (entries, texts) = index.ids.parts();
    let mut packed_texts = PackedStr::default();
    for t in texts {
        packed_texts.push(t);
    }
    let (table, starts) = index.start_table.renumbered(&index.starts);
    let n = index.len();
    let size = HEADER
        + packed_len(&index.records)
        + packed_len(&index.keys)
        + 16 * entries.len()
        + 8
        + packed_len(&packed_texts)
        + 8 * 8 * n
        + super::initials::SAVED_LEN * index.initials.len()
        + 4
        + 13 * table.len()
        + 2 * starts.iter().map(|s| s.len()).sum::<usize>()
        + packed_len(&index.sorts)
        + 4;
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&fingerprint().to_le_bytes());
    for v in [stamp.generation, stamp.erased, stamp.origin, stamp.seq, stamp.hlc] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(n as u32).to_le_bytes());
    // The checksum of the header and the body, written once the body is.
    out.extend_from_slice(&[0; 4]);
    for p in [&index.records, &index.keys] {
        put(&mut out, p);
    }
    for e in entries {
        out.extend_from_slice(e);
    }
    out.extend_from_slice(&(texts.len() as u64).to_le_bytes());
    put(&mut out, &packed_texts);
    let words = [&index.masks, &index.pairs, &index.name_pairs, &index.triples, &index.ties, &index.heads];
    for v in words.into_iter().flatten() {
        out.extend_from_slice(&v.to_le_bytes());
    }
    // The phones' digits: their low words, then their high words.
    for half in [0, 64] {
        for v in &index.digits {
            out.extend_from_slice(&((v >> half) as u64).to_le_bytes());
        }
    }
    for i in &index.initials {
        out.extend_from_slice(&i.to_bytes());
    }
    out.extend_from_slice(&(table.len() as u32).to_le_bytes());
    for k in table {
        out.extend_from_slice(&u32::from(k.first).to_le_bytes());
        out.extend_from_slice(&u32::from(k.second).to_le_bytes());
        out.push(u8::from(k.more));
        for p in k.preferred {
            out.extend_from_slice(&p.to_le_bytes());
        }
    }
    for n in starts.iter().flatten() {
        out.extend_from_slice(&n.to_le_bytes());
    }
    let sum = checksum(&out[..HEADER], &out[HEADER..]);
    out[HEADER - 4..HEADER].copy_from_slice(&sum.to_le_bytes());
    let sorts_at = out.len();
    put(&mut out, &index.sorts);
    let sum = crc32fast::hash(&out[sorts_at..]);
    out.extend_from_slice(&sum.to_le_bytes());
    debug_assert_eq!(out.len(), size, "the file's size as counted");
    out
}

/// CRC-32 of the header before the checksum and of the body.
pub(super) fn checksum(head: &[u8], body: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(head.get(..HEADER - 4).unwrap_or(head));
    h.update(body);
    h.finalize()
}

/// The index and its stamp from a saved file's bytes; None when it is not
/// one this build can trust (see [`super::persist`]).
pub fn decode(bytes: &[u8]) -> Option<(Index, SearchStamp)> {
    let (mut index, stamp, mut rest) = decode_main(bytes, bytes.len() as u64, Records::Checked)?;
    index.sorts = read_sorts(&mut rest, index.len())?;
    Some((index, stamp))
}

/// How the records' text is held when a saved file is read: both check
/// every byte as UTF-8 and refuse the file if one is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Records {
    /// As text (an index that is kept: the interface's).
    Checked,
    /// As bytes checked by a faster check, each record made text as it is
    /// read (one search): see [`PackedStr`].
    Bytes,
}

/// A saved file of `len` bytes read up to its sort keys: the index without
/// them (its `sorts` empty), its stamp, and the reader, where the sort keys
/// begin. The records are read on another thread while the rest is read.
pub(super) fn decode_main<S: Source>(src: S, len: u64, records: Records) -> Option<(Index, SearchStamp, Reader<S>)> {
    let mut head = [0u8; HEADER];
    if len < HEADER as u64 {
        return None;
    }
    src.read_at(&mut head, 0)?;
    let word = |at: usize| head.get(at..at + 8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    // Another build's file (another format, version or reading table) is
    // turned down before its 36 MB are read.
    if head.get(..8)? != MAGIC || word(8)? != fingerprint() {
        return None;
    }
    let v = |k: usize| word(16 + k * 8).map(|w| w as i64);
    let stamp = SearchStamp { generation: v(0)?, erased: v(1)?, origin: v(2)?, seq: v(3)?, hlc: v(4)? };
    let count = u32::from_le_bytes(head.get(56..60)?.try_into().ok()?) as usize;
    let sum = u32::from_le_bytes(head.get(60..64)?.try_into().ok()?);
    // The records' part (their length, bytes and end offsets) and where
    // the rest begins.
    let mut first = Reader::new(src.split()?, HEADER as u64, len);
    let records_len = first.u64()?;
    let rest_at = (HEADER as u64 + 8).checked_add(records_len)?.checked_add(4 * count as u64)?;
    if rest_at > len {
        return None;
    }
    first.end = rest_at;
    let mut c = Reader::new(src, rest_at, len);
    let index = std::thread::scope(|s| {
        let first = s.spawn(move || {
            let section = first.packed_body(usize::try_from(records_len).ok()?, count)?;
            let checked = match records {
                Records::Checked => packed(section),
                Records::Bytes => PackedStr::from_bytes(section.0, section.1),
            };
            Some((checked?, first.sum, first.at))
        });
        // The keys (short, mostly ASCII) are checked while the rest is read.
        let keys = c.packed(count)?;
        let keys = s.spawn(move || packed(keys));
        let ids = c.ids(count)?;
        let (masks, pairs, name_pairs) = (c.words(count)?, c.words(count)?, c.words(count)?);
        let (triples, ties) = (c.words(count)?, c.words(count)?);
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
        let (records, records_sum, records_end) = first.join().ok()??;
        // The header, the records' part and the rest, in file order.
        let mut whole = crc32fast::Hasher::new();
        whole.update(&head[..HEADER - 4]);
        whole.combine(&records_sum);
        whole.combine(&c.sum);
        if records_end != rest_at || whole.finalize() != sum {
            return None;
        }
        Some(Index {
            records,
            keys: keys.join().ok()??,
            ids,
            masks,
            pairs,
            name_pairs,
            triples,
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
                super::pairs::Offered { name: index.name_pairs[i], others: index.pairs[i], triples: index.triples[i] },
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
pub(super) fn read_sorts<S: Source>(c: &mut Reader<S>, count: usize) -> Option<PackedStr> {
    c.sum = crc32fast::Hasher::new();
    let sorts = packed(c.packed(count)?)?;
    let want = std::mem::replace(&mut c.sum, crc32fast::Hasher::new()).finalize();
    let mut got = [0u8; 4];
    c.fill(&mut got)?;
    if u32::from_le_bytes(got) != want || c.at != c.end || sorts.len() != count {
        return None;
    }
    Some(sorts)
}
