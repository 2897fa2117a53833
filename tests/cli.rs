//! The CLI end to end: the real binary, a private HOME, JSON parsed back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value as Json;
use std::path::PathBuf;

#[path = "support/cli.rs"]
mod cli_env;
use cli_env::{Env, failure};

#[test]
fn add_a_chinese_customer_and_find_it_by_pinyin_initials() {
    let env = Env::new();
    let id = env.json(&[
        "customer",
        "add",
        "重庆恒达机电有限公司",
        "--city",
        "重庆",
        "--kind",
        "经销商",
        "--purchase",
        "3",
        "--potential",
        "4",
        "--tags",
        "重点，展会",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.ok(&["customer", "add", "Harbor Electric", "--city", "Singapore"]);
    let hits = env.json(&["search", "cqhd"]);
    assert_eq!(hits[0]["id"], id.as_str());
    assert_eq!(hits[0]["name"], "重庆恒达机电有限公司");
    let hits = env.json(&["search", "chongqing"]);
    assert_eq!(hits.as_array().unwrap().len(), 1);
    let show = env.json(&["customer", "show", &id[id.len() - 8..]]);
    assert_eq!(show["kind"], "dealer");
    assert_eq!(show["tier"], "A1");
    assert_eq!(show["class"], "A");
    assert_eq!(show["tags"], serde_json::json!(["重点", "展会"]));
    assert_eq!(show["people"], serde_json::json!([]));
    assert_eq!(show["owed"], 0);
    assert!(env.ok(&["search", "hbr"]).contains("Harbor Electric"));
}

#[test]
fn customer_life_cycle_with_filters() {
    let env = Env::new();
    let a =
        env.json(&["customer", "add", "长沙华大电子", "--city", "长沙", "--potential", "2", "--purchase", "0"])["id"]
            .as_str()
            .unwrap()
            .to_string();
    env.ok(&["customer", "add", "厦门永兴物流", "--city", "厦门", "--vip", "yes"]);
    let list = env.json(&["customer", "list", "--class", "B"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["tier"], "B2");
    assert_eq!(env.json(&["customer", "list", "--vip"])[0]["name"], "厦门永兴物流");
    assert!(env.ok(&["customer", "edit", &a, "--tier-override", "a1", "--status", "active"]).contains("2 field"));
    let show = env.json(&["customer", "show", &a]);
    assert_eq!(
        (show["tier"].as_str(), show["grid_tier"].as_str(), show["tier_manual"].as_bool()),
        (Some("A1"), Some("B2"), Some(true))
    );
    env.ok(&["customer", "rm", &a]);
    assert_eq!(env.json(&["customer", "list"]).as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["customer", "list", "--deleted"]).as_array().unwrap().len(), 2);
    assert!(env.json(&["search", "cs"]).as_array().unwrap().is_empty(), "a deleted customer is not found");
    env.ok(&["customer", "restore", &a]);
    assert_eq!(env.json(&["search", "changsha"])[0]["id"], a.as_str());
}

#[test]
fn people_competitors_and_records_hang_off_a_customer() {
    let env = Env::new();
    let c = env.json(&["customer", "add", "北京华大科技"])["id"].as_str().unwrap().to_string();
    let p = env.json(&[
        "person",
        "add",
        &c,
        "曾国强",
        "--role",
        "economic-buyer",
        "--birthday",
        "05-01",
        "--family",
        "两个孩子",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let person = env.json(&["person", "show", &p]);
    assert_eq!((person["role"].as_str(), person["birthday"].as_str()), (Some("economic_buyer"), Some("05-01")));
    assert_eq!(person["customer_name"], "北京华大科技");
    assert_eq!(env.json(&["search", "zgq"])[0]["id"], c.as_str(), "found through its key person");
    env.ok(&["competitor", "add", &c, "S7 系列", "--company", "西门子", "--satisfaction", "2"]);
    env.ok(&["trade", "add", &c, "--kind", "order", "--amount", "12,000", "--date", "2026-10-01"]);
    env.ok(&["trade", "add", &c, "--kind", "payment", "--amount", "5000.5"]);
    let d = env.json(&["customer", "show", &c]);
    assert_eq!(d["owed"], 699_950);
    assert_eq!(d["competitors"][0]["company"], "西门子");
    assert_eq!(d["trades"].as_array().unwrap().len(), 2);
    assert!(env.ok(&["trade", "list", &c]).contains("6,999.50"));

    let (code, err) = failure(&env.run(&["person", "erase", &p]));
    assert_eq!(code, 2);
    assert!(err.contains("--yes"), "{err}");
    // Held open by another repbook (the interface, say) while erasing.
    let reader = repbook::store::Store::open(
        &env.db(),
        repbook::store::OpenMode::ReadOrWrite,
        std::sync::Arc::new(repbook::clock::SystemClock),
        repbook::domain::pinyin::Romanizer::default(),
    )
    .unwrap();
    assert_eq!(reader.children(&repbook::domain::schema::PERSON, &c).unwrap().len(), 1);
    env.ok(&["person", "erase", &p, "--yes"]);
    let backups = repbook::store::backups(&env.db());
    assert!(!backups.is_empty(), "the day's backup was made before the first write");
    let files = ["archive.sqlite3", "archive.sqlite3-wal"].map(|f| env.dir.path().join(f));
    for file in files.iter().chain(&backups) {
        let bytes = std::fs::read(file).unwrap_or_default();
        assert!(
            !bytes.windows("曾国强".len()).any(|w| w == "曾国强".as_bytes()),
            "the name is still in {}",
            file.display()
        );
    }
    drop(reader);
    assert_eq!(failure(&env.run(&["person", "show", &p])).0, 2);
    assert!(env.json(&["search", "zgq"]).as_array().unwrap().is_empty());
}

#[test]
fn bad_input_exits_2_with_one_sentence() {
    let env = Env::new();
    let c = env.json(&["customer", "add", "x"])["id"].as_str().unwrap().to_string();
    for (args, needle) in [
        (vec!["customer", "add", "  "], "must not be empty"),
        (vec!["customer", "edit", c.as_str(), "--tier-override", "D"], "A1, A2, B1, B2, C"),
        (vec!["customer", "list", "--class", "D"], "Unknown class"),
        (vec!["customer", "show", "0000ffff"], "No customer has the id 0000ffff"),
        (vec!["trade", "add", c.as_str(), "--kind", "order", "--date", "2026-02-30"], "YYYY-MM-DD"),
        (vec!["person", "add", c.as_str(), "王伟", "--closeness", "9"], "0 to 4"),
        (vec!["customer", "edit", c.as_str()], "Nothing to change"),
        (vec!["customer", "frobnicate"], "frobnicate"),
    ] {
        let (code, err) = failure(&env.run(&args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let (_, err) = failure(&env.run(&["customer", "add", "  "]));
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
}

#[test]
fn errors_speak_the_chosen_language() {
    let env = Env::new();
    let (code, err) = failure(&env.run(&["--lang", "zh-CN", "customer", "add", ""]));
    assert_eq!(code, 2);
    assert!(err.contains("名称不能为空"), "{err}");
    assert!(env.ok(&["--lang", "zh-CN", "customer", "list"]).contains("还没有客户"));
}

#[test]
fn a_bad_config_names_the_file_and_line() {
    let env = Env::new();
    let cfg = env.dir.path().join("config.toml");
    std::fs::write(&cfg, "language = \"en\"\n[search]\nlimit = 5\ncolour = \"red\"\n").unwrap();
    let (code, err) = failure(&env.run(&["--config", cfg.to_str().unwrap(), "customer", "list"]));
    assert_eq!(code, 2);
    assert!(err.contains("line 4") && err.contains("colour") && err.contains("config.toml"), "{err}");
}

#[test]
fn a_newer_archive_is_refused_and_an_open_archive_does_not_block_writers() {
    let env = Env::new();
    env.ok(&["customer", "add", "x"]);
    // The interface (here: a store) left open does not block the CLI.
    let mut held = repbook::store::Store::open(
        &env.db(),
        repbook::store::OpenMode::Write,
        std::sync::Arc::new(repbook::clock::SystemClock),
        repbook::domain::pinyin::Romanizer::default(),
    )
    .unwrap();
    env.ok(&["customer", "add", "y"]);
    held.write(|w| {
        w.insert(&repbook::domain::schema::CUSTOMER, &[("name", repbook::domain::fields::Value::Text("z".into()))])
    })
    .unwrap();
    let list: Json = serde_json::from_str(&env.ok(&["customer", "list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3);
    drop(held);

    // Two processes writing at once: nothing lost, no error.
    let children: Vec<_> = (0..2)
        .map(|p| {
            let script = (0..15)
                .map(|i| {
                    format!(
                        "{} --db {} customer add p{p}-{i} >/dev/null || exit 1\n",
                        env!("CARGO_BIN_EXE_repbook"),
                        env.db().display()
                    )
                })
                .collect::<String>();
            std::process::Command::new("sh")
                .arg("-c")
                .arg(script)
                .env("HOME", env.dir.path())
                .env("REPBOOK_STATE_DIR", env.dir.path().join("state"))
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success(), "every concurrent write succeeds");
    }
    let list: Json = serde_json::from_str(&env.ok(&["customer", "list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 33);

    rusqlite::Connection::open(env.db()).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let (code, err) = failure(&env.run(&["customer", "list"]));
    assert_eq!(code, 1);
    assert!(err.contains("newer repbook"), "{err}");
}

fn data_dir(env: &Env) -> PathBuf {
    env.dir.path().join("data").join("repbook")
}

#[test]
fn the_demo_never_writes_over_real_data() {
    let env = Env::new();
    let out = env.run_raw(&["--demo", "customer", "list", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 60);
    assert!(data_dir(&env).join("demo.sqlite3").exists());
    assert!(!data_dir(&env).join("archive.sqlite3").exists(), "the real archive is untouched");

    // An archive that is not a demo is never replaced, even with --force.
    env.ok(&["customer", "add", "my real customer"]);
    for args in [&["demo"][..], &["demo", "--force"]] {
        let (code, err) = failure(&env.run(args));
        assert_eq!(code, 2);
        assert!(err.contains("not a demo"), "{err}");
    }
    assert_eq!(env.json(&["customer", "list"]).as_array().unwrap().len(), 1, "the real customer is still there");
    // A demo archive at a path of one's own: replaced only with --force.
    let mine = env.dir.path().join("mine.sqlite3");
    let at = |args: &[&str]| env.run_raw(&[&["--db", mine.to_str().unwrap()], args].concat());
    assert!(at(&["demo", "--customers", "5"]).status.success());
    assert_eq!(failure(&at(&["demo", "--customers", "7"])).0, 2, "asks for --force");
    assert!(at(&["demo", "--customers", "7", "--force"]).status.success());
    let list: Json = serde_json::from_slice(&at(&["customer", "list", "--json"]).stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 7);
    // The default archive, by any name, never.
    let real = data_dir(&env).join("archive.sqlite3");
    std::fs::create_dir_all(data_dir(&env)).unwrap();
    std::fs::copy(env.db(), &real).unwrap();
    let alias = env.dir.path().join("alias.sqlite3");
    std::os::unix::fs::symlink(&real, &alias).unwrap();
    let dotted = data_dir(&env).join("..").join("repbook").join("archive.sqlite3");
    for path in [&real, &alias, &dotted] {
        let (code, _) = failure(&env.run_raw(&["--db", path.to_str().unwrap(), "demo", "--force"]));
        assert_eq!(code, 2, "never over the default archive, even with --force: {}", path.display());
    }
}

#[test]
fn the_demo_is_the_same_every_time() {
    let env = Env::new();
    let names = || -> Vec<(Json, Json)> {
        env.json(&["customer", "list"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].clone(), c["tier"].clone()))
            .collect()
    };
    env.ok(&["demo", "--customers", "20"]);
    let first = names();
    env.ok(&["demo", "--customers", "20", "--force"]);
    assert_eq!(first, names());
    assert!(first.iter().any(|(n, _)| n.as_str().unwrap().is_ascii()), "English names too");
    assert!(first.iter().any(|(n, _)| !n.as_str().unwrap().is_ascii()), "Chinese names too");
}

#[test]
fn plan_log_follow_up_and_the_agenda_from_the_command_line() {
    let env = Env::new();
    let c = env.json(&["customer", "add", "重庆恒达机电", "--purchase", "4", "--potential", "4"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = env.run(&[
        "visit",
        "plan",
        &c,
        "--date",
        "明天",
        "--time",
        "14点30",
        "--purposes",
        "催款,push_order",
        "--goal",
        "加强客情",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(warnings.contains("no measure") && warnings.contains("no date"), "{warnings}");
    let visits = env.json(&["visit", "list", &c]);
    let plan = visits[0]["id"].as_str().unwrap().to_string();
    assert_eq!(visits[0]["status"], "planned");
    assert_eq!(visits[0]["time"], "14:30");
    assert_eq!(visits[0]["purposes"], serde_json::json!(["collect_payment", "push_order"]));
    let (code, err) = failure(&env.run(&["visit", "log", &c, "--plan", &plan, "--outcome", "met"]));
    assert_eq!(code, 2);
    assert!(err.contains("has not happened yet"), "a plan for tomorrow cannot be logged as held: {err}");
    assert_eq!(env.json(&["visit", "show", &plan])["status"], "planned", "nothing changed");
    // A log records a visit held: a planned (or cancelled) status is refused, not written over.
    for status in ["planned", "cancelled"] {
        let (code, err) =
            failure(&env.run(&["visit", "log", &c, "--plan", &plan, "--status", status, "--date", "today"]));
        assert_eq!(code, 2);
        assert!(err.contains("its status is done, not"), "{err}");
        assert_eq!(env.json(&["visit", "show", &plan])["status"], "planned", "nothing changed");
    }
    let logged = env.json(&[
        "visit",
        "log",
        &c,
        "--plan",
        &plan,
        "--date",
        "today",
        "--outcome",
        "部分达成",
        "--next-step",
        "寄合同",
        "--next-date",
        "in 3 days",
    ]);
    assert_eq!(logged["id"], plan.as_str());
    assert_eq!(logged["followup"], true);
    let followups = env.json(&["followup", "list"]);
    assert_eq!(followups.as_array().unwrap().len(), 1);
    let f = followups[0]["id"].as_str().unwrap().to_string();
    assert_eq!(followups[0]["what"], "寄合同");
    let (code, err) = failure(&env.run(&["followup", "drop", &f, "--reason", " "]));
    assert_eq!(code, 2, "{err}");
    let (code, err) = failure(&env.run(&["customer", "rm", &c]));
    assert_eq!(code, 2);
    assert!(err.contains("open follow-up"), "{err}");
    env.ok(&["followup", "done", &f]);
    assert!(env.json(&["followup", "list"]).as_array().unwrap().is_empty());
    assert_eq!(env.json(&["followup", "list", "--all"])[0]["status"], "done");
    let agenda = env.json(&["due"]);
    assert!(agenda["overdue"].as_array().unwrap().is_empty(), "a visit logged today resets the clock: {agenda}");
    assert!(env.ok(&["due"]).contains("repbook — "));
}

#[test]
fn ics_export_parses_back_with_stable_uids() {
    let env = Env::new();
    let c = env.json(&["customer", "add", "厦门永兴物流, 有限公司"])["id"].as_str().unwrap().to_string();
    env.ok(&[
        "visit",
        "plan",
        &c,
        "--date",
        "2026-12-05",
        "--time",
        "9:30",
        "--place",
        "湖里区; 3楼",
        "--goal",
        "回款5万，月底前",
    ]);
    env.ok(&["visit", "plan", &c, "--date", "2026-12-07"]);
    env.ok(&["followup", "add", &c, "寄合同", "--due", "2026-12-01"]);
    env.ok(&["followup", "add", &c, "催款", "--due", "2026-12-03"]);
    let out = env.dir.path().join("repbook.ics");
    env.ok(&["export", "ics", "--out", out.to_str().unwrap()]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let parse = |bytes: Vec<u8>| {
        let cal = ical::IcalParser::new(std::io::BufReader::new(bytes.as_slice())).next().unwrap().unwrap();
        let prop = |props: &[ical::property::Property], name: &str| {
            props.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
        };
        // Follow-ups are all-day events (phone calendars ignore to-dos),
        // told from visits by their category (the follow-up's source).
        let (followups, visits): (Vec<_>, Vec<_>) =
            cal.events.iter().partition(|e| e.properties.iter().any(|p| p.name == "CATEGORIES"));
        let events: Vec<(String, String, String, String)> = visits
            .iter()
            .map(|e| {
                (
                    prop(&e.properties, "UID"),
                    prop(&e.properties, "DTSTART"),
                    prop(&e.properties, "LOCATION"),
                    prop(&e.properties, "SUMMARY"),
                )
            })
            .collect();
        assert!(cal.todos.is_empty());
        let todos: Vec<(String, String)> =
            followups.iter().map(|t| (prop(&t.properties, "UID"), prop(&t.properties, "DTSTART"))).collect();
        (events, todos)
    };
    let (events, todos) = parse(std::fs::read(&out).unwrap());
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].1, "20261205T093000");
    assert_eq!(events[1].1, "20261207");
    assert_eq!(events[0].2, "湖里区\\; 3楼", "TEXT escaped as RFC 5545 says");
    assert!(events[0].3.contains("厦门永兴物流\\, 有限公司"));
    // Each to-do carries its own follow-up's id as its UID.
    let followups = env.json(&["followup", "list"]);
    let want: Vec<(String, String)> = followups
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let due = f["due"].as_str().unwrap().replace('-', "");
            (format!("{}@repbook", f["id"].as_str().unwrap()), due)
        })
        .collect();
    assert_eq!(want.len(), 2);
    assert_eq!(todos, want);
    let visits = env.json(&["visit", "list", &c]);
    let mut want_events: Vec<String> =
        visits.as_array().unwrap().iter().map(|v| format!("{}@repbook", v["id"].as_str().unwrap())).collect();
    let mut got_events: Vec<String> = events.iter().map(|e| e.0.clone()).collect();
    want_events.sort();
    got_events.sort();
    assert_eq!(got_events, want_events, "each event carries its own visit's id");
    // Export again after an edit: same UIDs, so calendars update in place.
    let visit = env.json(&["visit", "list", &c])[0]["id"].as_str().unwrap().to_string();
    env.ok(&["visit", "edit", &visit, "--time", "10:00"]);
    let again = env.run(&["export", "ics"]);
    let (events2, todos2) = parse(again.stdout);
    let uids = |e: &[(String, String, String, String)]| {
        e.iter().map(|x| x.0.clone()).collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(uids(&events), uids(&events2));
    assert_eq!(todos, todos2, "to-dos keep their UIDs too");
    assert!(events2.iter().any(|e| e.1.ends_with("T100000")), "{events2:?}");
}

#[test]
fn a_plan_can_start_from_the_purpose_templates_in_the_users_language() {
    let env = Env::new();
    let c = env.json(&["customer", "add", "x"])["id"].as_str().unwrap().to_string();
    env.ok(&["--lang", "zh-CN", "visit", "plan", &c, "--purposes", "催款", "--template", "--goal", "本月回款5万"]);
    let v = &env.json(&["visit", "list", &c])[0];
    assert_eq!(v["goal"], "本月回款5万", "what the user gave wins");
    assert!(v["materials"].as_str().unwrap().contains("对账单"), "{v}");
    assert!(v["commitment_ask"].as_str().is_some());
    // The user's own templates file overrides the built-in one.
    let cfg = env.dir.path().join("config").join("repbook");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("templates.toml"), "[en.collect_payment]\nmaterials = \"my own checklist\"\n").unwrap();
    env.ok(&["--lang", "en", "visit", "plan", &c, "--purposes", "collect_payment", "--template", "--date", "tomorrow"]);
    let plans = env.json(&["visit", "list", &c]);
    assert!(plans.as_array().unwrap().iter().any(|p| p["materials"] == "my own checklist"), "{plans}");
}

#[test]
fn the_followup_life_cycle_cannot_be_bypassed_by_add_or_edit() {
    let env = Env::new();
    let c = env.json(&["customer", "add", "长沙华大"])["id"].as_str().unwrap().to_string();
    // Created already dropped (or done): refused, nothing made.
    for status in ["dropped", "done"] {
        let (code, err) = failure(&env.run(&["followup", "add", &c, "催款", "--status", status, "--reason", "x"]));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("starts open"), "{err}");
    }
    assert!(env.json(&["followup", "list", "--all"]).as_array().unwrap().is_empty());
    // A new follow-up gets the same defaults as in the interface: open, manual, due today.
    let f = env.json(&["followup", "add", &c, "催款"])["id"].as_str().unwrap().to_string();
    let got = env.json(&["followup", "show", &f]);
    assert_eq!((got["status"].as_str(), got["source"].as_str()), (Some("open"), Some("manual")));
    assert!(got["due"].as_str().is_some());
    // Dropped by edit without a reason: refused; with one: fine.
    let (code, err) = failure(&env.run(&["followup", "edit", &f, "--status", "dropped"]));
    assert_eq!(code, 2);
    assert!(err.contains("reason"), "{err}");
    assert_eq!(env.json(&["followup", "show", &f])["status"], "open");
    env.ok(&["followup", "edit", &f, "--status", "dropped", "--reason", "客户已结清"]);
    // Reopened by edit: refused, it stays dropped.
    let (code, err) = failure(&env.run(&["followup", "edit", &f, "--status", "open"]));
    assert_eq!(code, 2);
    assert!(err.contains("final"), "{err}");
    assert_eq!(env.json(&["followup", "show", &f])["status"], "dropped");
    // A done one cannot be reopened either.
    let g = env.json(&["followup", "add", &c, "寄样品"])["id"].as_str().unwrap().to_string();
    env.ok(&["followup", "done", &g]);
    let (code, _) = failure(&env.run(&["followup", "edit", &g, "--status", "open"]));
    assert_eq!(code, 2);
}

#[test]
fn logging_a_visit_twice_from_the_cli_makes_its_followups_once() {
    let env = Env::new();
    let c = env.json(&["customer", "add", "重庆恒达"])["id"].as_str().unwrap().to_string();
    let log = |extra: &[&str]| {
        let mut args = vec!["visit", "log", c.as_str(), "--next-step", "寄合同 @ 2026-12-01\n约技术交流 @ 2026-12-03"];
        args.extend_from_slice(extra);
        env.json(&args)
    };
    let first = log(&[]);
    let visit = first["id"].as_str().unwrap().to_string();
    assert_eq!(first["followups"].as_array().unwrap().len(), 2);
    assert_eq!(first["followups"][0]["what"], "寄合同");
    assert_eq!(first["followups"][0]["due"], "2026-12-01");
    assert_eq!(first["late"], false);
    let again = log(&["--plan", &visit]);
    assert_eq!(again["id"], visit.as_str());
    assert!(again["followups"].as_array().unwrap().iter().all(|f| f["new"] == false));
    assert_eq!(env.json(&["followup", "list"]).as_array().unwrap().len(), 2, "no duplicates");
    // Text output prints from the same outcome.
    let text = env.ok(&["visit", "log", &c, "--plan", &visit, "--next-step", "寄合同 @ 2026-12-01"]);
    assert!(text.contains("寄合同") && text.contains("2026-12-01"), "{text}");
    assert_eq!(env.json(&["followup", "list"]).as_array().unwrap().len(), 2);
}

#[test]
fn customers_filter_by_due_state_as_the_list_does() {
    let env = Env::new();
    // Never contacted, class A: owed from the day added (today) → due.
    let a = env.json(&["customer", "add", "重庆恒达", "--purchase", "4", "--potential", "4"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let b = env.json(&["customer", "add", "长沙华大"])["id"].as_str().unwrap().to_string();
    env.ok(&["visit", "log", &b, "--kind", "visit"]);
    let ids = |state: &str| -> Vec<String> {
        env.json(&["customer", "list", "--due", state])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("due"), std::slice::from_ref(&a));
    // `customer show` names the same standing the list and the dossier show.
    let shown = env.ok(&["customer", "show", &a]);
    assert!(shown.contains("call due") || shown.contains("visit due"), "{shown}");
    assert_eq!(env.json(&["customer", "show", &a])["standing"]["visits"]["overdue_days"], 0);
    assert_eq!(ids("ok"), [b]);
    assert!(ids("overdue").is_empty());
    let (code, err) = failure(&env.run(&["customer", "list", "--due", "soon"]));
    assert_eq!(code, 2);
    assert!(err.contains("soon"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn opening_the_archive_again_in_one_process_keeps_sqlites_locks() {
    // Closing any descriptor of a file drops every POSIX lock the process
    // holds on it, SQLite's included. A second open that touched the file
    // itself (the interface's second-thread loader opens the archive again)
    // left the first connection without its lock: another process closing
    // could then take the archive for its last user, checkpoint and delete
    // the WAL under the first connection, and its later writes were lost.
    use std::os::unix::fs::MetadataExt;
    let env = Env::new();
    env.ok(&["customer", "add", "first"]);
    let open = || {
        repbook::store::Store::open(
            &env.db(),
            repbook::store::OpenMode::Write,
            std::sync::Arc::new(repbook::clock::SystemClock),
            repbook::domain::pinyin::Romanizer::default(),
        )
        .unwrap()
    };
    let held_locks = || {
        let ino = std::fs::metadata(env.db()).unwrap().ino();
        let pid = std::process::id().to_string();
        std::fs::read_to_string("/proc/locks")
            .unwrap()
            .lines()
            .filter(|l| l.contains(&format!(":{ino} ")) && l.split_whitespace().any(|w| w == pid))
            .count()
    };
    let mut held = open();
    let value = |name: &str| vec![("name", repbook::domain::fields::Value::Text(name.into()))];
    held.write(|w| w.insert(&repbook::domain::schema::CUSTOMER, &value("while held"))).unwrap();
    let before = held_locks();
    assert!(before > 0, "an open WAL connection holds a read lock on the archive");
    drop(open());
    assert_eq!(held_locks(), before, "a second open in the same process keeps the first one's lock");
    env.ok(&["customer", "list"]);
    held.write(|w| w.insert(&repbook::domain::schema::CUSTOMER, &value("after"))).unwrap();
    let list = env.ok(&["customer", "list"]);
    assert!(list.contains("while held") && list.contains("after"), "{list}");
}

#[test]
fn read_commands_do_not_wait_for_a_writer() {
    let env = Env::new();
    let c = env.json(&["customer", "add", "重庆恒达"])["id"].as_str().unwrap().to_string();
    // A payment due in two days: `due` wants to make its follow-up (a
    // birthday's is made as the person is saved).
    let due = (chrono::Local::now().date_naive() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
    env.ok(&["trade", "add", &c, "--kind", "order", "--amount", "12,000", "--due", &due]);
    let birthday = (chrono::Local::now().date_naive() + chrono::Duration::days(20)).format("%m-%d").to_string();
    env.ok(&["person", "add", &c, "王建华", "--birthday", &birthday]);
    // Another process is in the middle of a long write.
    let writer = rusqlite::Connection::open(env.db()).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE; UPDATE meta SET value = value WHERE key = 'dataset_id';").unwrap();
    for args in [&["customer", "list"][..], &["search", "cqhd"], &["due"]] {
        let out = env.run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    // `due` still showed the agenda, and says the follow-up comes later.
    let out = env.run(&["due"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("next run"), "{}", String::from_utf8_lossy(&out.stderr));
    writer.execute_batch("COMMIT").unwrap();
    env.ok(&["due"]);
    assert_eq!(env.json(&["followup", "list"]).as_array().unwrap().len(), 1, "made on the next run");
}

#[test]
fn a_visit_is_held_only_once_its_day_has_come_by_plan_or_edit() {
    let env = Env::new();
    let c = env.json(&["customer", "add", "重庆恒达"])["id"].as_str().unwrap().to_string();
    let (code, err) = failure(&env.run(&["visit", "plan", &c, "--date", "in 5 days", "--status", "done"]));
    assert_eq!(code, 2);
    let last = err.lines().last().unwrap_or("");
    assert!(last.contains("has not happened yet") && !last.contains("--"), "one rule, no CLI flag named: {err}");
    assert!(env.json(&["visit", "list", &c]).as_array().unwrap().is_empty(), "nothing written");
    assert_eq!(
        env.json(&["customer", "show", &c])["standing"]["visits"]["last"],
        Json::Null,
        "no contact in the future"
    );
    let plan = env.json(&["visit", "plan", &c, "--date", "in 5 days"])["id"].as_str().unwrap().to_string();
    let (code, err) = failure(&env.run(&["visit", "edit", &plan, "--status", "done"]));
    assert_eq!(code, 2);
    assert!(err.contains("has not happened yet"), "{err}");
    assert_eq!(env.json(&["visit", "show", &plan])["status"], "planned");
}

#[test]
fn a_next_step_edited_on_a_done_visit_becomes_a_followup() {
    let env = Env::new();
    let c = env.json(&["customer", "add", "重庆恒达"])["id"].as_str().unwrap().to_string();
    let v = env.json(&["visit", "log", &c, "--outcome", "met"])["id"].as_str().unwrap().to_string();
    let said = env.ok(&["visit", "edit", &v, "--next-step", "Secret step @ tomorrow"]);
    assert!(said.contains("Follow-up added: Secret step"), "the edit says so: {said}");
    let list = env.json(&["followup", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["what"], "Secret step");
    // A step with no date is refused, as a log refuses it.
    let (code, err) = failure(&env.run(&["visit", "edit", &v, "--next-step", "Another step"]));
    assert_eq!(code, 2);
    assert!(err.contains("Another step"), "{err}");
}

#[test]
fn logging_again_says_what_became_of_each_step() {
    let env = Env::new();
    let c = env.json(&["customer", "add", "重庆恒达"])["id"].as_str().unwrap().to_string();
    let first = env.json(&["visit", "log", &c, "--next-step", "Send contract @ tomorrow\nCall CFO @ in 3 days"]);
    let v = first["id"].as_str().unwrap().to_string();
    env.ok(&["followup", "done", first["followups"][0]["id"].as_str().unwrap()]);
    let steps = "Book demo @ tomorrow\nSend contract @ tomorrow\nCall CFO @ in 3 days";
    let text = env.ok(&["visit", "log", &c, "--plan", &v, "--next-step", steps]);
    assert!(text.contains("Follow-up added: Book demo"), "{text}");
    assert!(text.contains("Follow-up kept: Call CFO"), "{text}");
    assert!(!text.contains("added: Call CFO") && !text.contains("Send contract"), "{text}");
    let all = env.json(&["followup", "list", "--all"]);
    let mut whats: Vec<(&str, &str)> =
        all.as_array().unwrap().iter().map(|f| (f["what"].as_str().unwrap(), f["status"].as_str().unwrap())).collect();
    whats.sort_unstable();
    assert_eq!(whats, [("Book demo", "open"), ("Call CFO", "open"), ("Send contract", "done")]);
    // Only one step left: nothing made, the other kept and said so.
    let out = env.json(&["visit", "log", &c, "--plan", &v, "--next-step", "Book demo @ tomorrow"]);
    assert_eq!(out["followups"][0]["change"], "kept");
    assert_eq!(out["no_longer_steps"][0]["what"], "Call CFO");
    let text = env.ok(&["visit", "log", &c, "--plan", &v, "--next-step", "Book demo @ tomorrow"]);
    assert!(text.contains("no longer written: Call CFO"), "{text}");
    assert_eq!(env.json(&["followup", "list", "--all"]).as_array().unwrap().len(), 3);
}

#[test]
fn a_dropped_followups_reason_cannot_be_cleared() {
    let env = Env::new();
    let c = env.json(&["customer", "add", "长沙华大"])["id"].as_str().unwrap().to_string();
    let f = env.json(&["followup", "add", &c, "催款"])["id"].as_str().unwrap().to_string();
    env.ok(&["followup", "drop", &f, "--reason", "why"]);
    let (code, err) = failure(&env.run(&["followup", "edit", &f, "--reason", ""]));
    assert_eq!(code, 2);
    assert!(err.contains("reason"), "{err}");
    assert_eq!(env.json(&["followup", "show", &f])["reason"], "why");
}

#[test]
fn the_agendas_overdue_heading_says_how_many_in_all_only_when_it_cuts_the_list() {
    let env = Env::new();
    env.ok(&["demo", "--customers", "40"]);
    let text = env.ok(&["due"]);
    let agenda = env.json(&["due"]);
    let (shown, total) = (agenda["overdue"].as_array().unwrap().len(), agenda["overdue_total"].as_u64().unwrap());
    let heading = text.lines().find(|l| l.starts_with("Customers overdue")).unwrap_or_else(|| panic!("{text}"));
    assert_eq!(heading.contains("in all"), (shown as u64) < total, "{heading} ({shown} of {total})");
}
