//! Records inserted under ids that are not new random ones: made on a
//! given day (the demo's history) or derived from their source (generated
//! follow-ups, the same on every device).

use super::{Writer, derived_id};
use crate::domain::fields::Value;
use crate::domain::schema::Table;
use crate::error::Result;
use rusqlite::OptionalExtension;

thread_local! {
    /// Keeps the ids one thread makes in the order it made them, even when
    /// the store's clock stands still (a fixed clock) or steps back.
    static IDS: uuid::ContextV7 = const { uuid::ContextV7::new() };
}

impl Writer<'_> {
    /// A new record's id: a UUIDv7 of this write's time by the store's
    /// clock (the one every rule reads, so a record made "today" is dated
    /// today by [`crate::domain::entity::created_on`] whatever the machine's
    /// clock says), then a counter and chance.
    pub(super) fn new_id(&self) -> String {
        let ms = u64::try_from(self.now_ms).unwrap_or(0);
        let (secs, nanos) = (ms / 1000, u32::try_from(ms % 1000).unwrap_or(0) * 1_000_000);
        let at = uuid::Timestamp::from_unix(uuid::timestamp::context::ThreadLocalContext::new(&IDS), secs, nanos);
        uuid::Uuid::new_v7(at).to_string()
    }

    /// Insert a new record made on `day` (the demo's history: a customer
    /// added months ago, a visit logged the day it was held). The day
    /// lives in the id (a UUIDv7 of that day, at `second` past 02:00 UTC,
    /// so the day is the same in every time zone from UTC-2 to UTC+14),
    /// which is where [`crate::domain::entity::created_on`] reads it.
    pub fn insert_made_on(
        &mut self,
        table: &'static Table,
        day: chrono::NaiveDate,
        second: u32,
        values: &[(&'static str, Value)],
    ) -> Result<String> {
        let at =
            day.and_hms_opt(2, 0, 0).map_or(0, |t| t.and_utc().timestamp()).saturating_add(i64::from(second % 36_000));
        // The rest of the id from the table and this device's next change
        // number, not from chance: the same demo built twice has the same
        // ids, so what sorts by id (ties of a day) sorts the same.
        let digest = {
            use sha2::Digest;
            sha2::Sha256::digest(format!("{}:{at}:{}", table.name, self.device.next_seq))
        };
        let mut rest = [0u8; 10];
        rest.copy_from_slice(&digest[..10]);
        let millis = u64::try_from(at).unwrap_or(0).saturating_mul(1000);
        let id = uuid::Builder::from_unix_timestamp_millis(millis, &rest).into_uuid().to_string();
        self.insert_with_id(table, &id, values)?;
        Ok(id)
    }

    /// Insert a record the app generates from `source` (a birthday, a due
    /// payment, a visit's next step), under an id derived from the dataset
    /// and the source, so that two devices generating the same one agree.
    /// Returns `None`, writing nothing, when it already exists in any state
    /// (even deleted or erased).
    pub fn insert_derived(
        &mut self,
        table: &'static Table,
        source: &str,
        values: &[(&'static str, Value)],
    ) -> Result<Option<String>> {
        let id = derived_id(&self.device.dataset_id, table.name, source);
        let exists = self
            .tx
            .prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", table.name))?
            .query_row([&id], |_| Ok(()))
            .optional()?
            .is_some();
        if exists || crate::store::ids::find_row(self.tx, &id)?.is_some() {
            return Ok(None);
        }
        self.insert_with_id(table, &id, values)?;
        Ok(Some(id))
    }

    /// The id [`Writer::insert_derived`] gives a record of `table` made
    /// from `source`.
    pub(in crate::store) fn derived(&self, table: &Table, source: &str) -> String {
        derived_id(&self.device.dataset_id, table.name, source)
    }
}
