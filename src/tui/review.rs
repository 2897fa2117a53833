//! The week review screen (issue 10 §2–§4): Plan / Do / Check / Act (and
//! the pictures) of an ISO week. ← → or Tab go through the parts, [ and ]
//! through the weeks (past ones as written: a closed week shows its frozen
//! figures). `e` writes the goals (Plan) or the Check notes, `n` adds an
//! Act item (on a customer's line in Check, one about that customer), `p`
//! carries an Act item into next week's plan, `F` makes it a follow-up,
//! `d` deletes it, `c` closes or reopens the week. The store functions are
//! those of `repbook review`; the parts are the sheets `repbook review`
//! prints (`interop::review_sheet`).

use super::action::Action;
use super::form::{Form, FormMode};
use super::outcome::Outcome;
use crate::config::Cadence;
use crate::domain::review::Review;
use crate::domain::schema::{REVIEW_ACT, WEEK_REVIEW};
use crate::i18n::{t, tf};
use crate::store::Store;
use chrono::{Duration, NaiveDate};

/// The parts of the review, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Goals, last week's Act carried in, the work plan.
    Plan,
    /// The week's facts.
    Do,
    /// Plan against actual, compliance, the rep's notes.
    Check,
    /// What to change.
    Act,
    /// Charts over the last weeks.
    Pictures,
}

impl Part {
    /// Every part, in order.
    pub const ALL: [Part; 5] = [Part::Plan, Part::Do, Part::Check, Part::Act, Part::Pictures];

    /// Its name on the tab bar.
    pub fn label(self) -> &'static str {
        t(match self {
            Part::Plan => "review.plan",
            Part::Do => "review.do",
            Part::Check => "review.check",
            Part::Act => "review.act",
            Part::Pictures => "review.pictures",
        })
    }
}

/// What a line of a part points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Act item number `n` (index).
    Act(usize),
    /// A customer named in Check (id, name).
    Customer(String, String),
    /// A visit of the work plan.
    Visit(String),
}

/// A form the review opens, and what saving it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewForm {
    /// The goals or the Check notes of the week starting `monday`.
    Notes(NaiveDate),
    /// A new Act item of that week, about a customer if given.
    NewAct(NaiveDate, Option<String>),
}

/// What the app is to do after a review command.
pub enum Then {
    /// Open this form.
    Form(Box<Form>),
    /// Ask the follow-up's due day for this Act item (prefilled).
    FollowupDue(String, NaiveDate, String),
    /// Ask whose follow-up this Act item (which names no customer) is.
    FollowupCustomer(String, String),
    /// Ask before deleting this Act item.
    Delete(String),
    /// Ask before closing the week starting on this Monday.
    Close(NaiveDate),
    /// Open this visit's edit form.
    EditVisit(String),
    /// Show this (an Act item in full, what became of it).
    Read(Box<super::read::ReadView>),
    /// Written: say this.
    Said(String),
    /// Say this (nothing written).
    Note(String),
    /// Nothing to do here.
    Nothing,
}

/// State of the review screen.
#[derive(Debug, Clone)]
pub struct ReviewView {
    /// Monday of the week shown.
    pub monday: NaiveDate,
    /// The part shown.
    pub part: Part,
    /// The review, once read.
    pub review: Option<Review>,
    /// Selected target line of the part (index among its targets).
    pub selected: usize,
    /// Lines scrolled: from the top in a part without targets; past the
    /// last target in a part with them (Check's figures and notes come
    /// after its customers), which leaves that target unselected.
    pub scroll: usize,
    /// How far `scroll` can go at the size last drawn (set by drawing).
    pub(super) room: std::cell::Cell<usize>,
    /// The rep's today.
    pub today: NaiveDate,
    /// The pictures' figures, once read.
    pub trend: Option<crate::domain::review_trend::Trend>,
}

impl ReviewView {
    /// The review of the week `day` falls in.
    pub fn new(day: NaiveDate, today: NaiveDate) -> Self {
        let monday = crate::domain::period::week_of(day).0;
        Self {
            monday,
            part: Part::Plan,
            review: None,
            selected: 0,
            scroll: 0,
            room: std::cell::Cell::new(0),
            today,
            trend: None,
        }
    }

    /// Read the week shown again.
    pub fn reload(&mut self, store: &Store, cadence: &Cadence) -> crate::Result<()> {
        self.review = Some(store.review(cadence, self.monday, self.today)?);
        let frozen = self.review.as_ref().and_then(|r| r.frozen_trend.clone());
        self.trend = match frozen {
            Some(t) => Some(t),
            None => Some(store.review_trend(self.monday)?),
        };
        let n = self.targets().len();
        self.selected = self.selected.min(n.saturating_sub(1));
        Ok(())
    }

    /// The targets of the part shown, in line order.
    pub fn targets(&self) -> Vec<Target> {
        let Some(r) = &self.review else { return Vec::new() };
        match self.part {
            Part::Plan => r.plan.iter().map(|l| Target::Visit(l.id.clone())).collect(),
            Part::Check => {
                let mut out: Vec<Target> = r
                    .facts
                    .not_held
                    .iter()
                    .map(|v| Target::Customer(v.customer_id.clone(), v.customer.clone()))
                    .collect();
                out.extend(r.facts.a_without_contact.iter().map(|(id, n)| Target::Customer(id.clone(), n.clone())));
                out
            }
            Part::Act => (0..r.acts.len()).map(Target::Act).collect(),
            Part::Do | Part::Pictures => Vec::new(),
        }
    }

    /// The selected target; none once scrolled past the last one.
    pub fn target(&self) -> Option<Target> {
        if self.scroll > 0 {
            return None;
        }
        self.targets().into_iter().nth(self.selected)
    }

    /// Move by `delta` lines: through the targets, then on past the last
    /// one into the lines after it (and back), or through a part without
    /// targets; never further than the lines go at the size last drawn.
    fn move_by(&mut self, delta: isize) {
        let n = self.targets().len();
        let room = self.room.get();
        if n == 0 {
            self.scroll = self.scroll.saturating_add_signed(delta).min(room);
            return;
        }
        let last = n - 1;
        // Where the move goes, counted in targets then lines past the last.
        let at = isize::try_from(self.selected.min(last) + self.scroll).unwrap_or(isize::MAX);
        let to = usize::try_from(at.saturating_add(delta).max(0)).unwrap_or(0);
        self.selected = to.min(last);
        self.scroll = to.saturating_sub(last).min(room);
    }

    /// An action on the screen's own state; `Run` for those the app
    /// carries out with [`ReviewView::run`].
    pub fn handle(&mut self, action: Action, page: isize) -> Outcome {
        let delta = super::component::step(action, page).unwrap_or(0);
        if delta != 0 {
            self.move_by(delta);
            return Outcome::Keep;
        }
        match action {
            Action::NextTab | Action::PrevTab => {
                let i = Part::ALL.iter().position(|p| *p == self.part).unwrap_or(0);
                let n = Part::ALL.len();
                let next = if action == Action::NextTab { (i + 1) % n } else { (i + n - 1) % n };
                self.part = Part::ALL[next];
                self.selected = 0;
                self.scroll = 0;
                Outcome::Keep
            }
            Action::PrevPeriod | Action::NextPeriod => {
                let weeks = if action == Action::NextPeriod { 1 } else { -1 };
                self.monday = crate::domain::period::shift_week(self.monday, weeks);
                self.selected = 0;
                self.scroll = 0;
                Outcome::Reload
            }
            Action::New
            | Action::Edit
            | Action::Open
            | Action::Delete
            | Action::Plan
            | Action::ToFollowup
            | Action::Complete => Outcome::Run(action),
            _ => Outcome::Pass,
        }
    }

    fn week(&self) -> String {
        crate::domain::period::iso_week_label(self.monday)
    }

    fn closed(&self) -> bool {
        self.review.as_ref().is_some_and(|r| r.closed)
    }

    fn act_id(&self) -> Option<String> {
        let (Some(r), Some(Target::Act(i))) = (&self.review, self.target()) else { return None };
        r.acts.get(i).map(|a| a.id.clone())
    }

    fn notes_form(&self, store: &Store, fields: &[&str], title: &str) -> crate::Result<Then> {
        let seen = store.review_snapshot(self.monday)?;
        let values = |f: &str| seen.as_ref().map(|s| s.entity.get(f).clone()).unwrap_or_default();
        let title = tf(title, &[("week", &self.week())]);
        let mut form = Form::new(&WEEK_REVIEW, seen.as_ref().map(|s| s.entity.id.clone()), None, title, &values);
        form.fields.retain(|f| fields.contains(&f.spec.name));
        form.seen = seen;
        form.mode = FormMode::Review(ReviewForm::Notes(self.monday));
        Ok(Then::Form(Box::new(form)))
    }

    fn new_act(&self, customer: Option<(String, String)>) -> Then {
        let prefill = customer.as_ref().map(|(_, name)| tf("review.act_prefill", &[("name", name)]));
        let title = match &customer {
            Some((_, name)) => tf("review.form_act_for", &[("week", &self.week()), ("name", name)]),
            None => tf("review.form_act", &[("week", &self.week())]),
        };
        let values = |f: &str| match (&prefill, f) {
            (Some(p), "change") => crate::domain::fields::Value::Text(p.clone()),
            _ => crate::domain::fields::Value::Null,
        };
        let mut form = Form::new(&REVIEW_ACT, None, None, title, &values);
        form.fields.retain(|f| f.spec.name == "change");
        form.mode = FormMode::Review(ReviewForm::NewAct(self.monday, customer.map(|(id, _)| id)));
        Then::Form(Box::new(form))
    }

    fn edit_act(&self, store: &Store, id: &str) -> crate::Result<Then> {
        let seen = store.snapshot(&REVIEW_ACT, id)?;
        let title = tf("review.form_act_edit", &[("week", &self.week())]);
        let mut form = Form::new(&REVIEW_ACT, Some(id.to_string()), None, title, &|f| seen.entity.get(f).clone());
        form.fields.retain(|f| f.spec.name == "change");
        form.seen = Some(seen);
        Ok(Then::Form(Box::new(form)))
    }

    /// Carry out a review command against the store (forms and questions
    /// are returned for the app to show).
    pub fn run(&mut self, action: Action, store: &mut Store) -> crate::Result<Then> {
        let week = self.week();
        let writes = matches!(action, Action::New | Action::Edit | Action::Delete | Action::Plan | Action::ToFollowup);
        let editable = !matches!((self.part, action), (Part::Plan, Action::Open) | (Part::Do | Part::Pictures, _));
        if self.closed() && writes && editable {
            return Ok(Then::Note(tf("review.tui_closed", &[("week", &week)])));
        }
        match (self.part, action, self.target()) {
            // Reopening (reversible: closing again, or undo) is done at
            // once; closing is asked first, naming the week.
            (_, Action::Complete, _) if self.closed() => {
                store.reopen_review(self.monday)?;
                Ok(Then::Said(tf("review.reopened", &[("week", &week)])))
            }
            (_, Action::Complete, _) => {
                if !crate::domain::review::can_close(self.monday, self.today) {
                    return Ok(Then::Note(tf("review.not_begun", &[("week", &week)])));
                }
                Ok(Then::Close(self.monday))
            }
            (Part::Plan, Action::Edit, _) => self.notes_form(store, &["goals"], "review.form_goals"),
            (Part::Plan, Action::Open, Some(Target::Visit(id))) => Ok(Then::EditVisit(id)),
            (Part::Check, Action::Edit, _) => self.notes_form(store, &["worked", "not_worked"], "review.form_check"),
            (Part::Check, Action::New | Action::Open, Some(Target::Customer(id, name))) => {
                Ok(self.new_act(Some((id, name))))
            }
            (Part::Check | Part::Act, Action::New, _) => Ok(self.new_act(None)),
            (Part::Act, Action::Open, Some(Target::Act(i))) => match self.review.as_ref().and_then(|r| r.acts.get(i)) {
                Some(a) => Ok(Then::Read(Box::new(super::read::ReadView::act(store, a, self.monday)?))),
                None => Ok(Then::Nothing),
            },
            (Part::Act, Action::Edit, Some(Target::Act(_))) => match self.act_id() {
                Some(id) => self.edit_act(store, &id),
                None => Ok(Then::Nothing),
            },
            (Part::Act, Action::Delete, Some(Target::Act(_))) => Ok(self.act_id().map_or(Then::Nothing, Then::Delete)),
            (Part::Act, Action::Plan, Some(Target::Act(i))) => {
                let Some(id) = self.act_id() else { return Ok(Then::Nothing) };
                let carried = store.write(|w| w.act_toggle_carry(&id))?;
                let next =
                    self.monday.checked_add_signed(Duration::weeks(1)).map(crate::domain::period::iso_week_label);
                let key = if carried { "review.carried" } else { "review.uncarried" };
                Ok(Then::Said(tf(key, &[("n", &(i + 1)), ("week", &next.unwrap_or_default())])))
            }
            (Part::Act, Action::ToFollowup, Some(Target::Act(i))) => {
                let Some(r) = &self.review else { return Ok(Then::Nothing) };
                let Some(a) = r.acts.get(i) else { return Ok(Then::Nothing) };
                if let Err(refused) = store.check_act_followup(&a.id) {
                    return Ok(Then::Note(refused.to_string()));
                }
                if a.customer_id.is_none() {
                    let title = tf("review.prompt_customer", &[("what", &crate::text::one_line(&a.what))]);
                    return Ok(Then::FollowupCustomer(a.id.clone(), title));
                }
                let due = crate::domain::review::followup_due(self.monday, self.today);
                let title = tf("review.prompt_due", &[("what", &crate::text::one_line(&a.what))]);
                Ok(Then::FollowupDue(a.id.clone(), due, title))
            }
            _ => Ok(Then::Nothing),
        }
    }
}

/// Save a form the review opened: the week's notes, or a new Act item.
/// `None` for any other form.
pub fn save_form(
    store: &mut Store,
    form: &Form,
    values: &[(&'static str, crate::domain::fields::Value)],
) -> Option<crate::Result<String>> {
    let FormMode::Review(kind) = &form.mode else { return None };
    Some(match kind {
        ReviewForm::Notes(monday) => {
            store.write(|w| w.review_notes(*monday, form.seen.as_ref(), values)).map(|_| t("tui.saved").to_string())
        }
        ReviewForm::NewAct(monday, customer) => {
            let what = values.iter().find(|(f, _)| *f == "change").and_then(|(_, v)| v.as_text()).unwrap_or("");
            store
                .write(|w| w.add_act(*monday, what, customer.as_deref()))
                .map(|_| t("review.tui_act_added").to_string())
        }
    })
}

/// The question before closing the week starting `monday` on `today`,
/// with the live keys: it names the week, and says so when the week is
/// not over.
pub fn close_question(monday: NaiveDate, today: NaiveDate, keys: &super::keymap::Keymap) -> String {
    let week = crate::domain::period::iso_week_label(monday);
    let sunday = crate::domain::dates::with_weekday(monday + Duration::days(6));
    let key = if crate::domain::review::is_over(monday, today) {
        "review.confirm_close"
    } else {
        "review.confirm_close_early"
    };
    keys.hint(key, &[("week", week), ("sunday", sunday), ("close", keys.key(Action::Complete))])
}

/// Close the week starting `monday` (the question answered yes).
pub fn close(store: &mut Store, cadence: &Cadence, monday: NaiveDate) -> crate::Result<String> {
    let today = store.clock().today();
    store.close_review(cadence, monday, today)?;
    Ok(tf("review.closed", &[("week", &crate::domain::period::iso_week_label(monday))]))
}

/// The due-day question after the customer was chosen for an Act item
/// that named none.
pub fn due_for(view: &ReviewView, act: String, name: &str) -> Then {
    let due = crate::domain::review::followup_due(view.monday, view.today);
    Then::FollowupDue(act, due, tf("review.prompt_due_for", &[("name", &crate::text::one_line(name))]))
}

/// The answer to the due-day question: make the Act item a follow-up (of
/// `customer` for an item that names none).
pub fn answer_followup(store: &mut Store, act: &str, customer: Option<&str>, answer: &str) -> crate::Result<String> {
    let today = store.clock().today();
    let due = crate::domain::dates::resolve(answer, today).map_err(|e| e.to_error("due", answer))?;
    store.write(|w| w.act_to_followup(act, due, customer))?;
    Ok(tf("review.tui_followup_made", &[("date", &crate::domain::dates::with_weekday(due))]))
}
