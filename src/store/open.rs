//! Opening an archive: private files, pragmas, migrations and this
//! device's identity and counters.

mod identity;
mod kind;
mod private;
pub(super) use private::private_file;
use private::{create_private, private_dir, tighten};

use identity::{claim_device, home_of, settled_device};
pub(super) use identity::{claim_for, load_device, note_issued, save_counters};
pub use identity::{issued_dir, set_issued_dir};
pub use kind::APPLICATION_ID;
pub(super) use kind::{FileKind, JournalBlocked, identify, journal_blocked, open_read_only};

use super::{Store, migrate};
use crate::clock::Clock;
use crate::domain::pinyin::Romanizer;
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Prepared statements kept per connection (see `finish_open`).
const STATEMENT_CACHE: usize = 256;

/// How to open an archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The caller will write: fail with a clear message if the file cannot
    /// be written.
    Write,
    /// The caller mostly reads: a file this user cannot write opens
    /// read-only.
    ReadOrWrite,
}

/// The data directory (`~/.local/share/repbook` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "repbook").map(|d| d.data_dir().to_path_buf())
}

/// The user's archive: `REPBOOK_DB` is handled by the CLI; this is the default.
pub fn default_db_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("archive.sqlite3"))
}

/// The demo archive, kept apart from the user's.
pub fn demo_db_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("demo.sqlite3"))
}

pub(in crate::store) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// How long a statement waits for another connection's lock.
pub(super) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

fn pragmas(conn: &Connection, read_only: bool) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    // Statement journals and sorts in memory: no scratch file on disk with
    // a customer's data in it, and a sync's search-record upserts (a
    // trigger each) do not write one page per row to a temporary file.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    if !read_only {
        super::room::wal(conn)?;
        // A visit note must survive a power cut; writes are tiny.
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Erased personal data is overwritten, not left in free pages.
        conn.pragma_update(None, "secure_delete", "ON")?;
    }
    Ok(())
}

impl Store {
    /// Open the archive at `path`, creating it (and its private directory)
    /// if missing.
    ///
    /// Several processes may hold the same archive open and write to it
    /// (the interface left open, `repbook due` from cron, a CLI edit):
    /// SQLite serialises the writes, and each write takes its sequence
    /// number and clock from the database inside its own transaction
    /// (DESIGN.md §2), so no lock file is needed. `mode` is kept for the
    /// callers' intent; a file this user cannot write opens read-only.
    pub fn open(path: &Path, mode: OpenMode, clock: Arc<dyn Clock>, romanizer: Romanizer) -> Result<Store> {
        // `--db` names a file: a directory or a device is refused, untouched.
        if let Ok(m) = std::fs::metadata(path)
            && !m.is_file()
        {
            return Err(Error::invalid("error.db_not_file", &[("path", &path.display())]));
        }
        if let Some(dir) = path.parent() {
            private_dir(dir)?;
        }
        let existing = std::fs::metadata(path).ok().map(|m| m.len());
        // An empty file where backups say an archive was: truncated, not new.
        if existing == Some(0) && !super::backup::backups(path).is_empty() {
            return Err(Error::Damaged {
                path: Some(path.to_path_buf()),
                backup: super::backup::newest_backup(path),
                cause: crate::i18n::t("error.empty_archive").to_string(),
            });
        }
        // Identified through a read-only connection first: a file that is
        // refused is left as it was (a read-write connection folds another
        // program's -wal into its file when it closes, and would switch a
        // newer archive's journal mode).
        // A rollback journal beside it (an import killed mid-way) is rolled
        // back by the read-write open below; a read-only one could not.
        if existing.is_some_and(|len| len > 0) && !kind::side_file(path, "-journal") {
            let probe = open_read_only(path).or_else(|_| {
                Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(Error::from)
            })?;
            match identify(&probe) {
                Ok(FileKind::Foreign) => return Err(Error::Foreign { path: path.to_path_buf() }),
                Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
                    return Err(Error::Foreign { path: path.to_path_buf() });
                }
                Err(e) => return Err(Error::from(e).located(path)),
                Ok(_) => {}
            }
            let version: i64 = probe.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version > migrate::LATEST_VERSION {
                return Err(Error::NewerSchema {
                    path: path.to_path_buf(),
                    found: version,
                    known: migrate::LATEST_VERSION,
                });
            }
            drop(probe);
            // Ours: private before SQLite opens its -wal and -shm for
            // writing (a 0400 -shm left by another tool refused the write).
            tighten(path);
        }
        // A new archive is created 0600 before SQLite opens it (its -wal and
        // -shm inherit the mode). An existing one is never opened here:
        // closing any descriptor of a file drops every POSIX lock this
        // process holds on it, SQLite's included, and another process could
        // then take the archive for unused and delete its WAL.
        if !path.exists() {
            match create_private(path) {
                Ok(()) => {}
                Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        // Read-write if the file allows it, else SQLite opens it read-only.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        let blocked = journal_blocked(&conn);
        if let Some(why) = blocked {
            // The file is fine but SQLite cannot make the WAL's files beside
            // it (a read-only folder or medium, a full disk). Reading still
            // works; writing cannot.
            if mode == OpenMode::Write {
                return Err(why.error(path));
            }
            conn = open_read_only(path)?;
        }
        let read_only = conn.is_readonly(rusqlite::MAIN_DB)?;
        if read_only && mode == OpenMode::Write {
            return Err(Error::ReadOnly);
        }
        let mut store =
            Self::finish_open(conn, Some(path.to_path_buf()), read_only, clock, romanizer).map_err(|e| match e {
                // Damage found while opening: say which file, and its backup.
                Error::Damaged { path: None, backup: None, cause } => {
                    Error::Damaged { path: Some(path.to_path_buf()), backup: super::backup::newest_backup(path), cause }
                }
                e => e,
            })?;
        store.journal_blocked = blocked;
        Ok(store)
    }

    /// A private in-memory archive (tests, benchmarks).
    pub fn open_in_memory(clock: Arc<dyn Clock>, romanizer: Romanizer) -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Self::finish_open(conn, None, false, clock, romanizer)
    }

    fn finish_open(
        mut conn: Connection,
        path: Option<PathBuf>,
        read_only: bool,
        clock: Arc<dyn Clock>,
        romanizer: Romanizer,
    ) -> Result<Store> {
        let shown = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        // Room for every statement a write uses: taking in a change file
        // runs some forty (merge, log, search keys) per record, and with
        // rusqlite's default of 16 each was parsed again for every record
        // (a third of an import's time went to SQLite's parser).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Before anything is written: is this file ours?
        let kind = match identify(&conn) {
            Ok(k) => k,
            // Not a database at all; damage (a truncated archive) is said as such.
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
                return Err(Error::Foreign { path: shown });
            }
            Err(e) => return Err(e.into()),
        };
        if kind == FileKind::Foreign {
            return Err(Error::Foreign { path: shown });
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > migrate::LATEST_VERSION {
            return Err(Error::NewerSchema { path: shown, found: version, known: migrate::LATEST_VERSION });
        }
        // Opening writes when the journal mode is switched, the schema
        // upgraded, the file marked or this device's identity claimed (a
        // copied or restored file): a damaged file is found before that,
        // as before any other first write.
        let home = path.as_deref().map(home_of).transpose()?;
        let in_memory = path.is_none();
        let mut verified = in_memory;
        let mut unclaimed = false;
        if !read_only && kind != FileKind::Empty && !verified {
            let wal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            let structural =
                !wal.eq_ignore_ascii_case("wal") || kind != FileKind::Ours || version != migrate::LATEST_VERSION;
            let settled = !structural && settled_device(&conn, home.as_deref())?.is_some();
            if structural {
                // Nothing can be read before these writes: damage refuses.
                check_file(&conn, path.as_deref())?;
                verified = true;
            } else if !settled {
                // Only the identity to claim: a damaged copy can still be
                // read; the claim waits for the first write, which checks.
                match check_file(&conn, path.as_deref()) {
                    Ok(()) => verified = true,
                    Err(Error::Damaged { .. }) => unclaimed = true,
                    Err(e) => return Err(e),
                }
            }
        }
        // What a killed restore, backup or demo left beside it.
        if let Some(p) = &path
            && !read_only
        {
            super::backup::clear_leftovers(p);
        }
        // Only now: setting WAL mode writes to the file's header.
        pragmas(&conn, read_only)?;
        if version < migrate::LATEST_VERSION {
            if read_only {
                return Err(Error::ReadOnly);
            }
            if version > 0
                && let Some(p) = &path
            {
                backup(&conn, p, version)?;
            }
            migrate::migrate(&mut conn, migrate::LATEST_VERSION)?;
            if (1..3).contains(&version)
                && let Some(p) = &path
            {
                compact_after_schema_3(&conn, p);
            }
        }
        if kind != FileKind::Ours && !read_only {
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        // Search records from before their sort keys (migration 8), or
        // before they held the words generated follow-ups are shown with.
        if !read_only {
            super::search_index::fill_sort_keys(&conn, &romanizer)?;
            // Not needed to open: a busy archive has it done next time.
            let _ = super::search_keys::add_shown_words(&conn, &romanizer);
        }
        let device = if read_only || unclaimed {
            load_device(&conn)?
        } else {
            match claim_device(&mut conn, home.as_deref()) {
                Ok(device) => device,
                // A full disk: read now, claim before the first write.
                Err(Error::DiskFull { .. }) => {
                    unclaimed = true;
                    load_device(&conn)?
                }
                Err(e) => return Err(e),
            }
        };
        let data_version = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(Store {
            conn,
            device,
            clock,
            romanizer,
            path,
            read_only,
            journal_blocked: None,
            unclaimed,
            data_version,
            before_write: super::BeforeWrite { checked: verified, backed_up: in_memory },
            daily_kept: super::backup::DAILY_KEPT,
            stages: crate::domain::opportunity::Stages::default(),
            written: Vec::new(),
            merge_general: false,
        })
    }
}

/// `PRAGMA integrity_check` on `conn`: an error naming the file and its
/// latest backup if it is damaged.
fn check_file(conn: &Connection, path: Option<&Path>) -> Result<()> {
    let found: String = conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0)).unwrap_or_else(|e| e.to_string());
    if found == "ok" {
        return Ok(());
    }
    Err(Error::Damaged {
        path: path.map(Path::to_path_buf),
        backup: path.and_then(super::backup::newest_backup),
        cause: found,
    })
}

impl Store {
    /// Check the archive's integrity once, before this process first writes
    /// to it (`PRAGMA integrity_check`: about 0.1 s at 10k customers, 1 s at
    /// 100k; `quick_check` is three times faster but misses an index that
    /// disagrees with its table, and a write through such an index damages
    /// more): a damaged
    /// file is never written to, and the error names the latest backup.
    pub(super) fn verify_before_writing(&mut self) -> Result<()> {
        if !self.before_write.checked {
            self.check_integrity()?;
            self.before_write.checked = true;
        }
        // The day's backup, before the day's first write, also when opening
        // already checked the file (a copy, a migration). A backup that
        // cannot be made (disk full) must not cost the write itself.
        if !self.before_write.backed_up {
            self.before_write.backed_up = true;
            let _ = self.daily_backup();
        }
        Ok(())
    }

    /// Check the archive and make the day's backup now, before any write
    /// asks for it (the interface does this on a second thread).
    pub fn prepare_for_writing(&mut self) -> Result<()> {
        self.verify_before_writing()
    }

    /// Take the check another connection to the same file just passed
    /// ([`Store::prepare_for_writing`]) as this store's own.
    pub fn mark_verified(&mut self) {
        self.before_write = super::BeforeWrite { checked: true, backed_up: true };
    }

    /// `PRAGMA integrity_check`: an error naming the latest backup if the
    /// archive is damaged.
    pub(super) fn check_integrity(&self) -> Result<()> {
        check_file(&self.conn, self.path.as_deref())
    }
}

/// After moving a schema 2 archive to the compact change log of schema 3:
/// give the freed space back (a 1.9 GB archive shrinks to about a fifth),
/// and remove the lock file schema 2 kept beside it. Best effort: a busy
/// archive is compacted another time, never refused.
fn compact_after_schema_3(conn: &Connection, db: &Path) {
    let _ = conn.execute_batch("VACUUM");
    let mut lock = db.as_os_str().to_os_string();
    lock.push(".lock");
    let _ = std::fs::remove_file(PathBuf::from(lock));
}

/// `VACUUM INTO` a private copy before migrating a non-empty archive.
fn backup(conn: &Connection, db: &Path, version: i64) -> Result<()> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let mut name = db.as_os_str().to_os_string();
    name.push(format!(".v{version}-{stamp}.bak"));
    let target = PathBuf::from(name);
    drop(private_file(&target)?);
    std::fs::remove_file(&target).map_err(io(&target))?;
    conn.execute("VACUUM INTO ?1", [target.to_string_lossy()])?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).map_err(io(&target))?;
    }
    Ok(())
}
