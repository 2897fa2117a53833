//! One filter model for customers, used by `repbook customer list` and the
//! interface's list: the same conditions mean the same thing in both faces
//! (due state and deleted customers included).

use super::cadence::Due;
use super::classify::{Class, Tier};

/// Conditions for listing customers; every set condition must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerFilter {
    /// Class letter.
    pub class: Option<Class>,
    /// Exact tier.
    pub tier: Option<Tier>,
    /// Customer kind (stored value).
    pub kind: Option<String>,
    /// Status (stored value).
    pub status: Option<String>,
    /// Industry, exact.
    pub industry: Option<String>,
    /// Region, exact.
    pub region: Option<String>,
    /// City, exact.
    pub city: Option<String>,
    /// Has this tag.
    pub tag: Option<String>,
    /// VIP only.
    pub vip: bool,
    /// Due state against the contact norms (deleted customers owe nothing
    /// and never match).
    pub due: Option<Due>,
    /// Qualified prospects only: need, purchasing power and decision
    /// authority all confirmed.
    pub qualified: bool,
    /// Qualification score (golden traits minus poor ones) at least this.
    pub score_min: Option<i64>,
    /// Include soft-deleted customers.
    pub include_deleted: bool,
}

/// What a filter looks at. Records (CLI) and the interface's packed list
/// rows both provide it, so one [`CustomerFilter::matches`] serves both.
pub trait CustomerFacts {
    /// Tier in force.
    fn tier(&self) -> Tier;
    /// VIP mark.
    fn vip(&self) -> bool;
    /// Kind, stored value or "".
    fn kind(&self) -> &str;
    /// Status, stored value or "".
    fn status(&self) -> &str;
    /// Industry or "".
    fn industry(&self) -> &str;
    /// Region or "".
    fn region(&self) -> &str;
    /// City or "".
    fn city(&self) -> &str;
    /// True when tagged `tag`.
    fn has_tag(&self, tag: &str) -> bool;
    /// False once soft-deleted.
    fn alive(&self) -> bool;
    /// Due state, when known.
    fn due(&self) -> Option<Due>;
    /// Where it stands as a prospect.
    fn qualification(&self) -> super::qualify::Qualification;
}

impl CustomerFilter {
    /// True when any condition is set, so that a customer can fail it
    /// (`include_deleted` only widens the list): an empty result then
    /// means nothing matched, not that there are no customers.
    pub fn narrows(&self) -> bool {
        self.class.is_some()
            || self.tier.is_some()
            || self.kind.is_some()
            || self.status.is_some()
            || self.industry.is_some()
            || self.region.is_some()
            || self.city.is_some()
            || self.tag.is_some()
            || self.vip
            || self.due.is_some()
            || self.qualified
            || self.score_min.is_some()
    }

    /// True when `c` meets every condition set.
    pub fn matches(&self, c: &impl CustomerFacts) -> bool {
        let same = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        (self.include_deleted || c.alive())
            && self.class.is_none_or(|k| c.tier().class() == k)
            && self.tier.is_none_or(|t| c.tier() == t)
            && same(&self.kind, c.kind())
            && same(&self.status, c.status())
            && same(&self.industry, c.industry())
            && same(&self.region, c.region())
            && same(&self.city, c.city())
            && self.tag.as_deref().is_none_or(|t| c.has_tag(t))
            && (!self.vip || c.vip())
            && self.due.is_none_or(|d| c.alive() && c.due() == Some(d))
            && (!self.qualified || c.qualification().qualified())
            && self.score_min.is_none_or(|m| c.qualification().score() >= m)
    }
}

/// A record (of the customer table) with its due state, as a filter sees it.
pub struct RecordFacts<'a> {
    /// The customer.
    pub customer: &'a super::entity::Entity,
    /// Its due state, if computed.
    pub due: Option<Due>,
    /// Its tier (computed once).
    pub tier: Tier,
}

impl<'a> RecordFacts<'a> {
    /// Facts of `customer` with its due state.
    pub fn new(customer: &'a super::entity::Entity, due: Option<Due>) -> Self {
        Self { customer, due, tier: customer.classification().tier }
    }
}

impl CustomerFacts for RecordFacts<'_> {
    fn tier(&self) -> Tier {
        self.tier
    }
    fn vip(&self) -> bool {
        self.customer.get("vip").is_true()
    }
    fn kind(&self) -> &str {
        self.customer.text_or_empty("kind")
    }
    fn status(&self) -> &str {
        self.customer.text_or_empty("status")
    }
    fn industry(&self) -> &str {
        self.customer.text_or_empty("industry")
    }
    fn region(&self) -> &str {
        self.customer.text_or_empty("region")
    }
    fn city(&self) -> &str {
        self.customer.text_or_empty("city")
    }
    fn has_tag(&self, tag: &str) -> bool {
        self.customer.tags().iter().any(|t| t == tag)
    }
    fn alive(&self) -> bool {
        self.customer.alive
    }
    fn due(&self) -> Option<Due> {
        self.due
    }
    fn qualification(&self) -> super::qualify::Qualification {
        super::qualify::Qualification::of(self.customer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entity::Entity;
    use crate::domain::fields::Value;
    use crate::domain::schema::CUSTOMER;

    fn customer(alive: bool, city: &str) -> Entity {
        let mut values = std::collections::BTreeMap::new();
        values.insert("city", Value::Text(city.into()));
        values.insert("tags", Value::Text("重点, 展会".into()));
        Entity { table: &CUSTOMER, id: "c".into(), alive, updated_ms: 0, values }
    }

    #[test]
    fn every_condition_must_hold_and_deleted_ones_need_asking_for() {
        let live = customer(true, "重庆");
        let gone = customer(false, "重庆");
        let f = CustomerFilter { city: Some("重庆".into()), tag: Some("展会".into()), ..CustomerFilter::default() };
        assert!(f.matches(&RecordFacts::new(&live, None)));
        assert!(!f.matches(&RecordFacts::new(&gone, None)), "deleted ones are hidden by default");
        let with_deleted = CustomerFilter { include_deleted: true, ..f.clone() };
        assert!(with_deleted.matches(&RecordFacts::new(&gone, None)));
        let elsewhere = CustomerFilter { city: Some("成都".into()), ..f };
        assert!(!elsewhere.matches(&RecordFacts::new(&live, None)));
    }

    #[test]
    fn qualified_and_score_filter_on_the_checklist() {
        let mut c = customer(true, "x");
        let f = CustomerFilter { qualified: true, ..CustomerFilter::default() };
        assert!(f.narrows());
        assert!(!f.matches(&RecordFacts::new(&c, None)));
        for m in ["qual_need", "qual_power", "qual_authority"] {
            c.values.insert(m, Value::Bool(true));
        }
        assert!(f.matches(&RecordFacts::new(&c, None)));
        c.values.insert("golden_traits", Value::Text("urgent_need, nearby".into()));
        c.values.insert("poor_traits", Value::Text("far_away".into()));
        let at_least = |n| CustomerFilter { score_min: Some(n), ..CustomerFilter::default() };
        assert!(at_least(1).matches(&RecordFacts::new(&c, None)));
        assert!(!at_least(2).matches(&RecordFacts::new(&c, None)));
    }

    #[test]
    fn due_state_filters_only_live_customers_with_that_state() {
        let live = customer(true, "x");
        let f = CustomerFilter { due: Some(Due::Overdue), include_deleted: true, ..CustomerFilter::default() };
        assert!(f.matches(&RecordFacts::new(&live, Some(Due::Overdue))));
        assert!(!f.matches(&RecordFacts::new(&live, Some(Due::Due))));
        assert!(!f.matches(&RecordFacts::new(&live, None)), "unknown is not overdue");
        assert!(!f.matches(&RecordFacts::new(&customer(false, "x"), Some(Due::Overdue))));
    }
}
