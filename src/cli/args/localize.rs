//! The command tree in the user's language: headings, usage line, value
//! names, defaults and allowed values from the catalogs instead of clap's
//! English.

use crate::i18n::{t, tf};
use clap::{Arg, ArgAction, Command};

/// A value name (`DATE`, `CUSTOMER`) in the active language (`日期`, `客户`).
fn value_name(name: &str) -> String {
    let key = format!("value.{}", name.to_ascii_lowercase().replace('|', "_or_"));
    crate::i18n::lookup(&key).unwrap_or(name).to_string()
}

/// An argument's default value and allowed values written into its help in
/// the user's language, instead of clap's English `[default: …]` and
/// `[possible values: …]`.
fn defaults_and_choices(a: Arg) -> Arg {
    let help = a.get_help().map(ToString::to_string).unwrap_or_default();
    let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    // A loose argument's help says its choices in the user's words already.
    let choices: Vec<String> = if a.is_hide_possible_values_set() {
        Vec::new()
    } else {
        a.get_possible_values().iter().map(|v| v.get_name().to_string()).collect()
    };
    let mut extra = String::new();
    if !choices.is_empty() {
        let values = choices.join(t("clap.list_separator"));
        extra = format!(" [{}]", tf("help.possible", &[("values", &values)]));
    }
    if !defaults.is_empty() {
        extra = format!("{extra} [{}]", tf("help.default", &[("value", &defaults.join(", "))]));
    }
    if extra.is_empty() {
        return a;
    }
    a.hide_default_value(true).hide_possible_values(true).help(format!("{help}{extra}"))
}

/// Headings, usage line and value names in the user's language on every
/// command.
pub(super) fn localize(cmd: Command) -> Command {
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        t("help.usage_heading")
    );
    let cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help(t("help.help").to_string()))
        .help_template(template)
        .subcommand_help_heading(t("help.commands_heading").to_string())
        .mut_args(|a| {
            let heading = if a.is_positional() { t("help.arguments_heading") } else { t("help.options_heading") };
            let names: Vec<String> = a.get_value_names().unwrap_or_default().iter().map(|n| value_name(n)).collect();
            let a = a.help_heading(heading.to_string());
            let a = if names.is_empty() { a } else { a.value_names(names) };
            defaults_and_choices(a)
        });
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_string()).collect();
    names.into_iter().fold(cmd, |cmd, name| cmd.mut_subcommand(name, localize))
}
