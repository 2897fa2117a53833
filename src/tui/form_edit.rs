//! Editing in a form beyond typing: fields of fixed values (←/→, Space,
//! a letter that picks a choice), options offered in a text field, the
//! templates, an error cleared once its field is valid, and the warning of
//! a second plan for the same day.

use super::action::Action;
use super::form::{Form, FormField};
use super::outcome::Outcome;
use crate::domain::fields::{Kind, Value};
use crate::i18n::{enum_label, t};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl Form {
    /// ←/→ on a field with fixed choices: step through them. Returns false
    /// for free-text fields (the key then moves the caret).
    pub fn cycle(&mut self, forward: bool) -> bool {
        let field = self.focused();
        let n = match field.spec.kind {
            Kind::Set(values) => values.len(),
            _ => field.options.len(),
        } as isize;
        if n > 0 && (matches!(field.spec.kind, Kind::Set(_)) || !field.options.is_empty()) {
            field.choice = (field.choice as isize + if forward { 1 } else { -1 }).rem_euclid(n) as usize;
            return true;
        }
        let Some(choices) = Self::choices(field) else { return false };
        // A required field offers no blank choice.
        let mut all = if field.spec.required { Vec::new() } else { vec![String::new()] };
        all.extend(choices);
        if all.is_empty() {
            return true;
        }
        let current = field.text();
        let pos = all.iter().position(|c| *c == current).map_or(if forward { -1 } else { 0 }, |p| p as isize);
        let next = (pos + if forward { 1 } else { -1 }).rem_euclid(all.len() as isize) as usize;
        field.set_text(&all[next]);
        true
    }

    /// The choices of a one-of field (enum labels, scores, yes/no), or
    /// `None` for a field that takes text.
    fn choices(field: &FormField) -> Option<Vec<String>> {
        if !field.picks.is_empty() {
            return Some(field.picks.iter().map(|(_, label)| label.clone()).collect());
        }
        if !field.options.is_empty() {
            return None;
        }
        Some(match (field.spec.kind, &field.allowed) {
            (Kind::Enum(_), Some(allowed)) => allowed.iter().map(|v| enum_label(field.spec.name, v)).collect(),
            (Kind::Enum(values), None) => values.iter().map(|v| enum_label(field.spec.name, v)).collect(),
            (Kind::Score, _) => (0..=4).map(|i| i.to_string()).collect(),
            (Kind::Bool, _) => vec![t("common.yes").to_string(), t("common.no").to_string()],
            _ => return None,
        })
    }

    /// A key typed on a field of fixed values: it never becomes text. A
    /// character picks the next choice beginning with it (its label, or
    /// the stored value: `d` for done, `已` for 已完成); Backspace/Delete
    /// empty a field that may be empty. Returns false for text fields.
    pub fn type_choice(&mut self, key: crossterm::event::KeyEvent) -> bool {
        use crossterm::event::KeyCode;
        let field = self.focused();
        if field.shown.is_some() {
            return true; // read only
        }
        let set = matches!(field.spec.kind, Kind::Set(_));
        let Some(choices) = Self::choices(field).or_else(|| {
            let Kind::Set(values) = field.spec.kind else { return None };
            Some(values.iter().map(|v| enum_label(field.spec.name, v)).collect())
        }) else {
            return false;
        };
        match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(crossterm::event::KeyModifiers::CONTROL) => {
                let c = c.to_lowercase().collect::<String>();
                // The stored values, index for index with the choices.
                let values: Vec<String> = match (field.spec.kind, &field.allowed) {
                    _ if !field.picks.is_empty() => field.picks.iter().map(|(v, _)| v.clone()).collect(),
                    (Kind::Enum(_), Some(allowed)) => allowed.iter().map(|s| (*s).to_string()).collect(),
                    (Kind::Enum(v) | Kind::Set(v), _) => v.iter().map(|s| (*s).to_string()).collect(),
                    _ => choices.clone(),
                };
                let starts = |i: usize| {
                    choices[i].to_lowercase().starts_with(&c) || values.get(i).is_some_and(|v| v.starts_with(&c))
                };
                let current = if set {
                    field.choice
                } else {
                    choices.iter().position(|x| *x == field.text()).unwrap_or(usize::MAX)
                };
                let n = choices.len();
                let next = (1..=n).map(|k| current.wrapping_add(k) % n).find(|&i| starts(i));
                if let Some(i) = next {
                    if set {
                        field.choice = i;
                    } else {
                        field.set_text(&choices[i]);
                    }
                }
            }
            KeyCode::Backspace | KeyCode::Delete if !field.spec.required && !set => field.set_text(""),
            _ => {}
        }
        true
    }

    /// Clear the focused field's error once what it holds is valid.
    pub fn recheck_focused(&mut self, today: NaiveDate) -> bool {
        let field = self.focused();
        if field.error.is_some() && field.spec.parse_on(&field.text(), today).is_ok() {
            field.error = None;
            return true;
        }
        false
    }

    /// Space on a several-of field: tick or untick the option ←→ points at.
    /// Returns false for other fields (Space is then text).
    pub fn toggle(&mut self) -> bool {
        let field = self.focused();
        if !field.options.is_empty() {
            let Some(option) = field.options.get(field.choice).cloned() else { return false };
            let mut chosen = crate::domain::fields::split_tags(&field.text());
            if let Some(pos) = chosen.iter().position(|c| *c == option) {
                chosen.remove(pos);
            } else {
                chosen.push(option);
            }
            field.set_text(&chosen.join(", "));
            return true;
        }
        let Kind::Set(values) = field.spec.kind else { return false };
        let Some(option) = values.get(field.choice) else { return false };
        let mut chosen: Vec<String> = match field.spec.parse(&field.text()) {
            Ok(Value::Text(s)) => crate::domain::fields::split_tags(&s),
            _ => Vec::new(),
        };
        if let Some(pos) = chosen.iter().position(|c| c == option) {
            chosen.remove(pos);
        } else {
            chosen.push((*option).to_string());
        }
        let text = chosen.iter().map(|v| enum_label(field.spec.name, v)).collect::<Vec<_>>().join(", ");
        field.set_text(&text);
        true
    }

    /// Put the fields named first, in that order (the rest keep theirs).
    pub fn put_first(&mut self, names: &[&str]) {
        self.fields.sort_by_key(|f| names.iter().position(|n| *n == f.spec.name).unwrap_or(names.len()));
    }

    /// Offer `options` (e.g. the customer's key people) in the fields named.
    pub fn offer(&mut self, fields: &[&str], options: &[String]) {
        for f in self.fields.iter_mut().filter(|f| fields.contains(&f.spec.name)) {
            f.options = options.to_vec();
        }
    }

    /// Fill the empty plan fields from the templates of the purposes typed
    /// (visit forms). Returns how many fields were filled.
    pub fn apply_template(&mut self, templates: &crate::domain::templates::Templates) -> usize {
        let Some(purposes) = self.fields.iter().find(|f| f.spec.name == "purposes") else { return 0 };
        let Ok(Value::Text(chosen)) = purposes.spec.parse(&purposes.text()) else { return 0 };
        let chosen = crate::domain::fields::split_tags(&chosen);
        let chosen: Vec<&str> = chosen.iter().map(String::as_str).collect();
        let empty: Vec<&str> = self.fields.iter().filter(|f| f.text().trim().is_empty()).map(|f| f.spec.name).collect();
        let filled = templates.fill_missing(crate::i18n::lang(), &chosen, |f| empty.contains(&f));
        for (name, text) in &filled {
            if let Some(f) = self.fields.iter_mut().find(|f| f.spec.name == *name) {
                f.set_text(text);
            }
        }
        filled.len()
    }

    /// The warning when the visit as typed is a second plan for the same
    /// customer and day (the domain's rule, as `visit plan` warns).
    pub fn same_day_warning(&self, today: NaiveDate) -> Option<String> {
        let value = |name: &str| {
            let f = self.fields.iter().find(|f| f.spec.name == name)?;
            f.spec.parse_on(&f.text(), today).ok().map(|v| (f.spec.name, v))
        };
        let typed: Vec<(&'static str, Value)> = ["status", "date"].iter().filter_map(|n| value(n)).collect();
        let others = crate::domain::visit::same_day_plans(&self.visits, &typed, self.id.as_deref());
        crate::domain::visit::same_day_warning(&others)
    }
}

/// What a form does, in order of preference for a key bound to several.
pub(super) const FORM_COMMANDS: &[Action] = &[
    Action::Save,
    Action::Editor,
    Action::ReadForm,
    Action::Template,
    Action::Back,
    Action::NextField,
    Action::PrevField,
    Action::Toggle,
    Action::ChoicePrev,
    Action::ChoiceNext,
    Action::ClearLine,
];

impl Form {
    /// True when the templates (templates.toml) fill this form: a visit's
    /// (the 5W1H of its purposes). Its hint offers the key only then.
    pub(super) fn has_templates(&self) -> bool {
        self.table.name == "visit"
    }

    /// The form's command for a key: a long field keeps Enter, ↑ and ↓ for
    /// its lines; a character is text, only Space may tick an option first.
    pub(super) fn action_for(&mut self, keymap: &super::keymap::Keymap, key: KeyEvent) -> Option<Action> {
        let long = self.focused().spec.kind == Kind::Long;
        let plain = key.modifiers.difference(KeyModifiers::SHIFT).is_empty();
        if long && plain && matches!(key.code, KeyCode::Enter | KeyCode::Up | KeyCode::Down) {
            return None;
        }
        keymap.action_in(key, FORM_COMMANDS, true).or_else(|| keymap.action_in(key, &[Action::Toggle], false))
    }

    /// An action, or (`None`) a key typed into the focused field.
    pub(super) fn handle(&mut self, action: Option<Action>, key: KeyEvent, today: NaiveDate) -> Outcome {
        match action {
            Some(Action::Save) => return Outcome::Save,
            Some(Action::Editor) => return Outcome::Editor,
            Some(Action::ReadForm) => return Outcome::ReadForm,
            Some(Action::Template) if self.has_templates() => return Outcome::Template,
            Some(Action::Back) => return if self.dirty() { Outcome::Discard } else { Outcome::Close },
            Some(Action::NextField) => self.move_focus(1),
            Some(Action::PrevField) => self.move_focus(-1),
            Some(Action::Toggle) if self.toggle() => {}
            Some(Action::ChoicePrev) if self.cycle(false) => {}
            Some(Action::ChoiceNext) if self.cycle(true) => {}
            Some(Action::ClearLine) if self.focused().takes_text() => {
                super::widgets::clear_line(&mut self.focused().input);
            }
            _ if self.type_choice(key) => {}
            _ => {
                self.focused().input.input(key);
            }
        }
        // An error goes once the field holds a valid value (the status bar
        // then says the next field's that is still wrong, if any).
        if self.recheck_focused(today) {
            return Outcome::Fixed;
        }
        Outcome::Keep
    }
}
