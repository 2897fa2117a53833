//! The name order of every list of customers: by pinyin (DESIGN.md §3).
//!
//! One function, [`sort_key`], turns a name into a key that sorts as a
//! Chinese reader expects: each Chinese character by its reading (the one
//! the override tables choose, so 重庆 reads chong and a surname at the
//! start of a person's name reads as a surname: 曾 zeng, 单 shan; else its
//! most common one),
//! Latin letters case-folded among them (安 an before Apple before 北京),
//! digits before letters, punctuation ignored. Ties: the name as written,
//! then the id. The key is stored with each customer's search record
//! (`search_key.sort`), so SQLite's index gives the first page in this
//! order, the search index keeps it, and `customer list` sorts by it.

use super::ids::Ids;
use super::matcher::{Unit, unit_in};
use super::packed::PackedStr;
use super::readings::Readings;
use crate::domain::pinyin::Romanizer;

/// Ends each Chinese character's syllable: 西安 (xi'an) sorts before the
/// Latin word "Xian", and that before 先锋 (xian feng).
const SYLLABLE_END: char = '\u{1}';
/// Separates the pinyin from the name as written (the tie-break).
const TIE: char = '\u{0}';

/// The sort key of a customer's name (see the module's documentation). A
/// name of two or three Chinese characters and nothing else is taken for a
/// person's (an individual customer, 曾国强): its first character reads as
/// a surname where the table says so. A longer name is a business's, whose
/// first character is usually a place's (乐亭机电 is not read yue).
pub fn sort_key(romanizer: &Romanizer, name: &str) -> String {
    let readings = Readings::get();
    let person =
        (2..=3).contains(&name.chars().count()) && name.chars().all(|c| matches!(unit_in(c, readings), Unit::Han(_)));
    let preferred = romanizer.preferred(name, person);
    let mut key = String::with_capacity(name.len() * 2 + 2);
    let mut space = false;
    for (i, c) in name.chars().enumerate() {
        match unit_in(c, readings) {
            Unit::Han(h) => {
                let syllable = preferred
                    .iter()
                    .find(|(at, _)| *at == i)
                    .map(|(_, s)| s.as_str())
                    .or_else(|| readings.of(h).first().map(|&s| readings.syllable(s)))
                    .unwrap_or("");
                if space && !key.is_empty() {
                    key.push(' ');
                }
                key.push_str(syllable);
                key.push(SYLLABLE_END);
                space = false;
            }
            Unit::Lit(l) => {
                if space && !key.is_empty() {
                    key.push(' ');
                }
                key.push(l);
                space = false;
            }
            // Punctuation is ignored; a space between words is kept (once).
            Unit::Sep(s) => space |= s.is_whitespace(),
        }
    }
    key.push(TIE);
    key.extend(name.chars().filter(|c| !c.is_control()));
    key
}

/// Positions of the entries in list order: by sort key ([`sort_key`]),
/// ties by id.
pub fn name_order(sorts: &PackedStr, ids: &Ids) -> Vec<u32> {
    let mut order: Vec<u32> = (0..sorts.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        sorts.get(a).cmp(sorts.get(b)).then_with(|| ids.get(a).as_str().cmp(ids.get(b).as_str()))
    });
    order
}

/// Where an entry with sort key `sort` and `id` goes among `len` entries
/// kept in [`name_order`]; `at(i)` gives entry i's sort key and id.
pub fn name_position<K: AsRef<str>, I: AsRef<str>>(
    len: usize,
    at: impl Fn(usize) -> (K, I),
    sort: &str,
    id: &str,
) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = usize::midpoint(lo, hi);
        let (key, at_id) = at(mid);
        if (key.as_ref(), at_id.as_ref()) < (sort, id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let r = Romanizer::default();
        let mut v: Vec<(String, String)> = names.iter().map(|n| (sort_key(&r, n), (*n).to_string())).collect();
        v.sort();
        v.into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn chinese_names_sort_by_pinyin() {
        assert_eq!(sorted(&["张三", "李四", "安"]), ["安", "李四", "张三"]);
        assert_eq!(sorted(&["重庆恒达", "长沙", "成都"]), ["长沙", "成都", "重庆恒达"], "chang, cheng, chong");
    }

    #[test]
    fn latin_and_chinese_interleave_by_letters() {
        assert_eq!(
            sorted(&["北京华电", "Apple", "安", "banana", "Zeta", "3M中国", "(HK) Ltd"]),
            ["3M中国", "安", "Apple", "banana", "北京华电", "(HK) Ltd", "Zeta"]
        );
        assert_eq!(sorted(&["先锋", "西安", "Xian"]), ["西安", "Xian", "先锋"]);
    }

    #[test]
    fn polyphonic_surnames_read_as_surnames() {
        // 曾 reads ceng alone, zeng as a surname: 曾国强 sorts among the z.
        assert_eq!(sorted(&["曾国强", "岑明", "张伟"]), ["岑明", "曾国强", "张伟"]);
        // 单 reads dan alone, shan as a surname.
        assert_eq!(sorted(&["单田芳", "丹东", "孙立"]), ["丹东", "单田芳", "孙立"]);
        // A business named after a place: 乐 is not read as the surname yue.
        assert_eq!(sorted(&["乐亭机电", "孙立", "乐嘉"]), ["乐亭机电", "孙立", "乐嘉"], "le…, sun, yue");
    }

    #[test]
    fn ties_by_name_as_written_then_id() {
        let r = Romanizer::default();
        assert!(sort_key(&r, "abc") < sort_key(&r, "ABC").max(sort_key(&r, "abd")));
        assert_ne!(sort_key(&r, "张三"), sort_key(&r, "章三"), "same reading, told apart");
        let mut sorts = PackedStr::default();
        let mut ids = Ids::default();
        for (n, id) in [("b", "2"), ("a", "9"), ("a", "1")] {
            sorts.push(&sort_key(&r, n));
            ids.push(id);
        }
        let order = name_order(&sorts, &ids);
        assert_eq!(order, [2, 1, 0]);
        let pos =
            name_position(3, |i| (sorts.get(order[i] as usize), ids.get(order[i] as usize)), &sort_key(&r, "a"), "5");
        assert_eq!(pos, 1);
    }
}
