//! Dates typed on the command line (issue 9 §3.2): a time typed with a
//! visit's date fills its time or is refused, never dropped; a date field
//! with no time refuses one; a visit's date follows its status (held looks
//! back, planned forward) in `visit add`, `visit log` and `visit edit`.
//! The real binary runs on the system clock: what a phrase means is worked
//! out with the same parser against the same today.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/cli.rs"]
mod cli_env;
use chrono::NaiveDate;
use cli_env::{Env, failure};
use repbook::domain::dates;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// `fri` looking forward (a plan) and back (a visit held).
fn friday() -> (String, String) {
    let ahead = dates::resolve("fri", today()).unwrap().to_string();
    let back = dates::looking_back(|| dates::resolve("fri", today())).unwrap().to_string();
    (ahead, back)
}

#[test]
fn a_time_typed_with_a_visits_date_fills_its_time_or_is_refused() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "华为"]);
    let tomorrow = dates::resolve("tomorrow", today()).unwrap().to_string();
    let v = env.id(&["visit", "plan", &c, "--date", "tomorrow 3pm"]);
    let shown = env.json(&["visit", "show", &v]);
    assert_eq!((shown["date"].as_str(), shown["time"].as_str()), (Some(tomorrow.as_str()), Some("15:00")));
    // The echo shows the time with the day.
    let said = env.ok(&["visit", "plan", &c, "--date", "fri 3pm"]);
    assert!(
        said.contains(&format!("fri 3pm → {}", dates::with_weekday(dates::resolve("fri", today()).unwrap()))),
        "{said}"
    );
    assert!(said.contains("15:00"), "{said}");
    let v = env.id(&["visit", "plan", &c, "--date", "明天下午3点", "--time", "15:00"]);
    assert_eq!(env.json(&["visit", "show", &v])["time"], "15:00", "the same time twice is no clash");
    // Another time in --time: refused, nothing written.
    let before = env.json(&["visit", "list", &c]).as_array().unwrap().len();
    let (code, err) = failure(&env.run(&["visit", "plan", &c, "--date", "fri 3pm", "--time", "10:00"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("15:00") && err.contains("the visit's time"), "{err}");
    assert_eq!(env.json(&["visit", "list", &c]).as_array().unwrap().len(), before);
    // An edit: the stored time clashes; an empty one is filled.
    let (code, err) = failure(&env.run(&["visit", "edit", &v, "--date", "fri 4pm"]));
    assert_eq!(code, 2, "{err}");
    assert_eq!(env.json(&["visit", "show", &v])["time"], "15:00", "kept");
    let bare = env.id(&["visit", "plan", &c, "--date", "tomorrow"]);
    env.ok(&["visit", "edit", &bare, "--date", "fri 4pm"]);
    let shown = env.json(&["visit", "show", &bare]);
    assert_eq!((shown["date"].as_str(), shown["time"].as_str()), (Some(friday().0.as_str()), Some("16:00")));
}

#[test]
fn a_date_with_no_time_beside_it_refuses_a_time_saying_it_cannot_be_kept() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "华为"]);
    let (code, err) = failure(&env.run(&["followup", "add", &c, "寄合同", "--due", "fri 3pm"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("day only") && err.contains("15:00") && err.contains("(fri)"), "{err}");
    assert!(env.json(&["followup", "list", &c]).as_array().unwrap().is_empty(), "nothing written");
    let f = env.id(&["followup", "add", &c, "寄合同", "--due", "fri"]);
    let (code, err) = failure(&env.run(&["followup", "snooze", &f, "--until", "明天下午3点"]));
    assert_eq!(code, 2, "{err}");
    let (code, err) = failure(&env.run(&["person", "add", &c, "王强", "--birthday", "11月26日 下午3点"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("day only"), "{err}");
}

#[test]
fn a_visits_date_follows_its_status_wherever_it_is_typed() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "华为"]);
    let (ahead, back) = friday();
    // Held: looks back, and is not refused as "has not happened yet".
    let held = env.id(&["visit", "add", &c, "--status", "done", "--date", "fri"]);
    assert_eq!(env.json(&["visit", "show", &held])["date"], back.as_str());
    let held = env.id(&["visit", "add", &c, "--status", "已完成", "--date", "周五"]);
    assert_eq!(env.json(&["visit", "show", &held])["date"], back.as_str(), "the status by its Chinese label");
    // Planned, or no status (a plan): forward.
    let plan = env.id(&["visit", "add", &c, "--date", "fri"]);
    assert_eq!(env.json(&["visit", "show", &plan])["date"], ahead.as_str());
    let plan = env.id(&["visit", "add", &c, "--status", "planned", "--date", "fri"]);
    assert_eq!(env.json(&["visit", "show", &plan])["date"], ahead.as_str());
    // Logged: held, back.
    let logged = env.json(&["visit", "log", &c, "--date", "fri", "--outcome", "met"]);
    let logged = logged["id"].as_str().unwrap();
    assert_eq!(env.json(&["visit", "show", logged])["date"], back.as_str());
    // An edit follows the stored status, or the one typed with it.
    env.ok(&["visit", "edit", &plan, "--date", "fri"]);
    assert_eq!(env.json(&["visit", "show", &plan])["date"], ahead.as_str());
    env.ok(&["visit", "edit", logged, "--date", "fri"]);
    assert_eq!(env.json(&["visit", "show", logged])["date"], back.as_str());
}
