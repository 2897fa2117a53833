//! The funnel (销售漏斗, DOMAIN.md §3): the open opportunities counted and
//! summed by stage at the end of a period, what moved in the period (in and
//! out of each stage), what was won and lost, and the open ones past their
//! expected decision date. Pure: the store gives each opportunity with its
//! stage history ([`Track`]); the CLI's `report funnel`, the funnel screen
//! and the rep's figures all read this one computation.

use super::entity::Entity;
use super::opportunity::{Stages, decision_date};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// One recorded value of an opportunity's stage and state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The rep's day it was recorded.
    pub on: NaiveDate,
    /// The stage from then on.
    pub stage: String,
    /// `open`, `won` or `lost` from then on.
    pub state: String,
}

/// An opportunity and its history, oldest step first.
#[derive(Debug, Clone)]
pub struct Track {
    /// The opportunity as it is now.
    pub opportunity: Entity,
    /// Its stage and state over time.
    pub steps: Vec<Step>,
}

impl Track {
    /// Its stage and state at the end of `day`: `None` before it existed.
    fn at(&self, day: NaiveDate) -> Option<&Step> {
        self.steps.iter().rev().find(|s| s.on <= day)
    }
}

/// One stage of the funnel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StageRow {
    /// The stage as stored.
    pub stage: String,
    /// As the rep reads it.
    pub label: String,
    /// Open opportunities in it at the period's end.
    pub count: u32,
    /// Their estimated amounts (minor units).
    pub amount: i64,
    /// Moved into it during the period (new ones included).
    pub moved_in: u32,
    /// Moved out of it during the period (on, back, won or lost).
    pub moved_out: u32,
    /// Of those in it, past their expected decision date.
    pub overdue: u32,
}

/// An opportunity that moved in the period, or is overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Its id.
    pub id: String,
    /// Its customer's id.
    pub customer_id: String,
    /// Its customer's name.
    pub customer: String,
    /// What the customer needs.
    pub need: String,
    /// Estimated amount (minor units), 0 when not given.
    pub amount: i64,
    /// The stage it left (or was in), as the rep reads it; empty for a new one.
    pub from: String,
    /// The stage it reached, or won / lost, as the rep reads it.
    pub to: String,
    /// The day (of the move; of the expected decision for an overdue one).
    pub on: NaiveDate,
}

/// The funnel at the end of a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Funnel {
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The configured stages in order, then any stage an opportunity holds
    /// that the config no longer lists.
    pub stages: Vec<StageRow>,
    /// Open opportunities at the end.
    pub open: u32,
    /// Their amounts.
    pub open_amount: i64,
    /// Won in the period.
    pub won: u32,
    /// Their amounts.
    pub won_amount: i64,
    /// Lost in the period.
    pub lost: u32,
    /// Their amounts.
    pub lost_amount: i64,
    /// What moved in the period, oldest first.
    pub moves: Vec<Item>,
    /// Open ones past their expected decision date, most overdue first.
    pub overdue: Vec<Item>,
}

/// One stage in the rep's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct StageFigure {
    /// The stage as stored.
    pub stage: String,
    /// As the rep reads it.
    pub label: String,
    /// Open opportunities in it at the period's end.
    pub count: u32,
    /// Their estimated amounts.
    pub amount: i64,
    /// Moved into it during the period (new ones included); 0 in a review
    /// frozen before movements were kept.
    #[serde(default)]
    pub moved_in: u32,
    /// Moved out of it during the period (on, back, won or lost).
    #[serde(default)]
    pub moved_out: u32,
}

/// The funnel as the rep's figures carry it (DOMAIN.md §7): open count and
/// amount by stage at the period's end, won and lost in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FunnelFigures {
    /// Every stage, in order.
    pub stages: Vec<StageFigure>,
    /// Open opportunities.
    pub open: u32,
    /// Their amounts.
    pub open_amount: i64,
    /// Won in the period.
    pub won: u32,
    /// Their amounts.
    pub won_amount: i64,
    /// Lost in the period.
    pub lost: u32,
    /// Their amounts.
    pub lost_amount: i64,
}

impl FunnelFigures {
    /// Name each stage as the rep reads it now ([`Stages::label`]): a
    /// review frozen in another language, or before a stage was renamed,
    /// shows its stages as the live figures do.
    pub fn relabel(&mut self) {
        for s in &mut self.stages {
            s.label = Stages::label(&s.stage);
        }
    }
}

impl From<&Funnel> for FunnelFigures {
    fn from(f: &Funnel) -> Self {
        Self {
            stages: f
                .stages
                .iter()
                .map(|r| StageFigure {
                    stage: r.stage.clone(),
                    label: r.label.clone(),
                    count: r.count,
                    amount: r.amount,
                    moved_in: r.moved_in,
                    moved_out: r.moved_out,
                })
                .collect(),
            open: f.open,
            open_amount: f.open_amount,
            won: f.won,
            won_amount: f.won_amount,
            lost: f.lost,
            lost_amount: f.lost_amount,
        }
    }
}

/// The cells of a bar `room` wide drawing `value` against the largest
/// `most`: in proportion, at least one for anything above nothing (so a
/// stage holding little still shows), none for nothing.
pub fn bar_cells(value: i64, most: i64, room: usize) -> usize {
    if value <= 0 || most <= 0 || room == 0 {
        return 0;
    }
    let room_i = i64::try_from(room).unwrap_or(i64::MAX);
    let cells = i128::from(value.min(most)) * i128::from(room_i) / i128::from(most);
    usize::try_from(cells).unwrap_or(room).clamp(1, room)
}

/// A stage's two bars side by side, `half` cells each, meeting in the
/// middle: its count (█, growing left) and its amount (▒, growing
/// right), each against the largest stage's. Wider for more, whatever
/// the stage's place in the order; never told by colour alone.
pub fn stage_bar(count: u32, amount: i64, most: (u32, i64), half: usize) -> String {
    let left = bar_cells(i64::from(count), i64::from(most.0), half);
    let right = bar_cells(amount, most.1, half);
    format!("{}{}│{}{}", " ".repeat(half - left), "█".repeat(left), "▒".repeat(right), " ".repeat(half - right))
}

/// The funnel for `from..=to`, on `today` (overdue is judged on the
/// earlier of `to` and `today`). `names` gives customer names by id.
pub fn funnel(
    stages: &Stages,
    tracks: &[Track],
    names: &BTreeMap<String, String>,
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> Funnel {
    let judged = to.min(today);
    let mut rows: Vec<StageRow> = stages
        .names()
        .iter()
        .map(|s| StageRow { stage: s.clone(), label: Stages::label(s), ..StageRow::default() })
        .collect();
    let row = |rows: &mut Vec<StageRow>, stage: &str| -> usize {
        if let Some(i) = rows.iter().position(|r| r.stage == stage) {
            return i;
        }
        rows.push(StageRow { stage: stage.to_string(), label: Stages::label(stage), ..StageRow::default() });
        rows.len() - 1
    };
    let mut f = Funnel { from, to, ..Funnel::default() };
    for track in tracks {
        let e = &track.opportunity;
        let amount = e.int("amount").unwrap_or(0);
        let item = |from: String, to: String, on: NaiveDate| Item {
            id: e.id.clone(),
            customer_id: e.text_or_empty("customer_id").to_string(),
            customer: names.get(e.text_or_empty("customer_id")).cloned().unwrap_or_default(),
            need: e.text_or_empty("need").to_string(),
            amount,
            from,
            to,
            on,
        };
        if let Some(end) = track.at(to).filter(|s| s.state == "open") {
            let i = row(&mut rows, &end.stage);
            rows[i].count += 1;
            rows[i].amount = rows[i].amount.saturating_add(amount);
            f.open += 1;
            f.open_amount = f.open_amount.saturating_add(amount);
            if let Some(d) = decision_date(e).filter(|d| *d < judged) {
                rows[i].overdue += 1;
                f.overdue.push(item(rows[i].label.clone(), String::new(), d));
            }
        }
        let mut before: Option<&Step> = None;
        for step in &track.steps {
            let in_period = step.on >= from && step.on <= to;
            let was_open = before.is_some_and(|b| b.state == "open");
            let changed = before.is_none_or(|b| b.stage != step.stage || b.state != step.state);
            if in_period && changed {
                let left = before.filter(|_| was_open).map(|b| b.stage.clone());
                if let Some(left) = &left {
                    let i = row(&mut rows, left);
                    rows[i].moved_out += 1;
                }
                let reached = match step.state.as_str() {
                    "open" => {
                        let i = row(&mut rows, &step.stage);
                        rows[i].moved_in += 1;
                        rows[i].label.clone()
                    }
                    closed => {
                        if was_open || before.is_none() {
                            if closed == "won" {
                                f.won += 1;
                                f.won_amount = f.won_amount.saturating_add(amount);
                            } else {
                                f.lost += 1;
                                f.lost_amount = f.lost_amount.saturating_add(amount);
                            }
                        }
                        crate::i18n::enum_label("state", closed)
                    }
                };
                let from_label = left.map(|l| Stages::label(&l)).unwrap_or_default();
                if !(from_label.is_empty() && step.state != "open" && before.is_some()) {
                    f.moves.push(item(from_label, reached, step.on));
                }
            }
            before = Some(step);
        }
    }
    f.moves.sort_by(|a, b| (a.on, &a.customer, &a.need).cmp(&(b.on, &b.customer, &b.need)));
    f.overdue.sort_by(|a, b| (a.on, &a.customer, &a.need).cmp(&(b.on, &b.customer, &b.need)));
    f.stages = rows;
    f
}

#[cfg(test)]
// Amounts in fen, written yuan_fen.
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
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
            steps: steps
                .iter()
                .map(|(day, s, st)| Step { on: d(*day), stage: (*s).into(), state: (*st).into() })
                .collect(),
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
}
