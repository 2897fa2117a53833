//! Opportunities and the funnel in the interface (issue 10 §6): the
//! dossier's tab and the funnel sheet at 80×24 and 120×40 in both
//! languages, and moving an opportunity on from a visit log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::domain::opportunity::OPPORTUNITY;
use repbook::i18n::{Lang, set_lang};
use repbook::tui::{App, Overlay, Sheet, Tab};
use support::{app, ctrl, key, screen, typed};

/// The dossier, on its Opportunities tab, of the first customer (by id)
/// of the demo with one opportunity, open and short of the last stage.
fn opportunities_tab(a: &mut App) -> String {
    let all = a.store.records(&OPPORTUNITY, &repbook::store::RecordQuery::default()).unwrap();
    let of = |c: &str| all.iter().filter(|o| o.text("customer_id") == Some(c)).count();
    let mut ids: Vec<&str> = all
        .iter()
        .filter(|o| o.text("state") == Some("open") && o.text("funnel_stage") != Some("commitment"))
        .map(|o| o.text_or_empty("customer_id"))
        .filter(|c| of(c) == 1)
        .collect();
    ids.sort_unstable();
    let customer = ids[0].to_string();
    a.open_dossier(&customer);
    while a.tab() != Some(Tab::Opportunities) {
        key(a, KeyCode::Tab);
    }
    customer
}

fn funnel(a: &App) -> &repbook::domain::funnel::Funnel {
    match &a.sheet {
        Some(Sheet::Funnel(v)) => &v.funnel,
        _ => panic!("the funnel is not open"),
    }
}

#[test]
fn snapshots_of_the_funnel_and_the_tab() {
    for (lang, tag) in [(Lang::En, "en"), (Lang::ZhCn, "zh")] {
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            set_lang(lang);
            let mut a = app(12);
            key(&mut a, KeyCode::Char('V'));
            insta::assert_snapshot!(format!("{tag}_{w}x{h}_funnel"), screen(&mut a, w, h));
            key(&mut a, KeyCode::Esc);
            opportunities_tab(&mut a);
            insta::assert_snapshot!(format!("{tag}_{w}x{h}_dossier_opportunities"), screen(&mut a, w, h));
            key(&mut a, KeyCode::Char('e'));
            insta::assert_snapshot!(format!("{tag}_{w}x{h}_form_opportunity"), screen(&mut a, w, h));
        }
    }
}

#[test]
fn the_demo_funnel_has_every_stage_moves_closings_and_overdue_ones() {
    set_lang(Lang::En);
    let mut a = app(60);
    key(&mut a, KeyCode::Char('V'));
    let f = funnel(&a).clone();
    assert_eq!(f.stages.len(), 5);
    assert!(f.stages.iter().all(|r| r.count > 0), "every stage: {:?}", f.stages);
    assert!(!f.moves.is_empty() && !f.overdue.is_empty());
    key(&mut a, KeyCode::Left);
    let before = funnel(&a).clone();
    assert_eq!(before.from, f.from - chrono::Duration::days(7), "← is the week before");
    assert!(before.won + before.lost + f.won + f.lost > 0, "some were won or lost lately");
    // Enter edits the selected opportunity.
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Enter);
    assert!(matches!(&a.overlay, Some(Overlay::Form(form)) if form.table.name == "opportunity"));
}

#[test]
fn a_visit_log_moves_an_opportunity_and_the_funnel_shows_it() {
    set_lang(Lang::En);
    let mut a = app(12);
    let customer = opportunities_tab(&mut a);
    let opp = a.dossier().unwrap().items()[0].clone();
    let stage = opp.text_or_empty("funnel_stage").to_string();
    key(&mut a, KeyCode::Char('V'));
    let before = funnel(&a).clone();
    key(&mut a, KeyCode::Esc);
    // Log a call: the opportunity and its next stage are chosen with ←/→.
    key(&mut a, KeyCode::Char('L'));
    let Some(Overlay::Form(form)) = &a.overlay else { panic!("no log form") };
    let at = form.fields.iter().position(|f| f.spec.name == "opportunity").unwrap();
    let focus = form.focus;
    for _ in focus..at {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Tab);
    let stages = repbook::domain::opportunity::Stages::default();
    let next = stages.next(&stage).unwrap_or("no_interest").to_string();
    let steps = stages.index(&next).unwrap() + 1;
    for _ in 0..steps {
        key(&mut a, KeyCode::Right);
    }
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    let now = a.store.get(&OPPORTUNITY, &opp.id).unwrap().unwrap();
    assert_eq!(now.text("funnel_stage"), Some(next.as_str()), "the log moved it");
    assert_eq!(now.text("stage_since"), Some("2026-11-22"), "on the call's day");
    let visits = a.store.children(&repbook::domain::schema::VISIT, &customer).unwrap();
    assert!(visits.iter().any(|v| v.text("opportunity") == Some(opp.id.as_str())));
    key(&mut a, KeyCode::Char('V'));
    let after = funnel(&a).clone();
    let row = |f: &repbook::domain::funnel::Funnel, s: &str| f.stages.iter().find(|r| r.stage == s).unwrap().clone();
    assert_eq!(row(&after, &next).moved_in, row(&before, &next).moved_in + 1);
    assert_eq!(row(&after, &stage).moved_out, row(&before, &stage).moved_out + 1);
}

#[test]
fn the_stage_an_opportunity_has_already_is_said_not_taken_silently() {
    set_lang(Lang::En);
    let mut a = app(12);
    opportunities_tab(&mut a);
    let opp = a.dossier().unwrap().items()[0].clone();
    let stage = opp.text_or_empty("funnel_stage").to_string();
    // Edited and saved as it was: said so, not "Saved".
    key(&mut a, KeyCode::Char('e'));
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none());
    assert!(a.status.text.contains("Nothing changed"), "{:?}", a.status);
    // A log naming the stage it has: refused, the form stays, saying why.
    key(&mut a, KeyCode::Char('L'));
    let Some(Overlay::Form(form)) = &a.overlay else { panic!("no log form") };
    let at = form.fields.iter().position(|f| f.spec.name == "opportunity").unwrap();
    for _ in form.focus..at {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Tab);
    let steps = repbook::domain::opportunity::Stages::default().index(&stage).unwrap() + 1;
    for _ in 0..steps {
        key(&mut a, KeyCode::Right);
    }
    ctrl(&mut a, 's');
    assert!(a.overlay.is_some() && a.status.error, "{:?}", a.status);
    assert!(a.status.text.contains("already"), "{:?}", a.status);
    let now = a.store.get(&OPPORTUNITY, &opp.id).unwrap().unwrap();
    assert_eq!(now.text("stage_since"), opp.text("stage_since"), "not redated");
}

#[test]
fn a_new_opportunity_starts_at_the_first_stage_and_a_loss_needs_its_reason() {
    set_lang(Lang::En);
    let mut a = app(12);
    opportunities_tab(&mut a);
    // The footer says how to add one and how to move it on.
    let shown = screen(&mut a, 120, 40);
    let footer = shown.lines().last().unwrap();
    // Enter opens the read view, `e` the form: the footer says so.
    assert!(
        footer.contains("n new") && footer.contains("Enter read") && footer.contains("e edit (stage, won, lost)"),
        "{footer}"
    );
    let n = a.dossier().unwrap().items().len();
    key(&mut a, KeyCode::Char('n'));
    // The stage starts at the funnel's first, as `opportunity add` does.
    assert_eq!(
        field_text(&a, "funnel_stage"),
        repbook::domain::opportunity::Stages::label("no_interest"),
        "a new opportunity starts at the first stage"
    );
    typed(&mut a, "Cold room");
    // An amount as said in Chinese.
    let Some(Overlay::Form(form)) = &a.overlay else { panic!() };
    let at = form.fields.iter().position(|f| f.spec.name == "amount").unwrap();
    for _ in form.focus..at {
        key(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "12万");
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "saved as it stands: {:?}", a.status);
    let items = a.dossier().unwrap().items().to_vec();
    assert_eq!(items.len(), n + 1);
    let new = items.iter().find(|o| o.text("need") == Some("Cold room")).unwrap();
    assert_eq!((new.text("funnel_stage"), new.text("state")), (Some("no_interest"), Some("open")));
    assert_eq!(new.int("amount"), Some(12_000_000), "12万 is 120,000.00");
    // Lost without a reason: refused, the form stays open.
    let pos = items.iter().position(|o| o.id == new.id).unwrap();
    key(&mut a, KeyCode::Home);
    for _ in 0..=pos {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('e'));
    let Some(Overlay::Form(form)) = &a.overlay else { panic!() };
    let at = form.fields.iter().position(|f| f.spec.name == "state").unwrap();
    for _ in form.focus..at {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Right);
    ctrl(&mut a, 's');
    assert!(a.overlay.is_some() && a.status.error, "{:?}", a.status);
    assert_eq!(a.store.get(&OPPORTUNITY, &new.id).unwrap().unwrap().text("state"), Some("open"));
    // Said at the Reason field, which has the focus.
    let Some(Overlay::Form(form)) = &a.overlay else { panic!() };
    let reason = form.fields.iter().position(|f| f.spec.name == "reason").unwrap();
    assert_eq!(form.focus, reason);
    assert!(
        form.fields[reason].error.as_deref().is_some_and(|e| e.contains("reason")),
        "{:?}",
        form.fields[reason].error
    );
    assert!(screen(&mut a, 120, 40).contains("needs its reason"));
}

fn field_text(a: &App, field: &str) -> String {
    match &a.overlay {
        Some(Overlay::Form(f)) => f.fields.iter().find(|x| x.spec.name == field).unwrap().text(),
        _ => panic!("no form open: {:?}", a.status),
    }
}

#[test]
fn the_list_filters_qualified_prospects_and_a_score_as_the_cli_does() {
    set_lang(Lang::En);
    let mut a = support::list_app(12);
    let all = a.store.customers(&repbook::store::CustomerFilter::default()).unwrap();
    let qualified = all.iter().filter(|c| repbook::domain::qualify::Qualification::of(c).qualified()).count();
    let at_least_3 = all.iter().filter(|c| repbook::domain::qualify::Qualification::of(c).score() >= 3).count();
    assert!(qualified > 0 && qualified < all.len(), "the demo has both: {qualified}");
    let shown = |a: &mut App| {
        let text = screen(a, 120, 40);
        let line = text.lines().nth(1).unwrap().to_string();
        let n: usize = line.split(" of ").next().unwrap().rsplit(' ').next().unwrap().parse().unwrap();
        (n, line)
    };
    // f → Qualified prospect → yes (after "any").
    key(&mut a, KeyCode::Char('f'));
    for _ in 0..9 {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    let (n, line) = shown(&mut a);
    assert!(line.contains("Qualified prospect"), "{line}");
    assert_eq!(n, qualified, "{line}");
    // x clears; f → Qualification score → at least 3.
    key(&mut a, KeyCode::Char('x'));
    key(&mut a, KeyCode::Char('f'));
    for _ in 0..10 {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    let menu = screen(&mut a, 120, 40);
    let pos = menu.lines().filter(|l| l.contains("at least")).position(|l| l.contains("at least 3")).unwrap();
    for _ in 0..pos {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    let (n, line) = shown(&mut a);
    assert_eq!(n, at_least_3, "{line}\n{menu}");
}

#[test]
fn at_80_columns_the_funnel_lists_whole_customer_names_and_needs() {
    for lang in [Lang::ZhCn, Lang::En] {
        set_lang(lang);
        let mut a = app(60);
        key(&mut a, KeyCode::Char('V'));
        let f = funnel(&a).clone();
        let items: Vec<_> = f.moves.iter().chain(&f.overdue).cloned().collect();
        assert!(!items.is_empty());
        // Down the lists: each opportunity, once selected, is on screen whole.
        for item in &items {
            let shown = screen(&mut a, 80, 24);
            let flat = |t: &str| t.split_whitespace().collect::<String>();
            assert!(flat(&shown).contains(&flat(&item.customer)), "{} in\n{shown}", item.customer);
            assert!(flat(&shown).contains(&flat(&item.need)), "{} in\n{shown}", item.need);
            key(&mut a, KeyCode::Down);
        }
    }
    set_lang(Lang::En);
}
