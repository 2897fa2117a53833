//! How each field matched by pinyin begins, kept per customer so that a
//! page's first bound can tell whether a word may match from a field's
//! start without reading the record (issue 13: `zhao` bounded 54,000
//! customers at a whole match of a key person, because 张, 赵 and 周 all
//! begin with z, and reading each record again cost 26 ms).
//!
//! A field's start is its first two units (separators skipped, as a match
//! from the start skips and carries over them), the reading each is
//! preferred in there (the record's override, else the character's
//! default), and whether more follow.
//! Against a word, the two units say at most: a match may reach the
//! field's end (more units follow and the word is not spent), it reaches
//! its middle, or no match from the start is possible: 张伟 takes z, zh or
//! zha of `zhao` with 张, and 伟 goes on with none of h, a or o. 赵洋 takes
//! `zx` whole, but only by 洋's rarer reading xiang: a match there is not
//! by the preferred readings, and scores less. Starts are interned per
//! index (a few thousand tell 100k customers apart), each customer keeps
//! [`SLOTS`] of their numbers (its name's first), and a query works out
//! each start it meets once ([`Memo`]).

use super::matcher::{Tier, Unit, Word, unit_in};
use super::readings::{Readings, Syl};
use super::record::{self, Field};
use rustc_hash::FxHashMap;

/// Starts kept per customer: the name's, then up to seven other fields'.
pub(super) const SLOTS: usize = 8;
/// No field in this slot.
pub(super) const NONE: u16 = u16::MAX;
/// A start not kept (more fields than slots, or a full table): anything.
pub(super) const UNKNOWN: u16 = u16::MAX - 1;

/// A customer's starts: interned numbers, [`NONE`] or [`UNKNOWN`].
pub(super) type Starts = [u16; SLOTS];

/// No preferred reading (a unit that is not a Chinese character).
pub(super) const NO_SYL: Syl = Syl::MAX;

/// A field's first two units (`'\0'` for none), the reading each is
/// preferred in ([`NO_SYL`] for none), and whether more follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Start {
    pub(super) first: char,
    pub(super) second: char,
    pub(super) more: bool,
    pub(super) preferred: [Syl; 2],
}

/// What a record's fields begin with, before interning: [`None`] for an
/// empty slot, the marker start ([`Start::unknown`]) for fields past the
/// slots.
pub(super) type Keys = [Option<Start>; SLOTS];

impl Start {
    /// The marker of fields past the slots.
    fn unknown() -> Start {
        Start { first: '\u{1}', second: '\u{1}', more: true, preferred: [NO_SYL; 2] }
    }

    /// How `text` begins; `overrides`: its readings preferred where they
    /// are not the default, by char index (as a match reads them).
    fn of(text: &str, readings: &Readings, overrides: &[(u16, Syl)]) -> Option<Start> {
        let mut units = text.chars().enumerate().filter(|(_, c)| !matches!(unit_in(*c, readings), Unit::Sep(_)));
        let preferred = |(i, c): (usize, char)| match unit_in(c, readings) {
            Unit::Han(h) => overrides
                .iter()
                .find(|o| usize::from(o.0) == i)
                .map(|o| o.1)
                .or_else(|| readings.of(h).first().copied())
                .unwrap_or(NO_SYL),
            _ => NO_SYL,
        };
        let first = units.next()?;
        let second = units.next();
        Some(Start {
            first: first.1,
            second: second.map_or('\0', |s| s.1),
            more: units.next().is_some(),
            preferred: [preferred(first), second.map_or(NO_SYL, preferred)],
        })
    }
}

/// The starts of a record (its stored key, for the reading overrides, and
/// its display): its name's (slot 0, empty when the first field is not the
/// name), then the other fields matched by pinyin.
pub(super) fn of_record(key: &str, display: &str) -> Keys {
    let readings = Readings::get();
    let mut over = Vec::new();
    record::overrides_into(key.split_once('|').map_or("", |k| k.1), &mut over);
    let mut field_over: Vec<(u16, Syl)> = Vec::new();
    let mut of = |k: usize, text: &str| {
        field_over.clear();
        field_over.extend(over.iter().filter(|o| usize::from(o.0) == k).map(|o| (o.1, o.2)));
        Start::of(text, readings, &field_over)
    };
    let mut keys: Keys = [None; SLOTS];
    let mut next = 1;
    for (k, (field, text)) in record::fields(display).enumerate() {
        if field == Field::Name && k == 0 {
            keys[0] = of(k, text);
        } else if field.by_pinyin() && field != Field::Name {
            let Some(start) = of(k, text) else { continue };
            if next == SLOTS {
                keys[SLOTS - 1] = Some(Start::unknown());
                break;
            }
            keys[next] = Some(start);
            next += 1;
        }
    }
    keys
}

/// The starts an index has met, numbered.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Table {
    keys: Vec<Start>,
    numbers: FxHashMap<Start, u16>,
}

impl Table {
    /// A record's starts, numbered (new ones added).
    pub(super) fn intern(&mut self, keys: &Keys) -> Starts {
        keys.map(|k| match k {
            None => NONE,
            Some(k) if k == Start::unknown() => UNKNOWN,
            Some(k) => match self.numbers.get(&k) {
                Some(&n) => n,
                None if self.keys.len() < usize::from(UNKNOWN) => {
                    let n = self.keys.len() as u16;
                    self.keys.push(k);
                    self.numbers.insert(k, n);
                    n
                }
                None => UNKNOWN,
            },
        })
    }

    /// A record's starts, numbered, if every one is in the table.
    pub(super) fn find(&self, keys: &Keys) -> Option<Starts> {
        let mut out = [NONE; SLOTS];
        for (o, k) in out.iter_mut().zip(keys) {
            *o = match k {
                None => NONE,
                Some(k) if *k == Start::unknown() => UNKNOWN,
                Some(k) => match self.numbers.get(k) {
                    Some(n) => *n,
                    None if self.keys.len() >= usize::from(UNKNOWN) => UNKNOWN,
                    None => return None,
                },
            };
        }
        Some(out)
    }

    /// The starts a customer's numbers stand for (for a check of a saved
    /// index): [`NONE`] as None; [`UNKNOWN`] as the marker.
    pub(super) fn keys_of(&self, starts: &Starts) -> Option<Keys> {
        let mut out: Keys = [None; SLOTS];
        for (o, &n) in out.iter_mut().zip(starts) {
            *o = match n {
                NONE => None,
                UNKNOWN => Some(Start::unknown()),
                n => Some(*self.keys.get(usize::from(n))?),
            };
        }
        Some(out)
    }

    /// The starts the customers use, numbered in the order they first
    /// appear, and the customers' numbers so: what is saved is the same
    /// whatever order the table grew in, and holds no start left unused.
    pub(super) fn renumbered(&self, starts: &[Starts]) -> (Vec<Start>, Vec<Starts>) {
        let mut new = vec![NONE; self.keys.len()];
        let mut keys = Vec::new();
        let out = starts
            .iter()
            .map(|s| {
                s.map(|n| match self.keys.get(usize::from(n)) {
                    Some(k) if n < UNKNOWN => {
                        let at = &mut new[usize::from(n)];
                        if *at == NONE {
                            *at = keys.len() as u16;
                            keys.push(*k);
                        }
                        *at
                    }
                    _ => n,
                })
            })
            .collect();
        (keys, out)
    }

    /// A table of these starts (as saved), None if one repeats.
    pub(super) fn from_keys(keys: Vec<Start>) -> Option<Table> {
        if keys.len() > usize::from(UNKNOWN) {
            return None;
        }
        let numbers: FxHashMap<Start, u16> = keys.iter().enumerate().map(|(n, k)| (*k, n as u16)).collect();
        (numbers.len() == keys.len()).then_some(Table { keys, numbers })
    }

    /// Number of starts.
    pub(super) fn len(&self) -> usize {
        self.keys.len()
    }
}

/// What a word can reach from a field's start, given how it begins: by
/// any reading (bits 0–1), by the preferred ones (bits 2–3).
const UNSEEN: u8 = u8::MAX;
const NO: u8 = 0;
const MIDDLE: u8 = 1;
const END: u8 = 2;

/// One word against the starts of a table, each worked out once.
pub(super) struct Memo {
    reach: Vec<u8>,
    /// The word holds a separator: it may take one in a field, which
    /// starts do not keep; every start says anything then.
    blind: bool,
}

impl Memo {
    pub(super) fn new(word: &Word, table: &Table) -> Memo {
        let readings = Readings::get();
        let blind = word.chars.iter().any(|c| matches!(unit_in(*c, readings), Unit::Sep(_)));
        Memo { reach: vec![UNSEEN; table.len()], blind }
    }

    /// The best tier a match of `word` from the start of the field that
    /// begins so can reach (None: no match from its start), and whether
    /// such a match may be by the readings preferred there.
    fn tier(&mut self, word: &Word, table: &Table, n: u16) -> Option<(Tier, bool)> {
        let r = match n {
            NONE => NO,
            UNKNOWN => END | END << 2,
            _ if self.blind => END | END << 2,
            n => {
                let at = usize::from(n);
                let (Some(seen), Some(start)) = (self.reach.get(at).copied(), table.keys.get(at)) else {
                    return Some((Tier::Whole, true));
                };
                if seen == UNSEEN {
                    self.reach[at] =
                        reach(word, *start, [None; 2]) | reach(word, *start, start.preferred.map(Some)) << 2;
                }
                self.reach[at]
            }
        };
        let tier = match r & 3 {
            END => Tier::Whole,
            MIDDLE => Tier::Prefix,
            _ => return None,
        };
        Some((tier, r >> 2 != NO))
    }

    /// The best tier from the start of the name (`name`), or of any other
    /// field matched by pinyin, of a customer with these starts, and
    /// whether a match reaching it may be by the preferred readings. A
    /// word of one character is left to the letters (the first unit says
    /// it all).
    pub(super) fn tier_of(&mut self, word: &Word, table: &Table, starts: &Starts, name: bool) -> Option<(Tier, bool)> {
        if word.len() < 2 {
            return Some((Tier::Whole, true));
        }
        if name {
            return self.tier(word, table, starts[0]);
        }
        let mut best = None;
        for &n in &starts[1..] {
            if n == NONE {
                break;
            }
            best = best.max(self.tier(word, table, n));
            if best == Some((Tier::Whole, true)) {
                break;
            }
        }
        best
    }
}

/// What `word` reaches from the start of a field that begins with `start`
/// (as `scan::from_start` would find, or more), by any reading of its two
/// units or, where `only` names one, by that reading alone.
fn reach(word: &Word, start: Start, only: [Option<Syl>; 2]) -> u8 {
    let readings = Readings::get();
    let only = only.map(|s| s.filter(|&s| s != NO_SYL));
    let mut state = word.step(1, unit_in(start.first, readings), readings, only[0], false);
    let mut hit = state & word.full != 0;
    if start.second != '\0' {
        state = word.step(state, unit_in(start.second, readings), readings, only[1], false);
        hit |= state & word.full != 0;
    }
    let alive = state & !word.full != 0;
    if start.more {
        if alive {
            END
        } else if hit {
            MIDDLE
        } else {
            NO
        }
    } else if state & word.full != 0 {
        END
    } else if hit {
        MIDDLE
    } else {
        NO
    }
}
