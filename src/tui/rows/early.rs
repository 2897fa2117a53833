//! The list searchable as soon as the saved search index is read (issue
//! 13): its names and search records come from the index, its rows' facts
//! (class, kind, standing…) are left blank until the whole list, read with
//! them, replaces it a moment later.

use super::{ListData, Meta, standing_of, with_deleted_row};
use crate::config::Cadence;
use crate::domain::cadence::Due;
use crate::domain::classify::Tier;
use crate::domain::entity::Entity;
use crate::domain::pinyin::Romanizer;
use crate::domain::qualify::Qualification;
use crate::error::Result;
use crate::search::Index;
use crate::search::ids::Ids;
use crate::search::persist::Resave;
use crate::store::{RawRow, Store};
use chrono::NaiveDate;

impl ListData {
    /// Every live customer in the saved index (brought up to date, or
    /// rebuilt), in name order and searchable; no row's facts read. With
    /// their ids, to read the facts in the same order
    /// ([`ListData::facts_for`]) and [`ListData::attach`] them, and the
    /// index to save again once the list is in use, if any
    /// ([`Index::load_for_list_later`]).
    pub fn searchable(store: &Store) -> Result<(ListData, Ids, Option<Resave>)> {
        let (index, resave) = Index::load_for_list_later(store)?;
        let ids = index.ids().clone();
        let mut out = ListData::empty();
        let meta = out.blank_meta();
        out.meta = vec![meta; index.len()];
        out.live = index.len();
        out.index = index;
        out.facts = false;
        Ok((out, ids, resave))
    }

    /// Give this list (searchable, its facts blank) the facts read for its
    /// ids, and the deleted customers: its search index kept (not read
    /// twice). False (the facts dropped) when this list changed meanwhile.
    pub fn attach(&mut self, mut facts: ListData, deleted: &[Entity], romanizer: &Romanizer) -> bool {
        if self.facts || self.patched || facts.meta.len() != self.index.len() {
            return false;
        }
        facts.index = std::mem::take(&mut self.index);
        for c in deleted {
            with_deleted_row(c, romanizer, |row| facts.insert_row(row, None, None, romanizer));
        }
        *self = facts;
        true
    }

    /// The rows' facts of the customers `ids` names, in that order (no
    /// search index, no deleted customers); None when a row is missing
    /// from `ids` or the other way round.
    pub fn facts_for(store: &Store, ids: &Ids, cadence: &Cadence, today: NaiveDate) -> Result<Option<ListData>> {
        // Each row's facts put in their place as they are read: no staged
        // copy (the list keeps these buffers as long as it lives), and made
        // before what is only needed meanwhile, so that freeing that leaves
        // free memory the allocator can give back. The tags stay in the
        // order read: each row says where its own are.
        let mut out = ListData::empty();
        out.meta = vec![out.blank_meta(); ids.len()];
        let contacts = store.last_contacts()?;
        let at = ids.places();
        let mut seen = vec![false; ids.len()];
        let mut stray = false;
        store.for_each_customer_row_lean(|r: RawRow<'_>| {
            let Some(pos) = at.get(r.id) else {
                stray = true;
                return;
            };
            let contacts = contacts.get(r.id).copied().unwrap_or_default();
            let standing = standing_of(&r, contacts, cadence, today);
            out.meta[pos as usize] = out.make_meta(&r, contacts.0.max(contacts.1), Some(&standing));
            seen[pos as usize] = true;
        })?;
        if stray || seen.contains(&false) {
            return Ok(None);
        }
        out.live = out.meta.iter().filter(|m| m.due().is_some()).count();
        out.tags.shrink_to_fit();
        Ok(Some(out))
    }

    /// The facts of a row not read yet: blank, live (the saved index holds
    /// live customers only).
    fn blank_meta(&mut self) -> Meta {
        let blank = self.strings.id("");
        Meta {
            updated_ms: 0,
            last_contact: i32::MIN,
            overdue: 0,
            industry: blank,
            region: blank,
            city: blank,
            tags_start: 0,
            tags_len: 0,
            marks: Meta::marks(Tier::C, Some(Due::Ok), false, false),
            kind: super::NONE,
            status: super::NONE,
            asked: Meta::asked(Qualification::default()),
            golden: 0,
            poor: 0,
        }
    }

    /// False while the rows' facts are not read (see [`ListData::searchable`]).
    pub fn has_facts(&self) -> bool {
        self.facts
    }
}
