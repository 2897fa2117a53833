//! `repbook sync export|import|status|conflicts|resolve|dir` (issue 11):
//! thin over [`crate::sync`] and the store.

use super::{Ctx, output};
use crate::error::{Error, Result};
use crate::i18n::{t, tf};
use crate::store::{Merged, OpenMode};
use crate::sync::crypt::{self, Passphrase, Source};
use crate::sync::{self, Selection};
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use std::io::IsTerminal as _;
use std::path::PathBuf;

fn flag(name: &'static str, key: &str) -> Arg {
    Arg::new(name).long(name).action(ArgAction::SetTrue).help(t(key).to_string())
}

fn json() -> Arg {
    flag("json", "help.json")
}

/// The `sync` command.
pub(super) fn command() -> Command {
    let path = |name: &'static str, key: &str| {
        Arg::new(name).value_name("PATH").value_parser(value_parser!(PathBuf)).help(t(key).to_string())
    };
    Command::new("sync")
        .about(t("sync.help").to_string())
        .subcommand_required(true)
        .subcommand(
            Command::new("export")
                .about(t("sync.help_export").to_string())
                .arg(Arg::new("peer").long("peer").value_name("DEVICE").help(t("sync.help_peer").to_string()))
                .arg(path("out", "sync.help_out").long("out").value_name("FILE"))
                .arg(Arg::new("customer").long("customer").value_name("ID").help(t("sync.help_customer").to_string()))
                .arg(flag("encrypt", "sync.help_encrypt"))
                .group(clap::ArgGroup::new("what").args(["peer", "customer"])),
        )
        .subcommand(
            Command::new("import")
                .about(t("sync.help_import").to_string())
                .after_help(t("sync.help_import_encrypted").to_string())
                .arg(path("file", "sync.help_file").required(true).value_name("FILE"))
                .arg(flag("dry-run", "sync.help_dry_run"))
                .arg(flag("skip-clashes", "sync.help_skip_clashes"))
                .arg(json()),
        )
        .subcommand(Command::new("status").about(t("sync.help_status").to_string()).arg(json()))
        .subcommand(Command::new("conflicts").about(t("sync.help_conflicts").to_string()).arg(json()))
        .subcommand(super::sync_conflicts::command())
        .subcommand(
            Command::new("dir")
                .about(t("sync.help_dir").to_string())
                .arg(path("path", "sync.help_dir_path"))
                .arg(flag("encrypt", "sync.help_dir_encrypt"))
                .arg(json()),
        )
}

/// `repbook sync …`.
pub fn run(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    match m.subcommand() {
        Some(("export", sub)) => export(ctx, sub),
        Some(("import", sub)) => import(ctx, sub),
        Some(("status", sub)) => status(ctx, sub),
        Some(("conflicts", sub)) => super::sync_conflicts::list(ctx, sub),
        Some(("resolve", sub)) => super::sync_conflicts::resolve(ctx, sub),
        Some(("dir", sub)) => dir(ctx, sub),
        _ => Ok(()),
    }
}

fn export(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let selection = if let Some(p) = m.get_one::<String>("peer") {
        Selection::Peer(p.clone())
    } else if let Some(c) = m.get_one::<String>("customer") {
        Selection::Customer(store.resolve(&crate::domain::schema::CUSTOMER, c)?)
    } else {
        Selection::All
    };
    let out = m.get_one::<PathBuf>("out").cloned().unwrap_or_else(|| PathBuf::from("."));
    let mut source = passphrase(true);
    let seal = if m.get_flag("encrypt") { Some(source.required()?) } else { None };
    let (path, built) = sync::export_to(&store, &selection, &out, seal)?;
    output::say(&tf(
        if seal.is_some() { "sync.exported_encrypted" } else { "sync.exported" },
        &[("count", &built.records), ("bytes", &built.bytes.len()), ("path", &path.display())],
    ))
}

/// The passphrase of this run, when a file needs one: the environment
/// variable [`crypt::ENV`] (for scripts), else asked without echo when a
/// person is at the terminal (twice when it will encrypt, so a typo does
/// not lock the file), else none — never a wait on a closed input.
fn passphrase(twice: bool) -> Source<'static> {
    Source::asking(move || {
        match std::env::var(crypt::ENV) {
            Ok(text) => return Passphrase::new(text).map(Some),
            Err(std::env::VarError::NotUnicode(_)) => return Err(Error::invalid("sync.passphrase_env", &[])),
            Err(std::env::VarError::NotPresent) => {}
        }
        if !std::io::stdin().is_terminal() {
            return Ok(None);
        }
        let ask = |key: &str| {
            rpassword::prompt_password(t(key)).map_err(|source| Error::Io { path: PathBuf::from("/dev/tty"), source })
        };
        let first = ask("sync.ask_passphrase")?;
        if !twice {
            return Passphrase::new(first).map(Some);
        }
        let again = ask("sync.ask_passphrase_again")?;
        Passphrase::confirmed(first, &again).map(Some)
    })
}

fn report_lines(r: &Merged, dry_run: bool) -> Vec<String> {
    let mut lines = vec![tf(
        if dry_run { "sync.would_import" } else { "sync.imported" },
        &[("applied", &r.applied), ("already", &r.already), ("conflicts", &r.conflicts), ("parked", &r.parked)],
    )];
    if r.joined {
        lines.push(t(if dry_run { "sync.would_join" } else { "sync.joined" }).to_string());
    }
    if r.clashes > 0 {
        lines.push(tf("sync.clashes_kept", &[("count", &r.clashes)]));
    }
    if r.replayed > 0 {
        lines.push(tf("sync.replayed", &[("count", &r.replayed)]));
    }
    if dry_run {
        for (id, c) in &r.customers {
            let name = if c.name.is_empty() {
                output::short_id(id).to_string()
            } else {
                crate::text::one_line(&c.name).to_string()
            };
            let key = if c.new { "sync.preview_new" } else { "sync.preview" };
            lines.push(tf(key, &[("name", &name), ("count", &c.applied), ("conflicts", &c.conflicts)]));
        }
    }
    if r.conflicts > 0 {
        lines.push(t("sync.see_conflicts").to_string());
    }
    lines
}

fn import(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let Some(file) = m.get_one::<PathBuf>("file") else { return Ok(()) };
    let mut store = ctx.open(OpenMode::Write)?;
    let now = store.clock().now().timestamp_millis();
    // A refusal, whether reading the file or taking it in (a value its
    // field cannot hold, another book), names the file: nothing changed.
    let refused = |e: Error| match e {
        Error::Invalid(why) => Error::Invalid(tf("sync.refused", &[("path", &file.display()), ("why", &why)])),
        e => e,
    };
    let set = sync::read_file_for(&store, file, now, &mut passphrase(false)).map_err(refused)?;
    let dry_run = m.get_flag("dry-run");
    let report = sync::apply(&mut store, &set, dry_run, m.get_flag("skip-clashes")).map_err(refused)?;
    if m.get_flag("json") {
        return output::print_json(&report, true);
    }
    for line in report_lines(&report, dry_run) {
        output::say(&line)?;
    }
    Ok(())
}

fn status(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let device = store.device().clone();
    let known = store.known()?;
    let peers = store.peers()?;
    let conflicts = store.conflicts()?.len();
    let parked = store.parked_count()?;
    let digest = store.digest()?;
    if m.get_flag("json") {
        return output::print_json(
            &serde_json::json!({
                "device": device.device_id, "dataset": device.dataset_id, "holds": known,
                "peers": peers, "conflicts": conflicts, "parked": parked, "digest": digest,
            }),
            true,
        );
    }
    let mut lines = vec![
        tf("sync.status_device", &[("device", &device.device_id), ("seq", &(device.next_seq - 1))]),
        tf("sync.status_dataset", &[("dataset", &device.dataset_id)]),
        tf("sync.status_digest", &[("digest", &digest)]),
        tf("sync.status_holds", &[("count", &known.len()), ("changes", &known.values().sum::<i64>())]),
    ];
    if peers.is_empty() {
        lines.push(t("sync.status_no_peers").to_string());
    }
    for p in &peers {
        let when = chrono::DateTime::from_timestamp_millis(p.seen_ms)
            .map(|d| d.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let missing: i64 = known.iter().map(|(o, s)| (s - p.known.get(o).copied().unwrap_or(0)).max(0)).sum();
        lines.push(tf(
            "sync.status_peer",
            &[("device", &p.device), ("when", &when), ("files", &p.files), ("missing", &missing)],
        ));
    }
    lines.push(tf("sync.status_conflicts", &[("count", &conflicts)]));
    if parked > 0 {
        lines.push(tf("sync.status_parked", &[("count", &parked)]));
    }
    for l in lines {
        output::say(&l)?;
    }
    Ok(())
}

fn dir(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let chosen =
        m.get_one::<PathBuf>("path").cloned().or_else(|| ctx.config.sync.dir.as_deref().map(sync::folder::expand));
    let Some(path) = chosen else {
        return Err(Error::invalid("sync.no_dir", &[]));
    };
    let encrypt = m.get_flag("encrypt") || ctx.config.sync.encrypt;
    let mut store = ctx.open(OpenMode::Write)?;
    let report = sync::folder::sync_with(&mut store, &path, encrypt, &mut passphrase(encrypt))?;
    if m.get_flag("json") {
        return output::print_json(&report, true);
    }
    let wrote = if encrypt { "sync.dir_wrote_encrypted" } else { "sync.dir_wrote" };
    match &report.written {
        Some((file, n)) => output::say(&tf(wrote, &[("count", n), ("path", &file.display())]))?,
        None => output::say(t("sync.dir_nothing_new"))?,
    }
    output::say(&tf("sync.dir_took", &[("count", &report.taken.len())]))?;
    for line in report_lines(&report.merged, false) {
        output::say(&line)?;
    }
    for (name, why) in &report.waiting {
        output::say(&tf("sync.dir_waiting", &[("name", &crate::text::one_line(name)), ("why", why)]))?;
    }
    Ok(())
}
