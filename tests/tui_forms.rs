//! Forms and read views in the interface (issue 9): a choice field takes
//! only its choices, Ctrl-O reads the whole form and comes back to it, and
//! a read view prints no control character.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::domain::fields::Value;
use repbook::i18n::{Lang, set_lang};
use repbook::tui::{App, Overlay};
use support::{ctrl, key, screen, typed};

fn field_text(a: &App, field: &str) -> String {
    match &a.overlay {
        Some(Overlay::Form(f)) => f.fields.iter().find(|x| x.spec.name == field).unwrap().text(),
        _ => panic!("no form open: {:?}", a.status),
    }
}

/// `text` appears whole, though wrapped over lines.
fn shows_in_full(screen: &str, text: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace() && *c != '│').collect::<String>();
    squeeze(screen).contains(&squeeze(text))
}

#[test]
fn the_read_view_prints_no_control_character() {
    use repbook::domain::schema::PERSON;
    set_lang(Lang::En);
    // A value that reached the archive before cleaning (an old file, an
    // import of old): the read view still prints no control character.
    let id = "p1".to_string();
    let view = repbook::domain::entity::Entity {
        table: &PERSON,
        id,
        alive: true,
        updated_ms: 0,
        values: [("name", Value::Text("Zhao\u{1b}[31m Lin\u{202e}".into()))].into_iter().collect(),
    };
    let shown = repbook::tui::ReadView::of(&view, String::new(), &|_| None).fields;
    assert!(shown.iter().all(|(_, v)| !v.contains('\u{1b}') && !v.contains('\u{202e}')), "{shown:?}");
    assert!(shown.iter().any(|(_, v)| v.starts_with("Zhao")), "{shown:?}");
}

#[test]
fn a_letter_on_a_narrowed_choice_field_picks_only_an_allowed_value() {
    set_lang(Lang::En);
    let mut a = support::app(3);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    while a.tab() != Some(repbook::tui::Tab::Followups) {
        key(&mut a, KeyCode::Tab);
    }
    // A new follow-up may only be open: `d` (done, dropped) picks nothing.
    key(&mut a, KeyCode::Char('n'));
    for _ in 0..a.tabs_to_field("status") {
        key(&mut a, KeyCode::Tab);
    }
    let before = field_text(&a, "status");
    for c in ['d', 's', 'x'] {
        key(&mut a, KeyCode::Char(c));
        assert_eq!(field_text(&a, "status"), before, "{c}");
    }
    key(&mut a, KeyCode::Char('o'));
    assert_eq!(field_text(&a, "status"), "open");
    // The kind of a visit: a letter of its label or of its stored value.
    key(&mut a, KeyCode::Esc);
    while a.tab() != Some(repbook::tui::Tab::Visits) {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Char('c'));
    assert_eq!(field_text(&a, "kind"), "phone call");
    key(&mut a, KeyCode::Char('v'));
    assert_eq!(field_text(&a, "kind"), "visit");
}

#[test]
fn ctrl_o_reads_the_whole_form_and_esc_comes_back_to_it() {
    set_lang(Lang::En);
    let mut a = support::app(3);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('p'));
    for _ in 0..a.tabs_to_field("opening") {
        key(&mut a, KeyCode::Tab);
    }
    let opening = "Thank the manager for last month's order, ask how the pilot line is running and whether the night shift \
                   found the new packaging easier to handle, then bring up the spring price list";
    typed(&mut a, opening);
    let text = screen(&mut a, 80, 24);
    assert!(!shows_in_full(&text, opening), "the field alone cuts it");
    ctrl(&mut a, 'o');
    assert!(matches!(a.overlay, Some(Overlay::Read(_))));
    let text = screen(&mut a, 80, 24);
    let inside: Vec<&str> = text
        .lines()
        .filter_map(|l| match (l.find('│'), l.rfind('│')) {
            (Some(a), Some(b)) if a < b => Some(&l[a + '│'.len_utf8()..b]),
            _ => None,
        })
        .collect();
    assert!(shows_in_full(&inside.join("\n"), opening), "read in full:\n{text}");
    key(&mut a, KeyCode::Esc);
    assert!(matches!(a.overlay, Some(Overlay::Form(_))), "back to the form");
    assert_eq!(field_text(&a, "opening"), opening, "nothing lost");
    // Quitting while reading it asks first, as from the form.
    ctrl(&mut a, 'o');
    ctrl(&mut a, 'c');
    assert!(!a.quit && matches!(a.overlay, Some(Overlay::Confirm { .. })), "asks: unsaved changes");
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(field_text(&a, "opening"), opening, "back to the form, nothing lost");
}

#[test]
fn a_long_error_is_read_in_full_under_the_field_and_in_the_status_bar() {
    set_lang(Lang::En);
    let mut a = support::app(12);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    while a.tab() != Some(repbook::tui::Tab::Followups) {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "Call back");
    for _ in 0..a.tabs_to_field("due") {
        key(&mut a, KeyCode::Tab);
    }
    ctrl(&mut a, 'u');
    typed(&mut a, "when the purchasing manager is back from the trade fair");
    ctrl(&mut a, 's');
    assert!(a.status.error, "{:?}", a.status);
    let message = a.status.text.clone();
    assert!(message.len() > 100, "{message}");
    let text = screen(&mut a, 80, 24);
    let lines: Vec<&str> = text.lines().collect();
    let status = lines[lines.len() - 3..].join("\n");
    assert!(shows_in_full(&status, &message), "the status bar holds the whole message:\n{text}");
    let form: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    assert!(shows_in_full(&form, &message), "so does the line under the field:\n{text}");
}

#[test]
fn a_field_that_fits_again_shows_its_start() {
    set_lang(Lang::En);
    let mut a = support::app(3);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "Start");
    typed(&mut a, &"x".repeat(90));
    screen(&mut a, 80, 24);
    for _ in 0..85 {
        key(&mut a, KeyCode::Backspace);
        // Drawn between keys, as the terminal is.
        screen(&mut a, 80, 24);
    }
    assert_eq!(field_text(&a, "name"), "Startxxxxx");
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Startxxxxx"), "the start is in view:\n{text}");
}

#[test]
fn the_purposes_chosen_stay_readable_beside_the_option_under_the_arrows() {
    set_lang(Lang::En);
    let mut a = support::app(3);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('p'));
    for _ in 0..a.tabs_to_field("purposes") {
        key(&mut a, KeyCode::Tab);
    }
    // Tick the first two purposes.
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Char(' '));
    let chosen = field_text(&a, "purposes");
    assert!(chosen.contains(','), "two purposes ticked: {chosen:?}");
    let chars: Vec<char> = chosen.trim().chars().collect();
    let end: String = chars[chars.len().saturating_sub(30)..].iter().collect();
    let start: String = chars[..30.min(chars.len())].iter().collect();
    for (w, h) in [(120, 40), (80, 24)] {
        // Focused: thirty columns of what was chosen (it was ten at
        // 120x40 beside the option under the arrows, now on its own line).
        let text = screen(&mut a, w, h);
        let lines: Vec<&str> = text.lines().collect();
        let at = lines.iter().position(|l| l.contains("Why (purposes)")).unwrap();
        assert!(lines[at].contains(&end), "{w}x{h}: {}", lines[at]);
        assert!(lines[at + 1].contains("←→ ☐") || lines[at + 1].contains("←→ ☑"), "{w}x{h}: {}", lines[at + 1]);
    }
    // Not focused: from its start, no option line.
    key(&mut a, KeyCode::Tab);
    let text = screen(&mut a, 120, 40);
    let line = text.lines().find(|l| l.contains("Why (purposes)")).unwrap();
    assert!(line.contains(&start) && !line.contains("←→"), "{line}");
}

#[test]
fn a_time_field_shows_the_time_it_reads_before_saving() {
    set_lang(Lang::En);
    let mut a = support::app(3);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('p'));
    for _ in 0..a.tabs_to_field("time") {
        key(&mut a, KeyCode::Tab);
    }
    support::ctrl(&mut a, 'u');
    typed(&mut a, "下午3点");
    let text = screen(&mut a, 120, 40);
    let line = text.lines().find(|l| l.contains("Time")).unwrap();
    assert!(line.contains("→ 15:00"), "{line}");
    support::ctrl(&mut a, 'u');
    typed(&mut a, "teatime");
    let text = screen(&mut a, 120, 40);
    // Too long for beside the input: under the field, in full.
    let at = text.lines().position(|l| l.contains("Time")).unwrap();
    let under = text.lines().nth(at + 1).unwrap();
    assert!(under.contains("✗ a time of day such as"), "{text}");
}

#[test]
fn at_80_columns_a_long_label_is_read_whole_in_both_languages() {
    for (lang, first, last) in
        [(Lang::En, "> Information gathered", "inventory)"), (Lang::ZhCn, "> 收集的信息", "存）")]
    {
        set_lang(lang);
        let mut a = support::list_app(3);
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::Char('l'));
        for _ in 0..a.tabs_to_field("info") {
            key(&mut a, KeyCode::Tab);
        }
        let text = screen(&mut a, 80, 24);
        let lines: Vec<&str> = text.lines().collect();
        let at = lines.iter().position(|l| l.contains(first)).unwrap_or_else(|| panic!("{text}"));
        // Its end on its line or the next (a field of several rows wraps it).
        assert!(lines[at].contains(last) || lines[at + 1].contains(last), "{text}");
    }
    set_lang(Lang::En);
}

#[test]
fn a_field_of_several_rows_wraps_a_long_label_over_them() {
    set_lang(Lang::En);
    let mut a = support::list_app(3);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('l'));
    for _ in 0..a.tabs_to_field("objections_expected") {
        key(&mut a, KeyCode::Tab);
    }
    let text = screen(&mut a, 80, 24);
    // The label's words over its rows, none cut ("… and an").
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| l.contains("> How: likely objections and")).unwrap_or_else(|| panic!("{text}"));
    assert!(lines[at + 1].contains("  answers "), "{text}");
}

#[test]
fn a_log_offers_only_the_held_status_so_what_it_previews_it_saves() {
    for (lang, done) in [(Lang::En, "done"), (Lang::ZhCn, "已完成")] {
        set_lang(lang);
        let mut a = support::list_app(3);
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::Char('l'));
        for _ in 0..a.tabs_to_field("status") {
            key(&mut a, KeyCode::Tab);
        }
        // ←/→ offer no plan (a planned status previewed a forward date the
        // save then refused): the log records a visit held.
        for arrow in [KeyCode::Right, KeyCode::Left, KeyCode::Right] {
            key(&mut a, arrow);
            assert_eq!(field_text(&a, "status"), done);
        }
        // Nothing to choose: no arrows beside it that promise a choice.
        let text = screen(&mut a, 120, 40);
        let line = text.lines().find(|l| l.contains(done) && l.contains(">*")).unwrap_or_else(|| panic!("{text}"));
        assert!(!line.contains("←→"), "{line}");
        ctrl(&mut a, 's');
        assert!(a.overlay.is_none(), "saved: {}", a.status.text);
    }
    set_lang(Lang::En);
}

/// With two fields wrong, fixing one leaves the other's error in the
/// status bar, not the fixed one's (review of issue 9 §1.6); fixing both
/// clears it.
#[test]
fn the_status_says_the_error_still_there() {
    set_lang(Lang::En);
    let mut a = support::app(12);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab); // People
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "王总");
    support::to_field(&mut a, "phone");
    typed(&mut a, "abc");
    support::to_field(&mut a, "email");
    typed(&mut a, "bad");
    ctrl(&mut a, 's');
    assert!(matches!(a.overlay, Some(Overlay::Form(_))), "not saved");
    support::to_field(&mut a, "phone");
    ctrl(&mut a, 'u');
    typed(&mut a, "13800138000");
    assert!(a.status.error && a.status.text.contains("\"bad\""), "{}", a.status.text);
    support::to_field(&mut a, "email");
    ctrl(&mut a, 'u');
    typed(&mut a, "wang@example.com");
    assert!(a.status.text.is_empty(), "{}", a.status.text);
}

/// At 80 columns the plan form has no room for the dossier beside it: its
/// warning stands over the fields and Ctrl-O reads the whole dossier part
/// (review of issue 9 §1.4: it was dropped entirely).
#[test]
fn a_narrow_plan_form_still_gives_the_dossier() {
    set_lang(Lang::En);
    let mut a = support::app(60);
    // A customer whose side panel warns: none of its people met lately.
    let mut warned = false;
    for _ in 0..60 {
        key(&mut a, KeyCode::Char('p'));
        if let Some(Overlay::Form(f)) = &a.overlay
            && f.side.iter().any(|l| l.starts_with("! "))
        {
            warned = true;
            break;
        }
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Down);
    }
    assert!(warned, "the demo has a customer with no decision maker met");
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("! No decision maker met"), "{text}");
    let wide = screen(&mut a, 120, 40);
    assert_eq!(wide.matches("No decision maker met").count(), 1, "beside the form only: {wide}");
    ctrl(&mut a, 'o');
    let read = screen(&mut a, 80, 24);
    assert!(read.contains("The dossier") && read.contains("Last visits"), "{read}");
}
