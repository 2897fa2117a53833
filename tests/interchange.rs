//! Issue 12: spreadsheets in and out, through the real binary, with files
//! shaped like those reps get: a GBK CSV with Chinese headers from Excel on
//! Chinese Windows, a UTF-8 CSV with a byte-order mark exported from a CRM,
//! an .xlsx and an .xls (`tests/data/customers.xls`, made by `make_xls.py`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/cli.rs"]
mod cli_env;
use cli_env::{Env, failure};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn write(env: &Env, name: &str, bytes: &[u8]) -> PathBuf {
    let p = env.dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn gbk_csv(env: &Env) -> PathBuf {
    let text = "序号,客户名称,联系人,手机,职务,城市,客户类型,生日,备注\r\n\
        1,重庆钢铁集团,王芳,13800138000,采购经理,重庆,经销商,1980-07-01,老客户\r\n\
        2,成都机电,李强,+86 139 0000 1111,总经理,成都,终端客户,11月26日,\r\n\
        3,,张伟,13700000000,,,,,\r\n\
        4,重庆钢铁集团,赵敏,13600000000,技术总监,重庆,,,\r\n\
        5,西安电缆,周杰,13500000000,,西安,,13-45,\r\n";
    let (bytes, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    write(env, "客户名单.csv", &bytes)
}

fn import_json(env: &Env, file: &Path, extra: &[&str]) -> serde_json::Value {
    let out = env.run(&[&["import", file.to_str().unwrap(), "--json"], extra].concat());
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)))
}

fn counts(v: &serde_json::Value) -> [u64; 4] {
    let c = &v["counts"];
    ["new_customers", "updated_customers", "new_people", "updated_people"].map(|k| c[k].as_u64().unwrap())
}

fn archive_counts(env: &Env) -> (usize, usize) {
    let c = env.json(&["customer", "list"]).as_array().unwrap().len();
    let p = env.json(&["person", "list"]).as_array().unwrap().len();
    (c, p)
}

#[test]
fn a_gbk_csv_with_chinese_headers_previews_refuses_bad_rows_then_imports_once() {
    let env = Env::new();
    env.ok(&["customer", "list"]);
    let file = gbk_csv(&env);
    let dry = import_json(&env, &file, &["--dry-run"]);
    assert_eq!(dry["encoding"], "GBK");
    assert_eq!(dry["unmapped"], serde_json::json!(["序号"]));
    let bad: Vec<(u64, String)> = dry["bad"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["line"].as_u64().unwrap(), b["reason"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert_eq!(bad[0].0, 4);
    assert_eq!(bad[0].1, "no customer name");
    assert_eq!(bad[1].0, 6);
    assert!(bad[1].1.contains("13-45"), "{}", bad[1].1);
    assert_eq!(counts(&dry), [2, 0, 3, 0]);
    let lines: Vec<u64> = dry["rows"].as_array().unwrap().iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [2, 3, 5]);
    assert_eq!(archive_counts(&env), (0, 0), "a dry run writes nothing");

    // Bad rows and no choice made: nothing is written.
    let (code, err) = failure(&env.run(&["import", file.to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(err.contains("Nothing imported: 2 rows are bad") && err.contains("--skip-bad"), "{err}");
    assert!(
        String::from_utf8_lossy(&env.run(&["import", file.to_str().unwrap()]).stdout)
            .contains("line 4: no customer name")
    );
    assert_eq!(archive_counts(&env), (0, 0));

    let done = import_json(&env, &file, &["--skip-bad"]);
    assert_eq!(done["written"], true);
    assert_eq!(archive_counts(&env), (2, 3));
    let backups: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".before-import-"))
        .collect();
    assert_eq!(backups.len(), 1, "a backup before the import");
    let customers = env.json(&["customer", "list"]);
    let steel = customers.as_array().unwrap().iter().find(|c| c["name"] == "重庆钢铁集团").unwrap();
    assert_eq!(steel["kind"], "dealer", "a choice read from its Chinese label");
    assert_eq!(steel["notes"], "老客户");

    // The same file again: every row is there, nothing new.
    let again = import_json(&env, &file, &["--skip-bad"]);
    assert_eq!(counts(&again), [0, 0, 0, 0]);
    assert!(
        again["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["customer_outcome"] == "same" && r["person_outcome"] == "same")
    );
    assert_eq!(archive_counts(&env), (2, 3));

    // One step back takes the whole import back.
    env.ok(&["undo"]);
    assert_eq!(archive_counts(&env), (0, 0));
}

#[test]
fn a_crm_export_in_utf8_with_bom_joins_first_and_last_names() {
    let env = Env::new();
    let text = "\u{feff}First Name,Last Name,Company Name,Email,Mobile Phone Number,Job Title,City,Industry\r\n\
        Ann,Lee,Acme Trading,ann@acme.example,+86 138 0000 0001,Buyer,Shanghai,Retail\r\n\
        芳,王,\"Acme Trading\",wang@acme.example,13800000002,\"=HYPERLINK(\"\"x\"\")\",Shanghai,Retail\r\n";
    let file = write(&env, "hubspot-contacts.csv", text.as_bytes());
    let v = import_json(&env, &file, &[]);
    assert_eq!(v["encoding"], "UTF-8 (BOM)");
    assert_eq!(counts(&v), [1, 0, 2, 0], "{v}");
    let people = env.json(&["person", "list"]);
    let names: Vec<&str> = people.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Ann Lee") && names.contains(&"王芳"), "{names:?}");
    // A contact with the same name but another phone is someone else; with
    // the same phone, the same person (their title updated).
    let next = "\u{feff}First Name,Last Name,Company Name,Mobile Phone Number,Job Title\r\n\
        Ann,Lee,Acme Trading,13800000001,Head buyer\r\n\
        Ann,Lee,Acme Trading,13900000009,Intern\r\n";
    let v = import_json(&env, &write(&env, "next.csv", next.as_bytes()), &[]);
    assert_eq!(counts(&v), [0, 0, 1, 1], "{v}");
}

#[test]
fn an_unknown_header_is_named_and_map_assigns_it() {
    let env = Env::new();
    let file = write(&env, "firmen.csv", "Firma,Ansprechpartner,Telefon\nMüller GmbH,Hans,0711 123\n".as_bytes());
    let (code, err) = failure(&env.run(&["import", file.to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(err.contains("--map COLUMN=customer.name"), "{err}");
    let v = import_json(
        &env,
        &file,
        &["--map", "Firma=customer.name", "--map", "2=person.name", "--map", "telefon=手机", "--dry-run"],
    );
    assert_eq!(counts(&v), [1, 0, 1, 0], "{v}");
    assert_eq!(v["unmapped"], serde_json::json!([]));
    let (_, err) = failure(&env.run(&["import", file.to_str().unwrap(), "--map", "Firma=customer.colour"]));
    assert!(err.contains("No field 'customer.colour'"), "{err}");
    let (_, err) = failure(&env.run(&["import", file.to_str().unwrap(), "--map", "Fax=customer.phone"]));
    assert!(err.contains("No column 'Fax'") && err.contains("Firma, Ansprechpartner, Telefon"), "{err}");
}

#[test]
fn an_xlsx_with_a_title_row_numbers_and_dates() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let env = Env::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("客户").unwrap();
    sheet.write_string(0, 0, "重点客户名单（2026）").unwrap();
    for (c, h) in ["公司名称", "联系人姓名", "手机号码", "生日", "所属区域"].iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_string(2, 0, "广州白云电器").unwrap();
    sheet.write_string(2, 1, "黄磊").unwrap();
    sheet.write_number(2, 2, 13_922_223_333.0).unwrap();
    sheet.write_datetime_with_format(2, 3, ExcelDateTime::from_ymd(1979, 5, 4).unwrap(), &date).unwrap();
    sheet.write_string(2, 4, "华南").unwrap();
    sheet.write_string(3, 1, "无名氏").unwrap();
    let file = env.dir.path().join("名单.xlsx");
    book.save(&file).unwrap();
    let v = import_json(&env, &file, &[]);
    assert_eq!(v["sheet"], "客户");
    assert_eq!(v["bad"][0]["line"], 4, "{v}");
    let v = import_json(&env, &file, &["--skip-bad"]);
    assert_eq!(counts(&v), [1, 0, 1, 0]);
    let p = &env.json(&["person", "list"])[0];
    assert_eq!(p["phone"], "13922223333", "a phone stored as a number reads as typed");
    assert_eq!(p["birthday"], "1979-05-04");
    assert_eq!(env.json(&["customer", "list"])[0]["region"], "华南");
}

#[test]
fn an_xls_from_excel_97_picks_its_sheet() {
    let env = Env::new();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/customers.xls");
    let (_, err) = failure(&env.run(&["import", file.to_str().unwrap(), "--sheet", "Sheet9"]));
    assert!(err.contains("说明, 客户名单"), "the sheets are named: {err}");
    let guessed = import_json(&env, &file, &["--dry-run"]);
    assert_eq!(guessed["sheet"], "客户名单", "no --sheet: the first sheet that names customers, not the notes");
    let v = import_json(&env, &file, &["--sheet", "客户名单", "--skip-bad"]);
    assert_eq!(v["encoding"], "xls");
    assert_eq!(v["unmapped"], serde_json::json!(["序号"]));
    assert_eq!(v["bad"], serde_json::json!([{"line": 6, "reason": "no customer name"}]));
    assert_eq!(counts(&v), [2, 0, 2, 0]);
    let people = env.json(&["person", "list"]);
    let chen = people.as_array().unwrap().iter().find(|p| p["name"] == "陈静").unwrap();
    assert_eq!((chen["phone"].as_str(), chen["birthday"].as_str()), (Some("13912345678"), Some("1985-03-12")));
    assert_eq!(chen["title"], "采购部经理");
}

/// An `OpenDocument` spreadsheet (`LibreOffice`, WPS), `tests/data/customers.ods`
/// made by `make_ods.py`: its sheet guessed past a notes sheet, the title
/// row skipped, a number read as a phone, a date cell as a birthday.
#[test]
fn an_ods_from_libreoffice_is_read_like_a_workbook() {
    let env = Env::new();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/customers.ods");
    let dry = import_json(&env, &file, &["--dry-run"]);
    assert_eq!(dry["sheet"], "客户名单", "{dry}");
    assert_eq!(dry["sheets"], serde_json::json!(["说明", "客户名单"]));
    assert_eq!(dry["unmapped"], serde_json::json!(["序号"]));
    assert_eq!(counts(&dry), [2, 0, 3, 0], "two customers, the first with two people");
    assert_eq!(archive_counts(&env), (0, 0), "a dry run writes nothing");
    let v = import_json(&env, &file, &[]);
    assert_eq!(v["encoding"], "ods");
    assert_eq!(archive_counts(&env), (2, 3));
    let people = env.json(&["person", "list"]);
    let yang = people.as_array().unwrap().iter().find(|p| p["name"] == "杨帆").unwrap();
    assert_eq!((yang["phone"].as_str(), yang["birthday"].as_str()), (Some("13912340001"), Some("1985-03-12")));
    assert_eq!(counts(&import_json(&env, &file, &[])), [0, 0, 0, 0], "imported again: nothing new");
}

/// A new customer whose name is close to one in the archive (or to another
/// new one in the file) is named in the preview with the other, as
/// `customer add` warns; it is a warning, not a refusal.
#[test]
fn close_names_are_named_in_the_preview_and_still_imported() {
    let env = Env::new();
    let xinyuan = env.id(&["customer", "add", "北京鑫源化工贸易有限公司"]);
    env.id(&["customer", "add", "Harbor Medical Group"]);
    let file = write(
        &env,
        "c.csv",
        "客户名称,城市,电话\n北京心源化工贸易有限公司,北京,\nHarbour Medical Group,HK,\n\
         新客户甲,上海,021-1\n新客户甲,上海,021-2\n厦门永兴,厦门,\n"
            .as_bytes(),
    );
    let dry = import_json(&env, &file, &["--dry-run"]);
    let close: Vec<(u64, &str, &str)> = dry["close"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["line"].as_u64().unwrap(), c["close_to"].as_str().unwrap(), c["how"].as_str().unwrap()))
        .collect();
    assert_eq!(
        close,
        vec![
            (2, "北京鑫源化工贸易有限公司", "same_pinyin"),
            (3, "Harbor Medical Group", "slip"),
            (5, "新客户甲", "same"),
        ]
    );
    assert_eq!(dry["close"][0]["close_to_id"], xinyuan.as_str());
    assert_eq!(dry["close"][2]["close_to_line"], 4);
    assert_eq!(dry["close_checked_fully"], true);
    // The text preview names the other customer by the short id lists show.
    let text = env.ok(&["import", file.to_str().unwrap(), "--dry-run"]);
    let short = &xinyuan[xinyuan.len() - 8..];
    assert!(text.contains(&format!("北京鑫源化工贸易有限公司 ({short}, the same pinyin)")), "{text}");
    assert!(text.contains("line 5: 新客户甲 is close to 新客户甲 on line 4 (the same name)"), "{text}");
    let zh = env.ok(&["--lang", "zh-CN", "import", file.to_str().unwrap(), "--dry-run"]);
    assert!(zh.contains("第 3 行：Harbour Medical Group 与档案里的 Harbor Medical Group"), "{zh}");
    // Not refused: every row is imported.
    assert_eq!(counts(&import_json(&env, &file, &[])), [5, 0, 0, 0]);
}

/// The walk: a spreadsheet of 200 Chinese customers imported, one
/// found by its pinyin initials, its people exported as vCards.
#[test]
fn two_hundred_customers_in_then_one_found_by_pinyin_and_its_people_out_as_vcards() {
    let env = Env::new();
    let cities = ["重庆", "成都", "西安", "杭州"];
    let mut text = String::from("客户名称,联系人,手机,城市\r\n");
    for i in 0..200 {
        let name = if i == 117 {
            "重庆恒达钢铁有限公司".to_string()
        } else {
            format!("{}第{i}机械厂", cities[i % 4])
        };
        let _ = write!(text, "{name},联系人{i},139{i:08},{}\r\n", cities[i % 4]);
    }
    text.push_str("重庆恒达钢铁有限公司,王芳,13800138000,重庆\r\n");
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    let file = write(&env, "客户.csv", &bytes);
    let started = std::time::Instant::now();
    let v = import_json(&env, &file, &[]);
    eprintln!("200 rows imported in {:?} (debug build, with the process start)", started.elapsed());
    assert_eq!(counts(&v), [200, 0, 201, 0]);
    let hits = env.json(&["search", "cqhd"]);
    let hit = hits
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "重庆恒达钢铁有限公司")
        .unwrap_or_else(|| panic!("{hits}"));
    let id = hit["id"].as_str().unwrap();
    let out = env.dir.path().join("恒达.vcf");
    env.ok(&["export", "vcard", "--customer", id, "--out", out.to_str().unwrap()]);
    let cards: Vec<_> = ical::VcardParser::new(std::io::BufReader::new(std::fs::read(&out).unwrap().as_slice()))
        .map(Result::unwrap)
        .collect();
    let names: Vec<String> = cards
        .iter()
        .map(|c| c.properties.iter().find(|p| p.name == "FN").and_then(|p| p.value.clone()).unwrap())
        .collect();
    assert_eq!(names, ["联系人117", "王芳"]);
}

/// The import says where the archive as it was is kept, or that no copy
/// was made (the demo is never backed up) — never a bare "-"; one row is
/// "1 row".
#[test]
fn the_import_names_its_backup_or_says_there_is_none() {
    let env = Env::new();
    let file = write(&env, "one.csv", "客户名称,城市\n厦门永兴,厦门\n".as_bytes());
    let out = env.run(&["import", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{err}");
    let all = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
    assert!(all.contains("1 row below the header on line 1."), "{all}");
    assert!(err.contains("before-import") && !err.contains(" - "), "{err}");
    let env = Env::new();
    env.ok(&["demo", "--customers", "3"]);
    let file = write(&env, "two.csv", "客户名称,城市\n福州鑫达,福州\n".as_bytes());
    let out = env.run(&["import", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(err.contains("no backup is made of the demo archive") && !err.contains(" - "), "{err}");
}
