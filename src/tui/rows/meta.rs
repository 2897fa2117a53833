//! One customer's list facts, packed (see [`Meta`]).

use crate::domain::cadence::Due;
use crate::domain::classify::Tier;

/// One customer's list facts in 40 bytes (4 MB at 100k customers): the
/// few small ones packed in bytes, the struct aligned to 4.
#[derive(Debug, Clone, Copy)]
#[repr(C, packed(4))]
pub(super) struct Meta {
    pub(super) updated_ms: i64,
    /// Last visit or call, days since the Common Era; `i32::MIN` for never.
    pub(super) last_contact: i32,
    /// Days overdue on the worse norm (negative: days left).
    pub(super) overdue: i32,
    pub(super) industry: u32,
    pub(super) region: u32,
    pub(super) city: u32,
    pub(super) tags_start: u32,
    pub(super) tags_len: u16,
    /// The tier (bits 0–2, its place in [`Tier::ALL`]), the standing
    /// (bits 3–4: 0 for a deleted customer, then ok, due, overdue), whether
    /// the visit norm is the worse one (bit 5) and the VIP mark (bit 6).
    pub(super) marks: u8,
    pub(super) kind: u8,
    pub(super) status: u8,
    /// Need, power and authority, two bits each (0 unknown, 1 no, 2 yes).
    pub(super) asked: u8,
    pub(super) golden: u8,
    pub(super) poor: u8,
}

const DUES: [Due; 3] = [Due::Ok, Due::Due, Due::Overdue];

impl Meta {
    /// The marks of a row (see [`Meta::marks`]).
    pub(super) fn marks(tier: Tier, due: Option<Due>, visit_worse: bool, vip: bool) -> u8 {
        let tier = Tier::ALL.iter().position(|t| *t == tier).unwrap_or(0) as u8;
        let due = due.and_then(|d| DUES.iter().position(|x| *x == d)).map_or(0, |p| p as u8 + 1);
        tier | (due << 3) | (u8::from(visit_worse) << 5) | (u8::from(vip) << 6)
    }

    /// The qualification's answers (see [`Meta::asked`]).
    pub(super) fn asked(q: crate::domain::qualify::Qualification) -> u8 {
        let two = |a: Option<bool>| a.map_or(0, |b| 1 + u8::from(b));
        two(q.need) | (two(q.power) << 2) | (two(q.authority) << 4)
    }

    pub(super) fn tier(&self) -> Tier {
        Tier::ALL.get(usize::from(self.marks & 7)).copied().unwrap_or(Tier::C)
    }

    /// None for a deleted customer.
    pub(super) fn due(&self) -> Option<Due> {
        DUES.get(usize::from((self.marks >> 3) & 3).checked_sub(1)?).copied()
    }

    pub(super) fn visit_worse(&self) -> bool {
        self.marks & (1 << 5) != 0
    }

    pub(super) fn vip(&self) -> bool {
        self.marks & (1 << 6) != 0
    }

    pub(super) fn qualification(&self) -> crate::domain::qualify::Qualification {
        let answer = |shift: u8| match (self.asked >> shift) & 3 {
            1 => Some(false),
            2 => Some(true),
            _ => None,
        };
        crate::domain::qualify::Qualification {
            need: answer(0),
            power: answer(2),
            authority: answer(4),
            golden: self.golden,
            poor: self.poor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::qualify::Qualification;

    #[test]
    fn facts_are_40_bytes_and_come_back_as_packed() {
        assert_eq!(std::mem::size_of::<Meta>(), 40);
        let dues = [None, Some(Due::Ok), Some(Due::Due), Some(Due::Overdue)];
        for tier in Tier::ALL {
            for due in dues {
                for (visit_worse, vip) in [(false, false), (true, false), (false, true), (true, true)] {
                    let m = Meta {
                        updated_ms: i64::MAX,
                        last_contact: i32::MIN,
                        overdue: -3,
                        industry: 1,
                        region: 2,
                        city: 3,
                        tags_start: 4,
                        tags_len: u16::MAX,
                        marks: Meta::marks(tier, due, visit_worse, vip),
                        kind: 5,
                        status: 6,
                        asked: 0,
                        golden: 0,
                        poor: 0,
                    };
                    assert_eq!((m.tier(), m.due(), m.visit_worse(), m.vip()), (tier, due, visit_worse, vip));
                    let updated = m.updated_ms;
                    assert_eq!(updated, i64::MAX);
                }
            }
        }
        let answers = [None, Some(false), Some(true)];
        for need in answers {
            for power in answers {
                for authority in answers {
                    let q = Qualification { need, power, authority, golden: 7, poor: 200 };
                    let m = Meta { asked: Meta::asked(q), golden: q.golden, poor: q.poor, ..blank() };
                    assert_eq!(m.qualification(), q);
                }
            }
        }
    }

    fn blank() -> Meta {
        Meta {
            updated_ms: 0,
            last_contact: 0,
            overdue: 0,
            industry: 0,
            region: 0,
            city: 0,
            tags_start: 0,
            tags_len: 0,
            marks: 0,
            kind: 0,
            status: 0,
            asked: 0,
            golden: 0,
            poor: 0,
        }
    }
}
