//! Interned ids of the change log (schema 3): devices, rows and columns are
//! small integers inside the archive and UUIDs / names outside it.
//!
//! A row's UUID is stored as its 16 bytes; an id that is not a lowercase
//! hyphenated UUID (only hand-made test rows) is stored as its text. The
//! SQL of migration 3 applies the same rule.

use crate::error::Result;
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OptionalExtension, params};
use rustc_hash::{FxHashMap, FxHashSet};

/// The key a row id is stored under in `row_ref`.
pub(super) fn row_key(id: &str) -> SqlValue {
    if id.len() == 36
        && id.bytes().all(|b| !b.is_ascii_uppercase())
        && let Ok(u) = uuid::Uuid::try_parse(id)
    {
        return SqlValue::Blob(u.as_bytes().to_vec());
    }
    SqlValue::Text(id.to_string())
}

/// The row id a `row_ref` key stands for.
pub(super) fn key_id(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Blob(b) => match uuid::Uuid::from_slice(b) {
            Ok(u) => u.hyphenated().to_string(),
            Err(_) => String::from_utf8_lossy(b).into_owned(),
        },
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Integer(i) => i.to_string(),
        _ => String::new(),
    }
}

/// The number of a row id, if the log has seen it.
pub(super) fn find_row(conn: &Connection, id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT n FROM row_ref WHERE uuid = ?1")?
        .query_row([row_key(id)], |r| r.get(0))
        .optional()?)
}

/// The number of a row id, interning it if new.
pub(super) fn intern_row(conn: &Connection, id: &str) -> Result<i64> {
    if let Some(n) = find_row(conn, id)? {
        return Ok(n);
    }
    conn.prepare_cached("INSERT INTO row_ref (uuid) VALUES (?1)")?.execute([row_key(id)])?;
    Ok(conn.last_insert_rowid())
}

/// The number of a (table, column) pair, interning it if new.
pub(super) fn intern_col(conn: &Connection, table: &str, column: &str) -> Result<i64> {
    let found: Option<i64> = conn
        .prepare_cached("SELECT n FROM col_ref WHERE tbl = ?1 AND col = ?2")?
        .query_row(params![table, column], |r| r.get(0))
        .optional()?;
    if let Some(n) = found {
        return Ok(n);
    }
    conn.prepare_cached("INSERT INTO col_ref (tbl, col) VALUES (?1, ?2)")?.execute(params![table, column])?;
    Ok(conn.last_insert_rowid())
}

/// The number of (table, column) if it was ever interned.
pub(super) fn find_col(conn: &Connection, table: &str, column: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT n FROM col_ref WHERE tbl = ?1 AND col = ?2")?
        .query_row(params![table, column], |r| r.get(0))
        .optional()?)
}

/// The number of a device id, interning it if new.
pub(super) fn intern_device(conn: &Connection, uuid: &str) -> Result<i64> {
    conn.prepare_cached("INSERT OR IGNORE INTO device (uuid) VALUES (?1)")?.execute([uuid])?;
    Ok(conn.prepare_cached("SELECT n FROM device WHERE uuid = ?1")?.query_row([uuid], |r| r.get(0))?)
}

/// Interned numbers looked up in one transaction, kept so that an import
/// of many records asks SQLite once per device, column and row instead of
/// for every record. Always right: `device`, `row_ref` and `col_ref` only
/// grow, and the cache lives no longer than the transaction (a `Writer`).
#[derive(Debug, Default)]
pub(super) struct Cache {
    /// Nothing remembered (the general path, which tests compare with).
    pub(super) off: bool,
    devices: FxHashMap<String, i64>,
    uuids: FxHashMap<i64, String>,
    cols: FxHashMap<String, FxHashMap<String, i64>>,
    rows: FxHashMap<String, i64>,
}

impl Cache {
    /// [`intern_device`], remembered.
    pub(super) fn device(&mut self, conn: &Connection, uuid: &str) -> Result<i64> {
        if self.off {
            return intern_device(conn, uuid);
        }
        if let Some(&n) = self.devices.get(uuid) {
            return Ok(n);
        }
        let n = intern_device(conn, uuid)?;
        self.devices.insert(uuid.to_string(), n);
        self.uuids.insert(n, uuid.to_string());
        Ok(n)
    }

    /// A record's (hlc, device) pair (its base, or the value it settles)
    /// as the log keeps it: the hlc and the device's number.
    pub(super) fn stamp(
        &mut self,
        conn: &Connection,
        pair: Option<&(i64, String)>,
    ) -> Result<(Option<i64>, Option<i64>)> {
        Ok(match pair {
            Some((hlc, uuid)) => (Some(*hlc), Some(self.device(conn, uuid)?)),
            None => (None, None),
        })
    }

    /// The id of device number `n`, remembered.
    pub(super) fn device_uuid(&mut self, conn: &Connection, n: i64) -> Result<String> {
        if let Some(u) = self.uuids.get(&n).filter(|_| !self.off) {
            return Ok(u.clone());
        }
        let uuid: String = conn.prepare_cached("SELECT uuid FROM device WHERE n = ?1")?.query_row([n], |r| r.get(0))?;
        self.devices.insert(uuid.clone(), n);
        self.uuids.insert(n, uuid.clone());
        Ok(uuid)
    }

    /// [`intern_col`], remembered.
    pub(super) fn col(&mut self, conn: &Connection, table: &str, column: &str) -> Result<i64> {
        if self.off {
            return intern_col(conn, table, column);
        }
        if let Some(&n) = self.cols.get(table).and_then(|t| t.get(column)) {
            return Ok(n);
        }
        let n = intern_col(conn, table, column)?;
        self.cols.entry(table.to_string()).or_default().insert(column.to_string(), n);
        Ok(n)
    }

    /// [`find_col`], remembered once found.
    pub(super) fn find_col(&mut self, conn: &Connection, table: &str, column: &str) -> Result<Option<i64>> {
        if self.off {
            return find_col(conn, table, column);
        }
        if let Some(&n) = self.cols.get(table).and_then(|t| t.get(column)) {
            return Ok(Some(n));
        }
        let n = find_col(conn, table, column)?;
        if let Some(n) = n {
            self.cols.entry(table.to_string()).or_default().insert(column.to_string(), n);
        }
        Ok(n)
    }

    /// [`intern_row`], remembered. A row `likely_new` (its creation) is
    /// inserted first and looked up only if it was there: one statement
    /// for each row a new archive takes in, instead of two.
    pub(super) fn row(&mut self, conn: &Connection, id: &str, likely_new: bool) -> Result<i64> {
        if self.off {
            return intern_row(conn, id);
        }
        if let Some(&n) = self.rows.get(id) {
            return Ok(n);
        }
        let inserted: Option<i64> = if likely_new {
            conn.prepare_cached("INSERT INTO row_ref (uuid) VALUES (?1) ON CONFLICT (uuid) DO NOTHING RETURNING n")?
                .query_row([row_key(id)], |r| r.get(0))
                .optional()?
        } else {
            None
        };
        let n = match inserted {
            Some(n) => n,
            None => intern_row(conn, id)?,
        };
        self.rows.insert(id.to_string(), n);
        Ok(n)
    }
}

impl Cache {
    /// [`Cache::row`] for each of `ids`, in their order, with the numbers
    /// one call each would give (new ones are numbered in the order they
    /// first appear): those not remembered are looked up, and the rest
    /// interned, many to a statement.
    pub(super) fn rows_in_order<'i>(&mut self, conn: &Connection, ids: impl Iterator<Item = &'i str>) -> Result<()> {
        const MANY: usize = 500;
        let mut fresh: Vec<&str> = Vec::new();
        let mut asked: FxHashSet<&str> = FxHashSet::default();
        for id in ids {
            if !self.rows.contains_key(id) && asked.insert(id) {
                fresh.push(id);
            }
        }
        if self.off {
            for id in fresh {
                self.row(conn, id, false)?;
            }
            return Ok(());
        }
        // An empty `row_ref` (a new archive's) holds none of them: not asked.
        let any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM row_ref)", [], |r| r.get(0))?;
        let keys = |chunk: &[&str]| chunk.iter().map(|id| row_key(id)).collect::<Vec<_>>();
        if any {
            for chunk in fresh.chunks(MANY) {
                let sql = format!("SELECT uuid, n FROM row_ref WHERE uuid IN ({})", vec!["?"; chunk.len()].join(", "));
                let mut stmt = conn.prepare_cached(&sql)?;
                let mut found = stmt.query(rusqlite::params_from_iter(keys(chunk)))?;
                while let Some(r) = found.next()? {
                    self.rows.insert(key_id(r.get_ref(0)?), r.get(1)?);
                }
            }
        }
        let absent: Vec<&str> = fresh.into_iter().filter(|id| !self.rows.contains_key(*id)).collect();
        // Numbered as SQLite numbers rows inserted one after the other
        // without a number: each one more than the greatest so far.
        let mut next: i64 = conn.query_row("SELECT coalesce(max(n), 0) FROM row_ref", [], |r| r.get(0))?;
        // SQLite numbers them so (`n` is not given: a statement that gives
        // it, or may stop half-way, keeps a copy of every page it changes
        // to undo itself; `OR FAIL` stops without undoing, and the import
        // is then given up whole). The numbers are checked after.
        for chunk in absent.chunks(MANY) {
            let sql = format!("INSERT OR FAIL INTO row_ref (uuid) VALUES {}", vec!["(?)"; chunk.len()].join(", "));
            let mut args: Vec<SqlValue> = Vec::with_capacity(chunk.len());
            for id in chunk {
                next = next.checked_add(1).ok_or_else(|| crate::error::Error::Invalid("row_ref".into()))?;
                args.push(row_key(id));
                self.rows.insert((*id).to_string(), next);
            }
            conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(args))?;
        }
        if !absent.is_empty() {
            let last: i64 = conn.query_row("SELECT max(n) FROM row_ref", [], |r| r.get(0))?;
            if last != next {
                return Err(crate::error::Error::Invalid(format!("row_ref: {last} != {next}")));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Cache, key_id, row_key};
    use rusqlite::types::{Value, ValueRef};

    #[test]
    fn rows_interned_many_at_once_get_the_numbers_one_at_a_time_gives() {
        let schema = "CREATE TABLE row_ref (n INTEGER PRIMARY KEY, uuid ANY NOT NULL UNIQUE)";
        let ids: Vec<String> = (0..1200)
            .map(|i| {
                if i % 7 == 0 { format!("row-{}", i % 50) } else { format!("01936f4e-8c2a-7b3d-9e1f-{:012x}", i % 900) }
            })
            .collect();
        let mut numbers = Vec::new();
        for many in [false, true] {
            let conn = rusqlite::Connection::open_in_memory().unwrap();
            conn.execute_batch(schema).unwrap();
            // Some interned before, out of order.
            let mut cache = Cache::default();
            for id in [&ids[5], &ids[900], &ids[3]] {
                super::intern_row(&conn, id).unwrap();
            }
            if many {
                cache.rows_in_order(&conn, ids.iter().map(String::as_str)).unwrap();
            }
            let got: Vec<i64> = ids.iter().map(|id| cache.row(&conn, id, true).unwrap()).collect();
            let count: i64 = conn.query_row("SELECT count(*) FROM row_ref", [], |r| r.get(0)).unwrap();
            numbers.push((got, count));
        }
        assert_eq!(numbers[0], numbers[1]);
    }

    #[test]
    fn uuids_are_stored_as_bytes_and_come_back_the_same() {
        let id = "01936f4e-8c2a-7b3d-9e1f-0a1b2c3d4e5f";
        let Value::Blob(b) = row_key(id) else { panic!("a UUID is stored as bytes") };
        assert_eq!(b.len(), 16);
        assert_eq!(key_id(ValueRef::Blob(&b)), id);
        for odd in ["c-old", "01936F4E-8C2A-7B3D-9E1F-0A1B2C3D4E5F", "01936f4e8c2a7b3d9e1f0a1b2c3d4e5f"] {
            assert_eq!(row_key(odd), Value::Text(odd.to_string()), "{odd} is kept as text");
            assert_eq!(key_id(ValueRef::Text(odd.as_bytes())), odd);
        }
    }
}
