//! ASCII search keys for Chinese text: full pinyin and pinyin initials.
//!
//! The per-character table of the `pinyin` crate picks one reading per
//! character, which is wrong for many place names and surnames (重庆 would
//! be "zhongqing", 长沙 "zhangsha"). Words from `assets/pinyin.toml` (and the
//! user's `[search.pinyin]` config table) are matched longest-first before
//! falling back to the table; a person's name reads its first character(s)
//! from the surname list.

use pinyin::ToPinyin;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// Turns text into pinyin syllables, honouring the override tables.
#[derive(Debug, Clone)]
pub struct Romanizer {
    words: FxHashMap<String, Vec<String>>,
    surnames: FxHashMap<String, Vec<String>>,
    longest: usize,
    /// The characters a word or surname of the tables begins with: a
    /// character that begins none is looked up no further.
    starts: FxHashSet<char>,
}

/// The two ASCII renderings of a piece of text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    /// ASCII words and full pinyin, e.g. `chongqing hengda`.
    pub full: String,
    /// ASCII words and pinyin initials, e.g. `cqhd`; empty when the text has
    /// no Chinese.
    pub initials: String,
}

/// Readings as typed on a pinyin keyboard: lower-case ASCII letters, ü as v,
/// tone marks and anything else dropped; empty syllables left out.
fn syllables(reading: &str) -> Vec<String> {
    reading
        .split_whitespace()
        .map(|syl| {
            let mut out = String::new();
            // Decomposed, ǜ is u + diaeresis + tone mark: the diaeresis makes v.
            for c in syl.nfd() {
                match c {
                    '\u{308}' if out.ends_with('u') => {
                        out.pop();
                        out.push('v');
                    }
                    c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
                    _ => {}
                }
            }
            out
        })
        .filter(|s| !s.is_empty())
        .collect()
}

fn parse_table(src: &str, section: &str) -> FxHashMap<String, Vec<String>> {
    let Ok(doc) = toml::from_str::<toml::Table>(src) else {
        return FxHashMap::default();
    };
    doc.get(section)
        .and_then(toml::Value::as_table)
        .map(|t| {
            t.iter()
                .filter_map(|(k, v)| {
                    let syl = syllables(v.as_str()?);
                    (!syl.is_empty()).then(|| (k.clone(), syl))
                })
                .collect()
        })
        .unwrap_or_default()
}

impl Default for Romanizer {
    fn default() -> Self {
        Self::new(&BTreeMap::new())
    }
}

impl Romanizer {
    /// The embedded tables plus the user's extra words (`word = "syl syl"`).
    pub fn new(extra: &BTreeMap<String, String>) -> Self {
        let src = include_str!("../../assets/pinyin.toml");
        let mut words = parse_table(src, "words");
        for (k, v) in extra {
            let syl = syllables(v);
            if !syl.is_empty() {
                words.insert(k.nfc().collect(), syl);
            }
        }
        let surnames = parse_table(src, "surnames");
        let longest = words.keys().chain(surnames.keys()).map(|w| w.chars().count()).max().unwrap_or(1);
        let starts = words.keys().chain(surnames.keys()).filter_map(|w| w.chars().next()).collect();
        Self { words, surnames, longest, starts }
    }

    /// Keys for a name, city, tag or other text.
    pub fn keys(&self, text: &str) -> Keys {
        self.keys_with(text, false)
    }

    /// Keys for a person's name: the surname table applies at the start.
    pub fn person_keys(&self, name: &str) -> Keys {
        self.keys_with(name, true)
    }

    fn keys_with(&self, text: &str, person: bool) -> Keys {
        let chars: Vec<char> = text.nfkc().collect();
        let mut full = String::new();
        let mut initials = String::new();
        let mut has_han = false;
        let mut word = String::new();
        let mut i = 0;
        let flush = |word: &mut String, full: &mut String, initials: &mut String| {
            if !word.is_empty() {
                if !full.is_empty() && !full.ends_with(' ') {
                    full.push(' ');
                }
                full.push_str(word);
                full.push(' ');
                initials.push_str(word);
                word.clear();
            }
        };
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
                i += 1;
                continue;
            }
            flush(&mut word, &mut full, &mut initials);
            if let Some((len, syl)) = self.lookup(&chars[i..], person && i == 0) {
                has_han = true;
                for s in syl {
                    full.push_str(s);
                    initials.extend(s.chars().next());
                }
                i += len;
                continue;
            }
            if let Some(p) = c.to_pinyin() {
                has_han = true;
                // ü is typed as v on every pinyin keyboard.
                let s = p.plain().replace('ü', "v");
                full.push_str(&s);
                initials.extend(s.chars().next());
            } else if !full.is_empty() && !full.ends_with(' ') {
                // Punctuation and spaces separate words.
                full.push(' ');
            }
            i += 1;
        }
        flush(&mut word, &mut full, &mut initials);
        Keys { full: full.trim().to_string(), initials: if has_han { initials } else { String::new() } }
    }

    /// The readings the override tables choose, per character position of
    /// `text` (as `text.chars()` counts): only where a table entry applies
    /// and gives one syllable per character. Search matches every reading
    /// and ranks these first.
    pub fn preferred(&self, text: &str, person: bool) -> Vec<(usize, String)> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match self.lookup(&chars[i..], person && i == 0) {
                Some((len, syl)) => {
                    if syl.len() == len {
                        out.extend(syl.iter().enumerate().map(|(k, s)| (i + k, s.clone())));
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    fn lookup(&self, rest: &[char], surname: bool) -> Option<(usize, &[String])> {
        if !rest.first().is_some_and(|c| self.starts.contains(c)) {
            return None;
        }
        let max = self.longest.min(rest.len());
        let mut candidate = String::new();
        for len in (1..=max).rev() {
            candidate.clear();
            candidate.extend(&rest[..len]);
            if surname && let Some(s) = self.surnames.get(&candidate) {
                return Some((len, s));
            }
            if let Some(s) = self.words.get(&candidate) {
                return Some((len, s));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_names_read_correctly() {
        let r = Romanizer::default();
        let k = r.keys("重庆恒达机电");
        assert_eq!(k.full, "chongqinghengdajidian");
        assert_eq!(k.initials, "cqhdjd");
        assert_eq!(r.keys("长沙").full, "changsha");
        assert_eq!(r.keys("厦门").initials, "xm");
        assert_eq!(r.keys("华润大厦").full, "huarundasha");
    }

    #[test]
    fn surnames_apply_to_people_only_at_the_start() {
        let r = Romanizer::default();
        assert_eq!(r.person_keys("曾国强").full, "zengguoqiang");
        assert_eq!(r.person_keys("单田芳").initials, "stf");
        assert_eq!(r.person_keys("尉迟恭").full, "yuchigong");
    }

    #[test]
    fn ascii_words_are_kept_and_mixed_text_works() {
        let r = Romanizer::default();
        let k = r.keys("Harbor Electric (HK)");
        assert_eq!(k.full, "harbor electric hk");
        assert_eq!(k.initials, "");
        let m = r.keys("TCL科技");
        assert_eq!(m.full, "tcl keji");
        assert_eq!(m.initials, "tclkj");
        // Full-width letters fold to ASCII.
        assert_eq!(r.keys("ＡＢＣ").full, "abc");
        // Keys are pure ASCII: ü is written v.
        assert_eq!(r.keys("绿女").full, "lvnv");
    }

    #[test]
    fn preferred_readings_are_given_per_character() {
        let r = Romanizer::default();
        assert_eq!(r.preferred("在重庆", false), [(1, "chong".to_string()), (2, "qing".to_string())]);
        assert_eq!(r.preferred("曾国强", true), [(0, "zeng".to_string())]);
        assert!(r.preferred("曾国强", false).is_empty());
        assert!(r.preferred("abc", false).is_empty());
    }

    #[test]
    fn user_words_override_the_table() {
        let mut extra = BTreeMap::new();
        extra.insert("朝天门".to_string(), "chao tian men".to_string());
        extra.insert("绿地".to_string(), "Lǜ  dì".to_string());
        extra.insert("空".to_string(), "  ".to_string());
        let r = Romanizer::new(&extra);
        assert_eq!(r.keys("朝天门").initials, "ctm");
        // Tone marks and capitals from a user's table are typed plainly.
        assert_eq!(r.keys("绿地").full, "lvdi");
        // An empty reading is ignored, not trusted.
        assert_eq!(r.keys("空").full, "kong");
    }
}
