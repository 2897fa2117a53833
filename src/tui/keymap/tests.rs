//! Tests of the keymap: defaults, rebinding, refusals.

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
    // s was the sort's only key: it needs another (tested below).
    user.insert("sort".to_string(), vec!["f8".to_string()]);
    let km = Keymap::new(&user).unwrap();
    assert_eq!(km.action(ev(KeyCode::Char('q'), KeyModifiers::NONE)), None);
    assert_eq!(km.action(ev(KeyCode::Char('q'), KeyModifiers::CONTROL)), Some(Action::Quit));
    assert_eq!(km.action(ev(KeyCode::Char('s'), KeyModifiers::NONE)), Some(Action::Search), "sort loses s");
    assert_eq!(km.action(ev(KeyCode::F(8), KeyModifiers::NONE)), Some(Action::Sort));
    assert!(Keymap::new(&BTreeMap::from([("quit".to_string(), vec!["hyper-q".to_string()])])).is_err());
    assert!(Keymap::new(&BTreeMap::from([("fly".to_string(), vec!["f".to_string()])])).is_err());
}

#[test]
fn the_configs_action_names_are_the_interfaces_actions() {
    let names: Vec<String> = Action::ALL.iter().map(|a| a.name()).collect();
    assert_eq!(names, crate::config::keys::ACTIONS.map(str::to_string));
}

#[test]
fn the_example_config_lists_every_action_with_its_default_keys() {
    for a in Action::ALL {
        let keys: Vec<String> = default_keys(a).iter().map(|k| format!("\"{k}\"")).collect();
        let line = format!("# {} = [{}]\n", a.name(), keys.join(", "));
        assert!(crate::config::EXAMPLE.contains(&line), "config.example.toml lacks {line}");
    }
    // Uncommented, the lines are a valid `[keys]` table.
    let start = crate::config::EXAMPLE.find("[keys]").unwrap();
    let table: String = crate::config::EXAMPLE[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.strip_prefix("# ").filter(|l| l.contains(" = [")))
        .map(|l| format!("{l}\n"))
        .collect();
    let user: BTreeMap<String, Vec<String>> = toml::from_str(&table).unwrap();
    assert_eq!(user.len(), Action::ALL.len());
    let km = Keymap::new(&user).unwrap();
    for a in Action::ALL {
        assert_eq!(km.keys_of(a), Keymap::default().keys_of(a), "{a:?}");
    }
}

#[test]
fn a_key_means_one_thing_in_each_place() {
    let km = Keymap::default();
    let enter = ev(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(km.action(enter), Some(Action::Open));
    assert_eq!(km.action_in(enter, &[Action::Save, Action::NextField], false), Some(Action::NextField));
    assert_eq!(km.action_in(enter, &[Action::Yes, Action::No], false), Some(Action::Yes));
    // Where text is typed a character is text.
    let j = ev(KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(km.action_in(j, &[Action::Down], true), None);
    assert_eq!(km.action_in(j, &[Action::Down], false), Some(Action::Down));
    // Ctrl-U clears a line where that comes first, pages up elsewhere.
    let cu = ev(KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(km.action_in(cu, &[Action::ClearLine, Action::PageUp], true), Some(Action::ClearLine));
    assert_eq!(km.action(cu), Some(Action::PageUp));
    assert_eq!(km.action(ev(KeyCode::Char('y'), KeyModifiers::NONE)), None, "y is a question's");
    // A user's Enter for saving leaves the list's Enter alone.
    let km = Keymap::new(&BTreeMap::from([("save".to_string(), vec!["enter".to_string()])])).unwrap();
    assert_eq!(km.action(enter), Some(Action::Open));
    assert_eq!(km.action_in(enter, &[Action::Save, Action::NextField], false), Some(Action::Save));
}

#[test]
fn a_users_key_that_takes_an_actions_only_key_is_refused_with_a_way_out() {
    // R is the review's only key: binding it to the archive would leave
    // the review out of reach.
    let user = BTreeMap::from([("archive".to_string(), vec!["R".to_string()])]);
    let err = Keymap::new(&user).err().unwrap_or_default();
    assert!(err.contains("archive") && err.contains("review") && err.contains('R'), "{err}");
    // Giving the review a key of its own as well is fine.
    let user = BTreeMap::from([
        ("archive".to_string(), vec!["R".to_string()]),
        ("review".to_string(), vec!["f9".to_string()]),
    ]);
    let km = Keymap::new(&user).unwrap();
    assert_eq!(km.keys_of(Action::Review), vec!["F9".to_string()]);
    // Taking one of two keys leaves the other: no error.
    let user = BTreeMap::from([("archive".to_string(), vec!["f2".to_string()])]);
    let km = Keymap::new(&user).unwrap();
    assert_eq!(km.keys_of(Action::Today), vec!["t".to_string()]);
}

#[test]
fn every_action_has_a_default_key_and_a_name() {
    let km = Keymap::default();
    for a in Action::ALL {
        assert!(!km.keys_of(a).is_empty(), "{a:?}");
        assert!(!a.name().is_empty());
    }
}
