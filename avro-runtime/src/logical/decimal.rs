//! Avro `decimal` on `bytes` or `fixed`: the runtime [`Decimal`] type and its encoding.

use std::fmt;
use std::hash::{Hash, Hasher};

use crate::encode;
use crate::error::{Error, ErrorKind, Result};
use crate::reader::Reader;

/// An arbitrary-precision decimal as Avro stores it: an unscaled integer in big-endian two's
/// complement, and a scale (the value is `unscaled × 10^-scale`).
///
/// The bytes are kept exactly as given or decoded, so re-encoding reproduces the input, but
/// equality and hashing compare the numeric unscaled value and the scale: `00 01` equals `01`,
/// while `1.0` (scale 1) and `1.00` (scale 2) differ, as the scale is part of an Avro decimal
/// schema. The empty byte string is read as zero.
#[derive(Clone)]
pub struct Decimal {
    unscaled: Vec<u8>,
    scale: u32,
}

/// Strips redundant sign-extension bytes (zero becomes the empty slice).
#[inline]
fn minimal(mut b: &[u8]) -> &[u8] {
    while let [first, second, ..] = *b {
        let redundant =
            (first == 0x00 && second & 0x80 == 0) || (first == 0xff && second & 0x80 != 0);
        if !redundant {
            break;
        }
        b = &b[1..];
    }
    if b == [0] {
        &[]
    } else {
        b
    }
}

#[inline]
fn negative(b: &[u8]) -> bool {
    b.first().is_some_and(|&x| x & 0x80 != 0)
}

/// The unscaled value of big-endian two's-complement bytes, when it fits in `i128`.
#[allow(dead_code)] // used by the rust_decimal feature
pub(crate) fn bytes_to_i128(b: &[u8]) -> Option<i128> {
    let m = minimal(b);
    if m.len() > 16 {
        return None;
    }
    let mut buf = if negative(b) { [0xff; 16] } else { [0; 16] };
    buf[16 - m.len()..].copy_from_slice(m);
    Some(i128::from_be_bytes(buf))
}

/// Minimal big-endian two's-complement bytes of `v`: at least one byte, `[0]` for zero.
pub(crate) fn i128_to_bytes(v: i128) -> ([u8; 16], usize) {
    let b = v.to_be_bytes();
    let len = minimal(&b).len().max(1);
    (b, 16 - len)
}

/// Minimal big-endian two's-complement bytes of `m × 10^exp`, of any size.
#[allow(dead_code)] // used by the rust_decimal feature
pub(crate) fn scaled_i128_bytes(m: i128, exp: u32) -> Vec<u8> {
    if let Some(v) = 10i128.checked_pow(exp).and_then(|p| m.checked_mul(p)) {
        let (b, start) = i128_to_bytes(v);
        return b[start..].to_vec();
    }
    // Magnitude as little-endian u32 limbs, multiplied by 10^exp in steps of at most 10^9.
    let mag = m.unsigned_abs();
    let mut limbs: Vec<u32> = (0..4).map(|i| (mag >> (32 * i)) as u32).collect();
    let mut left = exp;
    while left > 0 {
        let step = left.min(9);
        left -= step;
        let factor = 10u64.pow(step);
        let mut carry = 0u64;
        for limb in limbs.iter_mut() {
            let cur = u64::from(*limb) * factor + carry;
            *limb = cur as u32;
            carry = cur >> 32;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
    }
    // Big-endian bytes with a leading zero byte for the sign, negated when `m < 0`.
    let mut bytes = Vec::with_capacity(limbs.len() * 4 + 1);
    bytes.push(0u8);
    for limb in limbs.iter().rev() {
        bytes.extend_from_slice(&limb.to_be_bytes());
    }
    if m < 0 {
        for b in bytes.iter_mut() {
            *b = !*b;
        }
        for b in bytes.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
    }
    let start = bytes.len() - minimal(&bytes).len().max(1);
    bytes.drain(..start);
    bytes
}

/// Appends the unscaled bytes `b` as a `fixed` of `size` bytes, sign-extended or with redundant
/// sign bytes dropped; [`ErrorKind::DecimalOverflow`] when the value needs more than `size` bytes.
pub(crate) fn write_fixed(out: &mut Vec<u8>, b: &[u8], size: usize) -> Result<()> {
    let m = minimal(b);
    if m.len() > size {
        return Err(Error::new(ErrorKind::DecimalOverflow { size }, None));
    }
    let fill = if negative(b) { 0xff } else { 0x00 };
    out.reserve(size);
    out.resize(out.len() + (size - m.len()), fill);
    out.extend_from_slice(m);
    Ok(())
}

impl Decimal {
    /// A decimal from its unscaled big-endian two's-complement bytes (kept as given) and scale.
    #[inline]
    pub fn from_unscaled_bytes(bytes: Vec<u8>, scale: u32) -> Self {
        Decimal {
            unscaled: bytes,
            scale,
        }
    }

    /// A decimal from its unscaled value and scale, stored in the fewest bytes (one for zero).
    pub fn from_i128(unscaled: i128, scale: u32) -> Self {
        let (b, start) = i128_to_bytes(unscaled);
        Decimal {
            unscaled: b[start..].to_vec(),
            scale,
        }
    }

    /// The unscaled value as big-endian two's-complement bytes, exactly as given or decoded.
    #[inline]
    pub fn unscaled_bytes(&self) -> &[u8] {
        &self.unscaled
    }

    /// Takes the unscaled big-endian two's-complement bytes.
    #[inline]
    pub fn into_unscaled_bytes(self) -> Vec<u8> {
        self.unscaled
    }

    /// The scale: the number of digits after the decimal point.
    #[inline]
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// The unscaled value, when it fits in `i128`.
    pub fn to_i128(&self) -> Option<i128> {
        bytes_to_i128(&self.unscaled)
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        minimal(&self.unscaled).is_empty()
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        negative(&self.unscaled)
    }

    /// Decimal digits of the absolute unscaled value (no sign, no point), `"0"` for zero.
    fn magnitude_digits(&self) -> String {
        let mut mag: Vec<u8> = minimal(&self.unscaled).to_vec();
        if self.is_negative() {
            // Two's-complement negation: invert, add one. A leading 0x80.. value needs one more
            // byte to be positive, so widen first.
            mag.insert(0, 0xff);
            for b in mag.iter_mut() {
                *b = !*b;
            }
            for b in mag.iter_mut().rev() {
                let (v, carry) = b.overflowing_add(1);
                *b = v;
                if !carry {
                    break;
                }
            }
        }
        const CHUNK: u64 = 1_000_000_000;
        let mut chunks: Vec<u32> = Vec::new();
        let mut start = mag.iter().position(|&b| b != 0).unwrap_or(mag.len());
        while start < mag.len() {
            let mut rem = 0u64;
            for b in &mut mag[start..] {
                let cur = (rem << 8) | u64::from(*b);
                *b = (cur / CHUNK) as u8;
                rem = cur % CHUNK;
            }
            chunks.push(rem as u32);
            while start < mag.len() && mag[start] == 0 {
                start += 1;
            }
        }
        let mut s = String::with_capacity(chunks.len() * 9);
        match chunks.split_last() {
            None => s.push('0'),
            Some((last, rest)) => {
                s.push_str(&last.to_string());
                for c in rest.iter().rev() {
                    s.push_str(&format!("{c:09}"));
                }
            }
        }
        s
    }
}

impl Default for Decimal {
    /// Zero with scale 0.
    fn default() -> Self {
        Decimal::from_i128(0, 0)
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        // Minimal forms keep the sign bit, so equal minimal bytes mean equal values.
        self.scale == other.scale && minimal(&self.unscaled) == minimal(&other.unscaled)
    }
}

impl Eq for Decimal {}

impl Hash for Decimal {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.scale.hash(state);
        minimal(&self.unscaled).hash(state);
    }
}

impl fmt::Display for Decimal {
    /// The value in plain decimal notation, e.g. `-123.45` for unscaled -12345 with scale 2.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.magnitude_digits();
        let scale = self.scale as usize;
        let mut s = String::with_capacity(digits.len() + scale.min(1 << 16) + 3);
        if self.is_negative() {
            s.push('-');
        }
        if scale == 0 {
            s.push_str(&digits);
        } else if digits.len() > scale {
            let (int, frac) = digits.split_at(digits.len() - scale);
            s.push_str(int);
            s.push('.');
            s.push_str(frac);
        } else {
            s.push_str("0.");
            s.extend(std::iter::repeat_n('0', scale - digits.len()));
            s.push_str(&digits);
        }
        f.pad(&s)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decimal")
            .field("value", &format_args!("{self}"))
            .field("scale", &self.scale)
            .field("unscaled_bytes", &self.unscaled)
            .finish()
    }
}

/// [`ErrorKind::DecimalScaleMismatch`] unless a value's scale equals the schema's.
#[inline]
pub(crate) fn check_scale(value: u32, schema: u32) -> Result<()> {
    if value == schema {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::DecimalScaleMismatch { value, schema },
            None,
        ))
    }
}

/// Appends `v` as a `bytes` decimal of the schema's `scale` (which `v`'s scale must equal).
#[inline]
pub(crate) fn encode_bytes(out: &mut Vec<u8>, v: &Decimal, scale: u32) -> Result<()> {
    check_scale(v.scale, scale)?;
    encode::bytes(out, &v.unscaled);
    Ok(())
}

/// Reads a `bytes` decimal of the schema's `scale`.
#[inline]
pub(crate) fn decode_bytes(r: &mut Reader<'_>, scale: u32) -> Result<Decimal> {
    Ok(Decimal::from_unscaled_bytes(r.read_byte_vec()?, scale))
}

/// Appends `v` as a `fixed` decimal of `size` bytes and the schema's `scale` (which `v`'s scale
/// must equal), sign-extending the unscaled bytes; fails with [`ErrorKind::DecimalOverflow`] when
/// the value needs more than `size` bytes.
#[inline]
pub(crate) fn encode_fixed(out: &mut Vec<u8>, v: &Decimal, scale: u32, size: usize) -> Result<()> {
    check_scale(v.scale, scale)?;
    if v.unscaled.len() == size {
        encode::fixed(out, &v.unscaled);
        Ok(())
    } else {
        write_fixed(out, &v.unscaled, size)
    }
}

/// Reads a `fixed` decimal of `size` bytes and the schema's `scale`.
#[inline]
pub(crate) fn decode_fixed(r: &mut Reader<'_>, scale: u32, size: usize) -> Result<Decimal> {
    Ok(Decimal::from_unscaled_bytes(
        r.read_fixed_slice(size)?.to_vec(),
        scale,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn d(bytes: &[u8], scale: u32) -> Decimal {
        Decimal::from_unscaled_bytes(bytes.to_vec(), scale)
    }

    fn hash(v: &Decimal) -> u64 {
        let mut h = DefaultHasher::new();
        v.hash(&mut h);
        h.finish()
    }

    #[test]
    fn from_i128_is_minimal() {
        let cases: &[(i128, &[u8])] = &[
            (0, &[0x00]),
            (1, &[0x01]),
            (-1, &[0xff]),
            (127, &[0x7f]),
            (128, &[0x00, 0x80]),
            (-128, &[0x80]),
            (-129, &[0xff, 0x7f]),
            (255, &[0x00, 0xff]),
            (256, &[0x01, 0x00]),
            (-12345, &[0xcf, 0xc7]),
        ];
        for &(v, b) in cases {
            let dec = Decimal::from_i128(v, 2);
            assert_eq!(dec.unscaled_bytes(), b, "{v}");
            assert_eq!(dec.to_i128(), Some(v));
        }
        for v in [i128::MIN, i128::MAX, i128::MIN + 1, i64::MIN as i128] {
            assert_eq!(Decimal::from_i128(v, 0).to_i128(), Some(v));
        }
        assert_eq!(Decimal::from_i128(i128::MIN, 0).unscaled_bytes().len(), 16);
    }

    #[test]
    fn equality_ignores_sign_extension() {
        assert_eq!(d(&[0x00, 0x01], 2), d(&[0x01], 2));
        assert_eq!(hash(&d(&[0x00, 0x01], 2)), hash(&d(&[0x01], 2)));
        assert_eq!(d(&[0xff, 0xff], 0), d(&[0xff], 0));
        assert_eq!(d(&[0xff, 0x80], 0), d(&[0x80], 0));
        assert_eq!(d(&[], 0), d(&[0, 0, 0], 0));
        assert_eq!(hash(&d(&[], 0)), hash(&d(&[0, 0, 0], 0)));
        assert_eq!(Decimal::default(), d(&[], 0));
        assert_ne!(d(&[0xff, 0x7f], 0), d(&[0x7f], 0));
        assert_ne!(d(&[0x00, 0x80], 0), d(&[0x80], 0));
        assert_ne!(d(&[0x01], 1), d(&[0x01], 2));
        // Bytes are kept as given.
        assert_eq!(d(&[0x00, 0x01], 2).unscaled_bytes(), &[0x00, 0x01]);
    }

    #[test]
    fn display() {
        let cases: &[(i128, u32, &str)] = &[
            (0, 0, "0"),
            (0, 2, "0.00"),
            (-12345, 2, "-123.45"),
            (12345, 2, "123.45"),
            (5, 3, "0.005"),
            (-5, 1, "-0.5"),
            (100, 2, "1.00"),
            (1_000_000_000, 0, "1000000000"),
            (1_000_000_001, 9, "1.000000001"),
            (i128::MAX, 0, "170141183460469231731687303715884105727"),
            (i128::MIN, 0, "-170141183460469231731687303715884105728"),
            (i128::MIN, 38, "-1.70141183460469231731687303715884105728"),
        ];
        for &(v, s, text) in cases {
            assert_eq!(Decimal::from_i128(v, s).to_string(), text);
        }
        assert_eq!(d(&[], 1).to_string(), "0.0");
        // 2^128, beyond i128.
        let mut b = vec![0x01];
        b.extend([0u8; 16]);
        assert_eq!(
            d(&b, 0).to_string(),
            "340282366920938463463374607431768211456"
        );
        assert_eq!(d(&b, 0).to_i128(), None);
        // -2^128
        let mut b = vec![0xff];
        b.extend([0u8; 16]);
        assert_eq!(
            d(&b, 0).to_string(),
            "-340282366920938463463374607431768211456"
        );
        assert_eq!(format!("{:>8}", Decimal::from_i128(15, 1)), "     1.5");
        assert!(format!("{:?}", Decimal::from_i128(15, 1)).contains("1.5"));
    }

    #[test]
    fn scaled_bytes_beyond_i128() {
        for (m, exp) in [
            (1i128, 0u32),
            (-1, 5),
            (12345, 38),
            (-12345, 38),
            (i128::MAX, 9),
            (i128::MIN, 20),
            (0, 100),
        ] {
            let b = scaled_i128_bytes(m, exp);
            let mut text = Decimal::from_i128(m, 0).to_string();
            if m != 0 {
                text.extend(std::iter::repeat_n('0', exp as usize));
            }
            assert_eq!(d(&b, 0).to_string(), text, "{m} {exp}");
            assert_eq!(minimal(&b).len().max(1), b.len());
        }
        assert_eq!(scaled_i128_bytes(-1, 0), [0xff]);
        assert_eq!(scaled_i128_bytes(0, 50), [0x00]);
    }

    #[test]
    fn bytes_round_trip_keeps_bytes() {
        let v = d(&[0x00, 0x00, 0x01], 2);
        let mut out = Vec::new();
        encode_bytes(&mut out, &v, 2).unwrap();
        assert_eq!(out, [0x06, 0x00, 0x00, 0x01]);
        let mut r = Reader::new(&out);
        let back = decode_bytes(&mut r, 2).unwrap();
        assert_eq!(back.unscaled_bytes(), v.unscaled_bytes());
        assert_eq!(back.scale(), 2);
        let e = encode_bytes(&mut out, &v, 3).unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::DecimalScaleMismatch {
                value: 2,
                schema: 3
            }
        );
    }

    #[test]
    fn fixed_sign_extension() {
        let mut out = Vec::new();
        encode_fixed(&mut out, &Decimal::from_i128(-2, 1), 1, 4).unwrap();
        assert_eq!(out, [0xff, 0xff, 0xff, 0xfe]);
        out.clear();
        encode_fixed(&mut out, &Decimal::from_i128(0x1234, 1), 1, 4).unwrap();
        assert_eq!(out, [0x00, 0x00, 0x12, 0x34]);
        out.clear();
        // Redundant sign bytes are dropped when the size is smaller.
        encode_fixed(&mut out, &d(&[0xff, 0xff, 0x80], 0), 0, 1).unwrap();
        assert_eq!(out, [0x80]);
        out.clear();
        encode_fixed(&mut out, &d(&[0x00, 0x00, 0x7f], 0), 0, 1).unwrap();
        assert_eq!(out, [0x7f]);
        out.clear();
        // Zero fits in a fixed of size 0.
        encode_fixed(&mut out, &Decimal::default(), 0, 0).unwrap();
        assert!(out.is_empty());
        let mut r = Reader::new(&out);
        assert!(decode_fixed(&mut r, 0, 0).unwrap().is_zero());
        // Overflow.
        for (v, size) in [(128, 1), (-129, 1), (1, 0), (i128::MAX, 15)] {
            let e = encode_fixed(&mut out, &Decimal::from_i128(v, 0), 0, size).unwrap_err();
            assert_eq!(e.kind(), &ErrorKind::DecimalOverflow { size });
        }
        assert!(encode_fixed(&mut out, &Decimal::from_i128(1, 0), 1, 4).is_err());
        // Round trip of arbitrary fixed bytes reproduces them.
        for b in [
            [0x00, 0x00, 0x00],
            [0xff, 0xff, 0xff],
            [0x00, 0x80, 0x00],
            [0xff, 0x7f, 0x01],
        ] {
            let mut r = Reader::new(&b);
            let v = decode_fixed(&mut r, 3, 3).unwrap();
            let mut out = Vec::new();
            encode_fixed(&mut out, &v, 3, 3).unwrap();
            assert_eq!(out, b);
            // And to a wider fixed, sign-extended.
            let mut wide = Vec::new();
            encode_fixed(&mut wide, &v, 3, 5).unwrap();
            let mut r = Reader::new(&wide);
            assert_eq!(decode_fixed(&mut r, 3, 5).unwrap(), v);
        }
        assert!(decode_fixed(&mut Reader::new(&[0, 0]), 0, 3).is_err());
    }
}
