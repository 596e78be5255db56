//! Interop with the `apache-avro` crate (feature `apache-avro`): generated types built with
//! `Config::apache_avro_values(true)` convert themselves into `apache_avro::types::Value`, shaped
//! exactly as `apache_avro::from_avro_datum` returns them, so values can be compared or handed to
//! code written against apache-avro.

pub use apache_avro;
pub use apache_avro::types::Value;

use crate::Result;

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
