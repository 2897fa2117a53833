//! Issue 12 §4: the calendar, written with the `icalendar` crate and read
//! back by an independent parser (the `ical` crate): alarms, follow-ups as
//! all-day events, one customer's, and a file kept current for a calendar
//! app that subscribes to it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/cli.rs"]
mod cli_env;
use cli_env::Env;

type Cal = ical::parser::ical::component::IcalCalendar;

fn parse(text: &str) -> Cal {
    ical::IcalParser::new(std::io::BufReader::new(text.as_bytes())).next().unwrap().unwrap()
}

fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> Option<&'a str> {
    props.iter().find(|p| p.name == name).and_then(|p| p.value.as_deref())
}

fn archive(env: &Env) -> (String, String) {
    let a = env.id(&["customer", "add", "厦门永兴物流有限公司"]);
    let b = env.id(&["customer", "add", "成都机电"]);
    env.ok(&["visit", "plan", &a, "--date", "2026-12-05", "--time", "9:30", "--goal", &"回款".repeat(40)]);
    env.ok(&["visit", "plan", &b, "--date", "2026-12-07"]);
    env.ok(&["followup", "add", &a, "寄合同", "--due", "2026-12-01"]);
    (a, b)
}

#[test]
fn visits_remind_before_and_follow_ups_are_all_day_with_an_alarm_that_morning() {
    let env = Env::new();
    let (a, _) = archive(&env);
    let text = env.ok(&["export", "ics"]);
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let cal = parse(&text);
    assert_eq!(prop(&cal.properties, "PRODID"), Some("-//repbook//repbook//EN"));
    assert_eq!(cal.events.len(), 3);
    let timed = cal.events.iter().find(|e| prop(&e.properties, "DTSTART") == Some("20261205T093000")).unwrap();
    assert_eq!(timed.alarms.len(), 1);
    assert_eq!(prop(&timed.alarms[0].properties, "TRIGGER"), Some("-PT1800S"));
    assert_eq!(prop(&timed.alarms[0].properties, "ACTION"), Some("DISPLAY"));
    assert!(prop(&timed.properties, "DESCRIPTION").unwrap().contains(&"回款".repeat(40)), "unfolded whole");
    let day = cal.events.iter().find(|e| prop(&e.properties, "DTSTART") == Some("20261207")).unwrap();
    assert_eq!(prop(&day.properties, "DTEND"), Some("20261208"), "an all-day visit ends the next day");
    assert!(day.alarms.is_empty(), "no time, no alarm before it");
    let f = cal.events.iter().find(|e| prop(&e.properties, "CATEGORIES").is_some()).unwrap();
    assert_eq!(prop(&f.properties, "DTSTART"), Some("20261201"));
    assert_eq!(prop(&f.properties, "DTEND"), Some("20261202"));
    assert_eq!(prop(&f.properties, "SUMMARY"), Some("厦门永兴物流有限公司: 寄合同"));
    assert_eq!(prop(&f.alarms[0].properties, "TRIGGER"), Some("PT32400S"), "09:00 on the day");

    let again = env.ok(&["export", "ics"]);
    let stable = |s: &str| s.lines().filter(|l| !l.starts_with("DTSTAMP")).collect::<Vec<_>>().join("\n");
    assert_eq!(stable(&again), stable(&text), "the same archive, the same calendar (alarms too)");
    let one = parse(&env.ok(&["export", "ics", "--customer", &a]));
    assert_eq!(one.events.len(), 2, "one customer's visits and follow-ups");
}

#[test]
fn a_subscribed_calendar_file_is_kept_current_and_alarms_can_be_off() {
    let env = Env::new();
    let ics = env.dir.path().join("cal").join("repbook.ics");
    std::fs::create_dir_all(ics.parent().unwrap()).unwrap();
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, format!("[calendar]\nics = {:?}\nalarm_minutes = 0\n", ics.to_str().unwrap())).unwrap();
    let with = |args: &[&str]| env.ok(&[&["--config", config.to_str().unwrap()], args].concat());
    let c = with(&["customer", "add", "重庆钢铁", "--json"]);
    let c: serde_json::Value = serde_json::from_str(&c).unwrap();
    let c = c["id"].as_str().unwrap().to_string();
    assert!(ics.exists(), "written after the first change");
    assert!(parse(&std::fs::read_to_string(&ics).unwrap()).events.is_empty());
    with(&["followup", "add", &c, "报价", "--due", "2026-12-02"]);
    let cal = parse(&std::fs::read_to_string(&ics).unwrap());
    assert_eq!(cal.events.len(), 1, "the new follow-up is in the file");
    assert!(cal.events[0].alarms.is_empty(), "alarm_minutes = 0: no alarms");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&ics).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // A file that would replace the archive is refused, and the command
    // still succeeds.
    let bad = env.dir.path().join("bad.toml");
    std::fs::write(&bad, format!("[calendar]\nics = {:?}\n", env.db().to_str().unwrap())).unwrap();
    let out = env.run(&["--config", bad.to_str().unwrap(), "customer", "add", "另一家"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not be brought up to date"));
    assert_eq!(&std::fs::read(env.db()).unwrap()[..16], b"SQLite format 3\0");
}
