//! What Today keeps of the agenda's many rows, in columns: at 100k
//! customers an agenda holds tens of thousands of follow-ups and
//! thousands of birthdays, and a row each (its own allocations, its ids
//! as text) took 8 MB. Ids are kept as UUIDs' bytes ([`Ids`]), texts back
//! to back ([`PackedStr`]); a row is made whole only when it is drawn or
//! acted on.

use super::followup::FollowupRow;
use crate::domain::entity::Entity;
use crate::search::ids::Ids;
use crate::search::packed::PackedStr;
use crate::store::Birthday;
use chrono::NaiveDate;

/// Follow-ups: what a [`FollowupRow`] holds, a column each.
#[derive(Default)]
pub(super) struct Followups {
    ids: Ids,
    customers: Ids,
    updated_ms: Vec<i64>,
    what: PackedStr,
    due: Few,
    status: Few,
}

/// A column of texts that take few values (due days, statuses): each
/// distinct text kept once, a number a row (tens of thousands of
/// follow-ups share a few hundred due days and a few statuses).
#[derive(Default)]
struct Few {
    texts: PackedStr,
    rows: Vec<u32>,
}

impl Few {
    fn of<'a>(all: impl Iterator<Item = &'a str>) -> Few {
        let mut out = Few::default();
        let mut seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        for text in all {
            let at = *seen.entry(text).or_insert_with(|| {
                out.texts.push(text);
                u32::try_from(out.texts.len() - 1).unwrap_or(u32::MAX)
            });
            out.rows.push(at);
        }
        out
    }

    fn get(&self, i: usize) -> &str {
        let at = self.rows[i] as usize;
        if at < self.texts.len() { self.texts.get(at) } else { "" }
    }
}

impl Followups {
    /// Keep follow-ups `rows`.
    pub(super) fn of(rows: &[Entity]) -> Followups {
        let mut out = Followups::default();
        out.updated_ms.reserve_exact(rows.len());
        for e in rows {
            out.ids.push(&e.id);
            out.customers.push(e.text_or_empty("customer_id"));
            out.updated_ms.push(e.updated_ms);
            out.what.push(e.text_or_empty("what"));
        }
        out.due = Few::of(rows.iter().map(|e| e.text_or_empty("due")));
        out.status = Few::of(rows.iter().map(|e| e.text_or_empty("status")));
        out
    }

    pub(super) fn len(&self) -> usize {
        self.updated_ms.len()
    }

    /// Follow-up `i`, made whole.
    pub(super) fn row(&self, i: usize) -> FollowupRow {
        let customer = self.customers.get(i);
        let texts = [customer.as_str(), self.what.get(i), self.due.get(i), self.status.get(i)];
        FollowupRow::from_parts(&self.ids.get(i), self.updated_ms[i], texts)
    }
}

/// Birthdays, a column per field of [`Birthday`].
#[derive(Default)]
pub(super) struct Birthdays {
    customer_ids: Ids,
    customers: PackedStr,
    person_ids: Ids,
    names: PackedStr,
    on: Vec<NaiveDate>,
}

impl Birthdays {
    /// Keep birthdays `rows`.
    pub(super) fn of(rows: &[Birthday]) -> Birthdays {
        let mut out = Birthdays::default();
        out.on.reserve_exact(rows.len());
        for b in rows {
            out.customer_ids.push(&b.customer_id);
            out.customers.push(&b.customer);
            out.person_ids.push(&b.person_id);
            out.names.push(&b.name);
            out.on.push(b.on);
        }
        out
    }

    pub(super) fn len(&self) -> usize {
        self.on.len()
    }

    /// Birthday `i`, made whole.
    pub(super) fn row(&self, i: usize) -> Birthday {
        Birthday {
            customer_id: self.customer_ids.get(i).to_string(),
            customer: self.customers.get(i).to_string(),
            person_id: self.person_ids.get(i).to_string(),
            name: self.names.get(i).to_string(),
            on: self.on[i],
        }
    }
}

/// Customers' names by id: the ids in order, the names alike.
#[derive(Default)]
pub(super) struct Names {
    ids: Ids,
    names: PackedStr,
}

impl Names {
    /// Keep `by_id`.
    pub(super) fn of(by_id: &std::collections::HashMap<String, String>) -> Names {
        let mut order: Vec<(&String, &String)> = by_id.iter().collect();
        order.sort_unstable();
        let mut out = Names::default();
        for (id, name) in order {
            out.ids.push(id);
            out.names.push(name);
        }
        out
    }

    /// The name of customer `id`, or "".
    pub(super) fn get(&self, id: &str) -> &str {
        let (mut lo, mut hi) = (0, self.ids.len());
        while lo < hi {
            let mid = usize::midpoint(lo, hi);
            match self.ids.cmp_at(mid, id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.names.get(mid),
            }
        }
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::Value;
    use crate::domain::schema::FOLLOWUP;

    #[test]
    fn kept_rows_come_back_as_they_were() {
        let text = |v: &str| Value::Text(v.to_string());
        let f = |id: &str, customer: &str, what: &str, status: Option<&str>| {
            let mut values: Vec<(&'static str, Value)> =
                vec![("customer_id", text(customer)), ("what", text(what)), ("due", text("2026-11-20"))];
            if let Some(s) = status {
                values.push(("status", text(s)));
            }
            Entity { table: &FOLLOWUP, id: id.into(), alive: true, updated_ms: 9, values: values.into_iter().collect() }
        };
        let uuid = uuid::Uuid::now_v7().to_string();
        let rows = [f(&uuid, "c1", "催收货款", Some("open")), f("f2", &uuid, "", None)];
        let kept = Followups::of(&rows);
        assert_eq!(kept.len(), 2);
        for (i, e) in rows.iter().enumerate() {
            assert_eq!(kept.row(i), FollowupRow::of(e), "{i}");
        }
        let b = Birthday {
            customer_id: uuid.clone(),
            customer: "重庆恒达".into(),
            person_id: "p1".into(),
            name: "刘建国".into(),
            on: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        };
        let kept = Birthdays::of(std::slice::from_ref(&b));
        let back = kept.row(0);
        assert_eq!(
            (back.customer_id, back.customer, back.person_id, back.name, back.on),
            (b.customer_id, b.customer, b.person_id, b.name, b.on)
        );
        let by_id = [(uuid.clone(), "重庆恒达".to_string()), ("c1".into(), "Harbor".into())].into_iter().collect();
        let names = Names::of(&by_id);
        assert_eq!((names.get(&uuid), names.get("c1"), names.get("c2")), ("重庆恒达", "Harbor", ""));
    }
}
