// Generates Rust types for the bundled quickstart schemas into OUT_DIR/avro_types.rs.
fn main() {
    avro_build::Config::new()
        .compile(&["../schemas/quickstart"])
        .unwrap_or_else(|e| panic!("{e}"));
}
