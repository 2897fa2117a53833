//! The best page of a query without scoring every match (issue 13: a word
//! like `xi` matches 79% of the customers, and scoring each was the cost of
//! a keystroke).
//!
//! Each candidate first gets a cheap upper bound of its score, from what is
//! precomputed per customer (the name's initials, see [`Initials::most`])
//! and what the query's words allow in other fields: the best a field could
//! give, never less than scoring finds. A candidate is scored in full only
//! when its bound, with its tie rank, could still enter the best `k` kept
//! so far (a bounded heap of sort keys, see [`rank::key`]); the rest are
//! skipped. The page is exactly the first `k` of [`Index::search`]: a
//! skipped candidate's best possible key is worse than `k` keys already
//! found. Nothing is allocated per candidate.

use super::initials::Initials;
use super::matcher::{self, Quality, Tier, Unit, Word};
use super::query::{self, Scratch};
use super::readings::Readings;
use super::record::{self, Field};
use super::{Hit, Index, rank};
use std::collections::BinaryHeap;

const OTHER_FIELDS: [Field; 7] =
    [Field::Person, Field::City, Field::Region, Field::Tag, Field::Phone, Field::Email, Field::Notes];

/// The best score a match of `tier` in `field` can have.
fn most_at(field: Field, tier: Tier) -> u32 {
    matcher::score(field, Quality { tier, preferred: true, clean: true })
}

/// The letters and digits a match of a word in a field other than the
/// name can begin with, when it reaches the field's start (its first unit,
/// leading separators skipped: a letter or digit as written, the first
/// letter of any reading of a Chinese character in a field matched by
/// pinyin), or a phone's end (any of its letters and digits). A word whose
/// first letter is missing reaches at most a word's start there.
pub(super) fn heads_of(display: &str) -> u64 {
    let readings = Readings::get();
    let mut heads = 0;
    for (field, text) in record::fields(display) {
        if field == Field::Name {
            continue;
        }
        if field == Field::Phone {
            heads |= matcher::unit_mask(text, false);
            continue;
        }
        let first = text.chars().map(|c| matcher::unit_in(c, readings)).find(|u| !matches!(u, Unit::Sep(_)));
        heads |= match first {
            Some(Unit::Lit(a)) => matcher::bit(a),
            Some(Unit::Han(h)) if field.by_pinyin() => readings
                .of(h)
                .iter()
                .filter_map(|&s| readings.syllable(s).chars().next())
                .fold(0, |m, c| m | matcher::bit(c)),
            // A Chinese character in a field matched as written is a letter
            // no ASCII word starts with.
            _ => 0,
        };
    }
    heads
}

/// What bounds one word's score in a record: the most any field but the
/// name can give it (from its start, from a word's start), its first
/// character and its length.
struct WordBound {
    others: u32,
    others_inside: u32,
    first: char,
    /// Its first character when Chinese: the name matches it as written.
    han: Option<char>,
    len: usize,
}

impl WordBound {
    fn new(word: &Word) -> WordBound {
        let others = OTHER_FIELDS
            .iter()
            .filter(|f| word.allows(**f, Tier::Whole))
            .map(|f| most_at(*f, Tier::Whole))
            .max()
            .unwrap_or(0);
        let others_inside = OTHER_FIELDS
            .iter()
            .filter(|f| word.allows(**f, Tier::WordStart))
            .map(|f| most_at(*f, Tier::WordStart))
            .max()
            .unwrap_or(0);
        let first = word.chars.first().copied().unwrap_or('\u{0}');
        let han = Some(first).filter(|c| matches!(matcher::unit(*c), Unit::Han(_)));
        WordBound { others, others_inside, first, han, len: word.len() }
    }

    /// The most this word can score in a record whose name has `initials`,
    /// whose other fields have `heads` and whose display is `display`.
    fn most(&self, initials: &Initials, heads: u64, display: &str) -> u32 {
        let name = if let Some(c) = self.han {
            most_at(Field::Name, initials.most_literal(c, first_unit(display), self.len))
        } else {
            initials
                .most(self.first, self.len)
                .map_or(0, |(tier, preferred)| matcher::score(Field::Name, Quality { tier, preferred, clean: true }))
        };
        let b = matcher::bit(self.first);
        let others = if self.han.is_none() && b != 0 && heads & b == 0 { self.others_inside } else { self.others };
        name.max(others)
    }
}

/// The first unit of a record's name (leading separators skipped), if its
/// first field is the name.
fn first_unit(display: &str) -> Option<char> {
    let (field, text) = record::fields(display).next()?;
    if field != Field::Name {
        return None;
    }
    text.chars().find(|c| !matches!(matcher::unit(*c), Unit::Sep(_)))
}

impl Index {
    /// The best `k` hits for `query`, in the order of [`Index::search`]
    /// (the same hits it shows first), scoring in full only the
    /// candidates that could be among them (see the module's
    /// documentation). Uses a cached result or a narrowing base when there
    /// is one; caches nothing (the count is [`Index::count`]'s).
    pub fn page(&mut self, query: &str, k: usize) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() {
            return (0..self.len().min(k) as u32).map(|index| Hit { index, score: 0 }).collect();
        }
        if k == 0 {
            return Vec::new();
        }
        if self.cache.contains_key(query) {
            return self.search_top(query, k).0;
        }
        let ranks = self.ranks.take().unwrap_or_else(|| rank::Ranks::new(&self.ties));
        let base = self.narrowing_base(query);
        let words = query::words(query);
        let letter = query::single_letter(query);
        let candidates = base.as_deref().map(|b| b.iter().map(|h| h.index));
        let page = self.best_of((&words, letter), &ranks, candidates, k);
        self.ranks = Some(ranks);
        page
    }

    /// The best `k` of the candidates (everyone when None): each bounded
    /// (one cheap pass), then the candidates of the highest bound first,
    /// each bound's in tie order, scored in full until no bound left can
    /// enter the page.
    fn best_of(
        &self,
        (words, letter): (&[Word], Option<char>),
        ranks: &rank::Ranks,
        candidates: Option<impl Iterator<Item = u32>>,
        k: usize,
    ) -> Vec<Hit> {
        let bounds: Vec<WordBound> = words.iter().filter(|w| !w.negative).map(WordBound::new).collect();
        let needs_display = bounds.iter().any(|b| b.han.is_some());
        // (bound, rank) of every candidate the masks let through.
        let mut bounded: Vec<(u32, u32)> = Vec::new();
        let mut bound = |i: u32| {
            let at = i as usize;
            if words.iter().any(|w| !w.negative && (w.needs & !self.masks[at] != 0 || w.pair & !self.pairs[at] != 0)) {
                return;
            }
            let display = if needs_display { self.records.get(at) } else { "" };
            let most: u32 = bounds.iter().map(|b| b.most(&self.initials[at], self.heads[at], display)).sum();
            bounded.push((most, ranks.of[at]));
        };
        match candidates {
            Some(c) => c.for_each(&mut bound),
            None => (0..self.len() as u32).for_each(&mut bound),
        }
        let mut levels: Vec<u32> = bounded.iter().map(|b| b.0).collect();
        levels.sort_unstable_by(|a, b| b.cmp(a));
        levels.dedup();
        let mut scratch = Scratch::default();
        let mut heap: BinaryHeap<(u64, u32)> = BinaryHeap::with_capacity(k + 1);
        let mut level_ranks: Vec<u32> = Vec::new();
        for level in levels {
            // Nothing of this bound (or lower) can enter a full page.
            if heap.len() >= k && heap.peek().is_some_and(|worst| rank::key(level, 0) >= worst.0) {
                break;
            }
            level_ranks.clear();
            level_ranks.extend(bounded.iter().filter(|b| b.0 == level).map(|b| b.1));
            level_ranks.sort_unstable();
            for &rank in &level_ranks {
                // In tie order: once one cannot enter, none after it can.
                if heap.len() >= k && heap.peek().is_some_and(|worst| rank::key(level, rank) >= worst.0) {
                    break;
                }
                let at = ranks.order[rank as usize];
                if let Some(score) = self.score_at(at as usize, words, letter, &mut scratch) {
                    let key = rank::key(score, rank);
                    if heap.len() < k {
                        heap.push((key, at));
                    } else if heap.peek().is_some_and(|worst| key < worst.0) {
                        heap.pop();
                        heap.push((key, at));
                    }
                }
            }
        }
        let mut page = heap.into_vec();
        page.sort_unstable_by_key(|h| h.0);
        page.into_iter().map(|(key, index)| Hit { index, score: rank::score_of(key) }).collect()
    }

    /// How many customers match `query` (every match found: cached, so
    /// that the next keystroke narrows from it).
    pub fn count(&mut self, query: &str) -> usize {
        self.found(query.trim()).hits.len()
    }
}
