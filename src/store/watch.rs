//! Noticing writes made by other processes (the CLI from another terminal,
//! `repbook due` from cron) so that an open interface refreshes only what
//! changed (DESIGN.md §2: the interface watches `PRAGMA data_version`).

use super::Store;
use crate::error::Result;
use rusqlite::params;
use std::collections::BTreeSet;

/// How far this process has looked at the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteMark {
    device_id: String,
    seq: i64,
    imports: i64,
}

/// What changed since a [`WriteMark`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutsideChanges {
    /// Nothing.
    Nothing,
    /// These customers (or records of theirs) changed; the set may be empty
    /// when only derived data moved.
    Customers(BTreeSet<String>),
    /// Too much or too foreign to pin down (an import, a new device
    /// identity, an erased record): reload everything.
    Everything,
}

impl Store {
    /// Where the change log stands now.
    pub fn write_mark(&self) -> Result<WriteMark> {
        let device = super::open::load_device(&self.conn)?;
        Ok(WriteMark { device_id: device.device_id, seq: device.next_seq - 1, imports: self.imports() })
    }

    /// How many imports the archive has taken (sync counts them in meta).
    fn imports(&self) -> i64 {
        self.conn
            .query_row("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'imports'", [], |r| r.get(0))
            .unwrap_or(0)
    }

    /// What was committed by other connections since `mark`, which moves to
    /// now. Cheap when nothing changed: one pragma.
    pub fn outside_changes(&mut self, mark: &mut WriteMark) -> Result<OutsideChanges> {
        let version: i64 = self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if version == self.data_version {
            return Ok(OutsideChanges::Nothing);
        }
        self.data_version = version;
        self.changes_since(mark)
    }

    /// The customers whose records changed since `mark` (by this process or
    /// any other), which moves to now: what a view must refresh after a
    /// write without reloading everything.
    pub fn changes_since(&self, mark: &mut WriteMark) -> Result<OutsideChanges> {
        let now = self.write_mark()?;
        let before = std::mem::replace(mark, now.clone());
        if now.device_id != before.device_id || now.imports != before.imports {
            return Ok(OutsideChanges::Everything);
        }
        if now.seq == before.seq {
            return Ok(OutsideChanges::Nothing);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT c.tbl, r.uuid, c.col FROM change_log l JOIN device d ON d.n = l.origin
             JOIN row_ref r ON r.n = l.row JOIN col_ref c ON c.n = l.col
             WHERE d.uuid = ?1 AND l.seq > ?2",
        )?;
        let rows: Vec<(String, String, String)> = stmt
            .query_map(params![now.device_id, before.seq], |r| {
                Ok((r.get(0)?, super::ids::key_id(r.get_ref(1)?), r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        let mut customers = BTreeSet::new();
        for (table, row, column) in rows {
            if column == super::ERASE_COLUMN || crate::domain::schema::table(&table).is_none() {
                return Ok(OutsideChanges::Everything);
            }
            if table == "customer" {
                customers.insert(row);
                continue;
            }
            // Week reviews and their Act items belong to no customer: no
            // row of the list changes.
            if matches!(table.as_str(), "week_review" | "review_act") {
                continue;
            }
            let owner: Option<String> = self
                .conn
                .query_row(&format!("SELECT customer_id FROM {table} WHERE id = ?1"), [&row], |r| r.get(0))
                .ok();
            match owner {
                Some(c) => {
                    customers.insert(c);
                }
                None => return Ok(OutsideChanges::Everything),
            }
        }
        Ok(OutsideChanges::Customers(customers))
    }
}
