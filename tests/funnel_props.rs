//! The funnel's figures agree with each other whatever the history: for
//! every stage, its count at the end of the week before plus what moved in
//! less what moved out is its count at the end of the week — also when a
//! history's days are out of order (a late log, a merge from a device).
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use proptest::prelude::*;
use repbook::domain::entity::Entity;
use repbook::domain::fields::Value;
use repbook::domain::funnel::{Step, Track, funnel};
use repbook::domain::opportunity::{OPPORTUNITY, Stages};
use std::collections::BTreeMap;

const STAGES: [&str; 5] = ["no_interest", "low_interest", "strong_interest", "conviction", "commitment"];

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() + chrono::Days::new(u64::from(n))
}

fn track(n: usize, steps: &[(u32, usize, u8)]) -> Track {
    let mut values = std::collections::BTreeMap::new();
    values.insert("amount", Value::Int(100));
    let opportunity = Entity { table: &OPPORTUNITY, id: format!("0000000{n}"), alive: true, updated_ms: 0, values };
    let steps = steps
        .iter()
        .map(|&(d, s, st)| Step {
            on: day(d),
            stage: STAGES[s % STAGES.len()].to_string(),
            state: ["open", "open", "open", "won", "lost"][usize::from(st % 5)].to_string(),
        })
        .collect();
    Track { opportunity, steps }
}

proptest! {
    #[test]
    fn start_plus_in_less_out_is_the_end(
        histories in prop::collection::vec(prop::collection::vec((0u32..28, 0usize..5, 0u8..5), 1..6), 1..8),
        week in 0u32..4,
    ) {
        let stages = Stages::default();
        let tracks: Vec<Track> = histories.iter().enumerate().map(|(i, h)| track(i, h)).collect();
        let names = BTreeMap::new();
        let (from, to) = (day(week * 7), day(week * 7 + 6));
        let today = day(40);
        let start = funnel(&stages, &tracks, &names, (from - chrono::Days::new(7), from.pred_opt().unwrap()), today);
        let end = funnel(&stages, &tracks, &names, (from, to), today);
        for row in &end.stages {
            let before = start.stages.iter().find(|r| r.stage == row.stage).map_or(0, |r| r.count);
            prop_assert_eq!(
                i64::from(before) + i64::from(row.moved_in) - i64::from(row.moved_out),
                i64::from(row.count),
                "stage {}", row.stage
            );
        }
    }
}
