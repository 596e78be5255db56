// Structs with one unnamed field: the field's schema, or a named fixed when asked.
use avro_derive::AvroSchema;
use avro_runtime::{AvroSchema, AvroType, Decode, Encode};

const SIZE: usize = 6;

#[derive(AvroSchema, Debug, PartialEq)]
struct Meters(f64);

#[derive(AvroSchema, Debug, PartialEq)]
struct Tags(Vec<String>);

#[derive(AvroSchema, Debug, PartialEq)]
#[avro(fixed)]
struct Mac([u8; SIZE]);

#[derive(AvroSchema, Debug, PartialEq)]
#[avro(fixed = 4, name = "IPv4", namespace = "net", alias = "Ip", doc = "An address.")]
struct Ip([u8; 4]);

#[derive(AvroSchema, Debug, PartialEq)]
struct Stamp(#[avro(logical = "timestamp-millis")] i64);

fn main() {
    assert_eq!(Meters::SCHEMA_JSON, r#""double""#);
    assert_eq!(<Tags as AvroType>::SCHEMA, <Vec<String> as AvroType>::SCHEMA);
    assert_eq!(Mac::SCHEMA_JSON, r#"{"type":"fixed","name":"Mac","size":6}"#);
    assert_eq!(Ip::CANONICAL_FORM, r#"{"name":"net.IPv4","type":"fixed","size":4}"#);
    assert_eq!(Stamp::SCHEMA_JSON, r#"{"type":"long","logicalType":"timestamp-millis"}"#);
    let ip = Ip([127, 0, 0, 1]);
    assert_eq!(ip.to_avro_vec().unwrap(), [127, 0, 0, 1]);
    assert_eq!(Ip::from_avro_slice(&[1, 2, 3, 4]).unwrap(), Ip([1, 2, 3, 4]));
    assert_eq!(Mac::from_avro_slice(&[0; 6]).unwrap(), Mac([0; 6]));
    assert_eq!(Meters::from_avro_slice(&Meters(2.0).to_avro_vec().unwrap()).unwrap(), Meters(2.0));
    assert_eq!(Stamp(5).to_avro_vec().unwrap(), [10]);
}
