//! Sync by change files (DESIGN.md §4, issue 11): what to send, the file,
//! its checks, and taking one in. The store applies; this module decides
//! what goes in a file and reads files safely. The command line and the
//! interface both call these functions.

pub mod crypt;
pub mod folder;
pub mod format;
pub mod review;
pub mod verify;

use crate::error::{Error, Result};
use crate::store::{ChangeRecord, Incoming, Merged, Store};
pub use format::{Changeset, Purpose};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What to put in a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Selection {
    /// Every change this archive holds.
    #[default]
    All,
    /// What the peer (a device id or its start) is not known to hold.
    Peer(String),
    /// One customer's whole dossier with its history, for a hand-over.
    Customer(String),
}

/// A file's bytes and how many records it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// The file's content.
    pub bytes: Vec<u8>,
    /// Records in it.
    pub records: usize,
    /// The peer it is for, resolved to a device id.
    pub peer: Option<String>,
}

/// Build a change file of `selection` from `store`.
pub fn build(store: &Store, selection: &Selection) -> Result<Built> {
    let (records, purpose, peer): (Vec<ChangeRecord>, Purpose, Option<String>) = match selection {
        Selection::All => (store.changes_beyond(&crate::store::Known::new())?, Purpose::Changes, None),
        Selection::Peer(p) => {
            let (peer, known) = store.peer_known(p)?;
            (store.changes_beyond(&known)?, Purpose::Changes, Some(peer))
        }
        Selection::Customer(id) => (store.dossier_changes(id)?, Purpose::Handover, None),
    };
    let bytes = encode(store, purpose, &records)?;
    Ok(Built { bytes, records: records.len(), peer })
}

/// The bytes of a change file holding `records`, from this archive.
pub fn encode(store: &Store, purpose: Purpose, records: &[ChangeRecord]) -> Result<Vec<u8>> {
    let device = store.device();
    let now = store.clock().now().timestamp_millis();
    format::encode((&device.dataset_id, &device.device_id, purpose), now, &store.known()?, records)
}

/// A file name no other device or moment gives: the sender, its last seq
/// and the time (`repbook-<device 8>-<seq>-<time>.changes`).
pub fn file_name(store: &Store) -> String {
    let device = store.device();
    let short: String = device.device_id.chars().filter(char::is_ascii_hexdigit).take(8).collect();
    let stamp = store.clock().now().format("%Y%m%dT%H%M%S%3f");
    format!("repbook-{short}-{}-{stamp}.changes", device.next_seq - 1)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// Write `bytes` to `path` so that no reader ever sees half of it: a
/// private temporary file beside it, flushed to disk, then renamed. An
/// existing file that is not a change file is never replaced.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Ok(existing) = std::fs::read(path).map(|b| b.into_iter().take(64).collect::<Vec<u8>>())
        && !format::looks_like_changes(&existing)
        && !crypt::is_encrypted(&existing)
    {
        return Err(Error::invalid("sync.would_replace", &[("path", &path.display())]));
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map_or_else(|| "changes".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let written = o.open(&temp).map_err(io(&temp)).and_then(|mut f| {
        f.write_all(bytes).and_then(|()| f.sync_all()).map_err(io(&temp))?;
        std::fs::rename(&temp, path).map_err(io(path))
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written?;
    // The rename itself reaches the disk with its folder.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Read and verify a whole change file, decrypted in memory when it is
/// encrypted (the passphrase from `source`); nothing is applied.
pub fn read_file(path: &Path, now_ms: i64, source: &mut crypt::Source<'_>) -> Result<Changeset> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    decode(&crypt::open(&bytes, source)?, now_ms)
}

/// True when the file at `path` is encrypted (its first bytes are read).
pub fn is_encrypted_file(path: &Path) -> Result<bool> {
    use std::io::Read as _;
    let mut head = Vec::with_capacity(64);
    std::fs::File::open(path).and_then(|f| f.take(64).read_to_end(&mut head)).map_err(io(path))?;
    Ok(crypt::is_encrypted(&head))
}

/// Verify bytes read from a file.
pub fn decode(bytes: &[u8], now_ms: i64) -> Result<Changeset> {
    format::decode(bytes, now_ms)
}

/// Check the value of `r`, the `i`-th record of a file (values are
/// checked when a record is taken in: see [`format::decode`]).
pub fn check_value(i: usize, r: &ChangeRecord) -> Result<()> {
    verify::value(r)
        .map_err(|e| Error::Invalid(crate::i18n::tf("sync.bad_line", &[("line", &(i + 2)), ("error", &e.to_string())])))
}

/// Take a verified change set into `store`: a backup first (unless
/// `dry_run`, or every record is held already), then one transaction.
pub fn apply(store: &mut Store, set: &Changeset, dry_run: bool, skip_clashes: bool) -> Result<Merged> {
    let incoming = Incoming {
        sender: &set.header.sender,
        dataset: &set.header.dataset,
        handover: set.header.purpose == Purpose::Handover,
        known: &set.header.known,
        records: &set.records,
        check: Some(&check_value),
        skip_clashes,
    };
    // A file whose every record is held changes no data: no backup (a copy
    // of the whole archive) for a re-import.
    if !dry_run && !set.records.is_empty() && store.backs_up_before_imports() && !store.holds_all(&set.records)? {
        store.backup_before("sync")?;
    }
    store.merge(&incoming, dry_run)
}

/// Export `selection` to `out` (a file, or a new file in a folder),
/// encrypted with `seal` when one is given. Returns the path written and
/// the built file (its bytes as written).
pub fn export_to(
    store: &Store,
    selection: &Selection,
    out: &Path,
    seal: Option<&crypt::Passphrase>,
) -> Result<(PathBuf, Built)> {
    let mut built = build(store, selection)?;
    if let Some(passphrase) = seal {
        built.bytes = crypt::encrypt(&built.bytes, passphrase)?;
    }
    let path = if out.is_dir() { out.join(file_name(store)) } else { out.to_path_buf() };
    write_file(&path, &built.bytes)?;
    Ok((path, built))
}
