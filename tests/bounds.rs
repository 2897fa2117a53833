//! Issue 8 §1: no panic (exit 101) anywhere on what a user types. Each
//! reported fault, end to end: the CLI answers exit 2 and one sentence,
//! the interface keeps the form open with the error at the field, and an
//! archive written before the bounds (a rare norm, a far date) still opens.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::i18n::{Lang, set_lang};
use std::path::Path;
use support::{ctrl, key, list_app, screen, typed};

/// The reported relative dates: each panicked in every date argument, or
/// (the last) was stored as `+59522-12-11`.
const FAR: [&str; 5] =
    ["in 99999999 days", "99999999天后", "in 9223372036854775807 days", "99999999周后", "in 3000000 weeks"];

#[path = "support/cli.rs"]
mod cli_env;

/// The shared CLI runner, plus a check that a value is refused.
struct Env(cli_env::Env);

impl std::ops::Deref for Env {
    type Target = cli_env::Env;
    fn deref(&self) -> &cli_env::Env {
        &self.0
    }
}

impl Env {
    fn new() -> Self {
        Self(cli_env::Env::new())
    }

    /// Exit 2 and one sentence on stderr that contains `needle`.
    fn refused(&self, args: &[&str], needle: &str) {
        let out = self.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: one sentence: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn far_relative_dates_are_refused_in_every_date_argument() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "远方贸易"]);
    let f = env.id(&["followup", "add", &c, "寄样品", "--due", "tomorrow"]);
    for far in FAR {
        env.refused(&["trade", "add", &c, "--kind", "order", "--date", far], "1900-01-01 to 2200-12-31");
        env.refused(&["visit", "plan", &c, "--date", far], "1900-01-01 to 2200-12-31");
        env.refused(&["followup", "snooze", &f, "--until", far], "1900-01-01 to 2200-12-31");
        env.refused(&["followup", "reschedule", &f, "--to", far], "1900-01-01 to 2200-12-31");
        env.refused(&["followup", "add", &c, "催款", "--due", far], "1900-01-01 to 2200-12-31");
        env.refused(&["visit", "log", &c, "--outcome", "met", "--next-step", "回访", "--next-date", far], "2200-12-31");
        env.refused(&["visit", "log", &c, "--outcome", "met", "--next-step", &format!("回访 @ {far}")], "回访");
    }
    let (_, zh) = {
        let out = env.run(&["--lang", "zh-CN", "visit", "plan", &c, "--date", "in 3000000 weeks"]);
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    assert!(zh.contains("1900-01-01 至 2200-12-31"), "{zh}");
    // Nothing far was stored: the calendar export still reads back.
    let ics = env.ok(&["export", "ics"]);
    assert!(!ics.contains("+5"), "{ics}");
    assert!(env.ok(&["visit", "list", &c, "--json"]).trim() == "[]");
}

#[test]
fn a_norm_rarer_than_ten_years_is_refused_and_due_runs() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "稀客公司"]);
    for rare in ["1 per 300000 years", "1 per 4294967295 years", "1 per 11 years"] {
        env.refused(&["customer", "edit", &c, "--visit-norm", rare], "no rarer than 1 per 10 years");
        env.refused(&["customer", "edit", &c, "--call-norm", rare], "no rarer than 1 per 10 years");
    }
    env.ok(&["customer", "edit", &c, "--visit-norm", "1 per 10 years"]);
    env.ok(&["due"]);
    // In the config: the file and line, in one sentence.
    let cfg = env.dir.path().join("config.toml");
    std::fs::write(&cfg, "[cadence.C]\ncalls = \"1 per 2 weeks\"\nvisits = \"1 per 300000 years\"\n").unwrap();
    env.refused(&["--config", cfg.to_str().unwrap(), "due"], "line 3");
    std::fs::write(&cfg, "cadence.C.visits = \"1 per 4294967295 years\"\ncadence.C.calls = \"1/week\"\n").unwrap();
    env.refused(&["--config", cfg.to_str().unwrap(), "due"], "3650 days");
}

#[test]
fn an_archive_written_before_the_bounds_still_opens() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "旧档案公司"]);
    env.ok(&["visit", "log", &c, "--date", "today", "--outcome", "met"]);
    // As an older build could have stored them.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute("UPDATE customer SET visit_norm = '1 per 300000 years', call_norm = '1 per 4294967295 years'", [])
        .unwrap();
    conn.execute("UPDATE visit SET date = '+262142-12-31'", []).unwrap();
    drop(conn);
    env.ok(&["due"]);
    env.ok(&["customer", "show", &c]);
    env.ok(&["customer", "list", "--due", "overdue"]);
    env.ok(&["export", "ics"]);
}

#[test]
fn money_is_never_negative_and_owed_never_wraps() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "大单公司"]);
    for bad in ["--amount=-5", "--amount=-0.01", "--amount=100000000000.01", "--amount=92233720368547758.07"] {
        env.refused(&["trade", "add", &c, "--kind", "order", "--date", "today", bad], "from 0 to 100,000,000,000.00");
    }
    for _ in 0..2 {
        env.ok(&["trade", "add", &c, "--kind", "order", "--date", "today", "--amount", "100,000,000,000"]);
    }
    let shown: serde_json::Value = serde_json::from_str(&env.ok(&["customer", "show", &c, "--json"])).unwrap();
    assert_eq!(shown["owed"], 20_000_000_000_000_i64);
    assert!(env.ok(&["customer", "show", &c]).contains("200,000,000,000.00"));
    // The largest amount is shown whole in a record's line, not cut.
    assert!(env.ok(&["trade", "list", &c]).contains("100,000,000,000.00"));
}

/// The Records tab of the first customer, with a new order's form open and
/// its date field focused and emptied.
fn order_form() -> repbook::tui::App {
    let mut a = list_app(2);
    key(&mut a, KeyCode::Enter);
    while a.tab() != Some(repbook::tui::Tab::Records) {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Right); // kind: order
    let at = a.tabs_to_field("date");
    for _ in 0..at {
        key(&mut a, KeyCode::Tab);
    }
    ctrl(&mut a, 'a');
    ctrl(&mut a, 'k');
    a
}

#[test]
fn a_far_date_in_a_form_keeps_it_open_with_the_error_at_the_field() {
    for (lang, needle) in [(Lang::En, "1900-01-01 to 2200-12-31"), (Lang::ZhCn, "1900-01-01 至 2200-12-31")] {
        set_lang(lang);
        for far in FAR {
            let mut a = order_form();
            let trades = a.dossier().unwrap().dossier.trades.len();
            typed(&mut a, far);
            screen(&mut a, 120, 40); // the hint under the field is drawn as it is typed
            ctrl(&mut a, 's');
            assert!(a.status.error && a.status.text.contains(needle), "{far}: {:?}", a.status);
            assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Form(_))), "{far}: the form stays open");
            let text = screen(&mut a, 120, 40);
            assert!(text.contains(far), "{far}: what was typed is kept:\n{text}");
            assert!(text.contains("2200-12-31"), "{far}: the error at the field:\n{text}");
            assert_eq!(a.dossier().unwrap().dossier.trades.len(), trades, "nothing saved");
        }
    }
}

#[test]
fn a_rare_norm_or_a_negative_amount_in_a_form_is_refused_at_the_field() {
    set_lang(Lang::En);
    let mut a = list_app(2);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('e'));
    let at = a.tabs_to_field("visit_norm");
    for _ in 0..at {
        key(&mut a, KeyCode::Tab);
    }
    ctrl(&mut a, 'a');
    ctrl(&mut a, 'k');
    typed(&mut a, "1 per 300000 years");
    ctrl(&mut a, 's');
    assert!(a.status.error && a.status.text.contains("no rarer than 1 per 10 years"), "{:?}", a.status);
    assert!(a.overlay.is_some(), "the form stays open");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Enter); // leave without saving, if asked
    let mut a = order_form();
    typed(&mut a, "today");
    let amount = a.tabs_to_field("amount");
    for _ in 0..amount {
        key(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "-5");
    ctrl(&mut a, 's');
    assert!(a.status.error && a.status.text.contains("from 0 to"), "{:?}", a.status);
    assert!(a.overlay.is_some(), "the form stays open");
}

#[test]
fn the_interface_starts_over_an_archive_with_a_rare_norm_stored() {
    use repbook::clock::FixedClock;
    use repbook::domain::pinyin::Romanizer;
    use repbook::store::{OpenMode, Store};
    use std::sync::Arc;
    set_lang(Lang::En);
    repbook::store::set_issued_dir(Some(std::env::temp_dir().join("repbook-tests-issued")));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
    let open = |p: &Path| Store::open(p, OpenMode::Write, clock.clone(), Romanizer::default()).unwrap();
    {
        let mut store = open(&path);
        repbook::demo::generate(&mut store, 5, repbook::demo::SEED).unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE customer SET visit_norm = '1 per 300000 years', call_norm = '1 per 4294967295 years'", [])
        .unwrap();
    drop(conn);
    let config = repbook::config::Config::default();
    let keys = repbook::tui::Keymap::default();
    let mut a =
        repbook::tui::App::new(open(&path), config, keys, "old".into(), repbook::tui::Theme::plain(), None).unwrap();
    screen(&mut a, 120, 40);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    assert!(a.dossier().is_some());
    screen(&mut a, 120, 40);
}
