//! `repbook opportunity add|list|show|edit|move|won|lost|rm|restore` and
//! `repbook report funnel`: opportunities (商机) and the funnel.

use super::args::main_field;
use super::records::{arg, field_values};
use super::{Ctx, output};
use crate::domain::entity::Entity;
use crate::domain::fields::Value;
use crate::domain::opportunity::{self, OPPORTUNITY, Stages};
use crate::domain::schema::CUSTOMER;
use crate::error::{Error, Result};
use crate::i18n::{t, tf};
use crate::store::{OpenMode, RecordQuery};
use crate::text::one_line;
use clap::{Arg, ArgAction, ArgMatches, Command};
use std::fmt::Write as _;

fn flag(name: &'static str, key: &str) -> Arg {
    Arg::new(name).long(name).action(ArgAction::SetTrue).help(t(key).to_string())
}

fn id_arg() -> Arg {
    Arg::new("id").required(true).value_name("ID").help(tf("help.id", &[("what", &t(OPPORTUNITY.noun))]))
}

/// The opportunity command's own subcommands, added to the generic ones
/// (add, edit, show, rm, restore) the schema gives every record.
pub(super) fn commands(cmd: Command) -> Command {
    let json = || Arg::new("json").long("json").action(ArgAction::SetTrue).help(t("help.json").to_string());
    let reason = |required: bool| {
        Arg::new("reason").long("reason").required(required).value_name("TEXT").help(t("field.reason").to_string())
    };
    cmd.mut_subcommand("rm", |c| c.visible_alias("delete"))
        .subcommand(
            Command::new("list")
                .about(t("funnel.help_list").to_string())
                .arg(
                    Arg::new("customer")
                        .long("customer")
                        .value_name("CUSTOMER")
                        .help(t("help.customer_id").to_string()),
                )
                .arg(Arg::new("stage").long("stage").value_name("STAGE").help(t("funnel.help_stage").to_string()))
                .arg(flag("open", "funnel.help_open"))
                .arg(flag("overdue", "funnel.help_overdue"))
                .arg(flag("deleted", "trash.help_deleted"))
                .arg(json()),
        )
        .subcommand(
            Command::new("move")
                .about(t("funnel.help_move").to_string())
                .arg(id_arg())
                .arg(Arg::new("to").required(true).value_name("STAGE").help(t("funnel.help_to").to_string())),
        )
        .subcommand(Command::new("won").about(t("funnel.help_won").to_string()).arg(id_arg()).arg(reason(false)))
        .subcommand(Command::new("lost").about(t("funnel.help_lost").to_string()).arg(id_arg()).arg(reason(true)))
}

/// `report funnel [--week W] [--csv|--markdown|--json] [--out FILE]`.
pub(super) fn report_command() -> Command {
    Command::new("funnel")
        .about(t("funnel.help_report").to_string())
        .arg(Arg::new("week").long("week").value_name("YYYY-Www").help(t("funnel.help_week").to_string()))
        .arg(flag("csv", "report.help_csv"))
        .arg(flag("markdown", "report.help_markdown"))
        .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help(t("help.json").to_string()))
        .group(clap::ArgGroup::new("format").args(["csv", "markdown", "json"]))
        .arg(
            Arg::new("out")
                .long("out")
                .value_name("FILE")
                .value_parser(clap::value_parser!(std::path::PathBuf))
                .help(t("report.help_out").to_string()),
        )
}

/// `repbook report funnel`: this week's funnel unless a week is given.
pub(super) fn report_funnel(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    use crate::domain::period;
    use crate::interop::funnel_sheet;
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let today = store.clock().today();
    let (from, to) = match m.get_one::<String>("week") {
        Some(text) => period::week_of(super::plan::week_monday(text, today)?),
        None => period::week_of(today),
    };
    let f = store.funnel(&ctx.config.funnel.stages(), from, to)?;
    let currency = &ctx.config.currency;
    let bytes = if m.get_flag("json") {
        output::json_text(&f, true).into_bytes()
    } else if m.get_flag("csv") {
        funnel_sheet::csv(&f, currency)?
    } else if m.get_flag("markdown") {
        funnel_sheet::markdown(&f, currency).into_bytes()
    } else {
        funnel_sheet::text(&f, currency).into_bytes()
    };
    super::report::write_or_print(ctx, m.get_one::<std::path::PathBuf>("out"), &bytes)
}

/// The stage typed in `--funnel-stage`, read against the configured stages.
fn read_stage(stages: &Stages, values: &mut [(&'static str, Value)]) -> Result<()> {
    for (field, value) in values.iter_mut() {
        if *field == "funnel_stage"
            && let Value::Text(typed) = value
        {
            *value = Value::Text(stages.parse(typed)?);
        }
    }
    Ok(())
}

/// `repbook opportunity VERB`; `None` for the verbs every record shares.
pub(super) fn verb(ctx: &Ctx, verb: &str, m: &ArgMatches) -> Option<Result<()>> {
    Some(match verb {
        "add" => add(ctx, m),
        "edit" => edit(ctx, m),
        "list" => list(ctx, m),
        "show" => show(ctx, m),
        "move" => close_or_move(ctx, m, "move"),
        "won" | "lost" => close_or_move(ctx, m, verb),
        _ => return None,
    })
}

fn add(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let stages = ctx.config.funnel.stages();
    let mut store = ctx.open(OpenMode::Write)?;
    let today = store.clock().today();
    let cid = store.resolve(&CUSTOMER, arg(m, "customer"))?;
    let mut values = vec![("customer_id", Value::Text(cid))];
    if let Some(main) = main_field(&OPPORTUNITY)
        && let Some(spec) = OPPORTUNITY.field(main)
    {
        values.push((main, spec.parse(arg(m, main))?));
    }
    values.extend(field_values(&OPPORTUNITY, m, today)?);
    read_stage(&stages, &mut values)?;
    crate::domain::defaults::fill_in(OPPORTUNITY.name, today, &stages, &mut values);
    let id = store.write(|w| w.insert(&OPPORTUNITY, &values))?;
    if m.get_flag("json") {
        return output::print_json(&serde_json::json!({ "id": id }), false);
    }
    let need = values.iter().find(|(f, _)| *f == "need").and_then(|(_, v)| v.as_text()).unwrap_or("");
    let need = crate::domain::clean::clean(need, false);
    output::say(&tf("cli.added", &[("what", &t(OPPORTUNITY.noun)), ("name", &need), ("id", &id)]))?;
    output::resolved_dates(&OPPORTUNITY, m, &values)
}

fn edit(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let stages = ctx.config.funnel.stages();
    let mut store = ctx.open(OpenMode::Write)?;
    let id = store.resolve(&OPPORTUNITY, arg(m, "id"))?;
    let seen = store.snapshot(&OPPORTUNITY, &id)?;
    let mut values = field_values(&OPPORTUNITY, m, store.clock().today())?;
    if values.is_empty() {
        return Err(Error::invalid(
            "error.nothing_to_edit",
            &[("flags", &"--need, --product, --amount, --funnel-stage")],
        ));
    }
    read_stage(&stages, &mut values)?;
    let changed = store.write(|w| w.update_from(&seen, &values))?;
    output::say(&tf("cli.edited", &[("what", &t(OPPORTUNITY.noun)), ("id", &id), ("count", &changed)]))?;
    output::resolved_dates(&OPPORTUNITY, m, &values)
}

/// `move ID STAGE`, `won ID [--reason]`, `lost ID --reason`.
fn close_or_move(ctx: &Ctx, m: &ArgMatches, verb: &str) -> Result<()> {
    let stages = ctx.config.funnel.stages();
    let mut store = ctx.open(OpenMode::Write)?;
    let id = store.resolve(&OPPORTUNITY, arg(m, "id"))?;
    let seen = store.snapshot(&OPPORTUNITY, &id)?;
    let text = |s: &str| Value::Text(s.to_string());
    let mut values = match verb {
        "move" => {
            if !opportunity::is_open(&seen.entity) {
                return Err(Error::invalid("funnel.closed", &[("need", &seen.entity.title())]));
            }
            vec![("funnel_stage", text(&stages.parse(arg(m, "to"))?))]
        }
        _ => vec![("state", text(verb))],
    };
    if let Some(reason) = m.try_get_one::<String>("reason").ok().flatten() {
        values.push(("reason", OPPORTUNITY.field("reason").map_or(Ok(Value::Null), |f| f.parse(reason))?));
    }
    let changed = store.write(|w| w.update_from(&seen, &values))?;
    let now = store.get(&OPPORTUNITY, &id)?.unwrap_or(seen.entity);
    let key = match (verb, changed) {
        (_, 0) => "funnel.unchanged",
        ("move", _) => "funnel.moved",
        _ => "funnel.closed_as",
    };
    output::say(&tf(
        key,
        &[
            ("need", &one_line(now.title())),
            ("stage", &Stages::label(now.text_or_empty("funnel_stage"))),
            ("state", &now.display("state")),
        ],
    ))
}

fn list(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let stages = ctx.config.funnel.stages();
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let today = store.clock().today();
    let customer = m.get_one::<String>("customer").map(|c| store.resolve(&CUSTOMER, c)).transpose()?;
    let stage = m.get_one::<String>("stage").map(|s| stages.parse(s)).transpose()?;
    let query = RecordQuery { customer, include_deleted: m.get_flag("deleted"), ..RecordQuery::default() };
    let filter = opportunity::Filter { stage, open: m.get_flag("open"), overdue: m.get_flag("overdue") };
    let list: Vec<Entity> = opportunity::in_order(store.records(&OPPORTUNITY, &query)?)
        .into_iter()
        .filter(|e| filter.keeps(e, today))
        .collect();
    let names = store.customer_names()?;
    let name_of = |e: &Entity| names.get(e.text_or_empty("customer_id")).cloned().unwrap_or_default();
    if m.get_flag("json") {
        let rows: Vec<serde_json::Value> = list
            .iter()
            .map(|e| {
                let mut o = e.to_json();
                o.insert("customer".into(), serde_json::Value::String(name_of(e)));
                o.insert("overdue".into(), serde_json::Value::Bool(opportunity::is_overdue(e, today)));
                serde_json::Value::Object(o)
            })
            .collect();
        return output::print_json(&rows, true);
    }
    let mut s = String::new();
    for e in &list {
        let deleted = if e.alive { "" } else { t("cli.deleted_mark") };
        let late = if opportunity::is_overdue(e, today) { t("funnel.overdue_mark") } else { "" };
        let line = crate::text::summary(e, &ctx.config.currency);
        let _ = writeln!(
            s,
            "{}  {}  {}{late}{deleted}",
            output::short_id(&e.id),
            crate::text::pad(&one_line(&name_of(e)), 20),
            one_line(&line)
        );
    }
    // As every other list: "No opportunity to show." rather than "0 shown.".
    let _ = writeln!(s, "{}", output::count_line(&OPPORTUNITY, list.len()));
    output::emit(&s)
}

fn show(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let id = store.resolve(&OPPORTUNITY, arg(m, "id"))?;
    let e = store.get(&OPPORTUNITY, &id)?.ok_or_else(|| Error::NotFound { what: OPPORTUNITY.noun, id: id.clone() })?;
    let parent = store.get(&CUSTOMER, e.text_or_empty("customer_id"))?;
    let tracks = store.opportunity_tracks()?;
    let steps = tracks.iter().find(|t| t.opportunity.id == id).map(|t| t.steps.clone()).unwrap_or_default();
    let visits = store.visits_of_opportunity(&id)?;
    if m.get_flag("json") {
        let mut o = e.to_json();
        o.insert("customer_name".into(), serde_json::json!(parent.as_ref().map(Entity::title)));
        let history: Vec<serde_json::Value> =
            steps.iter().map(|s| serde_json::json!({ "on": s.on, "stage": s.stage, "state": s.state })).collect();
        o.insert("history".into(), serde_json::Value::Array(history));
        o.insert("visits".into(), serde_json::json!(visits.iter().map(|v| v.id.clone()).collect::<Vec<_>>()));
        return output::print_json(&serde_json::Value::Object(o), true);
    }
    output::record(&e, parent.as_ref(), None, false)?;
    let mut s = format!("{}\n", t("funnel.history"));
    for line in opportunity::history_lines(&steps) {
        let _ = writeln!(s, "  {}", one_line(&line));
    }
    for v in &visits {
        let _ = writeln!(
            s,
            "  {}",
            one_line(&tf("funnel.by_visit", &[("visit", &v.label()), ("id", &crate::text::short_id(&v.id))]))
        );
    }
    output::emit(&s)
}
