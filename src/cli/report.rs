//! `repbook report`: the month's visit statistics table (DOMAIN §7).

use super::{Ctx, output};
use crate::domain::period;
use crate::error::{Error, Result};
use crate::i18n::tf;
use crate::interop::visit_table;
use crate::store::OpenMode;
use chrono::Datelike;
use clap::ArgMatches;
use std::path::PathBuf;

/// `repbook report visits [--month M] [--csv|--markdown|--xlsx|--json] [--out FILE]`.
pub fn report(ctx: &Ctx, m: &ArgMatches) -> Result<()> {
    match m.subcommand() {
        Some(("visits", sub)) => visits(ctx, sub),
        Some(("figures", sub)) => figures(ctx, sub),
        Some(("funnel", sub)) => super::opportunity::report_funnel(ctx, sub),
        _ => Ok(()),
    }
}

/// `repbook report figures [--week [W] | --month M | --from D --to D] [--markdown | --json]`:
/// this month's unless a period is given; an open end is the month's.
fn figures(ctx: &Ctx, sub: &ArgMatches) -> Result<()> {
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let today = store.clock().today();
    let (from, to) = super::visits::period(sub, today)?;
    let first = today.with_day(1).unwrap_or(today);
    let from = from.unwrap_or(first);
    let to = to.unwrap_or_else(|| period::month_end(from));
    if to < from {
        return Err(Error::invalid("week.backwards", &[("from", &from), ("to", &to)]));
    }
    let f = store.figures(from, to)?;
    if sub.get_flag("json") {
        return output::print_json(&f, true);
    }
    if sub.get_flag("markdown") {
        return output::write_raw(&crate::interop::figures_sheet::sheet(&f).to_markdown());
    }
    output::write_raw(&crate::interop::figures_sheet::text(&f))
}

/// The first and last day of the month typed after `--month` (`report
/// visits`, the lists): one reading, one message — a month outside the
/// dates repbook keeps says so and names them.
pub(super) fn month_range(text: &str, today: chrono::NaiveDate) -> Result<(chrono::NaiveDate, chrono::NaiveDate)> {
    let value = crate::text::one_line(text);
    period::month_in_words(text, today).ok_or_else(|| {
        let year: Option<i32> = text.trim().get(..4).and_then(|y| y.parse().ok());
        let (first, last) = (crate::domain::dates::FIRST, crate::domain::dates::LAST);
        match year {
            Some(y) if text.trim().len() > 4 && (y < first.year() || y > last.year()) => {
                Error::invalid("week.month_far", &[("value", &value), ("first", &first), ("last", &last)])
            }
            _ => Error::invalid("week.bad_month", &[("value", &value)]),
        }
    })
}

fn visits(ctx: &Ctx, sub: &ArgMatches) -> Result<()> {
    let store = ctx.open(OpenMode::ReadOrWrite)?;
    let today = store.clock().today();
    let first = match sub.get_one::<String>("month") {
        Some(text) => month_range(text, today)?.0,
        None => today.with_day(1).unwrap_or(today),
    };
    let stats = store.visit_stats(&ctx.config.cadence, first, today)?;
    let out = sub.get_one::<PathBuf>("out");
    let bytes = if sub.get_flag("xlsx") {
        let path = out.ok_or_else(|| Error::invalid("report.xlsx_needs_out", &[]))?;
        crate::interop::guard_export(path, &ctx.db)?;
        visit_table::sheet(&stats).write_xlsx(path)?;
        output::warn(&tf("report.written", &[("path", &path.display())]));
        return Ok(());
    } else if sub.get_flag("csv") {
        visit_table::sheet(&stats).to_csv()?
    } else if sub.get_flag("markdown") {
        visit_table::sheet(&stats).to_markdown().into_bytes()
    } else if sub.get_flag("json") {
        output::json_text(&stats, true).into_bytes()
    } else {
        visit_table::text(&stats).into_bytes()
    };
    write_or_print(ctx, out, &bytes)
}

/// A report's bytes: into the file `out` (never over the archive; 0600;
/// said on stderr), else on stdout.
pub(super) fn write_or_print(ctx: &Ctx, out: Option<&std::path::PathBuf>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(path) => {
            crate::interop::guard_export(path, &ctx.db)?;
            crate::interop::write_private(path, bytes)?;
            output::warn(&tf("report.written", &[("path", &path.display())]));
            Ok(())
        }
        None => output::write_raw(&String::from_utf8_lossy(bytes)),
    }
}
