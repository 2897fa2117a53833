//! Finding a dossier in a keystroke (DESIGN.md §3).
//!
//! Each customer has an ASCII key (words, full pinyin, pinyin initials of its
//! name, city, region, tags and key people) and its display text. ASCII
//! queries match the key, queries with Chinese match the display text.
//! Matching is nucleo-matcher's fuzzy pattern. When the query grows, only the
//! previous hits are re-scored; results per query are cached so that
//! backspace costs nothing.

use crate::store::SearchEntry;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use std::collections::HashMap;

/// One hit: index into the entries and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Position in [`Index::entries`].
    pub index: u32,
    /// Match score; higher is better.
    pub score: u32,
}

/// The searchable customers and the state of an incremental search.
pub struct Index {
    entries: Vec<SearchEntry>,
    display: Vec<Vec<char>>,
    matcher: Matcher,
    cache: HashMap<String, Vec<Hit>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
}

const CACHE_LIMIT: usize = 64;

impl Index {
    /// Build from the store's entries.
    pub fn new(entries: Vec<SearchEntry>) -> Self {
        let display = entries
            .iter()
            .map(|e| e.display.chars().collect())
            .collect();
        Self {
            entries,
            display,
            matcher: Matcher::new(Config::DEFAULT),
            cache: HashMap::new(),
        }
    }

    /// The entries, in the order hits refer to.
    pub fn entries(&self) -> &[SearchEntry] {
        &self.entries
    }

    /// The entry a hit refers to.
    pub fn entry(&self, hit: Hit) -> &SearchEntry {
        &self.entries[hit.index as usize]
    }

    /// All hits for `query`, best first (ties in name order). An empty query
    /// returns every entry.
    pub fn search(&mut self, query: &str) -> Vec<Hit> {
        let query = query.trim().to_string();
        if let Some(hits) = self.cache.get(&query) {
            return hits.clone();
        }
        let hits = if query.is_empty() {
            (0..self.entries.len() as u32)
                .map(|index| Hit { index, score: 0 })
                .collect()
        } else {
            // Narrow from the longest cached query this one extends.
            let previous = self
                .cache
                .iter()
                .filter(|(q, _)| {
                    !q.is_empty() && query.starts_with(q.as_str()) && !query.contains(' ')
                })
                .max_by_key(|(q, _)| q.len())
                .map(|(_, hits)| hits.iter().map(|h| h.index).collect::<Vec<u32>>());
            self.score(&query, previous)
        };
        if self.cache.len() >= CACHE_LIMIT {
            self.cache.clear();
        }
        self.cache.insert(query, hits.clone());
        hits
    }

    fn score(&mut self, query: &str, candidates: Option<Vec<u32>>) -> Vec<Hit> {
        let ascii = query.is_ascii();
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let mut hits = Vec::new();
        let mut try_one = |index: u32, matcher: &mut Matcher| {
            let i = index as usize;
            let hay = if ascii {
                Utf32Str::Ascii(self.entries[i].key.as_bytes())
            } else {
                Utf32Str::Unicode(&self.display[i])
            };
            if let Some(score) = pattern.score(hay, matcher) {
                hits.push(Hit { index, score });
            }
        };
        match candidates {
            Some(c) => c.into_iter().for_each(|i| try_one(i, &mut self.matcher)),
            None => (0..self.entries.len() as u32).for_each(|i| try_one(i, &mut self.matcher)),
        }
        // Stable: equal scores keep name order.
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        hits
    }

    /// Forget cached results (after the entries change).
    pub fn clear_cache(&mut self) {
        self.cache.clear();
    }
}
