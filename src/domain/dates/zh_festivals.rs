//! Festivals and lunar dates, as reps set follow-ups by them: `春节后`
//! (when work starts again after the Spring Festival), `中秋前`, `明年端午`,
//! `正月初八`, `农历八月十五`, `腊月二十三`, `初八`. The lunar calendar comes
//! from `lunar-lite` (tables and astronomy checked against tyme4rs).
//!
//! | phrase | meaning |
//! |---|---|
//! | 元旦 五一 劳动节 国庆 国庆节 十一 圣诞 圣诞节 | 1 January, 1 May, 1 October, 25 December |
//! | 春节 过年 大年初一 元宵 元宵节 端午 端午节 七夕 中秋 中秋节 重阳 重阳节 腊八 小年 除夕 | lunar 1/1, 1/15, 5/5, 7/7, 8/15, 9/9, 12/8, 12/23; 除夕 the day before 1/1 |
//! | with 今年 明年 后年 去年 2027年 before | that year's (the lunar year that starts in it) |
//! | with 后 之后 以后 过后 after | when work starts again: 春节后 is 初八, 国庆后 8 October, 五一后 6 May, the others the next day |
//! | 正月初八 农历八月十五 腊月二十三 冬月初一 三月初三 | that lunar month and day, the coming one (正 is the first month, 冬 the eleventh, 腊 the twelfth) |
//! | 初八 十五 (lunar days with 初, or after 农历) | the coming lunar day of that number |
//!
//! | 清明 清明节 | the solar term, 4 or 5 April (read for 2000–2099) |
//!
//! Bare names are the coming one: today when today is the day. A date
//! before the holiday (`中秋前`) is the day itself, as every deadline is.

use super::calendar::shift;
use super::zh_numbers::number;
use super::{DateError, Resolved};
use chrono::{Datelike, NaiveDate};
use lunar_lite::{LunarDate, SolarDate, lunar_to_solar, solar_to_lunar};

/// A day a festival falls on.
#[derive(Clone, Copy)]
enum On {
    Solar(u32, u32),
    Lunar(u8, u8),
    /// 除夕: the day before the lunar new year.
    Eve,
    /// 清明: the solar term, 4 or 5 April.
    Qingming,
}

/// Names, day, and days from the day to when work starts again.
const FESTIVALS: [(&[&str], On, i64); 14] = [
    (&["元旦"], On::Solar(1, 1), 1),
    (&["五一", "劳动节", "五一劳动节"], On::Solar(5, 1), 5),
    (&["国庆", "国庆节", "十一", "十一长假"], On::Solar(10, 1), 7),
    (&["圣诞", "圣诞节"], On::Solar(12, 25), 1),
    (&["清明", "清明节"], On::Qingming, 1),
    (&["春节", "过年", "大年初一", "新年"], On::Lunar(1, 1), 7),
    (&["元宵", "元宵节"], On::Lunar(1, 15), 1),
    (&["端午", "端午节"], On::Lunar(5, 5), 1),
    (&["七夕", "七夕节"], On::Lunar(7, 7), 1),
    (&["中秋", "中秋节"], On::Lunar(8, 15), 1),
    (&["重阳", "重阳节"], On::Lunar(9, 9), 1),
    (&["腊八", "腊八节"], On::Lunar(12, 8), 1),
    (&["小年"], On::Lunar(12, 23), 1),
    (&["除夕", "大年三十", "年三十"], On::Eve, 8),
];

/// The coming day of a lunar month and day written as a birthday is
/// (`农历八月十五`, `阴历腊月初八`, `正月初八`), which repbook keeps by the
/// Gregorian calendar: `None` when `input` is no lunar month and day.
pub fn lunar_birthday(input: &str, today: NaiveDate) -> Option<NaiveDate> {
    let folded: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let s = folded.strip_prefix("阴历").map_or(folded.clone(), |r| format!("农历{r}"));
    lunar_month_day(&s)?;
    resolve(&s, today)?.ok()
}

/// Resolve a festival or lunar date; `None` when `s` is neither.
pub(super) fn resolve(s: &str, today: NaiveDate) -> Option<Resolved> {
    let owned;
    let s = if let Some(r) = s.strip_prefix("阴历") {
        owned = format!("农历{r}");
        owned.as_str()
    } else {
        s
    };
    let (year, rest) = year_prefix(s, today)?;
    let (rest, after) = ["过后", "之后", "以后", "后"]
        .iter()
        .find_map(|x| rest.strip_suffix(x))
        .filter(|r| !r.is_empty())
        .map_or((rest, false), |r| (r, true));
    if let Some((_, on, resume)) = FESTIVALS.iter().find(|(names, _, _)| names.contains(&rest)) {
        let day = match year {
            Some(y) => on_in(*on, y),
            None => coming(|y| on_in(*on, y), today),
        };
        return Some(if after { day.and_then(|d| shift(d, *resume)) } else { day });
    }
    if after {
        return None;
    }
    if let Some((month, day)) = lunar_month_day(rest) {
        return Some(match year {
            Some(y) => on_in(On::Lunar(month, day), y),
            None => coming(|y| on_in(On::Lunar(month, day), y), today),
        });
    }
    // 初八, 农历十五: the coming lunar day of that number.
    let day = rest
        .strip_prefix("农历")
        .map_or_else(|| rest.starts_with('初').then(|| lunar_day(rest)).flatten(), lunar_day)?;
    if year.is_some() {
        return None;
    }
    Some(coming_lunar_day(day, today))
}

/// 今年, 明年, 后年, 去年, 2027年 before a festival: the Gregorian year
/// (`None`: the coming one). `None` overall when a year word is there but
/// nothing follows.
fn year_prefix(s: &str, today: NaiveDate) -> Option<(Option<i32>, &str)> {
    let words: [(&str, i32); 5] = [("今年", 0), ("本年", 0), ("明年", 1), ("后年", 2), ("去年", -1)];
    for (word, n) in words {
        if let Some(rest) = s.strip_prefix(word) {
            if rest.is_empty() {
                return None;
            }
            return Some((Some(today.year().checked_add(n)?), rest));
        }
    }
    if let Some((y, rest)) = s.split_once('年')
        && y.len() == 4
        && y.bytes().all(|b| b.is_ascii_digit())
        && !rest.is_empty()
    {
        return Some((y.parse().ok(), rest));
    }
    Some((None, s))
}

/// The day `on` falls on in Gregorian year `year` (a lunar day: in the
/// lunar year that starts in `year`).
fn on_in(on: On, year: i32) -> Resolved {
    match on {
        On::Solar(m, d) => NaiveDate::from_ymd_opt(year, m, d).ok_or(DateError::OutOfRange),
        On::Lunar(m, d) => from_lunar(LunarDate { year, month: m, day: d, is_leap_month: false }),
        On::Eve => from_lunar(LunarDate { year, month: 1, day: 1, is_leap_month: false }).and_then(|d| shift(d, -1)),
        On::Qingming => qingming(year),
    }
}

/// 清明 in `year`, by the usual formula for the solar terms of
/// 2000–2099 (day = ⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋, Y the year's last two
/// digits; no year of the century is an exception for 清明). Other
/// centuries are out of range rather than guessed.
fn qingming(year: i32) -> Resolved {
    if !(2000..=2099).contains(&year) {
        return Err(DateError::OutOfRange);
    }
    let y = year - 2000;
    // ⌊Y·0.2422 + 4.81⌋ in whole ten-thousandths: no float rounding.
    let day = (y * 2422 + 48_100) / 10_000 - y / 4;
    NaiveDate::from_ymd_opt(year, 4, u32::try_from(day).map_err(|_| DateError::OutOfRange)?)
        .ok_or(DateError::OutOfRange)
}

/// The first of last year's, this year's and next year's days that is not
/// before today.
fn coming(day_in: impl Fn(i32) -> Resolved, today: NaiveDate) -> Resolved {
    let y = today.year();
    [y.checked_sub(1), Some(y), y.checked_add(1)]
        .into_iter()
        .flatten()
        .filter_map(|year| day_in(year).ok())
        .find(|d| *d >= today)
        .ok_or(DateError::OutOfRange)
}

fn from_lunar(date: LunarDate) -> Resolved {
    let s = lunar_to_solar(date).map_err(|_| DateError::OutOfRange)?;
    NaiveDate::from_ymd_opt(s.year, u32::from(s.month), u32::from(s.day)).ok_or(DateError::OutOfRange)
}

/// The coming day whose lunar day is `day` (today when it is).
fn coming_lunar_day(day: u8, today: NaiveDate) -> Resolved {
    (0..62)
        .filter_map(|n| shift(today, n).ok())
        .find(|d| {
            let solar = SolarDate {
                year: d.year(),
                month: u8::try_from(d.month()).unwrap_or(0),
                day: u8::try_from(d.day()).unwrap_or(0),
            };
            solar_to_lunar(solar).is_ok_and(|l| l.day == day)
        })
        .ok_or(DateError::OutOfRange)
}

/// 正月初八, 农历八月十五, 腊月二十三, 三月三 (after 农历 or with a lunar
/// month name): month and day.
fn lunar_month_day(s: &str) -> Option<(u8, u8)> {
    let lunar = s.strip_prefix("农历");
    let (month, day) = lunar.unwrap_or(s).split_once('月')?;
    let month = match month {
        "正" => 1,
        "冬" => 11,
        "腊" => 12,
        m if lunar.is_some() || day.starts_with('初') => small_lunar(m, 12)?,
        _ => return None,
    };
    Some((month, lunar_day(day)?))
}

/// 初一…初十, 十一…三十, 廿五: a lunar day.
fn lunar_day(s: &str) -> Option<u8> {
    small_lunar(s.strip_prefix('初').unwrap_or(s), 30)
}

fn small_lunar(s: &str, most: u8) -> Option<u8> {
    let s = s.replace('廿', "二十");
    let n = number(&s)?.ok()?;
    u8::try_from(n).ok().filter(|n| (1..=most).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str, today: (i32, u32, u32)) -> Option<String> {
        let today = NaiveDate::from_ymd_opt(today.0, today.1, today.2).unwrap_or_default();
        resolve(s, today).map(|r| r.map_or_else(|e| format!("{e:?}"), |d| d.to_string()))
    }

    #[test]
    fn festivals_are_the_coming_one_or_that_years() {
        let today = (2026, 11, 23);
        // The Spring Festival of 2027 is 6 February; work starts on 初八.
        assert_eq!(day("春节", today).as_deref(), Some("2027-02-06"));
        assert_eq!(day("春节后", today).as_deref(), Some("2027-02-13"));
        assert_eq!(day("过年后", today).as_deref(), Some("2027-02-13"));
        assert_eq!(day("除夕", today).as_deref(), Some("2027-02-05"));
        assert_eq!(day("元宵节", today).as_deref(), Some("2027-02-20"));
        assert_eq!(day("端午", today).as_deref(), Some("2027-06-09"));
        // The Mid-Autumn festival of 2026 (25 September) is past: 2027's.
        assert_eq!(day("中秋", today).as_deref(), Some("2027-09-15"));
        assert_eq!(day("今年中秋", today).as_deref(), Some("2026-09-25"));
        assert_eq!(day("2028年春节", today).as_deref(), Some("2028-01-26"));
        assert_eq!(day("元旦", today).as_deref(), Some("2027-01-01"));
        assert_eq!(day("国庆后", today).as_deref(), Some("2027-10-08"));
        assert_eq!(day("五一之后", today).as_deref(), Some("2027-05-06"));
        assert_eq!(day("圣诞", today).as_deref(), Some("2026-12-25"));
        assert_eq!(day("圣诞", (2026, 12, 25)).as_deref(), Some("2026-12-25"), "today is the day");
    }

    #[test]
    fn qingming_moves_with_the_sun() {
        assert_eq!(day("清明", (2026, 11, 23)).as_deref(), Some("2027-04-05"));
        assert_eq!(day("清明节", (2026, 4, 5)).as_deref(), Some("2026-04-05"), "today is the day");
        assert_eq!(day("2028年清明", (2026, 11, 23)).as_deref(), Some("2028-04-04"));
        assert_eq!(day("清明后", (2026, 11, 23)).as_deref(), Some("2027-04-06"));
        // Published dates: 4 April in 2000, 2008, 2020, 2024, 2025; 5 April in 2001, 2019, 2023.
        for (year, d) in [(2000, 4), (2001, 5), (2008, 4), (2019, 5), (2020, 4), (2023, 5), (2024, 4), (2025, 4)] {
            assert_eq!(qingming(year), Ok(NaiveDate::from_ymd_opt(year, 4, d).unwrap()), "{year}");
        }
        assert_eq!(day("2100年清明", (2026, 11, 23)).as_deref(), Some("OutOfRange"), "not guessed");
    }

    #[test]
    fn a_lunar_birthday_gives_its_coming_day() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let on = |s: &str| lunar_birthday(s, today).map(|d| d.to_string());
        assert_eq!(on("农历八月十五").as_deref(), Some("2027-09-15"));
        assert_eq!(on("阴历 腊月二十三").as_deref(), Some("2027-01-30"));
        assert_eq!(on("正月初八").as_deref(), Some("2027-02-13"));
        assert_eq!(on("11月26日"), None, "a Gregorian day is no lunar one");
        assert_eq!(on("中秋"), None, "a festival is no birthday");
        assert_eq!(on("初八"), None, "a day without its month is no birthday");
    }

    #[test]
    fn lunar_dates_are_the_coming_one() {
        let today = (2026, 11, 23);
        assert_eq!(day("正月初八", today).as_deref(), Some("2027-02-13"));
        assert_eq!(day("农历八月十五", today).as_deref(), Some("2027-09-15"));
        assert_eq!(day("腊月二十三", today).as_deref(), Some("2027-01-30"));
        assert_eq!(day("明年正月十五", today).as_deref(), Some("2027-02-20"));
        // 2026-11-23 is the fifteenth of the tenth lunar month: its 初八 is
        // past; the eleventh month's starts on 9 December.
        assert_eq!(day("初八", today).as_deref(), Some("2026-12-16"));
        assert_eq!(day("十五", today), None, "a bare number is not a lunar day");
        assert_eq!(day("农历十五", today).as_deref(), Some("2026-11-23"), "today is the day");
        assert_eq!(day("农历初一", today).as_deref(), Some("2026-12-09"));
    }

    #[test]
    fn far_years_and_every_combination_answer_without_panicking() {
        let names: Vec<&str> = FESTIVALS.iter().flat_map(|(n, _, _)| n.iter().copied()).collect();
        let lunar = ["正月初一", "腊月三十", "农历十二月三十", "冬月廿九", "初一", "农历三十", "初十"];
        for today in [(1, 1, 1), (2026, 2, 16), (2026, 2, 17), (9999, 12, 31), (262_142, 12, 31)] {
            for name in names.iter().chain(&lunar) {
                for year in ["", "今年", "明年", "去年", "后年", "0001年", "9999年"] {
                    for after in ["", "后", "之后"] {
                        let _ = day(&format!("{year}{name}{after}"), today);
                    }
                }
            }
        }
        assert_eq!(day("9999年春节", (2026, 11, 23)).as_deref(), Some("9999-02-08"));
        assert!(day("春节", (262_142, 12, 31)).is_some_and(|r| r == "OutOfRange"));
    }

    #[test]
    fn other_words_are_left_to_the_other_readers() {
        for s in ["明天", "下周五", "12月5日", "三月", "十五号", "月底", "年底", "明年", "后", "节后"]
        {
            assert_eq!(day(s, (2026, 11, 23)), None, "{s}");
        }
        assert_eq!(day("农历十三月初一", (2026, 11, 23)), None);
        assert_eq!(day("初三十一", (2026, 11, 23)), None);
    }
}
