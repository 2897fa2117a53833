//! Which characters a query word matched, for highlighting.

use super::matcher::{FieldText, Quality, Unit, Word, best, unit};
use super::readings::Readings;

/// The characters of `f.text` (by char index) that `word` matched at its
/// best tier: for highlighting.
pub fn spans(word: &Word, f: &FieldText<'_>) -> Vec<usize> {
    let Some(Quality { tier, .. }) = best(word, f) else { return Vec::new() };
    let (start, scattered) = super::scan::tier_start(tier, f.field);
    let readings = Readings::get();
    let pinyin = f.field.by_pinyin();
    let units: Vec<Unit> = f
        .text
        .chars()
        .map(|c| match unit(c) {
            Unit::Han(h) if !pinyin => Unit::Lit(h),
            u => u,
        })
        .collect();
    // Forward: the state before each unit (after injection), and after.
    let mut before = Vec::with_capacity(units.len());
    let mut state = 0u64;
    let mut prev_sep = true;
    let mut seen_unit = false;
    let mut end = None;
    for (i, &u) in units.iter().enumerate() {
        if start.injects(u, seen_unit, prev_sep) {
            state |= 1;
        }
        before.push(state);
        let consumed = word.step(state, u, readings, None, false);
        let mut next = consumed;
        if scattered || matches!(u, Unit::Sep(_)) {
            next |= state;
        }
        prev_sep = matches!(u, Unit::Sep(_));
        seen_unit |= !prev_sep;
        if consumed & word.full != 0 {
            end = Some(i);
            break;
        }
        state = next;
    }
    let Some(end) = end else { return Vec::new() };
    // Backward: which units consumed which part of the word.
    let mut out = Vec::new();
    let mut target = word.chars.len();
    for at in (0..=end).rev() {
        if target == 0 {
            break;
        }
        let consumed_by = |from: usize| {
            before[at] & (1 << from) != 0 && word.step(1 << from, units[at], readings, None, false) & (1 << target) != 0
        };
        if let Some(from) = (0..target).rev().find(|&from| consumed_by(from)) {
            out.push(at);
            target = from;
        }
    }
    out.reverse();
    out
}
