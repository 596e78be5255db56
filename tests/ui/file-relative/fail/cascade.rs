//! One schema error and code that uses the schema's types: only the schema error is reported
//! (the types are declared as placeholders), not "cannot find `ui` in `avro`" for every use.
mod avro {
    avro_derive::include_schema!(file = "../../schemas/unknown-type.avsc");
}

use avro::ui::shop::Customer;
use avro_runtime::Decode;

fn address(c: &Customer) -> &str {
    &c.address.street
}

fn main() {
    let c = Customer::from_avro_slice(&[0]).unwrap();
    println!("{}", address(&c));
}
