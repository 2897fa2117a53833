//! Keys to actions: defaults, overridden per action by `[keys]` in config.

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;

/// A key with its modifiers, as written in config (`ctrl-p`, `G`, `pagedown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Control held.
    pub ctrl: bool,
    /// Alt held.
    pub alt: bool,
}

impl Key {
    /// Parse `ctrl-p`, `alt-x`, `q`, `?`, `enter`, `esc`, `f1`, `pagedown`...
    /// (the syntax is the configuration's; see `config::keys`).
    pub fn parse(s: &str) -> Option<Key> {
        let name = crate::config::keys::parse_key(s)?;
        let code = match name.base.as_str() {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "delete" => KeyCode::Delete,
            "backspace" => KeyCode::Backspace,
            f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
            _ => KeyCode::Char(name.char()?),
        };
        Some(Key { code, ctrl: name.ctrl, alt: name.alt })
    }

    /// The key of a terminal event (shift is part of the character).
    pub fn from_event(e: KeyEvent) -> Key {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let code = match e.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        };
        Key { code, ctrl, alt: e.modifiers.contains(KeyModifiers::ALT) }
    }

    /// How help shows it.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => crate::i18n::t("keyname.space").to_string(),
            KeyCode::Enter => crate::i18n::t("keyname.enter").to_string(),
            // Ctrl-S, as menus write it.
            KeyCode::Char(c) if self.ctrl => c.to_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            other => format!("{other:?}"),
        };
        format!("{}{}{base}", if self.ctrl { "Ctrl-" } else { "" }, if self.alt { "Alt-" } else { "" })
    }
}

impl Key {
    /// A plain character: text where text is typed.
    pub fn is_text(self) -> bool {
        !self.ctrl && !self.alt && matches!(self.code, KeyCode::Char(_))
    }
}

/// Where an action can be asked for; a key may mean one action in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Screens and the views over them.
    Screen,
    /// Forms and text fields.
    Form,
    /// Questions (yes / no, a prompt's answer).
    Dialog,
}

impl Action {
    /// Where it can be asked for.
    pub fn group(self) -> Group {
        match self {
            Action::Save
            | Action::Editor
            | Action::ReadForm
            | Action::Template
            | Action::NextField
            | Action::PrevField
            | Action::ChoiceNext
            | Action::ChoicePrev
            | Action::Toggle
            | Action::ClearLine => Group::Form,
            Action::Yes | Action::No => Group::Dialog,
            _ => Group::Screen,
        }
    }
}

/// The bindings in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Key, Action)>,
}

const DEFAULTS: &[(Action, &[&str])] = &[
    (Action::Quit, &["q"]),
    (Action::Back, &["esc"]),
    (Action::Help, &["?", "f1"]),
    (Action::Palette, &[":", "ctrl-p"]),
    (Action::Search, &["/"]),
    (Action::Open, &["enter", "v"]),
    (Action::Up, &["up", "k"]),
    (Action::Down, &["down", "j"]),
    (Action::PageUp, &["pageup", "ctrl-u"]),
    (Action::PageDown, &["pagedown", "ctrl-d", "space"]),
    (Action::Top, &["home", "g"]),
    (Action::Bottom, &["end", "G"]),
    (Action::NextTab, &["tab", "right"]),
    (Action::PrevTab, &["backtab", "left"]),
    (Action::New, &["n", "a"]),
    (Action::Edit, &["e"]),
    (Action::Delete, &["d", "delete"]),
    (Action::Filter, &["f"]),
    (Action::ClearFilters, &["x"]),
    (Action::Sort, &["s"]),
    (Action::ToggleMouse, &["m"]),
    (Action::Today, &["t", "f2"]),
    (Action::Plan, &["p"]),
    (Action::Log, &["l"]),
    (Action::LogCall, &["L"]),
    (Action::Complete, &["c"]),
    (Action::Snooze, &["z"]),
    (Action::Undo, &["u"]),
    (Action::Trash, &["T"]),
    (Action::Week, &["w"]),
    (Action::WeekPlan, &["P"]),
    (Action::Review, &["R"]),
    (Action::MonthTable, &["M"]),
    (Action::PrevPeriod, &["["]),
    (Action::NextPeriod, &["]"]),
    (Action::ToFollowup, &["F"]),
    (Action::Funnel, &["V"]),
    (Action::Archive, &["A"]),
    (Action::Import, &["I"]),
    (Action::Save, &["ctrl-s"]),
    (Action::Editor, &["ctrl-e"]),
    (Action::ReadForm, &["ctrl-o"]),
    (Action::Template, &["ctrl-t"]),
    (Action::NextField, &["tab", "down", "enter"]),
    (Action::PrevField, &["backtab", "up"]),
    (Action::ChoiceNext, &["right"]),
    (Action::ChoicePrev, &["left"]),
    (Action::Toggle, &["space"]),
    (Action::ClearLine, &["ctrl-u"]),
    (Action::Yes, &["y", "Y", "enter"]),
    (Action::No, &["n", "N", "esc"]),
    (Action::Restore, &["r"]),
    (Action::Backup, &["b"]),
    (Action::Sync, &["S"]),
    (Action::SyncImport, &["i"]),
    (Action::SyncExport, &["o"]),
    (Action::KeepKept, &["K"]),
    (Action::KeepOther, &["O"]),
];

/// The default keys of an action, as config writes them (`config.example.toml`
/// lists them; a test keeps the two in step).
pub fn default_keys(action: Action) -> &'static [&'static str] {
    DEFAULTS.iter().find(|(a, _)| *a == action).map_or(&[], |(_, k)| k)
}

impl Keymap {
    /// Defaults with the user's bindings: an action named in config gets
    /// exactly the keys given there. Unknown key names are an error.
    pub fn new(user: &BTreeMap<String, Vec<String>>) -> Result<Keymap, String> {
        let mut named = Vec::new();
        for (name, keys) in user {
            let action = Action::ALL.into_iter().find(|a| a.name() == *name).ok_or_else(|| {
                crate::i18n::tf(
                    "config.unknown_action",
                    &[("action", name), ("known", &crate::config::keys::ACTIONS.join(", "))],
                )
            })?;
            named.push((action, keys));
        }
        let mut bindings = Vec::new();
        for (action, keys) in DEFAULTS {
            if named.iter().any(|(a, _)| a == action) {
                continue;
            }
            bindings.extend(keys.iter().filter_map(|k| Key::parse(k)).map(|k| (k, *action)));
        }
        for (action, keys) in named {
            for k in keys {
                let key = Key::parse(k).ok_or_else(|| {
                    crate::i18n::tf("config.unknown_key_name", &[("key", k), ("action", &action.name())])
                })?;
                // A user binding replaces a default on the same key where
                // both could be asked for (a form's Enter is not the list's).
                bindings.retain(|(b, a)| *b != key || a.group() != action.group());
                bindings.push((key, action));
            }
        }
        // A user's key that took the only key of another action would leave
        // that action out of reach (and blank in help): say so.
        for (action, keys) in DEFAULTS {
            if bindings.iter().any(|(_, a)| a == action) {
                continue;
            }
            let taken = keys.iter().filter_map(|k| Key::parse(k)).find_map(|k| {
                bindings.iter().find(|(b, a)| *b == k && a.group() == action.group()).map(|(_, a)| (k, *a))
            });
            if let Some((key, by)) = taken {
                let free = ('a'..='z')
                    .chain('A'..='Z')
                    .map(String::from)
                    .find(|c| Key::parse(c).is_some_and(|k| !bindings.iter().any(|(b, _)| *b == k)));
                return Err(crate::i18n::tf(
                    "config.key_taken",
                    &[
                        ("action", &by.name()),
                        ("key", &key.label()),
                        ("other", &action.name()),
                        ("suggest", &free.as_deref().unwrap_or("f12")),
                    ],
                ));
            }
        }
        Ok(Keymap { bindings })
    }

    /// The screen action bound to a key event (lists, Today, dossiers,
    /// sheets: not a form's or a question's).
    pub fn action(&self, e: KeyEvent) -> Option<Action> {
        let key = Key::from_event(e);
        self.bindings.iter().find(|(k, a)| *k == key && a.group() == Group::Screen).map(|(_, a)| *a)
    }

    /// The first of `commands` (those of what has the keys, in order of
    /// preference) bound to a key event. Where text is typed (`text`), a
    /// plain character is text, never an action.
    pub fn action_in(&self, e: KeyEvent, commands: &[Action], text: bool) -> Option<Action> {
        let key = Key::from_event(e);
        if text && key.is_text() {
            return None;
        }
        commands.iter().copied().find(|a| self.bindings.iter().any(|(k, b)| *k == key && b == a))
    }

    /// The keys bound to an action, for help.
    pub fn keys_of(&self, action: Action) -> Vec<String> {
        let mut labels: Vec<String> = Vec::new();
        for (k, _) in self.bindings.iter().filter(|(_, a)| *a == action) {
            // `y` and `Y` are one key to the reader.
            let label = k.label();
            if !labels.iter().any(|l| l.to_lowercase() == label.to_lowercase() && l.chars().count() == 1) {
                labels.push(label);
            }
        }
        labels
    }

    /// The keys of an action that work where text is typed.
    pub fn text_keys_of(&self, action: Action) -> Vec<String> {
        self.bindings.iter().filter(|(k, a)| *a == action && !k.is_text()).map(|(k, _)| k.label()).collect()
    }

    /// The first key of an action, for a hint line.
    pub fn key(&self, action: Action) -> String {
        self.keys_of(action).into_iter().next().unwrap_or_default()
    }

    /// A hint line from the live keys: each `{name}` of an action in the
    /// text `key` names becomes that action's first key; `extra` fills
    /// other placeholders (and may override an action's).
    pub fn hint(&self, key: &str, extra: &[(&str, String)]) -> String {
        let mut s = crate::i18n::t(key).to_string();
        for (name, value) in extra {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        for a in Action::ALL {
            let placeholder = format!("{{{}}}", a.name());
            if s.contains(&placeholder) {
                s = s.replace(&placeholder, &self.key(a));
            }
        }
        s
    }

    /// The first `n` keys of an action joined by `sep`, for a hint line.
    pub fn keys(&self, action: Action, n: usize, sep: &str) -> String {
        self.keys_of(action).into_iter().take(n).collect::<Vec<_>>().join(sep)
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&BTreeMap::new()).unwrap_or(Keymap { bindings: Vec::new() })
    }
}

#[cfg(test)]
mod tests;
