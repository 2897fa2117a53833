//! Sync through a folder that another engine carries between machines
//! (Syncthing, a network share, a git repository): each device writes its
//! own changes as immutable files named by device and seq range, and takes
//! in every other device's files once. A file still arriving (a temporary
//! name, no trailer yet, a checksum that does not match) is skipped and
//! tried again next time; another device's files are never changed.

use super::crypt::Source;
use super::{Changeset, Purpose};
use crate::error::{Error, Result};
use crate::store::{Incoming, Merged, Store};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Ending of the files of a sync folder.
pub const SUFFIX: &str = ".changes";

/// What one folder sync did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FolderSync {
    /// The file this device wrote, and how many records it holds.
    pub written: Option<(PathBuf, usize)>,
    /// Files taken in.
    pub taken: Vec<String>,
    /// Files skipped for now and why (still arriving, or refused).
    pub waiting: Vec<(String, String)>,
    /// Files skipped because they are encrypted and no passphrase was
    /// given (also in `waiting`).
    pub locked: usize,
    /// What the files taken in did, added up.
    pub merged: Merged,
}

/// A configured folder with a leading `~/` taken as the home folder.
pub fn expand(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => path.to_path_buf(),
    }
}

/// The name of this device's file holding seqs `first..=last`.
pub fn own_name(device: &str, first: i64, last: i64) -> String {
    format!("{device}.{first:010}-{last:010}{SUFFIX}")
}

/// The device and last seq a folder file's name gives.
fn parse_name(name: &str) -> Option<(&str, i64)> {
    let stem = name.strip_suffix(SUFFIX)?;
    let (device, range) = stem.split_once('.')?;
    let (_, last) = range.split_once('-')?;
    uuid::Uuid::try_parse(device).ok()?;
    Some((device, last.parse().ok()?))
}

fn add(total: &mut Merged, m: Merged) {
    total.applied += m.applied;
    total.already += m.already;
    total.conflicts += m.conflicts;
    total.parked = m.parked;
    total.replayed += m.replayed;
    total.clashes += m.clashes;
    total.joined |= m.joined;
    for (id, c) in m.customers {
        let e = total.customers.entry(id).or_default();
        e.name = c.name;
        e.applied += c.applied;
        e.conflicts += c.conflicts;
        e.new |= c.new;
    }
}

/// Write this device's new changes into `dir` and take in the files of
/// the other devices not taken in yet; no passphrase, so encrypted files
/// wait.
pub fn sync(store: &mut Store, dir: &Path) -> Result<FolderSync> {
    sync_with(store, dir, false, &mut Source::given(None))
}

/// [`sync`] with encryption: this device's file is encrypted when
/// `encrypt` (a passphrase is then required before anything is done), and
/// other devices' encrypted files are opened with the passphrase `source`
/// gives (asked once, when the first one is met). A file it does not
/// open waits, named with the reason.
pub fn sync_with(store: &mut Store, dir: &Path, encrypt: bool, source: &mut Source<'_>) -> Result<FolderSync> {
    if encrypt {
        source.required()?;
    }
    let io = |source| Error::Io { path: dir.to_path_buf(), source };
    if !dir.exists() {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(dir).map_err(io)?;
    }
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| !n.starts_with('.') && n.ends_with(SUFFIX))
        .collect();
    names.sort();
    let me = store.device().device_id.clone();
    let mut report = FolderSync::default();
    // Changes parked by an older build that this one can apply (after an
    // upgrade), even when no new file has come.
    report.merged.replayed = store.replay_parked()?;
    // Take in first: this device's file then also relays nothing stale.
    let now = store.clock().now().timestamp_millis();
    let mut backed_up = false;
    for name in names.iter().filter(|n| parse_name(n).is_none_or(|(d, _)| d != me)) {
        let path = dir.join(name);
        let Ok(bytes) = std::fs::read(&path) else { continue };
        if store.sync_file_done(name, bytes.len() as u64)? {
            continue;
        }
        let opened = if super::crypt::is_encrypted(&bytes) && source.get()?.is_none() {
            report.locked += 1;
            Err(Error::invalid("sync.encrypted", &[]))
        } else {
            super::crypt::open(&bytes, source)
                .and_then(|plain| super::format::decode_unless(&plain, now, &|sha| store.took_in_file(sha)))
        };
        let set: Changeset = match opened {
            Ok(set) => set,
            Err(e) => {
                report.waiting.push((name.clone(), e.to_string()));
                continue;
            }
        };
        // Byte-identical to a file taken in whole before (under another
        // name): every record is held already.
        if set.taken_before {
            report.merged.already += set.header.count;
            store.note_sync_file(name, bytes.len() as u64)?;
            report.taken.push(name.clone());
            continue;
        }
        if !backed_up && !set.records.is_empty() {
            store.backup_before("sync")?;
            backed_up = true;
        }
        let incoming = Incoming {
            sender: &set.header.sender,
            dataset: &set.header.dataset,
            handover: set.header.purpose == Purpose::Handover,
            known: &set.header.known,
            records: &set.records,
            check: Some(&super::check_value),
            skip_clashes: false,
        };
        match store.merge(&incoming, false) {
            Ok(m) => {
                if m.clashes == 0 && !set.records.is_empty() && set.records_as_read() {
                    store.note_file_taken(&set.sha256, set.records.len())?;
                }
                add(&mut report.merged, m);
                store.note_sync_file(name, bytes.len() as u64)?;
                report.taken.push(name.clone());
            }
            Err(e @ Error::Invalid(_)) => report.waiting.push((name.clone(), e.to_string())),
            Err(e) => return Err(e),
        }
    }
    let written = names.iter().filter_map(|n| parse_name(n)).filter(|(d, _)| *d == me).map(|(_, l)| l).max();
    let own = store.own_changes_after(written.unwrap_or(0))?;
    if let (Some(first), Some(last)) = (own.first(), own.last()) {
        let path = dir.join(own_name(&me, first.seq, last.seq));
        let mut bytes = super::encode(store, Purpose::Changes, &own)?;
        if encrypt {
            bytes = super::crypt::encrypt(&bytes, source.required()?)?;
        }
        super::write_file(&path, &bytes)?;
        report.written = Some((path, own.len()));
    }
    Ok(report)
}
