//! The records of an export, read straight from the change log one by one
//! and lent out (DESIGN.md §4): no record is built as owned strings, the
//! interned devices and columns are resolved from small maps read once,
//! and each origin's records come by one prepared query in seq order.

use super::Store;
use super::peers::Known;
use crate::error::{Error, Result};
use rusqlite::params;
use rusqlite::types::ValueRef;

/// One change record as the log holds it, borrowed (see
/// [`super::ChangeRecord`] for what each field is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordRef<'a> {
    /// Device that made the change.
    pub origin: &'a str,
    /// Its seq.
    pub seq: i64,
    /// Its clock.
    pub hlc: i64,
    /// The first seq of its transaction.
    pub tx: i64,
    /// Table name.
    pub table: &'a str,
    /// Row id.
    pub row: &'a str,
    /// Field name, or `_insert` / `_cl` / `_erase`.
    pub column: &'a str,
    /// Causal length.
    pub cl: i64,
    /// The value as JSON text, if any.
    pub value: Option<&'a str>,
    /// (hlc, origin) of the value the editor saw.
    pub base: Option<(i64, &'a str)>,
    /// (hlc, origin) of the losing value whose conflict it resolves.
    pub settles: Option<(i64, &'a str)>,
}

/// A row id as text: a UUID held as its 16 bytes is written hyphenated
/// into `buf` (as [`super::ids::key_id`] reads it).
fn row_text<'a>(v: ValueRef<'a>, buf: &'a mut [u8; 36]) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    match v {
        ValueRef::Blob(b) => match uuid::Uuid::from_slice(b) {
            Ok(u) => Cow::Borrowed(u.hyphenated().encode_lower(buf)),
            Err(_) => String::from_utf8_lossy(b),
        },
        ValueRef::Text(t) => String::from_utf8_lossy(t),
        ValueRef::Integer(i) => Cow::Owned(i.to_string()),
        _ => Cow::Borrowed(""),
    }
}

/// Values by a dense number (interned ids count up from 1).
struct Dense<T>(Vec<Option<T>>);

impl<T: Copy> Dense<T> {
    fn new(items: impl Iterator<Item = (i64, T)>) -> Self {
        let mut slots = Vec::new();
        for (n, v) in items {
            let Ok(i) = usize::try_from(n) else { continue };
            if i >= slots.len() {
                slots.resize(i + 1, None);
            }
            slots[i] = Some(v);
        }
        Self(slots)
    }

    fn get(&self, n: i64) -> Option<T> {
        usize::try_from(n).ok().and_then(|i| self.0.get(i).copied().flatten())
    }
}

/// Row ids by their number, in one buffer.
#[derive(Default)]
struct RowIds {
    text: String,
    /// Per number: start and end in `text`.
    spans: Vec<Option<(u32, u32)>>,
}

impl RowIds {
    fn add(&mut self, n: i64, id: &str) {
        let (Ok(i), Ok(start)) = (usize::try_from(n), u32::try_from(self.text.len())) else { return };
        self.text.push_str(id);
        let Ok(end) = u32::try_from(self.text.len()) else { return };
        if i >= self.spans.len() {
            self.spans.resize(i + 1, None);
        }
        self.spans[i] = Some((start, end));
    }

    fn get(&self, n: i64) -> Option<&str> {
        let (start, end) = (*self.spans.get(usize::try_from(n).ok()?)?)?;
        self.text.get(start as usize..end as usize)
    }
}

impl Store {
    /// Per device this archive knows, in the order of their ids: its id,
    /// and the first seq, the last seq and the number of its records
    /// beyond `known` (0, 0, 0 when none): what a file of them will hold,
    /// known before any is read.
    pub fn plan_beyond(&self, known: &Known) -> Result<Vec<(String, i64, i64, usize)>> {
        let devices: Vec<(i64, String)> = self
            .conn
            .prepare("SELECT n, uuid FROM device ORDER BY uuid")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(min(seq), 0), coalesce(max(seq), 0), count(*) FROM change_log WHERE origin = ?1 AND seq > ?2",
        )?;
        let mut out = Vec::with_capacity(devices.len());
        for (n, uuid) in devices {
            let after = known.get(&uuid).copied().unwrap_or(0);
            let (lo, hi, count): (i64, i64, i64) =
                stmt.query_row(params![n, after], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            out.push((uuid, lo, hi, usize::try_from(count).unwrap_or(0)));
        }
        Ok(out)
    }

    /// True when a record beyond `known` settles a conflict (its file is
    /// of the newer format). Few records do: read from their own index.
    pub fn settles_beyond(&self, known: &Known) -> Result<bool> {
        let mut stmt = self.conn.prepare(
            "SELECT d.uuid, l.seq FROM change_log l INDEXED BY change_log_settles JOIN device d ON d.n = l.origin
             WHERE l.settles_hlc IS NOT NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let origin: String = r.get(0)?;
            if r.get::<_, i64>(1)? > known.get(&origin).copied().unwrap_or(0) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Every record beyond `known`, for all origins (the same records, in
    /// the same order, as [`Store::changes_beyond`]), each lent to `each`
    /// in turn; `expected` is about how many there are
    /// ([`Store::plan_beyond`]): when they are many, every row id is read
    /// once into memory rather than looked up record by record. Returns
    /// how many were lent.
    pub fn each_change_beyond(
        &self,
        known: &Known,
        expected: usize,
        mut each: impl FnMut(&RecordRef<'_>) -> Result<()>,
    ) -> Result<usize> {
        let devices: Vec<(i64, String)> = self
            .conn
            .prepare("SELECT n, uuid FROM device ORDER BY uuid")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let uuid_of = Dense::new(devices.iter().map(|(n, u)| (*n, u.as_str())));
        let cols: Vec<(i64, String, String)> = self
            .conn
            .prepare("SELECT n, tbl, col FROM col_ref")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let cols = Dense::new(cols.iter().map(|(n, t, c)| (*n, (t.as_str(), c.as_str()))));
        let (row_count, last_row): (i64, Option<i64>) =
            self.conn.query_row("SELECT count(*), max(n) FROM row_ref", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let row_count = usize::try_from(row_count).unwrap_or(0);
        // Many records: every row id read once, into one buffer (when the
        // row numbers are dense, as the log hands them out).
        let preload = expected >= row_count / 2
            && row_count < 10_000_000
            && usize::try_from(last_row.unwrap_or(0)).is_ok_and(|last| last <= row_count.saturating_mul(2) + 1024);
        let mut ids = RowIds::default();
        if preload {
            ids.spans.reserve(row_count + 1);
            ids.text.reserve(row_count * 36);
            let mut buf = [0u8; 36];
            let mut stmt = self.conn.prepare("SELECT n, uuid FROM row_ref")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let n: i64 = r.get(0)?;
                ids.add(n, &row_text(r.get_ref(1)?, &mut buf));
            }
        }
        // Without the ids read ahead, the join finds each record's.
        let mut stmt = self.conn.prepare(if preload {
            "SELECT l.seq, l.hlc, l.tx, l.row, l.col, l.cl, l.value, l.base_hlc, l.base_origin,
                    l.settles_hlc, l.settles_origin
             FROM change_log l WHERE l.origin = ?1 AND l.seq > ?2 ORDER BY l.seq"
        } else {
            "SELECT l.seq, l.hlc, l.tx, r.uuid, l.col, l.cl, l.value, l.base_hlc, l.base_origin,
                    l.settles_hlc, l.settles_origin
             FROM change_log l JOIN row_ref r ON r.n = l.row WHERE l.origin = ?1 AND l.seq > ?2 ORDER BY l.seq"
        })?;
        let mut count = 0;
        let mut buf = [0u8; 36];
        for (n, uuid) in &devices {
            let after = known.get(uuid).copied().unwrap_or(0);
            let mut rows = stmt.query(params![n, after])?;
            while let Some(r) = rows.next()? {
                // A row or column the log does not name is not a record (as
                // the joins of `changes_beyond` drop it).
                let Some((table, column)) = cols.get(r.get(4)?) else { continue };
                let row = if preload {
                    let Some(id) = ids.get(r.get(3)?) else { continue };
                    std::borrow::Cow::Borrowed(id)
                } else {
                    row_text(r.get_ref(3)?, &mut buf)
                };
                let base_hlc: Option<i64> = r.get(7)?;
                let base_origin: Option<i64> = r.get(8)?;
                let settles_hlc: Option<i64> = r.get(9)?;
                let settles_origin: Option<i64> = r.get(10)?;
                let value = match r.get_ref(6)? {
                    ValueRef::Text(t) => Some(std::str::from_utf8(t).map_err(|e| Error::Invalid(e.to_string()))?),
                    _ => None,
                };
                each(&RecordRef {
                    origin: uuid,
                    seq: r.get(0)?,
                    hlc: r.get(1)?,
                    tx: r.get(2)?,
                    table,
                    row: &row,
                    column,
                    cl: r.get(5)?,
                    value,
                    base: base_hlc.zip(base_origin.and_then(|o| uuid_of.get(o))),
                    settles: settles_hlc.zip(settles_origin.and_then(|o| uuid_of.get(o))),
                })?;
                count += 1;
            }
        }
        Ok(count)
    }
}
