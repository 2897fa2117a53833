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
            KeyCode::Char(' ') => "Space".to_string(),
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
    (Action::PageDown, &["pagedown", "ctrl-d"]),
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
    (Action::Archive, &["A"]),
];

impl Keymap {
    /// Defaults with the user's bindings: an action named in config gets
    /// exactly the keys given there. Unknown key names are an error.
    pub fn new(user: &BTreeMap<String, Vec<String>>) -> Result<Keymap, String> {
        let mut named = Vec::new();
        for (name, keys) in user {
            let action = Action::ALL
                .into_iter()
                .find(|a| a.name() == *name)
                .ok_or_else(|| format!("unknown action `{name}`"))?;
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
                let key = Key::parse(k).ok_or_else(|| format!("unknown key \"{k}\" for {}", action.name()))?;
                // A user binding replaces a default on the same key.
                bindings.retain(|(b, _)| *b != key);
                bindings.push((key, action));
            }
        }
        Ok(Keymap { bindings })
    }

    /// The action bound to a key event.
    pub fn action(&self, e: KeyEvent) -> Option<Action> {
        let key = Key::from_event(e);
        self.bindings.iter().find(|(k, _)| *k == key).map(|(_, a)| *a)
    }

    /// The keys bound to an action, for help.
    pub fn keys_of(&self, action: Action) -> Vec<String> {
        self.bindings.iter().filter(|(_, a)| *a == action).map(|(k, _)| k.label()).collect()
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&BTreeMap::new()).unwrap_or(Keymap { bindings: Vec::new() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_cover_vim_and_arrow_keys() {
        let km = Keymap::default();
        assert_eq!(km.action(ev(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Action::Down));
        assert_eq!(km.action(ev(KeyCode::Down, KeyModifiers::NONE)), Some(Action::Down));
        assert_eq!(km.action(ev(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
        assert_eq!(km.action(ev(KeyCode::Char('p'), KeyModifiers::CONTROL)), Some(Action::Palette));
        assert_eq!(km.action(ev(KeyCode::Char(':'), KeyModifiers::NONE)), Some(Action::Palette));
        assert_eq!(km.action(ev(KeyCode::Char('l'), KeyModifiers::NONE)), Some(Action::Log));
        assert_eq!(km.action(ev(KeyCode::Char('t'), KeyModifiers::NONE)), Some(Action::Today));
        assert_eq!(km.action(ev(KeyCode::Char('w'), KeyModifiers::NONE)), Some(Action::Week));
        assert_eq!(km.action(ev(KeyCode::Char('u'), KeyModifiers::NONE)), Some(Action::Undo));
        assert_eq!(km.action(ev(KeyCode::Char('y'), KeyModifiers::NONE)), None);
    }

    #[test]
    fn user_bindings_replace_the_action_defaults() {
        let mut user = BTreeMap::new();
        user.insert("quit".to_string(), vec!["ctrl-q".to_string()]);
        user.insert("search".to_string(), vec!["s".to_string()]);
        let km = Keymap::new(&user).unwrap();
        assert_eq!(km.action(ev(KeyCode::Char('q'), KeyModifiers::NONE)), None);
        assert_eq!(km.action(ev(KeyCode::Char('q'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(km.action(ev(KeyCode::Char('s'), KeyModifiers::NONE)), Some(Action::Search), "sort loses s");
        assert!(Keymap::new(&BTreeMap::from([("quit".to_string(), vec!["hyper-q".to_string()])])).is_err());
        assert!(Keymap::new(&BTreeMap::from([("fly".to_string(), vec!["f".to_string()])])).is_err());
    }

    #[test]
    fn the_configs_action_names_are_the_interfaces_actions() {
        let names: Vec<String> = Action::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(names, crate::config::keys::ACTIONS.map(str::to_string));
    }

    #[test]
    fn every_action_has_a_default_key_and_a_name() {
        let km = Keymap::default();
        for a in Action::ALL {
            assert!(!km.keys_of(a).is_empty(), "{a:?}");
            assert!(!a.name().is_empty());
        }
    }
}
