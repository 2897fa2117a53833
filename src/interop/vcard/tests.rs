#![allow(clippy::unwrap_used)]

use super::*;

const ANDROID: &[u8] = include_bytes!("../../../tests/data/android-2.1.vcf");
const IPHONE: &[u8] = include_bytes!("../../../tests/data/iphone-3.0.vcf");

fn rows(bytes: &[u8], customer: Option<&str>) -> Vec<(usize, Vec<String>)> {
    read(bytes, customer).unwrap().0.rows
}

#[test]
fn android_2_1_quoted_printable_in_utf8_and_gbk_with_soft_breaks() {
    let rows = rows(ANDROID, None);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].0, 1, "numbered by the card's BEGIN line");
    assert_eq!(
        rows[0].1,
        [
            "重庆钢铁集团有限公司",
            "王芳",
            "138-0013-8000",
            "wang.fang@cqsteel.example",
            "采购经理",
            "采购部",
            "1980-07-01",
            ""
        ]
    );
    assert_eq!(rows[1].1[..5], ["重庆钢铁集团有限公司", "赵敏", "13600000000", "", "技术总监"], "GBK, name from N");
    assert_eq!(rows[2].1[..3], ["", "Tom", "13511112222"], "no ORG: no customer");
    assert_eq!(self::rows(ANDROID, Some("我的客户"))[2].1[0], "我的客户");
}

#[test]
fn iphone_3_0_groups_types_escapes_and_birthdays_without_a_year() {
    let (table, mapping) = read(IPHONE, None).unwrap();
    assert_eq!(mapping.len(), table.headers.len());
    let r = &table.rows[0].1;
    assert_eq!(r[..3], ["成都机电有限公司", "李强", "+86 139 0000 1111"], "the CELL phone before the first");
    assert_eq!(r[5], "销售部");
    assert_eq!(r[6], "11-26", "an iPhone's 1604 means no year");
    assert_eq!(r[7], "喜欢钓鱼, 周末不接电话\n夫人姓陈");
    assert_eq!(table.rows[1].0, 14);
}

#[test]
fn broken_cards_are_refused_with_their_line() {
    for (bad, line) in [
        ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\n", "3"),
        ("FN:x\r\n", "1"),
        ("BEGIN:VCARD\r\nno colon here\r\nEND:VCARD\r\n", "2"),
    ] {
        let err = read(bad.as_bytes(), None).unwrap_err().to_string();
        assert!(err.contains(line), "{bad:?}: {err}");
    }
}

#[test]
fn names_split_family_first() {
    assert_eq!(split_name("王芳"), ("王".into(), "芳".into()));
    assert_eq!(split_name("欧阳修"), ("欧阳".into(), "修".into()));
    assert_eq!(split_name("Ann Lee"), ("Lee".into(), "Ann".into()));
    assert_eq!(split_name("Tom"), ("Tom".into(), String::new()));
}

#[test]
fn birthdays_in_every_shape() {
    let line = |v: &str, p: &[(&str, &str)]| Line {
        name: "BDAY".into(),
        params: p.iter().map(|(a, b)| ((*a).to_string(), (*b).to_string())).collect(),
        value: v.into(),
    };
    assert_eq!(birthday(&line("19800701", &[])), "1980-07-01");
    assert_eq!(birthday(&line("--0701", &[])), "07-01");
    assert_eq!(birthday(&line("--07-01", &[])), "07-01");
    assert_eq!(birthday(&line("1604-07-01", &[("X-APPLE-OMIT-YEAR", "1604")])), "07-01");
    assert_eq!(birthday(&line("1980-07-01T00:00:00Z", &[])), "1980-07-01");
}

#[test]
fn text_is_escaped_and_long_lines_fold_on_character_boundaries() {
    assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    assert_eq!(escape("\u{1b}]0;T\u{7}\u{9b}\u{202e}x\r\ny\tz"), "]0\\;Tx\\ny z");
    let mut out = String::new();
    fold(&format!("NOTE:{}", "重".repeat(40)), &mut out);
    for line in out.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= 75, "{} octets", line.len());
    }
    assert_eq!(out.replace("\r\n ", "").trim_end(), format!("NOTE:{}", "重".repeat(40)));
}
