use avro_derive::AvroSchema;

#[derive(AvroSchema)]
enum Status {
    #[avro(default)]
    Active,
    #[avro(default)]
    Inactive,
}

#[derive(AvroSchema)]
enum Event {
    Started,
    Stopped,
    Failed(String),
    Retried(String),
    Moved(i32, i32),
    Maybe(Option<i64>),
    #[avro(default)]
    Other(i64),
}

#[derive(AvroSchema)]
enum Empty {}

fn main() {}
