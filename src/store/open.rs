//! Opening an archive: private files, the single-writer lock, pragmas,
//! migrations and this device's identity.

use super::{Device, Store, migrate};
use crate::clock::Clock;
use crate::domain::pinyin::Romanizer;
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How to open an archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Take the write lock or fail with a clear message.
    Write,
    /// Take the write lock if free, else open read-only.
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

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
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

/// Open (creating if needed) a file readable only by the owner.
fn private_file(path: &Path) -> Result<File> {
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path).map_err(io(path))
}

/// Try to take the write lock next to the database; `Ok(None)` when another
/// process holds it (its pid is returned in the error path by the caller).
fn take_lock(db: &Path) -> Result<std::result::Result<File, Option<u32>>> {
    let lock_path = lock_path(db);
    let mut f = private_file(&lock_path)?;
    match f.try_lock() {
        Ok(()) => {
            f.set_len(0).map_err(io(&lock_path))?;
            f.rewind().map_err(io(&lock_path))?;
            write!(f, "{}", std::process::id()).map_err(io(&lock_path))?;
            Ok(Ok(f))
        }
        Err(TryLockError::WouldBlock) => {
            let mut s = String::new();
            let _ = f.read_to_string(&mut s);
            Ok(Err(s.trim().parse().ok()))
        }
        Err(TryLockError::Error(e)) => Err(Error::Io { path: lock_path, source: e }),
    }
}

fn lock_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_os_string();
    s.push(".lock");
    PathBuf::from(s)
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
    pub fn open(path: &Path, mode: OpenMode, clock: Arc<dyn Clock>, romanizer: Romanizer) -> Result<Store> {
        if let Some(dir) = path.parent() {
            private_dir(dir)?;
        }
        let (lock, read_only) = match take_lock(path)? {
            Ok(f) => (Some(f), false),
            Err(pid) if mode == OpenMode::Write || !path.exists() => {
                return Err(Error::Locked { path: path.to_path_buf(), pid });
            }
            Err(_) => (None, true),
        };
        let conn = if read_only {
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?
        } else {
            // Create the file 0600 before SQLite does; -wal and -shm inherit it.
            drop(private_file(path)?);
            Connection::open(path)?
        };
        pragmas(&conn, read_only)?;
        Self::finish_open(conn, Some(path.to_path_buf()), read_only, lock, clock, romanizer)
    }

    /// A private in-memory archive (tests, benchmarks).
    pub fn open_in_memory(clock: Arc<dyn Clock>, romanizer: Romanizer) -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        pragmas(&conn, false)?;
        Self::finish_open(conn, None, false, None, clock, romanizer)
    }

    fn finish_open(
        mut conn: Connection,
        path: Option<PathBuf>,
        read_only: bool,
        lock: Option<File>,
        clock: Arc<dyn Clock>,
        romanizer: Romanizer,
    ) -> Result<Store> {
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let shown = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        if version > migrate::LATEST_VERSION {
            return Err(Error::NewerSchema { path: shown, found: version, known: migrate::LATEST_VERSION });
        }
        if version < migrate::LATEST_VERSION {
            if read_only {
                return Err(Error::Locked { path: shown, pid: None });
            }
            if version > 0
                && let Some(p) = &path
            {
                backup(&conn, p, version)?;
            }
            migrate::migrate(&mut conn, migrate::LATEST_VERSION)?;
        }
        let device = if read_only { load_device(&conn)? } else { ensure_device(&conn)? };
        Ok(Store { conn, device, clock, romanizer, path, read_only, _lock: lock })
    }
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

fn load_device(conn: &Connection) -> Result<Device> {
    let get = |k: &str| -> Result<String> { Ok(meta(conn, k)?.unwrap_or_default()) };
    Ok(Device {
        device_id: get("device_id")?,
        dataset_id: get("dataset_id")?,
        next_seq: get("next_seq")?.parse().unwrap_or(1),
        last_hlc: Hlc(get("last_hlc")?.parse().unwrap_or(0)),
    })
}

fn ensure_device(conn: &Connection) -> Result<Device> {
    for key in ["device_id", "dataset_id"] {
        conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
            [key, &uuid::Uuid::now_v7().to_string()],
        )?;
    }
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('next_seq', '1'), ('last_hlc', '0')", [])?;
    load_device(conn)
}
