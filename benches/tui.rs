//! Interface benchmark at 100k customers (DESIGN.md §8): time to the first
//! usable frame, time until the full list is searchable, memory, and frame
//! render time at 200×50. `cargo bench --bench tui`; prints figures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common.rs"]
mod common;
use common::{memory, ms, report};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use repbook::clock::SystemClock;
use repbook::config::Config;
use repbook::domain::pinyin::Romanizer;
use repbook::store::{OpenMode, Store};
use repbook::tui::{App, Keymap, Theme};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

/// What a child process of this benchmark does (`REPBOOK_BENCH_ROLE`):
/// build the archive, or open the interface and report its memory. The
/// memory is measured in a fresh process, so that what building the
/// archive or earlier starts left in the allocator does not count.
const ROLE: &str = "REPBOOK_BENCH_ROLE";

fn open_app(path: &Path) -> App {
    let store = Store::open(path, OpenMode::Write, Arc::new(SystemClock), Romanizer::default()).unwrap();
    App::new(store, Config::default(), Keymap::default(), "bench".into(), Theme::plain(), Some(path.to_path_buf()))
        .unwrap()
}

/// Run this benchmark again as a child in `role` on `path`; its output.
fn child(role: &str, path: &Path, issued: &Path, n: usize) -> String {
    let out = Command::new(std::env::current_exe().unwrap())
        .env(ROLE, role)
        .env("REPBOOK_BENCH_CUSTOMERS", n.to_string())
        .env("REPBOOK_BENCH_PATH", path)
        .env("REPBOOK_BENCH_ISSUED", issued)
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    assert!(out.status.success(), "the {role} child failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The child's part; true when this process is a child.
fn as_child(n: usize) -> bool {
    let Some(role) = std::env::var_os(ROLE) else { return false };
    let path = std::path::PathBuf::from(std::env::var_os("REPBOOK_BENCH_PATH").unwrap());
    repbook::store::set_issued_dir(std::env::var_os("REPBOOK_BENCH_ISSUED").map(std::path::PathBuf::from));
    if role == "build" {
        let mut store = Store::open(&path, OpenMode::Write, Arc::new(SystemClock), Romanizer::default()).unwrap();
        repbook::demo::generate(&mut store, n, repbook::demo::SEED).unwrap();
    } else {
        // The interface with the whole list listed, indexed and its facts
        // attached, and the agenda loaded; then the rest of the process.
        let before = memory();
        let mut app = open_app(&path);
        app.wait_list_loaded();
        app.wait_loaded();
        let after = memory();
        println!(
            "memory: {:.1} MB RSS, peak {:.1} MB, with {} customers listed (process before open: {:.1} MB RSS)",
            after.0,
            after.1,
            app.list.counts().1,
            before.0
        );
        println!("memory: {}", common::memory_map());
    }
    true
}

// A benchmark script: one timed step after another, read top to bottom.
#[allow(clippy::too_many_lines)]
fn main() {
    let n: usize = std::env::var("REPBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    if as_child(n) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let issued = dir.path().join("issued");
    repbook::store::set_issued_dir(Some(issued.clone()));
    // `REPBOOK_BENCH_DB=path` keeps the archive there and reuses it.
    let kept = std::env::var_os("REPBOOK_BENCH_DB").map(std::path::PathBuf::from);
    let path = kept.clone().unwrap_or_else(|| dir.path().join("bench.sqlite3"));
    if kept.as_ref().is_some_and(|p| p.exists()) {
        println!("repbook interface benchmark: {n} customers (archive reused: {})", path.display());
    } else {
        let t = Instant::now();
        child("build", &path, &issued, n);
        println!("repbook interface benchmark: {n} customers (archive built in {:.1} s)", t.elapsed().as_secs_f64());
    }
    let start = || open_app(&path);
    // The first start after the archive was built saves the search index.
    let t = Instant::now();
    let mut first_ever = start();
    first_ever.wait_list_loaded();
    println!("first start ever: whole list searchable after {:.1} ms (search index built and saved)", ms(t.elapsed()));
    first_ever.wait_loaded();
    drop(first_ever);
    let mut later = Vec::new();
    let mut facts = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let mut app = start();
        app.wait_list_searchable();
        later.push(t.elapsed());
        app.wait_list_loaded();
        facts.push(t.elapsed());
        app.wait_loaded();
    }
    report("later starts: start -> whole list searchable (bar: 100)", later);
    report("later starts: start -> the rows' facts shown too", facts);

    // A start with one customer changed since the index was saved (an edit
    // on the command line, a sync, the follow-ups a day's first start
    // makes): the change put in, the index saved again once the list takes
    // a query; the start after has nothing to put in.
    let id = {
        let mut app = start();
        app.wait_list_searchable();
        let id = app.list.data().id(0).to_string();
        app.wait_loaded();
        id
    };
    let mut changed = Vec::new();
    let mut after = Vec::new();
    for round in 0..3 {
        let mut cli = Store::open(&path, OpenMode::Write, Arc::new(SystemClock), Romanizer::default()).unwrap();
        let city = repbook::domain::fields::Value::Text(format!("Bench city {round}"));
        cli.write(|w| w.update(&repbook::domain::schema::CUSTOMER, &id, &[("city", city.clone())])).unwrap();
        drop(cli);
        for times in [&mut changed, &mut after] {
            let t = Instant::now();
            let mut app = start();
            app.wait_list_searchable();
            times.push(t.elapsed());
            app.wait_loaded();
        }
    }
    report("a start with one customer changed since the save: -> searchable", changed);
    report("  and the start after it (saved again meanwhile)", after);

    // Start to first usable frame: open, first page, draw. The full list
    // loads on a second thread meanwhile.
    let t = Instant::now();
    let store = Store::open(&path, OpenMode::Write, Arc::new(SystemClock), Romanizer::default()).unwrap();
    let mut app =
        App::new(store, Config::default(), Keymap::default(), "bench".into(), Theme::plain(), Some(path.clone()))
            .unwrap();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();
    let first = t.elapsed();
    app.wait_list_searchable();
    let searchable = t.elapsed();
    app.wait_list_loaded();
    let full = t.elapsed();
    app.wait_loaded();
    println!(
        "first usable frame: {:.1} ms; whole list searchable after {:.1} ms, its facts after {:.1} ms; agenda too after {:.1} ms",
        ms(first),
        ms(searchable),
        ms(full),
        ms(t.elapsed())
    );
    print!("{}", child("memory", &path, &issued, n));

    // Frame render at 200×50: the list while searching, and a dossier.
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    app.handle_event(&Event::Resize(200, 50));
    let key = |app: &mut App, c: KeyCode| app.handle_event(&Event::Key(KeyEvent::new(c, KeyModifiers::NONE)));
    let frames = |app: &mut App, terminal: &mut Terminal<TestBackend>| {
        (0..200)
            .map(|_| {
                let t = Instant::now();
                terminal.draw(|f| app.render(f)).unwrap();
                t.elapsed()
            })
            .collect::<Vec<_>>()
    };
    report("frame 200x50, Today", frames(&mut app, &mut terminal));
    key(&mut app, KeyCode::Tab);
    report("frame 200x50, customer list", frames(&mut app, &mut terminal));
    let mut typing = Vec::new();
    let mut counted = Vec::new();
    for q in ["chongqing", "harbor", "bjhd", "xiamen", "zhaojie"] {
        key(&mut app, KeyCode::Char('/'));
        for c in q.chars() {
            let t = Instant::now();
            key(&mut app, KeyCode::Char(c));
            terminal.draw(|f| app.render(f)).unwrap();
            typing.push(t.elapsed());
            // What the run loop does while no key waits: count the hits a
            // slice at a time, then draw the exact count.
            while app.list.counting() {
                app.list.advance();
            }
            terminal.draw(|f| app.render(f)).unwrap();
            counted.push(t.elapsed());
        }
        for _ in q.chars() {
            key(&mut app, KeyCode::Backspace);
        }
        key(&mut app, KeyCode::Esc);
    }
    report("keystroke + frame while searching (first page; bar: median 3, p99 8)", typing);
    report("keystroke -> every hit counted and drawn (slices between keys)", counted);
    key(&mut app, KeyCode::Enter);
    let mut dossier_frames = Vec::new();
    for i in 0..200 {
        if i % 40 == 0 {
            key(&mut app, KeyCode::Tab);
        }
        let t = Instant::now();
        terminal.draw(|f| app.render(f)).unwrap();
        dossier_frames.push(t.elapsed());
    }
    report("frame 200x50, dossier tabs", dossier_frames);

    // A save shown in the list: edit a customer's name in the form and save;
    // the list row is updated in place (no reload of the 100k rows).
    key(&mut app, KeyCode::Esc);
    let mut saves = Vec::new();
    let mut outside = Vec::new();
    let mut cli = Store::open(&path, OpenMode::Write, Arc::new(SystemClock), Romanizer::default()).unwrap();
    for round in 0..20 {
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('e'));
        let name = format!("!Bench renamed {round}");
        key(&mut app, KeyCode::End);
        for c in name.chars() {
            key(&mut app, KeyCode::Char(c));
        }
        let t = Instant::now();
        app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
        key(&mut app, KeyCode::Esc);
        terminal.draw(|f| app.render(f)).unwrap();
        saves.push(t.elapsed());
        assert!(app.list.selected_name().is_some_and(|n| n.ends_with(&name)), "the list shows the save");
        assert!(!app.reloading_list());
        // The same from another process: noticed and shown.
        let id = app.list.selected_id().unwrap();
        let outside_name = format!("!Outside {round}");
        cli.write(|w| {
            w.update(
                &repbook::domain::schema::CUSTOMER,
                &id,
                &[("name", repbook::domain::fields::Value::Text(outside_name.clone()))],
            )
        })
        .unwrap();
        let t = Instant::now();
        assert!(app.watch_now());
        terminal.draw(|f| app.render(f)).unwrap();
        outside.push(t.elapsed());
        assert_eq!(app.list.selected_name(), Some(outside_name.as_str()));
    }
    report("save in a form -> shown in the list (in place)", saves);
    report("write by another process -> shown (after the 1 s poll)", outside);
}
