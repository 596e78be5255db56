//! Interop with the `apache-avro` crate (feature `apache-avro`): generated types built with
//! `Config::apache_avro_values(true)` convert themselves into `apache_avro::types::Value`, shaped
//! exactly as `apache_avro::from_avro_datum` returns them, so values can be compared or handed to
//! code written against apache-avro.

pub use apache_avro;
pub use apache_avro::types::Value;

use crate::{Decimal, Duration, Error, Reader, Result};

/// Conversion of a generated value into apache-avro's dynamic `Value`.
pub trait ToApacheValue {
    /// The value as apache-avro represents it after decoding.
    fn to_apache_value(&self) -> Result<Value>;
}

impl<T: ToApacheValue + ?Sized> ToApacheValue for Box<T> {
    fn to_apache_value(&self) -> Result<Value> {
        (**self).to_apache_value()
    }
}

/// A runtime [`Decimal`] as apache-avro's decimal (same unscaled bytes).
pub fn decimal(value: &Decimal) -> Value {
    Value::Decimal(apache_avro::Decimal::from(value.unscaled_bytes()))
}

/// A runtime [`Duration`] as apache-avro's duration.
pub fn duration(value: &Duration) -> Value {
    use apache_avro::{Days, Millis, Months};
    Value::Duration(apache_avro::Duration::new(
        Months::new(value.months),
        Days::new(value.days),
        Millis::new(value.millis),
    ))
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

/// The `int` a logical-type adapter writes (used for chrono/time dates and times).
pub fn int_via(encode: impl FnOnce(&mut Vec<u8>) -> Result<()>) -> Result<i32> {
    let mut buf = Vec::new();
    encode(&mut buf)?;
    Reader::new(&buf).read_int()
}

/// The `long` a logical-type adapter writes (used for chrono/time timestamps and times).
pub fn long_via(encode: impl FnOnce(&mut Vec<u8>) -> Result<()>) -> Result<i64> {
    let mut buf = Vec::new();
    encode(&mut buf)?;
    Reader::new(&buf).read_long()
}

/// The decimal a logical-type adapter writes as `bytes` (rust_decimal mapping).
pub fn decimal_bytes_via(encode: impl FnOnce(&mut Vec<u8>) -> Result<()>) -> Result<Value> {
    let mut buf = Vec::new();
    encode(&mut buf)?;
    let bytes = Reader::new(&buf).read_bytes()?;
    Ok(Value::Decimal(apache_avro::Decimal::from(bytes)))
}

/// The decimal a logical-type adapter writes as `fixed` (rust_decimal mapping).
pub fn decimal_fixed_via(encode: impl FnOnce(&mut Vec<u8>) -> Result<()>) -> Result<Value> {
    let mut buf = Vec::new();
    encode(&mut buf)?;
    Ok(Value::Decimal(apache_avro::Decimal::from(buf)))
}
