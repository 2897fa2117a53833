//! Visits, follow-ups and cadence through the store, with a fixed clock.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{customer, followup, memory, text};
use repbook::Error;
use repbook::config::Cadence;
use repbook::domain::cadence::Due;
use repbook::domain::fields::Value;
use repbook::domain::schema::{CUSTOMER, FOLLOWUP, PERSON, VISIT};
use repbook::domain::visit::StepChange;

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The fixed clock's today.
const TODAY: &str = "2026-11-22";

#[test]
fn plan_then_log_makes_the_next_step_a_followup_in_one_transaction() {
    let mut store = memory();
    let c = customer(&mut store, "厦门永兴物流", "厦门");
    let plan = visit_with(&mut store, &c, "planned", "2026-11-20", &[("goal", text("月底前回款5万"))]);
    let values = vec![("outcome", text("partly")), ("next_step", text("寄合同")), ("next_date", text("2026-11-25"))];
    let outcome = store.write(|w| w.log_visit(&c, Some(&plan), values, day(TODAY))).unwrap();
    let id = outcome.visit_id.clone();
    assert_eq!(id, plan, "the planned visit is completed, not duplicated");
    assert!(!outcome.late, "Friday's visit logged on Sunday is in time");
    let v = store.get(&VISIT, &id).unwrap().unwrap();
    assert_eq!((v.text("status"), v.text("logged_on")), (Some("done"), Some(TODAY)));
    let f = store.children(&FOLLOWUP, &c).unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].text("what"), f[0].text("due"), f[0].text("source")),
        (Some("寄合同"), Some("2026-11-25"), Some("next_step"))
    );
    let key = repbook::domain::visit::step_key("寄合同");
    assert_eq!(f[0].text("ref"), Some(format!("visit:{id}:step:{key}").as_str()), "keyed by its text");
    assert!(!f[0].text_or_empty("ref").contains("寄合同"), "by a digest: the ref holds no one's words");
    // The outcome says the same as the store: both faces print from it.
    assert_eq!(outcome.followups.len(), 1);
    assert_eq!(
        (
            outcome.followups[0].id.as_str(),
            outcome.followups[0].what.as_str(),
            outcome.followups[0].due,
            outcome.followups[0].new
        ),
        (f[0].id.as_str(), "寄合同", day("2026-11-25"), true)
    );
}

#[test]
fn a_log_says_when_it_is_late() {
    let mut store = memory();
    let c = customer(&mut store, "x", "y");
    // Held Tuesday 17th, logged Sunday 22nd: after the next working day.
    let plan = visit_with(&mut store, &c, "planned", "2026-11-17", &[]);
    let outcome = store.write(|w| w.log_visit(&c, Some(&plan), vec![], day(TODAY))).unwrap();
    assert!(outcome.late);
    assert_eq!(outcome.held, day("2026-11-17"));
    assert!(outcome.followups.is_empty());
}

#[test]
fn logging_a_visit_again_never_duplicates_its_followups() {
    let mut store = memory();
    let c = customer(&mut store, "x", "y");
    let plan = visit_with(&mut store, &c, "planned", "2026-11-20", &[]);
    let steps = vec![("next_step", text("寄合同 @ 2026-11-25\n发样品 @ 2026-11-26"))];
    let first = store.write(|w| w.log_visit(&c, Some(&plan), steps.clone(), day("2026-11-20"))).unwrap();
    assert_eq!(first.followups.len(), 2);
    // The same log again: the same two follow-ups, none new.
    let again = store.write(|w| w.log_visit(&c, Some(&plan), steps.clone(), day(TODAY))).unwrap();
    assert_eq!(store.children(&FOLLOWUP, &c).unwrap().len(), 2, "no duplicates");
    assert!(again.followups.iter().all(|f| !f.new));
    assert_eq!(
        again.followups.iter().map(|f| &f.id).collect::<Vec<_>>(),
        first.followups.iter().map(|f| &f.id).collect::<Vec<_>>()
    );
    assert!(!again.late, "lateness is the first log's: logged on the day it was held");
    assert_eq!(store.get(&VISIT, &plan).unwrap().unwrap().text("logged_on"), Some("2026-11-20"));
    // A rewritten step is another step: it gets its own follow-up, and
    // the old one is kept (never renamed into the new one, never lost).
    store.write(|w| w.followup_done(&first.followups[1].id, day(TODAY))).unwrap();
    let fixed = vec![("next_step", text("寄合同（盖章版） @ 2026-11-27\n发样品 @ 2026-11-28"))];
    let third = store.write(|w| w.log_visit(&c, Some(&plan), fixed, day(TODAY))).unwrap();
    let all = store.children(&FOLLOWUP, &c).unwrap();
    assert_eq!(all.len(), 3);
    let contract = store.get(&FOLLOWUP, &first.followups[0].id).unwrap().unwrap();
    assert_eq!((contract.text("what"), contract.text("status")), (Some("寄合同"), Some("open")), "not renamed");
    let samples = store.get(&FOLLOWUP, &first.followups[1].id).unwrap().unwrap();
    assert_eq!((samples.text("status"), samples.text("due")), (Some("done"), Some("2026-11-26")), "done stays done");
    assert_eq!(outline(&third.followups), [("寄合同（盖章版）", "2026-11-27".into(), StepChange::Added)]);
    assert_eq!(outline(&third.no_longer_steps), [("寄合同", "2026-11-25".into(), StepChange::Kept)], "said, not lost");
}

/// (what, due, change) of a log's follow-ups.
fn outline(f: &[repbook::domain::visit::StepFollowup]) -> Vec<(&str, String, StepChange)> {
    f.iter().map(|f| (f.what.as_str(), f.due.to_string(), f.change)).collect()
}

/// (what, status, due) of every follow-up of `c`, sorted.
fn followups_of(store: &repbook::store::Store, c: &str) -> Vec<(String, String, String)> {
    let mut all: Vec<(String, String, String)> = store
        .children(&FOLLOWUP, c)
        .unwrap()
        .iter()
        .map(|f| {
            (
                f.text_or_empty("what").to_string(),
                f.text_or_empty("status").to_string(),
                f.text_or_empty("due").to_string(),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn logging_again_keys_each_step_by_its_text_not_its_line() {
    let mut store = memory();
    let c = customer(&mut store, "x", "y");
    let plan = visit_with(&mut store, &c, "planned", "2026-11-21", &[]);
    let log = |store: &mut repbook::store::Store, steps: &str, today: &str| {
        store.write(|w| w.log_visit(&c, Some(&plan), vec![("next_step", text(steps))], day(today))).unwrap()
    };
    let first = log(&mut store, "Send contract @ tomorrow\nCall CFO @ in 3 days", TODAY);
    assert_eq!(
        outline(&first.followups),
        [
            ("Send contract", "2026-11-23".into(), StepChange::Added),
            ("Call CFO", "2026-11-25".into(), StepChange::Added)
        ]
    );
    store.write(|w| w.followup_done(&first.followups[0].id, day(TODAY))).unwrap();
    // A step put in front: every step keeps its own follow-up.
    let second = log(&mut store, "Book demo @ tomorrow\nSend contract @ tomorrow\nCall CFO @ in 3 days", TODAY);
    assert_eq!(
        outline(&second.followups),
        [("Book demo", "2026-11-23".into(), StepChange::Added), ("Call CFO", "2026-11-25".into(), StepChange::Kept)],
        "the done step is not repeated, nothing is renamed"
    );
    assert_eq!(second.followups[1].id, first.followups[1].id);
    assert!(second.no_longer_steps.is_empty());
    let want = |cfo: &str| {
        vec![
            ("Book demo".to_string(), "open".to_string(), "2026-11-23".to_string()),
            ("Call CFO".to_string(), "open".to_string(), cfo.to_string()),
            ("Send contract".to_string(), "done".to_string(), "2026-11-23".to_string()),
        ]
    };
    assert_eq!(followups_of(&store, &c), want("2026-11-25"));
    // Only one step left in the text: nothing made, nothing closed, and
    // the one no longer written is reported as kept.
    let third = log(&mut store, "Book demo @ tomorrow", TODAY);
    assert_eq!(outline(&third.followups), [("Book demo", "2026-11-23".into(), StepChange::Kept)]);
    assert_eq!(outline(&third.no_longer_steps), [("Call CFO", "2026-11-25".into(), StepChange::Kept)]);
    assert_eq!(followups_of(&store, &c), want("2026-11-25"));
    // Logged again two days later with the same words: "tomorrow" was
    // written then, so the date stays; a step whose date is rewritten moves.
    let later = log(&mut store, "book demo @ tomorrow\nCall CFO @ 2026-11-30", "2026-11-24");
    assert_eq!(
        outline(&later.followups),
        [("Book demo", "2026-11-23".into(), StepChange::Kept), ("Call CFO", "2026-11-30".into(), StepChange::Updated)],
        "case does not make another step"
    );
    assert_eq!(followups_of(&store, &c), want("2026-11-30"));
    // A step written twice is refused, nothing written.
    let before = store.change_count().unwrap();
    let twice = vec![("next_step", text("Book demo @ tomorrow\n  BOOK DEMO @ in 3 days"))];
    let err = store.write(|w| w.log_visit(&c, Some(&plan), twice, day(TODAY)));
    assert!(matches!(&err, Err(Error::Invalid(m)) if m.contains("twice")), "{err:?}");
    assert_eq!(store.change_count().unwrap(), before);
}

#[test]
fn a_snoozed_steps_date_is_not_reset_by_logging_again() {
    let mut store = memory();
    let c = customer(&mut store, "x", "y");
    let steps = vec![("next_step", text("寄合同 @ 明天"))];
    let first = store.write(|w| w.log_visit(&c, None, steps.clone(), day(TODAY))).unwrap();
    let f = first.followups[0].id.clone();
    store.write(|w| w.followup_move(&f, day("2026-12-01"), true, Some("客户出差"))).unwrap();
    let again = store.write(|w| w.log_visit(&c, Some(&first.visit_id), steps, day(TODAY))).unwrap();
    assert_eq!(outline(&again.followups), [("寄合同", "2026-12-01".into(), StepChange::Kept)]);
    let got = store.get(&FOLLOWUP, &f).unwrap().unwrap();
    assert_eq!((got.text("status"), got.text("due")), (Some("snoozed"), Some("2026-12-01")));
}

#[test]
fn archives_keyed_by_line_number_are_matched_by_text() {
    let mut store = memory();
    let c = customer(&mut store, "x", "y");
    // A visit logged before text keys: its follow-ups refer to `visit:ID:n`,
    // and the old bug had renamed the second into the first. (Made here
    // without steps: a held visit's steps would now get text keys at once.)
    let v = visit_with(&mut store, &c, "done", "2026-11-20", &[]);
    let legacy = |store: &mut repbook::store::Store, n: u8, what: &str, status: &str| {
        let values = [
            ("customer_id", text(&c)),
            ("what", text(what)),
            ("due", text("2026-11-23")),
            ("source", text("next_step")),
            ("status", text("open")),
            ("ref", text(&format!("visit:{v}:{n}"))),
        ];
        let id = store.write(|w| w.insert(&FOLLOWUP, &values)).unwrap();
        if status == "done" {
            store.write(|w| w.followup_done(&id, day(TODAY))).unwrap();
        }
        id
    };
    legacy(&mut store, 1, "Send contract", "done");
    let renamed = legacy(&mut store, 2, "send contract", "open");
    let again = "Book demo @ 2026-11-24\nSend contract @ 2026-11-23\nCall CFO @ 2026-11-25";
    let out = store.write(|w| w.log_visit(&c, Some(&v), vec![("next_step", text(again))], day(TODAY))).unwrap();
    assert_eq!(
        outline(&out.followups),
        [
            ("Book demo", "2026-11-24".into(), StepChange::Added),
            ("send contract", "2026-11-23".into(), StepChange::Kept),
            ("Call CFO", "2026-11-25".into(), StepChange::Added),
        ]
    );
    assert_eq!(out.followups[1].id, renamed, "the open one of that text, not a new one");
    assert_eq!(store.children(&FOLLOWUP, &c).unwrap().len(), 4, "two old, two new: no duplicate");
    // And again: nothing more.
    let out = store.write(|w| w.log_visit(&c, Some(&v), vec![], day(TODAY))).unwrap();
    assert!(out.followups.iter().all(|f| f.change == StepChange::Kept));
    assert_eq!(store.children(&FOLLOWUP, &c).unwrap().len(), 4);
}

#[test]
fn a_held_visit_is_never_dated_later_than_today_on_any_write() {
    let mut store = memory();
    let c = customer(&mut store, "x", "y");
    // Later than today in every time zone the fixed clock's noon falls on.
    let later = "2026-11-25";
    let before = store.change_count().unwrap();
    let mut v =
        vec![("customer_id", text(&c)), ("kind", text("visit")), ("status", text("done")), ("date", text(later))];
    let err = store.write(|w| w.insert(&VISIT, &v));
    assert!(matches!(&err, Err(Error::Invalid(m)) if m.contains("has not happened yet")), "{err:?}");
    assert_eq!(store.change_count().unwrap(), before);
    assert_eq!(store.last_contacts_of(&c).unwrap(), (None, None), "no contact in the future");
    // A plan for that day is fine; marking it done by an edit is not.
    v[2].1 = text("planned");
    let plan = store.write(|w| w.insert(&VISIT, &v)).unwrap();
    let err = store.write(|w| w.update(&VISIT, &plan, &[("status", text("done"))]));
    assert!(matches!(&err, Err(Error::Invalid(m)) if m.contains("has not happened yet")), "{err:?}");
    let seen = store.snapshot(&VISIT, &plan).unwrap();
    assert!(store.write(|w| w.update_from(&seen, &[("status", text("done"))])).is_err(), "a form's save too");
    assert_eq!(store.get(&VISIT, &plan).unwrap().unwrap().text("status"), Some("planned"));
    // Nor may a held visit be moved to a later day.
    let held = visit_with(&mut store, &c, "done", "2026-11-20", &[]);
    assert!(store.write(|w| w.update(&VISIT, &held, &[("date", text(later))])).is_err());
    // Held today: fine, by any path.
    store.write(|w| w.update(&VISIT, &plan, &[("status", text("done")), ("date", text("2026-11-21"))])).unwrap();
    store.write(|w| w.update(&VISIT, &held, &[("notes", text("ok"))])).unwrap();
}

#[test]
fn a_next_step_edited_on_a_done_visit_becomes_a_followup_as_a_log_makes_it() {
    let mut store = memory();
    let c = customer(&mut store, "x", "y");
    let logged = store.write(|w| w.log_visit(&c, None, vec![("outcome", text("met"))], day(TODAY))).unwrap();
    let v = logged.visit_id;
    assert!(store.children(&FOLLOWUP, &c).unwrap().is_empty());
    store.write(|w| w.update(&VISIT, &v, &[("next_step", text("Secret step @ 2026-11-30"))])).unwrap();
    let f = store.children(&FOLLOWUP, &c).unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].text("what"), f[0].text("due"), f[0].text("ref")),
        (
            Some("Secret step"),
            Some("2026-11-30"),
            Some(format!("visit:{v}:step:{}", repbook::domain::visit::step_key("secret STEP ")).as_str())
        )
    );
    // A form's save: a step added, the date of the other moved; the edit
    // says so, as a log would.
    let seen = store.snapshot(&VISIT, &v).unwrap();
    let steps = text("Secret step @ 2026-12-02\n寄样品 @ 2026-12-01");
    let edit = store.write(|w| w.edit_visit(&seen, &[("next_step", steps)])).unwrap();
    assert_eq!(
        outline(&edit.followups),
        [("Secret step", "2026-12-02".into(), StepChange::Updated), ("寄样品", "2026-12-01".into(), StepChange::Added)]
    );
    assert!(edit.no_longer_steps.is_empty());
    assert_eq!(
        followups_of(&store, &c),
        [
            ("Secret step".to_string(), "open".to_string(), "2026-12-02".to_string()),
            ("寄样品".to_string(), "open".to_string(), "2026-12-01".to_string()),
        ]
    );
    // A step without a date is refused as a log refuses it; nothing written.
    let before = store.change_count().unwrap();
    let err = store.write(|w| w.update(&VISIT, &v, &[("next_step", text("回访"))]));
    assert!(matches!(&err, Err(Error::Invalid(m)) if m.contains("回访")), "{err:?}");
    assert_eq!(store.change_count().unwrap(), before);
    // An edit that takes a step out says it kept its follow-up.
    let seen = store.snapshot(&VISIT, &v).unwrap();
    let edit = store.write(|w| w.edit_visit(&seen, &[("next_step", text("Secret step @ 2026-12-02"))])).unwrap();
    assert!(edit.followups.is_empty(), "nothing added or moved");
    assert_eq!(outline(&edit.no_longer_steps), [("寄样品", "2026-12-01".into(), StepChange::Kept)]);
    let seen = store.snapshot(&VISIT, &v).unwrap();
    let steps = text("Secret step @ 2026-12-02\n寄样品 @ 2026-12-01");
    store.write(|w| w.edit_visit(&seen, &[("next_step", steps)])).unwrap();
    // Logging it again finds the same follow-ups: one function, one key.
    let again = store.write(|w| w.log_visit(&c, Some(&v), vec![], day(TODAY))).unwrap();
    assert!(again.followups.iter().all(|f| f.change == StepChange::Kept) && again.followups.len() == 2);
    // A planned visit's next step is only a plan: no follow-up yet.
    let plan = visit_with(&mut store, &c, "planned", TODAY, &[]);
    store.write(|w| w.update(&VISIT, &plan, &[("next_step", text("Later @ 2026-12-09"))])).unwrap();
    assert_eq!(store.children(&FOLLOWUP, &c).unwrap().len(), 2);
    // Marked done by an edit: its steps become follow-ups then.
    store.write(|w| w.update(&VISIT, &plan, &[("status", text("done"))])).unwrap();
    assert_eq!(store.children(&FOLLOWUP, &c).unwrap().len(), 3);
}

#[test]
fn a_dropped_followups_reason_is_never_cleared_by_any_write() {
    let mut store = memory();
    let c = customer(&mut store, "x", "y");
    let f = followup(&mut store, &c, "催款", TODAY);
    store.write(|w| w.followup_drop(&f, "客户已结清")).unwrap();
    for cleared in [text(""), text("  "), Value::Null] {
        let err = store.write(|w| w.update(&FOLLOWUP, &f, &[("reason", cleared.clone())]));
        assert!(matches!(err, Err(Error::Invalid(_))), "{cleared:?}: {err:?}");
    }
    assert_eq!(store.get(&FOLLOWUP, &f).unwrap().unwrap().text("reason"), Some("客户已结清"));
    store.write(|w| w.update(&FOLLOWUP, &f, &[("reason", text("客户已结清全部货款"))])).unwrap();
}

#[test]
fn a_plan_dated_later_cannot_be_logged() {
    let mut store = memory();
    let c = customer(&mut store, "x", "y");
    let plan = visit_with(&mut store, &c, "planned", "2026-11-23", &[]);
    let before = store.change_count().unwrap();
    let err = store.write(|w| w.log_visit(&c, Some(&plan), vec![("outcome", text("met"))], day(TODAY)));
    assert!(matches!(&err, Err(Error::Invalid(m)) if m.contains("2026-11-23")), "{err:?}");
    assert_eq!(store.change_count().unwrap(), before, "nothing written, the date not moved");
    // Held today after all: the user says so and it is logged.
    let ok = store.write(|w| w.log_visit(&c, Some(&plan), vec![("date", text(TODAY))], day(TODAY))).unwrap();
    assert_eq!(ok.held, day(TODAY));
    // A new visit dated tomorrow is refused the same way.
    let err = store.write(|w| w.log_visit(&c, None, vec![("date", text("2026-11-23"))], day(TODAY)));
    assert!(matches!(err, Err(Error::Invalid(_))), "{err:?}");
}

#[test]
fn the_life_cycle_holds_for_plain_inserts_and_edits_too() {
    let mut store = memory();
    let c = customer(&mut store, "x", "y");
    let base = |status: &str| {
        vec![
            ("customer_id", text(&c)),
            ("what", text("催款")),
            ("due", text(TODAY)),
            ("source", text("manual")),
            ("status", text(status)),
        ]
    };
    // Born dropped, done or snoozed: refused.
    for status in ["dropped", "done", "snoozed"] {
        let mut v = base(status);
        v.push(("reason", text("x")));
        assert!(matches!(store.write(|w| w.insert(&FOLLOWUP, &v)), Err(Error::Invalid(_))), "{status}");
    }
    let f = store.write(|w| w.insert(&FOLLOWUP, &base("open"))).unwrap();
    // Dropped by a plain edit without a reason: refused.
    let err = store.write(|w| w.update(&FOLLOWUP, &f, &[("status", text("dropped"))]));
    assert!(matches!(err, Err(Error::Invalid(_))), "{err:?}");
    assert_eq!(store.get(&FOLLOWUP, &f).unwrap().unwrap().text("status"), Some("open"));
    // Done by an edit is fine; reopened by an edit is not.
    store.write(|w| w.update(&FOLLOWUP, &f, &[("status", text("done"))])).unwrap();
    let err = store.write(|w| w.update(&FOLLOWUP, &f, &[("status", text("open"))]));
    assert!(matches!(err, Err(Error::Invalid(_))), "{err:?}");
    assert_eq!(store.get(&FOLLOWUP, &f).unwrap().unwrap().text("status"), Some("done"));
    // Its notes may still be written.
    store.write(|w| w.update(&FOLLOWUP, &f, &[("notes", text("客户已付"))])).unwrap();
}

#[test]
fn a_failed_log_writes_nothing() {
    let mut store = memory();
    let c = customer(&mut store, "x", "y");
    let before = store.change_count().unwrap();
    // A value no form would produce is refused by the store itself.
    let bad = vec![("next_step", text("寄合同")), ("next_date", text("2026-11-25")), ("kind", text("fax"))];
    let err = store.write(|w| w.log_visit(&c, None, bad, day(TODAY)));
    assert!(matches!(err, Err(Error::Invalid(_))), "{err:?}");
    assert_eq!(store.change_count().unwrap(), before, "no visit, no follow-up, no record");
    // A plan that belongs to another customer is refused, nothing written.
    let other = customer(&mut store, "z", "w");
    let plan = visit_with(&mut store, &other, "planned", TODAY, &[]);
    let after_plan = store.change_count().unwrap();
    let err = store.write(|w| {
        w.log_visit(&c, Some(&plan), vec![("next_step", text("a")), ("next_date", text(TODAY))], day(TODAY))
    });
    assert!(matches!(err, Err(Error::NotFound { .. })), "{err:?}");
    assert_eq!(store.change_count().unwrap(), after_plan);
    assert!(store.children(&FOLLOWUP, &c).unwrap().is_empty());
    assert_eq!(store.get(&VISIT, &plan).unwrap().unwrap().text("status"), Some("planned"));
}

#[test]
fn followups_end_only_done_or_dropped_with_a_reason() {
    let mut store = memory();
    let c = customer(&mut store, "长沙华大", "长沙");
    let f = followup(&mut store, &c, "催款", "2026-11-20");
    // Never deleted, never dropped silently.
    assert!(matches!(store.write(|w| w.set_alive(&FOLLOWUP, &f, false)), Err(Error::Invalid(_))));
    assert!(matches!(store.write(|w| w.followup_drop(&f, "  ")), Err(Error::Invalid(_))));
    // The customer cannot be deleted while it is open.
    assert!(matches!(store.write(|w| w.set_alive(&CUSTOMER, &c, false)), Err(Error::Invalid(_))));
    store.write(|w| w.followup_move(&f, day("2026-11-30"), true, Some("客户出差"))).unwrap();
    let got = store.get(&FOLLOWUP, &f).unwrap().unwrap();
    assert_eq!(
        (got.text("status"), got.text("due"), got.text("reason")),
        (Some("snoozed"), Some("2026-11-30"), Some("客户出差"))
    );
    store.write(|w| w.followup_drop(&f, "客户已结清")).unwrap();
    let got = store.get(&FOLLOWUP, &f).unwrap().unwrap();
    assert_eq!((got.text("status"), got.text("reason")), (Some("dropped"), Some("客户已结清")));
    assert!(store.write(|w| w.followup_done(&f, day(TODAY))).is_err(), "a dropped one is closed");
    // Every step is in the change log.
    let mut statuses: Vec<String> = store
        .history(&c)
        .unwrap()
        .into_iter()
        .filter(|r| r.row == f && r.column == "status")
        .filter_map(|r| r.value)
        .collect();
    statuses.reverse();
    assert_eq!(statuses, ["\"open\"", "\"snoozed\"", "\"dropped\""]);
    // Now the customer may go.
    store.write(|w| w.set_alive(&CUSTOMER, &c, false)).unwrap();
}

/// A visit held (done) on `date`.
fn visit(store: &mut repbook::store::Store, c: &str, kind: &str, date: &str) {
    visit_with(store, c, "done", date, &[("kind", text(kind))]);
}

/// A visit with `status` on `date` (kind visit unless `extra` says otherwise).
fn visit_with(
    store: &mut repbook::store::Store,
    c: &str,
    status: &str,
    date: &str,
    extra: &[(&'static str, Value)],
) -> String {
    let mut v = vec![("customer_id", text(c)), ("status", text(status)), ("date", text(date))];
    if !extra.iter().any(|(f, _)| *f == "kind") {
        v.push(("kind", text("visit")));
    }
    v.extend(extra.iter().cloned());
    store.write(|w| w.insert(&VISIT, &v)).unwrap()
}

#[test]
fn cadence_is_reset_by_a_visit_or_a_call_and_overridable_per_customer() {
    let mut store = memory();
    let a = customer(&mut store, "重庆恒达", "重庆");
    store.write(|w| w.update(&CUSTOMER, &a, &[("purchase", Value::Int(4)), ("potential", Value::Int(4))])).unwrap();
    let standing = |store: &repbook::store::Store| {
        store.standings(&Cadence::default(), day(TODAY)).unwrap().into_iter().find(|s| s.id == a).unwrap().standing
    };
    // Added today, never contacted: owed from today.
    assert_eq!(standing(&store).due(), Due::Due);
    visit(&mut store, &a, "visit", "2026-11-10");
    let s = standing(&store);
    assert_eq!((s.visits.due(), s.visits.overdue_days), (Due::Overdue, 5), "A1: a visit every 7 days");
    visit(&mut store, &a, "call", "2026-11-21");
    let s = standing(&store);
    assert_eq!(s.calls.due(), Due::Ok, "the call reset the phone clock");
    assert_eq!(s.visits.due(), Due::Overdue, "but not the visit clock");
    visit(&mut store, &a, "visit", "2026-11-21");
    assert_eq!(standing(&store).due(), Due::Ok);
    // A per-customer norm wins over the tier's.
    store.write(|w| w.update(&CUSTOMER, &a, &[("visit_norm", text("1 per day"))])).unwrap();
    let s = standing(&store);
    assert_eq!(s.visits.interval_days, 1);
    assert_eq!((s.visits.due(), s.visits.overdue_days), (Due::Due, 0), "yesterday's visit: owed today");
}

#[test]
fn the_agenda_ranks_a_customers_first_and_finds_birthdays_and_unlogged_visits() {
    let mut store = memory();
    let a = customer(&mut store, "A客户", "x");
    let c = customer(&mut store, "C客户", "y");
    store.write(|w| w.update(&CUSTOMER, &a, &[("purchase", Value::Int(4)), ("potential", Value::Int(4))])).unwrap();
    visit(&mut store, &a, "visit", "2026-11-01");
    visit(&mut store, &c, "visit", "2026-01-01");
    visit_with(&mut store, &c, "planned", "2026-11-19", &[]);
    visit_with(&mut store, &a, "planned", TODAY, &[("kind", text("call"))]);
    store
        .write(|w| {
            w.insert(&PERSON, &[("customer_id", text(&a)), ("name", text("曾国强")), ("birthday", text("11-25"))])
        })
        .unwrap();
    store
        .write(|w| {
            w.insert(&PERSON, &[("customer_id", text(&a)), ("name", text("远生日")), ("birthday", text("1980-03-01"))])
        })
        .unwrap();
    let agenda = store.agenda(&Cadence::default(), day(TODAY)).unwrap();
    let overdue: Vec<&str> = agenda.overdue.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(overdue, ["A客户", "C客户"], "A before C although C is colder");
    assert_eq!(agenda.birthdays.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(), ["曾国强"]);
    assert_eq!(agenda.unlogged.len(), 1);
    assert_eq!(agenda.planned.len(), 1);
}

/// Add a purchase/sales record dated 2026-11-01.
fn trade(store: &mut repbook::store::Store, c: &str, kind: &str, amount: Option<i64>, due: Option<&str>) {
    let mut v = vec![("customer_id", text(c)), ("kind", text(kind)), ("date", text("2026-11-01"))];
    if let Some(a) = amount {
        v.push(("amount", Value::Int(a)));
    }
    if let Some(d) = due {
        v.push(("due", text(d)));
    }
    store.write(|w| w.insert(&repbook::domain::schema::TRADE, &v)).unwrap();
}

#[test]
fn dated_facts_become_followups_once() {
    let mut store = memory();
    let c = customer(&mut store, "北京华大", "北京");
    store
        .write(|w| {
            w.insert(&PERSON, &[("customer_id", text(&c)), ("name", text("曾国强")), ("birthday", text("11-25"))])
        })
        .unwrap();
    store
        .write(|w| w.insert(&PERSON, &[("customer_id", text(&c)), ("name", text("远")), ("birthday", text("12-25"))]))
        .unwrap();
    // An unpaid order due in 3 days, a delivery due tomorrow, an order due far away.
    trade(&mut store, &c, "order", Some(500_000), Some("2026-11-25"));
    trade(&mut store, &c, "delivery", None, Some("2026-11-23"));
    trade(&mut store, &c, "order", None, Some("2027-03-01"));
    // The birthday's was made as the person was saved, the payment's and
    // the delivery's as the trades were: the start of the day makes none.
    assert_eq!(store.generate_followups(day(TODAY)).unwrap(), 0);
    let f = store.children(&FOLLOWUP, &c).unwrap();
    let mut sources: Vec<&str> = f.iter().filter_map(|f| f.text("source")).collect();
    sources.sort_unstable();
    assert_eq!(sources, ["birthday", "delivery", "payment"]);
    assert!(
        f.iter().any(|f| f.text("what").is_some_and(|w| w.contains("曾国强")) && f.text("due") == Some("2026-11-25"))
    );
    // The name is rendered when read, never stored in the follow-up: not in
    // its row, not in its change records.
    let birthday_id = f.iter().find(|f| f.text("source") == Some("birthday")).unwrap().id.clone();
    assert!(
        store.changes().unwrap().iter().filter(|r| r.row == birthday_id).all(|r| !r
            .value
            .as_deref()
            .unwrap_or("")
            .contains("曾国强")),
        "no copy of the name in the follow-up"
    );
    repbook::i18n::set_lang(repbook::i18n::Lang::ZhCn);
    let zh = store.get(&FOLLOWUP, &birthday_id).unwrap().unwrap().text_or_empty("what").to_string();
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let en = store.get(&FOLLOWUP, &birthday_id).unwrap().unwrap().text_or_empty("what").to_string();
    assert!(zh.starts_with("生日") && zh.contains("曾国强"), "{zh}");
    assert!(en.starts_with("Birthday") && en.contains("曾国强"), "{en}");
    let payment = f.iter().find(|f| f.text("source") == Some("payment")).unwrap();
    assert!(payment.text_or_empty("what").contains("5,000.00"), "{:?}", payment.text("what"));
    // Idempotent, and a dropped one is not made again.
    assert_eq!(store.generate_followups(day(TODAY)).unwrap(), 0);
    let birthday = f.iter().find(|f| f.text("source") == Some("birthday")).unwrap().id.clone();
    store.write(|w| w.followup_drop(&birthday, "已发祝福短信")).unwrap();
    assert_eq!(store.generate_followups(day(TODAY)).unwrap(), 0);
    // Erasing the person takes their birthday reminder with them.
    let person = store.children(&PERSON, &c).unwrap().into_iter().find(|p| p.title() == "曾国强").unwrap().id;
    store.erase_person(&person).unwrap();
    assert!(store.get(&FOLLOWUP, &birthday).unwrap().is_none());
    assert!(store.is_erased(&birthday).unwrap(), "and it is not made again");
    assert_eq!(store.generate_followups(day(TODAY)).unwrap(), 0);
    // Once paid, the order no longer calls for collection.
    let mut other = memory();
    let c2 = customer(&mut other, "x", "y");
    trade(&mut other, &c2, "order", Some(100), Some("2026-11-24"));
    trade(&mut other, &c2, "payment", Some(100), None);
    assert_eq!(other.generate_followups(day(TODAY)).unwrap(), 0);
}

#[test]
fn several_next_steps_each_become_a_followup_and_none_is_dropped_silently() {
    let mut store = memory();
    let c = customer(&mut store, "x", "y");
    let steps = "寄合同 @ 明天\n约技术交流 @ 2026-12-01\n发样品";
    let values = vec![("next_step", text(steps)), ("next_date", text("2026-11-30"))];
    store.write(|w| w.log_visit(&c, None, values, day(TODAY))).unwrap();
    let mut got: Vec<(String, String)> = store
        .children(&FOLLOWUP, &c)
        .unwrap()
        .iter()
        .map(|f| (f.text_or_empty("what").to_string(), f.text_or_empty("due").to_string()))
        .collect();
    got.sort();
    let want: Vec<(String, String)> =
        [("发样品", "2026-11-30"), ("寄合同", "2026-11-23"), ("约技术交流", "2026-12-01")]
            .iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect();
    assert_eq!(got, want);
    // A step with no date at all refuses the whole log; nothing is written.
    let before = store.change_count().unwrap();
    let err = store.write(|w| w.log_visit(&c, None, vec![("next_step", text("回访"))], day(TODAY)));
    assert!(matches!(&err, Err(Error::Invalid(m)) if m.contains("回访")), "{err:?}");
    assert_eq!(store.change_count().unwrap(), before);
    let err = store.write(|w| w.log_visit(&c, None, vec![("next_step", text("回访 @ 改天"))], day(TODAY)));
    assert!(matches!(err, Err(Error::Invalid(_))), "{err:?}");
}

#[test]
fn a_visit_inserted_as_held_turns_its_next_steps_into_followups() {
    let mut store = memory();
    let c = customer(&mut store, "重庆恒达", "重庆");
    let held = |next: &str| {
        vec![
            ("customer_id", text(&c)),
            ("kind", text("visit")),
            ("status", text("done")),
            ("date", text(TODAY)),
            ("next_step", text(next)),
        ]
    };
    store.write(|w| w.insert(&VISIT, &held("寄合同 @ 2026-11-24\n约演示 @ 2026-11-27"))).unwrap();
    assert_eq!(
        followups_of(&store, &c),
        [
            ("寄合同".to_string(), "open".to_string(), "2026-11-24".to_string()),
            ("约演示".to_string(), "open".to_string(), "2026-11-27".to_string())
        ]
    );
    // A step with no date is refused rather than dropped.
    assert!(store.write(|w| w.insert(&VISIT, &held("回访"))).is_err());
    assert_eq!(followups_of(&store, &c).len(), 2);
}

#[test]
fn a_visit_marked_held_by_an_edit_is_logged_today_like_a_log() {
    let mut store = memory();
    let c = customer(&mut store, "重庆恒达", "重庆");
    let v = visit_with(&mut store, &c, "planned", "2026-11-10", &[]);
    store.write(|w| w.update(&VISIT, &v, &[("status", text("done"))])).unwrap();
    let got = store.get(&VISIT, &v).unwrap().unwrap();
    assert_eq!(got.text("logged_on"), Some(TODAY));
    assert!(repbook::domain::visit::logged_late(&got), "held on the 10th, logged on the 22nd");
    // Editing it again keeps the first log day.
    store.write(|w| w.update(&VISIT, &v, &[("notes", text("补充"))])).unwrap();
    assert_eq!(store.get(&VISIT, &v).unwrap().unwrap().text("logged_on"), Some(TODAY));
}
