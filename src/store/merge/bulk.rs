//! An import's creations of rows new here, taken in set-wise before the
//! rest of its records (most of what a new archive takes in): grouped by
//! table, parents first, inserted in key order, and logged in (device,
//! seq) order, instead of one B-tree descent per index for each record in
//! clock order.
//!
//! Only creations whose effect cannot depend on that order are taken so;
//! every other record goes through the record-by-record path afterwards,
//! in clock order, and sees what it would have seen there. A creation of
//! row R is taken in bulk when:
//! - nothing in the file erases anything (an erase forgets rows);
//! - it is the file's first new record of R (by hlc, origin, seq), R has
//!   no row here and was never erased, its table is known and so is
//!   every field it names;
//! - for a record of a customer's table: its customer's row is here, or
//!   that customer's creation is taken in bulk and comes before it;
//! - for a customer: no creation of a record of the customer comes before
//!   it (that one would have found no customer, and waited).
//!
//! The result is the record-by-record path's (`tests/sync_bulk_props.rs`
//! compares the two on random files).

use super::batch::{self, by_device_and_seq};
use super::insert::{creation_parent, insert_values};
use crate::domain::fields::Value;
use crate::domain::schema::{self, CUSTOMER, PERSON, TABLES, Table};
use crate::error::Result;
use crate::store::exchange::Merged;
use crate::store::records::{ChangeRecord, ERASE_COLUMN, INSERT_COLUMN};
use crate::store::{Writer, room};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;

/// The first 16 bytes of `id` as a big-endian number (zero-padded): two
/// ids' numbers compare as their first 16 bytes do.
fn prefix(id: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let n = id.len().min(16);
    bytes[..n].copy_from_slice(&id.as_bytes()[..n]);
    u128::from_be_bytes(bytes)
}

/// What the rows taken in say of one customer: how many name it, whether
/// it is new (its own row is among them), whether its search record is
/// made again (its row or a key person's).
struct Met {
    applied: usize,
    new: bool,
    searched: bool,
}

/// What the rows of `table` just read say of their customers (as
/// `note_customer` says it of a record applied alone), and whether each
/// customer's search record is made again (what `touch` notes).
fn count(met: &mut FxHashMap<String, Met>, table: &Table, rows: &[Values<'_>]) {
    let is_customer = std::ptr::eq(table, &raw const CUSTOMER);
    let searched = is_customer || std::ptr::eq(table, &raw const PERSON);
    for (r, values) in rows {
        // The customer as inserted (the creation read whole).
        let customer = table.parent.and_then(|p| match values.iter().find(|(f, _)| *f == p) {
            Some((_, Value::Text(c))) => Some(c),
            _ => None,
        });
        let named = if table.parent.is_none() { Some(&r.row) } else { customer };
        if let Some(named) = named {
            if let Some(m) = met.get_mut(named.as_str()) {
                m.applied += 1;
                m.new |= is_customer;
                m.searched |= searched;
            } else {
                met.insert(named.clone(), Met { applied: 1, new: is_customer, searched });
            }
        }
    }
}

/// A creation read whole: the record and each field's value.
type Values<'r> = (&'r ChangeRecord, Vec<(&'static str, Value)>);

/// A creation that may be taken in bulk: its place in the import's order,
/// its table and the customer it names. (Its values are read again when
/// it is inserted: held for a whole file, they would double its memory.)
struct Creation {
    at: usize,
    table: &'static Table,
    customer: Option<String>,
}

impl Writer<'_> {
    /// Take in, in bulk, the creations among `order` (the import's records
    /// in clock order; `fresh`: not held here) that qualify (see the
    /// module's doc); returns which of `order` were taken in.
    pub(in crate::store) fn bulk_creations(
        &mut self,
        order: &[&ChangeRecord],
        fresh: &[bool],
        report: &mut Merged,
    ) -> Result<Vec<bool>> {
        let mut done = vec![false; order.len()];
        let new: Vec<usize> = (0..order.len()).filter(|&i| fresh[i]).collect();
        if self.seen.off || new.len() < 2 {
            return Ok(done);
        }
        if new.iter().any(|&i| order[i].column == ERASE_COLUMN || order[i].value.is_none()) {
            return Ok(done);
        }
        self.widen_cache(new.len())?;
        // Read beside the interning below (no SQLite in it): the first new
        // record of each row, and each creation's table and customer.
        let beside = || {
            let mut seen: FxHashSet<&str> = FxHashSet::default();
            seen.reserve(new.len());
            let first: Vec<bool> = new.iter().map(|&i| seen.insert(order[i].row.as_str())).collect();
            let parents: Vec<Option<(&'static Table, Option<String>, bool)>> = new
                .iter()
                .map(|&i| {
                    let r = order[i];
                    let table = schema::table(&r.table).filter(|_| r.column == INSERT_COLUMN)?;
                    // A creation that is not an object is left to the
                    // record-by-record path, which says what is wrong with
                    // it; one whose values its fields cannot hold is
                    // refused when read whole (as that path would refuse
                    // it).
                    creation_parent(table, r).map(|(customer, unknown)| (table, customer, unknown))
                })
                .collect();
            (first, parents)
        };
        let (first, parents) = std::thread::scope(|s| -> Result<_> {
            // Here instead if no thread can be made.
            let read = std::thread::Builder::new().spawn_scoped(s, beside).ok();
            // Devices, rows and columns get the numbers the record-by-record
            // path would give them (it interns them record by record in this
            // order): ties between equal clocks are read in that order.
            self.ids.rows_in_order(self.tx, new.iter().map(|&i| order[i].row.as_str()))?;
            for &i in &new {
                let r = order[i];
                self.ids.device(self.tx, &r.origin)?;
                self.ids.col(self.tx, &r.table, &r.column)?;
                for (_, o) in [&r.base, &r.settles].into_iter().flatten() {
                    self.ids.device(self.tx, o)?;
                }
            }
            match read {
                Some(read) => read.join().map_err(|_| crate::error::Error::Invalid("a worker thread failed".into())),
                None => Ok(beside()),
            }
        })?;
        let mut creations: Vec<Creation> = Vec::new();
        let mut first_child: FxHashMap<String, usize> = FxHashMap::default();
        for ((&i, parent), first) in new.iter().zip(parents).zip(first) {
            let Some((table, customer, unknown)) = parent else { continue };
            if let Some(c) = &customer
                && !first_child.contains_key(c)
            {
                first_child.insert(c.clone(), i);
            }
            if !unknown && first {
                creations.push(Creation { at: i, table, customer });
            }
        }
        let (here, customers_here) = self.rows_here(order, &creations)?;
        // Customers first: a record qualifies through its customer's.
        let mut taken_customers: FxHashMap<String, usize> = FxHashMap::default();
        let mut taken: Vec<Creation> = Vec::with_capacity(creations.len());
        for pass in [true, false] {
            for c in creations.iter_mut().filter(|c| std::ptr::eq(c.table, &raw const CUSTOMER) == pass) {
                let r = order[c.at];
                if here.contains(r.row.as_str()) {
                    continue;
                }
                let ok = if pass {
                    first_child.get(&r.row).is_none_or(|&child| child > c.at)
                } else {
                    match (&c.customer, c.table.parent) {
                        (_, None) => true,
                        (Some(cid), Some(_)) => {
                            customers_here.contains(cid) || taken_customers.get(cid).is_some_and(|&at| at < c.at)
                        }
                        (None, Some(_)) => false,
                    }
                };
                if ok {
                    if pass {
                        taken_customers.insert(r.row.clone(), c.at);
                    }
                    taken.push(Creation { at: c.at, table: c.table, customer: c.customer.take() });
                }
            }
        }
        self.insert_all(order, taken, &mut done, report)?;
        Ok(done)
    }

    /// Of the rows `creations` create, those here already (alive or
    /// deleted) or erased (never to come back); and of the customers they
    /// name, those here.
    fn rows_here<'r>(
        &self,
        order: &[&'r ChangeRecord],
        creations: &[Creation],
    ) -> Result<(FxHashSet<&'r str>, FxHashSet<String>)> {
        let mut asked: HashMap<&'static str, Vec<&'r str>> = HashMap::new();
        for c in creations {
            asked.entry(c.table.name).or_default().push(order[c.at].row.as_str());
        }
        let mut here: FxHashSet<&'r str> = FxHashSet::default();
        for (table, ids) in &asked {
            let found = self.present(table, ids)?;
            here.extend(ids.iter().copied().filter(|id| found.contains(*id)));
        }
        let named: Vec<&str> = creations.iter().filter_map(|c| c.customer.as_deref()).collect();
        let customers_here = self.present(CUSTOMER.name, &named)?;
        // Erased rows count as here: they never come back.
        let erased: FxHashSet<String> = self
            .tx
            .prepare("SELECT r.uuid FROM erased e JOIN row_ref r ON r.n = e.row")?
            .query_map([], |x| Ok(crate::store::ids::key_id(x.get_ref(0)?)))?
            .collect::<rusqlite::Result<_>>()?;
        here.extend(creations.iter().map(|c| order[c.at].row.as_str()).filter(|id| erased.contains(*id)));
        Ok((here, customers_here))
    }

    /// Which of `ids` have a row in `table` (one query, the ids as a JSON
    /// array).
    fn present(&self, table: &str, ids: &[&str]) -> Result<FxHashSet<String>> {
        // An empty table (a new archive's) holds none of them: not asked.
        let any: bool = self.tx.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), [], |r| r.get(0))?;
        if ids.is_empty() || !any {
            return Ok(FxHashSet::default());
        }
        let list = serde_json::to_string(ids).map_err(|e| crate::error::Error::Invalid(e.to_string()))?;
        Ok(self
            .tx
            .prepare_cached(&format!("SELECT id FROM {table} WHERE id IN (SELECT value FROM json_each(?1))"))?
            .query_map([list], |x| x.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Insert `taken` table by table (parents first), each in key order,
    /// then log them in (device, seq) order, as the record-by-record path
    /// would have: the same rows and records, fewer statements and
    /// descents. A table (or the change log) that at least doubles has its
    /// secondary indexes built again after its rows are in.
    fn insert_all(
        &mut self,
        order: &[&ChangeRecord],
        taken: Vec<Creation>,
        done: &mut [bool],
        report: &mut Merged,
    ) -> Result<()> {
        let rank = |t: &Table| TABLES.iter().position(|x| std::ptr::eq(*x, t)).unwrap_or(TABLES.len());
        // Sorted by keys held side by side (the table's rank and the id's
        // first 16 bytes as a number), the ids read only where those tie.
        let mut keyed: Vec<(usize, u128, &str, Creation)> =
            taken.into_iter().map(|c| (rank(c.table), prefix(&order[c.at].row), order[c.at].row.as_str(), c)).collect();
        keyed.sort_unstable_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        let taken: Vec<Creation> = keyed.into_iter().map(|k| k.3).collect();
        let mut dropped = room::Dropped::default();
        // The statements' rows, table by table, each in key order: read
        // whole on another thread while the rows before them are written.
        let mut batches: Vec<std::ops::Range<usize>> = Vec::new();
        let mut from = 0;
        for group in taken.chunk_by(|a, b| std::ptr::eq(a.table, b.table)) {
            let per = batch::rows_per_statement(group[0].table.fields.len() + 2);
            let mut at = from;
            while at < from + group.len() {
                let to = (at + per).min(from + group.len());
                batches.push(at..to);
                at = to;
            }
            from += group.len();
        }
        let read: &[Creation] = &taken;
        let met = std::thread::scope(|s| -> Result<FxHashMap<String, Met>> {
            let (send, made) = std::sync::mpsc::sync_channel::<Result<Vec<Values<'_>>>>(4);
            // The rows written go back to be freed on the thread that made
            // them (freed here, jemalloc hands their pages back to the
            // system batch by batch, a third of this thread's time).
            let (give_back, written) = std::sync::mpsc::channel::<Vec<Values<'_>>>();
            let batches = &batches;
            let reader = std::thread::Builder::new().spawn_scoped(s, move || {
                // Per customer named, counted here as the rows are read (on
                // the writer's thread, a tenth of its time at 100k).
                let mut met: FxHashMap<String, Met> = FxHashMap::default();
                for range in batches {
                    while let Ok(rows) = written.try_recv() {
                        drop(rows);
                    }
                    let rows = read[range.clone()]
                        .iter()
                        .map(|c| insert_values(c.table, order[c.at]).map(|(values, _)| (order[c.at], values)))
                        .collect::<Result<Vec<_>>>();
                    if let Ok(rows) = &rows {
                        count(&mut met, read[range.start].table, rows);
                    }
                    // The writer gave up: nothing more to read.
                    if send.send(rows).is_err() {
                        return met;
                    }
                }
                drop(send);
                // Until the writer is done.
                while let Ok(rows) = written.recv() {
                    drop(rows);
                }
                met
            });
            // No thread to read on: the import is given up, nothing written.
            let reader = reader.map_err(|e| crate::error::Error::Invalid(format!("import: {e}")))?;
            for range in batches {
                let rows = made.recv().map_err(|_| crate::error::Error::Invalid("import".into()))??;
                let table = read[range.start].table;
                if range.start == 0 || !std::ptr::eq(read[range.start - 1].table, table) {
                    let held = room::rows_at_most(self.tx, table.name)?;
                    let group = read[range.start..].iter().take_while(|c| std::ptr::eq(c.table, table)).count();
                    dropped =
                        room::join(std::mem::take(&mut dropped), room::drop_for(self.tx, table.name, group, held)?);
                }
                if self.insert_rows(table, &rows)? != rows.len() {
                    // Checked absent above: a row here now is a fault, and
                    // the transaction is given up.
                    let r = order[read[range.start].at];
                    return Err(crate::error::Error::Invalid(format!("{} {}: {}", r.origin, r.seq, r.row)));
                }
                // The reader gone, they are freed here.
                let _ = give_back.send(rows);
            }
            drop(give_back);
            reader.join().map_err(|_| crate::error::Error::Invalid("a worker thread failed".into()))
        })?;
        self.tell(met, report);
        let logged = by_device_and_seq(taken.iter().map(|c| order[c.at]));
        // Counted only when the import is large enough to build the
        // log's index again (a count reads the whole log).
        let held: i64 = if logged.len() >= room::REBUILD_FROM {
            self.tx.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?
        } else {
            0
        };
        dropped = room::join(dropped, room::drop_for(self.tx, "change_log", logged.len(), held)?);
        self.log_rows(&logged)?;
        dropped.rebuild(self.tx)?;
        report.applied += logged.len();
        for c in &taken {
            done[c.at] = true;
        }
        Ok(())
    }

    /// What the rows taken in said of each customer, into the report and
    /// the search records to make again; in id order, as the ordered map
    /// and set take them best. Nothing is remembered of the rows for the
    /// records after: the few that touch one ask once.
    fn tell(&mut self, met: FxHashMap<String, Met>, report: &mut Merged) {
        let mut met: Vec<(String, Met)> = met.into_iter().collect();
        met.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (id, m) in met {
            if m.searched {
                self.dirty_customers.insert(id.clone());
            }
            let entry = report.customers.entry(id).or_default();
            entry.applied += m.applied;
            entry.new |= m.new;
        }
    }

    /// A large import: a page cache to hold what `records` records write
    /// (given back when the writer goes).
    fn widen_cache(&mut self, records: usize) -> Result<()> {
        if let Some((before, want)) = room::cache_wanted(self.tx, records)? {
            room::set_cache(self.tx, -want)?;
            self.cache_before.get_or_insert(before);
        }
        Ok(())
    }
}
