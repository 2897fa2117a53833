//! Which customer and person of the archive (or of rows above) a row is:
//! a customer by its name and, when both sides have one, its phone or
//! e-mail; a person within the customer by name and, when both sides have
//! one, phone or e-mail. Re-importing a file finds every row's records, so
//! it makes nothing new.

use super::{Outcome, Pending, Values};
use crate::domain::columns::{email_key, name_key, phone_key};
use crate::domain::fields::Value;
use crate::domain::schema::PERSON;
use crate::error::Result;
use crate::store::{CustomerFilter, RecordQuery, Store};
use std::collections::{BTreeMap, HashMap};

/// A record as matched: its current values (as the plan will leave them)
/// and where it is in the plan, once a row touched it.
#[derive(Debug, Default)]
struct Known {
    id: Option<String>,
    values: BTreeMap<&'static str, Value>,
    planned: Option<usize>,
    /// People: the customer's index among the known customers.
    customer: usize,
}

impl Known {
    /// Phone and e-mail as matched.
    fn keys(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(p) = self.values.get("phone").and_then(Value::as_text) {
            out.push(format!("p:{}", phone_key(p)));
        }
        if let Some(e) = self.values.get("email").and_then(Value::as_text) {
            out.push(format!("e:{}", email_key(e)));
        }
        out
    }
}

fn keys_of(values: &Values) -> Vec<String> {
    let known = Known { values: values.iter().cloned().collect(), ..Known::default() };
    known.keys()
}

/// Same record when the names match and the phones or e-mails do, or one
/// side has neither.
fn same(known: &Known, row_keys: &[String]) -> bool {
    let theirs = known.keys();
    theirs.is_empty() || row_keys.is_empty() || theirs.iter().any(|k| row_keys.contains(k))
}

/// The archive's live customers and people, and those the plan adds.
pub(super) struct Index {
    customers: Vec<Known>,
    customers_by_name: HashMap<String, Vec<usize>>,
    people: Vec<Known>,
    /// (customer index, person name key) → people indexes.
    people_by_name: HashMap<(usize, String), Vec<usize>>,
}

impl Index {
    pub(super) fn load(store: &Store) -> Result<Index> {
        let mut index = Index {
            customers: Vec::new(),
            customers_by_name: HashMap::new(),
            people: Vec::new(),
            people_by_name: HashMap::new(),
        };
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for c in store.customers(&CustomerFilter::default())? {
            by_id.insert(c.id.clone(), index.customers.len());
            let name = c.text_or_empty("name").to_string();
            index.add_customer(Known { id: Some(c.id.clone()), values: c.values, ..Known::default() }, &name);
        }
        for p in store.records(&PERSON, &RecordQuery::default())? {
            let Some(&customer) = by_id.get(p.text_or_empty("customer_id")) else { continue };
            let name = p.text_or_empty("name").to_string();
            index.add_person(Known { id: Some(p.id.clone()), values: p.values, planned: None, customer }, &name);
        }
        Ok(index)
    }

    /// The archive's customers: (id, name), for the close-name check.
    pub(super) fn archive_names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.customers.iter().filter_map(|k| {
            let id = k.id.as_deref()?;
            Some((id, k.values.get("name").and_then(Value::as_text).unwrap_or_default()))
        })
    }

    /// Add a customer known by `name`.
    fn add_customer(&mut self, known: Known, name: &str) -> usize {
        let at = self.customers.len();
        self.customers_by_name.entry(name_key(name)).or_default().push(at);
        self.customers.push(known);
        at
    }

    /// Add a person known by `name`.
    fn add_person(&mut self, known: Known, name: &str) -> usize {
        let at = self.people.len();
        self.people_by_name.entry((known.customer, name_key(name))).or_default().push(at);
        self.people.push(known);
        at
    }

    /// Place one good row: find or add its customer and person, note the
    /// changes in the plan's pending writes, and say what happens to each.
    pub(super) fn place(
        &mut self,
        customers: &mut Vec<Pending>,
        people: &mut Vec<Pending>,
        customer: &Values,
        person: Option<&Values>,
    ) -> ((String, Outcome), Option<(String, Outcome)>) {
        let name = text(customer, "name");
        let row_keys = keys_of(customer);
        let found = self
            .customers_by_name
            .get(&name_key(&name))
            .and_then(|list| list.iter().copied().find(|&i| same(&self.customers[i], &row_keys)));
        let c = found.unwrap_or_else(|| self.add_customer(Known::default(), &name));
        let outcome = merge(&mut self.customers[c], customers, customer, 0);
        let customer_out = (name, outcome);
        let Some(person) = person else { return (customer_out, None) };
        let pname = text(person, "name");
        let row_keys = keys_of(person);
        let found = self
            .people_by_name
            .get(&(c, name_key(&pname)))
            .and_then(|list| list.iter().copied().find(|&i| same(&self.people[i], &row_keys)));
        let plan_customer = self.customers[c].planned.unwrap_or_default();
        let i = found.unwrap_or_else(|| self.add_person(Known { customer: c, ..Known::default() }, &pname));
        let outcome = merge(&mut self.people[i], people, person, plan_customer);
        (customer_out, Some((pname, outcome)))
    }
}

fn text(values: &Values, field: &str) -> String {
    values.iter().find(|(f, _)| *f == field).and_then(|(_, v)| v.as_text()).unwrap_or_default().to_string()
}

/// Bring `known` up to the row's values: the fields that differ join its
/// pending write (made on first touch). An empty cell never clears a
/// field. New records (no id) take every value.
fn merge(known: &mut Known, pending: &mut Vec<Pending>, values: &Values, customer: usize) -> Outcome {
    let at = *known.planned.get_or_insert_with(|| {
        pending.push(Pending { existing: known.id.clone(), customer, values: Vec::new() });
        pending.len() - 1
    });
    let mut changed: Vec<&'static str> = Vec::new();
    for (field, value) in values {
        if known.values.get(field) == Some(value) {
            continue;
        }
        known.values.insert(field, value.clone());
        changed.push(field);
        let write = &mut pending[at].values;
        match write.iter_mut().find(|(f, _)| f == field) {
            Some(slot) => slot.1 = value.clone(),
            None => write.push((field, value.clone())),
        }
    }
    if known.id.is_none() {
        // New in this import, whichever row names it.
        Outcome::New
    } else if changed.is_empty() {
        Outcome::Same
    } else {
        Outcome::Update(changed)
    }
}
