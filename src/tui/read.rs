//! Read views: every field of one record (or one change of History) in
//! full, wrapped to the window and scrollable, with `e` to edit the record
//! from there. Nothing is cut off: a long address, a note, a next step.

use super::action::Action;
use super::theme::Theme;
use super::widgets::{pad, wrap};
use crate::domain::entity::Entity;
use crate::domain::period::iso_week_label;
use crate::domain::schema::Table;
use crate::i18n::{t, tf};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

/// A scrollable read view of one record or one change.
pub struct ReadView {
    /// Shown in the frame.
    pub title: String,
    /// Label and value, in order; a value may hold several lines.
    pub fields: Vec<(String, String)>,
    /// First line shown.
    pub scroll: usize,
    /// The record `e` edits, if any.
    pub target: Option<(&'static Table, String)>,
    /// The form this view reads, which closing it comes back to.
    pub(super) form: Option<Box<super::form::Form>>,
}

impl ReadView {
    /// Every field of `e` that has a value, as every view shows it.
    pub fn of(e: &Entity, title: String, refs: &dyn Fn(&Entity) -> Option<String>) -> Self {
        let mut fields = Vec::new();
        for spec in e.table.fields {
            if spec.name == "customer_id" || e.get(spec.name).is_null() {
                continue;
            }
            let value =
                if spec.name == "ref" { refs(e).unwrap_or_else(|| e.display("ref")) } else { e.display(spec.name) };
            // Shown as text is safe on a terminal: no control character.
            fields.push((spec.label().to_string(), crate::text::for_terminal(&value, true).into_owned()));
        }
        // Said in the heading: on a line of its own with no label it read
        // as part of the last field's value.
        let title = if e.alive { title } else { tf("tui.read_deleted_title", &[("title", &title)]) };
        Self { title, fields, scroll: 0, target: Some((e.table, e.id.clone())), form: None }
    }

    /// What a form holds as typed, every field with text in full.
    pub fn of_form(form: &super::form::Form) -> Self {
        let mut fields: Vec<(String, String)> = form
            .fields
            .iter()
            .filter_map(|f| {
                let text = f.shown.clone().unwrap_or_else(|| f.text());
                (!text.trim().is_empty()).then(|| (f.spec.label().to_string(), text))
            })
            .collect();
        // The dossier's essentials too: a narrow screen has no room for
        // them beside the form, and this is where they are read there.
        if !form.side.is_empty() {
            fields.push((t("tui.read_essentials").to_string(), form.side.join("\n")));
        }
        Self { title: form.title.clone(), fields, scroll: 0, target: None, form: None }
    }

    /// An Act item of the week from `monday` in full: what to change, its
    /// customer, the follow-up made of it (what, due, state) and whether it
    /// is in next week's plan.
    pub fn act(
        store: &crate::store::Store,
        a: &crate::domain::review::ActItem,
        monday: chrono::NaiveDate,
    ) -> crate::Result<Self> {
        let followup = match &a.followup_id {
            Some(id) => store.get(&crate::domain::schema::FOLLOWUP, id)?,
            None => None,
        };
        let next = monday.checked_add_signed(chrono::Duration::weeks(1)).map_or_else(String::new, iso_week_label);
        let week = iso_week_label(monday);
        let shown = |s: &str| crate::text::for_terminal(s, true).into_owned();
        let mut fields = vec![(t("review.act_what").to_string(), shown(&a.what))];
        if let Some(c) = &a.customer {
            fields.push((t("plan.customer").to_string(), shown(c)));
        }
        let made = match &followup {
            Some(f) => tf(
                "review.read_followup",
                &[("what", &f.title_or_what()), ("due", &f.text_or_empty("due")), ("state", &f.display("status"))],
            ),
            None => t("review.read_no_followup").to_string(),
        };
        fields.push((t("review.read_followup_label").to_string(), shown(&made)));
        let plan = if a.carried {
            tf("review.read_carried", &[("week", &next)])
        } else {
            t("review.read_not_carried").to_string()
        };
        fields.push((t("review.read_plan_label").to_string(), plan));
        let title = tf("review.read_act_title", &[("n", &a.number), ("week", &week)]);
        Ok(Self { title, fields, scroll: 0, target: None, form: None })
    }

    /// One change of History: the record, then each field changed on a
    /// line of its own.
    pub fn change(when: &str, what: &str) -> Self {
        let (record, changes) = what.split_once(" · ").unwrap_or((what, ""));
        let fields = vec![
            (t("tui.read_record").to_string(), crate::text::for_terminal(record, true).into_owned()),
            (
                t("tui.read_changes").to_string(),
                crate::text::for_terminal(&change_lines(record, changes), true).into_owned(),
            ),
        ];
        Self { title: tf("tui.read_change", &[("when", &when)]), fields, scroll: 0, target: None, form: None }
    }

    /// The lines drawn at `width` columns: labels in a column, values wrapped.
    pub fn lines(&self, width: u16) -> Vec<(String, String)> {
        let label_w = self.fields.iter().map(|(l, _)| l.width()).max().unwrap_or(0).min(width as usize / 3);
        let value_w = (width as usize).saturating_sub(label_w + 3).max(1);
        let mut out = Vec::new();
        for (label, value) in &self.fields {
            let mut first = true;
            for part in value.lines() {
                for piece in wrap(part, value_w as u16) {
                    let l = if first { pad(label, label_w) } else { " ".repeat(label_w) };
                    first = false;
                    out.push((l, piece));
                }
            }
            if first {
                out.push((pad(label, label_w), String::new()));
            }
        }
        out
    }

    /// Draw into `area` (the frame included).
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, keys: &super::keymap::Keymap) {
        super::widgets::clear(buf, area);
        let block = ratatui::widgets::Block::bordered().title(format!(" {} ", self.title)).title_style(theme.heading());
        let inner = block.inner(area);
        ratatui::widgets::Widget::render(block, area, buf);
        let body = Rect { height: inner.height.saturating_sub(1), ..inner };
        let lines = self.lines(body.width.saturating_sub(1));
        let scroll = self.scroll.min(lines.len().saturating_sub(body.height as usize));
        for (i, (label, value)) in lines.iter().skip(scroll).take(body.height as usize).enumerate() {
            let y = body.y + i as u16;
            buf.set_string(body.x + 1, y, label, theme.dim());
            buf.set_string(body.x + 1 + label.width() as u16 + 2, y, value, Style::new());
        }
        let more = lines.len() > body.height as usize + scroll;
        let hint = keys.hint(if self.target.is_some() { "tui.read_keys" } else { "tui.read_keys_no_edit" }, &[]);
        let hint = if more { format!("{hint}  {} {}", keys.key(Action::Down), t("tui.read_more")) } else { hint };
        let hint = super::widgets::truncate(&hint, inner.width.saturating_sub(1) as usize);
        buf.set_string(inner.x + 1, inner.y + inner.height.saturating_sub(1), hint, theme.dim());
    }
}

/// The changes of one History line, one per line: History joins them with
/// "; ", and a value may hold "; " too, so a new line starts only where a
/// field of the record's table (or created, deleted…) begins.
fn change_lines(record: &str, changes: &str) -> String {
    let table = crate::domain::schema::TABLES.iter().find(|t| record.starts_with(crate::i18n::t(t.noun)));
    let mut starts: Vec<String> =
        table.map(|t| t.fields.iter().map(|f| format!("{} ", f.label())).collect()).unwrap_or_default();
    starts.extend(
        ["tui.hist_created", "tui.hist_deleted", "tui.hist_restored", "tui.hist_erased"].map(|k| t(k).to_string()),
    );
    let conflict = tf("tui.hist_conflict", &[("change", &"")]);
    starts.push(conflict.trim_end().to_string());
    let mut out: Vec<String> = Vec::new();
    for piece in changes.split("; ") {
        match out.last_mut() {
            Some(last) if !starts.iter().any(|s| piece.starts_with(s.as_str())) => {
                last.push_str("; ");
                last.push_str(piece);
            }
            _ => out.push(piece.to_string()),
        }
    }
    out.join("\n")
}

/// The read view of `e`, its title in words as the CLI says it.
pub(super) fn view_of(store: &crate::store::Store, e: &Entity) -> ReadView {
    // A visit's words name its kind; other records say what they are.
    let title = if e.table.name == "visit" {
        store.record_words(e)
    } else {
        format!("{} · {}", t(e.table.noun), store.record_words(e))
    };
    ReadView::of(e, title, &|f| store.ref_words(f))
}

/// Where a read view is drawn inside `area`.
pub(super) fn rect(area: Rect) -> Rect {
    super::widgets::centered(area, area.width.saturating_sub(4).min(110), area.height.saturating_sub(2))
}
