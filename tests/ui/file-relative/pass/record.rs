//! One file with a record: its type, constants and codec.
use avro_runtime::{AvroSchema, Decode, Encode};

mod avro {
    avro_derive::include_schema!(file = "../../schemas/point.avsc");
}

use avro::ui::geo::Point;

fn main() {
    let p = Point {
        x: 1.5,
        y: -2.0,
        label: Some("a".to_owned()),
    };
    let bytes = p.to_avro_vec().unwrap();
    assert_eq!(bytes.len(), 8 + 8 + 1 + 2);
    assert_eq!(Point::from_avro_slice(&bytes).unwrap(), p);
    assert_eq!(
        Point::CANONICAL_FORM,
        r#"{"name":"ui.geo.Point","type":"record","fields":[{"name":"x","type":"double"},{"name":"y","type":"double"},{"name":"label","type":["null","string"]}]}"#
    );
    assert_eq!(Point::default_label(), None);
}
