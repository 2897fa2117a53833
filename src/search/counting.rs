//! Counting a query's hits a slice at a time, so that the interface shows
//! the first page at once (see [`Index::page`]) and the exact count a few
//! slices later, each slice short enough that a key pressed meanwhile
//! waits little. The hits found are the ones [`Index::search`] finds (the
//! same scoring, the same narrowing from a cached query), and once all are
//! scored they are cached as its would be: the next keystroke narrows from
//! them, and asking for them all in order costs only their sort.

use super::matcher::Word;
use super::query::{self, Found, Scratch};
use super::{Hit, Index, rank};
use std::sync::Arc;

/// A count under way.
#[derive(Debug, Default)]
pub(super) struct Counting {
    query: String,
    words: Vec<Word>,
    letter: Option<char>,
    /// The hits of a query this one narrows, or None for everyone.
    base: Option<Arc<Vec<Hit>>>,
    /// Candidates scored so far.
    next: usize,
    hits: Vec<Hit>,
    scratch: Scratch,
}

impl Index {
    /// Score up to `budget` more candidates of `query` (a count of another
    /// query is dropped); the number of hits once every candidate is
    /// scored, else None.
    pub fn count_some(&mut self, query: &str, budget: usize) -> Option<usize> {
        let query = super::query::searched(query);
        if query.is_empty() {
            return Some(self.len());
        }
        if let Some(found) = self.cache.get(query) {
            return Some(found.hits.len());
        }
        if self.ranks.is_none() {
            self.ranks = Some(rank::Ranks::new(&self.ties));
        }
        let mut c = match self.counting.take() {
            Some(c) if c.query == query => c,
            _ => Counting {
                query: query.to_string(),
                words: query::words(query),
                letter: query::single_letter(query),
                base: self.narrowing_base(query),
                ..Counting::default()
            },
        };
        let total = c.base.as_ref().map_or(self.len(), |b| b.len());
        let end = c.next.saturating_add(budget).min(total);
        for pos in c.next..end {
            let index = c.base.as_ref().map_or(pos as u32, |b| b[pos].index);
            if c.words.is_empty() {
                c.hits.push(Hit { index, score: 0 });
            } else if let Some(score) = self.score_at(index as usize, &c.words, c.letter, &mut c.scratch) {
                c.hits.push(Hit { index, score });
            }
        }
        c.next = end;
        if end < total {
            self.counting = Some(c);
            return None;
        }
        let n = c.hits.len();
        self.remember(c.query, Found { hits: Arc::new(c.hits), sorted: false });
        Some(n)
    }
}
