mod avro {
    avro_derive::include_schema!(file = "../../schemas/invalid-json.avsc");
}

fn main() {}
