//! Ranking (issue 13): a hand-built archive and, per query, the customer(s)
//! that must come first. Everything goes through the store, as a rep's
//! archive would: records are built on each write.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{followup, memory, text};
use repbook::domain::schema::{CUSTOMER, PERSON, VISIT};
use repbook::search::Index;
use repbook::search::record::Field;
use repbook::store::Store;

fn add(store: &mut Store, name: &str, class: &str, city: &str) -> String {
    let mut v = vec![("name", text(name)), ("tier_override", text(class))];
    if !city.is_empty() {
        v.push(("city", text(city)));
    }
    store.write(|w| w.insert(&CUSTOMER, &v)).unwrap()
}

fn person(store: &mut Store, c: &str, name: &str, phone: &str, email: &str) {
    let mut v = vec![("customer_id", text(c)), ("name", text(name))];
    if !phone.is_empty() {
        v.push(("phone", text(phone)));
    }
    if !email.is_empty() {
        v.push(("email", text(email)));
    }
    store.write(|w| w.insert(&PERSON, &v)).unwrap();
}

fn visit(store: &mut Store, c: &str, date: &str) {
    let v = [("customer_id", text(c)), ("kind", text("visit")), ("status", text("done")), ("date", text(date))];
    store.write(|w| w.insert(&VISIT, &v)).unwrap();
}

fn archive() -> Store {
    let mut store = memory();
    // Names whose pinyin holds l…j…g scattered, and one whose key person is 刘建国.
    add(&mut store, "龙江电气有限公司", "A1", "");
    add(&mut store, "联合机械工业", "A1", "");
    add(&mut store, "辽宁金属制品厂", "A1", "");
    add(&mut store, "蓝鲸科技集团", "A1", "");
    let df = add(&mut store, "东方贸易", "C", "");
    person(&mut store, &df, "刘建国", "136-1568-4095", "");
    // Prefix, word start and scattered matches of `hd`/`hdjd`.
    add(&mut store, "恒达机电", "C", "");
    add(&mut store, "重庆恒达机电", "C", "重庆");
    add(&mut store, "华东精密锻造", "C", "");
    // Same match, told apart by class and then by the latest contact.
    add(&mut store, "华大一厂", "C", "");
    let a_old = add(&mut store, "华大二厂", "A2", "");
    let a_new = add(&mut store, "华大三厂", "A1", "");
    add(&mut store, "华大四厂", "B1", "");
    visit(&mut store, &a_old, "2026-01-05");
    visit(&mut store, &a_new, "2026-11-02");
    // A name, an e-mail, a follow-up.
    add(&mut store, "Harbor Electric Supply", "C", "Singapore");
    let sm = add(&mut store, "Summit Medical", "C", "Hong Kong");
    person(&mut store, &sm, "Amy Tan", "", "amy@harbor-trading.com");
    let hx = add(&mut store, "汇信五金", "B1", "");
    followup(&mut store, &hx, "催收货款", "2026-12-01");
    store
}

fn names(store: &Store, index: &mut Index, q: &str) -> Vec<String> {
    let hits = index.search(q);
    hits.iter().map(|h| store.get(&CUSTOMER, &index.id(*h)).unwrap().unwrap().title().to_string()).collect()
}

/// Query → the customers that must come first, in order.
const CASES: &[(&str, &[&str])] = &[
    ("ljg", &["东方贸易"]),
    ("liujianguo", &["东方贸易"]),
    ("刘建国", &["东方贸易"]),
    // Every C customer below ties on score (华大一厂, 华东…, 恒达…).
    ("hd", &["华大三厂", "华大二厂", "华大四厂"]),
    ("hdjd", &["恒达机电"]),
    ("hengda", &["恒达机电", "重庆恒达机电"]),
    ("4095", &["东方贸易"]),
    ("15684095", &["东方贸易"]),
    ("harbor", &["Harbor Electric Supply", "Summit Medical"]),
    ("催收货款", &["汇信五金"]),
    ("货款", &["汇信五金"]),
    ("cqhd", &["重庆恒达机电"]),
    ("hdjm", &["华东精密锻造"]),
];

#[test]
fn each_query_puts_the_expected_customers_first() {
    let store = archive();
    let mut index = Index::load(&store).unwrap();
    let mut wrong = Vec::new();
    for (q, want) in CASES {
        let got = names(&store, &mut index, q);
        if got.len() < want.len() || got[..want.len()] != want.iter().map(ToString::to_string).collect::<Vec<_>>()[..] {
            wrong.push(format!("{q}: want {want:?} first, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn results_say_why_they_matched() {
    let store = archive();
    let mut index = Index::load(&store).unwrap();
    let hit = index.search("4095")[0];
    let why = index.explain(hit, "4095");
    assert_eq!(why[0].field, Field::Phone);
    assert_eq!(why[0].text, "136-1568-4095");
    assert_eq!(why[0].chars, [9, 10, 11, 12]);
    let hit = index.search("催收货款")[0];
    assert_eq!(index.explain(hit, "催收货款")[0].field, Field::Notes);
    let hit = index.search("cqhd")[0];
    let why = index.explain(hit, "cqhd");
    assert_eq!((why[0].field, why[0].chars.clone()), (Field::Name, vec![0, 1, 2, 3]));
}

#[test]
fn a_visit_or_follow_up_written_later_updates_the_record() {
    let mut store = archive();
    let id = add(&mut store, "新客户", "C", "");
    followup(&mut store, &id, "寄样品给王工", "2026-12-03");
    let mut index = Index::load(&store).unwrap();
    assert_eq!(names(&store, &mut index, "寄样品"), ["新客户"]);
    // An edited follow-up is searched by its new text only.
    let f = common::followup(&mut store, &id, "上门安装", "2026-12-04");
    store.write(|w| w.update(&repbook::domain::schema::FOLLOWUP, &f, &[("what", text("上门调试"))])).unwrap();
    let mut index = Index::load(&store).unwrap();
    assert_eq!(names(&store, &mut index, "上门调试"), ["新客户"]);
    assert!(names(&store, &mut index, "上门安装").is_empty());
}

#[test]
fn the_command_line_finds_what_the_index_finds_in_the_same_order() {
    let store = archive();
    let mut index = Index::load(&store).unwrap();
    for q in ["", "h", "hd", "hdjd", "ljg", "4095", "harbor", "催收货款", "c", "hd !hdjd"] {
        let hits = index.search(q);
        let want: Vec<String> = hits.iter().take(5).map(|h| index.id(*h).to_string()).collect();
        let got = repbook::search::find(&store, q, 5).unwrap();
        let got: Vec<String> = got.into_iter().map(|(id, _, _)| id).collect();
        assert_eq!(got, want, "{q:?}");
    }
}
