use avro_derive::AvroSchema;

#[derive(AvroSchema)]
struct Payment {
    #[avro(logical = "decimal")]
    amount: avro_runtime::Decimal,
    #[avro(decimal(scale = 2))]
    fee: avro_runtime::Decimal,
    #[avro(decimal(precision = 2, scale = 4))]
    tax: avro_runtime::Decimal,
    #[avro(decimal(precision = 10, scale = 2))]
    cents: i64,
    #[avro(logical = "timestamp-seconds")]
    at: i64,
    #[avro(decimal(precision = 30, scale = 2), fixed = 8)]
    big: avro_runtime::Decimal,
    #[avro(logical = "uuid", fixed = 8)]
    id: String,
}

fn main() {}
