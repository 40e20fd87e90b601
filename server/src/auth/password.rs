//! Passwords: argon2id with the crate's default parameters (19 MiB, 2 passes,
//! 1 lane: OWASP's minimum), stored as PHC strings that name their own
//! parameters, so stronger ones can come later without breaking old hashes.
//!
//! Hashing is slow on purpose: the async wrappers run it on tokio's blocking
//! pool so a sign-in never stalls the threads serving other requests.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand_core::{OsRng, RngCore};
use std::sync::OnceLock;

/// Letters and digits a person can read off a screen and type without doubt:
/// no 0/o, 1/l/i.
const ONE_TIME_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// 12 of 31 symbols: about 59 bits, for a password meant to be changed.
const ONE_TIME_LEN: usize = 12;

/// Why a password could not be hashed (the OS gave no randomness, or the
/// blocking task died): never the user's fault.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("no randomness from the operating system: {0}")]
    Random(String),
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("hashing task failed: {0}")]
    Task(String),
}

/// The PHC string of `password` with a fresh random salt.
pub fn hash(password: &str) -> Result<String, PasswordError> {
    let mut salt = [0u8; 16];
    OsRng
        .try_fill_bytes(&mut salt)
        .map_err(|e| PasswordError::Random(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` matches the stored `phc`. A malformed stored hash
/// matches nothing.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash of nothing anyone knows, made once: checking a password for an
/// unknown username against it costs what a real check costs, so the time
/// of the answer does not tell which usernames exist.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash(&one_time_password()).unwrap_or_default())
}

/// [`hash`] on the blocking pool.
pub async fn hash_async(password: String) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|e| PasswordError::Task(e.to_string()))?
}

/// [`verify`] on the blocking pool; with no stored hash (unknown username),
/// the same work against a dummy, and false.
pub async fn verify_async(password: String, phc: Option<String>) -> Result<bool, PasswordError> {
    tokio::task::spawn_blocking(move || match phc {
        Some(phc) => verify(&password, &phc),
        None => {
            let dummy = dummy_hash();
            if dummy.is_empty() {
                let _ = hash(&password); // the same cost, if the dummy could not be made
            } else {
                let _ = verify(&password, dummy);
            }
            false
        }
    })
    .await
    .map_err(|e| PasswordError::Task(e.to_string()))
}

/// A fresh one-time password, to be shown once to an admin and handed over.
/// Falls back to nothing weaker: if the OS has no randomness this returns an
/// error rather than a guessable password.
pub fn try_one_time_password() -> Result<String, PasswordError> {
    let mut out = String::with_capacity(ONE_TIME_LEN);
    let mut byte = [0u8; 1];
    // Rejection sampling keeps every symbol equally likely.
    let limit = (256 / ONE_TIME_ALPHABET.len() * ONE_TIME_ALPHABET.len()) as u8;
    while out.len() < ONE_TIME_LEN {
        OsRng
            .try_fill_bytes(&mut byte)
            .map_err(|e| PasswordError::Random(e.to_string()))?;
        if byte[0] < limit {
            out.push(char::from(
                ONE_TIME_ALPHABET[usize::from(byte[0]) % ONE_TIME_ALPHABET.len()],
            ));
        }
    }
    Ok(out)
}

/// For the dummy hash only (whose value nobody ever needs to know).
fn one_time_password() -> String {
    try_one_time_password().unwrap_or_else(|_| "unguessable-dummy".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash("jinguo2026").expect("hash");
        let b = hash("jinguo2026").expect("hash");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b);
        assert!(verify("jinguo2026", &a));
        assert!(!verify("jinguo2027", &a));
        assert!(!verify("jinguo2026", "not a phc string"));
    }

    #[test]
    fn one_time_passwords_are_readable_and_valid() {
        let p = try_one_time_password().expect("randomness");
        assert_eq!(p.len(), ONE_TIME_LEN);
        assert!(p.bytes().all(|b| ONE_TIME_ALPHABET.contains(&b)), "{p}");
        assert!(shared::account::check_password(&p).is_ok());
        assert_ne!(p, try_one_time_password().expect("randomness"));
    }
}
