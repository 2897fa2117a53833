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

/// Why a visit is made (DOMAIN.md §4).
pub const PURPOSES: &[&str] = &[
    "understand_company",
    "push_order",
    "check_inventory",
    "collect_payment",
    "competing_products",
    "after_sales",
    "keep_relationship",
    "sign_agreement",
    "sell_through",
    "staff_training",
    "prizes_commissions",
    "display_material",
];
/// The eight standard actions of a channel (dealer) visit (DOMAIN.md §5).
pub const CHANNEL_ACTIONS: &[&str] = &[
    "walk_market",
    "relay_information",
    "learn_inventory",
    "manage_inventory",
    "exchange_market_info",
    "read_mood",
    "coach_dealer",
    "review",
];
/// Objection types.
pub const OBJECTIONS: &[&str] =
    &["scepticism", "rejection", "indifference", "misunderstanding", "product_gap", "latent"];
/// Outcome against the visit's goal.
pub const OUTCOMES: &[&str] = &["met", "partly", "not_met"];
/// The buying process.
pub const BUYING_STAGES: &[&str] = &["no_interest", "low_interest", "strong_interest", "conviction", "commitment"];
/// In person or by phone.
pub const VISIT_KINDS: &[&str] = &["visit", "call"];
/// Planned, done or cancelled.
pub const VISIT_STATUSES: &[&str] = &["planned", "done", "cancelled"];
/// Where a follow-up came from (DOMAIN.md §6).
pub const FOLLOWUP_SOURCES: &[&str] = &["next_step", "cadence", "payment", "delivery", "birthday", "promise", "manual"];
/// A follow-up's state; nothing leaves without one of these.
pub const FOLLOWUP_STATUSES: &[&str] = &["open", "done", "snoozed", "dropped"];

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

use Kind::{Bool, Date, Email, Enum, Long, Money, Phone, Ref, Score, Tags, Text};

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
        FieldSpec::new("phone", Phone),
        FieldSpec::new("email", Email),
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
        FieldSpec::new("call_norm", Kind::Rate),
        FieldSpec::new("visit_norm", Kind::Rate),
        FieldSpec::new("qual_need", Bool),
        FieldSpec::new("qual_power", Bool),
        FieldSpec::new("qual_authority", Bool),
        FieldSpec::new("golden_traits", Kind::Set(super::qualify::GOLDEN)),
        FieldSpec::new("poor_traits", Kind::Set(super::qualify::POOR)),
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
        FieldSpec::new("phone", Phone),
        FieldSpec::new("email", Email),
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

/// A visit or phone call: its 5W1H plan and, once held, its log.
pub static VISIT: Table = Table {
    name: "visit",
    noun: "entity.visit",
    parent: Some("customer_id"),
    fields: &[
        FieldSpec::required("customer_id", Ref),
        FieldSpec::required("kind", Enum(VISIT_KINDS)),
        FieldSpec::required("status", Enum(VISIT_STATUSES)),
        FieldSpec::required("date", Date),
        FieldSpec::new("time", Kind::Time),
        FieldSpec::new("place", Text),
        FieldSpec::new("purposes", Kind::Set(PURPOSES)),
        FieldSpec::new("goal", Long),
        FieldSpec::new("who", Text),
        FieldSpec::new("materials", Long),
        FieldSpec::new("opening", Long),
        FieldSpec::new("questions", Long),
        FieldSpec::new("benefits", Long),
        FieldSpec::new("objections_expected", Long),
        FieldSpec::new("commitment_ask", Long),
        FieldSpec::new("precall", Long),
        FieldSpec::new("outcome", Enum(OUTCOMES)),
        FieldSpec::new("met", Text),
        FieldSpec::new("actions", Kind::Set(CHANNEL_ACTIONS)),
        FieldSpec::new("objections", Kind::Set(OBJECTIONS)),
        FieldSpec::new("objection_notes", Long),
        FieldSpec::new("signals", Long),
        FieldSpec::new("commitments", Long),
        FieldSpec::new("info", Long),
        FieldSpec::new("buying_stage", Enum(BUYING_STAGES)),
        FieldSpec::new("next_step", Long),
        FieldSpec::new("next_date", Date),
        FieldSpec::new("logged_on", Date),
        FieldSpec::new("notes", Long),
        FieldSpec::new("opportunity", Text),
        FieldSpec::new("opportunity_stage", Text),
    ],
};

/// Something to do for a customer by a date; it ends only as done or
/// dropped with a reason.
pub static FOLLOWUP: Table = Table {
    name: "followup",
    noun: "entity.followup",
    parent: Some("customer_id"),
    fields: &[
        FieldSpec::required("customer_id", Ref),
        FieldSpec::required("what", Text),
        FieldSpec::required("due", Date),
        FieldSpec::required("source", Enum(FOLLOWUP_SOURCES)),
        FieldSpec::required("status", Enum(FOLLOWUP_STATUSES)),
        FieldSpec::new("reason", Text),
        FieldSpec::new("ref", Text),
        FieldSpec::new("done_on", Date),
        FieldSpec::new("notes", Long),
    ],
};

/// The rep's own review of an ISO week (issue 10 §2, DOMAIN.md §7): the
/// week's goals (Plan), what worked and what did not (Check), and, once
/// closed, the figures of Do and Check frozen as they stood (JSON). One per
/// week, under an id derived from the week so two devices agree.
pub static WEEK_REVIEW: Table = Table {
    name: "week_review",
    noun: "entity.week_review",
    parent: None,
    fields: &[
        FieldSpec::required("week", Text),
        FieldSpec::new("goals", Long),
        FieldSpec::new("worked", Long),
        FieldSpec::new("not_worked", Long),
        FieldSpec::new("closed", Bool),
        FieldSpec::new("frozen", Long),
    ],
};

/// An Act item of a week's review: what to change. It may concern one
/// customer; it remembers the follow-up made of it, and whether it was
/// carried into the next week's plan.
pub static REVIEW_ACT: Table = Table {
    name: "review_act",
    noun: "entity.review_act",
    parent: None,
    fields: &[
        FieldSpec::required("review_id", Ref),
        FieldSpec::required("change", Text),
        FieldSpec::new("customer_id", Ref),
        FieldSpec::new("followup_id", Text),
        FieldSpec::new("carried", Bool),
    ],
};

pub use super::opportunity::OPPORTUNITY;

/// Every archive table, parents first.
pub static TABLES: [&Table; 9] =
    [&CUSTOMER, &PERSON, &COMPETITOR, &TRADE, &VISIT, &FOLLOWUP, &OPPORTUNITY, &WEEK_REVIEW, &REVIEW_ACT];

/// The table with this SQL name.
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().copied().find(|t| t.name == name)
}
