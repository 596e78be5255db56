// Records: every primitive and std type the derive builds structurally, with every field
// attribute; the constants are usable in const context.
use std::collections::{BTreeMap, HashMap};

use avro_derive::AvroSchema;
use avro_runtime::{AvroSchema, Decode, Encode};

/// A record with a doc comment.
#[derive(AvroSchema, Debug, PartialEq)]
#[avro(name = "Everything", namespace = "ui.pass", alias = "Old", aliases = ["ui.other.Older"])]
struct AllFields {
    unit: (),
    flag: bool,
    int: i32,
    long: i64,
    float: f32,
    double: f64,
    text: String,
    bytes: Vec<u8>,
    fixed: [u8; 3],
    #[avro(fixed = 2)]
    fixed_bytes: Vec<u8>,
    maybe: Option<i64>,
    boxed: Box<String>,
    list: Vec<Vec<String>>,
    map: HashMap<String, Option<f64>>,
    sorted: BTreeMap<String, Box<i32>>,
    tiny: i8,
    small: i16,
    port: u16,
    count: u32,
    #[avro(rename = "renamed", alias = "before", aliases = ["even_before"], doc = "Explicit doc.")]
    original: i32,
    /// From the doc comment.
    #[avro(default = "42", order = "descending")]
    with_default: i32,
    #[avro(default)]
    type_default: Vec<i32>,
    #[avro(order = "ignore")]
    r#type: String,
    #[avro(skip, default)]
    skipped: Vec<u64>,
}

#[derive(AvroSchema, Debug, PartialEq)]
struct Empty {}

#[derive(AvroSchema, Debug, PartialEq)]
#[avro(rename_all = "SCREAMING_SNAKE_CASE")]
struct Screaming {
    first_field: i32,
    second: u16,
}

const JSON: &str = <AllFields as AvroSchema>::SCHEMA_JSON;
const FINGERPRINT: u64 = <AllFields as AvroSchema>::RABIN_FINGERPRINT;

fn main() {
    let value = AllFields {
        unit: (),
        flag: true,
        int: -1,
        long: 1 << 40,
        float: 1.5,
        double: -0.25,
        text: "text".into(),
        bytes: vec![1, 2],
        fixed: [1, 2, 3],
        fixed_bytes: vec![4, 5],
        maybe: Some(3),
        boxed: Box::new("boxed".into()),
        list: vec![vec!["a".into()]],
        map: HashMap::from([("k".to_string(), None)]),
        sorted: BTreeMap::from([("s".to_string(), Box::new(7))]),
        tiny: -1,
        small: 2,
        port: 80,
        count: 7,
        original: 1,
        with_default: 2,
        type_default: vec![3],
        r#type: "t".into(),
        skipped: vec![9],
    };
    let bytes = value.to_avro_vec().unwrap();
    let back = AllFields::from_avro_slice(&bytes).unwrap();
    assert_eq!(back.skipped, Vec::<u64>::new());
    assert!(JSON.contains("\"name\":\"renamed\""));
    assert_eq!(FINGERPRINT, avro_runtime::schema::rabin(AllFields::CANONICAL_FORM.as_bytes()));
    assert_eq!(Empty::SCHEMA_JSON, r#"{"type":"record","name":"Empty","fields":[]}"#);
    assert!(Empty::from_avro_slice(&Empty {}.to_avro_vec().unwrap()).is_ok());
    assert!(Screaming::SCHEMA_JSON.contains("FIRST_FIELD"));
}
