//! The week view (issue 9 §2.1): from Monday to Sunday, for every
//! customer, a day at a time with time and customer — the visits and calls
//! planned, or all of them (held too), or the follow-ups due (any status);
//! `f` switches, ← → change the week, Enter opens the record.

use super::keymap::Keymap;
use super::theme::Theme;
use super::widgets::{pad, truncate};
use crate::domain::entity::Entity;
use crate::i18n::{t, tf};
use chrono::{Datelike, Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use std::collections::HashMap;

/// What the week view lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WeekWhat {
    /// Visits and calls planned.
    #[default]
    Planned,
    /// Visits and calls in any status (held ones too).
    Visits,
    /// Follow-ups due, in any status.
    Followups,
}

impl WeekWhat {
    /// The next in the cycle `f` goes through.
    pub fn next(self) -> Self {
        match self {
            WeekWhat::Planned => WeekWhat::Visits,
            WeekWhat::Visits => WeekWhat::Followups,
            WeekWhat::Followups => WeekWhat::Planned,
        }
    }

    /// The store query for the week `from`..=`to`.
    pub fn query(
        self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> (&'static crate::domain::schema::Table, crate::store::RecordQuery) {
        let planned = (self == WeekWhat::Planned).then(|| "planned".to_string());
        let table =
            if self == WeekWhat::Followups { &crate::domain::schema::FOLLOWUP } else { &crate::domain::schema::VISIT };
        (table, crate::store::RecordQuery { from: Some(from), to: Some(to), status: planned, ..Default::default() })
    }

    fn title_key(self) -> &'static str {
        match self {
            WeekWhat::Planned => "week.title",
            WeekWhat::Visits => "week.title_visits",
            WeekWhat::Followups => "week.title_followups",
        }
    }
}

/// State of the week view.
#[derive(Debug, Clone)]
pub struct WeekView {
    /// What it lists.
    pub what: WeekWhat,
    /// Monday of the week shown.
    pub monday: NaiveDate,
    /// What it lists that week (visits and calls by day and time, or
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
        let (monday, _) = crate::domain::period::week_of(day);
        Self { what: WeekWhat::Planned, monday, visits: Vec::new(), names: HashMap::new(), selected: 0, today }
    }

    /// Monday and Sunday of the week shown.
    pub fn range(&self) -> (NaiveDate, NaiveDate) {
        (self.monday, self.monday + Duration::days(6))
    }

    /// Show these visits, keeping the selection in range.
    pub fn set(&mut self, visits: Vec<Entity>, names: HashMap<String, String>) {
        self.visits = visits;
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

    /// Show the week before (-1) or after (1).
    pub fn shift(&mut self, weeks: i64) {
        self.monday += Duration::weeks(weeks);
        self.selected = 0;
    }

    fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        for offset in 0..7 {
            let day = self.monday + Duration::days(offset);
            let iso = day.format("%Y-%m-%d").to_string();
            let of_day: Vec<Row> = self
                .visits
                .iter()
                .enumerate()
                .filter(|(_, v)| v.text("date").or_else(|| v.text("due")) == Some(&iso))
                .map(|(i, _)| Row::Visit(i))
                .collect();
            rows.push(Row::Day(day, of_day.is_empty()));
            rows.extend(of_day);
        }
        rows
    }

    fn line(&self, v: &Entity, w: usize) -> String {
        let name = self.names.get(v.text_or_empty("customer_id")).map_or("", String::as_str);
        let name_w = if w >= 100 { 30 } else { 22 };
        if v.table.name == "followup" {
            return format!(
                "{}  {}  {}",
                pad(&v.display("status"), 8),
                pad(&truncate(&crate::text::one_line(name), name_w), name_w),
                crate::text::one_line(v.title_or_what())
            );
        }
        let status =
            if v.text("status") == Some("planned") { String::new() } else { format!("  [{}]", v.display("status")) };
        format!(
            "{}  {}  {}  {}{status}",
            pad(v.text_or_empty("time"), 5),
            pad(&v.display("kind"), 8),
            pad(&truncate(&crate::text::one_line(name), name_w), name_w),
            crate::text::one_line(&v.display("purposes"))
        )
    }

    /// Draw into `area`.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, keys: &Keymap) {
        use super::action::Action;
        super::widgets::clear(buf, area);
        let w = area.width as usize;
        let (from, to) = self.range();
        let title = tf(self.what.title_key(), &[("from", &from), ("to", &to)]);
        buf.set_string(area.x, area.y, truncate(&format!("{title} ({})", self.visits.len()), w), theme.heading());
        // One key each (the last bound: the arrows), to fit 80 columns.
        let k = |a: Action| keys.keys_of(a).pop().unwrap_or_default();
        let hint = tf(
            "week.hint",
            &[
                ("prev", &k(Action::PrevTab)),
                ("next", &k(Action::NextTab)),
                ("switch", &k(Action::Filter)),
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
                    buf.set_string(
                        area.x + 2,
                        y,
                        pad(&truncate(&text, w.saturating_sub(2)), w.saturating_sub(2)),
                        style,
                    );
                }
            }
        }
    }
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
