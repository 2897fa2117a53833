//! The demo's reviewed weeks (issue 10 §4): so that the review's history
//! is not empty.

use crate::domain::fields::Value;
use crate::error::Result;
use crate::store::Store;
use chrono::{Duration, NaiveDate};

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// The rep's reviews of the four weeks before this one: goals, Check notes
/// and Act items (one about a customer met that week, which `F` makes a
/// follow-up; last week's first carried into this week's plan); the three oldest
/// closed, their figures frozen, so the history is not empty.
pub(super) fn past_reviews(store: &mut Store, today: NaiveDate) -> Result<()> {
    const NOTES: [(&str, &str, &str); 4] = [
        (
            "每个 A 类客户至少联系一次；催收两笔到期货款",
            "上午先打电话约时间，拜访成功率高",
            "周五的拜访两次被客户取消，没有提前确认",
        ),
        (
            "新开发两家经销商；准备季度促销方案",
            "带样品去现场演示，客户当场下了试用单",
            "拜访记录拖到第二天才写，细节记不清了",
        ),
        (
            "Follow up every quote sent last week",
            "Calls before 10am reached the buyers",
            "Too many visits in one district, none in the other",
        ),
        (
            "跟进大客户的年度采购计划；整理竞品价格",
            "和采购经理一起吃饭，了解到决策流程",
            "C 类客户花的时间太多，A 类客户反而没见到",
        ),
    ];
    const ACTS: [&str; 4] = [
        "拜访前一天电话确认时间",
        "拜访当天写完记录",
        "Plan visits by district: one area a day",
        "每周一先排 A 类客户",
    ];
    let cadence = crate::config::Cadence::default();
    let this_monday = crate::domain::period::week_of(today).0;
    for back in (1..=4_i64).rev() {
        let monday = this_monday - Duration::weeks(back);
        let i = usize::try_from(back - 1).unwrap_or(0) % NOTES.len();
        let (goals, worked, not_worked) = NOTES[i];
        let met = store.review(&cadence, monday, today)?.plan.into_iter().find(|l| l.status == "done");
        let customer = match &met {
            Some(line) => {
                let visit = store.get(&crate::domain::schema::VISIT, &line.id)?;
                visit.and_then(|v| v.text("customer_id").map(str::to_string))
            }
            None => None,
        };
        store.write(|w| {
            w.review_notes(
                monday,
                None,
                &[("goals", text(goals)), ("worked", text(worked)), ("not_worked", text(not_worked))],
            )?;
            let first = w.add_act(monday, ACTS[i], None)?;
            if let (Some(c), Some(line)) = (&customer, &met) {
                w.add_act(monday, &format!("再约{}确认下一步", line.customer), Some(c))?;
            }
            if back == 1 {
                w.act_toggle_carry(&first)?;
            }
            Ok(())
        })?;
        if back > 1 {
            store.close_review(&cadence, monday, today)?;
        }
    }
    Ok(())
}
