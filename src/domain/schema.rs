//! The archive's tables and their fields (DOMAIN.md §1–§3).
//!
//! Each table is a list of [`FieldSpec`]s; the store writes exactly these
//! columns, records one change per field, and the CLI exposes them by name.

use super::classify::Tier;
use super::fields::{FieldSpec, Kind};

/// Kinds of customer record in the archive.
pub const CUSTOMER_KINDS: &[&str] = &["end_customer", "dealer", "agent", "integrator", "shop", "key_account", "other"];
/// Where the customer is in our book.
pub const STATUSES: &[&str] = &["prospect", "active", "dormant", "lost"];
/// Economic nature (经济性质).
pub const ECONOMIC_NATURES: &[&str] =
    &["state_owned", "private", "foreign", "joint_venture", "collective", "public_sector", "other"];
/// Size of the business.
pub const SCALES: &[&str] = &["micro", "small", "medium", "large", "very_large"];
/// Relationship stages with a key account (Millman & Wilson, 1995).
pub const STAGES: &[&str] = &["exploratory", "early", "mid", "partnership", "synergistic", "uncoupling"];
/// Organisation level of a key person.
pub const LEVELS: &[&str] = &["operational", "management", "decision"];
/// Function of a key person's department.
pub const FUNCTIONS: &[&str] = &["using", "technical", "purchasing", "finance"];
/// Buying roles.
pub const ROLES: &[&str] =
    &["economic_buyer", "technical_buyer", "user_buyer", "coach", "financial_buyer", "initiator", "designer"];
/// Customer temperaments in the training.
pub const SOCIAL_STYLES: &[&str] = &["domineering", "people_pleasing", "conservative", "proactive"];
/// The six basic needs.
pub const BASIC_NEEDS: &[&str] = &["power", "achievement", "recognition", "cooperation", "safety", "order"];
/// Entries of the purchase/sales record book.
pub const TRADE_KINDS: &[&str] = &["order", "delivery", "payment"];

/// An archive table.
#[derive(Debug)]
pub struct Table {
    /// SQL table name, also used in change records.
    pub name: &'static str,
    /// Catalog key naming one record (`entity.customer`).
    pub noun: &'static str,
    /// The field linking to the parent customer, if any.
    pub parent: Option<&'static str>,
    /// Fields in display order.
    pub fields: &'static [FieldSpec],
}

impl Eq for Table {}

impl PartialEq for Table {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Table {
    /// The spec of a field by name.
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
}

use Kind::{Bool, Date, Enum, Long, Money, Ref, Score, Tags, Text};

/// A customer's dossier facts.
pub static CUSTOMER: Table = Table {
    name: "customer",
    noun: "entity.customer",
    parent: None,
    fields: &[
        FieldSpec::required("name", Text),
        FieldSpec::new("kind", Enum(CUSTOMER_KINDS)),
        FieldSpec::new("status", Enum(STATUSES)),
        FieldSpec::new("industry", Text),
        FieldSpec::new("region", Text),
        FieldSpec::new("city", Text),
        FieldSpec::new("economic_nature", Enum(ECONOMIC_NATURES)),
        FieldSpec::new("scale", Enum(SCALES)),
        FieldSpec::new("tags", Tags),
        FieldSpec::new("purchase", Score),
        FieldSpec::new("potential", Score),
        FieldSpec::new("tier_override", Enum(Tier::NAMES)),
        FieldSpec::new("vip", Bool),
        FieldSpec::new("stage", Enum(STAGES)),
        FieldSpec::new("phone", Text),
        FieldSpec::new("email", Text),
        FieldSpec::new("website", Text),
        FieldSpec::new("address", Text),
        FieldSpec::new("business", Long),
        FieldSpec::new("network", Long),
        FieldSpec::new("results", Long),
        FieldSpec::new("credit", Text),
        FieldSpec::new("finances", Long),
        FieldSpec::new("payment_habits", Long),
        FieldSpec::new("owner_background", Long),
        FieldSpec::new("products_used", Long),
        FieldSpec::new("purchase_plans", Long),
        FieldSpec::new("organisation", Long),
        FieldSpec::new("notes", Long),
    ],
};

/// A key person at a customer.
pub static PERSON: Table = Table {
    name: "person",
    noun: "entity.person",
    parent: Some("customer_id"),
    fields: &[
        FieldSpec::required("customer_id", Ref),
        FieldSpec::required("name", Text),
        FieldSpec::new("title", Text),
        FieldSpec::new("department", Text),
        FieldSpec::new("phone", Text),
        FieldSpec::new("email", Text),
        FieldSpec::new("im", Text),
        FieldSpec::new("level", Enum(LEVELS)),
        FieldSpec::new("function", Enum(FUNCTIONS)),
        FieldSpec::new("role", Enum(ROLES)),
        FieldSpec::new("closeness", Score),
        FieldSpec::new("social_style", Enum(SOCIAL_STYLES)),
        FieldSpec::new("basic_need", Enum(BASIC_NEEDS)),
        FieldSpec::personal("birthday", Kind::Birthday),
        FieldSpec::personal("family", Text),
        FieldSpec::personal("hometown", Text),
        FieldSpec::personal("school", Text),
        FieldSpec::personal("hobbies", Text),
        FieldSpec::personal("food", Text),
        FieldSpec::personal("books", Text),
        FieldSpec::personal("holidays", Text),
        FieldSpec::new("allies", Text),
        FieldSpec::new("rivals", Text),
        FieldSpec::personal("notes", Long),
    ],
};

/// A competitor's product at a customer.
pub static COMPETITOR: Table = Table {
    name: "competitor",
    noun: "entity.competitor",
    parent: Some("customer_id"),
    fields: &[
        FieldSpec::required("customer_id", Ref),
        FieldSpec::required("product", Text),
        FieldSpec::new("company", Text),
        FieldSpec::new("satisfaction", Score),
        FieldSpec::new("their_rep", Text),
        FieldSpec::new("rep_style", Text),
        FieldSpec::new("relationship", Text),
        FieldSpec::new("allies", Text),
        FieldSpec::new("weak_points", Long),
        FieldSpec::new("notes", Long),
    ],
};

/// An entry in the purchase/sales record book: an order, a delivery or a
/// payment received.
pub static TRADE: Table = Table {
    name: "trade",
    noun: "entity.trade",
    parent: Some("customer_id"),
    fields: &[
        FieldSpec::required("customer_id", Ref),
        FieldSpec::required("kind", Enum(TRADE_KINDS)),
        FieldSpec::required("date", Date),
        FieldSpec::new("amount", Money),
        FieldSpec::new("due", Date),
        FieldSpec::new("reference", Text),
        FieldSpec::new("note", Long),
    ],
};

/// Every archive table, parents first.
pub static TABLES: [&Table; 4] = [&CUSTOMER, &PERSON, &COMPETITOR, &TRADE];

/// The table with this SQL name.
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().copied().find(|t| t.name == name)
}
