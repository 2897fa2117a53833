//! Applying changes received from other devices (DESIGN.md §4): per-field
//! last-writer-wins by (hlc, origin), every losing concurrent value kept as
//! a conflict, deletes by causal length, erased rows never coming back, and
//! changes this build cannot apply yet parked for later.
//!
//! The result depends only on the set of changes held, not on the order
//! they arrived in: a field holds the value of the greatest (hlc, origin)
//! among the records that wrote it (a row's `_insert` writes every field of
//! its table, absent ones as empty), and a row's causal length is the
//! greatest any record gave it.

use super::Writer;
use super::records::{CL_COLUMN, ChangeRecord, ERASE_COLUMN, INSERT_COLUMN, Stamp, field_stamp_at, value_from};
use crate::domain::fields::{FieldSpec, Value};
use crate::domain::schema::{self, CUSTOMER, PERSON, Table};
use crate::error::{Error, Result};
use rusqlite::{OptionalExtension, params};
use std::collections::{HashMap, HashSet};

mod batch;
mod bulk;
mod insert;

/// What applying one record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Effect {
    /// Applied (or, for an erased row, deliberately ignored); with the
    /// number of conflicts it left for review.
    Applied(usize),
    /// Not applicable yet: kept in the log and in `parked`.
    Parked,
}

/// What the import under way has learnt of the archive and takes as known
/// for the rest of it, so that each record does not ask again. Rows leave
/// an import's archive only by an erase, which forgets all of it; an
/// import starts with nothing learnt.
#[derive(Debug, Default)]
pub(super) struct Seen {
    /// Nothing remembered (the general path, which tests compare with).
    pub(super) off: bool,
    /// Whether the archive holds any erased row (none: nothing to look up).
    any_erased: Option<bool>,
    /// The customer of a row (by table), once found.
    customers: HashMap<&'static str, HashMap<String, String>>,
    /// Customers whose row is here (alive or deleted).
    present: HashSet<String>,
}

/// A clock as every archive orders it: by hlc, then by the origin's id
/// (interned numbers differ between archives, ids do not).
type Key = (i64, String);

fn parse_value(r: &ChangeRecord, json: &str) -> Result<Value> {
    Value::from_json_text(json).ok_or_else(|| Error::Invalid(format!("{} {}: {json}", r.origin, r.seq)))
}

impl Writer<'_> {
    fn key_of(&mut self, s: Stamp) -> Result<Key> {
        Ok((s.hlc, self.ids.device_uuid(self.tx, s.origin)?))
    }

    /// Forget what was learnt (rows went, or another write came first).
    pub(super) fn forget_seen(&mut self) {
        self.seen = Seen { off: self.seen.off, ..Seen::default() };
    }

    /// Whether customer `id` has a row here (alive or deleted).
    fn customer_present(&mut self, id: &str) -> Result<bool> {
        if self.seen.present.contains(id) && !self.seen.off {
            return Ok(true);
        }
        let here = self.row_cl(&CUSTOMER, id)?.is_some();
        if here {
            self.seen.present.insert(id.to_string());
        }
        Ok(here)
    }

    fn row_cl(&self, table: &Table, id: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached(&format!("SELECT cl FROM {} WHERE id = ?1", table.name))?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    fn field_value(&self, table: &Table, spec: &FieldSpec, id: &str) -> Result<Value> {
        Ok(self
            .tx
            .prepare_cached(&format!("SELECT {} FROM {} WHERE id = ?1", spec.name, table.name))?
            .query_row([id], |r| Ok(value_from(spec.kind, r.get_ref(0)?)))
            .optional()?
            .unwrap_or_default())
    }

    pub(super) fn is_erased(&mut self, row: i64) -> Result<bool> {
        // Most archives have never erased anyone: asked once per import.
        let any = if let Some(any) = self.seen.any_erased.filter(|_| !self.seen.off) {
            any
        } else {
            let any = self.tx.query_row("SELECT EXISTS (SELECT 1 FROM erased)", [], |r| r.get(0))?;
            self.seen.any_erased = Some(any);
            any
        };
        if !any {
            return Ok(false);
        }
        Ok(self
            .tx
            .prepare_cached("SELECT count(*) FROM erased WHERE row = ?1")?
            .query_row([row], |r| r.get::<_, i64>(0))?
            > 0)
    }

    /// Note the customer a received change touches, so that its search key
    /// is rebuilt before commit.
    pub(super) fn touch(&mut self, table: &Table, id: &str) -> Result<Option<String>> {
        let customer = if table.parent.is_none() {
            Some(id.to_string())
        } else if let Some(c) = self.seen.customers.get(table.name).and_then(|t| t.get(id)).filter(|_| !self.seen.off) {
            // A record never moves to another customer.
            Some(c.clone())
        } else {
            let found: Option<String> = self
                .tx
                .prepare_cached(&format!("SELECT customer_id FROM {} WHERE id = ?1", table.name))?
                .query_row([id], |r| r.get(0))
                .optional()?;
            if let Some(c) = &found {
                self.seen.customers.entry(table.name).or_default().insert(id.to_string(), c.clone());
            }
            found
        };
        if let Some(c) = &customer
            && (std::ptr::eq(table, &raw const CUSTOMER) || std::ptr::eq(table, &raw const PERSON))
        {
            self.dirty_customers.insert(c.clone());
        }
        Ok(customer)
    }

    /// Apply a record another device made, before it is added to the log.
    /// A record that settles a value, or replaced it having seen it (its
    /// base), closes that value's conflict here, whatever it does to the
    /// field (after it: the value it replaces may be that one). So a value
    /// is listed, in the end, whatever the order the records came in, when
    /// it lost to a write that did not see it and no write saw it since.
    pub(super) fn apply_remote(&mut self, r: &ChangeRecord) -> Result<Effect> {
        let effect = self.apply_record(r)?;
        let seen = [r.settles.as_ref(), r.base.as_ref()];
        if seen.iter().all(Option::is_none) || r.column.starts_with('_') || schema::table(&r.table).is_none() {
            return Ok(effect);
        }
        let row = self.ids.row(self.tx, &r.row, false)?;
        let col = self.ids.col(self.tx, &r.table, &r.column)?;
        for (hlc, origin) in seen.into_iter().flatten() {
            let origin = self.ids.device(self.tx, origin)?;
            self.close_settled(row, col, (*hlc, origin))?;
        }
        Ok(effect)
    }

    fn apply_record(&mut self, r: &ChangeRecord) -> Result<Effect> {
        let Some(table) = schema::table(&r.table) else { return Ok(Effect::Parked) };
        let row = self.ids.row(self.tx, &r.row, r.column == INSERT_COLUMN)?;
        if self.is_erased(row)? {
            // An erased row never comes back, whatever arrives late.
            return Ok(Effect::Applied(0));
        }
        // An erase scrubs every value its row's records held: a record
        // without one, or the erase itself, erases here too.
        if r.column == ERASE_COLUMN || r.value.is_none() {
            self.erase_remote(table, &r.row, row)?;
            return Ok(Effect::Applied(0));
        }
        match r.column.as_str() {
            INSERT_COLUMN => self.apply_insert(table, r, row),
            CL_COLUMN => self.apply_cl(table, r, row),
            field => match table.field(field) {
                Some(spec) => self.apply_field(table, spec, r, row),
                None => Ok(Effect::Parked),
            },
        }
    }

    fn erase_remote(&mut self, table: &'static Table, id: &str, row: i64) -> Result<()> {
        // Rows go: nothing learnt of them holds any more.
        self.forget_seen();
        if std::ptr::eq(table, &raw const PERSON) && self.row_cl(table, id)?.is_some() {
            self.erase_effects(id)?;
            return Ok(());
        }
        self.touch(table, id)?;
        self.tx.execute(&format!("DELETE FROM {} WHERE id = ?1", table.name), [id])?;
        super::erase::forget_row(self.tx, row)
    }

    fn apply_cl(&mut self, table: &'static Table, r: &ChangeRecord, row: i64) -> Result<Effect> {
        let Some(cur) = self.row_cl(table, &r.row)? else { return Ok(Effect::Parked) };
        let next = cur.max(r.cl);
        if next != cur {
            self.tx.execute(
                &format!("UPDATE {} SET cl = ?2, updated_ms = ?3 WHERE id = ?1", table.name),
                params![r.row, next, self.now_ms()],
            )?;
            self.touch(table, &r.row)?;
        }
        let mut conflicts = 0;
        if r.cl % 2 == 0 {
            // Edits made on another device where the row was still alive, at
            // or after this delete by the clock (a delete that had seen them
            // would be later): concurrent with it. The values stay (hidden with the
            // row); each is listed for review.
            let origin = self.ids.device(self.tx, &r.origin)?;
            let edits: Vec<(i64, i64, i64, Option<String>)> = self
                .tx
                .prepare_cached(
                    "SELECT l.col, l.hlc, l.origin, l.value FROM change_log l JOIN col_ref c ON c.n = l.col
                     WHERE l.row = ?1 AND l.cl = ?2 AND l.hlc >= ?3 AND l.origin != ?4
                       AND c.col NOT LIKE '\\_%' ESCAPE '\\'",
                )?
                .query_map(params![row, r.cl - 1, r.hlc, origin], |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (col, hlc, by, value) in edits {
                let value: Value = value.as_deref().and_then(Value::from_json_text).unwrap_or_default();
                conflicts += usize::from(self.keep_lost_to_delete(row, col, (hlc, by), &value, (r.hlc, origin))?);
            }
        }
        Ok(Effect::Applied(conflicts))
    }

    fn apply_field(
        &mut self,
        table: &'static Table,
        spec: &'static FieldSpec,
        r: &ChangeRecord,
        row: i64,
    ) -> Result<Effect> {
        let Some(cl) = self.row_cl(table, &r.row)? else { return Ok(Effect::Parked) };
        if spec.kind == crate::domain::fields::Kind::Ref {
            // A record never moves to another customer (the write path
            // refuses it); a file that says so is ignored, not obeyed.
            return Ok(Effect::Applied(0));
        }
        let value = parse_value(r, r.value.as_deref().unwrap_or("null"))?;
        let mut conflicts = self.merge_field(table, spec, r, row, value.clone())?;
        if cl % 2 == 0 && r.cl < cl {
            // Edited where the row was alive while it was deleted elsewhere:
            // the value stays with the hidden row and is listed.
            let col = self.ids.col(self.tx, table.name, spec.name)?;
            let origin = self.ids.device(self.tx, &r.origin)?;
            // The delete that ended the life the editor saw; listed the same
            // way whichever of the two arrives first (see `apply_cl`).
            let delete: Option<(i64, i64)> = self
                .tx
                .prepare_cached(
                    "SELECT l.hlc, l.origin FROM change_log l JOIN col_ref c ON c.n = l.col
                     WHERE l.row = ?1 AND c.col = '_cl' AND l.cl = ?2 ORDER BY l.hlc LIMIT 1",
                )?
                .query_row(params![row, r.cl + 1], |x| Ok((x.get(0)?, x.get(1)?)))
                .optional()?;
            if let Some(winner) = delete
                && r.hlc >= winner.0
                && origin != winner.1
            {
                conflicts += usize::from(self.keep_lost_to_delete(row, col, (r.hlc, origin), &value, winner)?);
            }
        }
        Ok(Effect::Applied(conflicts))
    }

    /// Last writer wins on one field; returns the conflicts kept (0 or 1).
    fn merge_field(
        &mut self,
        table: &'static Table,
        spec: &'static FieldSpec,
        r: &ChangeRecord,
        row: i64,
        value: Value,
    ) -> Result<usize> {
        let value = match crate::domain::clean::clean_values(table, &[(spec.name, value.clone())]) {
            Ok(v) => v.into_owned().pop().map_or(value, |(_, v)| v),
            Err(_) => value,
        };
        let col = self.ids.col(self.tx, table.name, spec.name)?;
        let origin = self.ids.device(self.tx, &r.origin)?;
        let new: Key = (r.hlc, r.origin.clone());
        let cur = field_stamp_at(self.tx, row, table.name, Some(col))?;
        let cur_key = cur.map(|s| self.key_of(s)).transpose()?;
        let held = self.field_value(table, spec, &r.row)?;
        if cur_key.as_ref().is_none_or(|c| new > *c) {
            if held != value {
                self.tx
                    .prepare_cached(&format!(
                        "UPDATE {} SET {} = ?2, updated_ms = ?3 WHERE id = ?1",
                        table.name, spec.name
                    ))?
                    .execute(params![r.row, value, self.now_ms()])?;
                self.touch(table, &r.row)?;
            }
            self.tx
                .prepare_cached(
                    "INSERT INTO field_clock (row, col, hlc, origin) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (row, col) DO UPDATE SET hlc = excluded.hlc, origin = excluded.origin",
                )?
                .execute(params![row, col, r.hlc, origin])?;
            // The value replaced is kept unless the writer saw it; one equal
            // to the field's value is not listed while it is (kept all the
            // same: what a device kept must not hang on what it held then).
            if let (Some(c), Some(k)) = (cur, cur_key)
                && r.base.as_ref() != Some(&k)
            {
                let kept = self.keep_lost(row, col, (c.hlc, c.origin), &held, (r.hlc, origin))?;
                return Ok(usize::from(kept && held != value));
            }
            return Ok(0);
        }
        let Some(c) = cur else { return Ok(0) };
        if cur_key.as_ref() == Some(&new) {
            return Ok(0);
        }
        // The incoming value loses: kept unless the winner's writer saw it.
        let winner_base: Option<(i64, Option<String>)> = self
            .tx
            .prepare_cached(
                "SELECT l.base_hlc, b.uuid FROM change_log l LEFT JOIN device b ON b.n = l.base_origin
                 WHERE l.row = ?1 AND l.hlc = ?2 AND l.origin = ?3",
            )?
            .query_row(params![row, c.hlc, c.origin], |x| Ok((x.get::<_, Option<i64>>(0)?, x.get(1)?)))
            .optional()?
            .and_then(|(h, o)| h.map(|h| (h, o)));
        let saw = winner_base.is_some_and(|(h, o)| h == new.0 && o.as_deref() == Some(new.1.as_str()));
        if saw {
            return Ok(0);
        }
        Ok(usize::from(self.keep_lost(row, col, (r.hlc, origin), &value, (c.hlc, c.origin))? && held != value))
    }
}
