use avro_derive::AvroSchema;

#[derive(AvroSchema)]
struct Settings {
    #[avro(default = "\"ten\"")]
    retries: i32,
    #[avro(default = "3000000000")]
    small: i32,
    #[avro(default = "\"x\"")]
    maybe: Option<String>,
    #[avro(default = "[1, \"two\"]")]
    list: Vec<i64>,
    #[avro(default = "{not json}")]
    broken: String,
    #[avro(default = "\"\\u0100\"")]
    raw: Vec<u8>,
}

fn main() {}
