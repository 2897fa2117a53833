//! Tests of the configuration: parsing, the example, refusals.

use super::*;

#[test]
fn the_example_parses_and_equals_the_defaults() {
    let cfg = Config::parse(EXAMPLE, Path::new("config.example.toml")).unwrap();
    assert_eq!(cfg, Config::default());
}

#[test]
fn config_knows_no_terminal_and_the_domain_reads_no_files() {
    // Layering (DESIGN.md §1): arrows point down. Grep the sources, so a
    // regression fails here rather than in review.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join("config.rs"), src.join("config/keys.rs")];
    for dir in ["domain", "store", "search", "interop"] {
        let mut stack = vec![src.join(dir)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() { stack.push(p) } else { files.push(p) }
            }
        }
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let name = f.display().to_string();
        for bad in ["crate::tui", "crate::cli", "crossterm", "ratatui"] {
            assert!(!code.contains(bad), "{name} uses {bad}");
        }
        if name.contains("/domain/") {
            assert!(!code.contains("std::fs") && !code.contains("rusqlite"), "{name} does I/O");
        }
    }
    let cli = std::fs::read_to_string(src.join("cli/mod.rs")).unwrap();
    assert!(!cli.contains("tui::run"), "main, not the CLI, starts the interface");
}

#[test]
fn a_partial_file_overrides_only_its_keys() {
    let cfg = Config::parse("[cadence.C]\ncalls = \"1 per month\"\nvisits = \"1 per quarter\"\n", Path::new("c.toml"))
        .unwrap();
    assert_eq!(cfg.cadence.C.calls.interval_days(), 30);
    assert_eq!(cfg.cadence.A1, Cadence::default().A1);
    assert_eq!(cfg.language, "auto");
}

#[test]
fn an_unknown_key_names_file_line_and_key() {
    let err = Config::parse("language = \"en\"\n\n[search]\nlimt = 5\n", Path::new("/home/u/c.toml")).unwrap_err();
    let Error::Config { path, line, message } = &err else { panic!("{err:?}") };
    assert_eq!(path, Path::new("/home/u/c.toml"));
    assert_eq!(*line, Some(4));
    assert!(message.contains("limt"), "{message}");
}

#[test]
fn a_wrong_type_or_bad_rate_names_the_line() {
    let err = Config::parse("currency = 5\n", Path::new("c.toml")).unwrap_err();
    assert!(matches!(err, Error::Config { line: Some(1), .. }), "{err:?}");
    let err =
        Config::parse("[cadence.A1]\ncalls = \"often\"\nvisits = \"4 per month\"\n", Path::new("c.toml")).unwrap_err();
    let Error::Config { line, message, .. } = &err else { panic!() };
    assert_eq!(*line, Some(2));
    assert!(message.contains("often"), "{message}");
    let err = Config::parse("language = \"fr\"\n", Path::new("c.toml")).unwrap_err();
    assert!(matches!(err, Error::Config { line: Some(1), .. }), "{err:?}");
    let err = Config::parse("[keys]\nfly = [\"f\"]\n", Path::new("c.toml")).unwrap_err();
    let Error::Config { line, message, .. } = &err else { panic!() };
    assert_eq!(*line, Some(2), "an unknown action names its line");
    assert!(message.contains("fly"), "{message}");
    let err = Config::parse("[keys]\nquit = [\"hyper-q\"]\n", Path::new("c.toml")).unwrap_err();
    assert!(err.to_string().contains("hyper-q"), "{err}");
    // However a key is written, its line is named (found by the
    // property test in tests/bounds_props.rs).
    for (text, want) in [
        ("\n\nkeys.quit = [\"ctrl-q\", \"hyper-q\"]\n", 3),
        ("[ui]\nmouse = true\n[keys]\n\n  quit = [\"hyper-q\"]\n", 5),
        ("# c\nkeys = { fly = [\"f\"] }\n", 2),
        ("\n\"language\" = \"fr\"\n", 2),
        ("[cadence.C]\ncalls = \"1/week\"\nvisits = \"1 per 300000 years\"\n", 3),
    ] {
        let err = Config::parse(text, Path::new("c.toml")).unwrap_err();
        assert!(matches!(err, Error::Config { line: Some(l), .. } if l == want), "{text:?}: {err:?}");
    }
    let ok = Config::parse("[keys]\nquit = [\"ctrl-q\"]\n[ui]\nmouse = false\n", Path::new("c.toml")).unwrap();
    assert!(!ok.ui.mouse);
}
