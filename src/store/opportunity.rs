//! Opportunities in the store: a visit log that moves one along, and each
//! opportunity's stage history read from the change log.
//!
//! Why the change log and not a table of moves: every value `funnel_stage`
//! and `state` ever held is already there with its time, synced with the
//! rest, taken back by undo (an undo is one more value) and scrubbed by an
//! erase; a second record of the same facts could disagree with it.

use super::Store;
use super::changes::Writer;
use crate::domain::entity::Entity;
use crate::domain::fields::Value;
use crate::domain::funnel::{Step, Track};
use crate::domain::schema::{OPPORTUNITY, VISIT};
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use std::collections::BTreeMap;

/// A change record as the stage history reads it: its clock, its write
/// (origin, tx), its column and its value.
type Record = (i64, (i64, i64), String, Option<String>);

impl Writer<'_> {
    /// A held visit that names an opportunity and a stage moves the
    /// opportunity to that stage, in the same write: one rule for every
    /// path (the CLI's log, the interface's log form, an edit of a log).
    /// The opportunity must be the visit's customer's, alive and open.
    pub(super) fn visit_moves_opportunity(
        &mut self,
        old: Option<&Entity>,
        values: &[(&'static str, Value)],
    ) -> Result<()> {
        let get = |f: &str| -> Option<String> {
            match values.iter().find(|(n, _)| *n == f) {
                Some((_, v)) => v.as_text().map(str::to_string),
                None => old.and_then(|o| o.text(f)).map(str::to_string),
            }
        };
        let touched = values.iter().any(|(n, v)| {
            matches!(*n, "opportunity" | "opportunity_stage" | "status") && old.is_none_or(|o| o.get(n) != v)
        });
        let (opportunity, stage) = (get("opportunity"), get("opportunity_stage"));
        if stage.is_some() && opportunity.is_none() {
            return Err(Error::invalid("funnel.stage_without_opportunity", &[]));
        }
        let (Some(opportunity), Some(stage)) = (opportunity, stage) else { return Ok(()) };
        if !touched || get("status").as_deref() != Some("done") {
            return Ok(());
        }
        let opp = self.load_alive(&OPPORTUNITY, &opportunity)?;
        if opp.text("customer_id") != get("customer_id").as_deref() {
            return Err(Error::invalid("funnel.other_customer", &[("need", &opp.text_or_empty("need"))]));
        }
        if opp.text("state") != Some("open") {
            return Err(Error::invalid("funnel.closed", &[("need", &opp.text_or_empty("need"))]));
        }
        // Naming the stage it has moves nothing: said, not silently taken
        // (it would only redate the stage).
        if opp.text("funnel_stage") == Some(stage.as_str()) {
            return Err(Error::invalid(
                "funnel.stage_already",
                &[
                    ("need", &crate::text::one_line(opp.text_or_empty("need"))),
                    ("stage", &crate::domain::opportunity::Stages::label(&stage)),
                ],
            ));
        }
        // Reached on the visit's day (a log made late moves it then), but
        // never before the stage it leaves began: a history reads in order,
        // and a move dated earlier would take it out of a stage before it
        // was in it. The log itself keeps its own date.
        let since = opp.text("stage_since").and_then(crate::domain::fields::parse_iso_date);
        let day = match (get("date").as_deref().and_then(crate::domain::fields::parse_iso_date), since) {
            (Some(d), Some(s)) if d < s => Value::Text(s.to_string()),
            (Some(d), _) => Value::Text(d.to_string()),
            (None, _) => Value::Null,
        };
        self.update(&OPPORTUNITY, &opportunity, &[("funnel_stage", Value::Text(stage)), ("stage_since", day)])?;
        Ok(())
    }
}

impl Store {
    /// The funnel's stages in force (config `[funnel] stages`; the shipped
    /// buying process unless set): what the rep's figures count by.
    pub fn set_stages(&mut self, stages: crate::domain::opportunity::Stages) {
        self.stages = stages;
    }

    /// The funnel's stages in force.
    pub fn stages(&self) -> &crate::domain::opportunity::Stages {
        &self.stages
    }

    /// Customers qualified (need, purchasing power and authority all
    /// confirmed), live ones: how many now, and how many became so in
    /// `from..=to` — the day the last of the three marks was recorded, or,
    /// when they were given as the customer was added (a form, an import,
    /// the demo's dossiers), the day the customer was added.
    pub fn qualified_counts(&self, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Result<(u32, u32)> {
        let list = self.customers(&crate::domain::filter::CustomerFilter { qualified: true, ..Default::default() })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.col, l.hlc, l.tx FROM change_log l JOIN col_ref c ON c.n = l.col
             WHERE l.row = ?1 AND c.tbl = 'customer' AND c.col IN ('_insert', 'qual_need', 'qual_power', 'qual_authority')
             ORDER BY l.hlc",
        )?;
        let mut in_period = 0u32;
        for c in &list {
            let Some(row) = super::ids::find_row(&self.conn, &c.id)? else { continue };
            let mut inserted_in = None;
            let mut latest = None;
            for r in
                stmt.query_map([row], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))?
            {
                let (col, hlc, tx) = r?;
                if col == "_insert" {
                    inserted_in = Some(tx);
                }
                latest = Some((hlc, tx));
            }
            let day = match latest {
                Some((_, tx)) if Some(tx) == inserted_in => super::created_on(&c.id),
                Some((hlc, _)) => self.clock().local(Hlc::from_i64(hlc).millis()).map(|t| t.date()),
                None => None,
            };
            if day.is_some_and(|d| (from..=to).contains(&d)) {
                in_period += 1;
            }
        }
        Ok((u32::try_from(list.len()).unwrap_or(u32::MAX), in_period))
    }

    /// Every live opportunity with its stage history (alive ones of live
    /// customers): one step per write that set its stage or state, dated by
    /// the day the opportunity says (the stage's `stage_since`, a closing's
    /// `closed_on`: a visit moves it on the visit's day, a late log is not
    /// this week's move), else by the rep's day the write was recorded.
    pub fn opportunity_tracks(&self) -> Result<Vec<Track>> {
        let list = self.records(&OPPORTUNITY, &super::RecordQuery::default())?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.hlc, l.origin, l.tx, c.col, l.value FROM change_log l JOIN col_ref c ON c.n = l.col
             WHERE l.row = ?1 AND c.tbl = 'opportunity'
               AND c.col IN ('_insert', 'funnel_stage', 'state', 'stage_since', 'closed_on')
             ORDER BY l.hlc, l.seq",
        )?;
        let mut out = Vec::with_capacity(list.len());
        for opportunity in list {
            let mut steps: Vec<Step> = Vec::new();
            if let Some(row) = super::ids::find_row(&self.conn, &opportunity.id)? {
                let found = stmt
                    .query_map([row], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            (r.get::<_, i64>(1)?, r.get::<_, i64>(2)?),
                            r.get::<_, String>(3)?,
                            r.get::<_, Option<String>>(4)?,
                        ))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                steps = self.steps_of(&found);
            }
            // A record the log does not know (it should): as it is now.
            if steps.is_empty() {
                steps.push(Step {
                    on: crate::domain::entity::created_on(&opportunity.id).unwrap_or_else(|| self.clock().today()),
                    stage: opportunity.text_or_empty("funnel_stage").to_string(),
                    state: opportunity.text_or_empty("state").to_string(),
                });
            }
            out.push(Track { opportunity, steps });
        }
        Ok(out)
    }

    /// The steps of one opportunity from its change records (hlc, write,
    /// column, value), one step at a time in clock order: the records of
    /// one (origin, tx) until a field comes again or a second change of
    /// stage or state (one transaction may move a record twice, as the
    /// demo's do; an edit that moves it on and closes it is two steps).
    fn steps_of(&self, found: &[Record]) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut now: BTreeMap<&str, String> = BTreeMap::new();
        let mut i = 0;
        while i < found.len() {
            let (hlc, write, start) = (found[i].0, found[i].1, i);
            let mut touched: Vec<&str> = Vec::new();
            let moves = |f: &str| matches!(f, "funnel_stage" | "state");
            while i < found.len()
                && found[i].1 == write
                && (i == start
                    || !(touched.contains(&found[i].2.as_str())
                        || moves(&found[i].2) && touched.iter().any(|t| moves(t))))
            {
                let (_, _, col, value) = &found[i];
                let value: serde_json::Value =
                    value.as_deref().and_then(|v| serde_json::from_str(v).ok()).unwrap_or_default();
                for f in ["funnel_stage", "state", "stage_since", "closed_on"] {
                    let v = if col == "_insert" { value.get(f) } else { (col == f).then_some(&value) };
                    if let Some(v) = v {
                        now.insert(f, v.as_str().unwrap_or_default().to_string());
                        touched.push(f);
                    }
                }
                i += 1;
            }
            if !touched.iter().any(|f| matches!(*f, "funnel_stage" | "state")) {
                continue;
            }
            let state = now.get("state").cloned().unwrap_or_default();
            let dated = |f: &str| now.get(f).and_then(|d| crate::domain::fields::parse_iso_date(d));
            let on = match state.as_str() {
                "won" | "lost" if touched.contains(&"state") => dated("closed_on"),
                _ if touched.contains(&"funnel_stage") => dated("stage_since"),
                _ => None,
            };
            let recorded = || self.clock().local(Hlc::from_i64(hlc).millis()).map(|t| t.date());
            let Some(on) = on.or_else(recorded) else { continue };
            steps.push(Step { on, stage: now.get("funnel_stage").cloned().unwrap_or_default(), state });
        }
        crate::domain::funnel::in_order(&mut steps);
        steps
    }

    /// The funnel for `from..=to` as of today (see
    /// [`crate::domain::funnel::funnel`]): what `report funnel`, the funnel
    /// screen and the figures show.
    pub fn funnel(
        &self,
        stages: &crate::domain::opportunity::Stages,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<crate::domain::funnel::Funnel> {
        let tracks = self.opportunity_tracks()?;
        let names = self.customer_names()?;
        let names: BTreeMap<String, String> = names.into_iter().collect();
        Ok(crate::domain::funnel::funnel(stages, &tracks, &names, (from, to), self.clock().today()))
    }

    /// Read a visit's opportunity fields as typed (the CLI's flags, the log
    /// form) into what is stored: the opportunity, named by its need or the
    /// start of its id among the customer's, becomes its id; the stage,
    /// named or numbered, becomes the configured stage's name.
    pub fn read_visit_opportunity(
        &self,
        stages: &crate::domain::opportunity::Stages,
        customer_id: &str,
        values: &mut [(&'static str, Value)],
    ) -> Result<()> {
        for (field, value) in values.iter_mut() {
            let Value::Text(typed) = value else { continue };
            match *field {
                "opportunity" => {
                    let mine = self.children(&OPPORTUNITY, customer_id)?;
                    *value = Value::Text(crate::domain::opportunity::resolve(&mine, typed)?.id.clone());
                }
                "opportunity_stage" => *value = Value::Text(stages.parse(typed)?),
                _ => {}
            }
        }
        Ok(())
    }

    /// The visits that moved an opportunity, newest first.
    pub fn visits_of_opportunity(&self, opportunity_id: &str) -> Result<Vec<Entity>> {
        let Some(opp) = self.get(&OPPORTUNITY, opportunity_id)? else { return Ok(Vec::new()) };
        let mut visits = self.children(&VISIT, opp.text_or_empty("customer_id"))?;
        visits.retain(|v| v.text("opportunity") == Some(opportunity_id));
        Ok(visits)
    }
}
