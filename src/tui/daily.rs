//! The daily loop in the interface: prepare (5W1H), log, and follow-ups
//! done, snoozed or dropped with a reason — from Today or a dossier.

use super::effect::{Ctx, Effect, Effects, say};
use super::form::{Form, FormMode};
use super::overlay::{Overlay, Prompt, PromptKind};
use super::widgets::new_input;
use crate::config::Config;
use crate::domain::fields::{Value, format_money};
use crate::domain::schema::VISIT;
use crate::domain::visit::{StepChange, StepFollowup};
use crate::i18n::{t, tf};
use crate::store::Store;

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

/// Save a log form through the store; `None` when it is not one. What the
/// store reports the log produced is said.
pub(super) fn save_log(
    store: &mut crate::store::Store,
    form: &Form,
    values: Vec<(&'static str, Value)>,
) -> Option<crate::Result<String>> {
    let FormMode::Log { customer, plan } = &form.mode else { return None };
    let today = store.clock().today();
    let result = store.write(|w| w.log_visit(customer, plan.as_deref(), values, today));
    Some(result.map(|outcome| {
        let mut msg = t(if outcome.call { "tui.logged_call" } else { "tui.logged" }).to_string();
        if outcome.late {
            msg = format!("{msg} {}", tf("tui.logged_late", &[("date", &outcome.held)]));
        }
        msg.push_str(&steps_message(&outcome.followups, &outcome.no_longer_steps));
        msg
    }))
}

/// The dossier's essentials shown beside the 5W1H form.
fn essentials(store: &Store, config: &Config, customer: &str) -> Vec<String> {
    let Ok(d) = store.dossier(customer) else { return Vec::new() };
    let mut out = vec![t("tui.side_visits").to_string()];
    for v in d.visits.iter().filter(|v| v.text("status") == Some("done")).take(3) {
        out.push(format!("{} {} {}", v.text_or_empty("date"), v.display("kind"), v.display("outcome")));
        // One line per next step: the panel draws each line as it is, so
        // steps joined by a newline would run together.
        for step in v.text_or_empty("next_step").lines().map(str::trim).filter(|l| !l.is_empty()) {
            out.push(format!("  → {step}"));
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
    let today = store.clock().today();
    if !crate::domain::visit::decider_met(&d.people, &d.visits, today) {
        out.push(tf("tui.side_no_decider", &[("days", &crate::domain::visit::DECIDER_DAYS)]));
    }
    out.push(t("tui.side_competitors").to_string());
    for c in &d.competitors {
        out.push(format!("{} {} {}", c.text_or_empty("company"), c.title(), c.text_or_empty("weak_points")));
    }
    out.push(tf("tui.side_owed", &[("amount", &format!("{}{}", config.currency, format_money(d.owed)))]));
    out
}

/// The customer's key people, as offered in the Who fields.
fn people_of(store: &Store, customer: &str) -> Vec<String> {
    store
        .children(&crate::domain::schema::PERSON, customer)
        .map(|people| people.iter().map(|p| p.title().to_string()).collect())
        .unwrap_or_default()
}

/// A form to open, with the choices its run-time lists give.
fn show(store: &Store, config: &Config, mut form: Form) -> Effects {
    super::records::fill_choices(store, config, &mut form);
    vec![Effect::Show(Overlay::Form(Box::new(form)))]
}

/// `p`: prepare a visit to the selected customer.
pub(super) fn plan_visit(cx: &Ctx<'_>) -> Effects {
    let Some(customer) = cx.here.current_customer() else { return say(t("tui.no_customer")) };
    // On a planned visit, `p` opens that plan, not a new one.
    if let Some(plan) = cx.here.current("visit").filter(|v| v.text("status") == Some("planned")) {
        return match super::records::edit_form(cx.store, cx.config, &VISIT, &plan.id) {
            Ok(mut form) => {
                form.title = tf("tui.form_plan_edit", &[("visit", &cx.store.record_words(&plan))]);
                form.side = essentials(cx.store, cx.config, &customer);
                form.offer(&["who", "met"], &people_of(cx.store, &customer));
                vec![Effect::Show(Overlay::Form(Box::new(form)))]
            }
            Err(crate::Error::NotFound { .. }) => Vec::new(),
            Err(e) => vec![Effect::Fail(e)],
        };
    }
    new_plan(cx.store, cx.config, &customer)
}

/// `n` on the agenda: a new record like the selected row, for its
/// customer: a follow-up on a follow-up's row, else a visit to prepare.
pub(super) fn new_like_row(cx: &Ctx<'_>) -> Effects {
    let Some(customer) = cx.here.current_customer() else { return say(t("tui.no_customer")) };
    if cx.here.current("followup").is_some() {
        super::records::new_form(cx.store, cx.config, &crate::domain::schema::FOLLOWUP, Some(customer))
    } else {
        new_plan(cx.store, cx.config, &customer)
    }
}

/// The 5W1H form of a new visit to `customer`.
fn new_plan(store: &Store, config: &Config, customer: &str) -> Effects {
    let today = store.clock().today();
    let defaults = move |f: &str| crate::domain::defaults::default_of("visit", today, f);
    let title = tf("tui.form_plan", &[("customer", &store.customer_title(customer))]);
    let mut form = Form::new(&VISIT, None, Some(customer.to_string()), title, &defaults);
    form.side = essentials(store, config, customer);
    form.offer(&["who", "met"], &people_of(store, customer));
    form.visits = store.children(&VISIT, customer).unwrap_or_default();
    show(store, config, form)
}

/// `l`: log the selected visit — a planned one, or a done one again (to
/// correct its log) — or else a new visit or call. A plan for a later
/// day is refused by the same rule the store applies, not moved.
pub(super) fn log_visit(cx: &Ctx<'_>) -> Effects {
    let Some(customer) = cx.here.current_customer() else { return say(t("tui.no_customer")) };
    let plan = cx.here.current("visit").filter(|v| matches!(v.text("status"), Some("planned" | "done")));
    let today = cx.store.clock().today();
    if let Some(held) = plan.as_ref().and_then(|p| p.text("date")).and_then(crate::domain::fields::parse_iso_date)
        && let Err(e) = crate::domain::visit::check_held(held, today)
    {
        return vec![Effect::Fail(e)];
    }
    let values = |f: &str| -> Value {
        match (f, plan.as_ref().map(|p| p.get(f).clone()).unwrap_or_default()) {
            ("status", _) => Value::Text("done".into()),
            (_, Value::Null) => crate::domain::defaults::default_of("visit", today, f),
            (_, v) => v,
        }
    };
    let title = tf("tui.form_log", &[("customer", &cx.store.customer_title(&customer))]);
    let mut form = Form::new(&VISIT, None, None, title, &values);
    form.log(customer.clone(), plan.map(|p| p.id));
    form.side = essentials(cx.store, cx.config, &customer);
    form.offer(&["who", "met"], &people_of(cx.store, &customer));
    // Start at the outcome: the plan's 5W1H is already there.
    form.focus = form.fields.iter().position(|f| f.spec.name == "outcome").unwrap_or(0);
    show(cx.store, cx.config, form)
}

/// `L`: log a phone call with the selected customer — a new call held
/// today, its form opening on what a call needs (what was said, the
/// outcome, who was on the line, the next step), so a call is logged
/// in a few keys.
pub(super) fn log_call(cx: &Ctx<'_>) -> Effects {
    let Some(customer) = cx.here.current_customer() else { return say(t("tui.no_customer")) };
    let today = cx.store.clock().today();
    let values = |f: &str| match f {
        "status" => Value::Text("done".into()),
        "kind" => Value::Text("call".into()),
        _ => crate::domain::defaults::default_of("visit", today, f),
    };
    let title = tf("tui.form_log_call", &[("customer", &cx.store.customer_title(&customer))]);
    let mut form = Form::new(&VISIT, None, None, title, &values);
    form.log(customer.clone(), None);
    form.side = essentials(cx.store, cx.config, &customer);
    form.offer(&["who", "met"], &people_of(cx.store, &customer));
    form.put_first(&["notes", "outcome", "met", "next_step", "next_date"]);
    form.focus = 0;
    show(cx.store, cx.config, form)
}

/// `c`: the selected follow-up is done.
pub(super) fn complete_followup(cx: &mut Ctx<'_>) -> Effects {
    let Some(f) = cx.here.current_followup() else { return say(t("tui.no_followup")) };
    let today = cx.store.clock().today();
    super::effect::wrote(cx.store.write(|w| w.followup_done(&f.id, today)).map(|()| t("tui.done").to_string()))
}

/// `z` / `d` on a follow-up: ask for a date or a reason.
pub(super) fn prompt_followup(cx: &Ctx<'_>, drop: bool) -> Effects {
    let Some(f) = cx.here.current_followup() else { return say(t("tui.no_followup")) };
    // The question names the follow-up: the row it was asked on may have
    // scrolled out of sight behind the prompt.
    // In full (the prompt wraps its question); only a runaway text is cut.
    let what = crate::text::ellipsize(&crate::text::one_line(f.text_or_empty("what")), 160);
    let (kind, title) = if drop {
        (PromptKind::Drop(f.id), tf("tui.prompt_drop", &[("what", &what)]))
    } else {
        (PromptKind::Snooze(f.id), tf("tui.prompt_snooze", &[("what", &what)]))
    };
    let mut input = new_input("");
    if !drop {
        input.insert_str(if crate::i18n::lang() == crate::i18n::Lang::ZhCn { "下周一" } else { "next mon" });
        // Offered, not imposed: typing replaces it, a move keeps it.
        input.select_all();
    }
    vec![Effect::Show(Overlay::Prompt(Box::new(Prompt { kind, title, input })))]
}

/// The answer of a prompt: a follow-up dropped with the reason typed or
/// snoozed to the date typed, a day for a plan, an Act item's follow-up,
/// the file to import; on a refusal the prompt stays. (A sync question
/// and the customer of an Act item are the sheets' own.)
pub(super) fn answer(cx: &mut Ctx<'_>, p: Box<Prompt>) -> Effects {
    let answer = p.input.lines().join(" ");
    let today = cx.store.clock().today();
    let mut first = Vec::new();
    let result = match &p.kind {
        PromptKind::Drop(id) => cx.store.write(|w| w.followup_drop(id, &answer)).map(|()| t("tui.dropped").to_string()),
        PromptKind::PlanDay { monday, customer } => {
            let done = super::plan::accept_day(cx.store, cx.config, cx.keymap, (*monday, customer), &answer);
            if done.is_ok() {
                first.push(Effect::PlanAccepted);
            }
            done
        }
        PromptKind::ActFollowup(act, customer) => {
            super::review::answer_followup(cx.store, act, customer.as_deref(), &answer)
        }
        // The sheets' own (`sheet::act_customer_chosen`, `effect::sync_answer`).
        PromptKind::ActCustomer(..) | PromptKind::Sync(_) => Ok(String::new()),
        PromptKind::ImportFile => super::sheet::open_import(cx.store, &answer).map(|(view, said)| {
            first.push(Effect::Sheet(Some(super::sheet::Sheet::Import(Box::new(view)))));
            said
        }),
        // Why a date is refused (not one, out of range, a time a due
        // date cannot keep), as every date field says it.
        PromptKind::Snooze(id) => match crate::domain::dates::resolve(&answer, today) {
            Ok(d) => {
                cx.store.write(|w| w.followup_move(id, d, true, None)).map(|()| tf("tui.snoozed", &[("date", &d)]))
            }
            Err(e) => Err(e.to_error(crate::domain::schema::FOLLOWUP.fields[2].label(), &answer)),
        },
    };
    match result {
        Ok(msg) => {
            first.extend([Effect::Say(msg), Effect::Wrote(None)]);
            first
        }
        Err(e) => super::effect::refused(e, Overlay::Prompt(p)),
    }
}

/// Enter on a Today item: its dossier, on the tab that shows it.
pub(super) fn open_today_item(cx: &Ctx<'_>) -> Effects {
    let Some(item) = cx.here.today.selected_item() else { return Vec::new() };
    vec![Effect::Dossier(item.customer().to_string()), Effect::Tab(item.tab(), item.record().map(str::to_string))]
}
