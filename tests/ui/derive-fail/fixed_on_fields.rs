use avro_derive::AvroSchema;

#[derive(AvroSchema)]
struct Blobs {
    #[avro(fixed = 16)]
    already: [u8; 16],
    #[avro(fixed = 4)]
    number: i32,
    #[avro(fixed)]
    sizeless: Vec<u8>,
}

fn main() {}
