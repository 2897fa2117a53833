//! clap's own messages in the user's language: a usage error (an unknown
//! flag, a missing argument, a bad value) is written from the catalogs with
//! what clap found, never in clap's English; help and usage lines have
//! their placeholders (`[OPTIONS]`, `<COMMAND>`) in the user's language too.

use crate::i18n::{t, tf};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::fmt::Write as _;

/// The placeholders clap writes in usage lines, in the active language.
pub fn placeholders(text: &str) -> String {
    [
        ("[OPTIONS]", "clap.options_placeholder"),
        ("<COMMAND>", "clap.command_placeholder"),
        ("[COMMAND]", "clap.command_optional_placeholder"),
    ]
    .iter()
    .fold(text.to_string(), |s, (from, key)| s.replace(from, t(key)))
}

fn text(v: &ContextValue) -> String {
    match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join(t("clap.list_separator")),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => {
            list.iter().map(ToString::to_string).collect::<Vec<_>>().join(t("clap.list_separator"))
        }
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn get(e: &clap::Error, kind: ContextKind) -> Option<String> {
    e.get(kind).map(text).filter(|s| !s.is_empty())
}

/// The usage line clap made, without its English title: `repbook customer
/// add [选项] <名称>`.
fn usage(e: &clap::Error) -> Option<String> {
    let u = get(e, ContextKind::Usage)?;
    let u = u.trim();
    let u = u.strip_prefix("Usage:").unwrap_or(u).trim();
    Some(placeholders(u))
}

/// Why a value was refused, already in the user's language: an argument's
/// own parser returns it and [`error_text`] says it after the value.
#[derive(Debug)]
pub struct Said(pub String);

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Said {}

/// The message of a usage error, one or two sentences, then the usage line
/// and where to read more; in the active language.
pub fn error_text(e: &clap::Error) -> String {
    // `<QUERY>...` as `<QUERY>…`: a sentence's period does not join it.
    let arg = get(e, ContextKind::InvalidArg).unwrap_or_default().replace("...", "…");
    let value = get(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut out = match e.kind() {
        ErrorKind::UnknownArgument => tf("clap.unknown_argument", &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => {
            let cmd = get(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            tf("clap.unknown_command", &[("command", &cmd)])
        }
        ErrorKind::MissingRequiredArgument => tf("clap.missing_argument", &[("args", &arg)]),
        ErrorKind::MissingSubcommand => {
            let cmd = get(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            let valid = get(e, ContextKind::ValidSubcommand).unwrap_or_default();
            tf("clap.missing_command", &[("command", &cmd), ("commands", &valid)])
        }
        ErrorKind::InvalidValue if value.is_empty() => tf("clap.empty_value", &[("arg", &arg)]),
        ErrorKind::InvalidValue => match get(e, ContextKind::ValidValue) {
            Some(valid) => tf("clap.invalid_choice", &[("arg", &arg), ("value", &value), ("values", &valid)]),
            None => tf("clap.invalid_value", &[("arg", &arg), ("value", &value)]),
        },
        ErrorKind::ValueValidation => {
            let mut out = tf("clap.invalid_value", &[("arg", &arg), ("value", &value)]);
            // A reason of our own (in the catalogs) is said after it.
            if let Some(said) = std::error::Error::source(e).and_then(|s| s.downcast_ref::<Said>()) {
                out.push_str(t("clap.sentence_gap"));
                out.push_str(&said.0);
            }
            out
        }
        ErrorKind::NoEquals => tf("clap.no_equals", &[("arg", &arg)]),
        ErrorKind::TooManyValues => tf("clap.too_many_values", &[("arg", &arg), ("value", &value)]),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = get(e, ContextKind::ExpectedNumValues).unwrap_or_default();
            let actual = get(e, ContextKind::ActualNumValues).unwrap_or_default();
            tf(
                "clap.wrong_number",
                &[("arg", &arg), ("expected", &expected), ("actual", &actual), ("count", &expected)],
            )
        }
        ErrorKind::ArgumentConflict => {
            let other = get(e, ContextKind::PriorArg).unwrap_or_default();
            if other == arg {
                tf("clap.given_twice", &[("arg", &arg)])
            } else {
                tf("clap.conflict", &[("arg", &arg), ("other", &other)])
            }
        }
        ErrorKind::InvalidUtf8 => t("clap.invalid_utf8").to_string(),
        _ => t("clap.unreadable").to_string(),
    };
    if let Some(s) = get(e, ContextKind::SuggestedSubcommand).or_else(|| get(e, ContextKind::SuggestedArg)) {
        out.push_str(t("clap.sentence_gap"));
        out.push_str(&tf("clap.did_you_mean", &[("suggestion", &s)]));
    } else if let Some(s) = get(e, ContextKind::SuggestedValue) {
        out.push_str(t("clap.sentence_gap"));
        out.push_str(&tf("clap.did_you_mean", &[("suggestion", &s)]));
    } else if e.get(ContextKind::TrailingArg).is_some_and(|v| matches!(v, ContextValue::Bool(true))) {
        out.push_str(t("clap.sentence_gap"));
        out.push_str(&tf("clap.trailing", &[("arg", &arg)]));
    }
    let mut out = format!("repbook: {out}");
    if let Some(u) = usage(e) {
        let _ = write!(out, "\n\n{}: {u}", t("help.usage_heading"));
        // The command part of the usage line: `repbook customer add`.
        let cmd: Vec<&str> = u.split_whitespace().take_while(|w| !w.starts_with(['[', '<', '-'])).collect();
        let _ = write!(out, "\n\n{}", tf("clap.more", &[("command", &cmd.join(" "))]));
    }
    out
}
