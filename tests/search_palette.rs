//! The command palette matches pinyin and English (issue 13): `ss` finds
//! 搜索客户, `hzdh` 记录一次电话 by its words' initials, `search` the
//! English name.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::i18n::{Lang, set_lang};
use support::{key, list_app, screen, typed};

fn palette(lang: Lang, q: &str) -> String {
    set_lang(lang);
    let mut app = list_app(5);
    key(&mut app, KeyCode::Char(':'));
    typed(&mut app, q);
    screen(&mut app, 100, 30)
}

#[test]
fn pinyin_initials_and_full_pinyin_find_chinese_commands() {
    let s = palette(Lang::ZhCn, "ss");
    assert!(s.contains("搜索客户"), "{s}");
    let s = palette(Lang::ZhCn, "zzqq");
    assert!(!s.contains("搜索客户"), "what does not match is not offered:\n{s}");
    let s = palette(Lang::ZhCn, "sousuo");
    assert!(s.contains("搜索客户"), "{s}");
    let s = palette(Lang::ZhCn, "dianhua");
    assert!(s.contains("记录一次电话"), "{s}");
}

#[test]
fn english_names_still_match_in_either_language() {
    let s = palette(Lang::En, "search");
    assert!(s.contains("Search customers"), "{s}");
    let s = palette(Lang::ZhCn, "quit");
    assert!(s.contains("退出"), "the action's own name: {s}");
    set_lang(Lang::En);
}
