//! When something goes wrong: `repbook doctor`, `backup`, `restore`
//! (issue 8 §7).

use super::Ctx;
use crate::domain::schema::CUSTOMER;
use crate::error::{Error, Result};
use crate::i18n::{t, tf};
use crate::store::OpenMode;
use crate::store::doctor::{Severity, examine};
use clap::ArgMatches;
use std::fmt::Write as _;
use std::path::PathBuf;

/// `repbook doctor [--json]`: exit 0 when nothing is wrong (warnings are
/// printed), 1 when the archive cannot be trusted as it is.
pub fn doctor(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let mut findings = examine(&ctx.db);
    // Where the rest of repbook's files are: the configuration in force.
    findings.push(match &ctx.config.file {
        Some(p) => crate::store::doctor::Finding::ok("config", &[("path", p.display().to_string())]),
        None => crate::store::doctor::Finding::ok(
            "config_default",
            &[("path", crate::config::default_path().map(|p| p.display().to_string()).unwrap_or_default())],
        ),
    });
    let worst = findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Ok);
    if m.get_flag("json") {
        super::output::say(&super::output::json_text(&findings, true))?;
    } else {
        let mut out = String::new();
        for f in &findings {
            let _ = writeln!(out, "{}  {}", f.severity.mark(), f.text());
        }
        super::output::emit(&out)?;
    }
    if worst == Severity::Error {
        return Err(Error::Failed(t("doctor.found_errors").to_string()));
    }
    Ok(())
}

/// `repbook backup [--out FILE]`.
pub fn backup(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let out = store.backup(m.get_one::<PathBuf>("out").map(PathBuf::as_path))?;
    super::output::say(&tf("cli.backup_done", &[("path", &out.display())]))?;
    Ok(())
}

/// `repbook restore FILE --yes`: the backup is checked before anything
/// changes; the replaced archive is kept aside.
pub fn restore(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let from = m.get_one::<PathBuf>("file").cloned().unwrap_or_default();
    if !m.get_flag("yes") {
        return Err(Error::invalid(
            "error.restore_needs_yes",
            &[("path", &ctx.db.display()), ("from", &from.display())],
        ));
    }
    let aside = crate::store::restore(&ctx.db, &from, ctx.clock.clone())?;
    super::output::say(&tf("cli.archive_restored", &[("path", &ctx.db.display()), ("from", &from.display())]))?;
    if let Some(aside) = aside {
        super::output::say(&tf("cli.restored_aside", &[("aside", &aside.display())]))?;
    }
    Ok(())
}

/// `repbook undo [--list] [TX]`: take back this device's last write (or
/// write TX) with a new write; `--list` shows the latest writes.
pub fn undo(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let json = m.get_flag("json");
    if m.get_flag("list") {
        let store = ctx.open(OpenMode::ReadOrWrite)?;
        let writes = store.writes(20)?;
        if json {
            let rows: Vec<serde_json::Value> = writes
                .iter()
                .map(|w| serde_json::json!({ "tx": w.tx, "at_ms": w.at_ms, "what": w.describe() }))
                .collect();
            return super::output::print_json(&rows, true);
        }
        if writes.is_empty() {
            return super::output::say(t("undo.no_writes"));
        }
        let mut out = String::new();
        for w in &writes {
            let when = store.clock().local(w.at_ms).map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
            let what = crate::text::one_line(&w.describe()).into_owned();
            let _ = writeln!(out, "{}", tf("undo.list_line", &[("tx", &w.tx), ("when", &when), ("what", &what)]));
        }
        return super::output::emit(&out);
    }
    // Read here rather than by clap, so that the error says what a TX is.
    let given = match m.get_one::<String>("tx") {
        Some(raw) => Some(
            raw.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| Error::invalid("undo.bad_tx", &[("value", &crate::text::one_line(raw))]))?,
        ),
        None => None,
    };
    let mut store = ctx.open(OpenMode::Write)?;
    let tx = match given.as_ref() {
        Some(tx) => *tx,
        None => store.writes(1)?.first().map(|w| w.tx).ok_or_else(|| Error::invalid("undo.no_writes", &[]))?,
    };
    let undone = store.undo_tx(tx)?;
    if json {
        return super::output::print_json(
            &serde_json::json!({ "undid": tx, "tx": undone.tx, "what": undone.undid.describe(), "kept": undone.kept }),
            false,
        );
    }
    super::output::say(&undone.message())
}

/// `repbook trash [list] [--customer ID] [--json]` and
/// `repbook trash restore ID [--with-customer]`.
pub fn trash(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    if let Some(("restore", sub)) = m.subcommand() {
        let mut store = ctx.open(OpenMode::Write)?;
        let (table, id) = store.resolve_trash(super::records::arg(sub, "id"))?;
        let with_customer = sub.get_flag("with-customer");
        if let Some(c) = store.deleted_customer_of(table, &id)?
            && !with_customer
        {
            return Err(Error::invalid("trash.cli_with_customer", &[("name", &c.title())]));
        }
        let name = store.get(table, &id)?.map(|e| e.label()).unwrap_or_default();
        let changed = store.write(|w| w.restore(table, &id, with_customer))?;
        let key = if changed { "trash.cli_restored" } else { "cli.already_alive" };
        let what = t(table.noun);
        return super::output::say(&tf(key, &[("what", &what), ("name", &name), ("id", &id)]));
    }
    let sub = match m.subcommand() {
        Some(("list", sub)) => sub,
        _ => m,
    };
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let customer = sub.get_one::<String>("customer").map(|c| store.resolve(&CUSTOMER, c)).transpose()?;
    let items = store.trash(customer.as_deref())?;
    if sub.get_flag("json") {
        return super::output::print_json(&items, true);
    }
    if items.is_empty() {
        return super::output::say(t("trash.cli_empty"));
    }
    let mut out = String::new();
    let rows: Vec<[String; 5]> = items.iter().map(|i| crate::text::trash_cells(store.clock(), i)).collect();
    // Columns as wide as their widest cell: a kind or a name is never cut.
    let width = |c: usize| rows.iter().map(|r| unicode_width::UnicodeWidthStr::width(r[c].as_str())).max().unwrap_or(0);
    let (what_w, name_w) = (width(2), width(3));
    for [id, when, what, name, customer] in &rows {
        let (what, name) = (crate::text::pad(what, what_w), crate::text::pad(name, name_w));
        let _ = writeln!(out, "{id}  {when}  {what}  {name}  {customer}");
    }
    let _ = writeln!(out, "{}", tf("cli.count", &[("count", &items.len())]));
    super::output::emit(&out)
}
