//! The commands of each record noun (`repbook customer|person|visit|… add|show|edit|delete|list`),
//! built from the table's field specs.

use super::{customer_arg, field_args, filter_args, id_arg, json_arg, main_field, period_args};
use crate::domain::fields::Kind;
use crate::domain::schema::Table;
use crate::i18n::{t, tf};
use clap::{Arg, ArgAction, Command};

/// `list` of a child table: one customer's, or every customer's, with
/// deleted ones on asking; by period and status where the table has them.
pub(super) fn child_list(table: &'static Table) -> Command {
    let flag =
        |name: &'static str, key: &str| Arg::new(name).long(name).action(ArgAction::SetTrue).help(t(key).to_string());
    let about = if table.name == "followup" {
        t("help.followup_list").to_string()
    } else {
        tf("help.list_of", &[("what", &t(table.noun))])
    };
    let mut list = Command::new("list")
        .about(about)
        .arg(Arg::new("customer").value_name("CUSTOMER").help(format!(
            "{} — {}",
            t("help.customer_id"),
            t("week.help_all_customers")
        )))
        .arg(flag("deleted", "trash.help_deleted"));
    if matches!(table.name, "visit" | "trade" | "followup") {
        list = list.args(period_args());
    }
    if let Some(spec) = table.field("status") {
        let values = match spec.kind {
            Kind::Enum(values) => crate::domain::fields::choices_text(spec.name, values),
            _ => String::new(),
        };
        let status =
            Arg::new("status").long("status").value_name("VALUE").help(format!("{} [{values}]", t("week.help_status")));
        list = list.arg(match spec.kind {
            Kind::Enum(values) => super::loose(status, values),
            _ => status,
        });
    }
    if table.name == "followup" {
        list = list.arg(flag("all", "help.followup_all"));
    }
    list.arg(json_arg())
}

/// The commands of a record noun (`customer`, `visit`, …): add, show,
/// edit, delete, list.
pub(super) fn noun(table: &'static Table, about: &str) -> Command {
    let mut add = Command::new("add").about(tf("help.add", &[("what", &t(table.noun))]));
    if table.parent.is_some() {
        add = add.arg(customer_arg());
    }
    if let Some(main) = main_field(table) {
        let label = table.field(main).map_or(main, |f| f.label());
        add = add.arg(Arg::new(main).required(true).value_name(main.to_ascii_uppercase()).help(label.to_string()));
    }
    add = add.args(field_args(table, true)).arg(json_arg());
    let edit = Command::new("edit")
        .about(tf("help.edit", &[("what", &t(table.noun))]))
        .arg(id_arg(table))
        .args(field_args(table, false));
    let mut cmd = Command::new(table.name)
        .about(about.to_string())
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(add)
        .subcommand(edit)
        .subcommand(
            Command::new("show").about(tf("help.show", &[("what", &t(table.noun))])).arg(id_arg(table)).arg(json_arg()),
        );
    // Follow-ups are never deleted (they end done, or dropped with a
    // reason): they have no rm, and nothing to restore.
    if table.name != "followup" {
        cmd = cmd
            .subcommand(Command::new("rm").about(tf("help.rm", &[("what", &t(table.noun))])).arg(id_arg(table)))
            .subcommand(
                Command::new("restore").about(tf("help.restore", &[("what", &t(table.noun))])).arg(id_arg(table)),
            );
    }
    cmd = if table.name == "opportunity" {
        super::super::opportunity::commands(cmd)
    } else if table.parent.is_some() {
        cmd.subcommand(child_list(table))
    } else {
        cmd.subcommand(Command::new("list").about(t("help.customer_list").to_string()).args(filter_args()))
    };
    if table.name == "visit" {
        cmd = cmd
            .subcommand(
                Command::new("plan")
                    .about(t("help.visit_plan").to_string())
                    .arg(customer_arg())
                    .arg(
                        Arg::new("template")
                            .long("template")
                            .action(ArgAction::SetTrue)
                            .help(t("help.visit_template").to_string()),
                    )
                    .args(field_args(table, true))
                    .arg(json_arg()),
            )
            .subcommand(
                Command::new("log")
                    .about(t("help.visit_log").to_string())
                    .arg(customer_arg())
                    .arg(Arg::new("plan").long("plan").value_name("VISIT").help(t("help.visit_log_plan").to_string()))
                    .args(field_args(table, true))
                    .arg(json_arg()),
            );
    }
    if table.name == "followup" {
        let id = || id_arg(table);
        cmd = cmd
            .subcommand(Command::new("done").about(t("help.followup_done").to_string()).arg(id()))
            .subcommand(
                Command::new("snooze")
                    .about(t("help.followup_snooze").to_string())
                    .arg(id())
                    .arg(
                        Arg::new("until")
                            .long("until")
                            .required(true)
                            .value_name("DATE")
                            .help(t("expect.date").to_string()),
                    )
                    .arg(Arg::new("reason").long("reason").value_name("TEXT").help(t("field.reason").to_string())),
            )
            .subcommand(
                Command::new("reschedule").about(t("help.followup_reschedule").to_string()).arg(id()).arg(
                    Arg::new("to").long("to").required(true).value_name("DATE").help(t("expect.date").to_string()),
                ),
            )
            .subcommand(Command::new("drop").about(t("help.followup_drop").to_string()).arg(id()).arg(
                Arg::new("reason").long("reason").required(true).value_name("TEXT").help(t("field.reason").to_string()),
            ));
    }
    if table.name == "person" {
        cmd = cmd.subcommand(
            Command::new("erase")
                .about(t("help.erase").to_string())
                .arg(id_arg(table))
                .arg(Arg::new("yes").long("yes").action(ArgAction::SetTrue).help(t("help.erase_yes").to_string())),
        );
    }
    cmd
}
