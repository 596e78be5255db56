//! Date/time logical types as [`chrono`] types (feature `chrono`).
//!
//! Each type implements [`Logical<K>`](crate::avro_type::Logical) for the logical types it can
//! hold, the one codec generated and derived code uses. Values outside the range of either side fail with
//! [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange), never panic. Sub-unit precision is
//! truncated towards the past when encoding (e.g. nanoseconds of a `timestamp-millis`).
//!
//! | logical type | `Value` |
//! |---|---|
//! | `date` | [`NaiveDate`] |
//! | `time-millis`, `time-micros` | [`NaiveTime`] |
//! | `timestamp-{millis,micros,nanos}` | [`DateTime<Utc>`] |
//! | `local-timestamp-{millis,micros,nanos}` | [`NaiveDateTime`] |
//!
//! The newtypes of [`crate::logical`] convert to and from these types with `From`/`TryFrom`.

use ::chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

use super::{
    out_of_range, Date, LocalTimestampMicros, LocalTimestampMillis, LocalTimestampNanos,
    TimeMicros, TimeMillis, TimestampMicros, TimestampMillis, TimestampNanos,
};
use crate::error::{Error, Result};
use crate::reader::Reader;

/// `NaiveDate::num_days_from_ce` of 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;
const NANOS_PER_DAY: i64 = 86_400_000_000_000;

impl From<NaiveDate> for Date {
    fn from(v: NaiveDate) -> Self {
        // chrono's range (about ±262,000 years) keeps this far from overflow.
        Date(v.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE)
    }
}

impl TryFrom<Date> for NaiveDate {
    type Error = Error;
    fn try_from(v: Date) -> Result<Self> {
        v.0.checked_add(UNIX_EPOCH_DAYS_FROM_CE)
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or_else(|| {
                out_of_range(format!(
                    "date {} days from 1970-01-01 is outside the range of chrono::NaiveDate",
                    v.0
                ))
            })
    }
}

/// Nanoseconds since midnight (a leap second counts past 86,400 s when at 23:59:60).
fn nanos_of_day(v: &NaiveTime) -> i64 {
    i64::from(v.num_seconds_from_midnight()) * 1_000_000_000 + i64::from(v.nanosecond())
}

fn checked_nanos_of_day(v: &NaiveTime) -> Result<i64> {
    let n = nanos_of_day(v);
    if n < NANOS_PER_DAY {
        Ok(n)
    } else {
        Err(out_of_range(format!(
            "time of day {v} (a leap second) is not below 24:00:00"
        )))
    }
}

fn time_of_day(nanos: Option<i64>, raw: i64, unit: &str) -> Result<NaiveTime> {
    nanos
        .filter(|n| (0..NANOS_PER_DAY).contains(n))
        .and_then(|n| {
            NaiveTime::from_num_seconds_from_midnight_opt(
                (n / 1_000_000_000) as u32,
                (n % 1_000_000_000) as u32,
            )
        })
        .ok_or_else(|| {
            out_of_range(format!(
                "time of day {raw} {unit} is outside 00:00:00 to 24:00:00"
            ))
        })
}

impl TryFrom<NaiveTime> for TimeMillis {
    type Error = Error;
    fn try_from(v: NaiveTime) -> Result<Self> {
        Ok(TimeMillis((checked_nanos_of_day(&v)? / 1_000_000) as i32))
    }
}

impl TryFrom<TimeMillis> for NaiveTime {
    type Error = Error;
    fn try_from(v: TimeMillis) -> Result<Self> {
        time_of_day(
            Some(i64::from(v.0) * 1_000_000),
            i64::from(v.0),
            "milliseconds",
        )
    }
}

impl TryFrom<NaiveTime> for TimeMicros {
    type Error = Error;
    fn try_from(v: NaiveTime) -> Result<Self> {
        Ok(TimeMicros(checked_nanos_of_day(&v)? / 1_000))
    }
}

impl TryFrom<TimeMicros> for NaiveTime {
    type Error = Error;
    fn try_from(v: TimeMicros) -> Result<Self> {
        time_of_day(v.0.checked_mul(1_000), v.0, "microseconds")
    }
}

#[cold]
fn timestamp_out_of_range(v: i64, unit: &str, ty: &str) -> Error {
    out_of_range(format!(
        "timestamp {v} {unit} from 1970-01-01T00:00:00 is outside the range of {ty}"
    ))
}

#[cold]
fn nanos_overflow(v: impl std::fmt::Display) -> Error {
    out_of_range(format!(
        "{v} is outside the range of a timestamp in nanoseconds (years 1677 to 2262)"
    ))
}

macro_rules! timestamp_conversions {
    ($chrono:ty, $to_utc:expr, $from_utc:expr, $ty_name:literal,
     $millis:ident, $micros:ident, $nanos:ident) => {
        impl From<$chrono> for $millis {
            fn from(v: $chrono) -> Self {
                let utc: DateTime<Utc> = $to_utc(v);
                $millis(utc.timestamp_millis())
            }
        }

        impl TryFrom<$millis> for $chrono {
            type Error = Error;
            fn try_from(v: $millis) -> Result<Self> {
                DateTime::from_timestamp_millis(v.0)
                    .map($from_utc)
                    .ok_or_else(|| timestamp_out_of_range(v.0, "milliseconds", $ty_name))
            }
        }

        impl From<$chrono> for $micros {
            fn from(v: $chrono) -> Self {
                let utc: DateTime<Utc> = $to_utc(v);
                $micros(utc.timestamp_micros())
            }
        }

        impl TryFrom<$micros> for $chrono {
            type Error = Error;
            fn try_from(v: $micros) -> Result<Self> {
                DateTime::from_timestamp_micros(v.0)
                    .map($from_utc)
                    .ok_or_else(|| timestamp_out_of_range(v.0, "microseconds", $ty_name))
            }
        }

        impl TryFrom<$chrono> for $nanos {
            type Error = Error;
            fn try_from(v: $chrono) -> Result<Self> {
                let utc: DateTime<Utc> = $to_utc(v);
                utc.timestamp_nanos_opt()
                    .map($nanos)
                    .ok_or_else(|| nanos_overflow(v))
            }
        }

        impl From<$nanos> for $chrono {
            fn from(v: $nanos) -> Self {
                $from_utc(DateTime::from_timestamp_nanos(v.0))
            }
        }
    };
}

timestamp_conversions!(
    DateTime<Utc>,
    |v: DateTime<Utc>| v,
    |v: DateTime<Utc>| v,
    "chrono::DateTime<Utc>",
    TimestampMillis,
    TimestampMicros,
    TimestampNanos
);
timestamp_conversions!(
    NaiveDateTime,
    |v: NaiveDateTime| v.and_utc(),
    |v: DateTime<Utc>| v.naive_utc(),
    "chrono::NaiveDateTime",
    LocalTimestampMillis,
    LocalTimestampMicros,
    LocalTimestampNanos
);

macro_rules! logical_modules {
    ($($name:ident, $avro:literal, $value:ty, $raw:ident, $write:ident, $read:ident;)*) => {$(
        #[doc = concat!("Avro `", $avro, "` as [`", stringify!($value), "`].")]
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
    date, "date", NaiveDate, Date, int, read_int;
    time_millis, "time-millis", NaiveTime, TimeMillis, int, read_int;
    time_micros, "time-micros", NaiveTime, TimeMicros, long, read_long;
    timestamp_millis, "timestamp-millis", DateTime<Utc>, TimestampMillis, long, read_long;
    timestamp_micros, "timestamp-micros", DateTime<Utc>, TimestampMicros, long, read_long;
    timestamp_nanos, "timestamp-nanos", DateTime<Utc>, TimestampNanos, long, read_long;
    local_timestamp_millis, "local-timestamp-millis", NaiveDateTime, LocalTimestampMillis, long, read_long;
    local_timestamp_micros, "local-timestamp-micros", NaiveDateTime, LocalTimestampMicros, long, read_long;
    local_timestamp_nanos, "local-timestamp-nanos", NaiveDateTime, LocalTimestampNanos, long, read_long;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode;
    use crate::ErrorKind;

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

    #[test]
    fn dates() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        assert_eq!(Date::from(epoch), Date(0));
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(Date::from(d), Date(19782));
        assert_eq!(
            NaiveDate::try_from(Date(-1)).unwrap(),
            NaiveDate::from_ymd_opt(1969, 12, 31).unwrap()
        );
        assert_eq!(
            NaiveDate::try_from(Date::from(NaiveDate::MAX)).unwrap(),
            NaiveDate::MAX
        );
        assert_eq!(
            NaiveDate::try_from(Date::from(NaiveDate::MIN)).unwrap(),
            NaiveDate::MIN
        );
        assert!(NaiveDate::try_from(Date(Date::from(NaiveDate::MAX).0 + 1)).is_err());
        for v in [i32::MAX, i32::MIN] {
            let e = date::decode(&mut Reader::new(&int_bytes(v))).unwrap_err();
            assert!(matches!(e.kind(), ErrorKind::OutOfRange(_)));
            assert_eq!(e.offset(), Some(0));
        }
        let mut out = Vec::new();
        date::encode(&mut out, &d).unwrap();
        assert_eq!(date::decode(&mut Reader::new(&out)).unwrap(), d);
    }

    #[test]
    fn times() {
        let t = NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_999).unwrap();
        assert_eq!(TimeMillis::try_from(t).unwrap(), TimeMillis(86_399_999));
        assert_eq!(TimeMicros::try_from(t).unwrap(), TimeMicros(86_399_999_999));
        let mut out = Vec::new();
        time_millis::encode(&mut out, &t).unwrap();
        assert_eq!(
            time_millis::decode(&mut Reader::new(&out)).unwrap(),
            NaiveTime::from_hms_milli_opt(23, 59, 59, 999).unwrap()
        );
        assert_eq!(NaiveTime::try_from(TimeMillis(0)).unwrap(), NaiveTime::MIN);
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
        assert_eq!(
            NaiveTime::try_from(TimeMicros(86_399_999_999)).unwrap(),
            NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap()
        );
        // Leap second at the end of the day.
        let leap = NaiveTime::from_hms_milli_opt(23, 59, 59, 1_500).unwrap();
        assert!(is_out_of_range(time_millis::encode(&mut out, &leap)));
        assert!(is_out_of_range(time_micros::encode(&mut out, &leap)));
    }

    #[test]
    fn timestamps() {
        let dt = DateTime::from_timestamp(1_700_000_000, 123_456_789).unwrap();
        assert_eq!(
            TimestampMillis::from(dt),
            TimestampMillis(1_700_000_000_123)
        );
        assert_eq!(
            TimestampMicros::from(dt),
            TimestampMicros(1_700_000_000_123_456)
        );
        assert_eq!(
            TimestampNanos::try_from(dt).unwrap(),
            TimestampNanos(1_700_000_000_123_456_789)
        );
        // Truncation towards the past before the epoch.
        let before = DateTime::from_timestamp(-1, 999_999_999).unwrap();
        assert_eq!(TimestampMillis::from(before), TimestampMillis(-1));
        assert_eq!(TimestampMicros::from(before), TimestampMicros(-1));
        for m in [i64::MAX, i64::MIN] {
            assert!(is_out_of_range(timestamp_millis::decode(&mut Reader::new(
                &long_bytes(m)
            ))));
            assert!(is_out_of_range(local_timestamp_millis::decode(
                &mut Reader::new(&long_bytes(m))
            )));
            assert!(is_out_of_range(timestamp_micros::decode(&mut Reader::new(
                &long_bytes(m)
            ))));
            // Every i64 of nanoseconds is within chrono's range.
            let d = timestamp_nanos::decode(&mut Reader::new(&long_bytes(m))).unwrap();
            assert_eq!(TimestampNanos::try_from(d).unwrap().0, m);
            let d = local_timestamp_nanos::decode(&mut Reader::new(&long_bytes(m))).unwrap();
            assert_eq!(LocalTimestampNanos::try_from(d).unwrap().0, m);
        }
        let max = DateTime::<Utc>::MAX_UTC;
        assert!(is_out_of_range(timestamp_nanos::encode(
            &mut Vec::new(),
            &max
        )));
        assert!(is_out_of_range(local_timestamp_nanos::encode(
            &mut Vec::new(),
            &max.naive_utc()
        )));
        // Millis and micros encode the whole chrono range.
        for v in [DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC] {
            let mut out = Vec::new();
            timestamp_millis::encode(&mut out, &v).unwrap();
            timestamp_micros::encode(&mut out, &v).unwrap();
            let mut r = Reader::new(&out);
            let a = timestamp_millis::decode(&mut r).unwrap();
            let b = timestamp_micros::decode(&mut r).unwrap();
            assert_eq!(a.timestamp(), v.timestamp());
            assert_eq!(b.timestamp(), v.timestamp());
        }
        let naive = dt.naive_utc();
        for (enc, dec) in [
            (
                local_timestamp_millis::encode as fn(&mut Vec<u8>, &NaiveDateTime) -> Result<()>,
                local_timestamp_millis::decode as fn(&mut Reader<'_>) -> Result<NaiveDateTime>,
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
            assert_eq!(back.and_utc().timestamp_millis(), dt.timestamp_millis());
        }
        let mut out = Vec::new();
        timestamp_nanos::encode(&mut out, &dt).unwrap();
        assert_eq!(timestamp_nanos::decode(&mut Reader::new(&out)).unwrap(), dt);
    }
}
