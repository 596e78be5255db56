// Enums of unit variants: Avro enums, every rename rule, a default symbol, discriminants.
use avro_derive::AvroSchema;
use avro_runtime::{AvroSchema, Decode, Encode};

#[derive(AvroSchema, Debug, Clone, Copy, PartialEq)]
#[avro(namespace = "ui.pass", doc = "Explicit enum doc.", alias = "Colour")]
enum Color {
    Red = 10,
    #[avro(default)]
    Green = 20,
    #[avro(rename = "BLUE")]
    Blue = 30,
}

#[derive(AvroSchema, Debug, Clone, Copy, PartialEq)]
enum Single {
    Only,
}

macro_rules! rule {
    ($name:ident, $rule:literal, $expected:literal) => {
        #[derive(AvroSchema)]
        #[avro(rename_all = $rule)]
        #[allow(dead_code)]
        enum $name {
            FirstVariant,
        }
        assert!(
            $name::SCHEMA_JSON.contains(concat!("\"", $expected, "\"")),
            "{}",
            $name::SCHEMA_JSON
        );
    };
}

fn main() {
    for c in [Color::Red, Color::Green, Color::Blue] {
        assert_eq!(Color::from_avro_slice(&c.to_avro_vec().unwrap()).unwrap(), c);
    }
    assert_eq!(Color::Blue.to_avro_vec().unwrap(), [4]);
    assert!(Color::SCHEMA_JSON.contains(r#""default":"Green""#));
    assert_eq!(Single::from_avro_slice(&[0]).unwrap(), Single::Only);
    rule!(Lower, "lowercase", "firstvariant");
    rule!(Upper, "UPPERCASE", "FIRSTVARIANT");
    rule!(Pascal, "PascalCase", "FirstVariant");
    rule!(Camel, "camelCase", "firstVariant");
    rule!(Snake, "snake_case", "first_variant");
    rule!(Screaming, "SCREAMING_SNAKE_CASE", "FIRST_VARIANT");
}
