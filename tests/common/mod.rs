//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use repbook::clock::FixedClock;
use repbook::domain::fields::{FieldSpec, Kind, Value};
use repbook::domain::pinyin::Romanizer;
use repbook::store::{OpenMode, Store};
use std::path::Path;
use std::sync::Arc;

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()))
}

pub fn memory() -> Store {
    Store::open_in_memory(clock(), Romanizer::default()).unwrap()
}

/// Where the tests' devices note their issued seqs: not the user's state
/// directory.
pub fn test_issued_dir() {
    repbook::store::set_issued_dir(Some(std::env::temp_dir().join("repbook-tests-issued")));
}

pub fn open(path: &Path) -> Store {
    test_issued_dir();
    Store::open(path, OpenMode::Write, clock(), Romanizer::default()).unwrap()
}

pub fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// A valid value typed by a user for a field of this kind, distinct per call.
pub fn sample_raw(spec: &FieldSpec, n: usize) -> String {
    match spec.kind {
        Kind::Text | Kind::Ref => format!("{} 样本 {n}", spec.name),
        Kind::Long => format!("第一行 {n}\nsecond line of {}", spec.name),
        Kind::Score => (n % 5).to_string(),
        Kind::Money => format!("{}.5", 1000 + n),
        Kind::Date => format!("2026-0{}-1{}", 1 + n % 9, n % 10),
        Kind::Birthday => format!("0{}-2{}", 1 + n % 9, n % 9),
        Kind::Bool => if n.is_multiple_of(2) { "yes" } else { "no" }.to_string(),
        // A new follow-up must start open (domain::followup::check_transition).
        Kind::Enum(values) if values == repbook::domain::schema::FOLLOWUP_STATUSES => "open".into(),
        Kind::Enum(values) => values[n % values.len()].to_string(),
        Kind::Tags => format!("重点, tag{n}"),
        Kind::Set(values) => format!("{}, {}", values[n % values.len()], values[(n + 1) % values.len()]),
        Kind::Time => format!("{:02}:{:02}", 8 + n % 10, n % 60),
        Kind::Rate => format!("{} per month", 1 + n % 4),
        Kind::Phone => format!("0592-555{:04} 转 {n}", n % 10_000),
        Kind::Email => format!("{}{n}@example.com", spec.name),
    }
}

/// Insert a customer with just a name and city; returns its id.
pub fn customer(store: &mut Store, name: &str, city: &str) -> String {
    store
        .write(|w| w.insert(&repbook::domain::schema::CUSTOMER, &[("name", text(name)), ("city", text(city))]))
        .unwrap()
}

/// An open follow-up of customer `c`, added by hand.
pub fn followup(store: &mut Store, c: &str, what: &str, due: &str) -> String {
    let v = [
        ("customer_id", text(c)),
        ("what", text(what)),
        ("due", text(due)),
        ("source", text("manual")),
        ("status", text("open")),
    ];
    store.write(|w| w.insert(&repbook::domain::schema::FOLLOWUP, &v)).unwrap()
}
