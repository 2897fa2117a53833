//! Why a customer is suggested for the weekly plan, what for, what to
//! bring, and the rough time of day (issue 10 §1).

use super::super::cadence::NormKind;
use super::super::classify::Class;
use super::super::fields::format_money;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::Serialize;

/// Why a customer is suggested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// A contact norm falls due (or is overdue) by the week's end.
    Cadence {
        /// Visits or calls.
        norm: NormKind,
        /// When the contact is owed.
        due_on: NaiveDate,
    },
    /// An active follow-up is due by the week's end.
    Followup {
        /// The follow-up.
        id: String,
        /// What is to be done.
        what: String,
        /// When.
        due: NaiveDate,
        /// A birthday greeting: a call on the day itself.
        greeting: bool,
    },
    /// An unpaid order amount falls due in the week, or is overdue and
    /// its payment follow-up is due.
    Payment {
        /// What is left to pay (minor units).
        amount: i64,
        /// When it is (or was) due.
        due: NaiveDate,
        /// Due before the week began.
        overdue: bool,
    },
}

impl Reason {
    pub(super) fn day(&self) -> NaiveDate {
        match self {
            Reason::Cadence { due_on, .. } => *due_on,
            Reason::Followup { due, .. } | Reason::Payment { due, .. } => *due,
        }
    }

    /// One line in the active language.
    pub fn describe(&self, currency: &str) -> String {
        use crate::i18n::tf;
        let line = crate::text::one_line;
        match self {
            Reason::Cadence { norm: NormKind::Visits, due_on } => tf("plan.reason_visit_due", &[("date", due_on)]),
            Reason::Cadence { norm: NormKind::Calls, due_on } => tf("plan.reason_call_due", &[("date", due_on)]),
            Reason::Followup { what, due, .. } => tf("plan.reason_followup", &[("what", &line(what)), ("date", due)]),
            Reason::Payment { amount, due, overdue } => {
                let key = if *overdue { "plan.reason_payment_overdue" } else { "plan.reason_payment" };
                tf(key, &[("amount", &format!("{currency}{}", format_money(*amount))), ("date", due)])
            }
        }
    }
}

impl Reason {
    /// What the visit or call is for, from this reason, in the active
    /// language: the follow-up's own words, the amount to collect, or a
    /// regular contact of the customer's class owed since (or on) a day.
    pub fn purpose(&self, class: Class, first: NaiveDate, currency: &str) -> String {
        use crate::i18n::tf;
        match self {
            Reason::Followup { what, .. } => crate::text::one_line(what).into_owned(),
            Reason::Payment { amount, due, overdue } => tf(
                if *overdue { "plan.purpose_payment_overdue" } else { "plan.purpose_payment" },
                &[("amount", &format!("{currency}{}", format_money(*amount))), ("date", &short(*due))],
            ),
            Reason::Cadence { norm, due_on } => {
                let key = match (norm, *due_on < first) {
                    (NormKind::Visits, true) => "plan.purpose_visit_since",
                    (NormKind::Visits, false) => "plan.purpose_visit_on",
                    (NormKind::Calls, true) => "plan.purpose_call_since",
                    (NormKind::Calls, false) => "plan.purpose_call_on",
                };
                tf(key, &[("class", &class.as_str()), ("date", &short(*due_on))])
            }
        }
    }
}

/// `11-26`, or `2025-11-26` for a day of another year than the plan's.
fn short(day: NaiveDate) -> String {
    day.format("%m-%d").to_string()
}

/// The rough time of day a suggestion is given (the training's plan asks
/// for rough times, not appointments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    /// Before noon.
    Morning,
    /// After lunch.
    Afternoon,
}

impl Slot {
    /// The time an accepted suggestion is planned at (the rep moves it).
    pub fn time(self) -> &'static str {
        match self {
            Slot::Morning => "09:30",
            Slot::Afternoon => "14:30",
        }
    }

    /// Its name in the active language.
    pub fn label(self) -> &'static str {
        crate::i18n::t(match self {
            Slot::Morning => "plan.morning",
            Slot::Afternoon => "plan.afternoon",
        })
    }
}

impl Slot {
    /// The slot a time of day falls in.
    pub fn of(time: NaiveTime) -> Self {
        if time.hour() < 12 { Slot::Morning } else { Slot::Afternoon }
    }
}

/// The latest time an accepted suggestion for today is still planned at.
const LAST_START: (u32, u32) = (17, 30);

/// The time a suggestion of `slot` accepted for `day` is planned at, as of
/// `now` (the rep's wall clock): the slot's time; for today once that has
/// passed, the next half hour at least thirty minutes ahead, or none
/// after 17:30 (the rep sets it, or logs the call at once).
pub fn time_for(slot: Slot, day: NaiveDate, now: NaiveDateTime) -> Option<NaiveTime> {
    let at = NaiveTime::parse_from_str(slot.time(), "%H:%M").ok()?;
    if day != now.date() || at > now.time() {
        return Some(at);
    }
    let minutes = now.time().hour() * 60 + now.time().minute() + 30;
    let next = minutes.div_ceil(30) * 30;
    let last = LAST_START.0 * 60 + LAST_START.1;
    if next > last {
        return None;
    }
    NaiveTime::from_hms_opt(next / 60, next % 60, 0)
}

/// How long a planned visit or call keeps the rep busy, in minutes: a
/// visit with its travel, a call.
fn busy_minutes(call: bool) -> u32 {
    if call { 30 } else { 90 }
}

/// The time a suggestion (`call` or a visit) accepted for `day` is planned
/// at, given the day's planned visits and calls (`busy`: their times, and
/// whether each is a call): its slot's time ([`time_for`]), moved past any
/// of them it would overlap (a visit keeps the rep 90 minutes, a call 30),
/// so two accepted for one day get distinct times; none once that would
/// start after 17:30 (the rep sets it).
pub fn free_time(
    slot: Slot,
    call: bool,
    day: NaiveDate,
    now: NaiveDateTime,
    busy: &[(NaiveTime, bool)],
) -> Option<NaiveTime> {
    let minutes = |t: NaiveTime| t.hour() * 60 + t.minute();
    let mut start = minutes(time_for(slot, day, now)?);
    // Each pass moves past every plan it overlaps; at most one per plan.
    for _ in 0..=busy.len() {
        let end = start + busy_minutes(call);
        let clash = busy
            .iter()
            .map(|&(t, c)| (minutes(t), minutes(t) + busy_minutes(c)))
            .filter(|&(from, to)| from < end && start < to)
            .map(|(_, to)| to)
            .max();
        match clash {
            Some(to) => start = to,
            None => break,
        }
    }
    if start > LAST_START.0 * 60 + LAST_START.1 {
        return None;
    }
    NaiveTime::from_hms_opt(start / 60, start % 60, 0)
}

/// An open opportunity of a customer, as the suggestions need it.
#[derive(Debug, Clone)]
pub struct Lead {
    /// The customer.
    pub customer_id: String,
    /// What is offered: the product, else the need.
    pub what: String,
    /// In the second half of the buying process (a quote is asked for),
    /// else before it (samples show the product).
    pub late: bool,
}

/// Whether a suggestion with these reasons is a call: a call norm is owed
/// and nothing calls for going there (a visit norm, an amount to collect).
pub fn is_call(reasons: &[Reason]) -> bool {
    let by_cadence = reasons.iter().any(|r| matches!(r, Reason::Cadence { norm: NormKind::Calls, .. }))
        && !reasons
            .iter()
            .any(|r| matches!(r, Reason::Cadence { norm: NormKind::Visits, .. } | Reason::Payment { .. }));
    // A birthday greeting is a call, unless something else needs a visit.
    let greeting = reasons.iter().any(|r| matches!(r, Reason::Followup { greeting: true, .. }))
        && reasons.iter().all(|r| {
            matches!(r, Reason::Followup { greeting: true, .. } | Reason::Cadence { norm: NormKind::Calls, .. })
        });
    by_cadence || greeting
}

/// The day a birthday among `reasons` falls on: the suggestion keeps it.
pub fn greeting_day(reasons: &[Reason]) -> Option<NaiveDate> {
    reasons.iter().find_map(|r| match r {
        Reason::Followup { greeting: true, due, .. } => Some(*due),
        _ => None,
    })
}

/// What to bring, in the active language, from what the contact is for:
/// the statement of account for an amount to collect; a quote (late in
/// the buying process) or samples (early) for each open opportunity; the
/// notes of the follow-ups due; the product brochure for a customer never
/// contacted, or for a visit nothing else is known for. A call needs no
/// materials beyond the quote or follow-up notes.
pub fn resources(reasons: &[Reason], leads: &[&Lead], never_contacted: bool) -> String {
    use crate::i18n::{t, tf};
    let call = is_call(reasons);
    let mut out: Vec<String> = Vec::new();
    if reasons.iter().any(|r| matches!(r, Reason::Payment { .. })) {
        out.push(t("plan.bring_statement").to_string());
    }
    for lead in leads {
        let what = crate::text::one_line(&lead.what).into_owned();
        if lead.late {
            out.push(tf("plan.bring_quote", &[("what", &what)]));
        } else if !call {
            out.push(tf("plan.bring_samples", &[("what", &what)]));
        }
    }
    let followups = reasons.iter().filter(|r| matches!(r, Reason::Followup { .. })).count();
    if followups > 0 {
        out.push(crate::i18n::tf("plan.bring_followups", &[("count", &followups)]));
    }
    if !call && (never_contacted || out.is_empty()) {
        out.push(t(if never_contacted { "plan.bring_intro" } else { "plan.bring_brochure" }).to_string());
    }
    out.join(t("plan.purpose_sep"))
}
