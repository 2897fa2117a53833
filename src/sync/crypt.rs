//! Passphrase encryption of change files that travel on USB sticks and by
//! e-mail (age, scrypt recipient).

/// The first bytes of an age file.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1";

/// True for an age-encrypted file.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_MAGIC)
}
