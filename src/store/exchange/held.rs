//! What an import's records are to this archive, found for the whole file
//! at once: new here, held already (the same clock, transaction and
//! causal length), or a (device, seq) held with another record.

use crate::error::Result;
use crate::store::Writer;
use crate::store::records::{ChangeRecord, RECORD_SELECT, origins_numbered, record_from};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// A record of a file, as this archive sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::store) enum Held {
    /// Not held here.
    New,
    /// Held with the same clock, transaction and causal length: the same
    /// record.
    Same,
    /// Its (device, seq) is held with another clock.
    Other,
}

/// The identity of a record apart from its value (an erase scrubs values
/// on every device, so they may differ legitimately).
pub(super) fn same_record(a: &ChangeRecord, b: &ChangeRecord) -> bool {
    (a.hlc, a.tx, &a.table, &a.row, &a.column, a.cl, &a.base, &a.settles)
        == (b.hlc, b.tx, &b.table, &b.row, &b.column, b.cl, &b.base, &b.settles)
}

/// (hlc, tx, cl) held per seq of one origin, from `lo`: a slot per seq
/// when the file's range is not much wider than its records, else a map.
enum Stamps {
    Dense(i64, Vec<Option<(i64, i64, i64)>>),
    Sparse(HashMap<i64, (i64, i64, i64)>),
}

impl Stamps {
    fn get(&self, seq: i64) -> Option<(i64, i64, i64)> {
        match self {
            Stamps::Dense(lo, slots) => usize::try_from(seq - lo).ok().and_then(|i| slots.get(i).copied().flatten()),
            Stamps::Sparse(map) => map.get(&seq).copied(),
        }
    }
}

impl Writer<'_> {
    pub(super) fn held(&self, origin: &str, seq: i64) -> Result<Option<ChangeRecord>> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "{RECORD_SELECT} WHERE l.origin = (SELECT n FROM device WHERE uuid = ?1) AND l.seq = ?2"
            ))?
            .query_row(params![origin, seq], record_from)
            .optional()?)
    }

    /// What each of `records` is here, in their order: the (hlc, tx, cl)
    /// this archive holds in the file's seq ranges are read origin by
    /// origin in one pass each.
    pub(super) fn held_status(&self, records: &[ChangeRecord]) -> Result<Vec<Held>> {
        let (origins, of) = origins_numbered(records.iter());
        let mut ranges: Vec<(i64, i64, usize)> = vec![(i64::MAX, i64::MIN, 0); origins.len()];
        for (r, &n) in records.iter().zip(&of) {
            let e = &mut ranges[n];
            *e = (e.0.min(r.seq), e.1.max(r.seq), e.2 + 1);
        }
        let mut held: Vec<Stamps> = Vec::with_capacity(ranges.len());
        let mut stmt = self.tx.prepare_cached(
            "SELECT seq, hlc, tx, cl FROM change_log WHERE origin = (SELECT n FROM device WHERE uuid = ?1)
             AND seq BETWEEN ?2 AND ?3",
        )?;
        for (origin, (lo, hi, count)) in origins.iter().zip(ranges) {
            let span = usize::try_from(hi - lo).unwrap_or(usize::MAX).saturating_add(1);
            let mut stamps = if span <= count.saturating_mul(4).saturating_add(1024) {
                Stamps::Dense(lo, vec![None; span])
            } else {
                Stamps::Sparse(HashMap::new())
            };
            let rows =
                stmt.query_map(params![origin, lo, hi], |x| Ok((x.get(0)?, (x.get(1)?, x.get(2)?, x.get(3)?))))?;
            for row in rows {
                let (seq, stamp): (i64, (i64, i64, i64)) = row?;
                match &mut stamps {
                    Stamps::Dense(lo, slots) => {
                        if let Some(slot) = usize::try_from(seq - *lo).ok().and_then(|i| slots.get_mut(i)) {
                            *slot = Some(stamp);
                        }
                    }
                    Stamps::Sparse(map) => {
                        map.insert(seq, stamp);
                    }
                }
            }
            held.push(stamps);
        }
        Ok(records
            .iter()
            .zip(of)
            .map(|(r, n)| match held[n].get(r.seq) {
                None => Held::New,
                Some(s) if s == (r.hlc, r.tx, r.cl) => Held::Same,
                Some(_) => Held::Other,
            })
            .collect())
    }
}
