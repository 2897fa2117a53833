//! Keys that act where they are and say why when they do nothing, and the
//! palette and hints as help and the live keymap say (issue 9, the second
//! new-user check).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::domain::schema::{CUSTOMER, PERSON};
use repbook::i18n::{Lang, set_lang};
use repbook::tui::{App, Overlay, Tab};
use support::{app, dossier_on, key, screen, typed};

fn form_title(a: &App) -> Option<String> {
    match &a.overlay {
        Some(Overlay::Form(f)) => Some(f.title.clone()),
        _ => None,
    }
}

#[test]
fn on_history_d_e_n_never_act_on_the_customer() {
    set_lang(Lang::En);
    let mut a = app(12);
    dossier_on(&mut a, Tab::People);
    let customer = a.dossier().unwrap().id().to_string();
    // A change to a person: History's top line is about that person.
    let person = a.dossier().unwrap().selected_item().unwrap().id.clone();
    key(&mut a, KeyCode::Char('e'));
    typed(&mut a, "x");
    repbook_save(&mut a);
    while a.tab() != Some(Tab::History) {
        key(&mut a, KeyCode::Tab);
    }
    let top = a.dossier().unwrap().history_line(0).unwrap().1.to_string();
    assert!(top.starts_with("key person"), "{top}");

    key(&mut a, KeyCode::Char('d'));
    assert!(a.overlay.is_none(), "no question about deleting the customer");
    assert!(a.status.text.starts_with("History is not deleted"), "{}", a.status.text);
    assert!(a.status.text.contains("u takes back"), "{}", a.status.text);

    key(&mut a, KeyCode::Char('n'));
    assert!(a.overlay.is_none(), "no new key person from History");
    assert!(a.status.text.starts_with("History only records changes"), "{}", a.status.text);

    key(&mut a, KeyCode::Char('e'));
    let title = form_title(&a).expect("e edits the record the line is about");
    assert!(title.starts_with("Edit key person"), "{title}");
    key(&mut a, KeyCode::Esc);

    // The person deleted: e says so and where it is, it edits nothing.
    a.store.write(|w| w.set_alive(&PERSON, &person, false)).unwrap();
    a.open_dossier(&customer);
    assert_eq!(a.tab(), Some(Tab::History));
    while !a.dossier().unwrap().history_line(0).unwrap().1.starts_with("key person") {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('e'));
    assert!(form_title(&a).is_none());
    assert!(a.status.text.contains("is deleted: the Trash (T) brings it back"), "{}", a.status.text);
    assert!(a.store.get(&CUSTOMER, &customer).unwrap().unwrap().alive);
}

/// Save the open form (Ctrl-S), answering the close-name question if any.
fn repbook_save(a: &mut App) {
    support::ctrl(a, 's');
    assert!(a.overlay.is_none(), "saved: {}", a.status.text);
}

#[test]
fn an_empty_tab_says_why_d_and_e_do_nothing() {
    set_lang(Lang::En);
    let mut a = app(12);
    dossier_on(&mut a, Tab::Competitors);
    // Empty the tab.
    let ids: Vec<String> = a.dossier().unwrap().items().iter().map(|e| e.id.clone()).collect();
    let customer = a.dossier().unwrap().id().to_string();
    for id in ids {
        a.store.write(|w| w.set_alive(&repbook::domain::schema::COMPETITOR, &id, false)).unwrap();
    }
    a.open_dossier(&customer);
    assert!(a.dossier().unwrap().items().is_empty());
    for k in ['d', 'e'] {
        a.status.text.clear();
        key(&mut a, KeyCode::Char(k));
        assert!(a.overlay.is_none());
        assert_eq!(a.status.text, "The Competitors tab is empty: nothing to edit or delete here.", "{k}");
    }
}

#[test]
fn in_chinese_history_keys_say_why_too() {
    set_lang(Lang::ZhCn);
    let mut a = app(12);
    dossier_on(&mut a, Tab::History);
    key(&mut a, KeyCode::Char('d'));
    assert!(a.overlay.is_none());
    assert!(a.status.text.starts_with("历史不会被删除"), "{}", a.status.text);
    let text = screen(&mut a, 80, 24);
    assert!(!text.contains("删除客户"), "{text}");
}

/// The text inside the box drawn over the screen, its lines joined (a
/// wrapped row reads as one).
fn boxed(text: &str) -> String {
    let inside: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            let (a, b) = (l.find('│')?, l.rfind('│')?);
            (b > a).then(|| &l[a + '│'.len_utf8()..b])
        })
        .collect();
    inside.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_palette_says_what_each_key_does_where_it_was_opened() {
    set_lang(Lang::En);
    let mut a = app(12);
    assert!(a.home());
    key(&mut a, KeyCode::Char(':'));
    typed(&mut a, "delete");
    let text = boxed(&screen(&mut a, 120, 40));
    assert!(text.contains("never deletes a customer"), "{text}");
    assert!(!text.contains("Delete the selected record (asks first"), "{text}");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char(':'));
    typed(&mut a, "list");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("To the customer list"), "{text}");
    assert!(!text.contains("Next tab of the dossier"), "{text}");
    key(&mut a, KeyCode::Esc);
    // On History, as help says there.
    dossier_on(&mut a, Tab::History);
    key(&mut a, KeyCode::Char(':'));
    typed(&mut a, "delete");
    let text = boxed(&screen(&mut a, 120, 40));
    assert!(text.contains("history is not deleted"), "{text}");
}

#[test]
fn the_palette_is_as_wide_as_its_rows_where_the_screen_allows() {
    set_lang(Lang::En);
    let mut a = app(12);
    key(&mut a, KeyCode::Char(':'));
    typed(&mut a, "month_table");
    let text = screen(&mut a, 120, 40);
    let want = repbook::tui::action::Action::MonthTable.describe();
    assert!(text.lines().any(|l| l.contains(want)), "{want}\n{text}");
    // Narrower, the selected row wraps in full; the others stay one line.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char(':'));
    typed(&mut a, "m");
    while !matches!(&a.overlay, Some(Overlay::Palette(p)) if p.matches().get(p.selected) == Some(&repbook::tui::action::Action::MonthTable))
    {
        key(&mut a, KeyCode::Down);
    }
    let text = boxed(&screen(&mut a, 80, 24));
    assert!(text.contains(want), "{want}\n{text}");
}

fn rebound(a: &mut App, pairs: &[(&str, &str)]) {
    let user: std::collections::BTreeMap<String, Vec<String>> =
        pairs.iter().map(|(a, k)| ((*a).to_string(), vec![(*k).to_string()])).collect();
    a.set_keymap(repbook::tui::Keymap::new(&user).unwrap());
}

#[test]
fn text_that_names_a_key_names_the_users_key() {
    set_lang(Lang::En);
    // An empty archive's list.
    let mut a = app(0);
    rebound(&mut a, &[("new", "N"), ("search", "ctrl-f"), ("edit", "E")]);
    key(&mut a, KeyCode::Tab);
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("No customers yet. Press N to add one."), "{text}");
    assert!(text.contains("type Ctrl-F to search"), "{text}");
    assert!(!text.contains("type / to search"), "{text}");

    let mut a = app(12);
    rebound(&mut a, &[("new", "N"), ("edit", "E")]);
    dossier_on(&mut a, Tab::Competitors);
    let customer = a.dossier().unwrap().id().to_string();
    let ids: Vec<String> = a.dossier().unwrap().items().iter().map(|e| e.id.clone()).collect();
    for id in ids {
        a.store.write(|w| w.set_alive(&repbook::domain::schema::COMPETITOR, &id, false)).unwrap();
    }
    a.open_dossier(&customer);
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("Nothing here yet. Press N to add."), "{text}");
}

#[test]
fn the_chinese_hints_say_the_enter_key_as_the_rest_does() {
    set_lang(Lang::ZhCn);
    let mut a = app(12);
    // An overdue customer's row on Today: d there deletes nothing.
    for _ in 0..200 {
        if a.today.selected_item().as_ref().is_some_and(|i| matches!(i, repbook::tui::Item::Overdue(_))) {
            break;
        }
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('d'));
    assert!(a.status.text.contains("（回车）"), "{}", a.status.text);
    assert!(!a.status.text.contains("Enter"), "{}", a.status.text);
}

#[test]
fn accepting_a_suggestion_names_the_open_key_in_chinese() {
    set_lang(Lang::ZhCn);
    let mut a = app(12);
    key(&mut a, KeyCode::Char('P'));
    let Some(repbook::tui::Sheet::Plan(view)) = &a.sheet else { panic!("the plan is open") };
    let items = view.plan.as_ref().unwrap().items.len();
    for _ in 0..items {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('a'));
    key(&mut a, KeyCode::Enter);
    assert!(a.status.text.starts_with("已安排"), "{}", a.status.text);
    assert!(a.status.text.contains("按回车修改时间"), "{}", a.status.text);
}

#[test]
fn on_the_agenda_p_l_and_n_act_for_the_selected_rows_customer() {
    set_lang(Lang::En);
    let mut a = app(12);
    key(&mut a, KeyCode::Char('w'));
    let Some(repbook::tui::Sheet::Week(view)) = &a.sheet else { panic!("the agenda is open") };
    let row = view.selected_visit().cloned().expect("a planned visit this week");
    let name = a.store.get(&CUSTOMER, row.text("customer_id").unwrap()).unwrap().unwrap().title().to_string();
    // p on a planned visit opens that plan.
    key(&mut a, KeyCode::Char('p'));
    let title = form_title(&a).expect("p opens a plan");
    assert!(title.contains(&row.text("date").unwrap().to_string()) || title.contains(&name), "{title}");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('L'));
    let title = form_title(&a).expect("L logs a call");
    assert!(title.contains(&name), "{title}");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('n'));
    let title = form_title(&a).expect("n prepares a new visit");
    assert!(title.contains(&name), "{title}");
    let Some(Overlay::Form(f)) = &a.overlay else { unreachable!() };
    assert!(f.id.is_none(), "a new visit, not the selected plan");
    key(&mut a, KeyCode::Esc);
    // Showing follow-ups: n adds a follow-up for the row's customer.
    while !matches!(&a.sheet, Some(repbook::tui::Sheet::Week(v)) if v.selected_visit().is_some_and(|e| e.table.name == "followup"))
    {
        key(&mut a, KeyCode::Char('f'));
    }
    key(&mut a, KeyCode::Char('n'));
    let title = form_title(&a).expect("n adds a follow-up");
    assert!(title.starts_with("New follow-up"), "{title}");
}

#[test]
fn a_key_that_does_nothing_on_a_sheet_says_so() {
    set_lang(Lang::En);
    let mut a = app(12);
    key(&mut a, KeyCode::Char('T'));
    key(&mut a, KeyCode::Char('p'));
    assert!(a.status.text.contains("does nothing here: ? lists what works"), "{}", a.status.text);
}

#[test]
fn what_was_said_about_a_form_or_an_answer_goes_with_it() {
    set_lang(Lang::En);
    let mut a = app(12);
    // A template's message does not outlive the discarded form.
    key(&mut a, KeyCode::Char('p'));
    support::ctrl(&mut a, 't');
    assert!(a.status.text.starts_with("Filled"), "{}", a.status.text);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('y'));
    assert!(a.overlay.is_none());
    assert_eq!(a.status.text, "Not saved: the form's changes are discarded.");
    // A refused answer's message goes once the answer is being changed.
    for _ in 0..200 {
        if a.today.selected_item().as_ref().is_some_and(|i| matches!(i, repbook::tui::Item::Followup(_))) {
            break;
        }
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('d'));
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.overlay, Some(Overlay::Prompt(_))), "an empty reason is refused");
    assert!(a.status.error && a.status.text.contains("only with a reason"), "{}", a.status.text);
    typed(&mut a, "no");
    assert!(a.status.text.is_empty(), "{}", a.status.text);
}

#[test]
fn the_chinese_agenda_title_keeps_to_full_width_brackets() {
    set_lang(Lang::ZhCn);
    let mut a = app(12);
    key(&mut a, KeyCode::Char('w'));
    let text = screen(&mut a, 80, 24);
    let title = text.lines().next().unwrap();
    assert!(title.contains("· 共 ") && !title.contains(" ("), "{title}");
}

#[test]
fn enter_on_the_trash_reads_and_r_restores() {
    set_lang(Lang::En);
    let mut a = app(12);
    // The first customer on the list with a record.
    key(&mut a, KeyCode::Tab);
    for _ in 0..40 {
        key(&mut a, KeyCode::Enter);
        while a.tab() != Some(Tab::Records) {
            key(&mut a, KeyCode::Tab);
        }
        if a.dossier().unwrap().selected_item().is_some() {
            break;
        }
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Down);
    }
    let record = a.dossier().unwrap().selected_item().unwrap().id.clone();
    key(&mut a, KeyCode::Char('d'));
    key(&mut a, KeyCode::Char('y'));
    key(&mut a, KeyCode::Char('T'));
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("purchase/sales record"), "the kind is not cut:\n{text}");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.overlay, Some(Overlay::Read(_))), "Enter reads");
    assert!(!a.store.get(&repbook::domain::schema::TRADE, &record).unwrap().unwrap().alive, "and restores nothing");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Char('y'));
    assert!(a.store.get(&repbook::domain::schema::TRADE, &record).unwrap().unwrap().alive, "r restores");
}

/// Tab to `field` in the open form.
fn focus_field(a: &mut App, field: &str) {
    for _ in 0..a.tabs_to_field(field) {
        key(a, KeyCode::Tab);
    }
}

/// The screen's lines joined, spaces collapsed (a wrapped text reads as one).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_cut_label_is_read_in_full_on_its_focused_field() {
    for (lang, size) in [(Lang::En, (120, 40)), (Lang::ZhCn, (80, 24))] {
        set_lang(lang);
        let mut a = app(12);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Char('n'));
        let label = CUSTOMER.field("organisation").unwrap().label();
        focus_field(&mut a, "organisation");
        let text = screen(&mut a, size.0, size.1);
        assert!(flat(&text).contains(&flat(label)), "{label}\n{text}");
    }
}

#[test]
fn a_field_error_wraps_under_its_field_in_full() {
    for (lang, size) in [(Lang::En, (120, 40)), (Lang::ZhCn, (80, 24))] {
        set_lang(lang);
        let mut a = app(12);
        key(&mut a, KeyCode::Char('p'));
        focus_field(&mut a, "time");
        support::ctrl(&mut a, 'u');
        typed(&mut a, "zz");
        let text = screen(&mut a, size.0, size.1);
        let want = format!("✗ {}", repbook::i18n::t("expect.time"));
        // Beside the side panel: every word of it is there, none cut.
        let text = text.replace('│', " ");
        let words: Vec<&str> = text.split_whitespace().collect();
        for w in want.split_whitespace() {
            assert!(words.contains(&w), "{w} of {want}\n{text}");
        }
    }
}

#[test]
fn a_name_cut_on_today_says_so() {
    set_lang(Lang::ZhCn);
    let mut a = app(12);
    let text = screen(&mut a, 80, 24);
    // Some demo names are longer than Today's column at 80 columns: each
    // such row says it is cut, and no row ends mid-name without it.
    let cut: Vec<&str> = text.lines().filter(|l| l.contains('…')).collect();
    assert!(!cut.is_empty(), "{text}");
}

#[test]
fn chinese_counts_in_headings_take_full_width_brackets() {
    set_lang(Lang::ZhCn);
    let mut a = app(12);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("本周计划的拜访和电话（"), "{text}");
    key(&mut a, KeyCode::Char('T'));
    let text = screen(&mut a, 80, 24);
    assert!(text.lines().next().unwrap().starts_with("回收站（"), "{text}");
}

/// A deleted customer's dossier (opened from the list's "deleted" filter)
/// offers no form that could not be saved: each writing key says the
/// customer is deleted and where to restore it (review of issue 9).
#[test]
fn a_deleted_customers_dossier_opens_no_form() {
    set_lang(Lang::En);
    let mut a = app(12);
    let id = a
        .store
        .write(|w| w.insert(&CUSTOMER, &[("name", repbook::domain::fields::Value::Text("Atlas Logistics".into()))]))
        .unwrap();
    a.store.write(|w| w.set_alive(&CUSTOMER, &id, false)).unwrap();
    a.open_dossier(&id);
    assert!(a.dossier().is_some());
    for k in ['e', 'p', 'l', 'L', 'n', 'd'] {
        key(&mut a, KeyCode::Char(k));
        assert!(a.overlay.is_none(), "{k} opened something");
        assert!(
            a.status.text.starts_with("This customer is deleted") && a.status.text.contains("Trash (T)"),
            "{k}: {}",
            a.status.text
        );
    }
}
