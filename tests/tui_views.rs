//! Moving about the views (issue 9): the overview scrolls no further than
//! its last screenful.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::i18n::{Lang, set_lang};
use support::{app, key, screen};

#[test]
fn g_on_the_overview_stops_at_the_last_screenful() {
    set_lang(Lang::En);
    let mut a = app(12);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    let top = screen(&mut a, 80, 14);
    key(&mut a, KeyCode::Char('G'));
    let bottom = screen(&mut a, 80, 14);
    assert!(bottom.lines().nth(3).is_some_and(|l| !l.trim().is_empty()), "the screen is not scrolled away:\n{bottom}");
    assert_ne!(top, bottom, "the demo's overview is longer than 80x14");
    // One line up from the bottom shows a different screenful at once.
    key(&mut a, KeyCode::Char('k'));
    assert_ne!(screen(&mut a, 80, 14), bottom, "k moves back at once");
}

#[test]
fn the_status_bar_drops_whole_keys_rather_than_cut_one() {
    for (lang, quit) in [(Lang::En, "q quit"), (Lang::ZhCn, "q 退出")] {
        set_lang(lang);
        let mut a = app(12);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Enter);
        for w in [60, 80, 120] {
            let text = screen(&mut a, w, 24);
            let bar = text.lines().last().unwrap().trim_end();
            assert!(bar.ends_with(quit), "{w} columns: {bar:?}");
            assert!(bar.contains('?'), "{w} columns: {bar:?}");
        }
    }
    set_lang(Lang::En);
}

#[test]
fn a_message_does_not_follow_the_user_to_another_screen() {
    set_lang(Lang::En);
    let mut a = app(12);
    // Undo with nothing to undo says so, on Today.
    key(&mut a, KeyCode::Char('u'));
    assert!(!a.status.text.is_empty());
    let said = a.status.text.clone();
    // Moving the selection keeps it; going to the customer list clears it.
    key(&mut a, KeyCode::Down);
    assert_eq!(a.status.text, said);
    key(&mut a, KeyCode::Tab);
    assert!(a.status.text.is_empty(), "{:?}", a.status.text);
    let text = screen(&mut a, 100, 30);
    assert!(!text.contains(&said), "{text}");
}

#[test]
fn every_sheet_opens_from_every_other_sheet_by_its_key() {
    set_lang(Lang::En);
    let mut a = app(12);
    // (The archive view needs a file: an in-memory app has none.)
    let keys = ['w', 'P', 'R', 'M', 'V', 'S', 'T'];
    for from in keys {
        for to in keys {
            key(&mut a, KeyCode::Esc);
            key(&mut a, KeyCode::Char(from));
            let before = format!("{:?}", a.sheet.as_ref().map(std::mem::discriminant));
            key(&mut a, KeyCode::Char(to));
            let after = format!("{:?}", a.sheet.as_ref().map(std::mem::discriminant));
            assert!(a.sheet.is_some(), "{to} from {from} opens a sheet");
            if from != to {
                assert_ne!(before, after, "{to} from {from} opens another sheet");
            }
        }
    }
}

#[test]
fn a_long_history_line_wraps_under_itself_in_full() {
    use repbook::domain::fields::Value;
    use repbook::domain::schema::CUSTOMER;
    use repbook::tui::Tab;
    for (lang, (w, h), address) in [
        (
            Lang::En,
            (120, 40),
            "Building 7, 1288 West Riverside Industrial Park Road, Pudong New Area, Shanghai, near the north gate, third floor, room 305",
        ),
        (
            Lang::ZhCn,
            (80, 24),
            "上海市浦东新区外高桥保税区富特北路一千二百八十八号七号楼三层三零五室北门进去左转第二个门就是仓库收货处",
        ),
    ] {
        set_lang(lang);
        let mut a = app(12);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Enter);
        let id = a.dossier().unwrap().id().to_string();
        a.store.write(|wr| wr.update(&CUSTOMER, &id, &[("address", Value::Text(address.into()))])).unwrap();
        a.open_dossier(&id);
        while a.tab() != Some(Tab::History) {
            key(&mut a, KeyCode::Tab);
        }
        let text = screen(&mut a, w, h);
        // Wider than the screen: every character of it is there, over lines.
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert!(squeeze(&text).contains(&squeeze(address)), "{text}");
        assert!(!text.lines().any(|l| l.contains('…')), "nothing is cut:\n{text}");
    }
    set_lang(Lang::En);
}

#[test]
fn history_names_an_opportunity_by_its_need_even_once_deleted() {
    use repbook::domain::fields::Value;
    use repbook::domain::opportunity::OPPORTUNITY;
    use repbook::tui::Tab;
    set_lang(Lang::En);
    let mut a = app(12);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    let customer = a.dossier().unwrap().id().to_string();
    let text = |s: &str| Value::Text(s.into());
    let values = [
        ("customer_id", text(&customer)),
        ("need", text("Chiller retrofit")),
        ("funnel_stage", text("low_interest")),
        ("state", text("open")),
    ];
    let id = a.store.write(|w| w.insert(&OPPORTUNITY, &values)).unwrap();
    for deleted in [false, true] {
        if deleted {
            a.store.write(|w| w.set_alive(&OPPORTUNITY, &id, false)).unwrap();
        }
        a.open_dossier(&customer);
        while a.tab() != Some(Tab::History) {
            key(&mut a, KeyCode::Tab);
        }
        let top = a.dossier().unwrap().history_line(0).unwrap().1.to_string();
        assert!(top.starts_with("opportunity Chiller retrofit · "), "deleted {deleted}: {top}");
    }
}

/// History says where a generated follow-up came from in words, as
/// `followup show` does, never its internal reference (`visit:01a2…:1`).
#[test]
fn history_says_where_a_followup_came_from_in_words() {
    use repbook::domain::fields::Value;
    set_lang(Lang::En);
    let mut a = app(3);
    key(&mut a, KeyCode::Tab);
    let customer = a.list.selected_id().unwrap();
    let name = a.store.customer_title(&customer);
    let today = a.store.clock().today();
    let values = vec![
        ("date", Value::Text("2026-11-20".into())),
        ("next_step", Value::Text("Send the contract @ 2030-12-01".into())),
    ];
    a.store.write(|w| w.log_visit(&customer, None, values, today)).unwrap();
    a.open_dossier(&customer);
    let d = a.dossier().unwrap();
    let lines: Vec<String> = (0..).map_while(|i| d.history_line(i).map(|(_, what)| what.to_string())).collect();
    let came = lines.iter().find(|l| l.contains("Came from")).expect("a follow-up's source in History");
    assert!(!came.contains("visit:"), "no internal reference: {came}");
    assert!(came.contains("2026-11-20") && came.contains(&name), "{came}");
}
