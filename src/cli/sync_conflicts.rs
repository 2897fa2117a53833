//! `repbook sync conflicts [--json]` and `repbook sync resolve ID
//! --keep|--other|--value TEXT`: the values kept for review, both sides.

use super::{Ctx, output};
use crate::error::{Error, Result};
use crate::i18n::{t, tf};
use crate::store::{OpenMode, Resolution};
use clap::{Arg, ArgAction, ArgMatches, Command};

/// The `sync resolve` command.
pub(super) fn command() -> Command {
    let flag =
        |name: &'static str, key: &str| Arg::new(name).long(name).action(ArgAction::SetTrue).help(t(key).to_string());
    Command::new("resolve")
        .about(t("sync.help_resolve").to_string())
        .arg(Arg::new("id").required(true).value_name("ID").help(t("sync.help_conflict_id").to_string()))
        .arg(flag("keep", "sync.help_keep"))
        .arg(flag("other", "sync.help_other"))
        .arg(Arg::new("value").long("value").value_name("TEXT").help(t("sync.help_value").to_string()))
        .group(clap::ArgGroup::new("how").args(["keep", "other", "value"]).required(true))
}

/// `repbook sync conflicts`.
pub fn list(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let all = store.conflict_views()?;
    if m.get_flag("json") {
        return output::print_json(&all, true);
    }
    if all.is_empty() {
        return output::say(t("sync.no_conflicts"));
    }
    for c in &all {
        for line in crate::sync::review::describe(c) {
            output::say(&line)?;
        }
    }
    output::say(t("sync.resolve_hint"))
}

/// `repbook sync resolve`.
pub fn resolve(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let id = m.get_one::<String>("id").map(String::as_str).unwrap_or_default();
    let how = if m.get_flag("keep") {
        Resolution::Kept
    } else if m.get_flag("other") {
        Resolution::Other
    } else if let Some(v) = m.get_one::<String>("value") {
        Resolution::Merged(v.clone())
    } else {
        return Err(Error::invalid("sync.no_conflict", &[("id", &id)]));
    };
    let mut store = ctx.open(OpenMode::Write)?;
    let c = store.resolve_conflict(id, &how)?;
    output::say(&tf("sync.resolved", &[("id", &c.id)]))
}
