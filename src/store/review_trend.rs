//! The review's pictures as the store reads them: visits and calls held
//! per week for twelve weeks, a closed week as its review froze it.

use super::Store;
use super::review::stored;
use crate::domain::fields::Value;
use crate::domain::period::{self, iso_week_label as week_label};
use crate::domain::review;
use crate::error::Result;
use chrono::NaiveDate;

impl Store {
    /// The pictures' figures: visits and calls held per week for the
    /// twelve weeks ending with the week starting `monday`.
    pub fn review_trend(&self, monday: NaiveDate) -> Result<crate::domain::review_trend::Trend> {
        let (monday, sunday) = period::week_of(monday);
        let first = crate::domain::review_trend::first_day(monday);
        let visits = self.records(
            &crate::domain::schema::VISIT,
            &super::RecordQuery {
                from: Some(first),
                to: Some(sunday),
                status: Some("done".into()),
                ..super::RecordQuery::default()
            },
        )?;
        let mut trend = crate::domain::review_trend::trend(monday, &visits);
        // A closed week is drawn as its review froze it (a visit logged
        // late since does not move its bar).
        for point in &mut trend.weeks {
            let Some(r) = stored(&self.conn, &week_label(point.monday))? else { continue };
            if !matches!(r.get("closed"), Value::Bool(true)) {
                continue;
            }
            if let Some(f) = r.text("frozen").and_then(|t| serde_json::from_str::<review::Frozen>(t).ok()) {
                (point.visits, point.calls, point.goals_met) =
                    (f.facts.visits_held, f.facts.calls_held, f.facts.goals_met);
            }
        }
        Ok(trend)
    }
}
