//! The conflicts kept for review, with both sides, and resolving one:
//! keeping the value the field holds, taking the other, or a value merged
//! by hand (the last two are ordinary edits, so they sync).

use super::records::{field_stamp, value_from};
use super::{Store, ids};
use crate::domain::fields::Value;
use crate::domain::schema;
use crate::error::{Error, Result};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One side of a conflict: a value, who wrote it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// The value.
    pub value: Value,
    /// The device that wrote it.
    pub device: String,
    /// When, ms since the epoch (by that device's clock).
    pub at_ms: i64,
}

/// A conflict kept for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictView {
    /// A short id to resolve it by.
    pub id: String,
    /// The table.
    pub table: String,
    /// The record's id.
    pub row: String,
    /// Its customer's id and name.
    pub customer: Option<(String, String)>,
    /// The field.
    pub field: String,
    /// The value the field holds now.
    pub kept: Side,
    /// The value that lost.
    pub other: Side,
    /// The record is deleted (the other value was written while it was
    /// deleted elsewhere).
    pub deleted: bool,
}

/// How to resolve a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Keep what the field holds.
    Kept,
    /// Take the other value (and bring back a deleted record).
    Other,
    /// A value merged by hand, as typed.
    Merged(String),
}

type RowOf = (i64, String, String, String, Option<String>, i64, String);

fn short(row: &str, col: &str, hlc: i64, origin: &str) -> String {
    let h = Sha256::digest(format!("{row}\n{col}\n{hlc}\n{origin}").as_bytes());
    h.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// The open conflicts, newest first, both sides resolved to values.
    pub fn conflict_views(&self) -> Result<Vec<ConflictView>> {
        let mut stmt = self.conn.prepare(
            "SELECT k.row, r.uuid, c.tbl, c.col, k.value, k.hlc, d.uuid FROM conflict k
             JOIN row_ref r ON r.n = k.row JOIN col_ref c ON c.n = k.col JOIN device d ON d.n = k.origin
             WHERE k.resolved = 0 ORDER BY k.found_ms DESC, k.hlc DESC",
        )?;
        let rows: Vec<RowOf> = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, ids::key_id(r.get_ref(1)?), r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (n, row, table_name, col, value, hlc, origin) in rows {
            let Some(table) = schema::table(&table_name) else { continue };
            let Some(spec) = table.field(&col) else { continue };
            let held: Option<(Value, i64)> = self
                .conn
                .query_row(&format!("SELECT {col}, cl FROM {} WHERE id = ?1", table.name), [&row], |r| {
                    Ok((value_from(spec.kind, r.get_ref(0)?), r.get(1)?))
                })
                .optional()?;
            let Some((kept_value, cl)) = held else { continue };
            let stamp = field_stamp(&self.conn, n, table.name, spec.name)?;
            let (kept_at, kept_by) = match stamp {
                Some(s) => {
                    let by: String =
                        self.conn.query_row("SELECT uuid FROM device WHERE n = ?1", [s.origin], |r| r.get(0))?;
                    (s.hlc, by)
                }
                None => (0, String::new()),
            };
            let customer_id: Option<String> = if table.parent.is_some() {
                self.conn
                    .query_row(&format!("SELECT customer_id FROM {} WHERE id = ?1", table.name), [&row], |r| r.get(0))
                    .optional()?
            } else {
                Some(row.clone())
            };
            let customer = match customer_id {
                Some(c) => self
                    .conn
                    .query_row("SELECT name FROM customer WHERE id = ?1", [&c], |r| r.get::<_, String>(0))
                    .optional()?
                    .map(|name| (c, name)),
                None => None,
            };
            let other_value: Value = value.as_deref().and_then(|v| serde_json::from_str(v).ok()).unwrap_or_default();
            out.push(ConflictView {
                id: short(&row, &col, hlc, &origin),
                table: table_name,
                row,
                customer,
                field: col,
                kept: Side { value: kept_value, device: kept_by, at_ms: crate::hlc::Hlc::from_i64(kept_at).millis() },
                other: Side { value: other_value, device: origin, at_ms: crate::hlc::Hlc::from_i64(hlc).millis() },
                deleted: cl % 2 == 0,
            });
        }
        Ok(out)
    }

    /// Resolve the open conflict `id` (or the start of one).
    pub fn resolve_conflict(&mut self, id: &str, how: &Resolution) -> Result<ConflictView> {
        let all = self.conflict_views()?;
        let found: Vec<&ConflictView> = all.iter().filter(|c| c.id.starts_with(id) && !id.is_empty()).collect();
        let [c] = found.as_slice() else {
            return Err(Error::invalid("sync.no_conflict", &[("id", &crate::text::one_line(id))]));
        };
        let c = (*c).clone();
        let table = schema::table(&c.table).ok_or_else(|| Error::invalid("sync.no_conflict", &[("id", &c.id)]))?;
        let spec = table.field(&c.field).ok_or_else(|| Error::invalid("sync.no_conflict", &[("id", &c.id)]))?;
        let value = match how {
            Resolution::Kept => None,
            Resolution::Other => Some(c.other.value.clone()),
            Resolution::Merged(text) => Some(spec.parse(text)?),
        };
        let hlc_of = |c: &ConflictView| (c.other.device.clone(), c.row.clone(), c.field.clone());
        let (device, row, field) = hlc_of(&c);
        self.write(|w| {
            if let Some(v) = &value {
                if c.deleted {
                    w.set_alive(table, &row, true)?;
                }
                w.update(table, &row, &[(spec.name, v.clone())])?;
            }
            let row_n = ids::intern_row(w.tx, &row)?;
            let col_n = ids::intern_col(w.tx, table.name, &field)?;
            w.tx.execute(
                "UPDATE conflict SET resolved = 1 WHERE row = ?1 AND col = ?2
                 AND origin = (SELECT n FROM device WHERE uuid = ?3)",
                params![row_n, col_n, device],
            )?;
            Ok(())
        })?;
        Ok(c)
    }
}
