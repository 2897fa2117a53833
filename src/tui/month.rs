//! The monthly visit statistics table screen (客户拜访统计表, issue 10 §5):
//! a row per customer visited, called or due, by class, with its visits
//! and calls per week of the month, total, goals met, last contact and
//! whether its norms are met; subtotals by class and the grand total.
//! ← → (or [ ]) change the month, Enter opens the selected customer. The
//! rows are those `repbook report visits` prints
//! (`interop::visit_table::text_rows`).

use super::action::Action;
use super::keymap::Keymap;
use super::outcome::Outcome;
use super::theme::Theme;
use super::widgets::{ellipsize, pad, truncate};
use crate::domain::report::VisitStats;
use crate::i18n::tf;
use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// State of the monthly table screen.
#[derive(Debug, Clone)]
pub struct MonthView {
    /// The month's first day.
    pub month: NaiveDate,
    /// The table, once read.
    pub stats: Option<VisitStats>,
    /// Selected row (customers, subtotals and the total).
    pub selected: usize,
    /// The rep's today.
    pub today: NaiveDate,
}

impl MonthView {
    /// The table of the month `day` falls in.
    pub fn new(day: NaiveDate, today: NaiveDate) -> Self {
        Self { month: day.with_day(1).unwrap_or(day), stats: None, selected: 0, today }
    }

    fn rows(&self) -> usize {
        self.stats.as_ref().map_or(0, |s| crate::interop::visit_table::text_rows(s, 10).1.len())
    }

    /// Show this table, keeping the selection in range.
    pub fn set(&mut self, stats: VisitStats) {
        self.stats = Some(stats);
        self.selected = self.selected.min(self.rows().saturating_sub(1));
    }

    /// The customer of the selected row, if it is a customer's.
    pub fn selected_customer(&self) -> Option<String> {
        let stats = self.stats.as_ref()?;
        crate::interop::visit_table::text_rows(stats, 10).1.into_iter().nth(self.selected)?.customer
    }

    /// Show the month before (-1) or after (1).
    pub fn shift(&mut self, months: i32) {
        let shifted = if months < 0 {
            self.month.checked_sub_months(chrono::Months::new(months.unsigned_abs()))
        } else {
            self.month.checked_add_months(chrono::Months::new(months.unsigned_abs()))
        };
        self.month = shifted.filter(|d| crate::domain::dates::in_window(*d)).unwrap_or(self.month);
        self.selected = 0;
    }

    /// An action on its own state; `Run(Open)` to open the selected
    /// customer.
    pub fn handle(&mut self, action: Action, page: isize) -> Outcome {
        let delta = super::component::step(action, page).unwrap_or(0);
        if delta != 0 {
            self.selected = self.selected.saturating_add_signed(delta).min(self.rows().saturating_sub(1));
            return Outcome::Keep;
        }
        match action {
            Action::PrevTab | Action::PrevPeriod => {
                self.shift(-1);
                Outcome::Reload
            }
            Action::NextTab | Action::NextPeriod => {
                self.shift(1);
                Outcome::Reload
            }
            Action::Open => Outcome::Run(Action::Open),
            _ => Outcome::Pass,
        }
    }

    /// Draw into `area`.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, keys: &Keymap) {
        super::widgets::clear(buf, area);
        let w = usize::from(area.width);
        let k = |a: Action| keys.keys_of(a).first().cloned().unwrap_or_default();
        let last = |a: Action| keys.keys_of(a).pop().unwrap_or_default();
        let hint = tf(
            "report.tui_hint",
            &[
                ("prev", &last(Action::PrevTab)),
                ("next", &last(Action::NextTab)),
                ("open", &k(Action::Open)),
                ("back", &k(Action::Back)),
            ],
        );
        buf.set_string(area.x, area.y + area.height.saturating_sub(1), truncate(&hint, w), theme.dim());
        let Some(stats) = &self.stats else { return };
        let title = tf("report.visits_heading", &[("month", &stats.month.format("%Y-%m")), ("as_of", &stats.as_of)]);
        buf.set_string(area.x, area.y, ellipsize(&title, w), theme.heading());
        // The names take what the columns leave (the selection mark too).
        let (head, rows) = crate::interop::visit_table::fit(stats, usize::from(area.width).saturating_sub(2));
        buf.set_string(area.x, area.y + 1, pad(&truncate(&format!("  {head}"), w), w), theme.heading());
        // The selected customer's whole name under the table, where the
        // column cut it (Enter opens the dossier).
        let selected = rows.get(self.selected).and_then(|r| r.customer.as_deref());
        let whole = selected.and_then(|id| stats.rows.iter().find(|r| r.id == id)).map(|r| {
            let name = crate::text::one_line(&r.name).into_owned();
            tf("report.tui_selected", &[("name", &name), ("class", &r.tier.as_str())])
        });
        if let Some(line) = &whole {
            buf.set_string(area.x, area.y + area.height.saturating_sub(2), ellipsize(line, w), theme.dim());
        }
        let height = usize::from(area.height.saturating_sub(4));
        let start = (self.selected + 1).saturating_sub(height);
        for (i, row) in rows.iter().enumerate().skip(start).take(height) {
            let y = area.y + 2 + u16::try_from(i - start).unwrap_or(0);
            let on = i == self.selected;
            let style = match (on, row.customer.is_some()) {
                (true, _) => theme.selected(),
                (false, false) => theme.heading(),
                (false, true) => Style::new(),
            };
            let text = format!("{}{}", if on { "> " } else { "  " }, row.text);
            buf.set_string(area.x, y, pad(&ellipsize(&text, w), w), style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_shift_across_the_year_and_stay_in_the_window() {
        let d = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default();
        let mut v = MonthView::new(d(2027, 1), d(2027, 1));
        v.shift(-1);
        assert_eq!(v.month, d(2026, 12));
        v.shift(1);
        v.shift(1);
        assert_eq!(v.month, d(2027, 2));
        let mut far = MonthView::new(d(2200, 12), d(2026, 1));
        far.shift(1);
        assert_eq!(far.month, d(2200, 12), "no month beyond the dates repbook keeps");
    }
}
