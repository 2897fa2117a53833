//! The funnel sheet (销售漏斗, issue 10 §6): the open opportunities of the
//! week's end as bars by stage (count and amount, in proportion), each with its count, amount,
//! moves in and out this week and overdue ones (written out, never colour
//! alone), then what moved and what is past its expected decision date.
//! ← → change the week; Enter or e edits the selected opportunity.

use super::keymap::Keymap;
use super::theme::Theme;
use super::widgets::{ellipsize, pad, truncate};
use crate::domain::fields::format_money;
use crate::domain::funnel::{Funnel, Item};
use crate::i18n::{t, tf};
use chrono::{Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

/// State of the funnel sheet.
#[derive(Debug, Clone)]
pub struct FunnelView {
    /// Monday of the week shown.
    pub monday: NaiveDate,
    /// The funnel of that week.
    pub funnel: Funnel,
    /// The selected line among the moves, then the overdue ones.
    pub selected: usize,
}

impl FunnelView {
    /// The view of the week `day` falls in (empty until loaded).
    pub fn new(day: NaiveDate) -> Self {
        let (monday, _) = crate::domain::period::week_of(day);
        Self { monday, funnel: Funnel::default(), selected: 0 }
    }

    /// Monday and Sunday of the week shown.
    pub fn range(&self) -> (NaiveDate, NaiveDate) {
        (self.monday, self.monday + Duration::days(6))
    }

    /// Show this funnel, keeping the selection in range.
    pub fn set(&mut self, funnel: Funnel) {
        self.funnel = funnel;
        self.selected = self.selected.min(self.items().len().saturating_sub(1));
    }

    /// The lines that can be selected: what moved, then what is overdue.
    pub fn items(&self) -> Vec<&Item> {
        self.funnel.moves.iter().chain(self.funnel.overdue.iter()).collect()
    }

    /// The id of the selected opportunity.
    pub fn selected_id(&self) -> Option<String> {
        self.items().get(self.selected).map(|i| i.id.clone())
    }

    /// Move the selection.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self.selected.saturating_add_signed(delta).min(self.items().len().saturating_sub(1));
    }

    /// Show the week before (-1) or after (1).
    pub fn shift(&mut self, weeks: i64) {
        self.monday = crate::domain::period::shift_week(self.monday, weeks);
        self.selected = 0;
    }

    /// The stage lines: label, the stage's bars (count and amount, each
    /// in proportion to the fullest stage's: [`crate::domain::funnel::stage_bar`]), and
    /// the figures written out.
    fn stage_lines(&self, w: usize, currency: &str) -> Vec<(String, String, String)> {
        let f = &self.funnel;
        let label_w = f.stages.iter().map(|r| r.label.width()).max().unwrap_or(4).clamp(4, 16);
        let half = if w >= 100 { 15 } else { 8 };
        let most =
            (f.stages.iter().map(|r| r.count).max().unwrap_or(0), f.stages.iter().map(|r| r.amount).max().unwrap_or(0));
        f.stages
            .iter()
            .map(|r| {
                let bar = crate::domain::funnel::stage_bar(r.count, r.amount, most, half);
                let overdue =
                    if r.overdue > 0 { tf("funnel.sheet_overdue", &[("count", &r.overdue)]) } else { String::new() };
                let figures = format!(
                    "{:>3}  {}  {}{overdue}",
                    r.count,
                    pad(&format!("{currency}{}", format_money(r.amount)), 16),
                    pad(&tf("funnel.sheet_moves", &[("in", &r.moved_in), ("out", &r.moved_out)]), 9),
                );
                (pad(&ellipsize(&crate::text::one_line(&r.label), label_w), label_w), bar, figures)
            })
            .collect()
    }

    /// The lines of a moved or overdue opportunity: one on a wide screen;
    /// on a narrow one the day, the customer's whole name and the amount,
    /// then the move and the need wrapped under them (nothing cut).
    fn item_lines(item: &Item, currency: &str, w: usize, moved: bool) -> Vec<String> {
        let what = if moved {
            let from = if item.from.is_empty() { t("funnel.new").to_string() } else { item.from.clone() };
            format!("{from} → {}", item.to)
        } else {
            item.from.clone()
        };
        let (name, what, need) =
            (crate::text::one_line(&item.customer), crate::text::one_line(&what), crate::text::one_line(&item.need));
        let amount = format!("{currency}{}", format_money(item.amount));
        let day = item.on.format("%m-%d");
        if w >= 100 {
            let (name, what) = (pad(&ellipsize(&name, 24), 24), pad(&ellipsize(&what, 34), 34));
            return vec![format!("{day}  {name}  {what}  {amount}  {need}")];
        }
        let mut out = vec![format!("{day}  {name}  {amount}")];
        let width = u16::try_from(w.saturating_sub(11)).unwrap_or(u16::MAX).max(10);
        out.extend(super::widgets::wrap(&format!("{what} · {need}"), width).into_iter().map(|l| format!("       {l}")));
        out
    }

    /// Draw into `area`.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, keys: &Keymap, currency: &str) {
        use super::action::Action;
        super::widgets::clear(buf, area);
        let w = area.width as usize;
        let f = &self.funnel;
        let (from, to) = self.range();
        let title = tf(
            "funnel.sheet_title",
            &[
                ("week", &crate::domain::period::iso_week_label(from)),
                ("from", &from.format("%m-%d")),
                ("to", &to.format("%m-%d")),
            ],
        );
        let mut y = area.y;
        let bottom = area.y + area.height.saturating_sub(1);
        let mut put = |y: &mut u16, text: &str, style: Style| {
            if *y < bottom {
                buf.set_string(area.x, *y, ellipsize(text, w), style);
                *y += 1;
            }
        };
        put(&mut y, &title, theme.heading());
        put(&mut y, &format!(" {}", t("review.pic_funnel")), theme.dim());
        for (label, bar, figures) in self.stage_lines(w, currency) {
            put(&mut y, &format!(" {label} {bar} {figures}"), Style::new());
        }
        let totals = tf(
            "funnel.sheet_totals",
            &[
                ("open", &f.open),
                ("amount", &format!("{currency}{}", format_money(f.open_amount))),
                ("won", &f.won),
                ("won_amount", &format!("{currency}{}", format_money(f.won_amount))),
                ("lost", &f.lost),
                ("lost_amount", &format!("{currency}{}", format_money(f.lost_amount))),
            ],
        );
        put(&mut y, &format!(" {totals}"), theme.heading());
        // The lists: what moved, then what is overdue, the selection kept in view.
        let mut lines: Vec<(Option<usize>, String, Style)> = Vec::new();
        let mut index = 0;
        for (title, list, moved) in
            [(t("funnel.sheet_moved"), &f.moves, true), (t("funnel.overdue_title"), &f.overdue, false)]
        {
            lines.push((None, tf("tui.heading_count", &[("title", &title), ("n", &list.len())]), theme.heading()));
            if list.is_empty() {
                lines.push((None, format!("  {}", t("funnel.none")), theme.dim()));
            }
            for item in list {
                let selected = index == self.selected;
                let style = if selected { theme.selected() } else { Style::new() };
                for (k, line) in Self::item_lines(item, currency, w, moved).into_iter().enumerate() {
                    let mark = if selected && k == 0 { "> " } else { "  " };
                    lines.push((Some(index), pad(&ellipsize(&format!("{mark}{line}"), w), w), style));
                }
                index += 1;
            }
        }
        let room = bottom.saturating_sub(y) as usize;
        let pos = lines.iter().rposition(|(i, ..)| *i == Some(self.selected)).unwrap_or(0);
        let start = (pos + 1).saturating_sub(room);
        for (_, text, style) in lines.iter().skip(start).take(room) {
            put(&mut y, text, *style);
        }
        let k = |a: Action| keys.keys_of(a).pop().unwrap_or_default();
        let hint = tf(
            "funnel.sheet_hint",
            &[
                ("prev", &k(Action::PrevTab)),
                ("next", &k(Action::NextTab)),
                ("open", &keys.keys_of(Action::Open).first().cloned().unwrap_or_default()),
                ("back", &k(Action::Back)),
            ],
        );
        buf.set_string(area.x, bottom, truncate(&hint, w), theme.dim());
    }
}
