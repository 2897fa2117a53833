//! Opening an archive: private files, pragmas, migrations and this
//! device's identity and counters.

use super::{Device, Store, migrate};
use crate::clock::Clock;
use crate::domain::pinyin::Romanizer;
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

static ISSUED_DIR: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// Choose where issued seqs are noted, for this process (tests keep their
/// notes out of the user's state directory); `None` goes back to the
/// default.
pub fn set_issued_dir(dir: Option<PathBuf>) {
    if let Ok(mut chosen) = ISSUED_DIR.lock() {
        *chosen = dir;
    }
}

/// Where this user's devices note the highest sequence number they have
/// issued, outside any archive (`REPBOOK_STATE_DIR`, else the state
/// directory): an archive restored from an older backup is told apart by
/// it, even when the backup was copied over the same file.
pub fn issued_dir() -> Option<PathBuf> {
    if let Ok(chosen) = ISSUED_DIR.lock()
        && let Some(dir) = chosen.as_ref()
    {
        return Some(dir.clone());
    }
    if let Some(dir) = std::env::var_os("REPBOOK_STATE_DIR") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "repbook")
        .map(|d| d.state_dir().map_or_else(|| d.data_local_dir().join("state"), Path::to_path_buf).join("issued"))
}

fn issued_file(device_id: &str) -> Option<PathBuf> {
    // Device ids are UUIDs we made; anything else is not a file name.
    uuid::Uuid::try_parse(device_id).ok()?;
    issued_dir().map(|d| d.join(device_id))
}

/// The highest seq this device is known to have issued, if noted.
fn issued(device_id: &str) -> Option<i64> {
    std::fs::read_to_string(issued_file(device_id)?).ok()?.trim().parse().ok()
}

/// Note that this device has issued every seq up to `seq` (never lowers
/// the note). Best effort: an archive that cannot note it still works.
pub(super) fn note_issued(device_id: &str, seq: i64) {
    let Some(file) = issued_file(device_id) else { return };
    if issued(device_id).is_some_and(|known| known >= seq) {
        return;
    }
    // Written aside and renamed: a crash never leaves half a note.
    let mut aside = file.clone().into_os_string();
    aside.push(format!(".{}.tmp", std::process::id()));
    let aside = PathBuf::from(aside);
    if let Some(dir) = file.parent()
        && private_dir(dir).is_ok()
        && let Ok(mut f) = private_file(&aside)
    {
        use std::io::Write;
        let written = f.set_len(0).and_then(|()| f.write_all(seq.to_string().as_bytes()));
        if written.is_err() || std::fs::rename(&aside, &file).is_err() {
            let _ = std::fs::remove_file(&aside);
        }
    }
}

/// The user's archive: `REPBOOK_DB` is handled by the CLI; this is the default.
pub fn default_db_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("archive.sqlite3"))
}

/// The demo archive, kept apart from the user's.
pub fn demo_db_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("demo.sqlite3"))
}

pub(super) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// Create `dir` (and parents) readable only by the owner.
fn private_dir(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.exists() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir).map_err(io(dir))
}

/// Make an archive this process has recognised as ours private: the file,
/// its backups and (when repbook's own data directory holds it) that
/// directory lose every group and other bit, and its -wal and -shm become
/// 0600 (a copy made while the archive was read-only could leave a 0400
/// -shm that refuses every later write). Only mode bits change (no
/// descriptor is opened, see [`Store::open`]); only regular files are
/// touched, never what `--db` names if that is not one.
fn tighten(db: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let me = std::fs::metadata(db).map(|m| m.uid()).ok();
        let fix = |p: &Path, exact: bool| {
            if let Ok(m) = std::fs::symlink_metadata(p)
                && m.is_file()
                && Some(m.uid()) == me
            {
                let mode = m.permissions().mode() & 0o777;
                let wanted = if exact { 0o600 } else { mode & 0o700 };
                if mode != wanted {
                    let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(wanted));
                }
            }
        };
        fix(db, false);
        for suffix in ["-wal", "-shm"] {
            let mut p = db.as_os_str().to_os_string();
            p.push(suffix);
            fix(Path::new(&p), true);
        }
        for b in super::backup::backups(db) {
            fix(&b, false);
        }
        if let Some(dir) = data_dir()
            && db.parent() == Some(dir.as_path())
            && let Ok(m) = std::fs::metadata(&dir)
            && m.is_dir()
            && m.permissions().mode() & 0o077 != 0
        {
            let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700));
        }
    }
}

/// Create a new file readable only by the owner (never opens an existing
/// one: see [`Store::open`]).
fn create_private(path: &Path) -> Result<()> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path).map(drop).map_err(io(path))
}

/// Open (creating if needed) a file readable only by the owner.
fn private_file(path: &Path) -> Result<File> {
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path).map_err(io(path))
}

fn pragmas(conn: &Connection, read_only: bool) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    if !read_only {
        conn.pragma_update(None, "journal_mode", "WAL")?;
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
        if existing.is_some_and(|len| len > 0) {
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
        let mut verified = path.is_none();
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
            verified,
            daily_kept: super::backup::DAILY_KEPT,
            written: Vec::new(),
        })
    }
}

/// Why SQLite cannot keep an archive's journal (its -wal and -shm) beside
/// it, though the file itself can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JournalBlocked {
    /// The folder (or the medium) cannot be written.
    Folder,
    /// The disk is full: the -shm cannot be given its size.
    Space,
}

/// Whether the first read fails because SQLite cannot create or size the
/// archive's -wal or -shm, and why.
pub(super) fn journal_blocked(conn: &Connection) -> Option<JournalBlocked> {
    match conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i64>(0)) {
        Err(rusqlite::Error::SqliteFailure(f, _)) => {
            if f.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE || f.code == rusqlite::ErrorCode::DiskFull {
                Some(JournalBlocked::Space)
            } else if matches!(f.code, rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly) {
                Some(JournalBlocked::Folder)
            } else {
                None
            }
        }
        _ => None,
    }
}

impl JournalBlocked {
    /// The error a write meets.
    pub(crate) fn error(self, path: &Path) -> Error {
        match self {
            JournalBlocked::Folder => Error::ReadOnlyFolder { path: path.to_path_buf() },
            JournalBlocked::Space => Error::DiskFull { path: Some(path.to_path_buf()) },
        }
    }
}

/// A read-only connection to an archive that writes nothing beside it,
/// also where its folder cannot be written. With no -wal left (the last
/// writer folded its journal into the file on closing) the file alone is
/// the whole archive and is opened as immutable: SQLite then makes no -shm
/// or -wal. With a -wal, SQLite reads it (making a -shm if it can); where it
/// cannot, the -wal is never skipped (that would show old data): an error
/// says why.
pub(crate) fn open_read_only(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut wal = path.as_os_str().to_os_string();
    wal.push("-wal");
    let journal = std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0);
    if !journal {
        let uri = format!("file:{}?mode=ro&immutable=1", uri_path(path));
        return Ok(Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?);
    }
    let conn = Connection::open_with_flags(path, flags)?;
    match journal_blocked(&conn) {
        None => Ok(conn),
        Some(blocked) => Err(blocked.error(path)),
    }
}

/// A path as the path part of an SQLite `file:` URI (RFC 3986 escapes).
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for b in absolute.as_os_str().as_encoded_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => out.push(char::from(*b)),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
    out
}

/// Marks a repbook archive in SQLite's header (`PRAGMA application_id`):
/// "RPBK".
pub const APPLICATION_ID: i64 = 0x5250_424B;

/// What a file opened as an archive turns out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileKind {
    /// Marked as ours.
    Ours,
    /// An empty database: a new archive.
    Empty,
    /// A repbook archive made before archives were marked.
    Legacy,
    /// Anything else: never written to.
    Foreign,
}

/// Tell our archives from other files; reads only. An error means SQLite
/// could not read it as a database at all.
pub(super) fn identify(conn: &Connection) -> rusqlite::Result<FileKind> {
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app == APPLICATION_ID {
        return Ok(FileKind::Ours);
    }
    if app != 0 {
        return Ok(FileKind::Foreign);
    }
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if tables == 0 {
        // A new archive is an empty file; another program's empty database
        // may carry its own version number, and is not ours to write.
        return Ok(if version == 0 { FileKind::Empty } else { FileKind::Foreign });
    }
    // Before the mark: our schema version and our own tables.
    let ours: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('meta', 'customer', 'change_log')",
        [],
        |r| r.get(0),
    )?;
    if !(1..=migrate::LATEST_VERSION).contains(&version) || ours != 3 {
        return Ok(FileKind::Foreign);
    }
    // Tables of the same names are not enough: our change log's columns,
    // the same in every schema.
    let columns: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_info('change_log') WHERE name IN ('origin', 'seq', 'hlc')",
            [],
            |r| r.get(0),
        )
        .unwrap_or(0);
    Ok(if columns == 3 { FileKind::Legacy } else { FileKind::Foreign })
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
        if self.verified {
            return Ok(());
        }
        self.check_integrity()?;
        self.verified = true;
        // The day's backup, before the day's first write. A backup that
        // cannot be made (disk full) must not cost the write itself.
        let _ = self.daily_backup();
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
        self.verified = true;
    }

    /// `PRAGMA integrity_check`: an error naming the latest backup if the
    /// archive is damaged.
    pub(super) fn check_integrity(&self) -> Result<()> {
        check_file(&self.conn, self.path.as_deref())
    }
}

/// Where an archive file lives: this machine and the file's identity on
/// disk. A copy to another machine, or a backup restored over the archive,
/// is a new file and gets a new home, which gives it a new device identity.
#[cfg(unix)]
fn home_of(path: &Path) -> Result<String> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).map_err(io(path))?;
    let machine = std::fs::read_to_string("/etc/machine-id")
        .or_else(|_| std::fs::read_to_string("/var/lib/dbus/machine-id"))
        .unwrap_or_default();
    // The birth time tells a new file that reuses a deleted one's inode.
    let born = m.created().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_nanos());
    Ok(format!("{}:{}:{}:{}", machine.trim(), m.dev(), m.ino(), born.unwrap_or(0)))
}

#[cfg(not(unix))]
fn home_of(path: &Path) -> Result<String> {
    let m = std::fs::metadata(path).map_err(io(path))?;
    let created = m.created().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_nanos());
    Ok(format!("{}:{created:?}", path.canonicalize().map_err(io(path))?.display()))
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

fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// This device's identity and counters as the database holds them now,
/// reconciled with the log: the next seq follows the device's last record
/// and the clock is never behind it, whatever the counters in `meta` say
/// (a crash between them, a hand-edited file). Read inside each write's
/// transaction, so several processes never issue the same seq.
pub(super) fn load_device(conn: &Connection) -> Result<Device> {
    let device_id = meta(conn, "device_id")?.unwrap_or_default();
    let dataset_id = meta(conn, "dataset_id")?.unwrap_or_default();
    let n: i64 = conn
        .prepare_cached("SELECT n FROM device WHERE uuid = ?1")?
        .query_row([&device_id], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    let (last_seq, last_hlc): (i64, i64) = conn
        .prepare_cached("SELECT seq, hlc FROM change_log WHERE origin = ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([n], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, 0));
    let counter = |key: &str| -> Result<i64> { Ok(meta(conn, key)?.and_then(|v| v.parse().ok()).unwrap_or(0)) };
    Ok(Device {
        device_id,
        dataset_id,
        n,
        next_seq: counter("next_seq")?.max(last_seq + 1),
        last_hlc: Hlc::from_i64(counter("last_hlc")?.max(last_hlc)),
    })
}

/// Persist the counters a write moved (inside its transaction).
pub(super) fn save_counters(conn: &Connection, device: &Device) -> Result<()> {
    set_meta(conn, "next_seq", &device.next_seq.to_string())?;
    set_meta(conn, "last_hlc", &device.last_hlc.as_i64().to_string())
}

/// The device, when the archive already has a dataset and an identity that
/// is this file's own (not moved, not rewound): nothing to write.
fn settled_device(conn: &Connection, home: Option<&str>) -> Result<Option<Device>> {
    if meta(conn, "dataset_id")?.is_none() {
        return Ok(None);
    }
    let device = load_device(conn)?;
    let at_home = match home {
        Some(h) => meta(conn, "home")?.as_deref() == Some(h),
        None => true,
    };
    let rewound = issued(&device.device_id).is_some_and(|seq| seq >= device.next_seq);
    Ok((device.n != 0 && at_home && !rewound).then_some(device))
}

/// [`claim_device`] for the archive at `path` (in memory when `None`).
pub(super) fn claim_for(conn: &mut Connection, path: Option<&Path>) -> Result<Device> {
    let home = path.map(home_of).transpose()?;
    claim_device(conn, home.as_deref())
}

/// Make sure the archive has a dataset and a device identity that is this
/// file's own. A file that moved to a new home (copied to another machine,
/// restored from a backup) takes a fresh device id, so that no (origin,
/// seq) pair its old self may already have handed to peers is issued again.
fn claim_device(conn: &mut Connection, home: Option<&str>) -> Result<Device> {
    // Most opens find everything in place: then they only read, and a read
    // command never waits for (or blocks) a writer.
    if let Some(device) = settled_device(conn, home)? {
        return Ok(device);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if meta(&tx, "dataset_id")?.is_none() {
        set_meta(&tx, "dataset_id", &uuid::Uuid::now_v7().to_string())?;
    }
    let known_home = meta(&tx, "home")?;
    let next_seq = load_device(&tx)?.next_seq;
    let fresh = match (meta(&tx, "device_id")?, home, known_home.as_deref()) {
        (None, _, _) => true,
        // First opened by a build that records homes, or in memory.
        (Some(_), Some(_), None) | (Some(_), None, _) => false,
        (Some(id), Some(now), Some(before)) => {
            // Moved, or rewound: an older copy of this file (a restored
            // backup) that has not seen seqs this device already issued.
            now != before || issued(&id).is_some_and(|seq| seq >= next_seq)
        }
    };
    if fresh {
        let id = uuid::Uuid::now_v7().to_string();
        set_meta(&tx, "device_id", &id)?;
        set_meta(&tx, "next_seq", "1")?;
    }
    if let Some(h) = home {
        set_meta(&tx, "home", h)?;
    }
    let device_id = meta(&tx, "device_id")?.unwrap_or_default();
    super::ids::intern_device(&tx, &device_id)?;
    let device = load_device(&tx)?;
    save_counters(&tx, &device)?;
    tx.commit()?;
    Ok(device)
}
