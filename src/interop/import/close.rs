//! Close names (issue 12): a new customer in an import whose name is the
//! same as, reads the same as, contains or is a slip away from a customer
//! in the archive or another new one in the file — the same rule
//! (`domain::similar`) as the warning `customer add` and the form give.
//! Nothing is refused; the preview lists them.
//!
//! Same names and same readings are found through hash maps, so they are
//! always checked. Containment and slips need every pair compared; that is
//! done while the pairs number at most [`PAIRS`] (a few hundred rows
//! against tens of thousands of customers), and the plan says when it was
//! not.

use crate::domain::pinyin::Romanizer;
use crate::domain::similar::{Closeness, Compared, closeness_of, how_words};
use crate::i18n::tf;
use std::collections::HashMap;

/// The most name pairs compared one by one (containment, slips).
pub const PAIRS: usize = 4_000_000;

/// A new customer whose name is close to another customer's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseName {
    /// The line of the row that makes the new customer.
    pub line: usize,
    /// The new customer's name.
    pub name: String,
    /// The other customer's name.
    pub other: String,
    /// Where the other one is: in the archive (its id) or on a line above.
    pub other_at: OtherAt,
    /// How close.
    pub how: Closeness,
}

/// Where the customer a new name is close to is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OtherAt {
    /// In the archive, with this id.
    Archive(String),
    /// New too, made by the row on this line.
    Line(usize),
}

impl CloseName {
    /// As the preview says it.
    pub fn describe(&self) -> String {
        let how = how_words(self.how);
        match &self.other_at {
            OtherAt::Archive(id) => tf(
                "interop.close_archive",
                &[
                    ("line", &self.line),
                    ("name", &self.name),
                    ("other", &self.other),
                    ("id", &crate::text::short_id(id)),
                    ("how", &how),
                ],
            ),
            OtherAt::Line(line) => tf(
                "interop.close_file",
                &[
                    ("line", &self.line),
                    ("name", &self.name),
                    ("other", &self.other),
                    ("other_line", line),
                    ("how", &how),
                ],
            ),
        }
    }
}

/// One name as compared, and where it is.
struct Entry {
    name: String,
    at: OtherAt,
    compared: Compared,
}

/// The close names among `new` (line, name: each customer the import
/// makes, once, in file order) against `archive` (id, name) and the new names above them.
/// The flag is false when there were too many pairs to look for
/// containment and slips (same names and readings were still checked).
pub fn find<'a>(
    archive: impl Iterator<Item = (&'a str, &'a str)>,
    new: &[(usize, String)],
    romanizer: &Romanizer,
) -> (Vec<CloseName>, bool) {
    let mut entries: Vec<Entry> = archive
        .map(|(id, name)| Entry {
            name: name.to_string(),
            at: OtherAt::Archive(id.to_string()),
            compared: Compared::new(name, romanizer),
        })
        .collect();
    let archived = entries.len();
    let pairs = new.len().saturating_mul(archived).saturating_add(new.len().saturating_mul(new.len()) / 2);
    let full = pairs <= PAIRS;
    let mut by_plain: HashMap<String, usize> = HashMap::new();
    let mut by_reading: HashMap<String, usize> = HashMap::new();
    let remember = |entries: &[Entry],
                    at: usize,
                    by_plain: &mut HashMap<String, usize>,
                    by_reading: &mut HashMap<String, usize>| {
        let c = &entries[at].compared;
        if !c.plain().is_empty() {
            by_plain.entry(c.plain().to_string()).or_insert(at);
        }
        if !c.reading().is_empty() {
            by_reading.entry(c.reading().to_string()).or_insert(at);
        }
    };
    for at in 0..archived {
        remember(&entries, at, &mut by_plain, &mut by_reading);
    }
    let mut out = Vec::new();
    for (line, name) in new {
        let compared = Compared::new(name, romanizer);
        let hashed = by_plain
            .get(compared.plain())
            .or_else(|| by_reading.get(compared.reading()))
            .and_then(|&at| closeness_of(&compared, &entries[at].compared).map(|how| (at, how)));
        let found = hashed.or_else(|| {
            if full {
                entries.iter().enumerate().find_map(|(at, e)| closeness_of(&compared, &e.compared).map(|how| (at, how)))
            } else {
                None
            }
        });
        if let Some((at, how)) = found {
            let other = &entries[at];
            out.push(CloseName {
                line: *line,
                name: name.clone(),
                other: other.name.clone(),
                other_at: other.at.clone(),
                how,
            });
        }
        entries.push(Entry { name: name.clone(), at: OtherAt::Line(*line), compared });
        remember(&entries, entries.len() - 1, &mut by_plain, &mut by_reading);
    }
    (out, full)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[(usize, &str)]) -> Vec<(usize, String)> {
        list.iter().map(|(l, n)| (*l, (*n).to_string())).collect()
    }

    #[test]
    fn new_names_close_to_the_archive_or_to_rows_above_are_found() {
        let r = Romanizer::default();
        let archive = [("0190aaaa-1111", "重庆恒达机电"), ("0190bbbb-2222", "Harbor Medical Group")];
        let new = names(&[
            (2, "重庆恒大机电"),
            (3, "厦门永兴"),
            (4, "Harbour Medical Group"),
            (5, "厦门永星"),
            (6, "恒达机电"),
            (7, "Atlas Foods"),
        ]);
        let (close, full) = find(archive.iter().map(|(i, n)| (*i, *n)), &new, &r);
        assert!(full);
        let got: Vec<(usize, &str, Closeness)> = close.iter().map(|c| (c.line, c.other.as_str(), c.how)).collect();
        assert_eq!(
            got,
            vec![
                (2, "重庆恒达机电", Closeness::SamePinyin),
                (4, "Harbor Medical Group", Closeness::Slip),
                (5, "厦门永兴", Closeness::SamePinyin),
                (6, "重庆恒达机电", Closeness::Contains),
            ]
        );
        assert_eq!(close[0].other_at, OtherAt::Archive("0190aaaa-1111".into()));
        assert_eq!(close[2].other_at, OtherAt::Line(3), "a row above, not the archive");
    }

    #[test]
    fn too_many_pairs_still_finds_same_names_and_readings() {
        let r = Romanizer::default();
        let archive: Vec<(String, String)> = (0..2_100).map(|i| (format!("id{i}"), format!("客户{i:05}号"))).collect();
        let mut new: Vec<(usize, String)> = (0..2_000).map(|i| (i + 2, format!("新客户{i:05}"))).collect();
        new.push((9_000, "客户00007號".to_string()));
        new.push((9_001, "客户00008".to_string()));
        let (close, full) = find(archive.iter().map(|(i, n)| (i.as_str(), n.as_str())), &new, &r);
        assert!(!full, "2,002 × 2,100 pairs is over the budget");
        // 號 reads hao like 号: found through the readings' map.
        assert!(close.iter().any(|c| c.line == 9_000 && c.how == Closeness::SamePinyin), "{close:?}");
        // A containment needs the pair scan, which was not done.
        assert!(!close.iter().any(|c| c.line == 9_001));
    }

    #[test]
    fn each_new_customer_is_compared_with_the_first_close_one_above() {
        let r = Romanizer::default();
        // Two customers of the same name (the rows' phones differ) and a
        // third that reads the same.
        let new = names(&[(2, "重庆恒达"), (3, "重庆恒达"), (4, "重庆恒大")]);
        let (close, _) = find(std::iter::empty(), &new, &r);
        let got: Vec<(usize, OtherAt, Closeness)> = close.iter().map(|c| (c.line, c.other_at.clone(), c.how)).collect();
        assert_eq!(got, vec![(3, OtherAt::Line(2), Closeness::Same), (4, OtherAt::Line(2), Closeness::SamePinyin)]);
    }
}
