use avro_derive::AvroSchema;

#[derive(AvroSchema)]
#[avro(rename = "Person")]
struct User {
    #[avro(renam = "user_name", name = "x")]
    name: String,
    #[avro(rename = "age")]
    age: i32,
}

#[derive(AvroSchema)]
enum Color {
    #[avro(alais = "RED")]
    Red,
}

fn main() {}
