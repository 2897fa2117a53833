//! Hybrid logical clock: 48 bits of milliseconds shifted left by 16, plus a
//! 16-bit counter. Local writes never fail because of the clock: if the wall
//! clock goes backwards the counter keeps the order (DESIGN.md §4).

/// A hybrid logical clock timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc(pub u64);

impl Hlc {
    /// The next timestamp after `last` given the wall clock in milliseconds.
    pub fn tick(last: Hlc, wall_ms: i64) -> Hlc {
        let wall = (wall_ms.max(0) as u64 & 0xFFFF_FFFF_FFFF) << 16;
        Hlc(wall.max(last.0.saturating_add(1)))
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
}
