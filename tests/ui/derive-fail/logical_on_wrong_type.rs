use avro_derive::AvroSchema;

#[derive(AvroSchema)]
struct Event {
    #[avro(logical = "date")]
    day: String,
}

fn main() {}
