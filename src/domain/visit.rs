//! Rules of visit preparation and logging (DOMAIN.md §4–5).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The next working day (Monday to Friday) after `day`.
pub fn next_working_day(day: NaiveDate) -> NaiveDate {
    let mut d = day + Duration::days(1);
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d += Duration::days(1);
    }
    d
}

/// A visit must be logged within one working day: a log entered after the
/// end of the next working day is late.
pub fn is_late(held: NaiveDate, logged: NaiveDate) -> bool {
    logged > next_working_day(held)
}

/// True when `visit` is a done visit logged late.
pub fn logged_late(visit: &super::entity::Entity) -> bool {
    let date = |f: &str| visit.text(f).and_then(super::fields::parse_iso_date);
    match (date("date"), date("logged_on")) {
        (Some(held), Some(logged)) => visit.text("status") == Some("done") && is_late(held, logged),
        _ => false,
    }
}

/// A visit can be logged only once it has been held: a plan dated later
/// than `today` is refused, never moved to today behind the user's back.
pub fn check_held(held: NaiveDate, today: NaiveDate) -> crate::Result<()> {
    if held > today {
        return Err(crate::Error::invalid("error.log_in_future", &[("date", &held)]));
    }
    Ok(())
}

/// The status a log gives a visit or call: a log records one held. A log
/// form offers no other (`defaults::allowed_in_log`); a visit to come is
/// planned, a plan that will not happen is cancelled, both elsewhere.
pub const LOGGED_STATUS: &str = "done";

/// A log refuses any status but [`LOGGED_STATUS`] among the values it is
/// given, rather than write `done` over a status the user chose.
pub fn check_log_status(values: &[(&'static str, super::fields::Value)]) -> crate::Result<()> {
    match values.iter().rev().find(|(f, _)| *f == "status").and_then(|(_, v)| v.as_text()) {
        Some(status) if status != LOGGED_STATUS => {
            Err(crate::Error::invalid("error.log_status", &[("status", &crate::i18n::enum_label("status", status))]))
        }
        _ => Ok(()),
    }
}

/// How long without meeting a decision maker before the prep says so.
pub const DECIDER_DAYS: i64 = 90;

/// True when one of the customer's decision makers (economic buyer or
/// decision level) was met at a visit held in the last [`DECIDER_DAYS`].
/// A rep should aim for the decision maker (DOMAIN.md §4).
pub fn decider_met(people: &[super::entity::Entity], visits: &[super::entity::Entity], today: NaiveDate) -> bool {
    let deciders: Vec<&str> = people
        .iter()
        .filter(|p| p.text("role") == Some("economic_buyer") || p.text("level") == Some("decision"))
        .map(super::entity::Entity::title)
        .collect();
    let since = today - Duration::days(DECIDER_DAYS);
    visits.iter().any(|v| {
        v.text("status") == Some("done")
            && v.text("date").and_then(super::fields::parse_iso_date).is_some_and(|day| day >= since)
            && deciders.iter().any(|n| split_names(v.text_or_empty("met")).any(|m| m == *n))
    })
}

/// The other plans of the customer on the day a plan being written is for
/// (not `except`, the visit being edited). A second plan for one customer
/// and day is allowed — a call in the morning, a visit after — but both
/// faces warn about it with [`same_day_warning`], since it is most often a
/// duplicate made by mistake.
pub fn same_day_plans<'a>(
    visits: &'a [super::entity::Entity],
    new: &[(&'static str, super::fields::Value)],
    except: Option<&str>,
) -> Vec<&'a super::entity::Entity> {
    let written = |f: &str| new.iter().rev().find(|(n, _)| *n == f).and_then(|(_, v)| v.as_text());
    if written("status").is_some_and(|s| s != "planned") {
        return Vec::new();
    }
    let Some(date) = written("date") else { return Vec::new() };
    visits
        .iter()
        .filter(|v| {
            v.alive
                && Some(v.id.as_str()) != except
                && v.text("status") == Some("planned")
                && v.text("date") == Some(date)
        })
        .collect()
}

/// The warning about `others`, the plans already made for the same day
/// (none: no warning): what they are, and how many plans the day would
/// hold ("a second plan", "8 plans").
pub fn same_day_warning(others: &[&super::entity::Entity]) -> Option<String> {
    let first = others.first()?;
    let kinds: Vec<String> = others
        .iter()
        .map(|o| {
            let time = o.text("time").map(|t| format!(" {t}")).unwrap_or_default();
            format!("{}{time}", o.display("kind"))
        })
        .collect();
    Some(crate::i18n::tf(
        "tui.same_day_plan",
        &[
            ("date", &first.text_or_empty("date")),
            ("kind", &kinds.join(", ")),
            ("count", &others.len()),
            ("total", &(others.len() + 1)),
        ],
    ))
}

/// The names in a who/met list (commas, 、 or ，).
fn split_names(s: &str) -> impl Iterator<Item = &str> {
    s.split([',', '，', '、', ';', '；']).map(str::trim).filter(|n| !n.is_empty())
}

pub use super::steps::{
    Step, StepChange, StepFollowup, date_next_steps, next_steps, same_date_as_before, step_key, step_lines,
};

/// The rule of a held visit for every write of a visit (a log, a plain
/// add or edit, either face): a visit whose status is done after the write
/// must not be dated later than `today`. `old` is the visit as stored
/// (`None` when it is being made), `new` the values written; only a write
/// that sets the status or the date is checked, so a visit stored before
/// this rule can still be corrected.
pub fn check_visit_write(
    old: Option<&super::entity::Entity>,
    new: &[(&'static str, super::fields::Value)],
    today: NaiveDate,
) -> crate::Result<()> {
    let written = |f: &str| new.iter().rev().find(|(n, _)| *n == f).map(|(_, v)| v);
    let now = |f: &str| written(f).or_else(|| old.map(|o| o.get(f))).and_then(super::fields::Value::as_text);
    let sets = |f: &str| written(f).is_some_and(|v| old.is_none_or(|o| o.get(f) != v));
    if now("status") == Some("done")
        && (sets("status") || sets("date"))
        && let Some(held) = now("date").and_then(super::fields::parse_iso_date)
    {
        check_held(held, today)?;
    }
    Ok(())
}

/// The day a visit was logged, when a write marks it held without saying
/// (a plain edit or add with status done, either face): today, so that
/// lateness is judged as for a log. `None` when the write logs nothing new.
pub fn logged_on_for(
    old: Option<&super::entity::Entity>,
    new: &[(&'static str, super::fields::Value)],
    today: NaiveDate,
) -> Option<(&'static str, super::fields::Value)> {
    let written = |f: &str| new.iter().rev().find(|(n, _)| *n == f).map(|(_, v)| v);
    let becomes_done = written("status").and_then(super::fields::Value::as_text) == Some("done")
        && old.is_none_or(|o| o.text("status") != Some("done"));
    let logged =
        written("logged_on").is_some_and(|v| !v.is_null()) || old.is_some_and(|o| o.text("logged_on").is_some());
    (becomes_done && !logged).then(|| ("logged_on", super::fields::Value::Text(today.format("%Y-%m-%d").to_string())))
}

/// What logging a visit produced; both faces print from this.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LogOutcome {
    /// The visit logged.
    pub visit_id: String,
    /// The day it was held.
    pub held: NaiveDate,
    /// True when it was logged after the next working day.
    pub late: bool,
    /// True when it was a phone call (the messages say "call", not "visit").
    pub call: bool,
    /// Its next steps as follow-ups, in the order written (only the active
    /// ones: a step already done or dropped stays so and is not repeated).
    pub followups: Vec<StepFollowup>,
    /// Open or snoozed follow-ups of this visit whose step is no longer in
    /// its text: kept (a follow-up is never lost), and said so.
    pub no_longer_steps: Vec<StepFollowup>,
}

/// What an edit of a visit produced; both faces print from this.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct VisitEdit {
    /// How many fields changed.
    pub changed: usize,
    /// Follow-ups its next steps made or moved (done visits only).
    pub followups: Vec<StepFollowup>,
    /// Open or snoozed follow-ups kept although the edit took their step
    /// out of the text.
    pub no_longer_steps: Vec<StepFollowup>,
}

/// What a goal lacks to be SMART-checkable: a measure (a number) and a
/// time limit (a date or a time word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SmartCheck {
    /// No number in the goal: how will success be measured?
    pub no_measure: bool,
    /// No date or deadline word: by when?
    pub no_date: bool,
}

impl SmartCheck {
    /// True when nothing is missing.
    pub fn ok(self) -> bool {
        !self.no_measure && !self.no_date
    }
}

/// Look at a goal as written, in either language.
pub fn check_goal(goal: &str) -> SmartCheck {
    let g = goal.to_lowercase();
    let digits = g.chars().any(|c| c.is_ascii_digit());
    let cn_numbers = g.chars().any(|c| "一二两三四五六七八九十百千万".contains(c));
    let date_words = [
        "today", "tomorrow", "week", "month", "by ", "before", "until", "deadline", "mon", "tue", "wed", "thu", "fri",
        "今天", "明天", "本周", "下周", "周", "月", "日", "号", "前", "之前", "以前", "截止", "季度", "年底",
    ];
    let has_date = date_words.iter().any(|w| g.contains(w)) || super::fields::parse_iso_date(&g).is_some();
    SmartCheck { no_measure: !(digits || cn_numbers), no_date: !has_date }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_second_plan_for_the_same_customer_and_day_is_found() {
        use crate::domain::fields::Value;
        let plan = |id: &str, status: &str, date: &str| {
            let mut e = crate::domain::entity::Entity {
                table: &crate::domain::schema::VISIT,
                id: id.into(),
                alive: true,
                updated_ms: 0,
                values: std::collections::BTreeMap::new(),
            };
            e.values.insert("status", Value::Text(status.into()));
            e.values.insert("date", Value::Text(date.into()));
            e.values.insert("kind", Value::Text("call".into()));
            e
        };
        let visits = [plan("a", "planned", "2026-11-24"), plan("b", "done", "2026-11-25")];
        let new = |date: &str| vec![("status", Value::Text("planned".into())), ("date", Value::Text(date.into()))];
        let ids = |found: Vec<&crate::domain::entity::Entity>| found.iter().map(|v| v.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(same_day_plans(&visits, &new("2026-11-24"), None)), ["a"]);
        assert!(same_day_plans(&visits, &new("2026-11-24"), Some("a")).is_empty(), "not itself");
        assert!(same_day_plans(&visits, &new("2026-11-25"), None).is_empty(), "a held visit is no plan");
        assert!(same_day_plans(&visits, &new("2026-11-23"), None).is_empty());
        crate::i18n::set_lang(crate::i18n::Lang::En);
        let one = same_day_warning(&[&visits[0]]).unwrap_or_default();
        assert!(one.contains("2026-11-24") && one.contains("a second plan"), "{one}");
        // The eighth plan of a day says so, not "a second".
        let seven: Vec<_> = (0..7).map(|i| plan(&i.to_string(), "planned", "2026-11-24")).collect();
        let all = same_day_plans(&seven, &new("2026-11-24"), None);
        let eighth = same_day_warning(&all).unwrap_or_default();
        assert!(
            eighth.contains("7 plans") && eighth.contains("8 plans that day") && !eighth.contains("second"),
            "{eighth}"
        );
        crate::i18n::set_lang(crate::i18n::Lang::ZhCn);
        let eighth = same_day_warning(&all).unwrap_or_default();
        assert!(eighth.contains("第 8 个计划") && !eighth.contains("第二"), "{eighth}");
        crate::i18n::set_lang(crate::i18n::Lang::En);
        assert!(same_day_warning(&[]).is_none());
    }

    #[test]
    fn late_means_after_the_next_working_day() {
        // Friday's visit may be logged on Monday.
        assert!(!is_late(d("2026-11-20"), d("2026-11-23")));
        assert!(is_late(d("2026-11-20"), d("2026-11-24")));
        // Tuesday's on Wednesday.
        assert!(!is_late(d("2026-11-17"), d("2026-11-18")));
        assert!(is_late(d("2026-11-17"), d("2026-11-19")));
        assert!(!is_late(d("2026-11-17"), d("2026-11-17")));
    }

    #[test]
    fn a_visit_is_logged_only_once_held() {
        assert!(check_held(d("2026-11-22"), d("2026-11-22")).is_ok());
        assert!(check_held(d("2026-11-20"), d("2026-11-22")).is_ok());
        assert!(check_held(d("2026-11-23"), d("2026-11-22")).is_err());
    }

    #[test]
    fn a_log_takes_only_the_held_status() {
        use crate::domain::fields::Value;
        let with = |s: &str| vec![("status", Value::Text(s.into()))];
        assert!(check_log_status(&with("done")).is_ok());
        assert!(check_log_status(&[]).is_ok(), "no status given: the log gives its own");
        assert!(check_log_status(&with("planned")).is_err());
        assert!(check_log_status(&with("cancelled")).is_err());
        assert_eq!(crate::domain::defaults::allowed_in_log("visit", "status"), Some(vec![LOGGED_STATUS]));
        assert_eq!(crate::domain::defaults::allowed_in_log("visit", "kind"), None);
    }

    #[test]
    fn goals_without_a_measure_or_a_date_are_flagged() {
        assert!(check_goal("月底前回款5万元").ok());
        assert!(check_goal("Order 200 units by Friday").ok());
        let flags = |g: &str| {
            let c = check_goal(g);
            (c.no_measure, c.no_date)
        };
        assert_eq!(flags("加强客情"), (true, true));
        assert_eq!(flags("拿下三十箱订单"), (false, true));
        assert_eq!(flags("see the boss before month end"), (true, false));
    }
}
