//! An archive's files kept private: created 0600 in a 0700 folder, and
//! tightened when an archive made by other means is opened.

use super::{data_dir, io};
use crate::error::Result;
use std::fs::{File, OpenOptions};
use std::path::Path;

/// Create `dir` (and parents) readable only by the owner.
pub(super) fn private_dir(dir: &Path) -> Result<()> {
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
pub(super) fn tighten(db: &Path) {
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
        for b in crate::store::backups(db) {
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
pub(super) fn create_private(path: &Path) -> Result<()> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path).map(drop).map_err(io(path))
}

/// Open (creating if needed) a file readable only by the owner.
pub(in crate::store) fn private_file(path: &Path) -> Result<File> {
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path).map_err(io(path))
}
