//! The search index saved beside the archive, so that the whole list is
//! searchable at once after start (issue 13): one file, read in one go,
//! checked, brought up to date with the customers changed since it was
//! saved, or rebuilt. Where it lives and what it is checked against is
//! `crate::store::SearchStamp`'s.
//!
//! The file: a 64-byte header (magic, build fingerprint, stamp, entry
//! count, CRC-32 of the body), then the body: the packed ids, sort keys,
//! records and keys (each a length, the UTF-8 bytes, one end offset per
//! entry), the prefilter masks (letters, then letter pairs), the tie keys,
//! the other fields' heads and the one-letter initials.
//! Everything is little-endian. A file that is short, damaged (checksum),
//! from another build of the readings (fingerprint), inconsistent (offsets,
//! lengths) or whose derived data disagrees with this build on a sample of
//! records is not used: the index is rebuilt from the archive and saved.

use super::initials::{Initials, SAVED_LEN};
use super::packed::PackedStr;
use super::{Change, Index, derive};
use crate::error::Result;
use crate::store::{SearchStamp, Store};

const MAGIC: &[u8; 8] = b"RBSRCH\x00\x01";
const HEADER: usize = 64;
/// Changed whenever what is saved or how it is derived changes (2: the
/// letter pairs added; 3: the name's unit count in the initials; 4: the
/// other fields' heads; 5: the preferred readings' word starts in the
/// initials, a phone's last digit in the heads; an older file is rebuilt,
/// never misread).
const FORMAT: u32 = 5;
/// Above this many customers changed since the save, rebuilding is faster
/// than moving each into place.
const MOST_CHANGES: i64 = 2_000;
/// Saved again once this many customers changed since the last save.
const SAVE_AFTER: usize = 16;

/// What this build derives the index with: the format, the program's
/// version and the extra readings table.
fn fingerprint() -> u64 {
    let mut h = crc32fast::Hasher::new();
    h.update(&FORMAT.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(include_str!("../../assets/pinyin-readings.toml").as_bytes());
    let readings = super::readings::Readings::get();
    h.update(&(readings.syllable_count() as u64).to_le_bytes());
    (u64::from(h.finalize()) << 32) | u64::from(FORMAT)
}

/// How a load went, for tests and the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loaded {
    /// The saved index, and how many customers changed since.
    Saved(usize),
    /// Rebuilt from the archive (no saved index, or not trusted).
    Rebuilt,
}

/// The index of `store`: the saved one brought up to date, else rebuilt
/// (and saved).
pub fn load(store: &Store) -> Result<Index> {
    load_reporting(store).map(|(index, _)| index)
}

/// [`load`], saying how.
pub fn load_reporting(store: &Store) -> Result<(Index, Loaded)> {
    if store.search_index_path().is_none() {
        return Ok((Index::build(store)?, Loaded::Rebuilt));
    }
    let saved = store.open_search_index().and_then(|(file, len)| decode_from(std::io::BufReader::new(file), len));
    let (index, stamp, how) = store.reading(|| {
        let now = store.search_stamp()?;
        if let Some((mut index, stamp)) = saved
            && store.search_stamp_holds(&stamp, &now)?
            && store.search_changes_since(stamp.generation)? <= MOST_CHANGES
        {
            let mut changes: Vec<Change> = Vec::new();
            let n = store.search_changed_since(stamp.generation, |id, record| {
                let record = record.map(|(s, k, d)| (s.to_string(), k.to_string(), d.to_string()));
                changes.push((id.to_string(), record));
            })?;
            index.apply(changes);
            return Ok((index, now, Loaded::Saved(n)));
        }
        Ok((Index::build(store)?, now, Loaded::Rebuilt))
    })?;
    if matches!(how, Loaded::Rebuilt) || matches!(how, Loaded::Saved(n) if n >= SAVE_AFTER) {
        store.save_search_index(&encode(&index, &stamp), &stamp);
    }
    Ok((index, how))
}

/// The file's bytes for `index`, taken at `stamp`.
pub fn encode(index: &Index, stamp: &SearchStamp) -> Vec<u8> {
    let mut body = Vec::new();
    for p in [&index.ids, &index.sorts, &index.records, &index.keys] {
        let (buf, ends) = p.parts();
        body.extend_from_slice(&(buf.len() as u64).to_le_bytes());
        body.extend_from_slice(buf.as_bytes());
        for e in ends {
            body.extend_from_slice(&e.to_le_bytes());
        }
    }
    for v in index.masks.iter().chain(&index.pairs).chain(&index.ties).chain(&index.heads) {
        body.extend_from_slice(&v.to_le_bytes());
    }
    for i in &index.initials {
        body.extend_from_slice(&i.to_bytes());
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
    out
}

/// CRC-32 of the header before the checksum and of the body.
fn checksum(head: &[u8], body: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(head.get(..HEADER - 4).unwrap_or(head));
    h.update(body);
    h.finalize()
}

/// Reads a saved file front to back into its final buffers (the file is
/// never held whole beside the index: memory stays the index's size), the
/// checksum taken on the way; no read goes past the `left` bytes the file
/// has, so a length in a damaged file cannot ask for more memory than that.
struct Reader<R> {
    r: R,
    left: u64,
    sum: crc32fast::Hasher,
}

impl<R: std::io::Read> Reader<R> {
    fn bytes(&mut self, n: usize) -> Option<Vec<u8>> {
        let wanted = u64::try_from(n).ok()?;
        if wanted > self.left {
            return None;
        }
        let mut buf = vec![0u8; n];
        self.r.read_exact(&mut buf).ok()?;
        self.left -= wanted;
        self.sum.update(&buf);
        Some(buf)
    }

    fn u64(&mut self) -> Option<u64> {
        self.bytes(8)?.try_into().ok().map(u64::from_le_bytes)
    }

    /// A packed section's bytes and end offsets, not yet checked (see
    /// [`packed`]).
    fn packed(&mut self, count: usize) -> Option<(Vec<u8>, Vec<u32>)> {
        let len = usize::try_from(self.u64()?).ok()?;
        let buf = self.bytes(len)?;
        let ends = self.bytes(count.checked_mul(4)?)?;
        let ends = ends.chunks_exact(4).filter_map(|c| c.try_into().ok().map(u32::from_le_bytes)).collect();
        Some((buf, ends))
    }

    fn words(&mut self, count: usize) -> Option<Vec<u64>> {
        let raw = self.bytes(count.checked_mul(8)?)?;
        Some(raw.chunks_exact(8).filter_map(|c| c.try_into().ok().map(u64::from_le_bytes)).collect())
    }
}

/// Strings from a packed section's bytes and end offsets, if they hold
/// (UTF-8, offsets on character boundaries).
fn packed((buf, ends): (Vec<u8>, Vec<u32>)) -> Option<PackedStr> {
    PackedStr::from_parts(String::from_utf8(buf).ok()?, ends)
}

/// The index and its stamp from a saved file's bytes; None when it is not
/// one this build can trust (see the module's documentation).
pub fn decode(bytes: &[u8]) -> Option<(Index, SearchStamp)> {
    decode_from(bytes, bytes.len() as u64)
}

/// [`decode`] from a reader holding `len` bytes (the saved file).
pub fn decode_from(mut r: impl std::io::Read, len: u64) -> Option<(Index, SearchStamp)> {
    let mut head = [0u8; HEADER];
    if len < HEADER as u64 {
        return None;
    }
    r.read_exact(&mut head).ok()?;
    let word = |at: usize| head.get(at..at + 8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    if head.get(..8)? != MAGIC || word(8)? != fingerprint() {
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
        for _ in 0..4 {
            let section = c.packed(count)?;
            checks.push(s.spawn(move || packed(section)));
        }
        let mut index = Index {
            masks: c.words(count)?,
            pairs: c.words(count)?,
            ties: c.words(count)?,
            heads: c.words(count)?,
            ..Index::default()
        };
        let raw = c.bytes(count.checked_mul(SAVED_LEN)?)?;
        index.initials =
            raw.chunks_exact(SAVED_LEN).filter_map(|b| b.try_into().ok().map(Initials::from_bytes)).collect();
        let mut checked = checks.into_iter().map(|h| h.join().ok().flatten());
        (index.ids, index.sorts, index.records, index.keys) =
            (checked.next()??, checked.next()??, checked.next()??, checked.next()??);
        Some(index)
    })?;
    let mut rest = [0u8; 1];
    if c.left != 0 || c.r.read(&mut rest).ok()? != 0 || c.sum.finalize() != sum {
        return None;
    }
    if [index.ids.len(), index.sorts.len(), index.records.len(), index.keys.len()] != [count; 4] {
        return None;
    }
    // What this build derives from a sample of records must be what was saved.
    let step = (count / 16).max(1);
    for i in (0..count).step_by(step) {
        if derive(index.keys.get(i), index.records.get(i))
            != (index.masks[i], index.pairs[i], index.ties[i], index.initials[i], index.heads[i])
        {
            return None;
        }
    }
    Some((index, stamp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pinyin::Romanizer;
    use crate::search::record::{self, Field};
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};

    fn sample() -> (Index, SearchStamp) {
        let r = Romanizer::default();
        let mut index = Index::default();
        for (i, name) in ["重庆恒达", "Harbor Electric", "乐亭机电", "曾国强五金"].iter().enumerate() {
            let rec = record::build(&r, &[(Field::Name, name), (Field::Phone, "138-0000-1111")], 1, 739_000);
            let id = format!("id-{i}");
            let sort = crate::search::sort_key(&r, name);
            let pos = index.place(&sort, &id);
            index.insert(pos, &id, &sort, &rec.key, &rec.display);
        }
        (index, SearchStamp { generation: 7, erased: 1, origin: 2, seq: 30, hlc: 99 })
    }

    /// A checksum that fits the bytes again (what a hostile file could do).
    fn reseal(bytes: &mut [u8]) {
        let sum = checksum(&bytes[..HEADER], &bytes[HEADER..]);
        bytes[HEADER - 4..HEADER].copy_from_slice(&sum.to_le_bytes());
    }

    #[test]
    fn changes_applied_at_once_equal_an_index_built_afresh() {
        let r = Romanizer::default();
        let rec = |name: &str| {
            let b = record::build(&r, &[(Field::Name, name)], 2, 0);
            Some((crate::search::sort_key(&r, name), b.key, b.display))
        };
        let (mut index, _) = sample();
        // id-0 renamed (moves), id-1 gone, two new ones (first and last).
        let changes = vec![
            ("id-0".to_string(), rec("杭州西湖")),
            ("id-1".to_string(), None),
            ("id-9".to_string(), rec("安达")),
            ("id-7".to_string(), rec("紫金")),
        ];
        index.apply(changes.clone());
        let mut afresh = Index::default();
        let (kept, _) = sample();
        let mut all: Vec<(String, String, String, String)> = (0..kept.len())
            .filter(|&i| !["id-0", "id-1"].contains(&kept.id_at(i)))
            .map(|i| {
                let id = kept.id_at(i).to_string();
                (kept.sorts.get(i).to_string(), id, kept.keys.get(i).to_string(), kept.records.get(i).to_string())
            })
            .collect();
        all.extend(changes.into_iter().filter_map(|(id, r)| r.map(|(s, k, d)| (s, id, k, d))));
        all.sort();
        for (s, id, k, d) in &all {
            afresh.push(id, s, k, d);
        }
        let stamp = SearchStamp::default();
        assert_eq!(encode(&index, &stamp), encode(&afresh, &stamp));
        let names: Vec<String> = (0..index.len()).map(|i| index.id_at(i).to_string()).collect();
        assert_eq!(names.first().map(String::as_str), Some("id-9"), "安达 first: {names:?}");
        assert_eq!(names.last().map(String::as_str), Some("id-7"), "紫金 last: {names:?}");
    }

    #[test]
    fn a_saved_index_reads_back_whole() {
        let (mut index, stamp) = sample();
        let bytes = encode(&index, &stamp);
        let (mut back, got) = decode(&bytes).unwrap();
        assert_eq!(got, stamp);
        assert_eq!(encode(&back, &got), bytes);
        for q in ["", "cq", "laoting", "1111", "zgq"] {
            let ids = |i: &mut Index| i.search(q).iter().map(|h| i.id(*h).to_string()).collect::<Vec<_>>();
            assert_eq!(ids(&mut back), ids(&mut index), "{q}");
        }
    }

    #[test]
    fn offsets_that_do_not_hold_are_refused_even_with_a_good_checksum() {
        let (index, stamp) = sample();
        let mut bytes = encode(&index, &stamp);
        // The ids' first end offset: going back, past the end.
        let at = HEADER + 8 + index.ids.parts().0.len();
        for bad in [9u32, u32::MAX] {
            bytes[at..at + 4].copy_from_slice(&bad.to_le_bytes());
            reseal(&mut bytes);
            assert!(decode(&bytes).is_none(), "{bad}");
        }
        // The sort keys' first end offset inside a character (they end with
        // the name as written, here Chinese).
        let mut bytes = encode(&index, &stamp);
        let (ids, ends) = index.ids.parts();
        let at = HEADER + 8 + ids.len() + 4 * ends.len() + 8 + index.sorts.parts().0.len();
        let inside = index.sorts.parts().1[0] - 1;
        bytes[at..at + 4].copy_from_slice(&inside.to_le_bytes());
        reseal(&mut bytes);
        assert!(decode(&bytes).is_none());
        // A mask this build would not derive: refused by the sample check.
        let mut bytes = encode(&index, &stamp);
        let masks = bytes.len() - index.len() * (24 + SAVED_LEN);
        bytes[masks] ^= 0xFF;
        reseal(&mut bytes);
        assert!(decode(&bytes).is_none());
        // Letter pairs this build would not derive: refused too.
        let mut bytes = encode(&index, &stamp);
        let pairs = bytes.len() - index.len() * (16 + SAVED_LEN);
        bytes[pairs] ^= 0xFF;
        reseal(&mut bytes);
        assert!(decode(&bytes).is_none());
    }

    proptest! {
        #![proptest_config(Config { cases: 256, rng_seed: RngSeed::Fixed(13), failure_persistence: None, ..Config::default() })]

        /// Any damage: refused or read, never a panic; damage the checksum
        /// sees is always refused.
        #[test]
        fn damaged_files_never_panic(at in 0usize..4096, xor in 1u8..=255, cut in 0usize..4096) {
            let (index, stamp) = sample();
            let mut bytes = encode(&index, &stamp);
            let at = at % bytes.len();
            bytes[at] ^= xor;
            prop_assert!(decode(&bytes).is_none());
            bytes.truncate(cut % bytes.len());
            prop_assert!(decode(&bytes).is_none());
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut with_magic = MAGIC.to_vec();
            with_magic.extend_from_slice(&fingerprint().to_le_bytes());
            with_magic.extend_from_slice(&bytes);
            prop_assert!(decode(&bytes).is_none());
            let _ = decode(&with_magic);
        }
    }
}
