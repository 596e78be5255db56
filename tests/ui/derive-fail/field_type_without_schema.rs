use avro_derive::AvroSchema;

struct NotAvro;

#[derive(AvroSchema)]
struct Holder {
    plain: NotAvro,
    price: avro_runtime::Decimal,
}

fn main() {}
