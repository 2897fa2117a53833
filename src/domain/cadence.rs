//! Contact norms per tier (DOMAIN.md §2): how often to phone and to visit.
//!
//! A norm is written the way the rules say it, as a rate — `"4 per month"`,
//! `"1 per 2 weeks"`, `"1 per quarter"` — and turned into the number of days
//! that may pass between two contacts before the next one is owed.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use super::standing::{ContactState, Due, NormKind, NormState, Phase, Standing, norm_for, period_phase};

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
    ///
    /// Also as reps say it: `twice a week`, `once a month`, `3 times a
    /// week`, `weekly`, `monthly`; and in Chinese, as the interface shows
    /// it: `每周 2 次`, `每周两次`, `每 2 周 1 次`, `每两周一次`, `两周一次`,
    /// `每月一次`, `每季度1次`, `每3个月2次`.
    pub fn parse(s: &str) -> Result<Rate, RateError> {
        let err = || RateError::Unreadable(s.trim().to_string());
        let (count, mult, unit_days) = match chinese(s) {
            Some(parts) => parts?,
            None => english(s)?,
        };
        let (count, mult) = (u32::try_from(count).map_err(|_| err())?, mult);
        if count == 0 || mult == 0 {
            return Err(err());
        }
        match mult.checked_mul(unit_days) {
            Some(period_days) if period_days <= Self::MAX_PERIOD_DAYS => Ok(Rate { count, period_days }),
            _ => Err(RateError::TooRare(s.trim().to_string())),
        }
    }
}

/// The days of a unit's name, English or Chinese.
fn unit_days(unit: &str) -> Option<u32> {
    Some(match unit.trim_end_matches('s') {
        "day" | "天" | "日" => 1,
        "week" | "周" | "星期" | "个星期" | "礼拜" | "个礼拜" => 7,
        "month" | "月" | "个月" => 30,
        "quarter" | "季度" | "个季度" | "季" => 91,
        "year" | "年" => 365,
        _ => return None,
    })
}

/// `N per [M] unit` and the ways reps say it in English: count, multiple
/// (`u32` or too rare) and the unit's days.
fn english(s: &str) -> Result<(i64, u32, u32), RateError> {
    let norm = s.trim().to_ascii_lowercase().replace('/', " per ");
    let words: Vec<&str> = norm.split_whitespace().collect();
    let err = || RateError::Unreadable(s.trim().to_string());
    let (count, rest): (i64, &[&str]) = match words.as_slice() {
        [adverb] => {
            let unit = match *adverb {
                "daily" => "day",
                "weekly" => "week",
                "monthly" => "month",
                "quarterly" => "quarter",
                "yearly" | "annually" => "year",
                _ => return Err(err()),
            };
            return Ok((1, 1, unit_days(unit).ok_or_else(err)?));
        }
        ["once", "a" | "per" | "every", rest @ ..] => (1, rest),
        ["twice", "a" | "per" | "every", rest @ ..] => (2, rest),
        [n, "times" | "x", "a" | "per" | "every", rest @ ..] | [n, "per", rest @ ..] => {
            (n.parse::<i64>().map_err(|_| err())?, rest)
        }
        _ => return Err(err()),
    };
    let (mult, unit) = match rest {
        [m, unit] => (multiple(m, s)?, *unit),
        [unit] => (1, *unit),
        _ => return Err(err()),
    };
    Ok((count, mult, unit_days(unit).ok_or_else(err)?))
}

/// A rate in Chinese (`每周 2 次`, `每两周一次`, `一个月两次`); `None` when
/// the text is not Chinese of that shape.
fn chinese(s: &str) -> Option<Result<(i64, u32, u32), RateError>> {
    const UNITS: [&str; 13] =
        ["个星期", "个礼拜", "个季度", "个月", "星期", "礼拜", "季度", "周", "月", "季", "天", "日", "年"];
    let text: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let body = text.strip_suffix('次')?;
    let body = body.strip_prefix('每').unwrap_or(body);
    let (at, unit) = UNITS
        .iter()
        .filter_map(|u| body.find(u).map(|at| (at, *u)))
        .min_by_key(|(at, u)| (*at, usize::MAX - u.len()))?;
    let (before, after) = (&body[..at], &body[at + unit.len()..]);
    let err = || RateError::Unreadable(s.trim().to_string());
    let number = |n: &str| crate::domain::dates::count(n).ok_or_else(err);
    Some((|| {
        let mult = if before.is_empty() { 1 } else { number(before)? };
        let count = number(after)?;
        let mult = u32::try_from(mult).map_err(|_| RateError::TooRare(s.trim().to_string()))?;
        Ok((count, mult, unit_days(unit).ok_or_else(err)?))
    })())
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
    fn rates_as_reps_say_them_in_chinese_and_english() {
        for (said, canonical) in [
            ("每周 2 次", "2 per week"),
            ("每周2次", "2 per week"),
            ("每周两次", "2 per week"),
            ("每 2 周 1 次", "1 per 2 weeks"),
            ("每两周一次", "1 per 2 weeks"),
            ("两周一次", "1 per 2 weeks"),
            ("一个月两次", "2 per month"),
            ("每月一次", "1 per month"),
            ("每个月4次", "4 per month"),
            ("每季度1次", "1 per quarter"),
            ("每 3 个月 2 次", "2 per 3 months"),
            ("每年十二次", "12 per year"),
            ("每星期三次", "3 per week"),
            ("twice a week", "2 per week"),
            ("once a month", "1 per month"),
            ("3 times a week", "3 per week"),
            ("once every 2 weeks", "1 per 2 weeks"),
            ("weekly", "1 per week"),
            ("Quarterly", "1 per quarter"),
        ] {
            assert_eq!(Rate::parse(said).map(|r| r.to_string()), Ok(canonical.to_string()), "{said}");
        }
        for bad in ["每周", "每周零次", "每 0 周 1 次", "次", "每次", "周周次", "每十万年一次x"] {
            assert!(Rate::parse(bad).is_err(), "{bad}");
        }
        assert!(matches!(Rate::parse("每一千年一次"), Err(RateError::TooRare(_))));
        // What the interface shows in Chinese reads back as the same rate.
        crate::i18n::set_lang(crate::i18n::Lang::ZhCn);
        for s in ["2 per week", "1 per 2 weeks", "4 per month", "1 per quarter", "2 per 3 months", "1 per 10 years"] {
            let rate = Rate::parse(s).unwrap();
            assert_eq!(Rate::parse(&rate.localized()), Ok(rate), "{}", rate.localized());
        }
        crate::i18n::set_lang(crate::i18n::Lang::En);
    }

    #[test]
    fn rates_display_as_they_parse() {
        for s in ["2 per week", "1 per 2 weeks", "4 per month", "1 per quarter", "2 per 3 months"] {
            assert_eq!(Rate::parse(s).unwrap().to_string(), s);
        }
    }
}
