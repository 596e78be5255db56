//! Avro `uuid` on `string` or `fixed(16)`, as [`uuid::Uuid`] (feature `uuid`).

use ::uuid::Uuid;

use crate::encode;
use crate::error::{Error, ErrorKind, Result};
use crate::reader::Reader;

/// Appends `v` as a `string` in the hyphenated lowercase form of RFC 4122
/// (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`).
#[inline]
pub(crate) fn encode_string(out: &mut Vec<u8>, v: &Uuid) {
    let mut buf = [0u8; ::uuid::fmt::Hyphenated::LENGTH];
    encode::string(out, v.hyphenated().encode_lower(&mut buf));
}

/// Reads a `string` UUID; fails with [`ErrorKind::InvalidUuid`] unless it is a UUID in one of
/// the forms [`Uuid::try_parse`] accepts (hyphenated, simple, braced or URN; any case).
#[inline]
pub(crate) fn decode_string(r: &mut Reader<'_>) -> Result<Uuid> {
    let start = r.position();
    let s = r.read_str()?;
    match Uuid::try_parse(s) {
        Ok(u) => Ok(u),
        Err(_) => Err(invalid(s, start)),
    }
}

#[cold]
#[inline(never)]
fn invalid(s: &str, offset: usize) -> Error {
    const MAX_CHARS: usize = 64;
    let text = if s.chars().count() > MAX_CHARS {
        let mut t: String = s.chars().take(MAX_CHARS).collect();
        t.push('…');
        t
    } else {
        s.to_owned()
    };
    Error::new(ErrorKind::InvalidUuid(text), Some(offset))
}

/// Reads a `fixed(16)` UUID.
#[inline]
pub(crate) fn decode_fixed(r: &mut Reader<'_>) -> Result<Uuid> {
    r.read_fixed::<16>().map(Uuid::from_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "550e8400-e29b-41d4-a716-446655440000";

    #[test]
    fn string_round_trip() {
        let u = Uuid::try_parse(TEXT).unwrap();
        let mut out = Vec::new();
        encode_string(&mut out, &u);
        assert_eq!(out[0], 72);
        assert_eq!(&out[1..], TEXT.as_bytes());
        let mut r = Reader::new(&out);
        assert_eq!(decode_string(&mut r).unwrap(), u);
        r.finish().unwrap();
        // Upper case is accepted.
        let mut out = Vec::new();
        encode::string(&mut out, &TEXT.to_uppercase());
        assert_eq!(decode_string(&mut Reader::new(&out)).unwrap(), u);
    }

    #[test]
    fn invalid_string() {
        let mut out = vec![0x00];
        encode::string(&mut out, "not-a-uuid");
        let mut r = Reader::new(&out);
        r.read_long().unwrap();
        let e = decode_string(&mut r).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidUuid("not-a-uuid".into()));
        assert_eq!(e.offset(), Some(1));
        let long = "x".repeat(1000);
        let mut out = Vec::new();
        encode::string(&mut out, &long);
        let e = decode_string(&mut Reader::new(&out)).unwrap_err();
        assert!(e.to_string().len() < 100);
    }

    #[test]
    fn fixed_round_trip() {
        let u = Uuid::try_parse(TEXT).unwrap();
        let out = u.as_bytes().to_vec();
        assert_eq!(out[0], 0x55);
        let mut r = Reader::new(&out);
        assert_eq!(decode_fixed(&mut r).unwrap(), u);
        r.finish().unwrap();
        assert!(decode_fixed(&mut Reader::new(&out[..15])).is_err());
    }
}
