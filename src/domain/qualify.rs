//! Qualifying prospects (DOMAIN.md §2): a real prospect has a need,
//! purchasing power and decision authority (MAN); the training's seven
//! traits of a golden customer and seven of a poor one make a checklist
//! whose score is the golden ones ticked minus the poor ones. The dossier's
//! Overview shows it; `customer list --qualified / --score-min` and the
//! list's filter read it through [`crate::domain::filter`].

use super::entity::Entity;
use serde::Serialize;

/// The seven traits of a golden customer.
pub const GOLDEN: &[&str] = &[
    "urgent_need",
    "cost_benefit_fit",
    "positive_attitude",
    "big_order_potential",
    "influence",
    "sound_finances",
    "nearby",
];

/// The seven traits of a poor customer.
pub const POOR: &[&str] = &[
    "negative_attitude",
    "sees_no_value",
    "small_orders",
    "no_repeat",
    "no_reference_value",
    "failing_business",
    "far_away",
];

/// The lowest and highest score: every poor trait and no golden one, every
/// golden trait and no poor one.
#[allow(clippy::cast_possible_wrap)]
pub const SCORE_RANGE: (i64, i64) = (-(POOR.len() as i64), GOLDEN.len() as i64);

/// Where a customer stands as a prospect.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Qualification {
    /// Has a real need (unknown: not asked yet).
    pub need: Option<bool>,
    /// Has purchasing power.
    pub power: Option<bool>,
    /// Has decision authority (or we reach who has).
    pub authority: Option<bool>,
    /// Golden traits ticked (0–7).
    pub golden: u8,
    /// Poor traits ticked (0–7).
    pub poor: u8,
}

fn count(list: &str, of: &[&str]) -> u8 {
    let n = super::fields::split_tags(list).iter().filter(|t| of.contains(&t.as_str())).count();
    u8::try_from(n).unwrap_or(u8::MAX)
}

impl Qualification {
    /// From the stored values: the three marks and the two trait lists.
    pub fn from_values(marks: [Option<bool>; 3], golden: &str, poor: &str) -> Self {
        Self {
            need: marks[0],
            power: marks[1],
            authority: marks[2],
            golden: count(golden, GOLDEN),
            poor: count(poor, POOR),
        }
    }

    /// A customer's.
    pub fn of(c: &Entity) -> Self {
        let mark = |f: &str| match c.get(f) {
            super::fields::Value::Bool(b) => Some(*b),
            _ => None,
        };
        Self::from_values(
            [mark("qual_need"), mark("qual_power"), mark("qual_authority")],
            c.text_or_empty("golden_traits"),
            c.text_or_empty("poor_traits"),
        )
    }

    /// Need, purchasing power and decision authority, all three confirmed.
    pub fn qualified(&self) -> bool {
        self.need == Some(true) && self.power == Some(true) && self.authority == Some(true)
    }

    /// Golden traits ticked minus poor ones (−7 to 7).
    pub fn score(&self) -> i64 {
        i64::from(self.golden) - i64::from(self.poor)
    }

    /// True once anything about it was recorded.
    pub fn assessed(&self) -> bool {
        self.need.is_some() || self.power.is_some() || self.authority.is_some() || self.golden > 0 || self.poor > 0
    }

    /// One line in the active language: `need ✓ · power ✓ · authority ? ·
    /// score +3 (4 golden, 1 poor)`; marks written out, never colour alone.
    pub fn summary(&self) -> String {
        use crate::i18n::{t, tf};
        let mark = |m: Option<bool>| match m {
            Some(true) => "✓",
            Some(false) => "✗",
            None => "?",
        };
        let head = if self.qualified() { t("qualify.qualified") } else { t("qualify.not_yet") };
        tf(
            "qualify.summary",
            &[
                ("head", &head),
                ("need", &mark(self.need)),
                ("power", &mark(self.power)),
                ("authority", &mark(self.authority)),
                ("score", &format!("{:+}", self.score())),
                ("golden", &self.golden),
                ("poor", &self.poor),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualified_needs_all_three_and_the_score_is_golden_minus_poor() {
        let q = Qualification::from_values(
            [Some(true), Some(true), None],
            "urgent_need, nearby, influence, pirate",
            "far_away",
        );
        assert!(!q.qualified(), "authority unknown");
        assert_eq!((q.golden, q.poor, q.score()), (3, 1, 2), "an unknown trait is not counted");
        let yes = Qualification { authority: Some(true), ..q };
        assert!(yes.qualified());
        assert!(!Qualification::default().assessed());
        let bad = Qualification::from_values([None; 3], "", &POOR.join(", "));
        assert_eq!(bad.score(), -7);
        crate::i18n::set_lang(crate::i18n::Lang::En);
        assert!(yes.summary().contains("+2"), "{}", yes.summary());
    }
}
