//! An import's rows new here and their change log records written many to
//! a statement (a multi-row `INSERT`): the statement's cursors are opened,
//! and its program run through, once for a batch rather than once a row.
//! What is written is what the record-by-record path writes
//! (`insert::insert_new`, `exchange::log_remote`). Each is `OR FAIL`: a
//! multi-row statement that may abort half-way keeps a copy of every page
//! it changes to undo its own rows (SQLite's statement journal); one that
//! fails stops where it is, and the import's transaction is given up whole
//! (the parent key a record's row names still asks for that copy).

use crate::domain::fields::Value;
use crate::domain::schema::Table;
use crate::error::Result;
use crate::store::Writer;
use crate::store::records::{ChangeRecord, ERASE_COLUMN, INSERT_COLUMN, origins_numbered};
use rusqlite::ToSql;

/// At most this many rows a statement.
const ROWS: usize = 256;

/// At most this many parameters a statement (SQLite allows 32766).
const PARAMS: usize = 16_000;

/// How many rows of `columns` parameters each go in one statement.
pub(super) fn rows_per_statement(columns: usize) -> usize {
    (PARAMS / columns.max(1)).clamp(1, ROWS)
}

/// `INSERT INTO … VALUES (…), (…) …` of `rows` rows of `row` (one row's
/// parenthesised values), and `tail`.
fn multi_row(head: &str, row: &str, rows: usize, tail: &str) -> String {
    let mut sql = String::with_capacity(head.len() + (row.len() + 1) * rows + tail.len());
    sql.push_str(head);
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(row);
    }
    sql.push_str(tail);
    sql
}

/// A change log record as written: its interned numbers.
struct LogRow<'r> {
    ints: [i64; 7],
    value: Option<&'r str>,
    base: (Option<i64>, Option<i64>),
    settles: (Option<i64>, Option<i64>),
}

/// `records` in (device, seq) order, devices compared as text: each
/// device numbered ([`origins_numbered`]) and ranked among the few devices
/// once, then numbers only.
pub(super) fn by_device_and_seq<'r>(records: impl Iterator<Item = &'r ChangeRecord>) -> Vec<&'r ChangeRecord> {
    let records: Vec<&ChangeRecord> = records.collect();
    let (devices, numbers) = origins_numbered(records.iter().copied());
    let mut keyed: Vec<(usize, i64, &ChangeRecord)> =
        records.into_iter().zip(numbers).map(|(r, n)| (n, r.seq, r)).collect();
    let mut by_text: Vec<usize> = (0..devices.len()).collect();
    by_text.sort_unstable_by_key(|&n| devices[n]);
    let mut rank = vec![0; devices.len()];
    for (at, &n) in by_text.iter().enumerate() {
        rank[n] = at;
    }
    for k in &mut keyed {
        k.0 = rank[k.0];
    }
    keyed.sort_unstable_by_key(|k| (k.0, k.1));
    keyed.into_iter().map(|k| k.2).collect()
}

impl Writer<'_> {
    /// Insert `rows` (creations of rows new here, with the values
    /// `insert::insert_values` gives each field of `table`, in its order)
    /// in as few statements as fit; returns how many were inserted (a row
    /// here already is not).
    pub(super) fn insert_rows(
        &mut self,
        table: &'static Table,
        rows: &[(&ChangeRecord, Vec<(&'static str, Value)>)],
    ) -> Result<usize> {
        let columns = table.fields.len() + 2;
        let head = format!(
            "INSERT OR FAIL INTO {} (id, cl, updated_ms{}) VALUES ",
            table.name,
            table.fields.iter().map(|f| format!(", {}", f.name)).collect::<String>()
        );
        let row = format!("(?, 1, ?{})", ", ?".repeat(table.fields.len()));
        let now = self.now_ms();
        let mut inserted = 0;
        for chunk in rows.chunks(rows_per_statement(columns)) {
            let mut args: Vec<&dyn ToSql> = Vec::with_capacity(chunk.len() * columns);
            for (r, values) in chunk {
                args.push(&r.row);
                args.push(&now);
                args.extend(values.iter().map(|(_, v)| v as &dyn ToSql));
            }
            let sql = multi_row(&head, &row, chunk.len(), " ON CONFLICT (id) DO NOTHING");
            inserted += self.tx.prepare_cached(&sql)?.execute(args.as_slice())?;
        }
        Ok(inserted)
    }

    /// Append `records` to the change log, in their order.
    pub(super) fn log_rows(&mut self, records: &[&ChangeRecord]) -> Result<()> {
        let mut rows: Vec<LogRow<'_>> = Vec::with_capacity(records.len());
        for r in records {
            let origin = self.ids.device(self.tx, &r.origin)?;
            let row = self.ids.row(self.tx, &r.row, r.column == INSERT_COLUMN)?;
            let col = self.ids.col(self.tx, &r.table, &r.column)?;
            let base = self.ids.stamp(self.tx, r.base.as_ref())?;
            let settles = self.ids.stamp(self.tx, r.settles.as_ref())?;
            // An erased row's values are not kept, except the erase's own mark.
            let erased = r.column != ERASE_COLUMN && self.is_erased(row)?;
            rows.push(LogRow {
                ints: [origin, r.seq, r.hlc, r.tx, row, col, r.cl],
                value: if erased { None } else { r.value.as_deref() },
                base,
                settles,
            });
        }
        let head = "INSERT OR FAIL INTO change_log (origin, seq, hlc, tx, row, col, cl, value, base_hlc, base_origin, \
             settles_hlc, settles_origin) VALUES ";
        for chunk in rows.chunks(rows_per_statement(12)) {
            let mut args: Vec<&dyn ToSql> = Vec::with_capacity(chunk.len() * 12);
            for l in chunk {
                args.extend(l.ints.iter().map(|i| i as &dyn ToSql));
                args.push(&l.value);
                args.push(&l.base.0);
                args.push(&l.base.1);
                args.push(&l.settles.0);
                args.push(&l.settles.1);
            }
            let sql = multi_row(head, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", chunk.len(), "");
            self.tx.prepare_cached(&sql)?.execute(args.as_slice())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{multi_row, rows_per_statement};

    #[test]
    fn statements_hold_as_many_rows_as_their_parameters_allow() {
        assert_eq!(rows_per_statement(10), 256);
        assert_eq!(rows_per_statement(200), 80);
        assert_eq!(rows_per_statement(0), 256);
        assert_eq!(multi_row("INSERT INTO t (a) VALUES ", "(?)", 3, " X"), "INSERT INTO t (a) VALUES (?),(?),(?) X");
    }
}
