//! Records from the interface: the form that adds or edits one, the
//! question before one is deleted, saving, and what yes to a question does
//! (every write through the store; the app then reloads what the screens
//! show). Free functions over [`Ctx`] returning [`Effects`].

use super::effect::{Ctx, Effect, Effects, refused, say, wrote};
use super::form::Form;
use super::overlay::{Overlay, Pending};
use crate::config::Config;
use crate::domain::fields::Value;
use crate::domain::schema::{CUSTOMER, PERSON, Table, VISIT};
use crate::i18n::{t, tf};
use crate::store::Store;

/// `n`: a new customer, or a new record of the open dossier's tab.
pub(super) fn new_record(cx: &Ctx<'_>) -> Effects {
    if let Some(why) = cx.here.nothing_here(cx.store, cx.keymap, super::action::Action::New) {
        return say(why);
    }
    let (table, parent) = match cx.here.dossier() {
        None => (&CUSTOMER, None),
        Some(d) => (d.tab.table().unwrap_or(&PERSON), Some(d.id().to_string())),
    };
    new_form(cx.store, cx.config, table, parent)
}

/// The form of a new record of `table`, of the customer `parent` if any.
pub(super) fn new_form(store: &Store, config: &Config, table: &'static Table, parent: Option<String>) -> Effects {
    let title = match &parent {
        Some(id) => tf("tui.form_new_in", &[("what", &t(table.noun)), ("customer", &store.customer_title(id))]),
        None => tf("tui.form_new", &[("what", &t(table.noun))]),
    };
    let today = store.clock().today();
    let stages = config.funnel.stages();
    let defaults = move |f: &str| crate::domain::defaults::default_in(table.name, today, &stages, f);
    let visits = match (&parent, table.name) {
        (Some(customer), "visit") => store.children(table, customer).unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut form = Form::new(table, None, parent, title, &defaults);
    form.visits = visits;
    fill_choices(store, config, &mut form);
    vec![Effect::Show(Overlay::Form(Box::new(form)))]
}

/// The customer a form's record belongs to, if it knows.
fn form_customer(form: &Form) -> Option<String> {
    match (&form.mode, &form.parent, &form.seen) {
        (super::form::FormMode::Log { customer, .. }, _, _) | (_, Some(customer), _) => Some(customer.clone()),
        (_, _, Some(seen)) => Some(seen.entity.text_or_empty("customer_id").to_string()),
        _ => None,
    }
}

/// The choices a form's run-time lists give: an opportunity's stages
/// (from the config) and the customer's competitors; on a visit, the
/// customer's open opportunities and the stages to move one to.
pub(super) fn fill_choices(store: &Store, config: &Config, form: &mut Form) {
    let Some(customer) = form_customer(form) else { return };
    let stages: Vec<(String, String)> = config
        .funnel
        .stages()
        .names()
        .iter()
        .map(|s| (s.clone(), crate::domain::opportunity::Stages::label(s)))
        .collect();
    match form.table.name {
        "opportunity" => {
            form.pick("funnel_stage", stages);
            let competitors: Vec<String> = store
                .children(&crate::domain::schema::COMPETITOR, &customer)
                .unwrap_or_default()
                .iter()
                .map(|c| c.text("company").unwrap_or_else(|| c.title()).to_string())
                .collect();
            form.offer(&["competitors"], &competitors);
        }
        "visit" => {
            let open: Vec<(String, String)> = store
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
fn read_choices(
    store: &Store,
    config: &Config,
    form: &Form,
    values: &mut [(&'static str, Value)],
) -> crate::Result<()> {
    let stages = config.funnel.stages();
    match form.table.name {
        "opportunity" => {
            for (field, value) in values.iter_mut() {
                if let ("funnel_stage", Value::Text(typed)) = (*field, &value) {
                    *value = Value::Text(stages.parse(typed)?);
                }
            }
            Ok(())
        }
        "visit" => match form_customer(form) {
            Some(customer) => store.read_visit_opportunity(&stages, &customer, values),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// `e`: the edit form of what is selected.
pub(super) fn edit_record(cx: &Ctx<'_>) -> Effects {
    if let Some(why) = cx.here.nothing_here(cx.store, cx.keymap, super::action::Action::Edit) {
        return say(why);
    }
    let Some((table, id)) = cx.here.target() else { return Vec::new() };
    edit(cx.store, cx.config, table, &id)
}

/// The edit form of one record (gone: nothing).
pub(super) fn edit(store: &Store, config: &Config, table: &'static Table, id: &str) -> Effects {
    match edit_form(store, config, table, id) {
        Ok(form) => vec![Effect::Show(Overlay::Form(Box::new(form)))],
        Err(crate::Error::NotFound { .. }) => Vec::new(),
        Err(e) => vec![Effect::Fail(e)],
    }
}

/// The edit form of one record, as loaded now.
pub(super) fn edit_form(store: &Store, config: &Config, table: &'static Table, id: &str) -> crate::Result<Form> {
    let seen = store.snapshot(table, id)?;
    let e = &seen.entity;
    let title = tf("tui.form_edit", &[("what", &t(table.noun)), ("name", &store.record_words(e))]);
    let mut form = Form::new(table, Some(id.to_string()), None, title, &|f| e.get(f).clone());
    form.allow_for(Some(e));
    if table.name == "visit" {
        form.visits = store.children(table, e.text_or_empty("customer_id")).unwrap_or_default();
    }
    if let Some(f) = form.fields.iter_mut().find(|f| f.shown.is_some()) {
        f.shown = Some(store.ref_words(e).unwrap_or_default());
    }
    form.seen = Some(seen);
    fill_choices(store, config, &mut form);
    Ok(form)
}

/// Ask before deleting what is selected.
pub(super) fn delete_record(cx: &Ctx<'_>) -> Effects {
    let Some((table, id)) = cx.here.target() else { return Vec::new() };
    confirm_delete(cx.store, cx.keymap, table, id)
}

/// Ask before deleting one record, named in words.
pub(super) fn confirm_delete(
    store: &Store,
    keymap: &super::keymap::Keymap,
    table: &'static Table,
    id: String,
) -> Effects {
    let name = match store.get(table, &id) {
        Ok(Some(e)) => store.record_words(&e),
        _ => return Vec::new(),
    };
    if let Err(e) = store.check_delete(table, &id) {
        return vec![Effect::Fail(e)];
    }
    // A visit's words name its kind (`visit of 2026-11-25 to …`): saying
    // the noun before them would say "visit visit".
    let key = if table.name == "visit" { "tui.confirm_delete_named" } else { "tui.confirm_delete" };
    let message = keymap.hint(key, &[("what", t(table.noun).to_string()), ("name", name)]);
    vec![Effect::Confirm(message, Pending::Delete { table, id })]
}

/// Write a saved form (refused: the form stays open, saying why).
pub(super) fn save_form(cx: &mut Ctx<'_>, mut form: Box<Form>) -> Effects {
    let today = cx.store.clock().today();
    let values =
        match form.collect(today).and_then(|mut v| read_choices(cx.store, cx.config, &form, &mut v).map(|()| v)) {
            Ok(v) => v,
            Err(e) => return refused(e, Overlay::Form(form)),
        };
    if std::ptr::eq(form.table, &raw const crate::domain::schema::OPPORTUNITY) {
        let old = form.seen.as_ref().map(|s| &s.entity);
        if let Some((field, e)) = crate::domain::opportunity::refused_closing(old, &values) {
            form.fail_at(field, e.to_string());
            return refused(e, Overlay::Form(form));
        }
    }
    if let Some(warning) = warn_close_name(cx, &mut form, &values) {
        return vec![Effect::Warn(warning), Effect::Show(Overlay::Form(form))];
    }
    if let Some(result) = super::review::save_form(cx.store, &form, &values) {
        return match result {
            Ok(said) => vec![Effect::Say(said), Effect::Wrote(None)],
            Err(e) => refused(e, Overlay::Form(form)),
        };
    }
    if let Some(result) = super::daily::save_log(cx.store, &form, values.clone()) {
        return match result {
            Ok(said) => vec![Effect::Say(said), Effect::Wrote(None)],
            Err(e) => refused(e, Overlay::Form(form)),
        };
    }
    let (table, id, parent) = (form.table, form.id.clone(), form.parent.clone());
    let seen = form.seen.clone();
    let mut said = t("tui.saved").to_string();
    let result = cx.store.write(|w| {
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
            vec![Effect::Say(said), Effect::Wrote(if table.name == "customer" { Some(new_id) } else { None })]
        }
        Err(e) => refused(e, Overlay::Form(form)),
    }
}

/// What yes to a question does.
pub(super) fn confirmed(cx: &mut Ctx<'_>, then: Pending) -> Effects {
    match then {
        Pending::Quit => vec![Effect::Quit],
        Pending::DiscardForm => say(t("tui.form_discarded")),
        Pending::Restore { table, id, with_customer } => super::sheet::restore(cx.store, table, &id, with_customer),
        Pending::RestoreBackup(path) => vec![Effect::RestoreBackup(path)],
        Pending::SyncImport(set) => super::effect::of_sync(super::sync::import(cx.store, &set)),
        Pending::Import => super::sheet::run_import(cx),
        Pending::CloseReview(monday) => wrote(super::review::close(cx.store, &cx.config.cadence, monday)),
        Pending::Cancel { id } => wrote(
            cx.store
                .write(|w| w.update(&VISIT, &id, &[("status", Value::Text("cancelled".into()))]))
                .map(|_| t("tui.plan_cancelled").to_string()),
        ),
        Pending::Delete { table, id } => match cx.store.write(|w| w.set_alive(table, &id, false)) {
            Ok(_) => {
                let mut out = vec![Effect::Say(tf("tui.deleted_msg", &[("what", &t(table.noun))]))];
                if table.name == "customer" {
                    out.push(Effect::CloseDossier);
                }
                out.extend([Effect::Wrote(None), Effect::ClampDossier]);
                out
            }
            Err(e) => vec![Effect::Fail(e)],
        },
    }
}

/// Before a new customer is saved: warn, once per name, when a
/// customer with a close name exists (`Store::close_customers`, as
/// `customer add` warns). The warning when the save should wait.
fn warn_close_name(cx: &Ctx<'_>, form: &mut Form, values: &[(&'static str, Value)]) -> Option<String> {
    if form.table.name != "customer" || form.id.is_some() {
        return None;
    }
    let name = values.iter().find(|(f, _)| *f == "name").and_then(|(_, v)| v.as_text())?;
    if form.notice.as_ref().is_some_and(|(_, n)| n == name) {
        return None;
    }
    let close = cx.store.close_customers(name).unwrap_or_default();
    let (id, old, how) = close.first()?;
    let warning = crate::domain::similar::warning(old, id, *how);
    let text = format!("{warning} {}", cx.keymap.hint("tui.close_save_again", &[]));
    form.notice = Some((warning, name.to_string()));
    Some(text)
}

/// `u`: take back this session's last write not yet undone (`stack`, the
/// session's writes, oldest first).
pub(super) fn undo(store: &mut Store, stack: &mut Vec<i64>) -> Effects {
    // Writes made since the last look belong on the stack first.
    stack.extend(store.take_written());
    let Some(tx) = stack.pop() else { return say(t("undo.nothing")) };
    match store.undo_tx(tx) {
        Ok(undone) => {
            // The undo is a write too, but not one `u` takes back.
            let _ = store.take_written();
            vec![Effect::Say(undone.message()), Effect::Wrote(None)]
        }
        Err(e) => {
            if !matches!(e, crate::Error::Invalid(_)) {
                // Not refused (the archive was busy): it can be tried again.
                stack.push(tx);
            }
            vec![Effect::Fail(e)]
        }
    }
}
