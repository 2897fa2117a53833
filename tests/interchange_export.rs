//! Issue 12 §2: exports that open right in Excel on Chinese Windows, read
//! back equal as CSV and xlsx, are safe from formula injection, and import
//! back onto the same records.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/cli.rs"]
mod cli_env;
use cli_env::{Env, failure};
use repbook::interop::table;
use std::path::PathBuf;

fn archive() -> Env {
    let env = Env::new();
    let c = env.id(&["customer", "add", "重庆钢铁集团", "--city", "重庆", "--kind", "dealer", "--purchase", "3"]);
    env.ok(&[
        "person",
        "add",
        &c,
        "王芳",
        "--phone",
        "+86 138 0013 8000",
        "--title",
        "采购经理",
        "--birthday",
        "07-01",
    ]);
    env.ok(&["person", "add", &c, "赵敏", "--phone", "13600000000", "--notes", "喜欢喝茶,\n不抽烟"]);
    let d = env.id(&["customer", "add", "=HYPERLINK(\"http://evil\",\"点我\")", "--address=-2+3"]);
    env.ok(&["person", "add", &d, "@admin", "--email", "a@example.com"]);
    env.ok(&["followup", "add", &c, "寄样品", "--due", "2026-12-01"]);
    env
}

fn out(env: &Env, name: &str) -> PathBuf {
    env.dir.path().join(name)
}

fn export(env: &Env, args: &[&str], name: &str) -> PathBuf {
    let p = out(env, name);
    let err = env.run(&[&["export"], args, &["--out", p.to_str().unwrap()]].concat());
    assert!(err.status.success(), "{}", String::from_utf8_lossy(&err.stderr));
    p
}

fn grid(t: &table::RawTable) -> Vec<Vec<String>> {
    std::iter::once(t.headers.clone()).chain(t.rows.iter().map(|r| r.1.clone())).collect()
}

fn counts(env: &Env, file: &std::path::Path) -> serde_json::Value {
    let o = env.run(&["import", file.to_str().unwrap(), "--json"]);
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stderr)));
    v["counts"].clone()
}

#[test]
fn csv_and_xlsx_read_back_equal_and_import_onto_the_same_records() {
    let env = archive();
    for what in ["--customers", "--people"] {
        let csv = export(&env, &["csv", what], &format!("{what}.csv"));
        let xlsx = export(&env, &["xlsx", what], &format!("{what}.xlsx"));
        let bytes = std::fs::read(&csv).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark for Excel");
        assert!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF");
        let (a, b) = (table::read(&csv, None).unwrap(), table::read(&xlsx, None).unwrap());
        assert_eq!(grid(&a), grid(&b), "{what}");
        assert_eq!(a.rows.len(), if what == "--people" { 3 } else { 2 });
        let zero =
            serde_json::json!({"new_customers": 0, "updated_customers": 0, "new_people": 0, "updated_people": 0});
        assert_eq!(counts(&env, &csv), zero, "{what} CSV imports back onto itself");
        assert_eq!(counts(&env, &xlsx), zero, "{what} xlsx imports back onto itself");
    }
    let people = table::read(&out(&env, "--people.csv"), None).unwrap();
    assert_eq!(people.headers[..4], ["Customer name", "Contact", "Title", "Department"]);
    let zh =
        env.run(&["--lang", "zh-CN", "export", "xlsx", "--people", "--out", out(&env, "zh.xlsx").to_str().unwrap()]);
    assert!(zh.status.success());
    let zh = table::read(&out(&env, "zh.xlsx"), None).unwrap();
    assert_eq!(zh.headers[..3], ["客户名称", "联系人", "职务"], "Chinese headers");
    assert_eq!(zh.sheet.as_deref(), Some("关键人"));
}

#[test]
fn cells_that_would_start_a_formula_are_neutralised() {
    let env = archive();
    let csv = export(&env, &["csv", "--people"], "people.csv");
    let text = String::from_utf8(std::fs::read(&csv).unwrap()).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"点我\"\")\""), "{text}");
    assert!(text.contains(",'@admin,"), "{text}");
    assert!(text.contains(",'+86 138 0013 8000,"), "{text}");
    for line in text.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell} in {line}");
        }
    }
    let customers = export(&env, &["csv"], "customers.csv");
    let text = String::from_utf8(std::fs::read(&customers).unwrap()).unwrap();
    assert!(text.contains(",'-2+3,"), "{text}");
}

#[test]
fn gbk_csv_for_older_excel_reads_back_as_gbk() {
    let env = archive();
    let csv = export(&env, &["csv", "--people", "--gbk"], "people-gbk.csv");
    let bytes = std::fs::read(&csv).unwrap();
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"));
    let (text, bad) = encoding_rs::GBK.decode_without_bom_handling(&bytes);
    assert!(!bad && text.contains("重庆钢铁集团,王芳"), "{text}");
    let t = table::read(&csv, None).unwrap();
    assert_eq!(t.encoding, "GBK");
    assert_eq!(counts(&env, &csv)["new_people"], 0);
}

#[test]
fn visits_and_followups_and_one_customer() {
    let env = archive();
    let f = table::read(&export(&env, &["csv", "--followups"], "f.csv"), None).unwrap();
    assert_eq!(f.rows.len(), 1);
    assert_eq!(f.rows[0].1[..3], ["重庆钢铁集团", "寄样品", "2026-12-01"]);
    let v = table::read(&export(&env, &["xlsx", "--visits"], "v.xlsx"), None).unwrap();
    assert!(v.rows.is_empty() && v.headers.len() > 5);
    let list = env.json(&["customer", "list"]);
    let id = list.as_array().unwrap().iter().find(|c| c["name"] == "重庆钢铁集团").unwrap()["id"].as_str().unwrap();
    let one = table::read(&export(&env, &["csv", "--people", "--customer", id], "one.csv"), None).unwrap();
    assert_eq!(one.rows.len(), 2);
    let (code, err) = failure(&env.run(&["export", "xlsx"]));
    assert_eq!(code, 2);
    assert!(err.contains("--out"), "{err}");
    let (_, err) = failure(&env.run(&["export", "csv", "--out", env.db().to_str().unwrap()]));
    assert!(err.contains("archive"), "an export never replaces the archive: {err}");
}
