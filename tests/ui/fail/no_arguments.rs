avro_derive::include_schema!();

fn main() {}
