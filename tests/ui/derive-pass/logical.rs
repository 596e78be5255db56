// Logical types on every Rust type that holds them, in wrappers, and decimals.
use avro_derive::AvroSchema;
use avro_runtime::chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use avro_runtime::time::{Date, OffsetDateTime, PrimitiveDateTime, Time};
use avro_runtime::uuid::Uuid;
use avro_runtime::{AvroSchema, Decode, Encode};

#[derive(AvroSchema, Debug, PartialEq)]
struct Logical {
    date: avro_runtime::Date,
    #[avro(logical = "date")]
    raw_date: i32,
    #[avro(logical = "time-millis")]
    raw_time: i32,
    #[avro(logical = "local-timestamp-micros")]
    raw_local: i64,
    chrono_date: NaiveDate,
    #[avro(logical = "time-millis")]
    chrono_time: NaiveTime,
    #[avro(logical = "timestamp-nanos")]
    chrono_ts: DateTime<Utc>,
    #[avro(logical = "local-timestamp-millis")]
    chrono_local: Option<NaiveDateTime>,
    time_date: Date,
    #[avro(logical = "time-millis")]
    time_time: Time,
    #[avro(logical = "timestamp-millis")]
    time_ts: Vec<OffsetDateTime>,
    time_local: PrimitiveDateTime,
    uuid: Uuid,
    #[avro(logical = "uuid", fixed = 16)]
    uuid_fixed: Uuid,
    #[avro(logical = "uuid")]
    uuid_text: String,
    #[avro(logical = "uuid")]
    uuid_bytes: [u8; 16],
    duration: avro_runtime::Duration,
    #[avro(logical = "duration", fixed = 12)]
    duration_bytes: [u8; 12],
    #[avro(decimal(precision = 9, scale = 2))]
    price: avro_runtime::Decimal,
    #[avro(decimal(precision = 4), fixed = 2)]
    small: avro_runtime::rust_decimal::Decimal,
    #[avro(decimal(precision = 28, scale = 10), default = "null")]
    maybe_price: Option<avro_runtime::rust_decimal::Decimal>,
}

fn main() {
    let json = Logical::SCHEMA_JSON;
    assert!(json.contains(r#"{"name":"small","type":{"type":"fixed","name":"decimal_2_4_0","namespace":"avro_runtime","size":2,"logicalType":"decimal","precision":4,"scale":0}}"#), "{json}");
    let _ = |v: &Logical| (v.to_avro_vec(), Logical::from_avro_slice(&[]));
}
