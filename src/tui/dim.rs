//! The dimensions the customer list filters on: which values each customer
//! has (for the menu's counts), and how a chosen value becomes a condition
//! of the library's [`CustomerFilter`] — the model the CLI uses too.

use super::rows::ListData;
use crate::domain::cadence::Due;
use crate::domain::classify::Class;
use crate::domain::filter::CustomerFilter;
use crate::i18n::{enum_label, t};

/// A dimension the list can be filtered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dim {
    /// A, B or C.
    Class,
    /// Customer kind.
    Kind,
    /// Industry.
    Industry,
    /// Region.
    Region,
    /// City.
    City,
    /// Status.
    Status,
    /// A tag.
    Tag,
    /// VIP mark.
    Vip,
    /// Due state against the contact norms.
    Due,
    /// Show deleted customers too.
    Deleted,
    /// Qualified prospects (need, purchasing power, decision authority).
    Qualified,
    /// Qualification score at least a value.
    Score,
}

impl Dim {
    /// Every dimension, in menu order.
    pub const ALL: [Dim; 12] = [
        Dim::Due,
        Dim::Class,
        Dim::Kind,
        Dim::Industry,
        Dim::Region,
        Dim::City,
        Dim::Status,
        Dim::Tag,
        Dim::Vip,
        Dim::Qualified,
        Dim::Score,
        Dim::Deleted,
    ];

    /// Label in the active language.
    pub fn label(self) -> &'static str {
        t(match self {
            Dim::Class => "tui.dim_class",
            Dim::Kind => "field.kind",
            Dim::Industry => "field.industry",
            Dim::Region => "field.region",
            Dim::City => "field.city",
            Dim::Status => "field.status",
            Dim::Tag => "field.tags",
            Dim::Vip => "field.vip",
            Dim::Due => "tui.col_due",
            Dim::Deleted => "tui.dim_deleted",
            Dim::Qualified => "qualify.dim_qualified",
            Dim::Score => "qualify.dim_score",
        })
    }

    /// The values customer `i` has in this dimension (stored form).
    pub fn values(self, data: &ListData, i: u32) -> Vec<String> {
        let one = |s: &str| if s.is_empty() { Vec::new() } else { vec![s.to_string()] };
        match self {
            Dim::Class => vec![data.tier(i).class().as_str().to_string()],
            Dim::Kind => one(data.kind(i)),
            Dim::Industry => one(data.industry(i)),
            Dim::Region => one(data.region(i)),
            Dim::City => one(data.city(i)),
            Dim::Status => one(data.status(i)),
            Dim::Tag => data.tags(i).map(str::to_string).collect(),
            Dim::Vip => {
                if data.vip(i) {
                    vec!["yes".to_string()]
                } else {
                    Vec::new()
                }
            }
            Dim::Due => data.due(i).map(|d| vec![due_key(d).to_string()]).unwrap_or_default(),
            Dim::Qualified => {
                if data.qualification(i).qualified() {
                    vec!["yes".to_string()]
                } else {
                    Vec::new()
                }
            }
            // Every threshold the customer meets, so the menu counts
            // "at least N" the way choosing N filters.
            Dim::Score => (1..=data.qualification(i).score()).map(|n| n.to_string()).collect(),
            Dim::Deleted => {
                if data.alive(i) {
                    Vec::new()
                } else {
                    vec!["yes".to_string()]
                }
            }
        }
    }

    /// Set this dimension's condition in the library's filter: the list
    /// filters with the same model as `repbook customer list`.
    pub fn apply(self, value: &str, f: &mut CustomerFilter) {
        let v = Some(value.to_string());
        match self {
            Dim::Class => f.class = Class::parse(value),
            Dim::Kind => f.kind = v,
            Dim::Industry => f.industry = v,
            Dim::Region => f.region = v,
            Dim::City => f.city = v,
            Dim::Status => f.status = v,
            Dim::Tag => f.tag = v,
            Dim::Vip => f.vip = true,
            Dim::Due => f.due = [Due::Ok, Due::Due, Due::Overdue].into_iter().find(|d| due_key(*d) == value),
            Dim::Deleted => f.include_deleted = true,
            Dim::Qualified => f.qualified = true,
            Dim::Score => f.score_min = value.parse().ok(),
        }
    }

    /// A stored value as shown.
    pub fn show(self, value: &str) -> String {
        match self {
            Dim::Kind => enum_label("kind", value),
            Dim::Status => enum_label("status", value),
            Dim::Vip | Dim::Deleted | Dim::Qualified => t("common.yes").to_string(),
            Dim::Score => crate::i18n::tf("qualify.at_least", &[("score", &value)]),
            Dim::Due => t(&format!("tui.due_{value}")).to_string(),
            _ => value.to_string(),
        }
    }
}

/// The filter value of a due state.
pub fn due_key(d: Due) -> &'static str {
    match d {
        Due::Ok => "ok",
        Due::Due => "due",
        Due::Overdue => "overdue",
    }
}
