//! What a file opened as an archive is, and how to read one without
//! writing beside it.

use crate::error::{Error, Result};
use crate::store::migrate;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

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
pub(in crate::store) fn journal_blocked(conn: &Connection) -> Option<JournalBlocked> {
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
    // Immutable only with no journal beside it: a WAL holds committed
    // pages, and a rollback journal means a large import is under way or
    // was killed (`room::rollback_journal_for`): the file may be half
    // written, and SQLite must take its locks and read the journal.
    let journal = side_file(path, "-wal") || side_file(path, "-journal");
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

/// Whether `path` with `suffix` (`-wal`, `-journal`) is there and holds
/// something.
pub(crate) fn side_file(path: &Path, suffix: &str) -> bool {
    let mut side = path.as_os_str().to_os_string();
    side.push(suffix);
    std::fs::metadata(PathBuf::from(side)).is_ok_and(|m| m.len() > 0)
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
pub(in crate::store) enum FileKind {
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
pub(in crate::store) fn identify(conn: &Connection) -> rusqlite::Result<FileKind> {
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
