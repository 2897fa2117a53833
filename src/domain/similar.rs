//! Names close enough to be the same customer typed twice: a new customer
//! whose name is the same as one in the archive (ignoring case, spaces and
//! brackets), reads the same in pinyin (重庆恒达 / 重庆恒大), or contains or
//! is contained in another (恒达机电 / 重庆恒达机电有限公司). Both faces warn
//! with [`warning`] before saving; nothing is refused.

use super::pinyin::Romanizer;

/// How close two names are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closeness {
    /// The same name.
    Same,
    /// The same pinyin reading.
    SamePinyin,
    /// One name contains the other.
    Contains,
}

/// A name as compared: lower case, without spaces, brackets and the
/// punctuation names are written with.
fn plain(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !"()（）[]【】·.,，、-_".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// How close `new` is to `old`, if close at all.
pub fn closeness(new: &str, old: &str, romanizer: &Romanizer) -> Option<Closeness> {
    let (a, b) = (plain(new), plain(old));
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a == b {
        return Some(Closeness::Same);
    }
    let reading = |s: &str| romanizer.keys(s).full.replace(' ', "");
    let (ra, rb) = (reading(&a), reading(&b));
    if !ra.is_empty() && ra == rb {
        return Some(Closeness::SamePinyin);
    }
    // A containment of two characters or more (一 in 一汽 says nothing).
    let shorter = a.chars().count().min(b.chars().count());
    if shorter >= 2 && (a.contains(&b) || b.contains(&a)) {
        return Some(Closeness::Contains);
    }
    None
}

/// The warning about an existing customer `name` (short id `id`).
pub fn warning(name: &str, id: &str, how: Closeness) -> String {
    let how = crate::i18n::t(match how {
        Closeness::Same => "tui.close_same",
        Closeness::SamePinyin => "tui.close_pinyin",
        Closeness::Contains => "tui.close_contains",
    });
    let short: String = id.chars().take(8).collect();
    crate::i18n::tf("tui.close_name", &[("name", &name), ("id", &short), ("how", &how)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_names_readings_and_containment_are_close() {
        let r = Romanizer::default();
        assert_eq!(closeness("重庆恒达", "重庆 恒达", &r), Some(Closeness::Same));
        assert_eq!(closeness("Summit Materials", "summit materials", &r), Some(Closeness::Same));
        assert_eq!(closeness("重庆恒达", "重庆恒大", &r), Some(Closeness::SamePinyin));
        assert_eq!(closeness("恒达机电", "重庆恒达机电有限公司", &r), Some(Closeness::Contains));
        assert_eq!(closeness("重庆恒达机电（集团）", "重庆恒达机电", &r), Some(Closeness::Contains));
        assert_eq!(closeness("一", "一汽", &r), None, "one character says nothing");
        assert_eq!(closeness("重庆恒达", "厦门永兴", &r), None);
        assert_eq!(closeness("", "厦门永兴", &r), None);
    }
}
