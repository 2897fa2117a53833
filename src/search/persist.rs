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
/// 13: the preferred readings of each field's start; 14: the other
/// fields' triples of units' first letters; an older file is rebuilt,
/// never misread).
const FORMAT: u32 = 14;
/// Above this many customers changed since the save, rebuilding is faster
/// than moving each into place.
const MOST_CHANGES: i64 = 2_000;
/// Saved again once this many customers changed since the last save (by
/// `repbook search`, which should not write 36 MB for one change); the
/// interface saves it again after any change, once its list takes a query
/// (see [`Index::load_for_list_later`]).
const SAVE_AFTER: usize = 16;

/// What this build derives the index with: the format, the program's
/// version and the reading table (every reading of every character).
pub(super) fn fingerprint() -> u64 {
    let mut h = crc32fast::Hasher::new();
    h.update(&FORMAT.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(&super::readings::Readings::get().hash().to_le_bytes());
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

/// [`load`] for a search alone: its sort keys (a quarter of the file) are
/// read only when it saves the index again (see [`SAVE_AFTER`]).
pub fn load_to_search(store: &Store) -> Result<Searchable> {
    load_with(store, (false, Some(SAVE_AFTER)), || read_saved(store, Records::Bytes))
        .map(|(index, _, _)| Searchable::on_cores(index))
}

/// [`load`] without the sort keys (not read), to be saved again by the
/// caller when customers changed since the save or it was rebuilt (see
/// [`Index::load_for_list`]).
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

/// An index to save again, saved by the caller once the one loaded is in
/// use: the interface's list takes a query first (saving the file took
/// 110–220 ms at 100k).
pub struct Resave(Again);

/// What [`Resave`] saves.
enum Again {
    /// A copy of an index rebuilt from the archive, with its stamp.
    Copy(Box<Index>, SearchStamp),
    /// The saved index brought up to date again, sort keys and all (a load
    /// that saves): the one loaded put the changes in without them, and a
    /// copy of it would cost the start as much again (≈ 20 ms at 100k).
    Reload,
}

impl Resave {
    /// Save it beside the archive of `store` (best effort, as any save).
    pub fn save(self, store: &Store) {
        match self.0 {
            Again::Copy(index, stamp) => {
                store.save_search_index(&encode(&index, &stamp), &stamp);
            }
            Again::Reload => {
                let _ = load_with(store, (true, Some(1)), || read_saved(store, Records::Checked));
            }
        }
    }
}

/// [`load`]; the sort keys left out when `sorted` is false and the index
/// is not saved now; saved again as `save_after` says; `read` reads the
/// saved file.
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
            // Name order is kept with the sort keys when asked, and for a
            // save now (as `due` below says); else the few keys that
            // putting a change in place compares are made from the names
            // (see `Index::place`).
            let saving = save_after.is_some_and(|most| pending >= i64::try_from(most.max(1)).unwrap_or(i64::MAX));
            let sorts = if sorted || saving { read_sorts(&mut rest, index.len()) } else { Some(PackedStr::default()) };
            // Records read as bytes for one search stay so: checked whole
            // as UTF-8 when read, a change puts whole strings in their
            // place (see `Index::apply`).
            if let Some(sorts) = sorts {
                index.sorts = sorts;
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
        Some(most) if due(most) && index.sorted() => {
            store.save_search_index(&encode(&index, &stamp), &stamp);
        }
        None if due(1) => {
            let again = match how {
                Loaded::Rebuilt => Again::Copy(Box::new(index.saved_copy()), stamp),
                Loaded::Saved(_) => Again::Reload,
            };
            return Ok((index, how, Some(Resave(again))));
        }
        _ => {}
    }
    Ok((index, how, None))
}

#[cfg(test)]
#[path = "persist_tests.rs"]
mod tests;
