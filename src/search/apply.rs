//! Putting customers in place: one, or many at once, and numbering their
//! field starts in the index's table (see [`super::starts`]).

use super::{Change, Index, name_position, starts};

impl Index {
    /// A record's starts numbered in this index's table: the table is
    /// copied only when a start is new to it (it may be shared).
    pub(super) fn intern_starts(&mut self, keys: &starts::Keys) -> starts::Starts {
        self.start_table.find(keys).unwrap_or_else(|| std::sync::Arc::make_mut(&mut self.start_table).intern(keys))
    }

    /// Where a customer with this sort key and id goes in name order (the
    /// keys it compares made with `romanizer` when not kept).
    pub fn place(&self, sort: &str, id: &str, romanizer: &crate::domain::pinyin::Romanizer) -> usize {
        name_position(self.len(), |i| (self.sort_at(i, romanizer), self.ids.get(i)), sort, id)
    }

    /// Bring many customers in line at once (the changes since an index
    /// was saved): one pass over the entries, the changed ones left out and
    /// those with a record merged in at their places. Linear, where moving
    /// each into place would cost a pass of the buffers per customer.
    pub fn apply(&mut self, mut changes: Vec<Change>, romanizer: &crate::domain::pinyin::Romanizer) {
        if changes.is_empty() {
            return;
        }
        let gone: std::collections::HashSet<String> = changes.iter().map(|c| c.0.clone()).collect();
        changes.retain(|c| c.1.is_some());
        let key = |c: &Change| c.1.as_ref().map(|r| (r.0.clone(), c.0.clone()));
        changes.sort_by_cached_key(key);
        // Their starts numbered first, so that the new index shares the
        // table and copies everyone else's numbers.
        for (_, r) in &changes {
            if let Some(r) = r {
                self.intern_starts(&starts::of_record(&r.1, &r.2));
            }
        }
        let mut out = Index { start_table: self.start_table.clone(), ..Index::default() };
        let mut new = changes.iter().filter_map(|(id, r)| r.as_ref().map(|r| (id, r))).peekable();
        for i in 0..self.len() {
            if gone.contains(self.ids.get(i).as_str()) {
                continue;
            }
            while let Some((id, r)) = new.next_if(|(id, r)| {
                (r.0.as_str(), id.as_str()) < (self.sort_at(i, romanizer).as_ref(), &*self.ids.get(i))
            }) {
                out.push(id, &r.0, &r.1, &r.2);
            }
            out.push_from(self, i);
        }
        for (id, r) in new {
            out.push(id, &r.0, &r.1, &r.2);
        }
        *self = out;
    }
}
