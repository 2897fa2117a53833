//! Property tests of the three parsers that take whatever a user types or
//! writes in a config file: dates, contact rates (with money beside them)
//! and the config loader. Whatever the input, they answer or refuse; they
//! never panic, and what they accept is within the bounds the README sets
//! out ("Bounds on what you type"). The fuzz targets in `fuzz/` drive the
//! same functions with coverage guidance.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use repbook::Error;
use repbook::config::Config;
use repbook::domain::cadence::{ContactState, Rate};
use repbook::domain::dates::{self, DateError, FIRST, LAST, when};
use repbook::domain::fields::{FieldSpec, Kind, MAX_MONEY, Value, parse_money};
use std::path::Path;

/// Any date chrono can hold, the ends of the calendar included.
fn any_day() -> impl Strategy<Value = NaiveDate> {
    let (lo, hi) = (NaiveDate::MIN.num_days_from_ce(), NaiveDate::MAX.num_days_from_ce());
    prop_oneof![
        (lo..=hi).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap()),
        (FIRST.num_days_from_ce()..=LAST.num_days_from_ce())
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap()),
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        Just(FIRST),
        Just(LAST),
    ]
}

/// Numbers as typed: small, huge, signed, too many digits for any integer.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0i64..1000).prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        "[0-9]{1,40}",
        "[-+]?[0-9]{0,25}",
    ]
}

/// Text shaped like a date in any of the forms the parser reads, with
/// numbers anywhere in range, or any text at all.
fn date_text() -> impl Strategy<Value = String> {
    let unit = prop_oneof![
        Just("day"),
        Just("days"),
        Just("week"),
        Just("weeks"),
        Just("fortnight"),
        Just("months"),
        Just("year")
    ];
    let zh = prop_oneof![
        Just("天后"),
        Just("日后"),
        Just("周后"),
        Just("个星期后"),
        Just("星期后"),
        Just("天前"),
        Just("个月后"),
        Just("个月前"),
        Just("年后"),
        Just("年前"),
        Just("号"),
    ];
    // Chinese numerals of any size, well-formed or not.
    let numeral = "[零〇一二两三四五六七八九十百千万]{1,12}";
    let month_word = prop_oneof![Just("下个月"), Just("上个月"), Just("本月"), Just("下下个月")];
    prop_oneof![
        (number(), unit.clone()).prop_map(|(n, u)| format!("in {n} {u}")),
        (number(), unit.clone()).prop_map(|(n, u)| format!("{n} {u} ago")),
        (number(), unit).prop_map(|(n, u)| format!("{n} {u} later")),
        (number(), zh.clone()).prop_map(|(n, s)| format!("{n}{s}")),
        (number(), number(), number()).prop_map(|(y, m, d)| format!("{y}-{m}-{d}")),
        (any::<i32>(), 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| format!("{y:+}-{m:02}-{d:02}")),
        (number(), number()).prop_map(|(m, d)| format!("{m}月{d}日")),
        (number(), number()).prop_map(|(m, d)| format!("{m}/{d}")),
        (numeral, zh).prop_map(|(n, s)| format!("{n}{s}")),
        (number(), number(), number()).prop_map(|(y, m, d)| format!("{y}年{m}月{d}日")),
        (number(), number(), number()).prop_map(|(m, d, y)| format!("{m}/{d}/{y}")),
        (month_word, number()).prop_map(|(w, d)| format!("{w}{d}号")),
        (number(), "(jan|feb|dec|december|sept)", prop::option::of(number()))
            .prop_map(|(d, m, y)| format!("{d} {m} {}", y.unwrap_or_default())),
        "(本|这|上|上上|下|下下)(周|星期|礼拜)[一二三四五六日天末]?",
        "(this|last|next) (mon|fri|sunday|week|month)|(end|start) of (the |next |last )?month",
        "(上个|下个|本|下下个)?月(底|初|中|末)",
        (prop::option::of(number()), number(), "(底|初|中|末)")
            .prop_map(|(y, m, p)| format!("{}{m}月{p}", y.map(|y| format!("{y}年")).unwrap_or_default())),
        (prop::option::of(number())).prop_map(|y| format!("end of feb {}", y.unwrap_or_default())),
        "(今年|明年|去年|年|本季度|下季度|上上季度|季度|季)(底|初|末)(前|之前)?(下午)?",
        "(by |before )?(end|start) of (next |last |this )?(quarter|year|month)|(next |this )?weekend",
        (prop::option::of(number()), number(), "(上旬|中旬|下旬)")
            .prop_map(|(y, m, p)| format!("{}{m}月{p}", y.map(|y| format!("{y}年")).unwrap_or_default())),
        (number(), "(个半月|年半)(后|前|以后)").prop_map(|(n, s)| format!("{n}{s}")),
        (numeral, "(个半月|年半)(后|前)").prop_map(|(n, s)| format!("{n}{s}")),
        (number(), "(周半|个半星期|个半礼拜|天半|\\.5周|\\.5个星期)(后|前|以后)").prop_map(|(n, s)| format!("{n}{s}")),
        "(in )?([0-9]{1,20}(\\.5)?|a|two) (and a half )?(days?|weeks?|months?|years?|fortnights?)( ago)?|(mon|friday|sun|fry) week|in half a (week|month|year|day)",
        (number(), number(), 0u32..200).prop_map(|(m, d, y)| format!("{m}/{d}/{y:02}")),
        (number(), 0u32..200, number()).prop_map(|(y, m, d)| format!("{y:02}年{m}月{d}日")),
        "([两三]|[0-9]{1,20})个?工作日(后|内|前)|(in )?[0-9]{1,20} (business|working) days?|[0-9]{1,20}(\\.5)?(个月|年)(后|前)|(december|jan|dec)( [0-9]{1,6})?|[0-9]{1,20} (days|weeks|fortnights)|(明年|去年|下季度|上上季度)([0-9]{1,3}月)?",
        "(mid|early|late|middle of|mid-)[ ]?(dec|december|jan|month|next month|last month|this month|week|[0-9]{1,6})( [0-9]{1,12})?",
        "(mon|fri|sunday|fry) (this|next|last) (week|month)|(next|this) week (fri|mon)|(end|start) of (the |next |this )?week",
        "(下午|晚上|凌晨|上午|中午)?([0-9]{1,12}|[零一二两三十百千万]{1,6})(点|時|时)(半|一刻|三刻|[0-9]{1,4}分?)?|[0-9]{1,12}(:[0-9]{1,3})?(am|pm)",
        "(明天|下周五|fri|tomorrow|2026-12-05)( at| in the)? ?([0-9]{1,2}(:[0-9]{2})?(am|pm)?|[0-9]{1,3}点半?|下午|afternoon)",
        "(本周|下周|本月|月|下个月|年|明年|本季度|[0-9一二两三万]{1,9}天|[0-9]{1,20}个月)(之内|以内|内)|within [0-9]{1,20} (days|weeks|months)",
        "(过|前)?[几两三四五六七八九十一零〇廿卅]{1,4}多?(个多?)?(天|周|个星期|个月|年|个工作日)多?(后|前|内)?|[廿卅十二一三]{1,3}(号|日)",
        "[0-9]{1,3}/[0-9]{1,3}/[0-9]{1,3}|[0-9]{1,3}(st|th)? (dec|may|sept) [0-9]{1,5}|(dec|jan) [0-9]{1,3} [0-9]{1,5}",
        "(下|本|次|上)?(周|星期)(星期|礼拜|周)[一二三五日]|(下个|本|次)?月月(底|初|中)|第[0-9一二三五十百]{1,6}天|(今年|明年|去年)?年?年中|[廿卅十一二]{1,3}(号|日)",
        "(in |\\+)?[0-9]{1,22}(d|w|wk|wks|mo|mos|yr|y)?|(in )?a (couple of|few) (days|weeks)|(on )?(the )?[0-9]{1,3}(th|st)|(next|this|last) month [0-9]{1,3}(th)?|[0-9]{1,3}(th)? next month",
        "(mon|fri|sat|sunday) [0-9]{1,3}( (nov|dec|february))?( [0-9]{1,6})?|(in|this|next|last) (december|jan|sept)|[0-9]{1,6}[-/.][0-9]{1,3}|(last|first) day of (the |next |last )?(month|year|quarter|week)",
        "(week after next|a week today|next next (wed|fri)|this (afternoon|morning|month)|[0-9a-z]{1,4} (weeks|days) from today)",
        prop_oneof![
            Just("today"),
            Just("明天"),
            Just("下周一"),
            Just("下星期日"),
            Just("周五"),
            Just("next fri"),
            Just("sunday"),
            Just("next week"),
            Just("2-29"),
            Just("大后天"),
        ]
        .prop_map(str::to_string),
        any::<String>(),
        "[ 0-9a-z月日号天后前周星期下礼拜/.+-]{0,24}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any text against any today: a date inside the window, or a refusal.
    #[test]
    fn the_date_parser_never_panics_and_stays_in_the_window(typed in date_text(), today in any_day()) {
        match dates::resolve(&typed, today) {
            Ok(d) => prop_assert!((FIRST..=LAST).contains(&d), "{typed:?} on {today} gave {d}"),
            // With no time field around, a clock time is refused, never dropped.
            Err(DateError::Unreadable | DateError::OutOfRange | DateError::TimeNotKept) => {}
            Err(DateError::TimeClash) => prop_assert!(false, "{typed:?}: no time field to clash with"),
        }
        prop_assert_eq!(dates::parse(&typed, today), dates::resolve(&typed, today).ok());
        // What a form shows beside the field: the date resolved, or why not.
        let shown = dates::preview(&typed, today);
        prop_assert_eq!(shown.is_none(), typed.trim().is_empty());
        if let Ok(d) = dates::resolve(&typed, today) {
            prop_assert!(shown.is_some_and(|s| s.contains(&d.format("%Y-%m-%d").to_string())));
        }
    }

    /// A visit's date with a time: a day in the window and a time on the
    /// clock that fills only an empty time field, or a refusal.
    #[test]
    fn a_visits_date_with_a_time_fills_only_an_empty_time(
        typed in date_text(),
        with in "( 3pm| 下午3点| 14:30| at 9:00| 10点半)?",
        time in "(|15:00|9:00|soon)",
        held in any::<bool>(),
        today in any_day(),
    ) {
        let typed = format!("{typed}{with}");
        let around = when::Around { time: Some(&time), held };
        match when::read(&typed, today, around) {
            Ok(read) => {
                prop_assert!((FIRST..=LAST).contains(&read.date), "{typed:?} gave {}", read.date);
                if let Some(t) = read.fill_time {
                    prop_assert!(time.is_empty(), "{typed:?} filled {t} over {time:?}");
                    prop_assert_eq!(repbook::domain::fields::parse_time(&t), Some(t.clone()));
                }
            }
            Err(e) => prop_assert!(e != DateError::TimeNotKept, "{typed:?}: a visit keeps a time"),
        }
    }

    /// A time of day is `HH:MM` on the clock, or refused: never a panic.
    #[test]
    fn times_are_on_the_clock_or_refused(typed in prop_oneof![
        "(下午|晚上|凌晨|上午|中午|傍晚)? ?([0-9]{1,20}|[零〇一二两三十百千万]{1,8})(点|時|时|:|：)(半|一刻|三刻|整|零?[0-9一二三四五十]{1,6}分?)?",
        "[0-9]{1,20}(:[0-9]{1,4})? ?(am|pm|AM)?",
        any::<String>(),
    ]) {
        if let Some(t) = repbook::domain::fields::parse_time(&typed) {
            let (h, m) = t.split_once(':').expect("HH:MM");
            prop_assert_eq!((h.len(), m.len()), (2, 2), "{:?} → {}", typed, t);
            prop_assert!(h.parse::<u32>().is_ok_and(|h| h < 24) && m.parse::<u32>().is_ok_and(|m| m < 60), "{:?} → {}", typed, t);
        }
    }

    /// Relative dates are exact within the window and refused past it.
    #[test]
    fn relative_days_are_exact_or_refused(n in any::<i64>(), today in any_day()) {
        let got = dates::resolve(&format!("in {n} days"), today);
        let want = chrono::TimeDelta::try_days(n)
            .and_then(|d| today.checked_add_signed(d))
            .filter(|d| (FIRST..=LAST).contains(d));
        prop_assert_eq!(got, want.ok_or(DateError::OutOfRange));
    }

    /// Date and birthday fields: a stored value is an ISO date in the window.
    #[test]
    fn date_fields_store_only_dates_in_the_window(typed in date_text(), today in any_day()) {
        for spec in [FieldSpec::new("date", Kind::Date), FieldSpec::new("birthday", Kind::Birthday)] {
            let parsed = [spec.parse(&typed), spec.parse_on(&typed, today)];
            for v in parsed {
                match v {
                    Ok(Value::Text(t)) => {
                        prop_assert!(spec.check(&Value::Text(t.clone())).is_ok(), "{typed:?} → {t:?}");
                        if let Ok(d) = NaiveDate::parse_from_str(&t, "%Y-%m-%d") {
                            prop_assert!((FIRST..=LAST).contains(&d), "{typed:?} → {d}");
                            prop_assert_eq!(t.len(), 10);
                        }
                    }
                    Ok(Value::Null) => prop_assert!(typed.trim().is_empty()),
                    Ok(other) => prop_assert!(false, "{typed:?} → {other:?}"),
                    Err(e) => prop_assert!(matches!(e, Error::Invalid(_))),
                }
            }
        }
    }

    /// Any rate text: a rate whose period is at most ten years, or an error.
    #[test]
    fn the_rate_parser_never_panics_and_bounds_the_period(
        text in prop_oneof![
            (number(), number(), "(day|week|month|quarter|year)s?")
                .prop_map(|(c, m, u)| format!("{c} per {m} {u}")),
            (number(), "(day|week|month|quarter|year)s?").prop_map(|(c, u)| format!("{c}/{u}")),
            any::<String>(),
            "[0-9 a-z/]{0,30}",
        ],
        last in any_day(),
        today in any_day(),
    ) {
        match Rate::parse(&text) {
            Ok(rate) => {
                prop_assert!(rate.count >= 1);
                prop_assert!((1..=Rate::MAX_PERIOD_DAYS).contains(&rate.period_days), "{text:?} → {rate:?}");
                prop_assert!(rate.interval_days() >= 1);
                // It displays as it parses, and a standing computes from it
                // whatever the dates.
                prop_assert_eq!(Rate::parse(&rate.to_string()), Ok(rate));
                let s = ContactState::new(Some(last), rate, last, today);
                let _ = s.due();
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// Exactly the periods of at most ten years are taken.
    #[test]
    fn a_rate_is_taken_exactly_when_its_period_fits(m in any::<u32>(), unit in 0usize..5) {
        let (name, days) = [("day", 1u64), ("week", 7), ("month", 30), ("quarter", 91), ("year", 365)][unit];
        let got = Rate::parse(&format!("1 per {m} {name}s"));
        let fits = m >= 1 && u64::from(m) * days <= u64::from(Rate::MAX_PERIOD_DAYS);
        prop_assert_eq!(got.is_ok(), fits, "{} {}", m, name);
    }

    /// Money: whatever is typed, an accepted amount is from 0 to the bound.
    #[test]
    fn money_is_never_negative_nor_past_the_bound(
        typed in prop_oneof![
            number(),
            (number(), "[0-9]{0,3}").prop_map(|(w, f)| format!("{w}.{f}")),
            "[-¥$,._ 0-9]{0,30}",
            any::<String>(),
        ],
    ) {
        if let Some(v) = parse_money(&typed) {
            prop_assert!((0..=MAX_MONEY).contains(&v), "{typed:?} → {v}");
        }
        let spec = FieldSpec::new("amount", Kind::Money);
        if let Ok(Value::Int(v)) = spec.parse(&typed) {
            prop_assert!((0..=MAX_MONEY).contains(&v));
        }
    }

    /// Any TOML-ish text: a config, or a config error that names a line.
    #[test]
    fn the_config_loader_answers_ok_or_an_error_with_a_line(text in toml_ish()) {
        match Config::parse(&text, Path::new("c.toml")) {
            Ok(cfg) => {
                for tier in [&cfg.cadence.A1, &cfg.cadence.A2, &cfg.cadence.B1, &cfg.cadence.B2, &cfg.cadence.C] {
                    for rate in [tier.calls, tier.visits] {
                        prop_assert!(rate.period_days <= Rate::MAX_PERIOD_DAYS);
                    }
                }
            }
            Err(Error::Config { line, message, .. }) => {
                let lines = text.split('\n').count();
                prop_assert!(line.is_some_and(|l| (1..=lines).contains(&l)), "{text:?}: {line:?} {message}");
                prop_assert!(!message.is_empty());
            }
            Err(other) => prop_assert!(false, "{text:?}: not a config error: {other:?}"),
        }
    }
}

/// Lines a config file could hold: its sections and keys with good, bad
/// and absurd values, and now and then any text at all.
fn toml_ish() -> impl Strategy<Value = String> {
    let header = prop_oneof![
        Just("[cadence.A1]"),
        Just("[cadence.C]"),
        Just("[cadence]"),
        Just("[search]"),
        Just("[search.pinyin]"),
        Just("[ui]"),
        Just("[keys]"),
        Just("[colour]"),
        Just("[[cadence]]"),
    ]
    .prop_map(str::to_string);
    let key = prop_oneof![
        Just("language"),
        Just("\"language\""),
        Just("currency"),
        Just("calls"),
        Just("visits"),
        Just("limit"),
        Just("mouse"),
        Just("quit"),
        Just("fly"),
        Just("cadence.C.calls"),
        Just("keys.quit"),
        Just("search.limit"),
        Just("重庆"),
    ];
    let value = prop_oneof![
        (number(), number(), "(day|week|month|quarter|year)s?").prop_map(|(c, m, u)| format!("\"{c} per {m} {u}\"")),
        number(),
        Just("\"zh-CN\"".to_string()),
        Just("\"fr\"".to_string()),
        Just("true".to_string()),
        Just("[\"ctrl-q\", \"hyper-q\"]".to_string()),
        Just("{ fly = [\"f\"] }".to_string()),
        Just("{ calls = \"1 per 300000 years\", visits = \"1 per week\" }".to_string()),
        "\"[^\"\\\\\n]{0,12}\"",
        "[^\n]{0,12}",
    ];
    let line = prop_oneof![
        3 => (key, value).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => header,
        1 => "[^\n]{0,20}",
        1 => Just(String::new()),
    ];
    prop_oneof![
        4 => prop::collection::vec(line, 0..12).prop_map(|l| l.join("\n")),
        1 => any::<String>(),
    ]
}

/// The faults of issue 8 §1, each pinned down by value.
#[test]
fn the_reported_inputs_are_refused_in_one_sentence() {
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    for typed in ["in 99999999 days", "99999999天后", "in 9223372036854775807 days", "99999999周后", "in 3000000 weeks"]
    {
        assert_eq!(dates::resolve(typed, today), Err(DateError::OutOfRange), "{typed}");
        let err = FieldSpec::new("date", Kind::Date).parse_on(typed, today).unwrap_err().to_string();
        assert!(err.contains("1900-01-01 to 2200-12-31"), "{err}");
        assert_eq!(err.matches(". ").count(), 0, "one sentence: {err}");
    }
    assert_eq!(dates::resolve("in 2 weeks", today), Ok(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()));
    for rate in ["1 per 300000 years", "1 per 4294967295 years", "1 per 11 years", "1 per 3651 days"] {
        assert!(matches!(Rate::parse(rate), Err(repbook::domain::cadence::RateError::TooRare(_))), "{rate}");
    }
    assert_eq!(Rate::parse("1 per 10 years").map(Rate::interval_days), Ok(3650));
    for amount in ["-5", "-0.01", "100000000000.01", "9223372036854775807"] {
        assert_eq!(parse_money(amount), None, "{amount}");
        let err = FieldSpec::new("amount", Kind::Money).parse(amount).unwrap_err().to_string();
        assert!(err.contains("from 0 to 100,000,000,000.00"), "{err}");
    }
    assert_eq!(parse_money("100,000,000,000.00"), Some(MAX_MONEY));
    assert_eq!(parse_money("0"), Some(0));
}
