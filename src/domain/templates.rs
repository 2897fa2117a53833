//! Visit preparation templates by purpose and language (`assets/templates.toml`,
//! overridable by the user's `templates.toml`, which `config` reads).

use crate::error::{Error, Result};
use crate::i18n::Lang;
use std::collections::BTreeMap;
use std::path::Path;

/// Plan fields a template may fill, in form order.
pub const FIELDS: [&str; 8] =
    ["goal", "materials", "opening", "questions", "benefits", "objections_expected", "commitment_ask", "precall"];

type ByPurpose = BTreeMap<String, BTreeMap<String, String>>;

/// Templates per language, purpose and field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Templates {
    by_lang: BTreeMap<String, ByPurpose>,
}

fn parse(text: &str, path: &Path) -> Result<BTreeMap<String, ByPurpose>> {
    toml::from_str(text).map_err(|e| Error::Config {
        path: path.to_path_buf(),
        line: e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1),
        message: e.message().trim().to_string(),
    })
}

impl Templates {
    /// The built-in templates (`assets/templates.toml`).
    pub fn builtin() -> Result<Templates> {
        let by_lang = parse(include_str!("../../assets/templates.toml"), Path::new("assets/templates.toml"))?;
        Ok(Templates { by_lang })
    }

    /// The built-in templates with the user's file over them: `text` is
    /// the file's content (read by the caller; the domain reads no files),
    /// `path` names it in errors.
    pub fn with_user(text: &str, path: &Path) -> Result<Templates> {
        let mut t = Templates::builtin()?;
        for (lang, purposes) in parse(text, path)? {
            let known = super::schema::PURPOSES;
            for (purpose, fields) in purposes {
                if !known.contains(&purpose.as_str()) {
                    return Err(Error::Config {
                        path: path.to_path_buf(),
                        line: text.lines().position(|l| l.contains(&purpose)).map(|i| i + 1),
                        message: format!("unknown purpose `{purpose}`, expected one of {}", known.join(", ")),
                    });
                }
                let slot = t.by_lang.entry(lang.clone()).or_default().entry(purpose).or_default();
                slot.extend(fields);
            }
        }
        Ok(t)
    }

    /// The plan fields a template fills for `purposes` in `lang`, among
    /// those `is_empty` says the user left empty — what the CLI's
    /// `--template` and the interface's Ctrl-T both write.
    pub fn fill_missing(
        &self,
        lang: Lang,
        purposes: &[&str],
        is_empty: impl Fn(&str) -> bool,
    ) -> Vec<(&'static str, String)> {
        FIELDS
            .iter()
            .filter(|f| is_empty(f))
            .filter_map(|f| self.fill(lang, purposes, f).map(|text| (*f, text)))
            .collect()
    }

    /// What the templates of `purposes` say for `field` in `lang`: each
    /// purpose's text, joined, without repeats.
    pub fn fill(&self, lang: Lang, purposes: &[&str], field: &str) -> Option<String> {
        let by_purpose = self.by_lang.get(lang.tag()).or_else(|| self.by_lang.get("en"))?;
        let mut parts: Vec<&str> = Vec::new();
        for p in purposes {
            if let Some(text) = by_purpose.get(*p).and_then(|f| f.get(field))
                && !parts.contains(&text.as_str())
            {
                parts.push(text);
            }
        }
        (!parts.is_empty()).then(|| parts.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_purpose_has_a_template_with_a_goal_in_both_languages() {
        let t = Templates::builtin().unwrap();
        for p in super::super::schema::PURPOSES {
            for lang in [Lang::En, Lang::ZhCn] {
                let goal = t.fill(lang, &[p], "goal");
                assert!(goal.is_some_and(|g| !g.is_empty()), "{p} {lang:?}");
            }
        }
        let both = t.fill(Lang::ZhCn, &["collect_payment", "push_order"], "materials").unwrap();
        assert!(both.contains("对账单") && both.contains("价目表"), "{both}");
    }

    #[test]
    fn the_users_file_overrides_and_is_checked() {
        let path = Path::new("templates.toml");
        let t = Templates::with_user("[zh-CN.collect_payment]\ngoal = \"本月回款\"\n", path).unwrap();
        assert_eq!(t.fill(Lang::ZhCn, &["collect_payment"], "goal").as_deref(), Some("本月回款"));
        assert!(t.fill(Lang::ZhCn, &["collect_payment"], "materials").is_some(), "other fields stay");
        let err = Templates::with_user("[en.sell_cars]\ngoal = \"x\"\n", path).unwrap_err();
        assert!(err.to_string().contains("sell_cars"), "{err}");
    }

    #[test]
    fn only_the_fields_left_empty_are_filled() {
        let t = Templates::builtin().unwrap();
        let filled = t.fill_missing(Lang::En, &["collect_payment"], |f| f != "goal");
        assert!(filled.iter().all(|(f, _)| *f != "goal"), "the user's goal wins");
        assert!(filled.iter().any(|(f, _)| *f == "materials"));
    }
}
