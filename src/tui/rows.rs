//! The customer list's data at 100k customers in a few flat buffers: names
//! packed, one small fixed record per customer, repeated text (industry,
//! region, city, tags) interned once. Loaded by streaming rows from SQLite;
//! after a write only the customers it touched are updated (`patch`).

mod patch;

use crate::config::Cadence;
use crate::domain::cadence::{Due, Standing};
use crate::domain::classify::Tier;
use crate::domain::entity::Entity;
use crate::domain::fields::split_tags;
use crate::domain::pinyin::Romanizer;
use crate::domain::schema::{CUSTOMER_KINDS, STATUSES};
use crate::error::Result;
use crate::search::Index;
use crate::search::packed::PackedStr;
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

/// One customer's list facts (40 bytes).
#[derive(Debug, Clone, Copy)]
struct Meta {
    updated_ms: i64,
    /// Last visit or call, days since the Common Era; `i32::MIN` for never.
    last_contact: i32,
    /// Days overdue on the worse norm (negative: days left).
    overdue: i32,
    /// None for a deleted customer.
    due: Option<Due>,
    /// True when the visit norm is the worse one.
    visit_worse: bool,
    industry: u32,
    region: u32,
    city: u32,
    tags_start: u32,
    tags_len: u16,
    tier: Tier,
    vip: bool,
    kind: u8,
    status: u8,
    qualification: crate::domain::qualify::Qualification,
}

const NONE: u8 = u8::MAX;

fn enum_pos(values: &[&str], v: &str) -> u8 {
    values.iter().position(|x| *x == v).map_or(NONE, |p| p as u8)
}

/// Every listed customer, in name order, with the search index over them.
pub struct ListData {
    /// Search over the same customers, same order.
    pub index: Index,
    names: PackedStr,
    meta: Vec<Meta>,
    tags: Vec<u32>,
    strings: Interner,
    /// Live customers (counted once: the status line shows it every frame).
    live: usize,
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
fn with_deleted_row<T>(c: &Entity, romanizer: Option<&Romanizer>, f: impl FnOnce(&RawRow<'_>) -> T) -> T {
    let default = Romanizer::default();
    let rec = crate::search::record::name_only(romanizer.unwrap_or(&default), c.title());
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
        qualification: crate::domain::qualify::Qualification::of(c),
    })
}

impl ListData {
    /// Load from the store: everyone, or the first `limit` by name, with
    /// each customer's standing against its contact norms on `today`.
    pub fn load(store: &Store, limit: Option<usize>, cadence: &Cadence, today: NaiveDate) -> Result<ListData> {
        let contacts = store.last_contacts()?;
        // Stage in storage order, then sort by name (SQLite's NOCASE order).
        let mut staged = ListData::empty();
        let mut keys = PackedStr::default();
        let mut display = PackedStr::default();
        let mut ids = PackedStr::default();
        store.for_each_customer_row(limit, |r: RawRow<'_>| {
            ids.push(r.id);
            keys.push(r.key);
            display.push(r.display);
            let contacts = contacts.get(r.id).copied().unwrap_or_default();
            let standing = standing_of(&r, contacts, cadence, today);
            staged.push_meta(&r, contacts.0.max(contacts.1), Some(&standing));
        })?;
        // Deleted customers too (few; the filter shows them when asked).
        // The index holds no keys for them, so they are romanized here.
        let deleted = if limit.is_none() { store.deleted_customers()? } else { Vec::new() };
        let romanizer = if deleted.is_empty() { None } else { Some(crate::domain::pinyin::Romanizer::default()) };
        for c in &deleted {
            with_deleted_row(c, romanizer.as_ref(), |row| {
                ids.push(row.id);
                keys.push(row.key);
                display.push(row.display);
                staged.push_meta(row, None, None);
            });
        }
        let order = crate::search::name_order(&staged.names, &ids);
        let mut out = ListData::empty();
        out.strings = std::mem::take(&mut staged.strings);
        for i in order {
            let i = i as usize;
            out.index.push(ids.get(i), keys.get(i), display.get(i));
            out.names.push(staged.names.get(i));
            let mut m = staged.meta[i];
            let tags = &staged.tags[m.tags_start as usize..m.tags_start as usize + m.tags_len as usize];
            m.tags_start = out.tags.len() as u32;
            out.tags.extend_from_slice(tags);
            out.live += usize::from(m.due.is_some());
            out.meta.push(m);
        }
        Ok(out)
    }

    fn empty() -> ListData {
        ListData {
            index: Index::default(),
            names: PackedStr::default(),
            meta: Vec::new(),
            tags: Vec::new(),
            strings: Interner::default(),
            live: 0,
        }
    }

    /// Add one customer; `standing` is None for a deleted one (it owes no
    /// contact).
    fn push_meta(&mut self, r: &RawRow<'_>, last: Option<NaiveDate>, standing: Option<&Standing>) {
        self.names.push(r.name);
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
            due: standing.map(Standing::due),
            visit_worse: standing.is_some_and(|s| s.worse() == crate::domain::cadence::NormKind::Visits),
            industry: self.strings.id(r.industry),
            region: self.strings.id(r.region),
            city: self.strings.id(r.city),
            tags_start,
            tags_len: (self.tags.len() as u32 - tags_start) as u16,
            tier: r.tier,
            vip: r.vip,
            kind: enum_pos(CUSTOMER_KINDS, r.kind),
            status: enum_pos(STATUSES, r.status),
            qualification: r.qualification,
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
    pub fn id(&self, i: u32) -> &str {
        self.index.id(crate::search::Hit { index: i, score: 0 })
    }

    /// Name.
    pub fn name(&self, i: u32) -> &str {
        self.names.get(i as usize)
    }

    /// Tier in force.
    pub fn tier(&self, i: u32) -> Tier {
        self.meta[i as usize].tier
    }

    /// VIP mark.
    pub fn vip(&self, i: u32) -> bool {
        self.meta[i as usize].vip
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
        self.meta[i as usize].due
    }

    /// False for a soft-deleted customer.
    pub fn alive(&self, i: u32) -> bool {
        self.meta[i as usize].due.is_some()
    }

    /// Customer `i` as the library's filter sees it.
    pub fn facts(&self, i: u32) -> RowFacts<'_> {
        RowFacts { data: self, i }
    }

    /// True when the visit norm (not the phone norm) is the one lapsing.
    pub fn visit_worse(&self, i: u32) -> bool {
        self.meta[i as usize].visit_worse
    }

    /// Days overdue on the worse norm (negative: days left).
    pub fn overdue_days(&self, i: u32) -> i32 {
        self.meta[i as usize].overdue
    }

    /// Where customer `i` stands as a prospect.
    pub fn qualification(&self, i: u32) -> crate::domain::qualify::Qualification {
        self.meta[i as usize].qualification
    }

    /// Last local write.
    pub fn updated_ms(&self, i: u32) -> i64 {
        self.meta[i as usize].updated_ms
    }
}

/// A list row as the library's [`crate::domain::filter::CustomerFilter`]
/// sees it: the CLI and the interface filter with the same rules.
pub struct RowFacts<'a> {
    data: &'a ListData,
    i: u32,
}

impl crate::domain::filter::CustomerFacts for RowFacts<'_> {
    fn tier(&self) -> Tier {
        self.data.tier(self.i)
    }
    fn vip(&self) -> bool {
        self.data.vip(self.i)
    }
    fn kind(&self) -> &str {
        self.data.kind(self.i)
    }
    fn status(&self) -> &str {
        self.data.status(self.i)
    }
    fn industry(&self) -> &str {
        self.data.industry(self.i)
    }
    fn region(&self) -> &str {
        self.data.region(self.i)
    }
    fn city(&self) -> &str {
        self.data.city(self.i)
    }
    fn has_tag(&self, tag: &str) -> bool {
        self.data.tags(self.i).any(|t| t == tag)
    }
    fn alive(&self) -> bool {
        self.data.alive(self.i)
    }
    fn due(&self) -> Option<Due> {
        self.data.due(self.i)
    }
    fn qualification(&self) -> crate::domain::qualify::Qualification {
        self.data.qualification(self.i)
    }
}
