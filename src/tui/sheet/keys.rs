//! The sheets' commands (what help lists, and which keys leave a sheet)
//! and the key handling each sheet does on its own state.

use super::Sheet;
use crate::i18n::t;
use crate::tui::action::Action;
use crate::tui::outcome::Outcome;

// What keys mean on each sheet (help lists them, in this order). A sheet's
// own come between moving the selection and what acts as anywhere (Undo,
// Help...) or closes the sheet first (Today, Search, the other sheets):
// those two parts are the same on every sheet, written once here. The
// keys that close a sheet are also `LEAVE_SHEET`, from the same one list.
macro_rules! leaving_sheets {
    ($then:ident [$($own:ident),*]) => {
        $then!([$($own),*] Today, Search, Trash, Week, WeekPlan, Review, MonthTable, Funnel, Sync, Archive, Import)
    };
}

macro_rules! sheet_list {
    ([$($own:ident),*] $($leave:ident),*) => {
        &[
            Action::Up,
            Action::Down,
            Action::PageUp,
            Action::PageDown,
            Action::Top,
            Action::Bottom,
            $(Action::$own,)*
            Action::Back,
            $(Action::$leave,)*
            Action::Undo,
            Action::Palette,
            Action::ToggleMouse,
            Action::Help,
            Action::Quit,
        ]
    };
}

macro_rules! leave_list {
    ([] $($leave:ident),*) => {
        &[$(Action::$leave,)*]
    };
}

macro_rules! sheet_commands {
    ($($own:ident),* $(,)?) => {
        leaving_sheets!(sheet_list [$($own),*])
    };
}

/// What closes a sheet first, then is carried out as usual.
pub(in crate::tui) const LEAVE_SHEET: &[Action] = leaving_sheets!(leave_list []);

/// The sync sheet's commands (`S`, in every sheet's list, syncs with the
/// folder here), `e` resolves the
/// selected conflict with a value merged by hand.
pub(in crate::tui) const SYNC_ACTIONS: &[Action] = sheet_commands![SyncImport, SyncExport, KeepKept, KeepOther, Edit];

/// The archive view's commands.
pub(in crate::tui) const CARE_ACTIONS: &[Action] = sheet_commands![Open, Backup];

/// The Trash's commands.
pub(in crate::tui) const TRASH_ACTIONS: &[Action] = sheet_commands![Open, Restore];

/// The weekly plan's commands: `a` (New) or Enter accepts the selected
/// suggestion (asking for the day), Enter opens a planned item.
pub(in crate::tui) const PLAN_ACTIONS: &[Action] = sheet_commands![PrevTab, NextTab, New, Open, Log];

/// The agenda's commands (the week view): `w` there switches between a
/// week and a month; `c`, `z`, `l`, `d` act on the selected record as on
/// Today.
pub(in crate::tui) const WEEK_ACTIONS: &[Action] =
    sheet_commands![PrevTab, NextTab, Filter, Open, Edit, Complete, Snooze, Log, Delete, Plan, LogCall, New];

/// The week review's commands: parts, weeks, notes and Act items.
pub(in crate::tui) const REVIEW_ACTIONS: &[Action] =
    sheet_commands![PrevTab, NextTab, PrevPeriod, NextPeriod, Edit, New, Open, Delete, Plan, ToFollowup, Complete];

/// The monthly table's commands: months, and opening a customer.
pub(in crate::tui) const MONTH_ACTIONS: &[Action] = sheet_commands![PrevTab, NextTab, PrevPeriod, NextPeriod, Open];

/// The funnel's commands.
pub(in crate::tui) const FUNNEL_ACTIONS: &[Action] = sheet_commands![PrevTab, NextTab, Open, Edit];

/// The import sheet's commands: ← → the selected column's field, `f` the
/// workbook's next sheet, Enter imports (after a question).
pub(in crate::tui) const IMPORT_ACTIONS: &[Action] = sheet_commands![PrevTab, NextTab, Filter, Open];

impl Sheet {
    /// The actions help lists for it.
    pub(in crate::tui) fn actions(&self) -> &'static [Action] {
        match self {
            Sheet::Trash(_) => TRASH_ACTIONS,
            Sheet::Week(_) => WEEK_ACTIONS,
            Sheet::Care(_) => CARE_ACTIONS,
            Sheet::Plan(_) => PLAN_ACTIONS,
            Sheet::Review(_) => REVIEW_ACTIONS,
            Sheet::Month(_) => MONTH_ACTIONS,
            Sheet::Funnel(_) => FUNNEL_ACTIONS,
            Sheet::Sync(_) => SYNC_ACTIONS,
            Sheet::Import(_) => IMPORT_ACTIONS,
        }
    }

    /// An action on its own state; `Pass` when it is not the sheet's (the
    /// app closes the sheet or not and carries it out as usual). `Yes`
    /// asks to restore what is selected (after a question).
    pub(in crate::tui) fn handle(&mut self, action: Action, page: isize) -> Outcome {
        let delta = crate::tui::component::step(action, page).unwrap_or(0);
        match (self, action) {
            (_, Action::Back) => Outcome::Close,
            (_, Action::Quit | Action::Help | Action::Palette | Action::Undo | Action::ToggleMouse) => Outcome::Pass,
            (Sheet::Review(view), _) => view.handle(action, page),
            (Sheet::Month(view), _) => view.handle(action, page),
            (Sheet::Trash(view), _) if delta != 0 => {
                view.move_by(delta);
                Outcome::Keep
            }
            (Sheet::Week(view), _) if delta != 0 => {
                view.move_by(delta);
                Outcome::Keep
            }
            (Sheet::Care(view), _) if delta != 0 => {
                view.move_by(delta);
                Outcome::Keep
            }
            (Sheet::Plan(view), _) if delta != 0 => {
                view.move_by(delta);
                Outcome::Keep
            }
            (Sheet::Funnel(view), _) if delta != 0 => {
                view.move_by(delta);
                Outcome::Keep
            }
            (Sheet::Funnel(view), Action::NextTab | Action::PrevTab) => {
                view.shift(if action == Action::NextTab { 1 } else { -1 });
                Outcome::Reload
            }
            (Sheet::Funnel(view), Action::Open | Action::Edit) => view
                .selected_id()
                .map_or(Outcome::Keep, |id| Outcome::Edit(&crate::domain::opportunity::OPPORTUNITY, id)),
            (Sheet::Sync(view), _) if delta != 0 => {
                view.move_by(delta);
                Outcome::Keep
            }
            (
                Sheet::Sync(_),
                Action::Sync
                | Action::SyncImport
                | Action::SyncExport
                | Action::KeepKept
                | Action::KeepOther
                | Action::Edit,
            )
            | (
                Sheet::Week(_),
                Action::Complete
                | Action::Snooze
                | Action::Log
                | Action::Delete
                | Action::Plan
                | Action::LogCall
                | Action::New,
            )
            | (Sheet::Plan(_), Action::New | Action::Log) => Outcome::Run(action),
            // A page key scrolls the import's preview; the arrows move
            // among its columns.
            (Sheet::Import(view), Action::PageUp | Action::PageDown) => {
                view.scroll_by(delta);
                Outcome::Keep
            }
            (Sheet::Import(view), _) if delta != 0 => {
                view.move_by(delta);
                Outcome::Keep
            }
            (Sheet::Import(view), Action::NextTab | Action::PrevTab | Action::Filter | Action::Open) => {
                view.handle(action)
            }
            (Sheet::Plan(view), Action::NextTab | Action::PrevTab) => {
                view.shift(if action == Action::NextTab { 1 } else { -1 });
                Outcome::Reload
            }
            (Sheet::Care(_) | Sheet::Plan(_), Action::Open) | (Sheet::Trash(_), Action::Restore) => Outcome::Yes,
            // Enter reads the deleted record in full; `r` restores it.
            (Sheet::Trash(_), Action::Open) => Outcome::Run(Action::Open),
            (Sheet::Care(_), Action::Backup) => Outcome::Backup,
            (Sheet::Week(view), Action::NextTab | Action::PrevTab) => {
                view.shift(if action == Action::NextTab { 1 } else { -1 });
                Outcome::Reload
            }
            (Sheet::Week(view), Action::Week) => {
                view.toggle_span();
                Outcome::Reload
            }
            (Sheet::Week(view), Action::Filter) => {
                view.what = view.what.next();
                view.selected = 0;
                Outcome::Reload
            }
            // Enter reads the row in full (as on the dossier); `e` edits it.
            (Sheet::Week(view), Action::Open) => {
                if view.selected_visit().is_some() {
                    Outcome::Yes
                } else {
                    Outcome::Keep
                }
            }
            (Sheet::Week(view), Action::Edit) => {
                view.selected_visit().map_or(Outcome::Keep, |v| Outcome::Edit(v.table, v.id.clone()))
            }
            _ => Outcome::Pass,
        }
    }

    /// Its name in the status bar.
    pub(in crate::tui) fn mode(&self) -> &'static str {
        match self {
            Sheet::Trash(_) => t("trash.title"),
            Sheet::Week(_) => t("week.mode"),
            Sheet::Care(_) => t("care.mode"),
            Sheet::Plan(_) => t("plan.mode"),
            Sheet::Review(_) => t("review.mode"),
            Sheet::Month(_) => t("report.mode"),
            Sheet::Funnel(_) => t("funnel.mode"),
            Sheet::Sync(_) => t("sync.tui_mode"),
            Sheet::Import(_) => t("interop.tui_mode"),
        }
    }
}
