//! Issue 12 §3: vCards from phones come in without duplicates (2.1 from
//! Android with quoted-printable names in UTF-8 and GBK, 3.0 from an
//! iPhone); key people go out as 3.0 or 4.0 that an independent parser
//! (the `ical` crate) reads, folded at 75 octets between characters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/cli.rs"]
mod cli_env;
use cli_env::Env;
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn import(env: &Env, file: &Path, extra: &[&str]) -> serde_json::Value {
    let o = env.run(&[&["import", file.to_str().unwrap(), "--json"], extra].concat());
    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stderr)))
}

fn counts(v: &serde_json::Value) -> [u64; 4] {
    ["new_customers", "updated_customers", "new_people", "updated_people"].map(|k| v["counts"][k].as_u64().unwrap())
}

fn person<'a>(people: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    people.as_array().unwrap().iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("{name}: {people}"))
}

#[test]
fn android_cards_import_once_and_a_card_without_org_takes_customer() {
    let env = Env::new();
    let file = data("android-2.1.vcf");
    let v = import(&env, &file, &["--skip-bad"]);
    assert!(v["encoding"].as_str().unwrap().starts_with("vCard"));
    assert_eq!(counts(&v), [1, 0, 2, 0], "{v}");
    assert_eq!(v["bad"], serde_json::json!([{"line": 21, "reason": "no customer name"}]));
    let people = env.json(&["person", "list"]);
    let wang = person(&people, "王芳");
    assert_eq!((wang["phone"].as_str(), wang["department"].as_str()), (Some("138-0013-8000"), Some("采购部")));
    assert_eq!(person(&people, "赵敏")["title"], "技术总监", "GBK quoted-printable");
    assert_eq!(counts(&import(&env, &file, &["--skip-bad"])), [0, 0, 0, 0], "again: nothing new");
    let id = env.json(&["customer", "list"])[0]["id"].as_str().unwrap().to_string();
    let v = import(&env, &file, &["--customer", &id]);
    assert_eq!(counts(&v), [0, 0, 1, 0], "Tom joins the customer named; the others are found there");
    assert_eq!(env.json(&["customer", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn iphone_cards_find_the_person_already_there() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "成都机电有限公司"]);
    env.ok(&["person", "add", &c, "李强", "--phone", "13900001111"]);
    let v = import(&env, &data("iphone-3.0.vcf"), &["--skip-bad"]);
    assert_eq!(counts(&v), [0, 0, 0, 1], "{v}");
    assert_eq!(v["rows"][0]["person_outcome"], "update");
    assert_eq!(v["bad"][0]["line"], 14);
    assert!(v["bad"][0]["reason"].as_str().unwrap().contains("1975-02-30"), "{v}");
    let li = person(&env.json(&["person", "list"]), "李强").clone();
    assert_eq!(li["birthday"], "11-26");
    assert_eq!(li["notes"], "喜欢钓鱼, 周末不接电话\n夫人姓陈");
    assert_eq!(env.json(&["person", "list"]).as_array().unwrap().len(), 1);
}

fn parse(bytes: &[u8]) -> Vec<ical::parser::vcard::component::VcardContact> {
    ical::VcardParser::new(std::io::BufReader::new(bytes)).map(|c| c.unwrap()).collect()
}

fn prop<'a>(card: &'a ical::parser::vcard::component::VcardContact, name: &str) -> Option<&'a str> {
    card.properties.iter().find(|p| p.name == name).and_then(|p| p.value.as_deref())
}

#[test]
fn exported_cards_parse_elsewhere_fold_by_octets_and_import_back_onto_themselves() {
    let env = Env::new();
    import(&env, &data("android-2.1.vcf"), &["--skip-bad"]);
    import(&env, &data("iphone-3.0.vcf"), &["--skip-bad"]);
    let c = env.json(&["customer", "list"]);
    let cd = c.as_array().unwrap().iter().find(|c| c["name"] == "成都机电有限公司").unwrap()["id"].as_str().unwrap();
    let li = env.json(&["person", "list", cd])[0]["id"].as_str().unwrap().to_string();
    let long = "长".repeat(60);
    env.ok(&["person", "edit", &li, "--notes", &format!("{long}; 逗号, 反斜杠\\ 完")]);
    for version in ["3", "4"] {
        let out = env.dir.path().join(format!("people-{version}.vcf"));
        let o = env.run(&["export", "vcard", "--version", version, "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(&out).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
        let cards = parse(&bytes);
        assert_eq!(cards.len(), 3);
        let li = cards.iter().find(|c| prop(c, "FN") == Some("李强")).unwrap();
        assert_eq!(prop(li, "VERSION"), Some(if version == "3" { "3.0" } else { "4.0" }));
        assert_eq!(prop(li, "ORG"), Some("成都机电有限公司;销售部"));
        assert_eq!(prop(li, "N"), Some("李;强;;;"));
        assert_eq!(prop(li, "TEL"), Some("+86 139 0000 1111"));
        assert_eq!(prop(li, "NOTE"), Some(format!("{long}\\; 逗号\\, 反斜杠\\\\ 完").as_str()), "unfolded whole");
        let bday = prop(li, "BDAY").unwrap();
        assert_eq!(bday, if version == "3" { "1604-11-26" } else { "--1126" });
        let v = import(&env, &out, &[]);
        assert_eq!(counts(&v), [0, 0, 0, 0], "v{version} imports back onto itself: {v}");
    }
    let one = env.dir.path().join("one.vcf");
    env.ok(&["export", "vcard", "--customer", cd, "--out", one.to_str().unwrap()]);
    assert_eq!(parse(&std::fs::read(&one).unwrap()).len(), 1);
}
