mod avro {
    avro_derive::include_schema!(file = "../../schemas/point.avsc", file = "../../schemas/no-such-file.avsc");
}

fn main() {}
