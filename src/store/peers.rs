//! What this archive holds and what each peer is known to hold, as
//! contiguous seqs per origin (a watermark with holes would skip changes
//! that arrived late: atuin's failure, DESIGN.md §4), the records to send,
//! and a digest of the data for two devices to compare.

use super::records::{ChangeRecord, RECORD_SELECT, record_from, value_from};
use super::{Store, ids};
use crate::domain::schema::{TABLES, Table};
use crate::error::{Error, Result};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Per origin device: every seq from 1 to this one is held.
pub type Known = BTreeMap<String, i64>;

/// A device this archive has received a change file from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Peer {
    /// Its device id.
    pub device: String,
    /// When its last file was taken in (ms since the epoch).
    pub seen_ms: i64,
    /// How many of its files were taken in.
    pub files: i64,
    /// What it held when it wrote its last file.
    pub known: Known,
}

impl Store {
    /// The contiguous seq held of each origin (holes left by a file that
    /// never arrived stop it, so the missing changes are asked for again).
    pub fn known(&self) -> Result<Known> {
        let mut stmt = self.conn.prepare(
            "SELECT d.uuid, l.origin, count(*), min(l.seq), max(l.seq) FROM change_log l
             JOIN device d ON d.n = l.origin GROUP BY l.origin",
        )?;
        let rows: Vec<(String, i64, i64, i64, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Known::new();
        for (uuid, n, count, min, max) in rows {
            let upto = if min != 1 {
                0
            } else if count == max {
                max
            } else {
                self.conn.query_row(
                    "SELECT min(seq) FROM change_log a WHERE origin = ?1
                     AND NOT EXISTS (SELECT 1 FROM change_log b WHERE b.origin = ?1 AND b.seq = a.seq + 1)",
                    [n],
                    |r| r.get(0),
                )?
            };
            if upto > 0 {
                out.insert(uuid, upto);
            }
        }
        Ok(out)
    }

    /// Every record beyond `known`, for all origins (a laptop relays its
    /// phone's changes), each origin's in seq order.
    pub fn changes_beyond(&self, known: &Known) -> Result<Vec<ChangeRecord>> {
        let devices: Vec<(i64, String)> = self
            .conn
            .prepare("SELECT n, uuid FROM device ORDER BY uuid")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt =
            self.conn.prepare(&format!("{RECORD_SELECT} WHERE l.origin = ?1 AND l.seq > ?2 ORDER BY l.seq"))?;
        let mut out = Vec::new();
        for (n, uuid) in devices {
            let after = known.get(&uuid).copied().unwrap_or(0);
            out.extend(stmt.query_map(params![n, after], record_from)?.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        Ok(out)
    }

    /// This device's own records with seq above `after`.
    pub fn own_changes_after(&self, after: i64) -> Result<Vec<ChangeRecord>> {
        let mut stmt =
            self.conn.prepare(&format!("{RECORD_SELECT} WHERE l.origin = ?1 AND l.seq > ?2 ORDER BY l.seq"))?;
        let device = super::open::load_device(&self.conn)?;
        Ok(stmt.query_map(params![device.n, after], record_from)?.collect::<rusqlite::Result<_>>()?)
    }

    /// Every record of one customer and of its records (people, visits,
    /// follow-ups, ...): its whole dossier with its history, for a
    /// hand-over.
    pub fn dossier_changes(&self, customer: &str) -> Result<Vec<ChangeRecord>> {
        let mut ids_: Vec<String> = vec![customer.to_string()];
        for table in TABLES.iter().filter(|t| t.parent.is_some()) {
            let mut stmt = self.conn.prepare(&format!("SELECT id FROM {} WHERE customer_id = ?1", table.name))?;
            ids_.extend(stmt.query_map([customer], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        let mut stmt = self.conn.prepare(&format!("{RECORD_SELECT} WHERE l.row = ?1 ORDER BY l.hlc, d.uuid, l.seq"))?;
        let mut out = Vec::new();
        for id in ids_ {
            if let Some(row) = ids::find_row(&self.conn, &id)? {
                out.extend(stmt.query_map([row], record_from)?.collect::<rusqlite::Result<Vec<_>>>()?);
            }
        }
        out.sort_by(|a, b| (a.hlc, &a.origin, a.seq).cmp(&(b.hlc, &b.origin, b.seq)));
        Ok(out)
    }

    /// What `peer` (a device id, or its start or end) was known to hold when
    /// it last sent a file; empty for a peer never heard from.
    pub fn peer_known(&self, peer: &str) -> Result<(String, Known)> {
        // Its start, or its end as the interface and the conflicts show a
        // device (ids begin with their time, so starts are alike).
        let found: Vec<String> = self
            .conn
            .prepare(
                "SELECT d.uuid FROM peer p JOIN device d ON d.n = p.n
                 WHERE d.uuid LIKE ?1 || '%' ESCAPE '\\' OR d.uuid LIKE '%' || ?1 ESCAPE '\\'",
            )?
            .query_map([peer.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")], |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<_>>()?;
        let device = match found.as_slice() {
            [one] => one.clone(),
            [] => return Err(Error::invalid("sync.unknown_peer", &[("peer", &crate::text::one_line(peer))])),
            many => {
                return Err(Error::invalid(
                    "sync.ambiguous_peer",
                    &[("peer", &crate::text::one_line(peer)), ("count", &many.len())],
                ));
            }
        };
        let known = self
            .conn
            .prepare(
                "SELECT o.uuid, k.seq FROM peer_known k JOIN device p ON p.n = k.peer JOIN device o ON o.n = k.origin
                 WHERE p.uuid = ?1",
            )?
            .query_map([&device], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((device, known))
    }

    /// The devices this archive has taken files from, last heard first.
    pub fn peers(&self) -> Result<Vec<Peer>> {
        let list: Vec<(String, i64, i64)> = self
            .conn
            .prepare(
                "SELECT d.uuid, p.seen_ms, p.files FROM peer p JOIN device d ON d.n = p.n ORDER BY p.seen_ms DESC",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        list.into_iter()
            .map(|(device, seen_ms, files)| Ok(Peer { known: self.peer_known(&device)?.1, device, seen_ms, files }))
            .collect()
    }

    /// Records taken in but not applied yet.
    pub fn parked_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM parked", [], |r| r.get(0))?)
    }

    /// A SHA-256 of every record of every table (id, causal length and each
    /// field's value; not when it was written here): two archives with the
    /// same digest hold the same data.
    pub fn digest(&self) -> Result<String> {
        let mut hash = Sha256::new();
        for table in TABLES {
            digest_table(&self.conn, table, &mut hash)?;
        }
        Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// True when the sync folder file `name` of `size` bytes was taken in.
    pub fn sync_file_done(&self, name: &str, size: u64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT size FROM sync_file WHERE name = ?1")?
            .query_row([name], |r| r.get::<_, i64>(0))
            .optional()?
            .is_some_and(|s| s == size as i64))
    }

    /// True when a change file whose content has this SHA-256 (hex) was
    /// taken in whole here before.
    pub fn took_in_file(&self, sha256: &str) -> Result<bool> {
        Ok(self.conn.prepare_cached("SELECT 1 FROM sync_taken WHERE sha256 = ?1")?.exists([sha256])?)
    }

    /// Remember that a change file of this SHA-256 with `records` records
    /// was taken in whole: every record is in the change log now. Called
    /// after the import committed (a crash before leaves it unsaid, and the
    /// next import of the file reads it all again).
    pub fn note_file_taken(&mut self, sha256: &str, records: usize) -> Result<()> {
        if self.read_only {
            return Ok(());
        }
        let now = self.clock.now().timestamp_millis();
        self.conn.execute(
            "INSERT INTO sync_taken (sha256, records, taken_ms) VALUES (?1, ?2, ?3)
             ON CONFLICT (sha256) DO UPDATE SET taken_ms = excluded.taken_ms",
            params![sha256, records as i64, now],
        )?;
        Ok(())
    }

    /// Remember that the sync folder file `name` was taken in (or written
    /// by this device).
    pub fn note_sync_file(&mut self, name: &str, size: u64) -> Result<()> {
        let now = self.clock.now().timestamp_millis();
        self.conn.execute(
            "INSERT INTO sync_file (name, size, applied_ms) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET size = excluded.size, applied_ms = excluded.applied_ms",
            params![name, size as i64, now],
        )?;
        Ok(())
    }
}

fn digest_table(conn: &rusqlite::Connection, table: &Table, hash: &mut Sha256) -> Result<()> {
    let cols: String = table.fields.iter().map(|f| format!(", {}", f.name)).collect();
    let mut stmt = conn.prepare(&format!("SELECT id, cl{cols} FROM {} ORDER BY id", table.name))?;
    let mut rows = stmt.query([])?;
    hash.update(table.name.as_bytes());
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let cl: i64 = r.get(1)?;
        let mut line = vec![serde_json::Value::from(id), serde_json::Value::from(cl)];
        for (i, f) in table.fields.iter().enumerate() {
            let v = value_from(f.kind, r.get_ref(i + 2)?);
            line.push(serde_json::to_value(v).map_err(|e| Error::Invalid(e.to_string()))?);
        }
        hash.update(serde_json::Value::Array(line).to_string().as_bytes());
        hash.update(b"\n");
    }
    Ok(())
}
