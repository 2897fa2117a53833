//! A date field in a form shows, as it is typed, the date a phrase resolves
//! to or why it is not a date (issue 9 §3.2). The fixed clock's today is
//! Sunday 2026-11-22.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::i18n::{Lang, set_lang};
use support::{ctrl, key, list_app, screen, typed};

/// A new trade's date field, cleared.
fn trade_date_field(lang: Lang) -> repbook::tui::App {
    set_lang(lang);
    let mut a = list_app(2);
    key(&mut a, KeyCode::Enter);
    for _ in 0..3 {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Right); // kind: order
    key(&mut a, KeyCode::Tab);
    ctrl(&mut a, 'a');
    ctrl(&mut a, 'k');
    a
}

#[test]
fn a_phrase_shows_its_date_and_nonsense_shows_why_before_saving() {
    let mut a = trade_date_field(Lang::ZhCn);
    typed(&mut a, "下个月5号");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("→ 2026-12-05 周六"), "{text}");
    ctrl(&mut a, 'a');
    ctrl(&mut a, 'k');
    typed(&mut a, "下周八");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("✗ 无法识别的日期"), "{text}");
    assert!(text.contains("下周八"), "what was typed stays in sight: {text}");

    let mut a = trade_date_field(Lang::En);
    typed(&mut a, "in 99999 days");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("✗ only 1900-01-01 to 2200-12-31"), "{text}");
    // At 80 columns too, the hint leaves the text typed in sight.
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("in 99999 days") && text.contains("✗ only"), "{text}");
    set_lang(Lang::En);
}
