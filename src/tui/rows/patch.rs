//! Updating single customers in the list after a write, here or in another
//! process, without reloading 100k rows (DESIGN.md §5: update the affected
//! rows of the view model). Each update is a few memmoves of the packed
//! buffers: about a millisecond at 100k.

use super::{ListData, Meta, standing_of, with_deleted_row};
use crate::config::Cadence;
use crate::domain::schema::CUSTOMER;
use crate::error::Result;
use crate::store::{RawRow, Store};
use chrono::NaiveDate;

impl ListData {
    /// Bring one customer's row in line with the store: updated, moved to
    /// its new place in name order, added, shown as deleted, or taken out
    /// when it no longer exists.
    pub fn refresh_customer(&mut self, store: &Store, id: &str, cadence: &Cadence, today: NaiveDate) -> Result<()> {
        self.patched = true;
        if let Some(pos) = self.index.position(id) {
            self.remove_at(pos);
        }
        let contacts = store.last_contacts_of(id)?;
        let live = store.customer_row(id, |r| {
            let standing = standing_of(&r, contacts, cadence, today);
            self.insert_row(&r, contacts.0.max(contacts.1), Some(&standing), store.romanizer());
        })?;
        if live.is_none()
            && let Some(c) = store.get(&CUSTOMER, id)?
            && !c.alive
        {
            with_deleted_row(&c, store.romanizer(), |row| self.insert_row(row, None, None, store.romanizer()));
        }
        Ok(())
    }

    pub(super) fn insert_row(
        &mut self,
        r: &RawRow<'_>,
        last: Option<chrono::NaiveDate>,
        standing: Option<&crate::domain::cadence::Standing>,
        romanizer: &crate::domain::pinyin::Romanizer,
    ) {
        let meta: Meta = self.make_meta(r, last, standing);
        let owned;
        let sort = if r.sort.is_empty() {
            owned = crate::search::sort_key(romanizer, r.name);
            owned.as_str()
        } else {
            r.sort
        };
        let pos = self.index.place(sort, r.id, romanizer);
        self.index.insert(pos, r.id, sort, r.key, r.display);
        self.meta.insert(pos, meta);
        self.live += usize::from(meta.due().is_some());
    }

    fn remove_at(&mut self, pos: usize) {
        self.live -= usize::from(self.meta[pos].due().is_some());
        self.index.remove(pos);
        self.meta.remove(pos);
    }
}

#[cfg(test)]
mod tests {
    use super::ListData;
    use crate::clock::FixedClock;
    use crate::config::Cadence;
    use crate::domain::fields::Value;
    use crate::domain::pinyin::Romanizer;
    use crate::domain::schema::CUSTOMER;
    use crate::store::Store;
    use std::sync::Arc;

    fn names(d: &ListData) -> Vec<String> {
        (0..d.len() as u32).map(|i| format!("{}{}", d.name(i), if d.alive(i) { "" } else { "†" })).collect()
    }

    #[test]
    fn a_patched_list_equals_a_reloaded_one() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        let mut store = Store::open_in_memory(Arc::new(FixedClock::at_date(today)), Romanizer::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let cadence = Cadence::default();
        let add = |s: &mut Store, name: &str| {
            s.write(|w| w.insert(&CUSTOMER, &[("name", Value::Text(name.into()))])).unwrap_or_else(|e| panic!("{e}"))
        };
        let (b, d) = (add(&mut store, "Bravo"), add(&mut store, "Delta"));
        let c = add(&mut store, "Charlie");
        let mut list = ListData::load(&store, None, &cadence, today).unwrap_or_else(|e| panic!("{e}"));
        // Renamed (moves), created, deleted, in any order.
        store
            .write(|w| w.update(&CUSTOMER, &d, &[("name", Value::Text("Alpha".into()))]))
            .unwrap_or_else(|e| panic!("{e}"));
        let e = add(&mut store, "Echo");
        store.write(|w| w.set_alive(&CUSTOMER, &c, false)).unwrap_or_else(|e| panic!("{e}"));
        store
            .write(|w| w.update(&CUSTOMER, &b, &[("city", Value::Text("重庆".into()))]))
            .unwrap_or_else(|e| panic!("{e}"));
        for id in [&d, &e, &c, &b] {
            list.refresh_customer(&store, id, &cadence, today).unwrap_or_else(|e| panic!("{e}"));
        }
        let fresh = ListData::load(&store, None, &cadence, today).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(names(&list), names(&fresh));
        assert_eq!(names(&list), ["Alpha", "Bravo", "Charlie†", "Echo"]);
        assert_eq!((list.live(), list.len()), (fresh.live(), fresh.len()));
        assert_eq!(list.city(1), "重庆");
        let mut index = list.index;
        let hits = index.search("chongqing");
        assert_eq!(hits.len(), 1, "the search index follows the patch");
    }
}
