//! The review's pictures (issue 10 §3), with ratatui's charts: visits and
//! calls per week for the last twelve weeks (bars), cadence compliance per
//! class (gauges), the share of goals met per week (a sparkline) and the
//! payments collected against what was to be collected (a gauge). Every
//! picture carries its numbers and labels, and filled and empty parts of a
//! gauge differ by symbol, so nothing is said by colour alone (`NO_COLOR`).
//!
//! Last, the pipeline at the week's end: open opportunities by stage, the
//! count (█) and the amount (▒) of each in proportion to the fullest
//! stage's (the funnel screen `V` draws the same bars).

use super::theme::Theme;
use super::widgets::truncate;
use crate::domain::review::Review;
use crate::domain::review_trend::Trend;
use crate::i18n::{t, tf};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Bar, BarChart, BarGroup, LineGauge, Sparkline, Widget};

/// Lines the pictures need besides the bars.
const FIXED_ROWS: u16 = 11;

fn take(area: &mut Rect, rows: u16) -> Rect {
    let rows = rows.min(area.height);
    let out = Rect { height: rows, ..*area };
    area.y += rows;
    area.height -= rows;
    out
}

fn heading(buf: &mut Buffer, area: &mut Rect, text: &str, theme: Theme) {
    let r = take(area, 1);
    if r.height > 0 {
        buf.set_string(r.x, r.y, truncate(text, r.width as usize), theme.heading());
    }
}

fn gauge(buf: &mut Buffer, area: Rect, ratio: f64, label: String) {
    LineGauge::default()
        .ratio(ratio.clamp(0.0, 1.0))
        .label(label)
        .filled_symbol("█")
        .unfilled_symbol("░")
        .render(area, buf);
}

/// The latest weeks of `trend` that fit `width` at `step` columns a week.
fn latest(trend: &Trend, width: u16, step: u16) -> &[crate::domain::review_trend::WeekPoint] {
    let fit = usize::from(width / step.max(1)).max(1);
    &trend.weeks[trend.weeks.len().saturating_sub(fit)..]
}

fn bars(buf: &mut Buffer, area: Rect, trend: &Trend, theme: Theme) {
    // Twelve weeks of two bars: 6 columns a week at 80, 9 from 110; each
    // bar as wide as its widest number (a week of 100 visits or more gets
    // three columns), and only the latest weeks that fit so: every number
    // whole, never 100 cut to 10.
    let digits = trend.weeks.iter().flat_map(|w| [w.visits, w.calls]).map(|n| n.to_string().len()).max().unwrap_or(1);
    let wide = u16::try_from(digits).unwrap_or(u16::MAX).max(2);
    let (width, group_gap) = if area.width >= 110 { (wide.max(3), 1) } else { (wide, 0) };
    let step = 2 * (width + 1) + group_gap;
    let weeks = latest(trend, area.width, step);
    let (v, c) = (t("review.bar_visit"), t("review.bar_call"));
    // The numbers go on a row of their own under the bars, never over
    // them: the bars are drawn a row shorter, the two label rows moved
    // down one, the numbers written in the row freed.
    let groups: Vec<BarGroup<'_>> = weeks
        .iter()
        .map(|w| {
            BarGroup::default().label(w.short()).bars(&[
                Bar::default().value(u64::from(w.visits)).text_value("").label(v),
                Bar::default().value(u64::from(w.calls)).text_value("").label(c).style(theme.dim()),
            ])
        })
        .collect();
    let mut chart = BarChart::default().bar_width(width).bar_gap(1).group_gap(group_gap);
    for g in groups {
        chart = chart.data(g);
    }
    if area.height < 4 {
        chart.render(area, buf);
        return;
    }
    chart.render(Rect { height: area.height - 1, ..area }, buf);
    let bottom = area.y + area.height - 1;
    for y in [bottom, bottom - 1] {
        for x in area.x..area.x + area.width {
            let cell = buf[(x, y - 1)].clone();
            buf[(x, y)] = cell;
        }
    }
    let numbers_at = bottom - 2;
    for x in area.x..area.x + area.width {
        buf[(x, numbers_at)].reset();
    }
    for (g, w) in weeks.iter().enumerate() {
        for (k, n) in [w.visits, w.calls].into_iter().enumerate() {
            let Ok(g) = u16::try_from(g) else { break };
            let x = area.x + g * step + u16::try_from(k).unwrap_or(0) * (width + 1);
            if x + width > area.x + area.width {
                break;
            }
            let style = if k == 0 { ratatui::style::Style::new() } else { theme.dim() };
            buf.set_string(x, numbers_at, n.to_string(), style);
        }
    }
}

fn goals_trend(buf: &mut Buffer, area: &mut Rect, trend: &Trend) {
    // Five columns a week: the sparkline's four and a gap, the per cent
    // below it (`100%` whole); the latest weeks that fit.
    let mut data: Vec<Option<u64>> = Vec::new();
    let mut numbers = String::new();
    for w in latest(trend, area.width, 5) {
        let p = w.met_percent();
        data.extend(std::iter::repeat_n(p.map(u64::from), 4));
        data.push(None);
        let cell = p.map_or_else(|| "—".to_string(), |p| format!("{p}%"));
        numbers.push_str(&crate::text::pad(&format!("{cell:>4}"), 5));
    }
    let spark = take(area, 1);
    Sparkline::default().data(data).max(100).absent_value_symbol(" ").render(spark, buf);
    let r = take(area, 1);
    if r.height > 0 {
        buf.set_string(r.x, r.y, truncate(&numbers, r.width as usize), ratatui::style::Style::new());
    }
}

/// The rows the pictures of `r` need to show everything: the fixed lines,
/// the funnel's heading and a line per stage, and the bars at their least.
pub fn height_needed(r: &Review) -> u16 {
    let stages = u16::try_from(r.facts.figures.funnel.stages.len()).unwrap_or(u16::MAX);
    FIXED_ROWS.saturating_add(1).saturating_add(stages).saturating_add(4)
}

/// Draw the pictures of the review `r` (its facts frozen when closed) and
/// the trend ending with its week into `area`.
pub fn render(buf: &mut Buffer, area: Rect, theme: Theme, r: &Review, trend: &Trend) {
    let mut rest = area;
    heading(buf, &mut rest, t("review.pic_bars"), theme);
    let stages = u16::try_from(r.facts.figures.funnel.stages.len()).unwrap_or(u16::MAX);
    let fixed = FIXED_ROWS.saturating_add(1).saturating_add(stages);
    let bar_rows = area.height.saturating_sub(fixed).clamp(4, 14);
    bars(buf, take(&mut rest, bar_rows), trend, theme);

    heading(buf, &mut rest, t("review.pic_compliance"), theme);
    for c in &r.facts.compliance {
        let row = take(&mut rest, 1);
        if row.height == 0 {
            break;
        }
        // Of those judged: the ones still due this week are neither met
        // nor missed, and said beside the share.
        let share = c.percent().map_or_else(|| "—".to_string(), |p| format!("{p}%"));
        let judged = c.judged();
        let ratio = if judged == 0 { 0.0 } else { f64::from(c.met) / f64::from(judged) };
        let mut label = format!("{}  {:>4}/{:<4} {share:>4}", c.class.as_str(), c.met, judged);
        if c.pending > 0 {
            label = format!("{label} {}", tf("review.pic_pending", &[("pending", &c.pending)]));
        }
        gauge(buf, row, ratio, label);
    }

    heading(buf, &mut rest, t("review.pic_goals"), theme);
    goals_trend(buf, &mut rest, trend);

    let f = &r.facts.figures;
    heading(buf, &mut rest, t("review.pic_payments"), theme);
    let due = f.owed_before.saturating_add(f.sales);
    let money = crate::domain::fields::format_money;
    let ratio = if due > 0 { f.collected as f64 / due as f64 } else { 0.0 };
    let share = crate::domain::figures::rounded_share(i128::from(f.collected), i128::from(due), 100)
        .map_or_else(|| "—".to_string(), |p| format!("{p}%"));
    let row = take(&mut rest, 1);
    if row.height > 0 {
        gauge(
            buf,
            row,
            ratio,
            tf("review.pic_collected", &[("collected", &money(f.collected)), ("due", &money(due)), ("share", &share)]),
        );
    }
    let row = take(&mut rest, 1);
    if row.height > 0 {
        let text = tf("review.pic_owed", &[("owed", &money(f.owed)), ("overdue", &money(f.overdue))]);
        buf.set_string(row.x, row.y, truncate(&text, row.width as usize), theme.dim());
    }
    funnel(buf, &mut rest, &r.facts.figures.funnel, theme);
}

/// The open opportunities by stage: label, the two bars, count and
/// amount, and what moved in and out of it this week (`+in −out`, as the
/// funnel screen writes it).
fn funnel(buf: &mut Buffer, area: &mut Rect, f: &crate::domain::funnel::FunnelFigures, theme: Theme) {
    use unicode_width::UnicodeWidthStr;
    heading(buf, area, t("review.pic_funnel"), theme);
    let label_w = f.stages.iter().map(|s| s.label.width()).max().unwrap_or(4).clamp(4, 16);
    let half = if area.width >= 100 { 15 } else { 8 };
    let most =
        (f.stages.iter().map(|s| s.count).max().unwrap_or(0), f.stages.iter().map(|s| s.amount).max().unwrap_or(0));
    // Short of rows: the last one says how many stages are left out.
    let fits = usize::from(area.height);
    for (i, s) in f.stages.iter().enumerate() {
        let row = take(area, 1);
        if row.height == 0 {
            break;
        }
        if i + 1 == fits && f.stages.len() > fits {
            let more = tf("review.pic_funnel_more", &[("count", &(f.stages.len() - i))]);
            buf.set_string(row.x, row.y, truncate(&more, row.width as usize), theme.dim());
            break;
        }
        let label = crate::text::pad(&crate::text::ellipsize(&crate::text::one_line(&s.label), label_w), label_w);
        let bar = crate::domain::funnel::stage_bar(s.count, s.amount, most, half);
        // The amount never cut: a wider one pushes the moves along.
        let money = crate::domain::fields::format_money(s.amount);
        let moves = tf("funnel.sheet_moves", &[("in", &s.moved_in), ("out", &s.moved_out)]);
        let text = format!("{label} {bar} {:>3}  {money:<14} {moves}", s.count);
        buf.set_string(row.x, row.y, truncate(&text, row.width as usize), ratatui::style::Style::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::review_trend::WeekPoint;

    /// Twelve weeks, the last ones busy: 100 % of goals met, 104 visits.
    fn trend() -> Trend {
        let first = chrono::NaiveDate::from_ymd_opt(2026, 9, 7).unwrap_or_default();
        let weeks = (0..12_u32)
            .map(|i| {
                let (visits, calls) = if i >= 10 { (104, 7) } else { (20 + i, 9) };
                let goals_met = if i >= 10 { visits + calls } else { 79 * (visits + calls) / 100 };
                let monday = first + chrono::Duration::weeks(i64::from(i));
                WeekPoint { monday, visits, calls, goals_met }
            })
            .collect();
        Trend { weeks }
    }

    fn row(buf: &Buffer, y: u16) -> String {
        (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>().trim_end().to_string()
    }

    #[test]
    fn every_per_cent_and_count_shows_whole_at_any_width() {
        crate::i18n::set_lang(crate::i18n::Lang::En);
        let trend = trend();
        for width in [80_u16, 60, 40, 23, 12] {
            let mut buf = Buffer::empty(Rect::new(0, 0, width, 2));
            let mut area = buf.area;
            goals_trend(&mut buf, &mut area, &trend);
            let numbers = row(&buf, 1);
            for cell in numbers.split_whitespace() {
                assert!(cell.ends_with('%') || cell == "—", "{cell:?} cut at {width}: {numbers:?}");
            }
            assert!(numbers.ends_with("100%"), "the latest week shows: {numbers:?}");
            let area = Rect::new(0, 0, width, 8);
            let mut buf = Buffer::empty(area);
            bars(&mut buf, area, &trend, Theme::plain());
            let counts = row(&buf, 5);
            assert!(counts.contains("104"), "a count of 104 whole at {width}: {counts:?}");
            assert!(!counts.split_whitespace().any(|c| c == "10"), "104 cut to 10 at {width}: {counts:?}");
        }
    }
}
