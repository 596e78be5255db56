use avro_derive::AvroSchema;

#[derive(AvroSchema)]
#[avro(rename_all = "camelCase")]
struct Event {
    user_id: i64,
    #[avro(rename = "userId")]
    legacy_user_id: i64,
    #[avro(alias = "userId")]
    other: i64,
}

#[derive(AvroSchema)]
#[avro(rename_all = "lowercase")]
enum Level {
    Info,
    INFO,
}

fn main() {}
