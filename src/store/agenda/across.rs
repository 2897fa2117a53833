//! Lists across customers (issue 9 §2.1): follow-ups, visits and calls,
//! records, people and competitor notes of every customer or of one, in a
//! date range, by status, with or without the deleted ones. One query for
//! every face: `repbook … list`, the dossier's tabs, the week view.

use super::super::Store;
use crate::domain::entity::Entity;
use crate::domain::schema::Table;
use crate::error::Result;
use chrono::NaiveDate;

/// Which records of a child table to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordQuery {
    /// Only this customer's (else every live customer's).
    pub customer: Option<String>,
    /// On or after this day (visits and records by date, follow-ups by due).
    pub from: Option<NaiveDate>,
    /// On or before this day.
    pub to: Option<NaiveDate>,
    /// Only with this status (stored value).
    pub status: Option<String>,
    /// Include deleted records (and, across customers, those of deleted
    /// customers).
    pub include_deleted: bool,
}

/// The day column a table is listed by, if any.
fn day_column(table: &Table) -> Option<&'static str> {
    match table.name {
        "visit" | "trade" => Some("date"),
        "followup" => Some("due"),
        _ => None,
    }
}

impl Store {
    /// Records of a child table matching `q`: visits and records newest
    /// first, follow-ups soonest due first, others in the order entered.
    pub fn records(&self, table: &'static Table, q: &RecordQuery) -> Result<Vec<Entity>> {
        let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        let mut arg = |v: String, conds: &mut Vec<String>, cond: &str| {
            args.push(v);
            conds.push(cond.replace('?', &format!("?{}", args.len())));
        };
        match &q.customer {
            Some(c) => arg(c.clone(), &mut conds, "t.customer_id = ?"),
            None if !q.include_deleted => conds.push("c.cl % 2 = 1".into()),
            None => {}
        }
        if !q.include_deleted {
            conds.push("t.cl % 2 = 1".into());
        }
        if let Some(col) = day_column(table) {
            if let Some(from) = q.from {
                arg(iso(from), &mut conds, &format!("t.{col} >= ?"));
            }
            if let Some(to) = q.to {
                arg(iso(to), &mut conds, &format!("t.{col} <= ?"));
            }
        }
        if let Some(status) = &q.status
            && table.field("status").is_some()
        {
            arg(status.clone(), &mut conds, "t.status = ?");
        }
        let order = match table.name {
            // Across customers, visits read as a calendar: by day and time.
            "visit" if q.customer.is_none() => "t.date, t.time, t.id",
            "trade" | "visit" => "t.date DESC, t.id DESC",
            // Ties in a stable order (generated follow-ups have ids of
            // their source, not of their day).
            "followup" => "t.due, c.name, t.source, t.what, t.ref, t.id",
            _ => "t.id",
        };
        let cols: String = table.fields.iter().map(|f| format!(", t.{}", f.name)).collect();
        let sql = format!(
            "SELECT t.id, t.cl, t.updated_ms{cols} FROM {} t JOIN customer c ON c.id = t.customer_id{} ORDER BY {order}",
            table.name,
            if conds.is_empty() { String::new() } else { format!(" WHERE {}", conds.join(" AND ")) }
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows =
            stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| super::super::archive::from_row_pub(table, r))?;
        let mut out: Vec<Entity> = rows.collect::<rusqlite::Result<_>>()?;
        self.render_generated(&mut out)?;
        Ok(out)
    }
}
