//! Wall-clock access behind a trait so that every test can fix "now".

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, Utc};

/// Source of the current time.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
    /// Today's date where the rep is.
    fn today(&self) -> NaiveDate;
    /// An instant (ms since the epoch) as the rep's wall-clock time. The
    /// time zone belongs to the clock so that a fixed clock pins it too.
    fn local(&self, ms: i64) -> Option<NaiveDateTime> {
        DateTime::from_timestamp_millis(ms).map(|t| t.with_timezone(&Local).naive_local())
    }
}

/// The rep's date at the instant `ms` (ms since the epoch) in the
/// machine's time zone: what [`SystemClock::today`] answers at that instant.
/// The store's writer, which is given the instant of its write but not the
/// clock, uses it to know "today" for the rules it checks.
pub fn today_at(ms: i64) -> NaiveDate {
    DateTime::from_timestamp_millis(ms)
        .map_or_else(|| Local::now().date_naive(), |t| t.with_timezone(&Local).date_naive())
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn today(&self) -> NaiveDate {
        today_at(Utc::now().timestamp_millis())
    }
}

/// A clock that always answers the same instant; used in tests and the demo.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl FixedClock {
    /// A fixed clock at noon UTC of the given day.
    pub fn at_date(date: NaiveDate) -> Self {
        Self(date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc())
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
    fn today(&self) -> NaiveDate {
        self.0.date_naive()
    }
    /// In UTC, like `today`: nothing a test sees depends on the machine's zone.
    fn local(&self, ms: i64) -> Option<NaiveDateTime> {
        DateTime::from_timestamp_millis(ms).map(|t| t.naive_utc())
    }
}
