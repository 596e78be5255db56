// Every problem of one item is reported in one compilation.
use avro_derive::AvroSchema;

#[derive(AvroSchema)]
#[avro(namespace = "bad-namespace")]
struct Everything {
    #[avro(skip)]
    a: i32,
    #[avro(default = "true")]
    b: String,
    c: u8,
    #[avro(order = "sideways")]
    d: i64,
}

fn main() {}
