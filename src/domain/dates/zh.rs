//! Chinese date phrases. The text arrives lower-cased, NFKC-folded (so
//! full-width digits are ASCII) and with its spaces removed.
//!
//! | family | examples | meaning |
//! |---|---|---|
//! | days | 今天 明天 后天 大后天 昨天 前天 大前天 | ±0–3 days |
//! | rough counts | 两三天后 三四天后 一两周后 几天后 过几天 一个多月后 十多天后 前两天 | the earlier of two neighbouring numbers (never 34); 几 is 3; 多 after a count is the count; 前两天 is two days back; 十几天 and 几十天 are refused |
//! | counts | 3天后 三天后 十五日后 两周后 2个星期后 一个月后 半个月后 一周半后 一个半月后 1.5个月后 半年后 1年后 两年半后, 3天内 一周之内, 3天前 两周前 一个月前 | ± that many days, weeks, calendar months (半个月 = 15 days, 一周半 = 10 days), years; within (内) is by the last of them |
//! | weekdays | 周五 星期五 礼拜天 | the coming one: today when today is that day |
//! | weeks | 本周五 这周五 上周五 下周五 下下周三 上上周一, 下周 上周, 周末 周初 下周初 | that day in this / last / next / after-next calendar week, Monday first; 下周 alone is 7 days on; 周末 is Saturday, 周初 Monday |
//! | months | 月底 月末 月初 月中 上旬 中旬 下旬, 本月底 上个月底 下月初 下个月上旬 下个月5号 下个月的5号 本月的20号 下个月 | 月底 is this month's last day; bare 月初 / 月中 / 上旬 / 中旬 / 下旬 are the coming 1st / 15th / 5th / 15th / 25th; with 本 / 上 / 下 they are that month's; 下个月 alone is the same day next month |
//! | dates | 12月5日 12月5号 12月的5号 十二月五日 2026年12月5日 26年12月5日 明年3月1日 | 的 after the month changes nothing; a date with no year is the coming one; a two-digit year is 2000–2069 or 1970–1999 |
//! | years, quarters | 年底 今年底 明年底 年初 明年初 年中 明年年中, 季度末 本季度末 下季度初 季初 | the last / first day of that year or quarter (quarters start in January, April, July, October); 年中 is 30 June, the half-year; bare 年初 / 年中 / 季初 are the coming one |
//! | more | 第三天 第五天 (today is the first: 第二天 is tomorrow), 次周一 次月初 (次 is next), 下周星期三, 下个月月底, 廿五号 廿号 (廿 is twenty, 卅 thirty) | as said |
//! | a named month's part | 12月底 十一月初 3月中 12月上旬 3月下旬 明年2月底 2027年1月初 | that month's last / first / 15th day (上旬 the 5th, 中旬 the 15th, 下旬 the 25th); with no year, the coming one |
//! | day only | 5号 5日 | the coming 5th of a month |
//! | with a time or a deadline | 下周五下午 明天上午 明早, 月底前 下周三之前 | the day itself: the hour belongs to the time field, and "by Friday" is Friday |
//! | within a period | 本周内 下周内 本月内 月内 下个月内 本季度内 年内 明年内 | the last day of that week (Sunday), month, quarter or year |

use super::calendar::{Half, Part, and_a_half, coming_part, part_of};
use super::calendar::{
    WEEKDAYS, add_months, add_years, coming, coming_day, coming_month_day, coming_start, day_in_month, in_week,
    month_end, offset, quarter_end, quarter_start, shift, working_days, year_end, year_start, ymd,
};
use super::zh_numbers::{number, rough_count, small, year};
use super::{DateError, Resolved, Written};
use chrono::{Datelike, NaiveDate, Weekday};

fn weekday(s: &str) -> Option<Weekday> {
    let mut chars = s.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else { return None };
    let i = "一二三四五六日".chars().position(|d| d == c).or_else(|| "1234567".chars().position(|d| d == c));
    i.or((c == '天').then_some(6)).map(|i| WEEKDAYS[i])
}

/// Resolve a Chinese phrase; `None` when it is none of the families above.
/// A deadline word after the day (`月底前`, `下周三之前`) means that day
/// (a time of day after it is read in `super::resolve`).
pub(super) fn resolve(s: &str, today: NaiveDate) -> Option<Resolved> {
    // 下个月的5号, 本月的20号, 12月的5日: 的 between a month and its day
    // is said as often as not, and means nothing more.
    // (下个月的 alone is unfinished, not 下个月.)
    let s = &if s.ends_with("月的") { s.to_string() } else { s.replace("月的", "月") };
    let before = |s: &str| {
        let day = ["之前", "以前", "前"].iter().find_map(|x| s.strip_suffix(x)).filter(|d| !d.is_empty())?;
        phrase(day, today)
    };
    phrase(s, today).or_else(|| before(s)).or_else(|| within(s, today))
}

/// 本周内, 本月内, 下个月内, 年内: by the end of that week, month or year.
fn within(s: &str, today: NaiveDate) -> Option<Resolved> {
    let period = ["之内", "以内", "内"].iter().find_map(|x| s.strip_suffix(x))?;
    let (n, rest) = marked(period);
    let n = n.unwrap_or(0);
    Some(match rest {
        "周" | "星期" | "礼拜" | "个星期" | "个礼拜" => in_week(today, n, Weekday::Sun),
        "月" => month_end(today, n),
        "季度" | "季" => quarter_end(today, n),
        _ => match period {
            "年" | "今年" | "本年" => year_end(today, 0),
            "明年" => year_end(today, 1),
            _ => return None,
        },
    })
}

fn phrase(s: &str, today: NaiveDate) -> Option<Resolved> {
    let days = match s {
        "今天" | "今日" | "今儿" | "今早" | "今晚" => Some(0),
        "明天" | "明日" | "明儿" | "明早" | "明晚" | "隔天" | "第二天" | "次日" | "翌日" => Some(1),
        "后天" | "後天" | "过两天" | "過兩天" => Some(2),
        "大后天" | "大後天" => Some(3),
        "昨天" | "昨日" | "昨儿" | "昨晚" => Some(-1),
        "前天" => Some(-2),
        "大前天" => Some(-3),
        _ => None,
    };
    if let Some(n) = days {
        return Some(shift(today, n));
    }
    // 第三天, 第五天: counted from today as the first (第二天 is tomorrow).
    if let Some(n) = s.strip_prefix('第').and_then(|r| r.strip_suffix('天')).and_then(number) {
        return Some(n.and_then(|n| if n >= 1 { offset(today, n - 1, 1) } else { Err(DateError::Unreadable) }));
    }
    counted(s, today)
        .or_else(|| super::zh_festivals::resolve(s, today))
        .or_else(|| dated(s, today))
        .or_else(|| month_part(s, today))
        .or_else(|| week(s, today))
        .or_else(|| month(s, today))
        .or_else(|| year_or_quarter(s, today))
        .or_else(|| day_only(s, today))
}

/// 年底, 今年底, 明年初, 季度末, 下季度初.
fn year_or_quarter(s: &str, today: NaiveDate) -> Option<Resolved> {
    let years: [(&str, i64); 7] =
        [("今年", 0), ("本年", 0), ("明年", 1), ("去年", -1), ("后年", 2), ("前年", -2), ("年", 0)];
    if let Some((n, rest)) = years.iter().find_map(|(w, n)| s.strip_prefix(w).map(|r| (*n, r))) {
        let bare = s.starts_with('年');
        // 明年年中, 今年年底: the year named twice.
        let rest = rest.strip_prefix('年').filter(|r| !bare && !r.is_empty()).unwrap_or(rest);
        return Some(match rest {
            "" if n != 0 && !bare => add_years(today, n),
            "底" | "末" => year_end(today, n),
            "初" if bare => coming_start(today, year_start),
            "初" => year_start(today, n),
            // 年中: the middle of the year, the end of June (the half-year).
            "中" if bare => coming_month_day(today, 6, 30),
            "中" => i64::from(today.year()).checked_add(n).ok_or(DateError::OutOfRange).and_then(|y| ymd(y, 6, 30)),
            _ => return None,
        });
    }
    let (quarters, rest) = marked(s);
    let rest = ["季度", "季"].iter().find_map(|w| rest.strip_prefix(w))?;
    Some(match (quarters, rest) {
        (Some(n), "") if n != 0 => add_months(today, n.checked_mul(3)?),
        (n, "末" | "底") => quarter_end(today, n.unwrap_or(0)),
        (None, "初") => coming_start(today, quarter_start),
        (Some(n), "初") => quarter_start(today, n),
        _ => return None,
    })
}

type Step = fn(NaiveDate, i64) -> Resolved;

/// 3天后, 两周前, 一个月后, 半年后.
fn counted(s: &str, today: NaiveDate) -> Option<Resolved> {
    // 过几天, 过三四天: that many days on; 前两天, 前几天: that many back.
    for (word, sign) in [("过", 1), ("過", 1), ("前", -1)] {
        if let Some(n) = s.strip_prefix(word).and_then(|r| r.strip_suffix('天')).and_then(rough_count) {
            return Some(
                n.and_then(|n| n.checked_mul(sign).ok_or(DateError::OutOfRange)).and_then(|n| offset(today, n, 1)),
            );
        }
    }
    // 3天内 (within three days): by then, the last of them.
    let after =
        ["以后", "之后", "以内", "之内", "后", "後", "内"].iter().find_map(|x| s.strip_suffix(x)).map(|b| (b, 1));
    let before = || ["以前", "之前", "前"].iter().find_map(|x| s.strip_suffix(x)).map(|b| (b, -1));
    let (body, sign) = after.or_else(before)?;
    // 半个月, 一周半, 一个半月, 两年半, 1.5个月: a count and a half.
    if let Some((n, unit)) = halved(body) {
        return Some(n.and_then(|n| and_a_half(today, n, unit, sign)));
    }
    // 两个工作日后: working days, Monday to Friday.
    if let Some(n) = ["个工作日", "工作日"].iter().find_map(|u| body.strip_suffix(u)).and_then(rough_count) {
        return Some(
            n.and_then(|n| n.checked_mul(sign).ok_or(DateError::OutOfRange)).and_then(|n| working_days(today, n)),
        );
    }
    // 一个多月, 一年多: a little more than the count is the count.
    let body = body.replacen("个多", "个", 1);
    let body = body.strip_suffix('多').unwrap_or(&body);
    let units: [(&str, Step); 9] = [
        ("天", |t, n| offset(t, n, 1)),
        ("日", |t, n| offset(t, n, 1)),
        ("个星期", |t, n| offset(t, n, 7)),
        ("星期", |t, n| offset(t, n, 7)),
        ("个礼拜", |t, n| offset(t, n, 7)),
        ("礼拜", |t, n| offset(t, n, 7)),
        ("周", |t, n| offset(t, n, 7)),
        ("个月", add_months),
        ("年", add_years),
    ];
    units.iter().find_map(|(unit, step)| {
        let n = rough_count(body.strip_suffix(unit)?)?;
        Some(n.and_then(|n| n.checked_mul(sign).ok_or(DateError::OutOfRange)).and_then(|n| step(today, n)))
    })
}

/// A count and a half: 半个月 / 半年 / 半周 (a half alone), 一周半 /
/// 一个半星期 / 一个半月 / 两年半 / 一天半, and the same with a decimal
/// (1.5个月, 2.5周).
fn halved(body: &str) -> Option<(Result<i64, DateError>, Half)> {
    const AFTER: [(&str, &str, Half); 8] = [
        ("天半", "天", Half::Day),
        ("周半", "周", Half::Week),
        ("个半星期", "个星期", Half::Week),
        ("星期半", "星期", Half::Week),
        ("个半礼拜", "个礼拜", Half::Week),
        ("礼拜半", "礼拜", Half::Week),
        ("个半月", "个月", Half::Month),
        ("年半", "年", Half::Year),
    ];
    const ALONE: [(&str, Half); 7] = [
        ("半周", Half::Week),
        ("半个星期", Half::Week),
        ("半个礼拜", Half::Week),
        ("半个月", Half::Month),
        ("半月", Half::Month),
        ("半年", Half::Year),
        ("半载", Half::Year),
    ];
    if let Some((_, unit)) = ALONE.iter().find(|(w, _)| *w == body) {
        return Some((Ok(0), *unit));
    }
    AFTER.iter().find_map(|(half, whole, unit)| {
        let n = body.strip_suffix(half).or_else(|| body.strip_suffix(whole)?.strip_suffix(".5"))?;
        Some((number(n)?, *unit))
    })
}

/// 12月5日, 十二月五号, 2026年12月5日, 明年3月1日.
fn dated(s: &str, today: NaiveDate) -> Option<Resolved> {
    let years: [(&str, i64); 6] = [("今年", 0), ("本年", 0), ("明年", 1), ("去年", -1), ("后年", 2), ("前年", -2)];
    if let Some((n, rest)) = years.iter().find_map(|(w, n)| s.strip_prefix(w).map(|r| (*n, r))) {
        let (year, m, d) = match month_day(rest)? {
            Ok((None, m, d)) => (i64::from(today.year()).checked_add(n), m, d),
            Ok(_) | Err(_) => return Some(Err(DateError::Unreadable)),
        };
        return Some(year.ok_or(DateError::OutOfRange).and_then(|y| ymd(y, m, d)));
    }
    Some(month_day(s)?.and_then(|(y, m, d)| match y {
        Some(y) => ymd(y, m, d),
        None => coming_month_day(today, m, d),
    }))
}

/// 12月底, 十一月初, 3月中, 明年2月底, 2027年1月初.
fn month_part(s: &str, today: NaiveDate) -> Option<Resolved> {
    let years: [(&str, i64); 6] = [("今年", 0), ("本年", 0), ("明年", 1), ("去年", -1), ("后年", 2), ("前年", -2)];
    let (year, rest) = match years.iter().find_map(|(w, n)| s.strip_prefix(w).map(|r| (*n, r))) {
        Some((n, rest)) => (Some(i64::from(today.year()).checked_add(n).ok_or(DateError::OutOfRange)), rest),
        None => match s.split_once('年') {
            Some((y, rest)) => (Some(year(y)?), rest),
            None => (None, s),
        },
    };
    let (m, part) = rest.split_once('月')?;
    let part = month_part_word(part)?;
    let m = small(m)?;
    Some(m.and_then(|m| match year {
        Some(y) => y.and_then(|y| part_of(y, m, part)),
        None if (1..=12).contains(&m) => coming_part(today, m, part),
        None => Err(DateError::Unreadable),
    }))
}

/// 初, 中, 底, 上旬, 中旬, 下旬: a part of a month.
fn month_part_word(s: &str) -> Option<Part> {
    Some(match s {
        "" | "初" => Part::Start,
        "中" | "中旬" => Part::Mid,
        "底" | "末" => Part::End,
        "上旬" => Part::Day(5),
        "下旬" => Part::Day(25),
        _ => return None,
    })
}

/// `12月5日`, `十二月五号`, `2026年12月5日`: year (if written), month, day.
pub(super) fn month_day(s: &str) -> Written {
    let (year, rest) = match s.split_once('年') {
        Some((y, rest)) => (Some(self::year(y)?), rest),
        None => (None, s),
    };
    let (m, d) = rest.split_once('月')?;
    let m = small(m)?;
    let d = d.strip_prefix('的').unwrap_or(d);
    let d = small(d.strip_suffix(['日', '号', '號']).unwrap_or(d))?;
    let (Ok(m), Ok(d)) = (m, d) else { return Some(Err(DateError::Unreadable)) };
    Some(match year {
        Some(Ok(y)) => Ok((Some(y), m, d)),
        Some(Err(e)) => Err(e),
        None => Ok((None, m, d)),
    })
}

const MARKERS: [(&str, i64); 12] = [
    ("下下个", 2),
    ("下下", 2),
    ("下个", 1),
    ("下", 1),
    ("上上个", -2),
    ("上上", -2),
    ("上个", -1),
    ("上", -1),
    ("这个", 0),
    ("这", 0),
    ("本", 0),
    // 次周一, 次月: the next (次日 is read before, as a day).
    ("次", 1),
];

fn marked(s: &str) -> (Option<i64>, &str) {
    MARKERS.iter().find_map(|(m, n)| s.strip_prefix(m).map(|r| (Some(*n), r))).unwrap_or((None, s))
}

/// The words for a week.
const WEEK: [&str; 5] = ["星期", "礼拜", "禮拜", "周", "週"];

/// 周五, 本周五, 上周五, 下下周三, 下周, 周末.
fn week(s: &str, today: NaiveDate) -> Option<Resolved> {
    let (weeks, rest) = marked(s);
    let rest = WEEK.iter().find_map(|w| rest.strip_prefix(w))?;
    // 下周星期三, 本周礼拜五: the week, then the weekday in full.
    let rest = WEEK.iter().find_map(|w| rest.strip_prefix(w).filter(|r| weekday(r).is_some())).unwrap_or(rest);
    let day = match rest {
        "末" => Weekday::Sat,
        "初" => Weekday::Mon,
        "中" => Weekday::Wed,
        _ => weekday(rest).or_else(|| rest.is_empty().then_some(Weekday::Mon))?,
    };
    Some(match (weeks, rest.is_empty()) {
        (Some(n), true) => offset(today, n, 7),
        (None, true) => return None,
        (Some(n), false) => in_week(today, n, day),
        (None, false) => coming(today, day),
    })
}

/// 月底, 月初, 本月底, 上个月底, 下月初, 下个月5号, 下个月, 下旬, 下个月上旬.
fn month(s: &str, today: NaiveDate) -> Option<Resolved> {
    // 上旬, 下旬 alone: the coming one.
    if let Some(part) = month_part_word(s).filter(|_| s.ends_with('旬')) {
        return part.coming(today);
    }
    let (months, rest) = marked(s);
    let rest = match months {
        Some(_) => rest.strip_prefix('月')?,
        None => s.strip_prefix('月')?,
    };
    // 下个月月底, 本月月初: the month named twice.
    let rest = rest.strip_prefix('月').filter(|r| !r.is_empty() && month_part_word(r).is_some()).unwrap_or(rest);
    if rest.is_empty() {
        // 下个月 alone: the same day a month on; 月 alone is no date.
        return months.map(|m| add_months(today, m));
    }
    if let Some(part) = month_part_word(rest) {
        return Some(match months {
            Some(m) => part.in_month(today, m),
            None => part.coming(today).unwrap_or_else(|| month_end(today, 0)),
        });
    }
    Some(match (months, rest) {
        (Some(m), "") => add_months(today, m),
        (Some(m), day) => {
            let d = small(day.strip_suffix(['日', '号', '號']).unwrap_or(day))?;
            d.and_then(|d| day_in_month(today, m, d))
        }
        (None, _) => return None,
    })
}

/// 5号, 5日, 十五号: the coming such day of a month.
fn day_only(s: &str, today: NaiveDate) -> Option<Resolved> {
    let d = small(s.strip_suffix(['日', '号', '號'])?)?;
    Some(d.and_then(|d| coming_day(today, d)))
}
