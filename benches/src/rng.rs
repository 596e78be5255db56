//! A seeded deterministic generator (SplitMix64), so every run and every contender sees the same data.

/// SplitMix64 pseudo-random generator.
#[derive(Debug, Clone)]
pub struct Rng(u64);

const ALPHANUMERIC: &[u8; 62] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (the modulo bias is irrelevant here).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below((hi - lo + 1) as u64) as usize
    }

    /// A fair coin.
    pub fn boolean(&mut self) -> bool {
        self.next_u64() >> 63 == 1
    }

    /// Uniform in `[0, 1)`.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `[0, 1)`.
    pub fn f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u32 << 24) as f32
    }

    /// A long whose magnitude has a uniformly chosen bit length (0..=63) and a random sign, so
    /// zigzag varint lengths 1..=10 bytes all occur.
    pub fn spread_i64(&mut self) -> i64 {
        let bits = self.below(64) as u32;
        let magnitude = if bits == 0 {
            0
        } else {
            (self.next_u64() >> (64 - bits)) | (1u64 << (bits - 1))
        };
        let v = magnitude as i64; // < 2^63: fits
        if self.boolean() {
            -v
        } else {
            v
        }
    }

    /// An int whose magnitude has a uniformly chosen bit length (0..=31) and a random sign, so
    /// zigzag varint lengths 1..=5 bytes all occur.
    pub fn spread_i32(&mut self) -> i32 {
        let bits = self.below(32) as u32;
        let magnitude = if bits == 0 {
            0
        } else {
            ((self.next_u64() >> (64 - bits)) | (1u64 << (bits - 1))) as u32
        };
        let v = magnitude as i32; // < 2^31: fits
        if self.boolean() {
            -v
        } else {
            v
        }
    }

    /// An ASCII alphanumeric string of `min..=max` characters.
    pub fn ascii(&mut self, min: usize, max: usize) -> String {
        let len = self.range(min, max);
        (0..len)
            .map(|_| ALPHANUMERIC[self.below(ALPHANUMERIC.len() as u64) as usize] as char)
            .collect()
    }

    /// Random bytes, `min..=max` of them.
    pub fn bytes(&mut self, min: usize, max: usize) -> Vec<u8> {
        let len = self.range(min, max);
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn deterministic_and_spread() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        let mut lens = [0usize; 11];
        for _ in 0..10_000 {
            let v = a.spread_i64();
            let z = ((v << 1) ^ (v >> 63)) as u64;
            let len = (64 - z.leading_zeros()).div_ceil(7).max(1) as usize;
            lens[len] += 1;
        }
        assert!(lens[1..=10].iter().all(|&n| n > 100), "{lens:?}");
    }
}
