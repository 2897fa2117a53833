//! Dates as reps type them, in both languages (DESIGN.md §6): ISO dates,
//! 今天 明天 后天 大后天 昨天 前天, 下周一, 周五 / 星期五 (the coming one), 3天后,
//! 2周后, 12月5日, today, tomorrow, yesterday, next mon, fri, in 3 days,
//! in 2 weeks, 12-05. The caller shows the resolved date before saving.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

const WEEKDAYS: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

fn zh_weekday(c: char) -> Option<Weekday> {
    let i = "一二三四五六日天".find(c).map(|b| b / 3)?;
    Some(WEEKDAYS[i.min(6)])
}

fn en_weekday(s: &str) -> Option<Weekday> {
    let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let s = s.trim_end_matches('.');
    if s.len() < 3 {
        return None;
    }
    let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    (0..7).find(|&i| names[i] == s || full[i].starts_with(s)).map(|i| WEEKDAYS[i])
}

/// The next `day` strictly after `today` (today itself counts as a week away).
fn coming(today: NaiveDate, day: Weekday) -> NaiveDate {
    let ahead = (7 + i64::from(day.num_days_from_monday()) - i64::from(today.weekday().num_days_from_monday())) % 7;
    today + Duration::days(if ahead == 0 { 7 } else { ahead })
}

/// That weekday in next week (weeks start on Monday).
fn next_week(today: NaiveDate, day: Weekday) -> NaiveDate {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday())) + Duration::days(7);
    monday + Duration::days(i64::from(day.num_days_from_monday()))
}

/// Month and day in the coming year: this year if not yet past, else next.
fn month_day(today: NaiveDate, m: u32, d: u32) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(today.year(), m, d);
    match this {
        Some(date) if date >= today => Some(date),
        _ => NaiveDate::from_ymd_opt(today.year() + 1, m, d).or(this),
    }
}

fn number_then(s: &str, suffixes: &[&str]) -> Option<i64> {
    suffixes.iter().find_map(|suf| s.strip_suffix(suf)).and_then(|n| n.trim().parse().ok())
}

/// Resolve what the user typed against `today`.
pub fn parse(input: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = input.trim().to_lowercase();
    if s.is_empty() {
        return None;
    }
    if let Some(d) = super::fields::parse_iso_date(&s) {
        return Some(d);
    }
    let rel = |days: i64| Some(today + Duration::days(days));
    match s.as_str() {
        "今天" | "今日" | "today" | "tod" => return rel(0),
        "明天" | "明日" | "tomorrow" | "tmr" | "tmrw" => return rel(1),
        "后天" | "後天" => return rel(2),
        "大后天" => return rel(3),
        "昨天" | "yesterday" => return rel(-1),
        "前天" => return rel(-2),
        _ => {}
    }
    // 下周一 / 下星期五 / 下礼拜三
    for prefix in ["下周", "下星期", "下礼拜"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let mut chars = rest.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                return zh_weekday(c).map(|w| next_week(today, w));
            }
        }
    }
    // 周五 / 星期五 / 礼拜五: the coming one.
    for prefix in ["周", "星期", "礼拜"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let mut chars = rest.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                return zh_weekday(c).map(|w| coming(today, w));
            }
        }
    }
    if let Some(n) = number_then(&s, &["天后", "日后"]) {
        return rel(n);
    }
    if let Some(n) = number_then(&s, &["周后", "个星期后", "星期后"]) {
        return rel(7 * n);
    }
    if let Some(n) = number_then(&s, &["天前"]) {
        return rel(-n);
    }
    // 12月5日 / 12月5号
    if let Some((m, rest)) = s.split_once('月') {
        let d = rest.trim_end_matches(['日', '号']);
        return month_day(today, m.trim().parse().ok()?, d.trim().parse().ok()?);
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        ["next", "week"] => return rel(7),
        ["next", day] => return en_weekday(day).map(|w| next_week(today, w)),
        ["in", n, unit] | [n, unit, "later"] => {
            let n: i64 = n.parse().ok()?;
            return match unit.trim_end_matches('s') {
                "day" => rel(n),
                "week" => rel(7 * n),
                _ => None,
            };
        }
        [n, unit, "ago"] => {
            let n: i64 = n.parse().ok()?;
            return match unit.trim_end_matches('s') {
                "day" => rel(-n),
                "week" => rel(-7 * n),
                _ => None,
            };
        }
        [day] => {
            if let Some(w) = en_weekday(day) {
                return Some(coming(today, w));
            }
        }
        _ => {}
    }
    // 12-05 or 12/5: month and day.
    let md = s.replace('/', "-");
    if let Some((m, d)) = md.split_once('-')
        && !d.contains('-')
    {
        return month_day(today, m.parse().ok()?, d.parse().ok()?);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn everyday_words_resolve_against_a_fixed_today() {
        // 2026-11-22 is a Sunday.
        let today = d("2026-11-22");
        for (typed, want) in [
            ("2026-12-05", "2026-12-05"),
            ("2026/1/3", "2026-01-03"),
            ("今天", "2026-11-22"),
            ("明天", "2026-11-23"),
            ("后天", "2026-11-24"),
            ("大后天", "2026-11-25"),
            ("昨天", "2026-11-21"),
            ("下周一", "2026-11-23"),
            ("下周五", "2026-11-27"),
            ("下星期日", "2026-11-29"),
            ("周五", "2026-11-27"),
            ("星期五", "2026-11-27"),
            ("周日", "2026-11-29"),
            ("3天后", "2026-11-25"),
            ("2周后", "2026-12-06"),
            ("12月5日", "2026-12-05"),
            ("1月5号", "2027-01-05"),
            ("today", "2026-11-22"),
            ("Tomorrow", "2026-11-23"),
            ("next mon", "2026-11-23"),
            ("next friday", "2026-11-27"),
            ("fri", "2026-11-27"),
            ("sunday", "2026-11-29"),
            ("in 3 days", "2026-11-25"),
            ("in 2 weeks", "2026-12-06"),
            ("3 days ago", "2026-11-19"),
            ("12-05", "2026-12-05"),
            ("11/20", "2027-11-20"),
        ] {
            assert_eq!(parse(typed, today), Some(d(want)), "{typed}");
        }
    }

    #[test]
    fn from_a_wednesday_the_coming_friday_is_this_week() {
        let wed = d("2026-11-25");
        assert_eq!(parse("周五", wed), Some(d("2026-11-27")));
        assert_eq!(parse("下周五", wed), Some(d("2026-12-04")));
        assert_eq!(parse("周三", wed), Some(d("2026-12-02")), "today's weekday means next week's");
    }

    #[test]
    fn nonsense_is_refused() {
        let today = d("2026-11-22");
        for typed in ["", "soon", "下周八", "2026-02-30", "13月1日", "in 3 fortnights", "next", "mo"] {
            assert_eq!(parse(typed, today), None, "{typed}");
        }
    }
}
