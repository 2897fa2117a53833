//! Light rows for the customer list and the history of a dossier.
//!
//! The list at 100k customers cannot hold full records (30 fields each); it
//! holds these rows, loaded with their search keys in one scan.

use super::Store;
use crate::domain::classify::{Tier, classify};
use crate::error::Result;
use crate::hlc::Hlc;
use rusqlite::params;

/// One customer as the list reads it, borrowed from the database row.
#[derive(Debug, Clone, Copy)]
pub struct RawRow<'a> {
    /// Customer id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Kind (stored value) or "".
    pub kind: &'a str,
    /// Status (stored value) or "".
    pub status: &'a str,
    /// Industry or "".
    pub industry: &'a str,
    /// Region or "".
    pub region: &'a str,
    /// City or "".
    pub city: &'a str,
    /// Tags, comma-separated.
    pub tags: &'a str,
    /// Tier in force.
    pub tier: Tier,
    /// VIP mark.
    pub vip: bool,
    /// Last local write, ms since the epoch.
    pub updated_ms: i64,
    /// The customer's own phone norm, if set.
    pub call_norm: Option<&'a str>,
    /// The customer's own visit norm, if set.
    pub visit_norm: Option<&'a str>,
    /// Search key (see `search_keys::refresh`).
    pub key: &'a str,
    /// Display text for Chinese queries.
    pub display: &'a str,
    /// Name order key (see `crate::search::sort_key`; empty when not yet
    /// keyed).
    pub sort: &'a str,
    /// Where it stands as a prospect.
    pub qualification: crate::domain::qualify::Qualification,
}

/// One entry of a dossier's history: a recorded field change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// When, ms since the epoch.
    pub at_ms: i64,
    /// Table of the changed record.
    pub table: String,
    /// Its id.
    pub row: String,
    /// The field (`_cl` for delete/restore, `_erase` for an erase).
    pub column: String,
    /// The new value as JSON (None once erased).
    pub value: Option<String>,
    /// True for a value that lost to a concurrent edit and is kept for
    /// review (`at_ms` is then the moment of the edit that replaced it).
    pub conflict: bool,
    /// The write it was part of (device, transaction): the changes of one
    /// save read together, apart from other writes in the same second.
    pub write: (i64, i64),
}

const ROW_SELECT: &str = "SELECT c.id, c.name, c.kind, c.status, c.industry, c.region, c.city, c.tags, c.purchase,
        c.potential, c.tier_override, c.vip, c.updated_ms, s.key, s.display, c.call_norm, c.visit_norm,
        c.qual_need, c.qual_power, c.qual_authority, c.golden_traits, c.poor_traits, s.sort
     FROM search_key s JOIN customer c ON c.id = s.customer_id";

fn raw_row<'r>(r: &'r rusqlite::Row<'_>) -> rusqlite::Result<RawRow<'r>> {
    let text = |i: usize| -> rusqlite::Result<&'r str> { Ok(r.get_ref(i)?.as_str_or_null()?.unwrap_or("")) };
    let score =
        |i: usize| -> rusqlite::Result<Option<u8>> { Ok(r.get_ref(i)?.as_i64_or_null()?.map(|v| v.clamp(0, 4) as u8)) };
    let manual = r.get_ref(10)?.as_str_or_null().ok().flatten().and_then(Tier::parse);
    Ok(RawRow {
        id: text(0)?,
        name: text(1)?,
        kind: text(2)?,
        status: text(3)?,
        industry: text(4)?,
        region: text(5)?,
        city: text(6)?,
        tags: text(7)?,
        tier: classify(score(8)?, score(9)?, manual).tier,
        vip: r.get_ref(11)?.as_i64_or_null().ok().flatten().unwrap_or(0) != 0,
        updated_ms: r.get(12)?,
        key: text(13)?,
        display: text(14)?,
        sort: text(22)?,
        call_norm: r.get_ref(15)?.as_str_or_null().ok().flatten(),
        visit_norm: r.get_ref(16)?.as_str_or_null().ok().flatten(),
        qualification: {
            let mark =
                |i: usize| -> rusqlite::Result<Option<bool>> { Ok(r.get_ref(i)?.as_i64_or_null()?.map(|v| v != 0)) };
            crate::domain::qualify::Qualification::from_values([mark(17)?, mark(18)?, mark(19)?], text(20)?, text(21)?)
        },
    })
}

impl Store {
    /// Visit every live customer as a list row, in storage order, or only
    /// the first `limit` in name order (what shows while the rest loads).
    /// Nothing is allocated per row.
    pub fn for_each_customer_row(&self, limit: Option<usize>, mut f: impl FnMut(RawRow<'_>)) -> Result<()> {
        let tail = if limit.is_some() { " ORDER BY s.sort, s.customer_id LIMIT ?1" } else { "" };
        let mut stmt = self.conn.prepare(&format!("{ROW_SELECT} WHERE c.cl % 2 = 1{tail}"))?;
        let mut rows = match limit {
            Some(n) => stmt.query([n as i64])?,
            None => stmt.query([])?,
        };
        while let Some(r) = rows.next()? {
            f(raw_row(r)?);
        }
        Ok(())
    }

    /// Every live customer as a list row, in storage order, without its
    /// search record (`key` and `display` empty): for a list whose search
    /// index comes from elsewhere.
    pub fn for_each_customer_row_lean(&self, mut f: impl FnMut(RawRow<'_>)) -> Result<()> {
        let select = ROW_SELECT.replace("s.key, s.display", "'', ''");
        let mut stmt = self.conn.prepare(&format!("{select} WHERE c.cl % 2 = 1"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(raw_row(r)?);
        }
        Ok(())
    }

    /// The list row of one customer, if it is alive (to update the list
    /// after a write without reloading it).
    pub fn customer_row<T>(&self, id: &str, f: impl FnOnce(RawRow<'_>) -> T) -> Result<Option<T>> {
        let mut stmt = self.conn.prepare_cached(&format!("{ROW_SELECT} WHERE c.cl % 2 = 1 AND c.id = ?1"))?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(r) => Ok(Some(f(raw_row(r)?))),
            None => Ok(None),
        }
    }

    /// Every recorded change to a customer and its people, competitor notes,
    /// records, visits and follow-ups, newest first. A row's creating
    /// record is shown as one entry per initial value.
    pub fn history(&self, customer_id: &str) -> Result<Vec<HistoryEntry>> {
        let mut rows: Vec<(&'static str, String)> = vec![("customer", customer_id.to_string())];
        for table in ["person", "competitor", "trade", "visit", "followup", "opportunity"] {
            let mut stmt = self.conn.prepare_cached(&format!("SELECT id FROM {table} WHERE customer_id = ?1"))?;
            for id in stmt.query_map([customer_id], |r| r.get::<_, String>(0))? {
                rows.push((table, id?));
            }
        }
        let mut records: Vec<(i64, i64, HistoryEntry)> = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.hlc, l.seq, c.col, l.value, l.origin, l.tx FROM change_log l JOIN col_ref c ON c.n = l.col
             WHERE l.row = ?1",
        )?;
        let mut rows_seen: Vec<(i64, &'static str, String)> = Vec::new();
        for (table, id) in rows {
            let Some(n) = super::ids::find_row(&self.conn, &id)? else { continue };
            rows_seen.push((n, table, id.clone()));
            let found = stmt.query_map(params![n], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    (r.get::<_, i64>(4)?, r.get::<_, i64>(5)?),
                ))
            })?;
            for rec in found {
                let (hlc, seq, column, value, write) = rec?;
                let at_ms = Hlc::from_i64(hlc).millis();
                let entry = |column: String, value: Option<String>| HistoryEntry {
                    at_ms,
                    table: table.to_string(),
                    row: id.clone(),
                    column,
                    value,
                    conflict: false,
                    write,
                };
                if column == super::INSERT_COLUMN {
                    // As the separate records of schema 2 read newest first:
                    // the fields last to first, then the creation.
                    let fields: serde_json::Map<String, serde_json::Value> =
                        value.as_deref().and_then(|v| serde_json::from_str(v).ok()).unwrap_or_default();
                    let order = |f: &str| {
                        crate::domain::schema::table(table).and_then(|t| t.fields.iter().position(|s| s.name == f))
                    };
                    let mut fields: Vec<(String, serde_json::Value)> = fields.into_iter().collect();
                    fields.sort_by_key(|(f, _)| std::cmp::Reverse(order(f)));
                    for (field, v) in fields {
                        records.push((hlc, seq, entry(field, Some(v.to_string()))));
                    }
                    records.push((hlc, seq, entry(super::CL_COLUMN.to_string(), Some("1".into()))));
                } else {
                    records.push((hlc, seq, entry(column, value)));
                }
            }
        }
        records.extend(self.history_conflicts(&rows_seen)?);
        records.sort_by_key(|r| std::cmp::Reverse((r.0, r.1)));
        Ok(records.into_iter().map(|(_, _, e)| e).collect())
    }

    /// The values kept from concurrent edits of these rows, as history
    /// entries placed with the edit that replaced them.
    fn history_conflicts(&self, rows: &[(i64, &'static str, String)]) -> Result<Vec<(i64, i64, HistoryEntry)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT k.winner_hlc, c.col, k.value,
                    (SELECT l.origin FROM change_log l WHERE l.row = k.row AND l.hlc = k.winner_hlc LIMIT 1),
                    (SELECT l.tx FROM change_log l WHERE l.row = k.row AND l.hlc = k.winner_hlc LIMIT 1)
             FROM conflict k JOIN col_ref c ON c.n = k.col
             WHERE k.row = ?1 AND k.resolved = 0",
        )?;
        let mut out = Vec::new();
        for (n, table, id) in rows {
            let found = stmt.query_map(params![n], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    (r.get::<_, Option<i64>>(3)?.unwrap_or(-1), r.get::<_, Option<i64>>(4)?.unwrap_or(-1)),
                ))
            })?;
            for rec in found {
                let (hlc, column, value, write) = rec?;
                let entry = HistoryEntry {
                    at_ms: Hlc::from_i64(hlc).millis(),
                    table: (*table).to_string(),
                    row: id.clone(),
                    column,
                    value,
                    conflict: true,
                    write,
                };
                // Sorted just before the winning record (newest first), so
                // that it reads right after it.
                out.push((hlc, i64::MAX, entry));
            }
        }
        Ok(out)
    }
}
