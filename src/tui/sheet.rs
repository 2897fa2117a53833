//! Views over the current screen that take the keys until closed: the
//! Trash, the week view, the weekly plan and the archive view. And undo, whose stack is this session's writes.

use super::action::Action;
use super::app::App;
use super::outcome::Outcome;
use super::overlay::Pending;
use super::trash::TrashView;
use super::week::WeekView;
use crate::domain::schema;
use crate::i18n::{t, tf};

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

impl App {
    /// `T` / palette → Trash: the open customer's deleted records from a
    /// dossier, else everything deleted.
    pub(super) fn open_trash(&mut self) {
        let customer = self.dossier().map(|d| (d.id().to_string(), d.dossier.customer.title().to_string()));
        self.sheet = Some(Sheet::Trash(TrashView { customer, ..TrashView::default() }));
        self.reload_sheet();
    }

    /// Palette → Archive: check it and list its backups.
    pub(super) fn open_care(&mut self) {
        match &self.db_path {
            Some(db) => self.sheet = Some(Sheet::Care(super::care::CareView::load(db))),
            None => self.say(t("care.in_memory").to_string()),
        }
    }

    /// `w` / palette → the week view of this week.
    pub(super) fn open_week(&mut self) {
        let today = self.store.clock().today();
        self.sheet = Some(Sheet::Week(WeekView::new(today, today)));
        self.reload_sheet();
    }

    /// `F` / palette → the funnel of this week.
    pub(super) fn open_funnel(&mut self) {
        let today = self.store.clock().today();
        self.sheet = Some(Sheet::Funnel(super::funnel::FunnelView::new(today)));
        self.reload_sheet();
    }

    /// Read what the open sheet shows again (after a write, a week change).
    pub(super) fn reload_sheet(&mut self) {
        let loaded = match &mut self.sheet {
            None | Some(Sheet::Care(_)) => Ok(()),
            Some(Sheet::Plan(view)) => view.reload(&self.store, &self.config),
            Some(Sheet::Sync(view)) => view.reload(&self.store),
            Some(Sheet::Import(view)) => view.reload(&self.store),
            Some(Sheet::Review(view)) => view.reload(&self.store, &self.config.cadence),
            Some(Sheet::Month(view)) => {
                self.store.visit_stats(&self.config.cadence, view.month, view.today).map(|s| view.set(s))
            }
            Some(Sheet::Funnel(view)) => {
                let (from, to) = view.range();
                self.store.funnel(&self.config.funnel.stages(), from, to).map(|f| view.set(f))
            }
            Some(Sheet::Trash(view)) => {
                let customer = view.customer.as_ref().map(|(id, _)| id.clone());
                self.store.trash(customer.as_deref()).map(|items| view.set(items))
            }
            Some(Sheet::Week(view)) => {
                let (from, to) = view.range();
                let (table, query) = view.what.query(from, to);
                self.store
                    .records(table, &query)
                    .and_then(|visits| Ok((visits, self.store.customer_names()?)))
                    .map(|(visits, names)| view.set(visits, names))
            }
        };
        if let Err(e) = loaded {
            self.fail(&e);
        }
    }

    /// An action while a sheet is open; false when it is not the sheet's
    /// (the caller closes the sheet and carries it out as usual).
    pub(super) fn sheet_action(&mut self, action: Action) -> bool {
        let page = self.body_height().max(1) as isize;
        let Some(sheet) = &mut self.sheet else { return false };
        match sheet.handle(action, page) {
            Outcome::Pass => return false,
            Outcome::Close => self.sheet = None,
            Outcome::Reload => self.reload_sheet(),
            Outcome::Yes => match sheet {
                Sheet::Trash(view) => match view.question(&self.store) {
                    Some(Ok((question, then))) => self.overlay_confirm(question, then),
                    Some(Err(e)) => self.fail(&e),
                    None => {}
                },
                Sheet::Care(view) => {
                    if let Some((question, then)) = view.question() {
                        self.overlay_confirm(question, then);
                    }
                }
                Sheet::Plan(view) => {
                    let choice = view.choose(false);
                    self.apply(super::effect::of_plan(choice));
                }
                Sheet::Import(view) => match view.question() {
                    Some(q) => self.overlay_confirm(q, Pending::Import),
                    None => self.say(t("interop.nothing_new").to_string()),
                },
                Sheet::Week(view) => {
                    if let Some(e) = view.selected_visit().cloned() {
                        let read = super::read::view_of(&self.store, &e);
                        self.overlay = Some(super::overlay::Overlay::Read(Box::new(read)));
                    }
                }
                Sheet::Review(_) | Sheet::Month(_) | Sheet::Funnel(_) | Sheet::Sync(_) => {}
            },
            Outcome::Run(action) if matches!(sheet, Sheet::Review(_)) => self.review_run(action),
            Outcome::Run(Action::Open) if matches!(sheet, Sheet::Trash(_)) => {
                let read = if let Sheet::Trash(view) = sheet { view.read(&self.store) } else { None };
                match read {
                    Some(Ok(read)) => self.overlay = Some(super::overlay::Overlay::Read(Box::new(read))),
                    Some(Err(e)) => self.fail(&e),
                    None => {}
                }
            }
            Outcome::Run(Action::Open) if matches!(sheet, Sheet::Month(_)) => {
                let customer = if let Sheet::Month(view) = sheet { view.selected_customer() } else { None };
                if let Some(id) = customer {
                    self.sheet = None;
                    self.open_dossier(&id);
                }
            }
            // On the plan, New accepts the selected suggestion.
            Outcome::Run(Action::New) if matches!(sheet, Sheet::Plan(_)) => {
                let choice = if let Sheet::Plan(view) = sheet { view.choose(true) } else { None };
                self.apply(super::effect::of_plan(choice));
            }
            // On the plan, `l` logs the planned visit selected.
            Outcome::Run(Action::Log) if matches!(sheet, Sheet::Plan(_)) => self.run(|cx| super::daily::log_visit(cx)),
            // On the agenda, what acts on a row acts on the one selected.
            Outcome::Run(action) if matches!(sheet, Sheet::Week(_)) => match action {
                Action::Complete => self.run(super::daily::complete_followup),
                Action::Snooze => self.run(|cx| super::daily::prompt_followup(cx, false)),
                Action::Log => self.run(|cx| super::daily::log_visit(cx)),
                Action::Delete => self.delete_here(),
                Action::Plan => self.run(|cx| super::daily::plan_visit(cx)),
                Action::LogCall => self.run(|cx| super::daily::log_call(cx)),
                Action::New => self.run(|cx| super::daily::new_like_row(cx)),
                _ => {}
            },
            Outcome::Run(action) if matches!(sheet, Sheet::Sync(_)) => {
                if let Sheet::Sync(view) = sheet {
                    let then = view.run(action, &mut self.store, &self.config.sync);
                    self.apply(super::effect::of_sync(then));
                }
            }
            Outcome::Backup => match super::care::CareView::backup_now(&self.store) {
                Ok(said) => {
                    self.say(said);
                    self.open_care();
                }
                Err(e) => self.fail(&e),
            },
            Outcome::Edit(table, id) => self.apply(vec![super::effect::Effect::Edit(table, id)]),
            _ => {}
        }
        true
    }

    /// `P` / palette → the weekly plan: next week from Friday, else this week.
    pub(super) fn open_plan(&mut self) {
        let today = self.store.clock().today();
        let week = crate::domain::period::plan_week(today);
        self.sheet = Some(Sheet::Plan(super::plan::PlanView::new(week, today)));
        self.reload_sheet();
    }

    /// `S` / palette → the sync sheet.
    pub(super) fn open_sync(&mut self) {
        match super::sync::SyncView::open(&self.store, &self.config.sync) {
            Ok(view) => self.sheet = Some(Sheet::Sync(view)),
            Err(e) => self.fail(&e),
        }
    }

    /// `R` / palette → the review of this week.
    pub(super) fn open_review(&mut self) {
        let today = self.store.clock().today();
        self.sheet = Some(Sheet::Review(Box::new(super::review::ReviewView::new(today, today))));
        self.reload_sheet();
    }

    /// `M` / palette → the monthly visit statistics table of this month.
    pub(super) fn open_month(&mut self) {
        let today = self.store.clock().today();
        self.sheet = Some(Sheet::Month(Box::new(super::month::MonthView::new(today, today))));
        self.reload_sheet();
    }

    /// A review command: what the review asks for (a form, a question, a
    /// message), shown.
    fn review_run(&mut self, action: Action) {
        let Some(Sheet::Review(view)) = &mut self.sheet else { return };
        let then = view.run(action, &mut self.store);
        let effects = super::effect::of_review(&self.ctx(), then, None);
        self.apply(effects);
    }

    /// The customer chosen for an Act item that names none: ask the due
    /// day next (nothing chosen: the question stays, saying so).
    pub(super) fn act_customer_chosen(&mut self, p: Box<super::overlay::Prompt>) {
        let super::overlay::PromptKind::ActCustomer(act, pick) = &p.kind else { return };
        let (Some((id, name)), Some(Sheet::Review(view))) = (pick.chosen(), &self.sheet) else {
            self.say(t("review.pick_none").to_string());
            self.overlay = Some(super::overlay::Overlay::Prompt(p));
            return;
        };
        let then = super::review::due_for(view, act.clone(), name);
        let customer = Some(id.clone());
        let effects = super::effect::of_review(&self.ctx(), Ok(then), customer);
        self.apply(effects);
    }

    /// `I` / palette → the import sheet, once the file is named (a prompt).
    pub(super) fn prompt_import(&mut self) {
        let input = super::widgets::new_input("");
        let title = t("interop.tui_prompt").to_string();
        let kind = super::overlay::PromptKind::ImportFile;
        self.overlay = Some(super::overlay::Overlay::Prompt(Box::new(super::overlay::Prompt { kind, title, input })));
    }

    /// `u`: take back this session's last write not yet undone.
    pub(super) fn undo(&mut self) {
        // Writes made since the last look belong on the stack first.
        self.undo_stack.extend(self.store.take_written());
        let Some(tx) = self.undo_stack.pop() else {
            self.say(t("undo.nothing").to_string());
            return;
        };
        match self.store.undo_tx(tx) {
            Ok(undone) => {
                // The undo is a write too, but not one `u` takes back.
                let _ = self.store.take_written();
                self.say(undone.message());
                self.after_write(None);
            }
            Err(e) => {
                if !matches!(e, crate::Error::Invalid(_)) {
                    // Not refused (the archive was busy): it can be tried again.
                    self.undo_stack.push(tx);
                }
                self.fail(&e);
            }
        }
    }
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
