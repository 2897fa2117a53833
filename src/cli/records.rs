//! Handlers for the archive nouns, `search` and `demo`.

use super::Ctx;
use super::args::{flag, main_field};
use super::output;
use crate::domain::cadence::Due;
use crate::domain::classify::{Class, Tier};
use crate::domain::fields::{Kind, Value};
use crate::domain::schema::{self, CUSTOMER, PERSON, Table, VISIT};
use crate::error::{Error, Result};
use crate::i18n::{t, tf};
use crate::store::{CustomerFilter, OpenMode, Store};
use chrono::NaiveDate;
use clap::ArgMatches;

fn table_of(noun: &str) -> Result<&'static Table> {
    schema::table(noun).ok_or_else(|| Error::Invalid(format!("unknown command {noun}")))
}

/// Parse every field flag the user gave (dates may be everyday words).
pub(super) fn field_values(
    table: &'static Table,
    m: &ArgMatches,
    today: NaiveDate,
) -> Result<Vec<(&'static str, Value)>> {
    field_values_as(table, m, today, None, None)
}

/// [`field_values`] for a record whose status and time stand as `status`
/// and `time` (stored, or the verb's: a visit logged is `done`) unless
/// typed: a visit's date follows its status and takes the time typed with
/// it (`--date "fri 3pm"`), by the one rule of `dates::when`.
pub(super) fn field_values_as(
    table: &'static Table,
    m: &ArgMatches,
    today: NaiveDate,
    status: Option<&str>,
    time: Option<&str>,
) -> Result<Vec<(&'static str, Value)>> {
    use crate::domain::dates::when;
    let typed = |name: &str| m.try_get_one::<String>(name).ok().flatten();
    let mut out = Vec::new();
    let mut fill = None;
    for spec in table.fields {
        let Some(raw) = typed(spec.name) else { continue };
        if spec.kind == Kind::Date {
            let status = match (typed("status"), table.field("status")) {
                (Some(s), Some(f)) => f.parse(s)?.as_text().map(str::to_string),
                _ => status.map(str::to_string),
            };
            let time = typed("time").map(String::as_str).or(time);
            let around = when::around(table, spec, status.as_deref(), time);
            let (date, time) = when::read_field(spec, raw, today, around)?;
            out.push((spec.name, date));
            fill = fill.or(time);
        } else {
            out.push((spec.name, spec.parse_on(raw, today)?));
        }
    }
    out.extend(fill);
    Ok(out)
}

/// `repbook <noun> <verb>`.
pub fn noun(ctx: &Ctx, noun: &str, m: &ArgMatches) -> Result<()> {
    let table = table_of(noun)?;
    let Some((verb, sub)) = m.subcommand() else {
        return Ok(());
    };
    let json = sub.try_get_one::<bool>("json").ok().flatten().copied().unwrap_or(false);
    if std::ptr::eq(table, &raw const crate::domain::schema::OPPORTUNITY)
        && let Some(done) = super::opportunity::verb(ctx, verb, sub)
    {
        return done;
    }
    match verb {
        "add" | "plan" => add(ctx, table, sub, json, verb == "plan"),
        "log" => super::visits::log(ctx, sub, json),
        "done" | "snooze" | "reschedule" | "drop" => super::visits::followup(ctx, verb, sub),
        "list" if table.parent.is_some() => super::visits::list_records(ctx, table, sub, json),
        "edit" => edit(ctx, table, sub),
        "show" => {
            let store = ctx.open(OpenMode::ReadOrWrite)?;
            let id = store.resolve(table, arg(sub, "id"))?;
            if std::ptr::eq(table, &raw const CUSTOMER) {
                let dossier = store.dossier(&id)?;
                // The same standing the interface's Overview shows.
                let standing = if dossier.customer.alive {
                    Some(store.standing(&ctx.config.cadence, &dossier.customer, store.clock().today())?)
                } else {
                    None
                };
                output::dossier(&dossier, standing.as_ref(), json, &ctx.config.currency)
            } else {
                let e = store.get(table, &id)?.ok_or_else(|| Error::NotFound { what: table.noun, id: id.clone() })?;
                let parent = match e.text("customer_id") {
                    Some(cid) => store.get(&CUSTOMER, cid)?,
                    None => None,
                };
                output::record(&e, parent.as_ref(), store.ref_words(&e).as_deref(), json)
            }
        }
        "list" if std::ptr::eq(table, &raw const CUSTOMER) => {
            let store = ctx.open(OpenMode::ReadOrWrite)?;
            let filter = filter(sub)?;
            let list = store.customers_on(&filter, &ctx.config.cadence, store.clock().today())?;
            output::customers(&list, json, filter.narrows())
        }
        "rm" | "restore" => {
            let alive = verb == "restore";
            let mut store = ctx.open(OpenMode::Write)?;
            let id = store.resolve(table, arg(sub, "id"))?;
            // A record under a deleted customer is restored only with it.
            let changed =
                store.write(|w| if alive { w.restore(table, &id, false) } else { w.set_alive(table, &id, false) })?;
            let key = match (alive, changed) {
                (false, true) => "cli.deleted",
                (false, false) => "cli.already_deleted",
                (true, true) => "cli.restored",
                (true, false) => "cli.already_alive",
            };
            output::say(&tf(key, &[("what", &t(table.noun)), ("id", &id), ("noun", &table.name)]))?;
            Ok(())
        }
        "erase" => {
            if !sub.get_flag("yes") {
                return Err(Error::invalid("error.erase_needs_yes", &[]));
            }
            let mut store = ctx.open(OpenMode::Write)?;
            let id = store.resolve(&PERSON, arg(sub, "id"))?;
            let erased = store.erase_person(&id)?;
            output::say(&tf("cli.erased", &[("id", &id)]))?;
            if erased.backups_erased > 0 {
                output::say(&tf("cli.erased_backups", &[("count", &erased.backups_erased)]))?;
            }
            if !erased.files_cleared {
                output::warn(t("cli.erase_files_pending"));
            }
            for left in &erased.backups_left {
                output::warn(&tf("cli.erase_backup_left", &[("path", &left.display())]));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

pub(super) fn arg<'a>(m: &'a ArgMatches, name: &str) -> &'a str {
    m.get_one::<String>(name).map_or("", String::as_str)
}

fn add(ctx: &Ctx, table: &'static Table, m: &ArgMatches, json: bool, plan: bool) -> Result<()> {
    let mut store = ctx.open(OpenMode::Write)?;
    let mut values = Vec::new();
    if table.parent.is_some() {
        let cid = store.resolve(&CUSTOMER, arg(m, "customer"))?;
        values.push(("customer_id", Value::Text(cid)));
    }
    if let Some(main) = main_field(table)
        && let Some(spec) = table.field(main)
    {
        values.push((main, spec.parse(arg(m, main))?));
    }
    let today = store.clock().today();
    values.extend(field_values(table, m, today)?);
    if std::ptr::eq(table, &raw const crate::domain::schema::VISIT)
        && let Some((_, Value::Text(cid))) = values.first().cloned()
    {
        store.read_visit_opportunity(&ctx.config.funnel.stages(), &cid, &mut values)?;
    }
    crate::domain::defaults::fill(table.name, today, &mut values);
    if plan && m.get_flag("template") {
        super::visits::apply_template(&mut values)?;
    }
    if plan {
        super::visits::warn_goal(&values);
        if let Some((_, Value::Text(cid))) = values.iter().find(|(f, _)| *f == "customer_id") {
            super::visits::warn_decider(&store, cid)?;
        }
    }
    if std::ptr::eq(table, &raw const crate::domain::schema::VISIT)
        && let Some((_, Value::Text(cid))) = values.iter().find(|(f, _)| *f == "customer_id")
    {
        let visits = store.children(table, cid)?;
        let others = crate::domain::visit::same_day_plans(&visits, &values, None);
        if let Some(warning) = crate::domain::visit::same_day_warning(&others) {
            output::warn(&warning);
        }
    }
    if std::ptr::eq(table, &raw const CUSTOMER)
        && let Some((_, Value::Text(name))) = values.iter().find(|(f, _)| *f == "name")
    {
        for (id, old, how) in store.close_customers(name)?.iter().take(3) {
            output::warn(&crate::domain::similar::warning(old, id, *how));
        }
    }
    let id = store.write(|w| w.insert(table, &values))?;
    let title_field = main_field(table).unwrap_or("date");
    let title = values.iter().find(|(f, _)| *f == title_field).and_then(|(_, v)| v.as_text()).unwrap_or("");
    // The name as the store keeps it (cleaned on entry).
    let title = crate::domain::clean::clean(title, false);
    if json {
        output::print_json(&serde_json::json!({ "id": id }), false)?;
    } else {
        // A call is said as one ("Added phone call …"), not as a visit.
        let what = match values.iter().find(|(f, _)| *f == "kind") {
            Some((_, Value::Text(kind))) if std::ptr::eq(table, &raw const VISIT) => {
                crate::i18n::enum_label("kind", kind)
            }
            _ => t(table.noun).to_string(),
        };
        output::say(&tf("cli.added", &[("what", &what), ("name", &title), ("id", &id)]))?;
        output::resolved_dates(table, m, &values)?;
    }
    Ok(())
}

fn edit(ctx: &Ctx, table: &'static Table, m: &ArgMatches) -> Result<()> {
    let mut store = ctx.open(OpenMode::Write)?;
    let id = store.resolve(table, arg(m, "id"))?;
    // The field clocks as loaded: a field changed meanwhile by another
    // process is kept as a conflict, not silently overwritten.
    let seen = store.snapshot(table, &id)?;
    let mut values =
        field_values_as(table, m, store.clock().today(), seen.entity.text("status"), seen.entity.text("time"))?;
    if let Some(cid) =
        seen.entity.text("customer_id").filter(|_| std::ptr::eq(table, &raw const crate::domain::schema::VISIT))
    {
        store.read_visit_opportunity(&ctx.config.funnel.stages(), cid, &mut values)?;
    }
    if values.is_empty() {
        let flags: Vec<String> = table.fields.iter().take(4).map(|f| format!("--{}", flag(f.name))).collect();
        return Err(Error::invalid("error.nothing_to_edit", &[("flags", &flags.join(", "))]));
    }
    if std::ptr::eq(table, &raw const crate::domain::schema::VISIT) {
        // A visit's edit may make follow-ups of its steps: say which.
        let edit = store.write(|w| w.edit_visit(&seen, &values))?;
        output::say(&tf("cli.edited", &[("what", &t(table.noun)), ("id", &id), ("count", &edit.changed)]))?;
        output::resolved_dates(table, m, &values)?;
        return super::visits::print_steps(&edit.followups, &edit.no_longer_steps);
    }
    let changed = store.write(|w| w.update_from(&seen, &values))?;
    output::say(&tf("cli.edited", &[("what", &t(table.noun)), ("id", &id), ("count", &changed)]))?;
    output::resolved_dates(table, m, &values)
}

fn filter(m: &ArgMatches) -> Result<CustomerFilter> {
    let get = |n: &str| m.get_one::<String>(n).cloned();
    let mut f = CustomerFilter {
        industry: get("industry"),
        region: get("region"),
        city: get("city"),
        tag: get("tag"),
        vip: m.get_flag("vip"),
        qualified: m.get_flag("qualified"),
        score_min: m.get_one::<i64>("score-min").copied(),
        include_deleted: m.get_flag("deleted"),
        ..CustomerFilter::default()
    };
    if let Some(c) = get("class") {
        if let Some(tier) = Tier::parse(&c) {
            f.tier = Some(tier);
        } else {
            f.class = Some(Class::parse(&c).ok_or_else(|| {
                let expected = ["A", "B", "C", "A1", "A2", "B1", "B2"].join(crate::i18n::t("clap.list_separator"));
                Error::invalid("error.bad_class", &[("value", &c), ("expected", &expected)])
            })?);
        }
    }
    if let Some(d) = get("due") {
        f.due = Some(match d.trim().to_ascii_lowercase().as_str() {
            "overdue" | "逾期" => Due::Overdue,
            "due" | "到期" => Due::Due,
            "ok" | "未到期" => Due::Ok,
            _ => return Err(Error::invalid("error.bad_due", &[("value", &d)])),
        });
    }
    for (name, slot) in [("kind", &mut f.kind), ("status", &mut f.status)] {
        if let (Some(raw), Some(spec)) = (get(name), CUSTOMER.field(name)) {
            *slot = spec.parse(&raw)?.as_text().map(str::to_string);
        }
    }
    Ok(f)
}

/// `repbook search QUERY`.
pub fn search(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    let query: Vec<&str> = m.get_many::<String>("query").map(|v| v.map(String::as_str).collect()).unwrap_or_default();
    let query = query.join(" ");
    let limit = m.get_one::<usize>("limit").copied().unwrap_or(ctx.config.search.limit);
    if limit == 0 {
        return Err(Error::invalid("error.limit_zero", &[]));
    }
    let json = m.get_flag("json");
    // The saved index is read while the archive is opened (begun before
    // the arguments were parsed, where they said which archive).
    let reading =
        crate::search::persist::take_read_ahead().unwrap_or_else(|| crate::search::persist::start_reading(&ctx.db));
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let mut index = crate::search::persist::load_to_search_read(&store, reading)?;
    let mut rows = Vec::new();
    for (id, score, why) in index.find(&query, limit) {
        if let Some(c) = store.get(&CUSTOMER, &id)? {
            rows.push((c, score, why));
        }
    }
    // The process ends after printing: handing the index's 35 MB back to
    // the system page by page took a twentieth of the command.
    std::mem::forget(index);
    output::search_hits(&rows, json)
}

/// `repbook demo`: fill an archive with the demo, never over real data.
///
/// The demo is built in a new file beside the target and renamed into
/// place, so nothing is lost if it fails halfway; a file that holds data is
/// replaced only when it is itself a demo archive, whatever path (alias,
/// symlink, `..`) names it.
pub fn demo(ctx: &Ctx, m: &ArgMatches, explicit_db: bool) -> Result<()> {
    let customers = m.get_one::<usize>("customers").copied().unwrap_or(super::DEMO_CUSTOMERS);
    let force = m.get_flag("force");
    let db = if explicit_db || ctx.demo {
        ctx.db.clone()
    } else {
        crate::store::demo_db_path().ok_or_else(|| Error::invalid("error.no_data_dir", &[]))?
    };
    let same = |a: &std::path::Path, b: &std::path::Path| {
        a == b || a.canonicalize().ok().zip(b.canonicalize().ok()).is_some_and(|(a, b)| a == b)
    };
    if crate::store::default_db_path().is_some_and(|real| same(&real, &db)) {
        return Err(Error::invalid("error.demo_over_archive", &[("path", &db.display())]));
    }
    let demo_ctx = Ctx { db: db.clone(), demo: true, config: ctx.config.clone(), clock: ctx.clock.clone() };
    if db.exists() {
        // Before building for a minute: an interface on this demo would
        // lose what it saves next.
        crate::store::refuse_if_held(&db)?;
        let store = demo_ctx.open(OpenMode::Write)?;
        let has_data =
            !store.customers(&CustomerFilter { include_deleted: true, ..CustomerFilter::default() })?.is_empty();
        if has_data && !store.is_demo()? {
            return Err(Error::invalid("error.demo_not_demo", &[("path", &db.display())]));
        }
        if has_data && explicit_db && !force {
            return Err(Error::invalid("error.demo_not_empty", &[("path", &db.display())]));
        }
    }
    let mut building = db.as_os_str().to_os_string();
    building.push(format!(".demo-{}", std::process::id()));
    let building = std::path::PathBuf::from(building);
    crate::store::remove_archive(&building)?;
    let started = std::time::Instant::now();
    let built = (|| {
        let build_ctx = Ctx { db: building.clone(), demo: true, config: ctx.config.clone(), clock: ctx.clock.clone() };
        let mut store: Store = build_ctx.open(OpenMode::Write)?;
        let stats = crate::demo::generate(&mut store, customers, crate::demo::SEED)?;
        store.mark_demo()?;
        store.checkpoint()?;
        Ok::<_, Error>(stats)
    })();
    let stats = match built {
        Ok(stats) => stats,
        Err(e) => {
            let _ = crate::store::remove_archive(&building);
            return Err(e);
        }
    };
    if let Err(e) = crate::store::replace_archive(&db, &building) {
        let _ = crate::store::remove_archive(&building);
        return Err(e);
    }
    crate::store::remove_archive(&building)?;
    // Each count with its own noun, singular for one (`1 customer`).
    let n = |key: &str, count: usize| tf(&format!("cli.demo_{key}"), &[("count", &count)]);
    output::say(&tf(
        "cli.demo_done",
        &[
            ("path", &db.display()),
            ("customers", &n("customers", stats.customers)),
            ("people", &n("people", stats.people)),
            ("competitors", &n("competitors", stats.competitors)),
            ("trades", &n("trades", stats.trades)),
            ("visits", &n("visits", stats.visits)),
            ("followups", &n("followups", stats.followups)),
            ("seconds", &format!("{:.1}", started.elapsed().as_secs_f64())),
        ],
    ))
}
