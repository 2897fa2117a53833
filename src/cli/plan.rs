//! `repbook plan [--week W] [--markdown|--json]` and `repbook plan accept N
//! [--week W] [--date D]` (issue 10 §1); the review is in `review.rs`.

use super::{Ctx, output};
use crate::domain::period;
use crate::error::{Error, Result};
use crate::i18n::{enum_label, t, tf};
use crate::interop::week_sheet;
use crate::store::OpenMode;
use chrono::NaiveDate;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

pub(super) fn week_arg() -> Arg {
    Arg::new("week").long("week").value_name("YYYY-Www").help(t("plan.help_week").to_string())
}

fn formats(c: Command) -> Command {
    let flag =
        |name: &'static str, key: &str| Arg::new(name).long(name).action(ArgAction::SetTrue).help(t(key).to_string());
    c.arg(flag("markdown", "report.help_markdown"))
        .arg(flag("json", "help.json"))
        .group(clap::ArgGroup::new("format").args(["markdown", "json"]))
}

/// The `plan` and `review` commands.
pub(super) fn commands() -> [Command; 2] {
    let accept = Command::new("accept")
        .about(t("plan.help_accept").to_string())
        .arg(
            Arg::new("number")
                .required(true)
                .num_args(1..)
                .value_name("N")
                .value_parser(value_parser!(usize))
                .help(t("plan.help_number").to_string()),
        )
        .arg(week_arg())
        .arg(Arg::new("date").long("date").value_name("DATE").help(t("plan.help_date").to_string()));
    let plan = formats(Command::new("plan").about(t("plan.help").to_string()).arg(week_arg()))
        .subcommand(accept)
        .args_conflicts_with_subcommands(true);
    [plan, super::review::command()]
}

/// The Monday of the week asked for: `--week 2026-W48` (or `下周`, `49`,
/// `next week`: [`period::week_named`]), else the plan's
/// default (next week from Friday, else this week) for `plan`, this week
/// for `review`.
pub(super) fn monday(m: &ArgMatches, default: NaiveDate, today: NaiveDate) -> Result<NaiveDate> {
    match m.get_one::<String>("week") {
        Some(text) => week_monday(text, today),
        None => Ok(period::week_of(default).0),
    }
}

/// The Monday of the week typed after `--week` (`plan`, `review`, `report
/// figures`, `report funnel`, the lists): one reading, one message.
pub(super) fn week_monday(text: &str, today: NaiveDate) -> Result<NaiveDate> {
    let value = crate::text::one_line(text);
    period::read_week(text, today).map_err(|why| match why {
        period::BadWeek::Unreadable => Error::invalid("plan.bad_week", &[("value", &value)]),
        period::BadWeek::Year(year) => {
            Error::invalid("plan.week_year", &[("value", &value), ("year", &crate::text::one_line(&year))])
        }
        period::BadWeek::OutOfRange => Error::invalid(
            "plan.week_far",
            &[("value", &value), ("first", &crate::domain::dates::FIRST), ("last", &crate::domain::dates::LAST)],
        ),
        period::BadWeek::Number { year, last } => {
            Error::invalid("plan.week_number", &[("value", &value), ("year", &year), ("last", &last)])
        }
    })
}

/// `repbook plan …`.
pub fn plan(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    if let Some(("accept", sub)) = m.subcommand() {
        return accept(ctx, sub);
    }
    let mut store = ctx.open(OpenMode::ReadOrWrite)?;
    let today = store.clock().today();
    // The plan suggests from follow-ups the dated facts call for (an
    // amount falling due): made first, as `due` and the interface do.
    super::visits::make_dated_followups(&mut store, today);
    let monday = monday(m, period::plan_week(today), today)?;
    let plan = store.week_plan(&ctx.config.cadence, &ctx.config.currency, monday, today)?;
    if m.get_flag("json") {
        return output::print_json(&plan, true);
    }
    let currency = &ctx.config.currency;
    if m.get_flag("markdown") {
        return output::write_raw(&week_sheet::plan_markdown(&plan, currency));
    }
    output::write_raw(&week_sheet::plan_text(&plan, currency))
}

fn accept(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let mut store = ctx.open(OpenMode::Write)?;
    let today = store.clock().today();
    let monday = monday(m, period::plan_week(today), today)?;
    let day = match m.get_one::<String>("date") {
        Some(raw) => Some(crate::domain::dates::resolve(raw, today).map_err(|e| e.to_error("--date", raw))?),
        None => None,
    };
    // Several numbers name suggestions of the plan as printed: each is
    // found again by its customer, as accepting one numbers the rest anew.
    let mut numbers: Vec<usize> = Vec::new();
    for n in m.get_many::<usize>("number").into_iter().flatten() {
        if !numbers.contains(n) {
            numbers.push(*n);
        }
    }
    let (cadence, currency) = (&ctx.config.cadence, &ctx.config.currency);
    let plan = store.week_plan(cadence, currency, monday, today)?;
    let mut customers = Vec::new();
    for n in &numbers {
        let s = plan.suggestion(*n).ok_or_else(|| {
            Error::invalid("plan.no_suggestion", &[("n", n), ("week", &plan.week), ("count", &plan.suggestions.len())])
        })?;
        customers.push(s.customer_id.clone());
    }
    for customer in customers {
        let now = store.week_plan(cadence, currency, monday, today)?;
        let number = now.suggestions.iter().find(|s| s.customer_id == customer).map_or(0, |s| s.number);
        let done = store.accept_suggestion(cadence, currency, monday, number, day)?;
        output::say(&tf(
            "plan.accepted",
            &[
                ("kind", &enum_label("kind", done.kind)),
                ("name", &crate::text::one_line(&done.customer)),
                ("date", &crate::domain::dates::with_weekday(done.day)),
                ("slot", &done.when()),
                ("id", &done.visit_id),
            ],
        ))?;
    }
    Ok(())
}
