//! The CLI's lists across customers, `--deleted` on every list, `undo` and
//! `trash` (issue 9 §1.2, §2.1): the real binary, JSON parsed back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/cli.rs"]
mod cli_env;
use cli_env::{Env, failure};

fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn every_child_list_takes_deleted() {
    let env = Env::new();
    let cid = env.id(&["customer", "add", "华为"]);
    let person = env.id(&["person", "add", &cid, "王强"]);
    let note = env.id(&["competitor", "add", &cid, "X1"]);
    let record = env.id(&["trade", "add", &cid, "--kind", "order", "--date", "2026-11-02", "--amount", "10"]);
    let visit =
        env.id(&["visit", "plan", &cid, "--kind", "call", "--date", "2026-11-03", "--goal", "签 10 台, 11月底"]);
    for (noun, id) in [("person", &person), ("competitor", &note), ("trade", &record), ("visit", &visit)] {
        env.ok(&[noun, "rm", id]);
        assert!(ids(&env.json(&[noun, "list", &cid])).is_empty(), "{noun}: hidden by default");
        let with = env.json(&[noun, "list", &cid, "--deleted"]);
        assert_eq!(ids(&with), std::slice::from_ref(id), "{noun}");
        assert_eq!(with[0]["deleted"], true);
        // In text too, with a customer named as without (review of issue 9).
        for args in [vec![noun, "list", &cid, "--deleted"], vec![noun, "list", "--deleted"]] {
            let text = env.ok(&args);
            let line = text.lines().find(|l| l.starts_with(&id[id.len() - 8..])).unwrap_or_default();
            assert!(line.ends_with("(deleted)"), "{args:?}: {text}");
        }
    }
    // Follow-ups are never deleted, but the flag is accepted the same way.
    env.ok(&["followup", "list", &cid, "--deleted"]);
}

#[test]
fn follow_ups_and_visits_across_customers() {
    let env = Env::new();
    let a = env.id(&["customer", "add", "华为"]);
    let b = env.id(&["customer", "add", "中兴"]);
    let today = chrono::Local::now().date_naive();
    let iso = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let (monday, _) = repbook::domain::period::week_of(today);
    let in_week = iso(monday);
    let next_month = iso(monday + chrono::Duration::days(40));
    let goal = ["--goal", "签 10 台, 11月底"];
    let v1 = env.id(&[&["visit", "plan", &a, "--kind", "visit", "--date", &in_week][..], &goal].concat());
    let v2 = env.id(&[&["visit", "plan", &b, "--kind", "call", "--date", &in_week][..], &goal].concat());
    let v3 = env.id(&[&["visit", "plan", &b, "--kind", "call", "--date", &next_month][..], &goal].concat());
    let week = env.json(&["visit", "list", "--week"]);
    let mut found = ids(&week);
    found.sort();
    let mut want = vec![v1.clone(), v2.clone()];
    want.sort();
    assert_eq!(found, want, "this week's visits and calls of every customer");
    let names: Vec<&str> = week.as_array().unwrap().iter().map(|e| e["customer"].as_str().unwrap()).collect();
    assert!(names.contains(&"华为") && names.contains(&"中兴"), "{names:?}");
    let month = &next_month[..7];
    assert_eq!(ids(&env.json(&["visit", "list", "--month", month])), std::slice::from_ref(&v3));
    assert_eq!(ids(&env.json(&["visit", "list", "--from", &next_month, "--to", &next_month])), [v3]);
    assert_eq!(env.json(&["visit", "list", "--status", "done"]).as_array().unwrap().len(), 0);
    let text = env.ok(&["visit", "list", "--week"]);
    assert!(text.contains("华为") && text.contains("中兴"), "{text}");
    let (code, err) = failure(&env.run(&["visit", "list", "--month", "Novembre"]));
    assert_eq!(code, 2);
    assert!(err.contains("2026-11"), "says how to write a month: {err}");

    let f1 = env.id(&["followup", "add", &a, "寄样品", "--due", &in_week]);
    let f2 = env.id(&["followup", "add", &b, "报价", "--due", &next_month]);
    let all = env.json(&["followup", "list"]);
    assert_eq!(ids(&all), [f1.clone(), f2.clone()], "every customer's, soonest first");
    assert_eq!(all[0]["customer"], "华为");
    assert_eq!(ids(&env.json(&["followup", "list", "--month", month])), [f2]);
    env.ok(&["followup", "done", &f1]);
    assert_eq!(ids(&env.json(&["followup", "list", "--status", "done"])), [f1]);
    let text = env.ok(&["followup", "list"]);
    assert!(text.contains("中兴") && text.contains("报价"), "{text}");
}

#[test]
fn undo_and_the_trash_from_the_command_line() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "华为"]);
    let p = env.id(&["person", "add", &c, "王强"]);
    env.ok(&["person", "rm", &p]);
    let listed = env.ok(&["undo", "--list"]);
    assert!(listed.contains("deleted key person 王强"), "{listed}");
    assert!(env.ok(&["undo"]).contains("Undone: deleted key person 王强"));
    assert_eq!(ids(&env.json(&["person", "list", &c])), std::slice::from_ref(&p));

    env.ok(&["person", "rm", &p]);
    env.ok(&["customer", "rm", &c]);
    let trash = env.json(&["trash"]);
    assert_eq!(trash.as_array().unwrap().len(), 2);
    assert_eq!(trash[1]["name"], "王强");
    assert_eq!(trash[1]["customer"], "华为");
    assert_eq!(trash[1]["customer_deleted"], true);
    assert!(env.ok(&["trash", "list", "--customer", &c]).contains("王强"));
    let (_, err) = failure(&env.run(&["trash", "restore", &p[p.len() - 8..]]));
    assert!(err.contains("--with-customer"), "{err}");
    assert!(env.ok(&["trash", "restore", &p[p.len() - 8..], "--with-customer"]).contains("Restored key person 王强"));
    assert!(env.ok(&["trash"]).contains("The trash is empty"));
    let zh = env.ok(&["--lang", "zh-CN", "undo", "--list"]);
    assert!(zh.contains("恢复关键人物 王强"), "{zh}");
}

#[test]
fn an_empty_list_says_there_is_none_and_a_flag_given_twice_says_so() {
    let env = Env::new();
    let cid = env.id(&["customer", "add", "华为"]);
    for args in [vec!["competitor", "list"], vec!["competitor", "list", &cid], vec!["visit", "list"]] {
        let out = env.ok(&args);
        assert!(!out.contains("0 shown"), "{args:?}: {out}");
        assert!(out.starts_with("No ") && out.trim_end().ends_with("to show."), "{args:?}: {out}");
    }
    let (code, err) = failure(&env.run(&["customer", "list", "--json", "--json"]));
    assert_eq!(code, 2);
    assert!(err.contains("--json was given twice"), "{err}");
    assert!(!err.contains("cannot be used together"), "{err}");
}

#[test]
fn a_logged_call_is_called_a_call_and_show_names_the_customer() {
    let env = Env::new();
    let cid = env.id(&["customer", "add", "华为"]);
    let out = env.ok(&["visit", "log", &cid, "--kind", "call", "--date", "today", "--outcome", "met"]);
    assert!(out.contains("Logged the phone call"), "{out}");
    let id = env.json(&["visit", "list", &cid])[0]["id"].as_str().unwrap().to_string();
    let shown = env.ok(&["visit", "show", &id]);
    let first = shown.lines().next().unwrap();
    assert!(!first.trim().is_empty(), "a heading, not an empty line:\n{shown}");
    assert!(shown.contains("Customer  华为"), "{shown}");
}

/// A follow-up says where it came from in words (as the form does), and
/// has no `rm`: follow-ups end done or dropped, never deleted.
#[test]
fn a_followup_says_where_it_came_from_and_is_never_removed() {
    let env = Env::new();
    let cid = env.id(&["customer", "add", "华为"]);
    env.ok(&["visit", "log", &cid, "--date", "2026-11-20", "--next-step", "寄合同 @ 2030-12-01"]);
    let id = env.json(&["followup", "list", &cid])[0]["id"].as_str().unwrap().to_string();
    let shown = env.ok(&["followup", "show", &id]);
    assert!(!shown.contains("visit:"), "no internal reference:\n{shown}");
    assert!(shown.contains("Came from") && shown.contains("2026-11-20") && shown.contains("华为"), "{shown}");
    let (code, err) = failure(&env.run(&["followup", "rm", &id]));
    assert_eq!(code, 2, "{err}");
    assert!(!env.ok(&["followup", "--help"]).contains("restore"));
}

#[test]
fn a_week_argument_takes_words_and_week_numbers() {
    let env = Env::new();
    env.ok(&["customer", "add", "华为"]);
    let iso = |args: &[&str]| env.json(args);
    let today = chrono::Local::now().date_naive();
    let (monday, _) = repbook::domain::period::week_of(today + chrono::Duration::days(7));
    let next = format!("{}", monday.format("%G-W%V"));
    let by_iso = iso(&["plan", "--week", &next]);
    for words in ["下周", "next week", &format!("{}", chrono::Datelike::iso_week(&monday).week())] {
        assert_eq!(iso(&["plan", "--week", words]), by_iso, "{words}");
    }
    let (code, err) = failure(&env.run(&["plan", "--week", "soon"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_logged_visits_date_in_words_looks_back_and_its_next_date_forward() {
    use chrono::Datelike;
    let env = Env::new();
    let cid = env.id(&["customer", "add", "华为"]);
    let today = chrono::Local::now().date_naive();
    let yesterday = today.pred_opt().unwrap();
    let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let day = names[yesterday.weekday().num_days_from_monday() as usize];
    // Yesterday's weekday: last such day for the visit held, the coming one for the next step.
    env.ok(&["visit", "log", &cid, "--date", day, "--outcome", "met", "--next-step", "寄合同", "--next-date", day]);
    let v = &env.json(&["visit", "list", &cid])[0];
    assert_eq!(v["date"], yesterday.format("%Y-%m-%d").to_string(), "{v}");
    assert_eq!(v["next_date"], (yesterday + chrono::Duration::days(7)).format("%Y-%m-%d").to_string(), "{v}");
}

#[test]
fn trash_list_cuts_neither_a_kind_nor_a_name() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "华为"]);
    let o = env.id(&["opportunity", "add", &c, "Ten imaging workstations for the new wing"]);
    env.ok(&["opportunity", "rm", &o]);
    let text = env.ok(&["trash"]);
    assert!(text.contains("opportunity  Ten imaging workstations for the new wing"), "{text}");
}

#[test]
fn the_second_plan_warning_counts_the_plans_of_the_day() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "华为"]);
    let first = env.run(&["visit", "plan", &c, "--date", "2026-12-07"]);
    assert!(!String::from_utf8_lossy(&first.stderr).contains("already"));
    let second = env.run(&["visit", "plan", &c, "--date", "2026-12-07"]);
    assert!(String::from_utf8_lossy(&second.stderr).contains("a second plan"));
    let third = env.run(&["visit", "plan", &c, "--date", "2026-12-07"]);
    let err = String::from_utf8_lossy(&third.stderr).to_string();
    assert!(err.contains("2 plans are already made") && err.contains("3 plans that day"), "{err}");
}

/// One of a thing is said in the singular (`1 customer`, `1 device`), in
/// both languages' catalogs; an empty opportunity list says there is none
/// as every other list does.
#[test]
fn one_is_said_in_the_singular_and_an_empty_opportunity_list_says_so() {
    let env = Env::new();
    let mine = env.dir.path().join("one.sqlite3");
    let out = env.run_raw(&["--db", mine.to_str().unwrap(), "demo", "--customers", "1"]);
    assert!(out.status.success());
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(said.contains(": 1 customer,"), "{said}");
    for wrong in ["1 customers", "1 follow-ups", "1 key people", "1 records", "1 competitor notes", "1 visits"] {
        assert!(!said.contains(wrong), "{wrong}: {said}");
    }
    env.id(&["customer", "add", "华为"]);
    let status = env.ok(&["sync", "status"]);
    assert!(status.contains("Holds changes of 1 device,"), "{status}");
    let empty = env.ok(&["opportunity", "list"]);
    assert!(!empty.contains("0 shown"), "{empty}");
    assert_eq!(empty.trim_end(), "No opportunity to show.");
    let zh = env.ok(&["--lang", "zh-CN", "opportunity", "list"]);
    assert_eq!(zh.trim_end(), "没有可显示的商机。");
}
