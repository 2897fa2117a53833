//! Work over many items split in two halves, the second on another thread
//! (a large import's value check, many customers' search records): the
//! halves' results in order, so that what comes first in the items comes
//! first in the results.

use crate::error::{Error, Result};

/// `f` (given each half's offset in `items`) over the two halves of
/// `items`, the second half on another thread; over all of them on this
/// thread below `from` items, where a second thread costs more than it
/// saves. The results of the halves, in order.
pub(super) fn in_halves<T: Sync, R: Send>(
    items: &[T],
    from: usize,
    f: impl Fn(usize, &[T]) -> R + Sync,
) -> Result<Vec<R>> {
    if items.len() < from.max(2) {
        return Ok(vec![f(0, items)]);
    }
    let half = items.len() / 2;
    std::thread::scope(|s| {
        // The second half here too if no thread can be made.
        let second = std::thread::Builder::new().spawn_scoped(s, || f(half, &items[half..])).ok();
        let first = f(0, &items[..half]);
        let second = match second {
            Some(h) => h.join().map_err(|_| Error::Invalid("a worker thread failed".into()))?,
            None => f(half, &items[half..]),
        };
        Ok(vec![first, second])
    })
}

#[cfg(test)]
mod tests {
    use super::in_halves;

    #[test]
    fn halves_come_back_in_order_with_their_offsets() {
        let items: Vec<usize> = (0..10).collect();
        let parts = in_halves(&items, 4, |at, part| (at, part.to_vec())).unwrap();
        assert_eq!(parts, vec![(0, (0..5).collect()), (5, (5..10).collect())]);
        let alone = in_halves(&items, 11, |at, part| (at, part.len())).unwrap();
        assert_eq!(alone, vec![(0, 10)]);
        assert_eq!(in_halves(&[] as &[u8], 0, |_, part: &[u8]| part.len()).unwrap(), vec![0]);
    }
}
