//! The library's error type. Every message is one sentence from the catalog
//! that says what went wrong and what to do.

use crate::i18n::{t, tf};
use std::path::PathBuf;

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong below the user interface.
#[derive(Debug)]
pub enum Error {
    /// The user gave a value that does not fit (already a full sentence).
    Invalid(String),
    /// No live record of this kind has this id.
    NotFound {
        /// Catalog key of the kind of record (`entity.customer`, ...).
        what: &'static str,
        /// The id or prefix the user gave.
        id: String,
    },
    /// An id prefix matches more than one record.
    Ambiguous {
        /// Catalog key of the kind of record.
        what: &'static str,
        /// The prefix the user gave.
        id: String,
        /// The records it could mean: short id and name (at most six, then
        /// `…`).
        candidates: Vec<String>,
    },
    /// A config file is wrong.
    Config {
        /// The file.
        path: PathBuf,
        /// 1-based line, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// The archive was written by a newer repbook.
    NewerSchema {
        /// The archive.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// A check found problems (already a full sentence); exit 1.
    Failed(String),
    /// The file is not a repbook archive (another program's SQLite file, or
    /// not a database at all); nothing was written to it.
    Foreign {
        /// The file.
        path: PathBuf,
    },
    /// The archive failed its integrity check or SQLite found it damaged;
    /// nothing more is written to it.
    Damaged {
        /// The archive, when known.
        path: Option<PathBuf>,
        /// The latest backup beside it, if any.
        backup: Option<PathBuf>,
        /// What SQLite reported.
        cause: String,
    },
    /// The archive file cannot be written by this user.
    ReadOnly,
    /// The folder holding the archive cannot be written, so SQLite cannot
    /// keep its journal beside it.
    ReadOnlyFolder {
        /// The archive.
        path: PathBuf,
    },
    /// The disk (or the user's quota) is full: nothing was written.
    DiskFull {
        /// The archive or file being written, when known.
        path: Option<PathBuf>,
    },
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// SQLite failed.
    Db(rusqlite::Error),
}

impl Error {
    /// The process exit code the CLI uses for this error: 2 for bad input,
    /// 1 for everything else (DESIGN.md §7).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_)
            | Error::NotFound { .. }
            | Error::Ambiguous { .. }
            | Error::Config { .. }
            | Error::Foreign { .. } => 2,
            _ => 1,
        }
    }

    /// The error with the archive it concerns filled in where it was not
    /// known when it arose (damage found in the middle of a command, a full
    /// disk): the message then names the file and its latest backup.
    #[must_use]
    pub fn located(self, db: &std::path::Path) -> Error {
        match self {
            Error::Damaged { path: None, backup: None, cause } => {
                Error::Damaged { path: Some(db.to_path_buf()), backup: crate::store::newest_backup(db), cause }
            }
            Error::DiskFull { path: None } => Error::DiskFull { path: Some(db.to_path_buf()) },
            e => e,
        }
    }

    /// Shorthand for an invalid-input error from a catalog message.
    pub fn invalid(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> Error {
        Error::Invalid(tf(key, args))
    }
}

/// Why a file could not be used, in the user's language: the common
/// causes are named in the catalogs; another is the system's own words.
fn io_cause(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let key = match e.kind() {
        K::NotFound => "io_cause.not_found",
        K::PermissionDenied => "io_cause.permission",
        K::IsADirectory => "io_cause.is_dir",
        K::NotADirectory => "io_cause.not_dir",
        K::AlreadyExists => "io_cause.exists",
        K::ReadOnlyFilesystem => "io_cause.read_only",
        K::InvalidData | K::InvalidInput => "io_cause.invalid",
        K::Interrupted | K::TimedOut | K::WouldBlock => "io_cause.busy",
        _ => return e.to_string(),
    };
    t(key).to_string()
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            Error::Invalid(m) | Error::Failed(m) => m.clone(),
            Error::NotFound { what, id } => tf("error.not_found", &[("what", &t(what)), ("id", id)]),
            Error::Ambiguous { what, id, candidates } => tf(
                "error.ambiguous",
                &[("what", &t(what)), ("id", id), ("candidates", &candidates.join(t("clap.list_separator")))],
            ),
            Error::Config { path, line: Some(line), message } => {
                tf("error.config_line", &[("path", &path.display()), ("line", line), ("message", message)])
            }
            Error::Config { path, line: None, message } => {
                tf("error.config", &[("path", &path.display()), ("message", message)])
            }
            Error::NewerSchema { path, found, known } => {
                tf("error.newer_schema", &[("path", &path.display()), ("found", found), ("known", known)])
            }
            Error::ReadOnly => t("error.read_only").to_string(),
            Error::ReadOnlyFolder { path } => tf("error.read_only_folder", &[("path", &path.display())]),
            Error::DiskFull { path: Some(path) } => tf("error.disk_full_path", &[("path", &path.display())]),
            Error::DiskFull { path: None } => t("error.disk_full").to_string(),
            Error::Foreign { path } => tf("error.foreign", &[("path", &path.display())]),
            Error::Damaged { path, backup, cause } => {
                let path = path.as_ref().map_or_else(String::new, |p| format!(" {}", p.display()));
                match backup {
                    Some(b) => {
                        tf("error.damaged_backup", &[("path", &path), ("cause", cause), ("backup", &b.display())])
                    }
                    None => tf("error.damaged", &[("path", &path), ("cause", cause)]),
                }
            }
            Error::Io { path, source } if source.kind() == std::io::ErrorKind::StorageFull => {
                tf("error.disk_full_path", &[("path", &path.display())])
            }
            Error::Io { path, source } => tf("error.io", &[("path", &path.display()), ("cause", &io_cause(source))]),
            Error::Db(e) => tf("error.db", &[("cause", e)]),
        };
        f.write_str(&s)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        // Damage found in the middle of some work: say so, not "try again".
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                Error::Damaged { path: None, backup: None, cause: e.to_string() }
            }
            Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull { path: None },
            _ => Error::Db(e),
        }
    }
}
