//! Driving the interface in tests: an app over the demo archive with a fixed
//! clock, keys, and the screen as text. Shared by `tui.rs` and `tui_rules.rs`.
#![allow(dead_code, clippy::unwrap_used)]

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use repbook::clock::FixedClock;
use repbook::config::Config;
use repbook::domain::pinyin::Romanizer;
use repbook::store::Store;
use repbook::tui::{App, Keymap, Theme};
use std::sync::Arc;

pub fn app(customers: usize) -> App {
    let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
    let mut store = Store::open_in_memory(clock, Romanizer::default()).unwrap();
    repbook::demo::generate(&mut store, customers, repbook::demo::SEED).unwrap();
    App::new(store, Config::default(), Keymap::default(), "demo".into(), Theme::plain(), None).unwrap()
}

/// An app switched from Today (home) to the customer list.
pub fn list_app(customers: usize) -> App {
    let mut a = app(customers);
    key(&mut a, KeyCode::Tab);
    assert!(!a.home());
    a
}

pub fn key(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
}

pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.handle_event(&Event::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// An archive file opened as the interface's tests open it: the fixed
/// clock, issued seqs noted outside the user's state directory.
pub fn file_store(path: &std::path::Path) -> Store {
    repbook::store::set_issued_dir(Some(std::env::temp_dir().join("repbook-tests-issued")));
    let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
    Store::open(path, repbook::store::OpenMode::Write, clock, Romanizer::default()).unwrap()
}

/// The interface on the archive file at `path`, everything loaded.
pub fn app_on_file(path: &std::path::Path) -> App {
    let mut app =
        App::new(file_store(path), Config::default(), Keymap::default(), "t".into(), Theme::plain(), Some(path.into()))
            .unwrap();
    app.wait_loaded();
    app
}

/// The first customer's dossier on `tab` (from Today: the list, Enter, tabs).
pub fn dossier_on(a: &mut App, tab: repbook::tui::Tab) {
    key(a, KeyCode::Tab);
    key(a, KeyCode::Enter);
    while a.tab() != Some(tab) {
        key(a, KeyCode::Tab);
    }
}

/// Focus the open form's field `field`.
pub fn to_field(a: &mut App, field: &str) {
    for _ in 0..a.tabs_to_field(field) {
        key(a, KeyCode::Tab);
    }
}

/// Drop the customer's open follow-ups (a customer with one open cannot be
/// deleted).
pub fn drop_open_followups(a: &mut App, customer: &str) {
    let query = repbook::store::RecordQuery { customer: Some(customer.to_string()), ..Default::default() };
    let open: Vec<String> = a
        .store
        .records(&repbook::domain::schema::FOLLOWUP, &query)
        .unwrap()
        .into_iter()
        .filter(repbook::domain::followup::is_active)
        .map(|f| f.id)
        .collect();
    a.store
        .write(|w| {
            for f in &open {
                w.followup_drop(f, "test")?;
            }
            Ok(())
        })
        .unwrap();
}
