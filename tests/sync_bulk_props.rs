//! Property test of an import's bulk path (src/store/merge/bulk.rs):
//! files made of random parts of several devices' change logs, records
//! shuffled, parts overlapping and files delivered twice, are taken in by
//! an archive on the fast path (creations of new rows in bulk) and one on
//! the general path (`Store::set_general_merge`, record by record in clock
//! order); after every file the two must report the same and hold the
//! same data, log and conflicts. Fixed seeds; `REPBOOK_PROPTEST_CASES`
//! runs more.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::text;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use repbook::clock::FixedClock;
use repbook::domain::pinyin::Romanizer;
use repbook::domain::schema::{CUSTOMER, PERSON};
use repbook::store::{ChangeRecord, Store};
use repbook::sync::{self, Purpose, Selection};
use std::collections::BTreeMap;
use std::sync::Arc;

fn open() -> Store {
    let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
    Store::open_in_memory(clock, Romanizer::default()).unwrap()
}

/// What a device does: (kind, device, pick).
type Step = (u8, usize, usize);

fn ids(store: &Store, table: &str) -> Vec<String> {
    let mut ids: Vec<String> = store
        .changes()
        .unwrap()
        .into_iter()
        .filter(|r| r.table == table && r.column == "_insert")
        .map(|r| r.row)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn exchange(from: &Store, to: &mut Store) {
    let set = sync::decode(&sync::build(from, &Selection::All).unwrap().bytes, i64::MAX / 4).unwrap();
    sync::apply(to, &set, false, false).unwrap();
}

fn act(devices: &mut [Store], (kind, d, pick): Step, n: usize) {
    let d = d % devices.len();
    let customers = ids(&devices[d], "customer");
    let customer = customers.get(pick % customers.len().max(1)).cloned();
    let alive = |s: &Store, t, id: &str| s.get(t, id).unwrap().is_some_and(|e| e.alive);
    let s = &mut devices[d];
    match (kind, customer) {
        (0 | 1, _) => {
            s.write(|w| w.insert(&CUSTOMER, &[("name", text(&format!("客户{n}"))), ("city", text("杭州"))])).unwrap();
        }
        (2, Some(c)) if alive(s, &CUSTOMER, &c) => {
            s.write(|w| w.insert(&PERSON, &[("customer_id", text(&c)), ("name", text(&format!("人{n}")))])).unwrap();
        }
        (3, Some(c)) if alive(s, &CUSTOMER, &c) => {
            common::followup(s, &c, &format!("回访{n}"), "2026-12-01");
        }
        (4, Some(c)) if alive(s, &CUSTOMER, &c) => {
            s.write(|w| w.update(&CUSTOMER, &c, &[("notes", text(&format!("记{n}")))])).unwrap();
        }
        (5, Some(c)) => {
            let back = !alive(s, &CUSTOMER, &c);
            // Refused while it has open follow-ups: then nothing happens.
            let _ = s.write(|w| w.set_alive(&CUSTOMER, &c, back));
        }
        (6, _) => {
            let to = (d + 1 + pick) % devices.len();
            if to != d {
                let (low, high) = if d < to { devices.split_at_mut(to) } else { devices.split_at_mut(d) };
                let (from, into) = if d < to { (&low[d], &mut high[0]) } else { (&high[0], &mut low[to]) };
                exchange(from, into);
            }
        }
        (7, _) => {
            let people = ids(s, "person");
            if let Some(p) = people.get(pick % people.len().max(1))
                && s.get(&PERSON, p).unwrap().is_some()
            {
                s.erase_person(p).unwrap();
            }
        }
        _ => {}
    }
}

/// Feed `bytes` to both observers and require the same outcome.
fn both(fast: &mut Store, general: &mut Store, bytes: &[u8]) -> Result<(), TestCaseError> {
    let set = sync::decode(bytes, i64::MAX / 4).unwrap();
    let a = sync::apply(fast, &set, false, false).unwrap();
    let b = sync::apply(general, &set, false, false).unwrap();
    prop_assert_eq!(a, b, "the two paths report the same");
    prop_assert_eq!(fast.digest().unwrap(), general.digest().unwrap(), "the same data");
    prop_assert_eq!(fast.changes().unwrap(), general.changes().unwrap(), "the same log");
    prop_assert_eq!(fast.conflict_views().unwrap(), general.conflict_views().unwrap(), "the same conflicts");
    Ok(())
}

#[test]
fn the_bulk_and_the_general_import_make_the_same_archive_from_any_files() {
    common::test_issued_dir();
    let cases = std::env::var("REPBOOK_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[21; 32]));
    let steps = proptest::collection::vec((0..9u8, 0..3usize, 0..8usize), 5..60);
    // Files: each a random part of the log (a record in it with
    // probability `keep`/4), in a random order, maybe delivered twice.
    let files = proptest::collection::vec((1..=4u8, any::<u64>(), any::<bool>()), 1..6);
    runner
        .run(&(steps, files), |(steps, files)| {
            let mut devices: Vec<Store> = (0..3).map(|_| open()).collect();
            devices[0].write(|w| w.insert(&CUSTOMER, &[("name", text("种子"))])).unwrap();
            let seed = sync::build(&devices[0], &Selection::All).unwrap().bytes;
            for d in devices.iter_mut().skip(1) {
                sync::apply(d, &sync::decode(&seed, i64::MAX / 4).unwrap(), false, false).unwrap();
            }
            for (n, step) in steps.iter().enumerate() {
                act(&mut devices, *step, n);
            }
            // Every record any device holds, once.
            let mut all: BTreeMap<(String, i64), ChangeRecord> = BTreeMap::new();
            for d in &devices {
                for r in d.changes().unwrap() {
                    all.entry((r.origin.clone(), r.seq)).or_insert(r);
                }
            }
            let all: Vec<ChangeRecord> = all.into_values().collect();
            let (mut fast, mut general) = (open(), open());
            general.set_general_merge(true);
            for (keep, shuffle, twice) in files {
                let mut state = shuffle | 1;
                let mut next = move |below: usize| {
                    // xorshift64: enough to pick and shuffle.
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    usize::try_from(state % below as u64).unwrap()
                };
                let mut part: Vec<ChangeRecord> = all.iter().filter(|_| next(4) < usize::from(keep)).cloned().collect();
                for i in (1..part.len()).rev() {
                    part.swap(i, next(i + 1));
                }
                let bytes = sync::encode(&devices[0], Purpose::Changes, &part).unwrap();
                both(&mut fast, &mut general, &bytes)?;
                if twice {
                    both(&mut fast, &mut general, &bytes)?;
                }
            }
            let whole = sync::encode(&devices[0], Purpose::Changes, &all).unwrap();
            both(&mut fast, &mut general, &whole)
        })
        .unwrap();
}

/// Files no honest device writes, where the clock order is not the causal
/// one: a person created before its customer, a field edited before its
/// row's creation. The bulk path must leave those to the record-by-record
/// path (which parks them and replays them), with the same outcome.
#[test]
fn records_before_their_row_or_customer_are_left_to_the_general_path() {
    common::test_issued_dir();
    let mut a = open();
    let c = common::customer(&mut a, "华东商贸", "上海");
    let other = common::customer(&mut a, "西南物流", "成都");
    a.write(|w| w.insert(&PERSON, &[("customer_id", text(&c)), ("name", text("王伟"))])).unwrap();
    a.write(|w| w.update(&CUSTOMER, &other, &[("notes", text("先改"))])).unwrap();
    let set = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, i64::MAX / 4).unwrap();
    let at = |table: &str, row: &str, column: &str| {
        set.records.iter().position(|r| r.table == table && r.row == row && r.column == column).unwrap()
    };
    let customer_made = set.records[at("customer", &c, "_insert")].hlc;
    let other_made = set.records[at("customer", &other, "_insert")].hlc;
    let person = set.records.iter().position(|r| r.table == "person").unwrap();
    let edit = at("customer", &other, "notes");
    for (moved, to) in [(person, customer_made - 1), (edit, other_made - 1)] {
        let mut odd = set.clone();
        odd.records[moved].hlc = to;
        let bytes = sync::encode(&a, Purpose::Changes, &odd.records).unwrap();
        let (mut fast, mut general) = (open(), open());
        general.set_general_merge(true);
        both(&mut fast, &mut general, &bytes).unwrap();
        let report = sync::apply(&mut open(), &sync::decode(&bytes, i64::MAX / 4).unwrap(), false, false).unwrap();
        assert!(report.replayed > 0, "the early record waited for its row: {report:?}");
    }
}

/// A record's value is checked when the record is taken in, before
/// anything is written: a bad one is refused with its line and the archive
/// is left as it was; a record held already is not parsed again.
#[test]
fn a_bad_value_is_refused_with_its_line_before_anything_is_written() {
    common::test_issued_dir();
    let mut a = open();
    common::customer(&mut a, "华东商贸", "上海");
    common::customer(&mut a, "西南物流", "成都");
    let good = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, i64::MAX / 4).unwrap();
    let mut bad = good.clone();
    let last = bad.records.len() - 1;
    bad.records[last].value = Some("{\"name\": 5}".to_string());
    let bytes = sync::encode(&a, Purpose::Changes, &bad.records).unwrap();
    let set = sync::decode(&bytes, i64::MAX / 4).expect("values are checked on import");
    let mut b = open();
    let before = (b.digest().unwrap(), b.changes().unwrap().len());
    let err = sync::apply(&mut b, &set, false, false).unwrap_err().to_string();
    assert!(err.contains(&format!("line {} ", last + 2)), "the line is named: {err}");
    assert_eq!((b.digest().unwrap(), b.changes().unwrap().len()), before, "nothing was written");
    let err = sync::apply(&mut b, &set, true, false).unwrap_err().to_string();
    assert!(err.contains(&format!("line {} ", last + 2)), "a dry run says the same: {err}");
    // Once the good records are in, the same file is only what is held.
    sync::apply(&mut b, &good, false, false).unwrap();
    let again = sync::apply(&mut b, &set, false, false).unwrap();
    assert_eq!((again.applied, again.already), (0, set.records.len()));
}

/// A backup (a copy of the whole archive) is made before an import that
/// brings something new, not before one of a file held already.
#[test]
fn a_re_import_makes_no_backup() {
    common::test_issued_dir();
    let dir = tempfile::tempdir().unwrap();
    let mut a = open();
    common::customer(&mut a, "华东商贸", "上海");
    let db = dir.path().join("b.sqlite3");
    let mut b = common::open(&db);
    let before_sync =
        || repbook::store::backups(&db).iter().filter(|p| p.to_string_lossy().contains("before-sync")).count();
    let set = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, i64::MAX / 4).unwrap();
    assert_eq!(sync::apply(&mut b, &set, false, false).unwrap().applied, set.records.len());
    assert_eq!(before_sync(), 1, "a backup before the first import");
    assert_eq!(sync::apply(&mut b, &set, false, false).unwrap().already, set.records.len());
    assert_eq!(before_sync(), 1, "none before taking in only what is held");
    common::customer(&mut a, "西南物流", "成都");
    let set = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, i64::MAX / 4).unwrap();
    assert_eq!(sync::apply(&mut b, &set, false, false).unwrap().applied, 1);
    assert_eq!(before_sync(), 2, "one before a file with something new");
}

/// The schema of the archive at `path`: every table, index and trigger.
fn schema(path: &std::path::Path) -> Vec<(String, String, Option<String>)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    conn.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// A large import into an empty archive (the tables' and the change log's
/// secondary indexes dropped and built again after the rows are in, rows
/// and log records many to a statement) makes what the record-by-record
/// path makes, and leaves every index as it was.
#[test]
fn a_large_import_into_an_empty_archive_rebuilds_its_indexes_and_matches_the_general_path() {
    common::test_issued_dir();
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
    let on_disk = |name: &str| {
        let mut s =
            Store::open(&dir.path().join(name), repbook::store::OpenMode::Write, clock.clone(), Romanizer::default())
                .unwrap();
        s.keep_daily_backups(0);
        s
    };
    let mut source = on_disk("source.sqlite3");
    repbook::demo::generate(&mut source, 400, repbook::demo::SEED).unwrap();
    let bytes = sync::build(&source, &Selection::All).unwrap().bytes;
    let (mut fast, mut general) = (on_disk("fast.sqlite3"), on_disk("general.sqlite3"));
    general.set_general_merge(true);
    let before = schema(&dir.path().join("fast.sqlite3"));
    both(&mut fast, &mut general, &bytes).unwrap();
    let visits: i64 = rusqlite::Connection::open(dir.path().join("fast.sqlite3"))
        .unwrap()
        .query_row("SELECT count(*) FROM visit", [], |r| r.get(0))
        .unwrap();
    assert!(visits >= 1000, "a table large enough to have its indexes built again ({visits} visits)");
    assert_eq!(fast.digest().unwrap(), source.digest().unwrap());
    assert_eq!(schema(&dir.path().join("fast.sqlite3")), before, "every index is back");
    assert_eq!(schema(&dir.path().join("general.sqlite3")), before);
    // Taken in again: nothing changes.
    both(&mut fast, &mut general, &bytes).unwrap();
}
