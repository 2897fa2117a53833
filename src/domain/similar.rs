//! Names close enough to be the same customer typed twice: a new customer
//! whose name is the same as one in the archive (ignoring case, spaces and
//! brackets), reads the same in pinyin (重庆恒达 / 重庆恒大), or contains or
//! is contained in another (恒达机电 / 重庆恒达机电有限公司), or differs by a
//! slip of the keyboard (Harbour / Harbor Medical Group) — unless they
//! differ only in their numbers (门店3 / 门店12). Both faces warn with
//! [`warning`] before saving, and the import preview names them; nothing
//! is refused.

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
    /// The names differ by a letter or two (a typo, a plural).
    Slip,
}

/// A name as compared: lower case, without spaces, brackets and the
/// punctuation names are written with.
fn plain(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !"()（）[]【】·.,，、-_".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

impl Closeness {
    /// `same`, `same_pinyin`, `contains` or `slip`, for JSON.
    pub fn key(self) -> &'static str {
        match self {
            Closeness::Same => "same",
            Closeness::SamePinyin => "same_pinyin",
            Closeness::Contains => "contains",
            Closeness::Slip => "slip",
        }
    }
}

/// A name made ready to compare: as written (plain) and as read in
/// pinyin. Comparing many names against many (an import against the
/// archive) makes each once.
#[derive(Debug, Clone, Default)]
pub struct Compared {
    plain: String,
    reading: String,
}

impl Compared {
    /// `name` ready to compare.
    pub fn new(name: &str, romanizer: &Romanizer) -> Compared {
        let plain = plain(name);
        let reading = romanizer.keys(&plain).full.replace(' ', "");
        Compared { plain, reading }
    }

    /// The name as compared for [`Closeness::Same`]; empty for a name of
    /// spaces and brackets only.
    pub fn plain(&self) -> &str {
        &self.plain
    }

    /// The pinyin reading compared for [`Closeness::SamePinyin`].
    pub fn reading(&self) -> &str {
        &self.reading
    }
}

/// How close `new` is to `old`, if close at all.
pub fn closeness(new: &str, old: &str, romanizer: &Romanizer) -> Option<Closeness> {
    closeness_of(&Compared::new(new, romanizer), &Compared::new(old, romanizer))
}

/// How close two prepared names are, if close at all.
pub fn closeness_of(new: &Compared, old: &Compared) -> Option<Closeness> {
    let (a, b) = (new.plain.as_str(), old.plain.as_str());
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a == b {
        return Some(Closeness::Same);
    }
    let (ra, rb) = (new.reading.as_str(), old.reading.as_str());
    if !ra.is_empty() && ra == rb {
        return Some(Closeness::SamePinyin);
    }
    // Names that differ only in their numbers (门店3, 门店12; Depot 7,
    // Depot 8) are numbered places, not one name typed twice.
    let letters = |s: &str| s.chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
    if letters(a) == letters(b) {
        return None;
    }
    // A containment of two characters or more (一 in 一汽 says nothing).
    let shorter = a.chars().count().min(b.chars().count());
    if shorter >= 2 && (a.contains(b) || b.contains(a)) {
        return Some(Closeness::Contains);
    }
    // A slip: one edit in a name of 6 characters or more, two in one of 12
    // or more (as written, or as read in pinyin).
    let allowed = |len: usize| if len >= 12 { 2 } else { usize::from(len >= 6) };
    let slip = |x: &str, y: &str| {
        let (lx, ly) = (x.chars().count(), y.chars().count());
        let most = allowed(lx.min(ly));
        most > 0 && lx.abs_diff(ly) <= most && edits(x, y, most) <= most
    };
    if slip(a, b) || (!ra.is_empty() && !rb.is_empty() && slip(ra, rb)) {
        return Some(Closeness::Slip);
    }
    None
}

/// How close, as a word: `the same pinyin`.
pub fn how_words(how: Closeness) -> &'static str {
    crate::i18n::t(match how {
        Closeness::Same => "tui.close_same",
        Closeness::SamePinyin => "tui.close_pinyin",
        Closeness::Contains => "tui.close_contains",
        Closeness::Slip => "tui.close_slip",
    })
}

/// Levenshtein distance of `a` and `b` in characters, counted up to
/// `most + 1` (names longer than 64 characters are never compared: they
/// count as far apart).
fn edits(a: &str, b: &str, most: usize) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() > 64 || b.len() > 64 {
        return most + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            row[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
        }
        if row.iter().min().is_some_and(|m| *m > most) {
            return most + 1;
        }
        prev = row;
    }
    prev[b.len()]
}

/// The warning about an existing customer `name` (short id `id`).
pub fn warning(name: &str, id: &str, how: Closeness) -> String {
    let how = how_words(how);
    crate::i18n::tf("tui.close_name", &[("name", &name), ("id", &crate::text::short_id(id)), ("how", &how)])
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
        assert_eq!(closeness("门店1", "门店12", &r), None, "numbered places");
        assert_eq!(closeness("Depot 17", "Depot 18", &r), None, "numbered places");
        assert_eq!(closeness("星辰物流", "星辰物流2部", &r), Some(Closeness::Contains));
        assert_eq!(closeness("重庆恒达", "厦门永兴", &r), None);
        assert_eq!(closeness("Harbour Medical Group", "Harbor Medical Group", &r), Some(Closeness::Slip));
        assert_eq!(closeness("Atlas Food Ltd", "Atlas Foods Ltd", &r), Some(Closeness::Slip));
        assert_eq!(closeness("Harbor Medical Grp", "Harbor Medical Group", &r), Some(Closeness::Slip));
        assert_eq!(closeness("Acme", "Acne", &r), None, "short names differ by a letter all the time");
        assert_eq!(closeness("Atlas Foods Ltd", "Delta Foods Ltd", &r), None);
        assert_eq!(closeness("", "厦门永兴", &r), None);
    }
}
