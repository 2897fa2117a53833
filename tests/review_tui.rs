//! The week review screen (issue 10 §2–§4) on the demo with a fixed clock
//! (Sunday 2026-11-22, week 2026-W47): every part and a closed past week at
//! 80×24 and 120×40 in both languages; writing Check notes and Act items,
//! carrying one into next week's plan, making one a follow-up, closing and
//! reopening, deleting and undoing, all by keyboard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod tui;

use crossterm::event::KeyCode;
use repbook::i18n::Lang;
use repbook::tui::Sheet;

fn review_screens(lang: Lang, w: u16, h: u16) -> Vec<(&'static str, String)> {
    repbook::i18n::set_lang(lang);
    let mut a = tui::app(12);
    tui::key(&mut a, KeyCode::Char('R'));
    let mut out = vec![("review_plan", tui::screen(&mut a, w, h))];
    for name in ["review_do", "review_check", "review_act", "review_pictures"] {
        tui::key(&mut a, KeyCode::Tab);
        out.push((name, tui::screen(&mut a, w, h)));
    }
    // History: two weeks back, closed, on its Check part.
    tui::key(&mut a, KeyCode::Char('['));
    tui::key(&mut a, KeyCode::Char('['));
    tui::key(&mut a, KeyCode::BackTab);
    tui::key(&mut a, KeyCode::BackTab);
    out.push(("review_closed_week_check", tui::screen(&mut a, w, h)));
    out
}

#[test]
fn the_review_screen_in_both_languages_and_sizes() {
    for (lang, tag) in [(Lang::En, "en"), (Lang::ZhCn, "zh")] {
        for (w, h) in [(80, 24), (120, 40)] {
            for (name, text) in review_screens(lang, w, h) {
                insta::assert_snapshot!(format!("{tag}_{w}x{h}_{name}"), text);
            }
        }
    }
    repbook::i18n::set_lang(Lang::En);
}

fn review(a: &repbook::tui::App) -> &repbook::domain::review::Review {
    let Some(Sheet::Review(view)) = &a.sheet else { panic!("the review is open") };
    view.review.as_ref().unwrap()
}

#[test]
fn check_and_act_by_keyboard_with_undo() {
    repbook::i18n::set_lang(Lang::En);
    let mut a = tui::app(60);
    tui::key(&mut a, KeyCode::Char('R'));
    assert_eq!(review(&a).week, "2026-W47");
    assert_eq!(review(&a).carried.len(), 1, "last week's Act item carried into this week's Plan");
    // Plan says how many of the work plan were planned ahead: Do's count.
    let (planned, all) = (review(&a).facts.planned, review(&a).plan.len());
    assert!((planned as usize) < all, "the demo's week has visits entered when held");
    let shown = tui::screen(&mut a, 120, 40);
    assert!(shown.contains(&format!("{planned} of them planned ahead (Do counts those)")), "{shown}");
    // Check: write what worked.
    tui::key(&mut a, KeyCode::Tab);
    tui::key(&mut a, KeyCode::Tab);
    tui::key(&mut a, KeyCode::Char('e'));
    tui::typed(&mut a, "early calls");
    tui::ctrl(&mut a, 's');
    assert_eq!(review(&a).worked, "early calls");
    // An Act item about the first customer named in Check.
    let (customer, name) = {
        let Some(Sheet::Review(view)) = &a.sheet else { panic!() };
        match view.target() {
            Some(repbook::tui::ReviewTarget::Customer(id, name)) => (id, name),
            other => panic!("a customer line is selected: {other:?}"),
        }
    };
    tui::key(&mut a, KeyCode::Char('n'));
    tui::typed(&mut a, "call first");
    tui::ctrl(&mut a, 's');
    let act = review(&a).acts.last().unwrap().clone();
    assert_eq!(act.customer_id.as_deref(), Some(customer.as_str()));
    assert!(act.what.contains(&name) && act.what.ends_with("call first"), "{act:?}");
    // On Act: p carries it, F makes it a follow-up due next Monday.
    tui::key(&mut a, KeyCode::Tab);
    tui::key(&mut a, KeyCode::Char('p'));
    assert!(review(&a).acts[0].carried);
    tui::key(&mut a, KeyCode::Char('F'));
    tui::key(&mut a, KeyCode::Enter);
    let made = review(&a).acts[0].followup_id.clone().expect("a follow-up was made");
    let f = a.store.get(&repbook::domain::schema::FOLLOWUP, &made).unwrap().unwrap();
    assert_eq!((f.text("due"), f.text("customer_id")), (Some("2026-11-23"), Some(customer.as_str())));
    // u takes the follow-up back, the item forgets it.
    tui::key(&mut a, KeyCode::Char('u'));
    assert!(review(&a).acts[0].followup_id.is_none());
    // c asks first, naming the week and saying it is not over (today is
    // its Sunday); no leaves it open.
    tui::key(&mut a, KeyCode::Char('c'));
    let asked = tui::screen(&mut a, 120, 40);
    assert!(asked.contains("2026-W47 is not over (it ends 2026-11-22 Sun)"), "{asked}");
    assert!(!review(&a).closed);
    tui::key(&mut a, KeyCode::Char('n'));
    assert!(!review(&a).closed && a.overlay.is_none());
    // Yes closes: the footer offers no writes, an edit is refused; c
    // again reopens; u after the close reopens too.
    let open_hint = tui::screen(&mut a, 120, 40);
    assert!(open_hint.contains("n new") && open_hint.contains("F follow-up"), "{open_hint}");
    tui::key(&mut a, KeyCode::Char('c'));
    tui::key(&mut a, KeyCode::Char('y'));
    assert!(review(&a).closed);
    let shown = tui::screen(&mut a, 120, 40);
    let hint = shown.lines().nth(38).unwrap();
    assert!(hint.contains("closed, kept as written: c reopens"), "{hint}");
    assert!(!hint.contains("n new") && !hint.contains("follow-up") && !hint.contains("next week"), "{hint}");
    tui::key(&mut a, KeyCode::Char('n'));
    assert!(a.overlay.is_none(), "no form on a closed week");
    tui::key(&mut a, KeyCode::Char('c'));
    assert!(!review(&a).closed);
    tui::key(&mut a, KeyCode::Char('c'));
    tui::key(&mut a, KeyCode::Char('y'));
    assert!(review(&a).closed);
    tui::key(&mut a, KeyCode::Char('u'));
    assert!(!review(&a).closed);
    // d deletes the item after a question; u brings it back.
    tui::key(&mut a, KeyCode::Char('d'));
    tui::key(&mut a, KeyCode::Char('y'));
    assert!(review(&a).acts.is_empty());
    tui::key(&mut a, KeyCode::Char('u'));
    assert_eq!(review(&a).acts.len(), 1);
}

#[test]
fn an_act_item_naming_no_customer_becomes_a_follow_up_of_the_customer_chosen() {
    repbook::i18n::set_lang(Lang::En);
    let mut a = tui::app(12);
    tui::key(&mut a, KeyCode::Char('R'));
    // Last week (open): its first Act item names no customer.
    tui::key(&mut a, KeyCode::Char('['));
    for _ in 0..3 {
        tui::key(&mut a, KeyCode::Tab);
    }
    let act = review(&a).acts[0].clone();
    assert!(act.customer_id.is_none() && act.followup_id.is_none(), "{act:?}");
    // F asks whose follow-up it is; typing finds customers by name.
    tui::key(&mut a, KeyCode::Char('F'));
    let asked = tui::screen(&mut a, 80, 24);
    assert!(asked.contains("Whose follow-up is"), "{asked}");
    let (id, name) = a.store.customer_names().unwrap().into_iter().min_by(|x, y| x.1.cmp(&y.1)).unwrap();
    tui::typed(&mut a, &name);
    let shown = tui::screen(&mut a, 80, 24);
    assert!(shown.contains(&format!("> {name}")), "the best match is chosen:\n{shown}");
    // Down and up move the choice; Enter takes it and asks the due day.
    tui::key(&mut a, KeyCode::Down);
    tui::key(&mut a, KeyCode::Up);
    tui::key(&mut a, KeyCode::Enter);
    let due = tui::screen(&mut a, 80, 24);
    assert!(due.contains(&format!("Follow-up for {name}")), "{due}");
    tui::key(&mut a, KeyCode::Enter);
    assert!(a.overlay.is_none(), "{}", tui::screen(&mut a, 80, 24));
    let after = review(&a).acts[0].clone();
    let made = after.followup_id.expect("a follow-up was made");
    let f = a.store.get(&repbook::domain::schema::FOLLOWUP, &made).unwrap().unwrap();
    assert_eq!(f.text("customer_id"), Some(id.as_str()));
    // The Act item names the customer chosen now, in its line too.
    assert_eq!((after.customer_id.as_deref(), after.customer.as_deref()), (Some(id.as_str()), Some(name.as_str())));
    let act_line = tui::screen(&mut a, 120, 40);
    assert!(act_line.lines().any(|l| l.contains(" 1. ") && l.contains(&format!("({name})"))), "{act_line}");
    // Nothing matching: Enter keeps the question open, saying so.
    tui::key(&mut a, KeyCode::Char('n'));
    tui::typed(&mut a, "ring back");
    tui::ctrl(&mut a, 's');
    let last = review(&a).acts.len() - 1;
    for _ in 0..last {
        tui::key(&mut a, KeyCode::Down);
    }
    assert_eq!(review(&a).acts[last].what, "ring back");
    tui::key(&mut a, KeyCode::Char('F'));
    tui::typed(&mut a, "zzzqqq");
    tui::key(&mut a, KeyCode::Enter);
    assert!(a.overlay.is_some(), "the question stays");
    assert!(tui::screen(&mut a, 80, 24).contains("No customer matches"));
    assert!(review(&a).acts[last].followup_id.is_none());
}

#[test]
fn the_status_hint_names_which_keys_move_between_parts_and_between_weeks_in_full() {
    for (lang, parts, weeks) in [(Lang::En, "←/→ part", "[/] week"), (Lang::ZhCn, "←/→ 换部分", "[/] 上周/下周")]
    {
        repbook::i18n::set_lang(lang);
        let mut a = tui::app(12);
        tui::key(&mut a, KeyCode::Char('R'));
        for _ in 0..5 {
            let shown = tui::screen(&mut a, 80, 24);
            let hint = shown.lines().nth(22).unwrap();
            assert!(hint.starts_with(&format!("{parts} · {weeks}")), "{hint}");
            // Every hint ends whole at 80 columns.
            assert!(hint.ends_with(if lang == Lang::En { "Esc back" } else { "Esc 返回" }), "{hint}");
            tui::key(&mut a, KeyCode::Tab);
        }
    }
    repbook::i18n::set_lang(Lang::En);
}

#[test]
fn a_closed_week_keeps_its_figures_when_the_data_changes() {
    repbook::i18n::set_lang(Lang::En);
    let mut a = tui::app(12);
    tui::key(&mut a, KeyCode::Char('R'));
    tui::key(&mut a, KeyCode::Char('['));
    tui::key(&mut a, KeyCode::Char('['));
    let before = review(&a).clone();
    assert!(before.closed && before.week == "2026-W45");
    // A visit held that week, logged now: the closed review does not move.
    let customer = a.store.customer_names().unwrap().into_keys().next().unwrap();
    let v = [
        ("customer_id", repbook::domain::fields::Value::Text(customer)),
        ("kind", repbook::domain::fields::Value::Text("visit".into())),
        ("status", repbook::domain::fields::Value::Text("done".into())),
        ("date", repbook::domain::fields::Value::Text(before.monday.format("%Y-%m-%d").to_string())),
    ];
    a.store.write(|w| w.insert(&repbook::domain::schema::VISIT, &v)).unwrap();
    tui::key(&mut a, KeyCode::Char(']'));
    tui::key(&mut a, KeyCode::Char('['));
    let after = review(&a);
    assert_eq!(after.facts.visits_held, before.facts.visits_held);
    let Some(Sheet::Review(view)) = &a.sheet else { panic!() };
    let last = view.trend.as_ref().unwrap().weeks.last().unwrap().clone();
    assert_eq!(last.visits, before.facts.visits_held, "the pictures are frozen too");
    assert_eq!(after.plan.len(), before.plan.len());
    // Over: closing it again asks without saying it is not over.
    tui::key(&mut a, KeyCode::Char('c'));
    assert!(!review(&a).closed);
    tui::key(&mut a, KeyCode::Char('c'));
    let asked = tui::screen(&mut a, 120, 40);
    assert!(asked.contains("Close 2026-W45?") && !asked.contains("not over"), "{asked}");
    tui::key(&mut a, KeyCode::Char('n'));
    // Reopened, the new visit counts.
    assert_eq!(review(&a).facts.visits_held, before.facts.visits_held + 1);
}

#[test]
fn the_pictures_say_their_numbers_at_every_small_size() {
    repbook::i18n::set_lang(Lang::ZhCn);
    let mut a = tui::app(12);
    tui::key(&mut a, KeyCode::Char('R'));
    tui::key(&mut a, KeyCode::BackTab);
    for (w, h) in [(80, 24), (60, 20), (40, 12), (20, 6)] {
        let text = tui::screen(&mut a, w, h);
        assert!(!text.is_empty());
    }
    let text = tui::screen(&mut a, 80, 24);
    let r = review(&a).clone();
    let a_class = &r.facts.compliance[0];
    assert!(text.contains(&format!("{}/{}", a_class.met, a_class.customers)), "{text}");
    assert!(text.contains("访") && text.contains("电") && text.contains('%'), "{text}");
    // The funnel's stages: those that fit, then how many lines are below,
    // and the keys that bring them: the stages closest to money are
    // reached, never left out.
    assert!(text.contains("没有兴趣") && text.contains("下面还有"), "{text}");
    assert!(!text.contains("承诺购买"), "{text}");
    tui::key(&mut a, KeyCode::PageDown);
    let text = tui::screen(&mut a, 80, 24);
    for stage in ["没有兴趣", "兴趣不大", "兴趣浓厚", "认同", "承诺购买"] {
        assert!(text.lines().any(|l| l.starts_with(stage) && l.contains('│')), "{stage} in\n{text}");
    }
    assert!(!text.contains("下面还有"), "{text}");
    tui::key(&mut a, KeyCode::PageUp);
    assert!(tui::screen(&mut a, 80, 24).contains("下面还有"));
    repbook::i18n::set_lang(Lang::En);
}

#[test]
fn the_work_plan_of_the_review_shows_whole_customer_names_at_80_and_120_columns() {
    for (lang, w, h) in [(Lang::ZhCn, 80, 24), (Lang::En, 80, 24), (Lang::ZhCn, 120, 40)] {
        repbook::i18n::set_lang(lang);
        let mut a = tui::app(60);
        tui::key(&mut a, KeyCode::Char('R'));
        let plan = review(&a).plan.clone();
        assert!(!plan.is_empty());
        for l in &plan {
            let shown = tui::screen(&mut a, w, h);
            assert!(shown.contains(l.customer.as_str()), "{} in\n{shown}", l.customer);
            tui::key(&mut a, KeyCode::Down);
        }
    }
    repbook::i18n::set_lang(Lang::En);
}

/// On Act, `p` (into next week's plan) and `F` (a follow-up) are offered
/// only with an Act item selected: not on an empty list.
#[test]
fn act_offers_plan_and_follow_up_only_with_an_item_selected() {
    for (lang, plan, followup) in [(Lang::En, "p next week", "F follow-up"), (Lang::ZhCn, "p 列入下周", "F 转跟进")]
    {
        repbook::i18n::set_lang(lang);
        let mut a = tui::app(12);
        tui::key(&mut a, KeyCode::Char('R'));
        for _ in 0..3 {
            tui::key(&mut a, KeyCode::Tab);
        }
        assert!(review(&a).acts.is_empty(), "this week has no Act item yet");
        let hint = tui::screen(&mut a, 80, 24).lines().nth(22).unwrap().to_string();
        assert!(!hint.contains(plan) && !hint.contains(followup), "{hint}");
        assert!(hint.contains(" n "), "a new one is offered: {hint}");
        // The keys do nothing there.
        tui::key(&mut a, KeyCode::Char('p'));
        tui::key(&mut a, KeyCode::Char('F'));
        assert!(a.overlay.is_none() && review(&a).acts.is_empty());
        // With an item: both offered.
        tui::key(&mut a, KeyCode::Char('n'));
        tui::typed(&mut a, "call first");
        tui::ctrl(&mut a, 's');
        let hint = tui::screen(&mut a, 120, 40).lines().nth(38).unwrap().to_string();
        assert!(hint.contains(plan) && hint.contains(followup), "{hint}");
    }
    repbook::i18n::set_lang(Lang::En);
}

/// `F` on an Act item that is a follow-up already says so, naming the
/// follow-up by its text, due day and short id — never the whole id; the
/// CLI refuses in the same words.
#[test]
fn a_second_follow_up_of_an_act_item_is_refused_naming_the_first() {
    repbook::i18n::set_lang(Lang::En);
    let mut a = tui::app(12);
    tui::key(&mut a, KeyCode::Char('R'));
    for _ in 0..3 {
        tui::key(&mut a, KeyCode::Tab);
    }
    tui::key(&mut a, KeyCode::Char('n'));
    tui::typed(&mut a, "call first");
    tui::ctrl(&mut a, 's');
    // Whose: the first customer offered; then the due day.
    tui::key(&mut a, KeyCode::Char('F'));
    let (_, name) = a.store.customer_names().unwrap().into_iter().min_by(|x, y| x.1.cmp(&y.1)).unwrap();
    tui::typed(&mut a, &name);
    tui::key(&mut a, KeyCode::Enter);
    tui::key(&mut a, KeyCode::Enter);
    let made = review(&a).acts[0].followup_id.clone().expect("a follow-up was made");
    tui::key(&mut a, KeyCode::Char('F'));
    assert!(a.overlay.is_none(), "nothing is asked");
    let shown = tui::screen(&mut a, 120, 40);
    let short = &made[made.len() - 8..];
    assert!(
        shown.contains(&format!("This Act item is a follow-up already: \"call first\", due 2026-11-23 Mon [{short}].")),
        "{shown}"
    );
    assert!(!shown.contains(&made), "{shown}");
    let act = review(&a).acts[0].id.clone();
    let err = a.store.write(|w| w.act_to_followup(&act, chrono::NaiveDate::MAX, None)).unwrap_err().to_string();
    assert!(err.contains("\"call first\"") && err.contains(short) && !err.contains(&made), "{err}");
}

/// The pictures' funnel shows what moved in and out of each stage this
/// week, as the funnel screen does (`+in −out`), at 80×24 and 120×40.
#[test]
fn the_pictures_funnel_shows_this_weeks_movement() {
    for lang in [Lang::En, Lang::ZhCn] {
        repbook::i18n::set_lang(lang);
        let mut a = tui::app(60);
        tui::key(&mut a, KeyCode::Char('R'));
        tui::key(&mut a, KeyCode::BackTab);
        let r = review(&a).clone();
        let now = a.store.funnel(&repbook::domain::opportunity::Stages::default(), r.monday, r.sunday).unwrap();
        let stages = &r.facts.figures.funnel.stages;
        assert!(stages.iter().any(|s| s.moved_in + s.moved_out > 0), "the demo moved some this week");
        for (s, l) in stages.iter().zip(&now.stages) {
            assert_eq!((s.stage.as_str(), s.moved_in, s.moved_out), (l.stage.as_str(), l.moved_in, l.moved_out));
        }
        for (w, h) in [(120, 40), (80, 24)] {
            let shown = tui::screen(&mut a, w, h);
            let mut seen = 0;
            for s in stages {
                let Some(line) = shown.lines().find(|l| l.starts_with(&s.label) && l.contains('│')) else { continue };
                assert!(line.ends_with(&format!("+{} −{}", s.moved_in, s.moved_out)), "{} in\n{shown}", s.label);
                seen += 1;
            }
            assert!(seen >= 2, "{shown}");
        }
    }
    repbook::i18n::set_lang(Lang::En);
}

/// A long Act item in Chinese at 80×24 is read whole (wrapped under its
/// number), and Enter shows what became of it: its follow-up (what, due,
/// state) and whether it is in next week's plan.
#[test]
fn an_act_item_is_read_whole_at_80_columns_and_enter_shows_what_became_of_it() {
    repbook::i18n::set_lang(Lang::ZhCn);
    let mut a = tui::app(12);
    tui::key(&mut a, KeyCode::Char('R'));
    for _ in 0..3 {
        tui::key(&mut a, KeyCode::Tab);
    }
    let what = "每次拜访前一天打电话确认时间和参加的人，并把样品、报价单和上次的会议纪要提前准备好，避免临时改期";
    tui::key(&mut a, KeyCode::Char('n'));
    tui::typed(&mut a, what);
    tui::ctrl(&mut a, 's');
    let shown = tui::screen(&mut a, 80, 24);
    assert!(shown.contains("避免临时改期"), "the end of the item is in sight:\n{shown}");
    assert!(!shown.contains('…'), "nothing cut:\n{shown}");
    // Carried into next week's plan, then made a follow-up of a customer.
    tui::key(&mut a, KeyCode::Char('p'));
    tui::key(&mut a, KeyCode::Char('F'));
    let (_, name) = a.store.customer_names().unwrap().into_iter().min_by(|x, y| x.1.cmp(&y.1)).unwrap();
    tui::typed(&mut a, &name);
    tui::key(&mut a, KeyCode::Enter);
    tui::key(&mut a, KeyCode::Enter);
    assert!(review(&a).acts[0].followup_id.is_some(), "{:?}", a.status);
    tui::key(&mut a, KeyCode::Enter);
    let read = tui::screen(&mut a, 80, 24);
    assert!(read.contains("2026-W47 的第 1 项改进事项"), "{read}");
    assert!(read.contains("已列入 2026-W48 的计划"), "{read}");
    assert!(read.contains("2026-11-23 到期 · 待"), "the follow-up's due day and state:\n{read}");
    tui::key(&mut a, KeyCode::Esc);
    assert!(a.overlay.is_none());
}
