//! Light rows for the customer list and the history of a dossier.
//!
//! The list at 100k customers cannot hold full records (30 fields each); it
//! holds these rows, loaded with their search keys in one scan.

use super::Store;
use crate::domain::classify::{Tier, classify};
use crate::domain::fields::split_tags;
use crate::error::Result;
use crate::hlc::Hlc;
use rusqlite::params;

/// What the customer list shows and filters on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    /// Customer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Tier in force.
    pub tier: Tier,
    /// VIP mark.
    pub vip: bool,
    /// Kind (stored value) or empty.
    pub kind: String,
    /// Status (stored value) or empty.
    pub status: String,
    /// Industry or empty.
    pub industry: String,
    /// Region or empty.
    pub region: String,
    /// City or empty.
    pub city: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Last local write, ms since the epoch.
    pub updated_ms: i64,
}

/// One row with its search key and display text, as loaded.
#[derive(Debug, Clone)]
pub struct LoadedRow {
    /// The row.
    pub row: CustomerRow,
    /// Search key (see `refresh_search_key`).
    pub key: String,
    /// Display text for Chinese queries.
    pub display: String,
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
}

impl Store {
    /// Every live customer as a list row with its search key, in storage
    /// order (callers sort).
    pub fn customer_rows(&self) -> Result<Vec<LoadedRow>> {
        self.rows_where("", [])
    }

    /// The first `limit` live customers in name order: what the list shows
    /// while the full list loads.
    pub fn customer_rows_page(&self, limit: usize) -> Result<Vec<LoadedRow>> {
        self.rows_where(" ORDER BY s.name COLLATE NOCASE, s.customer_id LIMIT ?1", [limit as i64])
    }

    fn rows_where(&self, tail: &str, args: impl rusqlite::Params) -> Result<Vec<LoadedRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT c.id, c.name, c.kind, c.status, c.industry, c.region, c.city, c.tags, c.purchase, c.potential,
                    c.tier_override, c.vip, c.updated_ms, s.key, s.display
             FROM search_key s JOIN customer c ON c.id = s.customer_id WHERE c.cl % 2 = 1{tail}"
        ))?;
        let rows = stmt.query_map(args, |r| {
            let text =
                |i: usize| -> rusqlite::Result<String> { Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default()) };
            let score = |i: usize| -> rusqlite::Result<Option<u8>> {
                Ok(r.get::<_, Option<i64>>(i)?.map(|v| v.clamp(0, 4) as u8))
            };
            let manual = r.get::<_, Option<String>>(10)?.and_then(|t| Tier::parse(&t));
            Ok(LoadedRow {
                row: CustomerRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    tier: classify(score(8)?, score(9)?, manual).tier,
                    vip: r.get::<_, Option<i64>>(11)?.unwrap_or(0) != 0,
                    kind: text(2)?,
                    status: text(3)?,
                    industry: text(4)?,
                    region: text(5)?,
                    city: text(6)?,
                    tags: split_tags(&text(7)?),
                    updated_ms: r.get(12)?,
                },
                key: r.get(13)?,
                display: r.get(14)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every recorded change to a customer and its people, competitor notes
    /// and records, newest first.
    pub fn history(&self, customer_id: &str) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT hlc, tbl, row_id, col, value FROM change_log
             WHERE (tbl = 'customer' AND row_id = ?1)
                OR (tbl = 'person' AND row_id IN (SELECT id FROM person WHERE customer_id = ?1))
                OR (tbl = 'competitor' AND row_id IN (SELECT id FROM competitor WHERE customer_id = ?1))
                OR (tbl = 'trade' AND row_id IN (SELECT id FROM trade WHERE customer_id = ?1))
             ORDER BY hlc DESC, seq DESC",
        )?;
        let rows = stmt.query_map(params![customer_id], |r| {
            Ok(HistoryEntry {
                at_ms: Hlc::from_i64(r.get(0)?).millis(),
                table: r.get(1)?,
                row: r.get(2)?,
                column: r.get(3)?,
                value: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
