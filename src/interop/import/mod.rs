//! Importing customers and their key people from a spreadsheet (issue 12
//! §1): a [`Plan`] says, row by row, what would be new, updated, unchanged
//! or bad (with the line number and why); [`apply`] writes the good rows in
//! one transaction through [`Store::write`], after a backup. The command
//! line and the interface's import sheet both use these.

mod close;
mod matcher;

pub use close::{CloseName, OtherAt};

use crate::domain::columns::{Target, join_name};
use crate::domain::fields::Value;
use crate::domain::schema::{CUSTOMER, PERSON, Table};
use crate::error::{Error, Result};
use crate::interop::table::RawTable;
use crate::store::Store;
use matcher::Index;

/// What a row does to a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A record that is not in the archive yet.
    New,
    /// These fields of a record already there change.
    Update(Vec<&'static str>),
    /// The record is there as the row has it.
    Same,
}

impl Outcome {
    /// `new`, `update` or `same`, for JSON and the catalogs.
    pub fn key(&self) -> &'static str {
        match self {
            Outcome::New => "new",
            Outcome::Update(_) => "update",
            Outcome::Same => "same",
        }
    }

    /// As the preview says it: `new`, `unchanged`, `update: City, Phone`.
    pub fn describe(&self) -> String {
        match self {
            Outcome::Update(fields) => {
                let labels: Vec<&str> =
                    fields.iter().map(|f| crate::i18n::lookup(&format!("field.{f}")).unwrap_or(f)).collect();
                crate::i18n::tf("interop.outcome_update", &[("fields", &labels.join(", "))])
            }
            o => crate::i18n::t(&format!("interop.outcome_{}", o.key())).to_string(),
        }
    }
}

/// A good row: its customer and its key person, if it names one.
#[derive(Debug, Clone)]
pub struct RowPlan {
    /// The row's line (CSV) or row number (workbooks).
    pub line: usize,
    /// The customer's name and what happens to it.
    pub customer: (String, Outcome),
    /// The person's name and what happens to them.
    pub person: Option<(String, Outcome)>,
}

impl RowPlan {
    /// The row as the preview shows it: `line 2  重庆钢铁 (new) · 王芳 (new)`.
    pub fn describe(&self) -> String {
        use crate::i18n::tf;
        let person = self
            .person
            .as_ref()
            .map_or(String::new(), |(name, o)| tf("interop.row_person", &[("name", name), ("outcome", &o.describe())]));
        tf(
            "interop.row_text",
            &[
                ("line", &tf("interop.row_line", &[("line", &self.line)])),
                ("customer", &self.customer.0),
                ("outcome", &self.customer.1.describe()),
                ("person", &person),
            ],
        )
    }
}

/// A row left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// The row's line or row number.
    pub line: usize,
    /// Why, as a sentence in the user's language.
    pub reason: String,
}

/// A record to write: a new one, or the fields of one already there that
/// change.
#[derive(Debug, Clone, Default)]
struct Pending {
    existing: Option<String>,
    /// For a person: the index of its customer among the plan's customers.
    customer: usize,
    values: Vec<(&'static str, Value)>,
}

/// What an import would do; nothing is written until [`apply`].
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The rows read, their headers, encoding and sheets.
    pub table: RawTable,
    /// What each column fills (`None`: not imported).
    pub mapping: Vec<Option<Target>>,
    /// The good rows, in file order.
    pub rows: Vec<RowPlan>,
    /// The bad rows, in file order.
    pub bad: Vec<BadRow>,
    /// New customers whose names are close to another's (a warning).
    pub close: Vec<CloseName>,
    /// False when the file and the archive were too big to look for
    /// containment and slips (same names and readings were checked).
    pub close_full: bool,
    customers: Vec<Pending>,
    people: Vec<Pending>,
}

/// How many records an import makes and changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Customers made.
    pub new_customers: usize,
    /// Customers changed.
    pub updated_customers: usize,
    /// Key people made.
    pub new_people: usize,
    /// Key people changed.
    pub updated_people: usize,
}

impl Plan {
    /// A plan that writes nothing: every row `bad` (no column gives the
    /// customer's name yet, so nothing can be matched).
    pub fn unplanned(table: RawTable, mapping: Vec<Option<Target>>, bad: Vec<BadRow>) -> Plan {
        Plan { table, mapping, bad, ..Plan::default() }
    }

    /// The headers of columns nothing is imported from (blank ones left out).
    pub fn unmapped(&self) -> Vec<&str> {
        self.table
            .headers
            .iter()
            .zip(self.mapping.iter().chain(std::iter::repeat(&None)))
            .filter(|(h, t)| t.is_none() && !h.trim().is_empty())
            .map(|(h, _)| h.as_str())
            .collect()
    }

    /// What applying the plan makes and changes.
    pub fn counts(&self) -> Counts {
        let split = |list: &[Pending]| {
            let new = list.iter().filter(|p| p.existing.is_none()).count();
            let updated = list.iter().filter(|p| p.existing.is_some() && !p.values.is_empty()).count();
            (new, updated)
        };
        let (new_customers, updated_customers) = split(&self.customers);
        let (new_people, updated_people) = split(&self.people);
        Counts { new_customers, updated_customers, new_people, updated_people }
    }

    /// What it makes, changes and leaves out, in one sentence.
    pub fn summary(&self) -> String {
        let c = self.counts();
        crate::i18n::tf(
            "interop.summary",
            &[
                ("new_customers", &c.new_customers),
                ("updated_customers", &c.updated_customers),
                ("new_people", &c.new_people),
                ("updated_people", &c.updated_people),
                ("bad", &self.bad.len()),
            ],
        )
    }

    /// How the file was read: its encoding, rows and header line.
    pub fn read_text(&self) -> String {
        let t = &self.table;
        if t.header_line == 0 {
            crate::i18n::tf("interop.read_cards", &[("encoding", &t.encoding), ("count", &t.rows.len())])
        } else {
            crate::i18n::tf(
                "interop.read",
                &[("encoding", &t.encoding), ("count", &t.rows.len()), ("line", &t.header_line)],
            )
        }
    }

    /// The warnings shown before the rows: each new customer whose name is
    /// close to another's, and a note when the check was cut short.
    pub fn close_text(&self) -> Vec<String> {
        let mut out: Vec<String> = self.close.iter().map(CloseName::describe).collect();
        let new = self.counts().new_customers;
        if !self.close_full && new > 0 {
            out.push(crate::i18n::tf("interop.close_partial", &[("count", &new)]));
        }
        out
    }

    /// True when applying it would write nothing.
    pub fn is_empty(&self) -> bool {
        self.counts() == Counts::default()
    }
}

/// The column for the customer's name must be known.
pub fn check_mapping(mapping: &[Option<Target>]) -> Result<()> {
    if mapping.contains(&Some(Target::Customer("name"))) {
        Ok(())
    } else {
        Err(Error::invalid("interop.no_name_column", &[]))
    }
}

/// Plan importing `table` with `mapping` (one target per column) into the
/// archive as it is now.
pub fn plan(store: &Store, table: RawTable, mapping: Vec<Option<Target>>) -> Result<Plan> {
    check_mapping(&mapping)?;
    let mut index = Index::load(store)?;
    let mut plan = Plan { table, mapping, ..Plan::default() };
    let rows = std::mem::take(&mut plan.table.rows);
    // Each customer the import makes, on the line that first names it.
    let mut made: Vec<(usize, String)> = Vec::new();
    for (line, cells) in &rows {
        match read_row(&plan.mapping, cells) {
            Ok((customer, person)) => {
                let before = plan.customers.len();
                let row = index.place(&mut plan.customers, &mut plan.people, &customer, person.as_ref());
                if plan.customers.len() > before && plan.customers.last().is_some_and(|c| c.existing.is_none()) {
                    made.push((*line, row.0.0.clone()));
                }
                plan.rows.push(RowPlan { line: *line, customer: row.0, person: row.1 });
            }
            Err(reasons) => plan.bad.push(BadRow { line: *line, reason: reasons }),
        }
    }
    plan.table.rows = rows;
    (plan.close, plan.close_full) = close::find(index.archive_names(), &made, store.romanizer());
    Ok(plan)
}

type Values = Vec<(&'static str, Value)>;

/// A row's customer and person values, parsed and cleaned as every form
/// and flag parses them (choices loosely, dates, birthdays); every fault
/// of the row in one sentence.
fn read_row(mapping: &[Option<Target>], cells: &[String]) -> std::result::Result<(Values, Option<Values>), String> {
    let mut customer: Values = Vec::new();
    let mut person: Values = Vec::new();
    let (mut given, mut family) = (String::new(), String::new());
    let mut faults: Vec<String> = Vec::new();
    for (target, cell) in mapping.iter().zip(cells) {
        let Some(target) = target else { continue };
        if cell.trim().is_empty() {
            continue;
        }
        let (table, field, into): (&Table, &str, &mut Values) = match *target {
            Target::GivenName => {
                given.clone_from(cell);
                continue;
            }
            Target::FamilyName => {
                family.clone_from(cell);
                continue;
            }
            Target::Customer(f) => (&CUSTOMER, f, &mut customer),
            Target::Person(f) => (&PERSON, f, &mut person),
        };
        let Some(spec) = table.field(field) else { continue };
        match spec.parse(cell) {
            Ok(Value::Null) => {}
            Ok(v) => into.push((spec.name, v)),
            Err(e) => faults.push(e.to_string()),
        }
    }
    let joined = join_name(&given, &family);
    if !joined.is_empty() && !person.iter().any(|(f, _)| *f == "name") {
        person.push(("name", Value::Text(joined)));
    }
    if !customer.iter().any(|(f, _)| *f == "name") {
        faults.insert(0, crate::i18n::t("interop.no_customer_name").to_string());
    }
    if !person.is_empty() && !person.iter().any(|(f, _)| *f == "name") {
        faults.push(crate::i18n::t("interop.no_person_name").to_string());
    }
    let cleaned = |table: &Table, values: &Values, faults: &mut Vec<String>| match crate::domain::clean::clean_values(
        table, values,
    ) {
        Ok(c) => c.into_owned(),
        Err(e) => {
            faults.push(e.to_string());
            Vec::new()
        }
    };
    let customer = cleaned(&CUSTOMER, &customer, &mut faults);
    let person = if person.is_empty() { None } else { Some(cleaned(&PERSON, &person, &mut faults)) };
    if faults.is_empty() { Ok((customer, person)) } else { Err(faults.join(crate::i18n::t("interop.fault_separator"))) }
}

/// Write the plan's good rows in one transaction, after a backup of the
/// archive (`before-import`). Returns what was made and changed, and the
/// backup; nothing is written when the plan changes nothing.
pub fn apply(store: &mut Store, plan: &Plan) -> Result<(Counts, Option<std::path::PathBuf>)> {
    let counts = plan.counts();
    if plan.is_empty() {
        return Ok((counts, None));
    }
    let backup = store.backup_before("import")?;
    store.write(|w| {
        let mut ids: Vec<String> = Vec::with_capacity(plan.customers.len());
        for c in &plan.customers {
            let id = match &c.existing {
                None => w.insert(&CUSTOMER, &c.values)?,
                Some(id) => {
                    if !c.values.is_empty() {
                        w.update(&CUSTOMER, id, &c.values)?;
                    }
                    id.clone()
                }
            };
            ids.push(id);
        }
        for p in &plan.people {
            match &p.existing {
                None => {
                    let customer = ids.get(p.customer).cloned().unwrap_or_default();
                    let mut values = vec![("customer_id", Value::Text(customer))];
                    values.extend(p.values.iter().cloned());
                    w.insert(&PERSON, &values)?;
                }
                Some(id) if !p.values.is_empty() => {
                    w.update(&PERSON, id, &p.values)?;
                }
                Some(_) => {}
            }
        }
        Ok(())
    })?;
    Ok((counts, backup))
}

#[cfg(test)]
mod tests;
