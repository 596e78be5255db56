//! Schema warnings reach the user on stable Rust, as deprecation warnings at the schema path
//! (denied here, so that the test pins their text).
#![deny(deprecated)]

mod avro {
    avro_derive::include_schema!(file = "../../schemas/warns.avsc");
}

fn main() {
    let _ = avro::ui::warn::Warns { at: 0 };
}
