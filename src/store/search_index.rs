//! The saved search index beside the archive (`<archive>.search-index`,
//! 0600): where it lives, what it is checked against, and which customers
//! changed since it was saved. The index itself (its format, how it is
//! brought up to date) is `crate::search::persist`'s.
//!
//! A saved index carries a [`SearchStamp`]: the archive's search generation
//! (moved by triggers on every change to `search_key`, see migration 8),
//! the number of erased rows, and this device's last change (origin, seq
//! and clock). It is used only while the archive still holds that change
//! with that clock (an older backup restored over the archive does not), no
//! erase has happened since, and the generation has not gone back; the
//! customers changed since are then read again. Anything else: rebuilt.

use super::Store;
use super::open::io;
use crate::domain::pinyin::Romanizer;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};

/// Where the archive stood when an index was taken from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SearchStamp {
    /// The search generation: the highest in `search_dirty`.
    pub generation: i64,
    /// Rows erased for privacy (an erase makes every saved index unusable).
    pub erased: i64,
    /// This device's number in the change log.
    pub origin: i64,
    /// Its last change's seq (0: none yet).
    pub seq: i64,
    /// That change's clock.
    pub hlc: i64,
}

/// The saved index of the archive at `db`.
pub fn index_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_os_string();
    p.push(".search-index");
    PathBuf::from(p)
}

/// Saves begun by this process, to name each one's copy aside.
static SAVES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Remove the saved index of the archive at `db` (after an erase, a
/// restore), and any copy a killed save left half-written beside it
/// (`<index>.PID.N.tmp`): best effort, a missing file is fine.
pub(super) fn forget(db: &Path) {
    let index = index_path(db);
    let _ = std::fs::remove_file(&index);
    let (Some(dir), Some(name)) = (index.parent(), index.file_name()) else { return };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let prefix = format!("{}.", name.to_string_lossy());
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        if file.starts_with(&prefix) && file.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Give every search record without a sort key its key (after migration 8,
/// or rows written by an older build): one pass, in the caller's write.
pub(super) fn fill_sort_keys(conn: &Connection, romanizer: &Romanizer) -> Result<usize> {
    let missing: Option<i64> =
        conn.query_row("SELECT 1 FROM search_key WHERE sort = '' LIMIT 1", [], |r| r.get(0)).optional()?;
    if missing.is_none() {
        return Ok(0);
    }
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT customer_id, name FROM search_key WHERE sort = ''")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let tx = conn.unchecked_transaction()?;
    {
        let mut update = tx.prepare("UPDATE search_key SET sort = ?1 WHERE customer_id = ?2")?;
        for (id, name) in &rows {
            update.execute(params![crate::search::sort_key(romanizer, name), id])?;
        }
    }
    tx.commit()?;
    Ok(rows.len())
}

impl Store {
    /// Where this archive's search index is saved; None in memory.
    pub fn search_index_path(&self) -> Option<PathBuf> {
        self.path.as_deref().map(index_path)
    }

    /// The romanizer this archive's search records are made with.
    pub fn romanizer(&self) -> &Romanizer {
        &self.romanizer
    }

    /// Run `f` inside one read transaction: everything it reads is the
    /// archive at one moment, whatever other processes write meanwhile.
    /// Nests: a savepoint outside a transaction begins one.
    pub fn reading<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        self.conn.execute_batch("SAVEPOINT reading")?;
        let out = f();
        if out.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK TO reading");
        }
        self.conn.execute_batch("RELEASE reading")?;
        out
    }

    /// Where the archive stands now (see [`SearchStamp`]).
    pub fn search_stamp(&self) -> Result<SearchStamp> {
        let generation = self.conn.query_row("SELECT coalesce(max(gen), 0) FROM search_dirty", [], |r| r.get(0))?;
        let erased = self.conn.query_row("SELECT count(*) FROM erased", [], |r| r.get(0))?;
        let origin = self.device.n;
        let last: Option<(i64, i64)> = self
            .conn
            .prepare_cached("SELECT seq, hlc FROM change_log WHERE origin = ?1 ORDER BY seq DESC LIMIT 1")?
            .query_row([origin], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (seq, hlc) = last.unwrap_or((0, 0));
        Ok(SearchStamp { generation, erased, origin, seq, hlc })
    }

    /// True when an index stamped `saved` can be brought up to date from
    /// this archive (see the module's documentation); `now` is
    /// [`Store::search_stamp`] in the same read.
    pub fn search_stamp_holds(&self, saved: &SearchStamp, now: &SearchStamp) -> Result<bool> {
        if saved.erased != now.erased || saved.generation > now.generation {
            return Ok(false);
        }
        if saved.seq == 0 {
            return Ok(true);
        }
        let hlc: Option<i64> = self
            .conn
            .prepare_cached("SELECT hlc FROM change_log WHERE origin = ?1 AND seq = ?2")?
            .query_row([saved.origin, saved.seq], |r| r.get(0))
            .optional()?;
        Ok(hlc == Some(saved.hlc))
    }

    /// The customers whose search records changed after generation `since`,
    /// each with its record (sort, key, display), or None when it has none
    /// now (deleted, erased, gone). Returns how many.
    pub fn search_changed_since(
        &self,
        since: i64,
        mut f: impl FnMut(&str, Option<(&str, &str, &str)>),
    ) -> Result<usize> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.customer_id, s.sort, s.key, s.display, s.name FROM search_dirty d
             LEFT JOIN search_key s ON s.customer_id = d.customer_id WHERE d.gen > ?1",
        )?;
        let mut rows = stmt.query([since])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            let text = |i| r.get_ref(i).map(|v| v.as_str().unwrap_or(""));
            let id = text(0)?;
            if r.get_ref(2)?.data_type() == rusqlite::types::Type::Null {
                f(id, None);
            } else {
                let sort = text(1)?;
                let owned;
                // A row from before migration 8 on a read-only archive.
                let sort = if sort.is_empty() {
                    owned = crate::search::sort_key(&self.romanizer, text(4)?);
                    owned.as_str()
                } else {
                    sort
                };
                f(id, Some((sort, text(2)?, text(3)?)));
            }
            n += 1;
        }
        Ok(n)
    }

    /// How many customers changed after generation `since` (to choose
    /// between bringing an index up to date and rebuilding it).
    pub fn search_changes_since(&self, since: i64) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM search_dirty WHERE gen > ?1", [since], |r| r.get(0))?)
    }

    /// Save an index taken at `stamp`: written aside (0600) and renamed,
    /// so a reader sees the old file or the new one. Removed again when an
    /// erase happened meanwhile (it may hold the erased person). False when
    /// not saved (in memory, a read-only folder: best effort).
    pub fn save_search_index(&self, bytes: &[u8], stamp: &SearchStamp) -> bool {
        let Some(path) = self.search_index_path() else { return false };
        let mut aside = path.clone().into_os_string();
        // Unique within the process too: two loads of one archive (the
        // interface reloading its list) may save at once.
        let n = SAVES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        aside.push(format!(".{}.{n}.tmp", std::process::id()));
        let aside = PathBuf::from(aside);
        let written = (|| -> Result<()> {
            use std::io::Write;
            let mut f = super::open::private_file(&aside)?;
            f.set_len(0).map_err(io(&aside))?;
            f.write_all(bytes).map_err(io(&aside))?;
            std::fs::rename(&aside, &path).map_err(io(&path))
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&aside);
            return false;
        }
        let erased: Result<i64> =
            self.conn.query_row("SELECT count(*) FROM erased", [], |r| r.get(0)).map_err(Into::into);
        if erased.ok() != Some(stamp.erased) {
            let _ = std::fs::remove_file(&path);
            return false;
        }
        true
    }
}
