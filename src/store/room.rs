//! Room for a large write in one transaction (a sync import into an empty
//! or small archive): a page cache the size of what it writes, and the
//! secondary indexes of a table that grows several times over built again
//! after its rows are in, rather than kept up row by row.
//!
//! A transaction larger than the page cache spills its pages to the WAL
//! and reads them back (at 100k customers the import's pages are ≈365 MB
//! against a 64 MiB cache). Keeping an index up takes one descent per row
//! into a B-tree the size of the table; `CREATE INDEX` sorts once. SQLite's
//! DDL is transactional: an index dropped and created again inside the
//! import's transaction is there before and after it, never between.

use crate::error::Result;
use rusqlite::Connection;

/// The largest page cache a write takes, in KiB (1 GiB).
const MAX_CACHE_KIB: i64 = 1 << 20;

/// Page cache a written record may need, in KiB: its row, its change log
/// record, its interned id and their indexes (≈650 bytes a record at 100k
/// customers), with some to spare.
const KIB_PER_RECORD: i64 = 1;

/// From this many rows added, a table's secondary indexes may be built
/// again rather than kept up.
pub(super) const REBUILD_FROM: usize = 256;

/// The page cache, in KiB, that an archive taking in `records` more
/// records needs to hold all it writes (at most [`MAX_CACHE_KIB`]); None
/// when the cache now (`cache_size`, pages when positive) is large enough.
pub(super) fn cache_wanted(conn: &Connection, records: usize) -> Result<Option<(i64, i64)>> {
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let now: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    let now_kib = if now < 0 { -now } else { now.saturating_mul(page_size) / 1024 };
    let records = i64::try_from(records).unwrap_or(i64::MAX);
    let want = (pages.saturating_mul(page_size) / 1024).saturating_add(records.saturating_mul(KIB_PER_RECORD));
    let want = want.min(MAX_CACHE_KIB);
    Ok((want > now_kib).then_some((now, want)))
}

/// Set `cache_size` (negative: KiB; positive: pages), e.g. back to what
/// [`cache_wanted`] read.
pub(super) fn set_cache(conn: &Connection, cache_size: i64) -> Result<()> {
    conn.pragma_update(None, "cache_size", cache_size)?;
    Ok(())
}

impl Drop for super::Writer<'_> {
    fn drop(&mut self) {
        // The cache widened for an import is given back when its writer
        // goes, before the commit (which writes its pages from the dirty
        // list, whatever the cache's size) or the rollback.
        if let Some(before) = self.cache_before.take() {
            let _ = set_cache(self.tx, before);
        }
    }
}

/// The secondary indexes of `table` (those a statement made; not the
/// ones a key or UNIQUE constraint makes), as the statements that made
/// them.
fn indexes(conn: &Connection, table: &str) -> Result<Vec<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL",
        )?
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The indexes dropped to be built again: the statements that make them.
#[derive(Debug, Default)]
#[must_use = "the indexes dropped must be made again"]
pub(super) struct Dropped(Vec<String>);

impl Dropped {
    /// Make the dropped indexes again (one sort each).
    pub(super) fn rebuild(self, conn: &Connection) -> Result<()> {
        for sql in self.0 {
            conn.execute_batch(&sql)?;
        }
        Ok(())
    }
}

/// Drop the secondary indexes of `table`, inside the caller's
/// transaction, when `adding` rows will at least double it (`held`: the
/// rows it has, or an upper bound); they must be made again
/// ([`Dropped::rebuild`]) before the transaction ends.
pub(super) fn drop_for(conn: &Connection, table: &str, adding: usize, held: i64) -> Result<Dropped> {
    let adding = i64::try_from(adding).unwrap_or(i64::MAX);
    // Outside a transaction each statement would commit alone: an index
    // could be missing after a crash.
    if conn.is_autocommit() || adding < i64::try_from(REBUILD_FROM).unwrap_or(i64::MAX) || adding < held {
        return Ok(Dropped::default());
    }
    let mut dropped = Vec::new();
    for (name, sql) in indexes(conn, table)? {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        dropped.push(sql);
    }
    Ok(Dropped(dropped))
}

/// An upper bound of the rows of rowid table `table` (its largest rowid:
/// one descent, not a count).
pub(super) fn rows_at_most(conn: &Connection, table: &str) -> Result<i64> {
    Ok(conn.query_row(&format!("SELECT coalesce(max(rowid), 0) FROM {table}"), [], |r| r.get(0))?)
}

/// From this many records on, an import that at least doubles its archive
/// writes through the rollback journal (see [`rollback_journal_for`]):
/// below it, switching the journal twice costs about what it saves.
const ROLLBACK_FROM: usize = 1_000;

/// Bytes a record adds to an archive, at least (its row and its change log
/// record hold its value each: ≈720 bytes a record at 100k customers).
const BYTES_PER_RECORD: i64 = 350;

/// For an import of `records` records that at least doubles the archive,
/// switch `conn` from the WAL to the rollback journal, and say whether it
/// was switched. In the WAL every page the import writes is written twice
/// (into the WAL at the commit, into the file at the checkpoint) and read
/// back once; through the rollback journal it is written once, and the
/// journal holds only the pages the archive had before, so a crash still
/// leaves the archive as it was before the import. Tried without waiting:
/// another connection to the archive (the interface open in another
/// window) keeps the WAL, and the import goes through it as before.
pub(super) fn rollback_journal_for(conn: &Connection, records: usize) -> Result<bool> {
    if records < ROLLBACK_FROM {
        return Ok(false);
    }
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let adds = i64::try_from(records).unwrap_or(i64::MAX).saturating_mul(BYTES_PER_RECORD);
    if pages.saturating_mul(page_size) > adds {
        return Ok(false);
    }
    conn.busy_timeout(std::time::Duration::ZERO)?;
    let mode = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0));
    conn.busy_timeout(super::open::BUSY_TIMEOUT)?;
    Ok(mode.is_ok_and(|m| m.eq_ignore_ascii_case("delete")))
}

/// Back to the WAL after [`rollback_journal_for`] switched away from it.
/// The import has committed by then: if another connection opened the
/// archive meanwhile and holds it, the archive stays in the rollback
/// journal (as safe, only slower to share) until it is next opened, which
/// switches it back.
pub(super) fn back_to_wal(conn: &Connection) {
    let _ = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
}

/// How long opening waits for a large import in another process that
/// holds the archive in the rollback journal (`room::rollback_journal_for`).
const IMPORT_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Put the archive in WAL mode. While a large import in another process
/// writes through the rollback journal, SQLite answers "busy" at once
/// (its busy handler is not asked when the journal mode changes): wait for
/// the import, asking again every 50 ms, rather than fail.
pub(super) fn wal(conn: &Connection) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && started.elapsed() < IMPORT_WAIT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return Ok(other?),
        }
    }
}

/// Put `more` into `dropped` (several tables' indexes made again at once).
pub(super) fn join(mut dropped: Dropped, more: Dropped) -> Dropped {
    dropped.0.extend(more.0);
    dropped
}

#[cfg(test)]
mod tests {
    use super::{cache_wanted, drop_for, indexes, wal};
    use rusqlite::Connection;

    #[test]
    fn opening_waits_for_an_import_writing_through_the_rollback_journal() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.sqlite3");
        let importer = Connection::open(&db).unwrap();
        importer
            .execute_batch("PRAGMA journal_mode = DELETE; CREATE TABLE t (x); BEGIN; INSERT INTO t VALUES (1);")
            .unwrap();
        let opener = Connection::open(&db).unwrap();
        let started = std::time::Instant::now();
        let (waited, opener) = std::thread::scope(|s| {
            let waiting = s.spawn(move || (wal(&opener).map(|()| started.elapsed()), opener));
            std::thread::sleep(std::time::Duration::from_millis(300));
            importer.execute_batch("COMMIT").unwrap();
            waiting.join().unwrap()
        });
        let waited = waited.expect("it waited for the import, not failed at once");
        assert!(waited >= std::time::Duration::from_millis(250), "{waited:?}");
        let mode: String = opener.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let n: i64 = opener.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1, "the import is there");
    }

    #[test]
    fn indexes_are_dropped_only_for_a_table_that_at_least_doubles_and_come_back_the_same() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id TEXT PRIMARY KEY, a TEXT, b INTEGER);
             CREATE INDEX t_a ON t (a);
             CREATE INDEX t_b ON t (b, a) WHERE b IS NOT NULL;",
        )
        .unwrap();
        let before = indexes(&conn, "t").unwrap();
        assert!(drop_for(&conn, "t", 5000, 10).unwrap().0.is_empty(), "never outside a transaction");
        conn.execute_batch("BEGIN").unwrap();
        assert_eq!(before.len(), 2, "the key's own index is not listed");
        assert!(drop_for(&conn, "t", 10, 0).unwrap().0.is_empty(), "a small write keeps them");
        assert!(drop_for(&conn, "t", 5000, 6000).unwrap().0.is_empty(), "so does one into a larger table");
        let dropped = drop_for(&conn, "t", 5000, 10).unwrap();
        assert!(indexes(&conn, "t").unwrap().is_empty());
        dropped.rebuild(&conn).unwrap();
        conn.execute_batch("COMMIT").unwrap();
        let mut after = indexes(&conn, "t").unwrap();
        after.sort();
        let mut before = before;
        before.sort();
        assert_eq!(after, before);
    }

    #[test]
    fn the_cache_grows_with_the_records_to_write_up_to_a_cap() {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "cache_size", -2000).unwrap();
        assert_eq!(cache_wanted(&conn, 10).unwrap(), None, "2 MB is room enough for 10 records");
        assert_eq!(cache_wanted(&conn, 100_000).unwrap().map(|(before, _)| before), Some(-2000));
        let (_, want) = cache_wanted(&conn, 100_000_000).unwrap().unwrap();
        assert_eq!(want, 1 << 20, "at most 1 GiB");
    }
}
