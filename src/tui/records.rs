//! Records from the interface: the form that adds or edits one, the
//! question before one is deleted, saving, and what yes to a question does
//! (every write through the store, then a reload of what the screens show).

use super::app::App;
use super::form::Form;
use super::overlay::{Overlay, Pending};
use crate::domain::fields::Value;
use crate::domain::schema::{CUSTOMER, PERSON, Table, VISIT};
use crate::i18n::{t, tf};

impl App {
    pub(super) fn new_record(&mut self) {
        if let Some(why) = self.nothing_here(super::action::Action::New) {
            return self.say(why);
        }
        let (table, parent) = match self.dossier() {
            None => (&CUSTOMER, None),
            Some(d) => (d.tab.table().unwrap_or(&PERSON), Some(d.id().to_string())),
        };
        self.new_form(table, parent);
    }

    /// The form of a new record of `table`, of the customer `parent` if any.
    pub(super) fn new_form(&mut self, table: &'static Table, parent: Option<String>) {
        let title = match &parent {
            Some(id) => tf("tui.form_new_in", &[("what", &t(table.noun)), ("customer", &self.customer_name(id))]),
            None => tf("tui.form_new", &[("what", &t(table.noun))]),
        };
        let today = self.store.clock().today();
        let defaults = move |f: &str| crate::domain::defaults::default_of(table.name, today, f);
        let visits = match (&parent, table.name) {
            (Some(customer), "visit") => self.store.children(table, customer).unwrap_or_default(),
            _ => Vec::new(),
        };
        let mut form = Form::new(table, None, parent, title, &defaults);
        form.visits = visits;
        self.fill_choices(&mut form);
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    /// The choices a form's run-time lists give: an opportunity's stages
    /// (from the config) and the customer's competitors; on a visit, the
    /// customer's open opportunities and the stages to move one to.
    pub(super) fn fill_choices(&self, form: &mut Form) {
        let customer = match (&form.mode, &form.parent, &form.seen) {
            (super::form::FormMode::Log { customer, .. }, _, _) | (_, Some(customer), _) => customer.clone(),
            (_, _, Some(seen)) => seen.entity.text_or_empty("customer_id").to_string(),
            _ => return,
        };
        let stages: Vec<(String, String)> = self
            .config
            .funnel
            .stages()
            .names()
            .iter()
            .map(|s| (s.clone(), crate::domain::opportunity::Stages::label(s)))
            .collect();
        match form.table.name {
            "opportunity" => {
                form.pick("funnel_stage", stages);
                let competitors: Vec<String> = self
                    .store
                    .children(&crate::domain::schema::COMPETITOR, &customer)
                    .unwrap_or_default()
                    .iter()
                    .map(|c| c.text("company").unwrap_or_else(|| c.title()).to_string())
                    .collect();
                form.offer(&["competitors"], &competitors);
            }
            "visit" => {
                let open: Vec<(String, String)> = self
                    .store
                    .children(&crate::domain::schema::OPPORTUNITY, &customer)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|o| {
                        crate::domain::opportunity::is_open(o)
                            || form.seen.as_ref().is_some_and(|s| s.entity.text("opportunity") == Some(&o.id))
                    })
                    .map(|o| (o.id.clone(), o.title().to_string()))
                    .collect();
                if !open.is_empty() {
                    form.pick("opportunity", open);
                    form.pick("opportunity_stage", stages);
                    // Beside the buying stage the log records.
                    form.place_after("buying_stage", &["opportunity", "opportunity_stage"]);
                }
            }
            _ => {}
        }
    }

    /// Read what a form's run-time lists hold as typed (labels) into what
    /// is stored, by the same functions the CLI reads its flags with.
    fn read_choices(&self, form: &Form, values: &mut [(&'static str, Value)]) -> crate::Result<()> {
        let stages = self.config.funnel.stages();
        match form.table.name {
            "opportunity" => {
                for (field, value) in values.iter_mut() {
                    if let ("funnel_stage", Value::Text(typed)) = (*field, &value) {
                        *value = Value::Text(stages.parse(typed)?);
                    }
                }
                Ok(())
            }
            "visit" => {
                let customer = match (&form.mode, &form.parent, &form.seen) {
                    (super::form::FormMode::Log { customer, .. }, _, _) | (_, Some(customer), _) => customer.clone(),
                    (_, _, Some(seen)) => seen.entity.text_or_empty("customer_id").to_string(),
                    _ => return Ok(()),
                };
                self.store.read_visit_opportunity(&stages, &customer, values)
            }
            _ => Ok(()),
        }
    }

    pub(super) fn edit_record(&mut self) {
        if let Some(why) = self.nothing_here(super::action::Action::Edit) {
            return self.say(why);
        }
        let Some((table, id)) = self.target() else { return };
        self.edit(table, &id);
    }

    /// Open the edit form of one record.
    pub(super) fn edit(&mut self, table: &'static Table, id: &str) {
        let id = id.to_string();
        match self.store.snapshot(table, &id) {
            Ok(seen) => {
                let e = &seen.entity;
                let title = tf("tui.form_edit", &[("what", &t(table.noun)), ("name", &self.store.record_words(e))]);
                let mut form = Form::new(table, Some(id), None, title, &|f| e.get(f).clone());
                form.allow_for(Some(e));
                if table.name == "visit" {
                    form.visits = self.store.children(table, e.text_or_empty("customer_id")).unwrap_or_default();
                }
                if let Some(f) = form.fields.iter_mut().find(|f| f.shown.is_some()) {
                    f.shown = Some(self.store.ref_words(e).unwrap_or_default());
                }
                form.seen = Some(seen);
                self.fill_choices(&mut form);
                self.overlay = Some(Overlay::Form(Box::new(form)));
            }
            Err(crate::Error::NotFound { .. }) => {}
            Err(e) => self.fail(&e),
        }
    }

    pub(super) fn delete_record(&mut self) {
        let Some((table, id)) = self.target() else { return };
        self.confirm_delete(table, id);
    }

    pub(super) fn confirm_delete(&mut self, table: &'static Table, id: String) {
        let name = match self.store.get(table, &id) {
            Ok(Some(e)) => self.store.record_words(&e),
            _ => return,
        };
        let message = self.keymap.hint("tui.confirm_delete", &[("what", t(table.noun).to_string()), ("name", name)]);
        self.overlay_confirm(message, Pending::Delete { table, id });
    }

    /// Write a saved form, then reload.
    pub(super) fn save_form(&mut self, mut form: Box<Form>) {
        let today = self.store.clock().today();
        let values = match form.collect(today).and_then(|mut v| self.read_choices(&form, &mut v).map(|()| v)) {
            Ok(v) => v,
            Err(e) => {
                self.fail(&e);
                self.overlay = Some(Overlay::Form(form));
                return;
            }
        };
        if self.warn_close_name(&mut form, &values) {
            self.overlay = Some(Overlay::Form(form));
            return;
        }
        if let Some(result) = super::review::save_form(&mut self.store, &form, &values) {
            match result {
                Ok(said) => {
                    self.say(said);
                    self.after_write(None);
                }
                Err(e) => {
                    self.fail(&e);
                    self.overlay = Some(Overlay::Form(form));
                }
            }
            return;
        }
        if let Some(result) = self.save_log(&form, values.clone()) {
            match result {
                Ok(()) => self.after_write(None),
                Err(e) => {
                    self.fail(&e);
                    self.overlay = Some(Overlay::Form(form));
                }
            }
            return;
        }
        let (table, id, parent) = (form.table, form.id.clone(), form.parent.clone());
        let seen = form.seen.clone();
        let mut said = t("tui.saved").to_string();
        let result = self.store.write(|w| {
            if let Some(seen) = &seen
                && std::ptr::eq(table, &raw const crate::domain::schema::VISIT)
            {
                // A visit's edit may make follow-ups of its steps: say which.
                let edit = w.edit_visit(seen, &values)?;
                said.push_str(&super::daily::steps_message(&edit.followups, &edit.no_longer_steps));
                Ok(seen.entity.id.clone())
            } else if let Some(seen) = &seen {
                if w.update_from(seen, &values)? == 0 {
                    // Said, not a silent "saved": an opportunity set to the
                    // stage it has, a field typed back as it was.
                    said = t("tui.nothing_changed").to_string();
                }
                Ok(seen.entity.id.clone())
            } else if let Some(id) = &id {
                w.update(table, id, &values).map(|_| id.clone())
            } else {
                let mut all = values.clone();
                if let Some(p) = &parent {
                    all.insert(0, ("customer_id", Value::Text(p.clone())));
                }
                w.insert(table, &all)
            }
        });
        match result {
            Ok(new_id) => {
                self.say(said);
                self.after_write(if table.name == "customer" { Some(new_id) } else { None });
            }
            Err(e) => {
                self.fail(&e);
                self.overlay = Some(Overlay::Form(form));
            }
        }
    }

    /// What yes to a question does.
    pub(super) fn confirmed(&mut self, then: Pending) {
        match then {
            Pending::Quit => self.quit = true,
            Pending::DiscardForm => self.say(t("tui.form_discarded").to_string()),
            Pending::Restore { table, id, with_customer } => self.restore(table, &id, with_customer),
            Pending::RestoreBackup(path) => self.restore_backup(&path),
            Pending::SyncImport(set) => {
                let then = super::sync::import(&mut self.store, &set);
                self.sync_then(then);
            }
            Pending::Import => self.run_import(),
            Pending::CloseReview(monday) => match super::review::close(&mut self.store, &self.config.cadence, monday) {
                Ok(said) => {
                    self.say(said);
                    self.after_write(None);
                }
                Err(e) => self.fail(&e),
            },
            Pending::Cancel { id } => {
                match self.store.write(|w| w.update(&VISIT, &id, &[("status", Value::Text("cancelled".into()))])) {
                    Ok(_) => {
                        self.say(t("tui.plan_cancelled").to_string());
                        self.after_write(None);
                    }
                    Err(e) => self.fail(&e),
                }
            }
            Pending::Delete { table, id } => match self.store.write(|w| w.set_alive(table, &id, false)) {
                Ok(_) => {
                    self.say(tf("tui.deleted_msg", &[("what", &t(table.noun))]));
                    if table.name == "customer" {
                        self.close_dossier();
                    }
                    self.after_write(None);
                    if let Some(d) = self.screen.dossier_mut() {
                        d.selected = d.selected.min(d.items().len().saturating_sub(1));
                    }
                }
                Err(e) => self.fail(&e),
            },
        }
    }

    /// Before a new customer is saved: warn, once per name, when a
    /// customer with a close name exists (`Store::close_customers`, as
    /// `customer add` warns). True when the save should wait.
    pub(super) fn warn_close_name(
        &mut self,
        form: &mut super::form::Form,
        values: &[(&'static str, crate::domain::fields::Value)],
    ) -> bool {
        if form.table.name != "customer" || form.id.is_some() {
            return false;
        }
        let Some(name) = values.iter().find(|(f, _)| *f == "name").and_then(|(_, v)| v.as_text()) else {
            return false;
        };
        if form.notice.as_ref().is_some_and(|(_, n)| n == name) {
            return false;
        }
        let close = self.store.close_customers(name).unwrap_or_default();
        let Some((id, old, how)) = close.first() else { return false };
        let warning = crate::domain::similar::warning(old, id, *how);
        self.status = super::app::Status {
            text: format!("{warning} {}", self.keymap.hint("tui.close_save_again", &[])),
            error: true,
        };
        form.notice = Some((warning, name.to_string()));
        true
    }
}
