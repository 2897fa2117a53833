//! Drawing the form: the dossier's essentials beside it, the fields with
//! what each resolves to, errors wrapped under their field, and the keys
//! from the live keymap.

use super::action::Action;
use super::form::{Form, FormField};
use super::keymap::Keymap;
use super::theme::Theme;
use super::widgets::{pad, truncate};
use crate::domain::dates::when;
use crate::domain::fields::{Kind, Value};
use crate::i18n::{enum_label, t};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

impl Form {
    /// Draw into `area`; returns the caret position of the focused field.
    pub fn render(
        &self,
        buf: &mut Buffer,
        area: Rect,
        theme: Theme,
        today: NaiveDate,
        keys: &Keymap,
    ) -> Option<(u16, u16)> {
        // The dossier's essentials beside the form when there is room.
        let side_shown = !self.side.is_empty() && area.width >= 100;
        let area = if side_shown {
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
        buf.set_string(area.x, area.y, crate::text::ellipsize(&self.title, area.width as usize), theme.heading());
        // The keys, wrapped at the bottom rather than cut.
        let hint = super::widgets::wrap(&hint_line(keys, self.has_templates()), area.width);
        let hint_h = (hint.len() as u16).min(area.height.saturating_sub(3));
        for (i, line) in hint.iter().take(hint_h as usize).enumerate() {
            buf.set_string(area.x, area.y + area.height - hint_h + i as u16, line, theme.dim());
        }
        // A warning (a close name, a second plan that day) wraps, up to
        // three lines: it is read in full, not cut.
        // Without room for the dossier beside the form, its warning (no
        // decision maker met) stands here; the rest is read with Ctrl-O.
        let narrow_side =
            || (!side_shown).then(|| self.side.iter().find_map(|l| l.strip_prefix("! ").map(str::to_string))).flatten();
        let warning =
            self.same_day_warning(today).or_else(|| self.notice.as_ref().map(|(w, _)| w.clone())).or_else(narrow_side);
        let warning = warning.map(|w| super::widgets::wrap(&format!("! {w}"), area.width)).unwrap_or_default();
        let warning_h = (warning.len() as u16).clamp(1, 3).min(area.height.saturating_sub(hint_h + 3).max(1));
        for (i, line) in warning.iter().take(warning_h as usize).enumerate() {
            buf.set_string(area.x, area.y + 1 + i as u16, line, theme.error());
        }
        let label_w =
            self.fields.iter().map(|f| f.spec.label().width()).max().unwrap_or(8).min(area.width as usize * 2 / 5);
        let top = 1 + warning_h;
        let body = Rect { y: area.y + top, height: area.height.saturating_sub(top + hint_h), ..area };
        // Field errors wrap under their field, never cut.
        let errors: Vec<Vec<String>> = self
            .fields
            .iter()
            .map(|f| {
                f.error.as_ref().map(|e| super::widgets::wrap(e, area.width.saturating_sub(2))).unwrap_or_default()
            })
            .collect();
        let choice = format!("{}{}", keys.key(Action::ChoicePrev), keys.key(Action::ChoiceNext));
        let (status, time) = self.date_context();
        // What goes under each field: the option under the arrows, a hint
        // too long for beside the input, the whole label when it is cut.
        let under: Vec<Under> = self
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let around = when::around(self.table, f.spec, status.as_deref(), time.as_deref());
                under(f, (i == self.focus, around), (area.width, label_w), (today, &choice, theme))
            })
            .collect();
        // Scroll so the focused field is visible.
        let heights: Vec<u16> = self
            .fields
            .iter()
            .zip(&under)
            .zip(&errors)
            .map(|((f, u), e)| f.rows() + u.lines.len() as u16 + e.len() as u16)
            .collect();
        let mut start = 0;
        while heights[start..=self.focus.min(heights.len() - 1)].iter().sum::<u16>() > body.height && start < self.focus
        {
            start += 1;
        }
        let mut y = body.y;
        let mut caret = None;
        for (i, f) in self.fields.iter().enumerate().skip(start) {
            let focused = i == self.focus;
            if y + f.rows() + under[i].lines.len() as u16 > body.y + body.height {
                break;
            }
            if let Some(c) =
                render_field(buf, f, Rect { y, ..area }, (label_w, under[i].beside.as_deref()), focused, theme)
            {
                caret = Some(c);
            }
            y += f.rows();
            for (line, style) in &under[i].lines {
                buf.set_string(area.x, y, truncate(line, area.width as usize), *style);
                y += 1;
            }
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

/// A field whose values are ticked from a list (purposes, who to meet):
/// the option under the arrows goes on a line of its own under it while it
/// is focused, so what was chosen keeps the field's whole width.
fn ticks(f: &FormField) -> bool {
    matches!(f.spec.kind, Kind::Set(_)) || (!f.options.is_empty() && !matches!(f.spec.kind, Kind::Enum(_)))
}

/// What a field shows beside its input and on the lines under it.
struct Under {
    /// A hint short enough for beside the input (a resolved date, ←→).
    beside: Option<String>,
    /// The lines under the field, each with its style.
    lines: Vec<(String, ratatui::style::Style)>,
}

/// What `f` shows beside and under its input in a form `width` wide whose
/// labels are `label_w` wide: a hint longer than half the input's width
/// (an error: "✗ a time of day such as…") wraps under the field, never
/// cut; the option under the arrows goes under a ticked field; a label cut
/// to the column is read in full under the focused field.
fn under(
    f: &FormField,
    (focused, around): (bool, when::Around),
    (width, label_w): (u16, usize),
    (today, choice, theme): (NaiveDate, &str, Theme),
) -> Under {
    let input_w = (width as usize).saturating_sub(label_w + 3);
    let indent = " ".repeat(label_w + 3);
    let wrap_w = u16::try_from(input_w).unwrap_or(u16::MAX).max(8);
    let mut out = Under { beside: None, lines: Vec::new() };
    let below = ticks(f);
    if let Some(hint) = hint_for(f, today, choice, around).filter(|_| focused || !below) {
        let style = if hint.starts_with('✗') || hint.starts_with('!') { theme.error() } else { theme.dim() };
        let one_line = !hint.contains('\n');
        if below {
            out.lines.push((format!("{indent}{hint}"), theme.dim()));
        } else if one_line
            && (f.spec.name == "goal" || hint.width() <= hint_room(f, u16::try_from(input_w).unwrap_or(u16::MAX)))
        {
            out.beside = Some(hint);
        } else {
            // Several lines (a date per next step): each under the field,
            // wrapped, a refused one in the error style.
            for line in hint.lines() {
                let style = match (one_line, line.starts_with('✗')) {
                    (true, _) => style,
                    (false, true) => theme.error(),
                    (false, false) => theme.dim(),
                };
                out.lines
                    .extend(super::widgets::wrap(line, wrap_w).into_iter().map(|l| (format!("{indent}{l}"), style)));
            }
        }
    }
    if focused && f.spec.label().width() > label_w {
        let w = width.saturating_sub(4).max(8);
        out.lines
            .extend(super::widgets::wrap(f.spec.label(), w).into_iter().map(|l| (format!("    {l}"), theme.dim())));
    }
    out
}

/// The form's keys, from the live keymap; the template key only where
/// there are templates to fill from.
fn hint_line(keys: &Keymap, templates: bool) -> String {
    let choice = format!("{}{}", keys.key(Action::ChoicePrev), keys.key(Action::ChoiceNext));
    let key = if templates { "tui.form_hint" } else { "tui.form_hint_no_template" };
    keys.hint(key, &[("next_field", keys.keys(Action::NextField, 2, "/")), ("choice", choice)])
}

/// What a field shows beside the input: the resolved date, what a goal
/// lacks to be SMART, or the keys that choose (`choice`, ←→).
fn hint_for(f: &FormField, today: NaiveDate, choice: &str, around: when::Around) -> Option<String> {
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
    // Next steps show the dates their words mean before saving, as a
    // date field does.
    if f.spec.name == "next_step" {
        return crate::domain::steps::preview(&f.text(), today);
    }
    match f.spec.kind {
        // A visit's date follows its status and shows the time typed with
        // it, as saving reads it.
        Kind::Date => crate::domain::dates::preview_in(&f.text(), today, around),
        Kind::Birthday => {
            let text = f.text();
            match f.spec.parse_on(&text, today) {
                Ok(Value::Text(b)) if b != text.trim() => Some(format!("→ {b}")),
                Err(_) => Some(match crate::domain::dates::lunar_birthday(&text, today) {
                    Some(day) => format!("✗ {}", crate::i18n::tf("tui.birthday_lunar", &[("date", &day)])),
                    None => format!("✗ {}", t("expect.birthday")),
                }),
                _ => None,
            }
        }
        Kind::Time => {
            let text = f.text();
            match crate::domain::fields::parse_time(&text) {
                Some(time) if time != text.trim() => Some(format!("→ {time}")),
                None if !text.trim().is_empty() => Some(format!("✗ {}", t("expect.time"))),
                _ => None,
            }
        }
        Kind::Set(values) => {
            let option = values.get(f.choice)?;
            let ticked = matches!(f.spec.parse(&f.text()), Ok(Value::Text(s)) if crate::domain::fields::split_tags(&s).iter().any(|c| c == option));
            Some(format!("{choice} {} {}", if ticked { "☑" } else { "☐" }, enum_label(f.spec.name, option)))
        }
        // One value allowed (a log's status, a new follow-up's): nothing
        // to choose, so no arrows that promise a choice.
        Kind::Enum(_) if f.allowed.as_ref().is_some_and(|a| a.len() <= 1) => None,
        Kind::Enum(_) | Kind::Score | Kind::Bool => Some(choice.to_string()),
        _ if !f.picks.is_empty() => Some(choice.to_string()),
        _ if !f.options.is_empty() => {
            let option = f.options.get(f.choice)?;
            let ticked = crate::domain::fields::split_tags(&f.text()).iter().any(|c| c == option);
            Some(format!("{choice} {} {option}", if ticked { "☑" } else { "☐" }))
        }
        _ => None,
    }
}

/// A field's label in at most `width` columns: whole when it fits, else
/// without the examples in brackets ("Information gathered (prices, …)"
/// reads "Information gathered"), else cut.
pub(super) fn fit_label(label: &str, width: usize) -> String {
    if label.width() <= width {
        return label.to_string();
    }
    let cut = label.find(['(', '（']).map(|i| label.get(..i).unwrap_or(label).trim());
    match cut {
        Some(short) if !short.is_empty() && short.width() <= width => short.to_string(),
        _ => crate::text::ellipsize(label, width),
    }
}

/// The columns a hint may take beside a one-line field `width` wide: what
/// the text typed leaves (a date with its time, `→ 2026-11-20 Fri 15:00`,
/// beside a short `fri 3pm`), at least half the line.
fn hint_room(f: &FormField, width: u16) -> usize {
    let typed = f.text().width().saturating_add(2);
    usize::from(width).saturating_sub(typed).max(usize::from(width / 2))
}

/// Draw one field (label, input or text, the hint `beside` it) on the rows
/// from `area.y`; returns the caret when it is the focused one. A label
/// cut to its column ends in `…` (the focused field's is read in full
/// under it).
fn render_field(
    buf: &mut Buffer,
    f: &FormField,
    area: Rect,
    (label_w, beside): (usize, Option<&str>),
    focused: bool,
    theme: Theme,
) -> Option<(u16, u16)> {
    let y = area.y;
    let mut caret = None;
    let mark = if focused { ">" } else { " " };
    let req = if f.spec.required { "*" } else { " " };
    let label_style = if focused { theme.heading() } else { theme.dim() };
    // A field of several rows wraps a long label over them; a one-row
    // field's drops its examples (`fit_label`).
    let wrapped = if f.rows() > 1 && f.spec.label().width() > label_w {
        super::widgets::wrap(f.spec.label(), u16::try_from(label_w).unwrap_or(u16::MAX))
    } else {
        vec![fit_label(f.spec.label(), label_w)]
    };
    let label = format!("{mark}{req}{} ", pad(wrapped.first().map_or("", String::as_str), label_w));
    buf.set_string(area.x, y, &label, label_style);
    for (i, more) in wrapped.iter().enumerate().skip(1).take(usize::from(f.rows()).saturating_sub(1)) {
        buf.set_string(area.x, y + i as u16, format!("  {} ", pad(&fit_label(more, label_w), label_w)), label_style);
    }
    let x = area.x + label.width() as u16;
    let input_area = Rect { x, y, width: area.width.saturating_sub(x - area.x), height: f.rows() };
    // A hint (a resolved date, the keys that choose) never takes more
    // than half the line: the text typed stays in sight beside it (a
    // longer one is under the field).
    let extra_w = beside.map_or(0, |s| s.width() as u16 + 1);
    let text_area = Rect { width: input_area.width.saturating_sub(extra_w), ..input_area };
    if focused && f.shown.is_some() {
        let words = f.shown.as_deref().unwrap_or("");
        buf.set_string(text_area.x, y, crate::text::ellipsize(words, text_area.width as usize), theme.dim());
        caret = Some((text_area.x, y));
    } else if focused && f.rows() == 1 && f.chosen() && f.text().width() > text_area.width as usize {
        // A value chosen with ←→ (an opportunity's need) too wide reads
        // from its start and ends in `…`, the caret after it.
        let shown = crate::text::ellipsize(&f.text(), text_area.width as usize);
        buf.set_string(text_area.x, y, &shown, ratatui::style::Style::new());
        caret = Some((text_area.x + (shown.width() as u16).min(text_area.width.saturating_sub(1)), y));
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
            // A value cut to its field (an address, `last day of next
            // month` beside its date) ends in `…`: more is there.
            buf.set_string(
                text_area.x,
                y + r as u16,
                crate::text::ellipsize(&line, text_area.width as usize),
                ratatui::style::Style::new(),
            );
        }
    }
    if let Some(extra) = beside {
        buf.set_string(text_area.x + text_area.width + 1, y, extra, theme.dim());
    }
    caret
}

#[cfg(test)]
mod tests {
    use super::fit_label;

    #[test]
    fn a_label_too_long_drops_its_examples_else_is_cut() {
        assert_eq!(
            fit_label("Information gathered (prices, promotions)", 41),
            "Information gathered (prices, promotions)"
        );
        assert_eq!(fit_label("Information gathered (prices, promotions)", 24), "Information gathered");
        assert_eq!(fit_label("收集的信息（价格、促销、库存）", 12), "收集的信息");
        assert_eq!(fit_label("How: likely objections and answers", 10), "How: like…");
    }
}
