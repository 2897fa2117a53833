//! Backups: on demand, daily on first use, before a migration; restoring
//! one with the replaced archive kept aside (issue 8 §7, DESIGN.md §2).
//!
//! Every backup is a consistent copy made by SQLite (`VACUUM INTO`), written
//! under a temporary name, made private (0600) and renamed into place; it
//! sits beside the archive as `<archive>.<kind>-<stamp>.bak`, so the newest
//! one is easy to find and to name in error messages.

use super::Store;
use super::open::io;
use crate::clock::Clock;
use crate::domain::pinyin::Romanizer;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How many daily backups are kept beside an archive.
pub const DAILY_KEPT: usize = 7;

/// `<db>.<kind>-<stamp>.bak`.
fn beside(db: &Path, kind: &str, stamp: &str) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push(format!(".{kind}-{stamp}.bak"));
    PathBuf::from(name)
}

/// A new backup's name beside `db`: `<db>.<kind>-<local time, ms>.bak`, with
/// a counter if two are made in the same millisecond.
fn unique_beside(db: &Path, kind: &str) -> PathBuf {
    // The wall clock: these are the user's files, named as they see time.
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S%3f").to_string();
    let mut out = beside(db, kind, &stamp);
    let mut n = 1;
    while std::fs::symlink_metadata(&out).is_ok() {
        out = beside(db, kind, &format!("{stamp}-{n}"));
        n += 1;
    }
    out
}

/// The backups of one kind beside `db` (`daily`, `before-import`), oldest
/// first.
fn of_kind(db: &Path, kind: &str) -> Vec<PathBuf> {
    let marker = format!(".{kind}-");
    backups(db).into_iter().filter(|p| p.to_string_lossy().contains(&marker)).collect()
}

/// Copy `conn`'s database consistently to `out` (0600, all or nothing).
pub(super) fn vacuum_into(conn: &rusqlite::Connection, out: &Path) -> Result<()> {
    let mut partial = out.as_os_str().to_os_string();
    partial.push(format!(".partial-{}", std::process::id()));
    let partial = PathBuf::from(partial);
    let _ = std::fs::remove_file(&partial);
    // Made private before SQLite fills it: a copy killed half-way is not
    // left readable by others.
    {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        o.open(&partial).map_err(io(out))?;
    }
    let made = conn.execute("VACUUM INTO ?1", [partial.to_string_lossy()]).map_err(Error::from).and_then(|_| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o600)).map_err(io(out))?;
        }
        std::fs::rename(&partial, out).map_err(io(out))
    });
    if made.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    made
}

impl Store {
    /// Write a backup to `out`, or beside the archive when `None`; returns
    /// where it went.
    pub fn backup(&self, out: Option<&Path>) -> Result<PathBuf> {
        let out = match (out, self.path()) {
            (Some(o), _) => o.to_path_buf(),
            (None, Some(db)) => unique_beside(db, "manual"),
            (None, None) => return Err(Error::invalid("error.backup_memory", &[])),
        };
        // A backup never replaces a file: not a note, not another archive,
        // not the archive itself.
        if std::fs::symlink_metadata(&out).is_ok() {
            return Err(Error::invalid("error.backup_exists", &[("path", &out.display())]));
        }
        vacuum_into(&self.conn, &out).map_err(|e| match e {
            Error::Db(ref d)
                if matches!(
                    d.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
                ) =>
            {
                Error::invalid("error.backup_cannot_write", &[("path", &out.display())])
            }
            e => e,
        })?;
        Ok(out)
    }

    /// How many daily backups to keep (config `[backup] keep`; 0 makes
    /// none). [`DAILY_KEPT`] unless set.
    pub fn keep_daily_backups(&mut self, n: usize) {
        self.daily_kept = n;
    }

    /// The day's backup, made before the first write of a day, keeping the
    /// last few. Returns the new backup, if one was made.
    pub(super) fn daily_backup(&self) -> Result<Option<PathBuf>> {
        let Some(db) = self.path() else { return Ok(None) };
        // A demo archive is rebuilt at will: no daily backups of it.
        if self.daily_kept == 0 || self.is_demo()? {
            return Ok(None);
        }
        let today = beside(db, "daily", &self.clock().today().format("%Y%m%d").to_string());
        if today.exists() {
            return Ok(None);
        }
        vacuum_into(&self.conn, &today)?;
        self.prune(db, "daily");
        Ok(Some(today))
    }

    /// Keep the newest `[backup] keep` backups of `kind` beside `db`.
    fn prune(&self, db: &Path, kind: &str) {
        let all = of_kind(db, kind);
        for old in all.iter().take(all.len().saturating_sub(self.daily_kept)) {
            let _ = std::fs::remove_file(old);
        }
    }

    /// Whether [`Store::backup_before`] makes a copy here (not in memory,
    /// not for the demo, not with `keep = 0`); an unreadable mark counts as
    /// no, so nothing promises a backup that may not come.
    pub fn backs_up_before_imports(&self) -> bool {
        self.path().is_some() && self.daily_kept > 0 && matches!(self.is_demo(), Ok(false))
    }

    /// A backup made just before a change of many records at once (`what`
    /// names it: `import`, `sync`), kept beside the archive as
    /// `<db>.before-<what>-<time>.bak`; the newest `[backup] keep` of each
    /// kind stay. An error means there is no safety net: the caller does not
    /// go ahead. None for an archive in memory, a demo, or `keep = 0`.
    pub fn backup_before(&self, what: &str) -> Result<Option<PathBuf>> {
        let Some(db) = self.path() else { return Ok(None) };
        if self.daily_kept == 0 || self.is_demo()? {
            return Ok(None);
        }
        let kind = format!("before-{what}");
        let out = unique_beside(db, &kind);
        vacuum_into(&self.conn, &out)?;
        self.prune(db, &kind);
        Ok(Some(out))
    }
}

/// Refuse to replace the archive at `db` while another program has it
/// open: it would go on writing to the file put aside (what it writes next
/// is lost), and when it closes it could remove the new archive's journal.
pub fn refuse_if_held(db: &Path) -> Result<()> {
    let held = super::doctor::holders_of(db);
    if held.is_empty() { Ok(()) } else { Err(Error::invalid("error.replace_held", &[("who", &held.join(", "))])) }
}

/// Put the backup `from` in place of the archive `db`. The backup is
/// checked first (a repbook archive, intact) and nothing changes if it is
/// not; the replaced archive is kept aside as `<db>.replaced-<stamp>.bak`
/// (returned). The restored archive takes a new device identity when next
/// opened (it is an older copy: DESIGN.md §4).
pub fn restore(db: &Path, from: &Path, clock: Arc<dyn Clock>) -> Result<Option<PathBuf>> {
    // Through a link, the file it points to is the archive: that is what is
    // replaced and kept aside, not the link.
    let real = db.canonicalize().ok();
    let db = real.as_deref().unwrap_or(db);
    if !from.is_file() {
        return Err(Error::Io { path: from.to_path_buf(), source: std::io::ErrorKind::NotFound.into() });
    }
    // Checked through the same door as any archive, on a copy, so the backup
    // itself is never written to.
    let mut staged = db.as_os_str().to_os_string();
    staged.push(format!(".restoring-{}", std::process::id()));
    let staged = PathBuf::from(staged);
    let _ = remove_archive(&staged);
    std::fs::copy(from, &staged).map_err(io(&staged))?;
    let checked = Store::open(&staged, super::OpenMode::Write, clock, Romanizer::default()).and_then(|s| {
        s.check_integrity()?;
        s.checkpoint().map(|_| ())
    });
    if let Err(e) = checked {
        let _ = remove_archive(&staged);
        return Err(match e {
            Error::Foreign { .. } => Error::invalid("error.restore_not_backup", &[("path", &from.display())]),
            Error::Damaged { cause, .. } => Error::Damaged { path: Some(from.to_path_buf()), backup: None, cause },
            e => e,
        });
    }
    // A program that still has the archive open would go on writing to the
    // file moved aside, and on closing could remove the restored archive's
    // journal: it is closed first.
    let held = super::doctor::holders_of(db);
    if !held.is_empty() {
        let _ = remove_archive(&staged);
        return Err(Error::invalid("error.restore_held", &[("who", &held.join(", "))]));
    }
    // What is replaced is moved aside whole, its journal with it: renaming
    // reads nothing, so a damaged archive is kept as it was.
    let aside = if db.exists() {
        // Never the name of an earlier one (two restores in one second).
        let aside = unique_beside(db, "replaced");
        std::fs::rename(db, &aside).map_err(io(db))?;
        let journal = |p: &Path, suffix: &str| {
            let mut j = p.as_os_str().to_os_string();
            j.push(suffix);
            PathBuf::from(j)
        };
        if journal(db, "-wal").exists() {
            std::fs::rename(journal(db, "-wal"), journal(&aside, "-wal")).map_err(io(db))?;
        }
        let _ = std::fs::remove_file(journal(db, "-shm"));
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&staged, db).map_err(io(db))?;
    let _ = remove_archive(&staged);
    // The search index saved for the replaced archive is not this one's.
    super::search_index::forget(db);
    Ok(aside)
}

/// Remove an archive file and its -wal, -shm and saved search index, where
/// they exist.
pub fn remove_archive(db: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", ".search-index"] {
        let mut p = db.as_os_str().to_os_string();
        p.push(suffix);
        let p = PathBuf::from(p);
        if p.exists() {
            std::fs::remove_file(&p).map_err(io(&p))?;
        }
    }
    Ok(())
}

/// The newest backup beside `db`, if any (for messages and `doctor`). An
/// archive a restore put aside (`.replaced-`) is not offered: it is often
/// the damaged file the restore replaced.
pub fn newest_backup(db: &Path) -> Option<PathBuf> {
    backups(db)
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains(".replaced-"))
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .max()
        .map(|(_, p)| p)
}

/// Remove what a killed `restore`, `backup` or `demo` left beside `db`:
/// `<db>.restoring-PID`, `<db>.demo-PID` and `<db>…bak.partial-PID` (with
/// their -wal and -shm) whose process is gone. They hold whole copies of
/// the archive, which an erase would not reach. A running process's files
/// stay.
pub(super) fn clear_leftovers(db: &Path) {
    let Some(name) = db.file_name().map(|n| n.to_string_lossy().into_owned()) else { return };
    let dir = match db.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    let prefix = format!("{name}.");
    for e in entries.filter_map(std::result::Result::ok) {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else { continue };
        let base = rest.trim_end_matches("-wal").trim_end_matches("-shm").trim_end_matches("-journal");
        let pid = [".restoring-", "restoring-", ".demo-", "demo-", ".partial-"]
            .iter()
            .find_map(|marker| base.rsplit_once(marker).map(|(_, pid)| pid))
            .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if let Some(pid) = pid
            && !Path::new("/proc").join(pid).exists()
            && Path::new("/proc/self").exists()
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Every backup beside `db`, of any kind.
pub fn backups(db: &Path) -> Vec<PathBuf> {
    let Some(name) = db.file_name().map(|n| n.to_string_lossy().into_owned()) else { return Vec::new() };
    let dir = match db.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(std::result::Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&format!("{name}.")))
                        && p.extension().is_some_and(|x| x == "bak")
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Erase person `id` from every backup beside `db` as from the archive.
/// Returns how many backups were erased (or did not hold the person) and
/// those that could not be (an older schema: never migrated for this;
/// damaged; foreign).
pub(super) fn erase_in_backups(db: &Path, id: &str, clock: &Arc<dyn Clock>) -> (usize, Vec<PathBuf>) {
    let (mut erased, mut left) = (0, Vec::new());
    for bak in backups(db) {
        let current = rusqlite::Connection::open_with_flags(&bak, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| {
                let app: i64 = c.query_row("PRAGMA application_id", [], |r| r.get(0))?;
                let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
                Ok(app == super::APPLICATION_ID && version == super::LATEST_VERSION)
            })
            .unwrap_or(false);
        let done = current
            && Store::open(&bak, super::OpenMode::Write, clock.clone(), Romanizer::default()).is_ok_and(|mut s| {
                // A backup is not an archive in use: no daily backup of it.
                s.before_write = super::BeforeWrite { checked: true, backed_up: true };
                matches!(s.erase_here(id), Ok(_) | Err(Error::NotFound { .. }))
            });
        if done {
            erased += 1;
        } else {
            left.push(bak);
        }
    }
    (erased, left)
}

/// Put the archive `built` (closed, without a journal) in place of `db` with
/// one rename. The old archive stays whole until then: its journal is first
/// folded into it, so a stale -wal never meets the new file. Killed at any
/// moment, the old archive or the new one is there, never neither.
pub fn replace_archive(db: &Path, built: &Path) -> Result<()> {
    refuse_if_held(db)?;
    if db.exists() {
        let old = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        old.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        drop(old);
        for suffix in ["-wal", "-shm"] {
            let mut p = db.as_os_str().to_os_string();
            p.push(suffix);
            let p = PathBuf::from(p);
            if p.exists() {
                std::fs::remove_file(&p).map_err(io(&p))?;
            }
        }
    }
    std::fs::rename(built, db).map_err(io(db))?;
    super::search_index::forget(db);
    Ok(())
}
