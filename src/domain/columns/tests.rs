use super::*;

fn mapped(headers: &[&str]) -> Vec<Option<String>> {
    let headers: Vec<String> = headers.iter().map(|h| (*h).to_string()).collect();
    guess(&headers).into_iter().map(|t| t.map(Target::key)).collect()
}

fn one(header: &str) -> Option<String> {
    mapped(&["客户名称", "联系人", header]).pop().flatten()
}

#[test]
fn headers_compare_without_case_spaces_or_punctuation() {
    assert_eq!(header_key("Person - Name"), "personname");
    assert_eq!(header_key(" E-Mail "), "email");
    assert_eq!(header_key("客户名称*"), "客户名称");
    assert_eq!(header_key("手机（必填）"), "手机");
    assert_eq!(header_key("ＡＣＣＯＵＮＴ　ＮＡＭＥ"), "accountname");
    assert_eq!(header_key("(备注)"), "备注");
}

#[test]
fn chinese_headers_as_reps_write_them() {
    let got = mapped(&["客户名称", "联系人", "手机", "职务", "地址", "城市", "行业", "生日", "邮箱", "备注", "部门"]);
    let want = [
        "customer.name",
        "person.name",
        "person.phone",
        "person.title",
        "customer.address",
        "customer.city",
        "customer.industry",
        "person.birthday",
        "person.email",
        "customer.notes",
        "person.department",
    ];
    assert_eq!(got, want.map(|s| Some(s.to_string())));
    for (alias, want) in [
        ("公司", "customer.name"),
        ("单位名称", "customer.name"),
        ("姓名", "person.name"),
        ("移动电话", "person.phone"),
        ("座机", "customer.phone"),
        ("电子邮箱", "person.email"),
        ("所属行业", "customer.industry"),
        ("出生日期", "person.birthday"),
        ("省份", "customer.region"),
        ("微信号", "person.im"),
        ("客户类型", "customer.kind"),
        ("标签", "customer.tags"),
        ("官网", "customer.website"),
    ] {
        let headers: &[&str] = match want {
            "customer.name" => &["联系人", alias],
            "person.name" => &["客户名称", alias],
            _ => &["客户名称", "联系人", alias],
        };
        assert_eq!(mapped(headers).last().cloned().flatten().as_deref(), Some(want), "{alias}");
    }
}

#[test]
fn salesforce_exports() {
    let got = mapped(&["Account Name", "First Name", "Last Name", "Title", "Phone", "Mobile", "Email", "Mailing City"]);
    let want = [
        "customer.name",
        "given_name",
        "family_name",
        "person.title",
        "customer.phone",
        "person.phone",
        "person.email",
        "customer.city",
    ];
    assert_eq!(got, want.map(|s| Some(s.to_string())), "Mobile takes the person's phone, Phone what is left");
    assert_eq!(one("Birthdate").as_deref(), Some("person.birthday"));
    assert_eq!(one("Billing State/Province").as_deref(), Some("customer.region"));
    assert_eq!(mapped(&["Account Name", "Phone", "Industry"])[1].as_deref(), Some("customer.phone"), "no person");
}

#[test]
fn hubspot_exports() {
    let got = mapped(&["First Name", "Last Name", "Company Name", "Job Title", "Mobile Phone Number", "Email", "City"]);
    let want =
        ["given_name", "family_name", "customer.name", "person.title", "person.phone", "person.email", "customer.city"];
    assert_eq!(got, want.map(|s| Some(s.to_string())));
    assert_eq!(one("Website URL").as_deref(), Some("customer.website"));
    assert_eq!(one("Street Address").as_deref(), Some("customer.address"));
}

#[test]
fn pipedrive_exports() {
    let got = mapped(&[
        "Person - Name",
        "Person - Organization",
        "Person - Phone",
        "Person - Email",
        "Organization - Address",
    ]);
    let want = ["person.name", "customer.name", "person.phone", "person.email", "customer.address"];
    assert_eq!(got, want.map(|s| Some(s.to_string())));
}

#[test]
fn fenxiang_and_xiaoshouyi_exports() {
    // 纷享销客: required columns marked with *, a contact's name spelled out.
    let got = mapped(&["客户名称*", "联系人姓名*", "手机", "电话", "职务", "所属行业", "详细地址"]);
    let want = [
        "customer.name",
        "person.name",
        "person.phone",
        "customer.phone",
        "person.title",
        "customer.industry",
        "customer.address",
    ];
    assert_eq!(got, want.map(|s| Some(s.to_string())), "电话 takes what 手机 left");
    // 销售易: 客户 and 联系人, 所属区域.
    let got = mapped(&["客户", "联系人", "联系电话", "所属区域", "备注"]);
    let want = ["customer.name", "person.name", "person.phone", "customer.region", "customer.notes"];
    assert_eq!(got, want.map(|s| Some(s.to_string())));
}

#[test]
fn generic_headers_choose_after_specific_ones() {
    assert_eq!(mapped(&["Name", "Company"]), [Some("person.name".into()), Some("customer.name".into())]);
    assert_eq!(mapped(&["Name", "City"]), [Some("customer.name".into()), Some("customer.city".into())]);
    assert_eq!(mapped(&["名称", "电话"]), [Some("customer.name".into()), Some("customer.phone".into())]);
    // A person's detail without a person's name is left for the user.
    assert_eq!(mapped(&["客户名称", "职务"]), [Some("customer.name".into()), None]);
    assert_eq!(
        mapped(&["客户名称", "手机", "手机"]),
        [Some("customer.name".into()), Some("customer.phone".into()), None]
    );
    assert_eq!(mapped(&["客户名称", "Favourite colour"]), [Some("customer.name".into()), None]);
}

#[test]
fn export_headers_map_back_to_their_fields_in_both_languages() {
    for lang in [Lang::En, Lang::ZhCn] {
        let mut targets: Vec<Target> = CUSTOMER.fields.iter().map(|f| C(f.name)).collect();
        targets.extend(PERSON.fields.iter().filter(|f| f.name != "customer_id").map(|f| P(f.name)));
        let headers: Vec<String> = targets.iter().map(|t| export_header(*t, lang)).collect();
        let back = guess(&headers);
        for (i, t) in targets.iter().enumerate() {
            assert_eq!(back[i], Some(*t), "{lang:?} {}", headers[i]);
        }
    }
}

#[test]
fn map_names_fields_as_the_user_writes_them() {
    assert_eq!(parse_target("customer.city"), Some(C("city")));
    assert_eq!(parse_target("person.phone"), Some(P("phone")));
    assert_eq!(parse_target("contact.title"), Some(P("title")));
    assert_eq!(parse_target("title"), Some(P("title")));
    assert_eq!(parse_target("city"), Some(C("city")));
    assert_eq!(parse_target("first-name"), Some(GivenName));
    assert_eq!(parse_target("手机"), Some(P("phone")));
    assert_eq!(parse_target("customer.customer_id"), None);
    assert_eq!(parse_target("person.colour"), None);
}

#[test]
fn names_phones_and_emails_match_loosely() {
    assert_eq!(join_name("芳", "王"), "王芳");
    assert_eq!(join_name("Ann", "Lee"), "Ann Lee");
    assert_eq!(join_name("", "Lee"), "Lee");
    assert_eq!(name_key("重庆 钢铁 ＡＢＣ"), "重庆钢铁abc");
    assert_eq!(phone_key("+86 138-0013-8000"), "13800138000");
    assert_eq!(phone_key("0086 13800138000"), "13800138000");
    assert_eq!(phone_key("023-6886 1234"), "02368861234");
    assert_eq!(email_key(" Wang@Example.COM "), "wang@example.com");
}

#[test]
fn every_alias_of_every_family_reads_as_one_of_its_fields() {
    for family in FAMILIES {
        for name in family.names {
            let context: &[&str] = if family.targets.contains(&C("name")) {
                &["联系人"]
            } else if family.targets.iter().any(|t| t.is_person_name()) {
                &["客户名称"]
            } else {
                &["客户名称", "联系人"]
            };
            let headers: Vec<String> = context.iter().chain([name]).map(|h| (*h).to_string()).collect();
            let got = guess(&headers).pop().flatten();
            assert!(
                got.is_some_and(|t| family.targets.contains(&t)),
                "{name:?} read as {got:?}, not one of {:?}",
                family.targets
            );
        }
    }
}
