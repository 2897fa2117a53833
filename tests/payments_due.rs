//! Payment follow-ups come from what is unpaid by the figures' own rule
//! (payments settle a customer's oldest orders first), and are closed when
//! a payment settles their order (review of issue 10: the plan asked a
//! customer to pay an order paid in full months before). The fixed clock's
//! today is Sunday 2026-11-22.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::text;
use repbook::domain::fields::Value;
use repbook::domain::schema::{FOLLOWUP, TRADE};
use repbook::store::Store;

fn trade(store: &mut Store, c: &str, kind: &str, date: &str, amount: i64, due: Option<&str>) -> String {
    let mut v =
        vec![("customer_id", text(c)), ("kind", text(kind)), ("date", text(date)), ("amount", Value::Int(amount))];
    if let Some(due) = due {
        v.push(("due", text(due)));
    }
    store.write(|w| w.insert(&TRADE, &v)).unwrap()
}

/// (order id, status) of the customer's payment follow-ups.
fn payment_followups(store: &Store, c: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = store
        .children(&FOLLOWUP, c)
        .unwrap()
        .iter()
        .filter(|f| f.text("source") == Some("payment"))
        .map(|f| {
            let order = f.text_or_empty("ref").split(':').nth(1).unwrap_or("").to_string();
            (order, f.text_or_empty("status").to_string())
        })
        .collect();
    out.sort();
    out
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

#[test]
fn an_order_paid_in_full_calls_for_no_payment_followup() {
    let mut store = common::memory();
    let c = common::customer(&mut store, "深圳中恒软件集团", "深圳");
    // July's order, paid in August; a new order due this week.
    let july = trade(&mut store, &c, "order", "2026-07-01", 17_687_000, Some("2026-07-29"));
    trade(&mut store, &c, "payment", "2026-08-04", 17_687_000, None);
    let november = trade(&mut store, &c, "order", "2026-11-10", 100_000, Some("2026-11-25"));
    store.generate_followups(today()).unwrap();
    let made = payment_followups(&store, &c);
    assert_eq!(made, vec![(november.clone(), "open".to_string())], "only the unpaid order (not {july})");
}

#[test]
fn a_partly_paid_order_keeps_its_followup_and_a_payment_in_full_closes_it() {
    let mut store = common::memory();
    let c = common::customer(&mut store, "杭州博远", "杭州");
    let order = trade(&mut store, &c, "order", "2026-10-01", 5_000_000, Some("2026-11-01"));
    trade(&mut store, &c, "payment", "2026-10-20", 2_000_000, None);
    store.generate_followups(today()).unwrap();
    assert_eq!(payment_followups(&store, &c), vec![(order.clone(), "open".to_string())], "30,000 still owed");
    trade(&mut store, &c, "payment", "2026-11-21", 3_000_000, None);
    store.generate_followups(today()).unwrap();
    assert_eq!(payment_followups(&store, &c), vec![(order, "done".to_string())], "paid: done");
    // Done is final: nothing is made again for it.
    store.generate_followups(today()).unwrap();
    assert_eq!(payment_followups(&store, &c).len(), 1);
}

#[test]
fn the_oldest_order_is_settled_first() {
    let mut store = common::memory();
    let c = common::customer(&mut store, "Harbor Materials", "Xiamen");
    let first = trade(&mut store, &c, "order", "2026-07-01", 1_000_000, Some("2026-09-15"));
    let second = trade(&mut store, &c, "order", "2026-11-01", 1_000_000, Some("2026-11-28"));
    // One payment: it settles July's order, not November's.
    trade(&mut store, &c, "payment", "2026-10-01", 1_000_000, None);
    store.generate_followups(today()).unwrap();
    assert_eq!(payment_followups(&store, &c), vec![(second, "open".to_string())], "not {first}");
}

#[test]
fn a_payment_saved_settles_its_followup_at_once_and_the_title_asks_for_what_is_left() {
    let mut store = common::memory();
    let c = common::customer(&mut store, "成都瑞丰", "成都");
    let order = trade(&mut store, &c, "order", "2026-10-01", 5_000_000, Some("2026-11-20"));
    store.generate_followups(today()).unwrap();
    let title = |store: &Store| {
        let mut list = store.children(&FOLLOWUP, &c).unwrap();
        store.render_generated(&mut list).unwrap();
        list.iter().find(|f| f.text("source") == Some("payment")).unwrap().text_or_empty("what").to_string()
    };
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    assert_eq!(title(&store), "Collect payment 50,000.00");
    // Part paid: the follow-up stays open and asks for the rest.
    trade(&mut store, &c, "payment", "2026-11-21", 2_000_000, None);
    assert_eq!(payment_followups(&store, &c), vec![(order.clone(), "open".to_string())]);
    assert_eq!(title(&store), "Collect payment 30,000.00");
    // The rest paid: done as it is saved, with no new start in between.
    trade(&mut store, &c, "payment", "2026-11-22", 3_000_000, None);
    assert_eq!(payment_followups(&store, &c), vec![(order.clone(), "done".to_string())]);
    // Undoing that payment opens the follow-up again (one write, one undo).
    let last = store.writes(1).unwrap()[0].tx;
    store.undo_tx(last).unwrap();
    assert_eq!(payment_followups(&store, &c), vec![(order, "open".to_string())]);
}

#[test]
fn a_settling_payment_deleted_or_cut_opens_its_followup_again() {
    let mut store = common::memory();
    let c = common::customer(&mut store, "杭州博远医疗器械集团", "杭州");
    let order = trade(&mut store, &c, "order", "2026-10-01", 5_000_000, Some("2026-11-20"));
    store.generate_followups(today()).unwrap();
    let pay = trade(&mut store, &c, "payment", "2026-11-22", 5_000_000, None);
    assert_eq!(payment_followups(&store, &c), vec![(order.clone(), "done".to_string())]);
    // The payment deleted: the money is owed again, the follow-up open.
    store.write(|w| w.set_alive(&TRADE, &pay, false)).unwrap();
    assert_eq!(payment_followups(&store, &c), vec![(order.clone(), "open".to_string())]);
    // Restored: settled, done again.
    store.write(|w| w.set_alive(&TRADE, &pay, true)).unwrap();
    assert_eq!(payment_followups(&store, &c), vec![(order.clone(), "done".to_string())]);
    // Cut to part of the amount: open again, asking for the rest.
    store.write(|w| w.update(&TRADE, &pay, &[("amount", Value::Int(1_000_000))])).unwrap();
    assert_eq!(payment_followups(&store, &c), vec![(order, "open".to_string())]);
    // A new order of the same customer does not touch it.
    trade(&mut store, &c, "order", "2026-11-22", 100, None);
    assert_eq!(payment_followups(&store, &c).len(), 1);
}

#[test]
fn an_order_due_soon_is_a_followup_as_it_is_saved_and_deleting_it_drops_that_followup() {
    let mut store = common::memory();
    let c = common::customer(&mut store, "Newco", "Xiamen");
    // Due within the week ahead: its follow-up is made with the order, so
    // no later read (the plan, `due`, a start) makes one and moves figures.
    let order = trade(&mut store, &c, "order", "2026-11-20", 70_000, Some("2026-11-25"));
    assert_eq!(payment_followups(&store, &c), vec![(order.clone(), "open".to_string())]);
    assert_eq!(store.generate_followups(today()).unwrap(), 0, "nothing left to make");
    // Far off: not yet.
    let later = trade(&mut store, &c, "order", "2026-11-21", 10_000, Some("2027-01-31"));
    assert_eq!(payment_followups(&store, &c).len(), 1, "not {later}");
    // The order deleted: nothing was collected, the follow-up is dropped
    // with a reason, not done.
    store.write(|w| w.set_alive(&TRADE, &order, false)).unwrap();
    assert_eq!(payment_followups(&store, &c), vec![(order, "dropped".to_string())]);
    let f = store.children(&FOLLOWUP, &c).unwrap().into_iter().find(|f| f.text("source") == Some("payment")).unwrap();
    assert!(f.text("reason").is_some_and(|r| !r.is_empty()));
}
