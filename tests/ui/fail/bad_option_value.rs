mod avro {
    avro_derive::include_schema!("schemas/user.avsc", map_type = "SortedMap");
}

mod avro2 {
    avro_derive::include_schema!("schemas/user.avsc", type_attribute(".", "derive(Debug)"));
}

fn main() {}
