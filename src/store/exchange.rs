//! Taking in a verified change set in one transaction (DESIGN.md §4):
//! insert-or-ignore into the change log, apply what is new, park what
//! cannot be applied yet, receive the clocks, remember what the sender
//! holds, and say what happened.

mod check;
mod held;

use super::merge::Effect;
use super::records::{ChangeRecord, RECORD_SELECT, record_from};
use super::{Store, Writer, open};
use crate::domain::schema;
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use check::check_all;
use held::{Held, same_record};
use rusqlite::{TransactionBehavior, params};
use serde::Serialize;
use std::collections::BTreeMap;

/// The page cache of an import, in KiB. A large import's transaction
/// outgrows SQLite's default 2 MB at once: pages spilled to the WAL were
/// written and read back several times each (at 20k customers ≈200k more
/// `pwrite` and 270k more `pread` calls than with 256 MB). The cache only
/// grows as pages are needed, so a small import stays small.
const IMPORT_CACHE_KIB: i64 = 65_536;

/// The check of a record's value: its index in the file, the record.
pub type ValueCheck = dyn Fn(usize, &ChangeRecord) -> Result<()> + Sync;

/// A verified change set, as the sync file said it.
#[derive(Clone, Copy)]
pub struct Incoming<'a> {
    /// The device that wrote the file.
    pub sender: &'a str,
    /// The book it belongs to.
    pub dataset: &'a str,
    /// A customer's dossier handed over: accepted into another book.
    pub handover: bool,
    /// What the sender held when it wrote the file: the contiguous seq it
    /// had of each origin.
    pub known: &'a BTreeMap<String, i64>,
    /// The records, in any order.
    pub records: &'a [ChangeRecord],
    /// The check of a record's value (its index in `records`), for each
    /// record this archive does not hold, before anything is written.
    pub check: Option<&'a ValueCheck>,
    /// Take in everything except records whose (device, seq) this archive
    /// holds with other content; their values are kept as conflicts.
    pub skip_clashes: bool,
}

/// What an import did to one customer (the preview of `--dry-run`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CustomerMerge {
    /// The customer's name after the import (empty if not known here).
    pub name: String,
    /// Changes applied to the customer or its records.
    pub applied: usize,
    /// Conflicts kept for review.
    pub conflicts: usize,
    /// The customer is new to this archive.
    pub new: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Merged {
    /// Records new to this archive, applied.
    pub applied: usize,
    /// Records this archive already had.
    pub already: usize,
    /// Values kept for review because a concurrent write won.
    pub conflicts: usize,
    /// Records kept but not applied yet (a newer schema's table or column,
    /// a row whose creation has not arrived), this file's and earlier
    /// ones': replayed when they can be.
    pub parked: usize,
    /// Parked records of earlier imports applied now.
    pub replayed: usize,
    /// Records whose (device, seq) this archive held with other content,
    /// kept as conflicts (`skip_clashes` only).
    pub clashes: usize,
    /// The book was empty here and joined the sender's.
    pub joined: bool,
    /// Per customer id.
    pub customers: BTreeMap<String, CustomerMerge>,
}

impl Writer<'_> {
    pub(super) fn log_remote(&mut self, r: &ChangeRecord) -> Result<()> {
        let origin = self.ids.device(self.tx, &r.origin)?;
        let row = self.ids.row(self.tx, &r.row, r.column == super::INSERT_COLUMN)?;
        let col = self.ids.col(self.tx, &r.table, &r.column)?;
        let base = self.ids.stamp(self.tx, r.base.as_ref())?;
        let settles = self.ids.stamp(self.tx, r.settles.as_ref())?;
        // An erased row's values are not kept, except the erase's own mark.
        let erased = r.column != super::ERASE_COLUMN && self.is_erased(row)?;
        let value = if erased { None } else { r.value.as_deref() };
        self.tx
            .prepare_cached(
                "INSERT INTO change_log (origin, seq, hlc, tx, row, col, cl, value, base_hlc, base_origin,
                                         settles_hlc, settles_origin)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                origin, r.seq, r.hlc, r.tx, row, col, r.cl, value, base.0, base.1, settles.0, settles.1,
            ])?;
        Ok(())
    }

    fn park(&self, r: &ChangeRecord) -> Result<()> {
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO parked (origin, seq) SELECT n, ?2 FROM device WHERE uuid = ?1")?
            .execute(params![r.origin, r.seq])?;
        Ok(())
    }

    /// Apply parked records that can be now (their row arrived, or this
    /// build knows their table); returns how many.
    pub(super) fn replay_parked(&mut self, report: &mut Merged) -> Result<usize> {
        let mut done = 0;
        loop {
            // Nothing parked: the join below would otherwise walk the
            // whole change log (SQLite starts it from the log).
            if !self.tx.query_row("SELECT EXISTS (SELECT 1 FROM parked)", [], |r| r.get::<_, bool>(0))? {
                return Ok(done);
            }
            let waiting: Vec<ChangeRecord> = self
                .tx
                .prepare(&format!(
                    "{RECORD_SELECT} JOIN parked p ON p.origin = l.origin AND p.seq = l.seq ORDER BY l.hlc, d.uuid, l.seq"
                ))?
                .query_map([], record_from)?
                .collect::<rusqlite::Result<_>>()?;
            let mut progress = false;
            for r in &waiting {
                if let Effect::Applied(conflicts) = self.apply_remote(r)? {
                    self.tx.execute(
                        "DELETE FROM parked WHERE origin = (SELECT n FROM device WHERE uuid = ?1) AND seq = ?2",
                        params![r.origin, r.seq],
                    )?;
                    report.conflicts += conflicts;
                    self.note_customer(report, r, conflicts)?;
                    done += 1;
                    progress = true;
                }
            }
            if !progress {
                return Ok(done);
            }
        }
    }

    pub(super) fn note_customer(&mut self, report: &mut Merged, r: &ChangeRecord, conflicts: usize) -> Result<()> {
        // Conflicts kept by this import that this record closed (of its
        // row, so of its customer): not counted as kept.
        let unkept = std::mem::take(&mut self.unkept);
        report.conflicts = report.conflicts.saturating_sub(unkept);
        let Some(table) = schema::table(&r.table) else { return Ok(()) };
        let Some(customer) = self.touch(table, &r.row)? else { return Ok(()) };
        let entry = report.customers.entry(customer.clone()).or_default();
        entry.applied += 1;
        entry.conflicts = (entry.conflicts + conflicts).saturating_sub(unkept);
        if r.table == "customer" && r.column == super::INSERT_COLUMN {
            entry.new = true;
        }
        Ok(())
    }

    /// Take in a verified change set; see [`Store::merge`].
    pub(super) fn merge(&mut self, inc: &Incoming<'_>) -> Result<Merged> {
        let mut report = Merged::default();
        // What an earlier write in this transaction learnt may not hold.
        self.forget_seen();
        let held = self.held_status(inc.records)?;
        if let Some(check) = inc.check {
            check_all(inc.records, &held, check)?;
        }
        let ours: String =
            self.tx.query_row("SELECT value FROM meta WHERE key = 'dataset_id'", [], |r| r.get(0)).unwrap_or_default();
        if inc.dataset != ours && !inc.handover {
            let held: i64 = self.tx.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?;
            if held > 0 {
                return Err(Error::invalid("sync.other_dataset", &[("theirs", &inc.dataset), ("ours", &ours)]));
            }
            // A new, empty archive joins the sender's book.
            self.join_dataset(inc.dataset)?;
            report.joined = true;
        }
        if let Some(latest) = inc.records.iter().max_by_key(|r| r.hlc) {
            self.receive_clock(Hlc::from_i64(latest.hlc), &latest.origin)?;
        }
        // A re-import: nothing to sort or apply.
        let all_held = held.iter().all(|h| *h == Held::Same);
        if all_held {
            report.already = held.len();
        }
        let mut order: Vec<usize> = if all_held { Vec::new() } else { (0..inc.records.len()).collect() };
        let key = |i: &usize| (inc.records[*i].hlc, &inc.records[*i].origin, inc.records[*i].seq);
        order.sort_by(|a, b| key(a).cmp(&key(b)));
        let records: Vec<&ChangeRecord> = order.iter().map(|&i| &inc.records[i]).collect();
        let fresh: Vec<bool> = order.iter().map(|&i| held[i] == Held::New).collect();
        // A (device, seq) held with another record: record by record.
        let done = if held.contains(&Held::Other) {
            vec![false; order.len()]
        } else {
            self.bulk_creations(&records, &fresh, &mut report)?
        };
        for ((r, i), _) in records.into_iter().zip(order).zip(done).filter(|(_, done)| !done) {
            // Held with the same clock, transaction and causal length: the
            // same record (a device that reused a seq wrote it at another
            // clock); a re-import stops here for each.
            if held[i] == Held::Same {
                report.already += 1;
                continue;
            }
            if held[i] == Held::Other
                && let Some(held) = self.held(&r.origin, r.seq)?
            {
                if same_record(&held, r) {
                    report.already += 1;
                    continue;
                }
                if !inc.skip_clashes {
                    return Err(Error::invalid("sync.seq_clash", &[("device", &r.origin), ("seq", &r.seq)]));
                }
                self.keep_clash(r)?;
                report.clashes += 1;
                continue;
            }
            let effect = self.apply_remote(r)?;
            self.log_remote(r)?;
            match effect {
                Effect::Applied(conflicts) => {
                    report.applied += 1;
                    report.conflicts += conflicts;
                    self.note_customer(&mut report, r, conflicts)?;
                }
                Effect::Parked => {
                    self.park(r)?;
                    report.parked += 1;
                }
            }
        }
        report.replayed = self.replay_parked(&mut report)?;
        report.parked = self.tx.query_row("SELECT count(*) FROM parked", [], |r| r.get::<_, i64>(0))? as usize;
        self.remember_peer(inc)?;
        if report.applied + report.replayed + report.clashes > 0 || report.joined {
            // Counted for the views that watch the archive (`watch.rs`):
            // records from elsewhere move no seq of this device's, and an
            // import touches too much to pin down; they reload.
            self.tx.execute(
                "INSERT INTO meta (key, value) VALUES ('imports', '1')
                 ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
                [],
            )?;
        }
        // Their names in one query (ids as a JSON array), not one each.
        let ids = serde_json::to_string(&report.customers.keys().collect::<Vec<_>>())
            .map_err(|e| Error::Invalid(e.to_string()))?;
        let mut names =
            self.tx.prepare("SELECT id, name FROM customer WHERE id IN (SELECT value FROM json_each(?1))")?;
        let mut rows = names.query([ids])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            if let Some(entry) = report.customers.get_mut(&id) {
                entry.name = row.get(1)?;
            }
        }
        Ok(report)
    }

    /// A record whose (device, seq) is taken here by another: its value is
    /// kept for review against the field's current one, never dropped.
    fn keep_clash(&mut self, r: &ChangeRecord) -> Result<()> {
        let row = self.ids.row(self.tx, &r.row, false)?;
        let col = self.ids.col(self.tx, &r.table, &r.column)?;
        let origin = self.ids.device(self.tx, &r.origin)?;
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO conflict (row, col, hlc, origin, value, winner_hlc, winner_origin, found_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?3, ?4, ?6)",
            )?
            .execute(params![row, col, r.hlc, origin, r.value, self.now_ms()])?;
        Ok(())
    }

    fn remember_peer(&mut self, inc: &Incoming<'_>) -> Result<()> {
        let peer = self.ids.device(self.tx, inc.sender)?;
        self.tx
            .prepare_cached(
                "INSERT INTO peer (n, seen_ms, files) VALUES (?1, ?2, 1)
                 ON CONFLICT (n) DO UPDATE SET seen_ms = excluded.seen_ms, files = files + 1",
            )?
            .execute(params![peer, self.now_ms()])?;
        for (origin, seq) in inc.known {
            let origin = self.ids.device(self.tx, origin)?;
            self.tx
                .prepare_cached(
                    "INSERT INTO peer_known (peer, origin, seq) VALUES (?1, ?2, ?3)
                     ON CONFLICT (peer, origin) DO UPDATE SET seq = max(seq, excluded.seq)",
                )?
                .execute(params![peer, origin, seq])?;
        }
        Ok(())
    }
}

impl Store {
    /// Take in a verified change set in one `BEGIN IMMEDIATE` transaction:
    /// a second import of the same records changes nothing, and archives
    /// that took in the same records in any order hold the same data. With
    /// `dry_run`, the same work is done and rolled back: the report is the
    /// preview.
    pub fn merge(&mut self, inc: &Incoming<'_>, dry_run: bool) -> Result<Merged> {
        let general = self.merge_general;
        let merge = |w: &mut Writer<'_>| {
            w.ids.off = general;
            w.seen.off = general;
            w.merge(inc)
        };
        if !dry_run {
            return self.with_import_cache(inc.records.len(), |s| s.write(merge));
        }
        if self.read_only {
            return Err(Error::ReadOnly);
        }
        let now_ms = self.clock.now().timestamp_millis();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let mut device = open::load_device(&tx)?;
        let mut w = Writer::new(&tx, &mut device, (now_ms, self.clock.today()), &self.romanizer);
        merge(&mut w)
        // Dropping the transaction rolls it back.
    }

    /// True when this archive holds every one of `records` already (the
    /// same clock, transaction and causal length): taking them in again
    /// changes no data, and needs no backup first.
    pub fn holds_all(&mut self, records: &[ChangeRecord]) -> Result<bool> {
        let now_ms = self.clock.now().timestamp_millis();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let mut device = open::load_device(&tx)?;
        let w = Writer::new(&tx, &mut device, (now_ms, self.clock.today()), &self.romanizer);
        Ok(w.held_status(records)?.iter().all(|h| *h == Held::Same))
    }

    /// Run `f` (an import of `records` records) with a page cache of
    /// [`IMPORT_CACHE_KIB`] instead of SQLite's 2 MB, and through the
    /// rollback journal when it at least doubles a small archive
    /// (`room::rollback_journal_for`); both are given back afterwards.
    fn with_import_cache<T>(&mut self, records: usize, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let before: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        let rollback = self.path.is_some() && super::room::rollback_journal_for(&self.conn, records)?;
        let out = f(self);
        if rollback {
            super::room::back_to_wal(&self.conn);
        }
        let restored = self
            .conn
            .pragma_update(None, "cache_size", before)
            .and_then(|()| self.conn.execute_batch("PRAGMA shrink_memory"));
        let out = out?;
        restored?;
        Ok(out)
    }

    /// Only the general path of an import: nothing remembered from one
    /// record to the next, every row looked up before it is inserted (as
    /// imports did before the fast path). Tests compare the two.
    #[doc(hidden)]
    pub fn set_general_merge(&mut self, general: bool) {
        self.merge_general = general;
    }

    /// Apply the records parked by earlier imports that this build can
    /// apply now (after an upgrade that knows their table or column).
    pub fn replay_parked(&mut self) -> Result<usize> {
        let waiting: i64 = self.conn.query_row("SELECT count(*) FROM parked", [], |r| r.get(0))?;
        if waiting == 0 || self.read_only {
            return Ok(0);
        }
        self.write(|w| w.replay_parked(&mut Merged::default()))
    }
}
