//! Finding a dossier in a keystroke (DESIGN.md §3).
//!
//! Each customer has a record (see [`record`]): the texts a rep remembers —
//! its name, key people, city, region, tags, phones, e-mails, and recent
//! notes, visit logs and follow-ups — each with its field. A query is split
//! into words; every word must match some field (a word starting with `!`
//! must match none). Chinese characters match every one of their readings,
//! syllable by syllable (see [`matcher`]). When the query grows, only the
//! previous hits are re-scored; hit sets are cached per query so that
//! backspace costs nothing.
//!
//! Ranking: the best field and tier per word (whole field, prefix, word
//! start, inside a word, scattered; the name before key people, phones,
//! places and notes; preferred readings before other readings), summed over
//! the words; ties by class (A, B, C), then the most recent contact, then
//! name order.
//!
//! Memory: ids, records and keys live in packed buffers (no allocation per
//! customer), plus 56 bytes of prefilter masks, letter pairs, heads,
//! phones' digits (`phones.rs`) and tie key, 41 of name initials and 16 of
//! field starts
//! (`starts.rs`) per customer,
//! and 4 of tie rank once searched (`rank.rs`). Scoring is in `query.rs`
//! (on the caller's thread; a first page by top-k, [`Index::search_top`]),
//! one field's scan in `scan.rs`, the letter-pair prefilter of two-letter
//! words in `pairs.rs`.

mod apply;
mod bound;
mod counting;
mod file;
mod find;
pub mod ids;
pub mod initials;
pub mod matcher;
mod order;
pub mod packed;
mod pairs;
pub mod persist;
mod phones;
mod query;
mod rank;
mod reader;
pub mod readings;
#[cfg(test)]
mod readings_gen;
mod readings_text;
pub mod record;
mod scan;
mod spans;
mod starts;
mod top;

pub use find::{Explainer, find, match_texts};
pub use order::{name_order, name_position, sort_key};
pub use query::{MAX_WORDS, is_blank};

use crate::error::Result;
use crate::store::Store;
use ids::{Id, Ids};
use packed::PackedStr;
use readings::Syl;
use record::Field;
use std::collections::HashMap;

pub(crate) use query::words;

/// A customer changed since an index was saved: its id, and its record
/// (sort key, key, display) unless it has none now.
pub type Change = (String, Option<(String, String, String)>);

/// One hit: a customer's position in the index and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Position in the index (name order).
    pub index: u32,
    /// Match score; higher is better.
    pub score: u32,
}

/// Why a customer matched one word of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Why {
    /// The field that matched best.
    pub field: Field,
    /// Its text.
    pub text: String,
    /// The matched characters (char indices into `text`).
    pub chars: Vec<usize>,
}

/// The searchable customers and the state of an incremental search.
#[derive(Default)]
pub struct Index {
    ids: Ids,
    /// Name order keys ([`sort_key`]): the entries are kept in their order.
    /// Empty for an index loaded for the customer list
    /// ([`Index::load_for_list`]): a key is then made from the name when a
    /// customer is put in place ([`Index::place`]).
    sorts: PackedStr,
    records: PackedStr,
    keys: PackedStr,
    masks: Vec<u64>,
    /// Letter pairs of the fields matched by pinyin ([`pairs`]): of the
    /// other fields, and of the name.
    pairs: Vec<u64>,
    name_pairs: Vec<u64>,
    /// The other fields' triples of units' first letters ([`pairs`]).
    triples: Vec<u64>,
    /// The letters and digits a match from the start of a field other
    /// than the name can begin with ([`bound::heads_of`]).
    heads: Vec<u64>,
    /// What the phones offer a word of digits ([`phones::digits_of`]).
    digits: Vec<u128>,
    ties: Vec<u64>,
    initials: Vec<matcher::Initials>,
    /// How each field matched by pinyin begins ([`starts`]), numbered in
    /// `start_table` (shared by indexes made from one another).
    starts: Vec<starts::Starts>,
    start_table: std::sync::Arc<starts::Table>,
    cache: HashMap<String, query::Found>,
    /// Tie order (class, last contact, name order), made at the first
    /// search after a change.
    ranks: Option<rank::Ranks>,
    /// Threads to score on (0 or 1: the caller's; see [`Index::set_threads`]).
    threads: usize,
    /// A count under way ([`Index::count_some`]).
    counting: Option<counting::Counting>,
    /// The last page's query and the entries its first bound kept (those
    /// that may match it): the next keystroke that narrows it bounds only
    /// these ([`Index::page`]).
    survivors: Option<(String, Vec<u32>)>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("entries", &self.len()).finish_non_exhaustive()
    }
}

/// What is derived from a record: its prefilter masks (letters and digits,
/// then from bit 36 the letters written in e-mails and notes; letter
/// pairs of the name and of the other fields, those fields' triples), tie key, name initials, the other fields' heads, the digit
/// pairs of its phones and how its fields begin.
type Derived = (u64, pairs::Offered, u64, matcher::Initials, u64, u128, starts::Keys);

/// The prefilter masks, tie key and name initials of a record.
fn derive(key: &str, display: &str) -> Derived {
    let mask = record::fields(display).fold(0, |m, (f, t)| m | bound::mask_of(f, t));
    let (class, last, over) = record::parse_key(key);
    let last = u32::try_from(last.max(0)).unwrap_or(0);
    let name = record::name_of(display);
    let prefs: Vec<(u16, Syl)> = over.iter().filter(|o| o.0 == 0).map(|o| (o.1, o.2)).collect();
    (
        mask,
        pairs::of_record(display),
        (u64::from(class) << 32) | u64::from(u32::MAX - last),
        matcher::Initials::of(name, &prefs),
        bound::heads_of(display),
        phones::digits_of(display),
        starts::of_record(key, display),
    )
}

impl Index {
    /// Every live customer's record, in name order: the index saved beside
    /// the archive, brought up to date, or rebuilt from the store's search
    /// records when it cannot be trusted (see [`persist`]).
    pub fn load(store: &Store) -> Result<Index> {
        persist::load(store)
    }

    /// [`Index::load`] for the customer list of the interface, without the
    /// sort keys (a fifth of the index at 100k customers): its entries stay
    /// in name order, and the few keys that putting a customer in place
    /// compares are made from the names then ([`Index::place`]).
    /// When customers changed since the index was saved (or it was
    /// rebuilt), it is saved again before this returns; see
    /// [`Index::load_for_list_later`].
    pub fn load_for_list(store: &Store) -> Result<Index> {
        let (index, resave) = Index::load_for_list_later(store)?;
        if let Some(resave) = resave {
            resave.save(store);
        }
        Ok(index)
    }

    /// [`Index::load_for_list`], with the index to save again left to the
    /// caller, to save once the list takes a query: a change put in costs
    /// every later start the whole index made again (≈ 80 ms at 100k
    /// customers, against ≈ 30 ms for the load), and `repbook search`
    /// saves it only after many.
    pub fn load_for_list_later(store: &Store) -> Result<(Index, Option<persist::Resave>)> {
        let (mut index, resave) = persist::load_unsorted(store)?;
        index.forget_sort_keys();
        index.use_cores();
        Ok((index, resave))
    }

    /// Search on up to two of the machine's cores (see
    /// [`Index::set_threads`]): what the interface and `repbook search` do.
    pub fn use_cores(&mut self) {
        self.set_threads(std::thread::available_parallelism().map_or(1, |n| n.get().min(2)));
    }

    /// Drop the sort keys (see [`Index::load_for_list`]).
    pub fn forget_sort_keys(&mut self) {
        self.sorts = PackedStr::default();
    }

    /// True when this index holds every entry's sort key.
    fn sorted(&self) -> bool {
        self.sorts.len() == self.ids.len()
    }

    /// Entry `i`'s sort key: kept, or made from its name.
    fn sort_at(&self, i: usize, romanizer: &crate::domain::pinyin::Romanizer) -> std::borrow::Cow<'_, str> {
        if self.sorted() { self.sorts.get(i).into() } else { sort_key(romanizer, self.name_at(i)).into() }
    }

    /// Build from the store's search records, ignoring any saved index.
    /// Rows are read in storage order (a sequential scan) and sorted here.
    pub fn build(store: &Store) -> Result<Index> {
        let mut staged = Index::default();
        store.for_each_search_entry(|id, sort, key, display| staged.push(id, sort, key, display))?;
        let mut index = Index::default();
        for i in staged.name_order() {
            index.push_from(&staged, i as usize);
        }
        Ok(index)
    }

    /// Add one customer (callers add in name order): its id, sort key and
    /// stored search record (see [`record`]).
    pub fn push(&mut self, id: &str, sort: &str, key: &str, display: &str) {
        let (mask, pairs, tie, initials, heads, digits, keys) = derive(key, display);
        let starts = self.intern_starts(&keys);
        self.starts.push(starts);
        self.heads.push(heads);
        self.digits.push(digits);
        if self.sorted() {
            self.sorts.push(sort);
        }
        self.ids.push(id);
        self.records.push(display);
        self.keys.push(key);
        self.masks.push(mask);
        self.pairs.push(pairs.others);
        self.name_pairs.push(pairs.name);
        self.triples.push(pairs.triples);
        self.ties.push(tie);
        self.initials.push(initials);
        self.changed();
    }

    /// Put one customer at position `pos` (the caller keeps name order;
    /// see [`Index::place`]).
    pub fn insert(&mut self, pos: usize, id: &str, sort: &str, key: &str, display: &str) {
        let (mask, pairs, tie, initials, heads, digits, keys) = derive(key, display);
        let starts = self.intern_starts(&keys);
        self.starts.insert(pos, starts);
        self.heads.insert(pos, heads);
        self.digits.insert(pos, digits);
        if self.sorted() {
            self.sorts.insert(pos, sort);
        }
        self.ids.insert(pos, id);
        self.records.insert(pos, display);
        self.keys.insert(pos, key);
        self.masks.insert(pos, mask);
        self.pairs.insert(pos, pairs.others);
        self.name_pairs.insert(pos, pairs.name);
        self.triples.insert(pos, pairs.triples);
        self.ties.insert(pos, tie);
        self.initials.insert(pos, initials);
        self.changed();
    }

    /// Entry `i`'s letter pairs, of every field matched by pinyin.
    fn all_pairs(&self, i: usize) -> u64 {
        self.pairs[i] | self.name_pairs[i]
    }

    /// What entry `i` offers a word matched contiguously ([`pairs`]).
    fn offered(&self, i: usize) -> pairs::Offered {
        pairs::Offered { name: self.name_pairs[i], others: self.pairs[i], triples: self.triples[i] }
    }

    /// The customer id at position `i`.
    pub fn id_at(&self, i: usize) -> Id<'_> {
        self.ids.get(i)
    }

    /// Every customer id, in the index's order.
    pub fn ids(&self) -> &Ids {
        &self.ids
    }

    /// The name at position `i` (its record's first field), or "".
    pub fn name_at(&self, i: usize) -> &str {
        record::name_of(self.records.get(i))
    }

    /// Positions of the entries in name order (for entries pushed in
    /// another order). An index without sort keys is in name order.
    pub fn name_order(&self) -> Vec<u32> {
        if self.sorted() { name_order(&self.sorts, &self.ids) } else { (0..self.len() as u32).collect() }
    }

    /// Append entry `i` of `other`, its derived data copied.
    /// Take out the customer at position `pos`.
    pub fn remove(&mut self, pos: usize) {
        if self.sorted() {
            self.sorts.remove(pos);
        }
        self.ids.remove(pos);
        self.records.remove(pos);
        self.keys.remove(pos);
        self.masks.remove(pos);
        self.pairs.remove(pos);
        self.name_pairs.remove(pos);
        self.triples.remove(pos);
        self.heads.remove(pos);
        self.digits.remove(pos);
        self.ties.remove(pos);
        self.initials.remove(pos);
        self.starts.remove(pos);
        self.changed();
    }

    /// Forget what was derived from the entries (after they change).
    fn changed(&mut self) {
        self.cache.clear();
        self.ranks = None;
        self.counting = None;
        self.survivors = None;
    }

    /// Where the customer with this id is.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.ids.position(id)
    }

    /// Number of customers.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when there are no customers.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The customer id of a hit.
    pub fn id(&self, hit: Hit) -> Id<'_> {
        self.ids.get(hit.index as usize)
    }

    /// The searchable text of a hit, fields separated by spaces (name first).
    pub fn display(&self, hit: Hit) -> String {
        record::fields(self.records.get(hit.index as usize)).map(|(_, t)| t).collect::<Vec<_>>().join(" ")
    }

    /// Why a hit matched `query`: the best field of each word and the
    /// characters matched there. (Many hits of one query:
    /// [`Index::explainer`].)
    pub fn explain(&self, hit: Hit, query: &str) -> Vec<Why> {
        self.explainer(query).why(hit)
    }
}

#[cfg(test)]
mod tests;
