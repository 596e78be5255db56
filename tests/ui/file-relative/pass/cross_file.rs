//! Several files that reference each other's types, in any order, in one invocation.
use avro_runtime::{Decode, Encode};

mod avro {
    avro_derive::include_schema!(
        file = "../../schemas/shape.avsc",
        file = "../../schemas/point.avsc",
        file = "../../schemas/kind.avsc",
    );
}

use avro::ui::geo::{Kind, Point, Shape};

fn main() {
    let shape = Shape {
        kind: Kind::Polygon,
        points: vec![Point {
            x: 0.0,
            y: 1.0,
            label: None,
        }],
    };
    let bytes = shape.to_avro_vec().unwrap();
    assert_eq!(bytes[0], 2, "enum index 1, zigzag");
    assert_eq!(Shape::from_avro_slice(&bytes).unwrap(), shape);
}
