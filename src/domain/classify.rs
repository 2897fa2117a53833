//! The purchase × potential grid (DOMAIN.md §2) and the A/B/C class with its
//! grade (A1, A2, B1, B2, C) that the cadence norms are written for.
//!
//! X = current purchases, Y = total buying potential, each scored 0–4.
//! The training places ten pairs; those are kept exactly as placed:
//!
//! | class | pairs (X, Y) placed by the training |
//! |---|---|
//! | A | (1,4) (0,3) (1,3) (4,4) (3,4) |
//! | B | (2,4) (0,2) |
//! | C | (0,1) (1,2) (1,1) |
//!
//! The training names A "high potential", B "medium", C "low", so the other
//! fifteen pairs follow potential, where potential is never taken as lower
//! than what the customer already buys: p = max(X, Y); p ≥ 3 → A, p = 2 → B,
//! p ≤ 1 → C. The full 5 × 5 table is [`grid_class`]; the user can override
//! any customer's class by hand.
//!
//! Grades split A and B for the visit-management norms: grade 1 is the
//! customer that already buys much (A: X ≥ 3, B: X ≥ 2), grade 2 the rest.

use serde::{Deserialize, Serialize};

/// A customer class: how much attention the customer is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Class {
    /// High potential.
    A,
    /// Medium potential.
    B,
    /// Low potential.
    C,
}

impl Class {
    /// `A`, `B` or `C`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::A => "A",
            Class::B => "B",
            Class::C => "C",
        }
    }

    /// Parse `A`, `b`, ...
    pub fn parse(s: &str) -> Option<Class> {
        match s.trim().to_ascii_uppercase().as_str() {
            "A" => Some(Class::A),
            "B" => Some(Class::B),
            "C" => Some(Class::C),
            _ => None,
        }
    }
}

/// A class with its grade, as the cadence norms are keyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tier {
    /// A, grade 1.
    A1,
    /// A, grade 2.
    A2,
    /// B, grade 1.
    B1,
    /// B, grade 2.
    B2,
    /// C.
    C,
}

impl Tier {
    /// Every tier, best first.
    pub const ALL: [Tier; 5] = [Tier::A1, Tier::A2, Tier::B1, Tier::B2, Tier::C];
    /// The values a manual override accepts (stored form).
    pub const NAMES: &'static [&'static str] = &["A1", "A2", "B1", "B2", "C"];

    /// The class letter.
    pub fn class(self) -> Class {
        match self {
            Tier::A1 | Tier::A2 => Class::A,
            Tier::B1 | Tier::B2 => Class::B,
            Tier::C => Class::C,
        }
    }

    /// `A1` ... `C`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::A1 => "A1",
            Tier::A2 => "A2",
            Tier::B1 => "B1",
            Tier::B2 => "B2",
            Tier::C => "C",
        }
    }

    /// Parse a stored tier name.
    pub fn parse(s: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// The class the grid gives a (purchase, potential) pair; scores above 4 are
/// read as 4.
pub fn grid_class(purchase: u8, potential: u8) -> Class {
    let (x, y) = (purchase.min(4), potential.min(4));
    match (x, y) {
        // Placed by the training against the plain potential rule.
        (2, 4) => Class::B,
        (1, 2) => Class::C,
        _ => match x.max(y) {
            3 | 4 => Class::A,
            2 => Class::B,
            _ => Class::C,
        },
    }
}

/// The grade within a class, from current purchases.
pub fn grade(class: Class, purchase: u8) -> Tier {
    match class {
        Class::A if purchase >= 3 => Tier::A1,
        Class::A => Tier::A2,
        Class::B if purchase >= 2 => Tier::B1,
        Class::B => Tier::B2,
        Class::C => Tier::C,
    }
}

/// Where a customer stands: its tier and whether it came from the grid or
/// from the rep's own judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// The tier in force.
    pub tier: Tier,
    /// The tier the grid gives, if both scores are set.
    pub grid: Option<Tier>,
    /// True when the rep set the tier by hand.
    pub manual: bool,
}

/// Classify from optional scores and an optional manual tier. A customer with
/// no scores and no override is C until the rep scores it.
pub fn classify(purchase: Option<u8>, potential: Option<u8>, manual: Option<Tier>) -> Classification {
    let grid = match (purchase, potential) {
        (Some(x), Some(y)) => Some(grade(grid_class(x, y), x)),
        _ => None,
    };
    match manual {
        Some(tier) => Classification { tier, grid, manual: true },
        None => Classification { tier: grid.unwrap_or(Tier::C), grid, manual: false },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_training_placements_are_kept() {
        for (x, y) in [(1, 4), (0, 3), (1, 3), (4, 4), (3, 4)] {
            assert_eq!(grid_class(x, y), Class::A, "({x},{y})");
        }
        for (x, y) in [(2, 4), (0, 2)] {
            assert_eq!(grid_class(x, y), Class::B, "({x},{y})");
        }
        for (x, y) in [(0, 1), (1, 2), (1, 1)] {
            assert_eq!(grid_class(x, y), Class::C, "({x},{y})");
        }
    }

    #[test]
    fn the_rest_of_the_grid_follows_potential() {
        assert_eq!(grid_class(0, 4), Class::A);
        assert_eq!(grid_class(2, 3), Class::A);
        assert_eq!(grid_class(2, 2), Class::B);
        assert_eq!(grid_class(0, 0), Class::C);
        assert_eq!(grid_class(1, 0), Class::C);
        // Buying much already means potential is at least that much.
        assert_eq!(grid_class(4, 1), Class::A);
        assert_eq!(grid_class(2, 0), Class::B);
        // Every pair has a class; scores past 4 are clamped.
        assert_eq!(grid_class(9, 9), Class::A);
    }

    #[test]
    fn grades_split_by_current_purchases() {
        assert_eq!(classify(Some(4), Some(4), None).tier, Tier::A1);
        assert_eq!(classify(Some(0), Some(3), None).tier, Tier::A2);
        assert_eq!(classify(Some(2), Some(4), None).tier, Tier::B1);
        assert_eq!(classify(Some(0), Some(2), None).tier, Tier::B2);
        assert_eq!(classify(Some(1), Some(1), None).tier, Tier::C);
    }

    #[test]
    fn a_manual_tier_wins_and_the_grid_is_still_shown() {
        let c = classify(Some(0), Some(1), Some(Tier::A1));
        assert_eq!(c.tier, Tier::A1);
        assert_eq!(c.grid, Some(Tier::C));
        assert!(c.manual);
        let unscored = classify(None, Some(4), None);
        assert_eq!(unscored.tier, Tier::C);
        assert_eq!(unscored.grid, None);
    }
}
