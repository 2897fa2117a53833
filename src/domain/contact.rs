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

/// A phone field: digits with `+ - ( ) .` and spaces, an extension after
/// 转, 分机, ext or x, several numbers separated by `/ , ; 、`, and
/// Chinese words that say which is which (手机, 座机, 办公室). Three
/// digits at least; no Latin letter but an extension's, no `@`.
pub fn is_phone(s: &str) -> bool {
    let folded: String = s.nfkc().flat_map(char::to_lowercase).collect();
    let digits = folded.chars().filter(char::is_ascii_digit).count();
    let mut rest = folded;
    for word in EXTENSION {
        rest = rest.replace(word, " ");
    }
    digits >= 3
        && rest.chars().all(|c| {
            c.is_ascii_digit()
                || c.is_whitespace()
                || "+-()./,;:、—–#*".contains(c)
                || (!c.is_ascii() && c.is_alphabetic())
        })
}

/// An e-mail field: one address or several separated by `, ;` or spaces,
/// each `name@domain.tld`.
pub fn is_email(s: &str) -> bool {
    let folded: String = s.nfkc().collect();
    let mut parts =
        folded.split(|c: char| c == ',' || c == ';' || c == '、' || c.is_whitespace()).filter(|p| !p.is_empty());
    let first = parts.next();
    first.is_some() && first.into_iter().chain(parts).all(one_address)
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
    plain(local) && plain(domain) && domain.contains('.')
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
