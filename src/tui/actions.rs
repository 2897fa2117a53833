//! What a screen action does on the archive: the daily loop's keys, the
//! records' keys, `d` on what the row is, Enter on what is selected, and
//! loading a dossier. Free functions over [`Ctx`] returning [`Effects`];
//! moving between screens and the overlays is `App::dispatch` (input.rs).

use super::action::Action;
use super::dossier::{DossierView, Tab};
use super::effect::{Ctx, Effect, Effects, say};
use super::overlay::{Overlay, Pending};
use crate::config::Config;
use crate::i18n::{t, tf};
use crate::store::Store;

/// An action that acts on the archive or on what is selected; `None`
/// for the others (the app's own: moving, overlays, screens).
pub(super) fn act(cx: &mut Ctx<'_>, action: Action) -> Option<Effects> {
    if let Some(effects) = super::sheet::open(cx, action) {
        return Some(effects);
    }
    // A deleted customer's dossier is read, not written: a form opened on
    // it could not be saved, and what was typed would be lost.
    let writes = matches!(
        action,
        Action::New
            | Action::Edit
            | Action::Plan
            | Action::Log
            | Action::LogCall
            | Action::Complete
            | Action::Snooze
            | Action::Delete
    );
    if writes && cx.here.sheet.is_none() && cx.here.dossier().is_some_and(|d| !d.dossier.customer.alive) {
        return Some(super::effect::say(cx.keymap.hint("tui.dossier_deleted", &[])));
    }
    Some(match action {
        Action::Open => open(cx),
        Action::New => super::records::new_record(cx),
        Action::Edit => super::records::edit_record(cx),
        Action::Plan | Action::Log | Action::LogCall | Action::Complete | Action::Snooze | Action::Delete => {
            on_row(cx, action)
        }
        _ => return None,
    })
}

/// What acts on a row, on the one selected (on the agenda: its row only).
pub(super) fn on_row(cx: &mut Ctx<'_>, action: Action) -> Effects {
    match action {
        Action::Complete => super::daily::complete_followup(cx),
        Action::Snooze => super::daily::prompt_followup(cx, false),
        Action::Log => super::daily::log_visit(cx),
        Action::Delete => delete_here(cx),
        Action::Plan => super::daily::plan_visit(cx),
        Action::LogCall => super::daily::log_call(cx),
        // On the agenda, a new record like the row.
        Action::New => super::daily::new_like_row(cx),
        _ => Vec::new(),
    }
}

/// `d`: what the selected row is goes (a follow-up is dropped with a
/// reason, a plan on Today cancelled, a record deleted after a yes).
fn delete_here(cx: &Ctx<'_>) -> Effects {
    let here = cx.here;
    if let Some(why) = here.nothing_here(cx.store, cx.keymap, Action::Delete) {
        say(why)
    } else if here.current_followup().is_some() {
        super::daily::prompt_followup(cx, true)
    } else if here.screen.on_today() || here.on_agenda() {
        // On Today and the agenda `d` acts on what the row is (a
        // planned visit: cancel it), never on the customer it is about.
        if let Some(v) = here.current("visit").filter(|v| v.text("status") == Some("planned")) {
            let message = tf("tui.confirm_cancel_plan", &[("visit", &cx.store.record_words(&v))]);
            vec![Effect::Confirm(message, Pending::Cancel { id: v.id })]
        } else {
            let key = cx.keymap.keys_of(Action::Delete).join("/");
            say(cx.keymap.hint("tui.today_delete_nothing", &[("key", key)]))
        }
    } else if here.current("followup").is_none() {
        super::records::delete_record(cx)
    } else {
        // A closed follow-up is the record of what was done.
        say(t("tui.followup_closed_kept"))
    }
}

/// Enter: on a dossier, read what is selected (every field in full, `e`
/// edits from there); on Today, the item's dossier; on the list, the
/// customer's.
fn open(cx: &Ctx<'_>) -> Effects {
    if let Some(why) = cx.here.nothing_here(cx.store, cx.keymap, Action::Open) {
        return say(why);
    }
    if let Some(d) = cx.here.dossier() {
        let view = match d.tab {
            Tab::History => d.history_line(d.scroll).map(|(when, what)| {
                let mut view = super::read::ReadView::change(when, what);
                // `e` edits the record the change is about, as `e` on the
                // History line does, while it exists.
                view.target = d
                    .history_record()
                    .filter(|(table, id)| cx.store.get(table, id).ok().flatten().is_some_and(|e| e.alive))
                    .map(|(table, id)| (table, id.to_string()));
                view
            }),
            _ => cx
                .here
                .target()
                .and_then(|(table, id)| cx.store.get(table, &id).ok().flatten())
                .map(|e| super::read::view_of(cx.store, &e)),
        };
        return view.map(|v| Effect::Show(Overlay::Read(Box::new(v)))).into_iter().collect();
    }
    if cx.here.home() {
        return super::daily::open_today_item(cx);
    }
    cx.here.list.selected_id().map(Effect::Dossier).into_iter().collect()
}

/// Load customer `id`'s dossier; `keep` is the tab, selection and scroll
/// of the one open on the same customer, kept.
pub(super) fn load_dossier(
    store: &Store,
    config: &Config,
    id: &str,
    keep: Option<(Tab, usize, usize)>,
) -> crate::Result<DossierView> {
    let today = store.clock().today();
    let dossier = store.dossier(id)?;
    let standing = store.standing(&config.cadence, &dossier.customer, today)?;
    let history = store.history(id)?;
    let mut view = DossierView::new(dossier, history, store);
    // A deleted customer owes no contact.
    view.standing = view.dossier.customer.alive.then_some(standing);
    if let Some((tab, selected, scroll)) = keep {
        view.tab = tab;
        view.selected = selected.min(view.items().len().saturating_sub(1));
        view.scroll = scroll;
    }
    Ok(view)
}
