//! The list searchable as soon as the saved search index is read (issue
//! 13): its names and search records come from the index, its rows' facts
//! (class, kind, standing…) are left blank until the whole list, read with
//! them, replaces it a moment later.

use super::{ListData, Meta};
use crate::domain::cadence::Due;
use crate::domain::classify::Tier;
use crate::domain::qualify::Qualification;
use crate::error::Result;
use crate::search::Index;
use crate::store::Store;

impl ListData {
    /// Every live customer in the saved index (brought up to date, or
    /// rebuilt), in name order and searchable; no row's facts read.
    pub fn searchable(store: &Store) -> Result<ListData> {
        let index = Index::load(store)?;
        let mut out = ListData::empty();
        let blank = out.strings.id("");
        let meta = Meta {
            updated_ms: 0,
            last_contact: i32::MIN,
            overdue: 0,
            // The index holds live customers only.
            due: Some(Due::Ok),
            visit_worse: false,
            industry: blank,
            region: blank,
            city: blank,
            tags_start: 0,
            tags_len: 0,
            tier: Tier::C,
            vip: false,
            kind: super::NONE,
            status: super::NONE,
            qualification: Qualification::default(),
        };
        for i in 0..index.len() {
            out.names.push(index.name_at(i));
            out.meta.push(meta);
        }
        out.live = index.len();
        out.index = index;
        out.facts = false;
        Ok(out)
    }

    /// False while the rows' facts are not read (see [`ListData::searchable`]).
    pub fn has_facts(&self) -> bool {
        self.facts
    }
}
