//! The best page of a query without scoring every match (issue 13: a word
//! like `xi` matches 79% of the customers, and scoring each was the cost of
//! a keystroke).
//!
//! Each candidate first gets a cheap upper bound of its score, from what is
//! precomputed per customer (the name's initials, see [`Initials::most`],
//! the other fields' heads, the letter pairs) and what the query's words
//! allow in each kind of field: never less than scoring finds (see
//! `bound.rs`). Candidates are taken from the highest bound down, each
//! bound's in tie order; one is bounded again from its text (a pass from
//! each field's start that stops at the first unit that cannot go on:
//! far cheaper than scoring) and put back with that bound when it is
//! lower, else scored in full, while its bound, with its tie rank, could
//! still enter the best `k` kept so far (a bounded heap of sort keys, see
//! [`rank::key`]); the rest are skipped. The page is exactly the first `k`
//! of [`Index::search`]: a skipped candidate's best possible key is worse
//! than `k` keys already found. Nothing is allocated per candidate.
//!
//! [`Initials::most`]: super::initials::Initials::most

use super::bound::WordBound;
use super::matcher::Word;
use super::query::{self, Scratch};
use super::{Hit, Index, rank};
use std::collections::BinaryHeap;

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
    /// (one cheap pass) into a bucket per bound; then, from the highest
    /// bound down, each bucket's candidates in tie order: bounded again
    /// from the record's text (moved to a lower bucket when that is
    /// lower) or, once so bounded, scored in full; until no candidate left
    /// can enter the page.
    fn best_of(
        &self,
        (words, letter): (&[Word], Option<char>),
        ranks: &rank::Ranks,
        candidates: Option<impl Iterator<Item = u32>>,
        k: usize,
    ) -> Vec<Hit> {
        let positive: Vec<&Word> = words.iter().filter(|w| !w.negative).collect();
        let bounds: Vec<WordBound> = positive.iter().map(|w| WordBound::new(w)).collect();
        let needs_display = bounds.iter().any(|b| !b.literal.is_empty());
        // Per bound, the ranks of its candidates (shifted left: the low bit
        // says the bound is the refined one).
        let mut buckets: Vec<Vec<u32>> = Vec::new();
        let mut bound = |i: u32| {
            let at = i as usize;
            if positive.iter().any(|w| w.needs & !self.masks[at] != 0 || w.pair & !self.pairs[at] != 0) {
                return;
            }
            let display = if needs_display { self.records.get(at) } else { "" };
            let record = (&self.initials[at], self.masks[at], self.heads[at], self.pairs[at], self.digits[at]);
            // A word that can score nothing here does not match it.
            let mut most = 0;
            for b in &bounds {
                match b.most(record, display) {
                    0 => return,
                    m => most += m as usize,
                }
            }
            if buckets.len() <= most {
                buckets.resize_with(most + 1, Vec::new);
            }
            buckets[most].push(ranks.of[at] << 1);
        };
        match candidates {
            Some(c) => c.for_each(&mut bound),
            None => (0..self.len() as u32).for_each(&mut bound),
        }
        let mut scratch = Scratch::default();
        let mut heap: BinaryHeap<(u64, u32)> = BinaryHeap::with_capacity(k + 1);
        // Nothing of this bound and rank (or worse) can enter a full page.
        let out = |heap: &BinaryHeap<(u64, u32)>, level: u32, rank: u32| {
            heap.len() >= k && heap.peek().is_some_and(|worst| rank::key(level, rank) >= worst.0)
        };
        'levels: while let Some(mut bucket) = buckets.pop() {
            let level = buckets.len() as u32;
            if bucket.is_empty() {
                continue;
            }
            if out(&heap, level, 0) {
                break;
            }
            bucket.sort_unstable();
            'entries: for entry in bucket {
                let rank = entry >> 1;
                // In tie order: once one cannot enter, none after it can
                // (nor anything of a lower bound).
                if out(&heap, level, rank) {
                    continue 'levels;
                }
                let at = ranks.order[rank as usize];
                if entry & 1 == 0 && letter.is_none() {
                    let i = at as usize;
                    let record = (&self.initials[i], self.masks[i], self.pairs[i], self.digits[i]);
                    let display = self.records.get(i);
                    let mut tighter = 0;
                    for (b, w) in bounds.iter().zip(&positive) {
                        match b.refined(w, record, display) {
                            0 => continue 'entries,
                            m => tighter += m,
                        }
                    }
                    if tighter < level {
                        buckets[tighter as usize].push(entry | 1);
                        continue;
                    }
                }
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
