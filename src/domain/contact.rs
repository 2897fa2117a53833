//! Phone numbers and e-mail addresses as reps type them. Forms, flags and
//! imports read them through [`super::fields::FieldSpec::parse`], which
//! refuses what cannot be one (a name typed in the phone field, an address
//! without its domain). The store keeps any text already there: a value
//! refused here is never lost by a sync or an old archive.

use unicode_normalization::UnicodeNormalization;

/// What spreadsheets and reps write for "none" in a phone or e-mail
/// column: read as no value rather than refused.
const NONE: [&str; 10] = ["-", "--", "—", "/", "无", "暂无", "没有", "n/a", "na", "none"];

/// True when `s` says there is no number or address (`暂无`, `-`, `n/a`).
pub fn says_none(s: &str) -> bool {
    let folded: String = s.nfkc().flat_map(char::to_lowercase).filter(|c| !c.is_whitespace()).collect();
    NONE.contains(&folded.as_str())
}

/// Words that introduce an extension (`0592-5551234 转 801`, `ext 12`).
const EXTENSION: [&str; 5] = ["分机", "转", "ext.", "ext", "x"];

/// What separates several numbers or addresses in one field.
const SEPARATORS: [char; 4] = [',', ';', '、', '/'];

/// The most digits one number has: E.164's fifteen, the country code
/// included.
const MOST_DIGITS: usize = 15;

/// `s` NFKC-folded, lower-cased, without the separators a list was left
/// ending or starting with (`13800138000/`, `a@b.com,`): nothing follows
/// them, so they say nothing.
fn folded_list(s: &str, separators: &[char]) -> String {
    let folded: String = s.nfkc().flat_map(char::to_lowercase).collect();
    folded.trim_matches(|c: char| c.is_whitespace() || separators.contains(&c)).to_string()
}

/// A phone field as it is stored, or `None` when it is not one: digits
/// with `+ - ( ) .` and spaces, an extension after 转, 分机, ext or x,
/// several numbers separated by `/ , ; 、`, and Chinese words that say
/// which is which (手机, 座机, 办公室). Each number has 3 to 15 digits
/// (E.164), a `+` only in front, and an extension has digits after its
/// word and a number before it. A separator left at either end is
/// dropped (`13800138000/` is stored `13800138000`).
pub fn phone(s: &str) -> Option<String> {
    let trimmed = s.trim_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(&c) || "／，；".contains(c));
    let folded = folded_list(trimmed, &SEPARATORS);
    let parts: Vec<&str> = folded.split(SEPARATORS).collect();
    parts.iter().all(|p| one_phone_part(p)).then(|| trimmed.replace(['\n', '\r'], " "))
}

/// True when `s` is a phone field ([`phone`]).
pub fn is_phone(s: &str) -> bool {
    phone(s).is_some()
}

/// One of the numbers between separators: labels (手机, 座机) may stand
/// before or between numbers; at least one number is there.
fn one_phone_part(part: &str) -> bool {
    // A label (a run of letters other than an extension word) divides
    // numbers as a separator does: 手机 13800138000 座机 0592-5551234.
    let mut pieces: Vec<String> = vec![String::new()];
    let mut label = String::new();
    let flush = |label: &mut String, pieces: &mut Vec<String>| {
        if label.is_empty() {
            return;
        }
        if label == "转" || label == "分机" {
            if let Some(p) = pieces.last_mut() {
                p.push(' ');
                p.push_str(label);
                p.push(' ');
            }
        } else {
            pieces.push(String::new());
        }
        label.clear();
    };
    for c in part.chars() {
        if !c.is_ascii() && c.is_alphabetic() {
            label.push(c);
        } else {
            flush(&mut label, &mut pieces);
            if let Some(p) = pieces.last_mut() {
                p.push(c);
            }
        }
    }
    flush(&mut label, &mut pieces);
    let mut numbers = 0;
    for piece in &pieces {
        match one_number(piece) {
            Some(true) => numbers += 1,
            // Only a label's punctuation (`手机：`): nothing to read.
            Some(false) => {}
            None => return false,
        }
    }
    numbers > 0
}

/// One number with perhaps its extension: `Some(true)` when it is one,
/// `Some(false)` when there is no digit and no extension word at all (what
/// is left of a label), `None` when it is not a number.
fn one_number(piece: &str) -> Option<bool> {
    let split = EXTENSION.iter().filter_map(|w| piece.find(w).map(|i| (i, w.len()))).min_by_key(|(i, _)| *i);
    let (main, ext) = match split {
        Some((i, len)) => (&piece[..i], Some(&piece[i + len..])),
        None => (piece, None),
    };
    let digits = main.chars().filter(char::is_ascii_digit).count();
    if digits == 0 && ext.is_none() {
        let quiet = main.chars().all(|c| c.is_whitespace() || ":：-—–()".contains(c));
        return quiet.then_some(false);
    }
    let allowed = |c: char| c.is_ascii_digit() || c.is_whitespace() || "+-().:—–#*".contains(c);
    // A `+` only in front: `+86 +86` is no number.
    let plus_in_front = main.trim_start().strip_prefix('+').unwrap_or(main.trim_start()).chars().all(|c| c != '+');
    let main_ok = (3..=MOST_DIGITS).contains(&digits) && main.chars().all(allowed) && plus_in_front;
    let ext_ok = ext.is_none_or(|e| {
        let e = e.trim().trim_start_matches(['.', ':']);
        let e = e.trim();
        !e.is_empty()
            && e.chars().any(|c| c.is_ascii_digit())
            && e.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    });
    (main_ok && ext_ok).then_some(true)
}

/// What separates several e-mail addresses: commas, semicolons, 、 or
/// spaces.
fn email_separator(c: char) -> bool {
    c == ',' || c == ';' || c == '、' || c.is_whitespace()
}

/// An e-mail field as it is stored, or `None` when it is not one: one
/// address or several separated by commas, semicolons or spaces, each
/// `name@domain.tld`, no label of the domain starting or ending with
/// `-`. A separator left at either end is dropped (`a@b.com,` is stored
/// `a@b.com`).
pub fn email(s: &str) -> Option<String> {
    let trimmed = s.trim_matches(|c: char| email_separator(c) || c == '，' || c == '；');
    let folded: String = trimmed.nfkc().collect();
    let mut parts = folded.split(email_separator).filter(|p| !p.is_empty());
    let first = parts.next();
    (first.is_some() && first.into_iter().chain(parts).all(one_address)).then(|| trimmed.replace(['\n', '\r'], " "))
}

/// True when `s` is an e-mail field ([`email`]).
pub fn is_email(s: &str) -> bool {
    email(s).is_some()
}

fn one_address(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    let plain = |part: &str| {
        !part.is_empty()
            && !part.starts_with('.')
            && !part.ends_with('.')
            && !part.contains("..")
            && part.chars().all(|c| !c.is_control() && !"@<>()[]\\\",:;".contains(c))
    };
    // A domain's labels never start or end with a hyphen (RFC 1035).
    let labels_ok = domain.split('.').all(|l| !l.starts_with('-') && !l.ends_with('-'));
    plain(local) && plain(domain) && domain.contains('.') && labels_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_as_reps_write_them_are_taken() {
        for ok in [
            "13800138000",
            "138 0013 8000",
            "+86 138-0013-8000",
            "(0592) 555 1234",
            "0592-5551234 转 801",
            "0592-5551234 ext 12",
            "０５９２－５５５１２３４",
            "手机 13800138000 / 座机 0592-5551234",
            "13800138000、13900139000",
            "400-800-8888",
            "110",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in ["张总", "abc", "zhang@example.com", "12", "call me", "13800138000 mobile", ""] {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn a_number_is_whole_and_each_of_several_counts_alone() {
        for bad in [
            "转123",
            "分机 801",
            "138 0013 8000 转",
            "0592-5551234 ext",
            "+86 +86",
            "+86",
            "138+0013",
            "12345678901234567890123",
            "1380013800013800138000",
            "13800138000//13900139000",
            "13800138000 / 手机",
            "手机",
        ] {
            assert_eq!(phone(bad), None, "{bad}");
        }
        for (ok, stored) in [
            ("13800138000/", "13800138000"),
            ("13800138000、", "13800138000"),
            (" 13800138000 ; ", "13800138000"),
            ("+86 138-0013-8000 转 801", "+86 138-0013-8000 转 801"),
            ("0592-5551234 x12", "0592-5551234 x12"),
            ("手机 13800138000 座机 0592-5551234", "手机 13800138000 座机 0592-5551234"),
            ("手机：13800138000", "手机：13800138000"),
            // Fifteen digits each, three numbers: each counts alone.
            ("861380013800012/861390013900012, 861370013700012", "861380013800012/861390013900012, 861370013700012"),
        ] {
            assert_eq!(phone(ok).as_deref(), Some(stored), "{ok}");
        }
    }

    #[test]
    fn addresses_keep_to_the_rule_their_message_states() {
        // Separated by commas, semicolons or spaces, as the message says.
        for ok in ["a@b.com c@d.com", "a@b.com;c@d.com", "a@b.com、c@d.com", "a@my-mail.com"] {
            assert!(is_email(ok), "{ok}");
        }
        assert!(crate::i18n::lookup_in(crate::i18n::Lang::En, "expect.email").is_some_and(|m| m.contains("spaces")));
        for bad in ["a@-b.com", "a@b-.com", "a@b.-com", "a@b.com-", "a@b.com, c@-d.com"] {
            assert!(!is_email(bad), "{bad}");
        }
        // A separator left at the end is dropped, not stored.
        assert_eq!(email("a@b.com,").as_deref(), Some("a@b.com"));
        assert_eq!(email("a@b.com, c@d.com;").as_deref(), Some("a@b.com, c@d.com"));
        assert_eq!(email(","), None);
    }

    #[test]
    fn none_is_said_in_several_ways() {
        for none in ["-", "暂无", " 无 ", "N/A", "None", "／"] {
            assert!(says_none(none), "{none}");
        }
        assert!(!says_none("无锡 0510-1234567"));
    }

    #[test]
    fn addresses_need_a_name_and_a_domain() {
        for ok in [
            "zhang@example.com",
            "li.wei+crm@mail.xmyx.cn",
            "a@b.co, c@d.cn",
            "张伟@例子.中国",
            "ＺＨＡＮＧ@EXAMPLE.COM",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "zhang",
            "zhang@",
            "@example.com",
            "zhang@example",
            "a@@b.com",
            "a@b..com",
            "a@.b.com",
            "a@b.com, c",
            "",
            "13800138000",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
