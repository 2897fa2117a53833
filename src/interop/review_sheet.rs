//! A week's review (issue 10 §2) as sheets in the active language: Plan,
//! the work plan, Do, Check and Act, for the terminal and Markdown (cells
//! escaped by [`Sheet::to_markdown`]); JSON is the [`Review`] itself.

use super::sheet::{Cell, RowKind, Sheet, markdown_escape};
use super::week_sheet::{check_sheet, do_sheet, text};
use crate::domain::review::{ActItem, PlanLine, Review, ReviewState};
use crate::i18n::{enum_label, t, tf};

fn row(label: &str, value: impl Into<String>) -> (RowKind, Vec<Cell>) {
    let value: String = value.into();
    (RowKind::Plain, vec![Cell::from(label), Cell::from(if value.trim().is_empty() { "—".to_string() } else { value })])
}

/// A note the rep wrote, its lines joined by ` · ` for one cell.
fn joined(text: &str) -> String {
    let lines: Vec<String> =
        text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| crate::text::one_line(l).into_owned()).collect();
    lines.join(" · ")
}

fn two_columns(title: &str, rows: Vec<(RowKind, Vec<Cell>)>) -> Sheet {
    Sheet {
        title: title.to_string(),
        headers: vec![t("figures.figure").to_string(), t("figures.value").to_string()],
        rows,
    }
}

/// An Act item in one line: its text, its customer, what became of it.
pub fn act_line(a: &ActItem) -> String {
    let mut parts = vec![act_what(a)];
    if a.followup_id.is_some() {
        parts.push(t("review.became_followup").to_string());
    }
    if a.carried {
        parts.push(t("review.carried_mark").to_string());
    }
    parts.join(" · ")
}

/// What an Act item changes, its customer after it unless it names them.
pub fn act_what(a: &ActItem) -> String {
    let what = crate::text::one_line(&a.what).into_owned();
    match a.customer.as_ref().filter(|c| !a.what.contains(c.as_str())) {
        Some(c) => tf("review.act_for", &[("what", &what), ("customer", &crate::text::one_line(c))]),
        None => what,
    }
}

/// Plan: the goals and last week's Act items carried into the week.
pub fn plan_sheet(r: &Review) -> Sheet {
    let mut rows = vec![row(t("review.goals"), joined(&r.goals))];
    let carried: Vec<String> = r.carried.iter().map(|a| crate::text::one_line(&a.what).into_owned()).collect();
    rows.push(row(t("review.from_last_act"), carried.join(crate::i18n::clause_separator())));
    let held = r.plan.iter().filter(|l| l.status == "done").count();
    rows.push(row(t("review.work_plan_count"), format!("{held} / {}", r.plan.len())));
    rows.push(row(t("review.work_plan_planned"), r.facts.planned.to_string()));
    two_columns(t("review.plan"), rows)
}

/// The week's visits and calls: day, time, kind, customer, purpose, goal,
/// status.
pub fn work_plan_sheet(lines: &[PlanLine]) -> Sheet {
    let rows = lines
        .iter()
        .map(|l| {
            let day = crate::domain::fields::parse_iso_date(&l.date)
                .map_or_else(|| l.date.clone(), crate::domain::dates::with_weekday);
            let purposes: Vec<String> =
                crate::domain::fields::split_tags(&l.purposes).iter().map(|p| enum_label("purposes", p)).collect();
            (
                RowKind::Plain,
                vec![
                    Cell::from(day),
                    Cell::from(l.time.as_str()),
                    Cell::from(enum_label("kind", &l.kind)),
                    Cell::from(l.customer.as_str()),
                    Cell::from(purposes.join(crate::i18n::list_separator())),
                    Cell::from(crate::text::one_line(&l.goal).into_owned()),
                    Cell::from(enum_label("status", &l.status)),
                ],
            )
        })
        .collect();
    let headers = ["plan.day", "plan.time", "plan.kind", "plan.customer", "plan.purpose", "plan.goal", "plan.status"];
    Sheet {
        title: t("review.work_plan").to_string(),
        headers: headers.iter().map(|k| t(k).to_string()).collect(),
        rows,
    }
}

/// Check: the facts, then the rep's own notes.
pub fn check_with_notes(r: &Review) -> Sheet {
    let mut sheet = check_sheet(&r.facts);
    sheet.rows.push(row(t("review.worked"), joined(&r.worked)));
    sheet.rows.push(row(t("review.not_worked"), joined(&r.not_worked)));
    sheet
}

/// Act: the items, numbered, and what became of each.
pub fn act_sheet(r: &Review) -> Sheet {
    let rows = r
        .acts
        .iter()
        .map(|a| {
            (
                RowKind::Plain,
                vec![
                    Cell::Int(i64::try_from(a.number).unwrap_or(i64::MAX)),
                    Cell::from(crate::text::one_line(&a.what).into_owned()),
                    Cell::from(a.customer.clone().unwrap_or_default()),
                    Cell::from(if a.followup_id.is_some() { t("common.yes") } else { "—" }),
                    Cell::from(if a.carried { t("common.yes") } else { "—" }),
                ],
            )
        })
        .collect();
    let headers = ["plan.number", "review.act_what", "plan.customer", "review.act_followup", "review.act_carried"];
    Sheet { title: t("review.act").to_string(), headers: headers.iter().map(|k| t(k).to_string()).collect(), rows }
}

/// The review's heading, with its state.
pub fn title(r: &Review) -> String {
    let f = &r.facts;
    let state = t(if r.closed { "review.state_closed" } else { "review.state_open" });
    format!(
        "{} · {state}",
        tf("review.title", &[("week", &f.week), ("from", &f.from), ("to", &f.to), ("as_of", &f.as_of)])
    )
}

/// The five sheets: Plan, the work plan, Do, Check, Act.
pub fn sheets(r: &Review) -> [Sheet; 5] {
    [plan_sheet(r), work_plan_sheet(&r.plan), do_sheet(&r.facts), check_with_notes(r), act_sheet(r)]
}

fn note(r: &Review) -> Option<&'static str> {
    if r.frozen_unreadable {
        Some(t("review.frozen_unreadable"))
    } else if r.closed {
        Some(t("review.frozen_note"))
    } else {
        None
    }
}

/// The review as Markdown.
pub fn markdown(r: &Review) -> String {
    let mut out = format!("# {}\n\n", markdown_escape(&title(r)));
    for s in sheets(r) {
        out.push_str(&s.to_markdown());
        out.push('\n');
    }
    if let Some(n) = note(r) {
        out.push_str(&markdown_escape(n));
        out.push('\n');
    }
    out
}

/// The review for a terminal.
pub fn terminal(r: &Review) -> String {
    let [plan, work, done, check, act] = sheets(r);
    let mut out = format!(
        "{}\n\n{}\n{}\n{}\n{}\n{}",
        title(r),
        text(&plan, ""),
        text(&work, t("plan.nothing_planned")),
        text(&done, ""),
        text(&check, ""),
        text(&act, t("review.no_acts"))
    );
    if let Some(n) = note(r) {
        out.push('\n');
        out.push_str(n);
        out.push('\n');
    }
    out
}

/// The list of reviews for a terminal.
pub fn list_text(list: &[ReviewState]) -> String {
    let rows = list
        .iter()
        .map(|s| {
            (
                RowKind::Plain,
                vec![
                    Cell::from(s.week.as_str()),
                    Cell::from(t(if s.closed { "review.state_closed" } else { "review.state_open" })),
                    Cell::from(if s.goals { t("common.yes") } else { "—" }),
                    Cell::from(if s.notes { t("common.yes") } else { "—" }),
                    Cell::Int(i64::try_from(s.acts).unwrap_or(i64::MAX)),
                ],
            )
        })
        .collect();
    let headers = ["review.week", "review.state", "review.goals", "review.notes", "review.act"];
    let sheet = Sheet {
        title: t("review.list_title").to_string(),
        headers: headers.iter().map(|k| t(k).to_string()).collect(),
        rows,
    };
    text(&sheet, "")
}
