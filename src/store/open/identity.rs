//! This device's identity in an archive: its id, its counters, where the
//! archive file lives (a copy takes a new identity), and the notes of the
//! highest sequence number each device issued, kept outside any archive.

use super::{io, private_dir, private_file};
use crate::error::Result;
use crate::hlc::Hlc;
use crate::store::Device;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};

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
pub(in crate::store) fn note_issued(device_id: &str, seq: i64) {
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

/// Where an archive file lives: this machine and the file's identity on
/// disk. A copy to another machine, or a backup restored over the archive,
/// is a new file and gets a new home, which gives it a new device identity.
#[cfg(unix)]
pub(super) fn home_of(path: &Path) -> Result<String> {
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
pub(super) fn home_of(path: &Path) -> Result<String> {
    let m = std::fs::metadata(path).map_err(io(path))?;
    let created = m.created().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_nanos());
    Ok(format!("{}:{created:?}", path.canonicalize().map_err(io(path))?.display()))
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
pub(in crate::store) fn load_device(conn: &Connection) -> Result<Device> {
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
pub(in crate::store) fn save_counters(conn: &Connection, device: &Device) -> Result<()> {
    set_meta(conn, "next_seq", &device.next_seq.to_string())?;
    set_meta(conn, "last_hlc", &device.last_hlc.as_i64().to_string())
}

/// The device, when the archive already has a dataset and an identity that
/// is this file's own (not moved, not rewound): nothing to write.
pub(super) fn settled_device(conn: &Connection, home: Option<&str>) -> Result<Option<Device>> {
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
pub(in crate::store) fn claim_for(conn: &mut Connection, path: Option<&Path>) -> Result<Device> {
    let home = path.map(home_of).transpose()?;
    claim_device(conn, home.as_deref())
}

/// Make sure the archive has a dataset and a device identity that is this
/// file's own. A file that moved to a new home (copied to another machine,
/// restored from a backup) takes a fresh device id, so that no (origin,
/// seq) pair its old self may already have handed to peers is issued again.
pub(super) fn claim_device(conn: &mut Connection, home: Option<&str>) -> Result<Device> {
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
    crate::store::ids::intern_device(&tx, &device_id)?;
    let device = load_device(&tx)?;
    save_counters(&tx, &device)?;
    tx.commit()?;
    Ok(device)
}
