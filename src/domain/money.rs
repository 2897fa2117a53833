//! Amounts of money: read from what is typed (`1,234.5`, `¥88`) into minor
//! units, bounded, and shown grouped (`1,234.50`). Checked arithmetic only.

/// The largest amount repbook takes, in minor units: 10^13, that is
/// 100,000,000,000.00. Sums of up to 900,000 such amounts still fit in an
/// `i64`, so totals stay far from overflow (README, "Bounds on what you
/// type").
pub const MAX_MONEY: i64 = 10_000_000_000_000;

pub(super) fn expect_money() -> String {
    crate::i18n::tf("expect.money", &[("max", &format_money(MAX_MONEY))])
}

/// Parse an amount such as `1234`, `1,234.5`, `¥1234.50`, `12万` into minor units:
/// from 0 to [`MAX_MONEY`] (the kind of a trade says which way money goes,
/// so an amount is never negative).
pub fn parse_money(s: &str) -> Option<i64> {
    parse_signed_money(s).filter(|v| (0..=MAX_MONEY).contains(v))
}

/// Any amount that fits, with its sign: checked arithmetic only. A
/// trailing 万 (ten thousand) or 亿 (a hundred million) scales it, as
/// amounts are said in Chinese (`12万`, `1.5万`, `2亿`); 元 or 块 after
/// the number is the currency and is dropped.
fn parse_signed_money(s: &str) -> Option<i64> {
    let cleaned: String = s.chars().filter(|c| !matches!(c, ',' | '，' | '_' | ' ' | '¥' | '$' | '€' | '￥')).collect();
    let cleaned = cleaned.strip_suffix('元').or_else(|| cleaned.strip_suffix('块')).unwrap_or(&cleaned);
    let (neg, body) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned),
    };
    // Digits after the point the minor units hold: 2, and 4 or 8 more
    // for 万 or 亿.
    let (body, places) = match (body.strip_suffix('万'), body.strip_suffix('亿')) {
        (Some(b), _) => (b, 6),
        (_, Some(b)) => (b, 10),
        _ => (body, 2),
    };
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    if whole.is_empty() && frac.is_empty()
        || frac.len() > places
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let scale = 10_i64.checked_pow(u32::try_from(places).ok()?)?;
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<places$}").parse().ok()? };
    let v = whole.checked_mul(scale)?.checked_add(frac)?;
    if neg { v.checked_neg() } else { Some(v) }
}

/// Show minor units as `1,234.50`.
pub fn format_money(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::{FieldSpec, Kind, Value};

    #[test]
    fn money_round_trips() {
        assert_eq!(parse_money("1,234.5"), Some(123_450));
        assert_eq!(parse_money("¥88"), Some(8_800));
        assert_eq!(parse_signed_money("-0.05"), Some(-5));
        assert_eq!(parse_money("12.345"), None);
        assert_eq!(parse_money("abc"), None);
        assert_eq!(parse_money(""), None);
        assert_eq!(format_money(123_450), "1,234.50");
        assert_eq!(format_money(-5), "-0.05");
        assert_eq!(format_money(100_000_000), "1,000,000.00");
    }

    #[test]
    fn money_is_from_zero_to_the_bound() {
        assert_eq!(parse_money("-0.05"), None, "negative amounts are refused");
        assert_eq!(parse_money("100,000,000,000"), Some(MAX_MONEY));
        assert_eq!(parse_money("100,000,000,000.01"), None);
        assert_eq!(parse_money("92233720368547758.07"), None);
        assert_eq!(parse_signed_money("-9223372036854775808"), None, "checked, never wrapped");
        let amount = FieldSpec::new("amount", Kind::Money);
        assert!(amount.check(&Value::Int(MAX_MONEY)).is_ok());
        for bad in [-1, MAX_MONEY + 1, i64::MAX, i64::MIN] {
            assert!(amount.check(&Value::Int(bad)).is_err(), "{bad}");
        }
        crate::i18n::set_lang(crate::i18n::Lang::En);
        let err = amount.parse("-5").unwrap_err().to_string();
        assert!(err.contains("from 0 to 100,000,000,000.00"), "{err}");
    }
}
