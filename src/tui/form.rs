//! The form that creates or edits any archive record, built from the
//! table's field specs. Every field is a CJK-aware text area; enumerations,
//! scores and yes/no cycle with ←/→; dates show what they resolve to.

use super::theme::Theme;
use super::widgets::{new_input, pad, truncate};
use crate::domain::fields::{FieldSpec, Kind, Value};
use crate::domain::schema::Table;
use crate::error::Error;
use crate::i18n::{enum_label, t};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthStr;

/// One field of the form.
pub struct FormField {
    /// What it holds.
    pub spec: &'static FieldSpec,
    /// What the user typed.
    pub input: TextArea<'static>,
    original: String,
    /// The problem found on save.
    pub error: Option<String>,
    /// For several-of fields: the option ←→ points at (Space ticks it).
    pub choice: usize,
    /// Options offered for a free-text field (the customer's key people for
    /// "who"), ticked into the text as a comma-separated list.
    pub options: Vec<String>,
    /// For a one-of field a rule narrows (a new follow-up's status): the
    /// only values ←/→ offer (`domain::defaults::allowed`).
    pub allowed: Option<Vec<&'static str>>,
    /// Shown instead of the text, read only: what an internal reference
    /// (a follow-up's `ref`) points at, in words.
    pub shown: Option<String>,
}

impl FormField {
    /// True for a field that takes typed or pasted text (not a field of
    /// fixed values, not a read-only one).
    pub fn takes_text(&self) -> bool {
        self.shown.is_none()
            && self.options.is_empty()
            && !matches!(self.spec.kind, Kind::Enum(_) | Kind::Set(_) | Kind::Score | Kind::Bool)
    }

    /// The text typed.
    pub fn text(&self) -> String {
        self.input.lines().join("\n")
    }

    pub(super) fn rows(&self) -> u16 {
        if self.spec.kind == Kind::Long { 3 } else { 1 }
    }

    pub(super) fn set_text(&mut self, s: &str) {
        let mut ta = new_input("");
        ta.insert_str(s);
        self.input = ta;
    }
}

/// What saving a form does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormMode {
    /// Insert or update the record.
    Plain,
    /// Log a visit for `customer`, completing `plan` if given.
    Log {
        /// The customer visited.
        customer: String,
        /// The planned visit this log completes.
        plan: Option<String>,
    },
}

/// A create or edit form.
pub struct Form {
    /// What saving does.
    pub mode: FormMode,
    /// Lines shown beside the form (the dossier's essentials), if any.
    pub side: Vec<String>,
    /// The table written.
    pub table: &'static Table,
    /// The record edited; `None` when creating.
    pub id: Option<String>,
    /// The customer a new child record belongs to.
    pub parent: Option<String>,
    /// Shown at the top.
    pub title: String,
    /// The fields, in schema order.
    pub fields: Vec<FormField>,
    /// The focused field.
    pub focus: usize,
    /// The record and its field clocks as the form loaded them, for an edit:
    /// the save passes them back so a change made meanwhile elsewhere is
    /// kept, not silently overwritten (DESIGN.md §4, `base`).
    pub seen: Option<crate::store::Snapshot>,
    /// The customer's other visits, for a visit form: a second plan for
    /// the same day is warned about as it is typed.
    pub visits: Vec<crate::domain::entity::Entity>,
    /// A warning shown at the top (a close customer name), and the name it
    /// was given for: saving the same name again goes ahead.
    pub notice: Option<(String, String)>,
}

/// How a stored value is typed back into the form: enum labels in the
/// active language, money with decimals, yes/no.
fn editable(spec: &FieldSpec, v: &Value) -> String {
    match (spec.kind, v) {
        (_, Value::Null) => String::new(),
        (Kind::Enum(_), Value::Text(s)) => enum_label(spec.name, s),
        (Kind::Set(_), Value::Text(s)) => {
            crate::domain::fields::split_tags(s).iter().map(|v| enum_label(spec.name, v)).collect::<Vec<_>>().join(", ")
        }
        (Kind::Money, Value::Int(m)) => format!("{}.{:02}", m / 100, (m % 100).abs()),
        (_, Value::Bool(b)) => t(if *b { "common.yes" } else { "common.no" }).to_string(),
        (_, Value::Int(i)) => i.to_string(),
        (_, Value::Text(s)) => s.clone(),
    }
}

impl Form {
    /// A form for `table`, prefilled from `values` (empty when creating).
    pub fn new(
        table: &'static Table,
        id: Option<String>,
        parent: Option<String>,
        title: String,
        values: &dyn Fn(&str) -> Value,
    ) -> Self {
        let fields = table
            .fields
            .iter()
            .filter(|f| f.kind != Kind::Ref)
            .map(|spec| {
                let original = editable(spec, &values(spec.name));
                let mut f = FormField {
                    spec,
                    input: new_input(""),
                    original: original.clone(),
                    error: None,
                    choice: 0,
                    options: Vec::new(),
                    allowed: None,
                    shown: None,
                };
                f.set_text(&original);
                // An internal reference is never typed; the edit form
                // shows what it points at in words.
                if spec.name == "ref" {
                    f.shown = Some(String::new());
                }
                f
            })
            .collect();
        let mut form = Self {
            mode: FormMode::Plain,
            side: Vec::new(),
            table,
            id,
            parent,
            title,
            fields,
            focus: 0,
            seen: None,
            visits: Vec::new(),
            notice: None,
        };
        if form.id.is_none() {
            form.allow_for(None);
        }
        form
    }

    /// Offer in each one-of field only the values the domain's rules allow
    /// a write to give the record `old` (`None`: a new one).
    pub fn allow_for(&mut self, old: Option<&crate::domain::entity::Entity>) {
        for f in &mut self.fields {
            f.allowed = crate::domain::defaults::allowed(self.table.name, f.spec.name, old);
        }
    }

    /// True when anything differs from what was loaded.
    pub fn dirty(&self) -> bool {
        self.fields.iter().any(|f| f.text() != f.original)
    }

    /// The focused field.
    pub fn focused(&mut self) -> &mut FormField {
        let i = self.focus.min(self.fields.len().saturating_sub(1));
        &mut self.fields[i]
    }

    /// Move focus by `delta` fields. The field left is scrolled back to
    /// its start, so no field stays shown with its beginning hidden.
    pub fn move_focus(&mut self, delta: isize) {
        let left = self.focused();
        let text = left.text();
        left.set_text(&text);
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n.max(1)) as usize;
    }

    /// Replace the focused field's text (after `$EDITOR`).
    /// A one-line field keeps one line: the lines written in the editor
    /// are joined with a space (what is shown is what is saved).
    pub fn set_focused_text(&mut self, s: &str) {
        let field = self.focused();
        let text = s.trim_end_matches('\n');
        if field.spec.kind == Kind::Long {
            field.set_text(text);
        } else {
            field.set_text(&text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" "));
        }
    }

    /// Validate every changed field; on success the values to write.
    /// On failure each bad field carries its message and focus moves to the
    /// first one.
    pub fn collect(&mut self, today: NaiveDate) -> Result<Vec<(&'static str, Value)>, Error> {
        let creating = self.id.is_none();
        let mut out = Vec::new();
        let mut first_bad = None;
        for (i, f) in self.fields.iter_mut().enumerate() {
            f.error = None;
            let text = f.text();
            if !creating && text == f.original {
                continue;
            }
            if creating && text.trim().is_empty() && !f.spec.required {
                continue;
            }
            match f.spec.parse_on(&text, today) {
                Ok(v) => out.push((f.spec.name, v)),
                Err(e) => {
                    f.error = Some(e.to_string());
                    first_bad.get_or_insert((i, e));
                }
            }
        }
        if let Some((i, e)) = first_bad {
            self.focus = i;
            return Err(e);
        }
        Ok(out)
    }

    /// Draw into `area`; returns the caret position of the focused field.
    pub fn render(
        &self,
        buf: &mut Buffer,
        area: Rect,
        theme: Theme,
        today: NaiveDate,
        keys: &super::keymap::Keymap,
    ) -> Option<(u16, u16)> {
        // The dossier's essentials beside the form when there is room.
        let area = if !self.side.is_empty() && area.width >= 100 {
            let side_w = area.width * 2 / 5;
            let side = Rect { x: area.x + area.width - side_w, width: side_w, ..area };
            // Wrapped, not cut: a warning or a next step is read in full.
            let rows = self.side.iter().flat_map(|line| {
                let style = if line.starts_with('■') { theme.heading() } else { theme.dim() };
                super::widgets::wrap(line, side_w.saturating_sub(2)).into_iter().map(move |l| (l, style))
            });
            for (i, (line, style)) in rows.take(side.height as usize).enumerate() {
                buf.set_string(side.x + 1, side.y + i as u16, line, style);
            }
            Rect { width: area.width - side_w - 1, ..area }
        } else {
            area
        };
        buf.set_string(area.x, area.y, truncate(&self.title, area.width as usize), theme.heading());
        // The keys, wrapped at the bottom rather than cut.
        let hint = super::widgets::wrap(&hint_line(keys), area.width);
        let hint_h = (hint.len() as u16).min(area.height.saturating_sub(3));
        for (i, line) in hint.iter().take(hint_h as usize).enumerate() {
            buf.set_string(area.x, area.y + area.height - hint_h + i as u16, line, theme.dim());
        }
        let warning = self.same_day_warning(today).or_else(|| self.notice.as_ref().map(|(w, _)| w.clone()));
        if let Some(w) = &warning {
            buf.set_string(area.x, area.y + 1, truncate(&format!("! {w}"), area.width as usize), theme.error());
        }
        let label_w =
            self.fields.iter().map(|f| f.spec.label().width()).max().unwrap_or(8).min(area.width as usize * 2 / 5);
        let body = Rect { y: area.y + 2, height: area.height.saturating_sub(2 + hint_h), ..area };
        // Field errors wrap under their field, never cut.
        let errors: Vec<Vec<String>> = self
            .fields
            .iter()
            .map(|f| {
                f.error.as_ref().map(|e| super::widgets::wrap(e, area.width.saturating_sub(2))).unwrap_or_default()
            })
            .collect();
        // Scroll so the focused field is visible.
        let heights: Vec<u16> = self.fields.iter().zip(&errors).map(|(f, e)| f.rows() + e.len() as u16).collect();
        let mut start = 0;
        while heights[start..=self.focus.min(heights.len() - 1)].iter().sum::<u16>() > body.height && start < self.focus
        {
            start += 1;
        }
        let mut y = body.y;
        let mut caret = None;
        for (i, f) in self.fields.iter().enumerate().skip(start) {
            if y + f.rows() > body.y + body.height {
                break;
            }
            let focused = i == self.focus;
            let mark = if focused { ">" } else { " " };
            let req = if f.spec.required { "*" } else { " " };
            let label_style = if focused { theme.heading() } else { theme.dim() };
            let label = format!("{mark}{req}{} ", pad(f.spec.label(), label_w));
            buf.set_string(area.x, y, &label, label_style);
            let x = area.x + label.width() as u16;
            let input_area = Rect { x, y, width: area.width.saturating_sub(x - area.x), height: f.rows() };
            // A date's hint never takes more than half the line: the text
            // typed stays in sight beside it.
            let extra = hint_for(f, today).map(|h| match f.spec.kind {
                Kind::Date | Kind::Birthday => truncate(&h, (input_area.width / 2) as usize),
                _ => h,
            });
            let extra_w = extra.as_ref().map_or(0, |s| s.width() as u16 + 1);
            let text_area = Rect { width: input_area.width.saturating_sub(extra_w), ..input_area };
            if focused && f.shown.is_some() {
                let words = f.shown.as_deref().unwrap_or("");
                buf.set_string(text_area.x, y, truncate(words, text_area.width as usize), theme.dim());
                caret = Some((text_area.x, y));
            } else if focused {
                // A one-line text that fits is shown from its start, even if
                // the input scrolled while it was longer.
                let mut input = std::borrow::Cow::Borrowed(&f.input);
                let (_, col) = f.input.scroll_offset();
                if f.rows() == 1 && col > 0 && f.text().width() < text_area.width as usize {
                    input.to_mut().scroll((0, -(i16::try_from(col).unwrap_or(i16::MAX))));
                }
                input.render(text_area, buf);
                let cursor = input.screen_cursor();
                let (srow, scol) = input.scroll_offset();
                caret = Some((
                    text_area.x + (cursor.col as u16).saturating_sub(scol).min(text_area.width.saturating_sub(1)),
                    text_area.y + (cursor.row as u16).saturating_sub(srow).min(text_area.height.saturating_sub(1)),
                ));
            } else {
                // A long field shows its text wrapped (a template's text,
                // a note), with … when there is more than fits.
                let shown = if let Some(words) = &f.shown {
                    vec![words.clone()]
                } else if f.rows() > 1 {
                    f.input.lines().iter().flat_map(|l| super::widgets::wrap(l, text_area.width)).collect()
                } else {
                    f.input.lines().to_vec()
                };
                let rows = f.rows() as usize;
                for (r, line) in shown.iter().take(rows).enumerate() {
                    let line = if r + 1 == rows && shown.len() > rows { format!("{line}…") } else { line.clone() };
                    buf.set_string(
                        text_area.x,
                        y + r as u16,
                        truncate(&line, text_area.width as usize),
                        ratatui::style::Style::new(),
                    );
                }
            }
            if let Some(extra) = extra {
                buf.set_string(text_area.x + text_area.width + 1, y, extra, theme.dim());
            }
            y += f.rows();
            for line in &errors[i] {
                if y >= body.y + body.height {
                    break;
                }
                Line::from(Span::styled(format!("  {line}"), theme.error()))
                    .render(Rect { x: area.x, y, width: area.width, height: 1 }, buf);
                y += 1;
            }
        }
        caret
    }
}

/// What a field shows beside the input: the resolved date, what a goal
/// lacks to be SMART, or ←/→.
/// The form's keys, from the live keymap.
fn hint_line(keys: &super::keymap::Keymap) -> String {
    use super::action::Action;
    let choice = format!("{}{}", keys.key(Action::ChoicePrev), keys.key(Action::ChoiceNext));
    keys.hint("tui.form_hint", &[("next_field", keys.keys(Action::NextField, 2, "/")), ("choice", choice)])
}

fn hint_for(f: &FormField, today: NaiveDate) -> Option<String> {
    if f.spec.name == "goal" {
        let text = f.text();
        if text.trim().is_empty() {
            return None;
        }
        let check = crate::domain::visit::check_goal(&text);
        let mut missing = Vec::new();
        if check.no_measure {
            missing.push(t("tui.smart_no_measure"));
        }
        if check.no_date {
            missing.push(t("tui.smart_no_date"));
        }
        return (!missing.is_empty()).then(|| format!("! {}", missing.join(" · ")));
    }
    match f.spec.kind {
        Kind::Date => crate::domain::dates::preview(&f.text(), today),
        Kind::Birthday => {
            let text = f.text();
            match f.spec.parse(&text) {
                Ok(Value::Text(b)) if b != text.trim() => Some(format!("→ {b}")),
                Err(_) => Some(format!("✗ {}", t("expect.birthday"))),
                _ => None,
            }
        }
        Kind::Set(values) => {
            let option = values.get(f.choice)?;
            let ticked = matches!(f.spec.parse(&f.text()), Ok(Value::Text(s)) if crate::domain::fields::split_tags(&s).iter().any(|c| c == option));
            Some(format!("←→ {} {}", if ticked { "☑" } else { "☐" }, enum_label(f.spec.name, option)))
        }
        Kind::Enum(_) | Kind::Score | Kind::Bool => Some("←→".to_string()),
        _ if !f.options.is_empty() => {
            let option = f.options.get(f.choice)?;
            let ticked = crate::domain::fields::split_tags(&f.text()).iter().any(|c| c == option);
            Some(format!("←→ {} {option}", if ticked { "☑" } else { "☐" }))
        }
        _ => None,
    }
}

/// The weekday in the active language.
pub fn weekday(d: NaiveDate) -> &'static str {
    use chrono::Datelike;
    crate::i18n::lookup(&format!("tui.weekday_{}", d.weekday().num_days_from_monday())).unwrap_or("")
}
