//! The best page of a query without scoring every match (issue 13: a word
//! like `xi` matches 79% of the customers, and scoring each was the cost of
//! a keystroke).
//!
//! Each candidate first gets a cheap upper bound of its score, from what is
//! precomputed per customer (the name's initials, see [`Initials::most`],
//! how the fields matched by pinyin begin, see `starts.rs`, the other
//! fields' heads, the letter pairs of the name and of the other fields)
//! and what the query's words allow in each kind of field: never less than
//! scoring finds (see `bound.rs`). Candidates are taken from the highest
//! bound down, each bound's in tie order; one is bounded again from its
//! text (its short fields scored, e-mails and notes bounded from their
//! start: cheaper than scoring) and put back with that bound when it is
//! lower, else scored in full, while its bound, with its tie rank, could
//! still enter the best `k` kept so far (a bounded heap of sort keys, see
//! [`rank::key`]); the rest are skipped. The page is exactly the first `k`
//! of [`Index::search`]: a skipped candidate's best possible key is worse
//! than `k` keys already found. Nothing is allocated per candidate. The
//! candidates the first bound keeps are kept for the next keystroke: one
//! that narrows the query bounds only them (typing `zhaojie`, `zhaoj`
//! bounds only who may match `zhao`).
//!
//! [`Initials::most`]: super::initials::Initials::most

use super::bound::WordBound;
use super::matcher::{self, Word};
use super::query::{self, Scratch};
use super::starts::Memo;
use super::{Hit, Index, rank};
use std::collections::BinaryHeap;

/// Fewer candidates than this in each half are all bounded on the
/// caller's thread (a thread costs tens of microseconds); the unit tests'
/// few customers are bounded in halves too.
const MIN_HALF: usize = if cfg!(test) { 2 } else { 8_192 };

/// What the first bound of a query's candidates reads: its positive words,
/// their bounds, the characters a record must hold, the tie ranks, and
/// whether the candidates kept are wanted.
#[derive(Clone, Copy)]
struct First<'q> {
    positive: &'q [&'q Word],
    bounds: &'q [WordBound],
    literal: &'q [memchr::memmem::Finder<'static>],
    ranks: &'q rank::Ranks,
    keep: bool,
}

impl Index {
    /// The best `k` hits for `query`, in the order of [`Index::search`]
    /// (the same hits it shows first), scoring in full only the
    /// candidates that could be among them (see the module's
    /// documentation). Uses a cached result or a narrowing base when there
    /// is one; caches nothing (the count is [`Index::count`]'s).
    pub fn page(&mut self, query: &str, k: usize) -> Vec<Hit> {
        let query = query::searched(query);
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
        // Only those that may match a query this one narrows: every match
        // of an earlier query (counted), else what the last page's bound
        // kept.
        let kept = match self.narrowing_base(query) {
            Some(base) => Some(base.iter().map(|h| h.index).collect()),
            None => self.survivors.take().filter(|(q, _)| query::narrows(q, query)).map(|s| s.1),
        };
        let words = query::words(query);
        let letter = query::single_letter(query);
        let candidates = kept.as_deref();
        // Worth keeping when the next keystroke can narrow: a word of three
        // characters or more stays of its class as it grows.
        let keep = query.split_whitespace().last().is_some_and(|w| matcher::word_class(w) == 2);
        let (page, survivors) = self.best_of((&words, letter), &ranks, (candidates, keep), k);
        self.survivors = keep.then(|| (query.to_string(), survivors));
        self.ranks = Some(ranks);
        page
    }

    /// The best `k` of the candidates (everyone when None): each bounded
    /// (one cheap pass) into a bucket per bound; then, from the highest
    /// bound down, each bucket's candidates in tie order: bounded again
    /// from the record's text (moved to a lower bucket when that is
    /// lower) or, once so bounded, scored in full; until no candidate left
    /// can enter the page. With it, the candidates the first bound kept.
    fn best_of(
        &self,
        (words, letter): (&[Word], Option<char>),
        ranks: &rank::Ranks,
        (candidates, keep): (Option<&[u32]>, bool),
        k: usize,
    ) -> (Vec<Hit>, Vec<u32>) {
        let positive: Vec<&Word> = words.iter().filter(|w| !w.negative).collect();
        let bounds: Vec<WordBound> = positive.iter().map(|w| WordBound::new(w)).collect();
        // The characters a record must hold as written, looked for in its
        // bytes first: most records lack them, and reading one as text
        // checks it (see `PackedStr`).
        let literal: Vec<memchr::memmem::Finder<'static>> = bounds
            .iter()
            .flat_map(|b| &b.literal)
            .map(|c| memchr::memmem::Finder::new(c.encode_utf8(&mut [0; 4]).as_bytes()).into_owned())
            .collect();
        let first = First { positive: &positive, bounds: &bounds, literal: &literal, ranks, keep };
        let total = candidates.map_or(self.len(), <[u32]>::len);
        let run = |range: std::ops::Range<usize>| match candidates {
            Some(c) => self.bound_each(&first, c[range].iter().copied()),
            None => self.bound_each(&first, range.map(|i| i as u32)),
        };
        // Many candidates: half of them bounded on a second thread (when
        // allowed, see `Index::set_threads`), each half into its own
        // buckets, joined in order (a bucket is read in rank order).
        let (mut buckets, survivors) = if self.threads > 1 && total >= 2 * MIN_HALF {
            let half = total / 2;
            std::thread::scope(|s| {
                let other = s.spawn(|| run(0..half));
                let (later, kept_later) = run(half..total);
                let (mut buckets, mut kept) = other.join().unwrap_or_else(|_| run(0..half));
                if buckets.len() < later.len() {
                    buckets.resize_with(later.len(), Vec::new);
                }
                for (bucket, more) in buckets.iter_mut().zip(later) {
                    bucket.extend(more);
                }
                kept.extend(kept_later);
                (buckets, kept)
            })
        } else {
            run(0..total)
        };
        let mut scratch = Scratch::default();
        let mut heap: BinaryHeap<(u64, u32)> = BinaryHeap::with_capacity(k + 1);
        // Nothing of this bound and rank (or worse) can enter a full page.
        let out = |heap: &BinaryHeap<(u64, u32)>, level: u32, rank: u32| {
            heap.len() >= k && heap.peek().is_some_and(|worst| rank::key(level, rank) >= worst.0)
        };
        'levels: while let Some(bucket) = buckets.pop() {
            let level = buckets.len() as u32;
            if bucket.is_empty() {
                continue;
            }
            if out(&heap, level, 0) {
                break;
            }
            'entries: for entry in Ascending::new(bucket) {
                let rank = entry >> 1;
                // In tie order: once one cannot enter, none after it can
                // (nor anything of a lower bound).
                if out(&heap, level, rank) {
                    continue 'levels;
                }
                let at = ranks.order[rank as usize];
                if entry & 1 == 0 && letter.is_none() {
                    let i = at as usize;
                    let record = (self.masks[i], self.heads[i], self.offered(i), self.digits[i]);
                    let text = (self.keys.get(i), self.records.get(i));
                    // Partly: e-mails and notes left unread, at their
                    // first bound; read again if it comes to that.
                    let (mut tighter, mut partly) = (0, false);
                    for (b, w) in bounds.iter().zip(&positive) {
                        match b.refined(w, record, text, &mut scratch, level) {
                            (0, 0) => continue 'entries,
                            (m, d) => {
                                tighter += m.max(d);
                                partly |= d > m;
                            }
                        }
                    }
                    if tighter < level {
                        buckets[tighter as usize].push(if partly { entry } else { entry | 1 });
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
        (page.into_iter().map(|(key, index)| Hit { index, score: rank::score_of(key) }).collect(), survivors)
    }

    /// The first, cheap bound of each candidate: per bound, the ranks of
    /// its candidates (shifted left: the low bit says the bound is the
    /// refined one); with them, the candidates it kept (when asked).
    fn bound_each(&self, first: &First<'_>, candidates: impl Iterator<Item = u32>) -> (Vec<Vec<u32>>, Vec<u32>) {
        let First { positive, bounds, literal, ranks, keep } = *first;
        let needs_display = bounds.iter().any(|b| !b.literal.is_empty());
        let mut memos: Vec<Memo> = positive.iter().map(|w| Memo::new(w, &self.start_table)).collect();
        let mut buckets: Vec<Vec<u32>> = Vec::new();
        let mut survivors = Vec::new();
        'candidates: for i in candidates {
            let at = i as usize;
            if positive.iter().any(|w| w.needs & !self.masks[at] != 0 || w.pair & !self.all_pairs(at) != 0) {
                continue;
            }
            if !literal.iter().all(|f| f.find(self.records.bytes(at)).is_some()) {
                continue;
            }
            let display = if needs_display { self.records.get(at) } else { "" };
            let record = (&self.initials[at], self.masks[at], self.heads[at], self.offered(at), self.digits[at]);
            // A word that can score nothing here does not match it.
            let mut most = 0;
            for ((b, w), memo) in bounds.iter().zip(positive).zip(&mut memos) {
                let starts = &self.starts[at];
                match b.most(record, display, |name| memo.tier_of(w, &self.start_table, starts, name)) {
                    0 => continue 'candidates,
                    m => most += m as usize,
                }
            }
            if keep {
                survivors.push(i);
            }
            if buckets.len() <= most {
                buckets.resize_with(most + 1, Vec::new);
            }
            buckets[most].push(ranks.of[at] << 1);
        }
        (buckets, survivors)
    }

    /// How many customers match `query` (every match found: cached, so
    /// that the next keystroke narrows from it).
    pub fn count(&mut self, query: &str) -> usize {
        self.found(super::query::searched(query)).hits.len()
    }
}

/// A bucket's entries in ascending order, sorted a slice at a time as they
/// are taken: the page is often full after a few of many thousands, and
/// sorting them all cost a millisecond and more.
struct Ascending {
    entries: Vec<u32>,
    next: usize,
    sorted: usize,
}

impl Ascending {
    const FIRST: usize = 256;

    fn new(entries: Vec<u32>) -> Ascending {
        Ascending { entries, next: 0, sorted: 0 }
    }
}

impl Iterator for Ascending {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.next == self.sorted {
            let rest = &mut self.entries[self.next..];
            if rest.is_empty() {
                return None;
            }
            // Each slice twice the last: the whole costs no more than one
            // sort (and a little), the first few only a selection.
            let take = (self.sorted.max(Self::FIRST)).min(rest.len());
            if take < rest.len() {
                rest.select_nth_unstable(take - 1);
            }
            rest[..take].sort_unstable();
            self.sorted += take;
        }
        let e = self.entries[self.next];
        self.next += 1;
        Some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::Ascending;

    #[test]
    fn entries_come_in_ascending_order_whatever_their_number() {
        for n in [0usize, 1, 255, 256, 257, 1000, 5000] {
            let v: Vec<u32> = (0..n as u32).map(|i| i.wrapping_mul(2_654_435_761) % 10_007).collect();
            let mut want = v.clone();
            want.sort_unstable();
            assert_eq!(Ascending::new(v).collect::<Vec<_>>(), want, "{n}");
        }
    }
}
