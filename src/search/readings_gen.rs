//! How the reading table is made: the `pinyin` crate's heteronym table
//! (the default reading first) and `assets/pinyin-readings.toml`, for every
//! character. `build.rs` runs this once per build and writes the table as
//! static arrays (see [`Table::emit`]), so that no process spends the ≈6 ms
//! (and the heap) of making it at start; the library's tests compare the
//! static table with the crate character by character.

use super::readings_text::{DENSE, letters_in, plain};
use pinyin::{ToPinyin, ToPinyinMulti};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Readings the crate's table lacks, from the `[readings]` table of `src`
/// (`assets/pinyin-readings.toml`): one character, its readings apart by
/// spaces.
pub fn extra_readings(src: &str) -> Result<HashMap<char, Vec<String>>, String> {
    let doc = toml::from_str::<toml::Table>(src).map_err(|e| e.to_string())?;
    let mut out = HashMap::new();
    let Some(t) = doc.get("readings").and_then(toml::Value::as_table) else {
        return Err("no [readings] table".into());
    };
    for (k, v) in t {
        let mut chars = k.chars();
        match (chars.next(), chars.next(), v.as_str()) {
            (Some(c), None, Some(v)) => {
                out.insert(c, v.split_whitespace().map(plain).filter(|s| !s.is_empty()).collect());
            }
            _ => return Err(format!("{k:?}: one character and a string of readings expected")),
        }
    }
    Ok(out)
}

/// Every reading of `c`, the default first, each once: the crate's, then
/// `extra`'s.
pub fn readings_of(c: char, extra: &HashMap<char, Vec<String>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let crate_readings = c.to_pinyin().into_iter().chain(c.to_pinyin_multi().into_iter().flatten());
    for text in crate_readings.map(|p| plain(p.plain())).chain(extra.get(&c).into_iter().flatten().cloned()) {
        if !text.is_empty() && !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// The reading table: readings are shared syllable numbers.
#[derive(Debug, Default)]
pub struct Table {
    /// Each syllable's text, numbered in the order first met.
    pub syllables: Vec<String>,
    /// Per character of [`DENSE`]: start in `list` (24 bits) and count (8
    /// bits); 0 when the character has no reading.
    pub dense: Vec<u32>,
    /// Per character of [`DENSE`]: the letters of all its readings.
    pub letters: Vec<u32>,
    /// The syllable numbers of every character, one run each.
    pub list: Vec<u16>,
    /// Characters outside [`DENSE`] with readings, ascending, and where
    /// their run is (as in `dense`).
    pub sparse: Vec<(u32, u32)>,
}

impl Table {
    /// The table of the crate and `extra`.
    pub fn build(extra: &HashMap<char, Vec<String>>) -> Table {
        let mut t = Table { dense: vec![0; DENSE.count()], ..Table::default() };
        let mut numbers: HashMap<String, u16> = HashMap::new();
        // Below the dense range: 〇 and the like.
        let ranges = [DENSE, 0..=DENSE.start() - 1, 0xF900..=0xFAFF, 0x20000..=0x323AF];
        // Characters only the extra table reads, outside the ranges.
        let mut extra_others: Vec<u32> =
            extra.keys().map(|&c| u32::from(c)).filter(|cp| !ranges.iter().any(|r| r.contains(cp))).collect();
        extra_others.sort_unstable();
        for cp in ranges.into_iter().flatten().chain(extra_others) {
            let Some(c) = char::from_u32(cp) else { continue };
            let texts = readings_of(c, extra);
            if texts.is_empty() || t.list.len() >= 1 << 24 {
                continue;
            }
            let at = ((t.list.len() as u32) << 8) | texts.len().min(255) as u32;
            for text in texts.iter().take(255) {
                let n = *numbers.entry(text.clone()).or_insert_with(|| {
                    t.syllables.push(text.clone());
                    (t.syllables.len() - 1) as u16
                });
                t.list.push(n);
            }
            if DENSE.contains(&cp) {
                t.dense[(cp - DENSE.start()) as usize] = at;
            } else {
                t.sparse.push((cp, at));
            }
        }
        t.sparse.sort_unstable();
        t.letters = t
            .dense
            .iter()
            .map(|&at| {
                let (start, len) = ((at >> 8) as usize, (at & 0xFF) as usize);
                t.list[start..start + len].iter().fold(0, |m, &s| m | letters_in(&t.syllables[s as usize]))
            })
            .collect();
        t
    }

    /// A hash of the whole table (FNV-1a over every number and text), part
    /// of the saved index's fingerprint: an index saved with other readings
    /// is never used.
    pub fn hash(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &b in bytes {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        for s in &self.syllables {
            eat(s.as_bytes());
            eat(&[0]);
        }
        for v in self.dense.iter().chain(&self.letters).chain(self.sparse.iter().flat_map(|(c, at)| [c, at])) {
            eat(&v.to_le_bytes());
        }
        for v in &self.list {
            eat(&v.to_le_bytes());
        }
        h
    }

    /// Rust source of the table as statics (`build.rs` writes it for
    /// `readings.rs` to include).
    pub fn emit(&self) -> String {
        fn array<T: std::fmt::Display>(
            out: &mut String,
            name: &str,
            ty: &str,
            items: impl ExactSizeIterator<Item = T>,
        ) {
            let _ = write!(out, "#[allow(clippy::unreadable_literal)]\nstatic {name}: [{ty}; {}] = [", items.len());
            for (i, v) in items.enumerate() {
                let _ = write!(out, "{}{v},", if i % 32 == 0 { "\n" } else { "" });
            }
            out.push_str("\n];\n");
        }
        let mut out = String::from("// Made by build.rs from the pinyin crate and assets/pinyin-readings.toml.\n");
        let h = self.hash();
        let _ = writeln!(
            out,
            "const TABLE_HASH: u64 = 0x{:04x}_{:04x}_{:04x}_{:04x};",
            h >> 48,
            h >> 32 & 0xFFFF,
            h >> 16 & 0xFFFF,
            h & 0xFFFF
        );
        array(&mut out, "SYLLABLES", "&str", self.syllables.iter().map(|s| format!("{s:?}")));
        let mut by_text: Vec<u16> = (0..self.syllables.len() as u16).collect();
        by_text.sort_by_key(|&s| &self.syllables[s as usize]);
        array(&mut out, "BY_TEXT", "u16", by_text.into_iter());
        array(&mut out, "DENSE_AT", "u32", self.dense.iter());
        array(&mut out, "DENSE_LETTERS", "u32", self.letters.iter());
        array(&mut out, "LIST", "u16", self.list.iter());
        array(&mut out, "SPARSE_CHARS", "u32", self.sparse.iter().map(|s| s.0));
        array(&mut out, "SPARSE_AT", "u32", self.sparse.iter().map(|s| s.1));
        out
    }
}
