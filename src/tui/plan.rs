//! The weekly plan screen (issue 10 §1): the visits and calls of an ISO
//! week by day, then the suggestions; ← → change the week, `a` or Enter on
//! a suggestion asks for the day (the suggested one shown) and plans the
//! visit, Enter on a planned item opens it, `l` logs it once held. The same store functions as
//! `repbook plan` and `repbook plan accept`.

use super::keymap::Keymap;
use super::overlay::{Prompt, PromptKind};
use super::theme::Theme;
use super::widgets::{ellipsize, new_input, pad, truncate};
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
    /// Last week's Act items carried in: the heading, then each.
    Carried,
    Act(usize),
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
        self.monday = crate::domain::period::shift_week(self.monday, weeks);
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

    /// The planned visit or call selected, if a planned item is.
    pub fn selected_visit(&self) -> Option<&crate::domain::entity::Entity> {
        match self.selected()? {
            Selected::Item(v) => Some(v),
            Selected::Suggestion(_) => None,
        }
    }

    fn rows(&self, plan: &WeekPlan) -> Vec<Row> {
        let mut rows = Vec::new();
        if !plan.carried.is_empty() {
            rows.push(Row::Carried);
            rows.extend((0..plan.carried.len()).map(Row::Act));
        }
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

    /// The lines of a planned item: one on a wide screen; on a narrow one
    /// the customer's whole name on the first, what for and what to bring
    /// wrapped under it (nothing cut).
    fn item_lines(plan: &WeekPlan, v: &crate::domain::entity::Entity, (w, name_w): (usize, usize)) -> Vec<String> {
        let name = crate::text::one_line(plan.names.get(v.text_or_empty("customer_id")).map_or("", String::as_str));
        let status =
            if v.text("status") == Some("planned") { String::new() } else { format!("[{}] ", v.display("status")) };
        let resources = WeekPlan::resources(v);
        let resources = if resources.is_empty() { String::new() } else { format!(" · {resources}") };
        // What for: the purposes, then the goal in the rep's words (an
        // accepted suggestion's reasons).
        let goal = crate::text::one_line(v.text_or_empty("goal"));
        let purposes = crate::text::one_line(&v.display("purposes")).into_owned();
        let purposes = if goal.trim().is_empty() {
            purposes
        } else {
            tf("plan.purpose_goal", &[("purposes", &purposes), ("goal", &goal)])
        };
        let what = format!("{status}{purposes}{resources}");
        let head = format!(
            "{}  {}",
            pad(v.text_or_empty("time"), 5),
            pad(&super::widgets::kind_short(v.text_or_empty("kind")), 6)
        );
        if w >= WIDE {
            return beside(&format!("{head}  {}  ", pad(&ellipsize(&name, name_w), name_w)), &what, w);
        }
        let width = u16::try_from(w.saturating_sub(19)).unwrap_or(u16::MAX).max(10);
        let mut out = vec![format!("{head}  {name}")];
        out.extend(super::widgets::wrap(&what, width).into_iter().map(|l| format!("{}{l}", " ".repeat(15))));
        out
    }

    /// The lines of a suggestion, as [`PlanView::item_lines`]: day, rough
    /// time, kind, customer and class; then what for and what to bring.
    fn suggestion_lines(s: &Suggestion, (w, name_w): (usize, usize)) -> Vec<String> {
        let head = format!(
            "{:>2}. {} {} {}  {}",
            s.number,
            super::form::weekday(s.day),
            s.day.format("%m-%d"),
            pad(s.slot.label(), slot_width()),
            pad(&super::widgets::kind_short(s.kind), 6),
        );
        let name = crate::text::one_line(&s.name);
        // What for, then what to bring (as a planned item shows it).
        let purpose = crate::text::one_line(&s.purpose);
        let purpose =
            if s.resources.is_empty() { purpose.into_owned() } else { format!("{purpose} · {}", s.resources) };
        if w >= WIDE {
            return beside(
                &format!("{head}  {}  {}  ", pad(&ellipsize(&name, name_w), name_w), pad(s.tier.as_str(), 2)),
                &purpose,
                w,
            );
        }
        // The purpose wrapped under the line, every word readable.
        let width = u16::try_from(w.saturating_sub(8)).unwrap_or(u16::MAX).max(10);
        let mut out = vec![format!("{head}  {} {name}", pad(s.tier.as_str(), 2))];
        out.extend(super::widgets::wrap(&purpose, width).into_iter().map(|l| format!("{}{l}", " ".repeat(4))));
        out
    }

    /// Draw into `area`.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, keys: &Keymap) {
        use super::action::Action;
        super::widgets::clear(buf, area);
        let w = area.width as usize;
        let sunday = self.monday + Duration::days(6);
        let week = crate::domain::period::iso_week_label(self.monday);
        let title = tf("plan.title", &[("week", &week), ("from", &self.monday), ("to", &sunday)]);
        buf.set_string(area.x, area.y, ellipsize(&title, w), theme.heading());
        let k = |a: Action| keys.keys_of(a).pop().unwrap_or_default();
        let first = |a: Action| keys.keys_of(a).first().cloned().unwrap_or_default();
        let hint = tf(
            "plan.hint",
            &[
                ("prev", &k(Action::PrevTab)),
                ("next", &k(Action::NextTab)),
                ("accept", &k(Action::New)),
                ("open", &first(Action::Open)),
                ("log", &first(Action::Log)),
                ("back", &k(Action::Back)),
            ],
        );
        buf.set_string(area.x, area.y + area.height.saturating_sub(1), truncate(&hint, w), theme.dim());
        let Some(plan) = &self.plan else { return };
        let n_items = plan.items.len();
        // On a wide screen the names' column is as wide as the longest
        // name (up to 40), so no name is cut there either.
        let name_w = {
            use unicode_width::UnicodeWidthStr;
            let names = plan.names.values().map(String::as_str).chain(plan.suggestions.iter().map(|s| s.name.as_str()));
            names.map(|n| crate::text::one_line(n).width()).max().unwrap_or(10).clamp(10, 40)
        };
        // Every screen line: its text, its style, its indent, and the
        // selectable line it belongs to.
        let mut lines: Vec<(String, Style, usize, Option<usize>)> = Vec::new();
        for r in self.rows(plan) {
            match r {
                Row::Carried => lines.push((t("review.from_last_act").to_string(), theme.heading(), 0, None)),
                Row::Act(i) => {
                    let text = format!("• {}", crate::interop::review_sheet::act_what(&plan.carried[i]));
                    lines.push((text, Style::new(), 2, None));
                }
                Row::Day(d, empty) => {
                    let (text, style) = super::week::day_heading(d, self.today, empty, theme);
                    lines.push((text, style, 0, None));
                }
                Row::Heading(n) => {
                    let text = if n == 0 {
                        t(plan.no_suggestions_key()).to_string()
                    } else {
                        tf("tui.heading_count", &[("title", &t("plan.suggestions")), ("n", &n)])
                    };
                    lines.push((text, if n == 0 { theme.dim() } else { theme.heading() }, 0, None));
                }
                Row::Item(i) | Row::Suggestion(i) => {
                    let (at, texts) = match r {
                        Row::Item(_) => (i, Self::item_lines(plan, &plan.items[i], (w, name_w))),
                        _ => (i + n_items, Self::suggestion_lines(&plan.suggestions[i], (w, name_w))),
                    };
                    let on = at == self.selected;
                    for (k, text) in texts.into_iter().enumerate() {
                        let mark = if on && k == 0 { "> " } else { "  " };
                        lines.push((
                            format!("{mark}{text}"),
                            if on { theme.selected() } else { Style::new() },
                            2,
                            Some(at),
                        ));
                    }
                }
            }
        }
        let height = area.height.saturating_sub(3) as usize;
        let pos = lines.iter().rposition(|l| l.3 == Some(self.selected)).unwrap_or(0);
        let start = (pos + 1).saturating_sub(height);
        for (line, (text, style, indent, _)) in lines.iter().skip(start).take(height).enumerate() {
            let y = area.y + 1 + line as u16;
            let width = w.saturating_sub(*indent);
            buf.set_string(area.x + *indent as u16, y, pad(&ellipsize(text, width), width), *style);
        }
    }
}

/// From this width a planned item or suggestion takes one line, unless
/// its text wraps.
const WIDE: usize = 110;

/// `head` and then `text` wrapped in what is left of a line `w` wide (less
/// the selection mark), its further lines under its first.
fn beside(head: &str, text: &str, w: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let at = head.width();
    let width = u16::try_from(w.saturating_sub(at + 4)).unwrap_or(u16::MAX).max(10);
    super::widgets::wrap(text, width)
        .into_iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { format!("{head}{l}") } else { format!("{}{l}", " ".repeat(at)) })
        .collect()
}

/// The width of the longer of "morning" and "afternoon" in the active
/// language.
fn slot_width() -> usize {
    use crate::domain::week_plan::Slot;
    use unicode_width::UnicodeWidthStr;
    Slot::Morning.label().width().max(Slot::Afternoon.label().width())
}

/// What Enter or `a` on the plan does.
pub enum Choice {
    /// Open the planned item selected to edit it.
    Edit(&'static crate::domain::schema::Table, String),
    /// Ask on which day to plan the suggestion selected.
    Ask(Box<Prompt>),
}

impl PlanView {
    /// Read the plan of the week shown again.
    pub fn reload(&mut self, store: &crate::store::Store, config: &crate::config::Config) -> crate::Result<()> {
        let today = store.clock().today();
        self.set(store.week_plan(&config.cadence, &config.currency, self.monday, today)?);
        Ok(())
    }

    /// Enter or `a` on the plan: open the selected item, or ask on which
    /// day to plan the selected suggestion (its day typed in, to keep or
    /// change). `accept_only`: only a suggestion.
    pub fn choose(&self, accept_only: bool) -> Option<Choice> {
        match self.selected()? {
            Selected::Item(v) if !accept_only => Some(Choice::Edit(v.table, v.id.clone())),
            Selected::Item(_) => None,
            Selected::Suggestion(s) => {
                let title = tf(
                    "plan.prompt_day",
                    &[
                        ("name", &crate::text::one_line(&s.name)),
                        ("date", &crate::domain::dates::with_weekday(s.day)),
                        ("slot", &s.slot.label()),
                    ],
                );
                let mut input = new_input("");
                input.insert_str(s.day.format("%Y-%m-%d").to_string());
                // Offered, not imposed: typing replaces it.
                input.select_all();
                let kind = PromptKind::PlanDay { monday: self.monday, customer: s.customer_id.clone() };
                Some(Choice::Ask(Box::new(Prompt { kind, title, input })))
            }
        }
    }

    /// A suggestion was planned: the visit joins the items above, so the
    /// selection moves with the suggestions, onto the one after it.
    pub fn accepted(&mut self) {
        self.selected += 1;
    }
}

/// The answer to the day prompt: plan the suggestion for `customer` in the
/// week starting `monday` on the day typed (the suggested one when left
/// empty); what to say.
pub fn accept_day(
    store: &mut crate::store::Store,
    config: &crate::config::Config,
    keys: &Keymap,
    (monday, customer): (NaiveDate, &str),
    answer: &str,
) -> crate::Result<String> {
    let today = store.clock().today();
    let day = if answer.trim().is_empty() {
        None
    } else {
        Some(crate::domain::dates::resolve(answer, today).map_err(|e| e.to_error("date", answer))?)
    };
    let plan = store.week_plan(&config.cadence, &config.currency, monday, today)?;
    let number = plan.suggestions.iter().find(|s| s.customer_id == customer).map_or(0, |s| s.number);
    let done = store.accept_suggestion(&config.cadence, &config.currency, monday, number, day)?;
    Ok(keys.hint(
        "plan.tui_accepted",
        &[
            ("kind", enum_label("kind", done.kind)),
            ("name", crate::text::one_line(&done.customer).into_owned()),
            ("date", crate::domain::dates::with_weekday(done.day)),
            ("slot", done.when()),
        ],
    ))
}
