//! Stored week reviews (issue 10 §2–§4) with a fixed clock: goals and
//! Check notes, Act items made follow-ups or carried into next week's plan,
//! closing freezes the figures (later data does not change them), reopening
//! and undo, the Trash, erasing a person, the command line and its
//! Markdown.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::text;
use repbook::clock::FixedClock;
use repbook::config::Cadence;
use repbook::domain::fields::Value;
use repbook::domain::pinyin::Romanizer;
use repbook::domain::schema::{CUSTOMER, FOLLOWUP, PERSON, REVIEW_ACT, VISIT};
use repbook::store::{OpenMode, Store};
use std::sync::Arc;

#[path = "support/cli.rs"]
mod cli_env;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn store_at(dir: &std::path::Path, today: NaiveDate) -> Store {
    common::test_issued_dir();
    Store::open(&dir.join("a.sqlite3"), OpenMode::Write, Arc::new(FixedClock::at_date(today)), Romanizer::default())
        .unwrap()
}

fn held(store: &mut Store, c: &str, kind: &str, date: &str) {
    let v = [("customer_id", text(c)), ("kind", text(kind)), ("status", text("done")), ("date", text(date))];
    store.write(|w| w.insert(&VISIT, &v)).unwrap();
}

#[test]
fn notes_acts_a_follow_up_and_next_weeks_plan() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_at(dir.path(), d(2026, 11, 27));
    let cadence = Cadence::default();
    let c = s.write(|w| w.insert(&CUSTOMER, &[("name", text("重庆钢铁"))])).unwrap();
    let monday = d(2026, 11, 23);
    // Nothing written yet: an empty review of the week, no record.
    let r = s.review(&cadence, monday, d(2026, 11, 27)).unwrap();
    assert!(r.id.is_none() && r.acts.is_empty() && !r.closed);
    s.write(|w| {
        w.review_notes(monday, None, &[("goals", text("每个 A 类客户见一次")), ("worked", text("早上打电话"))])
    })
    .unwrap();
    s.write(|w| w.add_act(monday, "周一先约 A 类客户", Some(&c))).unwrap();
    s.write(|w| w.add_act(monday, "带样品", None)).unwrap();
    let r = s.review(&cadence, monday, d(2026, 11, 27)).unwrap();
    assert_eq!((r.goals.as_str(), r.worked.as_str()), ("每个 A 类客户见一次", "早上打电话"));
    assert_eq!(
        r.acts.iter().map(|a| (a.number, a.what.as_str())).collect::<Vec<_>>(),
        [(1, "周一先约 A 类客户"), (2, "带样品")]
    );
    assert_eq!(r.acts[0].customer.as_deref(), Some("重庆钢铁"));

    // Act 1 becomes a follow-up of its customer; the item remembers it.
    let first = s.act_by_number(monday, 1).unwrap();
    let f = s.write(|w| w.act_to_followup(&first, d(2026, 11, 30), None)).unwrap();
    let fu = s.get(&FOLLOWUP, &f).unwrap().unwrap();
    assert_eq!(
        (fu.text("customer_id"), fu.text("due"), fu.text("what")),
        (Some(c.as_str()), Some("2026-11-30"), Some("周一先约 A 类客户"))
    );
    assert!(s.write(|w| w.act_to_followup(&first, d(2026, 11, 30), None)).is_err(), "only once");
    let second = s.act_by_number(monday, 2).unwrap();
    let err = s.write(|w| w.act_to_followup(&second, d(2026, 11, 30), None)).unwrap_err().to_string();
    assert!(err.contains("names no customer"), "{err}");
    assert!(s.act_by_number(monday, 3).is_err());
    // An item naming no customer: made a follow-up of the customer given;
    // another customer than the one an item names is refused.
    let other = s.write(|w| w.insert(&CUSTOMER, &[("name", text("长沙瑞丰"))])).unwrap();
    let third = s.write(|w| w.add_act(monday, "寄样品", None)).unwrap();
    let f3 = s.write(|w| w.act_to_followup(&third, d(2026, 12, 1), Some(&other))).unwrap();
    let fu3 = s.get(&FOLLOWUP, &f3).unwrap().unwrap();
    assert_eq!((fu3.text("customer_id"), fu3.text("what")), (Some(other.as_str()), Some("寄样品")));
    let r = s.review(&cadence, monday, d(2026, 11, 27)).unwrap();
    assert_eq!(r.acts[2].followup_id.as_deref(), Some(f3.as_str()));
    // The item names the customer chosen for its follow-up now.
    assert_eq!(
        (r.acts[2].customer_id.as_deref(), r.acts[2].customer.as_deref()),
        (Some(other.as_str()), Some("长沙瑞丰"))
    );
    let err = s.write(|w| w.act_to_followup(&first, d(2026, 12, 1), Some(&other))).unwrap_err();
    assert!(err.to_string().contains("follow-up already"), "{err}");
    let fourth = s.write(|w| w.add_act(monday, "再打电话", Some(&c))).unwrap();
    let err = s.write(|w| w.act_to_followup(&fourth, d(2026, 12, 1), Some(&other))).unwrap_err();
    assert!(err.to_string().contains("names another customer"), "{err}");
    s.write(|w| w.set_alive(&REVIEW_ACT, &third, false)).unwrap();
    s.write(|w| w.set_alive(&REVIEW_ACT, &fourth, false)).unwrap();

    // Act 2 carried: next week's Plan shows it; carrying again takes it out.
    assert!(s.write(|w| w.act_toggle_carry(&second)).unwrap());
    let next = s.review(&cadence, d(2026, 11, 30), d(2026, 11, 27)).unwrap();
    assert_eq!(next.carried.iter().map(|a| a.what.as_str()).collect::<Vec<_>>(), ["带样品"]);
    let r = s.review(&cadence, monday, d(2026, 11, 27)).unwrap();
    assert!(r.acts[0].followup_id.is_some() && r.acts[1].carried);
    assert!(!s.write(|w| w.act_toggle_carry(&second)).unwrap());
    assert!(s.review(&cadence, d(2026, 11, 30), d(2026, 11, 27)).unwrap().carried.is_empty());

    // A deleted Act item is in the Trash and comes back from it.
    s.write(|w| w.set_alive(&REVIEW_ACT, &second, false)).unwrap();
    assert_eq!(s.review(&cadence, monday, d(2026, 11, 27)).unwrap().acts.len(), 1);
    assert!(s.trash(None).unwrap().iter().any(|i| i.id == second && i.table == "review_act"));
    s.write(|w| w.restore(&REVIEW_ACT, &second, false)).unwrap();
    assert_eq!(s.review(&cadence, monday, d(2026, 11, 27)).unwrap().acts.len(), 2);

    let list = s.review_list(d(2026, 11, 27)).unwrap();
    assert_eq!(list[0].week, "2026-W48");
    assert!(list[0].goals && list[0].notes && list[0].acts == 2 && !list[0].closed);
}

#[test]
fn an_act_item_carried_is_in_next_weeks_plan_as_in_its_review() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_at(dir.path(), d(2026, 11, 27));
    let cadence = Cadence::default();
    let c = s.write(|w| w.insert(&CUSTOMER, &[("name", text("重庆钢铁"))])).unwrap();
    let monday = d(2026, 11, 23);
    let kept = s.write(|w| w.add_act(monday, "周一先约 A 类客户", Some(&c))).unwrap();
    s.write(|w| w.add_act(monday, "不带过去", None)).unwrap();
    let carried = s.write(|w| w.add_act(monday, "带样品 | 报价", None)).unwrap();
    assert!(s.write(|w| w.act_toggle_carry(&carried)).unwrap());
    assert!(s.write(|w| w.act_toggle_carry(&kept)).unwrap());
    let next = d(2026, 11, 30);
    let plan = s.week_plan(&cadence, "¥", next, d(2026, 11, 27)).unwrap();
    let review = s.review(&cadence, next, d(2026, 11, 27)).unwrap();
    assert_eq!(plan.carried, review.carried, "one list, the plan's and the review's");
    assert_eq!(
        plan.carried.iter().map(|a| (a.number, a.what.as_str(), a.customer.as_deref())).collect::<Vec<_>>(),
        [(1, "周一先约 A 类客户", Some("重庆钢铁")), (3, "带样品 | 报价", None)]
    );
    // This week's plan has none of them; printed, the next one has both.
    assert!(s.week_plan(&cadence, "¥", monday, d(2026, 11, 27)).unwrap().carried.is_empty());
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let md = repbook::interop::week_sheet::plan_markdown(&plan, "¥");
    assert!(md.contains("## From last week's Act"), "{md}");
    assert!(md.contains("带样品 \\| 报价"), "escaped: {md}");
    let txt = repbook::interop::week_sheet::plan_text(&plan, "¥");
    assert!(txt.contains("From last week's Act") && txt.contains("周一先约 A 类客户"), "{txt}");
    // Closed, the week keeps its Act items as written.
    s.close_review(&cadence, monday, d(2026, 11, 27)).unwrap();
    let err = s.write(|w| w.act_toggle_carry(&carried)).unwrap_err().to_string();
    assert!(err.contains("is closed"), "{err}");
    assert!(s.write(|w| w.act_to_followup(&kept, next, None)).is_err());
    assert_eq!(s.week_plan(&cadence, "¥", next, d(2026, 11, 27)).unwrap().carried.len(), 2);
}

#[test]
fn a_closed_week_keeps_its_figures_and_reopening_or_undo_brings_the_live_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_at(dir.path(), d(2027, 1, 4));
    let cadence = Cadence::default();
    let c = s.write(|w| w.insert(&CUSTOMER, &[("name", text("Acme")), ("tier_override", text("A1"))])).unwrap();
    // ISO week 53 of 2026, across the new year.
    let monday = repbook::domain::period::iso_week("2026-W53").unwrap().0;
    held(&mut s, &c, "visit", "2026-12-29");
    held(&mut s, &c, "call", "2027-01-02");
    assert!(s.close_review(&cadence, d(2027, 1, 11), d(2027, 1, 4)).is_err(), "a week not begun");
    let _ = s.take_written();
    s.close_review(&cadence, monday, d(2027, 1, 4)).unwrap();
    let close_tx = s.take_written();
    assert!(s.close_review(&cadence, monday, d(2027, 1, 4)).is_err(), "closed already");
    // The data changes afterwards: another visit that week, an edit refused.
    held(&mut s, &c, "visit", "2026-12-31");
    let r = s.review(&cadence, monday, d(2027, 1, 4)).unwrap();
    assert!(r.closed && !r.frozen_unreadable);
    assert_eq!((r.facts.week.as_str(), r.facts.visits_held, r.facts.calls_held), ("2026-W53", 1, 1));
    assert_eq!(r.plan.len(), 2, "the work plan as it stood");
    let err = s.write(|w| w.add_act(monday, "x", None)).unwrap_err().to_string();
    assert!(err.contains("is closed"), "{err}");
    assert!(s.write(|w| w.review_notes(monday, None, &[("worked", text("x"))])).is_err());
    assert_eq!(
        s.review_list(d(2027, 1, 4)).unwrap().iter().find(|l| l.week == "2026-W53").map(|l| l.closed),
        Some(true)
    );

    // Reopened: the live figures; closed again: frozen anew.
    s.reopen_review(monday).unwrap();
    assert_eq!(s.review(&cadence, monday, d(2027, 1, 4)).unwrap().facts.visits_held, 2);
    assert!(s.reopen_review(monday).is_err());
    // Undo of the first close (after the reopen) is refused for the fields
    // changed since, or brings it back: either way nothing is lost.
    for tx in close_tx {
        let _ = s.undo_tx(tx);
    }
    s.close_review(&cadence, monday, d(2027, 1, 4)).unwrap();
    let r = s.review(&cadence, monday, d(2027, 1, 4)).unwrap();
    assert!(r.closed);
    assert_eq!(r.facts.visits_held, 2);
    // Undoing that close reopens it.
    let last = *s.take_written().last().unwrap();
    s.undo_tx(last).unwrap();
    assert!(!s.review(&cadence, monday, d(2027, 1, 4)).unwrap().closed);
}

#[test]
fn a_review_taken_back_by_undo_comes_back_empty() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_at(dir.path(), d(2026, 11, 27));
    let cadence = Cadence::default();
    let monday = d(2026, 11, 23);
    let _ = s.take_written();
    s.write(|w| w.review_notes(monday, None, &[("goals", text("taken back"))])).unwrap();
    for tx in s.take_written() {
        s.undo_tx(tx).unwrap();
    }
    assert!(s.review(&cadence, monday, d(2026, 11, 27)).unwrap().id.is_none(), "the undo took the review back");
    s.write(|w| w.review_notes(monday, None, &[("worked", text("kept"))])).unwrap();
    let r = s.review(&cadence, monday, d(2026, 11, 27)).unwrap();
    assert_eq!((r.goals.as_str(), r.worked.as_str()), ("", "kept"));
    // Closed on its first write, taken back, written again: open.
    let next = d(2026, 11, 16);
    let _ = s.take_written();
    s.close_review(&cadence, next, d(2026, 11, 27)).unwrap();
    for tx in s.take_written() {
        s.undo_tx(tx).unwrap();
    }
    s.write(|w| w.add_act(next, "x", None)).unwrap();
    let r = s.review(&cadence, next, d(2026, 11, 27)).unwrap();
    assert!(!r.closed && r.acts.len() == 1);
}

#[test]
fn an_erased_persons_name_leaves_the_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_at(dir.path(), d(2026, 11, 27));
    let c = s.write(|w| w.insert(&CUSTOMER, &[("name", text("Acme"))])).unwrap();
    let p = s.write(|w| w.insert(&PERSON, &[("customer_id", text(&c)), ("name", text("王建国"))])).unwrap();
    let monday = d(2026, 11, 23);
    s.write(|w| w.review_notes(monday, None, &[("worked", text("王建国 liked the samples"))])).unwrap();
    s.write(|w| w.add_act(monday, "ask 王建国 for the budget", Some(&c))).unwrap();
    s.erase_person(&p).unwrap();
    let r = s.review(&Cadence::default(), monday, d(2026, 11, 27)).unwrap();
    assert!(!r.worked.contains("王建国") && !r.acts[0].what.contains("王建国"), "{r:?}");
    drop(s);
    let bytes = std::fs::read(dir.path().join("a.sqlite3")).unwrap();
    let needle = "王建国".as_bytes();
    assert!(!bytes.windows(needle.len()).any(|w| w == needle), "no trace in the file");
}

#[test]
fn the_review_on_the_command_line() {
    let env = cli_env::Env::new();
    let id = env.json(&["customer", "add", "Acme | 北京"])["id"].as_str().unwrap().to_string();
    env.ok(&["review", "note", "--week", "2026-W48", "--goals", "see A | B", "--worked", "early calls\nsamples"]);
    env.ok(&["review", "act", "Call before 10", "--week", "2026-W48", "--customer", &id]);
    env.ok(&["review", "act", "Bring samples", "--week", "2026-W48"]);
    let out = env.ok(&["review", "followup", "1", "--week", "2026-W48", "--due", "2026-12-01"]);
    assert!(out.contains("Act item 1 is a follow-up due"), "{out}");
    let out = env.ok(&["review", "carry", "2", "--week", "2026-W48"]);
    assert!(out.contains("in the plan of 2026-W49"), "{out}");
    let md = env.ok(&["review", "--week", "2026-W48", "--markdown"]);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headings.len(), 6, "{md}");
    assert!(md.contains("| Goals of the week | see A \\| B |"), "{md}");
    assert!(md.contains("| What worked | early calls · samples |"), "lines joined in one cell: {md}");
    assert!(md.contains("| 1 | Call before 10 | Acme \\| 北京 | yes | — |"), "{md}");
    assert!(md.contains("| 2 | Bring samples |  | — | yes |"), "{md}");
    let json = env.json(&["review", "--week", "2026-W49"]);
    assert_eq!(json["carried"][0]["what"], "Bring samples");
    let (code, err) = cli_env::failure(&env.run(&["review", "followup", "2", "--week", "2026-W48"]));
    assert_ne!(code, 0);
    assert!(err.contains("names no customer"), "{err}");
    // Said whose, it becomes that customer's follow-up.
    let out = env.ok(&["review", "followup", "2", "--week", "2026-W48", "--customer", &id[id.len() - 8..]]);
    assert!(out.contains("Act item 2 is a follow-up due"), "{out}");
    let followups = env.json(&["followup", "list"]);
    assert!(
        followups.as_array().unwrap().iter().any(|f| f["what"] == "Bring samples" && f["customer_id"] == id.as_str())
    );
    env.ok(&["review", "close", "--week", "2026-W48"]);
    let list = env.ok(&["review", "--list"]);
    assert!(list.lines().any(|l| l.contains("2026-W48") && l.contains("closed")), "{list}");
    let (code, err) = cli_env::failure(&env.run(&["review", "note", "--week", "2026-W48", "--worked", "x"]));
    assert_ne!(code, 0);
    assert!(err.contains("reopen it first"), "{err}");
    env.ok(&["review", "reopen", "--week", "2026-W48"]);
    env.ok(&["review", "note", "--week", "2026-W48", "--worked", "x"]);
    let _ = Value::Null;
}

#[test]
fn check_shows_collection_the_funnel_and_customers_qualified_as_report_figures_does() {
    use repbook::interop::{figures_sheet, week_sheet};
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let s = store_at(dir.path(), d(2026, 11, 27));
    let cadence = Cadence::default();
    let r = s.review(&cadence, d(2026, 11, 23), d(2026, 11, 27)).unwrap();
    let figures = figures_sheet::sheet(&s.figures(d(2026, 11, 23), d(2026, 11, 29)).unwrap());
    let check = week_sheet::check_sheet(&r.facts);
    let row = |sheet: &repbook::interop::sheet::Sheet, label: &str| {
        sheet.rows.iter().find(|(_, c)| c[0].text() == label).map(|(_, c)| c[1].text())
    };
    for label in ["Collection rate", "Average collection period", "Funnel: open", "Customers qualified"] {
        let label = figures.rows.iter().map(|(_, c)| c[0].text()).find(|t| t.starts_with(label));
        let label = label.unwrap_or_else(|| panic!("report figures has it"));
        assert_eq!(row(&check, &label), row(&figures, &label), "{label} in Check as in report figures");
        assert!(row(&check, &label).is_some(), "{label} in Check");
    }
}

#[test]
fn a_past_weeks_follow_ups_are_those_that_existed_then() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_at(dir.path(), d(2026, 11, 23));
    let cadence = Cadence::default();
    let c = s.write(|w| w.insert(&CUSTOMER, &[("name", text("Acme"))])).unwrap();
    let open = |due: &str| {
        vec![
            ("customer_id", text(&c)),
            ("what", text("ring")),
            ("due", text(due)),
            ("source", text("manual")),
            ("status", text("open")),
        ]
    };
    // Made by hand in W47 (16th), due the 18th and still open.
    s.write(|w| w.insert_made_on(&FOLLOWUP, d(2026, 11, 16), 1, &open("2026-11-18"))).unwrap();
    let w47 = d(2026, 11, 16);
    let before = s.week_review(&cadence, w47, d(2026, 11, 23)).unwrap();
    assert_eq!((before.followups_made, before.followups_overdue), (1, 1));
    // Generated today (Monday of W48) with due days in W47, as `repbook
    // due` makes payment follow-ups: their ids are derived, not dated.
    s.write(|w| w.insert_derived(&FOLLOWUP, "payment:x:1", &open("2026-11-19"))).unwrap();
    s.write(|w| w.insert_derived(&FOLLOWUP, "payment:x:2", &open("2026-11-20"))).unwrap();
    let after = s.week_review(&cadence, w47, d(2026, 11, 23)).unwrap();
    assert_eq!(
        (after.followups_made, after.followups_overdue),
        (1, 1),
        "W47 is over: what was made afterwards is not in its figures"
    );
    // They are this week's: made today, and due (overdue) now.
    let w48 = s.week_review(&cadence, d(2026, 11, 23), d(2026, 11, 23)).unwrap();
    assert_eq!((w48.followups_made, w48.followups_overdue), (2, 3));
}

#[test]
fn a_period_not_begun_has_missed_nothing() {
    use repbook::domain::cadence::NormState;
    let dir = tempfile::tempdir().unwrap();
    let today = d(2026, 11, 23);
    let mut s = store_at(dir.path(), today);
    let cadence = Cadence::default();
    // An A customer not contacted for weeks: overdue today.
    let c = s.write(|w| w.insert(&CUSTOMER, &[("name", text("Acme")), ("tier_override", text("A1"))])).unwrap();
    held(&mut s, &c, "visit", "2026-10-01");
    // Next week (W49): facts as of today, the owed contact still due.
    let next = s.week_review(&cadence, d(2026, 11, 30), today).unwrap();
    assert_eq!(next.as_of, today, "facts as of today, not of a day to come");
    let a = &next.compliance[0];
    assert_eq!((a.customers, a.met, a.pending, a.percent()), (1, 0, 1, None), "still due, not missed");
    assert!(next.a_without_contact.is_empty(), "no A customer is missed in a week not begun");
    // This week (running): overdue is missed.
    let now = s.week_review(&cadence, today, today).unwrap();
    assert_eq!((now.compliance[0].met, now.compliance[0].pending, now.compliance[0].percent()), (0, 0, Some(0)));
    // December's table: the norm is still due, not "no".
    let dec = s.visit_stats(&cadence, d(2026, 12, 1), today).unwrap();
    assert_eq!(dec.as_of, today);
    let row = dec.rows.iter().find(|r| r.id == c).unwrap();
    assert_eq!(row.norm, NormState::Pending);
    assert_eq!((dec.total.norm_met, dec.total.norm_pending), (0, 1));
}

#[test]
fn a_visit_cancelled_for_later_this_week_is_planned_not_held() {
    let dir = tempfile::tempdir().unwrap();
    let today = d(2026, 11, 23);
    let mut s = store_at(dir.path(), today);
    let c = s.write(|w| w.insert(&CUSTOMER, &[("name", text("Acme"))])).unwrap();
    let plan = |date: &str| {
        [("customer_id", text(c.as_str())), ("kind", text("visit")), ("status", text("planned")), ("date", text(date))]
    };
    let tomorrow = s.write(|w| w.insert(&VISIT, &plan("2026-11-24"))).unwrap();
    let thursday = s.write(|w| w.insert(&VISIT, &plan("2026-11-26"))).unwrap();
    s.write(|w| w.update(&VISIT, &tomorrow, &[("status", text("cancelled"))])).unwrap();
    let f = s.week_review(&Cadence::default(), today, today).unwrap();
    let not_held: Vec<&str> = f.not_held.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(not_held, [tomorrow.as_str()], "cancelled whatever its day; Thursday's is still to come");
    assert!(!not_held.contains(&thursday.as_str()));
}

#[test]
fn the_pictures_draw_a_closed_week_as_its_review_froze_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_at(dir.path(), d(2026, 11, 27));
    let cadence = Cadence::default();
    let c = s.write(|w| w.insert(&CUSTOMER, &[("name", text("重庆钢铁"))])).unwrap();
    held(&mut s, &c, "visit", "2026-11-17");
    held(&mut s, &c, "call", "2026-11-18");
    s.close_review(&cadence, d(2026, 11, 16), d(2026, 11, 27)).unwrap();
    // A visit of that week logged after it was closed.
    held(&mut s, &c, "visit", "2026-11-19");
    let w47 = |s: &Store| {
        let trend = s.review_trend(d(2026, 11, 23)).unwrap();
        let p = trend.weeks.iter().find(|p| p.monday == d(2026, 11, 16)).unwrap().clone();
        (p.visits, p.calls)
    };
    assert_eq!(w47(&s), (1, 1), "this week's pictures show last week as closed");
    s.reopen_review(d(2026, 11, 16)).unwrap();
    assert_eq!(w47(&s), (2, 1), "reopened: the live figures");
}
