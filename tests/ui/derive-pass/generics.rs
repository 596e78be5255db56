// Generic types: type parameters (bounded by the traits), const parameters, where clauses;
// the schema follows the parameters.
use avro_derive::AvroSchema;
use avro_runtime::{AvroSchema, AvroType, Decode, Encode};

#[derive(AvroSchema, Debug, PartialEq)]
struct Pair<A, B>
where
    A: Clone,
{
    first: A,
    second: Option<B>,
    rest: Vec<A>,
}

#[derive(AvroSchema, Debug, PartialEq)]
struct Buffer<const N: usize> {
    data: [u8; N],
}

#[derive(AvroSchema, Debug, PartialEq)]
enum Maybe<T> {
    Nothing,
    Just(T),
}

fn round_trip<T: Encode + for<'a> Decode<'a> + PartialEq + std::fmt::Debug>(value: T) {
    assert_eq!(T::from_avro_slice(&value.to_avro_vec().unwrap()).unwrap(), value);
}

fn schema_of<T: AvroSchema>() -> &'static str {
    T::SCHEMA_JSON
}

fn main() {
    round_trip(Pair { first: 1i64, second: Some("s".to_string()), rest: vec![2] });
    round_trip(Buffer { data: [1, 2, 3] });
    round_trip(Maybe::Just(Buffer { data: [9; 2] }));
    assert_eq!(
        schema_of::<Pair<i32, bool>>(),
        r#"{"type":"record","name":"Pair","fields":[{"name":"first","type":"int"},{"name":"second","type":["null","boolean"]},{"name":"rest","type":{"type":"array","items":"int"}}]}"#
    );
    assert_eq!(<Maybe<f32> as AvroType>::SCHEMA, &avro_runtime::schema::Schema::Union(&[&avro_runtime::schema::Schema::Null, &avro_runtime::schema::Schema::Float]));
    assert!(schema_of::<Buffer<16>>().contains(r#""name":"fixed_16""#));
}
