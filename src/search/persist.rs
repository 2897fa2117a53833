//! The search index saved beside the archive, so that the whole list is
//! searchable at once after start (issue 13): one file, read in one go,
//! checked, brought up to date with the customers changed since it was
//! saved, or rebuilt. Where it lives and what it is checked against is
//! `crate::store::SearchStamp`'s.
//!
//! The file's layout is `file.rs`'s. A file that is short, damaged (checksum),
//! from another build of the readings (fingerprint), inconsistent (offsets,
//! lengths) or whose derived data disagrees with this build on a sample of
//! records is not used: the index is rebuilt from the archive and saved.

use super::file::{Reader, Records, decode_main, read_sorts};
use super::packed::PackedStr;
use super::{Change, Index};
use crate::error::Result;
use crate::store::{SearchStamp, Store};
use std::path::{Path, PathBuf};

pub use super::file::{decode, encode};
/// Changed whenever what is saved or how it is derived changes (2: the
/// letter pairs added; 3: the name's unit count in the initials; 4: the
/// other fields' heads; 5: the preferred readings' word starts in the
/// initials, a phone's last digit in the heads; 6: the sort keys last,
/// with their own checksum; 7: the letters written in e-mails and notes
/// in the masks; 8: the records before the ids; 9: the digit pairs of
/// phones; 10: the ids as UUIDs' bytes; 11: how the fields begin, the
/// name's letter pairs apart; 12: how phones begin and end, their digit
/// pairs one bit each, whether a digit is written in e-mails and notes;
/// 13: the preferred readings of each field's start; an older file is
/// rebuilt, never misread).
const FORMAT: u32 = 13;
/// Above this many customers changed since the save, rebuilding is faster
/// than moving each into place.
const MOST_CHANGES: i64 = 2_000;
/// Saved again once this many customers changed since the last save (by
/// `repbook search`, which should not write 36 MB for one change); the
/// interface saves it again after any change, once its list takes a query
/// (see [`Index::load_for_list_later`]).
const SAVE_AFTER: usize = 16;

/// What this build derives the index with: the format, the program's
/// version and the extra readings table.
pub(super) fn fingerprint() -> u64 {
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
    load_with(store, (true, Some(SAVE_AFTER)), || read_saved(store, Records::Checked))
        .map(|(index, how, _)| (index, how))
}

/// An index to search, and only to search (`repbook search`): it may lack
/// the sort keys that keeping name order needs (see [`load_to_search`]).
#[derive(Debug)]
pub struct Searchable(Index);

impl Searchable {
    fn on_cores(mut index: Index) -> Searchable {
        index.use_cores();
        Searchable(index)
    }

    /// The best `limit` customers for `query`, with why each matched (see
    /// [`super::find`]).
    pub fn find(&mut self, query: &str, limit: usize) -> Vec<(String, u32, Vec<super::Why>)> {
        super::find::find_in(&mut self.0, query, limit)
    }
}

/// [`load`] for a search alone: when no customer changed since the index
/// was saved, its sort keys (a quarter of the file) are not read.
pub fn load_to_search(store: &Store) -> Result<Searchable> {
    load_with(store, (false, Some(SAVE_AFTER)), || read_saved(store, Records::Bytes))
        .map(|(index, _, _)| Searchable::on_cores(index))
}

/// [`load`] without the sort keys when no customer changed since the save
/// (they are not read then); with them else, and then to be saved again
/// by the caller (see [`Index::load_for_list`]).
pub(super) fn load_unsorted(store: &Store) -> Result<(Index, Option<Resave>)> {
    load_with(store, (false, None), || read_saved(store, Records::Checked)).map(|(index, _, resave)| (index, resave))
}

/// A saved file read up to its sort keys, and the reader where they begin.
type Main = (Index, SearchStamp, Reader<std::fs::File>);

/// The saved index of an archive, read on another thread while the
/// archive is opened (`repbook search`): see [`load_to_search_read`].
#[derive(Debug)]
pub struct Reading {
    path: PathBuf,
    read: std::thread::JoinHandle<Option<Main>>,
}

/// Starts reading the saved index of the archive at `db`. Nothing is
/// trusted yet: [`load_to_search_read`] checks it against the archive as a
/// load does.
pub fn start_reading(db: &Path) -> Reading {
    let path = crate::store::search_index_path(db);
    let at = path.clone();
    let read = std::thread::spawn(move || read_file(&at, Records::Bytes));
    Reading { path, read }
}

/// The reading begun by [`read_ahead`].
static AHEAD: std::sync::Mutex<Option<Reading>> = std::sync::Mutex::new(None);

/// Starts reading the saved index of the archive at `db` for a search to
/// come ([`take_read_ahead`]).
pub fn read_ahead(db: &Path) {
    if let Ok(mut slot) = AHEAD.lock() {
        *slot = Some(start_reading(db));
    }
}

/// The reading [`read_ahead`] began, once.
pub fn take_read_ahead() -> Option<Reading> {
    AHEAD.lock().ok()?.take()
}

/// [`load_to_search`] with the saved index read by [`start_reading`]
/// (read again here if it was another archive's).
pub fn load_to_search_read(store: &Store, reading: Reading) -> Result<Searchable> {
    let read = || match store.search_index_path() {
        Some(path) if path == reading.path => reading.read.join().ok().flatten(),
        _ => read_saved(store, Records::Bytes),
    };
    load_with(store, (false, Some(SAVE_AFTER)), read).map(|(index, _, _)| Searchable::on_cores(index))
}

/// The saved index of `store`, read up to its sort keys.
fn read_saved(store: &Store, records: Records) -> Option<Main> {
    read_file(&store.search_index_path()?, records)
}

/// The saved index at `path`, read up to its sort keys.
fn read_file(path: &Path, records: Records) -> Option<Main> {
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    decode_main(file, len, records)
}

/// When an index loaded is saved again: at once when rebuilt or when at
/// least this many customers changed since the save; else (None) when
/// rebuilt or when any changed, by the caller, once it is in use
/// ([`Resave`]).
type SaveAfter = Option<usize>;

/// An index to save again (a copy of one loaded, with its stamp), saved
/// by the caller once the one loaded is in use: the interface's list
/// takes a query first (saving the file took 110–220 ms at 100k).
pub struct Resave {
    index: Index,
    stamp: SearchStamp,
}

impl Resave {
    /// Save it beside the archive of `store` (best effort, as any save).
    pub fn save(self, store: &Store) {
        store.save_search_index(&encode(&self.index, &self.stamp), &self.stamp);
    }
}

/// [`load`]; the sort keys left out when `sorted` is false and nothing
/// is to be put in name order; saved again as `save_after` says; `read`
/// reads the saved file.
fn load_with(
    store: &Store,
    (sorted, save_after): (bool, SaveAfter),
    read: impl FnOnce() -> Option<Main>,
) -> Result<(Index, Loaded, Option<Resave>)> {
    if store.search_index_path().is_none() {
        return Ok((Index::build(store)?, Loaded::Rebuilt, None));
    }
    let saved = read();
    let (index, stamp, how) = store.reading(|| {
        let now = store.search_stamp()?;
        if let Some((mut index, stamp, mut rest)) = saved
            && store.search_stamp_holds(&stamp, &now)?
            && let pending = store.search_changes_since(stamp.generation)?
            && pending <= MOST_CHANGES
        {
            // Name order is kept (a change moved into place, a save) with
            // the sort keys: read them unless only searching, unchanged.
            let sorts =
                if sorted || pending > 0 { read_sorts(&mut rest, index.len()) } else { Some(PackedStr::default()) };
            // Records read unchecked (one search) are checked before
            // a change is put in.
            let records = std::mem::take(&mut index.records);
            let records = if pending > 0 { records.into_checked() } else { Some(records) };
            if let (Some(sorts), Some(records)) = (sorts, records) {
                index.sorts = sorts;
                index.records = records;
                let mut changes: Vec<Change> = Vec::new();
                let n = store.search_changed_since(stamp.generation, |id, record| {
                    let record = record.map(|(s, k, d)| (s.to_string(), k.to_string(), d.to_string()));
                    changes.push((id.to_string(), record));
                })?;
                index.apply(changes, store.romanizer());
                return Ok((index, now, Loaded::Saved(n)));
            }
        }
        Ok((Index::build(store)?, now, Loaded::Rebuilt))
    })?;
    let due = |most: usize| matches!(how, Loaded::Rebuilt) || matches!(how, Loaded::Saved(n) if n >= most.max(1));
    match save_after {
        Some(most) if due(most) => {
            store.save_search_index(&encode(&index, &stamp), &stamp);
        }
        None if due(1) => {
            let resave = Resave { index: index.saved_copy(), stamp };
            return Ok((index, how, Some(resave)));
        }
        _ => {}
    }
    Ok((index, how, None))
}

#[cfg(test)]
mod tests {
    use super::super::file::{HEADER, MAGIC, checksum};
    use super::super::initials::SAVED_LEN;
    use super::*;
    use crate::domain::pinyin::Romanizer;
    use crate::search::record::{self, Field};
    use crate::store::SearchStamp;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};

    fn sample() -> (Index, SearchStamp) {
        let r = Romanizer::default();
        let mut index = Index::default();
        for (i, name) in ["重庆恒达", "Harbor Electric", "乐亭机电", "曾国强五金"].iter().enumerate() {
            let rec = record::build(&r, &[(Field::Name, name), (Field::Phone, "138-0000-1111")], 1, 739_000);
            let id = format!("id-{i}");
            let sort = crate::search::sort_key(&r, name);
            let pos = index.place(&sort, &id, &r);
            index.insert(pos, &id, &sort, &rec.key, &rec.display);
        }
        (index, SearchStamp { generation: 7, erased: 1, origin: 2, seq: 30, hlc: 99 })
    }

    /// Bytes of the sort keys' part at the file's end (with its checksum).
    fn sorts_len(index: &Index) -> usize {
        8 + index.sorts.parts().0.len() + 4 * index.len() + 4
    }

    /// Checksums that fit the bytes again (what a hostile file could do).
    fn reseal(bytes: &mut [u8], index: &Index) {
        let (n, main_end) = (bytes.len(), bytes.len() - sorts_len(index));
        let sum = checksum(&bytes[..HEADER], &bytes[HEADER..main_end]);
        bytes[HEADER - 4..HEADER].copy_from_slice(&sum.to_le_bytes());
        let sum = crc32fast::hash(&bytes[main_end..n - 4]);
        bytes[n - 4..].copy_from_slice(&sum.to_le_bytes());
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
        index.apply(changes.clone(), &r);
        let mut afresh = Index::default();
        let (kept, _) = sample();
        let mut all: Vec<(String, String, String, String)> = (0..kept.len())
            .filter(|&i| !["id-0", "id-1"].contains(&kept.id_at(i).as_str()))
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
        // The tie order numbered while the file was read is the one a
        // search would number.
        let (ranks, fresh) = (back.ranks.as_ref().unwrap(), super::super::rank::Ranks::new(&back.ties));
        assert_eq!((&ranks.of, &ranks.order), (&fresh.of, &fresh.order));
        // Its records read for one search, each checked as it is read.
        let (mut once, ..) = decode_main(&bytes[..], bytes.len() as u64, Records::Bytes).unwrap();
        for q in ["", "cq", "laoting", "1111", "zgq", "重庆", "亭"] {
            let ids = |i: &mut Index| i.search(q).iter().map(|h| i.id(*h).to_string()).collect::<Vec<_>>();
            assert_eq!(ids(&mut back), ids(&mut index), "{q}");
            assert_eq!(ids(&mut once), ids(&mut index), "{q}");
        }
    }

    #[test]
    fn offsets_that_do_not_hold_are_refused_even_with_a_good_checksum() {
        let (index, stamp) = sample();
        let mut bytes = encode(&index, &stamp);
        // The records' first end offset: going back, past the end.
        let at = HEADER + 8 + index.records.parts().0.len();
        for bad in [9u32, u32::MAX] {
            bytes[at..at + 4].copy_from_slice(&bad.to_le_bytes());
            reseal(&mut bytes, &index);
            assert!(decode(&bytes).is_none(), "{bad}");
        }
        // The sort keys' first end offset inside a character (they end with
        // the name as written, here Chinese).
        let mut bytes = encode(&index, &stamp);
        let main_end = bytes.len() - sorts_len(&index);
        let at = main_end + 8 + index.sorts.parts().0.len();
        let inside = index.sorts.parts().1[0] - 1;
        bytes[at..at + 4].copy_from_slice(&inside.to_le_bytes());
        reseal(&mut bytes, &index);
        assert!(decode(&bytes).is_none());
        // A mask and letter pairs this build would not derive: refused by
        // the sample check.
        for from_end in [32 + SAVED_LEN, 24 + SAVED_LEN] {
            let mut bytes = encode(&index, &stamp);
            bytes[main_end - index.len() * from_end] ^= 0xFF;
            reseal(&mut bytes, &index);
            assert!(decode(&bytes).is_none(), "{from_end}");
        }
    }

    #[test]
    fn damaged_sort_keys_leave_the_index_to_search_but_not_to_keep_in_order() {
        let (index, stamp) = sample();
        let mut bytes = encode(&index, &stamp);
        let n = bytes.len();
        bytes[n - 6] ^= 0x01;
        let (mut main, got, mut rest) = decode_main(&bytes[..], n as u64, Records::Checked).unwrap();
        assert_eq!(got, stamp);
        assert!(read_sorts(&mut rest, main.len()).is_none(), "their own checksum");
        assert!(decode(&bytes).is_none());
        assert_eq!(main.search("cq").len(), 1);
        // Something after the sort keys: refused too.
        let mut longer = encode(&index, &stamp);
        longer.push(0);
        let (main, _, mut rest) = decode_main(&longer[..], longer.len() as u64, Records::Checked).unwrap();
        assert!(read_sorts(&mut rest, main.len()).is_none());
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
            // Read for one search (the sort keys not read): refused too.
            let main = decode_main(&bytes[..], bytes.len() as u64, Records::Bytes);
            prop_assert!(main.is_none() || at >= bytes.len() - sorts_len(&index));
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
