//! A list row as the customer filter sees it.

use super::ListData;
use crate::domain::cadence::Due;
use crate::domain::classify::Tier;

/// A list row as the library's [`crate::domain::filter::CustomerFilter`]
/// sees it: the CLI and the interface filter with the same rules.
pub struct RowFacts<'a> {
    pub(super) data: &'a ListData,
    pub(super) i: u32,
}

impl crate::domain::filter::CustomerFacts for RowFacts<'_> {
    fn tier(&self) -> Tier {
        self.data.tier(self.i)
    }
    fn vip(&self) -> bool {
        self.data.vip(self.i)
    }
    fn kind(&self) -> &str {
        self.data.kind(self.i)
    }
    fn status(&self) -> &str {
        self.data.status(self.i)
    }
    fn industry(&self) -> &str {
        self.data.industry(self.i)
    }
    fn region(&self) -> &str {
        self.data.region(self.i)
    }
    fn city(&self) -> &str {
        self.data.city(self.i)
    }
    fn has_tag(&self, tag: &str) -> bool {
        self.data.tags(self.i).any(|t| t == tag)
    }
    fn alive(&self) -> bool {
        self.data.alive(self.i)
    }
    fn due(&self) -> Option<Due> {
        self.data.due(self.i)
    }
    fn qualification(&self) -> crate::domain::qualify::Qualification {
        self.data.qualification(self.i)
    }
}
