//! The daily loop in the interface: prepare (5W1H), log, and follow-ups
//! done, snoozed or dropped with a reason — from Today or a dossier.

use super::app::App;
use super::form::{Form, FormMode};
use super::overlay::{Overlay, Prompt, PromptKind};
use super::today::Item;
use super::widgets::new_input;
use crate::domain::entity::Entity;
use crate::domain::fields::{Value, format_money};
use crate::domain::schema::VISIT;
use crate::domain::visit::{StepChange, StepFollowup};
use crate::i18n::{t, tf};

/// What a log or an edit did to a visit's step follow-ups, truthfully:
/// added, updated or kept, and kept although the step left the text
/// (empty when there is nothing to say; else starts with a space).
pub(super) fn steps_message(followups: &[StepFollowup], no_longer_steps: &[StepFollowup]) -> String {
    let line = |f: &StepFollowup| format!("{} ({})", f.what, f.due.format("%m-%d"));
    let of = |change| followups.iter().filter(|f| f.change == change).map(line).collect::<Vec<_>>();
    let groups = [
        ("tui.followup_added", of(StepChange::Added)),
        ("tui.followup_updated", of(StepChange::Updated)),
        ("tui.followup_kept", of(StepChange::Kept)),
        ("tui.followup_left", no_longer_steps.iter().map(line).collect()),
    ];
    groups
        .iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(key, items)| format!(" {}", tf(key, &[("what", &items.join("; "))])))
        .collect()
}

impl App {
    /// The customer the selection is about (dossier, Today item, list row).
    pub(super) fn current_customer(&self) -> Option<String> {
        // On the agenda (or the plan) only its row counts: none shown, none
        // acted on.
        if self.on_agenda() {
            return self.agenda_item().and_then(|e| e.text("customer_id")).map(str::to_string);
        }
        if let Some(super::sheet::Sheet::Plan(view)) = &self.sheet {
            return view.selected_visit().and_then(|e| e.text("customer_id")).map(str::to_string);
        }
        match self.dossier() {
            Some(d) => Some(d.id().to_string()),
            None if self.home() => self.today.selected_item().map(|i| i.customer().to_string()),
            None => self.list.selected_id(),
        }
    }

    /// The record of `table` the selection points at, if any.
    pub(super) fn current(&self, table: &str) -> Option<Entity> {
        if self.on_agenda() {
            return self.agenda_item().filter(|e| e.table.name == table).cloned();
        }
        if let Some(super::sheet::Sheet::Plan(view)) = &self.sheet {
            return view.selected_visit().filter(|e| e.table.name == table).cloned();
        }
        match self.dossier() {
            Some(d) => d.selected_item().filter(|e| e.table.name == table).cloned(),
            None if self.home() => match self.today.selected_item()? {
                Item::Followup(e) | Item::Upcoming(e) if table == "followup" => Some(e.clone()),
                Item::Planned(e) | Item::Unlogged(e) if table == "visit" => Some(e.clone()),
                _ => None,
            },
            None => None,
        }
    }

    /// True while the agenda (the week view) is open: `c`, `z`, `l` and
    /// `d` then act on its selected row only, never on what Today or the
    /// dossier under it has selected.
    pub(super) fn on_agenda(&self) -> bool {
        matches!(self.sheet, Some(super::sheet::Sheet::Week(_)))
    }

    /// The record selected on the agenda, when it is open and shows one.
    fn agenda_item(&self) -> Option<&Entity> {
        match &self.sheet {
            Some(super::sheet::Sheet::Week(view)) => view.selected_visit(),
            _ => None,
        }
    }

    /// The selected follow-up, if it is still open or snoozed.
    pub(super) fn current_followup(&self) -> Option<Entity> {
        self.current("followup").filter(crate::domain::followup::is_active)
    }

    /// The dossier's essentials shown beside the 5W1H form.
    fn essentials(&self, customer: &str) -> Vec<String> {
        let Ok(d) = self.store.dossier(customer) else { return Vec::new() };
        let mut out = vec![t("tui.side_visits").to_string()];
        for v in d.visits.iter().filter(|v| v.text("status") == Some("done")).take(3) {
            out.push(format!("{} {} {}", v.text_or_empty("date"), v.display("kind"), v.display("outcome")));
            if let Some(s) = v.text("next_step") {
                out.push(format!("  → {s}"));
            }
        }
        out.push(t("tui.side_followups").to_string());
        for f in d.followups.iter().filter(|f| crate::domain::followup::is_active(f)) {
            out.push(format!("{} {}", f.text_or_empty("due"), f.text_or_empty("what")));
        }
        out.push(t("tui.side_people").to_string());
        for p in &d.people {
            out.push(format!("{} {} {}", p.title(), p.text_or_empty("title"), p.display("role")));
        }
        // Aim for the decision maker: say so when none was met for a long time.
        let today = self.store.clock().today();
        if !crate::domain::visit::decider_met(&d.people, &d.visits, today) {
            out.push(tf("tui.side_no_decider", &[("days", &crate::domain::visit::DECIDER_DAYS)]));
        }
        out.push(t("tui.side_competitors").to_string());
        for c in &d.competitors {
            out.push(format!("{} {} {}", c.text_or_empty("company"), c.title(), c.text_or_empty("weak_points")));
        }
        out.push(tf("tui.side_owed", &[("amount", &format!("{}{}", self.config.currency, format_money(d.owed)))]));
        out
    }

    /// The customer's key people, as offered in the Who fields.
    fn people_of(&self, customer: &str) -> Vec<String> {
        self.store
            .children(&crate::domain::schema::PERSON, customer)
            .map(|people| people.iter().map(|p| p.title().to_string()).collect())
            .unwrap_or_default()
    }

    pub(super) fn customer_name(&self, id: &str) -> String {
        self.store.customer_title(id)
    }

    /// `p`: prepare a visit to the selected customer.
    pub(super) fn plan_visit(&mut self) {
        let Some(customer) = self.current_customer() else { return self.say(t("tui.no_customer").to_string()) };
        // On a planned visit, `p` opens that plan, not a new one.
        if let Some(plan) = self.current("visit").filter(|v| v.text("status") == Some("planned")) {
            let title = tf("tui.form_plan_edit", &[("visit", &self.store.record_words(&plan))]);
            let (side, people) = (self.essentials(&customer), self.people_of(&customer));
            self.edit(&VISIT, &plan.id);
            if let Some(Overlay::Form(form)) = &mut self.overlay {
                form.title = title;
                form.side = side;
                form.offer(&["who", "met"], &people);
            }
            return;
        }
        self.new_plan(&customer);
    }

    /// `n` on the agenda: a new record like the selected row, for its
    /// customer: a follow-up on a follow-up's row, else a visit to prepare.
    pub(super) fn new_like_row(&mut self) {
        let Some(customer) = self.current_customer() else { return self.say(t("tui.no_customer").to_string()) };
        if self.current("followup").is_some() {
            self.new_form(&crate::domain::schema::FOLLOWUP, Some(customer));
        } else {
            self.new_plan(&customer);
        }
    }

    /// The 5W1H form of a new visit to `customer`.
    fn new_plan(&mut self, customer: &str) {
        let today = self.store.clock().today();
        let defaults = move |f: &str| crate::domain::defaults::default_of("visit", today, f);
        let title = tf("tui.form_plan", &[("customer", &self.customer_name(customer))]);
        let mut form = Form::new(&VISIT, None, Some(customer.to_string()), title, &defaults);
        form.side = self.essentials(customer);
        form.offer(&["who", "met"], &self.people_of(customer));
        form.visits = self.store.children(&VISIT, customer).unwrap_or_default();
        self.fill_choices(&mut form);
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    /// `l`: log the selected visit — a planned one, or a done one again (to
    /// correct its log) — or else a new visit or call. A plan for a later
    /// day is refused by the same rule the store applies, not moved.
    pub(super) fn log_visit(&mut self) {
        let Some(customer) = self.current_customer() else { return self.say(t("tui.no_customer").to_string()) };
        let plan = self.current("visit").filter(|v| matches!(v.text("status"), Some("planned" | "done")));
        let today = self.store.clock().today();
        if let Some(held) = plan.as_ref().and_then(|p| p.text("date")).and_then(crate::domain::fields::parse_iso_date)
            && let Err(e) = crate::domain::visit::check_held(held, today)
        {
            return self.fail(&e);
        }
        let values = |f: &str| -> Value {
            match (f, plan.as_ref().map(|p| p.get(f).clone()).unwrap_or_default()) {
                ("status", _) => Value::Text("done".into()),
                (_, Value::Null) => crate::domain::defaults::default_of("visit", today, f),
                (_, v) => v,
            }
        };
        let title = tf("tui.form_log", &[("customer", &self.customer_name(&customer))]);
        let mut form = Form::new(&VISIT, None, None, title, &values);
        form.log(customer.clone(), plan.map(|p| p.id));
        form.side = self.essentials(&customer);
        form.offer(&["who", "met"], &self.people_of(&customer));
        // Start at the outcome: the plan's 5W1H is already there.
        form.focus = form.fields.iter().position(|f| f.spec.name == "outcome").unwrap_or(0);
        self.fill_choices(&mut form);
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    /// `L`: log a phone call with the selected customer — a new call held
    /// today, its form opening on what a call needs (what was said, the
    /// outcome, who was on the line, the next step), so a call is logged
    /// in a few keys.
    pub(super) fn log_call(&mut self) {
        let Some(customer) = self.current_customer() else { return self.say(t("tui.no_customer").to_string()) };
        let today = self.store.clock().today();
        let values = |f: &str| match f {
            "status" => Value::Text("done".into()),
            "kind" => Value::Text("call".into()),
            _ => crate::domain::defaults::default_of("visit", today, f),
        };
        let title = tf("tui.form_log_call", &[("customer", &self.customer_name(&customer))]);
        let mut form = Form::new(&VISIT, None, None, title, &values);
        form.log(customer.clone(), None);
        form.side = self.essentials(&customer);
        form.offer(&["who", "met"], &self.people_of(&customer));
        form.put_first(&["notes", "outcome", "met", "next_step", "next_date"]);
        form.focus = 0;
        self.fill_choices(&mut form);
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    /// Save a log form through the store; true when it was one. The status
    /// bar says what the store reports the log produced.
    pub(super) fn save_log(&mut self, form: &Form, values: Vec<(&'static str, Value)>) -> Option<crate::Result<()>> {
        let FormMode::Log { customer, plan } = &form.mode else { return None };
        let today = self.store.clock().today();
        let result = self.store.write(|w| w.log_visit(customer, plan.as_deref(), values, today));
        if let Ok(outcome) = &result {
            let mut msg = t(if outcome.call { "tui.logged_call" } else { "tui.logged" }).to_string();
            if outcome.late {
                msg = format!("{msg} {}", tf("tui.logged_late", &[("date", &outcome.held)]));
            }
            msg.push_str(&steps_message(&outcome.followups, &outcome.no_longer_steps));
            self.status = super::app::Status { text: msg, error: false };
        }
        Some(result.map(|_| ()))
    }

    /// `c`: the selected follow-up is done.
    pub(super) fn complete_followup(&mut self) {
        let Some(f) = self.current_followup() else { return self.say(t("tui.no_followup").to_string()) };
        let today = self.store.clock().today();
        match self.store.write(|w| w.followup_done(&f.id, today)) {
            Ok(()) => {
                self.say(t("tui.done").to_string());
                self.after_write(None);
            }
            Err(e) => self.fail(&e),
        }
    }

    /// `z` / `d` on a follow-up: ask for a date or a reason.
    pub(super) fn prompt_followup(&mut self, drop: bool) {
        let Some(f) = self.current_followup() else { return self.say(t("tui.no_followup").to_string()) };
        let (kind, title) = if drop {
            (PromptKind::Drop(f.id), t("tui.prompt_drop"))
        } else {
            (PromptKind::Snooze(f.id), t("tui.prompt_snooze"))
        };
        let mut input = new_input("");
        if !drop {
            input.insert_str(if crate::i18n::lang() == crate::i18n::Lang::ZhCn { "下周一" } else { "next mon" });
            // Offered, not imposed: typing replaces it, a move keeps it.
            input.select_all();
        }
        self.overlay = Some(Overlay::Prompt(Box::new(Prompt { kind, title: title.to_string(), input })));
    }

    /// The answer of a prompt: a follow-up dropped with the reason typed,
    /// or snoozed to the date typed; on a refusal the prompt stays.
    pub(super) fn answer(&mut self, p: Box<Prompt>) {
        if matches!(p.kind, PromptKind::ActCustomer(..)) {
            return self.act_customer_chosen(p);
        }
        if matches!(p.kind, PromptKind::Sync(_)) {
            return self.sync_answer(p);
        }
        let answer = p.input.lines().join(" ");
        let today = self.store.clock().today();
        let result = match &p.kind {
            PromptKind::Drop(id) => {
                self.store.write(|w| w.followup_drop(id, &answer)).map(|()| t("tui.dropped").to_string())
            }
            PromptKind::PlanDay { monday, customer } => {
                let done =
                    super::plan::accept_day(&mut self.store, &self.config, &self.keymap, (*monday, customer), &answer);
                if done.is_ok()
                    && let Some(super::sheet::Sheet::Plan(view)) = &mut self.sheet
                {
                    view.accepted();
                }
                done
            }
            PromptKind::ActFollowup(act, customer) => {
                super::review::answer_followup(&mut self.store, act, customer.as_deref(), &answer)
            }
            // Answered above.
            PromptKind::ActCustomer(..) | PromptKind::Sync(_) => Ok(String::new()),
            PromptKind::ImportFile => self.open_import(&answer),
            // Why a date is refused (not one, out of range, a time a due
            // date cannot keep), as every date field says it.
            PromptKind::Snooze(id) => match crate::domain::dates::resolve(&answer, today) {
                Ok(d) => self
                    .store
                    .write(|w| w.followup_move(id, d, true, None))
                    .map(|()| tf("tui.snoozed", &[("date", &d)])),
                Err(e) => Err(e.to_error(crate::domain::schema::FOLLOWUP.fields[2].label(), &answer)),
            },
        };
        match result {
            Ok(msg) => {
                self.say(msg);
                self.after_write(None);
            }
            Err(e) => {
                self.fail(&e);
                self.overlay = Some(Overlay::Prompt(p));
            }
        }
    }

    /// Enter on a Today item: its dossier, on the tab that shows it.
    pub(super) fn open_today_item(&mut self) {
        let Some(item) = self.today.selected_item() else { return };
        let (customer, tab) = (item.customer().to_string(), item.tab());
        self.open_dossier(&customer);
        if let Some(d) = self.screen.dossier_mut() {
            d.tab = tab;
            d.selected = 0;
        }
    }
}
