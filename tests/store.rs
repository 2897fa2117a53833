//! The store: migrations, round trips, change records, rollback, refusals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{clock, customer, memory, open, sample_raw, text};
use repbook::Error;
use repbook::domain::fields::Value;
use repbook::domain::pinyin::Romanizer;
use repbook::domain::schema::{COMPETITOR, CUSTOMER, FOLLOWUP, OPPORTUNITY, PERSON, TABLES, TRADE, Table, VISIT};
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
fn two_stores_on_one_file_both_write_and_see_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let mut first = open(&path);
    let mut second = open(&path);
    customer(&mut first, "Harbor Electric", "Singapore");
    customer(&mut second, "重庆恒达", "重庆");
    customer(&mut first, "长沙华大", "长沙");
    assert_eq!(first.customers(&repbook::store::CustomerFilter::default()).unwrap().len(), 3);
    let seqs: Vec<i64> = first.changes().unwrap().iter().map(|r| r.seq).collect();
    let mut sorted = seqs.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, [1, 2, 3], "one device, one contiguous seq, whichever process wrote");
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
    assert!(!data.join("archive.sqlite3.lock").exists(), "no lock file: SQLite serialises writers");
    // Left readable by others (an older tool, a copy): made private again.
    drop(store);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut store = open(&path);
    customer(&mut store, "z", "y");
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&data.join("archive.sqlite3-wal")), 0o600, "its journal follows");
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
                // A visit names an opportunity by its id (tests/opportunity.rs).
                ("opportunity" | "opportunity_stage", _) => Value::Null,
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
    for (i, table) in [&PERSON, &COMPETITOR, &TRADE, &VISIT, &FOLLOWUP, &OPPORTUNITY].into_iter().enumerate() {
        let values = full_record(table, Some(&cid), i + 1);
        let id = store.write(|w| w.insert(table, &values)).unwrap();
        let got = store.get(table, &id).unwrap().unwrap();
        assert!(got.alive);
        for (field, value) in &values {
            assert_eq!(got.get(field), value, "{}.{field}", table.name);
        }
        // A held visit's next steps became follow-ups of their own.
        let own = |e: &repbook::domain::entity::Entity| e.text("source") != Some("next_step");
        assert_eq!(store.children(table, &cid).unwrap().iter().filter(|e| own(e)).count(), 1);
    }
    let d = store.dossier(&cid).unwrap();
    assert_eq!((d.people.len(), d.competitors.len(), d.trades.len()), (1, 1, 1));
    assert_eq!(store.children(&VISIT, &cid).unwrap().len(), 1);
    let visit = &store.children(&VISIT, &cid).unwrap()[0];
    let steps =
        store.children(&FOLLOWUP, &cid).unwrap().iter().filter(|f| f.text("source") == Some("next_step")).count();
    let expected =
        if visit.text("status") == Some("done") { visit.text_or_empty("next_step").lines().count() } else { 0 };
    assert_eq!(steps, expected, "a visit inserted as held turns each next step into a follow-up");
}

#[test]
fn every_kind_of_write_records_its_changes() {
    let mut store = memory();
    let device = store.device().device_id.clone();
    let id = store
        .write(|w| {
            w.insert(&CUSTOMER, &[("name", text("重庆恒达机电")), ("city", text("重庆")), ("purchase", Value::Int(3))])
        })
        .unwrap();
    // A new row is one record holding its initial values.
    let c = store.changes().unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].column.as_str(), c[0].seq, c[0].tx, c[0].cl), ("_insert", 1, 1, 1));
    assert!(c[0].origin == device && c[0].table == "customer" && c[0].row == id && c[0].base.is_none());
    let initial: serde_json::Value = serde_json::from_str(c[0].value.as_deref().unwrap()).unwrap();
    assert_eq!(initial, serde_json::json!({"name": "重庆恒达机电", "city": "重庆", "purchase": 3}));

    // An update records only what changed, with the base it overwrote: the
    // creating record, as the field was never edited.
    let insert_hlc = c[0].hlc;
    let changed =
        store.write(|w| w.update(&CUSTOMER, &id, &[("city", text("长沙")), ("purchase", Value::Int(3))])).unwrap();
    assert_eq!(changed, 1);
    let c = store.changes().unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!((c[1].column.as_str(), c[1].value.as_deref(), c[1].cl), ("city", Some("\"长沙\""), 1));
    assert_eq!(c[1].base, Some((insert_hlc, device.clone())));
    assert!(c[1].hlc > c[0].hlc, "hlc increases");
    // The next edit of the same field has the first edit as its base.
    store.write(|w| w.update(&CUSTOMER, &id, &[("city", Value::Null)])).unwrap();
    let c = store.changes().unwrap();
    assert_eq!(c[2].value.as_deref(), Some("null"), "clearing a field records a null");
    assert_eq!(c[2].base, Some((c[1].hlc, device.clone())));

    // Delete and restore move the causal length: 2 (deleted), 3 (alive);
    // a later edit carries the causal length its writer saw.
    assert!(store.write(|w| w.set_alive(&CUSTOMER, &id, false)).unwrap());
    assert!(!store.write(|w| w.set_alive(&CUSTOMER, &id, false)).unwrap(), "deleting twice changes nothing");
    assert!(!store.get(&CUSTOMER, &id).unwrap().unwrap().alive);
    assert!(store.write(|w| w.set_alive(&CUSTOMER, &id, true)).unwrap());
    store.write(|w| w.update(&CUSTOMER, &id, &[("city", text("厦门"))])).unwrap();
    let c = store.changes().unwrap();
    let cl: Vec<_> = c.iter().filter(|r| r.column == "_cl").map(|r| (r.cl, r.value.clone().unwrap())).collect();
    assert_eq!(cl, [(2, "2".to_string()), (3, "3".to_string())]);
    assert_eq!(c.last().unwrap().cl, 3);
    assert_eq!(c.iter().map(|r| r.seq).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6], "seq is contiguous from 1");
    assert_eq!(store.device().next_seq, 7);
}

#[test]
fn the_records_of_one_write_share_a_transaction_id() {
    let mut store = memory();
    let cid = customer(&mut store, "厦门永兴", "厦门");
    store
        .write(|w| {
            w.insert(&PERSON, &[("customer_id", text(&cid)), ("name", text("曾国强"))])?;
            w.update(&CUSTOMER, &cid, &[("city", text("泉州")), ("region", text("福建"))])
        })
        .unwrap();
    let c = store.changes().unwrap();
    assert_eq!(c.iter().map(|r| r.tx).collect::<Vec<_>>(), [1, 2, 2, 2]);
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
    store.erase_person(&pid).unwrap();
    assert!(store.get(&PERSON, &pid).unwrap().is_none());
    let person_changes: Vec<_> = store.changes().unwrap().into_iter().filter(|r| r.row == pid).collect();
    let (erase, rest) = person_changes.split_last().unwrap();
    assert_eq!(erase.column, "_erase");
    assert_eq!(rest.iter().map(|r| r.column.as_str()).collect::<Vec<_>>(), ["_insert", "hobbies"]);
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

#[test]
fn a_schema_2_change_log_migrates_record_for_record_and_writing_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.sqlite3");
    let (dev, cid) = ("01936f4e-0000-7000-8000-000000000001", "01936f4e-0000-7000-8000-0000000000c1");
    let fid = "01936f4e-0000-7000-8000-0000000000f1";
    let own = "01936f4e-0000-7000-8000-0000000000f2";
    {
        let mut conn = Connection::open(&path).unwrap();
        for step in &MIGRATIONS[..2] {
            let tx = conn.transaction().unwrap();
            tx.execute_batch(step).unwrap();
            tx.commit().unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        let h = |n: i64| (1_700_000_000_000_i64 << 16) + n;
        conn.execute_batch(&format!(
            "INSERT INTO meta VALUES ('device_id', '{dev}'), ('dataset_id', 'd'), ('next_seq', '5'), ('last_hlc', '{}');
             INSERT INTO customer (id, cl, updated_ms, name, city) VALUES ('{cid}', 1, 0, '老客户', '重庆');
             INSERT INTO change_log VALUES ('{dev}', 1, {}, 'customer', '{cid}', '_cl', '1', NULL, NULL),
                                           ('{dev}', 2, {}, 'customer', '{cid}', 'name', '\"老客户\"', NULL, NULL),
                                           ('{dev}', 3, {}, 'customer', '{cid}', 'city', '\"重庆\"', NULL, NULL);
             INSERT INTO followup (id, cl, updated_ms, customer_id, what, due, source, status, ref)
                 VALUES ('{fid}', 1, 0, '{cid}', 'Birthday: 王建华 (11-27)', '2026-11-27', 'birthday', 'open', 'birthday:p:2026-11-27');
             INSERT INTO change_log VALUES ('{dev}', 4, {}, 'followup', '{fid}', 'what', '\"Birthday: 王建华 (11-27)\"', NULL, NULL);
             INSERT INTO followup (id, cl, updated_ms, customer_id, what, due, source, status)
                 VALUES ('{own}', 1, 0, '{cid}', '催李总结清三万尾款', '2026-11-28', 'payment', 'open');
             INSERT INTO field_clock VALUES ('customer', '{cid}', 'name', {}, '{dev}'),
                                            ('customer', '{cid}', 'city', {}, '{dev}');",
            h(3),
            h(1),
            h(2),
            h(3),
            h(3),
            h(2),
            h(3)
        ))
        .unwrap();
    }
    std::fs::write(dir.path().join("v2.sqlite3.lock"), "4242").unwrap();
    let mut store = open(&path);
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(store.device().device_id, dev, "the device keeps its identity");
    assert!(!dir.path().join("v2.sqlite3.lock").exists(), "schema 2's lock file is gone");
    let free: i64 = Connection::open(&path).unwrap().query_row("PRAGMA freelist_count", [], |r| r.get(0)).unwrap();
    assert_eq!(free, 0, "the space the old change log took is given back");
    let c = store.changes().unwrap();
    let got: Vec<(&str, &str, &str, i64)> =
        c.iter().map(|r| (r.table.as_str(), r.row.as_str(), r.column.as_str(), r.seq)).collect();
    assert_eq!(
        got,
        [
            ("customer", cid, "_cl", 1),
            ("customer", cid, "name", 2),
            ("customer", cid, "city", 3),
            ("followup", fid, "what", 4)
        ]
    );
    assert!(c.iter().all(|r| r.origin == dev && r.tx == r.seq));
    // A generated follow-up keeps only its source: no name in the row or
    // the log, the title rendered when read.
    let stored: String =
        Connection::open(&path).unwrap().query_row("SELECT what FROM followup", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, "birthday");
    assert!(!store.get(&FOLLOWUP, fid).unwrap().unwrap().text_or_empty("what").contains("王建华"));
    assert_eq!(
        store.get(&FOLLOWUP, own).unwrap().unwrap().text("what"),
        Some("催李总结清三万尾款"),
        "one the rep wrote keeps the rep's words"
    );
    assert_eq!(c[3].value.as_deref(), Some("\"birthday\""));
    let city_hlc = c[2].hlc;
    store.write(|w| w.update(&CUSTOMER, cid, &[("city", text("长沙"))])).unwrap();
    let last = store.changes().unwrap().pop().unwrap();
    assert_eq!((last.seq, last.base), (5, Some((city_hlc, dev.to_string()))), "seq and field clocks carry on");
    assert!(last.hlc > city_hlc);
    let backups = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains(".v2-"))
        .count();
    assert_eq!(backups, 1, "a backup of the schema 2 archive is taken first");
}

#[test]
fn a_backup_is_made_before_a_change_of_many_records_and_the_newest_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let mut store = open(&path);
    store.keep_daily_backups(3);
    customer(&mut store, "重庆钢铁", "重庆");
    let mut made = Vec::new();
    for _ in 0..5 {
        made.push(store.backup_before("import").unwrap().expect("a backup"));
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    let kept: Vec<_> = repbook::store::backups(&path)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(".before-import-"))
        .collect();
    assert_eq!(kept, made[2..].to_vec(), "the newest three stay");
    let copy = Connection::open(&made[4]).unwrap();
    let n: i64 = copy.query_row("SELECT count(*) FROM customer", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1, "the backup holds the archive as it was");
    store.keep_daily_backups(0);
    assert_eq!(store.backup_before("sync").unwrap(), None, "keep = 0 makes none");
}
