//! When something goes wrong: `repbook doctor`, `backup`, `restore`
//! (issue 8 §7).

use super::Ctx;
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
    let findings = examine(&ctx.db);
    let worst = findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Ok);
    if m.get_flag("json") {
        super::output::say(&super::output::json_text(&findings, true))?;
    } else {
        let mut out = String::new();
        for f in &findings {
            let mark = match f.severity {
                Severity::Ok => t("doctor.mark_ok"),
                Severity::Warning => t("doctor.mark_warning"),
                Severity::Error => t("doctor.mark_error"),
            };
            let args: Vec<(&str, &dyn std::fmt::Display)> =
                f.args.iter().map(|(k, v)| (*k, v as &dyn std::fmt::Display)).collect();
            let _ = writeln!(out, "{mark}  {}", tf(&format!("doctor.{}", f.key), &args));
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
