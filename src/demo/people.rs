//! The demo's customers and key people: names, places, trades, classes
//! and personal details, drawn from the demo's seeded stream.

use super::{pick, text};
use crate::domain::fields::Value;
use crate::domain::schema::CUSTOMER_KINDS;
use chrono::{Duration, NaiveDate};
use std::fmt::Write as _;

const CITIES: &[(&str, &str)] = &[
    ("重庆", "西南"),
    ("长沙", "华中"),
    ("厦门", "华东"),
    ("北京", "华北"),
    ("上海", "华东"),
    ("广州", "华南"),
    ("深圳", "华南"),
    ("成都", "西南"),
    ("武汉", "华中"),
    ("杭州", "华东"),
    ("西安", "西北"),
    ("长春", "东北"),
    ("蚌埠", "华东"),
    ("Singapore", "SEA"),
    ("Hong Kong", "华南"),
];
const BRANDS: &[&str] = &[
    "恒达", "华大", "鑫源", "金泰", "宏远", "瑞丰", "天成", "永兴", "东方", "信达", "联创", "嘉禾", "中恒", "汇通",
    "博远", "长城", "银河", "新航", "星辰", "盛世",
];
const TRADES: &[(&str, &str)] = &[
    ("机电", "机械设备"),
    ("电子", "电子元器件"),
    ("医疗器械", "医疗"),
    ("建材", "建材"),
    ("食品", "快消品"),
    ("化工", "化工"),
    ("物流", "物流"),
    ("软件", "信息技术"),
];
const SUFFIXES: &[&str] = &["有限公司", "贸易有限公司", "商行", "经销部", "科技股份有限公司", "集团"];
const EN_FIRST: &[&str] = &["Harbor", "Summit", "Pacific", "Northwind", "Bluewater", "Granite", "Evergreen", "Atlas"];
const EN_SECOND: &[&str] = &["Electric", "Medical", "Supply", "Foods", "Systems", "Logistics", "Materials"];
const EN_SUFFIX: &[&str] = &["Ltd", "Co.", "Pte Ltd", "Trading", "Group"];
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "曾", "单", "解", "覃", "翟"];
const GIVEN: &[&str] =
    &["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "建华", "晓明", "丽娟", "国强"];
const EN_PEOPLE: &[&str] = &["Alice Tan", "Ben Carter", "Chloe Ng", "David Lim", "Emma Ross", "Frank Ho", "Grace Lee"];
const TITLES: &[&str] = &["总经理", "采购经理", "技术总监", "财务经理", "仓库主管", "工程师", "门店店长"];
const TAGS: &[&str] = &["重点", "展会", "老客户", "新开发", "回款慢", "key-account", "trade-show"];

pub(super) fn customer_fields(rng: &mut fastrand::Rng, n: usize, numbered: bool) -> Vec<(&'static str, Value)> {
    let (city, region) = *pick(rng, CITIES);
    let (trade, industry) = *pick(rng, TRADES);
    let english = city.is_ascii() || rng.u8(..10) == 0;
    let mut name = if english {
        format!("{} {} {}", pick(rng, EN_FIRST), pick(rng, EN_SECOND), pick(rng, EN_SUFFIX))
    } else {
        format!("{}{}{}{}", if city.is_ascii() { "" } else { city }, pick(rng, BRANDS), trade, pick(rng, SUFFIXES))
    };
    if numbered {
        // Large archives: keep names distinct the way real ones are (branches).
        let _ = write!(name, " #{}", n + 1);
    }
    // Roughly 80/20: a fifth A, a third B, the rest C.
    let (purchase, potential) = match rng.u8(..100) {
        0..=5 => (4, 4),
        6..=9 => (3, 4),
        10..=17 => (*pick(rng, &[0, 1]), *pick(rng, &[3, 4])),
        20..=34 => (2, *pick(rng, &[2, 4])),
        35..=52 => (*pick(rng, &[0, 1]), 2),
        _ => (*pick(rng, &[0, 1]), *pick(rng, &[0, 1])),
    };
    let (purchase, potential) = (i64::from(purchase), i64::from(potential));
    let mut tags = Vec::new();
    if rng.u8(..3) == 0 {
        tags.push(*pick(rng, TAGS));
    }
    let mut v = vec![
        ("name", text(name)),
        ("kind", text(*pick(rng, CUSTOMER_KINDS))),
        ("status", text(*pick(rng, &["prospect", "active", "active", "active", "dormant"]))),
        ("industry", text(industry)),
        ("region", text(region)),
        ("city", text(city)),
        ("economic_nature", text(*pick(rng, &["private", "private", "state_owned", "foreign", "joint_venture"]))),
        ("scale", text(*pick(rng, &["small", "medium", "medium", "large"]))),
        ("purchase", Value::Int(purchase)),
        ("potential", Value::Int(potential)),
        ("stage", text(*pick(rng, &["exploratory", "early", "mid", "partnership"]))),
        ("phone", text(format!("0{}-{:08}", rng.u8(10..=99), rng.u32(10_000_000..100_000_000)))),
        (
            "payment_habits",
            text(*pick(
                rng,
                &[
                    "月底对账，次月10日前付款",
                    "Pays on the 25th; never call in the morning",
                    "货到付款",
                    "60-day terms, usually late",
                ],
            )),
        ),
    ];
    if !tags.is_empty() {
        v.push(("tags", text(tags.join(", "))));
    }
    if rng.u8(..12) == 0 {
        v.push(("vip", Value::Bool(true)));
    }
    if rng.u8(..20) == 0 {
        v.push(("tier_override", text("A1")));
    }
    v
}

pub(super) fn person_fields(rng: &mut fastrand::Rng, customer: &str, english: bool) -> Vec<(&'static str, Value)> {
    let name = if english {
        (*pick(rng, EN_PEOPLE)).to_string()
    } else {
        format!("{}{}", pick(rng, SURNAMES), pick(rng, GIVEN))
    };
    let birthday = NaiveDate::from_ymd_opt(1965 + i32::from(rng.u8(..35)), 1, 1)
        .map(|d| d + Duration::days(i64::from(rng.u16(..365))))
        .map(|d| d.format("%Y-%m-%d").to_string());
    let mut v = vec![
        ("customer_id", text(customer)),
        ("name", text(name)),
        ("title", text(*pick(rng, TITLES))),
        ("role", text(*pick(rng, crate::domain::schema::ROLES))),
        ("level", text(*pick(rng, crate::domain::schema::LEVELS))),
        ("closeness", Value::Int(i64::from(rng.u8(0..=4)))),
        ("social_style", text(*pick(rng, crate::domain::schema::SOCIAL_STYLES))),
        ("phone", text(format!("13{:09}", rng.u32(..1_000_000_000)))),
        ("hobbies", text(*pick(rng, &["钓鱼", "羽毛球", "golf", "茶道", "跑步", "photography"]))),
    ];
    if let Some(b) = birthday {
        v.push(("birthday", text(b)));
    }
    v
}
