//! Text and JSON output of the CLI. JSON field names are stable (README).

use crate::domain::entity::Entity;
use crate::domain::fields::format_money;
use crate::domain::schema::Table;
use crate::error::Result;
use crate::i18n::{t, tf};
use crate::store::Dossier;
use crate::text::{for_terminal, one_line, pad};
use serde_json::{Value as Json, json};
use std::fmt::Write as _;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

pub use crate::text::short_id;

/// Print text output. Every text printer of the CLI ends here, so no
/// control character reaches the terminal whatever a value holds
/// ([`for_terminal`]); cells are escaped as one line before this, so a
/// value cannot break a list's lines either.
pub fn emit(text: &str) -> Result<()> {
    write_raw(&for_terminal(text, true))
}

/// Print one line of text output (a confirmation, a note).
pub fn say(line: &str) -> Result<()> {
    emit(&format!("{line}\n"))
}

/// Under a confirmation, the date each date flag typed as a phrase
/// resolved to (`  Due date: 下周五 → 2026-12-04 Fri`), and the birthday
/// as stored when typed otherwise (`  Birthday: 11月26日 → 11-26`): what was
/// saved, beside the words the user chose. ISO dates are not repeated.
pub fn resolved_dates(
    table: &Table,
    m: &clap::ArgMatches,
    values: &[(&'static str, crate::domain::fields::Value)],
) -> Result<()> {
    use crate::domain::{dates, fields::Kind};
    for spec in table.fields.iter().filter(|f| matches!(f.kind, Kind::Date | Kind::Birthday | Kind::Time)) {
        let (Ok(Some(typed)), Some(stored)) = (
            m.try_get_one::<String>(spec.name),
            values.iter().find(|(f, _)| *f == spec.name).and_then(|(_, v)| v.as_text()),
        ) else {
            continue;
        };
        let shown = match (spec.kind, crate::domain::fields::parse_iso_date(stored)) {
            // The time typed with the day is shown with it (it filled the
            // visit's time).
            (Kind::Date, Some(date)) if dates::is_phrase(typed) => match dates::when::clock_after(typed) {
                Some((_, time)) => format!("{} {time}", dates::with_weekday(date)),
                None => dates::with_weekday(date),
            },
            (Kind::Birthday | Kind::Time, _) if typed.trim() != stored => stored.to_string(),
            _ => continue,
        };
        say(&tf("cli.date_resolved", &[("field", &spec.label()), ("typed", &typed), ("date", &shown)]))?;
    }
    Ok(())
}

/// Print one line on stderr (a warning, an error), escaped as [`emit`] does:
/// an error may quote a value the user gave.
pub fn warn(line: &str) {
    let _ = writeln!(std::io::stderr(), "{}", for_terminal(line, true));
}

/// Write bytes to stdout unescaped: a file format (iCalendar) that is
/// cleaned where it is written.
pub fn write_raw(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(crate::error::Error::Io { path: "stdout".into(), source: e })
        }
        _ => Ok(()),
    }
}

/// JSON text with DEL, C1 controls and bidi overrides written as `\uXXXX`
/// escapes. serde escapes only the C0 controls; the others would reach a
/// terminal that shows the JSON. The escaped text parses to exactly the
/// same values, and those characters occur only inside strings.
pub fn json_text(v: &impl serde::Serialize, pretty: bool) -> String {
    let raw = if pretty { serde_json::to_string_pretty(v) } else { serde_json::to_string(v) };
    let raw = raw.unwrap_or_default();
    let unsafe_here = |c: char| u32::from(c) >= 0x7f && crate::domain::clean::is_unsafe(c);
    if !raw.chars().any(unsafe_here) {
        return raw;
    }
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        if unsafe_here(c) {
            // Every such character is in the basic plane: one escape.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Print a JSON document and a newline.
pub fn print_json(v: &impl serde::Serialize, pretty: bool) -> Result<()> {
    write_raw(&format!("{}\n", json_text(v, pretty)))
}

fn emit_json(v: &Json) -> Result<()> {
    print_json(v, true)
}

/// A customer as JSON with its classification.
pub fn customer_json(c: &Entity) -> Json {
    let cls = c.classification();
    let mut m = c.to_json();
    m.insert("class".into(), json!(cls.tier.class().as_str()));
    m.insert("tier".into(), json!(cls.tier.as_str()));
    m.insert("grid_tier".into(), json!(cls.grid.map(super::super::domain::classify::Tier::as_str)));
    m.insert("tier_manual".into(), json!(cls.manual));
    Json::Object(m)
}

fn tier_cell(c: &Entity) -> String {
    let cls = c.classification();
    format!("{}{}", cls.tier.as_str(), if c.get("vip").is_true() { "*" } else { "" })
}

/// `customer list`.
pub fn customers(list: &[Entity], json: bool, filtered: bool) -> Result<()> {
    if json {
        return emit_json(&Json::Array(list.iter().map(customer_json).collect()));
    }
    if list.is_empty() {
        // After a filter, nothing matched it: say so, not "add one".
        return say(t(if filtered { "cli.no_match" } else { "cli.no_customers" }));
    }
    let col = |f: &dyn Fn(&Entity) -> String| list.iter().map(|c| f(c).width()).max().unwrap_or(0).min(20);
    let (kind_w, city_w) = (col(&|c| c.display("kind")), col(&|c| one_line(c.text_or_empty("city")).into_owned()));
    let mut s = String::new();
    for c in list {
        let deleted = if c.alive { "" } else { t("cli.deleted_mark") };
        let _ = writeln!(
            s,
            "{}  {}  {}  {}  {}{deleted}",
            short_id(&c.id),
            pad(&tier_cell(c), 4),
            pad(&c.display("kind"), kind_w),
            pad(&one_line(c.text_or_empty("city")), city_w),
            one_line(c.title())
        );
    }
    let _ = writeln!(s, "{}", tf("cli.count", &[("count", &list.len())]));
    emit(&s)
}

/// `search`: each hit with why it matched (the field, when it is not the
/// customer's name, and its text).
pub fn search_hits(rows: &[(Entity, u32, Vec<crate::search::Why>)], json: bool) -> Result<()> {
    if json {
        let v: Vec<Json> = rows
            .iter()
            .map(|(c, score, why)| {
                let mut j = customer_json(c);
                if let Json::Object(m) = &mut j {
                    m.insert("score".into(), json!(score));
                    let matched: Vec<Json> = why
                        .iter()
                        .map(|w| json!({"field": w.field.json_name(), "text": w.text, "chars": w.chars}))
                        .collect();
                    m.insert("matched".into(), Json::Array(matched));
                }
                j
            })
            .collect();
        return emit_json(&Json::Array(v));
    }
    if rows.is_empty() {
        return emit(&format!("{}\n", t("cli.no_hits")));
    }
    let mut s = String::new();
    for (c, _, why) in rows {
        let mut line = format!(
            "{}  {}  {}  {}",
            short_id(&c.id),
            pad(&tier_cell(c), 4),
            pad(&one_line(c.text_or_empty("city")), 10),
            one_line(c.title())
        );
        let mut seen = Vec::new();
        for w in why.iter().filter(|w| w.field != crate::search::record::Field::Name) {
            if seen.contains(&(w.field, &w.text)) {
                continue;
            }
            seen.push((w.field, &w.text));
            let _ = write!(line, "  · {} {}", t(w.field.label_key()), one_line(&excerpt(&w.text, &w.chars)));
        }
        let _ = writeln!(s, "{line}");
    }
    emit(&s)
}

/// A matched text cut to about 40 characters around what matched.
fn excerpt(text: &str, chars: &[usize]) -> String {
    const ROOM: usize = 40;
    if text.chars().count() <= ROOM {
        return text.to_string();
    }
    let (from, _) = crate::text::from_before(text, chars, 10);
    let mut out: String = from.chars().take(ROOM).collect();
    if from.chars().count() > ROOM {
        out.push('…');
    }
    out
}

fn fields_text(e: &Entity, skip: &[&str]) -> String {
    let mut s = String::new();
    let shown: Vec<_> = e.table.fields.iter().filter(|f| !skip.contains(&f.name) && !e.get(f.name).is_null()).collect();
    let width = shown.iter().map(|f| f.label().width()).max().unwrap_or(0);
    for spec in shown {
        // A one-line field stays on one line even if it holds a newline.
        let value = for_terminal(&e.display(spec.name), spec.kind == crate::domain::fields::Kind::Long).into_owned();
        let mut lines = value.lines();
        let _ = writeln!(s, "  {}  {}", pad(spec.label(), width), lines.next().unwrap_or(""));
        for more in lines {
            let _ = writeln!(s, "  {}  {more}", " ".repeat(width));
        }
    }
    s
}

/// `customer show`.
pub fn dossier(
    dossier: &Dossier,
    standing: Option<&crate::domain::cadence::Standing>,
    json: bool,
    currency: &str,
) -> Result<()> {
    let c = &dossier.customer;
    if json {
        let mut doc = customer_json(c);
        if let Json::Object(m) = &mut doc {
            let list = |v: &[Entity]| Json::Array(v.iter().map(|e| Json::Object(e.to_json())).collect());
            m.insert("people".into(), list(&dossier.people));
            m.insert("competitors".into(), list(&dossier.competitors));
            m.insert("trades".into(), list(&dossier.trades));
            m.insert("visits".into(), list(&dossier.visits));
            m.insert("followups".into(), list(&dossier.followups));
            m.insert("opportunities".into(), list(&dossier.opportunities));
            let q = crate::domain::qualify::Qualification::of(c);
            m.insert(
                "qualification".into(),
                json!({ "qualified": q.qualified(), "score": q.score(), "golden": q.golden, "poor": q.poor }),
            );
            m.insert("owed".into(), json!(dossier.owed));
            m.insert("standing".into(), json!(standing));
        }
        return emit_json(&doc);
    }
    let cls = c.classification();
    let mut out = String::new();
    let vip = if c.get("vip").is_true() { "  VIP" } else { "" };
    let deleted = if c.alive { "" } else { t("cli.deleted_mark") };
    let _ = writeln!(out, "{}  [{}]{vip}{deleted}", one_line(c.title()), cls.tier.as_str());
    let grid = match (c.int("purchase"), c.int("potential"), cls.grid) {
        (Some(x), Some(y), Some(g)) => tf("cli.grid", &[("x", &x), ("y", &y), ("tier", &g.as_str())]),
        _ => t("cli.grid_unscored").to_string(),
    };
    let manual = if cls.manual { t("cli.tier_manual") } else { "" };
    let _ = writeln!(out, "  {grid}{manual}");
    if let Some(text) = standing.map(crate::text::standing_text).filter(|t| !t.is_empty()) {
        let _ = writeln!(out, "  {text}");
    }
    let q = crate::domain::qualify::Qualification::of(c);
    if q.assessed() {
        let _ = writeln!(out, "  {}", q.summary());
    }
    let _ = writeln!(out, "  id {}", c.id);
    out.push_str(&fields_text(c, &["name", "purchase", "potential", "tier_override", "vip"]));
    for (key, list) in [
        ("cli.people", &dossier.people),
        ("cli.competitors", &dossier.competitors),
        ("cli.trades", &dossier.trades),
        ("cli.visits", &dossier.visits),
        ("cli.followups", &dossier.followups),
        ("funnel.tab", &dossier.opportunities),
    ] {
        let _ = writeln!(out, "\n{} ({})", t(key), list.len());
        for e in list {
            let _ = writeln!(out, "  {}  {}", short_id(&e.id), one_line(&crate::text::summary(e, currency)));
        }
    }
    if !dossier.trades.is_empty() {
        let _ =
            writeln!(out, "  {}", tf("cli.owed", &[("amount", &format!("{currency}{}", format_money(dossier.owed)))]));
    }
    emit(&out)
}

/// `person show` and the like.
pub fn record(e: &Entity, parent: Option<&Entity>, origin: Option<&str>, json: bool) -> Result<()> {
    if json {
        let mut m = e.to_json();
        if let Some(p) = parent {
            m.insert("customer_name".into(), json!(p.title()));
        }
        return emit_json(&Json::Object(m));
    }
    // A visit or a record is named by its kind and date; the rest by name.
    let mut s = format!("{}\n  id {}\n", one_line(&e.label()), e.id);
    if let Some(p) = parent {
        let _ = writeln!(s, "  {}  {} ({})", t("report.customer"), one_line(p.title()), short_id(&p.id));
    }
    // Where a follow-up came from, in words rather than its reference.
    let mut e = e.clone();
    if let Some(origin) = origin {
        e.values.insert("ref", crate::domain::fields::Value::Text(origin.to_string()));
    }
    s.push_str(&fields_text(&e, &["customer_id", "name", "product"]));
    emit(&s)
}

/// The last line of a list: how many were shown, or that there was none.
pub fn count_line(table: &Table, count: usize) -> String {
    if count == 0 { tf("cli.none_of", &[("what", &t(table.noun))]) } else { tf("cli.count", &[("count", &count)]) }
}

/// `person list CUSTOMER` and the like.
pub fn children(table: &Table, list: &[Entity], json: bool, currency: &str) -> Result<()> {
    if json {
        return emit_json(&Json::Array(list.iter().map(|e| Json::Object(e.to_json())).collect()));
    }
    let mut s = String::new();
    for e in list {
        let deleted = if e.alive { "" } else { t("cli.deleted_mark") };
        let _ = writeln!(s, "{}  {}{deleted}", short_id(&e.id), one_line(&crate::text::summary(e, currency)));
    }
    if table.name == "trade" && !list.is_empty() {
        let owed = crate::store::owed(list);
        let _ = writeln!(s, "{}", tf("cli.owed", &[("amount", &format!("{currency}{}", format_money(owed)))]));
    }
    let _ = writeln!(s, "{}", count_line(table, list.len()));
    emit(&s)
}
