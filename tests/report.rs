//! The monthly visit statistics table (issue 10 §5) against a hand-built
//! archive with a fixed clock: weeks cut at the month's ends, what counts
//! and what does not, subtotals by class; read back from CSV and xlsx by
//! independent readers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::many_single_char_names)]

mod common;

use chrono::NaiveDate;
use common::{test_issued_dir, text};
use repbook::clock::FixedClock;
use repbook::config::Cadence;
use repbook::domain::cadence::NormState;
use repbook::domain::classify::Class;
use repbook::domain::fields::Value;
use repbook::domain::pinyin::Romanizer;
use repbook::domain::report::VisitStats;
use repbook::domain::schema::{CUSTOMER, VISIT};
use repbook::interop::visit_table;
use repbook::store::{OpenMode, Store};
use std::sync::Arc;

#[path = "support/cli.rs"]
mod cli_env;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn customer(store: &mut Store, name: &str, tier: &str, norm: &str) -> String {
    let v =
        [("name", text(name)), ("tier_override", text(tier)), ("visit_norm", text(norm)), ("call_norm", text(norm))];
    store.write(|w| w.insert(&CUSTOMER, &v)).unwrap()
}

fn held(store: &mut Store, c: &str, kind: &str, date: &str, outcome: Option<&str>) -> String {
    let mut v: Vec<(&'static str, Value)> =
        vec![("customer_id", text(c)), ("kind", text(kind)), ("status", text("done")), ("date", text(date))];
    if let Some(o) = outcome {
        v.push(("outcome", text(o)));
    }
    store.write(|w| w.insert(&VISIT, &v)).unwrap()
}

/// Four live customers and a deleted one, seen on 2026-12-10.
fn archive(dir: &std::path::Path) -> (Store, [String; 4]) {
    test_issued_dir();
    let clock = Arc::new(FixedClock::at_date(d(2026, 12, 10)));
    let mut s = Store::open(&dir.join("a.sqlite3"), OpenMode::Write, clock, Romanizer::default()).unwrap();
    let a = customer(&mut s, "重庆钢铁", "A1", "1 per week");
    let b = customer(&mut s, "乐亭建材", "B1", "1 per month");
    let c = customer(&mut s, "Acme", "C", "1 per quarter");
    let quiet = customer(&mut s, "不联系", "C", "1 per month");
    held(&mut s, &a, "visit", "2026-10-31", None); // October
    held(&mut s, &a, "visit", "2026-11-01", Some("met")); // W1: Sunday the 1st alone
    held(&mut s, &a, "call", "2026-11-02", None); // W2 starts on Monday
    held(&mut s, &a, "visit", "2026-11-30", Some("partly")); // W6: Monday the 30th alone
    held(&mut s, &a, "visit", "2026-12-01", None); // December
    let gone = held(&mut s, &a, "visit", "2026-11-10", Some("met"));
    s.write(|w| w.set_alive(&VISIT, &gone, false)).unwrap();
    let planned =
        [("customer_id", text(&a)), ("kind", text("visit")), ("status", text("planned")), ("date", text("2026-12-20"))];
    s.write(|w| w.insert(&VISIT, &planned)).unwrap();
    held(&mut s, &b, "call", "2026-11-16", None);
    held(&mut s, &b, "visit", "2026-11-20", Some("met"));
    held(&mut s, &c, "visit", "2026-11-09", Some("not_met"));
    held(&mut s, &quiet, "visit", "2026-08-01", None);
    let deleted = customer(&mut s, "已删除", "A1", "1 per week");
    held(&mut s, &deleted, "visit", "2026-11-11", Some("met"));
    s.write(|w| w.set_alive(&CUSTOMER, &deleted, false)).unwrap();
    (s, [a, b, c, quiet])
}

fn november(store: &Store) -> VisitStats {
    store.visit_stats(&Cadence::default(), d(2026, 11, 1), d(2026, 12, 10)).unwrap()
}

#[test]
fn the_monthly_table_counts_each_week_and_class_from_the_facts() {
    let dir = tempfile::tempdir().unwrap();
    let (store, [a, b, c, quiet]) = archive(dir.path());
    let s = november(&store);
    assert_eq!(s.as_of, d(2026, 11, 30), "a past month is seen at its end");
    assert_eq!(s.weeks.len(), 6);
    let ids: Vec<&str> = s.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, [a.as_str(), b.as_str(), c.as_str(), quiet.as_str()], "by class, then name; no deleted customer");

    let ra = &s.rows[0].counts;
    assert_eq!(ra.visits_by_week, [1, 0, 0, 0, 0, 1]);
    assert_eq!(ra.calls_by_week, [0, 1, 0, 0, 0, 0]);
    assert_eq!(
        (ra.visits, ra.calls, ra.goals_met, ra.goals_partly),
        (2, 1, 1, 1),
        "October, December, planned and deleted visits do not count"
    );
    assert_eq!(s.rows[0].last_contact, Some(d(2026, 11, 30)), "the last contact by the month's end, not December's");
    assert!(s.rows[0].norm_met, "visited on the 30th: a weekly norm is met on the 30th");

    let rb = &s.rows[1].counts;
    assert_eq!((rb.visits_by_week[3], rb.calls_by_week[3], rb.goals_met), (1, 1, 1));
    assert!(s.rows[1].norm_met);
    assert_eq!(s.rows[2].counts.visits_by_week, [0, 0, 1, 0, 0, 0]);
    assert_eq!(s.rows[2].counts.goals_met, 0, "not met is no goal met");

    let rq = &s.rows[3];
    assert_eq!((rq.counts.visits, rq.counts.calls), (0, 0), "in the table because it is due");
    assert!(!rq.norm_met);
    assert_eq!(rq.last_contact, Some(d(2026, 8, 1)));

    let class = |c: Class| s.by_class.get(&c).cloned().unwrap_or_default();
    assert_eq!((class(Class::A).visits, class(Class::A).calls, class(Class::A).customers), (2, 1, 1));
    assert_eq!((class(Class::B).visits, class(Class::B).calls, class(Class::B).norm_met), (1, 1, 1));
    assert_eq!((class(Class::C).visits, class(Class::C).customers, class(Class::C).norm_met), (1, 2, 1));
    let t = &s.total;
    assert_eq!((t.visits, t.calls, t.goals_met, t.goals_partly, t.customers, t.norm_met), (4, 2, 2, 1, 4, 3));
    assert_eq!(t.visits_by_week, [1, 0, 1, 1, 0, 1]);
    assert_eq!(t.calls_by_week, [0, 1, 0, 1, 0, 0]);
}

/// The month under way on Tuesday 2026-12-08: 重庆钢铁, seen weekly and
/// last on the 1st, is owed a visit today. Its window is still open: it is
/// still due, neither met nor missed, and left out of its class's share
/// (the same rule as the week's Check).
#[test]
fn a_customer_inside_its_window_is_still_due_not_missed_while_the_month_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (store, [a, ..]) = archive(dir.path());
    let s = store.visit_stats(&Cadence::default(), d(2026, 12, 1), d(2026, 12, 8)).unwrap();
    let row = s.rows.iter().find(|r| r.id == a).unwrap();
    assert_eq!((row.norm, row.norm_met), (NormState::Pending, false));
    let class_a = s.by_class.get(&Class::A).cloned().unwrap();
    assert_eq!(
        (class_a.customers, class_a.norm_met, class_a.norm_pending, class_a.norm_judged()),
        (1, 0, 1, 0),
        "not counted as a miss"
    );
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let text = visit_table::text(&s);
    let line = text.lines().find(|l| l.contains("重庆钢铁")).unwrap();
    assert!(line.ends_with(" due"), "{line}");
    let sub = text.lines().find(|l| l.contains("Subtotal A")).unwrap();
    assert!(sub.ends_with(" 0/0"), "{sub}");
    // November, over: 重庆钢铁 was seen on the 30th and met its norm.
    assert_eq!(november(&store).rows[0].norm, NormState::Met);
}

#[test]
fn a_month_with_no_data_and_the_year_end_week() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = archive(dir.path());
    let empty = store.visit_stats(&Cadence::default(), d(2025, 10, 1), d(2026, 12, 10)).unwrap();
    assert!(empty.rows.is_empty(), "nobody was a customer yet");
    assert_eq!(empty.weeks.len(), 5);
    assert_eq!((empty.total.visits, empty.total.customers), (0, 0));
    let text = visit_table::text(&empty);
    assert!(text.contains("Total"), "{text}");

    let december = store.visit_stats(&Cadence::default(), d(2026, 12, 1), d(2026, 12, 10)).unwrap();
    assert_eq!(december.as_of, d(2026, 12, 10), "the month under way is seen today");
    assert_eq!(december.weeks.last(), Some(&(d(2026, 12, 28), d(2026, 12, 31))), "cut at the year's end");
    assert_eq!(december.total.visits, 1);
}

#[test]
fn the_table_read_back_from_csv_matches_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = archive(dir.path());
    let s = november(&store);
    let bytes = visit_table::sheet(&s).to_csv().unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.len(), 2 + 2 * 6 + 7);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let find = |name: &str| rows.iter().find(|r| &r[1] == name).unwrap().clone();
    let a = find("重庆钢铁");
    assert_eq!((&a[0], &a[2], &a[5], &a[12]), ("A1", "1", "1", "1"), "{a:?}");
    assert_eq!((&a[14], &a[15], &a[16], &a[17]), ("2", "1", "3", "1"));
    assert_eq!(&a[19], "2026-11-30");
    let total = rows.last().unwrap();
    assert_eq!((&total[1], &total[14], &total[15], &total[20]), ("Total", "4", "2", "3/4"));
    assert_eq!(rows.len(), 4 + 3 + 1, "four customers, three subtotals, the total");
}

#[test]
fn the_table_read_back_from_xlsx_by_calamine_matches_the_figures() {
    use calamine::{Data, Reader, open_workbook_auto};
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = archive(dir.path());
    let path = dir.path().join("nov.xlsx");
    visit_table::sheet(&november(&store)).write_xlsx(&path).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    let mut book = open_workbook_auto(&path).unwrap();
    let name = book.sheet_names().first().cloned().unwrap();
    let range = book.worksheet_range(&name).unwrap();
    assert_eq!(range.get((0, 1)), Some(&Data::String("Customer".into())));
    assert_eq!(range.get((1, 1)), Some(&Data::String("重庆钢铁".into())));
    assert_eq!(range.get((1, 2)), Some(&Data::Float(1.0)), "numbers stay numbers");
    let last = range.height() - 1;
    assert_eq!(range.get((last, 14)), Some(&Data::Float(4.0)));
}

#[test]
fn the_cli_writes_the_table_and_refuses_bad_months() {
    let env = cli_env::Env::new();
    let id = env.id(&["customer", "add", "重庆钢铁"]);
    env.ok(&["visit", "log", &id, "--date", "2026-11-02", "--kind", "call"]);
    let csv = env.run(&["report", "visits", "--month", "2026-11", "--csv"]);
    assert!(csv.status.success(), "{}", String::from_utf8_lossy(&csv.stderr));
    assert!(csv.stdout.starts_with(b"\xEF\xBB\xBF") && String::from_utf8_lossy(&csv.stdout).contains("\r\n"));
    let md = env.ok(&["report", "visits", "--month", "2026年11月", "--markdown"]);
    assert!(md.contains("| 重庆钢铁 |"), "{md}");
    for bad in [
        &["report", "visits", "--month", "2026-13"][..],
        &["report", "visits", "--xlsx"],
        &["report", "visits", "--csv", "--markdown"],
    ] {
        let out = env.run(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let xlsx = env.dir.path().join("m.xlsx");
    let out = env.run(&["report", "visits", "--month", "2026-11", "--xlsx", "--out", xlsx.to_str().unwrap()]);
    assert!(out.status.success() && xlsx.exists());
}

fn trade(store: &mut Store, c: &str, kind: &str, date: &str, amount: i64, due: Option<&str>) {
    use repbook::domain::schema::TRADE;
    let mut v: Vec<(&'static str, Value)> =
        vec![("customer_id", text(c)), ("kind", text(kind)), ("date", text(date)), ("amount", Value::Int(amount))];
    if let Some(d) = due {
        v.push(("due", text(d)));
    }
    store.write(|w| w.insert(&TRADE, &v)).unwrap();
}

#[test]
fn the_figures_of_a_month_from_orders_payments_and_visits() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, [a, b, _, _]) = archive(dir.path());
    trade(&mut store, &a, "order", "2026-10-01", 100_000, Some("2026-10-31"));
    trade(&mut store, &a, "order", "2026-11-05", 50_000, Some("2026-11-20"));
    trade(&mut store, &a, "payment", "2026-11-10", 120_000, None);
    trade(&mut store, &a, "delivery", "2026-11-11", 999_999, None);
    trade(&mut store, &b, "order", "2026-11-28", 30_000, Some("2026-12-28"));
    trade(&mut store, &b, "payment", "2026-12-02", 30_000, None);
    let f = store.figures(d(2026, 11, 1), d(2026, 11, 30)).unwrap();
    assert_eq!((f.owed_before, f.sales, f.collected), (100_000, 80_000, 120_000), "a delivery is no sale");
    assert_eq!(f.collection_rate_permille, Some(667), "66.67%, to the nearest");
    assert_eq!(f.collection_days, Some((40 * 100_000 + 5 * 20_000) / 120_000));
    assert_eq!((f.owed, f.overdue), (60_000, 30_000));
    assert_eq!(
        (f.visits, f.calls, f.goals_met, f.goals_partly),
        (4, 2, 2, 1),
        "the deleted customer's and visit are out"
    );
    // The year's end: December sees b's payment.
    let dec = store.figures(d(2026, 12, 1), d(2026, 12, 31)).unwrap();
    assert_eq!((dec.owed_before, dec.collected, dec.owed), (60_000, 30_000, 30_000));
}

#[test]
fn the_cli_prints_the_figures_and_refuses_a_backwards_period() {
    let env = cli_env::Env::new();
    let id = env.id(&["customer", "add", "重庆钢铁"]);
    env.ok(&["trade", "add", &id, "--kind", "order", "--amount", "1000", "--date", "2026-11-02"]);
    env.ok(&["trade", "add", &id, "--kind", "payment", "--amount", "400", "--date", "2026-11-12"]);
    let j = env.json(&["report", "figures", "--month", "2026-11"]);
    assert_eq!(
        (j["sales"].as_i64(), j["collected"].as_i64(), j["owed"].as_i64()),
        (Some(100_000), Some(40_000), Some(60_000))
    );
    assert_eq!(j["collection_days"].as_i64(), Some(10));
    let text = env.ok(&["report", "figures", "--from", "2026-11-01", "--to", "2026-11-30"]);
    assert!(text.contains("Collection rate") && text.contains("40.0%"), "{text}");
    for cmd in [&["report", "figures"][..], &["visit", "list"], &["followup", "list"], &["trade", "list"]] {
        let out = env.run(&[cmd, &["--from", "2026-11-30", "--to", "2026-11-01"][..]].concat());
        assert_eq!(out.status.code(), Some(2), "{cmd:?}: a period that ends before it begins");
        assert!(String::from_utf8_lossy(&out.stderr).contains("before it begins"));
    }
}

/// `report figures --week` takes a week as `plan --week` and `review
/// --week` do (alone: this week), and so do the lists' `--week`.
#[test]
fn the_figures_of_a_week_named_like_the_plans_and_reviews() {
    let env = cli_env::Env::new();
    let id = env.id(&["customer", "add", "重庆钢铁"]);
    // An order in 2026-W46 (Mon 9 – Sun 15 November), a payment in W47.
    env.ok(&["trade", "add", &id, "--kind", "order", "--amount", "1000", "--date", "2026-11-10"]);
    env.ok(&["trade", "add", &id, "--kind", "payment", "--amount", "400", "--date", "2026-11-17"]);
    let j = env.json(&["report", "figures", "--week", "2026-W46"]);
    assert_eq!((j["from"].as_str(), j["to"].as_str()), (Some("2026-11-09"), Some("2026-11-15")));
    assert_eq!((j["sales"].as_i64(), j["collected"].as_i64()), (Some(100_000), Some(0)));
    let j = env.json(&["report", "figures", "--week", "2026w47"]);
    assert_eq!((j["sales"].as_i64(), j["collected"].as_i64()), (Some(0), Some(40_000)));
    // Alone: this week, as before.
    let today = chrono::Local::now().date_naive();
    let (monday, sunday) = repbook::domain::period::week_of(today);
    let j = env.json(&["report", "figures", "--week"]);
    assert_eq!(j["from"].as_str(), Some(monday.format("%Y-%m-%d").to_string().as_str()));
    assert_eq!(j["to"].as_str(), Some(sunday.format("%Y-%m-%d").to_string().as_str()));
    // A week that is none: the plan's message, usage error.
    let (code, err) = cli_env::failure(&env.run(&["report", "figures", "--week", "2026-W54"]));
    assert_eq!(code, 2);
    assert!(err.contains("2026-W54"), "{err}");
    // The lists read the same.
    let trades = env.json(&["trade", "list", "--week", "2026-W46"]);
    assert_eq!(trades.as_array().map(Vec::len), Some(1), "{trades}");
}
