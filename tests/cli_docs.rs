//! `repbook completions bash|zsh|fish` and `repbook man` (issue 9 §2.6):
//! made from the command tree itself, so every command and flag is in them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/cli.rs"]
mod support;

use support::{Env, failure};

#[test]
fn completion_scripts_for_three_shells_know_every_command() {
    let env = Env::new();
    for (shell, marker) in
        [("bash", "complete -F _repbook"), ("zsh", "#compdef repbook"), ("fish", "complete -c repbook")]
    {
        let script = env.ok(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {}", &script[..script.len().min(300)]);
        for word in ["customer", "followup", "snooze", "completions", "next-date", "deleted"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let (code, err) = failure(&env.run(&["completions", "tcsh"]));
    assert_eq!(code, 2);
    assert!(err.contains("bash, zsh, fish"), "{err}");
    assert!(!env.db().exists(), "no archive is made for a script");
}

#[test]
fn the_manual_page_is_roff_for_repbook_and_for_each_command() {
    let env = Env::new();
    let page = env.ok(&["man"]);
    assert!(page.contains(".TH repbook 1"), "{page}");
    assert!(page.contains(".SH SYNOPSIS") && page.contains("followup"), "{page}");
    let page = env.ok(&["man", "visit", "log"]);
    assert!(page.contains(".TH repbook-visit-log 1"), "{page}");
    assert!(page.contains("next\\-step"), "{page}");
    // In Chinese, the section titles too.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_repbook"))
        .args(["--lang", "zh-CN", "man"])
        .env("HOME", env.dir.path())
        .output()
        .unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".SH 选项") && page.contains(".SH 命令") && !page.contains(".SH OPTIONS"), "{page}");
    let (code, err) = failure(&env.run(&["man", "visit", "fly"]));
    assert_eq!(code, 2);
    assert!(err.contains("repbook visit fly"), "{err}");
}

/// The bash script's case for `flag` (`--kind)`) that follows `after`
/// (the first one after a command's own marker), its words offered.
fn offered(script: &str, flag: &str) -> Vec<String> {
    let at = script.find(&format!("                {flag})")).unwrap_or_else(|| panic!("{flag} in the script"));
    let case = &script[at..];
    let line = case.lines().nth(1).unwrap();
    line.split('"').nth(1).map(|w| w.split_whitespace().map(str::to_string).collect()).unwrap_or_default()
}

/// A reviewer's §12: choices complete as choices (not file names) and are
/// still read loosely; Chinese help and errors translate value names; the
/// id help states the resolver's rule; every man page has the version.
#[test]
fn choices_complete_and_still_read_loosely() {
    let env = Env::new();
    let script = env.ok(&["completions", "bash"]);
    assert!(offered(&script, "--kind").contains(&"dealer".to_string()), "--kind");
    assert_eq!(offered(&script, "--lang"), ["en", "zh-CN", "auto"]);
    assert!(offered(&script, "--class").contains(&"A1".to_string()), "--class");
    // Loose spellings are still taken.
    let cid = env.id(&["customer", "add", "成都机电", "--kind", "经销商"]);
    assert!(env.ok(&["customer", "list", "--kind", "经销商"]).contains("成都机电"));
    env.id(&["person", "add", &cid, "王强", "--role", "EB"]);
    env.ok(&["visit", "log", &cid, "--kind", "电话", "--date", "2026-11-20"]);
    // Help keeps its own list of choices, not clap's English one.
    let help = env.ok(&["customer", "add", "--help"]);
    assert!(!help.contains("possible values") && !help.contains("one of: end_customer"), "{help}");
}

#[test]
fn chinese_value_names_and_the_id_rule_and_man_versions() {
    let env = Env::new();
    let zh = |args: &[&str]| env.run(&[&["--lang", "zh-CN"], args].concat());
    let (_, err) = failure(&zh(&["completions", "powershell"]));
    assert!(!err.contains("<shell>") && err.contains("<命令解释器>"), "{err}");
    let help = String::from_utf8(zh(&["backup", "--help"]).stdout).unwrap();
    assert!(!help.contains("FILE") && help.contains("--out 文件"), "{help}");
    let help = String::from_utf8(zh(&["undo", "--help"]).stdout).unwrap();
    assert!(!help.contains("TX"), "{help}");
    let help = String::from_utf8(zh(&["visit", "log", "--help"]).stdout).unwrap();
    assert!(!help.contains("日期 (") && help.contains("日期（"), "full-width brackets: {help}");
    // The id help says what the resolver takes: b5 works, so no "at least 4" alone.
    let cid = env.id(&["customer", "add", "华为"]);
    let short = &cid[cid.len() - 8..cid.len() - 6];
    assert!(env.ok(&["customer", "show", short]).contains("华为"), "two characters of the 8 resolve");
    let help = env.ok(&["customer", "show", "--help"]);
    assert!(help.contains("any unique beginning of the 8 characters"), "{help}");
    // Every page's .TH has the version.
    let version = env!("CARGO_PKG_VERSION");
    for args in [vec!["man"], vec!["man", "customer"], vec!["man", "visit", "log"]] {
        let page = env.ok(&args);
        let th = page.lines().find(|l| l.starts_with(".TH")).unwrap();
        assert!(th.contains(version), "{args:?}: {th}");
    }
    // A usage line's brackets pair up, in both languages.
    for lang in ["en", "zh-CN"] {
        let (_, err) = failure(&env.run(&["--lang", lang, "--db", "a.db", "--bogus"]));
        let usage = err.lines().find(|l| l.contains("repbook --")).unwrap();
        assert!(!usage.contains('‹') && usage.matches('<').count() == usage.matches('>').count(), "{usage}");
    }
}
