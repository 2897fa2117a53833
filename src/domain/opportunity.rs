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
    let reason = given(values, "reason").or_else(|| old.map(|o| o.get("reason").clone())).unwrap_or_default();
    match state.as_str() {
        "lost" if reason.as_text().is_none_or(|r| r.trim().is_empty()) => {
            Err(Error::invalid("funnel.lost_needs_reason", &[]))
        }
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
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_lang};

    #[test]
    fn the_shipped_stages_read_in_both_languages_and_by_number() {
        set_lang(Lang::En);
        let s = Stages::default();
        assert_eq!(s.names().len(), 5);
        assert_eq!(s.first(), "no_interest");
        assert_eq!(s.parse("strong interest").unwrap(), "strong_interest");
        assert_eq!(s.parse("兴趣浓厚").unwrap(), "strong_interest");
        assert_eq!(s.parse("4").unwrap(), "conviction");
        assert_eq!(s.next("conviction"), Some("commitment"));
        assert_eq!(s.next("commitment"), None);
        assert!(s.parse("9").is_err());
        assert!(s.parse("pirate").unwrap_err().to_string().contains("1 no interest"));
    }

    #[test]
    fn configured_stages_are_the_reps_own_words_and_checked() {
        let s = Stages::new(&["线索".into(), "方案报价".into(), "谈判".into()]).unwrap();
        assert_eq!(s.parse("方案报价").unwrap(), "方案报价");
        assert_eq!(s.parse("3").unwrap(), "谈判");
        assert_eq!(Stages::label("方案报价"), "方案报价");
        assert!(s.parse("strong interest").is_err(), "not a configured stage");
        assert!(Stages::new(&["a".into(), "A".into()]).is_err());
        assert!(Stages::new(&["a".into(), " ".into()]).is_err());
        assert!(
            Stages::new(&vec!["x".to_string(); 13].iter().enumerate().map(|(i, _)| i.to_string()).collect::<Vec<_>>())
                .is_err()
        );
        assert_eq!(Stages::new(&[]).unwrap(), Stages::default());
    }

    fn opp(state: &str, reason: Option<&str>, closed: Option<&str>) -> crate::domain::entity::Entity {
        let mut values = std::collections::BTreeMap::new();
        values.insert("need", Value::Text("需求".into()));
        values.insert("state", Value::Text(state.into()));
        if let Some(r) = reason {
            values.insert("reason", Value::Text(r.into()));
        }
        if let Some(c) = closed {
            values.insert("closed_on", Value::Text(c.into()));
        }
        crate::domain::entity::Entity { table: &OPPORTUNITY, id: "x".into(), alive: true, updated_ms: 0, values }
    }

    #[test]
    fn closing_dates_it_and_a_loss_needs_a_reason() {
        set_lang(Lang::En);
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let open = opp("open", None, None);
        let mut won = vec![("state", Value::Text("won".into()))];
        settle(Some(&open), &mut won, today).unwrap();
        assert!(won.contains(&("closed_on", Value::Text("2026-11-23".into()))));
        let mut lost = vec![("state", Value::Text("lost".into()))];
        assert!(settle(Some(&open), &mut lost, today).is_err(), "no reason");
        let mut lost = vec![("state", Value::Text("lost".into())), ("reason", Value::Text("价格".into()))];
        settle(Some(&open), &mut lost, today).unwrap();
        let mut again = vec![("state", Value::Text("open".into()))];
        settle(Some(&opp("won", None, Some("2026-11-01"))), &mut again, today).unwrap();
        assert!(again.contains(&("closed_on", Value::Null)), "opened again: no closing day");
        let mut emptied = vec![("reason", Value::Null)];
        assert!(settle(Some(&opp("lost", Some("价格"), Some("2026-11-01"))), &mut emptied, today).is_err());
    }

    #[test]
    fn overdue_is_open_and_past_its_date() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut e = opp("open", None, None);
        assert!(!is_overdue(&e, today), "no date");
        e.values.insert("decision_date", Value::Text("2026-11-22".into()));
        assert!(is_overdue(&e, today));
        e.values.insert("decision_date", Value::Text("2026-11-23".into()));
        assert!(!is_overdue(&e, today), "today is not past");
        e.values.insert("decision_date", Value::Text("2026-11-01".into()));
        e.values.insert("state", Value::Text("won".into()));
        assert!(!is_overdue(&e, today), "closed");
    }

    #[test]
    fn an_opportunity_is_named_by_id_prefix_or_need() {
        let mut a = opp("open", None, None);
        a.id = "0193aaaa-0000-7000-8000-000000000001".into();
        let mut b = opp("open", None, None);
        b.id = "0193bbbb-0000-7000-8000-000000000002".into();
        b.values.insert("need", Value::Text("Cold room".into()));
        let all = [a, b];
        assert_eq!(resolve(&all, "0193bbbb").unwrap().id, all[1].id);
        assert_eq!(resolve(&all, "cold ROOM").unwrap().id, all[1].id);
        assert_eq!(resolve(&all, "需求").unwrap().id, all[0].id);
        assert!(resolve(&all, "0193").is_err(), "too short to be an id");
        assert!(resolve(&all, "nothing").is_err());
    }
}
