//! Property tests of what comes in from files (issue 12): whatever the
//! bytes of a .csv or .vcf, reading and planning an import answer or
//! refuse, never panic; and customers with hostile names and notes
//! (controls, bidi overrides, quotes, formula starts, line breaks) survive
//! an export to CSV and the import of it without a change.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use proptest::test_runner::{Config as PConfig, RngSeed};
use repbook::clock::FixedClock;
use repbook::domain::columns::guess;
use repbook::domain::fields::Value;
use repbook::domain::pinyin::Romanizer;
use repbook::domain::schema::{CUSTOMER, PERSON};
use repbook::interop::{export, import, table, vcard};
use repbook::store::Store;
use std::sync::Arc;

fn store() -> Store {
    let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
    Store::open_in_memory(clock, Romanizer::default()).unwrap()
}

fn config(cases: u32) -> PConfig {
    PConfig { cases, rng_seed: RngSeed::Fixed(12), failure_persistence: None, ..PConfig::default() }
}

/// Text a spreadsheet cell may hold, the nasty kinds often.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        "[重庆钢铁集团王芳李强]{1,6}",
        "[=+@\\-][a-z0-9()\"]{0,10}",
        "[\"',;\t\r\n a-z]{0,10}",
        any::<String>(),
        Just("\u{202e}evil\u{1b}[31m".to_string()),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_bytes_as_a_spreadsheet_or_vcard_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("x.csv");
        std::fs::write(&csv, &bytes).unwrap();
        if let Ok(t) = table::read(&csv, None) {
            let mapping = guess(&t.headers);
            let mut s = store();
            if let Ok(plan) = import::plan(&s, t, mapping) {
                prop_assert!(import::apply(&mut s, &plan).is_ok());
            }
        }
        let _ = vcard::read(&bytes, None);
        let with_begin = [b"BEGIN:VCARD\r\n".as_slice(), &bytes, b"\r\nEND:VCARD\r\n"].concat();
        let _ = vcard::read(&with_begin, Some("客户"));
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn hostile_cells_survive_export_and_import_unchanged(
        names in proptest::collection::vec(cell(), 1..6),
        notes in proptest::collection::vec(cell(), 1..6),
    ) {
        let mut s = store();
        // Values as a form or flag reads them; whatever the store accepts
        // is what goes out and comes back.
        let typed = |table: &repbook::domain::schema::Table, field: &str, raw: &str| {
            table.field(field).unwrap().parse(raw).unwrap_or(Value::Null)
        };
        s.write(|w| {
            for (i, name) in names.iter().enumerate() {
                let note = notes.get(i).cloned().unwrap_or_default();
                let values = [
                    ("name", typed(&CUSTOMER, "name", &format!("{name}{i}"))),
                    ("notes", typed(&CUSTOMER, "notes", &note)),
                ];
                if let Ok(c) = w.insert(&CUSTOMER, &values) {
                    let _ = w.insert(&PERSON, &[
                        ("customer_id", Value::Text(c)),
                        ("name", typed(&PERSON, "name", &format!("{note}人{i}"))),
                        ("phone", typed(&PERSON, "phone", &format!("+86 {name}"))),
                    ]);
                }
            }
            Ok(())
        }).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for (what, file) in [(export::What::Customers, "c.csv"), (export::What::People, "p.csv")] {
            let sheet = export::table(&s, what, None).unwrap();
            let path = dir.path().join(file);
            export::write(&sheet, export::Format::Csv, &path).unwrap();
            let back = table::read(&path, None).unwrap();
            prop_assert_eq!(back.rows.len(), sheet.rows.len());
            let mapping = guess(&back.headers);
            let plan = import::plan(&s, back, mapping).unwrap();
            prop_assert!(plan.bad.is_empty(), "{:?}", plan.bad);
            prop_assert!(plan.is_empty(), "{:?}: {:?}", what, plan.counts());
        }
    }
}
