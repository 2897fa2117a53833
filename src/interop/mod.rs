//! Formats that leave repbook: iCalendar for now.

pub mod ics;
