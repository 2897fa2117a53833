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

/// The tier's norm with a customer's own overrides applied (an override
/// that does not parse leaves the tier's rate).
pub fn norm_for(base: Norm, calls: Option<&str>, visits: Option<&str>) -> Norm {
    Norm {
        calls: calls.and_then(|r| Rate::parse(r).ok()).unwrap_or(base.calls),
        visits: visits.and_then(|r| Rate::parse(r).ok()).unwrap_or(base.visits),
    }
}

/// Which of a customer's two norms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NormKind {
    /// Phone contact.
    Calls,
    /// In-person visits.
    Visits,
}

/// Where a customer stands against one contact norm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ContactState {
    /// Last contact of this kind, if any.
    pub last: Option<chrono::NaiveDate>,
    /// Days the norm allows between contacts.
    pub interval_days: u32,
    /// When the next contact is owed.
    pub due_on: chrono::NaiveDate,
    /// Days past `due_on` (negative: days left).
    pub overdue_days: i64,
}

/// The three states a customer can be in for a norm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    /// Not owed yet.
    Ok,
    /// Owed within the warning window or today.
    Due,
    /// Past the date the norm allows.
    Overdue,
}

impl ContactState {
    /// Compute from the last contact, the norm, and today. A customer never
    /// contacted is owed a contact from the day it was added (`since`).
    pub fn new(
        last: Option<chrono::NaiveDate>,
        rate: Rate,
        since: chrono::NaiveDate,
        today: chrono::NaiveDate,
    ) -> Self {
        let interval_days = rate.interval_days();
        // Checked: a date near the end of the calendar plus the interval
        // stays owed "never" rather than panicking.
        let due_on = match last {
            Some(d) => chrono::TimeDelta::try_days(i64::from(interval_days))
                .and_then(|i| d.checked_add_signed(i))
                .unwrap_or(chrono::NaiveDate::MAX),
            None => since,
        };
        Self { last, interval_days, due_on, overdue_days: (today - due_on).num_days() }
    }

    /// Due when the contact is owed within a fifth of the interval (at
    /// least a day), overdue once the date has passed.
    pub fn due(&self) -> Due {
        let warn = i64::from((self.interval_days / 5).max(1));
        if self.overdue_days > 0 {
            Due::Overdue
        } else if self.overdue_days >= -warn {
            Due::Due
        } else {
            Due::Ok
        }
    }
}

/// A customer's standing against both norms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Standing {
    /// Phone contact.
    pub calls: ContactState,
    /// In-person visits.
    pub visits: ContactState,
}

impl Standing {
    /// From the last visit and last call. A visit is also a contact for the
    /// phone norm; a call does not count as a visit.
    pub fn new(
        last_visit: Option<chrono::NaiveDate>,
        last_call: Option<chrono::NaiveDate>,
        norm: Norm,
        since: chrono::NaiveDate,
        today: chrono::NaiveDate,
    ) -> Self {
        let last_contact = last_visit.max(last_call);
        Self {
            calls: ContactState::new(last_contact, norm.calls, since, today),
            visits: ContactState::new(last_visit, norm.visits, since, today),
        }
    }

    /// A customer's standing: the tier's norm with the customer's own
    /// overrides, its last visit and call, counted from the day it was
    /// added (`since`) when never contacted. The list, Today, `repbook due`
    /// and the dossier all compute standings here.
    pub fn of(
        base: Norm,
        overrides: (Option<&str>, Option<&str>),
        contacts: (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
        since: chrono::NaiveDate,
        today: chrono::NaiveDate,
    ) -> Self {
        Self::new(contacts.0, contacts.1, norm_for(base, overrides.0, overrides.1), since, today)
    }

    /// The norm that is worse: the one further along (overdue before due
    /// before ok), then the one with more days overdue; a tie names visits,
    /// which a call cannot make up for. Every face names this one.
    pub fn worse(&self) -> NormKind {
        if (self.visits.due(), self.visits.overdue_days) >= (self.calls.due(), self.calls.overdue_days) {
            NormKind::Visits
        } else {
            NormKind::Calls
        }
    }

    /// The state of the worse norm.
    pub fn worse_state(&self) -> ContactState {
        match self.worse() {
            NormKind::Visits => self.visits,
            NormKind::Calls => self.calls,
        }
    }

    /// The worse of the two.
    pub fn due(&self) -> Due {
        self.calls.due().max(self.visits.due())
    }

    /// Whether the customer is contacted as its norms require: neither
    /// norm due nor overdue. The monthly table and the week's review count
    /// compliance with this.
    pub fn norm_met(&self) -> bool {
        self.due() == Due::Ok
    }

    /// Days overdue on the worse norm (0 when not overdue).
    pub fn overdue_days(&self) -> i64 {
        self.worse_state().overdue_days.max(0)
    }
}

#[cfg(test)]
mod standing_tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn a1() -> Norm {
        Norm { calls: Rate::parse("2 per week").unwrap(), visits: Rate::parse("4 per month").unwrap() }
    }

    #[test]
    fn due_and_overdue_by_the_norm() {
        let today = d("2026-11-22");
        // A1 visits every 7 days: last visit 8 days ago → overdue by 1.
        let s = Standing::new(Some(d("2026-11-14")), None, a1(), d("2026-01-01"), today);
        assert_eq!(s.visits.due(), Due::Overdue);
        assert_eq!(s.visits.overdue_days, 1);
        // Calls every 3 days; the visit counts as a contact: overdue by 5.
        assert_eq!(s.calls.overdue_days, 5);
        // Last visit 6 days ago: owed tomorrow → due.
        let s = Standing::new(Some(d("2026-11-16")), None, a1(), d("2026-01-01"), today);
        assert_eq!(s.visits.due(), Due::Due);
        // Last visit 2 days ago: fine.
        let s = Standing::new(Some(d("2026-11-20")), Some(d("2026-11-21")), a1(), d("2026-01-01"), today);
        assert_eq!(s.due(), Due::Ok);
    }

    #[test]
    fn a_call_resets_only_the_phone_clock() {
        let today = d("2026-11-22");
        let s = Standing::new(Some(d("2026-11-01")), Some(d("2026-11-21")), a1(), d("2026-01-01"), today);
        assert_eq!(s.calls.due(), Due::Ok);
        assert_eq!(s.visits.due(), Due::Overdue);
        assert_eq!(s.overdue_days(), 14);
    }

    #[test]
    fn the_worse_norm_is_the_further_along_then_the_later() {
        let today = d("2026-11-22");
        // Calls overdue by 5, visits by 1: calls are worse.
        let s = Standing::new(Some(d("2026-11-14")), None, a1(), d("2026-01-01"), today);
        assert_eq!(s.worse(), NormKind::Calls);
        assert_eq!(s.worse_state().overdue_days, 5);
        // Visits overdue, calls fine: visits, although calls have days left.
        let s = Standing::new(Some(d("2026-11-01")), Some(d("2026-11-21")), a1(), d("2026-01-01"), today);
        assert_eq!(s.worse(), NormKind::Visits);
        // Calls merely due while visits are ok but closer in days: due wins.
        let s = Standing::new(Some(d("2026-11-19")), None, a1(), d("2026-01-01"), today);
        assert_eq!((s.calls.due(), s.visits.due()), (Due::Due, Due::Ok));
        assert_eq!(s.worse(), NormKind::Calls);
    }

    #[test]
    fn a_last_contact_at_the_end_of_the_calendar_does_not_panic() {
        let rare =
            Norm { calls: Rate::parse("1 per 10 years").unwrap(), visits: Rate::parse("1 per 10 years").unwrap() };
        let s = Standing::new(Some(NaiveDate::MAX), None, rare, NaiveDate::MIN, NaiveDate::MIN);
        assert_eq!(s.visits.due_on, NaiveDate::MAX);
        assert_eq!(s.due(), Due::Ok);
    }

    #[test]
    fn never_contacted_is_owed_from_the_day_added() {
        let s = Standing::new(None, None, a1(), d("2026-11-20"), d("2026-11-22"));
        assert_eq!(s.due(), Due::Overdue);
        assert_eq!(s.overdue_days(), 2);
    }
}
