//! `repbook completions bash|zsh|fish` and `repbook man [COMMAND…]`: made
//! from the same command tree as the CLI itself (`clap_complete`,
//! `clap_mangen`), in the user's language, so they cannot drift from it.

use super::{args, output};
use crate::error::{Error, Result};
use clap::ArgMatches;

/// Print the completion script for the shell named.
pub fn completions(m: &ArgMatches) -> Result<()> {
    use clap_complete::Shell;
    let shell = match m.get_one::<String>("shell").map(String::as_str) {
        Some("zsh") => Shell::Zsh,
        Some("fish") => Shell::Fish,
        _ => Shell::Bash,
    };
    let mut cmd = args::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "repbook", &mut out);
    output::write_raw(&String::from_utf8_lossy(&out))
}

/// Print the manual page (roff) of repbook, or of one of its commands
/// (`repbook man visit log`).
pub fn man(m: &ArgMatches) -> Result<()> {
    let mut cmd = args::command();
    cmd.build();
    let mut path = vec!["repbook".to_string()];
    for word in m.get_many::<String>("command").into_iter().flatten() {
        path.push(word.clone());
        let Some(sub) = cmd.find_subcommand(word).cloned() else {
            return Err(Error::invalid("error.no_such_command", &[("command", &path.join(" "))]));
        };
        // The page's name: repbook-visit-log; its .TH line carries the
        // version as the main page's does (a subcommand has none of its own).
        cmd = sub.name(path.join("-")).version(env!("CARGO_PKG_VERSION"));
    }
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out).map_err(|e| Error::Io { path: "stdout".into(), source: e })?;
    output::write_raw(&section_titles(&String::from_utf8_lossy(&out)))
}

/// The page's section titles (`.SH OPTIONS`) in the user's language.
fn section_titles(roff: &str) -> String {
    roff.lines()
        .map(|line| match line.strip_prefix(".SH ") {
            Some(title) => {
                let key = format!("man.{}", title.trim().to_ascii_lowercase().replace(' ', "_"));
                format!(".SH {}", crate::i18n::lookup(&key).unwrap_or(title))
            }
            None => line.to_string(),
        })
        .map(|line| line + "\n")
        .collect()
}
