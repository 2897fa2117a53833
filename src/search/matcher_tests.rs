//! Tests of the matcher.

use super::*;

fn tier(q: &str, field: Field, text: &str) -> Option<Tier> {
    best(&Word::new(q), &FieldText { field, text, preferred: &[] }).map(|b| b.tier)
}

#[test]
fn every_reading_and_mixes_match() {
    for q in ["cq", "chongqing", "chongq", "cqing", "zhongqing", "cqhd", "chqhd", "重庆", "重q"] {
        assert!(tier(q, Field::Name, "重庆恒达").is_some(), "{q}");
    }
    assert_eq!(tier("laoting", Field::Name, "乐亭"), Some(Tier::Whole));
    assert_eq!(tier("hd", Field::Name, "重庆恒达"), Some(Tier::WordStart));
    assert_eq!(tier("cqd", Field::Name, "重庆恒达"), Some(Tier::Scattered));
    assert_eq!(tier("arbor", Field::Name, "Harbor Electric"), Some(Tier::Inside));
    assert_eq!(tier("electric", Field::Name, "Harbor Electric"), Some(Tier::WordStart));
    assert_eq!(tier("xyz", Field::Name, "重庆恒达"), None);
}

#[test]
fn short_words_are_contiguous_and_only_in_names_and_places() {
    assert_eq!(tier("cd", Field::Name, "重庆恒达"), None, "c…d scattered");
    assert_eq!(tier("13", Field::Phone, "13800001111"), None);
    assert_eq!(tier("1111", Field::Phone, "138-0000-1111"), Some(Tier::Prefix), "last digits");
    assert_eq!(tier("0000", Field::Phone, "138-0000-1111"), Some(Tier::WordStart), "after a separator");
    assert_eq!(tier("8000", Field::Phone, "138-0000-1111"), Some(Tier::Inside));
    assert_eq!(tier("cshk", Field::Notes, "催收货款"), None, "notes are matched as written");
    assert_eq!(tier("催收货款", Field::Notes, "下周催收货款"), Some(Tier::WordStart));
}

#[test]
fn preferred_readings_are_told_apart() {
    let chong = Readings::get().find("chong").unwrap();
    let pref = [(0u16, chong)];
    let f = FieldText { field: Field::Name, text: "重庆", preferred: &pref };
    let q = |w: &str| best(&Word::new(w), &f).map(|q| (q.tier, q.preferred, q.clean));
    assert_eq!(q("chongqing"), Some((Tier::Whole, true, true)));
    assert_eq!(q("zhongqing"), Some((Tier::Whole, false, true)));
    assert_eq!(q("choqing"), Some((Tier::Whole, true, false)), "cho… cut short");
}

#[test]
fn spans_name_the_matched_characters() {
    let f = FieldText { field: Field::Name, text: "重庆恒达机电", preferred: &[] };
    assert_eq!(spans(&Word::new("hengda"), &f), [2, 3]);
    assert_eq!(spans(&Word::new("cqjd"), &f), [0, 1, 4, 5]);
    let p = FieldText { field: Field::Phone, text: "138-0000-1111", preferred: &[] };
    assert_eq!(spans(&Word::new("01111"), &p), [7, 9, 10, 11, 12]);
}

#[test]
fn characters_read_as_ascii_pass_the_byte_test() {
    // The byte test that skips fields must not skip these.
    assert_eq!(tier("akb", Field::Notes, "a\u{212A}b"), Some(Tier::Whole), "the Kelvin sign reads k");
    assert_eq!(tier("aib", Field::Email, "a\u{130}b@x"), Some(Tier::Prefix), "İ reads i");
    assert_eq!(tier("456", Field::Name, "厦门４５６"), Some(Tier::Inside), "full-width digits");
    assert_eq!(tier("ahb", Field::Notes, "aＨb"), Some(Tier::Whole), "full-width letters");
    assert_eq!(tier("456", Field::Name, "厦门"), None);
    assert_eq!(tier("kab", Field::Notes, "下周催收 ab"), None);
}
