//! Opportunities (商机, DOMAIN.md §3): one need of one customer followed
//! through the buying process — what they need, the product, an estimated
//! amount, the stage, the expected decision date, the competitors in play,
//! and whether it was won or lost and why.
//!
//! The stages are configurable (`[funnel] stages` in the config); the
//! shipped list is DOMAIN.md §3's buying process, whose labels come from
//! the catalogs in both languages. A stage is stored as written in the
//! config (`strong_interest`, or the rep's own word such as `方案报价`).

use super::fields::{FieldSpec, Kind, Value};
use super::schema::{BUYING_STAGES, Table};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// An opportunity's state: still being worked on, won or lost.
pub const STATES: &[&str] = &["open", "won", "lost"];

/// The most stages a funnel takes (each is a line on the screen).
pub const MAX_STAGES: usize = 12;

use Kind::{Date, Enum, Long, Money, Ref, Text};

/// One need of one customer followed through the buying process.
pub static OPPORTUNITY: Table = Table {
    name: "opportunity",
    noun: "entity.opportunity",
    parent: Some("customer_id"),
    fields: &[
        FieldSpec::required("customer_id", Ref),
        FieldSpec::required("need", Text),
        FieldSpec::new("product", Text),
        FieldSpec::new("amount", Money),
        FieldSpec::required("funnel_stage", Text),
        FieldSpec::new("stage_since", Date),
        FieldSpec::required("state", Enum(STATES)),
        FieldSpec::new("decision_date", Date),
        FieldSpec::new("competitors", Text),
        FieldSpec::new("reason", Text),
        FieldSpec::new("closed_on", Date),
        FieldSpec::new("notes", Long),
    ],
};

/// The stages of the buying process an opportunity moves through, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stages(Vec<String>);

impl Default for Stages {
    fn default() -> Self {
        Self(BUYING_STAGES.iter().map(|s| (*s).to_string()).collect())
    }
}

/// The text a stage is compared by: NFKC, lower case, no spaces, `_` or `-`.
fn key(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-')).collect()
}

impl Stages {
    /// The stages configured: the shipped ones when the list is empty.
    /// Refused (with the reason, in the user's language): an empty name, a
    /// name given twice, more than [`MAX_STAGES`].
    pub fn new(configured: &[String]) -> std::result::Result<Self, String> {
        use crate::i18n::tf;
        if configured.is_empty() {
            return Ok(Self::default());
        }
        if configured.len() > MAX_STAGES {
            return Err(tf("funnel.too_many_stages", &[("count", &configured.len()), ("max", &MAX_STAGES)]));
        }
        let mut out: Vec<String> = Vec::new();
        for s in configured {
            let s = crate::domain::clean::clean(s.trim(), false).into_owned();
            if s.is_empty() {
                return Err(crate::i18n::t("funnel.empty_stage").to_string());
            }
            if out.iter().any(|o| key(o) == key(&s)) {
                return Err(tf("funnel.stage_twice", &[("stage", &s)]));
            }
            out.push(s);
        }
        Ok(Self(out))
    }

    /// The stored names, in order.
    pub fn names(&self) -> &[String] {
        &self.0
    }

    /// The first stage: where a new opportunity starts.
    pub fn first(&self) -> &str {
        self.0.first().map_or("", String::as_str)
    }

    /// A stage as the rep reads it: a shipped stage's label in the active
    /// language, any other as written.
    pub fn label(stage: &str) -> String {
        crate::i18n::lookup(&format!("enum.buying_stage.{stage}")).map_or_else(|| stage.to_string(), str::to_string)
    }

    /// Where `stage` stands in the order; `None` for a stage the config no
    /// longer lists.
    pub fn index(&self, stage: &str) -> Option<usize> {
        self.0.iter().position(|s| s == stage)
    }

    /// The stage after `stage`, if any.
    pub fn next(&self, stage: &str) -> Option<&str> {
        self.index(stage).and_then(|i| self.0.get(i + 1)).map(String::as_str)
    }

    /// The stage `typed` names: its stored name, its label in either
    /// language, or its number in the list (1 for the first); an error
    /// listing the stages otherwise.
    pub fn parse(&self, typed: &str) -> Result<String> {
        use crate::i18n::{Lang, lookup_in};
        let want = key(typed);
        if let Ok(n) = typed.trim().parse::<usize>()
            && let Some(s) = n.checked_sub(1).and_then(|i| self.0.get(i))
        {
            return Ok(s.clone());
        }
        let names = |s: &str| {
            let mut out = vec![key(s)];
            for lang in [Lang::En, Lang::ZhCn] {
                if let Some(label) = lookup_in(lang, &format!("enum.buying_stage.{s}")) {
                    out.push(key(label));
                }
            }
            out
        };
        match self.0.iter().find(|s| !want.is_empty() && names(s).contains(&want)) {
            Some(s) => Ok(s.clone()),
            None => Err(Error::invalid(
                "funnel.bad_stage",
                &[("value", &crate::text::one_line(typed)), ("expected", &self.choices())],
            )),
        }
    }

    /// The stages as a numbered list (`1 no interest, 2 low interest, …`).
    pub fn choices(&self) -> String {
        let sep = crate::i18n::t("clap.list_separator");
        self.0.iter().enumerate().map(|(i, s)| format!("{} {}", i + 1, Self::label(s))).collect::<Vec<_>>().join(sep)
    }
}

/// Opportunities as lists show them: open ones first, soonest expected
/// decision first (those without a date after), then the closed ones,
/// most recently closed first.
pub fn in_order(mut list: Vec<super::entity::Entity>) -> Vec<super::entity::Entity> {
    list.sort_by(|a, b| {
        let rank = |e: &super::entity::Entity| (!is_open(e), decision_date(e).is_none());
        rank(a)
            .cmp(&rank(b))
            .then_with(|| {
                if is_open(a) {
                    decision_date(a).cmp(&decision_date(b))
                } else {
                    b.text_or_empty("closed_on").cmp(a.text_or_empty("closed_on"))
                }
            })
            .then_with(|| a.id.cmp(&b.id))
    });
    list
}

/// Which opportunities a list shows (`opportunity list`, the dossier tab).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only those in this stage (stored name); open ones only.
    pub stage: Option<String>,
    /// Only open ones.
    pub open: bool,
    /// Only open ones past their expected decision date.
    pub overdue: bool,
}

impl Filter {
    /// True when `e` is shown on `today`.
    pub fn keeps(&self, e: &super::entity::Entity, today: NaiveDate) -> bool {
        (!self.open || is_open(e))
            && (!self.overdue || is_overdue(e, today))
            && self.stage.as_deref().is_none_or(|s| is_open(e) && e.text("funnel_stage") == Some(s))
    }
}

/// The stage history as lines to read: `2026-11-17  low interest → strong
/// interest`, a closing as `→ won`.
pub fn history_lines(steps: &[super::funnel::Step]) -> Vec<String> {
    let mut out = Vec::new();
    let mut before: Option<&super::funnel::Step> = None;
    for s in steps {
        let now = if s.state == "open" { Stages::label(&s.stage) } else { crate::i18n::enum_label("state", &s.state) };
        match before {
            None => out.push(format!("{}  {}", s.on, crate::i18n::tf("funnel.created_in", &[("stage", &now)]))),
            Some(b) if b.stage != s.stage || b.state != s.state => {
                let was = if b.state == "open" {
                    Stages::label(&b.stage)
                } else {
                    crate::i18n::enum_label("state", &b.state)
                };
                out.push(format!("{}  {was} → {now}", s.on));
            }
            Some(_) => {}
        }
        before = Some(s);
    }
    out
}

/// True for an opportunity still being worked on.
pub fn is_open(e: &super::entity::Entity) -> bool {
    e.text("state") == Some("open")
}

/// True for an open opportunity whose expected decision date has passed.
pub fn is_overdue(e: &super::entity::Entity, today: NaiveDate) -> bool {
    is_open(e) && decision_date(e).is_some_and(|d| d < today)
}

/// The expected decision date, if set.
pub fn decision_date(e: &super::entity::Entity) -> Option<NaiveDate> {
    e.text("decision_date").and_then(super::fields::parse_iso_date)
}

/// Whether a write that closes an opportunity (or changes how it was
/// closed) is refused, and at which field: lost needs its reason (at
/// `reason`); a won one is not turned lost, nor a lost one won, in one
/// step (at `state`): it is reopened first, explicitly, as `move` asks for
/// a closed one. [`settle`] refuses with this; a form shows the message at
/// the field it names.
pub fn refused_closing(
    old: Option<&super::entity::Entity>,
    values: &[(&'static str, Value)],
) -> Option<(&'static str, Error)> {
    let given = |f: &str| values.iter().find(|(n, _)| *n == f).map(|(_, v)| v.clone());
    let state = given("state").or_else(|| old.map(|o| o.get("state").clone())).unwrap_or_default();
    let state = state.as_text().unwrap_or("");
    let old_state = old.and_then(|o| o.text("state")).unwrap_or("");
    if matches!(old_state, "won" | "lost") && matches!(state, "won" | "lost") && state != old_state {
        let need = old.map(|o| crate::text::one_line(o.text_or_empty("need")).into_owned()).unwrap_or_default();
        let short = old.map(|o| crate::text::short_id(&o.id).to_string()).unwrap_or_default();
        let args: [(&str, &dyn std::fmt::Display); 4] = [
            ("need", &need),
            ("was", &crate::i18n::enum_label("state", old_state)),
            ("state", &crate::i18n::enum_label("state", state)),
            ("id", &short),
        ];
        return Some(("state", Error::invalid("funnel.reopen_first", &args)));
    }
    let reason = given("reason").or_else(|| old.map(|o| o.get("reason").clone())).unwrap_or_default();
    if state == "lost" && reason.as_text().is_none_or(|r| r.trim().is_empty()) {
        return Some(("reason", Error::invalid("funnel.lost_needs_reason", &[])));
    }
    None
}

/// The life cycle, one rule for every write path (the store calls it on
/// each insert and update): a stage reached is dated (today unless given:
/// a visit gives its own day); a won or lost opportunity gets the day it
/// was closed (today unless given) and a lost one needs its reason; one
/// opened again loses its closing day.
pub fn settle(
    old: Option<&super::entity::Entity>,
    values: &mut Vec<(&'static str, Value)>,
    today: NaiveDate,
) -> Result<()> {
    let given =
        |values: &[(&'static str, Value)], f: &str| values.iter().find(|(n, _)| *n == f).map(|(_, v)| v.clone());
    let day = Value::Text(today.format("%Y-%m-%d").to_string());
    let moved = given(values, "funnel_stage").is_some_and(|s| old.is_none_or(|o| *o.get("funnel_stage") != s));
    if moved && given(values, "stage_since").is_none() {
        values.push(("stage_since", day));
    }
    let state = given(values, "state")
        .or_else(|| old.map(|o| o.get("state").clone()))
        .and_then(|v| v.as_text().map(str::to_string))
        .unwrap_or_default();
    let old_state = old.and_then(|o| o.text("state")).unwrap_or("");
    if let Some((_, e)) = refused_closing(old, values) {
        return Err(e);
    }
    match state.as_str() {
        "won" | "lost" if old_state != state && given(values, "closed_on").is_none() => {
            values.push(("closed_on", Value::Text(today.format("%Y-%m-%d").to_string())));
            Ok(())
        }
        "open" if old.is_some_and(|o| !o.get("closed_on").is_null()) && given(values, "closed_on").is_none() => {
            values.push(("closed_on", Value::Null));
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The one opportunity among `candidates` (a customer's, or all) that
/// `typed` names: its need written the same way (case and width folded),
/// or its id as `Store::resolve` reads one ([`crate::text::id_matches`]:
/// the short id `opportunity list` prints, or its start). An error when
/// none or several match.
pub fn resolve<'a>(candidates: &'a [super::entity::Entity], typed: &str) -> Result<&'a super::entity::Entity> {
    let t = typed.trim();
    if let Some(e) = candidates.iter().find(|e| e.id == t) {
        return Ok(e);
    }
    // Its need first: a need may be a short hex word ("add", "cafe") that
    // happens to start some id.
    let by_need: Vec<_> =
        candidates.iter().filter(|e| !t.is_empty() && key(e.text_or_empty("need")) == key(t)).collect();
    let found: Vec<_> = if by_need.is_empty() {
        candidates.iter().filter(|e| crate::text::id_matches(&e.id, t)).collect()
    } else {
        by_need
    };
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::NotFound { what: OPPORTUNITY.noun, id: crate::text::one_line(t).into_owned() }),
        _ => Err(Error::invalid("funnel.ambiguous", &[("value", &crate::text::one_line(t)), ("count", &found.len())])),
    }
}

#[cfg(test)]
#[path = "opportunity_tests.rs"]
mod tests;
