//! `repbook doctor`: what is wrong with an archive and where everything is,
//! found without writing a byte (a read-only connection, file metadata and
//! `/proc`).

use super::open::{data_dir, issued_dir};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// As it should be.
    Ok,
    /// Works, but worth a look.
    Warning,
    /// The archive cannot be trusted or used as it is.
    Error,
}

/// One finding: a catalog key and its arguments, rendered by the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How bad.
    pub severity: Severity,
    /// Catalog key under `doctor.`.
    pub key: &'static str,
    /// Values for its placeholders, by name.
    pub args: std::collections::BTreeMap<&'static str, String>,
}

fn finding(severity: Severity, key: &'static str, args: &[(&'static str, String)]) -> Finding {
    Finding { severity, key, args: args.iter().cloned().collect() }
}

/// Everything `doctor` found about the archive at `db`.
pub fn examine(db: &Path) -> Vec<Finding> {
    let mut out = Vec::new();
    let shown = db.canonicalize().unwrap_or_else(|_| db.to_path_buf());
    out.push(finding(Severity::Ok, "path", &[("path", shown.display().to_string())]));
    if !db.exists() {
        out.push(finding(Severity::Warning, "missing", &[]));
        return out;
    }
    if !db.is_file() {
        out.push(finding(Severity::Error, "not_file", &[]));
        return out;
    }
    // As every command says: an empty file where backups show an archive
    // was is damage, not a new archive.
    if std::fs::metadata(db).is_ok_and(|m| m.len() == 0) && !super::backup::backups(db).is_empty() {
        out.push(finding(Severity::Error, "emptied", &[]));
        return out;
    }
    let database = examine_database(db);
    let foreign = database.iter().any(|f| f.key == "foreign");
    out.extend(database);
    if foreign {
        // Not ours: its modes and backups are not repbook's business.
        return out;
    }
    out.extend(examine_modes(db));
    out.extend(examine_place(&shown));
    out.push(holders(&shown));
    match super::backup::newest_backup(db) {
        Some(b) => out.push(finding(
            Severity::Ok,
            "backups",
            &[("count", super::backup::backups(db).len().to_string()), ("latest", b.display().to_string())],
        )),
        None => out.push(finding(Severity::Warning, "no_backup", &[])),
    }
    if let Some(dir) = issued_dir() {
        out.push(finding(Severity::Ok, "state_dir", &[("path", dir.display().to_string())]));
    }
    out
}

fn examine_database(db: &Path) -> Vec<Finding> {
    let mut out = Vec::new();
    // Found without writing: opening the archive to try would make its
    // -shm and -wal.
    let dir = db.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder_writable(dir) {
        out.push(finding(Severity::Warning, "folder_read_only", &[]));
    } else if disk_free(dir).is_some_and(|free| free < 256 * 1024) {
        out.push(finding(Severity::Error, "disk_full", &[]));
    }
    let conn = match super::open::open_read_only(db) {
        Ok(c) => c,
        Err(e) => return vec![finding(Severity::Error, "unreadable", &[("cause", e.to_string())])],
    };
    let pragma = |name: &str| -> rusqlite::Result<i64> { conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0)) };
    // The same test as every command's: what repbook would refuse, doctor
    // calls foreign.
    match super::open::identify(&conn) {
        Ok(super::open::FileKind::Ours) => out.push(finding(Severity::Ok, "ours", &[])),
        Ok(super::open::FileKind::Legacy) => out.push(finding(Severity::Warning, "unmarked", &[])),
        Ok(super::open::FileKind::Empty) => {
            out.push(finding(Severity::Warning, "empty", &[]));
            return out;
        }
        Ok(super::open::FileKind::Foreign) => {
            out.push(finding(Severity::Error, "foreign", &[]));
            return out;
        }
        Err(e) => {
            out.push(finding(Severity::Error, "unreadable", &[("cause", e.to_string())]));
            return out;
        }
    }
    match pragma("user_version") {
        Ok(v) if v == super::LATEST_VERSION => {
            out.push(finding(Severity::Ok, "schema", &[("found", v.to_string()), ("known", v.to_string())]));
        }
        Ok(v) if v > super::LATEST_VERSION => out.push(finding(
            Severity::Error,
            "schema_newer",
            &[("found", v.to_string()), ("known", super::LATEST_VERSION.to_string())],
        )),
        Ok(v) => out.push(finding(
            Severity::Warning,
            "schema_older",
            &[("found", v.to_string()), ("known", super::LATEST_VERSION.to_string())],
        )),
        Err(e) => out.push(finding(Severity::Error, "unreadable", &[("cause", e.to_string())])),
    }
    let problems: Vec<String> = conn
        .prepare("PRAGMA integrity_check(10)")
        .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect())
        .unwrap_or_else(|e| vec![e.to_string()]);
    if problems == ["ok"] {
        out.push(finding(Severity::Ok, "integrity", &[]));
    } else {
        out.push(finding(Severity::Error, "damaged", &[("problems", problems.join("; "))]));
    }
    let dangling: i64 = conn
        .prepare("PRAGMA foreign_key_check")
        .and_then(|mut s| Ok(s.query_map([], |_| Ok(()))?.count() as i64))
        .unwrap_or(-1);
    if dangling == 0 {
        out.push(finding(Severity::Ok, "foreign_keys", &[]));
    } else {
        out.push(finding(Severity::Error, "dangling", &[("count", dangling.to_string())]));
    }
    out
}

#[cfg(unix)]
fn examine_modes(db: &Path) -> Vec<Finding> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    let mut loose = Vec::new();
    let beside = ["-wal", "-shm"].into_iter().map(|suffix| {
        let mut p = db.as_os_str().to_os_string();
        p.push(suffix);
        PathBuf::from(p)
    });
    for p in std::iter::once(db.to_path_buf()).chain(beside).chain(super::backup::backups(db)) {
        if let Ok(m) = std::fs::metadata(&p)
            && m.permissions().mode() & 0o077 != 0
        {
            loose.push(format!("{} {:o}", p.display(), m.permissions().mode() & 0o777));
        }
    }
    if let Some(dir) = data_dir().filter(|d| db.parent() == Some(d.as_path()))
        && let Ok(m) = std::fs::metadata(&dir)
        && m.permissions().mode() & 0o077 != 0
    {
        loose.push(format!("{} {:o}", dir.display(), m.permissions().mode() & 0o777));
    }
    if loose.is_empty() {
        out.push(finding(Severity::Ok, "private", &[]));
    } else {
        out.push(finding(Severity::Warning, "readable_by_others", &[("files", loose.join(", "))]));
    }
    out
}

#[cfg(not(unix))]
fn examine_modes(_db: &Path) -> Vec<Finding> {
    Vec::new()
}

/// A synced or network folder: SQLite's locks may not hold there, and a
/// sync engine copying a live archive can damage it.
fn examine_place(db: &Path) -> Vec<Finding> {
    const SYNCED: &[&str] = &["Dropbox", "OneDrive", "iCloud", "Google Drive", "Nextcloud", "ownCloud", "Syncthing"];
    let text = db.to_string_lossy();
    if let Some(name) = SYNCED.iter().find(|n| text.contains(*n)) {
        return vec![finding(Severity::Warning, "synced_folder", &[("engine", (*name).to_string())])];
    }
    if db.ancestors().any(|a| a.join(".stfolder").exists()) {
        return vec![finding(Severity::Warning, "synced_folder", &[("engine", "Syncthing".into())])];
    }
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    let fs = mounts
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let (_, at, kind) = (parts.next()?, parts.next()?, parts.next()?);
            db.starts_with(at).then(|| (at.len(), kind.to_string()))
        })
        .max()
        .map(|(_, kind)| kind);
    match fs {
        Some(kind)
            if ["nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "9p"].contains(&kind.as_str())
                || kind.starts_with("fuse.") =>
        {
            vec![finding(Severity::Warning, "network_folder", &[("fs", kind)])]
        }
        _ => vec![finding(Severity::Ok, "local_folder", &[])],
    }
}

/// Whether this user can make files in `dir`, found without writing: not
/// on a read-only mount (`/proc/mounts`), and the mode bits let this user
/// (`/proc/self/status`) in. Where `/proc` says nothing, assumed writable.
fn folder_writable(dir: &Path) -> bool {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    let read_only_mount = mounts
        .lines()
        .filter_map(|l| {
            let parts: Vec<&str> = l.split_whitespace().collect();
            let (at, options) = (*parts.get(1)?, *parts.get(3)?);
            dir.starts_with(at).then(|| (at.len(), options.split(',').any(|o| o == "ro")))
        })
        .max()
        .is_some_and(|(_, ro)| ro);
    if read_only_mount {
        return false;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| -> Vec<u32> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|rest| rest.split_whitespace().filter_map(|v| v.parse().ok()).collect())
            .unwrap_or_default()
    };
    let (uids, gids, groups) = (field("Uid:"), field("Gid:"), field("Groups:"));
    let Some(&euid) = uids.get(1) else { return true };
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let Ok(m) = std::fs::metadata(&dir) else { return true };
        let mode = m.permissions().mode();
        if euid == 0 {
            return true;
        }
        if m.uid() == euid {
            return mode & 0o200 != 0;
        }
        if gids.get(1) == Some(&m.gid()) || groups.contains(&m.gid()) {
            return mode & 0o020 != 0;
        }
        mode & 0o002 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = (euid, gids, groups);
        true
    }
}

/// Free bytes on the disk holding `dir` (`df`; `None` where it cannot say).
fn disk_free(dir: &Path) -> Option<u64> {
    let out = std::process::Command::new("df").args(["-P", "-B1"]).arg(dir).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()
}

/// Which processes have the archive open (Linux: `/proc/*/fd`).
/// The other processes that have `db` open, as "name (pid)" (from
/// `/proc/*/fd`; empty where there is no `/proc`).
pub fn holders_of(db: &Path) -> Vec<String> {
    let db = db.canonicalize().unwrap_or_else(|_| db.to_path_buf());
    let me = std::process::id().to_string();
    let mut found = Vec::new();
    if let Ok(procs) = std::fs::read_dir("/proc") {
        for p in procs.filter_map(std::result::Result::ok) {
            let pid = p.file_name().to_string_lossy().into_owned();
            if !pid.bytes().all(|b| b.is_ascii_digit()) || pid == me {
                continue;
            }
            let holds = std::fs::read_dir(p.path().join("fd")).is_ok_and(|fds| {
                fds.filter_map(std::result::Result::ok).any(|fd| std::fs::read_link(fd.path()).is_ok_and(|t| t == db))
            });
            if holds {
                let name = std::fs::read_to_string(p.path().join("comm")).unwrap_or_default();
                found.push(format!("{} ({pid})", name.trim()));
            }
        }
    }
    found
}

fn holders(db: &Path) -> Finding {
    let found = holders_of(db);
    if found.is_empty() {
        finding(Severity::Ok, "nobody_holds", &[])
    } else {
        finding(Severity::Ok, "held_by", &[("who", found.join(", "))])
    }
}

impl Severity {
    /// Its mark at the start of a line: `ok`, `warn`, `FAIL`.
    pub fn mark(self) -> &'static str {
        crate::i18n::t(match self {
            Severity::Ok => "doctor.mark_ok",
            Severity::Warning => "doctor.mark_warning",
            Severity::Error => "doctor.mark_error",
        })
    }
}

impl Finding {
    /// A finding that all is well (for the CLI's own lines).
    pub fn ok(key: &'static str, args: &[(&'static str, String)]) -> Finding {
        finding(Severity::Ok, key, args)
    }

    /// What was found, in the active language (without its mark).
    pub fn text(&self) -> String {
        let args: Vec<(&str, &dyn std::fmt::Display)> =
            self.args.iter().map(|(k, v)| (*k, v as &dyn std::fmt::Display)).collect();
        crate::i18n::tf(&format!("doctor.{}", self.key), &args)
    }
}
