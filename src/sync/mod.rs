//! Sync by change files (DESIGN.md §4, issue 11): what to send, the file,
//! its checks, and taking one in. The store applies; this module decides
//! what goes in a file and reads files safely. The command line and the
//! interface both call these functions.

pub mod crypt;
pub mod encode;
pub mod folder;
pub mod format;
pub mod review;
mod stream;
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
    let (known, peer) = match selection {
        Selection::All => (crate::store::Known::new(), None),
        Selection::Peer(p) => {
            let (peer, known) = store.peer_known(p)?;
            (known, Some(peer))
        }
        Selection::Customer(id) => {
            let records = store.dossier_changes(id)?;
            let bytes = encode(store, Purpose::Handover, &records)?;
            return Ok(Built { bytes, records: records.len(), peer: None });
        }
    };
    // Every record beyond what the peer holds, written as it is read.
    if let Some((bytes, records)) = stream::build(store, &known, Purpose::Changes, None)? {
        return Ok(Built { bytes, records, peer });
    }
    let (bytes, records) = build_whole(store, &known)?;
    Ok(Built { bytes, records, peer })
}

/// The file of every record beyond `known`, its header made after them
/// (for a log whose records do not match the plan of [`stream::build`]).
fn build_whole(store: &Store, known: &crate::store::Known) -> Result<(Vec<u8>, usize)> {
    let expected = store.plan_beyond(known)?.iter().map(|p| p.3).sum();
    let mut file = encode::Encoder::new(expected);
    store.each_change_beyond(known, expected, |r| file.push(r))?;
    let records = file.count();
    let device = store.device();
    let now = store.clock().now().timestamp_millis();
    let bytes = file.finish((&device.dataset_id, &device.device_id, Purpose::Changes), now, &store.known()?)?;
    Ok((bytes, records))
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
    write_with(path, |f, temp| f.write_all(bytes).map_err(io(temp)))
}

/// [`write_file`] with the bytes written by `write` into the temporary
/// file (whose path it is given).
fn write_with<T>(path: &Path, write: impl FnOnce(&mut std::fs::File, &Path) -> Result<T>) -> Result<T> {
    if let Ok(existing) = first_bytes(path)
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
        let out = write(&mut f, &temp)?;
        f.sync_all().map_err(io(&temp))?;
        std::fs::rename(&temp, path).map_err(io(path))?;
        Ok(out)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    let out = written?;
    // The rename itself reaches the disk with its folder.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(out)
}

/// Read and verify a whole change file, decrypted in memory when it is
/// encrypted (the passphrase from `source`); nothing is applied.
pub fn read_file(path: &Path, now_ms: i64, source: &mut crypt::Source<'_>) -> Result<Changeset> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    decode(&crypt::open(&bytes, source)?, now_ms)
}

/// [`read_file`] for `store`: a file byte-identical to one taken in whole
/// there before (its checksum is recorded) is checked as far as its
/// header, count and checksum, and its records are not read again
/// ([`Changeset::taken_before`]).
pub fn read_file_for(store: &Store, path: &Path, now_ms: i64, source: &mut crypt::Source<'_>) -> Result<Changeset> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    format::decode_unless(&crypt::open(&bytes, source)?, now_ms, &|sha| store.took_in_file(sha))
}

/// The first 64 bytes of the file at `path` (fewer if it is shorter).
fn first_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut head = Vec::with_capacity(64);
    std::fs::File::open(path).and_then(|f| f.take(64).read_to_end(&mut head))?;
    Ok(head)
}

/// True when the file at `path` is encrypted (its first bytes are read).
pub fn is_encrypted_file(path: &Path) -> Result<bool> {
    Ok(crypt::is_encrypted(&first_bytes(path).map_err(io(path))?))
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

/// From this many records on, [`apply`] asks whether they are as read on
/// a second thread.
const AS_READ_BESIDE: usize = 20_000;

/// Take a verified change set into `store`: a backup first (unless
/// `dry_run`, or every record is held already), then one transaction.
pub fn apply(store: &mut Store, set: &Changeset, dry_run: bool, skip_clashes: bool) -> Result<Merged> {
    if set.taken_before {
        // The same bytes were taken in whole here: every record is held
        // (the change log never loses one), so the import would change
        // nothing but try the parked records, as any import does.
        let replayed = if dry_run { 0 } else { store.replay_parked()? };
        let parked = usize::try_from(store.parked_count()?).unwrap_or(0);
        return Ok(Merged { already: set.header.count, replayed, parked, ..Merged::default() });
    }
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
    // Whether the records are still as read is asked beside the merge for
    // a large set (a pass over every record; `set` is borrowed unchanged
    // throughout).
    let (report, as_read) = if !dry_run && set.records.len() >= AS_READ_BESIDE {
        std::thread::scope(|s| {
            // Asked here after the merge if no thread can be made.
            let as_read = std::thread::Builder::new().spawn_scoped(s, || set.records_as_read()).ok();
            let report = store.merge(&incoming, dry_run);
            (report, as_read.map_or_else(|| set.records_as_read(), |h| h.join().unwrap_or(false)))
        })
    } else {
        (store.merge(&incoming, dry_run), !dry_run && set.records_as_read())
    };
    let report = report?;
    // Taken in whole, the file need not be read again (a record kept as a
    // clash is not in the log: such a file is read again each time).
    if !dry_run && report.clashes == 0 && !set.records.is_empty() && as_read {
        store.note_file_taken(&set.sha256, set.records.len())?;
    }
    Ok(report)
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
    let path = if out.is_dir() { out.join(file_name(store)) } else { out.to_path_buf() };
    // Not sealed, every record beyond what a peer holds: written to the
    // file as it is read.
    let streamed = match (selection, seal) {
        (Selection::All, None) => Some((crate::store::Known::new(), None)),
        (Selection::Peer(p), None) => {
            let (peer, known) = store.peer_known(p)?;
            Some((known, Some(peer)))
        }
        _ => None,
    };
    if let Some((known, peer)) = streamed {
        let made = write_with(&path, |f, temp| {
            if let Some(made) = stream::build(store, &known, Purpose::Changes, Some((&mut *f, temp)))? {
                return Ok(made);
            }
            // Not as planned: the whole file is built again.
            f.set_len(0).map_err(io(temp))?;
            std::io::Seek::rewind(f).map_err(io(temp))?;
            let (bytes, records) = build_whole(store, &known)?;
            f.write_all(&bytes).map_err(io(temp))?;
            Ok((bytes, records))
        })?;
        return Ok((path, Built { bytes: made.0, records: made.1, peer }));
    }
    let mut built = build(store, selection)?;
    if let Some(passphrase) = seal {
        built.bytes = crypt::encrypt(&built.bytes, passphrase)?;
    }
    write_file(&path, &built.bytes)?;
    Ok((path, built))
}
