use avro_derive::AvroSchema;

#[derive(AvroSchema)]
#[avro(rename_all = "kebab-case")]
struct Config {
    max_size: i32,
}

#[derive(AvroSchema)]
#[avro(rename_all = "Title Case")]
struct Other {
    max_size: i32,
}

fn main() {}
