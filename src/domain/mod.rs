//! Pure types and rules of the field rep's method (DOMAIN.md). No I/O here.

pub mod cadence;
pub mod classify;
pub mod clean;
pub mod columns;
pub mod dates;
pub mod defaults;
pub mod entity;
pub mod fields;
pub mod figures;
pub mod filter;
pub mod followup;
pub mod period;
pub mod pinyin;
pub mod report;
pub mod schema;
pub mod similar;
pub mod templates;
pub mod visit;
pub mod week_plan;
pub mod week_review;
