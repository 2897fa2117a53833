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
