//! Key bindings as the configuration holds them: action names and key names,
//! checked here without knowing a terminal exists. The interface turns them
//! into its own types (`tui::keymap`), and a test there keeps [`ACTIONS`] in
//! step with its `Action` enum.

use std::collections::BTreeMap;

/// Every action a key can be bound to, by its config name.
pub const ACTIONS: [&str; 58] = [
    "today",
    "search",
    "open",
    "back",
    "up",
    "down",
    "page_up",
    "page_down",
    "top",
    "bottom",
    "next_tab",
    "prev_tab",
    "new",
    "edit",
    "delete",
    "plan",
    "log",
    "log_call",
    "complete",
    "snooze",
    "undo",
    "trash",
    "week",
    "week_plan",
    "review",
    "month_table",
    "prev_period",
    "next_period",
    "to_followup",
    "funnel",
    "archive",
    "import",
    "filter",
    "clear_filters",
    "sort",
    "palette",
    "help",
    "toggle_mouse",
    "quit",
    "save",
    "editor",
    "read_form",
    "template",
    "next_field",
    "prev_field",
    "choice_next",
    "choice_prev",
    "toggle",
    "clear_line",
    "yes",
    "no",
    "restore",
    "backup",
    "sync",
    "sync_import",
    "sync_export",
    "keep_kept",
    "keep_other",
];

/// Named keys (besides single characters and `f1`…`f24`), with aliases.
const NAMED: &[(&str, &str)] = &[
    ("enter", "enter"),
    ("return", "enter"),
    ("esc", "esc"),
    ("escape", "esc"),
    ("tab", "tab"),
    ("backtab", "backtab"),
    ("shift-tab", "backtab"),
    ("space", "space"),
    ("up", "up"),
    ("down", "down"),
    ("left", "left"),
    ("right", "right"),
    ("home", "home"),
    ("end", "end"),
    ("pageup", "pageup"),
    ("pgup", "pageup"),
    ("pagedown", "pagedown"),
    ("pgdn", "pagedown"),
    ("delete", "delete"),
    ("del", "delete"),
    ("backspace", "backspace"),
];

/// A key as written in config (`ctrl-p`, `G`, `pagedown`), parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyName {
    /// A canonical named key (`enter`, `pageup`, `f1`) or one character.
    pub base: String,
    /// Control held.
    pub ctrl: bool,
    /// Alt held.
    pub alt: bool,
}

impl KeyName {
    /// The single character, when the key is one.
    pub fn char(&self) -> Option<char> {
        let mut chars = self.base.chars();
        let c = chars.next()?;
        (chars.next().is_none()).then_some(c)
    }
}

/// Parse `ctrl-p`, `alt-x`, `q`, `?`, `enter`, `esc`, `f1`, `pagedown`...
pub fn parse_key(s: &str) -> Option<KeyName> {
    let (mut ctrl, mut alt) = (false, false);
    let mut rest = s.trim();
    loop {
        let lower = rest.to_ascii_lowercase();
        if let Some(r) = lower.strip_prefix("ctrl-").or_else(|| lower.strip_prefix("c-")) {
            ctrl = true;
            rest = &rest[rest.len() - r.len()..];
        } else if let Some(r) = lower.strip_prefix("alt-").or_else(|| lower.strip_prefix("m-")) {
            alt = true;
            rest = &rest[rest.len() - r.len()..];
        } else {
            break;
        }
    }
    let lower = rest.to_ascii_lowercase();
    let base = if let Some((_, canonical)) = NAMED.iter().find(|(n, _)| *n == lower) {
        (*canonical).to_string()
    } else if lower.len() > 1 && lower.starts_with('f') && lower[1..].parse::<u8>().is_ok_and(|n| (1..=24).contains(&n))
    {
        lower
    } else {
        let mut chars = rest.chars();
        let c = chars.next()?;
        if chars.next().is_some() {
            return None;
        }
        // Ctrl with a letter arrives lower case whatever shift says.
        (if ctrl { c.to_ascii_lowercase() } else { c }).to_string()
    };
    Some(KeyName { base, ctrl, alt })
}

/// Check bindings: every action name known, every key parseable. The error
/// names the action whose line is at fault.
pub fn check(keys: &BTreeMap<String, Vec<String>>) -> Result<(), (String, String)> {
    for (action, list) in keys {
        if !ACTIONS.contains(&action.as_str()) {
            return Err((
                action.clone(),
                crate::i18n::tf("config.unknown_action", &[("action", action), ("known", &ACTIONS.join(", "))]),
            ));
        }
        if let Some(bad) = list.iter().find(|k| parse_key(k).is_none()) {
            return Err((
                action.clone(),
                crate::i18n::tf("config.unknown_key_name", &[("key", bad), ("action", action)]),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_with_modifiers_and_aliases() {
        let k = parse_key("Ctrl-P").unwrap();
        assert_eq!((k.base.as_str(), k.ctrl, k.alt), ("p", true, false));
        assert_eq!(parse_key("pgdn").unwrap().base, "pagedown");
        assert_eq!(parse_key("G").unwrap().char(), Some('G'));
        assert_eq!(parse_key("f12").unwrap().base, "f12");
        assert!(parse_key("hyper-q").is_none());
        assert!(parse_key("").is_none());
    }
}
