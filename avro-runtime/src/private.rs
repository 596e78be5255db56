//! Helpers that only generated code (avro-build) and derived code (`#[derive(AvroSchema)]`)
//! call. Not part of the documented API: their signatures follow what the code generators
//! need and may change with them.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

use crate::avro_type::{DecimalValue, Logical};
use crate::encode::Sink;
use crate::error::{Error, Result};
use crate::schema::Schema;
use crate::{Encode, Reader};

pub use crate::{reserve_entries, reserve_items};

/// `.in_field("name")` on a decoding result adds the record field's name to the path of its
/// error: how a decoder says which field failed (one generic method for every field, where a
/// closure per field would be a function each to compile). Decoders import it as `_`.
pub trait InField {
    /// `self`, with `field` prepended to the error's path.
    fn in_field(self, field: &'static str) -> Self;
}

impl<T> InField for Result<T> {
    #[inline(always)]
    fn in_field(self, field: &'static str) -> Self {
        match self {
            Ok(value) => Ok(value),
            Err(e) => Err(e.in_field(field)),
        }
    }
}

/// A map type a decoder builds entry by entry: the decoder names no map type, the field's
/// type decides (`HashMap` with any hasher, `BTreeMap`).
pub trait DecodeMap<K, V>: Default {
    /// Makes room for a block of `len` entries being decoded (a bounded part of them).
    fn reserve_entries(&mut self, len: usize);

    /// Inserts an entry; a repeated key replaces the earlier value (as in every Avro reader).
    fn insert_entry(&mut self, key: K, value: V);
}

impl<K: Eq + Hash, V, S: BuildHasher + Default> DecodeMap<K, V> for HashMap<K, V, S> {
    #[inline]
    fn reserve_entries(&mut self, len: usize) {
        reserve_entries(self, len);
    }

    #[inline]
    fn insert_entry(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
}

impl<K: Ord, V> DecodeMap<K, V> for BTreeMap<K, V> {
    #[inline]
    fn reserve_entries(&mut self, _len: usize) {}

    #[inline]
    fn insert_entry(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
}

#[cfg(feature = "indexmap")]
impl<K: Eq + Hash, V, S: BuildHasher + Default> DecodeMap<K, V> for indexmap::IndexMap<K, V, S> {
    #[inline]
    fn reserve_entries(&mut self, len: usize) {
        // At most 1 KiB of entries up front, as for `HashMap`.
        const UPFRONT_BYTES: usize = 1024;
        let fit = UPFRONT_BYTES / std::mem::size_of::<(K, V)>().max(1);
        self.reserve(len.min(fit.max(1)));
    }

    #[inline]
    fn insert_entry(&mut self, key: K, value: V) {
        // A repeated key keeps its first position (and the last value), as `insert` does.
        self.insert(key, value);
    }
}

/// The least number of bytes a datum of `schema` takes, for the sanity check of array block
/// counts against the remaining input ([`Reader::read_block_len`]). References (recursion)
/// count as 0, which only weakens the check.
pub const fn min_size(schema: &Schema) -> usize {
    match schema {
        Schema::Null | Schema::Ref(_) => 0,
        Schema::Boolean
        | Schema::Int
        | Schema::Long
        | Schema::Bytes
        | Schema::String
        | Schema::Array(_)
        | Schema::Map(_)
        | Schema::Union(_)
        | Schema::Enum(_) => 1,
        Schema::Float => 4,
        Schema::Double => 8,
        Schema::Fixed(f) => f.size,
        Schema::Annotated(a) => min_size(a.base),
        Schema::Record(r) => {
            let mut total = 0;
            let mut i = 0;
            while i < r.fields.len() {
                total += min_size(r.fields[i].schema);
                i += 1;
            }
            total
        }
    }
}

/// Writes `bytes` as a `fixed` of `size` bytes (`#[avro(fixed = N)]` on a byte vector or
/// slice); fails when the length differs, as a `fixed` cannot hold more or fewer bytes.
#[inline]
pub fn encode_fixed_bytes(sink: &mut Sink<'_>, bytes: &[u8], size: usize) -> Result<()> {
    if bytes.len() == size {
        sink.fixed(bytes);
        Ok(())
    } else {
        Err(fixed_size_mismatch(bytes.len(), size))
    }
}

#[cold]
#[inline(never)]
fn fixed_size_mismatch(len: usize, size: usize) -> Error {
    Error::custom(format!(
        "a fixed of {size} bytes cannot hold a value of {len} bytes"
    ))
}

/// A value written through `Logical<K>` (so it can be encoded on its own).
struct AsLogical<'v, K, T>(&'v T, std::marker::PhantomData<K>);

impl<K, T: Logical<K>> Encode for AsLogical<'_, K, T> {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        Sink::append(out, self)
    }

    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        self.0.encode_to(sink)
    }
}

/// The Avro encoding of `value` as the logical type `K`: what the conversions of a logical
/// value into another representation (Avro JSON, apache-avro values) start from, so that
/// every Rust type of a logical type converts through its one codec.
pub fn logical_encoding<K, T: Logical<K>>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    Sink::append(&mut out, &AsLogical(value, std::marker::PhantomData))?;
    Ok(out)
}

/// Reads `bytes`, the Avro encoding of a logical type `K`, as `T`; all of them.
pub fn from_logical_encoding<K, T: Logical<K>>(bytes: &[u8]) -> Result<T> {
    let mut reader = Reader::new(bytes);
    let value = T::decode(&mut reader)?;
    reader.finish()?;
    Ok(value)
}

/// A decimal written through `DecimalValue` (so it can be encoded on its own).
struct AsDecimal<'v, T> {
    value: &'v T,
    scale: u32,
    fixed: Option<usize>,
}

impl<T: DecimalValue> Encode for AsDecimal<'_, T> {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        Sink::append(out, self)
    }

    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        match self.fixed {
            Some(size) => self.value.encode_fixed(sink, self.scale, size),
            None => self.value.encode_bytes(sink, self.scale),
        }
    }
}

/// The Avro encoding of a decimal of `scale` (on a fixed of `fixed` bytes, else on bytes).
pub fn decimal_encoding<T: DecimalValue>(
    value: &T,
    scale: u32,
    fixed: Option<usize>,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    Sink::append(
        &mut out,
        &AsDecimal {
            value,
            scale,
            fixed,
        },
    )?;
    Ok(out)
}

/// Reads `bytes`, the Avro encoding of a decimal of `scale` (on a fixed of `fixed` bytes, else
/// on bytes), as `T`; all of them.
pub fn from_decimal_encoding<T: DecimalValue>(
    bytes: &[u8],
    scale: u32,
    fixed: Option<usize>,
) -> Result<T> {
    let mut reader = Reader::new(bytes);
    let value = match fixed {
        Some(size) => T::decode_fixed(&mut reader, scale, size)?,
        None => T::decode_bytes(&mut reader, scale)?,
    };
    reader.finish()?;
    Ok(value)
}

/// Conversions of logical values into apache-avro's `Value` (`Config::apache_avro_values`),
/// through each type's binary codec.
#[cfg(feature = "apache-avro")]
pub mod apache {
    use apache_avro::types::Value;

    use super::{decimal_encoding, logical_encoding};
    use crate::avro_type::{kind, DecimalValue, Logical};
    use crate::{Error, Reader, Result};

    /// The `int` of a logical type on `int`.
    pub fn logical_int<K, T: Logical<K>>(value: &T) -> Result<i32> {
        Reader::new(&logical_encoding(value)?).read_int()
    }

    /// The `long` of a logical type on `long`.
    pub fn logical_long<K, T: Logical<K>>(value: &T) -> Result<i64> {
        Reader::new(&logical_encoding(value)?).read_long()
    }

    /// A `uuid` on `string`, held by any type.
    pub fn uuid_string<T: Logical<kind::Uuid>>(value: &T) -> Result<Value> {
        let bytes = logical_encoding(value)?;
        uuid_from_str(Reader::new(&bytes).read_str()?)
    }

    /// A `uuid` on `fixed(16)`, held by any type.
    pub fn uuid_fixed<T: Logical<kind::UuidFixed>>(value: &T) -> Result<Value> {
        let bytes = logical_encoding(value)?;
        Ok(uuid_from_bytes(&Reader::new(&bytes).read_fixed::<16>()?))
    }

    /// A uuid held as text (uuid on string without the `uuid` mapping).
    pub fn uuid_from_str(text: &str) -> Result<Value> {
        uuid::Uuid::parse_str(text)
            .map(Value::Uuid)
            .map_err(|e| Error::custom(format!("invalid uuid {text:?}: {e}")))
    }

    /// A uuid held as its 16 bytes (uuid on fixed without the `uuid` mapping).
    pub fn uuid_from_bytes(bytes: &[u8; 16]) -> Value {
        Value::Uuid(uuid::Uuid::from_bytes(*bytes))
    }

    /// A `duration`, held by any type.
    pub fn duration<T: Logical<kind::Duration>>(value: &T) -> Result<Value> {
        use apache_avro::{Days, Millis, Months};
        let bytes = logical_encoding(value)?;
        let d = crate::Duration::from_bytes(Reader::new(&bytes).read_fixed::<12>()?);
        Ok(Value::Duration(apache_avro::Duration::new(
            Months::new(d.months),
            Days::new(d.days),
            Millis::new(d.millis),
        )))
    }

    /// A `decimal` of `scale` (on a fixed of `fixed` bytes, else on bytes), held by any type.
    pub fn decimal<T: DecimalValue>(value: &T, scale: u32, fixed: Option<usize>) -> Result<Value> {
        let encoded = decimal_encoding(value, scale, fixed)?;
        let unscaled = match fixed {
            Some(_) => encoded,
            None => Reader::new(&encoded).read_byte_vec()?,
        };
        Ok(Value::Decimal(apache_avro::Decimal::from(unscaled)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::avro_type::kind;
    use crate::schema::{Field, Name, Record};

    #[test]
    fn min_sizes() {
        const POINT: &Schema = &Schema::Record(&Record {
            name: Name::new("P", None),
            fields: &[
                Field::new("x", &Schema::Double),
                Field::new("id", <[u8; 3] as crate::AvroType>::SCHEMA),
            ],
            attributes: &[],
        });
        assert_eq!(min_size(POINT), 11);
        assert_eq!(min_size(&Schema::Null), 0);
        assert_eq!(min_size(&Schema::Ref("P")), 0);
        assert_eq!(
            min_size(<crate::TimestampMillis as crate::AvroType>::SCHEMA),
            1
        );
        assert_eq!(min_size(<crate::Duration as crate::AvroType>::SCHEMA), 12);
    }

    #[test]
    fn fixed_bytes_must_have_the_size() {
        let mut out = Vec::new();
        let mut sink = Sink::new(&mut out, 0);
        encode_fixed_bytes(&mut sink, b"abcd", 4).unwrap();
        let err = encode_fixed_bytes(&mut sink, b"abc", 4).unwrap_err();
        sink.finish();
        assert_eq!(out, b"abcd");
        assert_eq!(
            err.to_string(),
            "a fixed of 4 bytes cannot hold a value of 3 bytes"
        );
    }

    #[test]
    fn logical_and_decimal_encodings_round_trip() {
        let bytes =
            logical_encoding::<kind::TimestampMillis, _>(&crate::TimestampMillis(-3)).unwrap();
        assert_eq!(bytes, [5]);
        assert_eq!(
            from_logical_encoding::<kind::TimestampMillis, i64>(&bytes).unwrap(),
            -3
        );
        assert!(from_logical_encoding::<kind::TimestampMillis, i64>(&[5, 0]).is_err());
        let d = crate::Decimal::from_i128(-12_345, 2);
        let fixed = decimal_encoding(&d, 2, Some(8)).unwrap();
        assert_eq!(fixed.len(), 8);
        assert_eq!(
            from_decimal_encoding::<crate::Decimal>(&fixed, 2, Some(8)).unwrap(),
            d
        );
        let bytes = decimal_encoding(&d, 2, None).unwrap();
        assert_eq!(
            from_decimal_encoding::<crate::Decimal>(&bytes, 2, None).unwrap(),
            d
        );
        assert!(decimal_encoding(&d, 3, None).is_err());
    }

    #[test]
    fn maps_decode_into_any_map_type() {
        fn fill<M: DecodeMap<String, i32>>() -> M {
            let mut map = M::default();
            map.reserve_entries(2);
            map.insert_entry("a".into(), 1);
            map.insert_entry("a".into(), 2);
            map
        }
        assert_eq!(fill::<BTreeMap<_, _>>(), BTreeMap::from([("a".into(), 2)]));
        assert_eq!(fill::<HashMap<_, _>>(), HashMap::from([("a".into(), 2)]));
    }

    #[test]
    fn field_names_join_the_error_path() {
        let err = Result::<()>::Err(Error::custom("bad"))
            .in_field("x")
            .unwrap_err();
        assert_eq!(err.field_path(), "x");
        assert_eq!(Ok(1).in_field("x").unwrap(), 1);
    }
}
