//! Undo (issue 9 §1.2): a write taken back by a new write; never over a
//! field changed since; after a write made by another connection (the CLI
//! in another terminal). The Trash and its restore.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{customer, memory, open, text};
use repbook::domain::fields::Value;
use repbook::domain::schema::{CUSTOMER, FOLLOWUP, PERSON, VISIT};
use repbook::i18n::{Lang, set_lang};
use repbook::store::{RecordQuery, Store, WriteKind};

fn last_tx(store: &mut Store) -> i64 {
    *store.take_written().last().expect("a write")
}

#[test]
fn undoing_a_delete_restores_and_says_what_it_undid() {
    set_lang(Lang::En);
    let mut store = memory();
    let c = customer(&mut store, "华为", "深圳");
    let p = store.write(|w| w.insert(&PERSON, &[("customer_id", text(&c)), ("name", text("王强"))])).unwrap();
    store.write(|w| w.set_alive(&PERSON, &p, false)).unwrap();
    let tx = last_tx(&mut store);
    let before = store.change_count().unwrap();
    let undone = store.undo_tx(tx).unwrap();
    assert_eq!(undone.message(), "Undone: deleted key person 王强");
    assert!(store.get(&PERSON, &p).unwrap().unwrap().alive);
    assert!(store.change_count().unwrap() > before, "an undo is a new write, the log keeps the delete");
    // The undo is a write too: undoing it deletes again (redo).
    let again = store.undo_tx(undone.tx.unwrap()).unwrap();
    assert_eq!(again.undid.items[0].kind, WriteKind::Restored);
    assert!(!store.get(&PERSON, &p).unwrap().unwrap().alive);
    set_lang(Lang::ZhCn);
    assert_eq!(store.write_of(tx).unwrap().describe(), "删除关键人物 王强");
    set_lang(Lang::En);
}

#[test]
fn undoing_an_edit_puts_the_old_values_back_and_an_add_is_deleted() {
    let mut store = memory();
    let c = customer(&mut store, "华为", "深圳");
    let add = last_tx(&mut store);
    store.write(|w| w.update(&CUSTOMER, &c, &[("city", text("上海")), ("phone", text("010-1"))])).unwrap();
    let edit = last_tx(&mut store);
    store.undo_tx(edit).unwrap();
    let now = store.get(&CUSTOMER, &c).unwrap().unwrap();
    assert_eq!(now.text("city"), Some("深圳"), "back to the value of the insert");
    assert_eq!(now.get("phone"), &Value::Null, "a field the edit first set is cleared again");
    store.undo_tx(add).unwrap();
    assert!(!store.get(&CUSTOMER, &c).unwrap().unwrap().alive, "undoing an add deletes it (soft)");
}

#[test]
fn undoing_done_reopens_the_followup_and_undoing_its_add_drops_it() {
    let mut store = memory();
    let c = customer(&mut store, "华为", "深圳");
    let f = store
        .write(|w| {
            w.insert(
                &FOLLOWUP,
                &[
                    ("customer_id", text(&c)),
                    ("what", text("寄样品")),
                    ("due", text("2026-11-25")),
                    ("source", text("manual")),
                    ("status", text("open")),
                ],
            )
        })
        .unwrap();
    let add = last_tx(&mut store);
    let today = store.clock().today();
    store.write(|w| w.followup_done(&f, today)).unwrap();
    let done = last_tx(&mut store);
    assert_eq!(store.write_of(done).unwrap().items[0].kind, WriteKind::Done);
    store.undo_tx(done).unwrap();
    let now = store.get(&FOLLOWUP, &f).unwrap().unwrap();
    assert_eq!(now.text("status"), Some("open"));
    assert_eq!(now.get("done_on"), &Value::Null);
    // Follow-ups are never deleted: one added by mistake is dropped, with a reason.
    store.undo_tx(add).unwrap();
    let now = store.get(&FOLLOWUP, &f).unwrap().unwrap();
    assert!(now.alive);
    assert_eq!(now.text("status"), Some("dropped"));
    assert!(now.text("reason").is_some());
}

#[test]
fn a_field_changed_since_by_another_process_is_kept_and_named() {
    set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let mut ui = open(&path);
    let c = customer(&mut ui, "华为", "深圳");
    ui.write(|w| w.update(&CUSTOMER, &c, &[("city", text("上海")), ("phone", text("010-1"))])).unwrap();
    let edit = last_tx(&mut ui);
    // The CLI, in another terminal, changes the city again.
    let mut cli = open(&path);
    cli.write(|w| w.update(&CUSTOMER, &c, &[("city", text("重庆"))])).unwrap();
    drop(cli);
    let undone = ui.undo_tx(edit).unwrap();
    let now = ui.get(&CUSTOMER, &c).unwrap().unwrap();
    assert_eq!(now.text("city"), Some("重庆"), "never silently overwritten");
    assert_eq!(now.get("phone"), &Value::Null, "the other field is undone");
    assert_eq!(undone.kept.len(), 1);
    assert!(undone.message().contains("City of customer 华为 was changed since"), "{}", undone.message());
    // When nothing at all can be taken back, nothing is written and the error says why.
    let mut cli = open(&path);
    cli.write(|w| w.update(&CUSTOMER, &c, &[("phone", text("020-2"))])).unwrap();
    drop(cli);
    let count = ui.change_count().unwrap();
    let err = ui.undo_tx(edit).unwrap_err().to_string();
    assert!(err.contains("Nothing undone") && err.contains("changed since"), "{err}");
    assert_eq!(ui.change_count().unwrap(), count);
}

#[test]
fn a_write_made_by_another_connection_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let mut ui = open(&path);
    let c = customer(&mut ui, "华为", "深圳");
    let mut cli = open(&path);
    let p = cli.write(|w| w.insert(&PERSON, &[("customer_id", text(&c)), ("name", text("王强"))])).unwrap();
    cli.write(|w| w.set_alive(&PERSON, &p, false)).unwrap();
    drop(cli);
    // `repbook undo` with no number: this device's last write.
    let last = ui.writes(1).unwrap();
    assert_eq!(last[0].items[0].kind, WriteKind::Deleted);
    assert_eq!(last[0].items[0].name, "王强");
    ui.undo_tx(last[0].tx).unwrap();
    assert!(ui.get(&PERSON, &p).unwrap().unwrap().alive);
    assert!(ui.undo_tx(999_999).is_err(), "no such write");
}

#[test]
fn the_trash_lists_deleted_records_and_restores_them_with_their_customer() {
    set_lang(Lang::En);
    let mut store = memory();
    let c = customer(&mut store, "华为", "深圳");
    let other = customer(&mut store, "中兴", "深圳");
    let p = store.write(|w| w.insert(&PERSON, &[("customer_id", text(&c)), ("name", text("王强"))])).unwrap();
    let v = store
        .write(|w| {
            w.insert(
                &VISIT,
                &[
                    ("customer_id", text(&other)),
                    ("kind", text("call")),
                    ("status", text("planned")),
                    ("date", text("2026-11-24")),
                ],
            )
        })
        .unwrap();
    store.write(|w| w.set_alive(&PERSON, &p, false)).unwrap();
    store.write(|w| w.set_alive(&VISIT, &v, false)).unwrap();
    store.write(|w| w.set_alive(&CUSTOMER, &c, false)).unwrap();
    let all = store.trash(None).unwrap();
    let names: Vec<(&str, &str, &str)> = all.iter().map(|i| (i.table, i.name.as_str(), i.customer.as_str())).collect();
    assert_eq!(
        names,
        [("customer", "华为", "华为"), ("visit", "phone call 2026-11-24", "中兴"), ("person", "王强", "华为")]
    );
    assert!(all[2].customer_deleted);
    let of_other = store.trash(Some(&other)).unwrap();
    assert_eq!(of_other.len(), 1);
    // A person of a deleted customer comes back only with it.
    let err = store.write(|w| w.restore(&PERSON, &p, false)).unwrap_err().to_string();
    assert!(err.contains("华为 is deleted"), "{err}");
    assert!(store.deleted_customer_of(&PERSON, &p).unwrap().is_some());
    assert!(store.write(|w| w.restore(&PERSON, &p, true)).unwrap());
    assert!(store.get(&CUSTOMER, &c).unwrap().unwrap().alive);
    assert!(store.get(&PERSON, &p).unwrap().unwrap().alive);
    assert_eq!(store.trash(None).unwrap().len(), 1);
}

#[test]
fn lists_across_customers_by_period_status_and_deleted() {
    let mut store = memory();
    let a = customer(&mut store, "华为", "深圳");
    let b = customer(&mut store, "中兴", "深圳");
    let visit = |store: &mut Store, c: &str, date: &str| {
        store
            .write(|w| {
                w.insert(
                    &VISIT,
                    &[
                        ("customer_id", text(c)),
                        ("kind", text("visit")),
                        ("status", text("planned")),
                        ("date", text(date)),
                    ],
                )
            })
            .unwrap()
    };
    let v1 = visit(&mut store, &a, "2026-11-24");
    visit(&mut store, &b, "2026-11-23");
    visit(&mut store, &b, "2026-12-02");
    let (from, to) = repbook::domain::period::week_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    let week = RecordQuery { from: Some(from), to: Some(to), ..RecordQuery::default() };
    let found = store.records(&VISIT, &week).unwrap();
    let dates: Vec<&str> = found.iter().map(|v| v.text_or_empty("date")).collect();
    assert_eq!(dates, ["2026-11-23", "2026-11-24"], "both customers, in calendar order");
    store.write(|w| w.set_alive(&VISIT, &v1, false)).unwrap();
    assert_eq!(store.records(&VISIT, &week).unwrap().len(), 1);
    let with_deleted = RecordQuery { include_deleted: true, ..week.clone() };
    assert_eq!(store.records(&VISIT, &with_deleted).unwrap().len(), 2);
    let done = RecordQuery { status: Some("done".into()), ..RecordQuery::default() };
    assert!(store.records(&VISIT, &done).unwrap().is_empty());
}

#[test]
fn undoing_a_log_puts_the_plan_back_and_drops_the_follow_ups_it_made() {
    let mut store = memory();
    let c = customer(&mut store, "华为", "深圳");
    let today = store.clock().today();
    let plan = store
        .write(|w| {
            w.insert(
                &VISIT,
                &[
                    ("customer_id", text(&c)),
                    ("kind", text("visit")),
                    ("status", text("planned")),
                    ("date", text(&today.to_string())),
                ],
            )
        })
        .unwrap();
    let values = vec![("outcome", text("met")), ("next_step", text("寄合同 @ 2026-11-30"))];
    let outcome = store.write(|w| w.log_visit(&c, Some(&plan), values, today)).unwrap();
    assert_eq!(outcome.followups.len(), 1);
    let log = last_tx(&mut store);
    store.undo_tx(log).unwrap();
    let v = store.get(&VISIT, &plan).unwrap().unwrap();
    assert_eq!(v.text("status"), Some("planned"));
    assert_eq!(v.get("logged_on"), &Value::Null);
    assert_eq!(v.get("outcome"), &Value::Null);
    let f = store.get(&FOLLOWUP, &outcome.followups[0].id).unwrap().unwrap();
    assert_eq!(f.text("status"), Some("dropped"), "the step's follow-up goes with the log");
}

#[test]
fn a_write_of_many_records_is_named_by_its_first_few() {
    set_lang(Lang::En);
    let mut store = memory();
    store
        .write(|w| {
            for i in 0..10 {
                w.insert(&CUSTOMER, &[("name", text(&format!("客户{i}")))])?;
            }
            Ok(())
        })
        .unwrap();
    let tx = last_tx(&mut store);
    let said = store.write_of(tx).unwrap().describe();
    assert_eq!(said, "added customer 客户0; added customer 客户1; added customer 客户2; and 7 more");
}

#[test]
fn undo_of_something_that_is_not_a_write_number_says_where_to_find_one() {
    #[path = "support/cli.rs"]
    mod cli_env;
    let env = cli_env::Env::new();
    for bad in ["abc", "-5", "0", "99999999999999999999999"] {
        let (code, err) = cli_env::failure(&env.run(&["undo", "--", bad]));
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("undo --list"), "{bad}: {err}");
    }
}

#[test]
fn undo_names_a_visit_by_its_kind_and_date_once() {
    set_lang(Lang::En);
    let mut store = memory();
    let c = customer(&mut store, "华为", "深圳");
    let v = store
        .write(|w| {
            w.insert(
                &VISIT,
                &[
                    ("customer_id", text(&c)),
                    ("date", text("2026-11-27")),
                    ("kind", text("visit")),
                    ("status", text("planned")),
                ],
            )
        })
        .unwrap();
    let add = last_tx(&mut store);
    store.write(|w| w.update(&VISIT, &v, &[("status", text("cancelled"))])).unwrap();
    let edit = last_tx(&mut store);
    let undone = store.undo_tx(edit).unwrap();
    assert_eq!(undone.message(), "Undone: edited visit 2026-11-27 (Status)");
    set_lang(Lang::ZhCn);
    assert_eq!(store.write_of(add).unwrap().describe(), "新增拜访 2026-11-27");
    set_lang(Lang::En);
    // A call says it is a call.
    store.write(|w| w.update(&VISIT, &v, &[("kind", text("call"))])).unwrap();
    let call = last_tx(&mut store);
    assert_eq!(store.write_of(call).unwrap().describe(), "edited phone call 2026-11-27 (Kind)");
}
