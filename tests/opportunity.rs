//! Opportunities (issue 10 §6): their life cycle in the store, a visit log
//! that moves one, the stage history from the change log and the funnel it
//! gives for a week, against an archive built by hand on a clock the test
//! moves; and the `opportunity` commands.
// Amounts in fen, written yuan_fen.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::inconsistent_digit_grouping)]

mod common;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use common::text;
use repbook::clock::Clock;
use repbook::domain::fields::Value;
use repbook::domain::opportunity::{OPPORTUNITY, Stages};
use repbook::domain::pinyin::Romanizer;
use repbook::domain::schema::{CUSTOMER, PERSON, VISIT};
use repbook::store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[path = "support/cli.rs"]
mod cli_env;

/// A clock the test moves from day to day (UTC, like `FixedClock`).
#[derive(Debug)]
struct DayClock(AtomicI64);

impl DayClock {
    fn set(&self, day: NaiveDate) {
        self.0.store(day.and_hms_opt(10, 0, 0).unwrap().and_utc().timestamp_millis(), Ordering::SeqCst);
    }
}

impl Clock for DayClock {
    fn now(&self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.0.load(Ordering::SeqCst)).single().unwrap()
    }
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
    fn local(&self, ms: i64) -> Option<NaiveDateTime> {
        DateTime::from_timestamp_millis(ms).map(|t| t.naive_utc())
    }
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn store_on(day: NaiveDate) -> (Store, Arc<DayClock>) {
    common::test_issued_dir();
    let clock = Arc::new(DayClock(AtomicI64::new(0)));
    clock.set(day);
    (Store::open_in_memory(clock.clone(), Romanizer::default()).unwrap(), clock)
}

fn opp(store: &mut Store, c: &str, need: &str, stage: &str, amount: i64, decision: Option<&str>) -> String {
    let mut v = vec![
        ("customer_id", text(c)),
        ("need", text(need)),
        ("funnel_stage", text(stage)),
        ("state", text("open")),
        ("amount", Value::Int(amount)),
    ];
    if let Some(dd) = decision {
        v.push(("decision_date", text(dd)));
    }
    store.write(|w| w.insert(&OPPORTUNITY, &v)).unwrap()
}

fn set(store: &mut Store, id: &str, values: &[(&'static str, Value)]) -> repbook::Result<usize> {
    store.write(|w| w.update(&OPPORTUNITY, id, values))
}

#[test]
fn the_funnel_of_a_week_is_what_the_log_recorded() {
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let stages = Stages::default();
    let (mut store, clock) = store_on(d(11, 2));
    let c = store.write(|w| w.insert(&CUSTOMER, &[("name", text("华东冷链"))])).unwrap();
    let a = opp(&mut store, &c, "cold room", "low_interest", 100_000_00, Some("2026-11-20"));
    let b = opp(&mut store, &c, "spare parts", "strong_interest", 5_000_00, None);
    let lost = opp(&mut store, &c, "service contract", "conviction", 30_000_00, None);
    clock.set(d(11, 10));
    set(&mut store, &lost, &[("state", text("lost")), ("reason", text("价格"))]).unwrap();
    // The week of 2026-W47 (16–22 Nov): a visit log moves the cold room on,
    // the spare parts are won, a new one comes in.
    clock.set(d(11, 17));
    let visit = [
        ("customer_id", text(&c)),
        ("kind", text("visit")),
        ("status", text("done")),
        ("date", text("2026-11-17")),
        ("outcome", text("met")),
        ("opportunity", text(&a)),
        ("opportunity_stage", text("strong_interest")),
    ];
    store.write(|w| w.insert(&VISIT, &visit)).unwrap();
    assert_eq!(store.get(&OPPORTUNITY, &a).unwrap().unwrap().text("funnel_stage"), Some("strong_interest"));
    clock.set(d(11, 19));
    set(&mut store, &b, &[("state", text("won"))]).unwrap();
    assert_eq!(store.get(&OPPORTUNITY, &b).unwrap().unwrap().text("closed_on"), Some("2026-11-19"));
    opp(&mut store, &c, "second line", "no_interest", 7_00, None);
    clock.set(d(11, 23));
    let f = store.funnel(&stages, d(11, 16), d(11, 22)).unwrap();
    let row = |s: &str| f.stages.iter().find(|r| r.stage == s).unwrap().clone();
    assert_eq!((f.open, f.open_amount), (2, 100_007_00));
    assert_eq!((row("strong_interest").count, row("strong_interest").amount), (1, 100_000_00));
    assert_eq!((row("low_interest").moved_out, row("strong_interest").moved_in), (1, 1));
    assert_eq!((row("strong_interest").moved_out, row("no_interest").moved_in), (1, 1), "won, and new");
    assert_eq!((f.won, f.won_amount, f.lost), (1, 5_000_00, 0));
    assert_eq!(f.overdue.len(), 1, "the cold room's date (20 Nov) passed by the 22nd");
    assert_eq!(f.moves.len(), 3);
    // The week before: the loss, and the three open then.
    let before = store.funnel(&stages, d(11, 9), d(11, 15)).unwrap();
    assert_eq!((before.open, before.lost, before.lost_amount), (2, 1, 30_000_00));
    assert_eq!(before.stages.iter().map(|r| r.count).collect::<Vec<_>>(), vec![0, 1, 1, 0, 0]);
    assert!(before.overdue.is_empty());
    // A week with nothing: every stage there, all zero, except what is open.
    let later = store.funnel(&stages, d(12, 28), d(12, 31)).unwrap();
    assert_eq!((later.won, later.lost, later.moves.len()), (0, 0, 0));
}

#[test]
fn the_life_cycle_is_one_rule_for_every_write() {
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let (mut store, clock) = store_on(d(11, 2));
    let c = store.write(|w| w.insert(&CUSTOMER, &[("name", text("A"))])).unwrap();
    let other = store.write(|w| w.insert(&CUSTOMER, &[("name", text("B"))])).unwrap();
    let o = opp(&mut store, &c, "need", "low_interest", 1, None);
    // Lost needs a reason; nothing is written without one.
    let err = set(&mut store, &o, &[("state", text("lost"))]).unwrap_err().to_string();
    // Said in the form as on the command line: no flag named.
    assert!(err.contains("reason") && !err.contains("--"), "{err}");
    assert_eq!(store.get(&OPPORTUNITY, &o).unwrap().unwrap().text("state"), Some("open"));
    // A visit of another customer cannot move it; a stage needs an opportunity.
    let visit = |cid: &str, extra: Vec<(&'static str, Value)>| {
        let mut v = vec![
            ("customer_id", text(cid)),
            ("kind", text("call")),
            ("status", text("done")),
            ("date", text("2026-11-02")),
        ];
        v.extend(extra);
        v
    };
    let moved = visit(&other, vec![("opportunity", text(&o)), ("opportunity_stage", text("conviction"))]);
    assert!(store.write(|w| w.insert(&VISIT, &moved)).is_err());
    assert!(store.write(|w| w.insert(&VISIT, &visit(&c, vec![("opportunity_stage", text("conviction"))]))).is_err());
    // A planned visit names it without moving it; logging it moves it.
    let mut plan = visit(&c, vec![("opportunity", text(&o)), ("opportunity_stage", text("conviction"))]);
    plan[2].1 = text("planned");
    plan[3].1 = text("2026-11-05");
    let p = store.write(|w| w.insert(&VISIT, &plan)).unwrap();
    assert_eq!(store.get(&OPPORTUNITY, &o).unwrap().unwrap().text("funnel_stage"), Some("low_interest"));
    clock.set(d(11, 5));
    store.write(|w| w.update(&VISIT, &p, &[("status", text("done"))])).unwrap();
    assert_eq!(store.get(&OPPORTUNITY, &o).unwrap().unwrap().text("funnel_stage"), Some("conviction"));
    // Closed: a visit cannot move it, and reopening clears the closing day.
    set(&mut store, &o, &[("state", text("won"))]).unwrap();
    let again = visit(&c, vec![("opportunity", text(&o)), ("opportunity_stage", text("commitment"))]);
    assert!(store.write(|w| w.insert(&VISIT, &again)).is_err());
    set(&mut store, &o, &[("state", text("open"))]).unwrap();
    assert_eq!(store.get(&OPPORTUNITY, &o).unwrap().unwrap().get("closed_on"), &Value::Null);
    // A held visit naming the stage it has already is refused, saying so
    // (it would move nothing and redate the stage).
    let same = visit(&c, vec![("opportunity", text(&o)), ("opportunity_stage", text("conviction"))]);
    let err = store.write(|w| w.insert(&VISIT, &same)).unwrap_err().to_string();
    assert!(err.contains("\"need\" is at") && err.contains("already"), "{err}");
    assert_eq!(store.get(&OPPORTUNITY, &o).unwrap().unwrap().text("stage_since"), Some("2026-11-05"));
    // The history: created, moved by the visit, won, open again.
    let tracks = store.opportunity_tracks().unwrap();
    let steps = &tracks.iter().find(|t| t.opportunity.id == o).unwrap().steps;
    let states: Vec<(&str, &str)> = steps.iter().map(|s| (s.stage.as_str(), s.state.as_str())).collect();
    assert_eq!(
        states,
        [("low_interest", "open"), ("conviction", "open"), ("conviction", "won"), ("conviction", "open")]
    );
    assert_eq!(steps[1].on, d(11, 5));
}

#[test]
fn a_move_is_undone_and_a_deleted_one_is_in_the_trash() {
    let (mut store, _clock) = store_on(d(11, 2));
    let c = store.write(|w| w.insert(&CUSTOMER, &[("name", text("A"))])).unwrap();
    let o = opp(&mut store, &c, "need", "low_interest", 1, None);
    set(&mut store, &o, &[("funnel_stage", text("conviction"))]).unwrap();
    let tx = *store.take_written().last().unwrap();
    store.undo_tx(tx).unwrap();
    assert_eq!(store.get(&OPPORTUNITY, &o).unwrap().unwrap().text("funnel_stage"), Some("low_interest"));
    store.write(|w| w.set_alive(&OPPORTUNITY, &o, false)).unwrap();
    let trash = store.trash(Some(&c)).unwrap();
    assert_eq!(trash.iter().map(|i| i.table).collect::<Vec<_>>(), ["opportunity"]);
    assert!(store.funnel(&Stages::default(), d(11, 2), d(11, 8)).unwrap().open == 0, "deleted: out of the funnel");
    store.write(|w| w.restore(&OPPORTUNITY, &o, false)).unwrap();
    assert_eq!(store.funnel(&Stages::default(), d(11, 2), d(11, 8)).unwrap().open, 1);
}

#[test]
fn an_erased_person_leaves_the_opportunities() {
    let (mut store, _clock) = store_on(d(11, 2));
    let c = store.write(|w| w.insert(&CUSTOMER, &[("name", text("A"))])).unwrap();
    let p = store.write(|w| w.insert(&PERSON, &[("customer_id", text(&c)), ("name", text("王建华"))])).unwrap();
    let o = opp(&mut store, &c, "王建华要的冷库", "low_interest", 1, None);
    set(&mut store, &o, &[("notes", text("和王建华谈了预算"))]).unwrap();
    store.erase_person(&p).unwrap();
    let e = store.get(&OPPORTUNITY, &o).unwrap().unwrap();
    assert!(!e.text_or_empty("need").contains("王建华"));
    assert!(!e.text_or_empty("notes").contains("王建华"));
    assert!(store.changes().unwrap().iter().all(|r| !r.value.as_deref().unwrap_or("").contains("王建华")));
}

#[test]
fn the_commands_add_list_move_close_and_show() {
    let env = cli_env::Env::new();
    let c = env.id(&["customer", "add", "华东冷链"]);
    let a = env.id(&[
        "opportunity",
        "add",
        &c,
        "冷库 | 二期",
        "--amount",
        "120000",
        "--decision-date",
        "2000-01-03",
        "--funnel-stage",
        "兴趣不大",
    ]);
    let b = env.id(&["opportunity", "add", &c, "spare parts"]);
    let all = env.json(&["opportunity", "list"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[0]["id"], a.as_str(), "open, with a date, first");
    assert_eq!(all[0]["funnel_stage"], "low_interest");
    assert_eq!(all[0]["overdue"], true);
    assert_eq!(all[1]["funnel_stage"], "no_interest", "a new one starts at the first stage");
    assert_eq!(env.json(&["opportunity", "list", "--overdue"]).as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["opportunity", "list", "--stage", "1"]).as_array().unwrap().len(), 1);
    let bad = env.run(&["opportunity", "move", &b, "pirate"]);
    let (code, err) = cli_env::failure(&bad);
    assert_eq!(code, 2);
    assert!(err.contains("1 no interest"), "{err}");
    assert!(env.ok(&["opportunity", "move", &b, "3"]).contains("strong interest"));
    // Shown by its label, never its key.
    let shown = env.ok(&["opportunity", "show", &b]);
    assert!(shown.contains("strong interest") && !shown.contains("strong_interest"), "{shown}");
    let (code, _) = cli_env::failure(&env.run(&["opportunity", "lost", &a]));
    assert_eq!(code, 2, "--reason is required");
    env.ok(&["opportunity", "lost", &a, "--reason", "价格"]);
    env.ok(&["visit", "log", &c, "--opportunity", "spare PARTS", "--opportunity-stage", "conviction"]);
    let shown = env.json(&["opportunity", "show", &b]);
    assert_eq!(shown["funnel_stage"], "conviction");
    assert_eq!(shown["history"].as_array().unwrap().len(), 3);
    assert_eq!(shown["visits"].as_array().unwrap().len(), 1);
    // The visit that moved it is named once as a visit, with its id.
    let text = env.ok(&["opportunity", "show", &b]);
    let visit = shown["visits"][0].as_str().unwrap();
    let line = text.lines().find(|l| l.contains("moved along")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains(repbook::text::short_id(visit)) && line.matches("visit").count() == 1, "{line}");
    assert_eq!(env.json(&["opportunity", "list", "--open"]).as_array().unwrap().len(), 1);
    env.ok(&["opportunity", "delete", &b]);
    assert_eq!(env.json(&["opportunity", "list"]).as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["opportunity", "list", "--deleted"]).as_array().unwrap().len(), 2);
    env.ok(&["opportunity", "restore", &b]);
    let text = env.ok(&["opportunity", "list", "--customer", &c]);
    assert!(text.contains("冷库 | 二期") && text.contains("2 shown."), "{text}");
    // The funnel of this week: spare parts open in conviction, moved in
    // this week (made, moved by hand, moved by the visit); the cold room lost.
    let f = env.json(&["report", "funnel"]);
    assert_eq!(
        (f["open"].as_u64(), f["lost"].as_u64(), f["lost_amount"].as_i64()),
        (Some(1), Some(1), Some(12_000_000))
    );
    assert_eq!(f["stages"][3]["count"], 1);
    assert_eq!(f["stages"].as_array().unwrap().len(), 5);
    let md = env.ok(&["report", "funnel", "--markdown"]);
    assert!(md.contains("冷库 \\| 二期"), "{md}");
    for line in md.lines().filter(|l| l.starts_with("| ") && l.contains(".00")) {
        let cols = line.replace("\\|", "").matches('|').count();
        assert!(cols == 6 || cols == 7, "{line}");
    }
    let csv = env.run(&["report", "funnel", "--csv"]).stdout;
    assert!(csv.starts_with("\u{FEFF}Stage,Open,Amount (¥),In,Out,Overdue\r\n".as_bytes()));
    // Amounts as numbers a spreadsheet sums; what moved and what is past
    // its date follow under their titles.
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("\r\nlost,1,120000.00,,,\r\n"), "{csv}");
    let sections: Vec<&str> = csv.split("\r\n\r\n").collect();
    assert_eq!(sections.len(), 3, "{csv}");
    assert!(sections[1].starts_with("Moved this period\r\nDay,Customer,Need,From,To,Amount (¥)\r\n"), "{csv}");
    assert!(sections[1].lines().any(|l| l.ends_with(",low interest,lost,120000.00")), "{csv}");
    assert!(sections[2].starts_with("Past their expected decision date\r\n"), "{csv}");
    // The terminal's tables: in each section the amount of every row starts
    // where its heading does (display columns: Chinese is two wide).
    let shown = env.ok(&["report", "funnel"]);
    let col = |line: &str, at: usize| unicode_width::UnicodeWidthStr::width(&line[..at]);
    for section in shown.split("\n\n") {
        let Some(head) = section.lines().find(|l| l.contains("Amount (¥)")) else { continue };
        let want = col(head, head.find("Amount (¥)").unwrap());
        let rows: Vec<&str> = section.lines().filter(|l| l.trim_end().ends_with(".00")).collect();
        assert!(!rows.is_empty(), "{section}");
        for row in rows {
            let start = row.trim_end().rfind(' ').unwrap() + 1;
            assert_eq!(col(row, start), want, "{section}");
        }
    }
    let (code, err) = cli_env::failure(&env.run(&["report", "funnel", "--week", "2026-W54"]));
    assert_eq!(code, 2, "{err}");
    let week53 = env.json(&["report", "funnel", "--week", "2026-W53"]);
    assert_eq!((week53["from"].as_str(), week53["to"].as_str()), (Some("2026-12-28"), Some("2027-01-03")));
}

#[test]
fn customers_are_qualified_and_filtered_by_score_from_the_command_line() {
    let env = cli_env::Env::new();
    let good = env.id(&[
        "customer",
        "add",
        "华东冷链",
        "--qual-need",
        "yes",
        "--qual-power",
        "是",
        "--qual-authority",
        "yes",
        "--golden-traits",
        "需求迫切, nearby, influence",
        "--poor-traits",
        "far away",
    ]);
    env.id(&[
        "customer",
        "add",
        "西南建材",
        "--qual-need",
        "yes",
        "--qual-power",
        "no",
        "--poor-traits",
        "small orders",
    ]);
    env.id(&["customer", "add", "Unasked Ltd"]);
    let qualified = env.json(&["customer", "list", "--qualified"]);
    assert_eq!(qualified.as_array().unwrap().len(), 1);
    assert_eq!(qualified[0]["id"], good.as_str());
    assert_eq!(env.json(&["customer", "list", "--score-min", "2"]).as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["customer", "list", "--score-min", "0"]).as_array().unwrap().len(), 2, "unasked: 0");
    assert_eq!(env.json(&["customer", "list", "--score-min", "-1"]).as_array().unwrap().len(), 3);
    let shown = env.json(&["customer", "show", &good]);
    assert_eq!(
        (shown["qualification"]["qualified"].as_bool(), shown["qualification"]["score"].as_i64()),
        (Some(true), Some(2))
    );
    assert!(env.ok(&["customer", "show", &good]).contains("score +2 (3 golden, 1 poor)"));
    let (code, err) = cli_env::failure(&env.run(&["customer", "list", "--score-min", "8"]));
    assert_eq!(code, 2);
    assert!(err.contains("from -7 to 7"), "the range is named: {err}");
}

#[test]
fn the_reps_figures_carry_the_funnel_and_the_customers_qualified() {
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let (mut store, clock) = store_on(d(10, 20));
    let yes = Value::Bool(true);
    let man = |v: &Value| [("qual_need", v.clone()), ("qual_power", v.clone()), ("qual_authority", v.clone())];
    let a = store.write(|w| w.insert(&CUSTOMER, &[("name", text("A"))])).unwrap();
    let b = store.write(|w| w.insert(&CUSTOMER, &[("name", text("B"))])).unwrap();
    store.write(|w| w.update(&CUSTOMER, &a, &man(&yes))).unwrap();
    let won = opp(&mut store, &a, "won in November", "conviction", 10_000_00, None);
    let lost = opp(&mut store, &b, "lost in October", "low_interest", 3_000_00, None);
    opp(&mut store, &b, "still open", "strong_interest", 2_000_00, None);
    clock.set(d(10, 28));
    set(&mut store, &lost, &[("state", text("lost")), ("reason", text("预算取消"))]).unwrap();
    // November: B becomes qualified, A's deal is won, a new one opens.
    clock.set(d(11, 12));
    store.write(|w| w.update(&CUSTOMER, &b, &man(&yes))).unwrap();
    set(&mut store, &won, &[("state", text("won"))]).unwrap();
    opp(&mut store, &a, "second line", "no_interest", 500_00, None);
    clock.set(d(12, 3));
    let nov = store.figures(d(11, 1), d(11, 30)).unwrap();
    assert_eq!((nov.funnel.open, nov.funnel.open_amount), (2, 2_500_00));
    assert_eq!((nov.funnel.won, nov.funnel.won_amount, nov.funnel.lost), (1, 10_000_00, 0));
    let counts: Vec<u32> = nov.funnel.stages.iter().map(|s| s.count).collect();
    assert_eq!(counts, [1, 0, 1, 0, 0]);
    assert_eq!((nov.qualified, nov.qualified_new), (2, 1), "B became qualified in November");
    let oct = store.figures(d(10, 1), d(10, 31)).unwrap();
    assert_eq!((oct.funnel.open, oct.funnel.won, oct.funnel.lost, oct.funnel.lost_amount), (2, 0, 1, 3_000_00));
    assert_eq!(oct.qualified_new, 1, "A in October");
    let sheet = repbook::interop::figures_sheet::text(&nov);
    assert!(sheet.contains("Opportunities won") && sheet.contains("1 · 10,000.00"), "{sheet}");
    // The configured stages are the ones counted by, in their order.
    store.set_stages(Stages::new(&["strong_interest".into(), "no_interest".into()]).unwrap());
    let by_config = store.figures(d(11, 1), d(11, 30)).unwrap();
    assert_eq!(
        by_config.funnel.stages.iter().map(|s| s.stage.as_str()).collect::<Vec<_>>(),
        ["strong_interest", "no_interest", "conviction"],
        "a stage no longer configured that saw a move keeps a row, after the configured ones"
    );
}

/// Per stage, the count at the start of a period plus what moved in less
/// what moved out is the count at its end: the funnel's figures agree.
fn assert_consistent(store: &Store, stages: &Stages, from: NaiveDate, to: NaiveDate) {
    let start = store.funnel(stages, from - chrono::Days::new(7), from.pred_opt().unwrap()).unwrap();
    let end = store.funnel(stages, from, to).unwrap();
    for row in &end.stages {
        let before = start.stages.iter().find(|r| r.stage == row.stage).map_or(0, |r| r.count);
        assert_eq!(
            i64::from(before) + i64::from(row.moved_in) - i64::from(row.moved_out),
            i64::from(row.count),
            "{}: {before} + {} − {} ≠ {} ({from}..{to})",
            row.stage,
            row.moved_in,
            row.moved_out,
            row.count
        );
    }
}

#[test]
fn a_late_log_moves_an_opportunity_no_earlier_than_its_last_move() {
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let stages = Stages::default();
    let (mut store, clock) = store_on(d(11, 2));
    let c = store.write(|w| w.insert(&CUSTOMER, &[("name", text("华东冷链"))])).unwrap();
    let o = opp(&mut store, &c, "NEED", "low_interest", 1_000_00, None);
    // Moved by hand today (Monday of W48) …
    clock.set(d(11, 23));
    set(&mut store, &o, &[("funnel_stage", text("strong_interest"))]).unwrap();
    // … then a visit of last Friday logged late, moving it on.
    let visit = [
        ("customer_id", text(&c)),
        ("kind", text("visit")),
        ("status", text("done")),
        ("date", text("2026-11-20")),
        ("opportunity", text(&o)),
        ("opportunity_stage", text("conviction")),
    ];
    let v = store.write(|w| w.insert(&VISIT, &visit)).unwrap();
    assert_eq!(store.get(&VISIT, &v).unwrap().unwrap().text("date"), Some("2026-11-20"), "the log keeps its day");
    let now = store.get(&OPPORTUNITY, &o).unwrap().unwrap();
    assert_eq!((now.text("funnel_stage"), now.text("stage_since")), (Some("conviction"), Some("2026-11-23")));
    let tracks = store.opportunity_tracks().unwrap();
    let steps = &tracks.iter().find(|t| t.opportunity.id == o).unwrap().steps;
    let days: Vec<NaiveDate> = steps.iter().map(|s| s.on).collect();
    assert_eq!(days, [d(11, 2), d(11, 23), d(11, 23)], "the history reads in order");
    let w47 = store.funnel(&stages, d(11, 16), d(11, 22)).unwrap();
    assert!(w47.moves.is_empty(), "nothing moved in W47: {:?}", w47.moves);
    assert!(w47.stages.iter().all(|r| r.moved_in == 0 && r.moved_out == 0));
    for (from, to) in [(d(11, 16), d(11, 22)), (d(11, 23), d(11, 29))] {
        assert_consistent(&store, &stages, from, to);
    }
}

#[test]
fn a_short_id_names_the_opportunity_a_visit_moves() {
    let (mut store, _clock) = store_on(d(11, 23));
    let c = store.write(|w| w.insert(&CUSTOMER, &[("name", text("A"))])).unwrap();
    let o = opp(&mut store, &c, "NEED", "low_interest", 1, None);
    opp(&mut store, &c, "other", "low_interest", 1, None);
    let short = repbook::text::short_id(&o).to_string();
    let mut values = vec![("opportunity", text(&short)), ("opportunity_stage", text("3"))];
    store.read_visit_opportunity(&Stages::default(), &c, &mut values).unwrap();
    assert_eq!(values[0].1, text(&o));
    assert_eq!(values[1].1, text("strong_interest"));
    // As `opportunity show` reads it: the start of the short id too.
    let mut values = vec![("opportunity", text(&short[..5]))];
    store.read_visit_opportunity(&Stages::default(), &c, &mut values).unwrap();
    assert_eq!(values[0].1, text(&o));
}

#[test]
fn a_closed_opportunity_is_reopened_explicitly_before_closing_it_otherwise() {
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let (mut store, _clock) = store_on(d(11, 23));
    let c = store.write(|w| w.insert(&CUSTOMER, &[("name", text("A"))])).unwrap();
    let o = opp(&mut store, &c, "need", "conviction", 1, None);
    set(&mut store, &o, &[("state", text("won"))]).unwrap();
    let err = set(&mut store, &o, &[("state", text("lost")), ("reason", text("价格"))]).unwrap_err().to_string();
    assert!(err.contains("is won") && err.contains("--state open"), "{err}");
    assert_eq!(store.get(&OPPORTUNITY, &o).unwrap().unwrap().text("state"), Some("won"));
    // Reopened, then lost: both allowed.
    set(&mut store, &o, &[("state", text("open"))]).unwrap();
    set(&mut store, &o, &[("state", text("lost")), ("reason", text("价格"))]).unwrap();
    // The refusal names its field for a form: the reason, the state.
    let e = store.get(&OPPORTUNITY, &o).unwrap().unwrap();
    let refused = repbook::domain::opportunity::refused_closing(Some(&e), &[("state", text("won"))]);
    assert_eq!(refused.map(|(f, _)| f), Some("state"));
    let refused = repbook::domain::opportunity::refused_closing(None, &[("state", text("lost"))]);
    assert_eq!(refused.map(|(f, _)| f), Some("reason"));
}

#[test]
fn the_cli_refuses_lost_on_a_won_opportunity_and_reads_wan() {
    let env = cli_env::Env::new();
    let c = env.id(&["customer", "add", "华东冷链"]);
    let o = env.id(&["opportunity", "add", &c, "冷库", "--amount", "1.5万"]);
    let shown = env.json(&["opportunity", "show", &o]);
    assert_eq!(shown["amount"], 1_500_000, "1.5万 is 15,000.00");
    assert_eq!(shown["funnel_stage"], "no_interest");
    env.ok(&["opportunity", "won", &o]);
    let (code, err) = cli_env::failure(&env.run(&["opportunity", "lost", &o, "--reason", "价格"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--state open"), "{err}");
    env.ok(&["opportunity", "edit", &o, "--state", "open"]);
    env.ok(&["opportunity", "lost", &o, "--reason", "价格"]);
}

#[test]
fn amounts_are_read_as_said_in_chinese() {
    use repbook::domain::money::{MAX_MONEY, parse_money};
    let table = [
        ("12万", Some(12_000_000)),
        ("1.5万", Some(1_500_000)),
        ("12.3456万", Some(12_345_600)),
        ("12.345678万", Some(12_345_678)),
        ("12.3456789万", None),
        ("2亿", Some(20_000_000_000)),
        ("1000亿", Some(MAX_MONEY)),
        ("1001亿", None),
        ("¥12万元", Some(12_000_000)),
        ("120,000", Some(12_000_000)),
        ("万", None),
        ("12万万", None),
    ];
    for (typed, want) in table {
        assert_eq!(parse_money(typed), want, "{typed}");
    }
    let stages = Stages::default();
    let defaults = repbook::domain::defaults::defaults_in("opportunity", d(11, 23), &stages);
    assert!(defaults.contains(&("funnel_stage", text("no_interest"))), "{defaults:?}");
}
