//! Interchange benchmark (issue 12): importing a spreadsheet of customers
//! with their key people (a GBK CSV as Excel on Chinese Windows saves it),
//! importing the same file again, and exporting CSV and xlsx.
//!
//! `cargo bench --bench interchange` (sizes: `REPBOOK_BENCH_IMPORT`,
//! default `200,100000`). Prints figures; asserts nothing about time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common.rs"]
mod common;
use common::rss_mb;

fn report(what: &str, took: std::time::Duration) {
    println!("{what}: {:.2} s", took.as_secs_f64());
}

use repbook::clock::FixedClock;
use repbook::domain::columns::guess;
use repbook::domain::pinyin::Romanizer;
use repbook::interop::{export, import, table};
use repbook::store::{OpenMode, Store};
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

const CITIES: &[&str] = &["重庆", "成都", "西安", "杭州", "苏州", "广州", "厦门", "长沙"];
const TRADES: &[&str] = &["钢铁", "机械", "化工", "电缆", "食品", "医药"];
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN: &[&str] = &["芳", "强", "伟", "敏", "静", "磊", "洋", "丽", "军", "杰"];

/// `n` rows: a customer on every other row has a second contact.
fn csv(n: usize) -> Vec<u8> {
    let mut s = String::from("序号,客户名称,联系人,手机,职务,城市,行业,生日,备注\r\n");
    for i in 0..n {
        let c = i / 2;
        let city = CITIES[c % CITIES.len()];
        let trade = TRADES[c % TRADES.len()];
        let person = format!("{}{}", SURNAMES[i % SURNAMES.len()], GIVEN[(i / 10) % GIVEN.len()]);
        let _ = write!(
            s,
            "{i},{city}{trade}{c}厂,{person},139{i:08},采购经理,{city},{trade},{:02}-{:02},第{c}号客户\r\n",
            i % 12 + 1,
            i % 28 + 1
        );
    }
    let (bytes, _, _) = encoding_rs::GBK.encode(&s);
    bytes.into_owned()
}

fn main() {
    let sizes: Vec<usize> = std::env::var("REPBOOK_BENCH_IMPORT")
        .unwrap_or_else(|_| "200,100000".into())
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    println!(
        "repbook interchange benchmark: {} cores",
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    );
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        repbook::store::set_issued_dir(Some(dir.path().join("issued")));
        let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
        let mut store =
            Store::open(&dir.path().join("bench.sqlite3"), OpenMode::Write, clock, Romanizer::default()).unwrap();
        let file = dir.path().join("customers.csv");
        std::fs::write(&file, csv(n)).unwrap();

        let t = Instant::now();
        let raw = table::read(&file, None).unwrap();
        let read = t.elapsed();
        let mapping = guess(&raw.headers);
        let plan = import::plan(&store, raw, mapping.clone()).unwrap();
        let planned = t.elapsed();
        let (counts, _) = import::apply(&mut store, &plan).unwrap();
        let total = t.elapsed();
        assert!(plan.bad.is_empty());
        println!(
            "import {n} rows (GBK CSV): {} customers + {} people in {:.2} s (read {:.2} s, preview {:.2} s, write {:.2} s)",
            counts.new_customers,
            counts.new_people,
            total.as_secs_f64(),
            read.as_secs_f64(),
            planned.saturating_sub(read).as_secs_f64(),
            total.saturating_sub(planned).as_secs_f64(),
        );

        let t = Instant::now();
        let again = import::plan(&store, table::read(&file, None).unwrap(), mapping).unwrap();
        let (counts, _) = import::apply(&mut store, &again).unwrap();
        assert_eq!(counts, import::Counts::default(), "nothing new");
        report(&format!("re-import {n} rows (nothing new)"), t.elapsed());

        let t = Instant::now();
        let sheet = export::table(&store, export::What::People, None).unwrap();
        export::write(&sheet, export::Format::Csv, &dir.path().join("people.csv")).unwrap();
        report(&format!("export {} people as CSV", sheet.rows.len()), t.elapsed());
        let t = Instant::now();
        export::write(&sheet, export::Format::Xlsx, &dir.path().join("people.xlsx")).unwrap();
        report(&format!("export {} people as xlsx", sheet.rows.len()), t.elapsed());
        println!("resident memory: {:.0} MB", rss_mb());
    }
}
