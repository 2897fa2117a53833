//! The clap command tree, with help from the catalogs and one flag per field.

use super::usage;
use crate::domain::fields::{Kind, choices_text};
use crate::domain::schema::{
    COMPETITOR, CUSTOMER, CUSTOMER_KINDS, FOLLOWUP, OPPORTUNITY, PERSON, STATUSES, TRADE, Table, VISIT,
};
use crate::i18n::{t, tf};
use clap::{Arg, ArgAction, Command, value_parser};
use std::path::PathBuf;

mod localize;
mod loose;
mod nouns;
use localize::localize;
use loose::loose;
use nouns::noun;

/// The field given as the positional argument of `add` (none for records).
pub fn main_field(table: &Table) -> Option<&'static str> {
    match table.name {
        "customer" | "person" => Some("name"),
        "competitor" => Some("product"),
        "followup" => Some("what"),
        "opportunity" => Some("need"),
        _ => None,
    }
}

/// The flag for a field: `payment_habits` → `--payment-habits`.
pub fn flag(field: &str) -> String {
    field.replace('_', "-")
}

/// The text of catalog `key` in brackets after a help line, the language's
/// own (` (…)`, `（…）`).
fn aside(key: &str) -> String {
    tf("help.aside", &[("text", &t(key))])
}

fn field_args(table: &'static Table, skip_main: bool) -> Vec<Arg> {
    table
        .fields
        .iter()
        .filter(|f| f.kind != Kind::Ref && !(skip_main && Some(f.name) == main_field(table)))
        .map(|f| {
            let (value_name, extra) = match f.kind {
                Kind::Score => ("0-4", String::new()),
                Kind::Money => ("AMOUNT", String::new()),
                Kind::Date => ("DATE", aside("expect.date")),
                Kind::Birthday => ("DATE", aside("expect.birthday")),
                Kind::Bool => ("yes|no", String::new()),
                Kind::Tags => ("TAGS", aside("expect.tags")),
                Kind::Enum(values) => ("VALUE", format!(" [{}]", choices_text(f.name, values))),
                Kind::Set(values) => ("VALUES", format!(" [{}]{}", choices_text(f.name, values), aside("expect.tags"))),
                Kind::Time => ("HH:MM", String::new()),
                Kind::Rate => ("RATE", aside("expect.rate")),
                Kind::Text | Kind::Long | Kind::Ref => ("TEXT", String::new()),
                Kind::Phone => ("PHONE", String::new()),
                Kind::Email => ("EMAIL", String::new()),
            };
            let arg = Arg::new(f.name).long(flag(f.name)).value_name(value_name).help(format!("{}{extra}", f.label()));
            // Choices complete in a shell, and are still read loosely.
            match f.kind {
                Kind::Enum(values) | Kind::Set(values) => loose(arg, values),
                Kind::Bool => loose(arg, &["yes", "no"]),
                _ => arg,
            }
        })
        .collect()
}

fn json_arg() -> Arg {
    Arg::new("json").long("json").action(ArgAction::SetTrue).help(t("help.json").to_string())
}

fn id_arg(table: &Table) -> Arg {
    Arg::new("id").required(true).value_name("ID").help(tf("help.id", &[("what", &t(table.noun))]))
}

fn customer_arg() -> Arg {
    Arg::new("customer").required(true).value_name("CUSTOMER").help(t("help.customer_id").to_string())
}

fn filter_args() -> Vec<Arg> {
    let opt = |name: &'static str, key: &str| Arg::new(name).long(name).value_name("VALUE").help(t(key).to_string());
    vec![
        loose(opt("class", "help.filter_class"), &["A", "B", "C", "A1", "A2", "B1", "B2"]),
        loose(opt("kind", "help.filter_kind"), CUSTOMER_KINDS),
        loose(opt("status", "help.filter_status"), STATUSES),
        opt("industry", "help.filter_industry"),
        opt("region", "help.filter_region"),
        opt("city", "help.filter_city"),
        opt("tag", "help.filter_tag"),
        loose(opt("due", "help.filter_due"), &["overdue", "due", "ok"]),
        Arg::new("vip").long("vip").action(ArgAction::SetTrue).help(t("help.filter_vip").to_string()),
        Arg::new("qualified")
            .long("qualified")
            .action(ArgAction::SetTrue)
            .help(t("qualify.help_qualified").to_string()),
        Arg::new("score-min")
            .long("score-min")
            .value_name("N")
            .allow_negative_numbers(true)
            .value_parser(score_min)
            .help(t("qualify.help_score_min").to_string()),
        Arg::new("deleted").long("deleted").action(ArgAction::SetTrue).help(t("help.filter_deleted").to_string()),
        json_arg(),
    ]
}

/// `--score-min N`: a whole number the score can reach (golden traits
/// minus poor ones), else a sentence naming the range.
fn score_min(text: &str) -> Result<i64, usage::Said> {
    let (low, high) = crate::domain::qualify::SCORE_RANGE;
    text.trim().parse::<i64>().ok().filter(|n| (low..=high).contains(n)).ok_or_else(|| {
        usage::Said(tf("qualify.score_range", &[("low", &low.to_string()), ("high", &high.to_string())]))
    })
}

/// `--week [W]`, `--month M`, `--from DATE --to DATE`: a period.
fn period_args() -> [Arg; 4] {
    let opt = |name: &'static str, value: &'static str, key: &str| {
        Arg::new(name).long(name).value_name(value).help(t(key).to_string())
    };
    [
        // A week as `plan --week` and `review --week` read it; alone, this
        // week.
        Arg::new("week")
            .long("week")
            .value_name("YYYY-Www")
            .num_args(0..=1)
            .default_missing_value("this week")
            .help(t("week.help_week").to_string())
            .conflicts_with_all(["month", "from", "to"]),
        opt("month", "YYYY-MM", "week.help_month").conflicts_with_all(["from", "to"]),
        opt("from", "DATE", "week.help_from"),
        opt("to", "DATE", "week.help_to"),
    ]
}

/// `repbook undo` and `repbook trash`.
fn undo_and_trash() -> [Command; 2] {
    let undo = Command::new("undo")
        .about(t("undo.help").to_string())
        .arg(Arg::new("tx").value_name("TX").help(t("undo.help_tx").to_string()))
        .arg(
            Arg::new("list")
                .long("list")
                .action(ArgAction::SetTrue)
                .conflicts_with("tx")
                .help(t("undo.help_list").to_string()),
        )
        .arg(json_arg());
    let list = || {
        Command::new("list")
            .about(t("trash.help_list").to_string())
            .arg(
                Arg::new("customer").long("customer").value_name("CUSTOMER").help(t("trash.help_customer").to_string()),
            )
            .arg(json_arg())
    };
    let trash = Command::new("trash")
        .about(t("trash.help").to_string())
        .args(list().get_arguments().cloned().collect::<Vec<_>>())
        .subcommand(list())
        .subcommand(
            Command::new("restore")
                .about(t("trash.help_restore").to_string())
                .arg(id_arg(&CUSTOMER).help(t("trash.help_id").to_string()))
                .arg(
                    Arg::new("with-customer")
                        .long("with-customer")
                        .action(ArgAction::SetTrue)
                        .help(t("trash.help_with_customer").to_string()),
                ),
        );
    [undo, trash]
}

/// `report visits`: the month's visit statistics table.
fn report() -> Command {
    let flag =
        |name: &'static str, key: &str| Arg::new(name).long(name).action(ArgAction::SetTrue).help(t(key).to_string());
    let figures = Command::new("figures")
        .about(t("figures.help").to_string())
        .args(period_args())
        .arg(flag("markdown", "report.help_markdown"))
        .arg(json_arg())
        .group(clap::ArgGroup::new("format").args(["markdown", "json"]));
    Command::new("report")
        .about(t("report.help").to_string())
        .subcommand_required(true)
        .subcommand(figures)
        .subcommand(super::opportunity::report_command())
        .subcommand(
            Command::new("visits")
                .about(t("report.help_visits").to_string())
                .arg(Arg::new("month").long("month").value_name("YYYY-MM").help(t("report.help_month").to_string()))
                .arg(flag("csv", "report.help_csv"))
                .arg(flag("markdown", "report.help_markdown"))
                .arg(flag("xlsx", "report.help_xlsx"))
                .arg(json_arg())
                .group(clap::ArgGroup::new("format").args(["csv", "markdown", "xlsx", "json"]))
                .arg(
                    Arg::new("out")
                        .long("out")
                        .value_name("FILE")
                        .value_parser(value_parser!(PathBuf))
                        .help(t("report.help_out").to_string()),
                ),
        )
}

/// The whole command tree.
pub fn command() -> Command {
    localize(root()).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(t("help.version").to_string())
            .help_heading(t("help.options_heading").to_string()),
    )
}

// One builder chain: the root command and its global options, read top to
// bottom as `repbook --help` shows them.
#[allow(clippy::too_many_lines)]
fn root() -> Command {
    Command::new("repbook")
        .version(env!("CARGO_PKG_VERSION"))
        .about(t("help.about").to_string())
        .arg(
            Arg::new("db")
                .long("db")
                .global(true)
                .display_order(1000)
                .env("REPBOOK_DB")
                .hide_env(true)
                .value_name("PATH")
                .value_parser(value_parser!(PathBuf))
                .help(t("help.db").to_string()),
        )
        .arg(
            Arg::new("config")
                .long("config")
                .global(true)
                .display_order(1001)
                .value_name("PATH")
                .help(t("help.config").to_string()),
        )
        .arg(loose(
            Arg::new("lang")
                .long("lang")
                .global(true)
                .display_order(1002)
                .value_name("LANG")
                .help(t("help.lang").to_string()),
            &["en", "zh-CN", "auto"],
        ))
        .arg(
            Arg::new("demo").long("demo").global(true).action(ArgAction::SetTrue).help(t("help.demo_flag").to_string()),
        )
        .subcommand(noun(&CUSTOMER, t("help.customer")))
        .subcommand(noun(&PERSON, t("help.person")))
        .subcommand(noun(&COMPETITOR, t("help.competitor")))
        .subcommand(noun(&TRADE, t("help.trade")))
        .subcommand(noun(&VISIT, t("help.visit")))
        .subcommand(noun(&FOLLOWUP, t("help.followup")))
        .subcommand(noun(&OPPORTUNITY, t("help.opportunity")))
        .subcommands(undo_and_trash())
        .subcommand(Command::new("due").about(t("help.due").to_string()).arg(json_arg()))
        .subcommand(super::interop::export_command())
        .subcommand(super::interop::import_command())
        .subcommand(
            Command::new("search")
                .about(t("help.search").to_string())
                .arg(
                    Arg::new("query")
                        .required(true)
                        .num_args(1..)
                        .value_name("QUERY")
                        .help(t("help.query").to_string()),
                )
                .arg(
                    Arg::new("limit")
                        .long("limit")
                        .value_name("N")
                        .value_parser(value_parser!(usize))
                        .help(t("help.limit").to_string()),
                )
                .arg(json_arg()),
        )
        .subcommand(report())
        .subcommands(super::plan::commands())
        .subcommand(super::sync::command())
        .subcommand(Command::new("doctor").about(t("help.doctor").to_string()).arg(json_arg()))
        .subcommand(
            Command::new("completions").about(t("help.completions").to_string()).arg(
                Arg::new("shell")
                    .required(true)
                    .value_name("SHELL")
                    .value_parser(["bash", "zsh", "fish"])
                    .help(t("help.completions_shell").to_string()),
            ),
        )
        .subcommand(
            Command::new("man")
                .about(t("help.man").to_string())
                .arg(Arg::new("command").num_args(0..).value_name("COMMAND").help(t("help.man_command").to_string())),
        )
        .subcommand(
            Command::new("backup").about(t("help.backup").to_string()).arg(
                Arg::new("out")
                    .long("out")
                    .value_name("FILE")
                    .value_parser(value_parser!(PathBuf))
                    .help(t("help.backup_out").to_string()),
            ),
        )
        .subcommand(
            Command::new("restore")
                .about(t("help.restore_archive").to_string())
                .arg(
                    Arg::new("file")
                        .required(true)
                        .value_name("FILE")
                        .value_parser(value_parser!(PathBuf))
                        .help(t("help.restore_file").to_string()),
                )
                .arg(Arg::new("yes").long("yes").action(ArgAction::SetTrue).help(t("help.restore_yes").to_string())),
        )
        .subcommand(
            Command::new("demo")
                .about(t("help.demo").to_string())
                .arg(
                    Arg::new("customers")
                        .long("customers")
                        .value_name("N")
                        .default_value("60")
                        .value_parser(value_parser!(usize))
                        .help(t("help.demo_customers").to_string()),
                )
                .arg(Arg::new("force").long("force").action(ArgAction::SetTrue).help(t("help.demo_force").to_string())),
        )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_tree_is_consistent() {
        super::command().debug_assert();
    }
}
