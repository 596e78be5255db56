use avro_derive::AvroSchema;

#[derive(AvroSchema)]
#[avro(name = "my-record", namespace = "com.example.", alias = "9lives")]
struct Record {
    #[avro(rename = "first name")]
    first: String,
    #[avro(alias = "old-name")]
    second: String,
}

#[derive(AvroSchema)]
enum Symbols {
    #[avro(rename = "1st")]
    First,
}

fn main() {}
