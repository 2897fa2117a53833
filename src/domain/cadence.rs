//! Contact norms per tier (DOMAIN.md §2): how often to phone and to visit.
//!
//! A norm is written the way the rules say it, as a rate — `"4 per month"`,
//! `"1 per 2 weeks"`, `"1 per quarter"` — and turned into the number of days
//! that may pass between two contacts before the next one is owed.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

    /// Parse `N per [M] day|week|month|quarter|year` (plurals allowed), or
    /// `N/week` shorthand.
    pub fn parse(s: &str) -> Result<Rate, String> {
        let norm = s.trim().to_ascii_lowercase().replace('/', " per ");
        let words: Vec<&str> = norm.split_whitespace().collect();
        let err = || format!("\"{s}\" is not a rate like \"2 per week\" or \"1 per 2 weeks\"");
        let (count, rest) = match words.as_slice() {
            [n, "per", rest @ ..] => (n.parse::<u32>().map_err(|_| err())?, rest),
            _ => return Err(err()),
        };
        let (mult, unit) = match rest {
            [m, unit] => (m.parse::<u32>().map_err(|_| err())?, *unit),
            [unit] => (1, *unit),
            _ => return Err(err()),
        };
        let unit_days = match unit.trim_end_matches('s') {
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
        Ok(Rate { count, period_days: mult * unit_days })
    }
}

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
    fn rates_display_as_they_parse() {
        for s in ["2 per week", "1 per 2 weeks", "4 per month", "1 per quarter", "2 per 3 months"] {
            assert_eq!(Rate::parse(s).unwrap().to_string(), s);
        }
    }
}
