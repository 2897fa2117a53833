//! Rebuilding customers' search records (see `crate::search::record`):
//! one customer after a write, or many at once after a sync import or a
//! rebuild. Both read the same facts (one [`Facts`] per customer) and build
//! the record from them the same way; many customers are read with one
//! query per table (their ids as a JSON array) instead of six queries per
//! customer, which made a third of a large sync import.

use super::archive::{class_rank, day_number, from_row_pub, load, select_sql};
use crate::domain::entity::Entity;
use crate::domain::pinyin::Romanizer;
use crate::domain::schema::CUSTOMER;
use crate::error::Result;
use crate::search::record::Field;
use rusqlite::{Connection, OptionalExtension, params};
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;

/// From this many customers on, their facts are read table by table.
const BULK_FROM: usize = 16;

/// From this many customers on, their records are built on two threads.
const TWO_THREADS_FROM: usize = 512;

/// How many follow-ups and visits a search record holds, newest first.
const FOLLOWUPS: i64 = 8;
const VISITS: i64 = 5;

/// People of a customer, alive, by name: (name, phone, e-mail).
const PEOPLE_SQL: &str = "SELECT customer_id, name, coalesce(phone, ''), coalesce(email, '') FROM person
     WHERE cl % 2 = 1";
const PEOPLE_ORDER: &str = "ORDER BY customer_id, name, id";
/// Follow-ups' text, open ones first, then by due day, newest first; and
/// the source of a generated one (its `what` is the source's code).
const FOLLOWUP_SQL: &str = "SELECT customer_id, what || ' ' || coalesce(notes, ''),
     CASE WHEN what = source THEN source END,
     row_number() OVER (PARTITION BY customer_id ORDER BY status = 'open' DESC, due DESC, id) AS k
     FROM followup WHERE cl % 2 = 1";
/// Visits' text, newest first.
const VISIT_SQL: &str = "SELECT customer_id, concat_ws(' ', notes, next_step, commitments, info, goal),
     row_number() OVER (PARTITION BY customer_id ORDER BY date DESC, id) AS k
     FROM visit WHERE cl % 2 = 1";
/// The last visit held.
const LAST_SQL: &str = "SELECT customer_id, max(date) FROM visit WHERE status = 'done' AND cl % 2 = 1";

/// A follow-up's text as its search record holds it (see [`FOLLOWUP_SQL`]):
/// a generated one's with the words it is shown with.
fn followup_text(r: &rusqlite::Row<'_>) -> rusqlite::Result<String> {
    let text: String = r.get(1)?;
    let source: Option<String> = r.get(2)?;
    // Its code (`payment`) given as the words it is shown with.
    Ok(match source.as_deref().and_then(|s| Some((crate::domain::followup::shown_words(s)?, s))) {
        Some((words, code)) => format!("{words}{}", text.strip_prefix(code).unwrap_or(&text)).trim_end().to_string(),
        None => text,
    })
}

/// Rebuild the search records of customers with generated follow-ups
/// once (meta `search_shown_words`): records made before they held the
/// words those are shown with.
pub(super) fn add_shown_words(conn: &Connection, romanizer: &Romanizer) -> Result<usize> {
    let done: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = 'search_shown_words'", [], |r| r.get(0)).optional()?;
    if done.is_some() {
        return Ok(0);
    }
    let ids: BTreeSet<String> = conn
        .prepare(
            "SELECT DISTINCT f.customer_id FROM followup f JOIN search_key s ON s.customer_id = f.customer_id
             WHERE f.what = f.source AND f.cl % 2 = 1",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let tx = conn.unchecked_transaction()?;
    refresh(&tx, romanizer, &ids)?;
    tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('search_shown_words', '1')", [])?;
    tx.commit()?;
    Ok(ids.len())
}

/// What a customer's search record is built from.
#[derive(Debug, Default)]
struct Facts {
    people: Vec<(String, String, String)>,
    /// Follow-ups' text, then visits' text, each newest first.
    followups: Vec<String>,
    visits: Vec<String>,
    last: Option<String>,
}

/// Rebuild the search record of each of `ids` (a customer gone or deleted
/// loses its record).
pub(super) fn refresh(conn: &Connection, romanizer: &Romanizer, ids: &BTreeSet<String>) -> Result<()> {
    refresh_with(conn, romanizer, ids, TWO_THREADS_FROM)
}

/// [`refresh`], on two threads from `two_threads_from` customers on.
fn refresh_with(
    conn: &Connection,
    romanizer: &Romanizer,
    ids: &BTreeSet<String>,
    two_threads_from: usize,
) -> Result<()> {
    if ids.len() < BULK_FROM {
        for id in ids {
            refresh_one(conn, romanizer, id)?;
        }
        return Ok(());
    }
    // The ids as one JSON array: each table is read once, through its
    // customer index, for all of them.
    // Most of the customers (a large import into a new archive): every
    // row is read in table order, those of others skipped here, rather
    // than each looked up by its id.
    let most =
        ids.len().saturating_mul(2) >= usize::try_from(super::room::rows_at_most(conn, CUSTOMER.name)?).unwrap_or(0);
    let list = if most {
        None
    } else {
        Some(serde_json::to_string(ids).map_err(|e| crate::error::Error::Invalid(e.to_string()))?)
    };
    let chosen = if most { "true" } else { "customer_id IN (SELECT value FROM json_each(?1))" };
    let mut facts: FxHashMap<&str, Facts> = ids.iter().map(|id| (id.as_str(), Facts::default())).collect();
    let mut customers: FxHashMap<String, Entity> = FxHashMap::default();
    customers.reserve(ids.len());
    {
        let which = if most { "" } else { "WHERE id IN (SELECT value FROM json_each(?1))" };
        let mut stmt = conn.prepare(&format!("{} {which}", select_sql(&CUSTOMER)))?;
        let mut rows = chosen_rows(&mut stmt, list.as_deref())?;
        while let Some(row) = rows.next()? {
            let id = row.get_ref(0)?.as_str().unwrap_or_default();
            if most && !facts.contains_key(id) {
                continue;
            }
            customers.insert(id.to_string(), from_row_pub(&CUSTOMER, row)?);
        }
    }
    let mut each = |sql: &str, add: &mut dyn FnMut(&mut Facts, &rusqlite::Row<'_>) -> rusqlite::Result<()>| {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = chosen_rows(&mut stmt, list.as_deref())?;
        while let Some(row) = rows.next()? {
            let id = row.get_ref(0)?.as_str().unwrap_or_default();
            if let Some(f) = facts.get_mut(id) {
                add(f, row)?;
            }
        }
        Ok::<(), crate::error::Error>(())
    };
    each(&format!("{PEOPLE_SQL} AND {chosen} {PEOPLE_ORDER}"), &mut |f, r| {
        f.people.push((r.get(1)?, r.get(2)?, r.get(3)?));
        Ok(())
    })?;
    each(
        &format!("SELECT * FROM ({FOLLOWUP_SQL} AND {chosen}) WHERE k <= {FOLLOWUPS} ORDER BY customer_id, k"),
        &mut |f, r| {
            f.followups.push(followup_text(r)?);
            Ok(())
        },
    )?;
    each(
        &format!("SELECT * FROM ({VISIT_SQL} AND {chosen}) WHERE k <= {VISITS} ORDER BY customer_id, k"),
        &mut |f, r| {
            f.visits.push(r.get(1)?);
            Ok(())
        },
    )?;
    each(&format!("{LAST_SQL} AND {chosen} GROUP BY customer_id"), &mut |f, r| {
        f.last = r.get(1)?;
        Ok(())
    })?;
    // Many records into few: the indexes are sorted once afterwards, not
    // kept up record by record (inside the caller's transaction).
    let dropped = super::room::drop_for(conn, "search_key", ids.len(), super::room::rows_at_most(conn, "search_key")?)?;
    let items: Vec<(&String, Option<&Entity>, Facts)> =
        ids.iter().map(|id| (id, customers.get(id), facts.remove(id.as_str()).unwrap_or_default())).collect();
    // Built on two threads (the readings are most of the work), written
    // in order on this one.
    let built = super::halves::in_halves(&items, two_threads_from, |_, part| {
        part.iter().map(|(_, c, f)| build(romanizer, *c, f)).collect::<Vec<Option<Built>>>()
    })?;
    let built: Vec<Option<Built>> = built.into_iter().flatten().collect();
    write_many(conn, items.iter().map(|(id, _, _)| id.as_str()).zip(built.iter().map(Option::as_ref)))?;
    drop(items);
    // Freed on a thread of their own (a tenth of this work at 100k
    // customers, and nothing waits for it); here if none can be made.
    if customers.len() >= two_threads_from {
        let _ = std::thread::Builder::new().spawn(move || drop((customers, built)));
    }
    dropped.rebuild(conn)
}

/// How many search records one statement writes, at most.
const WRITE_MANY: usize = 256;

/// [`write`] of each of `records` in their order, many to a statement: a
/// statement that fires the tables' triggers copies every page it changes
/// (to undo itself if need be), once a statement, not once a record.
fn write_many<'b>(conn: &Connection, records: impl Iterator<Item = (&'b str, Option<&'b Built>)>) -> Result<()> {
    let mut batch: Vec<(&str, &Built)> = Vec::with_capacity(WRITE_MANY);
    let flush = |batch: &mut Vec<(&str, &Built)>| -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "INSERT INTO search_key (customer_id, name, key, display, sort) VALUES {}
             ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, key = excluded.key,
                 display = excluded.display, sort = excluded.sort",
            vec!["(?, ?, ?, ?, ?)"; batch.len()].join(", ")
        );
        let mut args: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(batch.len() * 5);
        for (id, b) in batch.iter() {
            args.extend([id as &dyn rusqlite::ToSql, &b.name, &b.key, &b.display, &b.sort]);
        }
        conn.prepare_cached(&sql)?.execute(args.as_slice())?;
        batch.clear();
        Ok(())
    };
    for (id, built) in records {
        if let Some(b) = built {
            batch.push((id, b));
            if batch.len() == WRITE_MANY {
                flush(&mut batch)?;
            }
        } else {
            flush(&mut batch)?;
            write(conn, id, None)?;
        }
    }
    flush(&mut batch)
}

/// The rows of `stmt`, given the ids chosen as a JSON array when there is
/// one (`?1`).
fn chosen_rows<'s>(stmt: &'s mut rusqlite::Statement<'_>, list: Option<&str>) -> rusqlite::Result<rusqlite::Rows<'s>> {
    match list {
        Some(list) => stmt.query([list]),
        None => stmt.query([]),
    }
}

/// Rebuild one customer's search record.
pub(super) fn refresh_one(conn: &Connection, romanizer: &Romanizer, id: &str) -> Result<()> {
    let Some(c) = load(conn, &CUSTOMER, id)? else { return store(conn, romanizer, id, None, &Facts::default()) };
    if !c.alive {
        return store(conn, romanizer, id, Some(&c), &Facts::default());
    }
    let mut facts = Facts::default();
    let mut people = conn.prepare_cached(&format!("{PEOPLE_SQL} AND customer_id = ?1 {PEOPLE_ORDER}"))?;
    facts.people =
        people.query_map([id], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut followups = conn.prepare_cached(&format!(
        "SELECT * FROM ({FOLLOWUP_SQL} AND customer_id = ?1) WHERE k <= {FOLLOWUPS} ORDER BY k"
    ))?;
    facts.followups = followups.query_map([id], followup_text)?.collect::<rusqlite::Result<_>>()?;
    let mut visits = conn
        .prepare_cached(&format!("SELECT * FROM ({VISIT_SQL} AND customer_id = ?1) WHERE k <= {VISITS} ORDER BY k"))?;
    facts.visits = visits.query_map([id], |r| r.get(1))?.collect::<rusqlite::Result<_>>()?;
    facts.last = conn.prepare_cached(&format!("{LAST_SQL} AND customer_id = ?1"))?.query_row([id], |r| r.get(1))?;
    store(conn, romanizer, id, Some(&c), &facts)
}

/// A customer's search record, as written.
struct Built {
    name: String,
    key: String,
    display: String,
    sort: String,
}

/// The search record of `c` built from `facts`; None for a customer gone
/// or deleted.
fn build(romanizer: &Romanizer, c: Option<&Entity>, facts: &Facts) -> Option<Built> {
    let c = c.filter(|c| c.alive)?;
    let people = &facts.people;
    let mut owned: Vec<(Field, &str)> = vec![(Field::Name, c.title())];
    owned.extend(people.iter().map(|p| (Field::Person, p.0.as_str())));
    for (field, name) in [(Field::City, "city"), (Field::Region, "region")] {
        owned.extend(c.text(name).map(|t| (field, t)));
    }
    let tags = c.tags();
    owned.extend(tags.iter().map(|t| (Field::Tag, t.as_str())));
    owned.extend(c.text("phone").map(|t| (Field::Phone, t)));
    owned.extend(people.iter().map(|p| (Field::Phone, p.1.as_str())));
    owned.extend(c.text("email").map(|t| (Field::Email, t)));
    owned.extend(people.iter().map(|p| (Field::Email, p.2.as_str())));
    owned.extend(c.text("notes").map(|t| (Field::Notes, t)));
    // What a rep remembers of the customer's history: open follow-ups, then
    // the latest visits' notes, newest first (the record bounds the total).
    owned.extend(facts.followups.iter().chain(&facts.visits).map(|t| (Field::Notes, t.as_str())));
    let last = facts.last.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let rec = crate::search::record::build(romanizer, &owned, class_rank(c), last.map_or(0, day_number));
    Some(Built {
        name: c.title().to_string(),
        key: rec.key,
        display: rec.display,
        sort: crate::search::sort_key(romanizer, c.title()),
    })
}

/// Write customer `id`'s search record (none: it has none).
fn write(conn: &Connection, id: &str, built: Option<&Built>) -> Result<()> {
    let Some(b) = built else {
        conn.prepare_cached("DELETE FROM search_key WHERE customer_id = ?1")?.execute([id])?;
        return Ok(());
    };
    conn.prepare_cached(
        "INSERT INTO search_key (customer_id, name, key, display, sort) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, key = excluded.key,
             display = excluded.display, sort = excluded.sort",
    )?
    .execute(params![id, b.name, b.key, b.display, b.sort])?;
    Ok(())
}

/// Write the search record built from `c` and `facts` (none for a
/// customer gone or deleted).
fn store(conn: &Connection, romanizer: &Romanizer, id: &str, c: Option<&Entity>, facts: &Facts) -> Result<()> {
    write(conn, id, build(romanizer, c, facts).as_ref())
}

#[cfg(test)]
mod tests {
    use super::{BULK_FROM, refresh, refresh_one, refresh_with};
    use crate::clock::FixedClock;
    use crate::domain::pinyin::Romanizer;
    use crate::store::Store;
    use std::collections::BTreeSet;
    use std::sync::Arc;

    type Rows = Vec<(String, String, String, String, String)>;

    fn rows(store: &Store) -> Rows {
        let mut stmt = store
            .conn
            .prepare("SELECT customer_id, name, key, display, sort FROM search_key ORDER BY customer_id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn many_customers_at_once_get_the_records_one_at_a_time_gives() {
        let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
        let mut store = Store::open_in_memory(clock, Romanizer::default()).unwrap();
        crate::demo::generate(&mut store, 60, crate::demo::SEED).unwrap();
        // A deleted customer and one with nothing but a name.
        store.conn.execute("UPDATE customer SET cl = 2 WHERE id = (SELECT min(id) FROM customer)", []).unwrap();
        let ids: BTreeSet<String> = store
            .conn
            .prepare("SELECT id FROM customer")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(ids.len() >= BULK_FROM, "the bulk path is the one tested");
        let activity: i64 = store
            .conn
            .query_row("SELECT (SELECT count(*) FROM visit) * (SELECT count(*) FROM followup)", [], |r| r.get(0))
            .unwrap();
        assert!(activity > 0, "visits and follow-ups are part of the records compared");
        for id in &ids {
            refresh_one(&store.conn, &store.romanizer, id).unwrap();
        }
        let one_by_one = rows(&store);
        assert_eq!(one_by_one.len(), ids.len() - 1, "the deleted customer has no record");
        store.conn.execute("UPDATE search_key SET key = '', display = '', sort = ''", []).unwrap();
        refresh(&store.conn, &store.romanizer, &ids).unwrap();
        assert_eq!(rows(&store), one_by_one);
        // Written many to a statement, each record marked changed in turn
        // (its generation one more than the last), as one at a time.
        let by_gen: Vec<String> = store
            .conn
            .prepare("SELECT customer_id FROM search_dirty ORDER BY gen")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let written: Vec<&String> = ids.iter().filter(|id| one_by_one.iter().any(|r| &r.0 == *id)).collect();
        assert_eq!(by_gen.iter().rev().take(written.len()).rev().collect::<Vec<_>>(), written);
        // Built on two threads, written in the same order.
        store.conn.execute("UPDATE search_key SET key = '', display = '', sort = ''", []).unwrap();
        refresh_with(&store.conn, &store.romanizer, &ids, 2).unwrap();
        assert_eq!(rows(&store), one_by_one);
        // A third of them (each looked up by its id, not every row read).
        let some: BTreeSet<String> = ids.iter().step_by(3).cloned().collect();
        assert!(some.len() >= BULK_FROM && some.len() * 2 < ids.len(), "the bulk path that picks ids is tested");
        store.conn.execute("UPDATE search_key SET key = '', display = '', sort = ''", []).unwrap();
        refresh(&store.conn, &store.romanizer, &some).unwrap();
        let picked = |rows: Rows| rows.into_iter().filter(|r| some.contains(&r.0)).collect::<Rows>();
        assert_eq!(picked(rows(&store)), picked(one_by_one.clone()));
        assert!(rows(&store).iter().filter(|r| !some.contains(&r.0)).all(|r| r.2.is_empty()), "the others untouched");
        // Undeleted, it is found again through the bulk path too.
        store.conn.execute("UPDATE customer SET cl = 3 WHERE cl = 2", []).unwrap();
        refresh(&store.conn, &store.romanizer, &ids).unwrap();
        assert_eq!(rows(&store).len(), ids.len());
    }
}
