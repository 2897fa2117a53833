//! Passphrase encryption of change files that travel on USB sticks and by
//! e-mail (age, scrypt recipient). Encrypted files are opened in memory:
//! the plain text never reaches a disk.

use crate::error::{Error, Result};
use crate::i18n::tf;
use age::secrecy::{ExposeSecret as _, SecretString};
use std::io::{Read as _, Write as _};

/// The first bytes of an age file.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1";
/// The first line of an armored (text) age file.
const AGE_ARMOR: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

/// The environment variable a script gives the passphrase in.
pub const ENV: &str = "REPBOOK_PASSPHRASE";

/// The scrypt work factor files are written with (2^18: about a second
/// and 256 MiB on a laptop, as age itself picks).
pub const WORK_FACTOR: u8 = 18;

/// The largest work factor a file may ask of this device (2^20: 1 GiB).
/// A file asking more is refused rather than let it exhaust the machine.
pub const MAX_WORK_FACTOR: u8 = 20;

/// A passphrase, wiped from memory when dropped and never printed.
#[derive(Clone)]
pub struct Passphrase(SecretString);

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(***)")
    }
}

/// Two passphrases are equal when they are the same text (compared in
/// memory only).
impl PartialEq for Passphrase {
    fn eq(&self, other: &Passphrase) -> bool {
        self.same(other)
    }
}

impl Eq for Passphrase {}

impl Passphrase {
    /// A passphrase from what was typed or given; an empty one is refused.
    pub fn new(mut text: String) -> Result<Passphrase> {
        // A line read from a terminal or a file may end with its newline.
        text.truncate(text.trim_end_matches(['\n', '\r']).len());
        if text.is_empty() {
            return Err(Error::invalid("sync.passphrase_empty", &[]));
        }
        Ok(Passphrase(SecretString::from(text)))
    }

    /// The passphrase typed twice, which must be the same.
    pub fn confirmed(first: String, again: &str) -> Result<Passphrase> {
        if first.trim_end_matches(['\n', '\r']) != again.trim_end_matches(['\n', '\r']) {
            return Err(Error::invalid("sync.passphrase_mismatch", &[]));
        }
        Passphrase::new(first)
    }

    /// The passphrase's text, to offer it again (masked) or compare it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// True when both are the same passphrase.
    pub fn same(&self, other: &Passphrase) -> bool {
        self.0.expose_secret() == other.0.expose_secret()
    }
}

/// Where the passphrase comes from when a file needs one: given, or
/// asked for the first time it is needed and then kept for the run.
pub struct Source<'a> {
    asked: bool,
    got: Option<Passphrase>,
    ask: Box<dyn FnMut() -> Result<Option<Passphrase>> + 'a>,
}

impl<'a> Source<'a> {
    /// A source that asks `ask` once, when a passphrase is first needed
    /// (`None`: there is none to be had).
    pub fn asking(ask: impl FnMut() -> Result<Option<Passphrase>> + 'a) -> Source<'a> {
        Source { asked: false, got: None, ask: Box::new(ask) }
    }

    /// A source holding `passphrase` (or none), never asking.
    pub fn given(passphrase: Option<Passphrase>) -> Source<'a> {
        Source { asked: true, got: passphrase, ask: Box::new(|| Ok(None)) }
    }

    /// The passphrase, asked for now if it has not been.
    pub fn get(&mut self) -> Result<Option<&Passphrase>> {
        if !self.asked {
            self.got = (self.ask)()?;
            self.asked = true;
        }
        Ok(self.got.as_ref())
    }

    /// The passphrase to encrypt with; none is a refusal.
    pub fn required(&mut self) -> Result<&Passphrase> {
        self.get()?.ok_or_else(|| refused("sync.no_passphrase"))
    }
}

/// Open `bytes` when they are encrypted (asking `source` for the
/// passphrase); plain bytes come back as they are.
pub fn open<'b>(bytes: &'b [u8], source: &mut Source<'_>) -> Result<std::borrow::Cow<'b, [u8]>> {
    if !is_encrypted(bytes) {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let Some(passphrase) = source.get()? else { return Err(refused("sync.encrypted")) };
    decrypt(bytes, passphrase).map(std::borrow::Cow::Owned)
}

/// True for an age-encrypted file, binary or armored.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    bytes.starts_with(AGE_MAGIC) || bytes[start..].starts_with(AGE_ARMOR)
}

fn refused(key: &str) -> Error {
    Error::invalid(key, &[])
}

/// Encrypt `plain` with `passphrase` at [`WORK_FACTOR`].
pub fn encrypt(plain: &[u8], passphrase: &Passphrase) -> Result<Vec<u8>> {
    encrypt_with(plain, passphrase, WORK_FACTOR)
}

/// Encrypt `plain` with `passphrase` at the scrypt work factor `log_n`
/// (1..=[`MAX_WORK_FACTOR`]; tests use a small one to run fast).
pub fn encrypt_with(plain: &[u8], passphrase: &Passphrase, log_n: u8) -> Result<Vec<u8>> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.0.clone());
    recipient.set_work_factor(log_n.clamp(1, MAX_WORK_FACTOR));
    let failed = |e: &dyn std::fmt::Display| Error::Invalid(tf("sync.crypt_failed", &[("error", e)]));
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient)).map_err(|e| failed(&e))?;
    let mut out = Vec::with_capacity(plain.len() + 256);
    let mut writer = encryptor.wrap_output(&mut out).map_err(|e| failed(&e))?;
    writer.write_all(plain).map_err(|e| failed(&e))?;
    writer.finish().map_err(|e| failed(&e))?;
    Ok(out)
}

/// Decrypt an age file in memory. Each fault has its own message: a
/// passphrase that does not open it, a damaged or cut-short file, a file
/// locked with a key instead of a passphrase, or one asking too much work.
pub fn decrypt(bytes: &[u8], passphrase: &Passphrase) -> Result<Vec<u8>> {
    use age::DecryptError as D;
    let reader = age::armor::ArmoredReader::new(bytes);
    let decryptor = age::Decryptor::new(reader).map_err(|e| match e {
        // A binary file that starts as age v1 and does not read as v1 is
        // damaged; an armored one may hold a newer version.
        D::UnknownFormat if !bytes.starts_with(b"age-encryption.org/v1\n") => refused("sync.crypt_unknown"),
        _ => refused("sync.crypt_header"),
    })?;
    if !decryptor.is_scrypt() {
        return Err(refused("sync.crypt_not_passphrase"));
    }
    let mut identity = age::scrypt::Identity::new(passphrase.0.clone());
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let mut stream = decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)).map_err(|e| match e {
        D::DecryptionFailed | D::KeyDecryptionFailed | D::NoMatchingKeys => refused("sync.wrong_passphrase"),
        D::ExcessiveWork { required, .. } => {
            Error::invalid("sync.crypt_work", &[("required", &required), ("max", &MAX_WORK_FACTOR)])
        }
        _ => refused("sync.crypt_header"),
    })?;
    let mut plain = Vec::with_capacity(bytes.len());
    stream.read_to_end(&mut plain).map_err(|_| refused("sync.crypt_damaged"))?;
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(s: &str) -> Passphrase {
        Passphrase::new(s.to_string()).unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn a_round_trip_gives_the_bytes_back_and_a_wrong_passphrase_is_named() {
        let plain = "客户 notes\n".repeat(100);
        let sealed = encrypt_with(plain.as_bytes(), &pass("甲乙 secret"), 4).unwrap_or_default();
        assert!(is_encrypted(&sealed));
        assert!(!sealed.windows(6).any(|w| w == "客户".as_bytes()), "the plain text shows through");
        assert_eq!(decrypt(&sealed, &pass("甲乙 secret")).ok(), Some(plain.into_bytes()));
        let wrong = decrypt(&sealed, &pass("甲乙 secreT")).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(wrong, crate::i18n::t("sync.wrong_passphrase"));
    }

    #[test]
    fn empty_and_mismatched_passphrases_are_refused() {
        assert!(Passphrase::new("\n".into()).is_err());
        assert!(Passphrase::confirmed("abc".into(), "abd").is_err());
        assert!(Passphrase::confirmed("abc\n".into(), "abc").is_ok_and(|p| p.same(&pass("abc"))));
        assert_eq!(format!("{:?}", pass("hunter2")), "Passphrase(***)");
    }

    #[test]
    fn armored_files_are_recognised_too() {
        assert!(is_encrypted(b"\n-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n"));
        assert!(!is_encrypted(b"{\"magic\":\"repbook-changes\"}"));
    }
}
