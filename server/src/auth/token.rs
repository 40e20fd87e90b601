//! Bearer tokens: 32 random bytes (256 bits), base64url without padding on the
//! wire. The database holds only their SHA-256: a leaked copy of it signs
//! nobody in, and a fast hash is enough because the token is not guessable
//! (unlike a password, it needs no slow KDF).

use base64ct::{Base64UrlUnpadded, Encoding};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// A token to hand out once, and what to store for it.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub token: String,
    pub hash: String,
}

/// A fresh token, or the OS's error if it has no randomness to give.
pub fn new_token() -> Result<NewToken, rand_core::Error> {
    let mut bytes = [0u8; 32];
    OsRng.try_fill_bytes(&mut bytes)?;
    let token = Base64UrlUnpadded::encode_string(&bytes);
    let hash = hash_token(&token);
    Ok(NewToken { token, hash })
}

/// The stored form of a token: SHA-256, lowercase hex.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let a = new_token().expect("randomness");
        let b = new_token().expect("randomness");
        assert_eq!(a.token.len(), 43, "32 bytes, base64url, no padding");
        assert!(a
            .token
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_ne!(a.token, b.token);
        assert_eq!(a.hash, hash_token(&a.token));
        assert_eq!(a.hash.len(), 64);
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
