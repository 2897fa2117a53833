//! The values of a file's records checked before anything is written:
//! on two threads for a large file, the first fault in the file's order
//! named whichever thread finds its own first.

use super::ValueCheck;
use super::held::Held;
use crate::error::{Error, Result};
use crate::store::records::ChangeRecord;

/// Below this many records, a file's values are checked on one thread (a
/// second costs more than it saves).
const CHECK_ALONE: usize = 4096;

/// Check each of `records` not held here (on two threads for a large
/// file); the fault of the first record found wrong, in the file's order.
pub(super) fn check_all(records: &[ChangeRecord], held: &[Held], check: &ValueCheck) -> Result<()> {
    let part = |from: usize, to: usize| -> Result<()> {
        for (i, r) in records.iter().enumerate().take(to).skip(from) {
            if held[i] != Held::Same {
                check(i, r)?;
            }
        }
        Ok(())
    };
    if records.len() < CHECK_ALONE {
        return part(0, records.len());
    }
    let half = records.len() / 2;
    std::thread::scope(|s| {
        let second = s.spawn(|| part(half, records.len()));
        let first = part(0, half);
        // The first half's fault comes first in the file.
        first?;
        second.join().unwrap_or_else(|_| Err(Error::Invalid("check".into())))
    })
}
