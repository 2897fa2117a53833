//! Arguments read loosely (a label in either language, part of one: `经销商`,
//! `EB`, `电话`) that still tell shells their choices: clap's own
//! `PossibleValuesParser` would refuse every loose spelling, and an argument
//! with no possible values is completed with file names.

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Arg, Command};
use std::ffi::OsStr;

/// Any text, as `String`, the domain reading it loosely afterwards; the
/// canonical values offered to shell completion.
#[derive(Clone)]
struct Loose(Vec<&'static str>);

impl TypedValueParser for Loose {
    type Value = String;

    fn parse_ref(&self, cmd: &Command, arg: Option<&Arg>, value: &OsStr) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|v| PossibleValue::new(*v))))
    }
}

/// `a` taking any text and completing to `values`. Help lists the choices
/// in the user's language itself (its text says them), so clap's English
/// `[possible values: …]` is hidden.
pub(in crate::cli) fn loose(a: Arg, values: &[&'static str]) -> Arg {
    a.value_parser(Loose(values.to_vec())).hide_possible_values(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_text_is_taken_and_the_values_are_offered() {
        let cmd = Command::new("t").arg(loose(Arg::new("kind").long("kind"), &["dealer", "agent"]));
        let m = cmd.clone().try_get_matches_from(["t", "--kind", "经销商"]).unwrap();
        assert_eq!(m.get_one::<String>("kind").map(String::as_str), Some("经销商"));
        let arg = cmd.get_arguments().find(|a| a.get_id() == "kind").unwrap();
        let names: Vec<String> = arg.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
        assert_eq!(names, ["dealer", "agent"]);
    }
}
