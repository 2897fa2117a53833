//! User configuration: `config.example.toml` is embedded and is the default;
//! the user's file overrides any key of it.

pub mod keys;

use crate::domain::cadence::{Norm, Rate};
use crate::domain::classify::Tier;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The embedded example, which documents every key with its default.
pub const EXAMPLE: &str = include_str!("../config.example.toml");

/// Everything the user can configure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `auto`, `en` or `zh-CN`.
    pub language: String,
    /// Currency sign shown before amounts.
    pub currency: String,
    /// Contact norms per tier.
    pub cadence: Cadence,
    /// Search settings.
    pub search: Search,
    /// Terminal interface settings.
    pub ui: Ui,
    /// Automatic backups.
    pub backup: Backup,
    /// The sales funnel.
    pub funnel: Funnel,
    /// Sync by change files.
    pub sync: SyncConfig,
    /// The calendar file kept current, and its alarms.
    pub calendar: CalendarFile,
    /// Key bindings by action name; an action listed here gets exactly
    /// these keys instead of its defaults. Names are checked on load
    /// ([`keys::check`]); the interface turns them into its own types.
    pub keys: BTreeMap<String, Vec<String>>,
    /// The file this configuration was read from (`None`: the defaults).
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

/// Automatic backups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Backup {
    /// How many daily backups to keep beside the archive (0: make none).
    pub keep: usize,
}

/// Sync by change files (issue 11).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SyncConfig {
    /// The sync folder `repbook sync dir` uses when given none (a leading
    /// `~/` is the home folder).
    pub dir: Option<PathBuf>,
    /// Encrypt the files folder sync writes with a passphrase (age);
    /// encrypted files of other devices are read either way.
    pub encrypt: bool,
}

impl Default for Backup {
    fn default() -> Self {
        Self { keep: crate::store::DAILY_KEPT }
    }
}

/// The sales funnel (销售漏斗).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Funnel {
    /// The stages an opportunity moves through, in order; empty: the
    /// buying process of DOMAIN.md §3 in the user's language.
    pub stages: Vec<String>,
}

impl Funnel {
    /// The stages in force (checked when the config is read).
    pub fn stages(&self) -> crate::domain::opportunity::Stages {
        crate::domain::opportunity::Stages::new(&self.stages).unwrap_or_default()
    }
}

/// `[calendar]`: a calendar file (`ics = PATH`) rewritten after every
/// command and interface session that changed the archive, for a calendar
/// app that subscribes to it; and the alarms it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarFile {
    /// The file to keep current (`None`: none).
    pub ics: Option<PathBuf>,
    /// Minutes before a timed visit to remind; 0 writes no alarms.
    pub alarm_minutes: u32,
}

impl Default for CalendarFile {
    fn default() -> Self {
        Self { ics: None, alarm_minutes: 30 }
    }
}

/// Terminal interface settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ui {
    /// Mouse wheel and clicks (toggle at run time with `m`). Off by
    /// default, so the terminal selects and copies text as usual.
    pub mouse: bool,
}

/// Contact norms per tier. A tier's table may set only one of its norms
/// (`[cadence.C] calls = …`): the other keeps the shipped default.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(non_snake_case)]
pub struct Cadence {
    /// Class A, grade 1.
    pub A1: Norm,
    /// Class A, grade 2.
    pub A2: Norm,
    /// Class B, grade 1.
    pub B1: Norm,
    /// Class B, grade 2.
    pub B2: Norm,
    /// Class C.
    pub C: Norm,
}

/// One tier's table as written: either norm may be left out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TierNorms {
    calls: Option<Rate>,
    visits: Option<Rate>,
}

/// `[cadence]` as written: any tier may be left out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)]
struct CadenceFile {
    A1: Option<TierNorms>,
    A2: Option<TierNorms>,
    B1: Option<TierNorms>,
    B2: Option<TierNorms>,
    C: Option<TierNorms>,
}

impl<'de> Deserialize<'de> for Cadence {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let file = CadenceFile::deserialize(d)?;
        let mut out = Cadence::default();
        for (written, norm) in [
            (file.A1, &mut out.A1),
            (file.A2, &mut out.A2),
            (file.B1, &mut out.B1),
            (file.B2, &mut out.B2),
            (file.C, &mut out.C),
        ] {
            if let Some(w) = written {
                norm.calls = w.calls.unwrap_or(norm.calls);
                norm.visits = w.visits.unwrap_or(norm.visits);
            }
        }
        Ok(out)
    }
}

impl Cadence {
    /// The norm for a tier.
    pub fn norm(&self, tier: Tier) -> Norm {
        match tier {
            Tier::A1 => self.A1,
            Tier::A2 => self.A2,
            Tier::B1 => self.B1,
            Tier::B2 => self.B2,
            Tier::C => self.C,
        }
    }
}

fn norm(calls: (u32, u32), visits: (u32, u32)) -> Norm {
    Norm {
        calls: Rate { count: calls.0, period_days: calls.1 },
        visits: Rate { count: visits.0, period_days: visits.1 },
    }
}

impl Default for Cadence {
    fn default() -> Self {
        Self {
            A1: norm((2, 7), (4, 30)),
            A2: norm((1, 7), (3, 30)),
            B1: norm((1, 7), (2, 30)),
            B2: norm((1, 14), (1, 30)),
            C: norm((1, 14), (1, 91)),
        }
    }
}

/// Search settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Search {
    /// Most hits printed by `repbook search`.
    pub limit: usize,
    /// Extra pinyin readings: word → space-separated syllables.
    pub pinyin: BTreeMap<String, String>,
}

impl Default for Search {
    fn default() -> Self {
        Self { limit: 20, pinyin: BTreeMap::new() }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            language: "auto".into(),
            currency: "¥".into(),
            cadence: Cadence::default(),
            search: Search::default(),
            ui: Ui::default(),
            backup: Backup::default(),
            funnel: Funnel::default(),
            sync: SyncConfig::default(),
            calendar: CalendarFile::default(),
            keys: BTreeMap::new(),
            file: None,
        }
    }
}

impl Config {
    /// Parse config text; errors name `path` and the line.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let cfg: Config = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            line: e.span().map(|s| line_at(text, s.start)),
            message: explain(e.message()),
        })?;
        if let Err(tag) = crate::i18n::Lang::parse(&cfg.language) {
            return Err(Error::Config {
                path: path.to_path_buf(),
                line: line_of_key(text, &["language"]),
                message: crate::i18n::tf("config.bad_language", &[("value", &tag)]),
            });
        }
        if cfg.search.limit == 0 {
            return Err(Error::Config {
                path: path.to_path_buf(),
                line: line_of_key(text, &["search", "limit"]),
                message: crate::i18n::t("error.config_limit_zero").to_string(),
            });
        }
        if let Err(message) = crate::domain::opportunity::Stages::new(&cfg.funnel.stages) {
            return Err(Error::Config {
                path: path.to_path_buf(),
                line: line_of_key(text, &["funnel", "stages"]).or_else(|| line_of_key(text, &["funnel"])),
                message,
            });
        }
        if let Err((action, message)) = keys::check(&cfg.keys) {
            // The action's own line, however it is written (under [keys],
            // as keys.quit or in an inline table).
            let line = line_of_key(text, &["keys", action.as_str()]).or_else(|| line_of_key(text, &["keys"]));
            return Err(Error::Config { path: path.to_path_buf(), line, message });
        }
        Ok(cfg)
    }

    /// Load from an explicit path (which must exist), else from the default
    /// location if a file is there, else the defaults.
    pub fn load(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>)> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match default_path() {
                Some(p) if p.exists() => p,
                _ => return Ok((Config::default(), None)),
            },
        };
        let bytes = std::fs::read(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
        // Not text at all is bad input (exit 2), not a failure to read.
        let text = String::from_utf8(bytes).map_err(|e| Error::Config {
            path: path.clone(),
            line: Some(e.as_bytes().iter().take(e.utf8_error().valid_up_to()).filter(|b| **b == b'\n').count() + 1),
            message: crate::i18n::t("error.config_not_text").to_string(),
        })?;
        let mut config = Config::parse(&text, &path)?;
        config.file = Some(path.clone());
        Ok((config, Some(path)))
    }
}

/// What the TOML reader said, in the user's language: the kinds of fault a
/// hand-written config has (an unknown key, a value of the wrong type, a
/// line that is not TOML) get a sentence of their own; anything else keeps
/// the reader's words.
fn explain(message: &str) -> String {
    use crate::i18n::{t, tf};
    let message = message.trim();
    // The reader quotes a value in backticks, a string value in quotes.
    let quoted =
        |s: &str| s.split('`').nth(1).or_else(|| s.split('"').nth(1)).map_or_else(String::new, |v| format!("\"{v}\""));
    let expected_word = |s: &str| -> String {
        let e = s.rsplit("expected ").next().unwrap_or("");
        let key = if e.contains("string") {
            "config.expect_text"
        } else if e.contains("bool") {
            "config.expect_bool"
        } else if e.contains("usize")
            || e.contains("u32")
            || e.contains("u64")
            || e.contains("integer")
            || e.contains("i64")
        {
            "config.expect_number"
        } else if e.contains("sequence") || e.contains("array") {
            "config.expect_list"
        } else if e.contains("map") || e.contains("table") || e.contains("struct") {
            "config.expect_table"
        } else {
            return String::new();
        };
        t(key).to_string()
    };
    if message.starts_with("unknown field") {
        return tf("config.unknown_key", &[("key", &quoted(message))]);
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let expected = expected_word(message);
        if !expected.is_empty() {
            return tf("config.wrong_type", &[("value", &quoted(message)), ("expected", &expected)]);
        }
    }
    if message.starts_with("missing field") {
        return tf("config.missing_key", &[("key", &quoted(message))]);
    }
    if crate::i18n::lang() == crate::i18n::Lang::En {
        return message.to_string();
    }
    // Anything else the TOML reader found is a line it cannot read.
    t("config.not_toml").to_string()
}

/// The 1-based line of byte offset `at` in `text` (bytes, not a string
/// slice: an offset inside a character must not panic).
fn line_at(text: &str, at: usize) -> usize {
    text.bytes().take(at).filter(|b| *b == b'\n').count() + 1
}

/// The line where the key at `path` is written, found by parsing rather
/// than by matching text, so quoted, dotted and inline keys are found too.
fn line_of_key(text: &str, path: &[&str]) -> Option<usize> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let mut table = root.get_ref();
    let mut at = None;
    for (i, key) in path.iter().enumerate() {
        let (k, v) = table.iter().find(|(k, _)| k.get_ref() == key)?;
        at = Some(k.span().start);
        if i + 1 < path.len() {
            table = v.get_ref().as_table()?;
        }
    }
    at.map(|at| line_at(text, at))
}

/// The user's visit templates file, beside the config file.
pub fn templates_path() -> Option<PathBuf> {
    default_path().and_then(|p| p.parent().map(|d| d.join("templates.toml")))
}

/// The visit templates: the built-in ones, with the user's file over them
/// when there is one (the domain parses; reading the file happens here).
pub fn load_templates() -> Result<crate::domain::templates::Templates> {
    use crate::domain::templates::Templates;
    match templates_path().filter(|p| p.exists()) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
            Templates::with_user(&text, &path)
        }
        None => Templates::builtin(),
    }
}

/// `~/.config/repbook/config.toml` (or the platform's equivalent).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "repbook").map(|d| d.config_dir().join("config.toml"))
}

#[cfg(test)]
mod tests;
