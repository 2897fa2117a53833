//! Customers whose names are close to a new one's (`domain::similar`), for
//! the warning both faces give before adding a customer.

use super::Store;
use crate::domain::similar::{Closeness, Compared, closeness_of};
use crate::error::Result;

impl Store {
    /// Live customers whose name is close to `name`: (id, name, how), the
    /// closest first.
    pub fn close_customers(&self, name: &str) -> Result<Vec<(String, String, Closeness)>> {
        let mut stmt = self.conn.prepare("SELECT id, name FROM customer WHERE cl % 2 = 1")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        let new = Compared::new(name, &self.romanizer);
        for row in rows {
            let (id, old) = row?;
            if let Some(how) = closeness_of(&new, &Compared::new(&old, &self.romanizer)) {
                out.push((id, old, how));
            }
        }
        out.sort_by_key(|(_, _, how)| match how {
            Closeness::Same => 0,
            Closeness::SamePinyin => 1,
            Closeness::Contains => 2,
            Closeness::Slip => 3,
        });
        Ok(out)
    }
}
