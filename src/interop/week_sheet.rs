//! The weekly plan and the week's review as sheets in the active language:
//! the terminal, Markdown (printable; cells escaped by
//! [`Sheet::to_markdown`]) and JSON show the same facts.

use super::sheet::{Cell, RowKind, Sheet, markdown_escape};
use crate::domain::dates::with_weekday;
use crate::domain::entity::Entity;
use crate::domain::week_plan::WeekPlan;
use crate::domain::week_review::{VisitRef, WeekFacts};
use crate::i18n::{enum_label, t, tf};
use std::collections::HashMap;

fn plain(cells: Vec<Cell>) -> (RowKind, Vec<Cell>) {
    (RowKind::Plain, cells)
}

/// The visits and calls of a week as a sheet: day, time, kind, customer,
/// purpose, goal, resources, status.
pub fn items_sheet<S: std::hash::BuildHasher>(
    title: String,
    items: &[Entity],
    names: &HashMap<String, String, S>,
) -> Sheet {
    let rows = items
        .iter()
        .map(|v| {
            let day =
                v.text("date").and_then(crate::domain::fields::parse_iso_date).map_or_else(String::new, with_weekday);
            plain(vec![
                Cell::from(day),
                Cell::from(v.text_or_empty("time")),
                Cell::from(v.display("kind")),
                Cell::from(names.get(v.text_or_empty("customer_id")).cloned().unwrap_or_default()),
                Cell::from(v.display("purposes")),
                Cell::from(crate::text::one_line(v.text_or_empty("goal")).into_owned()),
                Cell::from(WeekPlan::resources(v)),
                Cell::from(v.display("status")),
            ])
        })
        .collect();
    let headers = [
        "plan.day",
        "plan.time",
        "plan.kind",
        "plan.customer",
        "plan.purpose",
        "plan.goal",
        "plan.resources",
        "plan.status",
    ];
    Sheet { title, headers: headers.iter().map(|k| t(k).to_string()).collect(), rows }
}

/// Last week's Act items carried into the plan: their number in last
/// week's list, what to change, the customer.
pub fn carried_sheet(plan: &WeekPlan) -> Sheet {
    let rows = plan
        .carried
        .iter()
        .map(|a| {
            plain(vec![
                Cell::Int(i64::try_from(a.number).unwrap_or(i64::MAX)),
                Cell::from(crate::text::one_line(&a.what).into_owned()),
                Cell::from(a.customer.clone().unwrap_or_default()),
            ])
        })
        .collect();
    let headers = ["plan.number", "review.act_what", "plan.customer"];
    Sheet {
        title: t("review.from_last_act").to_string(),
        headers: headers.iter().map(|k| t(k).to_string()).collect(),
        rows,
    }
}

/// The plan's two sheets: what is planned, and the suggestions.
pub fn plan_sheets(plan: &WeekPlan, currency: &str) -> [Sheet; 2] {
    let items = items_sheet(t("plan.planned").to_string(), &plan.items, &plan.names);
    let rows = plan
        .suggestions
        .iter()
        .map(|s| {
            let why: Vec<String> = s.reasons.iter().map(|r| r.describe(currency)).collect();
            plain(vec![
                Cell::Int(i64::try_from(s.number).unwrap_or(i64::MAX)),
                Cell::from(with_weekday(s.day)),
                Cell::from(s.slot.label()),
                Cell::from(enum_label("kind", s.kind)),
                Cell::from(s.name.clone()),
                Cell::from(s.tier.as_str()),
                Cell::from(s.purpose.clone()),
                Cell::from(s.resources.clone()),
                Cell::from(why.join(t("plan.purpose_sep"))),
            ])
        })
        .collect();
    let headers = [
        "plan.number",
        "plan.day",
        "plan.time",
        "plan.kind",
        "plan.customer",
        "plan.class",
        "plan.purpose",
        "plan.resources",
        "plan.why",
    ];
    let suggestions = Sheet {
        title: t("plan.suggestions").to_string(),
        headers: headers.iter().map(|k| t(k).to_string()).collect(),
        rows,
    };
    [items, suggestions]
}

/// The plan's heading.
pub fn plan_title(plan: &WeekPlan) -> String {
    tf("plan.title", &[("week", &plan.week), ("from", &plan.monday), ("to", &plan.sunday)])
}

/// The whole plan as Markdown: a heading, last week's Act items carried
/// in (when there are), then its two tables.
pub fn plan_markdown(plan: &WeekPlan, currency: &str) -> String {
    let [items, suggestions] = plan_sheets(plan, currency);
    let carried =
        if plan.carried.is_empty() { String::new() } else { format!("{}\n", carried_sheet(plan).to_markdown()) };
    format!(
        "# {}\n\n{carried}{}\n{}",
        markdown_escape(&plan_title(plan)),
        items.to_markdown(),
        suggestions.to_markdown()
    )
}

/// The plan for a terminal: a heading, each table aligned, a line on how
/// to accept a suggestion.
pub fn plan_text(plan: &WeekPlan, currency: &str) -> String {
    let [items, suggestions] = plan_sheets(plan, currency);
    let mut out = format!("{}\n\n", plan_title(plan));
    if !plan.carried.is_empty() {
        out.push_str(&text(&carried_sheet(plan), ""));
        out.push('\n');
    }
    out.push_str(&text(&items, t("plan.nothing_planned")));
    out.push('\n');
    out.push_str(&text(&suggestions, t(plan.no_suggestions_key())));
    if !plan.suggestions.is_empty() {
        out.push('\n');
        out.push_str(&crate::i18n::tf("plan.accept_hint", &[("week", &plan.week)]));
        out.push('\n');
    }
    out
}

/// A sheet for a terminal: its title, then its columns aligned by display
/// width (controls already made visible by [`Cell::text`]); `empty` when
/// it has no rows.
pub fn text(sheet: &Sheet, empty: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = format!("{}\n", sheet.title);
    if sheet.rows.is_empty() {
        out.push_str("  ");
        out.push_str(empty);
        out.push('\n');
        return out;
    }
    let cells: Vec<Vec<String>> = sheet
        .rows
        .iter()
        .map(|(_, r)| r.iter().map(|c| crate::text::one_line(&c.text()).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = sheet.headers.iter().map(|h| h.width()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let line = |row: &[String]| {
        let last = row.len().saturating_sub(1);
        let parts: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| if i == last { c.clone() } else { crate::text::pad(c, *w) })
            .collect();
        format!("  {}\n", parts.join("  ").trim_end())
    };
    out.push_str(&line(&sheet.headers));
    for row in &cells {
        out.push_str(&line(row));
    }
    out
}

fn count(key: &str, n: impl Into<i64>) -> (RowKind, Vec<Cell>) {
    plain(vec![Cell::from(t(key)), Cell::Int(n.into())])
}

/// A visit named in the review: day, kind, customer and status (the CLI's
/// sheets and the review screen write it so).
pub fn visit_ref(v: &VisitRef) -> String {
    tf(
        "review.visit_ref",
        &[
            ("date", &v.date.format("%m-%d")),
            ("kind", &enum_label("kind", &v.kind)),
            ("customer", &crate::text::one_line(&v.customer)),
            ("status", &enum_label("status", &v.status)),
        ],
    )
}

fn visits_cell(list: &[VisitRef]) -> Cell {
    let names: Vec<String> = list.iter().map(visit_ref).collect();
    if names.is_empty() { Cell::from("—") } else { Cell::from(names.join(crate::i18n::clause_separator())) }
}

/// Do: the week's facts from the data.
pub fn do_sheet(f: &WeekFacts) -> Sheet {
    let money = Cell::Money;
    let rows = vec![
        plain(vec![Cell::from(t("review.planned_held")), Cell::from(format!("{} / {}", f.planned_held, f.planned))]),
        count("review.visits_held", f.visits_held),
        count("review.calls_held", f.calls_held),
        count("review.goals_met", f.goals_met),
        count("review.goals_partly", f.goals_partly),
        count("review.goals_not_met", f.goals_not_met),
        count("review.goals_unlogged", f.goals_unlogged),
        count("review.followups_made", f.followups_made),
        count("review.followups_closed", f.followups_closed),
        count("review.followups_overdue", f.followups_overdue),
        count("review.new_customers", f.figures.new_customers),
        plain(vec![Cell::from(t("figures.sales")), money(f.figures.sales)]),
        plain(vec![Cell::from(t("figures.collected")), money(f.figures.collected)]),
        plain(vec![Cell::from(t("review.late_logs")), Cell::Int(i64::try_from(f.late_logs.len()).unwrap_or(i64::MAX))]),
        plain(vec![Cell::from(t("review.late_list")), visits_cell(&f.late_logs)]),
    ];
    Sheet {
        title: t("review.do").to_string(),
        headers: vec![t("figures.figure").to_string(), t("figures.value").to_string()],
        rows,
    }
}

/// A class's compliance as Check shows it: those who met their norms of
/// those judged, the share, and how many are still due this week (not
/// missed yet) when there are any. The CLI and the interface write it so.
pub fn compliance_cell(c: &crate::domain::week_review::Compliance) -> String {
    let share = c.percent().map_or_else(|| "—".to_string(), |p| format!("{p}%"));
    let args: [(&str, &dyn std::fmt::Display); 4] =
        [("met", &c.met), ("judged", &c.judged()), ("share", &share), ("pending", &c.pending)];
    tf(if c.pending > 0 { "review.compliance_pending" } else { "review.compliance_share" }, &args)
}

/// Check: plan against actual, compliance per class, A customers not
/// contacted.
pub fn check_sheet(f: &WeekFacts) -> Sheet {
    let mut rows = vec![plain(vec![Cell::from(t("review.not_held")), visits_cell(&f.not_held)])];
    for c in &f.compliance {
        rows.push(plain(vec![
            Cell::from(tf("review.compliance", &[("class", &c.class.as_str())])),
            Cell::from(compliance_cell(c)),
        ]));
    }
    let names: Vec<&str> = f.a_without_contact.iter().map(|(_, n)| n.as_str()).collect();
    rows.push(plain(vec![
        Cell::from(t("review.a_without_contact")),
        Cell::from(if names.is_empty() {
            "—".to_string()
        } else {
            let list = names.join(crate::i18n::list_separator());
            tf("review.a_without_contact_list", &[("count", &names.len()), ("names", &list)])
        }),
    ]));
    // The period's figures as `report figures` gives them (DOMAIN §7).
    rows.extend(super::figures_sheet::check_sheet(&f.figures).rows);
    Sheet {
        title: t("review.check").to_string(),
        headers: vec![t("figures.figure").to_string(), t("figures.value").to_string()],
        rows,
    }
}
