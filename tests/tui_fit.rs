//! The week's screens at 80×24 (and 120×40) in both languages cut nothing
//! unseen (issue 10, new-user check): a text too long for its place ends in
//! `…` or wraps, a label wider than its column wraps under itself, every
//! line of a part can be scrolled to, per cents and counts show whole.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod tui;

use crossterm::event::KeyCode;
use repbook::i18n::Lang;
use unicode_width::UnicodeWidthStr;

/// Lines that reach the last column without a mark that they go on: a
/// text cut there. Not so: gauges and bars filling the line, a key hint
/// ending whole with its last key, the monthly table's last column (the
/// norms), and a text wrapped under itself (the first line of a wrapped
/// text, the next line indented as far or further; a line inside an
/// indented block of such lines).
fn cut_lines(screen: &str, w: usize) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '>']).len();
    let norms = |l: &str| {
        let last = l.split_whitespace().last().unwrap_or("");
        ["yes", "no", "due", "Norms", "是", "否", "待联系", "达标"].contains(&last)
            || last.split_once('/').is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
    };
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.width() >= w)
        .filter(|(_, l)| !l.ends_with(['…', '░', '█', '▒', '─', '┐', '┘', '│']))
        .filter(|(_, l)| !l.ends_with("Esc back") && !l.ends_with("Esc 返回") && !norms(l))
        .filter(|(i, l)| lines.get(i + 1).is_none_or(|next| indent(next) < indent(l).max(4)))
        .filter(|(i, l)| {
            let deep = |j: Option<usize>| j.and_then(|j| lines.get(j)).is_some_and(|n| indent(n) >= 4);
            indent(l) < 4 || !(deep(i.checked_sub(1)) || deep(Some(i + 1)))
        })
        .map(|(_, l)| (*l).to_string())
        .collect()
}

/// Every screen of the week: the review's parts (this week and a closed
/// one), the plan, the monthly table, the funnel; scrolled to the end.
fn screens(lang: Lang, w: u16, h: u16) -> Vec<(String, String)> {
    repbook::i18n::set_lang(lang);
    let mut a = tui::app(60);
    let mut out = Vec::new();
    let mut walk = |a: &mut repbook::tui::App, name: &str| {
        out.push((format!("{name} top"), tui::screen(a, w, h)));
        for _ in 0..60 {
            tui::key(a, KeyCode::Down);
        }
        out.push((format!("{name} end"), tui::screen(a, w, h)));
        tui::key(a, KeyCode::Home);
    };
    tui::key(&mut a, KeyCode::Char('R'));
    for week in ["this", "closed"] {
        for part in ["plan", "do", "check", "act", "pictures"] {
            walk(&mut a, &format!("review {week} {part}"));
            tui::key(&mut a, KeyCode::Tab);
        }
        tui::key(&mut a, KeyCode::Char('['));
        tui::key(&mut a, KeyCode::Char('['));
    }
    for (key, name) in [('P', "plan"), ('M', "month"), ('V', "funnel")] {
        tui::key(&mut a, KeyCode::Esc);
        tui::key(&mut a, KeyCode::Char(key));
        walk(&mut a, name);
    }
    out
}

#[test]
fn nothing_is_cut_unseen_on_the_weeks_screens() {
    for lang in [Lang::ZhCn, Lang::En] {
        for (w, h) in [(80, 24), (120, 40)] {
            for (name, screen) in screens(lang, w, h) {
                let cut = cut_lines(&screen, usize::from(w));
                assert!(cut.is_empty(), "{lang:?} {w}x{h} {name}: {cut:#?}\n{screen}");
            }
        }
    }
    repbook::i18n::set_lang(Lang::En);
}

#[test]
fn a_long_figure_label_wraps_whole_and_checks_last_lines_can_be_reached() {
    let cases: [(Lang, &[&str], &str); 2] = [
        (
            Lang::En,
            &["Visits and calls planned ahead (entered", "before their day): held / planned"],
            "What did not, and why",
        ),
        (Lang::ZhCn, &["合格的潜在客户（需求、购买力、决策权均已", "确认；当前）"], "没做好的及原因"),
    ];
    for (lang, label, last) in cases {
        repbook::i18n::set_lang(lang);
        let mut a = tui::app(60);
        tui::key(&mut a, KeyCode::Char('R'));
        tui::key(&mut a, KeyCode::Tab);
        let mut seen = String::new();
        for _ in 0..2 {
            for _ in 0..60 {
                seen.push_str(&tui::screen(&mut a, 80, 24));
                tui::key(&mut a, KeyCode::Down);
            }
            tui::key(&mut a, KeyCode::Tab);
        }
        // The label whole, wrapped under itself.
        for part in label {
            assert!(seen.contains(part), "{part} in\n{seen}");
        }
        // Check has customers to pick, then its figures and notes below them.
        assert!(seen.contains(last), "{last} reached:\n{seen}");
    }
    repbook::i18n::set_lang(Lang::En);
}

#[test]
fn the_monthly_tables_cut_names_end_in_an_ellipsis_and_the_selected_one_is_whole() {
    repbook::i18n::set_lang(Lang::ZhCn);
    let mut a = tui::app(60);
    tui::key(&mut a, KeyCode::Char('M'));
    let shown = tui::screen(&mut a, 80, 24);
    assert!(shown.lines().skip(2).any(|l| l.contains('…')), "{shown}");
    repbook::i18n::set_lang(Lang::En);
}
