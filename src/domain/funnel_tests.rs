//! Tests of the funnel: counts, sums, moves, closings and overdue ones.
// Amounts in fen, written yuan_fen.
#![allow(clippy::inconsistent_digit_grouping)]

use super::*;

#[test]
fn bars_are_as_wide_as_what_each_stage_holds() {
    assert_eq!(bar_cells(0, 10, 8), 0);
    assert_eq!(bar_cells(10, 10, 8), 8, "the fullest stage fills its half");
    assert_eq!(bar_cells(5, 10, 8), 4);
    assert_eq!(bar_cells(1, 1_000, 8), 1, "a little still shows");
    assert_eq!(bar_cells(i64::MAX, i64::MAX, 8), 8, "no overflow");
    assert_eq!(bar_cells(3, 0, 8), 0);
    // The fullest stage is the widest, wherever it stands: a later
    // stage holding more is drawn wider than an earlier one.
    let early = stage_bar(1, 100, (6, 9_000), 8);
    let late = stage_bar(6, 9_000, (6, 9_000), 8);
    assert_eq!(late, "████████│▒▒▒▒▒▒▒▒");
    assert_eq!(early, "       █│▒       ");
    // Count and amount each against their own largest.
    assert_eq!(stage_bar(6, 100, (6, 9_000), 8), "████████│▒       ");
}
use crate::domain::fields::Value;
use crate::domain::opportunity::OPPORTUNITY;

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

fn track(id: &str, amount: i64, decision: Option<&str>, steps: &[(u32, &str, &str)]) -> Track {
    let mut values = BTreeMap::new();
    values.insert("customer_id", Value::Text("c1".into()));
    values.insert("need", Value::Text(format!("need {id}")));
    values.insert("amount", Value::Int(amount));
    if let Some(dd) = decision {
        values.insert("decision_date", Value::Text(dd.into()));
    }
    let last = steps.last().unwrap();
    values.insert("funnel_stage", Value::Text(last.1.into()));
    values.insert("state", Value::Text(last.2.into()));
    Track {
        opportunity: Entity { table: &OPPORTUNITY, id: id.into(), alive: true, updated_ms: 0, values },
        steps: steps.iter().map(|(day, s, st)| Step { on: d(*day), stage: (*s).into(), state: (*st).into() }).collect(),
    }
}

#[test]
fn counts_sums_moves_closings_and_overdue_for_a_week() {
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let stages = Stages::default();
    let names = BTreeMap::from([("c1".to_string(), "ACME".to_string())]);
    let tracks = vec![
        // Old, untouched this week, overdue.
        track("a", 100_00, Some("2026-11-20"), &[(2, "low_interest", "open")]),
        // Moved on this week (Tue) from low to strong.
        track("b", 250_00, None, &[(3, "low_interest", "open"), (17, "strong_interest", "open")]),
        // New this week.
        track("c", 40_00, Some("2026-12-31"), &[(18, "no_interest", "open")]),
        // Won this week from conviction.
        track("d", 900_00, None, &[(1, "conviction", "open"), (19, "conviction", "won")]),
        // Lost last week: not in this week's figures.
        track("e", 70_00, None, &[(1, "strong_interest", "open"), (10, "strong_interest", "lost")]),
        // Created after the week: not there yet.
        track("f", 5_00, None, &[(25, "commitment", "open")]),
    ];
    let f = funnel(&stages, &tracks, &names, (d(16), d(22)), d(23));
    let get = |s: &str| f.stages.iter().find(|r| r.stage == s).unwrap().clone();
    assert_eq!(f.open, 3);
    assert_eq!(f.open_amount, 390_00);
    assert_eq!((get("low_interest").count, get("low_interest").amount), (1, 100_00));
    assert_eq!((get("low_interest").moved_in, get("low_interest").moved_out), (0, 1));
    assert_eq!((get("strong_interest").count, get("strong_interest").moved_in), (1, 1));
    assert_eq!((get("no_interest").count, get("no_interest").moved_in), (1, 1));
    assert_eq!((get("conviction").count, get("conviction").moved_out), (0, 1));
    assert_eq!(get("commitment").count, 0, "made after the week");
    assert_eq!((f.won, f.won_amount, f.lost, f.lost_amount), (1, 900_00, 0, 0));
    assert_eq!(get("low_interest").overdue, 1);
    assert_eq!(f.overdue.len(), 1);
    assert_eq!(f.overdue[0].need, "need a");
    assert_eq!(f.moves.len(), 3, "{:?}", f.moves);
    assert_eq!((f.moves[0].from.as_str(), f.moves[0].to.as_str()), ("low interest", "strong interest"));
    assert_eq!((f.moves[1].from.as_str(), f.moves[1].to.as_str()), ("", "no interest"));
    assert_eq!((f.moves[2].from.as_str(), f.moves[2].to.as_str()), ("conviction", "won"));
    // The week before: e lost, a b d open, nothing overdue yet on the 15th.
    let before = funnel(&stages, &tracks, &names, (d(9), d(15)), d(23));
    assert_eq!((before.open, before.lost, before.lost_amount), (3, 1, 70_00));
    assert!(before.overdue.is_empty(), "the 20th had not come by the 15th");
}

#[test]
fn a_stage_the_config_no_longer_lists_keeps_its_row() {
    let stages = Stages::new(&["线索".into(), "谈判".into()]).unwrap();
    let tracks = vec![track("a", 1, None, &[(2, "strong_interest", "open")])];
    let f = funnel(&stages, &tracks, &BTreeMap::new(), (d(16), d(22)), d(23));
    assert_eq!(f.stages.len(), 3);
    assert_eq!((f.stages[2].stage.as_str(), f.stages[2].count), ("strong_interest", 1));
}

#[test]
fn an_empty_archive_has_an_empty_funnel_with_every_stage() {
    let f = funnel(&Stages::default(), &[], &BTreeMap::new(), (d(16), d(22)), d(23));
    assert_eq!(f.stages.len(), 5);
    assert_eq!((f.open, f.open_amount, f.won, f.lost), (0, 0, 0, 0));
}
