//! The write path: row updates and their change records in one transaction.

use super::Device;
use crate::domain::entity::Entity;
use crate::domain::fields::{Kind, Value};
use crate::domain::pinyin::Romanizer;
use crate::domain::schema::{CUSTOMER, FOLLOWUP, PERSON, Table};
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql, Transaction, params};
use serde::Serialize;
use std::collections::BTreeSet;

/// Column name used in change records for a row's causal length.
pub const CL_COLUMN: &str = "_cl";
/// Column name used in change records for a privacy erase of a row.
pub const ERASE_COLUMN: &str = "_erase";

/// One recorded field change (DESIGN.md §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeRecord {
    /// Device that made the change.
    pub origin: String,
    /// Contiguous per-origin sequence number, from 1.
    pub seq: i64,
    /// Hybrid logical clock of the change.
    pub hlc: i64,
    /// Table name.
    pub table: String,
    /// Row id.
    pub row: String,
    /// Field name, or `_cl` / `_erase`.
    pub column: String,
    /// The new value as JSON (null after a privacy erase scrubbed it).
    pub value: Option<String>,
    /// (hlc, origin) of the value the editor saw, if the field had one.
    pub base: Option<(i64, String)>,
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

/// All change records in (origin, seq) order.
pub(super) fn all(conn: &Connection) -> Result<Vec<ChangeRecord>> {
    let mut stmt = conn.prepare(
        "SELECT origin, seq, hlc, tbl, row_id, col, value, base_hlc, base_origin FROM change_log ORDER BY hlc, origin, seq",
    )?;
    let rows = stmt.query_map([], |r| {
        let base_hlc: Option<i64> = r.get(7)?;
        let base_origin: Option<String> = r.get(8)?;
        Ok(ChangeRecord {
            origin: r.get(0)?,
            seq: r.get(1)?,
            hlc: r.get(2)?,
            table: r.get(3)?,
            row: r.get(4)?,
            column: r.get(5)?,
            value: r.get(6)?,
            base: base_hlc.zip(base_origin),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes inside one transaction; see [`super::Store::write`].
pub struct Writer<'a> {
    pub(super) tx: &'a Transaction<'a>,
    device: &'a mut Device,
    now_ms: i64,
    romanizer: &'a Romanizer,
    dirty_customers: BTreeSet<String>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(tx: &'a Transaction<'a>, device: &'a mut Device, now_ms: i64, romanizer: &'a Romanizer) -> Self {
        Self { tx, device, now_ms, romanizer, dirty_customers: BTreeSet::new() }
    }

    /// Refresh derived data and persist the device counters; called once
    /// before commit.
    pub(super) fn finish(&mut self) -> Result<()> {
        for id in std::mem::take(&mut self.dirty_customers) {
            super::archive::refresh_search_key(self.tx, self.romanizer, &id)?;
        }
        self.tx.execute(
            "UPDATE meta SET value = ?2 WHERE key = ?1",
            params!["next_seq", self.device.next_seq.to_string()],
        )?;
        self.tx.execute(
            "UPDATE meta SET value = ?2 WHERE key = ?1",
            params!["last_hlc", self.device.last_hlc.0.to_string()],
        )?;
        Ok(())
    }

    /// Append one change record and move the field's clock.
    fn record(&mut self, table: &str, row: &str, column: &str, value: &Value) -> Result<()> {
        let base: Option<(i64, String)> = self
            .tx
            .prepare_cached("SELECT hlc, origin FROM field_clock WHERE tbl = ?1 AND row_id = ?2 AND col = ?3")?
            .query_row(params![table, row, column], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let hlc = Hlc::tick(self.device.last_hlc, self.now_ms);
        self.device.last_hlc = hlc;
        let seq = self.device.next_seq;
        self.device.next_seq += 1;
        let json = serde_json::to_string(value).map_err(|e| Error::Invalid(e.to_string()))?;
        self.tx
            .prepare_cached(
                "INSERT INTO change_log (origin, seq, hlc, tbl, row_id, col, value, base_hlc, base_origin)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                self.device.device_id,
                seq,
                hlc.as_i64(),
                table,
                row,
                column,
                json,
                base.as_ref().map(|b| b.0),
                base.as_ref().map(|b| b.1.as_str()),
            ])?;
        self.tx
            .prepare_cached(
                "INSERT INTO field_clock (tbl, row_id, col, hlc, origin) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc, origin = excluded.origin",
            )?
            .execute(params![table, row, column, hlc.as_i64(), self.device.device_id])?;
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
        for (field, value) in values {
            table.field(field).ok_or_else(|| Error::Invalid(format!("unknown field {field}")))?.check(value)?;
        }
        for spec in table.fields.iter().filter(|f| f.required) {
            if values.iter().all(|(f, v)| *f != spec.name || v.is_null()) {
                return Err(Error::invalid("error.required", &[("field", &spec.label())]));
            }
        }
        // Follow-up life cycle (rules branch): one rule for every write path.
        if std::ptr::eq(table, &raw const FOLLOWUP) {
            crate::domain::followup::check_transition(None, values)?;
        }
        if let Some(parent) = table.parent
            && let Some((_, Value::Text(cid))) = values.iter().find(|(f, _)| *f == parent)
        {
            self.require_alive(&CUSTOMER, cid)?;
        }
        let id = uuid::Uuid::now_v7().to_string();
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
        self.record(table.name, &id, CL_COLUMN, &Value::Int(1))?;
        for (field, value) in values.iter().filter(|(_, v)| !v.is_null()) {
            self.record(table.name, &id, field, value)?;
        }
        self.mark_dirty(table, &id, values)?;
        Ok(id)
    }

    /// Change fields of a live record. Fields whose value does not change
    /// are skipped and record nothing. Returns how many fields changed.
    pub fn update(&mut self, table: &'static Table, id: &str, values: &[(&'static str, Value)]) -> Result<usize> {
        let current = self.require_alive(table, id)?;
        // Follow-up life cycle (rules branch): one rule for every write path.
        if std::ptr::eq(table, &raw const FOLLOWUP) {
            crate::domain::followup::check_transition(Some(&current), values)?;
        }
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
            self.tx
                .prepare_cached(&format!("UPDATE {} SET {field} = ?2, updated_ms = ?3 WHERE id = ?1", table.name))?
                .execute(params![id, value, self.now_ms])?;
            self.record(table.name, id, field, value)?;
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
            let open: i64 = self.tx.query_row(
                "SELECT count(*) FROM followup WHERE customer_id = ?1 AND cl % 2 = 1 AND status IN ('open', 'snoozed')",
                [id],
                |r| r.get(0),
            )?;
            if open > 0 {
                return Err(Error::invalid("error.customer_has_followups", &[("count", &open)]));
            }
        }
        let cl: i64 = self
            .tx
            .query_row(&format!("SELECT cl FROM {} WHERE id = ?1", table.name), [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound { what: table.noun, id: id.to_string() })?;
        if (cl % 2 == 1) == alive {
            return Ok(false);
        }
        let next = cl + 1;
        self.tx.execute(
            &format!("UPDATE {} SET cl = ?2, updated_ms = ?3 WHERE id = ?1", table.name),
            params![id, next, self.now_ms],
        )?;
        self.record(table.name, id, CL_COLUMN, &Value::Int(next))?;
        self.mark_dirty(table, id, &[])?;
        Ok(true)
    }

    /// Erase a person for a privacy request: the row is deleted, every value
    /// the change log held for it is scrubbed, and the erase itself is
    /// recorded so that other devices erase it too.
    pub fn erase_person(&mut self, id: &str) -> Result<()> {
        let customer =
            self.customer_of(&PERSON, id)?.ok_or_else(|| Error::NotFound { what: PERSON.noun, id: id.to_string() })?;
        self.tx.execute("DELETE FROM person WHERE id = ?1", [id])?;
        self.tx.execute("UPDATE change_log SET value = NULL WHERE tbl = 'person' AND row_id = ?1", [id])?;
        self.tx.execute("DELETE FROM field_clock WHERE tbl = 'person' AND row_id = ?1", [id])?;
        self.record(PERSON.name, id, ERASE_COLUMN, &Value::Bool(true))?;
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
