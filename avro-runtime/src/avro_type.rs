//! Avro schemas and codecs of standard and logical Rust types: what `#[derive(AvroSchema)]`
//! reaches for a field type it does not build itself (a generic parameter, a type of another
//! crate, a logical type), and what hand-written code can use directly.
//!
//! Every type here implements [`AvroType`] (its schema node), [`Encode`] and [`Decode`], mapped
//! as avro-build maps the same Avro type, so a Rust type has the same schema whichever way it
//! entered (a generated type, a derived type, or a field of either):
//!
//! | Rust | Avro |
//! |---|---|
//! | `()` | `null` |
//! | `bool` | `boolean` |
//! | `i32`; also `i8`, `i16`, `u16` (decoding checks the range) | `int` |
//! | `i64`; also `u32` (decoding checks the range) | `long` |
//! | `f32` / `f64` | `float` / `double` |
//! | `String`, `str`, `&'a str`, `Cow<'a, str>` | `string` (`&str` and `Cow` borrow from the input) |
//! | `Vec<u8>`, `[u8]`, `&'a [u8]`, `Cow<'a, [u8]>` | `bytes` |
//! | `[u8; N]` | `{"type": "fixed", "name": "fixed_N", "namespace": "avro_runtime", "size": N}` |
//! | `Vec<T>` | `{"type": "array", "items": T}` |
//! | `HashMap<String, T>`, `BTreeMap<String, T>` | `{"type": "map", "values": T}` |
//! | `Option<T>` | `["null", T]` |
//! | `Box<T>`, `&T` | `T` |
//! | [`Date`](crate::Date), [`TimeMillis`](crate::TimeMillis), ... [`LocalTimestampNanos`](crate::LocalTimestampNanos) | `int`/`long` with their `logicalType` |
//! | [`Duration`](crate::Duration) | `{"type": "fixed", "name": "duration", "namespace": "avro_runtime", "size": 12, "logicalType": "duration"}` |
//! | `uuid::Uuid` (feature `uuid`) | `{"type": "string", "logicalType": "uuid"}` |
//! | `chrono::NaiveDate`, `time::Date` | `date` |
//! | `chrono::NaiveTime`, `time::Time` | `time-micros` |
//! | `chrono::DateTime<Utc>`, `time::OffsetDateTime` | `timestamp-micros` |
//! | `chrono::NaiveDateTime`, `time::PrimitiveDateTime` | `local-timestamp-micros` |
//!
//! The chrono and time types default to microseconds, the precision most Avro producers use;
//! a field picks another unit with `#[avro(logical = "timestamp-millis")]`, which goes through
//! [`Logical`]. Decimals have no schema without a precision and a scale, so
//! [`Decimal`](crate::Decimal) and `rust_decimal::Decimal` implement only [`DecimalValue`], used
//! by `#[avro(decimal(precision = P, scale = S))]`.
//!
//! Names of the fixed types above are derived from their whole definition (`fixed_16`,
//! `duration`, `uuid`, in the namespace [`NAMESPACE`]), so two occurrences with the same name
//! always have the same definition and one schema may hold both (the second is written as a
//! reference).
//!
//! `u8` has no Avro type of its own: `Vec<u8>` is `bytes`, never an array of `int`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use crate::encode::{self, Sink};
use crate::error::{Error, ErrorKind, Result};
use crate::schema::{Annotated, Attribute, Fixed, Name, Schema};
use crate::{reserve_items, AvroType, Decode, Encode, Reader};

// ---------------------------------------------------------------------------------------------
// Helpers shared by the impls below and by derived code.
// ---------------------------------------------------------------------------------------------

/// The `logicalType` attribute with the given JSON text (a quoted name).
const fn logical_type(json: &'static str) -> Attribute {
    Attribute {
        key: "logicalType",
        json,
    }
}

/// The namespace of the named types the runtime makes for Rust types (`avro_runtime.fixed_16`,
/// `avro_runtime.uuid`, `avro_runtime.duration`; derived decimals on fixed use it too).
///
/// Not the null namespace: a null-namespace type referenced inside a namespaced record can only
/// be written as a simple name, which apache-avro (unlike Java) resolves in the enclosing
/// namespace and fails to find. A full name resolves the same everywhere.
pub const NAMESPACE: &str = "avro_runtime";

/// A name in the runtime's [`NAMESPACE`], without aliases or doc.
const fn runtime_name(name: &'static str) -> Name {
    Name {
        name,
        namespace: Some(NAMESPACE),
        aliases: &[],
        doc: None,
    }
}

/// Capacity of [`fixed_name`]'s buffer: `fixed_` and the 20 digits of the largest `usize`.
const FIXED_NAME_CAPACITY: usize = 32;

/// `fixed_N` as bytes in a buffer, and its length: the name of the `fixed` of `[u8; N]`.
const fn fixed_name(n: usize) -> ([u8; FIXED_NAME_CAPACITY], usize) {
    let prefix = b"fixed_";
    let mut buf = [0u8; FIXED_NAME_CAPACITY];
    let mut len = 0;
    while len < prefix.len() {
        buf[len] = prefix[len];
        len += 1;
    }
    let mut digits = [0u8; 20];
    let mut count = 0;
    let mut v = n;
    loop {
        digits[count] = b'0' + (v % 10) as u8;
        count += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    while count > 0 {
        count -= 1;
        buf[len] = digits[count];
        len += 1;
    }
    (buf, len)
}

/// The name `fixed_N` as a `&'static str`, computed at compile time for each `N` (a const
/// generic cannot be turned into text by `concat!`).
struct FixedName<const N: usize>;

impl<const N: usize> FixedName<N> {
    const BUF: ([u8; FIXED_NAME_CAPACITY], usize) = fixed_name(N);
    const TEXT: &'static str = match std::str::from_utf8(Self::BUF.0.split_at(Self::BUF.1).0) {
        Ok(text) => text,
        Err(_) => panic!("fixed_N names are ASCII"),
    };
}

/// The schema of a field type, for `#[derive(AvroSchema)]`: implemented for every [`AvroType`].
///
/// Derived code takes a field's schema through this trait rather than `AvroType` itself so that
/// a field type without a schema is reported with what to do about it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no Avro schema: it does not implement `avro_runtime::AvroType`",
    label = "no Avro schema for this field type",
    note = "derive it with `#[derive(AvroSchema)]`, generate it from a schema with avro-build, or use a supported type (listed in `avro_runtime::avro_type`); a decimal needs `#[avro(decimal(precision = .., scale = ..))]`, and chrono, time and uuid types need the runtime feature of that name"
)]
pub trait FieldSchema {
    /// `<Self as AvroType>::SCHEMA`.
    const SCHEMA: &'static Schema;
}

impl<T: AvroType + ?Sized> FieldSchema for T {
    const SCHEMA: &'static Schema = T::SCHEMA;
}

/// An integer read from the input that does not fit the Rust type, at the value's offset.
#[cold]
#[inline(never)]
fn int_out_of_range(value: i64, rust: &str, offset: usize) -> Error {
    Error::new(
        ErrorKind::OutOfRange(format!("{value} does not fit in {rust}")),
        Some(offset),
    )
}

// ---------------------------------------------------------------------------------------------
// Primitives.
// ---------------------------------------------------------------------------------------------

impl AvroType for () {
    const SCHEMA: &'static Schema = &Schema::Null;
}

impl Encode for () {
    #[inline]
    fn encode(&self, _out: &mut Vec<u8>) -> Result<()> {
        Ok(())
    }

    #[inline]
    fn encode_to(&self, _sink: &mut Sink<'_>) -> Result<()> {
        Ok(())
    }
}

impl<'a> Decode<'a> for () {
    #[inline]
    fn decode(_reader: &mut Reader<'a>) -> Result<Self> {
        Ok(())
    }
}

/// `AvroType`, `Encode` and `Decode` for a primitive written by one sink method and read by one
/// reader method.
macro_rules! primitive {
    ($($ty:ty, $schema:ident, $write:ident, $read:ident, $size:expr;)*) => {$(
        impl AvroType for $ty {
            const SCHEMA: &'static Schema = &Schema::$schema;
        }

        impl Encode for $ty {
            #[inline]
            fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
                encode::$write(out, *self);
                Ok(())
            }

            #[inline]
            fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
                sink.$write(*self);
                Ok(())
            }

            #[inline]
            fn size_hint(&self) -> usize {
                $size
            }
        }

        impl<'a> Decode<'a> for $ty {
            #[inline]
            fn decode(reader: &mut Reader<'a>) -> Result<Self> {
                reader.$read()
            }
        }
    )*};
}

primitive! {
    bool, Boolean, boolean, read_boolean, 1;
    i32, Int, int, read_int, encode::MAX_INT_LEN;
    i64, Long, long, read_long, encode::MAX_LONG_LEN;
    f32, Float, float, read_float, 4;
    f64, Double, double, read_double, 8;
}

/// Narrower integers on `int` or `long`: written widened, read with a range check (a value
/// written by another type of the same schema may not fit).
macro_rules! narrow_int {
    ($($ty:ty, $wide:ty, $schema:ident, $write:ident, $read:ident, $size:expr;)*) => {$(
        impl AvroType for $ty {
            const SCHEMA: &'static Schema = &Schema::$schema;
        }

        impl Encode for $ty {
            #[inline]
            fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
                encode::$write(out, <$wide>::from(*self));
                Ok(())
            }

            #[inline]
            fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
                sink.$write(<$wide>::from(*self));
                Ok(())
            }

            #[inline]
            fn size_hint(&self) -> usize {
                $size
            }
        }

        impl<'a> Decode<'a> for $ty {
            #[inline]
            fn decode(reader: &mut Reader<'a>) -> Result<Self> {
                let start = reader.position();
                let wide = reader.$read()?;
                <$ty>::try_from(wide)
                    .map_err(|_| int_out_of_range(i64::from(wide), stringify!($ty), start))
            }
        }
    )*};
}

narrow_int! {
    i8, i32, Int, int, read_int, 2;
    i16, i32, Int, int, read_int, 3;
    u16, i32, Int, int, read_int, 3;
    u32, i64, Long, long, read_long, 5;
}

// ---------------------------------------------------------------------------------------------
// Strings and bytes, owned and borrowed.
// ---------------------------------------------------------------------------------------------

impl AvroType for str {
    const SCHEMA: &'static Schema = &Schema::String;
}

impl Encode for str {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        encode::string(out, self);
        Ok(())
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        sink.string(self);
        Ok(())
    }

    #[inline]
    fn size_hint(&self) -> usize {
        encode::MAX_LONG_LEN + self.len()
    }
}

impl AvroType for String {
    const SCHEMA: &'static Schema = &Schema::String;
}

impl Encode for String {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        self.as_str().encode(out)
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        self.as_str().encode_to(sink)
    }

    #[inline]
    fn size_hint(&self) -> usize {
        self.as_str().size_hint()
    }
}

impl<'a> Decode<'a> for String {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        reader.read_string()
    }
}

impl<'a> Decode<'a> for &'a str {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        reader.read_str()
    }
}

impl<'a> Decode<'a> for Cow<'a, str> {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        reader.read_str().map(Cow::Borrowed)
    }
}

impl AvroType for [u8] {
    const SCHEMA: &'static Schema = &Schema::Bytes;
}

impl Encode for [u8] {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        encode::bytes(out, self);
        Ok(())
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        sink.bytes(self);
        Ok(())
    }

    #[inline]
    fn size_hint(&self) -> usize {
        encode::MAX_LONG_LEN + self.len()
    }
}

// `Vec<u8>` is `bytes` while other vectors are arrays: the impls do not overlap because `u8`
// implements none of these traits (and, the traits being local, no other crate can add that).
impl AvroType for Vec<u8> {
    const SCHEMA: &'static Schema = &Schema::Bytes;
}

impl Encode for Vec<u8> {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        self.as_slice().encode(out)
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        self.as_slice().encode_to(sink)
    }

    #[inline]
    fn size_hint(&self) -> usize {
        self.as_slice().size_hint()
    }
}

impl<'a> Decode<'a> for Vec<u8> {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        reader.read_byte_vec()
    }
}

impl<'a> Decode<'a> for &'a [u8] {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        reader.read_bytes()
    }
}

impl<'a> Decode<'a> for Cow<'a, [u8]> {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        reader.read_bytes().map(Cow::Borrowed)
    }
}

impl<const N: usize> AvroType for [u8; N] {
    const SCHEMA: &'static Schema = &Schema::Fixed(&Fixed {
        name: runtime_name(FixedName::<N>::TEXT),
        size: N,
        attributes: &[],
    });
}

impl<const N: usize> Encode for [u8; N] {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        encode::fixed(out, self);
        Ok(())
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        sink.fixed(self);
        Ok(())
    }

    #[inline]
    fn size_hint(&self) -> usize {
        N
    }
}

impl<'a, const N: usize> Decode<'a> for [u8; N] {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        reader.read_fixed::<N>()
    }
}

// ---------------------------------------------------------------------------------------------
// Wrappers and containers.
// ---------------------------------------------------------------------------------------------

impl<T: AvroType + ?Sized> AvroType for &T {
    const SCHEMA: &'static Schema = T::SCHEMA;
}

impl<T: Encode + ?Sized> Encode for &T {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        (**self).encode(out)
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        (**self).encode_to(sink)
    }

    #[inline]
    fn size_hint(&self) -> usize {
        (**self).size_hint()
    }
}

impl<T: AvroType + ?Sized> AvroType for Box<T> {
    const SCHEMA: &'static Schema = T::SCHEMA;
}

impl<B: AvroType + ToOwned + ?Sized> AvroType for Cow<'_, B> {
    const SCHEMA: &'static Schema = B::SCHEMA;
}

impl<B: Encode + ToOwned + ?Sized> Encode for Cow<'_, B> {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        (**self).encode(out)
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        (**self).encode_to(sink)
    }

    #[inline]
    fn size_hint(&self) -> usize {
        (**self).size_hint()
    }
}

impl<T: AvroType> AvroType for Option<T> {
    const SCHEMA: &'static Schema = &Schema::Union(&[&Schema::Null, T::SCHEMA]);
}

impl<T: Encode> Encode for Option<T> {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        Sink::append(out, self)
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        match self {
            None => {
                sink.union_index(0);
                Ok(())
            }
            Some(v) => {
                sink.union_index(1);
                v.encode_to(sink)
            }
        }
    }

    #[inline]
    fn size_hint(&self) -> usize {
        1 + self.as_ref().map_or(0, Encode::size_hint)
    }
}

impl<'a, T: Decode<'a>> Decode<'a> for Option<T> {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        match reader.read_union_index(2)? {
            0 => Ok(None),
            _ => T::decode(reader).map(Some),
        }
    }
}

impl<T: AvroType> AvroType for Vec<T> {
    const SCHEMA: &'static Schema = &Schema::Array(T::SCHEMA);
}

impl<T: Encode> Encode for Vec<T> {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        Sink::append(out, self)
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        if !self.is_empty() {
            sink.block_len(self.len());
            for item in self {
                item.encode_to(sink)?;
            }
        }
        sink.block_end();
        Ok(())
    }

    #[inline]
    fn size_hint(&self) -> usize {
        1 + encode::MAX_LONG_LEN + self.iter().map(Encode::size_hint).sum::<usize>()
    }
}

impl<'a, T: Decode<'a> + AvroType> Decode<'a> for Vec<T> {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        let mut items = Vec::new();
        loop {
            let len = reader.read_block_len(crate::__private::min_size(T::SCHEMA))?;
            if len == 0 {
                return Ok(items);
            }
            reserve_items(&mut items, len);
            for _ in 0..len {
                items.push(T::decode(reader)?);
            }
        }
    }
}

/// Encoding of a map's entries (the same for both map types).
#[inline]
fn encode_entries<'m, T: Encode + 'm>(
    sink: &mut Sink<'_>,
    len: usize,
    entries: impl Iterator<Item = (&'m String, &'m T)>,
) -> Result<()> {
    if len != 0 {
        sink.block_len(len);
        for (key, value) in entries {
            sink.string(key);
            value.encode_to(sink)?;
        }
    }
    sink.block_end();
    Ok(())
}

/// Size bound of a map's entries.
#[inline]
fn entries_size<'m, T: Encode + 'm>(entries: impl Iterator<Item = (&'m String, &'m T)>) -> usize {
    1 + encode::MAX_LONG_LEN
        + entries
            .map(|(key, value)| encode::MAX_LONG_LEN + key.len() + value.size_hint())
            .sum::<usize>()
}

impl<T: AvroType, S> AvroType for HashMap<String, T, S> {
    const SCHEMA: &'static Schema = &Schema::Map(T::SCHEMA);
}

impl<T: Encode, S> Encode for HashMap<String, T, S> {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        Sink::append(out, self)
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        encode_entries(sink, self.len(), self.iter())
    }

    #[inline]
    fn size_hint(&self) -> usize {
        entries_size(self.iter())
    }
}

impl<'a, T: Decode<'a>, S: BuildHasher + Default> Decode<'a> for HashMap<String, T, S> {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        let mut map = HashMap::with_hasher(S::default());
        loop {
            // An entry takes at least one byte (its key's length), which bounds the count by
            // the input size but not its memory: reserve a bounded part of it.
            let len = reader.read_block_len(1)?;
            if len == 0 {
                return Ok(map);
            }
            crate::reserve_entries(&mut map, len);
            for _ in 0..len {
                let key = reader.read_string()?;
                map.insert(key, T::decode(reader)?);
            }
        }
    }
}

impl<T: AvroType> AvroType for BTreeMap<String, T> {
    const SCHEMA: &'static Schema = &Schema::Map(T::SCHEMA);
}

impl<T: Encode> Encode for BTreeMap<String, T> {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        Sink::append(out, self)
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        encode_entries(sink, self.len(), self.iter())
    }

    #[inline]
    fn size_hint(&self) -> usize {
        entries_size(self.iter())
    }
}

impl<'a, T: Decode<'a>> Decode<'a> for BTreeMap<String, T> {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        let mut map = BTreeMap::new();
        loop {
            let len = reader.read_block_len(1)?;
            if len == 0 {
                return Ok(map);
            }
            for _ in 0..len {
                let key = reader.read_string()?;
                map.insert(key, T::decode(reader)?);
            }
        }
    }
}

#[cfg(feature = "indexmap")]
impl<T: AvroType, S> AvroType for indexmap::IndexMap<String, T, S> {
    const SCHEMA: &'static Schema = &Schema::Map(T::SCHEMA);
}

/// Entries in their order: decoding then encoding keeps the writer's bytes.
#[cfg(feature = "indexmap")]
impl<T: Encode, S> Encode for indexmap::IndexMap<String, T, S> {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        Sink::append(out, self)
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        encode_entries(sink, self.len(), self.iter())
    }

    #[inline]
    fn size_hint(&self) -> usize {
        entries_size(self.iter())
    }
}

#[cfg(feature = "indexmap")]
impl<'a, T: Decode<'a>, S: BuildHasher + Default> Decode<'a> for indexmap::IndexMap<String, T, S> {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        let mut map = Self::default();
        loop {
            let len = reader.read_block_len(1)?;
            if len == 0 {
                return Ok(map);
            }
            crate::__private::DecodeMap::reserve_entries(&mut map, len);
            for _ in 0..len {
                let key = reader.read_string()?;
                map.insert(key, T::decode(reader)?);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Logical types.
// ---------------------------------------------------------------------------------------------

/// Marker types naming Avro logical types, the `K` of [`Logical<K>`].
pub mod kind {
    macro_rules! kinds {
        ($($name:ident: $doc:literal;)*) => {$(
            #[doc = $doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub struct $name;
        )*};
    }

    kinds! {
        Date: "`date` on `int`: days since 1970-01-01.";
        TimeMillis: "`time-millis` on `int`: milliseconds after midnight.";
        TimeMicros: "`time-micros` on `long`: microseconds after midnight.";
        TimestampMillis: "`timestamp-millis` on `long`: milliseconds since the Unix epoch, UTC.";
        TimestampMicros: "`timestamp-micros` on `long`: microseconds since the Unix epoch, UTC.";
        TimestampNanos: "`timestamp-nanos` on `long`: nanoseconds since the Unix epoch, UTC.";
        LocalTimestampMillis: "`local-timestamp-millis` on `long`.";
        LocalTimestampMicros: "`local-timestamp-micros` on `long`.";
        LocalTimestampNanos: "`local-timestamp-nanos` on `long`.";
        Uuid: "`uuid` on `string` (`#[avro(logical = \"uuid\")]`).";
        UuidFixed: "`uuid` on a `fixed` of 16 bytes named `avro_runtime.uuid` (`#[avro(logical = \"uuid\", fixed = 16)]`, or `logical = \"uuid\"` on `[u8; 16]`).";
        Duration: "`duration` on a `fixed` of 12 bytes named `avro_runtime.duration`.";
    }
}

/// A Rust type that can hold the Avro logical type `K` (one of the markers in [`kind`]): the
/// schema and codec `#[avro(logical = "...")]` uses for a field of this type.
///
/// | `K` | Rust types |
/// |---|---|
/// | `Date` | `i32`, [`Date`](crate::Date), `chrono::NaiveDate`, `time::Date` |
/// | `TimeMillis` | `i32`, [`TimeMillis`](crate::TimeMillis), `chrono::NaiveTime`, `time::Time` |
/// | `TimeMicros` | `i64`, [`TimeMicros`](crate::TimeMicros), `chrono::NaiveTime`, `time::Time` |
/// | `Timestamp{Millis,Micros,Nanos}` | `i64`, the runtime newtype of the same name, `chrono::DateTime<Utc>`, `time::OffsetDateTime` |
/// | `LocalTimestamp{Millis,Micros,Nanos}` | `i64`, the runtime newtype of the same name, `chrono::NaiveDateTime`, `time::PrimitiveDateTime` |
/// | `Uuid` | `String`, `uuid::Uuid` |
/// | `UuidFixed` | `[u8; 16]`, `uuid::Uuid` |
/// | `Duration` | [`Duration`](crate::Duration), `[u8; 12]` |
///
/// The chrono, time and uuid rows need the runtime features of those names.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold the Avro logical type `{K}`",
    label = "this type cannot hold that logical type",
    note = "the Rust types of each logical type are listed in the documentation of `avro_runtime::avro_type::Logical`; remove `logical = ...` to use the type's own schema"
)]
pub trait Logical<K>: Sized {
    /// The schema: the underlying type with its `logicalType`.
    const SCHEMA: &'static Schema;

    /// Writes `self` as the logical type; fails when the value is out of its range.
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()>;

    /// A cheap upper bound of the encoded size.
    fn size_hint(&self) -> usize;

    /// Reads a value of the logical type; fails when `Self` cannot hold it.
    fn decode(reader: &mut Reader<'_>) -> Result<Self>;
}

/// The schema node of a logical type on a primitive.
macro_rules! annotated {
    ($base:ident, $name:literal) => {
        &Schema::Annotated(&Annotated {
            base: &Schema::$base,
            attributes: &[logical_type(concat!("\"", $name, "\""))],
        })
    };
}

const DATE: &Schema = annotated!(Int, "date");
const TIME_MILLIS: &Schema = annotated!(Int, "time-millis");
const TIME_MICROS: &Schema = annotated!(Long, "time-micros");
const TIMESTAMP_MILLIS: &Schema = annotated!(Long, "timestamp-millis");
const TIMESTAMP_MICROS: &Schema = annotated!(Long, "timestamp-micros");
const TIMESTAMP_NANOS: &Schema = annotated!(Long, "timestamp-nanos");
const LOCAL_TIMESTAMP_MILLIS: &Schema = annotated!(Long, "local-timestamp-millis");
const LOCAL_TIMESTAMP_MICROS: &Schema = annotated!(Long, "local-timestamp-micros");
const LOCAL_TIMESTAMP_NANOS: &Schema = annotated!(Long, "local-timestamp-nanos");
const UUID: &Schema = annotated!(String, "uuid");
const UUID_FIXED: &Schema = &Schema::Annotated(&Annotated {
    base: &Schema::Fixed(&Fixed {
        name: runtime_name("uuid"),
        size: 16,
        attributes: &[],
    }),
    attributes: &[logical_type("\"uuid\"")],
});
const DURATION: &Schema = &Schema::Annotated(&Annotated {
    base: &Schema::Fixed(&Fixed {
        name: runtime_name("duration"),
        size: 12,
        attributes: &[],
    }),
    attributes: &[logical_type("\"duration\"")],
});

/// `Logical<K>` for the raw `i32`/`i64` of a date/time logical type.
macro_rules! raw_logical {
    ($($kind:ident, $ty:ty, $schema:ident;)*) => {$(
        impl Logical<kind::$kind> for $ty {
            const SCHEMA: &'static Schema = $schema;

            #[inline]
            fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
                Encode::encode_to(self, sink)
            }

            #[inline]
            fn size_hint(&self) -> usize {
                Encode::size_hint(self)
            }

            #[inline]
            fn decode(reader: &mut Reader<'_>) -> Result<Self> {
                <$ty as Decode>::decode(reader)
            }
        }
    )*};
}

raw_logical! {
    Date, i32, DATE;
    TimeMillis, i32, TIME_MILLIS;
    TimeMicros, i64, TIME_MICROS;
    TimestampMillis, i64, TIMESTAMP_MILLIS;
    TimestampMicros, i64, TIMESTAMP_MICROS;
    TimestampNanos, i64, TIMESTAMP_NANOS;
    LocalTimestampMillis, i64, LOCAL_TIMESTAMP_MILLIS;
    LocalTimestampMicros, i64, LOCAL_TIMESTAMP_MICROS;
    LocalTimestampNanos, i64, LOCAL_TIMESTAMP_NANOS;
}

/// The runtime's date/time newtypes: their own logical type, as their `AvroType`.
macro_rules! newtype_logical {
    ($($ty:ident, $raw:ty, $schema:ident, $write:ident, $read:ident, $size:expr;)*) => {$(
        impl AvroType for crate::$ty {
            const SCHEMA: &'static Schema = $schema;
        }

        impl Encode for crate::$ty {
            #[inline]
            fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
                encode::$write(out, self.0);
                Ok(())
            }

            #[inline]
            fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
                sink.$write(self.0);
                Ok(())
            }

            #[inline]
            fn size_hint(&self) -> usize {
                $size
            }
        }

        impl<'a> Decode<'a> for crate::$ty {
            #[inline]
            fn decode(reader: &mut Reader<'a>) -> Result<Self> {
                reader.$read().map(crate::$ty)
            }
        }

        impl Logical<kind::$ty> for crate::$ty {
            const SCHEMA: &'static Schema = $schema;

            #[inline]
            fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
                Encode::encode_to(self, sink)
            }

            #[inline]
            fn size_hint(&self) -> usize {
                $size
            }

            #[inline]
            fn decode(reader: &mut Reader<'_>) -> Result<Self> {
                <Self as Decode>::decode(reader)
            }
        }
    )*};
}

newtype_logical! {
    Date, i32, DATE, int, read_int, encode::MAX_INT_LEN;
    TimeMillis, i32, TIME_MILLIS, int, read_int, encode::MAX_INT_LEN;
    TimeMicros, i64, TIME_MICROS, long, read_long, encode::MAX_LONG_LEN;
    TimestampMillis, i64, TIMESTAMP_MILLIS, long, read_long, encode::MAX_LONG_LEN;
    TimestampMicros, i64, TIMESTAMP_MICROS, long, read_long, encode::MAX_LONG_LEN;
    TimestampNanos, i64, TIMESTAMP_NANOS, long, read_long, encode::MAX_LONG_LEN;
    LocalTimestampMillis, i64, LOCAL_TIMESTAMP_MILLIS, long, read_long, encode::MAX_LONG_LEN;
    LocalTimestampMicros, i64, LOCAL_TIMESTAMP_MICROS, long, read_long, encode::MAX_LONG_LEN;
    LocalTimestampNanos, i64, LOCAL_TIMESTAMP_NANOS, long, read_long, encode::MAX_LONG_LEN;
}

impl AvroType for crate::Duration {
    const SCHEMA: &'static Schema = DURATION;
}

impl Encode for crate::Duration {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        encode::fixed(out, &self.to_bytes());
        Ok(())
    }

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        sink.fixed(&self.to_bytes());
        Ok(())
    }

    #[inline]
    fn size_hint(&self) -> usize {
        12
    }
}

impl<'a> Decode<'a> for crate::Duration {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        crate::logical::duration::decode(reader)
    }
}

impl Logical<kind::Duration> for crate::Duration {
    const SCHEMA: &'static Schema = DURATION;

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        Encode::encode_to(self, sink)
    }

    #[inline]
    fn size_hint(&self) -> usize {
        12
    }

    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self> {
        <Self as Decode>::decode(reader)
    }
}

/// `Logical<K>` for a `[u8; N]` holding a logical type on `fixed`.
macro_rules! fixed_logical {
    ($($kind:ident, $n:literal, $schema:ident;)*) => {$(
        impl Logical<kind::$kind> for [u8; $n] {
            const SCHEMA: &'static Schema = $schema;

            #[inline]
            fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
                sink.fixed(self);
                Ok(())
            }

            #[inline]
            fn size_hint(&self) -> usize {
                $n
            }

            #[inline]
            fn decode(reader: &mut Reader<'_>) -> Result<Self> {
                reader.read_fixed::<$n>()
            }
        }
    )*};
}

fixed_logical! {
    UuidFixed, 16, UUID_FIXED;
    Duration, 12, DURATION;
}

impl Logical<kind::Uuid> for String {
    const SCHEMA: &'static Schema = UUID;

    #[inline]
    fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
        sink.string(self);
        Ok(())
    }

    #[inline]
    fn size_hint(&self) -> usize {
        Encode::size_hint(self)
    }

    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self> {
        reader.read_string()
    }
}

#[cfg(any(feature = "chrono", feature = "time"))]
/// `AvroType`, `Encode`, `Decode` and `Logical` for a type of chrono or time through the
/// runtime's adapter modules (`logical::chrono::timestamp_micros`, ...). The first kind listed
/// is the type's own schema (its `AvroType`).
macro_rules! adapter_logical {
    ($krate:ident, $ty:ty, $size:expr, $own:ident => $own_schema:ident, $own_module:ident; $($kind:ident => $schema:ident, $module:ident;)*) => {
        impl AvroType for $ty {
            const SCHEMA: &'static Schema = $own_schema;
        }

        impl Encode for $ty {
            #[inline]
            fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
                crate::logical::$krate::$own_module::encode(out, self)
            }

            #[inline]
            fn size_hint(&self) -> usize {
                $size
            }
        }

        impl<'a> Decode<'a> for $ty {
            #[inline]
            fn decode(reader: &mut Reader<'a>) -> Result<Self> {
                crate::logical::$krate::$own_module::decode(reader)
            }
        }

        adapter_logical!(@kind $krate, $ty, $size, $own => $own_schema, $own_module);
        $(adapter_logical!(@kind $krate, $ty, $size, $kind => $schema, $module);)*
    };
    (@kind $krate:ident, $ty:ty, $size:expr, $kind:ident => $schema:ident, $module:ident) => {
        impl Logical<kind::$kind> for $ty {
            const SCHEMA: &'static Schema = $schema;

            #[inline]
            fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
                sink.with_vec(|out| crate::logical::$krate::$module::encode(out, self))
            }

            #[inline]
            fn size_hint(&self) -> usize {
                $size
            }

            #[inline]
            fn decode(reader: &mut Reader<'_>) -> Result<Self> {
                crate::logical::$krate::$module::decode(reader)
            }
        }
    };
}

#[cfg(feature = "chrono")]
mod chrono_impls {
    use super::*;
    use ::chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

    adapter_logical!(chrono, NaiveDate, encode::MAX_INT_LEN, Date => DATE, date;);
    adapter_logical!(chrono, NaiveTime, encode::MAX_LONG_LEN,
        TimeMicros => TIME_MICROS, time_micros;
        TimeMillis => TIME_MILLIS, time_millis;);
    adapter_logical!(chrono, DateTime<Utc>, encode::MAX_LONG_LEN,
        TimestampMicros => TIMESTAMP_MICROS, timestamp_micros;
        TimestampMillis => TIMESTAMP_MILLIS, timestamp_millis;
        TimestampNanos => TIMESTAMP_NANOS, timestamp_nanos;);
    adapter_logical!(chrono, NaiveDateTime, encode::MAX_LONG_LEN,
        LocalTimestampMicros => LOCAL_TIMESTAMP_MICROS, local_timestamp_micros;
        LocalTimestampMillis => LOCAL_TIMESTAMP_MILLIS, local_timestamp_millis;
        LocalTimestampNanos => LOCAL_TIMESTAMP_NANOS, local_timestamp_nanos;);
}

#[cfg(feature = "time")]
mod time_impls {
    use super::*;
    use ::time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

    adapter_logical!(time, Date, encode::MAX_INT_LEN, Date => DATE, date;);
    adapter_logical!(time, Time, encode::MAX_LONG_LEN,
        TimeMicros => TIME_MICROS, time_micros;
        TimeMillis => TIME_MILLIS, time_millis;);
    adapter_logical!(time, OffsetDateTime, encode::MAX_LONG_LEN,
        TimestampMicros => TIMESTAMP_MICROS, timestamp_micros;
        TimestampMillis => TIMESTAMP_MILLIS, timestamp_millis;
        TimestampNanos => TIMESTAMP_NANOS, timestamp_nanos;);
    adapter_logical!(time, PrimitiveDateTime, encode::MAX_LONG_LEN,
        LocalTimestampMicros => LOCAL_TIMESTAMP_MICROS, local_timestamp_micros;
        LocalTimestampMillis => LOCAL_TIMESTAMP_MILLIS, local_timestamp_millis;
        LocalTimestampNanos => LOCAL_TIMESTAMP_NANOS, local_timestamp_nanos;);
}

#[cfg(feature = "uuid")]
mod uuid_impls {
    use super::*;
    use ::uuid::Uuid;

    /// Length of a UUID's string encoding: a one-byte length and 36 characters.
    const STRING_SIZE: usize = 1 + ::uuid::fmt::Hyphenated::LENGTH;

    impl AvroType for Uuid {
        const SCHEMA: &'static Schema = UUID;
    }

    impl Encode for Uuid {
        #[inline]
        fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
            crate::logical::uuid::encode_string(out, self);
            Ok(())
        }

        #[inline]
        fn size_hint(&self) -> usize {
            STRING_SIZE
        }
    }

    impl<'a> Decode<'a> for Uuid {
        #[inline]
        fn decode(reader: &mut Reader<'a>) -> Result<Self> {
            crate::logical::uuid::decode_string(reader)
        }
    }

    impl Logical<kind::Uuid> for Uuid {
        const SCHEMA: &'static Schema = UUID;

        #[inline]
        fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
            Encode::encode_to(self, sink)
        }

        #[inline]
        fn size_hint(&self) -> usize {
            STRING_SIZE
        }

        #[inline]
        fn decode(reader: &mut Reader<'_>) -> Result<Self> {
            crate::logical::uuid::decode_string(reader)
        }
    }

    impl Logical<kind::UuidFixed> for Uuid {
        const SCHEMA: &'static Schema = UUID_FIXED;

        #[inline]
        fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
            sink.fixed(self.as_bytes());
            Ok(())
        }

        #[inline]
        fn size_hint(&self) -> usize {
            16
        }

        #[inline]
        fn decode(reader: &mut Reader<'_>) -> Result<Self> {
            crate::logical::uuid::decode_fixed(reader)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Decimals.
// ---------------------------------------------------------------------------------------------

/// A Rust type that holds an Avro `decimal`: the codec of
/// `#[avro(decimal(precision = P, scale = S))]` (on `bytes`) and of the same with `fixed = N`
/// (on a `fixed` of `N` bytes). Implemented by [`Decimal`](crate::Decimal) and, with the
/// `rust_decimal` feature, `rust_decimal::Decimal`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold an Avro decimal",
    label = "not a decimal type",
    note = "`decimal(...)` needs `avro_runtime::Decimal` or `rust_decimal::Decimal` (runtime feature `rust_decimal`)"
)]
pub trait DecimalValue: Sized {
    /// Writes `self` as a `bytes` decimal of the schema's `scale`.
    fn encode_bytes(&self, sink: &mut Sink<'_>, scale: u32) -> Result<()>;

    /// Writes `self` as a `fixed` decimal of `size` bytes and the schema's `scale`.
    fn encode_fixed(&self, sink: &mut Sink<'_>, scale: u32, size: usize) -> Result<()>;

    /// A cheap upper bound of the `bytes` encoding's size.
    fn size_hint(&self) -> usize;

    /// Reads a `bytes` decimal of the schema's `scale`.
    fn decode_bytes(reader: &mut Reader<'_>, scale: u32) -> Result<Self>;

    /// Reads a `fixed` decimal of `size` bytes and the schema's `scale`.
    fn decode_fixed(reader: &mut Reader<'_>, scale: u32, size: usize) -> Result<Self>;
}

impl DecimalValue for crate::Decimal {
    #[inline]
    fn encode_bytes(&self, sink: &mut Sink<'_>, scale: u32) -> Result<()> {
        sink.with_vec(|out| crate::logical::decimal::encode_bytes(out, self, scale))
    }

    #[inline]
    fn encode_fixed(&self, sink: &mut Sink<'_>, scale: u32, size: usize) -> Result<()> {
        sink.with_vec(|out| crate::logical::decimal::encode_fixed(out, self, scale, size))
    }

    #[inline]
    fn size_hint(&self) -> usize {
        encode::MAX_LONG_LEN + self.unscaled_bytes().len()
    }

    #[inline]
    fn decode_bytes(reader: &mut Reader<'_>, scale: u32) -> Result<Self> {
        crate::logical::decimal::decode_bytes(reader, scale)
    }

    #[inline]
    fn decode_fixed(reader: &mut Reader<'_>, scale: u32, size: usize) -> Result<Self> {
        crate::logical::decimal::decode_fixed(reader, scale, size)
    }
}

#[cfg(feature = "rust_decimal")]
impl DecimalValue for ::rust_decimal::Decimal {
    #[inline]
    fn encode_bytes(&self, sink: &mut Sink<'_>, scale: u32) -> Result<()> {
        sink.with_vec(|out| crate::logical::rust_decimal::encode_bytes(out, self, scale))
    }

    #[inline]
    fn encode_fixed(&self, sink: &mut Sink<'_>, scale: u32, size: usize) -> Result<()> {
        sink.with_vec(|out| crate::logical::rust_decimal::encode_fixed(out, self, scale, size))
    }

    #[inline]
    fn size_hint(&self) -> usize {
        // A 96-bit mantissa takes 13 bytes; rescaling to the schema's scale may need more,
        // which only costs a reallocation.
        encode::MAX_LONG_LEN + 16
    }

    #[inline]
    fn decode_bytes(reader: &mut Reader<'_>, scale: u32) -> Result<Self> {
        crate::logical::rust_decimal::decode_bytes(reader, scale)
    }

    #[inline]
    fn decode_fixed(reader: &mut Reader<'_>, scale: u32, size: usize) -> Result<Self> {
        crate::logical::rust_decimal::decode_fixed(reader, scale, size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_of<T: Encode + ?Sized>(value: &T) -> Vec<u8> {
        let mut out = Vec::new();
        value.encode(&mut out).unwrap();
        // The sink path writes the same bytes.
        let mut via_sink = Vec::new();
        Sink::append(&mut via_sink, &Wrapped(value)).unwrap();
        assert_eq!(out, via_sink);
        out
    }

    /// Forces the `encode_to` path of the wrapped value.
    struct Wrapped<'v, T: ?Sized>(&'v T);

    impl<T: Encode + ?Sized> Encode for Wrapped<'_, T> {
        fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
            Sink::append(out, self)
        }

        fn encode_to(&self, sink: &mut Sink<'_>) -> Result<()> {
            self.0.encode_to(sink)
        }
    }

    fn name_of(schema: &Schema) -> (Option<&str>, &str) {
        match schema {
            Schema::Fixed(f) => (f.name.namespace, f.name.name),
            Schema::Annotated(a) => name_of(a.base),
            other => panic!("not named: {other:?}"),
        }
    }

    #[test]
    fn fixed_names_follow_the_size() {
        assert_eq!(
            name_of(<[u8; 0] as AvroType>::SCHEMA),
            (Some("avro_runtime"), "fixed_0")
        );
        assert_eq!(name_of(<[u8; 16] as AvroType>::SCHEMA).1, "fixed_16");
        assert_eq!(
            name_of(<[u8; 123_456_789] as AvroType>::SCHEMA).1,
            "fixed_123456789"
        );
        assert_eq!(name_of(<crate::Duration as AvroType>::SCHEMA).1, "duration");
        assert_eq!(
            name_of(<[u8; 16] as Logical<kind::UuidFixed>>::SCHEMA).1,
            "uuid"
        );
    }

    #[test]
    fn byte_vectors_are_bytes_and_other_vectors_arrays() {
        assert_eq!(<Vec<u8> as AvroType>::SCHEMA, &Schema::Bytes);
        assert_eq!(<Vec<i32> as AvroType>::SCHEMA, &Schema::Array(&Schema::Int));
        assert_eq!(bytes_of(&vec![1u8, 2]), [4, 1, 2]);
        assert_eq!(bytes_of(&vec![1i32, 2]), [4, 2, 4, 0]);
        assert_eq!(bytes_of(&Vec::<i32>::new()), [0]);
        assert_eq!(Vec::<u8>::from_avro_slice(&[4, 1, 2]).unwrap(), [1, 2]);
        assert_eq!(Vec::<i64>::from_avro_slice(&[4, 2, 4, 0]).unwrap(), [1, 2]);
        // A negative block count is followed by the block's size in bytes.
        assert_eq!(
            Vec::<i64>::from_avro_slice(&[3, 4, 2, 4, 0]).unwrap(),
            [1, 2]
        );
    }

    #[test]
    fn options_and_maps() {
        assert_eq!(bytes_of(&None::<i64>), [0]);
        assert_eq!(bytes_of(&Some(-1i64)), [2, 1]);
        assert_eq!(
            Option::<String>::from_avro_slice(&[2, 2, b'a']).unwrap(),
            Some("a".into())
        );
        assert!(Option::<i32>::from_avro_slice(&[4]).is_err());
        let map = BTreeMap::from([("a".to_string(), 1i32), ("b".to_string(), 2)]);
        let bytes = bytes_of(&map);
        assert_eq!(bytes, [4, 2, b'a', 2, 2, b'b', 4, 0]);
        assert_eq!(
            BTreeMap::<String, i32>::from_avro_slice(&bytes).unwrap(),
            map
        );
        let hashed: HashMap<String, i32> = HashMap::from_avro_slice(&bytes).unwrap();
        assert_eq!(hashed.len(), 2);
        assert_eq!(bytes_of(&HashMap::<String, i32>::new()), [0]);
    }

    /// A block count is checked against the input at one byte per entry, but an entry of a
    /// large value type takes far more memory than that: reserving the whole count let 20 KB of
    /// input (10,000 entries with the same key and a `None` value) allocate ~40 MB.
    #[test]
    fn map_blocks_do_not_reserve_far_beyond_the_input() {
        let entries = 10_000;
        let mut bytes = Vec::new();
        encode::long(&mut bytes, entries);
        for _ in 0..entries {
            bytes.extend([0, 0]); // key "", value None
        }
        bytes.push(0);
        let map: HashMap<String, Option<[u8; 4096]>> = HashMap::from_avro_slice(&bytes).unwrap();
        assert_eq!(map.len(), 1);
        assert!(map.capacity() < 64, "capacity {}", map.capacity());
    }

    #[test]
    fn borrowed_strings_and_bytes_point_into_the_input() {
        let input = [6, b'a', b'b', b'c'];
        let s = <&str>::from_avro_slice(&input).unwrap();
        assert_eq!(s, "abc");
        assert_eq!(s.as_ptr(), input[1..].as_ptr());
        let b = <&[u8]>::from_avro_slice(&input).unwrap();
        assert_eq!(b.as_ptr(), input[1..].as_ptr());
        assert!(matches!(
            Cow::<str>::from_avro_slice(&input).unwrap(),
            Cow::Borrowed("abc")
        ));
        assert!(matches!(
            Cow::<[u8]>::from_avro_slice(&input).unwrap(),
            Cow::Borrowed(b"abc")
        ));
        assert_eq!(bytes_of("abc"), input);
        assert_eq!(bytes_of(&Cow::<[u8]>::Owned(b"abc".to_vec())), input);
        assert!(<&str>::from_avro_slice(&[2, 0xff]).is_err());
    }

    #[test]
    fn narrow_integers_check_their_range_when_decoding() {
        assert_eq!(bytes_of(&-1i8), [1]);
        assert_eq!(bytes_of(&u32::MAX), bytes_of(&i64::from(u32::MAX)));
        assert_eq!(
            u16::from_avro_slice(&bytes_of(&65_535i32)).unwrap(),
            u16::MAX
        );
        let err = u16::from_avro_slice(&bytes_of(&65_536i32)).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::OutOfRange(m) if m == "65536 does not fit in u16"));
        assert_eq!(err.offset(), Some(0));
        assert!(i8::from_avro_slice(&bytes_of(&-129i32)).is_err());
        assert!(u32::from_avro_slice(&bytes_of(&-1i64)).is_err());
        assert_eq!(
            i16::from_avro_slice(&bytes_of(&-32_768i32)).unwrap(),
            i16::MIN
        );
    }

    /// Writes `value` through `Logical<K>`.
    fn logical_bytes<K, T: Logical<K>>(value: &T) -> Vec<u8> {
        let mut out = Vec::new();
        let mut sink = Sink::new(&mut out, 0);
        value.encode_to(&mut sink).unwrap();
        sink.finish();
        assert!(value.size_hint() >= out.len());
        out
    }

    #[test]
    fn logical_types_share_the_underlying_encoding() {
        let raw = logical_bytes::<kind::TimestampMillis, _>(&1_700_000_000_000i64);
        assert_eq!(raw, bytes_of(&1_700_000_000_000i64));
        assert_eq!(
            logical_bytes::<kind::TimestampMillis, _>(&crate::TimestampMillis(1_700_000_000_000)),
            raw
        );
        assert_eq!(
            <crate::TimestampMillis as AvroType>::SCHEMA,
            TIMESTAMP_MILLIS
        );
        let duration = crate::Duration::new(1, 2, 3);
        assert_eq!(
            logical_bytes::<kind::Duration, _>(&duration.to_bytes()),
            bytes_of(&duration)
        );
        assert_eq!(
            crate::Duration::from_avro_slice(&bytes_of(&duration)).unwrap(),
            duration
        );
        assert_eq!(
            <[u8; 12] as Logical<kind::Duration>>::decode(&mut Reader::new(&bytes_of(&duration)))
                .unwrap(),
            duration.to_bytes()
        );
        let text = "550e8400-e29b-41d4-a716-446655440000".to_string();
        assert_eq!(logical_bytes::<kind::Uuid, _>(&text), bytes_of(&text));
    }

    #[test]
    fn decimals_through_decimal_value() {
        let d = crate::Decimal::from_i128(-12_345, 2);
        let mut expected = Vec::new();
        crate::logical::decimal::encode_fixed(&mut expected, &d, 2, 8).unwrap();
        let mut out = Vec::new();
        let mut sink = Sink::new(&mut out, 0);
        d.encode_fixed(&mut sink, 2, 8).unwrap();
        d.encode_bytes(&mut sink, 2).unwrap();
        assert!(d.encode_bytes(&mut sink, 3).is_err());
        sink.finish();
        crate::logical::decimal::encode_bytes(&mut expected, &d, 2).unwrap();
        assert_eq!(out, expected);
        let mut r = Reader::new(&out);
        assert_eq!(crate::Decimal::decode_fixed(&mut r, 2, 8).unwrap(), d);
        assert_eq!(crate::Decimal::decode_bytes(&mut r, 2).unwrap(), d);
        r.finish().unwrap();
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono_types_default_to_microseconds() {
        use ::chrono::{DateTime, Utc};
        let t = DateTime::<Utc>::from_timestamp_micros(1_700_000_000_123_456).unwrap();
        assert_eq!(<DateTime<Utc> as AvroType>::SCHEMA, TIMESTAMP_MICROS);
        assert_eq!(bytes_of(&t), bytes_of(&1_700_000_000_123_456i64));
        assert_eq!(
            logical_bytes::<kind::TimestampMillis, _>(&t),
            bytes_of(&1_700_000_000_123i64)
        );
        assert_eq!(DateTime::<Utc>::from_avro_slice(&bytes_of(&t)).unwrap(), t);
    }
}
