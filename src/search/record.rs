//! What search knows of one customer, as stored in the `search_key` table
//! and held by the index: the texts a rep remembers, each with its field,
//! the readings the override tables prefer, and the tie keys.
//!
//! `display` is the fields back to back, each as `\x1f`, a field code and
//! the text. `key` is `class last|overrides`: the class rank (0 for A, 1 for
//! B, 2 for C), the day of the last contact (days from the common era, 0 for
//! never), then `field.char.syllable` for each character whose preferred
//! reading is not its default (重 in 重庆 reads chong first).

use super::readings::Readings;
use crate::domain::pinyin::Romanizer;
use std::fmt::Write as _;

/// Separates fields in a record's text.
pub const SEP: char = '\u{1f}';

/// Most bytes of notes, visit logs and follow-ups kept per customer: the
/// newest first, enough for what a rep remembers, bounded for memory.
pub const OTHER_LIMIT: usize = 480;

/// Which field a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The customer's name.
    Name,
    /// A key person's name.
    Person,
    /// City.
    City,
    /// Region.
    Region,
    /// A tag.
    Tag,
    /// A phone number (the customer's or a key person's).
    Phone,
    /// An e-mail address.
    Email,
    /// Notes, visit logs and follow-ups.
    Notes,
}

impl Field {
    const ALL: [Field; 8] =
        [Field::Name, Field::Person, Field::City, Field::Region, Field::Tag, Field::Phone, Field::Email, Field::Notes];

    /// The one-letter code stored in a record.
    pub fn code(self) -> char {
        match self {
            Field::Name => 'n',
            Field::Person => 'p',
            Field::City => 'c',
            Field::Region => 'r',
            Field::Tag => 't',
            Field::Phone => 'f',
            Field::Email => 'e',
            Field::Notes => 'o',
        }
    }

    /// The field of a code.
    pub fn from_code(c: char) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == c)
    }

    /// The catalog key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            Field::Name => "search.field_name",
            Field::Person => "search.field_person",
            Field::City => "search.field_city",
            Field::Region => "search.field_region",
            Field::Tag => "search.field_tag",
            Field::Phone => "search.field_phone",
            Field::Email => "search.field_email",
            Field::Notes => "search.field_notes",
        }
    }

    /// Its English name in JSON output.
    pub fn json_name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Person => "person",
            Field::City => "city",
            Field::Region => "region",
            Field::Tag => "tag",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Notes => "notes",
        }
    }

    /// Matched by pinyin (names and places), not only as written.
    pub fn by_pinyin(self) -> bool {
        matches!(self, Field::Name | Field::Person | Field::City | Field::Region | Field::Tag)
    }
}

/// A customer's search record, ready to store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// The `key` column.
    pub key: String,
    /// The `display` column.
    pub display: String,
}

/// Build a record from the customer's texts (name first), its class rank
/// and last contact day.
pub fn build(romanizer: &Romanizer, texts: &[(Field, &str)], class: u8, last_contact: i32) -> Record {
    let readings = Readings::get();
    let mut display = String::new();
    let mut overrides = String::new();
    let mut other = 0usize;
    let mut field_no = 0usize;
    for &(field, text) in texts {
        let mut text: String =
            text.chars().map(|c| if c.is_control() || c == SEP { ' ' } else { c }).collect::<String>();
        let trimmed = text.trim();
        if trimmed.is_empty() {
            continue;
        }
        text = trimmed.to_string();
        if field == Field::Notes {
            let room = OTHER_LIMIT.saturating_sub(other);
            if room == 0 {
                continue;
            }
            if text.len() > room {
                let mut end = room;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.truncate(end);
            }
            other += text.len();
        }
        if field.by_pinyin() {
            for (i, syl) in romanizer.preferred(&text, field == Field::Person) {
                let c = text.chars().nth(i);
                let default = c.and_then(|c| readings.of(c).first().copied());
                if let Some(s) = readings.find(&syl)
                    && Some(s) != default
                {
                    if !overrides.is_empty() {
                        overrides.push(',');
                    }
                    let _ = write!(overrides, "{field_no}.{i}.{s}");
                }
            }
        }
        display.push(SEP);
        display.push(field.code());
        display.push_str(&text);
        field_no += 1;
    }
    Record { key: format!("{class} {last_contact}|{overrides}"), display }
}

/// The name in a record's display (empty when its first field is not the
/// name).
pub fn name_of(display: &str) -> &str {
    fields(display).next().filter(|(f, _)| *f == Field::Name).map_or("", |(_, t)| t)
}

/// The fields of a stored `display`: (field, text) pairs. A display from
/// before fields were stored (no separator) reads as one name field.
pub fn fields(display: &str) -> impl Iterator<Item = (Field, &str)> {
    let legacy = !display.starts_with(SEP) && !display.is_empty();
    let legacy_part = legacy.then_some((Field::Name, display));
    legacy_part.into_iter().chain(display.split(SEP).filter_map(move |part| {
        if legacy {
            return None;
        }
        let mut chars = part.chars();
        let field = Field::from_code(chars.next()?)?;
        Some((field, chars.as_str()))
    }))
}

/// The tie keys and overrides of a stored `key`.
pub fn parse_key(key: &str) -> (u8, i32, Vec<(u16, u16, u16)>) {
    let (ties, overrides) = key.split_once('|').unwrap_or((key, ""));
    let mut it = ties.split_whitespace();
    let class = it.next().and_then(|v| v.parse().ok()).unwrap_or(3);
    let last = it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut preferred = Vec::new();
    overrides_into(overrides, &mut preferred);
    (class, last, preferred)
}

/// The overrides part of a stored `key` (after `|`) into `out` (reused:
/// no allocation per customer while searching).
pub fn overrides_into(overrides: &str, out: &mut Vec<(u16, u16, u16)>) {
    out.clear();
    if overrides.is_empty() {
        return;
    }
    out.extend(overrides.split(',').filter_map(|o| {
        let mut p = o.split('.');
        Some((p.next()?.parse().ok()?, p.next()?.parse().ok()?, p.next()?.parse().ok()?))
    }));
}

/// The record of a customer known only by name (a deleted one in the list).
pub fn name_only(romanizer: &Romanizer, name: &str) -> Record {
    build(romanizer, &[(Field::Name, name)], 3, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_overrides_round_trip() {
        let r = Romanizer::default();
        let rec = build(
            &r,
            &[
                (Field::Name, "重庆恒达"),
                (Field::City, ""),
                (Field::Person, "曾\u{1f}国强"),
                (Field::Phone, "138 0000"),
            ],
            1,
            739_000,
        );
        let f: Vec<_> = fields(&rec.display).collect();
        assert_eq!(f, [(Field::Name, "重庆恒达"), (Field::Person, "曾 国强"), (Field::Phone, "138 0000")]);
        let (class, last, over) = parse_key(&rec.key);
        assert_eq!((class, last), (1, 739_000));
        let readings = Readings::get();
        let text = |(f, c, s): (u16, u16, u16)| (f, c, readings.syllable(s).to_string());
        let over: Vec<_> = over.into_iter().map(text).collect();
        // 重 in 重庆 reads chong (not its default zhong); 曾 as a surname zeng.
        assert!(over.contains(&(0, 0, "chong".to_string())), "{over:?}");
        assert!(over.contains(&(1, 0, "zeng".to_string())), "{over:?}");
    }

    #[test]
    fn notes_are_bounded_and_legacy_rows_read_as_names() {
        let r = Romanizer::default();
        let long = "催".repeat(400);
        let rec = build(&r, &[(Field::Name, "a"), (Field::Notes, &long), (Field::Notes, "more")], 2, 0);
        let notes: Vec<_> = fields(&rec.display).filter(|(f, _)| *f == Field::Notes).collect();
        assert_eq!(notes.len(), 1);
        assert!(notes[0].1.len() <= OTHER_LIMIT);
        assert_eq!(fields("重庆 重庆").collect::<Vec<_>>(), [(Field::Name, "重庆 重庆")]);
        assert_eq!(parse_key("garbage"), (3, 0, Vec::new()));
    }
}
