//! `avro_json = true` adds the Avro JSON encoding to the generated types.
use avro_runtime::json::{FromAvroJson, ToAvroJson};

mod avro {
    avro_derive::include_schema!(
        file = "../../schemas/shape.avsc",
        file = "../../schemas/point.avsc",
        file = "../../schemas/kind.avsc",
        avro_json = true,
    );
}

use avro::ui::geo::{Kind, Point, Shape};

fn main() {
    let shape = Shape {
        kind: Kind::Line,
        points: vec![Point {
            x: 0.5,
            y: -1.0,
            label: Some("a".into()),
        }],
    };
    let text = shape.to_avro_json_string().unwrap();
    assert_eq!(
        text,
        r#"{"kind":"LINE","points":[{"x":0.5,"y":-1.0,"label":{"string":"a"}}]}"#
    );
    assert_eq!(Shape::from_avro_json_str(&text).unwrap(), shape);
    // `label` has a default: it may be left out.
    let point = Point::from_avro_json_str(r#"{"x": 1, "y": 2}"#).unwrap();
    assert_eq!(point.label, None);
}
