//! Date/time logical types as types of the `time` crate (feature `time`).
//!
//! Each type implements [`Logical<K>`](crate::avro_type::Logical) for the logical types it can
//! hold, the one codec generated and derived code uses. Values outside the range of either side fail with
//! [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange), never panic. Sub-unit precision is
//! truncated towards the past when encoding (e.g. nanoseconds of a `timestamp-millis`).
//!
//! | logical type | `Value` |
//! |---|---|
//! | `date` | `time::Date` |
//! | `time-millis`, `time-micros` | `time::Time` |
//! | `timestamp-{millis,micros,nanos}` | `time::OffsetDateTime` (encoding converts to UTC; decoding gives UTC) |
//! | `local-timestamp-{millis,micros,nanos}` | `time::PrimitiveDateTime` |
//!
//! The newtypes of [`crate::logical`] convert to and from these types with `From`/`TryFrom`.

use ::time::{OffsetDateTime, PrimitiveDateTime, Time};

use super::{
    out_of_range, Date, LocalTimestampMicros, LocalTimestampMillis, LocalTimestampNanos,
    TimeMicros, TimeMillis, TimestampMicros, TimestampMillis, TimestampNanos,
};
use crate::error::{Error, Result};
use crate::reader::Reader;

/// Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;
const NANOS_PER_DAY: i64 = 86_400_000_000_000;

impl From<::time::Date> for Date {
    fn from(v: ::time::Date) -> Self {
        // time's range (at most ±999,999 years) keeps this far from overflow.
        Date(v.to_julian_day() - UNIX_EPOCH_JULIAN_DAY)
    }
}

impl TryFrom<Date> for ::time::Date {
    type Error = Error;
    fn try_from(v: Date) -> Result<Self> {
        v.0.checked_add(UNIX_EPOCH_JULIAN_DAY)
            .and_then(|j| ::time::Date::from_julian_day(j).ok())
            .ok_or_else(|| {
                out_of_range(format!(
                    "date {} days from 1970-01-01 is outside the range of time::Date",
                    v.0
                ))
            })
    }
}

fn nanos_of_day(v: Time) -> i64 {
    let (h, m, s, ns) = v.as_hms_nano();
    (i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s)) * 1_000_000_000 + i64::from(ns)
}

fn time_of_day(nanos: Option<i64>, raw: i64, unit: &str) -> Result<Time> {
    nanos
        .filter(|n| (0..NANOS_PER_DAY).contains(n))
        .and_then(|n| {
            let secs = n / 1_000_000_000;
            Time::from_hms_nano(
                (secs / 3600) as u8,
                (secs / 60 % 60) as u8,
                (secs % 60) as u8,
                (n % 1_000_000_000) as u32,
            )
            .ok()
        })
        .ok_or_else(|| {
            out_of_range(format!(
                "time of day {raw} {unit} is outside 00:00:00 to 24:00:00"
            ))
        })
}

impl From<Time> for TimeMillis {
    fn from(v: Time) -> Self {
        TimeMillis((nanos_of_day(v) / 1_000_000) as i32)
    }
}

impl TryFrom<TimeMillis> for Time {
    type Error = Error;
    fn try_from(v: TimeMillis) -> Result<Self> {
        time_of_day(
            Some(i64::from(v.0) * 1_000_000),
            i64::from(v.0),
            "milliseconds",
        )
    }
}

impl From<Time> for TimeMicros {
    fn from(v: Time) -> Self {
        TimeMicros(nanos_of_day(v) / 1_000)
    }
}

impl TryFrom<TimeMicros> for Time {
    type Error = Error;
    fn try_from(v: TimeMicros) -> Result<Self> {
        time_of_day(v.0.checked_mul(1_000), v.0, "microseconds")
    }
}

/// `v` in `unit`s of nanoseconds since the epoch, rounded towards the past, when it fits in i64.
fn to_units(nanos: i128, unit: i128, unit_name: &str) -> Result<i64> {
    i64::try_from(nanos.div_euclid(unit)).map_err(|_| {
        out_of_range(format!(
            "{nanos} nanoseconds from 1970-01-01T00:00:00 do not fit in a timestamp in {unit_name}"
        ))
    })
}

fn from_units(v: i64, unit: i128, unit_name: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(v) * unit).map_err(|_| {
        out_of_range(format!(
            "timestamp {v} {unit_name} from 1970-01-01T00:00:00 is outside the range of the time crate"
        ))
    })
}

fn assume_utc(v: PrimitiveDateTime) -> OffsetDateTime {
    v.assume_utc()
}

fn to_primitive(v: OffsetDateTime) -> PrimitiveDateTime {
    PrimitiveDateTime::new(v.date(), v.time())
}

fn identity(v: OffsetDateTime) -> OffsetDateTime {
    v
}

macro_rules! timestamp_conversions {
    ($value:ty, $to_utc:ident, $from_utc:ident, $($raw:ident, $unit:expr, $unit_name:literal;)*) => {$(
        impl TryFrom<$value> for $raw {
            type Error = Error;
            fn try_from(v: $value) -> Result<Self> {
                to_units($to_utc(v).unix_timestamp_nanos(), $unit, $unit_name).map($raw)
            }
        }

        impl TryFrom<$raw> for $value {
            type Error = Error;
            fn try_from(v: $raw) -> Result<Self> {
                from_units(v.0, $unit, $unit_name).map($from_utc)
            }
        }
    )*};
}

timestamp_conversions!(
    OffsetDateTime, identity, identity,
    TimestampMillis, 1_000_000, "milliseconds";
    TimestampMicros, 1_000, "microseconds";
    TimestampNanos, 1, "nanoseconds";
);
timestamp_conversions!(
    PrimitiveDateTime, assume_utc, to_primitive,
    LocalTimestampMillis, 1_000_000, "milliseconds";
    LocalTimestampMicros, 1_000, "microseconds";
    LocalTimestampNanos, 1, "nanoseconds";
);

macro_rules! logical_modules {
    ($($name:ident, $avro:literal, $value:ty, $doc:literal, $raw:ident, $write:ident, $read:ident;)*) => {$(
        #[doc = concat!("Avro `", $avro, "` as `", $doc, "`.")]
        pub(crate) mod $name {
            use super::*;

            /// The Rust type of this logical type.
            pub type Value = $value;

            #[doc = concat!("Appends `v` as an Avro `", $avro, "`; fails with ")]
            /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when Avro cannot hold it.
            #[inline]
            pub fn encode(out: &mut Vec<u8>, v: &Value) -> Result<()> {
                let raw = <$raw as TryFrom<Value>>::try_from(*v)?;
                crate::encode::$write(out, raw.0);
                Ok(())
            }

            #[doc = concat!("Reads an Avro `", $avro, "`; fails with ")]
            /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when `Value` cannot hold it.
            #[inline]
            pub fn decode(r: &mut Reader<'_>) -> Result<Value> {
                let start = r.position();
                let raw = $raw(r.$read()?);
                <Value as TryFrom<$raw>>::try_from(raw).map_err(|e| Error::from(e).at_offset(start))
            }
        }
    )*};
}

logical_modules! {
    date, "date", ::time::Date, "time::Date", Date, int, read_int;
    time_millis, "time-millis", Time, "time::Time", TimeMillis, int, read_int;
    time_micros, "time-micros", Time, "time::Time", TimeMicros, long, read_long;
    timestamp_millis, "timestamp-millis", OffsetDateTime, "time::OffsetDateTime", TimestampMillis, long, read_long;
    timestamp_micros, "timestamp-micros", OffsetDateTime, "time::OffsetDateTime", TimestampMicros, long, read_long;
    timestamp_nanos, "timestamp-nanos", OffsetDateTime, "time::OffsetDateTime", TimestampNanos, long, read_long;
    local_timestamp_millis, "local-timestamp-millis", PrimitiveDateTime, "time::PrimitiveDateTime", LocalTimestampMillis, long, read_long;
    local_timestamp_micros, "local-timestamp-micros", PrimitiveDateTime, "time::PrimitiveDateTime", LocalTimestampMicros, long, read_long;
    local_timestamp_nanos, "local-timestamp-nanos", PrimitiveDateTime, "time::PrimitiveDateTime", LocalTimestampNanos, long, read_long;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode;
    use crate::ErrorKind;
    use ::time::{Month, UtcOffset};

    fn is_out_of_range<T: std::fmt::Debug>(r: Result<T>) -> bool {
        matches!(r.unwrap_err().kind(), ErrorKind::OutOfRange(_))
    }

    fn long_bytes(v: i64) -> Vec<u8> {
        let mut out = Vec::new();
        encode::long(&mut out, v);
        out
    }

    fn int_bytes(v: i32) -> Vec<u8> {
        let mut out = Vec::new();
        encode::int(&mut out, v);
        out
    }

    fn ymd(y: i32, m: Month, d: u8) -> ::time::Date {
        ::time::Date::from_calendar_date(y, m, d).unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(Date::from(ymd(1970, Month::January, 1)), Date(0));
        assert_eq!(Date::from(ymd(2024, Month::February, 29)), Date(19782));
        assert_eq!(
            ::time::Date::try_from(Date(-1)).unwrap(),
            ymd(1969, Month::December, 31)
        );
        let max = ::time::Date::MAX;
        let min = ::time::Date::MIN;
        assert_eq!(::time::Date::try_from(Date::from(max)).unwrap(), max);
        assert_eq!(::time::Date::try_from(Date::from(min)).unwrap(), min);
        assert!(::time::Date::try_from(Date(Date::from(max).0 + 1)).is_err());
        assert!(::time::Date::try_from(Date(Date::from(min).0 - 1)).is_err());
        for v in [i32::MAX, i32::MIN] {
            let e = date::decode(&mut Reader::new(&int_bytes(v))).unwrap_err();
            assert!(matches!(e.kind(), ErrorKind::OutOfRange(_)));
            assert_eq!(e.offset(), Some(0));
        }
        let mut out = Vec::new();
        date::encode(&mut out, &max).unwrap();
        assert_eq!(date::decode(&mut Reader::new(&out)).unwrap(), max);
    }

    #[test]
    fn times() {
        let t = Time::from_hms_nano(23, 59, 59, 999_999_999).unwrap();
        assert_eq!(TimeMillis::from(t), TimeMillis(86_399_999));
        assert_eq!(TimeMicros::from(t), TimeMicros(86_399_999_999));
        let mut out = Vec::new();
        time_micros::encode(&mut out, &t).unwrap();
        assert_eq!(
            time_micros::decode(&mut Reader::new(&out)).unwrap(),
            Time::from_hms_micro(23, 59, 59, 999_999).unwrap()
        );
        assert_eq!(Time::try_from(TimeMillis(0)).unwrap(), Time::MIDNIGHT);
        assert_eq!(
            Time::try_from(TimeMillis(45_296_789)).unwrap(),
            Time::from_hms_milli(12, 34, 56, 789).unwrap()
        );
        for v in [-1, 86_400_000, i32::MAX, i32::MIN] {
            assert!(is_out_of_range(time_millis::decode(&mut Reader::new(
                &int_bytes(v)
            ))));
        }
        for v in [-1, 86_400_000_000, i64::MAX, i64::MIN] {
            assert!(is_out_of_range(time_micros::decode(&mut Reader::new(
                &long_bytes(v)
            ))));
        }
    }

    #[test]
    fn timestamps() {
        let dt = OffsetDateTime::from_unix_timestamp_nanos(1_700_000_000_123_456_789).unwrap();
        assert_eq!(
            TimestampMillis::try_from(dt).unwrap(),
            TimestampMillis(1_700_000_000_123)
        );
        assert_eq!(
            TimestampMicros::try_from(dt).unwrap(),
            TimestampMicros(1_700_000_000_123_456)
        );
        assert_eq!(
            TimestampNanos::try_from(dt).unwrap(),
            TimestampNanos(1_700_000_000_123_456_789)
        );
        // Encoding converts to UTC.
        let offset = dt.to_offset(UtcOffset::from_hms(5, 30, 0).unwrap());
        let mut a = Vec::new();
        let mut b = Vec::new();
        timestamp_millis::encode(&mut a, &dt).unwrap();
        timestamp_millis::encode(&mut b, &offset).unwrap();
        assert_eq!(a, b);
        let back = timestamp_millis::decode(&mut Reader::new(&b)).unwrap();
        assert_eq!(back.offset(), UtcOffset::UTC);
        assert_eq!(back.unix_timestamp_nanos(), 1_700_000_000_123_000_000);
        // Truncation towards the past.
        let before = OffsetDateTime::from_unix_timestamp_nanos(-1).unwrap();
        assert_eq!(
            TimestampMillis::try_from(before).unwrap(),
            TimestampMillis(-1)
        );
        // Nanos overflow i64 for years past 2262.
        let far = ymd(9999, Month::December, 31).midnight().assume_utc();
        assert!(is_out_of_range(timestamp_nanos::encode(
            &mut Vec::new(),
            &far
        )));
        assert!(is_out_of_range(local_timestamp_nanos::encode(
            &mut Vec::new(),
            &PrimitiveDateTime::new(far.date(), far.time())
        )));
        timestamp_micros::encode(&mut Vec::new(), &far).unwrap();
        // Values beyond year 9999 do not decode.
        for m in [i64::MAX, i64::MIN] {
            assert!(is_out_of_range(timestamp_millis::decode(&mut Reader::new(
                &long_bytes(m)
            ))));
            assert!(is_out_of_range(timestamp_micros::decode(&mut Reader::new(
                &long_bytes(m)
            ))));
            assert!(is_out_of_range(local_timestamp_millis::decode(
                &mut Reader::new(&long_bytes(m))
            )));
            // Every i64 of nanoseconds is within the time crate's range.
            let d = timestamp_nanos::decode(&mut Reader::new(&long_bytes(m))).unwrap();
            assert_eq!(TimestampNanos::try_from(d).unwrap().0, m);
            let d = local_timestamp_nanos::decode(&mut Reader::new(&long_bytes(m))).unwrap();
            assert_eq!(LocalTimestampNanos::try_from(d).unwrap().0, m);
        }
        let naive = PrimitiveDateTime::new(dt.date(), dt.time());
        for (enc, dec) in [
            (
                local_timestamp_millis::encode
                    as fn(&mut Vec<u8>, &PrimitiveDateTime) -> Result<()>,
                local_timestamp_millis::decode as fn(&mut Reader<'_>) -> Result<PrimitiveDateTime>,
            ),
            (
                local_timestamp_micros::encode,
                local_timestamp_micros::decode,
            ),
            (local_timestamp_nanos::encode, local_timestamp_nanos::decode),
        ] {
            let mut out = Vec::new();
            enc(&mut out, &naive).unwrap();
            let back = dec(&mut Reader::new(&out)).unwrap();
            assert_eq!(
                back.assume_utc().unix_timestamp_nanos() / 1_000_000,
                1_700_000_000_123
            );
        }
    }
}
