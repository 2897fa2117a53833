//! Hybrid logical clock: 48 bits of milliseconds shifted left by 16, plus a
//! 16-bit counter. Local writes never fail because of the clock: if the wall
//! clock goes backwards the counter keeps the order (DESIGN.md §4). When
//! more than 65,536 writes fall in one millisecond the counter carries into
//! the milliseconds: the clock runs a little ahead and stays ordered.

/// How far ahead of this device's wall clock a received clock may be: a
/// day covers time zones set wrong and drifting clocks; more is a clock
/// that is simply wrong, and is refused naming the device.
pub const MAX_DRIFT_MS: i64 = 24 * 60 * 60 * 1000;

/// A hybrid logical clock timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc(pub u64);

impl Hlc {
    /// The next timestamp after `last` given the wall clock in milliseconds.
    pub fn tick(last: Hlc, wall_ms: i64) -> Hlc {
        let wall = (wall_ms.max(0) as u64 & 0xFFFF_FFFF_FFFF) << 16;
        Hlc(wall.max(last.0.saturating_add(1)))
    }

    /// The clock after receiving `remote` from another device at wall time
    /// `wall_ms`: never behind either, so the next local tick orders after
    /// everything seen. A remote time more than `max_drift_ms` ahead of the
    /// wall clock is refused (a device whose clock is years off must not
    /// drag every later write into the future); the error says how far
    /// ahead it was, in milliseconds.
    pub fn receive(self, remote: Hlc, wall_ms: i64, max_drift_ms: i64) -> Result<Hlc, i64> {
        let ahead = remote.millis().saturating_sub(wall_ms.max(0));
        if ahead > max_drift_ms {
            return Err(ahead);
        }
        let wall = (wall_ms.max(0) as u64 & 0xFFFF_FFFF_FFFF) << 16;
        Ok(Hlc(self.0.max(remote.0).max(wall)))
    }

    /// Milliseconds since the Unix epoch this timestamp carries.
    pub fn millis(self) -> i64 {
        (self.0 >> 16) as i64
    }

    /// The value as stored in SQLite (fits: 48 + 16 bits, top bit never set
    /// for any date before the year 10889).
    pub fn as_i64(self) -> i64 {
        self.0 as i64
    }

    /// From the stored value.
    pub fn from_i64(v: i64) -> Hlc {
        Hlc(v as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::Hlc;

    #[test]
    fn tick_follows_wall_clock_and_never_goes_back() {
        let a = Hlc::tick(Hlc(0), 1_000);
        assert_eq!(a.millis(), 1_000);
        let b = Hlc::tick(a, 1_000);
        assert!(b > a, "same millisecond still moves forward");
        let c = Hlc::tick(b, 500);
        assert!(c > b, "a wall clock that went back does not break order");
        let d = Hlc::tick(c, 2_000);
        assert_eq!(d.millis(), 2_000);
        assert_eq!(Hlc::from_i64(d.as_i64()), d);
    }

    #[test]
    fn more_writes_than_the_counter_holds_in_one_millisecond_stay_ordered() {
        let mut last = Hlc::tick(Hlc(0), 5_000);
        for _ in 0..70_000 {
            let next = Hlc::tick(last, 5_000);
            assert!(next > last);
            last = next;
        }
        assert_eq!(last.millis(), 5_001, "the counter carried into the next millisecond, no further");
    }

    #[test]
    fn receiving_moves_past_the_remote_clock_within_the_drift_bound() {
        let local = Hlc::tick(Hlc(0), 1_000);
        let remote = Hlc::tick(Hlc(0), 9_000);
        let got = local.receive(remote, 2_000, super::MAX_DRIFT_MS).unwrap();
        assert!(got >= remote && got >= local);
        assert!(Hlc::tick(got, 2_000) > remote, "the next local write orders after the remote one");
        // A clock behind ours changes nothing but the wall clock.
        assert_eq!(remote.receive(local, 9_000, super::MAX_DRIFT_MS).unwrap(), Hlc(9_000 << 16));
        // A remote clock a year ahead is refused, saying how far ahead.
        let far = Hlc::tick(Hlc(0), 1_000 + 365 * 86_400_000);
        assert_eq!(local.receive(far, 1_000, super::MAX_DRIFT_MS), Err(365 * 86_400_000));
        // Hostile values do not overflow.
        assert!(local.receive(Hlc(u64::MAX), i64::MIN, super::MAX_DRIFT_MS).is_err());
        assert!(Hlc(u64::MAX - 1).receive(Hlc(0), i64::MAX, super::MAX_DRIFT_MS).is_ok());
    }
}
