//! The monthly visit statistics table (客户拜访统计表) as a [`Sheet`] and as
//! text for the terminal, in the active language. One layout for every
//! format: the CLI and the interface show the same columns.

use super::sheet::{Cell, RowKind, Sheet};
use crate::domain::cadence::NormState;
use crate::domain::classify::Class;
use crate::domain::report::{Counts, VisitStats};
use crate::i18n::{t, tf};
use chrono::NaiveDate;

fn day(d: NaiveDate) -> String {
    d.format("%m-%d").to_string()
}

/// A customer's norms: met, still due (its window open in the month under
/// way) or missed.
fn norm_cell(norm: NormState) -> String {
    t(match norm {
        NormState::Met => "report.yes",
        NormState::Pending => "report.pending",
        NormState::Missed => "report.no",
    })
    .to_string()
}

/// A class's or the month's norms: those met of those judged (the ones
/// still due left out).
fn share(c: &Counts) -> String {
    format!("{}/{}", c.norm_met, c.norm_judged())
}

/// The table's title: "Visit statistics, November 2026".
pub fn title(stats: &VisitStats) -> String {
    tf("report.visits_title", &[("month", &stats.month.format("%Y-%m"))])
}

fn headers(stats: &VisitStats) -> Vec<String> {
    let mut h = vec![t("report.class").to_string(), t("report.customer").to_string()];
    for (i, (from, to)) in stats.weeks.iter().enumerate() {
        let n = i + 1;
        let span = if from == to { day(*from) } else { format!("{}–{}", day(*from), day(*to)) };
        h.push(tf("report.week_visits", &[("n", &n), ("span", &span)]));
        h.push(tf("report.week_calls", &[("n", &n)]));
    }
    for key in ["report.visits", "report.calls", "report.total", "report.goals_met", "report.goals_partly"] {
        h.push(t(key).to_string());
    }
    h.push(t("report.last_contact").to_string());
    h.push(t("report.norm_met").to_string());
    h
}

fn count_cells(c: &Counts) -> Vec<Cell> {
    let mut out = Vec::new();
    for (v, k) in c.visits_by_week.iter().zip(&c.calls_by_week) {
        out.push(Cell::from(*v));
        out.push(Cell::from(*k));
    }
    out.extend([c.visits, c.calls, c.visits + c.calls, c.goals_met, c.goals_partly].map(Cell::from));
    out
}

/// The table as a sheet: a row per customer by class, a subtotal after
/// each class, the grand total last.
pub fn sheet(stats: &VisitStats) -> Sheet {
    let mut rows = Vec::new();
    let mut class: Option<Class> = None;
    let subtotal = |c: Class, counts: &Counts| {
        let mut row = vec![Cell::from(c.as_str()), Cell::from(tf("report.subtotal", &[("class", &c.as_str())]))];
        row.extend(count_cells(counts));
        row.push(Cell::Empty);
        row.push(Cell::from(share(counts)));
        (RowKind::Total, row)
    };
    for r in &stats.rows {
        let c = r.tier.class();
        if let Some(prev) = class.filter(|p| *p != c)
            && let Some(counts) = stats.by_class.get(&prev)
        {
            rows.push(subtotal(prev, counts));
        }
        class = Some(c);
        let mut row = vec![Cell::from(r.tier.as_str()), Cell::from(r.name.as_str())];
        row.extend(count_cells(&r.counts));
        row.push(r.last_contact.map_or(Cell::Empty, |d| Cell::from(d.format("%Y-%m-%d").to_string())));
        row.push(Cell::from(norm_cell(r.norm)));
        rows.push((RowKind::Plain, row));
    }
    if let Some(prev) = class
        && let Some(counts) = stats.by_class.get(&prev)
    {
        rows.push(subtotal(prev, counts));
    }
    let mut total = vec![Cell::Empty, Cell::from(t("report.grand_total"))];
    total.extend(count_cells(&stats.total));
    total.push(Cell::Empty);
    total.push(Cell::from(share(&stats.total)));
    rows.push((RowKind::Total, total));
    Sheet { title: title(stats), headers: headers(stats), rows }
}

/// A line of the table for a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRow {
    /// The line.
    pub text: String,
    /// The customer it is about; `None` for a subtotal or the total.
    pub customer: Option<String>,
}

/// The widths of a week's column, the total's and the goals met's: as
/// wide as their widest cell (the total's, in a busy month) or heading,
/// with a space between columns (a heading like 第1周 never touches the
/// next).
fn widths(stats: &VisitStats, compact: bool) -> (usize, usize, usize) {
    use unicode_width::UnicodeWidthStr;
    let widest = |f: &dyn Fn(&Counts) -> Vec<String>| {
        std::iter::once(&stats.total)
            .chain(stats.by_class.values())
            .flat_map(f)
            .map(|cell| cell.chars().count() + 1)
            .max()
            .unwrap_or(0)
    };
    let pairs = |c: &Counts| -> Vec<String> {
        c.visits_by_week.iter().zip(&c.calls_by_week).map(|(v, k)| format!("{v}/{k}")).collect()
    };
    let heading = (1..=stats.weeks.len()).map(|i| week_heading(i, compact).width() + 1).max().unwrap_or(0);
    let least = if compact { 4 } else { 5 };
    let week_w = widest(&pairs).max(heading).max(least);
    let total_w = widest(&|c: &Counts| vec![format!("{}/{}", c.visits, c.calls)])
        .max(t("report.total").width() + 1)
        .max(least + 1);
    let met_w = widest(&|c: &Counts| vec![c.goals_met.to_string()]).max(t("report.met_short").width() + 1).max(least);
    (week_w, total_w, met_w)
}

/// A week's column heading: `第1周` / `W1`, or its number alone in the
/// compact table.
fn week_heading(i: usize, compact: bool) -> String {
    if compact { i.to_string() } else { tf("report.week_short", &[("n", &i)]) }
}

/// The columns' width besides the customer's name, as [`text_rows`] (or
/// the compact table) lays them out: what a screen `w` wide leaves for the
/// names is `w` less this.
fn fixed(stats: &VisitStats, compact: bool) -> usize {
    use unicode_width::UnicodeWidthStr;
    let (week_w, total_w, met_w) = widths(stats, compact);
    let last = if compact { 0 } else { 7 };
    // The norms column: its heading, yes or no, or a class's share (10/12).
    let shares = stats.by_class.values().chain([&stats.total]).map(|c| share(c).width());
    let words = stats.rows.iter().map(|r| norm_cell(r.norm).width());
    let norm_w = shares.chain(words).max().unwrap_or(0).max(t("report.norm_short").width()).max(4);
    6 + 1 + week_w * stats.weeks.len() + total_w + 1 + met_w + 1 + last + norm_w
}

/// Names narrower than this make the table compact ([`fit`]).
const NAMES_AT_LEAST: usize = 16;

/// The table laid out for a screen `width` wide (less `margin` for the
/// selection mark): the names take what the columns leave; when that is
/// under 16 columns the weeks are headed by their number alone and sized
/// to their figures, and the last-contact column goes (the dossier has
/// it), so the names get the room.
pub fn fit(stats: &VisitStats, width: usize) -> (String, Vec<TextRow>) {
    let room = |compact| width.saturating_sub(fixed(stats, compact)).clamp(10, 40);
    let compact = room(false) < NAMES_AT_LEAST;
    layout(stats, room(compact), compact)
}

/// The table for a terminal, names cut to `name_w` columns: the header
/// line and a line per customer by class, a subtotal after each class and
/// the grand total last. Each week is `visits/calls` (`·` for none), so
/// that a month of six weeks fits in 80 columns beside the names.
pub fn text_rows(stats: &VisitStats, name_w: usize) -> (String, Vec<TextRow>) {
    layout(stats, name_w, false)
}

fn layout(stats: &VisitStats, name_w: usize, compact: bool) -> (String, Vec<TextRow>) {
    use crate::text::pad;
    let (week_w, total_w, met_w) = widths(stats, compact);
    let mut head = format!("{} {} ", pad(t("report.class"), 5), pad(t("report.customer"), name_w));
    for i in 1..=stats.weeks.len() {
        head.push_str(&pad(&week_heading(i, compact), week_w));
    }
    let last_w = if compact { 0 } else { 6 };
    let tail = [("report.total", total_w), ("report.met_short", met_w), ("report.last_short", last_w)];
    let tail = &tail[..if compact { 2 } else { 3 }];
    for (key, w) in tail {
        head.push_str(&pad(t(key), *w));
        head.push(' ');
    }
    head.push_str(t("report.norm_short"));
    let mut lines = Vec::new();
    let mut row = |class: &str, name: &str, c: &Counts, last: Option<NaiveDate>, norm: &str, customer: Option<&str>| {
        let mut l = format!(
            "{} {} ",
            pad(class, 5),
            pad(&crate::text::ellipsize(&crate::text::one_line(name), name_w), name_w)
        );
        for (v, k) in c.visits_by_week.iter().zip(&c.calls_by_week) {
            l.push_str(&pad(&if v + k == 0 { "·".to_string() } else { format!("{v}/{k}") }, week_w));
        }
        let last = last.map(day).unwrap_or_default();
        let cells = [format!("{}/{}", c.visits, c.calls), c.goals_met.to_string(), last];
        for ((_, w), cell) in tail.iter().zip(cells) {
            l.push_str(&pad(&cell, *w));
            l.push(' ');
        }
        l.push_str(norm);
        lines.push(TextRow { text: l.trim_end().to_string(), customer: customer.map(str::to_string) });
    };
    let mut class: Option<Class> = None;
    let subtotal_of = |c: Class| tf("report.subtotal", &[("class", &c.as_str())]);
    for r in &stats.rows {
        let c = r.tier.class();
        if let Some(prev) = class.filter(|p| *p != c)
            && let Some(sub) = stats.by_class.get(&prev)
        {
            row("", &subtotal_of(prev), sub, None, &share(sub), None);
        }
        class = Some(c);
        row(r.tier.as_str(), &r.name, &r.counts, r.last_contact, &norm_cell(r.norm), Some(&r.id));
    }
    if let Some(prev) = class
        && let Some(sub) = stats.by_class.get(&prev)
    {
        row("", &subtotal_of(prev), sub, None, &share(sub), None);
    }
    row("", t("report.grand_total"), &stats.total, None, &share(&stats.total), None);
    (head.trim_end().to_string(), lines)
}

/// The table for a terminal (see [`text_rows`]), with its heading and
/// legend.
pub fn text(stats: &VisitStats) -> String {
    let mut lines = vec![
        tf("report.visits_heading", &[("month", &stats.month.format("%Y-%m")), ("as_of", &stats.as_of)]),
        String::new(),
    ];
    let (head, rows) = text_rows(stats, 16);
    lines.push(head);
    lines.extend(rows.into_iter().map(|r| r.text));
    lines.push(String::new());
    lines.push(t("report.visits_legend").to_string());
    lines.join("\n") + "\n"
}
