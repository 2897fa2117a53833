//! The agenda across customers (issue 9 §2.1): a week (Monday to Sunday)
//! or a month, a day at a time with time and customer — the visits and
//! calls planned, held or all of them, or the follow-ups open, closed or
//! all of them; `f` switches what, `w` the span, ← → move by the span,
//! Enter opens the record, `c` / `z` close or snooze a follow-up and `l`
//! logs a visit where they are.

use super::keymap::Keymap;
use super::theme::Theme;
use super::widgets::{pad, truncate};
use crate::domain::entity::Entity;
use crate::domain::period;
use crate::i18n::{t, tf};
use chrono::{Datelike, Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use std::collections::HashMap;

/// What the agenda lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WeekWhat {
    /// Visits and calls planned.
    #[default]
    Planned,
    /// Visits and calls held.
    Held,
    /// Visits and calls in any status.
    Visits,
    /// Follow-ups still to do (open or snoozed).
    Open,
    /// Follow-ups done or dropped.
    Closed,
    /// Follow-ups in any status.
    Followups,
}

impl WeekWhat {
    /// The next in the cycle `f` goes through.
    pub fn next(self) -> Self {
        match self {
            WeekWhat::Planned => WeekWhat::Held,
            WeekWhat::Held => WeekWhat::Visits,
            WeekWhat::Visits => WeekWhat::Open,
            WeekWhat::Open => WeekWhat::Closed,
            WeekWhat::Closed => WeekWhat::Followups,
            WeekWhat::Followups => WeekWhat::Planned,
        }
    }

    /// True when it lists follow-ups.
    pub fn followups(self) -> bool {
        matches!(self, WeekWhat::Open | WeekWhat::Closed | WeekWhat::Followups)
    }

    /// The store query for `from`..=`to`.
    pub fn query(
        self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> (&'static crate::domain::schema::Table, crate::store::RecordQuery) {
        let status = match self {
            WeekWhat::Planned => Some("planned".to_string()),
            WeekWhat::Held => Some("done".to_string()),
            _ => None,
        };
        let table = if self.followups() { &crate::domain::schema::FOLLOWUP } else { &crate::domain::schema::VISIT };
        (table, crate::store::RecordQuery { from: Some(from), to: Some(to), status, ..Default::default() })
    }

    /// Whether a record the query found belongs (open and closed
    /// follow-ups by the same rule as everywhere: `followup::is_active`).
    pub fn keeps(self, e: &Entity) -> bool {
        match self {
            WeekWhat::Open => crate::domain::followup::is_active(e),
            WeekWhat::Closed => !crate::domain::followup::is_active(e),
            _ => true,
        }
    }

    fn title_key(self) -> &'static str {
        match self {
            WeekWhat::Planned => "week.what_planned",
            WeekWhat::Held => "week.what_held",
            WeekWhat::Visits => "week.what_visits",
            WeekWhat::Open => "week.what_open",
            WeekWhat::Closed => "week.what_closed",
            WeekWhat::Followups => "week.what_followups",
        }
    }
}

/// How much of the calendar the agenda shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Span {
    /// Monday to Sunday, every day shown.
    #[default]
    Week,
    /// A calendar month, the days with something on them.
    Month,
}

/// State of the agenda.
#[derive(Debug, Clone)]
pub struct WeekView {
    /// What it lists.
    pub what: WeekWhat,
    /// A week or a month.
    pub span: Span,
    /// The first day shown (a Monday, or the 1st of the month).
    pub monday: NaiveDate,
    /// What it lists in the period (visits and calls by day and time, or
    /// follow-ups by due day).
    pub visits: Vec<Entity>,
    /// Customer names by id.
    pub names: HashMap<String, String>,
    /// Selected visit.
    pub selected: usize,
    /// The rep's today (marked).
    pub today: NaiveDate,
}

/// A line of the view before it is formatted.
enum Row {
    /// A day's heading; true when nothing is planned that day.
    Day(NaiveDate, bool),
    Visit(usize),
}

impl WeekView {
    /// The view of the week `day` falls in.
    pub fn new(day: NaiveDate, today: NaiveDate) -> Self {
        let (monday, _) = period::week_of(day);
        Self {
            what: WeekWhat::Planned,
            span: Span::Week,
            monday,
            visits: Vec::new(),
            names: HashMap::new(),
            selected: 0,
            today,
        }
    }

    /// The first and last day shown.
    pub fn range(&self) -> (NaiveDate, NaiveDate) {
        match self.span {
            Span::Week => (self.monday, self.monday + Duration::days(6)),
            Span::Month => (self.monday, period::month_end(self.monday)),
        }
    }

    /// Show these records (those `what` keeps), keeping the selection in
    /// range.
    pub fn set(&mut self, visits: Vec<Entity>, names: HashMap<String, String>) {
        self.visits = visits.into_iter().filter(|e| self.what.keeps(e)).collect();
        self.names = names;
        self.selected = self.selected.min(self.visits.len().saturating_sub(1));
    }

    /// The selected visit.
    pub fn selected_visit(&self) -> Option<&Entity> {
        self.visits.get(self.selected)
    }

    /// Move the selection.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self.selected.saturating_add_signed(delta).min(self.visits.len().saturating_sub(1));
    }

    /// Show the week or month before (-1) or after (1).
    pub fn shift(&mut self, by: i64) {
        let moved = match self.span {
            Span::Week => Duration::try_weeks(by).and_then(|d| self.monday.checked_add_signed(d)),
            Span::Month => {
                let months = chrono::Months::new(u32::try_from(by.unsigned_abs()).unwrap_or(0));
                if by < 0 { self.monday.checked_sub_months(months) } else { self.monday.checked_add_months(months) }
            }
        };
        // The ends of the calendar: stay where it is.
        if let Some(first) = moved.filter(|d| crate::domain::dates::in_window(*d)) {
            self.monday = first;
        }
        self.selected = 0;
    }

    /// A week ⇄ the month it starts in (a month ⇄ its first week, or this
    /// week when today is in that month).
    pub fn toggle_span(&mut self) {
        match self.span {
            Span::Week => {
                self.span = Span::Month;
                self.monday = self.monday.with_day(1).unwrap_or(self.monday);
            }
            Span::Month => {
                // The month's range, read before the span changes.
                let (from, to) = self.range();
                let day = if (from..=to).contains(&self.today) { self.today } else { from };
                self.span = Span::Week;
                self.monday = period::week_of(day).0;
            }
        }
        self.selected = 0;
    }

    /// The period in words: `Week 48, 11-23 – 11-29` or `2026-11`.
    fn period(&self) -> String {
        let (from, to) = self.range();
        match self.span {
            Span::Week => tf(
                "week.period_week",
                &[
                    ("week", &from.iso_week().week()),
                    ("from", &from.format("%m-%d")),
                    ("to", &to.format("%m-%d")),
                    ("year", &from.iso_week().year()),
                ],
            ),
            Span::Month => tf("week.period_month", &[("year", &from.year()), ("month", &from.month())]),
        }
    }

    fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        let (from, to) = self.range();
        for day in from.iter_days().take_while(|d| *d <= to) {
            let iso = day.format("%Y-%m-%d").to_string();
            let of_day: Vec<Row> = self
                .visits
                .iter()
                .enumerate()
                .filter(|(_, v)| v.text("date").or_else(|| v.text("due")) == Some(&iso))
                .map(|(i, _)| Row::Visit(i))
                .collect();
            // A month shows the days with something on them (and today).
            if self.span == Span::Week || !of_day.is_empty() || day == self.today {
                rows.push(Row::Day(day, of_day.is_empty()));
            }
            rows.extend(of_day);
        }
        rows
    }

    fn line(&self, v: &Entity, w: usize) -> String {
        use unicode_width::UnicodeWidthStr;
        // Columns as wide as the words they hold this period ("phone
        // call"), the status before the free text so it is never cut away.
        let width_of = |field: &str| self.visits.iter().map(|e| e.display(field).width()).max().unwrap_or(0);
        let name_of = |e: &Entity| {
            crate::text::one_line(self.names.get(e.text_or_empty("customer_id")).map_or("", String::as_str))
                .into_owned()
        };
        // Names as wide as the longest this period, as far as the line
        // allows once the other columns and some of the purpose or task
        // (16 columns) have theirs: never cut while room is left over.
        let widest = self.visits.iter().map(|e| name_of(e).width()).max().unwrap_or(0);
        let others = 2 + 2 + 5 + 2 + width_of("kind").min(12).max(width_of("status").min(12)) + 2 + 2 + 16;
        let name_w = widest.min(w.saturating_sub(others)).max(8);
        let name = pad(&clip(&name_of(v), name_w), name_w);
        if v.table.name == "followup" {
            let status = pad(&v.display("status"), width_of("status").min(12));
            return format!("{status}  {name}  {}", crate::text::one_line(v.title_or_what()));
        }
        let status =
            if v.text("status") == Some("planned") { String::new() } else { format!("[{}] ", v.display("status")) };
        format!(
            "{}  {}  {name}  {status}{}",
            pad(v.text_or_empty("time"), 5),
            pad(&v.display("kind"), width_of("kind").min(12)),
            crate::text::one_line(&v.display("purposes"))
        )
    }

    /// Draw into `area`.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, keys: &Keymap) {
        use super::action::Action;
        super::widgets::clear(buf, area);
        let w = area.width as usize;
        let title = tf(
            "week.title",
            &[("what", &t(self.what.title_key())), ("period", &self.period()), ("count", &self.visits.len())],
        );
        buf.set_string(area.x, area.y, truncate(&title, w), theme.heading());
        // One key each (the last bound: the arrows), to fit 80 columns.
        let k = |a: Action| keys.keys_of(a).pop().unwrap_or_default();
        let hint = tf(
            "week.hint",
            &[
                ("prev", &k(Action::PrevTab)),
                ("next", &k(Action::NextTab)),
                ("switch", &k(Action::Filter)),
                ("span", &k(Action::Week)),
                ("unit", &t(if self.span == Span::Week { "week.unit_week" } else { "week.unit_month" })),
                ("open", &keys.keys_of(Action::Open).first().cloned().unwrap_or_default()),
                ("back", &k(Action::Back)),
            ],
        );
        buf.set_string(area.x, area.y + area.height.saturating_sub(1), truncate(&hint, w), theme.dim());
        if self.visits.is_empty() {
            buf.set_string(area.x + 2, area.y + 2, truncate(t("week.nothing"), w.saturating_sub(2)), theme.dim());
        }
        let rows = self.rows();
        let height = area.height.saturating_sub(3) as usize;
        let pos = rows.iter().position(|r| matches!(r, Row::Visit(i) if *i == self.selected)).unwrap_or(0);
        let start = (pos + 1).saturating_sub(height);
        let top = area.y + if self.visits.is_empty() { 3 } else { 1 };
        let height = height.min(area.height.saturating_sub(top - area.y + 1) as usize);
        for (line, r) in rows.iter().skip(start).take(height).enumerate() {
            let y = top + line as u16;
            match r {
                Row::Day(d, empty) => {
                    let (text, style) = day_heading(*d, self.today, *empty, theme);
                    buf.set_string(area.x, y, truncate(&text, w), style);
                }
                Row::Visit(i) => {
                    let selected = *i == self.selected;
                    let text = format!("{}{}", if selected { "> " } else { "  " }, self.line(&self.visits[*i], w));
                    let style = if selected { theme.selected() } else { Style::new() };
                    let room = w.saturating_sub(2);
                    buf.set_string(area.x + 2, y, pad(&clip(&text, room), room), style);
                }
            }
        }
    }
}

/// `s` in `width` columns, with `…` when it is cut.
fn clip(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if s.width() <= width { s.to_string() } else { format!("{}…", truncate(s, width.saturating_sub(1))) }
}

/// A day's heading in the week view and the weekly plan: weekday and date,
/// today marked, a dash when nothing is on it; weekends dimmed.
pub(super) fn day_heading(d: NaiveDate, today: NaiveDate, empty: bool, theme: Theme) -> (String, Style) {
    let mark = if d == today { format!(" · {}", t("week.today")) } else { String::new() };
    let nothing = if empty { "  —" } else { "" };
    let text = format!("{} {}{mark}{nothing}", super::form::weekday(d), d.format("%m-%d"));
    let style = if d.weekday().number_from_monday() > 5 { theme.dim() } else { theme.heading() };
    (text, style)
}
