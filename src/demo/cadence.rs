//! The demo's regular contacts (issue 10, user check): each customer
//! phoned and visited at its tier's norm (config defaults, DOMAIN.md §2)
//! over the last sixteen weeks, with some contacts missed, so the review's
//! cadence gauges read high but not full. Drawn from a stream of their own
//! so the rest of the demo is what it was.

use super::words::{GOALS, STEPS, say};
use super::{iso, text};
use crate::domain::classify::Tier;
use crate::domain::schema::{BUYING_STAGES, FOLLOWUP, OUTCOMES, PURPOSES, VISIT};
use crate::error::Result;
use crate::store::Writer;
use chrono::{Duration, NaiveDate};

/// Weeks of regular contacts before this one: the twelve the review's
/// pictures show and four before, so that a quarterly visit is on record
/// by the first of them.
const WEEKS: i64 = 16;

/// The regular contacts' own random streams: `rng` decides the contacts,
/// `more` what came with them (goals, cancellations, next steps), so the
/// contacts are the same with or without those.
pub(super) struct History {
    rng: fastrand::Rng,
    more: fastrand::Rng,
    /// Next-step follow-ups made so far.
    pub(super) followups: usize,
}

impl History {
    /// The streams for the demo drawn from `seed`.
    pub(super) fn new(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed ^ 0xcade_u64.rotate_left(40)),
            more: fastrand::Rng::with_seed(seed ^ 0x5e9_u64.rotate_left(44)),
            followups: 0,
        }
    }
}

/// One week's planned contacts: (day of the week, 0 = Monday; a visit).
fn week_plan(tier: Tier, week: i64, phase: i64, rng: &mut fastrand::Rng) -> Vec<(i64, bool)> {
    let day = |rng: &mut fastrand::Rng, from: u8, to: u8| i64::from(rng.u8(from..=to));
    let turn = (week + phase).rem_euclid(8);
    match tier {
        // Twice a week on the phone, four visits a month: a visit midweek
        // and the week's second call on Saturday morning.
        Tier::A1 => vec![(day(rng, 1, 3), true), (5, false)],
        // Weekly on the phone, three visits a month: a visit a week.
        Tier::A2 => vec![(day(rng, 1, 4), true)],
        // Weekly on the phone, a visit a fortnight (late in the week).
        Tier::B1 if turn % 2 == 0 => vec![(day(rng, 3, 4), true)],
        Tier::B1 => vec![(day(rng, 1, 4), false)],
        // A call a fortnight, a visit a month: something every week.
        Tier::B2 => vec![(day(rng, 1, 4), turn % 2 == 0)],
        // A call a fortnight, a visit a quarter.
        Tier::C if turn % 2 == 0 => vec![(day(rng, 3, 4), turn == 0)],
        Tier::C => Vec::new(),
    }
}

/// Sixteen weeks of `id`'s regular contacts at `tier`'s norm, none before
/// the customer was added (`made`) nor from today on; returns how many.
pub(super) fn regular_contacts(
    w: &mut Writer<'_>,
    history: &mut History,
    (id, tier, made): (&str, Tier, NaiveDate),
    today: NaiveDate,
) -> Result<usize> {
    let (rng, more) = (&mut history.rng, &mut history.more);
    let this_monday = crate::domain::period::week_of(today).0;
    let phase = i64::from(rng.u8(..8));
    // Some contacts are missed (a busy week, a customer away): fewer of
    // the A customers'.
    let miss = if matches!(tier, Tier::A1 | Tier::A2) { 14 } else { 8 };
    let mut made_count = 0;
    for back in (0..=WEEKS).rev() {
        let monday = this_monday - Duration::weeks(back);
        for (offset, visit) in week_plan(tier, -back, phase, rng) {
            let date = monday + Duration::days(offset);
            let missed = rng.u8(..miss) == 0;
            if missed || date < made || date >= today {
                // Half the visits missed had been planned and were
                // cancelled: the review's "planned, not held".
                if missed && visit && date >= made && date < today && more.bool() {
                    made_count += cancelled(w, more, id, date.max(made))?;
                }
                continue;
            }
            let late = visit && rng.u8(..15) == 0;
            let logged = if late { date + Duration::days(i64::from(rng.u8(1..=3))) } else { date };
            // Visits mostly planned a few days ahead; calls entered as made.
            let entered = if visit && rng.u8(..3) != 0 {
                (date - Duration::days(i64::from(rng.u8(1..=7)))).max(made)
            } else {
                logged.min(today)
            };
            let mut v = vec![
                ("customer_id", text(id)),
                ("kind", text(if visit { "visit" } else { "call" })),
                ("status", text("done")),
                ("date", iso(date)),
                ("purposes", text(PURPOSES[rng.usize(..PURPOSES.len())])),
                // Half the goals met, a third partly.
                ("outcome", text(OUTCOMES[[0, 0, 0, 1, 1, 2][rng.usize(..6)]])),
                ("logged_on", iso(logged.min(today))),
            ];
            if visit {
                v.push(("buying_stage", text(BUYING_STAGES[rng.usize(..BUYING_STAGES.len())])));
            }
            // Planned ahead with a goal (the work plan's Goal column).
            if entered < date {
                v.push(("goal", text(say(&GOALS[more.usize(..GOALS.len())]))));
            }
            w.insert_made_on(&VISIT, entered, rng.u32(..36_000), &v)?;
            made_count += 1;
            if more.u8(..5) == 0 {
                next_step(w, more, id, logged.min(today), today)?;
                history.followups += 1;
            }
        }
    }
    Ok(made_count)
}

/// A visit planned a few days before `date` and cancelled.
fn cancelled(w: &mut Writer<'_>, more: &mut fastrand::Rng, id: &str, date: NaiveDate) -> Result<usize> {
    let entered = date - Duration::days(i64::from(more.u8(1..=6)));
    let v = [
        ("customer_id", text(id)),
        ("kind", text("visit")),
        ("status", text("cancelled")),
        ("date", iso(date)),
        ("purposes", text(PURPOSES[more.usize(..PURPOSES.len())])),
        ("goal", text(say(&GOALS[more.usize(..GOALS.len())]))),
    ];
    w.insert_made_on(&VISIT, entered, more.u32(..36_000), &v)?;
    Ok(1)
}

/// The next step of a contact logged on `logged`: a follow-up made that
/// day, due two to seven days later: most of those already due were done
/// (on the day or a little late), a few dropped, a quarter of those due in
/// the last ten days are still open (overdue); the later ones are open.
fn next_step(
    w: &mut Writer<'_>,
    more: &mut fastrand::Rng,
    id: &str,
    logged: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    let due = logged + Duration::days(i64::from(more.u8(2..=7)));
    let v = [
        ("customer_id", text(id)),
        ("what", text(say(&STEPS[more.usize(..STEPS.len())]))),
        ("due", iso(due)),
        ("source", text("next_step")),
        ("status", text("open")),
    ];
    let fid = w.insert_made_on(&FOLLOWUP, logged, more.u32(..36_000), &v)?;
    let roll = more.u8(..100);
    let recent = due >= today - Duration::days(10);
    if due >= today || (recent && roll < 25) {
        return Ok(());
    }
    if roll < 90 {
        let done = (due + Duration::days(i64::from(more.u8(..3)))).min(today);
        w.followup_done(&fid, done)
    } else {
        w.followup_drop(&fid, say(&super::words::DROPPED))
    }
}
