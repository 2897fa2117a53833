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
//! customer), plus 16 bytes of prefilter mask and tie key per customer.

mod find;
pub mod initials;
pub mod matcher;
mod order;
pub mod packed;
pub mod persist;
pub mod readings;
pub mod record;
mod spans;

pub use find::{find, match_texts};
pub use order::{name_order, name_position, sort_key};

use crate::error::Result;
use crate::store::Store;
use matcher::{FieldText, Word};
use packed::PackedStr;
use readings::Syl;
use record::Field;
use std::collections::HashMap;
use std::sync::Arc;

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
    ids: PackedStr,
    /// Name order keys ([`sort_key`]): the entries are kept in their order.
    sorts: PackedStr,
    records: PackedStr,
    keys: PackedStr,
    masks: Vec<u64>,
    ties: Vec<u64>,
    initials: Vec<matcher::Initials>,
    cache: HashMap<String, Arc<Vec<Hit>>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("entries", &self.len()).finish_non_exhaustive()
    }
}

const CACHE_LIMIT: usize = 64;
/// Below this many candidates one thread is faster than two.
const MIN_PER_THREAD: usize = 4_096;

/// The prefilter mask, tie key and name initials of a record.
pub(crate) fn derive(key: &str, display: &str) -> (u64, u64, matcher::Initials) {
    let mask = record::fields(display).fold(0, |m, (f, t)| m | matcher::unit_mask(t, f.by_pinyin()));
    let (class, last, over) = record::parse_key(key);
    let last = u32::try_from(last.max(0)).unwrap_or(0);
    let name = record::fields(display).next().filter(|(f, _)| *f == Field::Name).map_or("", |(_, t)| t);
    let prefs: Vec<(u16, Syl)> = over.iter().filter(|o| o.0 == 0).map(|o| (o.1, o.2)).collect();
    (mask, (u64::from(class) << 32) | u64::from(u32::MAX - last), matcher::Initials::of(name, &prefs))
}

/// Preferred readings of a record's key, per field number.
fn overrides(key: &str) -> Vec<(u16, u16, Syl)> {
    if key.ends_with('|') || !key.contains('|') {
        return Vec::new();
    }
    record::parse_key(key).2
}

/// A word's best field so far: score, field, text, preferred readings.
type Best<'a> = (u32, Field, &'a str, Vec<(u16, Syl)>);

/// Score of one record for a query's words, or None when it does not
/// match. `why` collects the best field per positive word.
fn score_record(words: &[Word], mask: u64, key: &str, display: &str, mut why: Option<&mut Vec<Why>>) -> Option<u32> {
    if words.iter().any(|w| !w.negative && w.needs & !mask != 0) {
        return None;
    }
    let over = overrides(key);
    let mut total = 0u32;
    let mut prefs: Vec<(u16, Syl)> = Vec::new();
    for word in words {
        let mut best: Option<Best<'_>> = None;
        for (no, (field, text)) in record::fields(display).enumerate() {
            prefs.clear();
            prefs.extend(over.iter().filter(|o| usize::from(o.0) == no).map(|o| (o.1, o.2)));
            let f = FieldText { field, text, preferred: &prefs };
            if let Some(q) = matcher::best(word, &f) {
                let s = matcher::score(field, q);
                if best.as_ref().is_none_or(|b| s > b.0) {
                    best = Some((s, field, text, prefs.clone()));
                }
            }
        }
        match (word.negative, best) {
            (true, Some(_)) | (false, None) => return None,
            (true, None) => {}
            (false, Some((s, field, text, p))) => {
                total += s;
                if let Some(why) = why.as_deref_mut() {
                    let f = FieldText { field, text, preferred: &p };
                    why.push(Why { field, text: text.to_string(), chars: matcher::spans(word, &f) });
                }
            }
        }
    }
    Some(total)
}

/// The words of a query.
pub(crate) fn words(query: &str) -> Vec<Word> {
    query.split_whitespace().map(Word::new).filter(|w| !w.is_empty()).collect()
}

impl Index {
    /// Every live customer's record, in name order: the index saved beside
    /// the archive, brought up to date, or rebuilt from the store's search
    /// records when it cannot be trusted (see [`persist`]).
    pub fn load(store: &Store) -> Result<Index> {
        persist::load(store)
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
        let (mask, tie, initials) = derive(key, display);
        self.ids.push(id);
        self.sorts.push(sort);
        self.records.push(display);
        self.keys.push(key);
        self.masks.push(mask);
        self.ties.push(tie);
        self.initials.push(initials);
        self.cache.clear();
    }

    /// Put one customer at position `pos` (the caller keeps name order;
    /// see [`Index::place`]).
    pub fn insert(&mut self, pos: usize, id: &str, sort: &str, key: &str, display: &str) {
        let (mask, tie, initials) = derive(key, display);
        self.ids.insert(pos, id);
        self.sorts.insert(pos, sort);
        self.records.insert(pos, display);
        self.keys.insert(pos, key);
        self.masks.insert(pos, mask);
        self.ties.insert(pos, tie);
        self.initials.insert(pos, initials);
        self.cache.clear();
    }

    /// The customer id at position `i`.
    pub fn id_at(&self, i: usize) -> &str {
        self.ids.get(i)
    }

    /// Positions of the entries in name order (for entries pushed in
    /// another order).
    pub fn name_order(&self) -> Vec<u32> {
        name_order(&self.sorts, &self.ids)
    }

    /// Append entry `i` of `other`, its derived data copied.
    pub fn push_from(&mut self, other: &Index, i: usize) {
        self.ids.push(other.ids.get(i));
        self.sorts.push(other.sorts.get(i));
        self.records.push(other.records.get(i));
        self.keys.push(other.keys.get(i));
        self.masks.push(other.masks[i]);
        self.ties.push(other.ties[i]);
        self.initials.push(other.initials[i]);
        self.cache.clear();
    }

    /// Where a customer with this sort key and id goes in name order.
    pub fn place(&self, sort: &str, id: &str) -> usize {
        name_position(self.len(), |i| (self.sorts.get(i), self.ids.get(i)), sort, id)
    }

    /// Bring many customers in line at once (the changes since an index
    /// was saved): one pass over the entries, the changed ones left out and
    /// those with a record merged in at their places. Linear, where moving
    /// each into place would cost a pass of the buffers per customer.
    pub fn apply(&mut self, mut changes: Vec<Change>) {
        if changes.is_empty() {
            return;
        }
        let gone: std::collections::HashSet<String> = changes.iter().map(|c| c.0.clone()).collect();
        changes.retain(|c| c.1.is_some());
        let key = |c: &Change| c.1.as_ref().map(|r| (r.0.clone(), c.0.clone()));
        changes.sort_by_cached_key(key);
        let mut out = Index::default();
        let mut new = changes.iter().filter_map(|(id, r)| r.as_ref().map(|r| (id, r))).peekable();
        for i in 0..self.len() {
            if gone.contains(self.ids.get(i)) {
                continue;
            }
            while let Some((id, r)) =
                new.next_if(|(id, r)| (r.0.as_str(), id.as_str()) < (self.sorts.get(i), self.ids.get(i)))
            {
                out.push(id, &r.0, &r.1, &r.2);
            }
            out.push_from(self, i);
        }
        for (id, r) in new {
            out.push(id, &r.0, &r.1, &r.2);
        }
        *self = out;
    }

    /// Take out the customer at position `pos`.
    pub fn remove(&mut self, pos: usize) {
        self.ids.remove(pos);
        self.sorts.remove(pos);
        self.records.remove(pos);
        self.keys.remove(pos);
        self.masks.remove(pos);
        self.ties.remove(pos);
        self.initials.remove(pos);
        self.cache.clear();
    }

    /// Where the customer with this id is.
    pub fn position(&self, id: &str) -> Option<usize> {
        (0..self.ids.len()).find(|&i| self.ids.get(i) == id)
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
    pub fn id(&self, hit: Hit) -> &str {
        self.ids.get(hit.index as usize)
    }

    /// The searchable text of a hit, fields separated by spaces (name first).
    pub fn display(&self, hit: Hit) -> String {
        record::fields(self.records.get(hit.index as usize)).map(|(_, t)| t).collect::<Vec<_>>().join(" ")
    }

    /// Why a hit matched `query`: the best field of each word and the
    /// characters matched there.
    pub fn explain(&self, hit: Hit, query: &str) -> Vec<Why> {
        let i = hit.index as usize;
        let mut why = Vec::new();
        let _ = score_record(&words(query), self.masks[i], self.keys.get(i), self.records.get(i), Some(&mut why));
        why
    }

    /// All hits for `query`, best first; ties by class (A first), then the
    /// most recent contact, then name order. An empty query returns
    /// everyone in name order.
    pub fn search(&mut self, query: &str) -> Arc<Vec<Hit>> {
        let query = query.trim();
        if let Some(hits) = self.cache.get(query) {
            return hits.clone();
        }
        let hits = if query.is_empty() {
            Arc::new((0..self.len() as u32).map(|index| Hit { index, score: 0 }).collect())
        } else {
            let narrowed = self.narrowing_base(query);
            Arc::new(self.score(query, narrowed.as_deref().map(Vec::as_slice)))
        };
        if self.cache.len() >= CACHE_LIMIT {
            self.cache.clear();
        }
        self.cache.insert(query.to_string(), hits.clone());
        hits
    }

    /// The hits of the longest cached query that this one only narrows:
    /// its words are the same words grown, each still of the same class
    /// (see [`matcher::word_class`]: shorter words match fewer fields, so a
    /// word growing out of its class is scored afresh), or more words. Negated words
    /// are scored afresh.
    fn narrowing_base(&self, query: &str) -> Option<Arc<Vec<Hit>>> {
        if query.split_whitespace().any(|w| w.starts_with('!')) {
            return None;
        }
        let new: Vec<u8> = query.split_whitespace().map(matcher::word_class).collect();
        self.cache
            .iter()
            .filter(|(q, _)| {
                if q.is_empty() || !query.starts_with(q.as_str()) {
                    return false;
                }
                let old: Vec<u8> = q.split_whitespace().map(matcher::word_class).collect();
                old.len() <= new.len() && old.iter().zip(&new).all(|(a, b)| a == b)
            })
            .max_by_key(|(q, _)| q.len())
            .map(|(_, hits)| hits.clone())
    }

    fn score(&self, query: &str, candidates: Option<&[Hit]>) -> Vec<Hit> {
        let words = words(query);
        if words.is_empty() {
            return (0..self.len() as u32).map(|index| Hit { index, score: 0 }).collect();
        }
        let total = candidates.map_or(self.len(), <[Hit]>::len);
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 8);
        let parts = threads.min(total.div_ceil(MIN_PER_THREAD)).max(1);
        let chunk = total.div_ceil(parts).max(1);
        // One letter or digit: the name's precomputed initials answer it.
        let letter = match query.as_bytes() {
            [b] if b.is_ascii_alphanumeric() => Some(char::from(*b)),
            _ => None,
        };
        let score_range = |range: std::ops::Range<usize>| -> Vec<Hit> {
            let mut hits = Vec::new();
            for pos in range {
                let index = candidates.map_or(pos as u32, |c| c[pos].index);
                let i = index as usize;
                if let Some(c) = letter {
                    if let Some(q) = self.initials[i].quality(c) {
                        hits.push(Hit { index, score: matcher::score(Field::Name, q) });
                    }
                    continue;
                }
                if let Some(score) = score_record(&words, self.masks[i], self.keys.get(i), self.records.get(i), None) {
                    hits.push(Hit { index, score });
                }
            }
            hits
        };
        let mut hits: Vec<Hit> = if parts == 1 {
            score_range(0..total)
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..parts)
                    .map(|k| {
                        let range = (k * chunk).min(total)..((k + 1) * chunk).min(total);
                        let f = &score_range;
                        s.spawn(move || f(range))
                    })
                    .collect();
                handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
            })
        };
        hits.sort_unstable_by_key(|h| (std::cmp::Reverse(h.score), self.ties[h.index as usize], h.index));
        hits
    }

    /// Forget cached results (after the entries change).
    pub fn clear_cache(&mut self) {
        self.cache.clear();
    }
}

#[cfg(test)]
mod tests;
