//! Answering a query over the index: each record scored (no allocation
//! per record) on the caller's thread (no thread spawned per search), narrowed from the
//! previous keystroke's hits when the query only grew, and put in order by
//! radix over score and tie rank (see [`super::rank`]).

use super::matcher::{self, FieldText, Word};
use super::readings::Syl;
use super::record::{self, Field};
use super::{Hit, Index, Why, rank};
use std::sync::Arc;

const CACHE_LIMIT: usize = 64;
/// Below this many candidates one thread is faster than two.
const MIN_PER_THREAD: usize = 4_096;

/// Buffers reused from record to record.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    over: Vec<(u16, u16, Syl)>,
    prefs: Vec<(u16, Syl)>,
}

impl Scratch {
    /// The preferred readings of field number `no`, into `prefs`.
    pub(super) fn prefs_of(&mut self, no: usize) -> &[(u16, Syl)] {
        self.prefs.clear();
        self.prefs.extend(self.over.iter().filter(|o| usize::from(o.0) == no).map(|o| (o.1, o.2)));
        &self.prefs
    }

    /// The reading overrides of a record's stored `key`, into `over`.
    pub(super) fn overrides(&mut self, key: &str) {
        record::overrides_into(key.split_once('|').map_or("", |k| k.1), &mut self.over);
    }
}

/// The letter or digit a query is, alone: the name's precomputed
/// initials answer it.
pub(super) fn single_letter(query: &str) -> Option<char> {
    match query.as_bytes() {
        [b] if b.is_ascii_alphanumeric() => Some(char::from(*b)),
        _ => None,
    }
}

/// Whether every match of `query` is a match of the earlier query `old`
/// (see [`Index::narrowing_base`]).
pub(super) fn narrows(old: &str, query: &str) -> bool {
    // As their words read them: `cafe` then a combining accent reads
    // `café`, which `cafe` does not narrow to.
    let (old, query) = (crate::domain::clean::clean(old, false), crate::domain::clean::clean(query, false));
    if old.is_empty() || !query.starts_with(&*old) || query.split_whitespace().any(|w| w.starts_with('!')) {
        return false;
    }
    let mut new = query.split_whitespace().map(matcher::word_class);
    old.split_whitespace().map(matcher::word_class).all(|a| new.next() == Some(a))
}

/// The most words of a query that count (the rest are left out, as
/// characters past [`matcher::MAX_WORD`] of a word are): a paste of a
/// page of text into the search field cost seconds and a gigabyte.
pub const MAX_WORDS: usize = 16;

/// The words of a query, its text cleaned as every text stored is
/// (composed: an accent typed as a mark of its own finds the letter
/// written with it; controls left out), at most [`MAX_WORDS`].
pub(crate) fn words(query: &str) -> Vec<Word> {
    crate::domain::clean::clean(query, false)
        .split_whitespace()
        .map(Word::new)
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .collect()
}

/// Whether a query holds no word (only spaces or control characters): it
/// is the empty query, everyone in name order, in every list that asks.
pub fn is_blank(query: &str) -> bool {
    query.trim().is_empty() || words(query).is_empty()
}

/// The query as searched: trimmed, and empty when [`is_blank`].
pub(super) fn searched(query: &str) -> &str {
    if is_blank(query) { "" } else { query.trim() }
}

/// Score of one record (its masks, key and display) for a query's words,
/// or None when it does not match. `why` collects the best field per
/// positive word.
pub(super) fn score_record(
    words: &[Word],
    (mask, pairs, key, display): (u64, u64, &str, &str),
    scratch: &mut Scratch,
    mut why: Option<&mut Vec<Why>>,
) -> Option<u32> {
    if words.iter().any(|w| !w.negative && (w.needs & !mask != 0 || w.pair & !pairs != 0)) {
        return None;
    }
    scratch.overrides(key);
    let mut total = 0u32;
    for word in words {
        // The best score so far and its field's number.
        let mut best: Option<(u32, usize)> = None;
        // Letters missing from those written in e-mails and notes (see
        // `bound::mask_of`): neither can match.
        let written = super::bound::written_may(word, mask);
        for (no, (field, text)) in record::fields(display).enumerate() {
            if !written && matches!(field, Field::Email | Field::Notes) {
                continue;
            }
            scratch.prefs_of(no);
            let f = FieldText { field, text, preferred: &scratch.prefs };
            if let Some(q) = matcher::best(word, &f) {
                let s = matcher::score(field, q);
                if best.is_none_or(|b| s > b.0) {
                    best = Some((s, no));
                }
            }
        }
        match (word.negative, best) {
            (true, Some(_)) | (false, None) => return None,
            (true, None) => {}
            (false, Some((s, no))) => {
                total += s;
                if let Some(why) = why.as_deref_mut()
                    && let Some((field, text)) = record::fields(display).nth(no)
                {
                    scratch.prefs_of(no);
                    let f = FieldText { field, text, preferred: &scratch.prefs };
                    why.push(Why { field, text: text.to_string(), chars: matcher::spans(word, &f) });
                }
            }
        }
    }
    Some(total)
}

/// A query's hits as cached: in order (best first) once someone needed
/// them all, else in scan order (enough to narrow the next keystroke and
/// to count; [`Index::search_top`] picks the best few from them).
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub(super) hits: Arc<Vec<Hit>>,
    pub(super) sorted: bool,
}

impl Index {
    /// All hits for `query`, best first; ties by class (A first), then the
    /// most recent contact, then name order. An empty query returns
    /// everyone in name order.
    pub fn search(&mut self, query: &str) -> Arc<Vec<Hit>> {
        let query = searched(query);
        let found = self.found(query);
        if found.sorted {
            return found.hits;
        }
        let mut keyed = self.keyed(&found.hits);
        rank::sort(&mut keyed);
        let hits = Arc::new(keyed.into_iter().map(|(k, index)| Hit { index, score: rank::score_of(k) }).collect());
        self.cache.insert(query.to_string(), Found { hits: Arc::clone(&hits), sorted: true });
        hits
    }

    /// The best `k` hits for `query`, in the order of [`Index::search`]
    /// (the same hits it would show first), and how many hits there are in
    /// all: only those `k` are put in order.
    pub fn search_top(&mut self, query: &str, k: usize) -> (Vec<Hit>, usize) {
        let found = self.found(searched(query));
        let total = found.hits.len();
        if found.sorted {
            return (found.hits.iter().take(k).copied().collect(), total);
        }
        let mut keyed = self.keyed(&found.hits);
        // Keys are unique (a tie rank per customer): the best k, sorted,
        // are exactly the first k of the whole sorted list.
        if k == 0 {
            keyed.clear();
        } else if k < keyed.len() {
            keyed.select_nth_unstable_by_key(k - 1, |h| h.0);
            keyed.truncate(k);
        }
        keyed.sort_unstable_by_key(|h| h.0);
        (keyed.into_iter().map(|(key, index)| Hit { index, score: rank::score_of(key) }).collect(), total)
    }

    /// The hits of `query` (trimmed), from the cache or scored (then
    /// cached, in scan order).
    pub(super) fn found(&mut self, query: &str) -> Found {
        if let Some(found) = self.cache.get(query) {
            return found.clone();
        }
        if query.is_empty() {
            // Everyone in name order: made again when asked (a linear
            // fill), never kept (8 bytes a customer, 0.8 MB at 100k).
            return Found {
                hits: Arc::new((0..self.len() as u32).map(|index| Hit { index, score: 0 }).collect()),
                sorted: true,
            };
        }
        if self.ranks.is_none() {
            self.ranks = Some(rank::Ranks::new(&self.ties));
        }
        let narrowed = self.narrowing_base(query);
        let found = Found { hits: Arc::new(self.score(query, narrowed.as_deref().map(Vec::as_slice))), sorted: false };
        self.remember(query.to_string(), found.clone());
        found
    }

    /// Cache the hits of a query.
    pub(super) fn remember(&mut self, query: String, found: Found) {
        if self.cache.len() >= CACHE_LIMIT {
            self.cache.clear();
        }
        self.cache.insert(query, found);
    }

    /// The sort keys of hits (see [`rank::key`]).
    fn keyed(&self, hits: &[Hit]) -> Vec<(u64, u32)> {
        let Some(ranks) = self.ranks.as_ref() else {
            return hits.iter().map(|h| (u64::from(h.index), h.index)).collect();
        };
        hits.iter().map(|h| (rank::key(h.score, ranks.of[h.index as usize]), h.index)).collect()
    }

    /// The hits of the longest cached query that this one only narrows:
    /// its words are the same words grown, each still of the same class
    /// (see [`matcher::word_class`]: shorter words match fewer fields, so a
    /// word growing out of its class is scored afresh), or more words.
    /// Negated words are scored afresh.
    pub(super) fn narrowing_base(&self, query: &str) -> Option<Arc<Vec<Hit>>> {
        self.cache
            .iter()
            .filter(|(q, _)| narrows(q, query))
            .max_by_key(|(q, _)| q.len())
            .map(|(_, found)| Arc::clone(&found.hits))
    }

    /// Score the candidates (everyone when None): the hits in scan order.
    fn score(&self, query: &str, candidates: Option<&[Hit]>) -> Vec<Hit> {
        let words = words(query);
        if words.is_empty() {
            return (0..self.len() as u32).map(|index| Hit { index, score: 0 }).collect();
        }
        let total = candidates.map_or(self.len(), <[Hit]>::len);
        let parts = self.threads.min(total.div_ceil(MIN_PER_THREAD)).max(1);
        let chunk = total.div_ceil(parts).max(1);
        let letter = single_letter(query);
        let score_range = |range: std::ops::Range<usize>| -> Vec<Hit> {
            let mut hits = Vec::new();
            let mut scratch = Scratch::default();
            for pos in range {
                let index = candidates.map_or(pos as u32, |c| c[pos].index);
                if let Some(score) = self.score_at(index as usize, &words, letter, &mut scratch) {
                    hits.push(Hit { index, score });
                }
            }
            hits
        };
        if parts == 1 {
            score_range(0..total)
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..parts)
                    .map(|k| {
                        let range = (k * chunk).min(total)..((k + 1) * chunk).min(total);
                        let f = &score_range;
                        (range.clone(), s.spawn(move || f(range)))
                    })
                    .collect();
                // A part its thread could not score is scored here: no hit
                // is ever left out.
                handles.into_iter().flat_map(|(range, h)| h.join().unwrap_or_else(|_| score_range(range))).collect()
            })
        }
    }

    /// The score of entry `i` for the words of a query (`letter`: the
    /// query is that one letter or digit, see [`single_letter`]).
    pub(super) fn score_at(
        &self,
        i: usize,
        words: &[Word],
        letter: Option<char>,
        scratch: &mut Scratch,
    ) -> Option<u32> {
        if let Some(c) = letter {
            return self.initials[i].quality(c).map(|q| matcher::score(Field::Name, q));
        }
        let rec = (self.masks[i], self.all_pairs(i), self.keys.get(i), self.records.get(i));
        score_record(words, rec, scratch, None)
    }

    /// Score on at most `n` threads, spawned (scoped) for each search of
    /// more than 4,096 candidates, and bound a page's candidates on two
    /// when there are more than 16,384; by default (0 or 1) none: the
    /// search runs on the caller's thread. The interface and `repbook
    /// search` ask for two when the machine has them ([`Index::use_cores`]).
    pub fn set_threads(&mut self, n: usize) {
        self.threads = n;
    }

    /// Forget cached results (after the entries change).
    pub fn clear_cache(&mut self) {
        self.cache.clear();
        self.counting = None;
        self.survivors = None;
    }
}
