//! Avro `duration`: a `fixed(12)` of three little-endian `u32`s.

use crate::error::Result;
use crate::reader::Reader;

/// Avro `duration`: an amount of time made of months, days and milliseconds, kept apart because
/// their lengths vary (a month is not a fixed number of days, nor a day of milliseconds across
/// daylight saving changes). Each part is an unsigned 32-bit count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Duration {
    /// Number of months.
    pub months: u32,
    /// Number of days.
    pub days: u32,
    /// Number of milliseconds.
    pub millis: u32,
}

impl Duration {
    /// Creates a duration from its three parts.
    #[inline]
    pub const fn new(months: u32, days: u32, millis: u32) -> Self {
        Duration {
            months,
            days,
            millis,
        }
    }

    /// The 12-byte `fixed` representation.
    #[inline]
    pub fn to_bytes(&self) -> [u8; 12] {
        let mut b = [0u8; 12];
        b[..4].copy_from_slice(&self.months.to_le_bytes());
        b[4..8].copy_from_slice(&self.days.to_le_bytes());
        b[8..].copy_from_slice(&self.millis.to_le_bytes());
        b
    }

    /// Reads the 12-byte `fixed` representation.
    #[inline]
    pub fn from_bytes(b: [u8; 12]) -> Self {
        let part = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        Duration {
            months: part(0),
            days: part(4),
            millis: part(8),
        }
    }
}

/// Reads a `fixed(12)` duration.
#[inline]
pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Duration> {
    r.read_fixed::<12>().map(Duration::from_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let d = Duration::new(1, 0x0203_0405, u32::MAX);
        let out = d.to_bytes();
        assert_eq!(out, [1, 0, 0, 0, 5, 4, 3, 2, 0xff, 0xff, 0xff, 0xff]);
        let mut r = Reader::new(&out);
        assert_eq!(decode(&mut r).unwrap(), d);
        r.finish().unwrap();
        for n in 0..12 {
            assert!(decode(&mut Reader::new(&out[..n])).is_err());
        }
    }
}
