use avro_derive::AvroSchema;

#[derive(AvroSchema)]
#[avro(name = "UserId", namespace = "com.example")]
struct UserId(i64);

#[derive(AvroSchema)]
#[avro(fixed = 8)]
struct Hash([u8; 16]);

#[derive(AvroSchema)]
#[avro(fixed)]
struct NotBytes(Vec<u8>);

#[derive(AvroSchema)]
struct Pair(i32, i32);

#[derive(AvroSchema)]
struct Unit;

#[derive(AvroSchema)]
struct Node(Box<Node>);

fn main() {}
