//! Logical types that have no universal Rust type, and conversions to well-known crates.
//!
//! The date/time newtypes hold the raw Avro value; with the `chrono` or `time` feature they
//! convert to and from the natural types of those crates (`From`/`TryFrom`). Likewise `uuid`
//! and `rust_decimal` behind their features. [`Decimal`] and [`Duration`] have their own
//! modules, [`decimal`] and [`duration`].
//!
//! Every Rust type of a logical type is read and written through one front door:
//! [`Logical<K>`](crate::avro_type::Logical) (and
//! [`DecimalValue`](crate::avro_type::DecimalValue) for decimals), which generated code,
//! derived code and the Avro JSON and apache-avro conversions all use.

pub mod decimal;
pub mod duration;

#[cfg(feature = "chrono")]
pub mod chrono;
#[cfg(feature = "rust_decimal")]
pub mod rust_decimal;
#[cfg(feature = "time")]
pub mod time;
#[cfg(feature = "uuid")]
pub mod uuid;

pub use decimal::Decimal;
pub use duration::Duration;

use crate::error::{Error, ErrorKind};

/// An out-of-range error (no offset: decoders add theirs).
#[cold]
#[allow(dead_code)] // unused without the date/time/decimal features
pub(crate) fn out_of_range(msg: String) -> Error {
    Error::new(ErrorKind::OutOfRange(msg), None)
}

macro_rules! newtype {
    ($(#[$doc:meta])* $name:ident($inner:ty)) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub $inner);

        impl From<$inner> for $name {
            #[inline]
            fn from(v: $inner) -> Self {
                $name(v)
            }
        }

        impl From<$name> for $inner {
            #[inline]
            fn from(v: $name) -> Self {
                v.0
            }
        }
    };
}

newtype!(
    /// Avro `date` (on `int`): days since the Unix epoch, 1970-01-01.
    Date(i32)
);
newtype!(
    /// Avro `time-millis` (on `int`): milliseconds after midnight, `0..86_400_000`.
    TimeMillis(i32)
);
newtype!(
    /// Avro `time-micros` (on `long`): microseconds after midnight, `0..86_400_000_000`.
    TimeMicros(i64)
);
newtype!(
    /// Avro `timestamp-millis` (on `long`): milliseconds since 1970-01-01T00:00:00 UTC.
    TimestampMillis(i64)
);
newtype!(
    /// Avro `timestamp-micros` (on `long`): microseconds since 1970-01-01T00:00:00 UTC.
    TimestampMicros(i64)
);
newtype!(
    /// Avro `timestamp-nanos` (on `long`): nanoseconds since 1970-01-01T00:00:00 UTC.
    TimestampNanos(i64)
);
newtype!(
    /// Avro `local-timestamp-millis` (on `long`): milliseconds since 1970-01-01T00:00:00 in an
    /// unspecified local time zone.
    LocalTimestampMillis(i64)
);
newtype!(
    /// Avro `local-timestamp-micros` (on `long`): microseconds since 1970-01-01T00:00:00 in an
    /// unspecified local time zone.
    LocalTimestampMicros(i64)
);
newtype!(
    /// Avro `local-timestamp-nanos` (on `long`): nanoseconds since 1970-01-01T00:00:00 in an
    /// unspecified local time zone.
    LocalTimestampNanos(i64)
);

/// Milliseconds in a day.
#[allow(dead_code)]
pub(crate) const MILLIS_PER_DAY: i64 = 86_400_000;
/// Microseconds in a day.
#[allow(dead_code)]
pub(crate) const MICROS_PER_DAY: i64 = 86_400_000_000;
