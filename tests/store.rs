//! The store: migrations, round trips, change records, rollback, refusals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{clock, customer, memory, open, sample_raw, text};
use repbook::Error;
use repbook::domain::fields::Value;
use repbook::domain::pinyin::Romanizer;
use repbook::domain::schema::{COMPETITOR, CUSTOMER, FOLLOWUP, PERSON, TABLES, TRADE, Table, VISIT};
use repbook::store::{LATEST_VERSION, MIGRATIONS, OpenMode, Store};
use rusqlite::Connection;

#[test]
fn a_new_archive_is_at_the_latest_schema_with_a_column_for_every_field() {
    let store = memory();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    drop(open(&path));
    let conn = Connection::open(&path).unwrap();
    for table in TABLES {
        let cols: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{}')", table.name))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for spec in table.fields {
            assert!(cols.iter().any(|c| c == spec.name), "{}.{} has no column", table.name, spec.name);
        }
    }
}

#[test]
fn every_earlier_version_migrates_to_the_latest_keeping_data_and_a_backup() {
    for from in 0..LATEST_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            for step in &MIGRATIONS[..from as usize] {
                let tx = conn.transaction().unwrap();
                tx.execute_batch(step).unwrap();
                tx.commit().unwrap();
            }
            conn.pragma_update(None, "user_version", from).unwrap();
            if from >= 1 {
                conn.execute("INSERT INTO customer (id, updated_ms, name) VALUES ('c-old', 0, '老客户')", []).unwrap();
            }
        }
        let store = open(&path);
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION, "from {from}");
        if from >= 1 {
            assert_eq!(store.get(&CUSTOMER, "c-old").unwrap().unwrap().title(), "老客户");
            let backups = std::fs::read_dir(dir.path())
                .unwrap()
                .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".bak"))
                .count();
            assert_eq!(backups, 1, "a backup is taken before migrating from {from}");
        }
    }
}

#[test]
fn an_archive_from_a_newer_repbook_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    drop(open(&path));
    Connection::open(&path).unwrap().pragma_update(None, "user_version", LATEST_VERSION + 5).unwrap();
    let err = Store::open(&path, OpenMode::Write, clock(), Romanizer::default()).unwrap_err();
    assert!(matches!(err, Error::NewerSchema { found, .. } if found == LATEST_VERSION + 5), "{err:?}");
    assert!(err.to_string().contains("newer repbook"), "{err}");
}

#[test]
fn a_second_writer_is_refused_and_a_reader_gets_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let mut first = open(&path);
    customer(&mut first, "Harbor Electric", "Singapore");
    let err = Store::open(&path, OpenMode::Write, clock(), Romanizer::default()).unwrap_err();
    assert!(matches!(err, Error::Locked { pid: Some(p), .. } if p == std::process::id()), "{err:?}");
    let mut reader = Store::open(&path, OpenMode::ReadOrWrite, clock(), Romanizer::default()).unwrap();
    assert!(reader.is_read_only());
    assert_eq!(reader.customers(&repbook::store::CustomerFilter::default()).unwrap().len(), 1);
    assert!(matches!(reader.write(|w| w.insert(&CUSTOMER, &[("name", text("x"))])), Err(Error::ReadOnly)));
    drop(reader);
    drop(first);
    // Once the writer is gone the lock is free again.
    drop(open(&path));
}

#[cfg(unix)]
#[test]
fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data").join("repbook");
    let path = data.join("archive.sqlite3");
    let mut store = open(&path);
    customer(&mut store, "x", "y");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&data.join("archive.sqlite3.lock")), 0o600);
    assert_eq!(mode(&data.join("archive.sqlite3-wal")), 0o600);
}

/// Every field of `table` set from user text, for round trips.
fn full_record(table: &'static Table, parent: Option<&str>, n: usize) -> Vec<(&'static str, Value)> {
    table
        .fields
        .iter()
        .map(|spec| {
            let v = match (spec.name, parent) {
                ("customer_id", Some(p)) => text(p),
                _ => spec.parse(&sample_raw(spec, n)).unwrap(),
            };
            (spec.name, v)
        })
        .collect()
}

#[test]
fn every_table_round_trips_every_field() {
    let mut store = memory();
    let cid = store.write(|w| w.insert(&CUSTOMER, &full_record(&CUSTOMER, None, 3))).unwrap();
    let got = store.get(&CUSTOMER, &cid).unwrap().unwrap();
    for (field, value) in full_record(&CUSTOMER, None, 3) {
        assert_eq!(got.get(field), &value, "customer.{field}");
    }
    for (i, table) in [&PERSON, &COMPETITOR, &TRADE, &VISIT, &FOLLOWUP].into_iter().enumerate() {
        let values = full_record(table, Some(&cid), i + 1);
        let id = store.write(|w| w.insert(table, &values)).unwrap();
        let got = store.get(table, &id).unwrap().unwrap();
        assert!(got.alive);
        for (field, value) in &values {
            assert_eq!(got.get(field), value, "{}.{field}", table.name);
        }
        assert_eq!(store.children(table, &cid).unwrap().len(), 1);
    }
    let d = store.dossier(&cid).unwrap();
    assert_eq!((d.people.len(), d.competitors.len(), d.trades.len()), (1, 1, 1));
    assert_eq!(store.children(&VISIT, &cid).unwrap().len(), 1);
    assert_eq!(store.children(&FOLLOWUP, &cid).unwrap().len(), 1);
}

#[test]
fn every_kind_of_write_records_its_field_changes() {
    let mut store = memory();
    let device = store.device().device_id.clone();
    let id = store
        .write(|w| {
            w.insert(&CUSTOMER, &[("name", text("重庆恒达机电")), ("city", text("重庆")), ("purchase", Value::Int(3))])
        })
        .unwrap();
    let c = store.changes().unwrap();
    let cols: Vec<&str> = c.iter().map(|r| r.column.as_str()).collect();
    assert_eq!(cols, ["_cl", "name", "city", "purchase"]);
    assert!(c.iter().all(|r| r.origin == device && r.table == "customer" && r.row == id && r.base.is_none()));
    assert_eq!(c.iter().map(|r| r.seq).collect::<Vec<_>>(), [1, 2, 3, 4], "seq is contiguous from 1");
    assert!(c.windows(2).all(|w| w[0].hlc < w[1].hlc), "hlc increases");
    assert_eq!(c[3].value.as_deref(), Some("3"));
    assert_eq!(c[1].value.as_deref(), Some("\"重庆恒达机电\""));

    // An update records only what changed, with the base it overwrote.
    let city_hlc = c[2].hlc;
    let changed =
        store.write(|w| w.update(&CUSTOMER, &id, &[("city", text("长沙")), ("purchase", Value::Int(3))])).unwrap();
    assert_eq!(changed, 1);
    let c = store.changes().unwrap();
    assert_eq!(c.len(), 5);
    assert_eq!((c[4].column.as_str(), c[4].value.as_deref()), ("city", Some("\"长沙\"")));
    assert_eq!(c[4].base, Some((city_hlc, device.clone())));

    // Clearing a field records a null.
    store.write(|w| w.update(&CUSTOMER, &id, &[("city", Value::Null)])).unwrap();
    assert_eq!(store.changes().unwrap()[5].value.as_deref(), Some("null"));

    // Delete and restore move the causal length: 2 (deleted), 3 (alive).
    assert!(store.write(|w| w.set_alive(&CUSTOMER, &id, false)).unwrap());
    assert!(!store.write(|w| w.set_alive(&CUSTOMER, &id, false)).unwrap(), "deleting twice changes nothing");
    assert!(!store.get(&CUSTOMER, &id).unwrap().unwrap().alive);
    assert!(store.write(|w| w.set_alive(&CUSTOMER, &id, true)).unwrap());
    let cl: Vec<_> =
        store.changes().unwrap().into_iter().filter(|r| r.column == "_cl").map(|r| r.value.unwrap()).collect();
    assert_eq!(cl, ["1", "2", "3"]);
    assert_eq!(store.device().next_seq, 9);
}

#[test]
fn erasing_a_person_scrubs_every_recorded_value_and_records_the_erase() {
    let mut store = memory();
    let cid = customer(&mut store, "厦门永兴物流", "厦门");
    let pid = store
        .write(|w| {
            w.insert(
                &PERSON,
                &[
                    ("customer_id", text(&cid)),
                    ("name", text("曾国强")),
                    ("birthday", text("1980-05-01")),
                    ("family", text("两个孩子")),
                ],
            )
        })
        .unwrap();
    store.write(|w| w.update(&PERSON, &pid, &[("hobbies", text("钓鱼"))])).unwrap();
    store.write(|w| w.erase_person(&pid)).unwrap();
    assert!(store.get(&PERSON, &pid).unwrap().is_none());
    let person_changes: Vec<_> = store.changes().unwrap().into_iter().filter(|r| r.row == pid).collect();
    let (erase, rest) = person_changes.split_last().unwrap();
    assert_eq!(erase.column, "_erase");
    assert!(rest.iter().all(|r| r.value.is_none()), "no personal value survives in the log: {rest:?}");
    let entries = store.search_entries().unwrap();
    assert!(!entries[0].display.contains("曾国强"), "the search key forgets the person");
}

#[test]
fn a_failed_write_leaves_no_row_no_change_and_no_gap_in_seq() {
    let mut store = memory();
    let before = store.device().clone();
    let err = store.write(|w| {
        w.insert(&CUSTOMER, &[("name", text("half written"))])?;
        w.insert(&PERSON, &[("customer_id", text("no-such-customer")), ("name", text("x"))])
    });
    assert!(matches!(err, Err(Error::NotFound { .. })), "{err:?}");
    assert_eq!(store.change_count().unwrap(), 0);
    assert!(store.customers(&repbook::store::CustomerFilter::default()).unwrap().is_empty());
    assert_eq!(store.device(), &before);
    customer(&mut store, "next", "x");
    assert_eq!(store.changes().unwrap()[0].seq, 1, "the next write starts where the failed one did");
}

#[test]
fn bad_input_is_refused_with_a_sentence() {
    let mut store = memory();
    let name = CUSTOMER.field("name").unwrap();
    assert!(matches!(name.parse("  "), Err(Error::Invalid(_))));
    let tier = CUSTOMER.field("tier_override").unwrap();
    let err = tier.parse("D").unwrap_err();
    assert!(err.to_string().contains("A1, A2, B1, B2, C"), "{err}");
    assert!(TRADE.field("date").unwrap().parse("2026-13-01").is_err());
    assert!(matches!(store.resolve(&CUSTOMER, "deadbeef"), Err(Error::NotFound { .. })));
    assert!(matches!(store.write(|w| w.insert(&CUSTOMER, &[("city", text("x"))])), Err(Error::Invalid(_))));
    let id = customer(&mut store, "x", "y");
    assert!(matches!(store.write(|w| w.update(&CUSTOMER, &id, &[("name", Value::Null)])), Err(Error::Invalid(_))));
    assert_eq!(store.resolve(&CUSTOMER, &id[id.len() - 8..]).unwrap(), id, "the short id resolves");
    // Values a library caller passes are checked against the schema too.
    for (field, v) in
        [("purchase", Value::Int(7)), ("kind", text("pirate")), ("vip", text("yes")), ("tags", Value::Int(1))]
    {
        assert!(
            matches!(store.write(|w| w.update(&CUSTOMER, &id, &[(field, v.clone())])), Err(Error::Invalid(_))),
            "{field}"
        );
    }
}

#[test]
fn filters_combine() {
    let mut store = memory();
    let a = customer(&mut store, "重庆恒达", "重庆");
    customer(&mut store, "长沙华大", "长沙");
    store
        .write(|w| {
            w.update(
                &CUSTOMER,
                &a,
                &[("purchase", Value::Int(4)), ("potential", Value::Int(4)), ("tags", text("重点, 展会"))],
            )
        })
        .unwrap();
    let f = |class: Option<&str>, city: Option<&str>, tag: Option<&str>| repbook::store::CustomerFilter {
        class: class.and_then(repbook::domain::classify::Class::parse),
        city: city.map(str::to_string),
        tag: tag.map(str::to_string),
        ..repbook::store::CustomerFilter::default()
    };
    assert_eq!(store.customers(&f(Some("A"), None, None)).unwrap().len(), 1);
    assert_eq!(store.customers(&f(Some("C"), None, None)).unwrap().len(), 1);
    assert_eq!(store.customers(&f(Some("A"), Some("长沙"), None)).unwrap().len(), 0);
    assert_eq!(store.customers(&f(None, Some("重庆"), Some("展会"))).unwrap().len(), 1);
    assert_eq!(store.customers(&f(None, None, Some("展"))).unwrap().len(), 0, "tags match whole");
}
