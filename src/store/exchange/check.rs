//! The values of a file's records checked before anything is written:
//! on two threads for a large file, the first fault in the file's order
//! named whichever thread finds its own first.

use super::ValueCheck;
use super::held::Held;
use crate::error::Result;
use crate::store::records::ChangeRecord;

/// Below this many records, a file's values are checked on one thread (a
/// second costs more than it saves).
const CHECK_ALONE: usize = 4096;

/// Check each of `records` not held here (on two threads for a large
/// file); the fault of the first record found wrong, in the file's order.
pub(super) fn check_all(records: &[ChangeRecord], held: &[Held], check: &ValueCheck) -> Result<()> {
    let halves = crate::store::halves::in_halves(records, CHECK_ALONE, |at, part| -> Result<()> {
        for (i, r) in part.iter().enumerate().map(|(k, r)| (at + k, r)) {
            if held[i] != Held::Same {
                check(i, r)?;
            }
        }
        Ok(())
    })?;
    // The first half's fault comes first in the file.
    halves.into_iter().collect()
}
