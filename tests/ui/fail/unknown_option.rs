//! An option the macro does not know: the message lists the ones it does.
mod avro {
    avro_derive::include_schema!("schemas/user.avsc", json = true);
}

fn main() {}
