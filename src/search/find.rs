//! Searching outside the interface: `repbook search` over the saved index,
//! and short texts matched like names (the command palette).

use super::matcher::{self, FieldText, Word};
use super::record::Field;
use super::{Hit, Index, Why, query, words};
use crate::error::Result;
use crate::store::Store;

/// The best `limit` customers for `query`, with why each matched: what
/// `repbook search` does. The index is the saved one, brought up to date
/// (see [`super::persist`]); the same scoring and order as the interface.
pub fn find(store: &Store, query: &str, limit: usize) -> Result<Vec<(String, u32, Vec<Why>)>> {
    Ok(super::persist::load_to_search(store)?.find(query, limit))
}

/// [`find`] over an index already loaded.
pub(super) fn find_in(index: &mut Index, query: &str, limit: usize) -> Vec<(String, u32, Vec<Why>)> {
    let hits = index.page(query, limit);
    let mut explainer = index.explainer(query);
    hits.iter().map(|h| (index.id(*h).to_string(), h.score, explainer.why(*h))).collect()
}

/// Why hits matched one query, the query read once for them all: the list
/// explains every row it draws, `repbook search` every line it prints.
pub struct Explainer<'i> {
    index: &'i Index,
    words: Vec<Word>,
    scratch: query::Scratch,
}

impl Index {
    /// Explain hits of `query` (see [`Explainer::why`]).
    pub fn explainer(&self, query: &str) -> Explainer<'_> {
        Explainer { index: self, words: words(query), scratch: query::Scratch::default() }
    }
}

impl Explainer<'_> {
    /// Why `hit` matched: the best field of each word and the characters
    /// matched there (nothing for an empty query).
    pub fn why(&mut self, hit: Hit) -> Vec<Why> {
        let mut why = Vec::new();
        if self.words.is_empty() {
            return why;
        }
        let (index, i) = (self.index, hit.index as usize);
        let _ = query::score_record(
            &self.words,
            (index.masks[i], index.all_pairs(i), index.keys.get(i), index.records.get(i)),
            &mut self.scratch,
            Some(&mut why),
        );
        why
    }
}

/// Score of `query` against a few short texts, matched like a customer's
/// name (every reading of Chinese characters, initials, words in any
/// order): for lists other than customers, such as the command palette
/// (`ss` finds 搜索). None when some word matches none of the texts.
pub fn match_texts(query: &str, texts: &[&str]) -> Option<u32> {
    let mut total = 0;
    for word in words(query) {
        let best = texts
            .iter()
            .filter_map(|t| matcher::best(&word, &FieldText { field: Field::Name, text: t, preferred: &[] }))
            .map(|q| matcher::score(Field::Name, q))
            .max();
        match (word.negative, best) {
            (true, Some(_)) | (false, None) => return None,
            (true, None) => {}
            (false, Some(s)) => total += s,
        }
    }
    Some(total)
}
