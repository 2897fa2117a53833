//! The weekly work plan and the week's facts (issue 10 §1–2) against a
//! hand-built archive with a fixed clock: suggestions from cadence,
//! follow-ups and payments due; accepting one; the Markdown; Do and Check
//! of weeks crossing a month and a year (ISO week 53) and of an empty week;
//! the plan screen at 80×24 and 120×40 in both languages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::many_single_char_names)]

mod common;

use chrono::NaiveDate;
use common::{followup, test_issued_dir, text};
use repbook::clock::FixedClock;
use repbook::config::Cadence;
use repbook::domain::classify::Class;
use repbook::domain::fields::Value;
use repbook::domain::pinyin::Romanizer;
use repbook::domain::schema::{CUSTOMER, TRADE, VISIT};
use repbook::interop::week_sheet;
use repbook::store::{OpenMode, RecordQuery, Store};
use std::sync::Arc;

#[path = "support/cli.rs"]
mod cli_env;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn store_at(dir: &std::path::Path, today: NaiveDate) -> Store {
    test_issued_dir();
    Store::open(&dir.join("a.sqlite3"), OpenMode::Write, Arc::new(FixedClock::at_date(today)), Romanizer::default())
        .unwrap()
}

fn customer(store: &mut Store, name: &str, tier: &str, visits: &str, calls: &str) -> String {
    let v =
        [("name", text(name)), ("tier_override", text(tier)), ("visit_norm", text(visits)), ("call_norm", text(calls))];
    store.write(|w| w.insert(&CUSTOMER, &v)).unwrap()
}

fn visit(store: &mut Store, c: &str, kind: &str, status: &str, date: &str, more: &[(&'static str, &str)]) -> String {
    let mut v: Vec<(&'static str, Value)> =
        vec![("customer_id", text(c)), ("kind", text(kind)), ("status", text(status)), ("date", text(date))];
    v.extend(more.iter().map(|(f, x)| (*f, text(x))));
    store.write(|w| w.insert(&VISIT, &v)).unwrap()
}

fn trade(store: &mut Store, c: &str, kind: &str, date: &str, amount: i64, due: Option<&str>) {
    let mut v =
        vec![("customer_id", text(c)), ("kind", text(kind)), ("date", text(date)), ("amount", Value::Int(amount))];
    if let Some(due) = due {
        v.push(("due", text(due)));
    }
    store.write(|w| w.insert(&TRADE, &v)).unwrap();
}

fn planned_visits(store: &Store) -> Vec<repbook::domain::entity::Entity> {
    store.records(&VISIT, &RecordQuery { status: Some("planned".into()), ..RecordQuery::default() }).unwrap()
}

/// Seen on Sunday 2026-11-22: the plan is for 2026-W48 (Nov 23–29).
struct PlanArchive {
    store: Store,
    a_due: String,
    a_busy: String,
    b_followup: String,
    c_payment: String,
}

fn plan_archive(dir: &std::path::Path) -> PlanArchive {
    let mut s = store_at(dir, d(2026, 11, 22));
    let a_due = customer(&mut s, "Acme | 北京", "A1", "1 per week", "1 per week");
    let a_busy = customer(&mut s, "重庆钢铁", "A1", "1 per week", "1 per week");
    let b_followup = customer(&mut s, "乐亭建材", "B1", "1 per quarter", "1 per quarter");
    let c_payment = customer(&mut s, "Cobalt", "C", "1 per quarter", "1 per quarter");
    // Acme last seen Tuesday the 17th: a visit owed Tuesday the 24th.
    visit(&mut s, &a_due, "visit", "done", "2026-11-17", &[]);
    // 重庆钢铁 is owed one too, but already has a plan that week.
    visit(&mut s, &a_busy, "visit", "done", "2026-11-16", &[]);
    visit(
        &mut s,
        &a_busy,
        "visit",
        "planned",
        "2026-11-25",
        &[("time", "09:30"), ("who", "王经理"), ("materials", "样品 x3")],
    );
    visit(&mut s, &b_followup, "visit", "done", "2026-11-20", &[]);
    followup(&mut s, &b_followup, "寄报价单", "2026-11-26");
    visit(&mut s, &c_payment, "visit", "done", "2026-11-20", &[]);
    trade(&mut s, &c_payment, "order", "2026-10-27", 1_200_000, Some("2026-11-27"));
    trade(&mut s, &c_payment, "payment", "2026-11-10", 200_000, None);
    PlanArchive { store: s, a_due, a_busy, b_followup, c_payment }
}

#[test]
fn the_plan_suggests_what_falls_due_and_accepting_plans_exactly_one_visit() {
    let dir = tempfile::tempdir().unwrap();
    let PlanArchive { mut store, a_due, a_busy, b_followup, c_payment } = plan_archive(dir.path());
    let cadence = Cadence::default();
    let today = store.clock().today();
    let monday = repbook::domain::period::plan_week(today);
    assert_eq!(monday, d(2026, 11, 23), "on a Sunday the plan is for next week");
    let plan = store.week_plan(&cadence, "¥", monday, today).unwrap();
    assert_eq!(plan.week, "2026-W48");
    assert_eq!(plan.items.len(), 1);
    assert_eq!(plan.items[0].text("customer_id"), Some(a_busy.as_str()));
    let got: Vec<(usize, &str, NaiveDate, &str)> =
        plan.suggestions.iter().map(|s| (s.number, s.customer_id.as_str(), s.day, s.kind)).collect();
    assert_eq!(
        got,
        vec![
            (1, a_due.as_str(), d(2026, 11, 24), "visit"),
            (2, b_followup.as_str(), d(2026, 11, 26), "visit"),
            (3, c_payment.as_str(), d(2026, 11, 27), "visit"),
        ]
    );
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let why = plan.suggestions[2].reasons[0].describe("¥");
    assert_eq!(why, "¥10,000.00 falls due 2026-11-27", "what is left after the payment");

    // Accept the follow-up's suggestion on Wednesday instead.
    let before = planned_visits(&store).len();
    let done = store.accept_suggestion(&cadence, "¥", monday, 2, Some(d(2026, 11, 25))).unwrap();
    let after = planned_visits(&store);
    assert_eq!(after.len(), before + 1, "exactly one planned visit");
    let v = after.iter().find(|v| v.id == done.visit_id).unwrap();
    assert_eq!(v.text("customer_id"), Some(b_followup.as_str()));
    assert_eq!(
        (v.text("date"), v.text("kind"), v.text("status")),
        (Some("2026-11-25"), Some("visit"), Some("planned"))
    );
    assert_eq!(v.text("goal"), Some("寄报价单"), "its goal is the follow-up's own words");
    assert_eq!(
        v.text("time"),
        Some("11:00"),
        "a rough time in the suggestion's morning, after the 09:30 visit already planned that day"
    );
    let plan = store.week_plan(&cadence, "¥", monday, today).unwrap();
    assert!(plan.suggestions.iter().all(|s| s.customer_id != b_followup), "the suggestion is gone");
    assert_eq!(plan.suggestions.len(), 2);
    assert_eq!(plan.items.len(), 2);

    // A day outside the week, a number that is not there: refused, nothing written.
    let err = store.accept_suggestion(&cadence, "¥", monday, 1, Some(d(2026, 12, 1))).unwrap_err().to_string();
    assert!(err.contains("2026-W48"), "{err}");
    let err = store.accept_suggestion(&cadence, "¥", monday, 9, None).unwrap_err().to_string();
    assert!(err.contains("no suggestion 9"), "{err}");
    assert_eq!(planned_visits(&store).len(), before + 1);
    // A week that is over has nothing to suggest.
    assert!(store.week_plan(&cadence, "¥", d(2026, 11, 9), today).unwrap().suggestions.is_empty());
}

#[test]
fn the_plan_in_markdown_has_its_tables_and_escapes_them() {
    let dir = tempfile::tempdir().unwrap();
    let PlanArchive { store, .. } = plan_archive(dir.path());
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let plan = store.week_plan(&Cadence::default(), "¥", d(2026, 11, 23), store.clock().today()).unwrap();
    let md = week_sheet::plan_markdown(&plan, "¥");
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "# Weekly plan 2026-W48 (2026-11-23 – 2026-11-29)");
    assert!(lines.contains(&"## Planned"));
    assert!(lines.contains(&"| Day | Time | Kind | Customer | Purpose | Goal | Resources (who, materials) | Status |"));
    assert!(lines.contains(&"## Suggestions"));
    assert!(
        lines.contains(&"| No. | Day | Time | Kind | Customer | Class | Purpose | Resources (who, materials) | Why |")
    );
    // The amount to collect: its purpose, the statement of account to bring.
    let pay = lines.iter().find(|l| l.contains("falls due 2026-11-27")).unwrap();
    assert!(pay.contains("| Collect ¥10,000.00 falling due 11-27 | statement of account |"), "{pay}");
    assert!(pay.contains("| morning |"), "{pay}");
    let busy = lines.iter().find(|l| l.contains("重庆钢铁")).unwrap();
    assert!(busy.contains("| 王经理 · 样品 x3 |") && busy.contains("| 09:30 |"), "{busy}");
    assert!(md.contains("Acme \\| 北京"), "a | in a name cannot break the table: {md}");
    // Every table row has as many cells as its header.
    for l in lines.iter().filter(|l| l.starts_with('|')) {
        let cells = l.replace("\\|", "").matches('|').count();
        assert!(cells == 9 || cells == 10, "{l}");
    }
}

/// A week crossing a month (2026-W49, Nov 30 – Dec 6), seen on 2026-12-09.
#[test]
fn do_and_check_of_a_week_across_a_month() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_at(dir.path(), d(2026, 12, 9));
    let a = customer(&mut s, "重庆钢铁", "A1", "1 per 2 weeks", "1 per week");
    let a_quiet = customer(&mut s, "Quiet A", "A2", "1 per week", "1 per week");
    let b = customer(&mut s, "乐亭建材", "B1", "1 per month", "1 per month");
    let c = customer(&mut s, "Cobalt", "C", "1 per quarter", "1 per quarter");
    for who in [&a, &a_quiet, &b, &c] {
        visit(&mut s, who, "visit", "done", "2026-11-20", &[]);
    }
    visit(&mut s, &a, "visit", "done", "2026-11-30", &[("outcome", "met"), ("logged_on", "2026-11-30")]);
    visit(&mut s, &a, "call", "done", "2026-12-02", &[("outcome", "partly"), ("logged_on", "2026-12-02")]);
    // Held Friday the 4th, logged Wednesday the 9th: after the next working day.
    visit(&mut s, &b, "visit", "done", "2026-12-04", &[("outcome", "not_met"), ("logged_on", "2026-12-09")]);
    visit(&mut s, &c, "visit", "planned", "2026-12-03", &[]);
    visit(&mut s, &a_quiet, "visit", "cancelled", "2026-12-01", &[]);
    visit(&mut s, &a, "visit", "done", "2026-12-07", &[("outcome", "met")]); // the week after
    trade(&mut s, &b, "order", "2026-12-01", 500_000, Some("2026-12-31"));
    trade(&mut s, &b, "payment", "2026-12-05", 100_000, None);
    trade(&mut s, &b, "order", "2026-11-29", 70_000, None); // the week before
    let f = s.week_review(&Cadence::default(), d(2026, 12, 2), s.clock().today()).unwrap();
    assert_eq!((f.week.as_str(), f.from, f.to, f.as_of), ("2026-W49", d(2026, 11, 30), d(2026, 12, 6), d(2026, 12, 6)));
    assert_eq!((f.visits_held, f.calls_held), (2, 1));
    assert_eq!((f.goals_met, f.goals_partly, f.goals_not_met, f.goals_unlogged), (1, 1, 1, 0));
    assert_eq!((f.figures.sales, f.figures.collected), (500_000, 100_000));
    assert_eq!(f.late_logs.iter().map(|v| v.customer.as_str()).collect::<Vec<_>>(), ["乐亭建材"]);
    let not_held: Vec<(&str, &str)> = f.not_held.iter().map(|v| (v.customer.as_str(), v.status.as_str())).collect();
    assert_eq!(not_held, [("Quiet A", "cancelled"), ("Cobalt", "planned")]);
    assert_eq!(f.planned - f.planned_held, 2, "the two not held are planned");
    let compliance: Vec<(Class, u32, u32)> = f.compliance.iter().map(|c| (c.class, c.met, c.customers)).collect();
    // At Sunday the 6th: 重庆钢铁 called on the 2nd is owed on the 9th (ok);
    // Quiet A last seen on the 20th is overdue; 乐亭建材 seen on the 4th is ok;
    // Cobalt seen on the 20th, quarterly, is ok.
    assert_eq!(compliance, [(Class::A, 1, 2), (Class::B, 1, 1), (Class::C, 1, 1)]);
    assert_eq!(f.a_without_contact, [(a_quiet.clone(), "Quiet A".to_string())]);

    // The review's Markdown: Plan, the work plan, Do, Check and Act.
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let review = s.review(&Cadence::default(), d(2026, 11, 30), s.clock().today()).unwrap();
    let md = repbook::interop::review_sheet::markdown(&review);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# Week review 2026-W49 (2026-11-30 – 2026-12-06), facts as of 2026-12-06 · open",
            "## Plan",
            "## Work plan",
            "## Do",
            "## Check",
            "## Act"
        ]
    );
    assert!(
        md.contains("| Planned, not held | 12-01 visit Quiet A (cancelled); 12-03 visit Cobalt (planned) |"),
        "{md}"
    );
    assert!(md.contains("| A customers contacted as their norm requires | 1 / 2 (50%) |"), "{md}");
    assert!(md.contains("| Sales (orders) | 5,000.00 |"), "{md}");
}

/// ISO week 53 of 2026 (Dec 28 – Jan 3) crosses the year; seen while it
/// runs, on Wednesday 2026-12-30, and after; and a week with nothing in it.
#[test]
fn do_and_check_of_week_53_and_of_an_empty_week() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_at(dir.path(), d(2027, 1, 8));
    let a = customer(&mut s, "重庆钢铁", "A1", "1 per week", "1 per week");
    visit(&mut s, &a, "visit", "done", "2026-12-20", &[]);
    visit(&mut s, &a, "visit", "done", "2026-12-29", &[("outcome", "met"), ("logged_on", "2026-12-29")]);
    visit(&mut s, &a, "call", "done", "2027-01-02", &[("logged_on", "2027-01-08")]);
    visit(&mut s, &a, "visit", "planned", "2027-01-01", &[]);
    let week = repbook::domain::period::iso_week("2026-W53").unwrap().0;
    let f = s.week_review(&Cadence::default(), week, d(2027, 1, 8)).unwrap();
    assert_eq!((f.week.as_str(), f.from, f.to), ("2026-W53", d(2026, 12, 28), d(2027, 1, 3)));
    assert_eq!((f.visits_held, f.calls_held, f.goals_met, f.goals_unlogged), (1, 1, 1, 1));
    assert_eq!(f.late_logs.len(), 1, "Saturday's call logged on Friday the 8th");
    assert_eq!(f.not_held.len(), 1);
    assert!(f.a_without_contact.is_empty());
    // While it runs: the facts stand at today.
    let f = s.week_review(&Cadence::default(), week, d(2026, 12, 30)).unwrap();
    assert_eq!(f.as_of, d(2026, 12, 30));
    assert!(f.not_held.is_empty(), "New Year's Day has not come");
    // A week with no data.
    let f = s.week_review(&Cadence::default(), d(2026, 3, 2), d(2027, 1, 8)).unwrap();
    assert_eq!((f.planned, f.visits_held, f.calls_held, f.figures.sales), (0, 0, 0, 0));
    assert!(f.not_held.is_empty() && f.late_logs.is_empty());
    assert!(f.compliance.iter().all(|c| c.customers == 0), "no customer had been added yet");
}

#[test]
fn plan_and_review_on_the_command_line() {
    let env = cli_env::Env::new();
    // An archive with no A or B customer is not "all covered".
    let empty = env.ok(&["plan"]);
    assert!(empty.contains("there is no A or B customer yet") && !empty.contains("is covered"), "{empty}");
    env.ok(&["customer", "add", "Acme"]);
    let md = env.ok(&["plan", "--week", "2026-W53", "--markdown"]);
    assert!(md.starts_with("# Weekly plan 2026-W53 (2026-12-28 – 2027-01-03)\n"), "{md}");
    assert!(md.contains("## Planned") && md.contains("## Suggestions"), "{md}");
    let json = env.json(&["plan", "--week", "2026w48"]);
    assert_eq!(json["week"], "2026-W48");
    let review = env.json(&["review", "--week", "2026-W48"]);
    assert_eq!(review["facts"]["week"], "2026-W48");
    assert_eq!(review["facts"]["compliance"].as_array().map(Vec::len), Some(3));
    let text = env.ok(&["review", "--week", "2026-W48"]);
    assert!(text.contains("Do") && text.contains("Check") && text.contains("No Act items yet."), "{text}");
    let (code, err) = cli_env::failure(&env.run(&["plan", "--week", "2027-W53"]));
    assert_ne!(code, 0);
    assert!(err.contains("\"2027-W53\" is not a week"), "{err}");
    // A week long over has no suggestion to accept.
    let (code, err) = cli_env::failure(&env.run(&["plan", "accept", "1", "--week", "2020-W01"]));
    assert_ne!(code, 0);
    assert!(err.contains("no suggestion 1"), "{err}");
}

#[path = "support/tui.rs"]
mod tui;

fn plan_screens(lang: repbook::i18n::Lang, w: u16, h: u16) -> Vec<(&'static str, String)> {
    use crossterm::event::KeyCode;
    repbook::i18n::set_lang(lang);
    let mut a = tui::app(12);
    tui::key(&mut a, KeyCode::Char('P'));
    let mut out = vec![("plan", tui::screen(&mut a, w, h))];
    tui::key(&mut a, KeyCode::Left);
    out.push(("plan_this_week", tui::screen(&mut a, w, h)));
    tui::key(&mut a, KeyCode::Right);
    let Some(repbook::tui::Sheet::Plan(view)) = &a.sheet else { panic!("the plan is open") };
    let items = view.plan.as_ref().unwrap().items.len();
    for _ in 0..items {
        tui::key(&mut a, KeyCode::Down);
    }
    tui::key(&mut a, KeyCode::Char('a'));
    out.push(("plan_accept_prompt", tui::screen(&mut a, w, h)));
    out
}

#[test]
fn the_plan_screen_in_both_languages_and_sizes() {
    use repbook::i18n::Lang;
    for (lang, tag) in [(Lang::En, "en"), (Lang::ZhCn, "zh")] {
        for (w, h) in [(80, 24), (120, 40)] {
            for (name, text) in plan_screens(lang, w, h) {
                insta::assert_snapshot!(format!("{tag}_{w}x{h}_{name}"), text);
            }
        }
    }
    repbook::i18n::set_lang(Lang::En);
}

#[test]
fn a_on_a_suggestion_plans_it_on_the_day_typed_and_enter_opens_a_planned_item() {
    use crossterm::event::KeyCode;
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let mut a = tui::app(12);
    tui::key(&mut a, KeyCode::Char('P'));
    let Some(repbook::tui::Sheet::Plan(view)) = &a.sheet else { panic!("the plan is open") };
    let plan = view.plan.clone().unwrap();
    assert_eq!(plan.week, "2026-W48");
    assert!(!plan.suggestions.is_empty(), "the demo has customers due next week");
    let first = plan.suggestions[0].clone();
    for _ in 0..plan.items.len() {
        tui::key(&mut a, KeyCode::Down);
    }
    let before = planned_visits(&a.store).len();
    tui::key(&mut a, KeyCode::Char('a'));
    let Some(repbook::tui::Overlay::Prompt(p)) = &a.overlay else { panic!("asks for the day") };
    assert_eq!(p.input.lines().join(""), first.day.format("%Y-%m-%d").to_string(), "the suggested day, to keep");
    // Thursday instead.
    tui::ctrl(&mut a, 'u');
    tui::typed(&mut a, "2026-11-26");
    tui::key(&mut a, KeyCode::Enter);
    assert!(a.overlay.is_none(), "{}", a.status.text);
    assert!(
        a.status.text.starts_with("Planned: visit with") || a.status.text.starts_with("Planned: phone call with"),
        "{}",
        a.status.text
    );
    let after = planned_visits(&a.store);
    assert_eq!(after.len(), before + 1);
    let made = after
        .iter()
        .find(|v| v.text("customer_id") == Some(first.customer_id.as_str()) && v.text("date") == Some("2026-11-26"));
    assert!(made.is_some(), "planned on Thursday");
    let Some(repbook::tui::Sheet::Plan(view)) = &a.sheet else { panic!("the plan stays open") };
    let now = view.plan.as_ref().unwrap();
    assert!(now.suggestions.iter().all(|s| s.customer_id != first.customer_id), "the suggestion is gone");
    assert_eq!(now.items.len(), plan.items.len() + 1);
    let Some(repbook::tui::PlanSelected::Suggestion(next)) = view.selected() else {
        panic!("still on the suggestions")
    };
    assert_eq!(next.customer_id, plan.suggestions[1].customer_id, "on the one after the accepted one");
    // u takes it back.
    tui::key(&mut a, KeyCode::Char('u'));
    assert_eq!(planned_visits(&a.store).len(), before);
    // Enter on a planned item opens its form.
    tui::key(&mut a, KeyCode::Home);
    tui::key(&mut a, KeyCode::Enter);
    assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Form(_))), "the plan's form");
}

#[test]
fn the_plan_screen_draws_at_every_small_size() {
    use crossterm::event::KeyCode;
    repbook::i18n::set_lang(repbook::i18n::Lang::ZhCn);
    let mut a = tui::app(12);
    tui::key(&mut a, KeyCode::Char('P'));
    for _ in 0..40 {
        tui::key(&mut a, KeyCode::Down);
    }
    for (w, h) in [(50, 12), (51, 13), (63, 17), (79, 23)] {
        let text = tui::screen(&mut a, w, h);
        assert!(text.contains("2026-W48"), "{text}");
    }
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
}

#[test]
fn every_suggestion_shows_its_whole_name_and_purpose_at_80_and_120_columns_in_both_languages() {
    use crossterm::event::KeyCode;
    use repbook::i18n::Lang;
    for (lang, w, h) in [(Lang::En, 80, 24), (Lang::ZhCn, 80, 24), (Lang::En, 120, 40), (Lang::ZhCn, 120, 40)] {
        repbook::i18n::set_lang(lang);
        let mut a = tui::app(60);
        tui::key(&mut a, KeyCode::Char('P'));
        let Some(repbook::tui::Sheet::Plan(view)) = &a.sheet else { panic!("the plan is open") };
        let plan = view.plan.clone().unwrap();
        for _ in 0..plan.items.len() {
            tui::key(&mut a, KeyCode::Down);
        }
        // Walk down the suggestions: each, once selected, is on screen whole.
        for s in &plan.suggestions {
            let shown = tui::screen(&mut a, w, h);
            let line = shown.lines().find(|l| l.contains(&format!("{}. ", s.number))).unwrap();
            assert!(line.contains(s.name.as_str()), "{line}");
            // Wrapped under it, every word there.
            let flat = |t: &str| t.split_whitespace().collect::<String>();
            assert!(flat(&shown).contains(&flat(&s.purpose)), "{} in\n{shown}", s.purpose);
            tui::key(&mut a, KeyCode::Down);
        }
        // So are the planned items' names.
        tui::key(&mut a, KeyCode::Home);
        let shown = tui::screen(&mut a, w, h);
        for v in plan.items.iter().take(usize::from(h) / 3) {
            let name = &plan.names[v.text_or_empty("customer_id")];
            assert!(shown.contains(name.as_str()), "{name} in\n{shown}");
        }
    }
    repbook::i18n::set_lang(Lang::En);
}

#[test]
fn l_on_a_planned_item_of_the_plan_logs_that_visit_and_refuses_one_still_to_come() {
    use crossterm::event::KeyCode;
    use repbook::tui::Overlay;
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let mut a = tui::app(12);
    tui::key(&mut a, KeyCode::Char('P'));
    // Next week's first item: not held yet, refused with a message.
    tui::key(&mut a, KeyCode::Char('l'));
    assert!(a.overlay.is_none() && a.status.error, "{:?}", a.status);
    // This week: today's planned visit opens the log form of that plan.
    tui::key(&mut a, KeyCode::Left);
    let Some(repbook::tui::Sheet::Plan(view)) = &a.sheet else { panic!("the plan is open") };
    let items = view.plan.as_ref().unwrap().items.clone();
    let at = items.iter().position(|v| v.text("date") == Some("2026-11-22") && v.text("status") == Some("planned"));
    let at = at.expect("the demo plans a visit today");
    for _ in 0..at {
        tui::key(&mut a, KeyCode::Down);
    }
    tui::key(&mut a, KeyCode::Char('l'));
    let Some(Overlay::Form(form)) = &a.overlay else { panic!("no log form: {:?}", a.status) };
    assert!(
        matches!(&form.mode, repbook::tui::FormMode::Log { plan: Some(p), .. } if *p == items[at].id),
        "{:?}",
        form.mode
    );
}

/// An amount overdue becomes a follow-up before the plan is read, so
/// `repbook plan` suggests collecting it without `due` or the interface
/// having run first.
#[test]
fn the_plan_suggests_collecting_an_overdue_amount_on_its_own() {
    let env = cli_env::Env::new();
    let out = env.ok(&["customer", "add", "测试公司"]);
    let c = out.split(['(', ')']).nth(1).unwrap().to_string();
    env.ok(&["trade", "add", &c, "--kind", "order", "--date", "2026-09-01", "--amount", "5000", "--due", "2026-10-01"]);
    let plan = env.json(&["plan"]);
    let purposes: Vec<String> = plan["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["purpose"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(purposes.iter().any(|p| p.contains("5,000.00")), "{purposes:?}");
}

#[test]
fn a_suggestion_accepted_for_today_is_planned_at_a_time_still_ahead() {
    let dir = tempfile::tempdir().unwrap();
    // Wednesday noon (the fixed clock's wall time): the morning's 09:30 is past.
    let today = d(2026, 11, 25);
    let mut s = store_at(dir.path(), today);
    let c = s.write(|w| w.insert(&CUSTOMER, &[("name", text("重庆钢铁")), ("tier_override", text("A1"))])).unwrap();
    visit(&mut s, &c, "visit", "done", "2026-10-01", &[]);
    let cadence = Cadence::default();
    let plan = s.week_plan(&cadence, "¥", d(2026, 11, 23), today).unwrap();
    let first = plan.suggestions.first().unwrap();
    assert_eq!((first.day, first.kind), (today, "visit"));
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let done = s.accept_suggestion(&cadence, "¥", d(2026, 11, 23), first.number, None).unwrap();
    let v = s.get(&VISIT, &done.visit_id).unwrap().unwrap();
    assert_eq!((v.text("date"), v.text("time")), (Some("2026-11-25"), Some("12:30")));
    assert_eq!(done.slot, repbook::domain::week_plan::Slot::Afternoon, "said as the afternoon it is");
    assert_eq!(v.text("purposes"), Some("keep_relationship"));
}

/// A far-off or missing week is refused with a sentence saying why, in
/// both languages, by every command that takes `--week`; never a panic.
#[test]
fn far_off_and_missing_weeks_are_refused_clearly_in_both_languages() {
    let env = cli_env::Env::new();
    env.ok(&["customer", "add", "Acme"]);
    let cases: [(&str, &str, &str); 6] = [
        ("9999-W52", "is a week of the year 9999, and repbook keeps the years 1900 to 2200", "只记录 1900 至 2200 年"),
        ("9999-W53", "is a week of the year 9999", "是 9999 年的一周"),
        ("0000-W01", "is a week of the year 0000", "是 0000 年的一周"),
        ("2026-W54", "is not a week of 2026: its weeks run from 1 to 53", "该年只有第 1 至第 53 周"),
        ("2027-W53", "is not a week of 2027: its weeks run from 1 to 52", "该年只有第 1 至第 52 周"),
        (
            "9999-12-31",
            "falls outside the dates repbook keeps (1900-01-01 to 2200-12-31)",
            "不在 repbook 记录的日期范围内",
        ),
    ];
    let commands: [&[&str]; 5] =
        [&["plan"], &["review"], &["report", "funnel"], &["report", "figures"], &["review", "act", "x"]];
    for (week, en, zh) in cases {
        for cmd in commands {
            for (lang, want) in [("en", en), ("zh-CN", zh)] {
                let out = env.run(&[&["--lang", lang][..], cmd, &["--week", week]].concat());
                let (code, err) = cli_env::failure(&out);
                assert_eq!(code, 2, "{cmd:?} --week {week} ({lang}): {err}");
                assert!(err.contains(week) && err.contains(want), "{cmd:?} --week {week} ({lang}): {err}");
                assert!(!err.contains("panicked"), "{err}");
            }
        }
    }
    // The ends of the years kept are weeks.
    assert!(env.ok(&["review", "--week", "2200-W52"]).starts_with("Week review 2200-W52"));
    assert!(env.ok(&["plan", "--week", "1900-W01"]).starts_with("Weekly plan 1900-W01"));
}

#[test]
fn suggestions_accepted_for_one_day_get_distinct_times() {
    let dir = tempfile::tempdir().unwrap();
    let PlanArchive { mut store, a_due, b_followup, c_payment, .. } = plan_archive(dir.path());
    let cadence = Cadence::default();
    let today = store.clock().today();
    let monday = d(2026, 11, 23);
    let day = d(2026, 11, 26);
    let mut times = Vec::new();
    for customer in [&a_due, &b_followup, &c_payment] {
        let plan = store.week_plan(&cadence, "¥", monday, today).unwrap();
        let n = plan.suggestions.iter().find(|s| &s.customer_id == customer).unwrap().number;
        let done = store.accept_suggestion(&cadence, "¥", monday, n, Some(day)).unwrap();
        let v = planned_visits(&store).into_iter().find(|v| v.id == done.visit_id).unwrap();
        times.push(v.text("time").unwrap_or("—").to_string());
    }
    // Each after the one before (a visit keeps the rep 90 minutes).
    assert_eq!(times, ["09:30", "11:00", "12:30"]);
}

#[test]
fn the_free_time_is_after_the_days_plans_and_within_working_hours() {
    use chrono::NaiveTime;
    use repbook::domain::week_plan::{Slot, free_time};
    type Row = (Slot, bool, Vec<(NaiveTime, bool)>, Option<NaiveTime>);
    let day = d(2026, 11, 30);
    let now = d(2026, 11, 23).and_hms_opt(8, 0, 0).unwrap();
    let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    // (slot, a call?, the day's plans (time, a call?), expected)
    let table: Vec<Row> = vec![
        (Slot::Morning, false, vec![], Some(hm(9, 30))),
        (Slot::Morning, false, vec![(hm(9, 30), false)], Some(hm(11, 0))),
        (Slot::Morning, true, vec![(hm(9, 30), true)], Some(hm(10, 0))),
        (Slot::Morning, false, vec![(hm(9, 30), true), (hm(10, 0), false)], Some(hm(11, 30))),
        (Slot::Morning, false, vec![(hm(8, 0), false)], Some(hm(9, 30))),
        (Slot::Morning, false, vec![(hm(10, 30), false)], Some(hm(12, 0))),
        (Slot::Morning, false, vec![(hm(11, 0), false)], Some(hm(9, 30))),
        (Slot::Afternoon, false, vec![(hm(14, 30), false), (hm(16, 0), false)], Some(hm(17, 30))),
        (Slot::Afternoon, false, vec![(hm(14, 30), false), (hm(16, 0), false), (hm(17, 30), true)], None),
    ];
    for (slot, call, busy, want) in table {
        assert_eq!(free_time(slot, call, day, now, &busy), want, "{slot:?} {call} {busy:?}");
    }
}

/// A customer with a visit already planned this week is not suggested for
/// next week's plan: that visit resets its clock first (second check of
/// issue 10: six of the first eight suggestions were such customers).
#[test]
fn next_weeks_suggestions_leave_out_customers_planned_this_week() {
    let dir = tempfile::tempdir().unwrap();
    let today = d(2026, 11, 23);
    let mut s = store_at(dir.path(), today);
    let planned = customer(&mut s, "北京星辰物流", "A1", "1 per week", "1 per week");
    let other = customer(&mut s, "武汉博远物流", "A1", "1 per week", "1 per week");
    for c in [&planned, &other] {
        visit(&mut s, c, "visit", "done", "2026-10-01", &[]);
    }
    visit(&mut s, &planned, "visit", "planned", "2026-11-25", &[]);
    let cadence = Cadence::default();
    let plan = s.week_plan(&cadence, "¥", d(2026, 11, 30), today).unwrap();
    let suggested: Vec<&str> = plan.suggestions.iter().map(|x| x.customer_id.as_str()).collect();
    assert!(suggested.contains(&other.as_str()), "{suggested:?}");
    assert!(!suggested.contains(&planned.as_str()), "planned on 11-25: {suggested:?}");
}

#[test]
fn several_suggestions_are_accepted_by_the_numbers_printed_and_say_their_time() {
    let env = cli_env::Env::new();
    env.ok(&["demo", "--customers", "40"]);
    let plan = env.json(&["plan", "--week", "2026-W49"]);
    let wanted: Vec<String> = plan["suggestions"].as_array().unwrap()[..2]
        .iter()
        .map(|s| s["customer_id"].as_str().unwrap().to_string())
        .collect();
    let said = env.ok(&["plan", "accept", "1", "2", "--week", "2026-W49"]);
    assert_eq!(said.lines().filter(|l| l.starts_with("Planned:")).count(), 2, "{said}");
    // The day and time each was planned at is said (they never share one):
    // "… on 2026-11-30 Mon 13:00 (…)".
    let when: Vec<(&str, &str)> = said
        .lines()
        .filter(|l| l.starts_with("Planned:"))
        .filter_map(|l| {
            let mut words = l.split(" on ").nth(1)?.split_whitespace();
            let (date, _weekday, time) = (words.next()?, words.next()?, words.next()?);
            Some((date, time))
        })
        .collect();
    assert!(
        when.len() == 2
            && when[0] != when[1]
            && when.iter().all(|(d, t)| d.starts_with("2026-1") && t.len() == 5 && t.as_bytes().get(2) == Some(&b':')),
        "{said}"
    );
    let after = env.json(&["plan", "--week", "2026-W49"]);
    let planned: Vec<&str> =
        after["items"].as_array().unwrap().iter().filter_map(|v| v["customer_id"].as_str()).collect();
    for c in &wanted {
        assert!(planned.contains(&c.as_str()), "{c} planned: {planned:?}");
    }
    // A number given twice is one suggestion, accepted once.
    let twice = env.ok(&["plan", "accept", "1", "1", "--week", "2026-W49"]);
    assert_eq!(twice.lines().filter(|l| l.starts_with("Planned:")).count(), 1, "{twice}");
    // The hint names the week printed; a week over says so.
    assert!(env.ok(&["plan", "--week", "2026-W49"]).contains("plan accept N… --week 2026-W49"));
    assert!(env.ok(&["plan", "--week", "2026-W40"]).contains("No suggestions: the week is over."));
    let (code, err) = cli_env::failure(&env.run(&["report", "visits", "--month", "1850-01"]));
    assert_eq!(code, 2);
    assert!(err.contains("1900-01-01 to 2200-12-31"), "{err}");
}
