//! The `repbook` binary: runs the CLI, and starts the terminal interface
//! when the CLI says `repbook` was run alone in a terminal. Only here do the
//! two faces meet.

use repbook::cli::{Next, fail, main_with};
use std::process::ExitCode;

fn main() -> ExitCode {
    match main_with(&std::env::args_os().collect::<Vec<_>>()) {
        Next::Exit(code) => code,
        Next::Interface(i) => {
            let db = i.db.clone();
            match repbook::tui::run(i.store, &i.config, i.label, Some(i.db)) {
                Ok(()) => {
                    repbook::cli::after_interface(&i.config, &db);
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e.located(&db)),
            }
        }
    }
}
