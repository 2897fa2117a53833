//! Choosing a customer by typing in a prompt (issue 10 §2, Act): a few of
//! the customers whose name or initials match what is typed, found in the
//! list's search index (the same ranking as `/`), ↑/↓ to choose among them.

use super::list::ListView;
use crate::i18n::tf;

/// How many matches a prompt shows.
pub const SHOWN: usize = 3;

/// The customers matching what is typed, and the one chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerPick {
    /// (id, name) of the best matches, best first.
    pub found: Vec<(String, String)>,
    /// How many more match than are shown.
    pub more: usize,
    /// The chosen one among `found`.
    pub selected: usize,
    /// What was typed when `found` was searched.
    typed: String,
}

impl CustomerPick {
    /// Search again for `query` (nothing for a blank one), when it
    /// changed: the choice is kept while the text stays the same.
    pub fn refresh(&mut self, list: &mut ListView, query: &str) {
        if query == self.typed && !self.found.is_empty() {
            return;
        }
        query.clone_into(&mut self.typed);
        let (found, total) = if crate::search::is_blank(query) { (Vec::new(), 0) } else { list.find(query, SHOWN) };
        self.more = total.saturating_sub(found.len());
        self.found = found;
        self.selected = 0;
    }

    /// Move the choice by `delta`, staying among what is shown.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.found.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// The chosen customer (id, name).
    pub fn chosen(&self) -> Option<&(String, String)> {
        self.found.get(self.selected)
    }

    /// The lines shown under the answer: the matches, the chosen one
    /// marked by `>` (never by colour alone), and how many more there are.
    pub fn lines(&self, typed: &str) -> Vec<String> {
        if typed.trim().is_empty() {
            return Vec::new();
        }
        if self.found.is_empty() {
            return vec![crate::i18n::t("review.pick_none").to_string()];
        }
        let mut out: Vec<String> = self
            .found
            .iter()
            .enumerate()
            .map(|(i, (_, name))| {
                format!("{}{}", if i == self.selected { "> " } else { "  " }, crate::text::one_line(name))
            })
            .collect();
        if self.more > 0 {
            out.push(tf("review.pick_more", &[("count", &self.more)]));
        }
        out
    }
}
