#![allow(clippy::unwrap_used)]

use super::*;
use crate::domain::columns::guess;
use crate::store::{CustomerFilter, RecordQuery};

fn store() -> Store {
    let clock =
        std::sync::Arc::new(crate::clock::FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
    Store::open_in_memory(clock, crate::domain::pinyin::Romanizer::default()).unwrap()
}

fn sheet(rows: &[&[&str]]) -> RawTable {
    let cells = |r: &[&str]| r.iter().map(|c| (*c).to_string()).collect::<Vec<_>>();
    RawTable {
        encoding: "UTF-8".into(),
        headers: cells(rows[0]),
        header_line: 1,
        rows: rows[1..].iter().enumerate().map(|(i, r)| (i + 2, cells(r))).collect(),
        ..RawTable::default()
    }
}

fn import(store: &mut Store, rows: &[&[&str]]) -> Plan {
    let table = sheet(rows);
    let mapping = guess(&table.headers);
    let plan = plan(store, table, mapping).unwrap();
    apply(store, &plan).unwrap();
    plan
}

fn count(store: &Store) -> (usize, usize) {
    let c = store.customers(&CustomerFilter::default()).unwrap().len();
    let p = store.records(&PERSON, &RecordQuery::default()).unwrap().len();
    (c, p)
}

const FILE: &[&[&str]] = &[
    &["客户名称", "联系人", "手机", "职务", "城市", "客户类型", "生日"],
    &["重庆钢铁集团", "王芳", "13800138000", "采购经理", "重庆", "经销商", "1980-07-01"],
    &["成都机电", "李强", "+86 139 0000 1111", "总经理", "成都", "end customer", "11月26日"],
    &["重庆钢铁集团", "赵敏", "13600000000", "技术总监", "", "", ""],
];

#[test]
fn rows_become_customers_and_people_and_a_second_import_makes_nothing_new() {
    let mut s = store();
    let first = import(&mut s, FILE);
    assert!(first.bad.is_empty(), "{:?}", first.bad);
    assert_eq!(first.counts(), Counts { new_customers: 2, updated_customers: 0, new_people: 3, updated_people: 0 });
    assert_eq!(count(&s), (2, 3));
    let kinds: Vec<String> =
        s.customers(&CustomerFilter::default()).unwrap().iter().map(|c| c.text_or_empty("kind").to_string()).collect();
    assert_eq!(kinds, ["end_customer", "dealer"], "choices read loosely, in either language");
    let again = import(&mut s, FILE);
    assert!(again.is_empty(), "{:?}", again.counts());
    assert!(again.rows.iter().all(|r| r.customer.1 == Outcome::Same && r.person.as_ref().unwrap().1 == Outcome::Same));
    assert_eq!(count(&s), (2, 3));
}
