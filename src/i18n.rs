//! Message catalogs for `en` and `zh-CN`, embedded from `assets/i18n/`.
//!
//! A small loader of our own rather than fluent or rust-i18n: two languages,
//! `{name}` placeholders, nothing to download at run time, and a test that the
//! catalogs hold the same keys. The active language is set once
//! at start-up from `--lang`, the config, or the system locale, for the
//! thread that shows text.

use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;

/// A user-interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese.
    ZhCn,
}

impl Lang {
    /// Parse a language tag such as `en`, `zh-CN`, `zh_CN.UTF-8` or `auto`.
    /// `auto` (and an empty tag) yields `None`: the caller asks the locale.
    pub fn parse(tag: &str) -> Result<Option<Lang>, String> {
        let t = tag.trim().to_ascii_lowercase().replace('_', "-");
        if t.is_empty() || t == "auto" {
            return Ok(None);
        }
        if t.starts_with("zh") {
            Ok(Some(Lang::ZhCn))
        } else if t.starts_with("en") || t == "c" || t == "posix" {
            Ok(Some(Lang::En))
        } else {
            Err(tag.to_string())
        }
    }

    /// The language of the system locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return match Lang::parse(&v) {
                    Ok(Some(l)) => l,
                    _ => Lang::En,
                };
            }
        }
        Lang::En
    }

    /// The tag written in files and JSON.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }
}

thread_local! {
    // Per thread: the app renders on one thread, and tests in parallel
    // threads can each render in their own language.
    static ACTIVE: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::En) };
}

/// Make `lang` the language of every following message on this thread.
pub fn set_lang(lang: Lang) {
    ACTIVE.with(|a| a.set(lang));
}

/// The active language of this thread.
pub fn lang() -> Lang {
    ACTIVE.with(std::cell::Cell::get)
}

/// The embedded catalog source for a language.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../assets/i18n/en.toml"),
        Lang::ZhCn => include_str!("../assets/i18n/zh-CN.toml"),
    }
}

/// Flatten a catalog into `section.key` → text.
pub fn parse_catalog(src: &str) -> Result<HashMap<String, String>, String> {
    fn walk(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) -> Result<(), String> {
        for (k, v) in table {
            let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            match v {
                toml::Value::String(s) => {
                    out.insert(key, s.clone());
                }
                toml::Value::Table(t) => walk(&key, t, out)?,
                _ => return Err(format!("catalog key {key} is not text")),
            }
        }
        Ok(())
    }
    let table: toml::Table = toml::from_str(src).map_err(|e| e.to_string())?;
    let mut out = HashMap::new();
    walk("", &table, &mut out)?;
    Ok(out)
}

fn catalog(lang: Lang) -> &'static HashMap<String, String> {
    static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
    static ZH: OnceLock<HashMap<String, String>> = OnceLock::new();
    let cell = match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH,
    };
    // A broken embedded catalog is caught by the catalog tests; at run time it
    // degrades to showing keys rather than crashing.
    cell.get_or_init(|| parse_catalog(source(lang)).unwrap_or_default())
}

/// The text for `key` in `lang`, if the catalog has it.
pub fn lookup_in(lang: Lang, key: &str) -> Option<&'static str> {
    catalog(lang).get(key).map(String::as_str)
}

/// The text for `key` in the active language, falling back to English.
pub fn lookup(key: &str) -> Option<&'static str> {
    lookup_in(lang(), key).or_else(|| lookup_in(Lang::En, key))
}

/// The text for `key` in the active language (English, then the key itself,
/// as fallbacks).
pub fn t(key: &str) -> &str {
    lookup(key).unwrap_or(key)
}

/// The text for `key` with `{name}` placeholders filled in. When a
/// `{count}` of exactly 1 is given and the catalog has `{key}_one`, that
/// text is used: "1 customer", not "1 customers" (Chinese counts the same
/// either way, with its measure word, so its `_one` reads as the other).
pub fn tf(key: &str, args: &[(&str, &dyn Display)]) -> String {
    let one = args.iter().any(|(name, value)| *name == "count" && value.to_string() == "1");
    let singular = format!("{key}_one");
    let key = if one && lookup(&singular).is_some() { singular.as_str() } else { key };
    let mut s = t(key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), &value.to_string());
    }
    s
}

/// Between the items of a list in the active language: `, ` / `、`.
pub fn list_separator() -> &'static str {
    t("clap.list_separator")
}

/// Between clauses (things said one after another): `; ` / `；`.
pub fn clause_separator() -> &'static str {
    t("clap.clause_separator")
}

/// The label of an enumerated field value, e.g. `enum.kind.dealer`.
pub fn enum_label(field: &str, value: &str) -> String {
    lookup(&format!("enum.{field}.{value}")).unwrap_or(value).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_of_one_takes_the_singular_text() {
        set_lang(Lang::En);
        assert_eq!(tf("cli.overview", &[("path", &"a"), ("count", &1)]), "Archive a: 1 customer.");
        assert_eq!(tf("cli.overview", &[("path", &"a"), ("count", &2)]), "Archive a: 2 customers.");
        assert_eq!(tf("cli.count", &[("count", &1)]), "1 shown.", "no _one: the text as it is");
        set_lang(Lang::ZhCn);
        assert_eq!(tf("cli.overview", &[("path", &"a"), ("count", &1)]), "档案 a：共 1 家客户。");
        set_lang(Lang::En);
    }

    #[test]
    fn both_catalogs_parse_and_hold_the_same_keys() {
        let en = parse_catalog(source(Lang::En)).expect("en parses");
        let zh = parse_catalog(source(Lang::ZhCn)).expect("zh-CN parses");
        let mut missing_zh: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
        let mut missing_en: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
        missing_zh.sort();
        missing_en.sort();
        assert!(missing_zh.is_empty(), "missing in zh-CN: {missing_zh:?}");
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        for (k, v) in &en {
            let placeholders = |s: &str| {
                let mut p: Vec<String> =
                    s.split('{').skip(1).filter_map(|x| x.split('}').next().map(str::to_string)).collect();
                p.sort();
                p
            };
            assert_eq!(placeholders(v), placeholders(&zh[k]), "placeholders differ for {k}");
        }
    }

    #[test]
    fn language_tags_parse() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Ok(Some(Lang::ZhCn)));
        assert_eq!(Lang::parse("en-US"), Ok(Some(Lang::En)));
        assert_eq!(Lang::parse("auto"), Ok(None));
        assert!(Lang::parse("klingon").is_err());
    }
}
