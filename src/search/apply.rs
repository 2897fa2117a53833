//! Putting customers in place: a few where their entries are, or many at
//! once (the entries between copied part by part), copying what is saved,
//! and numbering their field starts in the index's table (see
//! [`super::starts`]).

use super::{Change, Index, name_position, starts};

/// At most this many changes of customers the index holds are put in
/// where their entries are ([`Index::replace`]): each moves the entries
/// between its old place and its new one (none when its name did not
/// change), or, for one gone, those after it. More, or a new customer
/// (every vector would grow), are put in by copying the entries between.
const IN_PLACE: usize = 4;

/// Move `v[from]` to `to`, those between moving up or down one; then set
/// it to `value`, if one is given.
pub(super) fn move_in<T>(v: &mut [T], from: usize, to: usize, value: Option<T>) {
    if from < to {
        v[from..=to].rotate_left(1);
    } else {
        v[to..=from].rotate_right(1);
    }
    if let Some(value) = value {
        v[to] = value;
    }
}

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

    /// Bring customers in line (the changes since an index was saved): a
    /// few the index holds where their entries are (see [`IN_PLACE`]);
    /// else at once, the changed ones found in one pass over the ids, the
    /// new records' places found by halving, and the entries between
    /// copied part by part (not entry by entry: that took ≈80 ms at 100k
    /// customers, every start and `repbook search` until the index was
    /// saved again). At 100k customers, one customer changed: the
    /// interface's load took 81–90 ms copying, 38 ms with the copy
    /// presized, 17 ms in place (15.7 ms with nothing to put in).
    pub fn apply(&mut self, mut changes: Vec<Change>, romanizer: &crate::domain::pinyin::Romanizer) {
        if changes.is_empty() {
            return;
        }
        // Held customers (one pass over the ids for them all; each is
        // found again as it is put in, the others having moved).
        let held = || {
            let kept: std::collections::HashSet<String> =
                changes.iter().filter(|c| c.1.is_some()).map(|c| c.0.clone()).collect();
            self.ids.positions_of(&kept).len() == kept.len()
        };
        if changes.len() <= IN_PLACE && held() {
            for (id, record) in changes {
                self.replace(&id, record.as_ref(), romanizer);
            }
            return;
        }
        // Copied part by part as text (records read as bytes for one
        // search would be copied string by string).
        self.records.make_text();
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
        // Where each goes: before the first entry not below it in name
        // order (a changed customer's old entry is passed over).
        let new: Vec<(usize, &String, &(String, String, String))> =
            changes.iter().filter_map(|(id, r)| r.as_ref().map(|r| (self.place(&r.0, id, romanizer), id, r))).collect();
        let gone_at = self.ids.positions_of(&gone);
        // The entries between copied at once, part by part.
        let mut out = Index { start_table: self.start_table.clone(), ..Index::default() };
        out.reserve_like(self, &new);
        let (mut from, mut gone_at, mut new) = (0, gone_at.into_iter().peekable(), new.into_iter().peekable());
        loop {
            // At one place, a new record goes before the old entry there.
            let take_new = match (new.peek(), gone_at.peek()) {
                (Some(n), Some(&g)) => n.0 <= g,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if take_new {
                if let Some((at, id, r)) = new.next() {
                    out.extend_from(self, from..at);
                    out.push(id, &r.0, &r.1, &r.2);
                    from = at;
                }
            } else if let Some(at) = gone_at.next() {
                out.extend_from(self, from..at);
                from = at + 1;
            }
        }
        out.extend_from(self, from..self.len());
        *self = out;
    }

    /// Put one change in where the customer's entry is: moved to its new
    /// place in name order, or taken out (`record` None); a customer the
    /// index lacks is put in at its place.
    fn replace(
        &mut self,
        id: &str,
        record: Option<&(String, String, String)>,
        romanizer: &crate::domain::pinyin::Romanizer,
    ) {
        let old = self.position(id);
        match (old, record) {
            (Some(old), Some((sort, key, display))) => {
                // Its place among the others: the first entry not below
                // it, its own old entry passed over. Without the saved sort
                // keys, a name that did not change keeps its place (keys
                // made now from the names may not be the saved ones, when
                // the config's readings changed since).
                let to = if !self.sorted() && self.name_at(old) == super::record::name_of(display) {
                    old
                } else {
                    let at = self.place(sort, id, romanizer);
                    if at > old { at - 1 } else { at }
                };
                let (mask, pairs, tie, initials, heads, digits, keys) = super::derive(key, display);
                let starts = self.intern_starts(&keys);
                if self.sorted() {
                    self.sorts.move_to(old, to, sort);
                }
                self.ids.move_to(old, to);
                self.records.move_to(old, to, display);
                self.keys.move_to(old, to, key);
                move_in(&mut self.masks, old, to, Some(mask));
                move_in(&mut self.pairs, old, to, Some(pairs.others));
                move_in(&mut self.name_pairs, old, to, Some(pairs.name));
                move_in(&mut self.triples, old, to, Some(pairs.triples));
                move_in(&mut self.heads, old, to, Some(heads));
                move_in(&mut self.digits, old, to, Some(digits));
                move_in(&mut self.ties, old, to, Some(tie));
                move_in(&mut self.initials, old, to, Some(initials));
                move_in(&mut self.starts, old, to, Some(starts));
                self.changed();
            }
            (Some(old), None) => self.remove(old),
            (None, Some((sort, key, display))) => {
                let at = self.place(sort, id, romanizer);
                self.insert(at, id, sort, key, display);
            }
            (None, None) => {}
        }
    }

    /// Room for the entries of `other` and `new` (records to put in), so
    /// that copying them into this empty index grows nothing: grown as
    /// they came, its vectors were copied again and again, and their new
    /// pages faulted in twice (≈ 30 ms of a start with one customer
    /// changed at 100k).
    fn reserve_like(&mut self, other: &Index, new: &[(usize, &String, &(String, String, String))]) {
        let n = other.len() + new.len();
        let bytes = |p: &super::packed::PackedStr, of: fn(&(String, String, String)) -> usize| {
            p.parts().0.len() + new.iter().map(|r| of(r.2)).sum::<usize>()
        };
        if other.sorted() {
            self.sorts.reserve(n, bytes(&other.sorts, |r| r.0.len()));
        }
        self.records.reserve(n, bytes(&other.records, |r| r.2.len()));
        self.keys.reserve(n, bytes(&other.keys, |r| r.1.len()));
        self.ids.reserve(n);
        for v in
            [&mut self.masks, &mut self.pairs, &mut self.name_pairs, &mut self.triples, &mut self.heads, &mut self.ties]
        {
            v.reserve_exact(n);
        }
        self.digits.reserve_exact(n);
        self.initials.reserve_exact(n);
        self.starts.reserve_exact(n);
    }

    /// A copy of what is saved of this index (not its cache or counts).
    pub(super) fn saved_copy(&self) -> Index {
        Index {
            ids: self.ids.clone(),
            sorts: self.sorts.clone(),
            records: self.records.clone(),
            keys: self.keys.clone(),
            masks: self.masks.clone(),
            pairs: self.pairs.clone(),
            name_pairs: self.name_pairs.clone(),
            triples: self.triples.clone(),
            heads: self.heads.clone(),
            digits: self.digits.clone(),
            ties: self.ties.clone(),
            initials: self.initials.clone(),
            starts: self.starts.clone(),
            start_table: std::sync::Arc::clone(&self.start_table),
            ..Index::default()
        }
    }

    /// Append the entries `range` of `other`, each part copied at once
    /// (entry by entry when their starts are numbered in another table).
    pub(super) fn extend_from(&mut self, other: &Index, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        if self.starts.is_empty() && self.start_table.len() == 0 {
            self.start_table = other.start_table.clone();
        }
        if !std::sync::Arc::ptr_eq(&self.start_table, &other.start_table) {
            for i in range {
                self.push_from(other, i);
            }
            return;
        }
        if self.sorted() && other.sorted() {
            self.sorts.extend_from(&other.sorts, range.clone());
        } else {
            self.forget_sort_keys();
        }
        self.ids.extend_from(&other.ids, range.clone());
        self.records.extend_from(&other.records, range.clone());
        self.keys.extend_from(&other.keys, range.clone());
        self.masks.extend_from_slice(&other.masks[range.clone()]);
        self.pairs.extend_from_slice(&other.pairs[range.clone()]);
        self.name_pairs.extend_from_slice(&other.name_pairs[range.clone()]);
        self.triples.extend_from_slice(&other.triples[range.clone()]);
        self.heads.extend_from_slice(&other.heads[range.clone()]);
        self.digits.extend_from_slice(&other.digits[range.clone()]);
        self.ties.extend_from_slice(&other.ties[range.clone()]);
        self.initials.extend_from_slice(&other.initials[range.clone()]);
        self.starts.extend_from_slice(&other.starts[range]);
        self.changed();
    }

    pub fn push_from(&mut self, other: &Index, i: usize) {
        if self.sorted() && other.sorted() {
            self.sorts.push(other.sorts.get(i));
        } else {
            self.forget_sort_keys();
        }
        self.ids.push(&other.ids.get(i));
        self.records.push(other.records.get(i));
        self.keys.push(other.keys.get(i));
        self.masks.push(other.masks[i]);
        self.pairs.push(other.pairs[i]);
        self.name_pairs.push(other.name_pairs[i]);
        self.triples.push(other.triples[i]);
        self.heads.push(other.heads[i]);
        self.digits.push(other.digits[i]);
        self.ties.push(other.ties[i]);
        self.initials.push(other.initials[i]);
        if self.starts.is_empty() && self.start_table.len() == 0 {
            self.start_table = other.start_table.clone();
        }
        let starts = if std::sync::Arc::ptr_eq(&self.start_table, &other.start_table) {
            other.starts[i]
        } else {
            let keys = other.start_table.keys_of(&other.starts[i]).unwrap_or([None; starts::SLOTS]);
            self.intern_starts(&keys)
        };
        self.starts.push(starts);
        self.changed();
    }
}
