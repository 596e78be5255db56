mod avro {
    avro_derive::include_schema!(file = "../../schemas/point.avsc", file = "../../schemas/two-errors.avsc");
}

fn main() {}
