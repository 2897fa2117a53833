//! Everything a key can do, by name. `config.toml` binds keys to these names
//! under `[keys]` (e.g. `palette = ["ctrl-p", ":"]`).

use serde::{Deserialize, Serialize};

/// A user intent, independent of the key that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave repbook (asks first if a form has unsaved changes).
    Quit,
    /// Close the overlay or go back one screen.
    Back,
    /// Show the keys of the current screen.
    Help,
    /// Open the command palette.
    Palette,
    /// Focus the search field of the customer list.
    Search,
    /// Open the selected item.
    Open,
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// Move a page up.
    PageUp,
    /// Move a page down.
    PageDown,
    /// Go to the first item.
    Top,
    /// Go to the last item.
    Bottom,
    /// Next tab of the dossier.
    NextTab,
    /// Previous tab of the dossier.
    PrevTab,
    /// Create a record (a customer in the list, or what the tab holds).
    New,
    /// Edit the selected record.
    Edit,
    /// Delete the selected record (asks first; it can be restored).
    Delete,
    /// Choose a filter for the customer list.
    Filter,
    /// Remove every filter.
    ClearFilters,
    /// Change the sort order of the customer list.
    Sort,
    /// Turn mouse support on or off.
    ToggleMouse,
    /// Go to Today, the home screen.
    Today,
    /// Prepare a visit (5W1H) to the selected customer.
    Plan,
    /// Log a visit or call (the selected planned one, or a new one).
    Log,
    /// Log a phone call with the selected customer: the call's fields first.
    LogCall,
    /// Mark the selected follow-up done.
    Complete,
    /// Snooze the selected follow-up to a later date.
    Snooze,
    /// Check the archive, back it up, put a backup back.
    Archive,
    /// Take back the last change of this session (again for the one
    /// before); an undo is a change too, so nothing is lost.
    Undo,
    /// The Trash: deleted records (the open customer's, from a dossier),
    /// to restore.
    Trash,
    /// The week view: what is planned, Monday to Sunday.
    Week,
    /// The weekly work plan: the week's visits and calls, and suggestions
    /// to accept.
    WeekPlan,
    /// The week review: Plan, Do, Check and Act of a week, and pictures.
    Review,
    /// The monthly visit statistics table (客户拜访统计表).
    MonthTable,
    /// On the review and the monthly table: the week or month before.
    PrevPeriod,
    /// On the review and the monthly table: the week or month after.
    NextPeriod,
    /// On the review: make the selected Act item a follow-up.
    ToFollowup,
    /// The funnel (销售漏斗): open opportunities by stage, what moved this
    /// week, what is past its expected decision date.
    Funnel,
    /// In a form: save it.
    Save,
    /// In a form: edit the field in `$VISUAL` / `$EDITOR`.
    Editor,
    /// In a form: read the whole form, wrapped.
    ReadForm,
    /// In a visit form: fill the empty plan fields from the templates.
    Template,
    /// In a form: the next field.
    NextField,
    /// In a form: the previous field.
    PrevField,
    /// In a form: the next of a field's fixed values (else the caret moves).
    ChoiceNext,
    /// In a form: the previous of a field's fixed values.
    ChoicePrev,
    /// In a form: tick or untick the option pointed at (else it is text).
    Toggle,
    /// In a text field: clear the line.
    ClearLine,
    /// In a question: yes, or the answer typed.
    Yes,
    /// In a question: no, cancel.
    No,
    /// In the Trash: restore the selected record (asks first).
    Restore,
    /// In the archive view: back up now.
    Backup,
    /// The sync sheet: this device and its peers, the conflicts to review;
    /// on it, sync with the folder now.
    Sync,
    /// On the sync sheet: import a change file (its preview first).
    SyncImport,
    /// On the sync sheet: export to a file, a folder or a peer.
    SyncExport,
    /// On the sync sheet: resolve the conflict keeping the field's value.
    KeepKept,
    /// On the sync sheet: resolve the conflict taking the other value.
    KeepOther,
    /// Import customers and key people from a spreadsheet or vCard file.
    Import,
}

impl Action {
    /// Every action, in the order help lists them.
    pub const ALL: [Action; 58] = [
        Action::Today,
        Action::Search,
        Action::Open,
        Action::Back,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::NextTab,
        Action::PrevTab,
        Action::New,
        Action::Edit,
        Action::Delete,
        Action::Plan,
        Action::Log,
        Action::LogCall,
        Action::Complete,
        Action::Snooze,
        Action::Undo,
        Action::Trash,
        Action::Week,
        Action::WeekPlan,
        Action::Review,
        Action::MonthTable,
        Action::PrevPeriod,
        Action::NextPeriod,
        Action::ToFollowup,
        Action::Funnel,
        Action::Archive,
        Action::Import,
        Action::Filter,
        Action::ClearFilters,
        Action::Sort,
        Action::Palette,
        Action::Help,
        Action::ToggleMouse,
        Action::Quit,
        Action::Save,
        Action::Editor,
        Action::ReadForm,
        Action::Template,
        Action::NextField,
        Action::PrevField,
        Action::ChoiceNext,
        Action::ChoicePrev,
        Action::Toggle,
        Action::ClearLine,
        Action::Yes,
        Action::No,
        Action::Restore,
        Action::Backup,
        Action::Sync,
        Action::SyncImport,
        Action::SyncExport,
        Action::KeepKept,
        Action::KeepOther,
    ];

    /// The name used in config and the palette (`page_down`).
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }

    /// What it does at `place` (`week`, `trash`, `today`…), where that
    /// differs from what it does elsewhere (← → change the week on the week
    /// view); else [`Action::describe`].
    pub fn describe_on(self, place: &str) -> &'static str {
        crate::i18n::lookup(&format!("action_on.{place}.{}", self.name())).unwrap_or_else(|| self.describe())
    }

    /// What it does, in the active language.
    pub fn describe(self) -> &'static str {
        crate::i18n::lookup(&format!("action.{}", self.name())).unwrap_or("")
    }
}
