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

mod order;
pub mod packed;

pub use order::{name_order, name_position};

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
    names: PackedStr,
    rests: PackedStr,
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
/// Added to an atom's score when it matches the customer's own name: about
/// what a clean two-letter match scores, so a name match outranks a city or
/// person match of the same quality but not a much better one.
const NAME_BONUS: u32 = 48;

impl Default for Index {
    fn default() -> Self {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 8);
        Self {
            ids: PackedStr::default(),
            names: PackedStr::default(),
            rests: PackedStr::default(),
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
        let order = name_order(&names, &staged.ids);
        let mut index = Index::default();
        for i in order {
            let i = i as usize;
            index.ids.push(staged.ids.get(i));
            index.names.push(staged.names.get(i));
            index.rests.push(staged.rests.get(i));
            index.display.push_chars(staged.display.get(i));
        }
        Ok(index)
    }

    /// Add one customer (callers add in name order).
    pub fn push(&mut self, id: &str, key: &str, display: &str) {
        self.ids.push(id);
        // Keys are ASCII by construction; anything else could not be matched
        // as ASCII, so it is dropped rather than trusted.
        let ascii: std::borrow::Cow<'_, str> =
            if key.is_ascii() { key.into() } else { key.chars().filter(char::is_ascii).collect::<String>().into() };
        let (name, rest) = ascii.split_once('\t').unwrap_or((&ascii, ""));
        self.names.push(name);
        self.rests.push(rest);
        self.display.push(display);
        self.cache.clear();
    }

    /// Put one customer at position `pos` (the caller keeps name order;
    /// see [`name_position`]).
    pub fn insert(&mut self, pos: usize, id: &str, key: &str, display: &str) {
        self.ids.insert(pos, id);
        let ascii: std::borrow::Cow<'_, str> =
            if key.is_ascii() { key.into() } else { key.chars().filter(char::is_ascii).collect::<String>().into() };
        let (name, rest) = ascii.split_once('\t').unwrap_or((&ascii, ""));
        self.names.insert(pos, name);
        self.rests.insert(pos, rest);
        self.display.insert(pos, display);
        self.cache.clear();
    }

    /// Take out the customer at position `pos`.
    pub fn remove(&mut self, pos: usize) {
        self.ids.remove(pos);
        self.names.remove(pos);
        self.rests.remove(pos);
        self.display.remove(pos);
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

    /// The display text of a hit (name first).
    pub fn display(&self, hit: Hit) -> String {
        self.display.get(hit.index as usize).iter().collect()
    }

    /// The ASCII key of a hit: its name part and the rest.
    pub fn key(&self, hit: Hit) -> (&str, &str) {
        (self.names.get(hit.index as usize), self.rests.get(hit.index as usize))
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
    /// appending to a pattern of the same mode can only drop matches.
    /// Patterns with nucleo's special characters are scored afresh.
    fn narrowing_base(&self, query: &str) -> Option<Arc<Vec<Hit>>> {
        if query.contains(['!', '^', '$', '\'', '\\']) {
            return None;
        }
        let mode = Mode::of(query);
        self.cache
            .iter()
            // One letter matches the same set contiguously or fuzzily.
            .filter(|(q, _)| !q.is_empty() && query.starts_with(q.as_str()) && (Mode::of(q) == mode || q.len() == 1))
            .max_by_key(|(q, _)| q.len())
            .map(|(_, hits)| hits.clone())
    }

    fn score(&mut self, query: &str, candidates: Option<&[Hit]>) -> Vec<Hit> {
        let ascii = query.is_ascii();
        let pattern = match Mode::of(query) {
            Mode::Contiguous => Pattern::new(query, CaseMatching::Ignore, Normalization::Smart, AtomKind::Substring),
            Mode::Fuzzy | Mode::Text => Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart),
        };
        let total = candidates.map_or(self.len(), <[Hit]>::len);

        let parts = self.matchers.len().min(total.div_ceil(MIN_PER_THREAD)).max(1);
        let chunk = total.div_ceil(parts).max(1);
        let (names, rests, display) = (&self.names, &self.rests, &self.display);
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
                let i = index as usize;
                let score = if ascii {
                    let name = Utf32Str::Ascii(names.get(i).as_bytes());
                    let rest = Utf32Str::Ascii(rests.get(i).as_bytes());
                    score_split(&pattern, name, rest, matcher)
                } else {
                    let text = display.get(i);
                    if !contains_all(text, &required) {
                        continue;
                    }
                    pattern.score(Utf32Str::Unicode(text), matcher)
                };
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

/// How a query is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// One or two ASCII letters: contiguous only (`cq` as initials, `ha` as
    /// a syllable start). A scattered two-letter subsequence is nearly always
    /// noise, and with 100k customers it would match almost all of them.
    Contiguous,
    /// Three or more ASCII characters, or several words: fuzzy subsequence.
    Fuzzy,
    /// Chinese (any non-ASCII) text: fuzzy over the display text.
    Text,
}

impl Mode {
    fn of(query: &str) -> Mode {
        if !query.is_ascii() {
            Mode::Text
        } else if query.len() <= 2 && !query.contains(' ') {
            Mode::Contiguous
        } else {
            Mode::Fuzzy
        }
    }
}

/// Score a pattern against a customer's name key first, then the rest.
/// Each atom (space-separated word of the query) must match the name or the
/// rest on its own; a match in the name earns [`NAME_BONUS`], so customers
/// whose own name matches rank above those matched by city, tag or person.
/// A negated atom must match neither.
fn score_split(pattern: &Pattern, name: Utf32Str<'_>, rest: Utf32Str<'_>, matcher: &mut Matcher) -> Option<u32> {
    let mut total = 0;
    for atom in &pattern.atoms {
        if atom.negative {
            atom.score(name, matcher)?;
            atom.score(rest, matcher)?;
            continue;
        }
        total += match atom.score(name, matcher) {
            Some(s) => u32::from(s) + NAME_BONUS,
            None => u32::from(atom.score(rest, matcher)?),
        };
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
            let name = words[i % words.len()];
            let rest = words[(i / 7) % words.len()];
            index.push(&format!("id{i}"), &format!("{name} {i}\t{rest}"), &format!("客户{i}"));
        }
        index
    }

    fn reference(index: &Index, query: &str) -> Vec<Hit> {
        let pattern = if Mode::of(query) == Mode::Contiguous {
            Pattern::new(query, CaseMatching::Ignore, Normalization::Smart, AtomKind::Substring)
        } else {
            Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart)
        };
        let mut m = Matcher::new(Config::DEFAULT);
        let mut hits: Vec<Hit> = (0..index.len() as u32)
            .filter_map(|i| {
                let (name, rest) = index.key(Hit { index: i, score: 0 });
                score_split(&pattern, Utf32Str::Ascii(name.as_bytes()), Utf32Str::Ascii(rest.as_bytes()), &mut m)
                    .map(|score| Hit { index: i, score })
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
        for q in ["c", "cq", "cq 1", "cq 12", "h", "ha", "har", "harbor 99", "cq !1", "cq xm"] {
            let got = index.search(q);
            let want = reference(&index, q);
            assert_eq!(got.len(), want.len(), "{q}");
            assert!(*got == want, "{q}: same hits in the same order");
        }
        assert!(!index.search("cq").is_empty());
        assert_eq!(index.search("").len(), 20_000);
    }

    #[test]
    fn a_match_in_the_name_ranks_above_one_in_the_city_or_people() {
        let mut index = Index::default();
        index.push("city", "atlas electric co\tchongqing cq", "Atlas Electric Co. 重庆");
        index.push("name", "chongqinghengda cqhd\tchongqing", "重庆恒达");
        index.push("person", "chengdudongfang cddf\tchengdu cd qinyan qy", "成都东方 覃艳");
        let hits = index.search("cq");
        let ids: Vec<&str> = hits.iter().map(|h| index.id(*h)).collect();
        // The person's c…q (chengdu … qinyan) is scattered: no two-letter match.
        assert_eq!(ids, ["name", "city"]);
        // With three letters fuzzy matching may find it, but it ranks last.
        let hits = index.search("cqy");
        assert_eq!(hits.iter().map(|h| index.id(*h)).collect::<Vec<_>>(), ["person"]);
        assert_eq!(index.search("atlas cq").len(), 1, "words may match different fields");
    }

    #[test]
    fn two_letters_match_contiguously_and_three_fuzzily() {
        let mut index = Index::default();
        index.push("initials", "chongqinghengda cqhd\t", "重庆恒达");
        index.push("scattered", "chengdu qiaoyuan cdqy\t", "成都侨源");
        let ids = |index: &mut Index, q: &str| -> Vec<String> {
            let hits = index.search(q);
            hits.iter().map(|h| index.id(*h).to_string()).collect()
        };
        assert_eq!(ids(&mut index, "cq"), ["initials"], "c…q scattered is not a two-letter match");
        // A third letter switches to fuzzy: the scattered one may match again,
        // so it must not be narrowed from the two-letter hits.
        assert_eq!(ids(&mut index, "cqy"), ["scattered"]);
        assert_eq!(ids(&mut index, "cqh"), ["initials"]);
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
