mod avro {
    avro_derive::include_schema!(file = "../../schemas/unknown-type.avsc");
}

fn main() {}
