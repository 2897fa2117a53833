//! The demo's opportunities (商机): some customers' needs at every stage of
//! the buying process, a few moved this week, a few past their expected
//! decision date, some won and some lost with their reasons. Their own
//! random stream, so the rest of the demo is the same with or without them.

use super::words::{LOST_REASONS, NEEDS, WON_REASONS, say};
use super::{iso, text};
use crate::domain::fields::Value;
use crate::domain::opportunity::OPPORTUNITY;
use crate::domain::schema::BUYING_STAGES;
use crate::error::Result;
use crate::store::Store;
use chrono::{Datelike, Duration, NaiveDate};

const RIVALS: &[&str] = &["西门子", "施耐德", "ABB", "正泰"];

/// Opportunities for every third customer of `customers` (ids), dated
/// around `today`. Returns how many were made.
pub fn generate(store: &mut Store, customers: &[String], today: NaiveDate, seed: u64) -> Result<usize> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x0fu64.rotate_left(40));
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let mut made = 0usize;
    store.write(|w| {
        for (k, customer) in customers.iter().step_by(3).enumerate() {
            let (need, product) = NEEDS[k % NEEDS.len()];
            let (need, product) = (say(&need), say(&product));
            // Every stage has some; two in seven are closed (won, lost).
            // One is won only once the buyer has come to commit (the last
            // stage); one is lost at any stage.
            let closed = match k % 7 {
                3 => Some("won"),
                6 => Some("lost"),
                _ => None,
            };
            let stage_at = if closed == Some("won") { BUYING_STAGES.len() - 1 } else { k % BUYING_STAGES.len() };
            // Not before the customer was added.
            let added = crate::domain::entity::created_on(customer).unwrap_or(today);
            let start = (today - Duration::days(i64::from(rng.u16(20..=90)))).max(added).min(today);
            let decision = if k % 4 == 1 {
                // Past its expected decision date, still open.
                today - Duration::days(i64::from(rng.u16(3..=20)))
            } else {
                today + Duration::days(i64::from(rng.u16(7..=120)))
            };
            let mut values = vec![
                ("customer_id", text(customer.as_str())),
                ("need", text(need)),
                ("product", text(product)),
                ("amount", Value::Int(i64::from(rng.u32(20..=800)) * 100_000)),
                ("funnel_stage", text(BUYING_STAGES[0])),
                ("stage_since", iso(start)),
                ("state", text("open")),
                ("decision_date", iso(decision)),
            ];
            if rng.bool() {
                values.push(("competitors", text(RIVALS[rng.usize(..RIVALS.len())])));
            }
            // Made the day it came in (the funnel's history starts there).
            let id = w.insert_made_on(&OPPORTUNITY, start, u32::try_from(k).unwrap_or(0), &values)?;
            // Moved one stage at a time; the last move this week for some,
            // on a working day of last week for others (its review shows
            // movement), never before the move before it.
            let last_week = monday - Duration::days(7) + Duration::days(i64::try_from(k % 5).unwrap_or(0));
            let mut last_day = start;
            for (step, stage) in BUYING_STAGES.iter().enumerate().take(stage_at + 1).skip(1) {
                let last = step == stage_at;
                let day = match k % 3 {
                    0 if last => monday.max(today - Duration::days(1)).min(today),
                    1 if last => last_week.max(last_day),
                    _ => start + Duration::days(i64::try_from(step * 7).unwrap_or(7)),
                };
                last_day = day.min(today).max(last_day);
                w.update(&OPPORTUNITY, &id, &[("funnel_stage", text(*stage)), ("stage_since", iso(last_day))])?;
            }
            if let Some(state) = closed {
                let reasons = if state == "won" { WON_REASONS } else { LOST_REASONS };
                // Closed this week for some, last week or a fortnight ago
                // for others; never before its last move.
                let on = match k % 20 {
                    0..5 => today,
                    5..10 => last_week,
                    _ => today - Duration::days(15),
                }
                .max(last_day)
                .min(today);
                w.update(
                    &OPPORTUNITY,
                    &id,
                    &[
                        ("state", text(state)),
                        ("reason", text(say(&reasons[rng.usize(..reasons.len())]))),
                        ("closed_on", iso(on)),
                    ],
                )?;
            }
            made += 1;
        }
        Ok(())
    })?;
    Ok(made)
}

/// The stream the prospects' assessments are drawn from.
pub fn prospect_stream(seed: u64) -> fastrand::Rng {
    fastrand::Rng::with_seed(seed ^ 0x51u64.rotate_left(48))
}

/// The assessment of the `k`th customer assessed (every other customer):
/// some qualified (need, purchasing power and authority confirmed, golden
/// traits ticked), some not (a mark missing or false, poor traits). Given
/// as the customer is added, so it is dated the day the customer was.
pub fn prospect_values(rng: &mut fastrand::Rng, k: usize) -> Vec<(&'static str, Value)> {
    use crate::domain::qualify::{GOLDEN, POOR};
    let good = k % 3 != 2;
    let pick = |rng: &mut fastrand::Rng, from: &[&str], n: usize| {
        let mut all: Vec<&str> = from.to_vec();
        rng.shuffle(&mut all);
        all.truncate(n);
        all.join(", ")
    };
    let (n_golden, n_poor) =
        if good { (rng.usize(3..=6), rng.usize(0..=1)) } else { (rng.usize(0..=2), rng.usize(2..=4)) };
    let golden = pick(rng, GOLDEN, n_golden);
    let poor = pick(rng, POOR, n_poor);
    let mut values = vec![
        ("qual_need", Value::Bool(true)),
        ("qual_power", Value::Bool(good || rng.bool())),
        ("qual_authority", Value::Bool(good && k % 4 != 1)),
    ];
    for (field, list) in [("golden_traits", golden), ("poor_traits", poor)] {
        if !list.is_empty() {
            values.push((field, text(list)));
        }
    }
    values
}
