//! Planned visits and open follow-ups as iCalendar (RFC 5545), written with
//! the `icalendar` crate (escaping, folding at 75 octets between
//! characters).
//!
//! UIDs are the records' own ids, so importing a new export into a calendar
//! updates the events instead of adding copies; `SEQUENCE` grows with each
//! local change. A visit with a time is a floating local time (the rep's
//! own clock) of an hour with an alarm before it; a visit without one, and
//! every follow-up, is an all-day event (phone calendars show those; most
//! ignore to-dos), the follow-up's alarm at 09:00 on its day.

use crate::domain::entity::Entity;
use crate::domain::fields::parse_time;
use crate::error::Result;
use crate::store::Store;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use icalendar::{Alarm, Calendar, CalendarDateTime, Component, Event, EventLike};
use std::fmt::Write as _;

/// What a calendar holds and when it reminds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Only this customer's visits and follow-ups (an id).
    pub customer: Option<String>,
    /// Minutes before a timed visit to remind (0: no alarms at all).
    pub alarm_minutes: u32,
}

/// The text of a calendar field, cleaned: a calendar shows SUMMARY,
/// DESCRIPTION and LOCATION on screens and in notifications, so no control
/// character or bidi override is written, even for a value stored before
/// text was cleaned on entry (the crate escapes what RFC 5545 asks).
fn clean(s: &str) -> String {
    crate::domain::clean::clean(s, true).replace('\t', " ")
}

fn date(d: &str) -> Option<NaiveDate> {
    crate::domain::fields::parse_iso_date(d)
}

/// A change counter that only grows: seconds since 2020 of the last write.
fn sequence(e: &Entity) -> u32 {
    u32::try_from((e.updated_ms / 1000 - 1_577_836_800).max(0)).unwrap_or(u32::MAX)
}

fn all_day(event: &mut Event, day: NaiveDate) {
    event.starts(day);
    event.ends(day.succ_opt().unwrap_or(day));
}

/// A display alarm `trigger` from the event's start, its UID derived from
/// the record's (the crate would make a random one: every export would
/// then look changed to a subscribed calendar).
fn alarm(id: &str, text: &str, trigger: Duration) -> Alarm {
    let mut a = Alarm::display(text, trigger);
    a.uid(&format!("{id}-alarm@repbook"));
    a
}

fn visit_event(v: &Entity, name: &str, day: NaiveDate, opts: &Options) -> Event {
    let mut e = Event::new();
    let summary = format!("{}: {name}", v.display("kind"));
    e.summary(&clean(&summary));
    match v.text("time").and_then(parse_time).and_then(|t| chrono::NaiveTime::parse_from_str(&t, "%H:%M").ok()) {
        Some(t) => {
            e.starts(CalendarDateTime::Floating(day.and_time(t)));
            e.add_property("DURATION", "PT1H");
            if opts.alarm_minutes > 0 {
                e.alarm(alarm(&v.id, &clean(&summary), -Duration::minutes(i64::from(opts.alarm_minutes))));
            }
        }
        None => all_day(&mut e, day),
    }
    if let Some(place) = v.text("place") {
        e.location(&clean(place));
    }
    let mut desc = String::new();
    for field in ["purposes", "goal", "who", "materials", "commitment_ask"] {
        let text = v.display(field);
        if !text.is_empty() {
            let label = crate::domain::schema::VISIT.field(field).map_or(field, |f| f.label());
            let _ = writeln!(desc, "{label}: {text}");
        }
    }
    if !desc.is_empty() {
        e.description(&clean(desc.trim_end()));
    }
    e
}

/// The calendar: every planned visit or call, and every open or snoozed
/// follow-up, of live customers (one customer's with `opts.customer`).
pub fn calendar(store: &Store, now: DateTime<Utc>, opts: &Options) -> Result<String> {
    let names = store.customer_names()?;
    let name = |e: &Entity| names.get(e.text_or_empty("customer_id")).cloned().unwrap_or_default();
    let wanted = |e: &Entity| opts.customer.as_deref().is_none_or(|c| e.text_or_empty("customer_id") == c);
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//repbook//repbook//EN"))
        .append_property(("CALSCALE", "GREGORIAN"));
    for v in store.planned_visits()?.iter().filter(|v| wanted(v)) {
        let Some(day) = v.text("date").and_then(date) else { continue };
        let mut e = visit_event(v, &name(v), day, opts);
        e.uid(&format!("{}@repbook", v.id)).timestamp(now).sequence(sequence(v));
        cal.push(e.done());
    }
    for f in store.active_followups()?.iter().filter(|f| wanted(f)) {
        let Some(due) = f.text("due").and_then(date) else { continue };
        let summary = clean(&format!("{}: {}", name(f), f.text_or_empty("what")));
        let mut e = Event::new();
        e.uid(&format!("{}@repbook", f.id)).timestamp(now).sequence(sequence(f)).summary(&summary);
        all_day(&mut e, due);
        e.add_property("CATEGORIES", clean(&f.display("source")));
        if opts.alarm_minutes > 0 {
            e.alarm(alarm(&f.id, &summary, Duration::hours(9)));
        }
        cal.push(e.done());
    }
    Ok(cal.done().to_string())
}

/// Write the calendar to `path` (0600, atomically): `export ics --out`,
/// and the file `[calendar] ics` keeps current.
pub fn write(store: &Store, now: DateTime<Utc>, opts: &Options, path: &std::path::Path) -> Result<()> {
    super::write_private(path, calendar(store, now, opts)?.as_bytes())
}

/// True when the archive at `db` (or its journal) changed after the
/// calendar file at `ics` was written, or there is no such file yet.
pub fn is_stale(ics: &std::path::Path, db: &std::path::Path) -> bool {
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let mut wal = db.as_os_str().to_os_string();
    wal.push("-wal");
    let archive = [modified(db), modified(std::path::Path::new(&wal))].into_iter().flatten().max();
    match (modified(ics), archive) {
        (Some(written), Some(changed)) => changed > written,
        (None, _) => true,
        (Some(_), None) => false,
    }
}
