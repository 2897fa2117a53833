//! What the demo's rep writes — visit goals, next steps, follow-ups, the
//! week's goals and notes and Act items, opportunities' needs and
//! reasons, competitors' weak points — in the language the demo is built
//! in (the user's: `--lang`, the config, the locale), as a rep writes in
//! their own language. Customers stay a mix of Chinese and foreign ones.
//! Each text is a pair (Chinese, English) of the same length lists, so the
//! demo draws the same choices in either language.

use crate::i18n::{Lang, lang};

/// Chinese and English of one text.
pub type Words = (&'static str, &'static str);

/// The text in the language the demo is built in.
pub fn say(words: &Words) -> &'static str {
    match lang() {
        Lang::ZhCn => words.0,
        Lang::En => words.1,
    }
}

/// Goals of planned visits (SMART).
pub const GOALS: &[Words] = &[
    ("月底前回款5万元", "Collect 50,000 by the month's end"),
    ("本周拿下200箱订单", "Win an order of 200 cases this week"),
    ("周五前谈定试订50台", "A trial order of 50 units by Friday"),
    ("下周三前确认新品陈列3个堆头", "3 new-line displays by Wednesday"),
];

/// Next steps that became follow-ups.
pub const STEPS: &[Words] = &[
    ("寄报价单", "Send the quote"),
    ("约采购经理面谈", "Meet the purchasing manager"),
    ("寄修改后的合同", "Send the revised contract"),
    ("安排技术交流", "Arrange a technical meeting"),
    ("催第二笔货款", "Chase the second payment"),
];

/// A follow-up typed by hand to collect what is owed.
pub const COLLECT: Words = ("催收货款", "Collect the payment");

/// Why a follow-up was dropped.
pub const DROPPED: Words = ("客户已转向其他供应商", "The customer went to another supplier");

/// Competitors' weak points.
pub const WEAK_POINTS: &[Words] = &[
    ("交期长", "Long lead times"),
    ("售后响应慢", "Slow after-sales service"),
    ("每年都涨价", "Prices rise every year"),
];

/// The week's goals, what worked and what did not, of the four reviewed
/// weeks (last week first).
pub const NOTES: [(Words, Words, Words); 4] = [
    (
        (
            "每个 A 类客户至少联系一次；催收两笔到期货款",
            "Contact every A customer at least once; collect two payments due",
        ),
        ("上午先打电话约时间，拜访成功率高", "Calling in the morning to book a time made the visits work"),
        (
            "周五的拜访两次被客户取消，没有提前确认",
            "Two Friday visits were cancelled by the customer: not confirmed ahead",
        ),
    ),
    (
        ("新开发两家经销商；准备季度促销方案", "Open two new dealers; prepare the quarter's promotion"),
        (
            "带样品去现场演示，客户当场下了试用单",
            "A demo with samples on site: the customer placed a trial order there",
        ),
        ("拜访记录拖到第二天才写，细节记不清了", "Visit logs written the next day: the details were forgotten"),
    ),
    (
        ("跟进上周发出的每一份报价", "Follow up every quote sent last week"),
        ("上午十点前打电话能找到采购", "Calls before 10am reached the buyers"),
        ("拜访都集中在一个区，另一个区一次没去", "Too many visits in one district, none in the other"),
    ),
    (
        (
            "跟进大客户的年度采购计划；整理竞品价格",
            "Follow the key accounts' yearly purchase plans; list competitors' prices",
        ),
        ("和采购经理一起吃饭，了解到决策流程", "Lunch with the purchasing manager: learned how they decide"),
        ("C 类客户花的时间太多，A 类客户反而没见到", "Too much time on C customers, while the A customers went unseen"),
    ),
];

/// The Act items of the four reviewed weeks (last week first).
pub const ACTS: [Words; 4] = [
    ("拜访前一天电话确认时间", "Confirm each visit by phone the day before"),
    ("拜访当天写完记录", "Write the visit log on the day of the visit"),
    ("按区域排拜访：一天跑一个片区", "Plan visits by district: one area a day"),
    ("每周一先排 A 类客户", "Plan the A customers first every Monday"),
];

/// The Act item about a customer met that week.
pub fn act_about(customer: &str) -> String {
    match lang() {
        Lang::ZhCn => format!("再约{customer}确认下一步"),
        Lang::En => format!("Call {customer} again to agree the next step"),
    }
}

/// Opportunities: the need and the product.
pub const NEEDS: &[(Words, Words)] = &[
    (("二期车间配电柜改造", "Switchgear for the phase-two workshop"), ("低压配电柜", "LV switchgear")),
    (("仓库冷库扩建", "Extend the warehouse's cold store"), ("冷库机组", "Refrigeration units")),
    (("包装线变频器更换", "Replace the packing line's drives"), ("VFD-200 变频器", "VFD-200 drives")),
    (("年度备品备件框架协议", "Yearly spare parts framework agreement"), ("备件包", "Spare parts kit")),
    (("新店照明升级", "Lighting upgrade for the new shops"), ("LED 面板灯", "LED panels")),
    (("2027 年停产检修备件", "Spare parts for the 2027 shutdown"), ("检修备件包", "Shutdown spares kit")),
    (("办公楼楼宇自控", "Building automation for the offices"), ("楼控系统", "Building management system")),
    (("经销商年度进货计划", "The dealer's yearly purchase plan"), ("全系列产品", "Full range")),
];

/// Why an opportunity was lost.
pub const LOST_REASONS: &[Words] = &[
    ("价格比对手高 8%", "Our price 8% above the rival's"),
    ("交期赶不上", "Could not meet the delivery date"),
    ("输给了现有供应商的框架协议", "Lost to the incumbent's framework deal"),
    ("预算取消", "Budget cancelled"),
];

/// Why an opportunity was won.
pub const WON_REASONS: &[Words] = &[
    ("技术方案胜出", "Won on the technical solution"),
    ("交货更快", "Faster delivery"),
    ("老客户信任", "An old customer's trust"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_written_in_its_language() {
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let mut all: Vec<Words> = [GOALS, STEPS, WEAK_POINTS, LOST_REASONS, WON_REASONS].concat();
        all.extend([COLLECT, DROPPED]);
        all.extend(ACTS);
        all.extend(NOTES.iter().flat_map(|(a, b, c)| [*a, *b, *c]));
        all.extend(NEEDS.iter().flat_map(|(a, b)| [*a, *b]));
        for (zh, en) in all {
            assert!(han(zh), "{zh}");
            assert!(!han(en), "{en}");
        }
    }
}
