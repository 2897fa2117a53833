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

/// Date each step no earlier than the one before it. Steps come in the
/// order they were recorded, but each is dated by the day the record says
/// (a late log moves an opportunity on its visit's day); a step dated before
/// an earlier one (an old archive, a merge from another device) would let
/// the stage at a day and the moves of a period disagree, so the later
/// record is taken as happening on the earlier one's day at the soonest.
pub fn in_order(steps: &mut [Step]) {
    let mut last: Option<NaiveDate> = None;
    for step in steps {
        if let Some(l) = last.filter(|l| step.on < *l) {
            step.on = l;
        }
        last = Some(step.on);
    }
}

impl Track {
    /// Its stage and state at the end of `day`: `None` before it existed.
    /// The steps must be [`in_order`].
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
        let mut track = track.clone();
        in_order(&mut track.steps);
        let track = &track;
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
#[path = "funnel_tests.rs"]
mod tests;
