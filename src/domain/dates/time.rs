//! Times of day as reps type them, stored as `HH:MM`.
//!
//! | form | examples | meaning |
//! |---|---|---|
//! | clock | 14:30 14：30 9:05 15.30 1430 0930 | that time (four digits are HH:MM on the 24-hour clock) |
//! | Chinese | 9点 9点半 9点15 9点15分 九点 十点半 3点一刻 3点三刻 | half = :30, 一刻 = :15, 三刻 = :45 |
//! | with a part of the day | 下午3点 下午两点半 晚上8点 中午12点 上午10点 早上7点半 凌晨2点 傍晚6点 | 下午 / 晚上 / 傍晚 add twelve hours to 1–11; 凌晨12点 and 晚上12点 are midnight |
//! | English | 3pm 3 pm 3:30pm 3.30pm 10am 12pm 12am noon midnight, half past 3, quarter past 3, quarter to 4 | 12pm is noon, 12am midnight |
//!
//! A bare number (`14`) is an hour. **An hour from 1 to 6 written without
//! a part of the day, am / pm or a leading zero is in the afternoon**
//! (`3点` and `3:30` are 15:00 and 15:30: visits and calls happen in working
//! hours); write `凌晨3点`, `3am` or `03:00` for the night. Anything else
//! is refused: never guessed.

use super::zh_numbers;

/// Parts of the day written before a Chinese time, and whether they move
/// an hour of 1–11 into the afternoon.
const PARTS: [(&str, bool); 9] = [
    ("上午", false),
    ("早上", false),
    ("早晨", false),
    ("清晨", false),
    ("凌晨", false),
    ("中午", false),
    ("下午", true),
    ("傍晚", true),
    ("晚上", true),
];

/// A time of day as typed, as `HH:MM`; `None` when it is not one.
pub fn parse_time(s: &str) -> Option<String> {
    let s: String = super::fold(s).chars().filter(|c| !c.is_whitespace()).collect();
    let (h, m) = match s.as_str() {
        "noon" | "中午" => (12, 0),
        "midnight" | "午夜" => (0, 0),
        _ => english(&s).or_else(|| chinese(&s)).or_else(|| words(&s))?,
    };
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// A number of hours or minutes, in digits or Chinese numerals.
fn small(s: &str) -> Option<u32> {
    if s.is_empty() || s.starts_with(['-', '+']) {
        return None;
    }
    zh_numbers::number(s)?.ok().and_then(|n| u32::try_from(n).ok())
}

/// `14:30`, `9`, `3pm`, `3:30pm`, `12am`.
fn english(s: &str) -> Option<(u32, u32)> {
    let (clock, pm) = match (s.strip_suffix("pm"), s.strip_suffix("am")) {
        (Some(c), _) => (c, Some(true)),
        (None, Some(c)) => (c, Some(false)),
        (None, None) => (s, None),
    };
    let (h, m) = match clock.split_once([':', '：', '.']) {
        Some((h, m)) if (1..=2).contains(&m.len()) => (h, m),
        Some(_) => return None,
        // 1430, 0930: four digits are HH:MM, on the 24-hour clock.
        None if clock.len() == 4 && pm.is_none() && clock.bytes().all(|b| b.is_ascii_digit()) => {
            let (h, m) = clock.split_at(2);
            return Some((small(h)?, small(m)?));
        }
        None => (clock, "00"),
    };
    if !h.bytes().all(|b| b.is_ascii_digit()) || !m.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let leading_zero = h.len() > 1 && h.starts_with('0');
    let (h, m) = (small(h)?, small(m)?);
    let h = match pm {
        None if !leading_zero => working_hours(h),
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(true) => h % 12 + 12,
        Some(false) => h % 12,
    };
    Some((h, m))
}

/// An hour from 1 to 6 with nothing to say which half of the day: the
/// afternoon, when visits and calls happen.
fn working_hours(h: u32) -> u32 {
    if (1..=6).contains(&h) { h + 12 } else { h }
}

/// `half past 3`, `quarter past 3`, `quarter to 4` (the hour as written,
/// with the working-hours rule).
fn words(s: &str) -> Option<(u32, u32)> {
    let (m, rest, back) = if let Some(r) = s.strip_prefix("halfpast") {
        (30, r, false)
    } else if let Some(r) = s.strip_prefix("quarterpast") {
        (15, r, false)
    } else if let Some(r) = s.strip_prefix("quarterto") {
        (45, r, true)
    } else {
        return None;
    };
    let (h, _) = english(rest)?;
    let h = if back { (h + 23) % 24 } else { h };
    Some((h, m))
}

/// `下午两点半`, `9点15分`, `3点一刻`, `下午2:30`.
fn chinese(s: &str) -> Option<(u32, u32)> {
    let (rest, pm, part) = match PARTS.iter().find_map(|(p, pm)| s.strip_prefix(p).map(|r| (r, *pm, *p))) {
        Some(found) => found,
        None => (s, false, ""),
    };
    // 下午2:30: a clock after a part of the day.
    if !part.is_empty()
        && let Some((h, m)) = rest.split_once([':', '：'])
        && m.len() == 2
        && !rest.starts_with('0')
    {
        let (h, m) = (small(h)?, small(m)?);
        return Some((if pm && (1..=11).contains(&h) { h + 12 } else { h }, m));
    }
    let (h, m) = rest.split_once(['点', '點', '时', '時'])?;
    let leading_zero = h.len() > 1 && h.starts_with('0');
    let h = small(h)?;
    let m = m.strip_suffix('分').unwrap_or(m);
    let m = match m {
        "" | "整" => 0,
        "半" => 30,
        "一刻" => 15,
        "三刻" => 45,
        m => small(m.strip_prefix('零').unwrap_or(m))?,
    };
    let h = match (h, part) {
        (12, "凌晨" | "晚上") => 0,
        (1..=11, _) if pm => h + 12,
        (13.., _) if part == "上午" || part == "早上" => return None,
        (_, "") if !leading_zero => working_hours(h),
        _ => h,
    };
    Some((h, m))
}

#[cfg(test)]
mod tests {
    use super::parse_time;

    #[test]
    fn clock_words_and_parts_of_the_day() {
        for (typed, want) in [
            ("14:30", "14:30"),
            ("9", "09:00"),
            ("9点", "09:00"),
            ("3点", "15:00"),
            ("3:30", "15:30"),
            ("03:30", "03:30"),
            ("15.30", "15:30"),
            ("下午2:30", "14:30"),
            ("3.30pm", "15:30"),
            ("half past 3", "15:30"),
            ("quarter past 10", "10:15"),
            ("quarter to 4", "15:45"),
            ("9点半", "09:30"),
            ("9点15分", "09:15"),
            ("下午3点", "15:00"),
            ("下午两点", "14:00"),
            ("下午 两点半", "14:30"),
            ("晚上八点", "20:00"),
            ("晚上12点", "00:00"),
            ("中午12点", "12:00"),
            ("3点一刻", "15:15"),
            ("凌晨3点一刻", "03:15"),
            ("3pm", "15:00"),
            ("3 PM", "15:00"),
            ("3:30pm", "15:30"),
            ("12pm", "12:00"),
            ("12am", "00:00"),
            ("noon", "12:00"),
        ] {
            assert_eq!(parse_time(typed).as_deref(), Some(want), "{typed}");
        }
        for typed in ["", "25", "13pm", "0am", "下午", "上午15点", "9点70", "-3", "soon", "3点半半"] {
            assert_eq!(parse_time(typed), None, "{typed}");
        }
    }
}
