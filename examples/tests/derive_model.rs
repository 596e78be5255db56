//! The derive example (examples/src/derive_model.rs): the model's schema is valid and complete,
//! values round-trip, a borrowed view reads in place, and an older version's data is read as
//! the current type.

use avro_runtime::{AvroSchema, AvroType, Decode, Encode};
use examples::derive_model::{self, LineView, Order, OrderStatus, Payment};

#[test]
fn the_model_round_trips_and_reads_its_first_version() {
    let report = derive_model::run().unwrap();
    let mut expected = report.order.clone();
    expected.cached_total = None;
    assert_eq!(report.decoded, expected);
    assert!(report.views_borrow_input);

    // Version 1 had no note and no labels: the current type reads their defaults, and the
    // email from the field then called `mail` (the current field's alias).
    let mut upgraded = expected.clone();
    upgraded.note = None;
    upgraded.labels.clear();
    assert_eq!(report.from_v1, upgraded);
}

#[test]
fn the_schema_is_what_the_types_say() {
    // Every named type is defined once, at its first use; the generated Address is referenced.
    let json = Order::SCHEMA_JSON;
    for name in [
        "\"Customer\"",
        "\"Address\"",
        "\"Line\"",
        "\"OrderStatus\"",
        "\"Card\"",
    ] {
        assert_eq!(
            json.matches(&format!("\"name\":{name}")).count(),
            1,
            "{name} in {json}"
        );
    }
    assert!(json.contains(r#"{"name":"email","type":"string","doc":"Called `mail` by the first version of the schema.","aliases":["mail"]}"#), "{json}");
    assert!(
        json.contains(r#"["null",{"type":"record","name":"Card""#),
        "{json}"
    );
    assert!(!json.contains("cachedTotal"));
    // The avro-schema front-end (the generator's) reads the JSON to the same canonical form.
    let path = std::path::Path::new("Order");
    let value = avro_schema::parse::parse_json(path, json).unwrap();
    let (set, _warnings) = avro_schema::validate::validate_json(path, &value)
        .into_result()
        .unwrap();
    assert_eq!(
        avro_schema::canonical::canonical_form(&set, &set.roots[0].schema),
        Order::CANONICAL_FORM
    );
    assert_eq!(
        LineView::CANONICAL_FORM,
        <derive_model::Line as AvroSchema>::CANONICAL_FORM
    );
    assert_eq!(
        <LineView<'_> as AvroType>::SCHEMA,
        <derive_model::Line as AvroType>::SCHEMA
    );
}

#[test]
fn enum_and_union_encodings_are_indices() {
    assert_eq!(OrderStatus::Shipped.to_avro_vec().unwrap(), [4]);
    assert_eq!(Payment::Unpaid.to_avro_vec().unwrap(), [0]);
    assert_eq!(
        Payment::Voucher("X".into()).to_avro_vec().unwrap(),
        [4, 2, b'X']
    );
    assert_eq!(
        Payment::from_avro_slice(&[2, 2, b'9', 1, 2]).unwrap(),
        Payment::Card {
            last4: "9".into(),
            expiry: vec![1, 2]
        }
    );
}
