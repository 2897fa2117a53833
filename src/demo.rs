//! A realistic demo archive made by code from a fixed seed: mixed Chinese and
//! English customers of every kind and class, key people with roles and
//! birthdays, competitors, orders, deliveries and payments.

mod reviews;

use crate::domain::classify::Class;
use crate::domain::fields::Value;
use crate::domain::schema::{
    BUYING_STAGES, CHANNEL_ACTIONS, COMPETITOR, CUSTOMER, CUSTOMER_KINDS, FOLLOWUP, OBJECTIONS, OUTCOMES, PERSON,
    PURPOSES, TRADE, VISIT,
};
use crate::error::Result;
use crate::store::Store;
use crate::store::Writer;
use chrono::{Duration, NaiveDate};
use std::fmt::Write as _;

#[path = "demo_opportunities.rs"]
mod opportunities;

/// What a demo run created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoStats {
    /// Customers created.
    pub customers: usize,
    /// Key people created.
    pub people: usize,
    /// Competitor notes created.
    pub competitors: usize,
    /// Purchase/sales records created.
    pub trades: usize,
    /// Visits and calls created (done and planned).
    pub visits: usize,
    /// Follow-ups created.
    pub followups: usize,
    /// Opportunities created.
    pub opportunities: usize,
}

/// Archives up to this size get visits and follow-ups; larger ones (the
/// benchmarks') only the archive itself.
pub const ACTIVITY_UP_TO: usize = 5_000;

const GOALS: &[&str] = &[
    "月底前回款5万元",
    "本周拿下200箱订单",
    "Agree a trial order of 50 units by Friday",
    "下周三前确认新品陈列3个堆头",
];
const STEPS: &[&str] = &["寄报价单", "约采购经理面谈", "Send the revised contract", "安排技术交流", "催第二笔货款"];

fn iso(d: NaiveDate) -> Value {
    Value::Text(d.format("%Y-%m-%d").to_string())
}

/// The customer whose activity is made up.
struct Subject<'a> {
    id: &'a str,
    class: Class,
    dealer: bool,
    owed: i64,
}

/// A few months of visits, calls and follow-ups for one customer.
fn activity(
    w: &mut Writer<'_>,
    rng: &mut fastrand::Rng,
    who: &Subject<'_>,
    today: NaiveDate,
    stats: &mut DemoStats,
) -> Result<()> {
    let Subject { id, class, dealer, owed } = *who;
    let held = match class {
        Class::A => rng.usize(4..=8),
        Class::B => rng.usize(2..=4),
        Class::C => rng.usize(0..=2),
    };
    for _ in 0..held {
        let date = today - Duration::days(i64::from(rng.u16(1..=90)));
        let late = rng.u8(..10) == 0;
        let logged = if late { date + Duration::days(i64::from(rng.u8(3..=6))) } else { date };
        let mut v = vec![
            ("customer_id", text(id)),
            ("kind", text(if rng.u8(..10) < 7 { "visit" } else { "call" })),
            ("status", text("done")),
            ("date", iso(date)),
            ("purposes", text(*pick(rng, PURPOSES))),
            ("outcome", text(*pick(rng, OUTCOMES))),
            ("buying_stage", text(*pick(rng, BUYING_STAGES))),
            ("logged_on", iso(logged.min(today))),
        ];
        if dealer {
            v.push(("actions", text(format!("{}, {}", CHANNEL_ACTIONS[0], pick(rng, CHANNEL_ACTIONS)))));
        }
        if rng.u8(..3) == 0 {
            v.push(("objections", text(*pick(rng, OBJECTIONS))));
        }
        w.insert(&VISIT, &v)?;
        stats.visits += 1;
    }
    let mut planned = |date: NaiveDate, w: &mut Writer<'_>, rng: &mut fastrand::Rng| -> Result<()> {
        w.insert(
            &VISIT,
            &[
                ("customer_id", text(id)),
                ("kind", text("visit")),
                ("status", text("planned")),
                ("date", iso(date)),
                ("time", text(format!("{:02}:{:02}", rng.u8(9..=17), *pick(rng, &[0u8, 30])))),
                ("purposes", text(*pick(rng, PURPOSES))),
                ("goal", text(*pick(rng, GOALS))),
            ],
        )?;
        stats.visits += 1;
        Ok(())
    };
    if class != Class::C && rng.u8(..3) == 0 {
        planned(today + Duration::days(i64::from(rng.u8(0..=5))), w, rng)?;
    }
    if rng.u8(..20) == 0 {
        planned(today - Duration::days(i64::from(rng.u8(1..=3))), w, rng)?;
    }
    let mut followup = |what: &str, due: NaiveDate, source: &str, status: &str, w: &mut Writer<'_>| -> Result<()> {
        let v = vec![
            ("customer_id", text(id)),
            ("what", text(what)),
            ("due", iso(due)),
            ("source", text(source)),
            ("status", text("open")),
        ];
        // Made open and then closed, as the life cycle requires of anyone.
        let fid = w.insert(&FOLLOWUP, &v)?;
        match status {
            "done" => w.followup_done(&fid, due)?,
            "dropped" => w.followup_drop(&fid, "客户已转向其他供应商")?,
            _ => {}
        }
        stats.followups += 1;
        Ok(())
    };
    if rng.u8(..10) < 4 {
        let due = today + Duration::days(i64::from(rng.u8(0..=12)) - 5);
        let step = pick::<&str>(rng, STEPS);
        followup(step, due, "next_step", "open", w)?;
    }
    if rng.u8(..10) == 0 {
        let (step, end) = (pick::<&str>(rng, STEPS), pick::<&str>(rng, &["done", "dropped"]));
        followup(step, today - Duration::days(20), "next_step", end, w)?;
    }
    if owed > 0 && rng.bool() {
        // Typed by the rep, so kept in the rep's words: generated payment
        // follow-ups (source `payment`) come from orders' due dates and are
        // rendered in the reader's language.
        followup("催收货款", today + Duration::days(i64::from(rng.u8(0..=10)) - 3), "manual", "open", w)?;
    }
    Ok(())
}

/// The seed `repbook demo` uses, so every demo archive is the same.
pub const SEED: u64 = 20_261_122;

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
const COMPETITORS: &[(&str, &str)] =
    &[("西门子", "S7 系列"), ("施耐德", "EasyPact"), ("ABB", "Tmax"), ("正泰", "NXM"), ("德力西", "CDM3")];
const TAGS: &[&str] = &["重点", "展会", "老客户", "新开发", "回款慢", "key-account", "trade-show"];

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn customer_fields(rng: &mut fastrand::Rng, n: usize, numbered: bool) -> Vec<(&'static str, Value)> {
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

fn person_fields(rng: &mut fastrand::Rng, customer: &str, english: bool) -> Vec<(&'static str, Value)> {
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

/// Fill `store` with `customers` demo customers from `seed`.
pub fn generate(store: &mut Store, customers: usize, seed: u64) -> Result<DemoStats> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let today = store.clock().today();
    let mut stats = DemoStats::default();
    let mut ids: Vec<String> = Vec::new();
    let mut n = 0;
    while n < customers {
        let batch = (customers - n).min(1_000);
        store.write(|w| {
            for _ in 0..batch {
                let fields = customer_fields(&mut rng, n, customers > 200);
                let english = fields[0].1.as_text().is_some_and(str::is_ascii);
                let id = w.insert(&CUSTOMER, &fields)?;
                if customers <= ACTIVITY_UP_TO {
                    ids.push(id.clone());
                }
                stats.customers += 1;
                for _ in 0..rng.usize(1..=3) {
                    w.insert(&PERSON, &person_fields(&mut rng, &id, english))?;
                    stats.people += 1;
                }
                if rng.bool() {
                    let (company, product) = *pick(&mut rng, COMPETITORS);
                    w.insert(
                        &COMPETITOR,
                        &[
                            ("customer_id", text(&*id)),
                            ("product", text(product)),
                            ("company", text(company)),
                            ("satisfaction", Value::Int(i64::from(rng.u8(0..=4)))),
                            ("weak_points", text(*pick(&mut rng, &["交期长", "售后响应慢", "price rises every year"]))),
                        ],
                    )?;
                    stats.competitors += 1;
                }
                let mut owed = 0_i64;
                for k in 0..rng.usize(0..=4) {
                    let date = today - Duration::days(i64::from(rng.u16(1..=180)));
                    let amount = i64::from(rng.u32(5_000..500_000)) * 100;
                    let kind = if k % 2 == 0 { "order" } else { "payment" };
                    let amount = if kind == "payment" { amount.min(owed) } else { amount };
                    owed += if kind == "order" { amount } else { -amount };
                    w.insert(
                        &TRADE,
                        &[
                            ("customer_id", text(&*id)),
                            ("kind", text(kind)),
                            ("date", text(date.format("%Y-%m-%d").to_string())),
                            ("amount", Value::Int(amount)),
                        ],
                    )?;
                    stats.trades += 1;
                }
                if customers <= ACTIVITY_UP_TO {
                    let class = crate::domain::classify::classify(
                        fields.iter().find(|(f, _)| *f == "purchase").and_then(|(_, v)| v.as_int()).map(|v| v as u8),
                        fields.iter().find(|(f, _)| *f == "potential").and_then(|(_, v)| v.as_int()).map(|v| v as u8),
                        fields
                            .iter()
                            .find(|(f, _)| *f == "tier_override")
                            .and_then(|(_, v)| v.as_text())
                            .and_then(crate::domain::classify::Tier::parse),
                    )
                    .tier
                    .class();
                    let dealer =
                        fields.iter().any(|(f, v)| *f == "kind" && matches!(v.as_text(), Some("dealer" | "agent")));
                    activity(w, &mut rng, &Subject { id: &id, class, dealer, owed }, today, &mut stats)?;
                }
                n += 1;
            }
            Ok(())
        })?;
    }
    if (1..=ACTIVITY_UP_TO).contains(&customers) {
        reviews::past_reviews(store, today)?;
    }
    stats.opportunities = opportunities::generate(store, &ids, today, seed)?;
    opportunities::prospects(store, &ids, seed)?;
    Ok(stats)
}
