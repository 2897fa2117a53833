//! Which field of a customer or its key person a spreadsheet column holds
//! (issue 12 §1): headers as Chinese reps, Excel, WPS and the common CRM
//! exports (Salesforce, `HubSpot`, Pipedrive, 纷享销客, 销售易) write them,
//! compared without case, spaces or punctuation. One table for import and
//! export: the headers an export writes map back to the same fields.

use super::schema::{CUSTOMER, PERSON};
use crate::i18n::{Lang, lookup_in};
use unicode_normalization::UnicodeNormalization;

/// What a column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A field of the customer.
    Customer(&'static str),
    /// A field of the row's key person.
    Person(&'static str),
    /// The person's given name (joined with the family name).
    GivenName,
    /// The person's family name.
    FamilyName,
}

impl Target {
    /// The name `--map` takes: `customer.city`, `person.phone`, `given_name`.
    pub fn key(self) -> String {
        match self {
            Target::Customer(f) => format!("customer.{f}"),
            Target::Person(f) => format!("person.{f}"),
            Target::GivenName => "given_name".into(),
            Target::FamilyName => "family_name".into(),
        }
    }

    /// True for what the person takes (their name parts too).
    pub fn is_person(self) -> bool {
        !matches!(self, Target::Customer(_))
    }

    fn is_person_name(self) -> bool {
        matches!(self, Target::Person("name") | Target::GivenName | Target::FamilyName)
    }
}

mod aliases;
use Target::{Customer as C, FamilyName, GivenName, Person as P};
use aliases::FAMILIES;

/// A header as compared: NFKC (full-width letters and brackets become
/// ASCII), lower case, letters and digits only (`Person - Name`,
/// `person name` and `PERSON_NAME` compare the same; so do `客户名称*` and
/// `客户名称（必填）` minus its note).
pub fn header_key(header: &str) -> String {
    let folded: String = header.nfkc().collect();
    // A bracketed note after the name (`手机（必填）`, `Phone (work)`) is
    // dropped unless it is the whole header.
    let head = folded.split(['(', '[']).next().filter(|h| !h.trim().is_empty()).unwrap_or(&folded);
    full_key(head)
}

/// [`header_key`] keeping a bracketed part: how an export's own headers
/// (`Organisation (departments, heads, reporting)`) are recognised.
fn full_key(header: &str) -> String {
    header.nfkc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

/// The header an export writes for `target` in `lang`; it maps back to the
/// same target on import ([`guess`]).
pub fn export_header(target: Target, lang: Lang) -> String {
    let zh = lang == Lang::ZhCn;
    let fixed = match target {
        C("name") => Some(("Customer name", "客户名称")),
        C("phone") => Some(("Company phone", "公司电话")),
        C("email") => Some(("Company email", "公司邮箱")),
        P("name") => Some(("Contact", "联系人")),
        P("phone") => Some(("Mobile", "手机")),
        P("email") => Some(("Contact email", "联系人邮箱")),
        P("notes") => Some(("Contact notes", "联系人备注")),
        GivenName => Some(("First name", "名")),
        FamilyName => Some(("Last name", "姓")),
        _ => None,
    };
    if let Some((en, zh_text)) = fixed {
        return (if zh { zh_text } else { en }).to_string();
    }
    match target {
        C(f) => label(f, lang),
        P(f) if person_only(f) => label(f, lang),
        P(f) => format!("{}{}", if zh { "联系人" } else { "Contact " }, label(f, lang)),
        _ => String::new(),
    }
}

fn label(field: &str, lang: Lang) -> String {
    lookup_in(lang, &format!("field.{field}")).unwrap_or(field).to_string()
}

/// A person field whose label no customer field shares (职务, 生日).
fn person_only(field: &str) -> bool {
    CUSTOMER.field(field).is_none()
}

/// The fields a header may fill, in order of preference, and whether it is
/// generic; empty when nothing is known by that name.
fn candidates(header: &str) -> (Vec<Target>, bool) {
    let key = header_key(header);
    if key.is_empty() {
        return (Vec::new(), false);
    }
    let every = CUSTOMER.fields.iter().map(|f| C(f.name)).chain(PERSON.fields.iter().map(|f| P(f.name)));
    let ours = |key: &str, by: fn(&str) -> String| {
        [Lang::En, Lang::ZhCn].into_iter().find_map(|lang| {
            every.clone().filter(|t| !matches!(t, P("customer_id"))).find(|t| by(&export_header(*t, lang)) == key)
        })
    };
    let family = |key: &str| FAMILIES.iter().find(|f| f.names.iter().any(|n| header_key(n) == key));
    // Whole headers first, the aliases before an export's own; then
    // without a bracketed note.
    let whole = full_key(header);
    if let Some(f) = family(&whole) {
        return (f.targets.to_vec(), f.generic);
    }
    if let Some(t) = ours(&whole, full_key) {
        return (vec![t], false);
    }
    if let Some(f) = family(&key) {
        return (f.targets.to_vec(), f.generic);
    }
    if let Some(t) = ours(&key, header_key) {
        return (vec![t], false);
    }
    parse_field(header).map_or((Vec::new(), false), |t| (vec![t], false))
}

/// A field named as `--map` takes it: `customer.city`, `person.phone`,
/// `contact.title`, `given_name`, `family_name`, a bare field name (the
/// customer's first), or any header of the alias table (`手机`).
pub fn parse_target(name: &str) -> Option<Target> {
    parse_field(name).or_else(|| {
        let (c, _) = candidates(name);
        c.first().copied()
    })
}

fn parse_field(name: &str) -> Option<Target> {
    let name = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    let of = |table: &'static super::schema::Table, f: &str| {
        table.fields.iter().find(|s| s.name == f && s.name != "customer_id").map(|s| s.name)
    };
    match name.split_once('.') {
        Some(("customer", f)) => of(&CUSTOMER, f).map(C),
        Some(("person" | "contact", f)) => of(&PERSON, f).map(P),
        None if name == "given_name" || name == "first_name" => Some(GivenName),
        None if name == "family_name" || name == "last_name" => Some(FamilyName),
        None => of(&CUSTOMER, &name).map(C).or_else(|| of(&PERSON, &name).map(P)),
        Some(_) => None,
    }
}

/// The field each column fills (`None`: left out), guessed from the
/// headers: specific headers choose first, then generic ones take what is
/// left; a column never takes a field another took, and a person's detail
/// goes to the person only when the sheet names a person.
pub fn guess(headers: &[String]) -> Vec<Option<Target>> {
    let found: Vec<(Vec<Target>, bool)> = headers.iter().map(|h| candidates(h)).collect();
    // Does the sheet name a person? A specific header (联系人, First name),
    // or a generic `Name` beside a specific customer column (Company).
    let customer_named = found.iter().any(|(o, g)| !g && o.first() == Some(&C("name")));
    let has_person = found.iter().any(|(o, g)| {
        (!g && o.first().is_some_and(|t| t.is_person_name())) || (*g && customer_named && o.contains(&P("name")))
    });
    let mut out: Vec<Option<Target>> = vec![None; headers.len()];
    let take = |out: &mut Vec<Option<Target>>, i: usize, options: &[Target]| {
        out[i] = options
            .iter()
            .copied()
            .find(|t| !out.contains(&Some(*t)) && (!t.is_person() || t.is_person_name() || has_person));
    };
    // Specific headers, then generic names, then other generic headers.
    for (i, (options, is_generic)) in found.iter().enumerate() {
        if !is_generic {
            take(&mut out, i, options);
        }
    }
    for names_first in [true, false] {
        for (i, (options, is_generic)) in found.iter().enumerate() {
            let names = options.iter().any(|t| matches!(t, C("name") | P("name")));
            if *is_generic && names == names_first {
                take(&mut out, i, options);
            }
        }
    }
    out
}

/// What a target is, for the user: `City (customer)`, `手机（联系人）`.
pub fn describe(target: Target) -> String {
    let field = |f: &str| crate::i18n::lookup(&format!("field.{f}")).unwrap_or(f).to_string();
    match target {
        C(f) => crate::i18n::tf("interop.target_customer", &[("field", &field(f))]),
        P(f) => crate::i18n::tf("interop.target_person", &[("field", &field(f))]),
        GivenName => crate::i18n::t("interop.target_given").to_string(),
        FamilyName => crate::i18n::t("interop.target_family").to_string(),
    }
}

/// A person's name from its parts: family then given, without a space, in
/// Chinese (`王` + `芳` → `王芳`); given then family otherwise.
pub fn join_name(given: &str, family: &str) -> String {
    let (given, family) = (given.trim(), family.trim());
    let cjk = |s: &str| s.chars().any(|c| ('\u{3400}'..='\u{9fff}').contains(&c));
    if cjk(given) || cjk(family) { format!("{family}{given}") } else { format!("{given} {family}").trim().to_string() }
}

/// A name as records are matched by: NFKC, lower case, no spaces.
pub fn name_key(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).filter(|c| !c.is_whitespace()).collect()
}

/// A phone as records are matched by: its digits, without China's `+86` /
/// `0086` country code (`+86 138-0013-8000` is `13800138000`).
pub fn phone_key(s: &str) -> String {
    let digits: String = s.nfkc().filter(char::is_ascii_digit).collect();
    let local = digits.strip_prefix("0086").or_else(|| digits.strip_prefix("86").filter(|d| d.len() == 11));
    local.unwrap_or(&digits).to_string()
}

/// An e-mail address as records are matched by: trimmed, lower case.
pub fn email_key(s: &str) -> String {
    s.trim().to_lowercase()
}

#[cfg(test)]
mod tests;
