//! The demo's reviewed weeks (issue 10 §4): so that the review's history
//! is not empty.

use crate::domain::fields::Value;
use crate::error::Result;
use crate::store::Store;
use chrono::{Duration, NaiveDate};

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// The rep's reviews of the four weeks before this one, in the language
/// the demo is built in (`words`): goals, Check notes and Act items (one
/// about a customer met that week — last week's made a follow-up; each
/// week's first carried into the next week's plan); the three oldest
/// closed, their figures frozen, so the history is not empty.
pub(super) fn past_reviews(store: &mut Store, today: NaiveDate) -> Result<()> {
    use super::words::{ACTS, NOTES, act_about, say};
    let cadence = crate::config::Cadence::default();
    let this_monday = crate::domain::period::week_of(today).0;
    for back in (1..=4_i64).rev() {
        let monday = this_monday - Duration::weeks(back);
        let i = usize::try_from(back - 1).unwrap_or(0) % NOTES.len();
        let (goals, worked, not_worked) = (say(&NOTES[i].0), say(&NOTES[i].1), say(&NOTES[i].2));
        let met = store.review(&cadence, monday, today)?.plan.into_iter().find(|l| l.status == "done");
        let customer = match &met {
            Some(line) => {
                let visit = store.get(&crate::domain::schema::VISIT, &line.id)?;
                visit.and_then(|v| v.text("customer_id").map(str::to_string))
            }
            None => None,
        };
        store.write(|w| {
            w.review_notes(
                monday,
                None,
                &[("goals", text(goals)), ("worked", text(worked)), ("not_worked", text(not_worked))],
            )?;
            let first = w.add_act(monday, say(&ACTS[i]), None)?;
            // Each week's first item carried into the next week's plan.
            w.act_toggle_carry(&first)?;
            if let (Some(c), Some(line)) = (&customer, &met) {
                let about = w.add_act(monday, &act_about(&line.customer), Some(c))?;
                // Last week's: made a follow-up in this week's review.
                if back == 1 {
                    w.act_to_followup_on(&about, today.max(this_monday + Duration::days(2)), today)?;
                }
            }
            Ok(())
        })?;
        if back > 1 {
            store.close_review(&cadence, monday, today)?;
        }
    }
    Ok(())
}
