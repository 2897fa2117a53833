//! What the parts of the interface that act on the archive ask of the
//! app, carried out in one place (`App::apply`, at the end of `input.rs`):
//! records, the daily loop, the sheets and the screen actions are free
//! functions over the parts of the app they need ([`Ctx`]) that return
//! these, in the order they are to happen, and never change the app
//! themselves.

use super::here::Here;
use super::keymap::Keymap;
use super::overlay::{Overlay, Pending};
use super::sheet::Sheet;
use crate::config::Config;
use crate::domain::schema::Table;
use crate::store::Store;

/// One thing to do.
pub(super) enum Effect {
    /// Say this in the status bar.
    Say(String),
    /// Say this error in the status bar.
    Fail(crate::Error),
    /// Say this as an error (a warning to read before saving again).
    Warn(String),
    /// A write was made: the screens follow it; then this customer's
    /// dossier opens, else the open one is read again.
    Wrote(Option<String>),
    /// Open this overlay (a form, a question, a read view).
    Show(Overlay),
    /// Ask this before doing what is pending (over the open form, if any).
    Confirm(String, Pending),
    /// Open the edit form of a record.
    Edit(&'static Table, String),
    /// Open this sheet, or close the one open.
    Sheet(Option<Sheet>),
    /// Read what the open sheet shows again.
    ReloadSheet,
    /// Open the archive view (again).
    Care,
    /// What acts on a row (`c`, `z`, `l`, `d`, `p`, `L`, `n`), on the row
    /// selected on the agenda or the plan.
    Row(super::action::Action),
    /// Open a customer's dossier.
    Dossier(String),
    /// Open this dossier tab, if a dossier is open, on the record with
    /// this id (the first row when it is not there).
    Tab(super::dossier::Tab, Option<String>),
    /// Close the dossier (its customer is gone).
    CloseDossier,
    /// Keep the dossier's selection within its rows (one went).
    ClampDossier,
    /// The plan's suggestion was accepted (its day answered).
    PlanAccepted,
    /// Put this backup in place of the archive.
    RestoreBackup(std::path::PathBuf),
    /// End the interface.
    Quit,
}

/// Things to do, in order.
pub(super) type Effects = Vec<Effect>;

/// The parts of the app the free functions work with: the archive, the
/// settings, the keymap and what is selected where.
pub(super) struct Ctx<'a> {
    /// The archive.
    pub store: &'a mut Store,
    /// The settings.
    pub config: &'a Config,
    /// The live key bindings (hints name them).
    pub keymap: &'a Keymap,
    /// The archive file (none in memory).
    pub db_path: Option<&'a std::path::Path>,
    /// What is selected where.
    pub here: Here<'a>,
}

/// A message as an effect.
pub(super) fn say(text: impl Into<String>) -> Effects {
    vec![Effect::Say(text.into())]
}

/// A write's result: said and followed, or the error said.
pub(super) fn wrote(result: crate::Result<String>) -> Effects {
    match result {
        Ok(said) => vec![Effect::Say(said), Effect::Wrote(None)],
        Err(e) => vec![Effect::Fail(e)],
    }
}

/// A refusal: the error said, and what was refused open again.
pub(super) fn refused(e: crate::Error, back: Overlay) -> Effects {
    vec![Effect::Fail(e), Effect::Show(back)]
}

/// What the sync sheet says comes next.
pub(super) fn of_sync(then: crate::Result<super::sync::Then>) -> Effects {
    use super::sync::Then;
    match then {
        Ok(Then::Nothing) => Vec::new(),
        Ok(Then::Said(said)) => say(said),
        Ok(Then::Wrote(said, ask)) => {
            let mut out = vec![Effect::Say(said), Effect::Wrote(None)];
            out.extend(ask.map(|p| Effect::Show(Overlay::Prompt(p))));
            out
        }
        Ok(Then::Ask(p, why)) => why.map(Effect::Fail).into_iter().chain([Effect::Show(Overlay::Prompt(p))]).collect(),
        Ok(Then::Confirm(question, then)) => vec![Effect::Confirm(question, then)],
        Err(e) => vec![Effect::Fail(e)],
    }
}

/// What Enter or `a` on the plan chose.
pub(super) fn of_plan(choice: Option<super::plan::Choice>) -> Effects {
    match choice {
        Some(super::plan::Choice::Edit(table, id)) => vec![Effect::Edit(table, id)],
        Some(super::plan::Choice::Ask(p)) => vec![Effect::Show(Overlay::Prompt(p))],
        None => Vec::new(),
    }
}

/// What a review command asks for; `customer` is the one chosen for an
/// Act item that names none.
pub(super) fn of_review(
    store: &Store,
    keymap: &Keymap,
    then: crate::Result<super::review::Then>,
    customer: Option<String>,
) -> Effects {
    use super::overlay::{Prompt, PromptKind};
    use super::review::Then;
    match then {
        Ok(Then::Form(form)) => vec![Effect::Show(Overlay::Form(form))],
        Ok(Then::FollowupDue(act, due, title)) => {
            let mut input = super::widgets::new_input("");
            input.insert_str(due.format("%Y-%m-%d").to_string());
            input.select_all();
            let kind = PromptKind::ActFollowup(act, customer);
            vec![Effect::Show(Overlay::Prompt(Box::new(Prompt { kind, title, input })))]
        }
        Ok(Then::FollowupCustomer(act, title)) => {
            let kind = PromptKind::ActCustomer(act, super::pick::CustomerPick::default());
            let input = super::widgets::new_input("");
            vec![Effect::Show(Overlay::Prompt(Box::new(Prompt { kind, title, input })))]
        }
        Ok(Then::Delete(id)) => super::records::confirm_delete(store, keymap, &crate::domain::schema::REVIEW_ACT, id),
        Ok(Then::Close(monday)) => {
            let today = store.clock().today();
            let question = super::review::close_question(monday, today, keymap);
            vec![Effect::Confirm(question, Pending::CloseReview(monday))]
        }
        Ok(Then::EditVisit(id)) => vec![Effect::Edit(&crate::domain::schema::VISIT, id)],
        Ok(Then::Read(view)) => vec![Effect::Show(Overlay::Read(view))],
        Ok(Then::Said(said)) => vec![Effect::Say(said), Effect::Wrote(None)],
        Ok(Then::Note(note)) => say(note),
        Ok(Then::Nothing) => Vec::new(),
        Err(e) => vec![Effect::Fail(e)],
    }
}

/// The answer to a sync prompt (on a refusal the prompt stays).
pub(super) fn sync_answer(
    sheet: &mut Option<Sheet>,
    store: &mut Store,
    config: &Config,
    p: Box<super::overlay::Prompt>,
) -> Effects {
    let super::overlay::PromptKind::Sync(ask) = &p.kind else { return Vec::new() };
    let typed = p.input.lines().join(" ");
    let Some(Sheet::Sync(view)) = sheet else { return Vec::new() };
    match view.answer(ask, &typed, store, &config.sync) {
        Ok(then) => {
            let mut out = vec![Effect::Say(String::new()), Effect::Wrote(None)];
            out.extend(of_sync(Ok(then)));
            out
        }
        Err(e) => refused(e, Overlay::Prompt(p)),
    }
}
