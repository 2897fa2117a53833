//! `repbook visit plan|log`, the follow-up verbs, and `repbook due`.

use super::Ctx;
use super::output;
use super::records::{arg, field_values_as};
use crate::domain::entity::Entity;
use crate::domain::fields::Value;
use crate::domain::schema::{CUSTOMER, FOLLOWUP, Table, VISIT};
use crate::domain::visit::{StepChange, StepFollowup, check_goal};
use crate::error::{Error, Result};
use crate::i18n::{t, tf};
use crate::store::{Agenda, OpenMode, RecordQuery};
use crate::text::one_line;
use chrono::NaiveDate;
use clap::ArgMatches;
use serde_json::json;
use std::borrow::Cow;
use std::fmt::Write as _;

/// Warn (on stderr, not an error) when a goal is not SMART-checkable.
pub fn warn_goal(values: &[(&'static str, Value)]) {
    let Some(goal) = values.iter().find(|(f, _)| *f == "goal").and_then(|(_, v)| v.as_text()) else {
        output::warn(t("cli.goal_missing"));
        return;
    };
    let check = check_goal(goal);
    if check.no_measure {
        output::warn(t("cli.goal_no_measure"));
    }
    if check.no_date {
        output::warn(t("cli.goal_no_date"));
    }
}

/// `repbook visit log CUSTOMER [--plan VISIT] …`
pub fn log(ctx: &Ctx, m: &ArgMatches, json: bool) -> Result<()> {
    let mut store = ctx.open(OpenMode::Write)?;
    let today = store.clock().today();
    let customer = store.resolve(&CUSTOMER, arg(m, "customer"))?;
    let plan = match m.get_one::<String>("plan") {
        Some(p) => Some(store.resolve(&VISIT, p)?),
        None => None,
    };
    // A visit logged was held: its date in words looks back (`--date fri`
    // on a Monday is last Friday) unless `--status` says otherwise; the
    // next step's date looks forward.
    let mut values = field_values_as(&VISIT, m, today, Some("done"), None)?;
    store.read_visit_opportunity(&ctx.config.funnel.stages(), &customer, &mut values)?;
    let outcome = store.write(|w| w.log_visit(&customer, plan.as_deref(), values.clone(), today))?;
    if json {
        return output::print_json(&log_json(&outcome), false);
    }
    let key = if outcome.call { "cli.logged_call" } else { "cli.logged" };
    output::say(&tf(key, &[("id", &outcome.visit_id)]))?;
    output::resolved_dates(&VISIT, m, &values)?;
    if outcome.late {
        output::say(&tf("cli.logged_late", &[("date", &outcome.held)]))?;
    }
    print_steps(&outcome.followups, &outcome.no_longer_steps)
}

/// Say what a log or an edit did to a visit's step follow-ups: added,
/// updated or kept, and kept although the step left the text.
pub fn print_steps(followups: &[StepFollowup], no_longer_steps: &[StepFollowup]) -> Result<()> {
    for f in followups {
        let key = match f.change {
            StepChange::Added => "cli.followup_from_step",
            StepChange::Updated => "cli.followup_step_updated",
            StepChange::Kept => "cli.followup_step_kept",
        };
        output::say(&tf(key, &[("what", &f.what), ("due", &f.due)]))?;
    }
    for f in no_longer_steps {
        output::say(&tf("cli.followup_step_left", &[("what", &f.what), ("due", &f.due)]))?;
    }
    Ok(())
}

/// The log's outcome as JSON: `id`, `late`, `followup` (true when a
/// follow-up came of it), `followups` (id, what, due, new, change: added,
/// updated or kept) and `no_longer_steps` (follow-ups kept although their
/// step left the text).
fn log_json(o: &crate::domain::visit::LogOutcome) -> serde_json::Value {
    json!({
        "id": o.visit_id,
        "held": o.held,
        "late": o.late,
        "followup": !o.followups.is_empty(),
        "followups": o.followups,
        "no_longer_steps": o.no_longer_steps,
    })
}

fn date_arg(m: &ArgMatches, name: &str, today: NaiveDate) -> Result<NaiveDate> {
    let raw = arg(m, name);
    // The error names the flag as it was typed (--from), not the field.
    let flag = format!("--{}", name.replace('_', "-"));
    crate::domain::dates::resolve(raw, today).map_err(|e| e.to_error(&flag, raw))
}

/// The follow-up verbs.
pub fn followup(ctx: &Ctx, verb: &str, m: &ArgMatches) -> Result<()> {
    let mut store = ctx.open(OpenMode::Write)?;
    let today = store.clock().today();
    let id = store.resolve(&FOLLOWUP, arg(m, "id"))?;
    let message = match verb {
        "done" => {
            store.write(|w| w.followup_done(&id, today))?;
            tf("cli.followup_done", &[("id", &id)])
        }
        "snooze" | "reschedule" => {
            let name = if verb == "snooze" { "until" } else { "to" };
            let to = date_arg(m, name, today)?;
            let reason = m.get_one::<String>("reason").map(String::as_str);
            store.write(|w| w.followup_move(&id, to, verb == "snooze", reason))?;
            let typed = arg(m, name);
            let date = if crate::domain::dates::is_phrase(typed) {
                tf("cli.date_as_typed", &[("date", &crate::domain::dates::with_weekday(to)), ("typed", &typed)])
            } else {
                crate::domain::dates::with_weekday(to)
            };
            tf("cli.followup_moved", &[("id", &id), ("date", &date)])
        }
        _ => {
            store.write(|w| w.followup_drop(&id, arg(m, "reason")))?;
            tf("cli.followup_dropped", &[("id", &id)])
        }
    };
    output::say(&message)?;
    Ok(())
}

/// The period `--week`, `--month`, `--from`/`--to` ask for, if any.
pub(super) fn period(m: &ArgMatches, today: NaiveDate) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    let given = |name: &str| m.try_get_one::<String>(name).ok().flatten();
    if let Some(week) = given("week") {
        let (from, to) = crate::domain::period::week_of(super::plan::week_monday(week, today)?);
        return Ok((Some(from), Some(to)));
    }
    if let Some(month) = given("month") {
        let (from, to) = super::report::month_range(month, today)?;
        return Ok((Some(from), Some(to)));
    }
    let day = |name: &str| -> Result<Option<NaiveDate>> { given(name).map(|_| date_arg(m, name, today)).transpose() };
    let (from, to) = (day("from")?, day("to")?);
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(Error::invalid("week.backwards", &[("from", &from), ("to", &to)]));
    }
    Ok((from, to))
}

/// `repbook person|competitor|trade|visit|followup list [CUSTOMER] …`: one
/// customer's or every customer's, by period and status, deleted ones on
/// asking — all from one store query ([`crate::store::Store::records`]).
pub fn list_records(ctx: &Ctx, table: &'static Table, m: &ArgMatches, json: bool) -> Result<()> {
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let today = store.clock().today();
    let customer = m.get_one::<String>("customer").map(|c| store.resolve(&CUSTOMER, c)).transpose()?;
    let (from, to) = period(m, today)?;
    let status = match (m.try_get_one::<String>("status").ok().flatten(), table.field("status")) {
        (Some(raw), Some(spec)) => spec.parse(raw)?.as_text().map(str::to_string),
        _ => None,
    };
    let all = m.try_get_one::<bool>("all").ok().flatten().copied().unwrap_or(false);
    let query = RecordQuery { customer: customer.clone(), from, to, status, include_deleted: m.get_flag("deleted") };
    let mut list = store.records(table, &query)?;
    // Follow-ups: the active ones unless all or a status is asked for.
    if table.name == "followup" && !all && query.status.is_none() {
        list.retain(crate::domain::followup::is_active);
    }
    if customer.is_some() {
        return output::children(table, &list, json, &ctx.config.currency);
    }
    let names = store.customer_names()?;
    let name_of = |e: &Entity| names.get(e.text_or_empty("customer_id")).cloned().unwrap_or_default();
    if json {
        let rows: Vec<serde_json::Value> = list
            .iter()
            .map(|e| {
                let mut o = e.to_json();
                o.insert("customer".into(), serde_json::Value::String(name_of(e)));
                serde_json::Value::Object(o)
            })
            .collect();
        return output::print_json(&rows, true);
    }
    let mut s = String::new();
    for e in &list {
        let deleted = if e.alive { "" } else { t("cli.deleted_mark") };
        let line = crate::text::summary(e, &ctx.config.currency);
        let _ = writeln!(
            s,
            "{}  {}  {}{deleted}",
            output::short_id(&e.id),
            crate::text::pad(&one_line(&name_of(e)), 20),
            one_line(&line)
        );
    }
    let _ = writeln!(s, "{}", output::count_line(table, list.len()));
    output::emit(&s)
}

/// Birthdays, payment and delivery dates become follow-ups (when the
/// archive is writable) before what reads them — the agenda, the week's
/// plan — as the interface makes them at start. If another repbook holds
/// the archive for writing past the busy timeout, what was asked is still
/// shown; they are made next time.
pub(super) fn make_dated_followups(store: &mut crate::store::Store, today: chrono::NaiveDate) {
    if let Err(e) = store.generate_followups(today) {
        output::warn(&crate::i18n::tf("cli.generate_later", &[("error", &e)]));
    }
}

/// `repbook due`: the agenda as text (for a prompt or cron) or JSON.
pub fn due(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let mut store = ctx.open(OpenMode::ReadOrWrite)?;
    let today = store.clock().today();
    make_dated_followups(&mut store, today);
    let agenda = store.agenda(&ctx.config.cadence, today)?;
    if m.get_flag("json") {
        return output::print_json(&agenda, true);
    }
    output::emit(&agenda_text(&agenda))
}

/// The customer's name for an agenda line, on one line whatever it holds.
fn name<'a>(a: &'a Agenda, e: &Entity) -> Cow<'a, str> {
    one_line(e.text("customer_id").and_then(|c| a.names.get(c)).map_or("", String::as_str))
}

/// The agenda as plain text.
pub fn agenda_text(a: &Agenda) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", tf("cli.agenda_title", &[("date", &a.today)]));
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = writeln!(s, "\n{title} ({})", lines.len());
            for l in lines {
                let _ = writeln!(s, "  {l}");
            }
        }
    };
    section(
        t("cli.agenda_planned"),
        a.planned
            .iter()
            .map(|v| {
                format!(
                    "{} {}  {}  {}  {}",
                    v.text_or_empty("date"),
                    v.text_or_empty("time"),
                    v.display("kind"),
                    name(a, v),
                    v.display("purposes")
                )
            })
            .collect(),
    );
    section(
        t("cli.agenda_followups"),
        a.followups_due
            .iter()
            .map(|f| {
                format!(
                    "{}  {}  {}  [{}]",
                    f.text_or_empty("due"),
                    name(a, f),
                    one_line(f.title_or_what()),
                    short(&f.id)
                )
            })
            .collect(),
    );
    // "— N in all" only when the list is cut to the most overdue.
    let overdue_title = if a.overdue.len() < a.overdue_total {
        format!("{} — {}", t("cli.agenda_overdue"), tf("cli.agenda_of", &[("count", &a.overdue_total)]))
    } else {
        t("cli.agenda_overdue").to_string()
    };
    section(
        &overdue_title,
        a.overdue
            .iter()
            .map(|c| {
                tf(
                    "cli.agenda_overdue_line",
                    &[("tier", &c.tier.as_str()), ("name", &one_line(&c.name)), ("days", &c.standing.overdue_days())],
                )
            })
            .collect(),
    );
    section(
        t("cli.agenda_birthdays"),
        a.birthdays.iter().map(|b| format!("{}  {}  ({})", b.on, one_line(&b.name), one_line(&b.customer))).collect(),
    );
    section(
        t("cli.agenda_unlogged"),
        a.unlogged.iter().map(|v| format!("{}  {}  [{}]", v.text_or_empty("date"), name(a, v), short(&v.id))).collect(),
    );
    section(
        t("cli.agenda_upcoming"),
        a.followups_upcoming
            .iter()
            .map(|f| format!("{}  {}  {}", f.text_or_empty("due"), name(a, f), one_line(f.title_or_what())))
            .collect(),
    );
    s
}

fn short(id: &str) -> &str {
    output::short_id(id)
}

/// Fill the plan fields not given on the command line from the templates of
/// the purposes given.
pub fn apply_template(values: &mut Vec<(&'static str, Value)>) -> Result<()> {
    let templates = crate::config::load_templates()?;
    let purposes = values.iter().find(|(f, _)| *f == "purposes").and_then(|(_, v)| v.as_text()).unwrap_or("");
    let purposes = crate::domain::fields::split_tags(purposes);
    let chosen: Vec<&str> = purposes.iter().map(String::as_str).collect();
    let given: Vec<&str> = values.iter().map(|(f, _)| *f).collect();
    for (field, text) in templates.fill_missing(crate::i18n::lang(), &chosen, |f| !given.contains(&f)) {
        values.push((field, Value::Text(text)));
    }
    Ok(())
}

/// Warn (on stderr) when no decision maker of the customer was met lately:
/// the same rule the interface's prep screen shows.
pub fn warn_decider(store: &crate::store::Store, customer: &str) -> Result<()> {
    let d = store.dossier(customer)?;
    if !crate::domain::visit::decider_met(&d.people, &d.visits, store.clock().today()) {
        output::warn(&tf("tui.side_no_decider", &[("days", &crate::domain::visit::DECIDER_DAYS)]));
    }
    Ok(())
}
