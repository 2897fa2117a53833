//! The screens as components (DESIGN §5, §9): Today, the customer list and
//! the dossier each take the actions that change only their own state —
//! moving the selection, the dossier's tabs, the list's sort and filters —
//! and pass the rest to the app, which writes to the store, opens forms and
//! moves between screens. The sheets over them (the Trash, the agenda, the
//! plan, the archive view) are components the same way. Each lists its own
//! commands, so help and the palette are built from what it takes.

use super::action::Action;
use super::dossier::DossierView;
use super::list::ListView;
use super::outcome::Outcome;
use super::sheet::Sheet;
use super::today::TodayView;

/// A screen's command list: its own commands, then what every screen
/// offers (undo, the sheets, the palette, mouse, help, quit), written once.
macro_rules! screen_commands {
    ($($own:ident),* $(,)?) => {
        &[
            $($crate::tui::action::Action::$own,)*
            $crate::tui::action::Action::Undo,
            $crate::tui::action::Action::Trash,
            $crate::tui::action::Action::Week,
            $crate::tui::action::Action::WeekPlan,
            $crate::tui::action::Action::Review,
            $crate::tui::action::Action::MonthTable,
            $crate::tui::action::Action::Funnel,
            $crate::tui::action::Action::Archive,
            $crate::tui::action::Action::Sync,
            $crate::tui::action::Action::Import,
            $crate::tui::action::Action::Palette,
            $crate::tui::action::Action::ToggleMouse,
            $crate::tui::action::Action::Help,
            $crate::tui::action::Action::Quit,
        ]
    };
}
pub(super) use screen_commands;

/// A screen's own part of the key handling.
pub(super) trait Component {
    /// The actions it offers (help, the palette and the keymap's context).
    fn commands(&self) -> &'static [Action];

    /// Where it is, as help names it (`action_on.<place>.<action>` says
    /// what a key does there when it differs from its usual meaning).
    fn place(&self) -> &'static str;

    /// An action on its own state: `Keep` when done, `Pass` when it is the
    /// app's. `page` is the height a page move goes by.
    fn handle(&mut self, action: Action, page: isize) -> Outcome;
}

/// How far a move goes: a line, a page, or to an end (every screen and
/// sheet moves by this).
pub(super) fn step(action: Action, page: isize) -> Option<isize> {
    Some(match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -page,
        Action::PageDown => page,
        Action::Top => -10_000_000,
        Action::Bottom => 10_000_000,
        _ => return None,
    })
}

impl Component for TodayView {
    fn place(&self) -> &'static str {
        "today"
    }

    fn commands(&self) -> &'static [Action] {
        super::today::COMMANDS
    }

    fn handle(&mut self, action: Action, page: isize) -> Outcome {
        match step(action, page) {
            Some(delta) => {
                self.move_by(delta);
                Outcome::Keep
            }
            None => Outcome::Pass,
        }
    }
}

impl Component for ListView {
    fn place(&self) -> &'static str {
        "list"
    }

    fn commands(&self) -> &'static [Action] {
        super::list::COMMANDS
    }

    fn handle(&mut self, action: Action, page: isize) -> Outcome {
        match (action, step(action, page)) {
            (Action::Top | Action::Bottom, _) => self.jump(action == Action::Bottom),
            (_, Some(delta)) => self.move_by(delta),
            (Action::Sort, _) => self.cycle_sort(),
            (Action::ClearFilters, _) => {
                self.filters.clear();
                self.refresh();
            }
            _ => return Outcome::Pass,
        }
        self.scroll_to_selection(usize::try_from(page).unwrap_or(1));
        Outcome::Keep
    }
}

impl Component for DossierView {
    fn place(&self) -> &'static str {
        // History's lines are changes: new, edit and delete mean other
        // things there; on Follow-ups `d` drops with a reason.
        match self.tab {
            super::dossier::Tab::History => "history",
            super::dossier::Tab::Followups => "followups",
            _ => "dossier",
        }
    }

    fn commands(&self) -> &'static [Action] {
        super::dossier::COMMANDS
    }

    fn handle(&mut self, action: Action, page: isize) -> Outcome {
        match (action, step(action, page)) {
            (_, Some(delta)) => self.move_by(delta),
            (Action::NextTab, _) => self.switch(1),
            (Action::PrevTab, _) => self.switch(-1),
            _ => return Outcome::Pass,
        }
        Outcome::Keep
    }
}

impl Component for Sheet {
    fn place(&self) -> &'static str {
        match self {
            Sheet::Trash(_) => "trash",
            Sheet::Week(_) => "week",
            Sheet::Plan(_) => "plan",
            Sheet::Care(_) => "archive",
            Sheet::Review(_) => "review",
            Sheet::Month(_) => "month",
            Sheet::Funnel(_) => "funnel",
            Sheet::Sync(_) => "sync",
            Sheet::Import(_) => "import",
        }
    }

    fn commands(&self) -> &'static [Action] {
        self.actions()
    }

    fn handle(&mut self, action: Action, page: isize) -> Outcome {
        Sheet::handle(self, action, page)
    }
}
