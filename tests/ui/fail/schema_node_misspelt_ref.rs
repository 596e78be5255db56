// A `Ref` that names no type defined before it (here: misspelt) is a compile error when the
// schema constants are computed, with a message saying what a `Ref` may name.

use avro_runtime::schema::{Field, Name, Record, Schema};
use avro_runtime::{AvroSchema, AvroType};

struct List;

impl AvroType for List {
    const SCHEMA: &'static Schema = &Schema::Record(&Record {
        name: Name {
            name: "List",
            namespace: Some("a"),
            aliases: &[],
            doc: None,
        },
        fields: &[Field {
            name: "next",
            schema: &Schema::Union(&[&Schema::Null, &Schema::Ref("a.Lits")]),
            doc: None,
            default: None,
            aliases: &[],
            order: None,
            attributes: &[],
        }],
        attributes: &[],
    });
}

avro_runtime::impl_avro_schema!(List);

fn main() {
    println!("{}", List::SCHEMA_JSON);
}
