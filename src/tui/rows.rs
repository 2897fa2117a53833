//! The customer list's data at 100k customers in a few flat buffers: the
//! names are the search index's, one small fixed record per customer,
//! repeated text (industry, region, city, tags) interned once. Loaded by streaming rows from SQLite;
//! after a write only the customers it touched are updated (`patch`).

mod early;
mod facts;
mod meta;
mod patch;

pub use facts::RowFacts;
use meta::Meta;

use crate::config::Cadence;
use crate::domain::cadence::{Due, Standing};
use crate::domain::classify::Tier;
use crate::domain::entity::Entity;
use crate::domain::fields::split_tags;
use crate::domain::pinyin::Romanizer;
use crate::domain::schema::{CUSTOMER_KINDS, STATUSES};
use crate::error::Result;
use crate::search::Index;
use crate::store::{LastContacts, RawRow, Store};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Interned text: each distinct value stored once.
#[derive(Debug, Default)]
struct Interner {
    ids: HashMap<String, u32>,
    values: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.values.len() as u32;
        self.values.push(s.to_string());
        self.ids.insert(s.to_string(), id);
        id
    }

    fn get(&self, id: u32) -> &str {
        self.values.get(id as usize).map_or("", String::as_str)
    }
}

const NONE: u8 = u8::MAX;

fn enum_pos(values: &[&str], v: &str) -> u8 {
    values.iter().position(|x| *x == v).map_or(NONE, |p| p as u8)
}

/// A row's sort key: stored, or made now for a row stored before sort
/// keys (a read-only archive from before migration 8).
fn sort_of(store: &Store, r: &RawRow<'_>) -> String {
    if r.sort.is_empty() { crate::search::sort_key(store.romanizer(), r.name) } else { r.sort.to_string() }
}

/// Every listed customer, in name order, with the search index over them.
pub struct ListData {
    /// Search over the same customers, same order; the names are its
    /// records' (not copied here).
    pub index: Index,
    meta: Vec<Meta>,
    tags: Vec<u32>,
    strings: Interner,
    /// Live customers (counted once: the status line shows it every frame).
    live: usize,
    /// False while the rows' facts are blank (see `early.rs`).
    facts: bool,
    /// True once a customer was updated in place (see `patch.rs`).
    patched: bool,
}

/// A live customer's standing against its contact norms on `today`.
fn standing_of(r: &RawRow<'_>, contacts: LastContacts, cadence: &Cadence, today: NaiveDate) -> Standing {
    Standing::of(
        cadence.norm(r.tier),
        (r.call_norm, r.visit_norm),
        contacts,
        crate::store::created_on(r.id).unwrap_or(today),
        today,
    )
}

/// A deleted customer as a list row. The index holds no search key for a
/// deleted customer, so it is romanized here.
fn with_deleted_row<T>(c: &Entity, romanizer: &Romanizer, f: impl FnOnce(&RawRow<'_>) -> T) -> T {
    let rec = crate::search::record::name_only(romanizer, c.title());
    let sort = crate::search::sort_key(romanizer, c.title());
    let text = |field: &str| c.text_or_empty(field);
    f(&RawRow {
        id: &c.id,
        name: c.title(),
        kind: text("kind"),
        status: text("status"),
        industry: text("industry"),
        region: text("region"),
        city: text("city"),
        tags: text("tags"),
        tier: c.classification().tier,
        vip: c.get("vip").is_true(),
        updated_ms: c.updated_ms,
        call_norm: c.text("call_norm"),
        visit_norm: c.text("visit_norm"),
        key: &rec.key,
        display: &rec.display,
        sort: &sort,
        qualification: crate::domain::qualify::Qualification::of(c),
    })
}

impl ListData {
    /// Load from the store: everyone, or the first `limit` by name, with
    /// each customer's standing against its contact norms on `today`.
    /// Everyone: the saved search index gives the order and the records
    /// (see `crate::search::persist`), the rows only the list's facts, all
    /// read at one moment.
    pub fn load(store: &Store, limit: Option<usize>, cadence: &Cadence, today: NaiveDate) -> Result<ListData> {
        if limit.is_some() {
            return ListData::load_rows(store, limit, cadence, today);
        }
        match store.reading(|| ListData::load_indexed(store, cadence, today))? {
            Some(data) => Ok(data),
            // The index and the rows disagree (a damaged archive): by rows.
            None => ListData::load_rows(store, None, cadence, today),
        }
    }

    /// Everyone, in the saved index's order; None when a row is missing
    /// from the index or the other way round.
    fn load_indexed(store: &Store, cadence: &Cadence, today: NaiveDate) -> Result<Option<ListData>> {
        let index = Index::load_for_list(store)?;
        let Some(mut out) = ListData::facts_for(store, index.ids(), cadence, today)? else {
            return Ok(None);
        };
        out.index = index;
        // Deleted customers too (few; the filter shows them when asked).
        for c in &store.deleted_customers()? {
            with_deleted_row(c, store.romanizer(), |row| out.insert_row(row, None, None, store.romanizer()));
        }
        Ok(Some(out))
    }

    /// Everyone or the first `limit` by name, straight from the rows.
    fn load_rows(store: &Store, limit: Option<usize>, cadence: &Cadence, today: NaiveDate) -> Result<ListData> {
        let contacts = store.last_contacts()?;
        // Stage in storage order, then sort by name.
        let mut staged = ListData::empty();
        store.for_each_customer_row(limit, |r: RawRow<'_>| {
            let contacts = contacts.get(r.id).copied().unwrap_or_default();
            let standing = standing_of(&r, contacts, cadence, today);
            staged.index.push(r.id, &sort_of(store, &r), r.key, r.display);
            staged.push_meta(&r, contacts.0.max(contacts.1), Some(&standing));
        })?;
        let deleted = if limit.is_none() { store.deleted_customers()? } else { Vec::new() };
        for c in &deleted {
            with_deleted_row(c, store.romanizer(), |row| {
                staged.index.push(row.id, row.sort, row.key, row.display);
                staged.push_meta(row, None, None);
            });
        }
        let mut out = ListData::empty();
        out.strings = std::mem::take(&mut staged.strings);
        for i in staged.index.name_order() {
            let i = i as usize;
            out.index.push_from(&staged.index, i);
            out.take_from(&staged, i);
        }
        Ok(out)
    }

    /// Append staged customer `i`'s facts (its tags copied).
    fn take_from(&mut self, staged: &ListData, i: usize) {
        let mut m = staged.meta[i];
        let tags = &staged.tags[m.tags_start as usize..m.tags_start as usize + m.tags_len as usize];
        m.tags_start = self.tags.len() as u32;
        self.tags.extend_from_slice(tags);
        self.live += usize::from(m.due().is_some());
        self.meta.push(m);
    }

    fn empty() -> ListData {
        ListData {
            index: Index::default(),
            meta: Vec::new(),
            tags: Vec::new(),
            strings: Interner::default(),
            live: 0,
            facts: true,
            patched: false,
        }
    }

    /// Add one customer; `standing` is None for a deleted one (it owes no
    /// contact).
    fn push_meta(&mut self, r: &RawRow<'_>, last: Option<NaiveDate>, standing: Option<&Standing>) {
        let meta = self.make_meta(r, last, standing);
        self.meta.push(meta);
    }

    /// A customer's list facts, its text interned and its tags appended.
    fn make_meta(&mut self, r: &RawRow<'_>, last: Option<NaiveDate>, standing: Option<&Standing>) -> Meta {
        use chrono::Datelike;
        let tags_start = self.tags.len() as u32;
        for t in split_tags(r.tags) {
            let id = self.strings.id(&t);
            self.tags.push(id);
        }
        let overdue = standing.map_or(i64::from(i32::MIN), |s| s.worse_state().overdue_days);
        Meta {
            updated_ms: r.updated_ms,
            last_contact: last.map_or(i32::MIN, |d| d.num_days_from_ce()),
            overdue: overdue.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            industry: self.strings.id(r.industry),
            region: self.strings.id(r.region),
            city: self.strings.id(r.city),
            tags_start,
            tags_len: (self.tags.len() as u32 - tags_start) as u16,
            marks: Meta::marks(
                r.tier,
                standing.map(Standing::due),
                standing.is_some_and(|s| s.worse() == crate::domain::cadence::NormKind::Visits),
                r.vip,
            ),
            kind: enum_pos(CUSTOMER_KINDS, r.kind),
            status: enum_pos(STATUSES, r.status),
            asked: Meta::asked(r.qualification),
            golden: r.qualification.golden,
            poor: r.qualification.poor,
        }
    }

    /// Number of customers (deleted ones included).
    pub fn len(&self) -> usize {
        self.meta.len()
    }

    /// Number of live customers.
    pub fn live(&self) -> usize {
        self.live
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.meta.is_empty()
    }

    /// Customer id at position `i`.
    pub fn id(&self, i: u32) -> crate::search::ids::Id<'_> {
        self.index.id(crate::search::Hit { index: i, score: 0 })
    }

    /// Name (as the search index holds it).
    pub fn name(&self, i: u32) -> &str {
        self.index.name_at(i as usize)
    }

    /// Tier in force.
    pub fn tier(&self, i: u32) -> Tier {
        self.meta[i as usize].tier()
    }

    /// VIP mark.
    pub fn vip(&self, i: u32) -> bool {
        self.meta[i as usize].vip()
    }

    /// Kind (stored value) or "".
    pub fn kind(&self, i: u32) -> &'static str {
        CUSTOMER_KINDS.get(self.meta[i as usize].kind as usize).copied().unwrap_or("")
    }

    /// Status (stored value) or "".
    pub fn status(&self, i: u32) -> &'static str {
        STATUSES.get(self.meta[i as usize].status as usize).copied().unwrap_or("")
    }

    /// Industry or "".
    pub fn industry(&self, i: u32) -> &str {
        self.strings.get(self.meta[i as usize].industry)
    }

    /// Region or "".
    pub fn region(&self, i: u32) -> &str {
        self.strings.get(self.meta[i as usize].region)
    }

    /// City or "".
    pub fn city(&self, i: u32) -> &str {
        self.strings.get(self.meta[i as usize].city)
    }

    /// Tags.
    pub fn tags(&self, i: u32) -> impl Iterator<Item = &str> {
        let m = self.meta[i as usize];
        self.tags[m.tags_start as usize..m.tags_start as usize + m.tags_len as usize]
            .iter()
            .map(|&t| self.strings.get(t))
    }

    /// Last visit or call.
    pub fn last_contact(&self, i: u32) -> Option<NaiveDate> {
        let d = self.meta[i as usize].last_contact;
        if d == i32::MIN { None } else { NaiveDate::from_num_days_from_ce_opt(d) }
    }

    /// Due state against the contact norms (None: deleted).
    pub fn due(&self, i: u32) -> Option<Due> {
        self.meta[i as usize].due()
    }

    /// False for a soft-deleted customer.
    pub fn alive(&self, i: u32) -> bool {
        self.meta[i as usize].due().is_some()
    }

    /// Customer `i` as the library's filter sees it.
    pub fn facts(&self, i: u32) -> RowFacts<'_> {
        RowFacts { data: self, i }
    }

    /// True when the visit norm (not the phone norm) is the one lapsing.
    pub fn visit_worse(&self, i: u32) -> bool {
        self.meta[i as usize].visit_worse()
    }

    /// Days overdue on the worse norm (negative: days left).
    pub fn overdue_days(&self, i: u32) -> i32 {
        self.meta[i as usize].overdue
    }

    /// Where customer `i` stands as a prospect.
    pub fn qualification(&self, i: u32) -> crate::domain::qualify::Qualification {
        self.meta[i as usize].qualification()
    }

    /// Last local write.
    pub fn updated_ms(&self, i: u32) -> i64 {
        self.meta[i as usize].updated_ms
    }
}
