//! Tests of [`super`]: fields parsed and checked.

use super::*;

#[test]
fn dates_outside_the_window_are_refused_with_the_window() {
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let date = FieldSpec::new("date", Kind::Date);
    for typed in ["in 99999999 days", "+59522-12-11", "1899-12-31"] {
        let err = date.parse_on(typed, today).unwrap_err().to_string();
        assert!(err.contains("1900-01-01 to 2200-12-31"), "{typed}: {err}");
    }
    assert!(date.parse("2201-01-01").unwrap_err().to_string().contains("2200-12-31"));
    assert!(date.check(&Value::Text("+59522-12-11".into())).is_err(), "the store refuses it too");
    assert_eq!(parse_iso_date("+59522-12-11"), None, "nor is one read back");
    let bday = FieldSpec::new("birthday", Kind::Birthday);
    assert!(bday.parse("1850-01-01").unwrap_err().to_string().contains("1900-01-01"));
    assert!(bday.parse("02-30").unwrap_err().to_string().contains("MM-DD"));
}

#[test]
fn dates_and_birthdays() {
    let date = FieldSpec::new("date", Kind::Date);
    assert_eq!(date.parse("2026/3/5").unwrap(), Value::Text("2026-03-05".into()));
    assert!(date.parse("2026-02-30").is_err());
    assert!(date.parse("next tuesday-ish").is_err());
    let bday = FieldSpec::new("birthday", Kind::Birthday);
    assert_eq!(bday.parse("2-29").unwrap(), Value::Text("02-29".into()));
    assert_eq!(bday.parse("1980-07-01").unwrap(), Value::Text("1980-07-01".into()));
    assert!(bday.parse("13-01").is_err());
}

#[test]
fn required_text_is_refused_when_empty_and_text_is_nfc() {
    let name = FieldSpec::required("name", Kind::Text);
    assert!(matches!(name.parse("   "), Err(Error::Invalid(_))));
    // "e" + combining acute becomes the single precomposed character.
    assert_eq!(name.parse("Cafe\u{301}").unwrap(), Value::Text("Caf\u{e9}".into()));
}

#[test]
fn enums_accept_values_and_labels_in_both_languages() {
    let kind = FieldSpec::new("kind", Kind::Enum(&["dealer", "end_customer"]));
    assert_eq!(kind.parse("Dealer").unwrap(), Value::Text("dealer".into()));
    assert_eq!(kind.parse("end-customer").unwrap(), Value::Text("end_customer".into()));
    assert_eq!(kind.parse("经销商").unwrap(), Value::Text("dealer".into()));
    assert!(kind.parse("wholesaler").is_err());
}

#[test]
fn times_sets_and_rates() {
    let time = FieldSpec::new("time", Kind::Time);
    assert_eq!(time.parse("9:05").unwrap(), Value::Text("09:05".into()));
    assert_eq!(time.parse("14点30").unwrap(), Value::Text("14:30".into()));
    assert!(time.parse("25:00").is_err());
    let set = FieldSpec::new("kind", Kind::Set(&["dealer", "agent"]));
    assert_eq!(set.parse("agent, 经销商, agent").unwrap(), Value::Text("agent, dealer".into()));
    assert!(set.parse("dealer, pirate").is_err());
    let rate = FieldSpec::new("visit_norm", Kind::Rate);
    assert_eq!(rate.parse("2/month").unwrap(), Value::Text("2 per month".into()));
    assert!(rate.parse("often").is_err());
}

#[test]
fn tags_split_on_ascii_and_full_width_separators() {
    assert_eq!(split_tags("重点, 华南，展会、重点"), vec!["重点", "华南", "展会"]);
}

#[test]
fn phones_and_emails_are_checked_as_typed_but_kept_as_stored() {
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let phone = FieldSpec::new("phone", Kind::Phone);
    assert_eq!(phone.parse("0592-5551234 转 801").ok(), Some(Value::Text("0592-5551234 转 801".into())));
    assert_eq!(phone.parse("暂无").ok(), Some(Value::Null), "a spreadsheet's none is no value");
    let err = phone.parse("张总").unwrap_err().to_string();
    assert!(err.contains("张总") && err.contains("phone number"), "{err}");
    let email = FieldSpec::new("email", Kind::Email);
    assert!(email.parse("zhang@").is_err());
    // What an older archive or another device holds is never refused.
    assert!(phone.check(&Value::Text("张总".into())).is_ok());
    assert!(email.check(&Value::Text("zhang".into())).is_ok());
}
