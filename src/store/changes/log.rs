//! The change records a write appends: one record, an edit and its field
//! clock, a value an edit overwrote unseen (a conflict kept), and a row's
//! causal length.

use super::{Writer, json};
use crate::domain::fields::Value;
use crate::domain::schema::Table;
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use crate::store::records::Stamp;
use rusqlite::{OptionalExtension, params};

impl Writer<'_> {
    /// Append one change record; returns its clock.
    pub(in crate::store) fn record(
        &mut self,
        table: &str,
        row: i64,
        column: &str,
        cl: i64,
        value: Option<&str>,
        base: Option<Stamp>,
    ) -> Result<Stamp> {
        let col = crate::store::ids::intern_col(self.tx, table, column)?;
        let hlc = Hlc::tick(self.device.last_hlc, self.now_ms);
        self.device.last_hlc = hlc;
        let seq = self.device.next_seq;
        self.device.next_seq += 1;
        let tx_id = *self.tx_id.get_or_insert(seq);
        // The resolution of a conflict under way names the value it settles.
        let settles = self.settling.filter(|s| s.0 == row && s.1 == col).map(|s| s.2);
        if settles.is_some() {
            self.settling = None;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO change_log (origin, seq, hlc, tx, row, col, cl, value, base_hlc, base_origin,
                                         settles_hlc, settles_origin)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
                settles.map(|s| s.hlc),
                settles.map(|s| s.origin),
            ])?;
        Ok(Stamp { hlc: hlc.as_i64(), origin: self.device.n })
    }

    /// Record an edit of one field and move its clock.
    pub(super) fn record_edit(
        &mut self,
        table: &str,
        row: i64,
        field: &str,
        cl: i64,
        value: &Value,
        base: Option<Stamp>,
    ) -> Result<()> {
        let stamp = self.record(table, row, field, cl, Some(&json(value)?), base)?;
        let col = crate::store::ids::intern_col(self.tx, table, field)?;
        // The value replaced having seen it is no conflict any more (as
        // where this record arrives, see `merge::apply_remote`).
        if let Some(b) = base {
            self.close_settled(row, col, (b.hlc, b.origin))?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO field_clock (row, col, hlc, origin) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (row, col) DO UPDATE SET hlc = excluded.hlc, origin = excluded.origin",
            )?
            .execute(params![row, col, stamp.hlc, stamp.origin])?;
        Ok(())
    }

    /// Write a field's value again as it is, having seen it (a conflict
    /// resolved by keeping it): a record that syncs, at a new clock. The
    /// record may be deleted (the value stays with it, hidden).
    pub(in crate::store) fn rewrite_field(
        &mut self,
        table: &'static Table,
        id: &str,
        spec: &crate::domain::fields::FieldSpec,
    ) -> Result<()> {
        let cl = self.causal_length(table, id)?;
        let entity = crate::store::archive::load(self.tx, table, id)?
            .ok_or_else(|| Error::NotFound { what: table.noun, id: id.to_string() })?;
        let row = crate::store::ids::intern_row(self.tx, id)?;
        let base = crate::store::records::field_stamp(self.tx, row, table.name, spec.name)?;
        self.record_edit(table.name, row, spec.name, cl, entity.get(spec.name), base)
    }

    /// Keep the value an edit overwrote without having seen it.
    pub(super) fn keep_conflict(
        &mut self,
        row: i64,
        table: &str,
        field: &str,
        lost: Stamp,
        value: &Value,
    ) -> Result<()> {
        let col = crate::store::ids::intern_col(self.tx, table, field)?;
        // The winner is the record about to be written: the next tick.
        let winner = Hlc::tick(self.device.last_hlc, self.now_ms);
        self.keep_lost(row, col, (lost.hlc, lost.origin), value, (winner.as_i64(), self.device.n))?;
        Ok(())
    }

    /// A record's causal length (odd: alive, even: deleted).
    pub(super) fn causal_length(&self, table: &Table, id: &str) -> Result<i64> {
        self.tx
            .prepare_cached(&format!("SELECT cl FROM {} WHERE id = ?1", table.name))?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound { what: table.noun, id: id.to_string() })
    }
}
