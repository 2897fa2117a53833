//! Text as the archive keeps it: no control characters, no bidi overrides,
//! NFC (issue 8 §2, DESIGN.md §7).
//!
//! A name is shown on terminals, in calendars and in files other programs
//! read. A value holding ESC, BEL, a C1 control or a bidi override can
//! retitle a terminal, make it type into the shell, write the clipboard
//! (OSC 52) or show "Acme" for a name that reads otherwise. So text is
//! cleaned where it enters the store ([`clean_values`], called by the
//! store's one write path), and [`is_unsafe`] is also what
//! `text::for_terminal` escapes when printing data stored before.

use super::fields::{Kind, Value};
use super::schema::Table;
use crate::error::{Error, Result};
use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_width::UnicodeWidthChar;

/// True for a character no stored text may hold: C0 controls (the caller
/// decides about `\n` and `\t`), DEL, C1 controls, the bidi embeddings,
/// overrides, isolates and marks, the deprecated format controls, the
/// interlinear annotation controls and the byte-order mark.
///
/// Zero-width joiners and non-joiners stay: emoji sequences and Persian or
/// Indic words need them ([`has_visible`] keeps them from being a name).
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Arabic letter mark, left-to-right and right-to-left marks.
        | '\u{61c}' | '\u{200e}' | '\u{200f}'
        // Line and paragraph separators (made newlines or spaces below).
        | '\u{2028}' | '\u{2029}'
        // Bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO).
        | '\u{202a}'..='\u{202e}'
        // Bidi isolates (LRI, RLI, FSI, PDI) and deprecated format controls.
        | '\u{2066}'..='\u{206f}'
        // Interlinear annotation controls and the byte-order mark.
        | '\u{fff9}'..='\u{fffb}' | '\u{feff}'
        // Tag characters: invisible ASCII look-alikes ("ASCII smuggling").
        | '\u{e0000}'..='\u{e007f}'
    )
}

/// What a line break becomes: kept in multi-line text, a space otherwise.
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Clean `s` for the archive. NFC; `\r\n`, a lone `\r` and the Unicode line
/// and paragraph separators become `\n`; in `multiline` text (a
/// [`Kind::Long`] field) newlines and tabs stay, in one-line text each
/// becomes a space; every other character [`is_unsafe`] is dropped.
pub fn clean_text(s: &str, multiline: bool) -> String {
    clean(s, multiline).into_owned()
}

/// [`clean_text`], borrowing when there is nothing to clean (the common
/// case: a write does not copy its text).
pub fn clean(s: &str, multiline: bool) -> Cow<'_, str> {
    let keep = |c: char| !is_unsafe(c) || (multiline && matches!(c, '\n' | '\t'));
    if s.chars().all(keep) && is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_break(c) {
            out.push(if multiline { '\n' } else { ' ' });
        } else if c == '\t' {
            out.push(if multiline { '\t' } else { ' ' });
        } else if !is_unsafe(c) {
            out.push(c);
        }
    }
    // Normalise after dropping: a mark that followed a dropped control may
    // now compose with the character before it.
    Cow::Owned(out.nfc().collect())
}

/// True when `c` shows nothing by itself: white space, zero-width and
/// default-ignorable characters (U+200B–U+200D, U+2060, U+FEFF, variation
/// selectors), combining marks, controls, and the blank "letters" (Hangul
/// fillers, the braille blank) that spoofed names use.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || is_unsafe(c)
        || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
        || matches!(c, '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}' | '\u{2800}' | '\u{34f}')
        || unicode_normalization::char::is_combining_mark(c)
        || c.width().is_none_or(|w| w == 0)
}

/// True when `s` has at least one character that shows.
pub fn has_visible(s: &str) -> bool {
    !s.chars().all(is_invisible)
}

/// Clean every text value of a write to `table` (the store's entry, so no
/// face can bypass it): [`clean`] each text, multi-line only in
/// [`Kind::Long`] fields, and refuse a required text field (a name) left
/// empty or made only of invisible characters, in one sentence that says
/// what to do. Borrows when nothing changes.
pub fn clean_values<'v>(
    table: &Table,
    values: &'v [(&'static str, Value)],
) -> Result<Cow<'v, [(&'static str, Value)]>> {
    let mut out = Cow::Borrowed(values);
    for (i, (field, value)) in values.iter().enumerate() {
        let Value::Text(text) = value else { continue };
        // An unknown field is refused by the store's own check.
        let Some(spec) = table.field(field) else { continue };
        let cleaned = clean(text, spec.kind == Kind::Long);
        if spec.required && matches!(spec.kind, Kind::Text | Kind::Long) && !has_visible(&cleaned) {
            return Err(Error::invalid("error.invisible_text", &[("field", &spec.label())]));
        }
        if let Cow::Owned(c) = cleaned {
            out.to_mut()[i].1 = Value::Text(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_dropped_and_breaks_follow_the_field() {
        assert_eq!(clean_text("\u{1b}]0;TITLE\u{7}Acme", false), "]0;TITLEAcme");
        assert_eq!(clean_text("A\u{9b}6n\u{202e}cme\u{2066}\u{200f}", false), "A6ncme");
        assert_eq!(clean_text("a\r\nb\rc\u{2028}d\te", false), "a b c d e");
        assert_eq!(clean_text("a\r\nb\rc\u{2028}d\te\u{7f}", true), "a\nb\nc\nd\te");
        assert_eq!(clean_text("Cafe\u{301}", false), "Caf\u{e9}");
        // Tag characters spell hidden ASCII: dropped.
        assert_eq!(clean_text("Tag \u{e0041}\u{e0042} Co\u{e007f}", false), "Tag  Co");
        // A mark after a dropped control composes once the control is gone.
        assert_eq!(clean_text("e\u{1b}\u{301}", false), "\u{e9}");
        // Joiners stay: emoji sequences and scripts need them.
        assert_eq!(clean_text("👩\u{200d}💻", false), "👩\u{200d}💻");
        assert!(matches!(clean("华南 Acme", false), Cow::Borrowed(_)));
    }

    #[test]
    fn invisible_only_text_has_nothing_visible() {
        for s in ["", "  ", "\u{200b}\u{200c}\u{200d}", "\u{feff}\u{2060}", "\u{301}\u{302}", "\u{3164}", "\u{fe0f}"] {
            assert!(!has_visible(s), "{s:?}");
        }
        for s in ["a", "\u{200b}王", "·", "🙂"] {
            assert!(has_visible(s), "{s:?}");
        }
    }

    #[test]
    fn a_required_name_made_of_invisible_characters_is_refused() {
        use crate::domain::schema::CUSTOMER;
        let values = [("name", Value::Text("\u{200b}\u{1b}\u{202e}".into()))];
        let err = clean_values(&CUSTOMER, &values).err().map(|e| e.exit_code());
        assert_eq!(err, Some(2));
        let values = [("name", Value::Text("Acme\u{7}".into())), ("city", Value::Text("Xi'an".into()))];
        let cleaned = clean_values(&CUSTOMER, &values).ok();
        assert_eq!(cleaned.as_deref().map(|v| v[0].1.clone()), Some(Value::Text("Acme".into())));
    }
}
