//! The write path: row updates and their change records in one transaction.

use super::Device;
use crate::domain::entity::Entity;
use crate::domain::fields::{Kind, Value};
use crate::domain::pinyin::Romanizer;
use crate::domain::schema::{CUSTOMER, FOLLOWUP, PERSON, Table, VISIT};
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql, Transaction, params};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The id of a generated record: a `UUIDv5` of its table and source in the
/// dataset's namespace, the same on every device.
pub(super) fn derived_id(dataset_id: &str, table: &str, source: &str) -> String {
    let namespace = uuid::Uuid::try_parse(dataset_id).unwrap_or(uuid::Uuid::NAMESPACE_OID);
    uuid::Uuid::new_v5(&namespace, format!("{table}\n{source}").as_bytes()).to_string()
}

/// Column name used in change records for a row's causal length.
pub const CL_COLUMN: &str = "_cl";
/// Column name used in change records for a privacy erase of a row.
pub const ERASE_COLUMN: &str = "_erase";
/// Column name of the one record that creates a row with all its initial
/// values (a JSON object), causal length 1.
pub const INSERT_COLUMN: &str = "_insert";

/// One recorded change (DESIGN.md §4), with the interned ids resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeRecord {
    /// Device that made the change.
    pub origin: String,
    /// Contiguous per-origin sequence number, from 1.
    pub seq: i64,
    /// Hybrid logical clock of the change.
    pub hlc: i64,
    /// Sequence number (same origin) of the first record of the logical
    /// write this record belongs to; an import applies them together.
    pub tx: i64,
    /// Table name.
    pub table: String,
    /// Row id.
    pub row: String,
    /// Field name, or `_insert` / `_cl` / `_erase`.
    pub column: String,
    /// The causal length the writer saw (for `_cl`: the new one; 0 for
    /// records carried over from schema 2, when it was not recorded).
    pub cl: i64,
    /// The new value as JSON (an object for `_insert`; null after a privacy
    /// erase scrubbed it).
    pub value: Option<String>,
    /// (hlc, origin) of the value the editor saw, if the field had one.
    pub base: Option<(i64, String)>,
}

/// The clock of a field's value: the change that set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    /// Its hybrid logical clock.
    pub hlc: i64,
    /// Its origin device (interned number, local to this archive).
    pub origin: i64,
}

/// A record as an editor loaded it, with the clock of every field: the
/// `base` its save passes back (DESIGN.md §4: what the editor saw when
/// editing began, not what the field holds at save time).
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The record as loaded.
    pub entity: Entity,
    /// The clock of each field's value when it was loaded.
    pub stamps: BTreeMap<&'static str, Stamp>,
}

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Bool(b) => ToSqlOutput::from(i64::from(*b)),
            Value::Int(i) => ToSqlOutput::from(*i),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

/// Read a column as a value of the given kind.
pub(super) fn value_from(kind: Kind, v: ValueRef<'_>) -> Value {
    match (kind, v) {
        (Kind::Bool, ValueRef::Integer(i)) => Value::Bool(i != 0),
        (_, ValueRef::Integer(i)) => Value::Int(i),
        (_, ValueRef::Text(t)) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        (_, ValueRef::Real(f)) => Value::Int(f as i64),
        _ => Value::Null,
    }
}

fn json(value: &impl Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Invalid(e.to_string()))
}

/// The SELECT that resolves interned ids; callers add WHERE / ORDER BY.
pub(super) const RECORD_SELECT: &str =
    "SELECT d.uuid, l.seq, l.hlc, l.tx, c.tbl, r.uuid, c.col, l.cl, l.value, l.base_hlc, b.uuid
     FROM change_log l JOIN device d ON d.n = l.origin JOIN row_ref r ON r.n = l.row
     JOIN col_ref c ON c.n = l.col LEFT JOIN device b ON b.n = l.base_origin";

pub(super) fn record_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChangeRecord> {
    let base_hlc: Option<i64> = r.get(9)?;
    let base_origin: Option<String> = r.get(10)?;
    Ok(ChangeRecord {
        origin: r.get(0)?,
        seq: r.get(1)?,
        hlc: r.get(2)?,
        tx: r.get(3)?,
        table: r.get(4)?,
        row: super::ids::key_id(r.get_ref(5)?),
        column: r.get(6)?,
        cl: r.get(7)?,
        value: r.get(8)?,
        base: base_hlc.zip(base_origin),
    })
}

/// All change records in (hlc, origin, seq) order.
pub(super) fn all(conn: &Connection) -> Result<Vec<ChangeRecord>> {
    let mut stmt = conn.prepare(&format!("{RECORD_SELECT} ORDER BY l.hlc, d.uuid, l.seq"))?;
    let rows = stmt.query_map([], record_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The clock of a field's current value: its last edit, else the record
/// that created the row. None for a row the log has never seen.
pub(super) fn field_stamp(conn: &Connection, row: i64, table: &str, field: &str) -> Result<Option<Stamp>> {
    let stamp = |r: &rusqlite::Row<'_>| Ok(Stamp { hlc: r.get(0)?, origin: r.get(1)? });
    if let Some(col) = super::ids::find_col(conn, table, field)?
        && let Some(s) = conn
            .prepare_cached("SELECT hlc, origin FROM field_clock WHERE row = ?1 AND col = ?2")?
            .query_row(params![row, col], stamp)
            .optional()?
    {
        return Ok(Some(s));
    }
    // Rows of schema 2 were created by a `_cl` record of value 1.
    Ok(conn
        .prepare_cached(
            "SELECT l.hlc, l.origin FROM change_log l JOIN col_ref c ON c.n = l.col
             WHERE l.row = ?1 AND c.tbl = ?2 AND (c.col = '_insert' OR (c.col = '_cl' AND l.value = '1'))
             ORDER BY l.hlc LIMIT 1",
        )?
        .query_row(params![row, table], stamp)
        .optional()?)
}

/// Writes inside one transaction; see [`super::Store::write`].
pub struct Writer<'a> {
    pub(super) tx: &'a Transaction<'a>,
    device: &'a mut Device,
    now_ms: i64,
    romanizer: &'a Romanizer,
    dirty_customers: BTreeSet<String>,
    /// Seq of this write's first record: the transaction id of all of them.
    tx_id: Option<i64>,
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
        Self { tx, device, now_ms, romanizer, dirty_customers: BTreeSet::new(), tx_id: None, today }
    }

    /// The rep's today, by the store's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today
    }

    /// Refresh derived data and persist the device counters; called once
    /// before commit.
    pub(super) fn finish(&mut self) -> Result<()> {
        for id in std::mem::take(&mut self.dirty_customers) {
            super::archive::refresh_search_key(self.tx, self.romanizer, &id)?;
        }
        super::open::save_counters(self.tx, self.device)
    }

    /// The wall clock of this write, in ms since the epoch.
    pub fn now_ms(&self) -> i64 {
        self.now_ms
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

    /// Append one change record; returns its clock.
    fn record(
        &mut self,
        table: &str,
        row: i64,
        column: &str,
        cl: i64,
        value: Option<&str>,
        base: Option<Stamp>,
    ) -> Result<Stamp> {
        let col = super::ids::intern_col(self.tx, table, column)?;
        let hlc = Hlc::tick(self.device.last_hlc, self.now_ms);
        self.device.last_hlc = hlc;
        let seq = self.device.next_seq;
        self.device.next_seq += 1;
        let tx_id = *self.tx_id.get_or_insert(seq);
        self.tx
            .prepare_cached(
                "INSERT INTO change_log (origin, seq, hlc, tx, row, col, cl, value, base_hlc, base_origin)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                self.device.n,
                seq,
                hlc.as_i64(),
                tx_id,
                row,
                col,
                cl,
                value,
                base.map(|b| b.hlc),
                base.map(|b| b.origin),
            ])?;
        Ok(Stamp { hlc: hlc.as_i64(), origin: self.device.n })
    }

    /// Record an edit of one field and move its clock.
    fn record_edit(
        &mut self,
        table: &str,
        row: i64,
        field: &str,
        cl: i64,
        value: &Value,
        base: Option<Stamp>,
    ) -> Result<()> {
        let stamp = self.record(table, row, field, cl, Some(&json(value)?), base)?;
        let col = super::ids::intern_col(self.tx, table, field)?;
        self.tx
            .prepare_cached(
                "INSERT INTO field_clock (row, col, hlc, origin) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (row, col) DO UPDATE SET hlc = excluded.hlc, origin = excluded.origin",
            )?
            .execute(params![row, col, stamp.hlc, stamp.origin])?;
        Ok(())
    }

    fn mark_dirty(&mut self, table: &Table, id: &str, values: &[(&'static str, Value)]) -> Result<()> {
        if std::ptr::eq(table, &raw const CUSTOMER) {
            self.dirty_customers.insert(id.to_string());
        } else if std::ptr::eq(table, &raw const PERSON) {
            let customer = match values.iter().find(|(f, _)| *f == "customer_id") {
                Some((_, Value::Text(c))) => Some(c.clone()),
                _ => self.customer_of(table, id)?,
            };
            if let Some(c) = customer {
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
        let id = uuid::Uuid::now_v7().to_string();
        self.insert_with_id(table, &id, values)?;
        Ok(id)
    }

    /// Insert a record the app generates from `source` (a birthday, a due
    /// payment, a visit's next step), under an id derived from the dataset
    /// and the source, so that two devices generating the same one agree.
    /// Returns `None`, writing nothing, when it already exists in any state
    /// (even deleted or erased).
    pub fn insert_derived(
        &mut self,
        table: &'static Table,
        source: &str,
        values: &[(&'static str, Value)],
    ) -> Result<Option<String>> {
        let id = derived_id(&self.device.dataset_id, table.name, source);
        let exists = self
            .tx
            .prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", table.name))?
            .query_row([&id], |_| Ok(()))
            .optional()?
            .is_some();
        if exists || super::ids::find_row(self.tx, &id)?.is_some() {
            return Ok(None);
        }
        self.insert_with_id(table, &id, values)?;
        Ok(Some(id))
    }

    fn insert_with_id(&mut self, table: &'static Table, id: &str, values: &[(&'static str, Value)]) -> Result<()> {
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
        // A held visit's date and next steps: one rule for every write path.
        if std::ptr::eq(table, &raw const VISIT) {
            self.visit_written(id, None, values)?;
        }
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
        let current = self.require_alive(table, id)?;
        // The follow-up life cycle: one rule for every write path.
        if std::ptr::eq(table, &raw const FOLLOWUP) {
            crate::domain::followup::check_transition(Some(&current), values)?;
        }
        // A held visit's date and next steps: one rule for every write path.
        if std::ptr::eq(table, &raw const VISIT) {
            self.visit_written(id, Some(&current), values)?;
        }
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

    /// Keep the value an edit overwrote without having seen it.
    fn keep_conflict(&mut self, row: i64, table: &str, field: &str, lost: Stamp, value: &Value) -> Result<()> {
        let col = super::ids::intern_col(self.tx, table, field)?;
        // The winner is the record about to be written: the next tick.
        let winner = Hlc::tick(self.device.last_hlc, self.now_ms);
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO conflict (row, col, hlc, origin, value, winner_hlc, winner_origin, found_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                row,
                col,
                lost.hlc,
                lost.origin,
                json(value)?,
                winner.as_i64(),
                self.device.n,
                self.now_ms
            ])?;
        Ok(())
    }

    fn causal_length(&self, table: &Table, id: &str) -> Result<i64> {
        self.tx
            .prepare_cached(&format!("SELECT cl FROM {} WHERE id = ?1", table.name))?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound { what: table.noun, id: id.to_string() })
    }

    /// Soft-delete (`alive = false`) or restore a record by moving its causal
    /// length to the next even or odd number.
    pub fn set_alive(&mut self, table: &'static Table, id: &str, alive: bool) -> Result<bool> {
        if !alive && table.name == "followup" {
            return Err(Error::invalid("error.followup_no_delete", &[]));
        }
        if !alive && table.name == "customer" {
            let open: i64 = self.tx.query_row(
                &format!(
                    "SELECT count(*) FROM followup WHERE customer_id = ?1 AND cl % 2 = 1 AND status IN {}",
                    crate::domain::followup::active_sql()
                ),
                [id],
                |r| r.get(0),
            )?;
            if open > 0 {
                return Err(Error::invalid("error.customer_has_followups", &[("count", &open)]));
            }
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

    /// Erase a person for a privacy request. The row is deleted; every value
    /// the change log and the conflict list held for it is scrubbed; the
    /// name is taken out of the customer's visits (who, met, notes) and
    /// follow-ups and out of their recorded changes; a tombstone keeps a
    /// late change from another device from bringing the row back; and the
    /// erase itself is recorded so that other devices erase it too. The
    /// caller, [`super::Store::erase_person`] (the only way in), checkpoints
    /// the WAL after the commit so the values leave the files at once.
    pub(super) fn erase_person(&mut self, id: &str) -> Result<()> {
        let person = super::archive::load(self.tx, &PERSON, id)?
            .ok_or_else(|| Error::NotFound { what: PERSON.noun, id: id.to_string() })?;
        let customer = person.text_or_empty("customer_id").to_string();
        let name = person.title().to_string();
        self.tx.execute("DELETE FROM person WHERE id = ?1", [id])?;
        let row = super::ids::intern_row(self.tx, id)?;
        self.tx.execute("UPDATE change_log SET value = NULL WHERE row = ?1", [row])?;
        self.tx.execute("DELETE FROM field_clock WHERE row = ?1", [row])?;
        self.tx.execute("DELETE FROM conflict WHERE row = ?1", [row])?;
        self.tx.execute("INSERT OR IGNORE INTO erased (row) VALUES (?1)", [row])?;
        super::erase::scrub_name(self.tx, &customer, &name)?;
        self.record(PERSON.name, row, ERASE_COLUMN, 0, Some("true"), None)?;
        self.dirty_customers.insert(customer);
        Ok(())
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
