//! Visit preparation templates by purpose and language (`assets/templates.toml`,
//! overridable by the user's `templates.toml`).

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
    /// The built-in templates, then the user's file over them if it exists.
    pub fn load(user: Option<&Path>) -> Result<Templates> {
        let mut by_lang = parse(include_str!("../../assets/templates.toml"), Path::new("assets/templates.toml"))?;
        if let Some(path) = user.filter(|p| p.exists()) {
            let text =
                std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
            for (lang, purposes) in parse(&text, path)? {
                let known = super::schema::PURPOSES;
                for (purpose, fields) in purposes {
                    if !known.contains(&purpose.as_str()) {
                        return Err(Error::Config {
                            path: path.to_path_buf(),
                            line: text.lines().position(|l| l.contains(&purpose)).map(|i| i + 1),
                            message: format!("unknown purpose `{purpose}`, expected one of {}", known.join(", ")),
                        });
                    }
                    let slot = by_lang.entry(lang.clone()).or_default().entry(purpose).or_default();
                    slot.extend(fields);
                }
            }
        }
        Ok(Templates { by_lang })
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

/// The user's templates file beside the config file.
pub fn user_path() -> Option<std::path::PathBuf> {
    crate::config::default_path().and_then(|p| p.parent().map(|d| d.join("templates.toml")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_purpose_has_a_template_with_a_goal_in_both_languages() {
        let t = Templates::load(None).unwrap();
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
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("templates.toml");
        std::fs::write(&path, "[zh-CN.collect_payment]\ngoal = \"本月回款\"\n").unwrap();
        let t = Templates::load(Some(&path)).unwrap();
        assert_eq!(t.fill(Lang::ZhCn, &["collect_payment"], "goal").as_deref(), Some("本月回款"));
        assert!(t.fill(Lang::ZhCn, &["collect_payment"], "materials").is_some(), "other fields stay");
        std::fs::write(&path, "[en.sell_cars]\ngoal = \"x\"\n").unwrap();
        let err = Templates::load(Some(&path)).unwrap_err();
        assert!(err.to_string().contains("sell_cars"), "{err}");
    }
}
