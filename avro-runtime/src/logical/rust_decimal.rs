//! Avro `decimal` as [`rust_decimal::Decimal`] (feature `rust_decimal`).
//!
//! `rust_decimal` holds a 96-bit unscaled integer and a scale of at most 28. Encoding rescales
//! a value to the schema's scale when that is exact (adding zeros, or dropping trailing zeros);
//! decoding fails when the value does not fit.

use ::rust_decimal::Decimal as RustDecimal;

use super::decimal::{bytes_to_i128, scaled_i128_bytes, write_fixed, Decimal};
use super::out_of_range;
use crate::encode;
use crate::error::{Error, ErrorKind, Result};
use crate::reader::Reader;

/// The unscaled bytes of `v` at `scale` (minimal big-endian two's complement), or
/// [`ErrorKind::DecimalScaleMismatch`] when that would need rounding.
pub(crate) fn unscaled_bytes(v: &RustDecimal, scale: u32) -> Result<Vec<u8>> {
    let m = v.mantissa();
    let s = v.scale();
    if s <= scale {
        return Ok(scaled_i128_bytes(m, scale - s));
    }
    // s <= 28, so 10^(s - scale) fits in i128.
    let p = 10i128.pow(s - scale);
    if m % p == 0 {
        Ok(scaled_i128_bytes(m / p, 0))
    } else {
        Err(Error::new(
            ErrorKind::DecimalScaleMismatch {
                value: s,
                schema: scale,
            },
            None,
        ))
    }
}

/// The `rust_decimal` value of unscaled two's-complement `bytes` at `scale` (errors have no
/// offset: binary decoders add theirs).
pub(crate) fn from_unscaled(bytes: &[u8], scale: u32) -> Result<RustDecimal> {
    if scale > RustDecimal::MAX_SCALE {
        return Err(out_of_range(format!(
            "decimal scale {scale} exceeds rust_decimal's maximum of {}",
            RustDecimal::MAX_SCALE
        )));
    }
    let too_large = || {
        out_of_range(format!(
            "decimal {} does not fit in rust_decimal's 96 bits",
            Decimal::from_unscaled_bytes(bytes.to_vec(), scale)
        ))
    };
    let m = bytes_to_i128(bytes).ok_or_else(too_large)?;
    RustDecimal::try_from_i128_with_scale(m, scale).map_err(|_| too_large())
}

/// Appends `v` as a `bytes` decimal of the schema's `scale`, rescaled exactly.
#[inline]
pub(crate) fn encode_bytes(out: &mut Vec<u8>, v: &RustDecimal, scale: u32) -> Result<()> {
    let b = unscaled_bytes(v, scale)?;
    encode::bytes(out, &b);
    Ok(())
}

/// Reads a `bytes` decimal of the schema's `scale`.
#[inline]
pub(crate) fn decode_bytes(r: &mut Reader<'_>, scale: u32) -> Result<RustDecimal> {
    let start = r.position();
    let b = r.read_bytes()?;
    from_unscaled(b, scale).map_err(|e| e.at_offset(start))
}

/// Appends `v` as a `fixed` decimal of `size` bytes and the schema's `scale`, rescaled exactly
/// and sign-extended; [`ErrorKind::DecimalOverflow`] when it needs more than `size` bytes.
#[inline]
pub(crate) fn encode_fixed(
    out: &mut Vec<u8>,
    v: &RustDecimal,
    scale: u32,
    size: usize,
) -> Result<()> {
    let b = unscaled_bytes(v, scale)?;
    write_fixed(out, &b, size)
}

/// Reads a `fixed` decimal of `size` bytes and the schema's `scale`.
#[inline]
pub(crate) fn decode_fixed(r: &mut Reader<'_>, scale: u32, size: usize) -> Result<RustDecimal> {
    let start = r.position();
    let b = r.read_fixed_slice(size)?;
    from_unscaled(b, scale).map_err(|e| e.at_offset(start))
}

impl From<RustDecimal> for Decimal {
    /// The same value and scale.
    fn from(v: RustDecimal) -> Self {
        Decimal::from_i128(v.mantissa(), v.scale())
    }
}

impl TryFrom<&Decimal> for RustDecimal {
    type Error = Error;

    /// The same value and scale; fails when the unscaled value needs more than 96 bits or the
    /// scale exceeds 28.
    fn try_from(v: &Decimal) -> Result<Self> {
        from_unscaled(v.unscaled_bytes(), v.scale())
    }
}

impl TryFrom<Decimal> for RustDecimal {
    type Error = Error;

    /// See the implementation for `&Decimal`.
    fn try_from(v: Decimal) -> Result<Self> {
        RustDecimal::try_from(&v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn rd(s: &str) -> RustDecimal {
        RustDecimal::from_str(s).unwrap()
    }

    fn enc_bytes(v: &RustDecimal, scale: u32) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        encode_bytes(&mut out, v, scale)?;
        Ok(out)
    }

    #[test]
    fn bytes_rescaling() {
        // 1.5 at scale 2 → unscaled 150 = 00 96.
        assert_eq!(enc_bytes(&rd("1.5"), 2).unwrap(), [0x04, 0x00, 0x96]);
        // 1.50 at scale 1 → 15 (exact).
        assert_eq!(enc_bytes(&rd("1.50"), 1).unwrap(), [0x02, 0x0f]);
        // 1.55 at scale 1 needs rounding.
        let e = enc_bytes(&rd("1.55"), 1).unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::DecimalScaleMismatch {
                value: 2,
                schema: 1
            }
        );
        assert_eq!(enc_bytes(&rd("-1"), 0).unwrap(), [0x02, 0xff]);
        assert_eq!(enc_bytes(&rd("0"), 5).unwrap(), [0x02, 0x00]);
        // Beyond i128 after rescaling: still exact in bytes.
        let max = RustDecimal::MAX;
        let out = enc_bytes(&max, 28).unwrap();
        let mut r = Reader::new(&out);
        let back = super::super::decimal::decode_bytes(&mut r, 28).unwrap();
        assert_eq!(back.to_string(), format!("{}.{}", max, "0".repeat(28)));
        // ... but it does not decode into rust_decimal.
        assert!(matches!(
            decode_bytes(&mut Reader::new(&out), 28).unwrap_err().kind(),
            ErrorKind::OutOfRange(_)
        ));
    }

    #[test]
    fn round_trips() {
        for (s, scale) in [
            ("123.45", 2),
            ("-123.45", 4),
            ("0", 0),
            ("79228162514264337593543950335", 0),
            ("-7.9228162514264337593543950335", 28),
        ] {
            let v = rd(s);
            let out = enc_bytes(&v, scale).unwrap();
            let back = decode_bytes(&mut Reader::new(&out), scale).unwrap();
            assert_eq!(back, v);
            assert_eq!(back.scale(), scale);
            let mut out = Vec::new();
            encode_fixed(&mut out, &v, scale, 16).unwrap();
            assert_eq!(out.len(), 16);
            let back = decode_fixed(&mut Reader::new(&out), scale, 16).unwrap();
            assert_eq!(back, v);
            let dec = Decimal::from(v);
            assert_eq!(RustDecimal::try_from(&dec).unwrap(), v);
        }
    }

    #[test]
    fn fixed_overflow_and_decode_limits() {
        let mut out = Vec::new();
        let e = encode_fixed(&mut out, &rd("1.28"), 2, 1).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::DecimalOverflow { size: 1 });
        encode_fixed(&mut out, &rd("-1.28"), 2, 1).unwrap();
        assert_eq!(out, [0x80]);
        // Scale above 28.
        let e = decode_bytes(&mut Reader::new(&[0x02, 0x01]), 29).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::OutOfRange(_)));
        assert_eq!(e.offset(), Some(0));
        // 2^96 does not fit.
        let mut b = vec![0x01];
        b.extend([0u8; 12]);
        let e = decode_fixed(&mut Reader::new(&b), 0, 13).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::OutOfRange(_)));
        // 2^96 - 1 does.
        let b = [0xffu8; 12];
        let mut wide = vec![0u8];
        wide.extend(b);
        assert_eq!(
            decode_fixed(&mut Reader::new(&wide), 0, 13).unwrap(),
            RustDecimal::MAX
        );
        assert!(RustDecimal::try_from(Decimal::from_i128(1, 29)).is_err());
    }
}
