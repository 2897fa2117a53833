//! Putting hits in order without comparing them: every customer's place
//! in tie order (class, last contact, name order) is numbered once, and a
//! hit's sort key is its score and that number, sorted by radix (a few
//! linear passes, where a comparison sort of 80k hits takes milliseconds).

/// Every position's number in tie order.
#[derive(Debug, Clone, Default)]
pub(super) struct Ranks {
    /// position → rank.
    pub of: Vec<u32>,
    /// rank → position.
    pub order: Vec<u32>,
}

impl Ranks {
    /// The ranks of entries with these tie keys: by tie key, then position.
    /// Positions are sorted by radix over their tie keys (a pass skipped
    /// where every key has the same digit), in place of (key, position)
    /// pairs: a quarter of the memory, which a start pays in page faults.
    pub fn new(ties: &[u64]) -> Ranks {
        let n = ties.len();
        let mut order: Vec<u32> = (0..n as u32).collect();
        let mut other = vec![0u32; n];
        let mut counts = vec![0u32; 1 << 16];
        let digit = |i: u32, shift: u32| ties.get(i as usize).map_or(0, |t| ((t >> shift) & 0xFFFF) as usize);
        for shift in [0u32, 16, 32, 48] {
            counts.fill(0);
            for &i in &order {
                counts[digit(i, shift)] += 1;
            }
            if counts.iter().any(|&c| c as usize == n) {
                continue;
            }
            let mut at = 0;
            for c in &mut counts {
                (*c, at) = (at, at + *c);
            }
            for &i in &order {
                let d = digit(i, shift);
                other[counts[d] as usize] = i;
                counts[d] += 1;
            }
            std::mem::swap(&mut order, &mut other);
        }
        let mut of = other;
        for (rank, &i) in order.iter().enumerate() {
            if let Some(slot) = of.get_mut(i as usize) {
                *slot = rank as u32;
            }
        }
        Ranks { of, order }
    }
}

/// The sort key of a hit: best score first, then tie order.
pub(super) fn key(score: u32, rank: u32) -> u64 {
    (u64::from(u32::MAX - score) << 32) | u64::from(rank)
}

/// The score in a [`key`].
pub(super) fn score_of(key: u64) -> u32 {
    u32::MAX - (key >> 32) as u32
}

/// Sort by key, stably (equal keys keep their order): least significant
/// 16 bits first; a pass where every key has the same digit is skipped.
pub(super) fn sort(items: &mut Vec<(u64, u32)>) {
    if items.len() < 64 {
        items.sort_by_key(|i| i.0);
        return;
    }
    let mut other = vec![(0u64, 0u32); items.len()];
    let mut counts = vec![0usize; 1 << 16];
    for shift in [0u32, 16, 32, 48] {
        counts.fill(0);
        for (k, _) in items.iter() {
            counts[((k >> shift) & 0xFFFF) as usize] += 1;
        }
        if counts.contains(&items.len()) {
            continue;
        }
        let mut at = 0;
        for c in &mut counts {
            let n = *c;
            *c = at;
            at += n;
        }
        for &item in items.iter() {
            let d = ((item.0 >> shift) & 0xFFFF) as usize;
            other[counts[d]] = item;
            counts[d] += 1;
        }
        std::mem::swap(items, &mut other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};

    proptest! {
        #![proptest_config(Config { cases: 64, rng_seed: RngSeed::Fixed(13), failure_persistence: None, ..Config::default() })]

        #[test]
        fn radix_equals_a_stable_comparison_sort(keys in proptest::collection::vec((0u64..4, any::<u32>(), 0u64..3), 0..600)) {
            let mut items: Vec<(u64, u32)> =
                keys.iter().enumerate().map(|(i, &(hi, lo, mid))| ((hi << 48) | (mid << 32) | u64::from(lo % 97), i as u32)).collect();
            let mut want = items.clone();
            want.sort_by_key(|i| i.0);
            sort(&mut items);
            prop_assert_eq!(items, want);
        }
    }

    proptest! {
        #![proptest_config(Config { cases: 64, rng_seed: RngSeed::Fixed(17), failure_persistence: None, ..Config::default() })]

        #[test]
        fn ranks_equal_a_stable_comparison_sort(keys in proptest::collection::vec((0u64..4, 0u64..3, any::<u16>(), 0u64..5), 0..600)) {
            let ties: Vec<u64> = keys.iter().map(|&(a, b, c, d)| (a << 48) | (b << 32) | (u64::from(c) << 16) | d).collect();
            let mut want: Vec<u32> = (0..ties.len() as u32).collect();
            want.sort_by_key(|&i| (ties[i as usize], i));
            let r = Ranks::new(&ties);
            for (rank, &i) in want.iter().enumerate() {
                prop_assert_eq!(r.of[i as usize] as usize, rank);
            }
            prop_assert_eq!(r.order, want);
        }
    }

    #[test]
    fn ranks_follow_ties_then_positions() {
        let r = Ranks::new(&[5, 1, 5, 0]);
        assert_eq!(r.of, [2, 1, 3, 0]);
        assert_eq!(r.order, [3, 1, 0, 2]);
        assert_eq!(score_of(key(398, 7)), 398);
        assert!(key(400, 9) < key(398, 0), "the better score first");
    }
}
