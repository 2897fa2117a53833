//! Views over the current screen that take the keys until closed: the
//! Trash, the week view, the weekly plan, the review, the month table, the
//! funnel, sync, import and the archive view. Opening, reading and acting
//! on them are free functions returning [`Effects`] (applied in input.rs).

use super::action::Action;
use super::effect::{Ctx, Effect, Effects, say};
use super::keymap::Keymap;
use super::outcome::Outcome;
use super::overlay::{Overlay, Pending};
use super::trash::TrashView;
use super::week::WeekView;
use crate::config::Config;
use crate::domain::schema;
use crate::i18n::{t, tf};
use crate::store::Store;

mod keys;
pub(super) use keys::LEAVE_SHEET;

/// A view drawn over the current screen.
#[derive(Debug, Clone)]
pub enum Sheet {
    /// Deleted records, to restore.
    Trash(TrashView),
    /// What is planned this week.
    Week(WeekView),
    /// The archive's checks and backups.
    Care(super::care::CareView),
    /// The weekly work plan.
    Plan(super::plan::PlanView),
    /// The week review (Plan, Do, Check, Act, pictures).
    Review(Box<super::review::ReviewView>),
    /// The monthly visit statistics table.
    Month(Box<super::month::MonthView>),
    /// The funnel.
    Funnel(super::funnel::FunnelView),
    /// Sync: this device, its peers, conflicts to review.
    Sync(super::sync::SyncView),
    /// A file to import: its columns and the preview.
    Import(Box<super::import::ImportView>),
}

/// The sheet `action` opens (`T`, `w`, `P`, `R`, `M`, `F`, `S`, `I`, the
/// archive), read at once; `None` for any other action.
pub(super) fn open(cx: &Ctx<'_>, action: Action) -> Option<Effects> {
    let today = cx.store.clock().today();
    let sheet = match action {
        // From a dossier the open customer's deleted records, else all.
        Action::Trash => {
            let customer = cx.here.dossier().map(|d| (d.id().to_string(), d.dossier.customer.title().to_string()));
            Sheet::Trash(TrashView { customer, ..TrashView::default() })
        }
        Action::Week => Sheet::Week(WeekView::new(today, today)),
        // The weekly plan: next week from Friday, else this week.
        Action::WeekPlan => Sheet::Plan(super::plan::PlanView::new(crate::domain::period::plan_week(today), today)),
        Action::Review => Sheet::Review(Box::new(super::review::ReviewView::new(today, today))),
        Action::MonthTable => Sheet::Month(Box::new(super::month::MonthView::new(today, today))),
        Action::Funnel => Sheet::Funnel(super::funnel::FunnelView::new(today)),
        Action::Archive => return Some(care(cx.db_path)),
        Action::Sync => {
            return Some(match super::sync::SyncView::open(cx.store, &cx.config.sync) {
                Ok(view) => vec![Effect::Sheet(Some(Sheet::Sync(view)))],
                Err(e) => vec![Effect::Fail(e)],
            });
        }
        // The import sheet, once the file is named (a prompt).
        Action::Import => {
            let input = super::widgets::new_input("");
            let title = t("interop.tui_prompt").to_string();
            let kind = super::overlay::PromptKind::ImportFile;
            return Some(vec![Effect::Show(Overlay::Prompt(Box::new(super::overlay::Prompt { kind, title, input })))]);
        }
        _ => return None,
    };
    Some(vec![Effect::Sheet(Some(sheet)), Effect::ReloadSheet])
}

/// The archive view: its checks and backups (none for an archive in memory).
pub(super) fn care(db: Option<&std::path::Path>) -> Effects {
    match db {
        Some(db) => vec![Effect::Sheet(Some(Sheet::Care(super::care::CareView::load(db))))],
        None => say(t("care.in_memory")),
    }
}

/// Read what the open sheet shows again (after a write, a week change).
pub(super) fn reload(sheet: &mut Option<Sheet>, store: &Store, config: &Config) -> crate::Result<()> {
    match sheet {
        None | Some(Sheet::Care(_)) => Ok(()),
        Some(Sheet::Plan(view)) => view.reload(store, config),
        Some(Sheet::Sync(view)) => view.reload(store),
        Some(Sheet::Import(view)) => view.reload(store),
        Some(Sheet::Review(view)) => view.reload(store, &config.cadence),
        Some(Sheet::Month(view)) => store.visit_stats(&config.cadence, view.month, view.today).map(|s| view.set(s)),
        Some(Sheet::Funnel(view)) => {
            let (from, to) = view.range();
            store.funnel(&config.funnel.stages(), from, to).map(|f| view.set(f))
        }
        Some(Sheet::Trash(view)) => {
            let customer = view.customer.as_ref().map(|(id, _)| id.clone());
            store.trash(customer.as_deref()).map(|items| view.set(items))
        }
        Some(Sheet::Week(view)) => {
            let (from, to) = view.range();
            let (table, query) = view.what.query(from, to);
            store
                .records(table, &query)
                .and_then(|visits| Ok((visits, store.customer_names()?)))
                .map(|(visits, names)| view.set(visits, names))
        }
    }
}

/// An action while a sheet is open; `None` when it is not the sheet's
/// (the caller closes the sheet and carries it out as usual).
pub(super) fn act(
    sheet: &mut Sheet,
    (store, config, keymap): (&mut Store, &Config, &Keymap),
    action: Action,
    page: isize,
) -> Option<Effects> {
    Some(match sheet.handle(action, page) {
        Outcome::Pass => return None,
        Outcome::Close => vec![Effect::Sheet(None)],
        Outcome::Reload => vec![Effect::ReloadSheet],
        Outcome::Yes => yes(sheet, store, keymap),
        Outcome::Run(action) => match sheet {
            Sheet::Review(view) => {
                let then = view.run(action, store);
                super::effect::of_review(store, keymap, then, None)
            }
            Sheet::Trash(view) if action == Action::Open => match view.read(store) {
                Some(Ok(read)) => vec![Effect::Show(Overlay::Read(Box::new(read)))],
                Some(Err(e)) => vec![Effect::Fail(e)],
                None => Vec::new(),
            },
            Sheet::Month(view) if action == Action::Open => match view.selected_customer() {
                Some(id) => vec![Effect::Sheet(None), Effect::Dossier(id)],
                None => Vec::new(),
            },
            // On the plan, New accepts the selected suggestion; `l` logs
            // the planned visit selected.
            Sheet::Plan(view) if action == Action::New => super::effect::of_plan(view.choose(true)),
            Sheet::Plan(_) if action == Action::Log => vec![Effect::Row(Action::Log)],
            // On the agenda, what acts on a row acts on the one selected.
            Sheet::Week(_) => vec![Effect::Row(action)],
            Sheet::Sync(view) => super::effect::of_sync(view.run(action, store, &config.sync)),
            _ => Vec::new(),
        },
        Outcome::Backup => match super::care::CareView::backup_now(store) {
            Ok(said) => vec![Effect::Say(said), Effect::Care],
            Err(e) => vec![Effect::Fail(e)],
        },
        Outcome::Edit(table, id) => vec![Effect::Edit(table, id)],
        _ => Vec::new(),
    })
}

/// Enter or yes on a sheet: its question, its choice, a read view.
fn yes(sheet: &Sheet, store: &Store, keymap: &Keymap) -> Effects {
    match sheet {
        Sheet::Trash(view) => match view.question(store) {
            Some(Ok((question, then))) => vec![Effect::Confirm(question, then)],
            Some(Err(e)) => vec![Effect::Fail(e)],
            None => Vec::new(),
        },
        Sheet::Care(view) => view.question().map(|(q, then)| Effect::Confirm(q, then)).into_iter().collect(),
        Sheet::Plan(view) => super::effect::of_plan(view.choose(false)),
        Sheet::Import(view) => match view.question(store, &keymap.key(Action::Undo)) {
            Some(q) => vec![Effect::Confirm(q, Pending::Import)],
            None => say(t("interop.nothing_new")),
        },
        Sheet::Week(view) => match view.selected_visit() {
            Some(e) => vec![Effect::Show(Overlay::Read(Box::new(super::read::view_of(store, e))))],
            None => Vec::new(),
        },
        Sheet::Review(_) | Sheet::Month(_) | Sheet::Funnel(_) | Sheet::Sync(_) => Vec::new(),
    }
}

/// The customer chosen for an Act item that names none: ask the due day
/// next (nothing chosen: the question stays, saying so).
pub(super) fn act_customer_chosen(cx: &Ctx<'_>, p: Box<super::overlay::Prompt>) -> Effects {
    let super::overlay::PromptKind::ActCustomer(act, pick) = &p.kind else { return Vec::new() };
    let (Some((id, name)), Some(Sheet::Review(view))) = (pick.chosen(), cx.here.sheet) else {
        return vec![Effect::Say(t("review.pick_none").to_string()), Effect::Show(Overlay::Prompt(p))];
    };
    let then = super::review::due_for(view, act.clone(), name);
    super::effect::of_review(cx.store, cx.keymap, Ok(then), Some(id.clone()))
}

/// Yes to the import's question: the good rows in one transaction.
pub(super) fn run_import(cx: &mut super::effect::Ctx<'_>) -> super::effect::Effects {
    use super::effect::Effect;
    let Some(Sheet::Import(view)) = cx.here.sheet else { return Vec::new() };
    match view.apply(cx.store) {
        Ok(said) => vec![Effect::Sheet(None), Effect::Say(said), Effect::Wrote(None)],
        Err(e) => vec![Effect::Fail(e)],
    }
}

/// Restore a deleted record (with its customer when asked), then show it.
pub(super) fn restore(
    store: &mut crate::store::Store,
    table: &'static schema::Table,
    id: &str,
    with_customer: bool,
) -> super::effect::Effects {
    let name = store.get(table, id).ok().flatten().map(|e| e.label()).unwrap_or_default();
    super::effect::wrote(
        store
            .write(|w| w.restore(table, id, with_customer))
            .map(|_| tf("trash.restored", &[("what", &t(table.noun)), ("name", &name)])),
    )
}

/// The file named: read it for the import sheet, and what to say.
pub(super) fn open_import(
    store: &crate::store::Store,
    answer: &str,
) -> crate::Result<(super::import::ImportView, String)> {
    let path = std::path::PathBuf::from(answer.trim());
    let view = super::import::ImportView::load(store, &path, None)?;
    let said =
        tf("interop.tui_read", &[("count", &view.plan.table.rows.len()), ("encoding", &view.plan.table.encoding)]);
    Ok((view, said))
}
