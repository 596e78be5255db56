//! Schema fingerprints as `const fn`s: CRC-64-AVRO ("Rabin"), MD5 and SHA-256 over the bytes of
//! a Parsing Canonical Form. Plain loops over integers, so the compiler's const evaluator runs
//! them for `AvroSchema` constants; the same functions work at run time.
//!
//! The const evaluator interprets every function call, and calls cost far more than the
//! arithmetic: the rounds use the macros below (plain shifts, and sums in `u64` truncated to
//! `u32`, which cannot overflow) instead of `rotate_left`, `wrapping_add` and `from_le_bytes`.
//! That made SHA-256 of a 4 KiB canonical form about four times faster to evaluate.

/// `$x` (a `u32`) rotated left by `$n` bits, `0 < $n < 32`.
macro_rules! rotl {
    ($x:expr, $n:expr) => {
        ($x << $n) | ($x >> (32 - $n))
    };
}

/// `$x` (a `u32`) rotated right by `$n` bits; `$rest` is `32 - $n` (literals, so no
/// subtraction is evaluated).
macro_rules! rotr {
    ($x:expr, $n:literal, $rest:literal) => {
        ($x >> $n) | ($x << $rest)
    };
}

/// The sum of `u32`s modulo 2^32 (at most a few terms, so the `u64` sum cannot overflow).
macro_rules! add {
    ($first:expr $(, $x:expr)+ $(,)?) => {
        ($first as u64 $(+ $x as u64)+) as u32
    };
}

/// The specification's `EMPTY` constant: the fingerprint of no bytes, and the polynomial.
const RABIN_EMPTY: u64 = 0xc15d_213a_a4d7_a795;

/// The 256-entry table of the specification's CRC-64-AVRO algorithm. (The tables are
/// references: indexing a `const` array in a `const fn` copies the whole array first.)
const RABIN_TABLE: &[u64; 256] = &{
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let mut fp = i as u64;
        let mut bit = 0;
        while bit < 8 {
            fp = (fp >> 1) ^ (RABIN_EMPTY & (fp & 1).wrapping_neg());
            bit += 1;
        }
        table[i] = fp;
        i += 1;
    }
    table
};

/// CRC-64-AVRO (the specification's "Rabin" fingerprint) of `bytes`, as used by single-object
/// encoding (written little-endian there). Java prints it as a signed `long`: `rabin(b) as i64`.
pub const fn rabin(bytes: &[u8]) -> u64 {
    // A local reference: the const evaluator looks a `const` up anew at every use.
    let table = RABIN_TABLE;
    let mut fp = RABIN_EMPTY;
    let mut i = 0;
    while i < bytes.len() {
        fp = (fp >> 8) ^ table[((fp ^ bytes[i] as u64) & 0xff) as usize];
        i += 1;
    }
    fp
}

/// The last one or two 64-byte blocks of a Merkle–Damgård hash: the bytes after the last whole
/// block, the `0x80` marker, zeros, and the message length in bits (8 bytes, little-endian for
/// MD5, big-endian for SHA-256). Returns the blocks and how many of them (1 or 2) are used.
const fn final_blocks(bytes: &[u8], little_endian_length: bool) -> ([u8; 128], usize) {
    let whole = bytes.len() / 64 * 64;
    let rest = bytes.len() - whole;
    let mut tail = [0u8; 128];
    let mut i = 0;
    while i < rest {
        tail[i] = bytes[whole + i];
        i += 1;
    }
    tail[rest] = 0x80;
    // The length needs 8 bytes after the marker: a second block when fewer are left.
    let used = if rest < 56 { 64 } else { 128 };
    let bits = (bytes.len() as u64).wrapping_mul(8);
    let length = if little_endian_length {
        bits.to_le_bytes()
    } else {
        bits.to_be_bytes()
    };
    let mut j = 0;
    while j < 8 {
        tail[used - 8 + j] = length[j];
        j += 1;
    }
    (tail, used / 64)
}

/// MD5 per-round additive constants (RFC 1321, `floor(abs(sin(i + 1)) * 2^32)`).
const MD5_K: &[u32; 64] = &[
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

/// MD5 per-round left rotations, four per round group (RFC 1321).
const MD5_SHIFTS: &[u32; 16] = &[7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/// One MD5 compression of the 64-byte block at `block[offset..]`.
// `rotl!` is a rotation written out on purpose: see the module documentation.
#[allow(clippy::manual_rotate)]
const fn md5_block(state: [u32; 4], block: &[u8], offset: usize) -> [u32; 4] {
    let mut words = [0u32; 16];
    let mut w = 0;
    while w < 16 {
        let at = offset + w * 4;
        words[w] = block[at] as u32
            | (block[at + 1] as u32) << 8
            | (block[at + 2] as u32) << 16
            | (block[at + 3] as u32) << 24;
        w += 1;
    }
    let (constants, shifts) = (MD5_K, MD5_SHIFTS);
    let [mut a, mut b, mut c, mut d] = state;
    let mut i = 0;
    while i < 64 {
        let (f, g) = match i >> 4 {
            0 => ((b & c) | (!b & d), i),
            1 => ((d & b) | (!d & c), (5 * i + 1) & 15),
            2 => (b ^ c ^ d, (3 * i + 5) & 15),
            _ => (c ^ (b | !d), (7 * i) & 15),
        };
        let f = add!(f, a, constants[i], words[g]);
        a = d;
        d = c;
        c = b;
        b = add!(b, rotl!(f, shifts[((i >> 4) << 2) | (i & 3)]));
        i += 1;
    }
    [
        add!(state[0], a),
        add!(state[1], b),
        add!(state[2], c),
        add!(state[3], d),
    ]
}

/// MD5 digest of `bytes` (RFC 1321), the specification's 128-bit schema fingerprint.
pub const fn md5(bytes: &[u8]) -> [u8; 16] {
    let mut state = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    let mut offset = 0;
    while offset + 64 <= bytes.len() {
        state = md5_block(state, bytes, offset);
        offset += 64;
    }
    let (tail, blocks) = final_blocks(bytes, true);
    let mut block = 0;
    while block < blocks {
        state = md5_block(state, &tail, block * 64);
        block += 1;
    }
    let mut out = [0u8; 16];
    let mut i = 0;
    while i < 4 {
        let word = state[i].to_le_bytes();
        let mut j = 0;
        while j < 4 {
            out[i * 4 + j] = word[j];
            j += 1;
        }
        i += 1;
    }
    out
}

/// SHA-256 round constants (FIPS 180-4, section 4.2.2).
const SHA256_K: &[u32; 64] = &[
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// One SHA-256 compression of the 64-byte block at `block[offset..]`.
const fn sha256_block(state: [u32; 8], block: &[u8], offset: usize) -> [u32; 8] {
    let mut w = [0u32; 64];
    let mut t = 0;
    while t < 16 {
        let at = offset + t * 4;
        w[t] = (block[at] as u32) << 24
            | (block[at + 1] as u32) << 16
            | (block[at + 2] as u32) << 8
            | block[at + 3] as u32;
        t += 1;
    }
    while t < 64 {
        let (w15, w2) = (w[t - 15], w[t - 2]);
        let s0 = rotr!(w15, 7, 25) ^ rotr!(w15, 18, 14) ^ (w15 >> 3);
        let s1 = rotr!(w2, 17, 15) ^ rotr!(w2, 19, 13) ^ (w2 >> 10);
        w[t] = add!(w[t - 16], s0, w[t - 7], s1);
        t += 1;
    }
    let constants = SHA256_K;
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = state;
    let mut i = 0;
    while i < 64 {
        let s1 = rotr!(e, 6, 26) ^ rotr!(e, 11, 21) ^ rotr!(e, 25, 7);
        let choice = (e & f) ^ (!e & g);
        let t1 = add!(h, s1, choice, constants[i], w[i]);
        let s0 = rotr!(a, 2, 30) ^ rotr!(a, 13, 19) ^ rotr!(a, 22, 10);
        let majority = (a & b) ^ (a & c) ^ (b & c);
        h = g;
        g = f;
        f = e;
        e = add!(d, t1);
        d = c;
        c = b;
        b = a;
        a = add!(t1, s0, majority);
        i += 1;
    }
    let mut out = state;
    let rounds = [a, b, c, d, e, f, g, h];
    let mut k = 0;
    while k < 8 {
        out[k] = add!(out[k], rounds[k]);
        k += 1;
    }
    out
}

/// SHA-256 digest of `bytes` (FIPS 180-4), the specification's 256-bit schema fingerprint.
pub const fn sha256(bytes: &[u8]) -> [u8; 32] {
    let mut state = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut offset = 0;
    while offset + 64 <= bytes.len() {
        state = sha256_block(state, bytes, offset);
        offset += 64;
    }
    let (tail, blocks) = final_blocks(bytes, false);
    let mut block = 0;
    while block < blocks {
        state = sha256_block(state, &tail, block * 64);
        block += 1;
    }
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 8 {
        let word = state[i].to_be_bytes();
        let mut j = 0;
        while j < 4 {
            out[i * 4 + j] = word[j];
            j += 1;
        }
        i += 1;
    }
    out
}
