//! `repbook import FILE` and `repbook export ics|csv|xlsx` (issue 12): the
//! command line over [`crate::interop`], where every rule lives.

use super::{Ctx, output};
use crate::domain::columns::{Target, describe, header_key, parse_target};
use crate::error::{Error, Result};
use crate::i18n::{t, tf};
use crate::interop::export::{Format, What};
use crate::interop::import::{OtherAt, Plan};
use crate::store::OpenMode;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use std::path::PathBuf;

fn out_arg() -> Arg {
    Arg::new("out")
        .long("out")
        .value_name("FILE")
        .value_parser(value_parser!(PathBuf))
        .help(t("help.export_out").to_string())
}

fn flag(name: &'static str, key: &str) -> Arg {
    Arg::new(name).long(name).action(ArgAction::SetTrue).help(t(key).to_string())
}

fn table_command(name: &'static str, about: &str) -> Command {
    let what = ["customers", "people", "visits", "followups"];
    Command::new(name)
        .about(t(about).to_string())
        .args(what.map(|w| flag(w, &format!("interop.help_{w}")).conflicts_with_all(what.iter().filter(|o| **o != w))))
        .arg(Arg::new("customer").long("customer").value_name("CUSTOMER").help(t("interop.help_customer").to_string()))
        .arg(out_arg())
}

/// `export ics|csv|xlsx`.
pub fn export_command() -> Command {
    Command::new("export")
        .about(t("help.export").to_string())
        .subcommand_required(true)
        .subcommand(
            Command::new("ics")
                .about(t("help.export_ics").to_string())
                .arg(
                    Arg::new("customer")
                        .long("customer")
                        .value_name("CUSTOMER")
                        .help(t("interop.help_customer").to_string()),
                )
                .arg(out_arg()),
        )
        .subcommand(table_command("csv", "interop.help_export_csv").arg(flag("gbk", "interop.help_gbk")))
        .subcommand(table_command("xlsx", "interop.help_export_xlsx"))
        .subcommand(
            Command::new("vcard")
                .about(t("interop.help_export_vcard").to_string())
                .arg(
                    Arg::new("customer")
                        .long("customer")
                        .value_name("CUSTOMER")
                        .help(t("interop.help_customer").to_string()),
                )
                .arg(
                    Arg::new("version")
                        .long("version")
                        .value_name("3|4")
                        .value_parser(["3", "4"])
                        .default_value("3")
                        .help(t("interop.help_vcard_version").to_string()),
                )
                .arg(out_arg()),
        )
}

/// `import FILE`.
pub fn import_command() -> Command {
    Command::new("import")
        .about(t("interop.help_import").to_string())
        .arg(
            Arg::new("file")
                .required(true)
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help(t("interop.help_import_file").to_string()),
        )
        .arg(flag("dry-run", "interop.help_dry_run"))
        .arg(
            Arg::new("customer")
                .long("customer")
                .value_name("CUSTOMER")
                .help(t("interop.help_import_customer").to_string()),
        )
        .arg(Arg::new("sheet").long("sheet").value_name("NAME").help(t("interop.help_sheet").to_string()))
        .arg(
            Arg::new("map")
                .long("map")
                .value_name("COL=FIELD")
                .action(ArgAction::Append)
                .help(t("interop.help_map").to_string()),
        )
        .arg(flag("all-or-nothing", "interop.help_all_or_nothing").conflicts_with("skip-bad"))
        .arg(flag("skip-bad", "interop.help_skip_bad"))
        .arg(flag("json", "help.json"))
}

/// `repbook export …`.
pub fn export(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let Some((kind, sub)) = m.subcommand() else { return Ok(()) };
    let out = sub.get_one::<PathBuf>("out");
    if let Some(path) = out {
        crate::interop::guard_export(path, &ctx.db)?;
    }
    let customer = match sub.get_one::<String>("customer") {
        Some(c) => Some(store.resolve(&crate::domain::schema::CUSTOMER, c)?),
        None => None,
    };
    if kind == "vcard" {
        let q = crate::store::RecordQuery { customer: customer.clone(), ..Default::default() };
        let people = store.records(&crate::domain::schema::PERSON, &q)?;
        let names = store.customer_names()?;
        let version = if sub.get_one::<String>("version").map(String::as_str) == Some("4") { 4 } else { 3 };
        let text = crate::interop::vcard::write(&people, &names, version);
        return match out {
            None => output::write_raw(&text),
            Some(path) => {
                crate::interop::write_private(path, text.as_bytes())?;
                output::warn(&tf("interop.exported_cards", &[("count", &people.len()), ("path", &path.display())]));
                Ok(())
            }
        };
    }
    if kind == "ics" {
        let opts = crate::interop::ics::Options { customer, alarm_minutes: ctx.config.calendar.alarm_minutes };
        return match out {
            None => output::write_raw(&crate::interop::ics::calendar(&store, store.clock().now(), &opts)?),
            Some(path) => {
                crate::interop::ics::write(&store, store.clock().now(), &opts, path)?;
                output::warn(&tf("cli.exported", &[("path", &path.display())]));
                Ok(())
            }
        };
    }
    let what = [("people", What::People), ("visits", What::Visits), ("followups", What::Followups)]
        .into_iter()
        .find(|(f, _)| sub.get_flag(f))
        .map_or(What::Customers, |(_, w)| w);
    let sheet = crate::interop::export::table(&store, what, customer.as_deref())?;
    let format = match kind {
        "xlsx" => Format::Xlsx,
        _ if sub.get_flag("gbk") => Format::CsvGbk,
        _ => Format::Csv,
    };
    match out {
        Some(path) => {
            crate::interop::export::write(&sheet, format, path)?;
            output::warn(&tf("interop.exported_rows", &[("count", &sheet.rows.len()), ("path", &path.display())]));
            Ok(())
        }
        None if format == Format::Xlsx => Err(Error::invalid("interop.xlsx_needs_out", &[])),
        None => raw_bytes(&crate::interop::export::csv_bytes(&sheet, format)?),
    }
}

fn raw_bytes(bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Io { path: "stdout".into(), source: e }),
        _ => Ok(()),
    }
}

/// The columns' targets: guessed from the headers, then as `--map` says
/// (`COL` a header or a 1-based column number; `FIELD` a field, or `skip`).
fn mapping(headers: &[String], maps: &[String]) -> Result<Vec<Option<Target>>> {
    let mut out = crate::domain::columns::guess(headers);
    for m in maps {
        let Some((col, field)) = m.split_once('=') else {
            return Err(Error::invalid("interop.bad_map", &[("map", m)]));
        };
        let at = headers.iter().position(|h| h.trim() == col.trim()).or_else(|| {
            let key = header_key(col);
            headers.iter().position(|h| !key.is_empty() && header_key(h) == key)
        });
        let at = at
            .or_else(|| col.trim().parse::<usize>().ok().and_then(|n| n.checked_sub(1)).filter(|n| *n < headers.len()))
            .ok_or_else(|| {
                Error::invalid("interop.no_column", &[("column", &col), ("headers", &headers.join(", "))])
            })?;
        let target = match field.trim().to_ascii_lowercase().as_str() {
            "skip" | "none" | "-" | "" => None,
            _ => Some(parse_target(field).ok_or_else(|| Error::invalid("interop.no_field", &[("field", &field)]))?),
        };
        // A field is filled from one column: another that took it lets go.
        if let Some(t) = target {
            out.iter_mut().filter(|o| **o == Some(t)).for_each(|o| *o = None);
        }
        out[at] = target;
    }
    Ok(out)
}

fn preview(plan: &Plan, all_rows: bool) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let table = &plan.table;
    let sheet = table
        .sheet
        .as_deref()
        .map(|n| tf("interop.read_sheet", &[("sheet", &n), ("sheets", &table.sheets.join(", "))]));
    let _ = writeln!(s, "{}", plan.read_text());
    if let Some(sheet) = sheet {
        let _ = writeln!(s, "{sheet}");
    }
    // vCards name their fields themselves: their "columns" are the fields.
    let cards = table.header_line == 0;
    for (h, target) in table.headers.iter().zip(&plan.mapping).filter(|_| !cards) {
        if let Some(target) = target {
            let _ = writeln!(s, "  {h} → {}", describe(*target));
        }
    }
    let unmapped = plan.unmapped();
    if !unmapped.is_empty() {
        let _ = writeln!(s, "{}", tf("interop.unmapped", &[("columns", &unmapped.join(", "))]));
    }
    if all_rows {
        for r in &plan.rows {
            let _ = writeln!(s, "{}", r.describe());
        }
    }
    for b in &plan.bad {
        let _ = writeln!(s, "{}", tf("interop.bad_row", &[("line", &b.line), ("reason", &b.reason)]));
    }
    for warning in plan.close_text() {
        let _ = writeln!(s, "{warning}");
    }
    let _ = writeln!(s, "{}", plan.summary());
    s
}

fn plan_json(plan: &Plan, written: bool) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = plan
        .rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "line": r.line,
                "customer": r.customer.0,
                "customer_outcome": r.customer.1.key(),
                "person": r.person.as_ref().map(|p| &p.0),
                "person_outcome": r.person.as_ref().map(|p| p.1.key()),
            })
        })
        .collect();
    let bad: Vec<serde_json::Value> =
        plan.bad.iter().map(|b| serde_json::json!({"line": b.line, "reason": b.reason})).collect();
    let close: Vec<serde_json::Value> = plan
        .close
        .iter()
        .map(|c| {
            let (id, line) = match &c.other_at {
                OtherAt::Archive(id) => (Some(id.as_str()), None),
                OtherAt::Line(line) => (None, Some(*line)),
            };
            serde_json::json!({"line": c.line, "name": c.name, "close_to": c.other, "close_to_id": id,
                "close_to_line": line, "how": c.how.key()})
        })
        .collect();
    serde_json::json!({
        "encoding": plan.table.encoding,
        "sheet": plan.table.sheet,
        "sheets": plan.table.sheets,
        "mapping": plan.table.headers.iter().zip(&plan.mapping)
            .map(|(h, t)| serde_json::json!({"column": h, "field": t.map(Target::key)})).collect::<Vec<_>>(),
        "unmapped": plan.unmapped(),
        "rows": rows,
        "bad": bad,
        "close": close,
        "close_checked_fully": plan.close_full || plan.counts().new_customers == 0,
        "counts": plan.counts(),
        "written": written,
    })
}

/// `repbook import FILE`: read, map, preview; then the good rows in one
/// transaction after a backup, or nothing when a row is bad and
/// `--skip-bad` was not given.
pub fn import(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let Some(file) = m.get_one::<PathBuf>("file") else { return Ok(()) };
    let json = m.get_flag("json");
    let dry = m.get_flag("dry-run");
    let mut store = ctx.open(if dry { OpenMode::ReadOrWrite } else { OpenMode::Write })?;
    let customer = match m.get_one::<String>("customer") {
        Some(c) => {
            let id = store.resolve(&crate::domain::schema::CUSTOMER, c)?;
            store.get(&crate::domain::schema::CUSTOMER, &id)?.map(|e| e.text_or_empty("name").to_string())
        }
        None => None,
    };
    let (table, map) = if crate::interop::vcard::is_vcard(file) {
        let bytes = std::fs::read(file).map_err(|source| Error::Io { path: file.clone(), source })?;
        crate::interop::vcard::read(&bytes, customer.as_deref())?
    } else {
        let table = crate::interop::table::read(file, m.get_one::<String>("sheet").map(String::as_str))?;
        let maps: Vec<String> = m.get_many::<String>("map").map(|v| v.cloned().collect()).unwrap_or_default();
        let map = mapping(&table.headers, &maps)?;
        (table, map)
    };
    let plan = crate::interop::import::plan(&store, table, map)?;
    let refuse = !plan.bad.is_empty() && !m.get_flag("skip-bad");
    let write = !dry && !refuse;
    if !json {
        output::emit(&preview(&plan, dry))?;
    }
    let backup = if write { crate::interop::import::apply(&mut store, &plan)?.1 } else { None };
    if json {
        output::print_json(&plan_json(&plan, write && !plan.is_empty()), true)?;
    }
    if refuse && !dry {
        return Err(Error::invalid("interop.refused_bad", &[("count", &plan.bad.len())]));
    }
    if dry {
        output::warn(t("interop.dry_run"));
    } else if plan.is_empty() {
        output::warn(t("interop.nothing_new"));
    } else {
        match backup {
            Some(at) => output::warn(&tf("interop.imported", &[("backup", &at.display())])),
            None => output::warn(t("interop.imported_no_backup")),
        }
    }
    Ok(())
}

/// Rewrite the calendar file `[calendar] ics` names when the archive at
/// `db` changed since it was written (after a command, after the
/// interface). A failure is told, never fatal: the command did its work.
pub fn keep_calendar_current(
    config: &crate::config::Config,
    db: &std::path::Path,
    clock: &std::sync::Arc<dyn crate::clock::Clock>,
) {
    let Some(ics) = config.calendar.ics.as_deref() else { return };
    let fresh = || !db.exists() || !crate::interop::ics::is_stale(ics, db);
    let written = crate::interop::guard_export(ics, db).and_then(|()| {
        if fresh() {
            return Ok(());
        }
        let store = crate::store::Store::open(
            db,
            OpenMode::ReadOrWrite,
            clock.clone(),
            crate::domain::pinyin::Romanizer::new(&config.search.pinyin),
        )?;
        let opts = crate::interop::ics::Options { customer: None, alarm_minutes: config.calendar.alarm_minutes };
        crate::interop::ics::write(&store, store.clock().now(), &opts, ics)
    });
    if let Err(e) = written {
        output::warn(&tf("interop.calendar_failed", &[("path", &ics.display()), ("error", &e)]));
    }
}
