//! Finding a dossier in a keystroke (DESIGN.md §3).
//!
//! Each customer has an ASCII key (words, full pinyin, pinyin initials of its
//! name, city, region, tags and key people) and its display text. ASCII
//! queries match the key, queries with Chinese match the display text.
//! Matching is nucleo-matcher's fuzzy pattern, split over the machine's cores.
//! When the query grows, only the previous hits are re-scored; hit sets are
//! cached per query so that backspace costs nothing.
//!
//! Memory: keys, ids and display text live in three packed buffers (no
//! allocation per customer), about 300 bytes per customer.

mod packed;

use crate::error::Result;
use crate::store::Store;
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use packed::{PackedChars, PackedStr};
use std::collections::HashMap;
use std::sync::Arc;

/// One hit: a customer's position in the index and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Position in the index (name order).
    pub index: u32,
    /// Match score; higher is better.
    pub score: u32,
}

/// The searchable customers and the state of an incremental search.
pub struct Index {
    ids: PackedStr,
    keys: PackedStr,
    display: PackedChars,
    matchers: Vec<Matcher>,
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
/// Above this many candidates fuzzy atoms are scored greedily (linear time)
/// rather than optimally: with one or two letters typed nearly everyone
/// matches and fine ranking matters least. The set of matches is the same.
const GREEDY_ABOVE: usize = 16_384;

impl Default for Index {
    fn default() -> Self {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 8);
        Self {
            ids: PackedStr::default(),
            keys: PackedStr::default(),
            display: PackedChars::default(),
            matchers: (0..threads).map(|_| Matcher::new(Config::DEFAULT)).collect(),
            cache: HashMap::new(),
        }
    }
}

impl Index {
    /// Load every live customer's key from the store, in name order. Rows
    /// are read in storage order (a sequential scan) and sorted here, which
    /// is several times faster than walking SQLite's name index.
    pub fn load(store: &Store) -> Result<Index> {
        let mut staged = Index::default();
        let mut names = PackedStr::default();
        store.for_each_search_entry(|id, name, key, display| {
            staged.push(id, key, display);
            names.push(name);
        })?;
        let mut order: Vec<u32> = (0..staged.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            // SQLite's NOCASE order: ASCII case folded, then bytes.
            let (na, nb) = (names.get(a), names.get(b));
            na.bytes()
                .map(|c| c.to_ascii_lowercase())
                .cmp(nb.bytes().map(|c| c.to_ascii_lowercase()))
                .then_with(|| staged.ids.get(a).cmp(staged.ids.get(b)))
        });
        let mut index = Index::default();
        for i in order {
            let i = i as usize;
            index.ids.push(staged.ids.get(i));
            index.keys.push(staged.keys.get(i));
            index.display.push_chars(staged.display.get(i));
        }
        Ok(index)
    }

    /// Add one customer (callers add in name order).
    pub fn push(&mut self, id: &str, key: &str, display: &str) {
        self.ids.push(id);
        // Keys are ASCII by construction; anything else could not be matched
        // as ASCII, so it is dropped rather than trusted.
        if key.is_ascii() {
            self.keys.push(key);
        } else {
            self.keys.push(&key.chars().filter(char::is_ascii).collect::<String>());
        }
        self.display.push(display);
        self.cache.clear();
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

    /// The display text of a hit (name first).
    pub fn display(&self, hit: Hit) -> String {
        self.display.get(hit.index as usize).iter().collect()
    }

    /// The ASCII key of a hit.
    pub fn key(&self, hit: Hit) -> &str {
        self.keys.get(hit.index as usize)
    }

    /// All hits for `query`, best first, ties in name order. An empty query
    /// returns everyone in name order.
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
    /// appending to a fuzzy pattern can only drop matches. Patterns with
    /// nucleo's special characters are scored afresh.
    fn narrowing_base(&self, query: &str) -> Option<Arc<Vec<Hit>>> {
        if query.contains(['!', '^', '$', '\'', '\\']) {
            return None;
        }
        self.cache
            .iter()
            .filter(|(q, _)| !q.is_empty() && query.starts_with(q.as_str()) && q.is_ascii() == query.is_ascii())
            .max_by_key(|(q, _)| q.len())
            .map(|(_, hits)| hits.clone())
    }

    fn score(&mut self, query: &str, candidates: Option<&[Hit]>) -> Vec<Hit> {
        let ascii = query.is_ascii();
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let total = candidates.map_or(self.len(), <[Hit]>::len);
        let greedy = total > GREEDY_ABOVE;
        let parts = self.matchers.len().min(total.div_ceil(MIN_PER_THREAD)).max(1);
        let chunk = total.div_ceil(parts).max(1);
        let (keys, display) = (&self.keys, &self.display);
        // Chinese text: a cheap in-order character check first; nucleo's
        // Unicode path is much slower than its ASCII one.
        let required: Vec<char> = if ascii {
            Vec::new()
        } else {
            query
                .split_whitespace()
                .filter(|w| !w.starts_with('!'))
                .flat_map(str::chars)
                .filter(|c| is_ideograph(*c))
                .collect()
        };
        let score_range = |matcher: &mut Matcher, range: std::ops::Range<usize>| -> Vec<Hit> {
            let mut hits = Vec::new();
            for pos in range {
                let index = candidates.map_or(pos as u32, |c| c[pos].index);
                let hay = if ascii {
                    Utf32Str::Ascii(keys.get(index as usize).as_bytes())
                } else {
                    let text = display.get(index as usize);
                    if !contains_all(text, &required) {
                        continue;
                    }
                    Utf32Str::Unicode(text)
                };
                let score = if greedy { greedy_score(&pattern, hay, matcher) } else { pattern.score(hay, matcher) };
                if let Some(score) = score {
                    hits.push(Hit { index, score });
                }
            }
            hits.sort_unstable_by_key(|h| (std::cmp::Reverse(h.score), h.index));
            hits
        };
        let mut parts_out: Vec<Vec<Hit>> = if parts == 1 {
            vec![score_range(&mut self.matchers[0], 0..total)]
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = self
                    .matchers
                    .iter_mut()
                    .take(parts)
                    .enumerate()
                    .map(|(k, m)| {
                        let range = (k * chunk).min(total)..((k + 1) * chunk).min(total);
                        let f = &score_range;
                        s.spawn(move || f(m, range))
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
            })
        };
        merge_sorted(&mut parts_out)
    }

    /// Forget cached results (after the entries change).
    pub fn clear_cache(&mut self) {
        self.cache.clear();
    }
}

/// A CJK ideograph: matched only as itself (no case, no normalization), so
/// its presence is a safe prefilter. Accented Latin letters are not: nucleo
/// matches them against their plain forms.
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// True when every character of `required` occurs in `text` (a necessary
/// condition for any fuzzy atom made of them to match).
fn contains_all(text: &[char], required: &[char]) -> bool {
    required.iter().all(|c| text.contains(c))
}

/// Like `Pattern::score`, but fuzzy atoms use the greedy matcher.
fn greedy_score(pattern: &Pattern, hay: Utf32Str<'_>, matcher: &mut Matcher) -> Option<u32> {
    let mut total = 0;
    for atom in &pattern.atoms {
        if atom.kind != AtomKind::Fuzzy {
            total += u32::from(atom.score(hay, matcher)?);
            continue;
        }
        // What `Pattern::parse` with `CaseMatching::Ignore` and smart
        // normalization sets for every atom.
        matcher.config.ignore_case = true;
        matcher.config.normalize = true;
        let score = matcher.fuzzy_match_greedy(hay, atom.needle_text());
        match (atom.negative, score) {
            (true, Some(_)) | (false, None) => return None,
            (true, None) => {}
            (false, Some(s)) => total += u32::from(s),
        }
    }
    Some(total)
}

/// Merge runs each sorted best-first (score desc, index asc).
fn merge_sorted(parts: &mut [Vec<Hit>]) -> Vec<Hit> {
    let key = |h: &Hit| (std::cmp::Reverse(h.score), h.index);
    let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    let mut pos = vec![0usize; parts.len()];
    loop {
        let best = (0..parts.len()).filter(|&p| pos[p] < parts[p].len()).min_by_key(|&p| key(&parts[p][pos[p]]));
        let Some(p) = best else { break };
        out.push(parts[p][pos[p]]);
        pos[p] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index big enough to be scored on several threads.
    fn big() -> Index {
        let mut index = Index::default();
        let words = ["chongqing cq", "changsha cs", "xiamen xm", "harbor electric", "beijing bj", "summit"];
        for i in 0..20_000 {
            index.push(&format!("id{i}"), &format!("{} {i}", words[i % words.len()]), &format!("客户{i}"));
        }
        index
    }

    fn reference(index: &Index, query: &str) -> Vec<Hit> {
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let mut m = Matcher::new(Config::DEFAULT);
        let mut hits: Vec<Hit> = (0..index.len() as u32)
            .filter_map(|i| {
                let hay = Utf32Str::Ascii(index.keys.get(i as usize).as_bytes());
                pattern.score(hay, &mut m).map(|score| Hit { index: i, score })
            })
            .collect();
        hits.sort_by_key(|h| (std::cmp::Reverse(h.score), h.index));
        hits
    }

    #[test]
    fn split_scoring_and_narrowing_equal_one_plain_scan() {
        let mut index = big();
        if index.matchers.len() < 2 {
            index.matchers.push(Matcher::new(Config::DEFAULT));
        }
        let set = |v: &[Hit]| {
            let mut i: Vec<u32> = v.iter().map(|h| h.index).collect();
            i.sort_unstable();
            i
        };
        for q in ["c", "cq", "cq 1", "cq 12", "h", "ha", "har", "harbor 99", "cq !1"] {
            let got = index.search(q);
            let want = reference(&index, q);
            // Greedy scoring of large candidate sets may rank differently;
            // the matches are the same, and the order is best first.
            assert_eq!(got.len(), want.len(), "{q}");
            assert!(set(&got) == set(&want), "{q}: different matches");
            assert!(got.windows(2).all(|w| (w[0].score, std::cmp::Reverse(w[0].index)) >= (w[1].score, std::cmp::Reverse(w[1].index))), "{q}");
        }
        // Once narrowed below the greedy threshold, scores are exactly nucleo's.
        let got = index.search("harbor 99");
        assert!(got.len() < GREEDY_ABOVE);
        assert!(*got == reference(&index, "harbor 99"), "optimal scores once narrowed");
        assert!(!index.search("cq").is_empty());
        assert_eq!(index.search("").len(), 20_000);
    }

    #[test]
    fn chinese_queries_prefilter_only_on_ideographs() {
        let mut index = Index::default();
        index.push("1", "chongqing", "重庆恒达 Café");
        index.push("2", "xiamen", "厦门永兴");
        assert_eq!(index.search("重恒").len(), 1, "fuzzy over Chinese text");
        assert_eq!(index.search("重庆 cafe").len(), 1, "plain letters match accented ones");
        assert_eq!(index.search("重庆 Café").len(), 1);
    }

    #[test]
    fn merge_keeps_best_first_and_name_order_on_ties() {
        let h = |index, score| Hit { index, score };
        let mut parts = vec![vec![h(0, 9), h(2, 5), h(4, 5)], vec![h(1, 9), h(3, 7)]];
        assert_eq!(merge_sorted(&mut parts), vec![h(0, 9), h(1, 9), h(3, 7), h(2, 5), h(4, 5)]);
    }
}
