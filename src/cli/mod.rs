//! The command line (DESIGN.md §7). Built with clap's builder API so that the
//! flags for every archive field come from the schema and every help text
//! from the catalogs, in the user's language.

mod args;
mod care;
mod docs;
mod interop;
mod opportunity;
mod output;
mod plan;
mod records;
mod report;
mod review;
mod sync;
mod sync_conflicts;
mod usage;
mod visits;

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::domain::pinyin::Romanizer;
use crate::error::{Error, Result};
use crate::i18n::{Lang, t, tf};
use crate::store::{OpenMode, Store};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Number of customers in the demo archive `--demo` opens.
pub const DEMO_CUSTOMERS: usize = 60;

/// What every command needs: the archive's path and the configuration.
pub struct Ctx {
    /// The archive file.
    pub db: PathBuf,
    /// True when the archive is the demo's.
    pub demo: bool,
    /// The configuration in force.
    pub config: Config,
    /// The clock.
    pub clock: Arc<dyn Clock>,
}

impl Ctx {
    /// Open the archive for this command.
    pub fn open(&self, mode: OpenMode) -> Result<Store> {
        let mut store = Store::open(&self.db, mode, self.clock.clone(), Romanizer::new(&self.config.search.pinyin))?;
        // A demo archive is rebuilt at will: no daily backups of it.
        store.keep_daily_backups(if self.demo { 0 } else { self.config.backup.keep });
        store.set_stages(self.config.funnel.stages());
        if let Some(note) = store.read_only_note() {
            output::warn(t(note));
        }
        Ok(store)
    }
}

/// Find `--flag VALUE` or `--flag=VALUE` before clap runs (language and config
/// decide the language of clap's own help).
fn early_flag(args: &[OsString], flag: &str) -> Option<String> {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy().into_owned());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == flag {
            return it.next();
        }
        if let Some(v) = a.strip_prefix(&format!("{flag}=")) {
            return Some(v.to_string());
        }
    }
    None
}

fn setup(args: &[OsString]) -> Result<Config> {
    let explicit = early_flag(args, "--config").or_else(|| std::env::var("REPBOOK_CONFIG").ok()).map(PathBuf::from);
    let (config, _) = Config::load(explicit.as_deref())?;
    let lang_tag = early_flag(args, "--lang").unwrap_or_else(|| config.language.clone());
    let lang = match Lang::parse(&lang_tag) {
        Ok(Some(l)) => l,
        Ok(None) => Lang::from_env(),
        Err(tag) => return Err(Error::invalid("error.bad_lang", &[("lang", &tag)])),
    };
    crate::i18n::set_lang(lang);
    Ok(config)
}

/// What the binary does after the CLI has run.
pub enum Next {
    /// Exit with this code.
    Exit(ExitCode),
    /// Start the terminal interface (`repbook` alone in a terminal): `main`
    /// decides, so the CLI never depends on the interface.
    Interface(Box<Interface>),
}

/// Everything the interface needs to start.
pub struct Interface {
    /// The open archive.
    pub store: Store,
    /// The configuration in force.
    pub config: Config,
    /// The archive's name for the status bar.
    pub label: String,
    /// The archive file.
    pub db: PathBuf,
}

/// The first word after the global options (the command), and where it is.
fn first_word(args: &[OsString]) -> Option<(usize, String)> {
    let mut i = 1;
    while let Some(a) = args.get(i) {
        let a = a.to_string_lossy();
        if !a.starts_with('-') {
            return Some((i, a.into_owned()));
        }
        // A global option's value follows it unless written with `=`.
        i += if matches!(a.as_ref(), "--db" | "--config" | "--lang") { 2 } else { 1 };
    }
    None
}

/// Where the archive of `args` is, guessed before they are parsed (as
/// [`db_path`] finds it: `--demo`, else `--db` or `REPBOOK_DB`, else the
/// default), for reading ahead only.
fn db_guess(args: &[OsString]) -> Option<PathBuf> {
    let (mut db, mut demo) = (None, false);
    let mut rest = args.iter().skip(1);
    while let Some(a) = rest.next() {
        match a.to_str() {
            Some("--") => break,
            Some("--db") => db = rest.next().map(PathBuf::from),
            Some("--demo") => demo = true,
            Some(s) => {
                if let Some(path) = s.strip_prefix("--db=") {
                    db = Some(PathBuf::from(path));
                }
            }
            None => {}
        }
    }
    let path = if demo {
        crate::store::demo_db_path()?
    } else {
        db.or_else(|| std::env::var_os("REPBOOK_DB").filter(|v| !v.is_empty()).map(PathBuf::from))
            .or_else(crate::store::default_db_path)?
    };
    Some(path.canonicalize().unwrap_or(path))
}

/// `repbook [GLOBAL OPTIONS] help [COMMAND…]` as `repbook [GLOBAL OPTIONS]
/// [COMMAND…] --help`; `None` when the first word is not `help`.
fn help_command(args: &[OsString]) -> Option<Vec<OsString>> {
    let (i, word) = first_word(args)?;
    (word == "help").then(|| {
        let mut out: Vec<OsString> = args[..i].to_vec();
        out.extend(args[i + 1..].iter().cloned());
        out.push("--help".into());
        out
    })
}

/// Run the CLI on these arguments: a command's exit code, or a request to
/// start the interface.
pub fn main_with(args: &[OsString]) -> Next {
    crate::i18n::set_lang(Lang::from_env());
    // A search reads the saved index while the arguments, the config and
    // the archive are read (a guess from the first word and the arguments,
    // checked against the archive once it is open: a wrong guess of where
    // it is is not used).
    if first_word(args).is_some_and(|(_, w)| w == "search")
        && let Some(db) = db_guess(args)
    {
        crate::search::persist::read_ahead(&db);
    }
    let config = match setup(args) {
        Ok(c) => c,
        Err(e) => return Next::Exit(fail(&e)),
    };
    // `repbook help [COMMAND…]` is `repbook [COMMAND…] --help`.
    let helped = help_command(args);
    let args = helped.as_deref().unwrap_or(args);
    let matches = match args::command().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                // `repbook customer`: its help, on stderr as a usage error.
                output::warn(usage::placeholders(&e.render().to_string()).trim_end());
            } else if e.use_stderr() {
                // A usage error in the user's language; it quotes what was
                // typed: escaped like all output.
                output::warn(usage::error_text(&e).trim_end());
            } else if crate::i18n::lang() == Lang::En {
                let _ = e.print();
            } else {
                // Help: clap's placeholders ([OPTIONS]) in the user's language.
                let help = usage::placeholders(&e.render().to_string());
                let _ = output::emit(&format!("{}\n", help.trim_end()));
            }
            return Next::Exit(ExitCode::from(if e.use_stderr() { 2 } else { 0 }));
        }
    };
    // Shell completions and the manual need no archive.
    match matches.subcommand() {
        Some(("completions", sub)) => return Next::Exit(finish(docs::completions(sub))),
        Some(("man", sub)) => return Next::Exit(finish(docs::man(sub))),
        _ => {}
    }
    match dispatch(&matches, config) {
        Ok(next) => next,
        Err(e) => Next::Exit(fail(&e)),
    }
}

fn finish(r: Result<()>) -> ExitCode {
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// Print an error as the CLI does (one sentence on stderr) and give its
/// exit code.
pub fn fail(e: &Error) -> ExitCode {
    // An error may quote a value the user gave: escaped like all output.
    output::warn(&format!("repbook: {e}"));
    ExitCode::from(e.exit_code())
}

fn db_path(m: &clap::ArgMatches) -> Result<(PathBuf, bool)> {
    if m.get_flag("demo") {
        return crate::store::demo_db_path().map(|p| (p, true)).ok_or_else(|| Error::invalid("error.no_data_dir", &[]));
    }
    if let Some(p) = m.get_one::<PathBuf>("db") {
        // A `--db` in a folder that does not exist is a typo, not a place
        // to create (repbook makes only its own data directory).
        if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty() && !d.is_dir()) {
            return Err(Error::invalid("error.db_folder_missing", &[("path", &p.display()), ("dir", &dir.display())]));
        }
        return Ok((p.clone(), false));
    }
    crate::store::default_db_path().map(|p| (p, false)).ok_or_else(|| Error::invalid("error.no_data_dir", &[]))
}

fn dispatch(m: &clap::ArgMatches, config: Config) -> Result<Next> {
    let (db, demo) = db_path(m)?;
    // Through a link, the file it points to is the archive: its backups,
    // its erase and its doctor are beside it, not beside the link.
    let db = db.canonicalize().unwrap_or(db);
    let ctx = Ctx { db, demo, config, clock: Arc::new(SystemClock) };
    if ctx.demo && m.subcommand_name() != Some("demo") {
        ensure_demo(&ctx)?;
    }
    if m.subcommand().is_none() {
        let db = ctx.db.clone();
        return overview(ctx).map_err(|e| e.located(&db));
    }
    // Damage found in the middle of a command names the file and its backup.
    command(m, &ctx).map_err(|e| e.located(&ctx.db))?;
    interop::keep_calendar_current(&ctx.config, &ctx.db, &ctx.clock);
    Ok(Next::Exit(ExitCode::SUCCESS))
}

fn command(m: &clap::ArgMatches, ctx: &Ctx) -> Result<()> {
    match m.subcommand() {
        None => Ok(()),
        Some(("demo", sub)) => records::demo(ctx, sub, m.contains_id("db") && m.value_source("db").is_some()),
        Some(("search", sub)) => records::search(ctx, sub),
        Some(("due", sub)) => visits::due(ctx, sub),
        Some(("export", sub)) => interop::export(ctx, sub),
        Some(("import", sub)) => interop::import(ctx, sub),
        Some(("report", sub)) => report::report(ctx, sub),
        Some(("plan", sub)) => plan::plan(ctx, sub),
        Some(("review", sub)) => review::review(ctx, sub),
        Some(("doctor", sub)) => care::doctor(ctx, sub),
        Some(("backup", sub)) => care::backup(ctx, sub),
        Some(("restore", sub)) => care::restore(ctx, sub),
        Some(("undo", sub)) => care::undo(ctx, sub),
        Some(("sync", sub)) => sync::run(ctx, sub),
        Some(("trash", sub)) => care::trash(ctx, sub),
        Some((noun, sub)) => records::noun(ctx, noun, sub),
    }
}

/// After the interface: rewrite the calendar file `[calendar] ics` names
/// if the session changed the archive.
pub fn after_interface(config: &Config, db: &std::path::Path) {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    interop::keep_calendar_current(config, db, &clock);
}

/// Build the demo archive the first time `--demo` is used.
fn ensure_demo(ctx: &Ctx) -> Result<()> {
    if ctx.db.exists() {
        return Ok(());
    }
    output::warn(&tf("cli.demo_building", &[("path", &ctx.db.display())]));
    let mut store = ctx.open(OpenMode::Write)?;
    crate::demo::generate(&mut store, DEMO_CUSTOMERS, crate::demo::SEED)?;
    Ok(())
}

/// `repbook` with no command: the terminal interface when run in a
/// terminal, else (piped, cron) a text overview.
fn overview(ctx: Ctx) -> Result<Next> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        let store = ctx.open(OpenMode::ReadOrWrite)?;
        let label = if ctx.demo {
            t("tui.demo_label").to_string()
        } else {
            ctx.db.file_name().map_or_else(|| ctx.db.display().to_string(), |n| n.to_string_lossy().into_owned())
        };
        return Ok(Next::Interface(Box::new(Interface { store, config: ctx.config, label, db: ctx.db })));
    }
    text_overview(&ctx).map(|()| Next::Exit(ExitCode::SUCCESS))
}

/// What is in the archive and where to go next, as text.
fn text_overview(ctx: &Ctx) -> Result<()> {
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let counts = store.tier_counts()?;
    let total: usize = counts.values().sum();
    let by_tier: Vec<String> = counts.iter().map(|(k, v)| format!("{} {v}", k.as_str())).collect();
    let mut out = String::new();
    let _ = writeln!(out, "{}", tf("cli.overview", &[("path", &ctx.db.display()), ("count", &total)]));
    if total > 0 {
        let _ = writeln!(out, "  {}", by_tier.join("  "));
    }
    let demo = if ctx.demo { " --demo" } else { "" };
    let _ = writeln!(out, "\n{}", tf("cli.overview_hint", &[("demo", &demo)]));
    output::emit(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archive_guessed_before_parsing_is_the_one_parsing_finds() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.sqlite3");
        let a_text = a.display().to_string();
        let with_eq = format!("--db={a_text}");
        for args in [
            vec!["repbook", "search", "cq"],
            vec!["repbook", "--db", &a_text, "search", "cq"],
            vec!["repbook", "search", "--db", &a_text, "cq"],
            vec!["repbook", &with_eq, "search", "cq"],
            vec!["repbook", "--demo", "search", "cq"],
            vec!["repbook", "--lang", "en", "search", "--limit", "3", "cq"],
        ] {
            let args: Vec<OsString> = args.into_iter().map(OsString::from).collect();
            let m = args::command().try_get_matches_from(&args).unwrap();
            let Ok((parsed, _)) = db_path(&m) else { continue };
            let parsed = parsed.canonicalize().unwrap_or(parsed);
            assert_eq!(db_guess(&args), Some(parsed), "{args:?}");
        }
        let first = |v: &[&str]| first_word(&v.iter().map(OsString::from).collect::<Vec<_>>()).map(|(_, w)| w);
        assert_eq!(first(&["repbook", "--db", "x.db", "search", "cq"]).as_deref(), Some("search"));
        assert_eq!(first(&["repbook", "--lang", "zh-CN"]), None);
    }
}
