//! Choice fields read loosely: a stored value, its label in either
//! language, or the label's bracketed abbreviation, whatever the case,
//! brackets and spaces. The CLI's flags and the interface's forms both read
//! choices through [`choice`].

use unicode_normalization::UnicodeNormalization;

/// The text a choice is compared by: NFKC-folded (full-width brackets and
/// letters become ASCII), lower-cased, without spaces, `_`, `-` or
/// brackets. `经济决策者（EB）`, `经济决策者(eb)` and `经济决策者 EB` fold the
/// same; so do `economic_buyer` and `Economic Buyer`.
fn choice_key(s: &str) -> String {
    s.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '(' | ')' | '[' | ']' | '【' | '】'))
        .collect()
}

/// The value of a choice field (`values` of field `field`) that `typed`
/// names, loosely: the stored value (`economic_buyer`), its label in either
/// language with or without the bracketed abbreviation (`经济决策者（EB）`,
/// `经济决策者`, `economic buyer`), or that abbreviation alone (`EB`), in any
/// case, with full-width or ASCII brackets and spaces. `None` when nothing
/// or more than one value matches. The CLI's flags and the interface's
/// forms both read choices with this (through [`FieldSpec::parse`]).
pub fn choice(field: &str, values: &'static [&'static str], typed: &str) -> Option<&'static str> {
    use crate::i18n::{Lang, lookup_in};
    let want = choice_key(typed);
    if want.is_empty() {
        return None;
    }
    let names = |v: &str| {
        let mut out = vec![choice_key(v)];
        for lang in [Lang::En, Lang::ZhCn] {
            let Some(label) = lookup_in(lang, &format!("enum.{field}.{v}")) else { continue };
            let label: String = label.nfkc().collect();
            out.push(choice_key(&label));
            if let Some((name, rest)) = label.split_once('(') {
                out.push(choice_key(name));
                out.push(choice_key(rest.trim_end_matches(')')));
            }
        }
        out
    };
    match only(values.iter().filter(|v| names(v).contains(&want))) {
        Found::One(v) => return Some(v),
        Found::Several => return None,
        Found::None => {}
    }
    // Part of one label only: `电话` for 电话回访, `决策者` for 经济决策者,
    // `deal` for dealer. Chinese anywhere in the label, Latin letters at its
    // start; two characters at least, and never when two values share it.
    if want.chars().count() < 2 {
        return None;
    }
    let part = |key: &String| if want.is_ascii() { key.starts_with(&want) } else { key.contains(&want) };
    match only(values.iter().filter(|v| names(v).iter().any(part))) {
        Found::One(v) => Some(v),
        Found::Several | Found::None => None,
    }
}

/// What a search of the values found.
enum Found {
    One(&'static str),
    /// Several: no guess is made.
    Several,
    None,
}

fn only<'a>(mut found: impl Iterator<Item = &'a &'static str>) -> Found {
    match (found.next(), found.next()) {
        (Some(v), None) => Found::One(v),
        (Some(_), Some(_)) => Found::Several,
        (None, _) => Found::None,
    }
}

/// The values a choice field takes, as the user reads them: the stored
/// values in English (`end_customer, dealer, …`), the labels in Chinese
/// (`终端客户、经销商、…`). Help and errors list choices with this; either
/// form is accepted ([`choice`]).
pub fn choices_text(field: &str, values: &[&str]) -> String {
    match crate::i18n::lang() {
        crate::i18n::Lang::En => values.join(", "),
        crate::i18n::Lang::ZhCn => {
            values.iter().map(|v| crate::i18n::enum_label(field, v)).collect::<Vec<_>>().join("、")
        }
    }
}
