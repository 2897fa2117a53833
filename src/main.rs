//! The `repbook` binary: hands the arguments to the CLI.

fn main() -> std::process::ExitCode {
    repbook::cli::main_with(&std::env::args_os().collect::<Vec<_>>())
}
