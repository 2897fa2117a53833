//! `repbook review [--week W] [--markdown|--json] [--list]` and what the
//! review screen does, from the command line (issue 10 §2–§4): `note`,
//! `act`, `followup N`, `carry N`, `close`, `reopen`. The same store
//! functions as the screen.

use super::{Ctx, output};
use crate::domain::fields::Value;
use crate::error::{Error, Result};
use crate::i18n::{t, tf};
use crate::interop::review_sheet;
use crate::store::OpenMode;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

fn week_arg() -> Arg {
    super::plan::week_arg()
}

fn number_arg() -> Arg {
    Arg::new("number")
        .required(true)
        .value_name("N")
        .value_parser(value_parser!(usize))
        .help(t("review.help_number").to_string())
}

fn text_opt(name: &'static str, key: &str) -> Arg {
    Arg::new(name).long(name).value_name("TEXT").help(t(key).to_string())
}

/// The `review` command.
pub(super) fn command() -> Command {
    let flag =
        |name: &'static str, key: &str| Arg::new(name).long(name).action(ArgAction::SetTrue).help(t(key).to_string());
    Command::new("review")
        .about(t("review.help").to_string())
        .arg(week_arg())
        .arg(flag("markdown", "report.help_markdown"))
        .arg(flag("json", "help.json"))
        .arg(flag("list", "review.help_list"))
        .group(clap::ArgGroup::new("format").args(["markdown", "json", "list"]))
        .subcommand(
            Command::new("note")
                .about(t("review.help_note").to_string())
                .arg(week_arg())
                .arg(text_opt("goals", "review.help_goals"))
                .arg(text_opt("worked", "review.help_worked"))
                .arg(text_opt("not-worked", "review.help_not_worked"))
                .group(
                    clap::ArgGroup::new("notes").args(["goals", "worked", "not-worked"]).multiple(true).required(true),
                ),
        )
        .subcommand(
            Command::new("act")
                .about(t("review.help_act").to_string())
                .arg(Arg::new("what").required(true).value_name("TEXT").help(t("review.help_what").to_string()))
                .arg(week_arg())
                .arg(
                    Arg::new("customer")
                        .long("customer")
                        .value_name("CUSTOMER")
                        .help(t("review.help_customer").to_string()),
                ),
        )
        .subcommand(
            Command::new("followup")
                .about(t("review.help_followup").to_string())
                .arg(number_arg())
                .arg(week_arg())
                .arg(Arg::new("due").long("due").value_name("DATE").help(t("review.help_due").to_string()))
                .arg(
                    Arg::new("customer")
                        .long("customer")
                        .value_name("CUSTOMER")
                        .help(t("review.help_followup_customer").to_string()),
                ),
        )
        .subcommand(Command::new("carry").about(t("review.help_carry").to_string()).arg(number_arg()).arg(week_arg()))
        .subcommand(Command::new("close").about(t("review.help_close").to_string()).arg(week_arg()))
        .subcommand(Command::new("reopen").about(t("review.help_reopen").to_string()).arg(week_arg()))
        .args_conflicts_with_subcommands(true)
}

/// `repbook review …`.
pub fn review(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    if let Some((name, sub)) = m.subcommand() {
        return write(ctx, name, sub);
    }
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let today = store.clock().today();
    if m.get_flag("list") {
        return output::write_raw(&review_sheet::list_text(&store.review_list(today)?));
    }
    let monday = super::plan::monday(m, today, today)?;
    let r = store.review(&ctx.config.cadence, monday, today)?;
    if m.get_flag("json") {
        return output::print_json(&r, true);
    }
    if m.get_flag("markdown") {
        return output::write_raw(&review_sheet::markdown(&r));
    }
    output::write_raw(&review_sheet::terminal(&r))
}

fn write(ctx: &Ctx, name: &str, m: &ArgMatches) -> Result<()> {
    let mut store = ctx.open(OpenMode::Write)?;
    let today = store.clock().today();
    let monday = super::plan::monday(m, today, today)?;
    let week = crate::domain::period::iso_week_label(monday);
    let number = || m.get_one::<usize>("number").copied().unwrap_or(0);
    match name {
        "note" => {
            let mut values = Vec::new();
            for (arg, field) in [("goals", "goals"), ("worked", "worked"), ("not-worked", "not_worked")] {
                if let Some(v) = m.get_one::<String>(arg) {
                    values.push((field, if v.trim().is_empty() { Value::Null } else { Value::Text(v.clone()) }));
                }
            }
            store.write(|w| w.review_notes(monday, None, &values))?;
            output::say(&tf("review.noted", &[("week", &week)]))
        }
        "act" => {
            let what = m.get_one::<String>("what").map_or("", String::as_str);
            if what.trim().is_empty() {
                return Err(Error::invalid("error.required", &[("field", &t("review.act_what"))]));
            }
            let customer = match m.get_one::<String>("customer") {
                Some(c) => Some(store.resolve(&crate::domain::schema::CUSTOMER, c)?),
                None => None,
            };
            store.write(|w| w.add_act(monday, what, customer.as_deref()))?;
            let n = store.review(&ctx.config.cadence, monday, today)?.acts.len();
            output::say(&tf("review.act_added", &[("n", &n), ("week", &week)]))
        }
        "followup" => {
            let id = store.act_by_number(monday, number())?;
            let due = match m.get_one::<String>("due") {
                Some(raw) => crate::domain::dates::resolve(raw, today).map_err(|e| e.to_error("--due", raw))?,
                None => crate::domain::review::followup_due(monday, today),
            };
            let customer = match m.get_one::<String>("customer") {
                Some(c) => Some(store.resolve(&crate::domain::schema::CUSTOMER, c)?),
                None => None,
            };
            let f = store.write(|w| w.act_to_followup(&id, due, customer.as_deref()))?;
            output::say(&tf(
                "review.followup_made",
                &[("n", &number()), ("date", &crate::domain::dates::with_weekday(due)), ("id", &f)],
            ))
        }
        "carry" => {
            let id = store.act_by_number(monday, number())?;
            let carried = store.write(|w| w.act_toggle_carry(&id))?;
            let next = monday
                .checked_add_signed(chrono::Duration::weeks(1))
                .map_or_else(String::new, crate::domain::period::iso_week_label);
            let key = if carried { "review.carried" } else { "review.uncarried" };
            output::say(&tf(key, &[("n", &number()), ("week", &next)]))
        }
        "close" => {
            store.close_review(&ctx.config.cadence, monday, today)?;
            if crate::domain::review::is_over(monday, today) {
                output::say(&tf("review.closed", &[("week", &week)]))
            } else {
                let sunday = crate::domain::dates::with_weekday(monday + chrono::Duration::days(6));
                output::say(&tf("review.closed_early", &[("week", &week), ("sunday", &sunday)]))
            }
        }
        "reopen" => {
            store.reopen_review(monday)?;
            output::say(&tf("review.reopened", &[("week", &week)]))
        }
        _ => Ok(()),
    }
}
