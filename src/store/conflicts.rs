//! The conflicts kept for review, with both sides, and resolving one:
//! keeping the value the field holds, taking the other, or a value merged
//! by hand. Each is a change that syncs and names the losing value it
//! settles (keeping writes the held value again), so that the conflict
//! closes on every device the change reaches (DESIGN.md §4).

use super::records::{Stamp, field_stamp, value_from};
use super::{Store, Writer};
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

type RowOf = (i64, String, String, String, Option<String>, i64, String, i64, i64, Option<i64>);

/// A conflict's place in the archive: its row, its column and the losing
/// value's stamp (interned numbers).
type Place = (i64, i64, Stamp);

fn short(row: &str, col: &str, hlc: i64, origin: &str) -> String {
    let h = Sha256::digest(format!("{row}\n{col}\n{hlc}\n{origin}").as_bytes());
    h.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// The open conflicts, newest first, both sides resolved to values.
    pub fn conflict_views(&self) -> Result<Vec<ConflictView>> {
        Ok(self.open_conflicts()?.into_iter().map(|(c, _)| c).collect())
    }

    fn open_conflicts(&self) -> Result<Vec<(ConflictView, Place)>> {
        let mut stmt = self.conn.prepare(
            "SELECT k.row, r.uuid, c.tbl, c.col, k.value, k.hlc, d.uuid, k.col, k.origin,
                    (SELECT w.cl FROM change_log w JOIN col_ref wc ON wc.n = w.col
                     WHERE w.row = k.row AND w.hlc = k.winner_hlc AND w.origin = k.winner_origin AND wc.col = '_cl')
             FROM conflict k
             JOIN row_ref r ON r.n = k.row JOIN col_ref c ON c.n = k.col JOIN device d ON d.n = k.origin
             WHERE k.resolved = 0 ORDER BY k.found_ms DESC, k.hlc DESC",
        )?;
        let rows: Vec<RowOf> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    super::ids::key_id(r.get_ref(1)?),
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (n, row, table_name, col, value, hlc, origin, col_n, origin_n, deleted_at) in rows {
            let Some(table) = schema::table(&table_name) else { continue };
            let Some(spec) = table.field(&col) else { continue };
            let held: Option<(Value, i64)> = self
                .conn
                .query_row(&format!("SELECT {col}, cl FROM {} WHERE id = ?1", table.name), [&row], |r| {
                    Ok((value_from(spec.kind, r.get_ref(0)?), r.get(1)?))
                })
                .optional()?;
            let Some((kept_value, cl)) = held else { continue };
            // An edit made while the record was deleted elsewhere matters
            // while that delete stands: once the record is back (or deleted
            // again, later), its values are as any others, on every device
            // whatever order the changes came in.
            if deleted_at.is_some_and(|at| at != cl) {
                continue;
            }
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
            // A value the field holds again is not lost (but for an edit
            // hidden by a delete: the record is what was lost).
            if deleted_at.is_none() && other_value == kept_value {
                continue;
            }
            let place = (n, col_n, Stamp { hlc, origin: origin_n });
            out.push((
                ConflictView {
                    id: short(&row, &col, hlc, &origin),
                    table: table_name,
                    row,
                    customer,
                    field: col,
                    kept: Side {
                        value: kept_value,
                        device: kept_by,
                        at_ms: crate::hlc::Hlc::from_i64(kept_at).millis(),
                    },
                    other: Side { value: other_value, device: origin, at_ms: crate::hlc::Hlc::from_i64(hlc).millis() },
                    deleted: cl % 2 == 0,
                },
                place,
            ));
        }
        Ok(out)
    }

    /// Resolve the open conflict `id` (or the start of one): a change
    /// that syncs, naming the losing value it settles. Keeping the held
    /// value writes it again, having seen it (a value merged by hand that
    /// equals it, too).
    pub fn resolve_conflict(&mut self, id: &str, how: &Resolution) -> Result<ConflictView> {
        let all = self.open_conflicts()?;
        let found: Vec<&(ConflictView, Place)> =
            all.iter().filter(|(c, _)| c.id.starts_with(id) && !id.is_empty()).collect();
        let [(c, place)] = found.as_slice() else {
            return Err(Error::invalid("sync.no_conflict", &[("id", &crate::text::one_line(id))]));
        };
        let (c, place) = (c.clone(), *place);
        let table = schema::table(&c.table).ok_or_else(|| Error::invalid("sync.no_conflict", &[("id", &c.id)]))?;
        let spec = table.field(&c.field).ok_or_else(|| Error::invalid("sync.no_conflict", &[("id", &c.id)]))?;
        let value = match how {
            Resolution::Kept => None,
            Resolution::Other => Some(c.other.value.clone()),
            Resolution::Merged(text) => Some(spec.parse(text)?),
        };
        self.write(|w| {
            w.settling = Some(place);
            if let Some(v) = &value {
                if c.deleted {
                    w.set_alive(table, &c.row, true)?;
                }
                w.update(table, &c.row, &[(spec.name, v.clone())])?;
            }
            if w.settling.is_some() {
                // Nothing written to the field: its value again.
                w.rewrite_field(table, &c.row, spec)?;
            }
            w.settling = None;
            w.close_settled(place.0, place.1, (place.2.hlc, place.2.origin))?;
            Ok(())
        })?;
        Ok(c)
    }
}

impl Writer<'_> {
    /// Keep a value that lost to a field's write that did not see it;
    /// true when it was not kept already.
    pub(in crate::store) fn keep_lost(
        &mut self,
        row: i64,
        col: i64,
        lost: (i64, i64),
        value: &Value,
        winner: (i64, i64),
    ) -> Result<bool> {
        // Kept before as lost to a delete: lost to this write now, which
        // holds however the record lives (see `open_conflicts`).
        self.tx
            .prepare_cached(
                "UPDATE conflict SET winner_hlc = ?5, winner_origin = ?6
                 WHERE row = ?1 AND col = ?2 AND hlc = ?3 AND origin = ?4
                   AND EXISTS (SELECT 1 FROM change_log w JOIN col_ref wc ON wc.n = w.col
                               WHERE w.row = ?1 AND w.hlc = conflict.winner_hlc
                                 AND w.origin = conflict.winner_origin AND wc.col = '_cl')",
            )?
            .execute(params![row, col, lost.0, lost.1, winner.0, winner.1])?;
        self.keep_lost_to_delete(row, col, lost, value, winner)
    }

    /// Keep a value that lost (to a delete: `winner` is its record; it is
    /// listed while that delete stands); true when it was not kept already.
    pub(in crate::store) fn keep_lost_to_delete(
        &mut self,
        row: i64,
        col: i64,
        lost: (i64, i64),
        value: &Value,
        winner: (i64, i64),
    ) -> Result<bool> {
        // A resolution here settled it, or a write here replaced it having
        // seen it: not kept (whichever came first, see `apply_remote`).
        let settled: bool = self
            .tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM change_log WHERE row = ?1 AND col = ?2
                                AND ((settles_hlc = ?3 AND settles_origin = ?4) OR (base_hlc = ?3 AND base_origin = ?4)))",
            )?
            .query_row(params![row, col, lost.0, lost.1], |r| r.get(0))?;
        if settled {
            return Ok(false);
        }
        let n = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO conflict (row, col, hlc, origin, value, winner_hlc, winner_origin, found_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                row,
                col,
                lost.0,
                lost.1,
                super::changes::json(value)?,
                winner.0,
                winner.1,
                self.now_ms()
            ])?;
        if n > 0 {
            self.kept_now.insert((row, col, lost.0, lost.1));
        }
        Ok(n > 0)
    }

    /// Close the open conflict of the value (`hlc`, `origin`) of `row`'s
    /// column `col`, which a resolution settles or a write replaced having
    /// seen it. One this very write kept is not counted as kept any more.
    pub(super) fn close_settled(&mut self, row: i64, col: i64, (hlc, origin): (i64, i64)) -> Result<()> {
        let closed = self
            .tx
            .prepare_cached(
                "UPDATE conflict SET resolved = 1
                 WHERE row = ?1 AND col = ?2 AND hlc = ?3 AND origin = ?4 AND resolved = 0",
            )?
            .execute(params![row, col, hlc, origin])?;
        if closed > 0 && self.kept_now.remove(&(row, col, hlc, origin)) {
            self.unkept += 1;
        }
        Ok(())
    }
}
