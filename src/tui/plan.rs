//! The weekly plan screen (issue 10 §1): the visits and calls of an ISO
//! week by day, then the suggestions; ← → change the week, `a` or Enter on
//! a suggestion asks for the day (the suggested one shown) and plans the
//! visit, Enter on a planned item opens it. The same store functions as
//! `repbook plan` and `repbook plan accept`.

use super::app::App;
use super::keymap::Keymap;
use super::overlay::{Overlay, Prompt, PromptKind};
use super::sheet::Sheet;
use super::theme::Theme;
use super::widgets::{new_input, pad, truncate};
use crate::domain::week_plan::{Suggestion, WeekPlan};
use crate::i18n::{enum_label, t, tf};
use chrono::{Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// State of the plan screen.
#[derive(Debug, Clone)]
pub struct PlanView {
    /// Monday of the week shown.
    pub monday: NaiveDate,
    /// The plan, once read.
    pub plan: Option<WeekPlan>,
    /// Selected line: the items first, then the suggestions.
    pub selected: usize,
    /// The rep's today (marked).
    pub today: NaiveDate,
}

/// What is selected.
pub enum Selected<'a> {
    /// A visit or call of the week.
    Item(&'a crate::domain::entity::Entity),
    /// A suggestion.
    Suggestion(&'a Suggestion),
}

enum Row {
    Day(NaiveDate, bool),
    Item(usize),
    Heading(usize),
    Suggestion(usize),
}

impl PlanView {
    /// The plan of the week `day` falls in.
    pub fn new(day: NaiveDate, today: NaiveDate) -> Self {
        Self { monday: crate::domain::period::week_of(day).0, plan: None, selected: 0, today }
    }

    fn len(&self) -> usize {
        self.plan.as_ref().map_or(0, |p| p.items.len() + p.suggestions.len())
    }

    /// Show this plan, keeping the selection in range.
    pub fn set(&mut self, plan: WeekPlan) {
        self.plan = Some(plan);
        self.selected = self.selected.min(self.len().saturating_sub(1));
    }

    /// Move the selection.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self.selected.saturating_add_signed(delta).min(self.len().saturating_sub(1));
    }

    /// Show the week before (-1) or after (1).
    pub fn shift(&mut self, weeks: i64) {
        self.monday = self.monday.checked_add_signed(Duration::weeks(weeks)).unwrap_or(self.monday);
        self.selected = 0;
    }

    /// What is selected.
    pub fn selected(&self) -> Option<Selected<'_>> {
        let plan = self.plan.as_ref()?;
        match plan.items.get(self.selected) {
            Some(item) => Some(Selected::Item(item)),
            None => plan.suggestions.get(self.selected - plan.items.len()).map(Selected::Suggestion),
        }
    }

    fn rows(&self, plan: &WeekPlan) -> Vec<Row> {
        let mut rows = Vec::new();
        for offset in 0..7 {
            let day = self.monday + Duration::days(offset);
            let iso = day.format("%Y-%m-%d").to_string();
            let of_day: Vec<Row> =
                (0..plan.items.len()).filter(|i| plan.items[*i].text("date") == Some(&iso)).map(Row::Item).collect();
            rows.push(Row::Day(day, of_day.is_empty()));
            rows.extend(of_day);
        }
        rows.push(Row::Heading(plan.suggestions.len()));
        rows.extend((0..plan.suggestions.len()).map(Row::Suggestion));
        rows
    }

    fn item_line(plan: &WeekPlan, v: &crate::domain::entity::Entity, w: usize) -> String {
        let name = plan.names.get(v.text_or_empty("customer_id")).map_or("", String::as_str);
        let name_w = if w >= 100 { 28 } else { 18 };
        let status =
            if v.text("status") == Some("planned") { String::new() } else { format!("[{}] ", v.display("status")) };
        let resources = WeekPlan::resources(v);
        let resources = if resources.is_empty() { String::new() } else { format!(" · {resources}") };
        format!(
            "{}  {}  {}  {status}{}{resources}",
            pad(v.text_or_empty("time"), 5),
            pad(&truncate(&v.display("kind"), 6), 6),
            pad(&truncate(&crate::text::one_line(name), name_w), name_w),
            crate::text::one_line(&v.display("purposes")),
        )
    }

    fn suggestion_line(s: &Suggestion, w: usize, currency: &str) -> String {
        let name_w = if w >= 100 { 28 } else { 18 };
        let why: Vec<String> = s.reasons.iter().map(|r| r.describe(currency)).collect();
        format!(
            "{:>2}. {} {}  {}  {}  {}  {}",
            s.number,
            super::form::weekday(s.day),
            s.day.format("%m-%d"),
            pad(&truncate(&enum_label("kind", s.kind), 6), 6),
            pad(&truncate(&crate::text::one_line(&s.name), name_w), name_w),
            pad(s.tier.as_str(), 2),
            crate::text::one_line(&why.join("; ")),
        )
    }

    /// Draw into `area`.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, keys: &Keymap, currency: &str) {
        use super::action::Action;
        super::widgets::clear(buf, area);
        let w = area.width as usize;
        let sunday = self.monday + Duration::days(6);
        let week = crate::domain::period::iso_week_label(self.monday);
        let title = tf("plan.title", &[("week", &week), ("from", &self.monday), ("to", &sunday)]);
        buf.set_string(area.x, area.y, truncate(&title, w), theme.heading());
        let k = |a: Action| keys.keys_of(a).pop().unwrap_or_default();
        let first = |a: Action| keys.keys_of(a).first().cloned().unwrap_or_default();
        let hint = tf(
            "plan.hint",
            &[
                ("prev", &k(Action::PrevTab)),
                ("next", &k(Action::NextTab)),
                ("accept", &k(Action::New)),
                ("open", &first(Action::Open)),
                ("back", &k(Action::Back)),
            ],
        );
        buf.set_string(area.x, area.y + area.height.saturating_sub(1), truncate(&hint, w), theme.dim());
        let Some(plan) = &self.plan else { return };
        let rows = self.rows(plan);
        let n_items = plan.items.len();
        let pos = rows
            .iter()
            .position(|r| match r {
                Row::Item(i) => *i == self.selected,
                Row::Suggestion(i) => i + n_items == self.selected,
                _ => false,
            })
            .unwrap_or(0);
        let height = area.height.saturating_sub(3) as usize;
        let start = (pos + 1).saturating_sub(height);
        for (line, r) in rows.iter().skip(start).take(height).enumerate() {
            let y = area.y + 1 + line as u16;
            let (text, style, indent) = match r {
                Row::Day(d, empty) => {
                    let (text, style) = super::week::day_heading(*d, self.today, *empty, theme);
                    (text, style, 0)
                }
                Row::Heading(n) => {
                    let text = if *n == 0 {
                        t("plan.no_suggestions").to_string()
                    } else {
                        format!("{} ({n})", t("plan.suggestions"))
                    };
                    (text, if *n == 0 { theme.dim() } else { theme.heading() }, 0)
                }
                Row::Item(i) => {
                    let on = *i == self.selected;
                    let text = format!("{}{}", if on { "> " } else { "  " }, Self::item_line(plan, &plan.items[*i], w));
                    (text, if on { theme.selected() } else { Style::new() }, 2)
                }
                Row::Suggestion(i) => {
                    let on = i + n_items == self.selected;
                    let line = Self::suggestion_line(&plan.suggestions[*i], w, currency);
                    (
                        format!("{}{line}", if on { "> " } else { "  " }),
                        if on { theme.selected() } else { Style::new() },
                        2,
                    )
                }
            };
            let width = w.saturating_sub(indent);
            buf.set_string(area.x + indent as u16, y, pad(&truncate(&text, width), width), style);
        }
    }
}

impl App {
    /// `P` / palette → the weekly plan: next week from Friday, else this week.
    pub(super) fn open_plan(&mut self) {
        let today = self.store.clock().today();
        self.sheet = Some(Sheet::Plan(PlanView::new(crate::domain::period::plan_week(today), today)));
        self.reload_sheet();
    }

    /// Read the plan of the week shown again.
    pub(super) fn reload_plan(&mut self) {
        let Some(Sheet::Plan(view)) = &mut self.sheet else { return };
        let today = self.store.clock().today();
        match self.store.week_plan(&self.config.cadence, view.monday, today) {
            Ok(plan) => view.set(plan),
            Err(e) => self.fail(&e),
        }
    }

    /// Enter or `a` on the plan: open the selected item, or ask on which
    /// day to plan the selected suggestion (its day typed in, to keep or
    /// change).
    pub(super) fn plan_choose(&mut self, accept_only: bool) {
        let Some(Sheet::Plan(view)) = &self.sheet else { return };
        match view.selected() {
            Some(Selected::Item(v)) if !accept_only => {
                let (table, id) = (v.table, v.id.clone());
                self.edit(table, &id);
            }
            Some(Selected::Suggestion(s)) => {
                let title = tf(
                    "plan.prompt_day",
                    &[("name", &crate::text::one_line(&s.name)), ("date", &crate::domain::dates::with_weekday(s.day))],
                );
                let mut input = new_input("");
                input.insert_str(s.day.format("%Y-%m-%d").to_string());
                // Offered, not imposed: typing replaces it.
                input.select_all();
                let kind = PromptKind::PlanDay { monday: view.monday, customer: s.customer_id.clone() };
                self.overlay = Some(Overlay::Prompt(Box::new(Prompt { kind, title, input })));
            }
            _ => {}
        }
    }

    /// The answer to the day prompt: plan the suggestion for `customer` in
    /// the week starting `monday` on the day typed (the suggested one when
    /// left empty).
    pub(super) fn accept_plan_day(&mut self, monday: NaiveDate, customer: &str, answer: &str) -> crate::Result<String> {
        let today = self.store.clock().today();
        let day = if answer.trim().is_empty() {
            None
        } else {
            Some(crate::domain::dates::resolve(answer, today).map_err(|e| e.to_error("date", answer))?)
        };
        let plan = self.store.week_plan(&self.config.cadence, monday, today)?;
        let number = plan.suggestions.iter().find(|s| s.customer_id == customer).map_or(0, |s| s.number);
        let (cadence, currency) = (self.config.cadence.clone(), self.config.currency.clone());
        let done = self.store.accept_suggestion(&cadence, &currency, monday, number, day)?;
        // The visit joins the items above: the selection moves with the
        // suggestions, onto the one after the accepted one.
        if let Some(Sheet::Plan(view)) = &mut self.sheet {
            view.selected += 1;
        }
        Ok(self.keymap.hint(
            "plan.tui_accepted",
            &[
                ("kind", enum_label("kind", done.kind)),
                ("name", crate::text::one_line(&done.customer).into_owned()),
                ("date", crate::domain::dates::with_weekday(done.day)),
            ],
        ))
    }
}
