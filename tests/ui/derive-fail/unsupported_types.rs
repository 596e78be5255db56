use avro_derive::AvroSchema;
use std::collections::HashMap;

#[derive(AvroSchema)]
struct Unsupported<'a> {
    counter: u64,
    pair: (i32, String),
    numbers: [i32; 4],
    by_id: HashMap<i32, String>,
    text: &'static str,
    letter: char,
    nested: Option<Option<i32>>,
    view: &'a [i32],
}

fn main() {}
