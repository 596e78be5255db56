//! Schema fingerprints over the bytes of a Parsing Canonical Form (see [`crate::canonical`]):
//! the specification's 64-bit Rabin fingerprint (CRC-64-AVRO, used by single-object encoding),
//! MD5 and SHA-256.

use md5::Md5;
use sha2::{Digest, Sha256};

/// The specification's `EMPTY` constant: the fingerprint of no bytes, and the polynomial.
const EMPTY: u64 = 0xc15d_213a_a4d7_a795;

/// The 256-entry lookup table of the specification's algorithm, built at compile time.
const TABLE: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let mut fp = i as u64;
        let mut j = 0;
        while j < 8 {
            fp = (fp >> 1) ^ (EMPTY & (fp & 1).wrapping_neg());
            j += 1;
        }
        table[i] = fp;
        i += 1;
    }
    table
};

/// CRC-64-AVRO (the specification's "Rabin" fingerprint) of `bytes`.
///
/// Java prints these as signed `long`s; `rabin(b) as i64` gives the same number. Single-object
/// encoding writes it little-endian.
pub fn rabin(bytes: &[u8]) -> u64 {
    let mut fp = EMPTY;
    for &b in bytes {
        fp = (fp >> 8) ^ TABLE[((fp ^ u64::from(b)) & 0xff) as usize];
    }
    fp
}

/// MD5 digest of `bytes` (a 128-bit schema fingerprint).
pub fn md5(bytes: &[u8]) -> [u8; 16] {
    Md5::digest(bytes).into()
}

/// SHA-256 digest of `bytes` (a 256-bit schema fingerprint).
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn rabin_of_nothing_is_empty() {
        assert_eq!(rabin(b""), EMPTY);
    }

    #[test]
    fn rabin_matches_java_for_primitives() {
        // Values from share/test/data/schema-tests.txt.
        assert_eq!(rabin(b"\"null\"") as i64, 7195948357588979594);
        assert_eq!(rabin(b"\"int\"") as i64, 8247732601305521295);
        assert_eq!(rabin(b"\"string\"") as i64, -8142146995180207161);
    }

    #[test]
    fn digests_match_known_vectors() {
        assert_eq!(hex(&md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(hex(&md5(b"\"int\"")), "ef524ea1b91e73173d938ade36c1db32");
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
