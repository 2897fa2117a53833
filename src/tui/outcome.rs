//! What is drawn over the screens as components: each declares the
//! commands its keys mean (`commands`), whether text is typed in it, and
//! handles an action on its own state, saying what the app is to do next
//! (`Outcome`). The app resolves keys through the keymap and carries out
//! outcomes (`input.rs`); the components never touch the store.

use super::action::Action;
use super::list::{Dim, ListView};
use super::overlay::{FilterMenu, Overlay, Palette, Prompt};
use super::read::ReadView;
use crate::domain::schema::Table;
use crossterm::event::KeyEvent;

/// What a component asks of the app after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stay open, as it now is.
    Keep,
    /// Close (back to the form it was over, if any).
    Close,
    /// Close and carry out a screen action (the palette).
    Run(Action),
    /// The question's answer is yes / the prompt's answer is given.
    Yes,
    /// Edit a record (from its read view).
    Edit(&'static Table, String),
    /// Filter the customer list by a value of a dimension (`None`: any).
    Filter(Dim, Option<String>),
    /// A form: save it.
    Save,
    /// A form: edit the focused field in `$VISUAL` / `$EDITOR`.
    Editor,
    /// A form: read it whole, coming back to it after.
    ReadForm,
    /// A visit form: fill the empty plan fields from the templates.
    Template,
    /// A form with changes: ask before throwing them away.
    Discard,
    /// A form field's error is gone (the status bar says the next one
    /// still there, or clears).
    Fixed,
    /// Not this component's action: the app carries it out as usual.
    Pass,
    /// A sheet: read what it shows again (another week, another list).
    Reload,
    /// The archive view: back up now.
    Backup,
}

/// The palette's commands (the rest of the keys filter it).
pub(super) const PALETTE_COMMANDS: &[Action] =
    &[Action::Back, Action::Up, Action::Down, Action::Open, Action::ClearLine];

/// The filter menu's commands.
pub(super) const FILTER_COMMANDS: &[Action] = &[Action::Back, Action::Up, Action::Down, Action::Open];

/// A question's commands.
pub(super) const CONFIRM_COMMANDS: &[Action] = &[Action::Yes, Action::No];

/// A prompt's commands (the rest of the keys are the answer typed).
pub(super) const PROMPT_COMMANDS: &[Action] = &[Action::Yes, Action::No, Action::ClearLine, Action::Up, Action::Down];

/// A read view's commands.
pub(super) const READ_COMMANDS: &[Action] = &[
    Action::Back,
    Action::Quit,
    Action::Open,
    Action::Edit,
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
];

impl Overlay {
    /// The commands its keys mean, in order of preference.
    pub(super) fn commands(&self) -> &'static [Action] {
        match self {
            Overlay::Help { .. } => super::help::HELP_COMMANDS,
            Overlay::Palette(_) => PALETTE_COMMANDS,
            Overlay::Filter(_) => FILTER_COMMANDS,
            Overlay::Confirm { .. } => CONFIRM_COMMANDS,
            Overlay::Prompt(_) => PROMPT_COMMANDS,
            Overlay::Read(_) => READ_COMMANDS,
            Overlay::Form(_) => super::form_edit::FORM_COMMANDS,
        }
    }

    /// True where text is typed: a plain character is text there.
    pub(super) fn takes_text(&self) -> bool {
        matches!(self, Overlay::Palette(_) | Overlay::Prompt(_) | Overlay::Form(_))
    }

    /// The form it holds or was opened over, which closing it comes back to.
    pub(super) fn into_form(self) -> Option<Box<super::form::Form>> {
        match self {
            Overlay::Form(f) => Some(f),
            Overlay::Read(v) => v.form,
            Overlay::Confirm { form, .. } => form,
            _ => None,
        }
    }
}

impl Palette {
    /// An action, or (`None`) a key typed into the filter.
    pub fn handle(&mut self, action: Option<Action>, key: KeyEvent) -> Outcome {
        match action {
            Some(Action::Back) => return Outcome::Close,
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => self.selected = (self.selected + 1).min(self.matches().len().saturating_sub(1)),
            Some(Action::Open) => {
                return self.matches().get(self.selected).map_or(Outcome::Close, |a| Outcome::Run(*a));
            }
            Some(_) => {
                super::widgets::clear_line(&mut self.input);
                self.selected = 0;
            }
            None => {
                if self.input.input(key) {
                    self.selected = 0;
                }
            }
        }
        Outcome::Keep
    }
}

impl FilterMenu {
    /// An action on the menu over `list`.
    pub fn handle(&mut self, action: Option<Action>, list: &ListView) -> Outcome {
        let n = self.entries(list).len();
        match (action, self.dim) {
            (Some(Action::Back), Some(_)) => *self = FilterMenu { dim: None, selected: 0 },
            (Some(Action::Back), None) => return Outcome::Close,
            (Some(Action::Up), _) => self.selected = self.selected.saturating_sub(1),
            (Some(Action::Down), _) => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            (Some(Action::Open), None) => {
                let dim = Dim::ALL[self.selected.min(Dim::ALL.len() - 1)];
                *self = FilterMenu { dim: Some(dim), selected: 0 };
            }
            (Some(Action::Open), Some(dim)) => {
                let value = self.entries(list).get(self.selected).map(|(v, _)| v.clone());
                return Outcome::Filter(dim, value.filter(|v| !v.is_empty()));
            }
            _ => {}
        }
        Outcome::Keep
    }
}

impl Prompt {
    /// An action, or (`None`) a key typed into the answer.
    pub fn handle(&mut self, action: Option<Action>, key: KeyEvent) -> Outcome {
        match action {
            Some(Action::Yes) => return Outcome::Yes,
            Some(Action::No) => return Outcome::Close,
            Some(Action::ClearLine) => super::widgets::clear_line(&mut self.input),
            // Up and down choose among the customers a customer prompt
            // shows; elsewhere there is nothing to choose.
            Some(action @ (Action::Up | Action::Down)) => {
                if let super::overlay::PromptKind::ActCustomer(_, pick) = &mut self.kind {
                    pick.move_by(if action == Action::Up { -1 } else { 1 });
                }
            }
            // Whatever the keymap says, Enter answers and Esc cancels where
            // text is typed: a `yes` bound only to a letter (which types
            // that letter here) never leaves a prompt without a way out.
            _ if key.code == crossterm::event::KeyCode::Enter => return Outcome::Yes,
            _ if key.code == crossterm::event::KeyCode::Esc => return Outcome::Close,
            Some(_) => {}
            None => {
                self.input.input(key);
            }
        }
        Outcome::Keep
    }
}

impl ReadView {
    /// An action on a view `h` lines high of text `w` wide, `page` lines a page.
    pub fn handle(&mut self, action: Option<Action>, page: usize, (w, h): (u16, u16)) -> Outcome {
        match action {
            Some(Action::Back | Action::Quit | Action::Open) => return Outcome::Close,
            Some(Action::Edit) => {
                return self.target.take().map_or(Outcome::Close, |(table, id)| Outcome::Edit(table, id));
            }
            Some(Action::Down) => self.scroll += 1,
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::PageDown) => self.scroll += page,
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(page),
            Some(Action::Top) => self.scroll = 0,
            Some(Action::Bottom) => self.scroll = usize::MAX / 2,
            _ => {}
        }
        // Keep the scroll within what there is to read.
        self.scroll = self.scroll.min(self.lines(w).len().saturating_sub(h as usize));
        Outcome::Keep
    }
}

/// A question's answer.
pub(super) fn confirm(action: Option<Action>) -> Outcome {
    match action {
        Some(Action::Yes) => Outcome::Yes,
        Some(_) => Outcome::Close,
        None => Outcome::Keep,
    }
}

/// Help's scroll after an action (any other key closes it).
pub(super) fn help(scroll: &mut usize, action: Option<Action>, page: usize, max: usize) -> Outcome {
    match super::help::scrolled(*scroll, action, page) {
        Some(s) => {
            *scroll = s.min(max);
            Outcome::Keep
        }
        None => Outcome::Close,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn typed(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn the_palette_filters_moves_and_runs_what_is_chosen() {
        let mut p = Palette::new(super::super::list::COMMANDS, "list");
        for c in "undo".chars() {
            assert_eq!(p.handle(None, typed(c)), Outcome::Keep);
        }
        assert_eq!(p.handle(Some(Action::Open), typed(' ')), Outcome::Run(Action::Undo));
        assert_eq!(p.handle(Some(Action::ClearLine), typed(' ')), Outcome::Keep);
        assert!(p.matches().len() > 1, "the line is cleared");
        assert_eq!(p.handle(Some(Action::Back), typed(' ')), Outcome::Close);
    }

    #[test]
    fn a_read_view_scrolls_within_its_text_and_edits_its_record() {
        let mut v = ReadView::change("2026-11-22", "a\nb\nc\nd\ne");
        assert_eq!(v.handle(Some(Action::Bottom), 3, (40, 2)), Outcome::Keep);
        let last = v.scroll;
        assert!(last > 0 && last < 10, "kept within the text: {last}");
        assert_eq!(v.handle(Some(Action::Down), 3, (40, 2)), Outcome::Keep);
        assert_eq!(v.scroll, last, "not past the end");
        assert_eq!(v.handle(Some(Action::Edit), 3, (40, 2)), Outcome::Close, "a change has no record to edit");
        v.target = Some((&crate::domain::schema::PERSON, "p1".into()));
        assert_eq!(
            v.handle(Some(Action::Edit), 3, (40, 2)),
            Outcome::Edit(&crate::domain::schema::PERSON, "p1".into())
        );
    }

    #[test]
    fn questions_and_help_answer_as_declared() {
        assert_eq!(confirm(Some(Action::Yes)), Outcome::Yes);
        assert_eq!(confirm(Some(Action::No)), Outcome::Close);
        assert_eq!(confirm(None), Outcome::Keep, "another key leaves the question open");
        let mut scroll = 0;
        assert_eq!(help(&mut scroll, Some(Action::PageDown), 10, 4), Outcome::Keep);
        assert_eq!(scroll, 4, "never past the last line");
        assert_eq!(help(&mut scroll, None, 10, 4), Outcome::Close);
    }
}
