//! The demo's regular contacts (issue 10, user check): each customer
//! phoned and visited at its tier's norm (config defaults, DOMAIN.md §2)
//! over the last sixteen weeks, with some contacts missed, so the review's
//! cadence gauges read high but not full. Drawn from a stream of their own
//! so the rest of the demo is what it was.

use super::{iso, text};
use crate::domain::classify::Tier;
use crate::domain::schema::{BUYING_STAGES, OUTCOMES, PURPOSES, VISIT};
use crate::error::Result;
use crate::store::Writer;
use chrono::{Duration, NaiveDate};

/// Weeks of regular contacts before this one: the twelve the review's
/// pictures show and four before, so that a quarterly visit is on record
/// by the first of them.
const WEEKS: i64 = 16;

/// The regular contacts' own random stream.
pub(super) struct History {
    rng: fastrand::Rng,
}

impl History {
    /// The stream for the demo drawn from `seed`.
    pub(super) fn new(seed: u64) -> Self {
        Self { rng: fastrand::Rng::with_seed(seed ^ 0xcade_u64.rotate_left(40)) }
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
    let rng = &mut history.rng;
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
            if rng.u8(..miss) == 0 || date < made || date >= today {
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
            w.insert_made_on(&VISIT, entered, rng.u32(..36_000), &v)?;
            made_count += 1;
        }
    }
    Ok(made_count)
}
