//! Where a customer stands against its contact norms: the last contact
//! of each kind, when the next is owed, how late it is (DOMAIN.md §2).

use super::cadence::{Norm, Rate};
use serde::Serialize;

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

/// Whether a customer's norms are met in a period ([`Standing::norm_state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NormState {
    /// Contacted as the norms require.
    Met,
    /// A contact is owed, but its window is still open in the period under
    /// way: neither met nor missed yet, and left out of the shares.
    Pending,
    /// A contact lapsed (or is still owed when the period is over).
    Missed,
}

/// Where a period stands on the rep's today, as compliance judges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Not begun: every contact owed can still be made in it.
    Ahead,
    /// Under way: judged on today itself.
    Running,
    /// Its standing day is behind today.
    Over,
}

/// Where the period `from..` whose standings are taken `as_of` (its last
/// day, or today while it runs or before it begins) stands on `today`.
pub fn period_phase(from: chrono::NaiveDate, as_of: chrono::NaiveDate, today: chrono::NaiveDate) -> Phase {
    if today < from {
        Phase::Ahead
    } else if as_of < today {
        Phase::Over
    } else {
        Phase::Running
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

    /// Whether the customer is contacted as its norms require in a period
    /// whose standing this is (taken on its last day, or today while it
    /// runs): met when neither norm is owed; missed when one lapsed (its
    /// window closed without a contact), or is owed when the period is
    /// `over`; still due while the period runs and the contact owed is
    /// within its window (a Monday's customers owed a call this week have
    /// not missed it); in a period not begun, whatever is owed is still
    /// due (next week cannot have missed anything yet). The monthly table
    /// and the week's review (CLI and interface) count compliance with
    /// this, and only here.
    pub fn norm_state(&self, phase: Phase) -> NormState {
        match (self.due(), phase) {
            (Due::Ok, _) => NormState::Met,
            (_, Phase::Ahead) | (Due::Due, Phase::Running) => NormState::Pending,
            (Due::Due | Due::Overdue, _) => NormState::Missed,
        }
    }

    /// Days overdue on the worse norm (0 when not overdue).
    pub fn overdue_days(&self) -> i64 {
        self.worse_state().overdue_days.max(0)
    }
}

#[cfg(test)]
mod tests {
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
    fn a_contact_owed_within_its_window_is_pending_while_the_period_runs() {
        // Monday 2026-11-23: A1 called on Saturday is owed a call on Tuesday
        // (every 3 days; due within a day): the week under way has not
        // missed it, a week over has.
        let monday = d("2026-11-23");
        let s = Standing::new(Some(d("2026-11-20")), Some(d("2026-11-21")), a1(), d("2026-01-01"), monday);
        assert_eq!(s.due(), Due::Due);
        assert_eq!(s.norm_state(Phase::Running), NormState::Pending);
        assert_eq!(s.norm_state(Phase::Over), NormState::Missed);
        // A lapsed norm is missed once the period runs; one not owed is met.
        let late = Standing::new(Some(d("2026-11-01")), None, a1(), d("2026-01-01"), monday);
        assert_eq!(
            (late.norm_state(Phase::Running), late.norm_state(Phase::Over)),
            (NormState::Missed, NormState::Missed)
        );
        let fresh = Standing::new(Some(d("2026-11-22")), None, a1(), d("2026-01-01"), monday);
        assert_eq!(fresh.norm_state(Phase::Running), NormState::Met);
        // A period not begun has missed nothing.
        assert_eq!(
            (s.norm_state(Phase::Ahead), late.norm_state(Phase::Ahead)),
            (NormState::Pending, NormState::Pending)
        );
        // Over once its standing day is behind today; ahead before it begins.
        assert_eq!(period_phase(d("2026-11-16"), monday, monday), Phase::Running);
        assert_eq!(period_phase(d("2026-11-16"), d("2026-11-22"), monday), Phase::Over);
        assert_eq!(period_phase(d("2026-11-30"), monday, monday), Phase::Ahead);
    }

    #[test]
    fn never_contacted_is_owed_from_the_day_added() {
        let s = Standing::new(None, None, a1(), d("2026-11-20"), d("2026-11-22"));
        assert_eq!(s.due(), Due::Overdue);
        assert_eq!(s.overdue_days(), 2);
    }
}
