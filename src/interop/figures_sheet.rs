//! The rep's figures as a two-column sheet (figure, value) in the active
//! language: the terminal, Markdown and CSV show the same lines.

use super::sheet::{Cell, RowKind, Sheet};
use crate::domain::fields::format_money;
use crate::domain::figures::Figures;
use crate::i18n::{t, tf};

/// The collection rate and period (DOMAIN §7) as figure rows.
fn collection_rows(f: &Figures) -> Vec<(String, Cell)> {
    let rate = f.collection_rate_permille.map_or(Cell::from("—"), |p| Cell::from(format!("{}.{}%", p / 10, p % 10)));
    let days = f.collection_days.map_or(Cell::from("—"), |d| Cell::from(tf("figures.days", &[("count", &d)])));
    vec![(t("figures.collection_rate").to_string(), rate), (t("figures.collection_days").to_string(), days)]
}

/// The funnel at the period's end and the customers qualified (DOMAIN
/// §7) as figure rows.
fn funnel_rows(f: &Figures) -> Vec<(String, Cell)> {
    let count_amount = |n: u32, amount: i64| {
        Cell::from(tf("figures.count_amount", &[("count", &n), ("amount", &format_money(amount))]))
    };
    let fu = &f.funnel;
    let mut rows = vec![(t("figures.funnel_open").to_string(), count_amount(fu.open, fu.open_amount))];
    for s in &fu.stages {
        rows.push((tf("figures.funnel_stage", &[("stage", &s.label)]), count_amount(s.count, s.amount)));
    }
    rows.push((t("figures.funnel_won").to_string(), count_amount(fu.won, fu.won_amount)));
    rows.push((t("figures.funnel_lost").to_string(), count_amount(fu.lost, fu.lost_amount)));
    rows.push((t("figures.qualified").to_string(), Cell::from(f.qualified)));
    rows.push((t("figures.qualified_new").to_string(), Cell::from(f.qualified_new)));
    rows
}

fn two_columns(title: String, rows: Vec<(String, Cell)>) -> Sheet {
    Sheet {
        title,
        headers: vec![t("figures.figure").to_string(), t("figures.value").to_string()],
        rows: rows.into_iter().map(|(k, v)| (RowKind::Plain, vec![Cell::from(k), v])).collect(),
    }
}

/// The figures as a sheet.
pub fn sheet(f: &Figures) -> Sheet {
    let money = Cell::Money;
    let mut rows: Vec<(String, Cell)> = vec![
        (t("figures.sales").to_string(), money(f.sales)),
        (t("figures.collected").to_string(), money(f.collected)),
        (t("figures.owed_before").to_string(), money(f.owed_before)),
    ];
    rows.extend(collection_rows(f));
    let more = [
        (t("figures.owed"), money(f.owed)),
        (t("figures.overdue"), money(f.overdue)),
        (t("figures.new_customers"), Cell::from(f.new_customers)),
        (t("figures.visits"), Cell::from(f.visits)),
        (t("figures.calls"), Cell::from(f.calls)),
        (t("figures.goals_met"), Cell::from(f.goals_met)),
        (t("figures.goals_partly"), Cell::from(f.goals_partly)),
    ];
    rows.extend(more.into_iter().map(|(k, v)| (k.to_string(), v)));
    rows.extend(funnel_rows(f));
    two_columns(tf("figures.title", &[("from", &f.from), ("to", &f.to)]), rows)
}

/// The figures a week's Check weighs besides the visits (DOMAIN §7): the
/// collection rate and period, owed and overdue, the funnel and the
/// customers qualified — the rows of [`sheet`], as `report figures` gives
/// them.
pub fn check_sheet(f: &Figures) -> Sheet {
    let money = Cell::Money;
    let mut rows = collection_rows(f);
    rows.push((t("figures.owed").to_string(), money(f.owed)));
    rows.push((t("figures.overdue").to_string(), money(f.overdue)));
    rows.extend(funnel_rows(f));
    two_columns(t("review.check_figures").to_string(), rows)
}

/// The figures for a terminal: one aligned line each.
pub fn text(f: &Figures) -> String {
    let s = sheet(f);
    let width =
        s.rows.iter().map(|(_, r)| unicode_width::UnicodeWidthStr::width(r[0].text().as_str())).max().unwrap_or(0);
    let mut lines = vec![s.title.clone(), String::new()];
    for (_, r) in &s.rows {
        lines.push(format!("{}  {}", crate::text::pad(&r[0].text(), width), r[1].text()));
    }
    lines.push(String::new());
    lines.push(t("figures.legend").to_string());
    lines.join("\n") + "\n"
}
