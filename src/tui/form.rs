//! The form that creates or edits any archive record, built from the
//! table's field specs. Every field is a CJK-aware text area; enumerations,
//! scores and yes/no cycle with ←/→; dates show what they resolve to.

use super::widgets::new_input;
use crate::domain::dates::when;
use crate::domain::fields::{FieldSpec, Kind, Value};
use crate::domain::schema::Table;
use crate::error::Error;
use crate::i18n::{enum_label, t};
use chrono::NaiveDate;
use ratatui_textarea::TextArea;

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
    /// For a text field that takes one of a list known only at run time
    /// (an opportunity's stage from the config, the customer's open
    /// opportunities): (stored value, label) pairs that ←/→ step through.
    pub picks: Vec<(String, String)>,
}

impl FormField {
    /// A field whose value is chosen with ←→ rather than typed.
    pub fn chosen(&self) -> bool {
        matches!(self.spec.kind, Kind::Enum(_) | Kind::Score | Kind::Bool) || !self.picks.is_empty()
    }

    /// True for a field that takes typed or pasted text (not a field of
    /// fixed values, not a read-only one).
    pub fn takes_text(&self) -> bool {
        self.shown.is_none()
            && self.options.is_empty()
            && self.picks.is_empty()
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
    /// A week review's notes or a new Act item (`tui::review`).
    Review(super::review::ReviewForm),
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
        (Kind::Rate, Value::Text(_)) => crate::domain::entity::show_value(spec, v),
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
                    picks: Vec::new(),
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

    /// Make this a form that logs a visit or call with `customer`,
    /// completing `plan` if given: its status offers only what a log
    /// records (`defaults::allowed_in_log`), so a log never previews a
    /// plan's forward date only to be refused on save.
    pub fn log(&mut self, customer: String, plan: Option<String>) {
        self.mode = FormMode::Log { customer, plan };
        for f in &mut self.fields {
            f.allowed = crate::domain::defaults::allowed_in_log(self.table.name, f.spec.name);
        }
    }

    /// Make `field` one of `picks` ((stored value, label) pairs): ←/→ step
    /// through the labels, and a stored value already there shows as its
    /// label.
    pub fn pick(&mut self, field: &str, picks: Vec<(String, String)>) {
        let Some(f) = self.fields.iter_mut().find(|f| f.spec.name == field) else { return };
        if let Some((_, label)) = picks.iter().find(|(value, _)| *value == f.text()) {
            let label = label.clone();
            f.set_text(&label);
            f.original = label;
        }
        f.picks = picks;
    }

    /// Move the fields named (in that order) to just after `after`; the
    /// focused field stays focused.
    pub fn place_after(&mut self, after: &str, names: &[&str]) {
        let focused = self.fields.get(self.focus).map(|f| f.spec.name);
        let mut moved = Vec::new();
        for name in names {
            if let Some(i) = self.fields.iter().position(|f| f.spec.name == *name) {
                moved.push(self.fields.remove(i));
            }
        }
        let at = self.fields.iter().position(|f| f.spec.name == after).map_or(self.fields.len(), |i| i + 1);
        self.fields.splice(at..at, moved);
        if let Some(name) = focused {
            self.focus = self.fields.iter().position(|f| f.spec.name == name).unwrap_or(0);
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

    /// A refusal of the domain that names a field: said at that field, and
    /// the focus moved there (the status bar alone is easily missed).
    pub fn fail_at(&mut self, field: &str, message: String) {
        if let Some(i) = self.fields.iter().position(|f| f.spec.name == field) {
            self.fields[i].error = Some(message);
            self.focus = i;
        }
    }

    /// Validate every changed field; on success the values to write.
    /// On failure each bad field carries its message and focus moves to the
    /// first one.
    pub fn collect(&mut self, today: NaiveDate) -> Result<Vec<(&'static str, Value)>, Error> {
        self.collect_now(today)
    }

    /// True for a form that logs a visit or call as held.
    pub fn logs(&self) -> bool {
        matches!(self.mode, FormMode::Log { .. })
    }

    /// The record's status and time as the form holds them, which a
    /// visit's date follows (see `dates::when`): the status chosen (a form
    /// that logs a visit without one logs it held), the time typed.
    pub fn date_context(&self) -> (Option<String>, Option<String>) {
        let field = |name: &str| self.fields.iter().find(|f| f.spec.name == name);
        let status = match field("status") {
            Some(f) => f.spec.parse(&f.text()).ok().and_then(|v| v.as_text().map(str::to_string)),
            None => self.logs().then(|| "done".to_string()),
        };
        (status, field("time").map(FormField::text))
    }

    fn collect_now(&mut self, today: NaiveDate) -> Result<Vec<(&'static str, Value)>, Error> {
        let creating = self.id.is_none();
        let (status, time) = self.date_context();
        let table = self.table;
        let mut out = Vec::new();
        let mut fill = None;
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
            let around = when::around(table, f.spec, status.as_deref(), time.as_deref());
            match when::read_field(f.spec, &text, today, around) {
                Ok((v, time)) => {
                    out.push((f.spec.name, v));
                    fill = fill.or(time);
                }
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
        // The time typed with the day fills the empty time field.
        if let Some((name, time)) = fill {
            out.retain(|(f, _)| *f != name);
            out.push((name, time));
        }
        Ok(out)
    }
}

/// The weekday in the active language.
pub fn weekday(d: NaiveDate) -> &'static str {
    use chrono::Datelike;
    crate::i18n::lookup(&format!("tui.weekday_{}", d.weekday().num_days_from_monday())).unwrap_or("")
}
