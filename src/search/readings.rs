//! Every reading of every Chinese character, as typed on a pinyin keyboard.
//!
//! The `pinyin` crate's heteronym table gives each character its readings,
//! most common first; `assets/pinyin-readings.toml` adds readings it lacks
//! (local place-name readings such as 乐 lào in 乐亭). Readings are plain
//! lower-case ASCII (ü as v) and shared: a character holds small syllable
//! numbers, not strings. Made at build time (`build.rs`, `readings_gen.rs`).

pub use super::readings_text::plain;
use super::readings_text::{DENSE, letters_in};

// The table, made by `build.rs` (see `readings_gen.rs`).
include!(concat!(env!("OUT_DIR"), "/readings.rs"));

/// A syllable's number in [`Readings::syllable`].
pub type Syl = u16;

/// The reading table: static arrays made at build time, so a process
/// spends nothing on it at start (it took ≈6 ms and a megabyte of heap).
#[derive(Debug)]
pub struct Readings(());

static TABLE: Readings = Readings(());

impl Readings {
    /// The process-wide table.
    pub fn get() -> &'static Readings {
        &TABLE
    }

    /// Every reading of `c`, the default first; empty when `c` is not a
    /// Chinese character.
    pub fn of(&self, c: char) -> &'static [Syl] {
        let cp = u32::from(c);
        let at = if DENSE.contains(&cp) {
            DENSE_AT[(cp - DENSE.start()) as usize]
        } else if SPARSE_CHARS.first().is_none_or(|&first| cp < first) {
            0
        } else {
            SPARSE_CHARS.binary_search(&cp).map_or(0, |i| SPARSE_AT[i])
        };
        let (start, len) = ((at >> 8) as usize, (at & 0xFF) as usize);
        LIST.get(start..start + len).unwrap_or(&[])
    }

    /// The letters of every reading of `c` (bit 0 for a … 25 for z).
    pub fn letters(&self, c: char) -> u32 {
        let cp = u32::from(c);
        if DENSE.contains(&cp) {
            return DENSE_LETTERS[(cp - DENSE.start()) as usize];
        }
        self.of(c).iter().fold(0, |m, &s| m | letters_in(self.syllable(s)))
    }

    /// The text of syllable `s`.
    pub fn syllable(&self, s: Syl) -> &'static str {
        SYLLABLES.get(s as usize).copied().unwrap_or("")
    }

    /// Number of distinct syllables.
    pub fn syllable_count(&self) -> usize {
        SYLLABLES.len()
    }

    /// The number of a syllable's text, if any character reads so.
    pub fn find(&self, text: &str) -> Option<Syl> {
        BY_TEXT.binary_search_by(|&s| self.syllable(s).cmp(text)).ok().map(|i| BY_TEXT[i])
    }

    /// A hash of the whole table, for the saved index's fingerprint.
    pub fn hash(&self) -> u64 {
        TABLE_HASH
    }
}

#[cfg(test)]
mod tests {
    use super::super::readings_gen::{Table, extra_readings, readings_of};
    use super::*;
    use pinyin::{ToPinyin, ToPinyinMulti};
    use std::collections::HashMap;

    fn texts(c: char) -> Vec<&'static str> {
        let r = Readings::get();
        r.of(c).iter().map(|&s| r.syllable(s)).collect()
    }

    #[test]
    fn every_reading_default_first() {
        assert_eq!(texts('重')[0], "zhong");
        assert!(texts('重').contains(&"chong"));
        assert!(texts('长').contains(&"zhang") && texts('长').contains(&"chang"));
        assert!(texts('绿').contains(&"lv"), "ü is typed v: {:?}", texts('绿'));
        assert!(texts('a').is_empty());
    }

    #[test]
    fn the_extra_table_adds_what_the_crate_lacks() {
        assert!(texts('乐').contains(&"lao"), "{:?}", texts('乐'));
        assert_eq!(texts('乐')[0], "le");
    }

    #[test]
    fn the_table_holds_every_reading_of_every_character_in_order() {
        let extra = extra_readings(include_str!("../../assets/pinyin-readings.toml")).unwrap();
        let r = Readings::get();
        let mut checked = 0;
        let outside = extra.keys().map(|&c| u32::from(c)).filter(|cp| !DENSE.contains(cp));
        let ext_h = 0x31350..=0x323AF;
        let ranges = DENSE.chain(0xF900..=0xFAFF).chain((0x20000..=0x323AF).step_by(7)).chain(ext_h);
        for cp in ranges.chain(outside).chain(0..0x3400) {
            let Some(c) = char::from_u32(cp) else { continue };
            let want = reference(c, &extra);
            assert_eq!(readings_of(c, &extra), want, "{c} U+{cp:X}");
            let got: Vec<&str> = r.of(c).iter().map(|&s| r.syllable(s)).collect();
            assert_eq!(got, want, "{c} U+{cp:X}");
            let letters = want.iter().fold(0, |m, t| m | letters_in(t));
            assert_eq!(r.letters(c), letters, "{c}");
            checked += usize::from(!want.is_empty());
        }
        assert!(checked > 20_000, "{checked}");
        assert!(r.of('a').is_empty() && r.of('7').is_empty() && r.of('，').is_empty());
        // 〇 below the dense range, 𱍐 in Extension H.
        assert_eq!(r.of('〇').iter().map(|&s| r.syllable(s)).next(), Some("ling"));
        assert_eq!(r.of('\u{31350}').iter().map(|&s| r.syllable(s)).next(), Some("qi"));
    }

    /// Every reading of `c` as the crate and the extra table give it, one
    /// character at a time, written apart from the table's maker: the
    /// crate's default reading, its other readings, the extra ones, each
    /// made plain and kept once in the order met.
    fn reference(c: char, extra: &HashMap<char, Vec<String>>) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut texts: Vec<String> = c.to_pinyin().map(|p| plain(p.plain())).into_iter().collect();
        texts.extend(c.to_pinyin_multi().into_iter().flatten().map(|p| plain(p.plain())));
        texts.extend(extra.get(&c).cloned().unwrap_or_default());
        texts.retain(|t| !t.is_empty() && seen.insert(t.clone()));
        texts
    }

    #[test]
    fn the_table_compiled_in_is_the_one_its_maker_makes_now() {
        let extra = extra_readings(include_str!("../../assets/pinyin-readings.toml")).unwrap();
        let table = Table::build(&extra);
        assert_eq!(table.hash(), Readings::get().hash());
        assert_eq!(table.syllables.len(), Readings::get().syllable_count());
        let source = table.emit();
        assert!(source.contains(&format!("static LIST: [u16; {}]", table.list.len())), "{}", &source[..200]);
        assert!(source.contains(&format!("0x{:04x}_", table.hash() >> 48)));
        // Another extra reading makes another table.
        let mut more = extra.clone();
        more.entry('重').or_default().push("zhuang".into());
        assert_ne!(Table::build(&more).hash(), table.hash());
        assert!(extra_readings("[readings]\n\"乐亭\" = \"lao\"").is_err());
        assert!(extra_readings("[other]").is_err());
    }

    #[test]
    fn every_syllable_is_found_by_its_text() {
        let r = Readings::get();
        assert!(r.syllable_count() > 400, "{}", r.syllable_count());
        for s in 0..r.syllable_count() as Syl {
            assert_eq!(r.find(r.syllable(s)), Some(s), "{}", r.syllable(s));
        }
        assert_eq!(r.find("chongq"), None);
        assert_eq!(r.find(""), None);
        assert_eq!(r.syllable(Syl::MAX), "");
    }

    #[test]
    fn plain_drops_tones() {
        assert_eq!(plain("lǜ"), "lv");
        assert_eq!(plain("Zhòng"), "zhong");
        assert_eq!(plain("ê̄"), "e");
    }
}
