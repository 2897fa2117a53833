//! Change records as the log holds them: the record type, the clock of a
//! field's value, an editor's snapshot, and reading them back with the
//! interned ids resolved (DESIGN.md §4).

use crate::domain::entity::Entity;
use crate::domain::fields::{Kind, Value};
use crate::error::Result;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql, params};
use serde::Serialize;
use std::collections::BTreeMap;

/// Column name used in change records for a row's causal length.
pub const CL_COLUMN: &str = "_cl";
/// Column name used in change records for a privacy erase of a row.
pub const ERASE_COLUMN: &str = "_erase";
/// Column name of the one record that creates a row with all its initial
/// values (a JSON object), causal length 1.
pub const INSERT_COLUMN: &str = "_insert";
/// The tables whose rows a privacy erase forgets (a key person and their
/// birthday follow-ups, `erase::erase_effects`): their records' values are
/// scrubbed, and only their records may come without a value.
pub const ERASABLE_TABLES: &[&str] = &["person", "followup"];

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
    /// (hlc, origin) of the losing value whose conflict this record
    /// resolves: the conflict closes wherever the record arrives, and the
    /// value is not kept as one after it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settles: Option<(i64, String)>,
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

/// Each record's device numbered in the order devices first appear (a
/// hash only where the device changes from the record before: a file and
/// a table's creations hold each device's records together): the devices,
/// and each record's number.
pub(super) fn origins_numbered<'r>(records: impl Iterator<Item = &'r ChangeRecord>) -> (Vec<&'r str>, Vec<usize>) {
    let mut origins: Vec<&str> = Vec::new();
    let mut numbered: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    let mut last: Option<(&str, usize)> = None;
    let numbers = records
        .map(|r| {
            let origin = r.origin.as_str();
            match last {
                Some((o, n)) if o == origin => n,
                _ => {
                    let n = *numbered.entry(origin).or_insert_with(|| {
                        origins.push(origin);
                        origins.len() - 1
                    });
                    last = Some((origin, n));
                    n
                }
            }
        })
        .collect();
    (origins, numbers)
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

/// The SELECT that resolves interned ids; callers add WHERE / ORDER BY.
pub(super) const RECORD_SELECT: &str =
    "SELECT d.uuid, l.seq, l.hlc, l.tx, c.tbl, r.uuid, c.col, l.cl, l.value, l.base_hlc, b.uuid,
            l.settles_hlc, s.uuid
     FROM change_log l JOIN device d ON d.n = l.origin JOIN row_ref r ON r.n = l.row
     JOIN col_ref c ON c.n = l.col LEFT JOIN device b ON b.n = l.base_origin
     LEFT JOIN device s ON s.n = l.settles_origin";

pub(super) fn record_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChangeRecord> {
    let base_hlc: Option<i64> = r.get(9)?;
    let base_origin: Option<String> = r.get(10)?;
    let settles_hlc: Option<i64> = r.get(11)?;
    let settles_origin: Option<String> = r.get(12)?;
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
        settles: settles_hlc.zip(settles_origin),
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
    field_stamp_at(conn, row, table, super::ids::find_col(conn, table, field)?)
}

/// [`field_stamp`] with the field's column number already looked up (None:
/// never interned).
pub(super) fn field_stamp_at(conn: &Connection, row: i64, table: &str, col: Option<i64>) -> Result<Option<Stamp>> {
    let stamp = |r: &rusqlite::Row<'_>| Ok(Stamp { hlc: r.get(0)?, origin: r.get(1)? });
    if let Some(col) = col
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
