//! Contact norms per tier (DOMAIN.md §2): how often to phone and to visit.
//!
//! A norm is written the way the rules say it, as a rate — `"4 per month"`,
//! `"1 per 2 weeks"`, `"1 per quarter"` — and turned into the number of days
//! that may pass between two contacts before the next one is owed.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use super::standing::{ContactState, Due, NormKind, Standing, norm_for};

/// A contact rate such as "2 per week".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// How many contacts...
    pub count: u32,
    /// ...within this many days.
    pub period_days: u32,
}

impl Rate {
    /// Days that may pass between two contacts (at least one).
    pub fn interval_days(self) -> u32 {
        (self.period_days / self.count.max(1)).max(1)
    }

    /// The longest period a norm may have: ten years. A customer to be
    /// seen less often than that has no norm worth keeping, and every date
    /// computed from a norm stays well inside what a date can hold.
    pub const MAX_PERIOD_DAYS: u32 = 3650;

    /// Parse `N per [M] day|week|month|quarter|year` (plurals allowed), or
    /// `N/week` shorthand, with a period of at most
    /// [`Rate::MAX_PERIOD_DAYS`] days.
    pub fn parse(s: &str) -> Result<Rate, RateError> {
        let norm = s.trim().to_ascii_lowercase().replace('/', " per ");
        let words: Vec<&str> = norm.split_whitespace().collect();
        let err = || RateError::Unreadable(s.trim().to_string());
        let (count, rest) = match words.as_slice() {
            [n, "per", rest @ ..] => (n.parse::<u32>().map_err(|_| err())?, rest),
            _ => return Err(err()),
        };
        let (mult, unit) = match rest {
            [m, unit] => (multiple(m, s)?, *unit),
            [unit] => (1, *unit),
            _ => return Err(err()),
        };
        let unit_days: u32 = match unit.trim_end_matches('s') {
            "day" => 1,
            "week" => 7,
            "month" => 30,
            "quarter" => 91,
            "year" => 365,
            _ => return Err(err()),
        };
        if count == 0 || mult == 0 {
            return Err(err());
        }
        match mult.checked_mul(unit_days) {
            Some(period_days) if period_days <= Self::MAX_PERIOD_DAYS => Ok(Rate { count, period_days }),
            _ => Err(RateError::TooRare(s.trim().to_string())),
        }
    }
}

/// The `M` of `per M weeks`; digits too many for a `u32` make a rate too
/// rare to keep, not an unreadable one.
fn multiple(n: &str, whole: &str) -> Result<u32, RateError> {
    n.parse().map_err(|_| {
        if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
            RateError::TooRare(whole.trim().to_string())
        } else {
            RateError::Unreadable(whole.trim().to_string())
        }
    })
}

/// Why text is not a contact rate; displays as one clause in the active
/// language (the config loader puts it into its sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateError {
    /// Not of the form `2 per week`.
    Unreadable(String),
    /// A period longer than [`Rate::MAX_PERIOD_DAYS`].
    TooRare(String),
}

impl std::fmt::Display for RateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::i18n::tf;
        match self {
            RateError::Unreadable(s) => f.write_str(&tf("rate.bad", &[("value", s)])),
            RateError::TooRare(s) => {
                f.write_str(&tf("rate.too_rare", &[("value", s), ("days", &Rate::MAX_PERIOD_DAYS)]))
            }
        }
    }
}

impl std::error::Error for RateError {}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (mult, unit) = self.period();
        if mult == 1 { write!(f, "{} per {unit}", self.count) } else { write!(f, "{} per {mult} {unit}s", self.count) }
    }
}

impl Rate {
    /// The period as a multiple of the largest unit that divides it.
    fn period(self) -> (u32, &'static str) {
        match self.period_days {
            d if d % 365 == 0 => (d / 365, "year"),
            d if d % 91 == 0 => (d / 91, "quarter"),
            d if d % 30 == 0 => (d / 30, "month"),
            d if d % 7 == 0 => (d / 7, "week"),
            d => (d, "day"),
        }
    }

    /// The rate in the active language ("2 per week", "每周 2 次").
    pub fn localized(self) -> String {
        use crate::i18n::{t, tf};
        let (mult, unit) = self.period();
        if mult == 1 {
            tf("rate.one", &[("count", &self.count), ("unit", &t(&format!("rate.unit_{unit}")))])
        } else {
            tf("rate.many", &[("count", &self.count), ("mult", &mult), ("unit", &t(&format!("rate.units_{unit}")))])
        }
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rate::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The contact norm for one tier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Norm {
    /// Phone contact rate.
    pub calls: Rate,
    /// In-person visit rate.
    pub visits: Rate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_and_give_intervals() {
        assert_eq!(Rate::parse("2 per week").unwrap().interval_days(), 3);
        assert_eq!(Rate::parse("4 per month").unwrap().interval_days(), 7);
        assert_eq!(Rate::parse("1 per 2 weeks").unwrap().interval_days(), 14);
        assert_eq!(Rate::parse("1/quarter").unwrap().interval_days(), 91);
        assert_eq!(Rate::parse("2 per 3 months").unwrap().interval_days(), 45);
        for bad in ["", "often", "0 per week", "2 per fortnight", "two per week"] {
            assert!(Rate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_norm_is_at_most_ten_years_and_never_wraps() {
        assert_eq!(Rate::parse("1 per 10 years").unwrap().interval_days(), 3650);
        assert_eq!(Rate::parse("1 per 40 quarters").unwrap().interval_days(), 3640);
        for rare in [
            "1 per 300000 years",
            "1 per 4294967295 years",
            "1 per 11 years",
            "1 per 3651 days",
            "1 per 99999999999 weeks",
        ] {
            assert_eq!(Rate::parse(rare), Err(RateError::TooRare(rare.to_string())), "{rare}");
        }
        crate::i18n::set_lang(crate::i18n::Lang::En);
        let msg = Rate::parse("1 per 300000 years").unwrap_err().to_string();
        assert!(msg.contains("3650 days") && msg.contains("1 per 10 years"), "{msg}");
        assert!(matches!(Rate::parse("99999999999 per week"), Err(RateError::Unreadable(_))));
    }

    #[test]
    fn rates_display_as_they_parse() {
        for s in ["2 per week", "1 per 2 weeks", "4 per month", "1 per quarter", "2 per 3 months"] {
            assert_eq!(Rate::parse(s).unwrap().to_string(), s);
        }
    }
}
