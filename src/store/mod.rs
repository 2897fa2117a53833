//! The only module that talks to SQLite (DESIGN.md §2).
//!
//! Every user-visible write goes through [`Store::write`], which runs one
//! `BEGIN IMMEDIATE` transaction and records each changed field in the change
//! log inside it, so that a rolled-back write leaves no change record and a
//! committed one always has them.

mod agenda;
mod archive;
mod backup;
mod changes;
mod conflicts;
pub mod doctor;
mod erase;
mod exchange;
mod generate;
mod halves;
mod ids;
mod merge;
mod migrate;
mod open;
mod opportunity;
mod outgoing;
mod peers;
mod plan;
mod records;
mod report;
mod resolve;
mod review;
mod review_trend;
mod room;
mod rows;
mod search_index;
mod search_keys;
mod similar;
mod trash;
mod undo;
mod watch;
mod words;

pub use agenda::{Agenda, Birthday, CustomerStanding, LastContacts, RecordQuery, created_on, norm_for};
pub use archive::{CustomerFilter, Dossier, SearchEntry};
pub use backup::{DAILY_KEPT, backups, newest_backup, refuse_if_held, remove_archive, replace_archive, restore};
pub use changes::Writer;
pub use conflicts::{ConflictView, Resolution, Side};
pub use erase::Erased;
pub use exchange::{CustomerMerge, Incoming, Merged};
pub use migrate::{LATEST_VERSION, MIGRATIONS};
pub use open::{APPLICATION_ID, OpenMode, data_dir, default_db_path, demo_db_path, issued_dir, set_issued_dir};
pub use outgoing::RecordRef;
pub use peers::{Known, Peer};
pub use plan::Accepted;
pub use records::{CL_COLUMN, ChangeRecord, ERASABLE_TABLES, ERASE_COLUMN, INSERT_COLUMN, Snapshot, Stamp};
pub use rows::{HistoryEntry, RawRow};
pub use search_index::{SearchStamp, index_path as search_index_path};
pub use trash::TrashItem;
pub use undo::{Undone, Write, WriteItem, WriteKind};
pub use watch::{OutsideChanges, WriteMark};

use crate::clock::Clock;
use crate::domain::pinyin::Romanizer;
use crate::domain::schema::Table;
use crate::error::{Error, Result};
use rusqlite::{Connection, TransactionBehavior};
use std::path::PathBuf;
use std::sync::Arc;

/// This install's identity and clocks, mirrored in the `meta` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Random id of this install.
    pub device_id: String,
    /// Id of the book (shared by all devices that sync it).
    pub dataset_id: String,
    /// The device's interned number in this archive's change log.
    pub n: i64,
    /// Next per-device change sequence number.
    pub next_seq: i64,
    /// Last hybrid logical clock value issued or seen.
    pub last_hlc: crate::hlc::Hlc,
}

/// A value that lost to a concurrent edit, kept for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Table of the record.
    pub table: String,
    /// Its id.
    pub row: String,
    /// The field.
    pub column: String,
    /// The losing value as JSON.
    pub value: Option<String>,
    /// Its clock.
    pub hlc: i64,
    /// The device that wrote it.
    pub origin: String,
    /// The clock of the value that won.
    pub winner_hlc: i64,
    /// When the conflict was found, ms since the epoch.
    pub found_ms: i64,
}

/// What a process does once, before it first writes to an archive.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BeforeWrite {
    /// The integrity check has passed.
    pub(crate) checked: bool,
    /// The day's backup is seen to (made, or found made), also when
    /// opening already checked the file.
    pub(crate) backed_up: bool,
}

/// An open archive.
pub struct Store {
    conn: Connection,
    device: Device,
    clock: Arc<dyn Clock>,
    romanizer: Romanizer,
    path: Option<PathBuf>,
    read_only: bool,
    /// Read-only because SQLite cannot keep the journal beside the archive.
    journal_blocked: Option<open::JournalBlocked>,
    /// `PRAGMA data_version` when this store last looked: it moves when
    /// another connection commits.
    data_version: i64,
    /// What this process has done before its first write.
    before_write: BeforeWrite,
    /// This device's identity could not be claimed when the archive was
    /// opened (a full disk): claim it before the first write, so that
    /// reading never needs to write.
    unclaimed: bool,
    /// How many daily backups to keep.
    daily_kept: usize,
    /// The funnel's stages (config `[funnel] stages`) the figures use.
    stages: crate::domain::opportunity::Stages,
    /// Transaction ids of the writes made through this store not yet taken
    /// (the interface's undo stack, [`Store::take_written`]).
    written: Vec<i64>,
    /// Imports take the general path only (no fast path, nothing
    /// remembered between records): tests compare the two.
    merge_general: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).field("read_only", &self.read_only).finish_non_exhaustive()
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.note_issued();
    }
}

impl Store {
    /// Note, outside the archive, the highest seq this device has issued,
    /// so that an older copy of the file restored later takes a new device
    /// identity instead of issuing those seqs again. Done by every write
    /// (inside its transaction) and when the store closes.
    pub fn note_issued(&self) {
        if self.path.is_some()
            && !self.read_only
            && let Ok(device) = open::load_device(&self.conn)
        {
            open::note_issued(&device.device_id, device.next_seq - 1);
        }
    }

    /// The file this store reads, if not in memory.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// True when this user cannot write the archive file.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Why this archive was opened read-only, as a catalog key of a short
    /// note: a file that cannot be written, a folder that cannot be, a full
    /// disk. `None` when it can be written.
    pub fn read_only_note(&self) -> Option<&'static str> {
        if !self.read_only && self.journal_blocked.is_none() {
            return None;
        }
        Some(match self.journal_blocked {
            Some(open::JournalBlocked::Folder) => "cli.read_only_folder_note",
            Some(open::JournalBlocked::Space) => "cli.disk_full_note",
            None => "cli.read_only_note",
        })
    }

    /// This install's identity and clocks as of this store's last write
    /// (other processes may have moved the counters since; each write reads
    /// them afresh).
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The clock in use.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The clock in use, to open another store with.
    pub fn clock_handle(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    /// Give back the pages this connection's cache holds (SQLite's
    /// `shrink_memory`), after a one-off read of many of them: what is read
    /// later is read again as needed (from the system's file cache).
    pub fn release_cache(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA shrink_memory")?;
        Ok(())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Run `f` as one write transaction. On error nothing is written, no
    /// change is recorded and the device counters stay as they were.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        if let (Some(why), Some(path)) = (self.journal_blocked, &self.path) {
            return Err(why.error(path));
        }
        if self.read_only {
            return Err(Error::ReadOnly);
        }
        let path = self.path.clone();
        self.write_checked(f).map_err(|e| match e {
            // A full disk says which archive it could not write.
            Error::DiskFull { path: None } => Error::DiskFull { path },
            e => e,
        })
    }

    fn write_checked<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        // Checked first: claiming an identity writes.
        self.verify_before_writing()?;
        if self.unclaimed {
            self.device = open::claim_for(&mut self.conn, self.path.as_deref())?;
            self.unclaimed = false;
        }
        let now_ms = self.clock.now().timestamp_millis();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Seq and clock come from the database inside the transaction:
        // another process may have written since this one last did.
        let mut device = open::load_device(&tx)?;
        let (out, tx_id, erased) = {
            let mut w = Writer::new(&tx, &mut device, (now_ms, self.clock.today()), &self.romanizer);
            let out = f(&mut w)?;
            w.finish()?;
            (out, w.tx_id(), w.erased)
        };
        if self.path.is_some() {
            // Noted while this write still holds the database's write lock,
            // so writers in several processes note in order.
            open::note_issued(&device.device_id, device.next_seq - 1);
        }
        tx.commit()?;
        // An erased person leaves the saved search index at once (it is
        // rebuilt without them).
        if erased && let Some(db) = &self.path {
            search_index::forget(db);
        }
        self.device = device;
        self.written.extend(tx_id);
        Ok(out)
    }

    /// The transaction ids of the writes made through this store since the
    /// last call, oldest first (a write that changed nothing has none).
    pub fn take_written(&mut self) -> Vec<i64> {
        std::mem::take(&mut self.written)
    }

    /// All change records, oldest first (for tests, export and `doctor`).
    pub fn changes(&self) -> Result<Vec<ChangeRecord>> {
        records::all(&self.conn)
    }

    /// The conflicts kept for review: values that lost to a concurrent
    /// edit, newest first.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.tbl, r.uuid, c.col, k.value, k.hlc, d.uuid, k.winner_hlc, k.found_ms
             FROM conflict k JOIN row_ref r ON r.n = k.row JOIN col_ref c ON c.n = k.col JOIN device d ON d.n = k.origin
             WHERE k.resolved = 0 ORDER BY k.found_ms DESC, k.hlc DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Conflict {
                table: r.get(0)?,
                row: ids::key_id(r.get_ref(1)?),
                column: r.get(2)?,
                value: r.get(3)?,
                hlc: r.get(4)?,
                origin: r.get(5)?,
                winner_hlc: r.get(6)?,
                found_ms: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A record with the clock of each field, for an editor to pass back
    /// with its save ([`Writer::update_from`]).
    pub fn snapshot(&self, table: &'static Table, id: &str) -> Result<Snapshot> {
        let entity = self.get(table, id)?.ok_or_else(|| Error::NotFound { what: table.noun, id: id.to_string() })?;
        let mut stamps = std::collections::BTreeMap::new();
        if let Some(row) = ids::find_row(&self.conn, id)? {
            for spec in table.fields {
                if let Some(s) = records::field_stamp(&self.conn, row, table.name, spec.name)? {
                    stamps.insert(spec.name, s);
                }
            }
        }
        Ok(Snapshot { entity, stamps })
    }

    /// Mark this archive as a demo: `repbook demo` may replace it, and
    /// never replaces an archive without the mark.
    pub fn mark_demo(&mut self) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('demo', '1') ON CONFLICT (key) DO UPDATE SET value = '1'",
            [],
        )?;
        Ok(())
    }

    /// True for an archive `repbook demo` made.
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM meta WHERE key = 'demo' AND value = '1'", [], |r| r.get::<_, i64>(0))?
            > 0)
    }

    /// Bytes of recorded values in the change log (benchmarks, `doctor`).
    pub fn change_log_value_bytes(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT coalesce(sum(length(value)), 0) FROM change_log", [], |r| r.get(0))?)
    }

    /// Number of change records.
    pub fn change_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?)
    }
}
pub use archive::owed;
