//! Numbers as Chinese dates write them: digits or numerals (`十五`, `两`,
//! `一百零五`, `廿五`), years digit by digit (`二〇二六`), and the rough
//! counts a rep says (`两三天`, `几天`, `一个多月`).

use super::DateError;
use super::calendar::full_year;

/// A count or a day written in digits (`15`, `-3`) or in Chinese numerals
/// (`十五`, `两`, `一百零五`, `二〇二六`); `None` when it is not a number.
/// A number too large to compute with is out of range.
pub(super) fn number(s: &str) -> Option<Result<i64, DateError>> {
    if s.is_empty() {
        return None;
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(s.parse().map_err(|_| DateError::OutOfRange));
    }
    chinese_number(s)
}

/// A year as written before 年: digits or Chinese numerals, Chinese digits
/// read one by one (`二〇二六`, `二六`: years alone are written so), two-digit
/// years read as [`full_year`] says (`26年` is 2026, `九〇年` is 1990).
pub(super) fn year(s: &str) -> Option<Result<i64, DateError>> {
    let digits = s.chars().count();
    let two = digits == 2 && s.chars().all(|c| c.is_ascii_digit() || digit(c).is_some());
    let run = digits > 1 && s.chars().all(|c| digit(c).is_some());
    let n = if run {
        let n = s.chars().try_fold(0i64, |n, c| n.checked_mul(10)?.checked_add(digit(c)?));
        Some(n.ok_or(DateError::OutOfRange))
    } else {
        number(s)
    };
    n.map(|n| n.map(|y| if two { full_year(y, 2) } else { y }))
}

/// A count as a rep says it (`三天后`, `两三天后`, `几天后`, `一个多月后`):
/// a number; two neighbouring digits are a rough range and mean the
/// earlier (`三四天` is three days, `三两天` two: a follow-up is better
/// early than late); 几 alone is three; a count with 多 after it (`一个多月`,
/// `十多天`) is that count. A rough count of tens (`十几天`, `几十天`) spans
/// more than a week and is refused: never guessed.
pub(super) fn rough_count(s: &str) -> Option<Result<i64, DateError>> {
    if s == "几" {
        return Some(Ok(3));
    }
    if let Some(n) = s.strip_suffix('多').filter(|n| !n.is_empty()) {
        return number(n);
    }
    let mut chars = s.chars();
    if let (Some(a), Some(b), None) = (chars.next(), chars.next(), chars.next())
        && let (Some(x), Some(y)) = (digit(a), digit(b))
        && x.abs_diff(y) == 1
        && x.min(y) > 0
    {
        return Some(Ok(x.min(y)));
    }
    number(s)
}

fn digit(c: char) -> Option<i64> {
    "零一二三四五六七八九".chars().position(|d| d == c).map(|i| i as i64).or(match c {
        '〇' => Some(0),
        '两' | '兩' => Some(2),
        _ => None,
    })
}

fn chinese_number(s: &str) -> Option<Result<i64, DateError>> {
    let units = |c: char| match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    };
    // 廿 and 卅 are twenty and thirty, as dates write them (廿五号).
    let s = s.replace('廿', "二十").replace('卅', "三十");
    if !s.chars().all(|c| digit(c).is_some() || units(c).is_some() || c == '万') {
        return None;
    }
    // Digits side by side (三四, 二六) are a rough count or a year, read by
    // [`rough_count`] and [`year`]; as a number they are none.
    if s.chars().zip(s.chars().skip(1)).any(|(a, b)| digit(a).is_some_and(|d| d != 0) && digit(b).is_some()) {
        return None;
    }
    let (mut total, mut section, mut pending): (i64, i64, Option<i64>) = (0, 0, None);
    for c in s.chars() {
        if let Some(d) = digit(c) {
            pending = Some(d);
        } else if let Some(u) = units(c) {
            let part = pending.take().unwrap_or(1).checked_mul(u);
            section = match part.and_then(|p| section.checked_add(p)) {
                Some(v) => v,
                None => return Some(Err(DateError::OutOfRange)),
            };
        } else {
            // 万
            let sum = section.checked_add(pending.take().unwrap_or(0)).and_then(|s| total.checked_add(s));
            total = match sum.and_then(|s| s.checked_mul(10_000)) {
                Some(v) => v,
                None => return Some(Err(DateError::OutOfRange)),
            };
            section = 0;
        }
    }
    let n = total.checked_add(section).and_then(|n| n.checked_add(pending.unwrap_or(0)));
    Some(n.ok_or(DateError::OutOfRange))
}

/// A day or month number: anything else (a number of days as a day of the
/// month) is not a date.
pub(super) fn small(s: &str) -> Option<Result<u32, DateError>> {
    number(s).map(|n| n.ok().and_then(|n| u32::try_from(n).ok()).ok_or(DateError::Unreadable))
}
