// Enums with data: unions. Unit variant = null, newtype variant = its type, struct variant = a
// record, which may contain the enum itself.
use std::collections::HashMap;

use avro_derive::AvroSchema;
use avro_runtime::{AvroSchema, Decode, Encode};

#[derive(AvroSchema, Debug, PartialEq)]
struct Point {
    x: f64,
    y: f64,
}

#[derive(AvroSchema, Debug, PartialEq)]
#[avro(namespace = "ui.pass", rename_all = "PascalCase")]
#[allow(non_camel_case_types)]
enum Expr {
    Nothing,
    Literal(i64),
    Text(String),
    At(Point),
    List(Vec<i32>),
    Dict(HashMap<String, String>),
    /// The sum of two expressions.
    #[avro(alias = "Plus")]
    add {
        left: Box<Expr>,
        right: Box<Expr>,
        #[avro(skip, default)]
        cached: Option<i64>,
    },
    #[avro(rename = "Many")]
    All {
        items: Vec<Self>,
        #[avro(default = "{}")]
        named: HashMap<String, Expr>,
    },
}

#[derive(AvroSchema, Debug, PartialEq)]
enum Either {
    Left(i32),
    Right(String),
}

fn main() {
    let e = Expr::add {
        left: Box::new(Expr::Literal(1)),
        right: Box::new(Expr::All {
            items: vec![Expr::Nothing, Expr::At(Point { x: 1.0, y: 2.0 })],
            named: HashMap::from([("t".to_string(), Expr::Text("x".into()))]),
        }),
        cached: None,
    };
    assert_eq!(Expr::from_avro_slice(&e.to_avro_vec().unwrap()).unwrap(), e);
    assert!(Expr::SCHEMA_JSON.starts_with(r#"["null","long","string",{"type":"record","name":"Point""#));
    assert_eq!(Either::SCHEMA_JSON, r#"["int","string"]"#);
    assert_eq!(Either::Right("a".into()).to_avro_vec().unwrap(), [2, 2, b'a']);
}
