//! The write path: row updates and their change records in one transaction.

use super::Device;
use super::records::field_stamp;
use super::records::{CL_COLUMN, INSERT_COLUMN, Snapshot};
use crate::domain::entity::Entity;
use crate::domain::fields::{Kind, Value};
use crate::domain::pinyin::Romanizer;
use crate::domain::schema::{CUSTOMER, FOLLOWUP, OPPORTUNITY, PERSON, TRADE, Table, VISIT};
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use rusqlite::{OptionalExtension, ToSql, Transaction, params};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

mod log;
mod made;

/// The id of a generated record: a `UUIDv5` of its table and source in the
/// dataset's namespace, the same on every device.
pub(super) fn derived_id(dataset_id: &str, table: &str, source: &str) -> String {
    let namespace = uuid::Uuid::try_parse(dataset_id).unwrap_or(uuid::Uuid::NAMESPACE_OID);
    uuid::Uuid::new_v5(&namespace, format!("{table}\n{source}").as_bytes()).to_string()
}

pub(super) fn json(value: &impl Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Invalid(e.to_string()))
}

/// Writes inside one transaction; see [`super::Store::write`].
pub struct Writer<'a> {
    pub(super) tx: &'a Transaction<'a>,
    device: &'a mut Device,
    now_ms: i64,
    romanizer: &'a Romanizer,
    pub(super) dirty_customers: BTreeSet<String>,
    /// Interned numbers this transaction has looked up.
    pub(super) ids: super::ids::Cache,
    /// What the import under way has learnt of the archive.
    pub(super) seen: super::merge::Seen,
    /// Someone was erased: the saved search index goes after the commit.
    pub(super) erased: bool,
    /// People written: their birthday follow-ups are made on finishing.
    people_written: BTreeSet<String>,
    /// Customers whose orders or payments this write touched, and whether
    /// one was changed or deleted (not only added): money may be owed again.
    trades_written: BTreeMap<String, bool>,
    /// The conflict being resolved: (row, column, the losing value's
    /// stamp); the next record of that row and column names it as settled.
    pub(super) settling: Option<(i64, i64, super::records::Stamp)>,
    /// Conflicts this write kept (row, column, the lost value's stamp),
    /// and how many a later record closed, not yet taken off the count.
    pub(super) kept_now: std::collections::HashSet<(i64, i64, i64, i64)>,
    pub(super) unkept: usize,
    /// Seq of this write's first record: the transaction id of all of them.
    tx_id: Option<i64>,
    /// The page cache before a large import widened it (see `room`).
    pub(super) cache_before: Option<i64>,
    /// The rep's today by the store's clock (rules such as "a visit is held
    /// only once its day has come" read it).
    today: chrono::NaiveDate,
}

impl<'a> Writer<'a> {
    pub(super) fn new(
        tx: &'a Transaction<'a>,
        device: &'a mut Device,
        (now_ms, today): (i64, chrono::NaiveDate),
        romanizer: &'a Romanizer,
    ) -> Self {
        Self {
            tx,
            device,
            now_ms,
            romanizer,
            dirty_customers: BTreeSet::new(),
            ids: super::ids::Cache::default(),
            seen: super::merge::Seen::default(),
            erased: false,
            people_written: BTreeSet::new(),
            trades_written: BTreeMap::new(),
            settling: None,
            kept_now: std::collections::HashSet::new(),
            unkept: 0,
            tx_id: None,
            cache_before: None,
            today,
        }
    }

    /// The rep's today, by the store's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today
    }

    /// Refresh derived data and persist the device counters; called once
    /// before commit.
    pub(super) fn finish(&mut self) -> Result<()> {
        // A payment saved settles its payment follow-ups now.
        let trades = std::mem::take(&mut self.trades_written);
        self.close_paid_followups(&trades)?;
        // A birthday saved is a follow-up now, not at the next start.
        for id in std::mem::take(&mut self.people_written) {
            self.birthday_followup(&id)?;
        }
        super::search_keys::refresh(self.tx, self.romanizer, &std::mem::take(&mut self.dirty_customers))?;
        super::open::save_counters(self.tx, self.device)
    }

    /// The transaction id of this write (the seq of its first record), once
    /// it has recorded something.
    pub fn tx_id(&self) -> Option<i64> {
        self.tx_id
    }

    /// The wall clock of this write, in ms since the epoch.
    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }

    /// This archive joins the book `dataset` (it was empty).
    pub(super) fn join_dataset(&mut self, dataset: &str) -> Result<()> {
        self.tx.execute("UPDATE meta SET value = ?1 WHERE key = 'dataset_id'", [dataset])?;
        self.device.dataset_id = dataset.to_string();
        Ok(())
    }

    /// Move this device's clock past a clock received from device
    /// `origin`; a clock absurdly far ahead is refused, naming the device.
    pub fn receive_clock(&mut self, remote: Hlc, origin: &str) -> Result<()> {
        match self.device.last_hlc.receive(remote, self.now_ms, crate::hlc::MAX_DRIFT_MS) {
            Ok(h) => {
                self.device.last_hlc = h;
                Ok(())
            }
            Err(ahead_ms) => Err(Error::invalid(
                "error.clock_ahead",
                &[("device", &origin), ("days", &(ahead_ms / 86_400_000).max(1))],
            )),
        }
    }

    fn mark_dirty(&mut self, table: &Table, id: &str, values: &[(&'static str, Value)]) -> Result<()> {
        if std::ptr::eq(table, &raw const CUSTOMER) {
            self.dirty_customers.insert(id.to_string());
        } else if std::ptr::eq(table, &raw const PERSON) {
            self.people_written.insert(id.to_string());
            let customer = match values.iter().find(|(f, _)| *f == "customer_id") {
                Some((_, Value::Text(c))) => Some(c.clone()),
                _ => self.customer_of(table, id)?,
            };
            if let Some(c) = customer {
                self.dirty_customers.insert(c);
            }
        } else if std::ptr::eq(table, &raw const TRADE) {
            if let Some(c) = self.customer_of(table, id)? {
                // An insert gives its values; an edit, delete or restore none.
                *self.trades_written.entry(c).or_default() |= values.is_empty();
            }
        } else if std::ptr::eq(table, &raw const VISIT) || std::ptr::eq(table, &raw const FOLLOWUP) {
            // Search holds their text and the last contact (issue 13).
            if let Some(c) = self.customer_of(table, id)? {
                self.dirty_customers.insert(c);
            }
        }
        Ok(())
    }

    fn customer_of(&self, table: &Table, id: &str) -> Result<Option<String>> {
        if table.parent.is_none() {
            return Ok(Some(id.to_string()));
        }
        Ok(self
            .tx
            .query_row(&format!("SELECT customer_id FROM {} WHERE id = ?1", table.name), [id], |r| r.get(0))
            .optional()?)
    }

    /// Insert a new record; every required field must be present. Returns
    /// the new id.
    pub fn insert(&mut self, table: &'static Table, values: &[(&'static str, Value)]) -> Result<String> {
        let id = self.new_id();
        self.insert_with_id(table, &id, values)?;
        Ok(id)
    }

    fn insert_with_id(&mut self, table: &'static Table, id: &str, values: &[(&'static str, Value)]) -> Result<()> {
        // Issue 8 §2: every text value is cleaned (no controls, no bidi
        // overrides, NFC) and an invisible name refused here, where every
        // insert and update passes, so no face can bypass it.
        let cleaned = crate::domain::clean::clean_values(table, values)?;
        let values: &[(&'static str, Value)] = &cleaned;
        for (field, value) in values {
            table.field(field).ok_or_else(|| Error::Invalid(format!("unknown field {field}")))?.check(value)?;
        }
        for spec in table.fields.iter().filter(|f| f.required) {
            if values.iter().all(|(f, v)| *f != spec.name || v.is_null()) {
                return Err(Error::invalid("error.required", &[("field", &spec.label())]));
            }
        }
        // The follow-up life cycle: one rule for every write path.
        if std::ptr::eq(table, &raw const FOLLOWUP) {
            crate::domain::followup::check_transition(None, values)?;
        }
        // A held visit's date, log day and next steps: one rule for every
        // write path.
        let mut values = std::borrow::Cow::Borrowed(values);
        if std::ptr::eq(table, &raw const VISIT) {
            crate::domain::visit::date_next_steps(None, &mut values, self.today);
            if let Some(logged) = crate::domain::visit::logged_on_for(None, &values, self.today) {
                values.to_mut().push(logged);
            }
            self.visit_written(id, None, &values)?;
            self.visit_moves_opportunity(None, &values)?;
        }
        // An opportunity's closing day and reason: one rule for every path.
        if std::ptr::eq(table, &raw const OPPORTUNITY) {
            crate::domain::opportunity::settle(None, values.to_mut(), self.today)?;
        }
        let values: &[(&'static str, Value)] = &values;
        if let Some(parent) = table.parent
            && let Some((_, Value::Text(cid))) = values.iter().find(|(f, _)| *f == parent)
        {
            self.require_alive(&CUSTOMER, cid)?;
        }
        let row = super::ids::intern_row(self.tx, id)?;
        let erased: i64 =
            self.tx.prepare_cached("SELECT count(*) FROM erased WHERE row = ?1")?.query_row([row], |r| r.get(0))?;
        if erased > 0 {
            return Err(Error::NotFound { what: table.noun, id: id.to_string() });
        }
        let cols: Vec<&str> = values.iter().map(|(f, _)| *f).collect();
        let sql = format!(
            "INSERT INTO {} (id, cl, updated_ms{}) VALUES (?1, 1, ?2{})",
            table.name,
            cols.iter().map(|c| format!(", {c}")).collect::<String>(),
            (0..cols.len()).map(|i| format!(", ?{}", i + 3)).collect::<String>()
        );
        let mut args: Vec<&dyn ToSql> = vec![&id, &self.now_ms];
        args.extend(values.iter().map(|(_, v)| v as &dyn ToSql));
        self.tx.prepare_cached(&sql)?.execute(args.as_slice())?;
        // One record holds every initial value: field clocks only for
        // later edits (DESIGN.md §2).
        let initial: BTreeMap<&str, &Value> =
            values.iter().filter(|(_, v)| !v.is_null()).map(|(f, v)| (*f, v)).collect();
        self.record(table.name, row, INSERT_COLUMN, 1, Some(&json(&initial)?), None)?;
        self.mark_dirty(table, id, values)?;
        Ok(())
    }

    /// Change fields of a live record. Fields whose value does not change
    /// are skipped and record nothing. Returns how many fields changed.
    pub fn update(&mut self, table: &'static Table, id: &str, values: &[(&'static str, Value)]) -> Result<usize> {
        self.update_inner(table, id, values, None)
    }

    /// Save an edit that began from `seen` (a form, `customer edit`). A
    /// field the editor left as it found it is not written, so a change
    /// made meanwhile elsewhere stands; a field the editor changed while
    /// it also changed elsewhere takes the editor's value and keeps the
    /// other as a conflict for review, never silently lost.
    pub fn update_from(&mut self, seen: &Snapshot, values: &[(&'static str, Value)]) -> Result<usize> {
        let changed: Vec<(&'static str, Value)> =
            values.iter().filter(|(f, v)| seen.entity.get(f) != v).cloned().collect();
        self.update_inner(seen.entity.table, &seen.entity.id.clone(), &changed, Some(seen))
    }

    fn update_inner(
        &mut self,
        table: &'static Table,
        id: &str,
        values: &[(&'static str, Value)],
        seen: Option<&Snapshot>,
    ) -> Result<usize> {
        // Issue 8 §2: the same cleaning as `insert_with_id`.
        let cleaned = crate::domain::clean::clean_values(table, values)?;
        let values: &[(&'static str, Value)] = &cleaned;
        let current = self.require_alive(table, id)?;
        // The follow-up life cycle: one rule for every write path.
        if std::ptr::eq(table, &raw const FOLLOWUP) {
            crate::domain::followup::check_transition(Some(&current), values)?;
            crate::domain::followup::check_snoozed_write(&current, values, self.today)?;
        }
        // A held visit's date, log day and next steps: one rule for every
        // write path.
        let mut values = std::borrow::Cow::Borrowed(values);
        if std::ptr::eq(table, &raw const VISIT) {
            crate::domain::visit::date_next_steps(Some(&current), &mut values, self.today);
            if let Some(logged) = crate::domain::visit::logged_on_for(Some(&current), &values, self.today) {
                values.to_mut().push(logged);
            }
            self.visit_written(id, Some(&current), &values)?;
            self.visit_moves_opportunity(Some(&current), &values)?;
        }
        if std::ptr::eq(table, &raw const OPPORTUNITY) {
            crate::domain::opportunity::settle(Some(&current), values.to_mut(), self.today)?;
        }
        self.write_fields(table, id, &current, &values, seen)
    }

    /// Put back field values of a live record as an undo does: cleaned and
    /// checked like every write, but past the life-cycle rules (an undo of
    /// "done" re-opens the follow-up; of a log, puts the plan back), since
    /// it restores what the log held rather than taking a step.
    pub(super) fn restore_fields(
        &mut self,
        table: &'static Table,
        id: &str,
        values: &[(&'static str, Value)],
    ) -> Result<usize> {
        let cleaned = crate::domain::clean::clean_values(table, values)?;
        let current = self.require_alive(table, id)?;
        self.write_fields(table, id, &current, &cleaned, None)
    }

    fn write_fields(
        &mut self,
        table: &'static Table,
        id: &str,
        current: &Entity,
        values: &[(&'static str, Value)],
        seen: Option<&Snapshot>,
    ) -> Result<usize> {
        let cl = self.causal_length(table, id)?;
        let row = super::ids::intern_row(self.tx, id)?;
        let mut changed = 0;
        for (field, value) in values {
            let spec = table.field(field).ok_or_else(|| Error::Invalid(format!("unknown field {field}")))?;
            if spec.required && value.is_null() {
                return Err(Error::invalid("error.required", &[("field", &spec.label())]));
            }
            if spec.kind == Kind::Ref {
                return Err(Error::invalid("error.move_record", &[("field", &spec.label())]));
            }
            spec.check(value)?;
            if current.get(field) == value {
                continue;
            }
            let now = field_stamp(self.tx, row, table.name, field)?;
            let base = match seen {
                Some(s) => {
                    let saw = s.stamps.get(field).copied();
                    if saw != now
                        && let Some(now) = now
                    {
                        self.keep_conflict(row, table.name, field, now, current.get(field))?;
                    }
                    saw
                }
                None => now,
            };
            self.tx
                .prepare_cached(&format!("UPDATE {} SET {field} = ?2, updated_ms = ?3 WHERE id = ?1", table.name))?
                .execute(params![id, value, self.now_ms])?;
            self.record_edit(table.name, row, field, cl, value, base)?;
            changed += 1;
        }
        if changed > 0 {
            self.mark_dirty(table, id, &[])?;
        }
        Ok(changed)
    }

    /// Soft-delete (`alive = false`) or restore a record by moving its causal
    /// length to the next even or odd number.
    pub fn set_alive(&mut self, table: &'static Table, id: &str, alive: bool) -> Result<bool> {
        if !alive && table.name == "followup" {
            return Err(Error::invalid("error.followup_no_delete", &[]));
        }
        if !alive && table.name == "customer" {
            super::trash::check_deletable(self.tx, id)?;
        }
        let cl = self.causal_length(table, id)?;
        if (cl % 2 == 1) == alive {
            return Ok(false);
        }
        let next = cl + 1;
        self.tx.execute(
            &format!("UPDATE {} SET cl = ?2, updated_ms = ?3 WHERE id = ?1", table.name),
            params![id, next, self.now_ms],
        )?;
        let row = super::ids::intern_row(self.tx, id)?;
        self.record(table.name, row, CL_COLUMN, next, Some(&next.to_string()), None)?;
        self.mark_dirty(table, id, &[])?;
        Ok(true)
    }

    /// Load a record and fail unless it exists and is alive.
    pub(super) fn load_alive(&self, table: &'static Table, id: &str) -> Result<Entity> {
        self.require_alive(table, id)
    }

    /// Load a record and fail unless it exists and is alive.
    fn require_alive(&self, table: &'static Table, id: &str) -> Result<Entity> {
        match super::archive::load(self.tx, table, id)? {
            Some(e) if e.alive => Ok(e),
            _ => Err(Error::NotFound { what: table.noun, id: id.to_string() }),
        }
    }
}
