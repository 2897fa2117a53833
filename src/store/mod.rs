//! The only module that talks to SQLite (DESIGN.md §2).
//!
//! Every user-visible write goes through [`Store::write`], which runs one
//! `BEGIN IMMEDIATE` transaction and records each changed field in the change
//! log inside it, so that a rolled-back write leaves no change record and a
//! committed one always has them.

mod agenda;
mod archive;
mod changes;
mod generate;
mod migrate;
mod open;
mod rows;

pub use agenda::{Agenda, Birthday, CustomerStanding, LastContacts, created_on, norm_for};
pub use archive::{CustomerFilter, Dossier, SearchEntry};
pub use changes::{ChangeRecord, Writer};
pub use migrate::{LATEST_VERSION, MIGRATIONS};
pub use open::{OpenMode, data_dir, default_db_path, demo_db_path};
pub use rows::{HistoryEntry, RawRow};

use crate::clock::Clock;
use crate::domain::pinyin::Romanizer;
use crate::error::{Error, Result};
use rusqlite::{Connection, TransactionBehavior};
use std::fs::File;
use std::path::PathBuf;
use std::sync::Arc;

/// This install's identity and clocks, mirrored in the `meta` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Random id of this install.
    pub device_id: String,
    /// Id of the book (shared by all devices that sync it).
    pub dataset_id: String,
    /// Next per-device change sequence number.
    pub next_seq: i64,
    /// Last hybrid logical clock value issued or seen.
    pub last_hlc: crate::hlc::Hlc,
}

/// An open archive.
pub struct Store {
    conn: Connection,
    device: Device,
    clock: Arc<dyn Clock>,
    romanizer: Romanizer,
    path: Option<PathBuf>,
    read_only: bool,
    // Held for the life of the store: the single-writer lock.
    _lock: Option<File>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).field("read_only", &self.read_only).finish_non_exhaustive()
    }
}

impl Store {
    /// The file this store reads, if not in memory.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// True when another process holds the write lock and this one only reads.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// This install's identity and clocks.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The clock in use.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Run `f` as one write transaction. On error nothing is written, no
    /// change is recorded and the device counters stay as they were.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(Error::ReadOnly);
        }
        let mut device = self.device.clone();
        let now_ms = self.clock.now().timestamp_millis();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = {
            let mut w = Writer::new(&tx, &mut device, now_ms, &self.romanizer);
            let out = f(&mut w)?;
            w.finish()?;
            out
        };
        tx.commit()?;
        self.device = device;
        Ok(out)
    }

    /// All change records, oldest first (for tests, export and `doctor`).
    pub fn changes(&self) -> Result<Vec<ChangeRecord>> {
        changes::all(&self.conn)
    }

    /// Number of change records.
    pub fn change_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?)
    }
}
pub use archive::owed;
