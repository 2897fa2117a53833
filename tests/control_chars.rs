//! Issue 8 §2: control characters never reach a terminal. Text is cleaned
//! where it enters the store; text output escapes what an older archive
//! still holds; `--json` stays exact; `export ics` writes clean text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{memory, open, sample_raw, text};
use repbook::Error;
use repbook::domain::clean::{clean_text, has_visible};
use repbook::domain::fields::{Kind, Value};
use repbook::domain::schema::{COMPETITOR, CUSTOMER, FOLLOWUP, OPPORTUNITY, PERSON, TRADE, Table, VISIT};
use rusqlite::Connection;

/// Retitle the terminal, ask it to type its cursor position into the
/// shell, write the clipboard (OSC 52), a C1 CSI, bidi override and
/// isolate, a mark, DEL and a byte-order mark.
const NASTY: &str =
    "\u{1b}]0;PWNED\u{7}\u{1b}[6n\u{1b}]52;c;ZWNobw==\u{7}\u{9b}31m\u{202e}\u{2066}\u{200f}\u{7f}\u{feff}";

/// A character that must never be shown raw: a control (C0, DEL, C1) other
/// than a newline (and a tab where `tab` is true), or a bidi control.
fn forbidden(c: char, tab: bool) -> bool {
    (c.is_control() && c != '\n' && !(tab && c == '\t'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

fn assert_stored_clean(what: &str, s: &str, multiline: bool) {
    for c in s.chars() {
        assert!(!forbidden(c, multiline) && c != '\u{feff}', "{what} stored {c:?} in {s:?}");
        assert!(multiline || (c != '\n' && c != '\t'), "{what} is one line but holds {c:?}");
    }
}

/// Every field of `table` with a valid value; the text ones carry [`NASTY`]
/// and line breaks.
fn nasty_record(table: &Table, parent: Option<&str>, n: usize) -> Vec<(&'static str, Value)> {
    table
        .fields
        .iter()
        .map(|spec| {
            let v = match (spec.name, spec.kind, parent) {
                ("customer_id", _, Some(p)) => text(p),
                // A held visit's steps are read for dates: a plain line.
                // A visit names an opportunity by its id (none here).
                ("next_step" | "opportunity" | "opportunity_stage", _, _) => Value::Null,
                (_, Kind::Text | Kind::Long, _) => {
                    Value::Text(format!("{}{NASTY}\r\nend\tx", sample_raw(spec, n).replace('\n', " ")))
                }
                _ => spec.parse(&sample_raw(spec, n)).unwrap(),
            };
            (spec.name, v)
        })
        .collect()
}

fn check_entity(table: &Table, e: &repbook::domain::entity::Entity, raw: &[(&'static str, Value)]) {
    for spec in table.fields.iter().filter(|f| matches!(f.kind, Kind::Text | Kind::Long)) {
        let Some(Value::Text(sent)) = raw.iter().find(|(f, _)| *f == spec.name).map(|(_, v)| v) else { continue };
        let got = e.text(spec.name).unwrap_or_default();
        let multiline = spec.kind == Kind::Long;
        assert_stored_clean(&format!("{}.{}", table.name, spec.name), got, multiline);
        assert_eq!(got, clean_text(sent, multiline), "{}.{}", table.name, spec.name);
        let tail = if multiline { "\nend\tx" } else { " end x" };
        assert!(got.ends_with(tail), "{}.{} = {got:?}", table.name, spec.name);
    }
}

#[test]
fn every_text_field_of_every_table_is_cleaned_on_insert_and_update() {
    let mut store = memory();
    let values = nasty_record(&CUSTOMER, None, 3);
    let cid = store.write(|w| w.insert(&CUSTOMER, &values)).unwrap();
    check_entity(&CUSTOMER, &store.get(&CUSTOMER, &cid).unwrap().unwrap(), &values);
    for (i, table) in [&PERSON, &COMPETITOR, &TRADE, &VISIT, &FOLLOWUP, &OPPORTUNITY].into_iter().enumerate() {
        let values = nasty_record(table, Some(&cid), i + 1);
        let id = store.write(|w| w.insert(table, &values)).unwrap();
        check_entity(table, &store.get(table, &id).unwrap().unwrap(), &values);
        // An update is cleaned the same way.
        let edit: Vec<_> = nasty_record(table, Some(&cid), i + 7)
            .into_iter()
            .filter(|(f, v)| *f != "customer_id" && matches!(v, Value::Text(_)))
            .filter(|(f, _)| table.field(f).is_some_and(|s| matches!(s.kind, Kind::Text | Kind::Long)))
            .collect();
        store.write(|w| w.update(table, &id, &edit)).unwrap();
        check_entity(table, &store.get(table, &id).unwrap().unwrap(), &edit);
    }
}

#[test]
fn a_name_keeps_no_line_break_and_a_note_keeps_its_lines() {
    let mut store = memory();
    let values = [("name", text("Acme\r\nTrading\t\u{1b}[2J")), ("notes", text("one\r\ntwo\tthree\u{7}"))];
    let id = store.write(|w| w.insert(&CUSTOMER, &values)).unwrap();
    let c = store.get(&CUSTOMER, &id).unwrap().unwrap();
    assert_eq!(c.title(), "Acme Trading [2J");
    assert_eq!(c.text("notes"), Some("one\ntwo\tthree"));
    // Cleaned text is NFC whatever the caller sent.
    store.write(|w| w.update(&CUSTOMER, &id, &[("city", text("Cafe\u{301}\u{202e}"))])).unwrap();
    assert_eq!(store.get(&CUSTOMER, &id).unwrap().unwrap().text("city"), Some("Caf\u{e9}"));
}

#[test]
fn a_name_made_only_of_invisible_characters_is_refused_in_one_sentence() {
    let mut store = memory();
    let invisible =
        ["\u{200b}\u{200c}\u{200d}", "\u{feff}\u{2060}", "\u{1b}\u{7}\u{202e}", "\u{301}\u{302}", " \u{3164} "];
    for name in invisible {
        let err = store.write(|w| w.insert(&CUSTOMER, &[("name", text(name))])).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{name:?}: {err:?}");
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("visible"), "{err}");
    }
    let cid = store.write(|w| w.insert(&CUSTOMER, &[("name", text("Acme"))])).unwrap();
    let err = store.write(|w| w.update(&CUSTOMER, &cid, &[("name", text("\u{200b}"))])).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert_eq!(store.get(&CUSTOMER, &cid).unwrap().unwrap().title(), "Acme");
    for (table, field) in [(&PERSON, "name"), (&COMPETITOR, "product")] {
        let values = [("customer_id", text(&cid)), (field, text("\u{200b}\u{1b}"))];
        assert!(store.write(|w| w.insert(table, &values)).is_err(), "{}", table.name);
    }
    // A visible character among invisible ones is a name.
    assert!(has_visible("\u{200b}王"));
    store.write(|w| w.insert(&CUSTOMER, &[("name", text("\u{200b}王"))])).unwrap();
}

#[test]
fn the_change_log_carries_only_cleaned_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let mut store = open(&path);
    let id = store.write(|w| w.insert(&CUSTOMER, &[("name", text(&format!("Acme{NASTY}")))])).unwrap();
    store.write(|w| w.update(&CUSTOMER, &id, &[("notes", text(&format!("x{NASTY}")))])).unwrap();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let values: Vec<String> = conn
        .prepare("SELECT value FROM change_log WHERE value IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(values.iter().any(|v| v.contains("Acme")));
    for v in values {
        let parsed: serde_json::Value = serde_json::from_str(&v).unwrap();
        assert_stored_clean("change record", &parsed.to_string(), false);
        assert!(!v.contains("\\u001b") && !v.contains("\\u0007"), "{v}");
    }
}

// ---- The CLI over an archive that holds raw controls (stored before the fix).

#[path = "support/cli.rs"]
mod cli_env;

/// The shared CLI runner, whose every run must also keep stderr clean.
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

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_terminal_safe(&format!("{args:?} stderr"), &out.stderr);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn id(&self, args: &[&str]) -> String {
        let v: serde_json::Value = serde_json::from_str(&self.ok(&[args, &["--json"]].concat())).unwrap();
        v["id"].as_str().unwrap().to_string()
    }
}

/// What a terminal may be sent: no byte below 0x20 but a newline, no DEL,
/// no C1 control, no bidi control.
fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let s = std::str::from_utf8(bytes).unwrap();
    for c in s.chars() {
        assert!(!forbidden(c, false), "{what} printed {c:?}:\n{s}");
    }
}

/// A customer, a key person, a planned visit and a follow-up, then raw
/// controls written straight into the file as an older repbook (or a bug)
/// might have left them. Returns the customer's id.
fn archive_with_raw_controls(env: &Env) -> String {
    let cid = env.id(&["customer", "add", "Acme", "--city", "Xian", "--notes", "first"]);
    let tomorrow = chrono::Local::now().date_naive() + chrono::Duration::days(1);
    let birthday = tomorrow.format("%m-%d").to_string();
    env.id(&["person", "add", &cid, "Bob", "--title", "Boss", "--birthday", &birthday]);
    env.id(&["visit", "plan", &cid, "--date", "today", "--place", "HQ", "--goal", "order 5 by friday"]);
    env.id(&["followup", "add", &cid, "Call back", "--due", "today"]);
    let conn = Connection::open(env.db()).unwrap();
    let name = format!("Acme{NASTY}\nFAKE LINE");
    conn.execute("UPDATE customer SET name = ?1, city = ?2, notes = ?3", [&name, &format!("Xi{NASTY}an"), &name])
        .unwrap();
    conn.execute("UPDATE search_key SET name = ?1, display = ?1", [&name]).unwrap();
    conn.execute("UPDATE person SET name = ?1, title = ?1", [&format!("Bob{NASTY}")]).unwrap();
    conn.execute("UPDATE visit SET place = ?1, goal = ?1", [&format!("HQ{NASTY}\r\nby friday")]).unwrap();
    conn.execute("UPDATE followup SET what = ?1, reason = ?1", [&format!("Call{NASTY}\nback")]).unwrap();
    cid
}

#[test]
fn text_output_never_prints_a_stored_control_character() {
    let env = Env::new();
    let cid = archive_with_raw_controls(&env);
    for args in [
        vec!["customer", "list"],
        vec!["search", "acme"],
        vec!["customer", "show", &cid],
        vec!["due"],
        vec!["followup", "list"],
        vec!["followup", "list", &cid],
        vec!["person", "list", &cid],
    ] {
        let out = env.run(&args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_terminal_safe(&format!("{args:?}"), &out.stdout);
        assert_terminal_safe(&format!("{args:?} stderr"), &out.stderr);
        let text = String::from_utf8(out.stdout).unwrap();
        // The names are there, their controls shown, not hidden...
        let shown = ["Acme␛]0;PWNED␇", "Bob␛", "Call␛", "HQ␛"];
        assert!(shown.iter().any(|s| text.contains(s)), "{args:?} shows no stored name:\n{text}");
        assert!(!text.contains("PWNED\u{7}"));
        // ...and a name cannot forge a line of output.
        assert!(!text.lines().any(|l| l.starts_with("FAKE LINE")), "{args:?}:\n{text}");
    }
    // `customer show` keeps a note's lines, each escaped.
    let show = env.ok(&["customer", "show", &cid]);
    assert!(show.lines().any(|l| l.trim_start() == "FAKE LINE"), "{show}");
}

#[test]
fn json_output_stays_exact() {
    let env = Env::new();
    let cid = archive_with_raw_controls(&env);
    let name = format!("Acme{NASTY}\nFAKE LINE");
    for args in [vec!["customer", "show", &cid, "--json"], vec!["customer", "list", "--json"], vec!["due", "--json"]] {
        let out = env.ok(&args);
        // Exact JSON: every control is an escape (DEL, C1 and bidi too), so
        // a terminal shows no raw one, and the values parse back unchanged.
        assert_terminal_safe(&format!("{args:?}"), out.as_bytes());
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let got = match args[1] {
            "show" => &v["name"],
            "list" => &v[0]["name"],
            _ => &v["names"][&cid],
        };
        assert_eq!(got.as_str(), Some(name.as_str()), "{args:?}: {out}");
    }
}

#[test]
fn export_ics_writes_no_control_character() {
    let env = Env::new();
    archive_with_raw_controls(&env);
    let path = env.dir.path().join("agenda.ics");
    env.ok(&["export", "ics", "--out", path.to_str().unwrap()]);
    let ics = std::fs::read_to_string(&path).unwrap();
    assert!(ics.contains("SUMMARY:") && ics.contains("Acme]0\\;PWNED"), "{ics}");
    for line in ics.split("\r\n") {
        for c in line.chars() {
            assert!(!forbidden(c, false) && c != '\u{feff}', "ics line {line:?} holds {c:?}");
        }
    }
    // Stdout carries the same clean calendar.
    let stable = |s: &str| s.lines().filter(|l| !l.starts_with("DTSTAMP")).collect::<Vec<_>>().join("\n");
    assert_eq!(stable(&env.ok(&["export", "ics"])), stable(&ics));
}

#[test]
fn the_cli_cleans_arguments_and_refuses_an_invisible_name() {
    let env = Env::new();
    let cid = env.id(&["customer", "add", &format!("Acme{NASTY}"), "--notes", &format!("a{NASTY}\nb")]);
    let out = env.ok(&["customer", "show", &cid, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["name"], "Acme]0;PWNED[6n]52;c;ZWNobw==31m");
    assert_eq!(v["notes"], "a]0;PWNED[6n]52;c;ZWNobw==31m\nb");
    let out = env.run(&["customer", "add", "\u{200b}\u{feff}\u{1b}"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("visible") && err.lines().count() == 1, "{err}");
    // An error that quotes what was typed quotes it escaped.
    let out = env.run(&["customer", "add", "X", "--kind", &format!("dealer{NASTY}x")]);
    assert_eq!(out.status.code(), Some(2));
    assert_terminal_safe("a refused value", &out.stderr);
    let out = env.run(&["customer", "frobnicate", &format!("x{NASTY}")]);
    assert_eq!(out.status.code(), Some(2));
    assert_terminal_safe("a usage error", &out.stderr);
}

#[path = "support/tui.rs"]
mod support;

/// The text of `field` in the open form.
fn field_text(a: &repbook::tui::App, field: &str) -> String {
    match &a.overlay {
        Some(repbook::tui::Overlay::Form(f)) => f.fields.iter().find(|x| x.spec.name == field).unwrap().text(),
        _ => panic!("no form"),
    }
}

#[test]
fn a_paste_into_the_interface_is_cleaned_as_the_store_keeps_it() {
    use crossterm::event::{Event, KeyCode};
    use support::{ctrl, key, list_app};
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let mut a = list_app(2);
    key(&mut a, KeyCode::Char('n'));
    a.handle_event(&Event::Paste(format!("Acme{NASTY}\r\nTrading\t")));
    assert_eq!(field_text(&a, "name"), "Acme]0;PWNED[6n]52;c;ZWNobw==31m Trading ");
    // Business is the 19th field of a customer, and a multi-line one.
    for _ in 0..18 {
        key(&mut a, KeyCode::Tab);
    }
    a.handle_event(&Event::Paste(format!("one{NASTY}\r\ntwo")));
    assert_eq!(field_text(&a, "business"), "one]0;PWNED[6n]52;c;ZWNobw==31m\ntwo");
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    // The search box takes a paste on one line, cleaned.
    key(&mut a, KeyCode::Char('/'));
    a.handle_event(&Event::Paste(format!("ac{NASTY}\nme")));
    assert_eq!(a.list.query.lines().join("\n"), "ac]0;PWNED[6n]52;c;ZWNobw==31m me");
}

mod properties {
    use super::forbidden;
    use proptest::prelude::*;
    use repbook::domain::clean::{clean_text, has_visible};
    use repbook::text::for_terminal;
    use unicode_normalization::UnicodeNormalization;

    /// Text rich in what matters here: controls, breaks, bidi, marks, CJK.
    fn nasty_text() -> impl Strategy<Value = String> {
        let pick = prop_oneof![
            any::<char>(),
            prop::char::range('\u{0}', '\u{a0}'),
            prop::sample::select(vec![
                '\n', '\r', '\t', '\u{1b}', '\u{7}', '\u{7f}', '\u{85}', '\u{9b}', '\u{200b}', '\u{200d}', '\u{200e}',
                '\u{202e}', '\u{2028}', '\u{2066}', '\u{2069}', '\u{feff}', '\u{301}', 'e', '王', '👩',
            ]),
        ];
        prop::collection::vec(pick, 0..40).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn cleaned_text_is_safe_nfc_and_stable(s in nasty_text(), multiline: bool) {
            let c = clean_text(&s, multiline);
            for ch in c.chars() {
                prop_assert!(!forbidden(ch, multiline), "{:?} kept {:?}", s, ch);
                prop_assert!(multiline || (ch != '\n' && ch != '\t'));
                prop_assert!(!matches!(ch, '\r' | '\u{feff}'), "{:?} kept {:?}", s, ch);
            }
            prop_assert_eq!(c.nfc().collect::<String>(), c.clone());
            prop_assert_eq!(clean_text(&c, multiline), c.clone());
            // Cleaning never makes a visible value invisible by itself.
            if has_visible(&c) {
                prop_assert!(has_visible(&s));
            }
        }

        #[test]
        fn terminal_text_has_no_control_but_newlines_where_allowed(s in nasty_text(), multiline: bool) {
            let shown = for_terminal(&s, multiline);
            for ch in shown.chars() {
                prop_assert!(!forbidden(ch, false), "{:?} printed {:?}", s, ch);
                prop_assert!(multiline || ch != '\n');
            }
            // Safe text is printed as it is.
            let clean = clean_text(&s, multiline).replace('\t', " ");
            prop_assert_eq!(for_terminal(&clean, multiline).into_owned(), clean);
        }
    }
}
