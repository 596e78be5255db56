use avro_derive::AvroSchema;

#[derive(AvroSchema)]
struct Session {
    id: i64,
    #[avro(skip)]
    cache: Vec<u8>,
    #[avro(skip, default = "[]")]
    scratch: Vec<i32>,
    #[avro(skip, default, rename = "x")]
    other: i32,
}

fn main() {}
