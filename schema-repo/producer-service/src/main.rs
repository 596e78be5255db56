//! The producer service: writes customers and orders of every order schema version (as producers
//! built from each release of the schema repository write them) as Avro container files.
//!
//! Run: `cargo run -p producer-service [-- DIR]` (default: a directory in the system's
//! temporary directory), then the consumer with the same directory.

use schema_repo::exchange::{default_dir, produce};

fn main() -> Result<(), schema_repo::exchange::Error> {
    let dir = std::env::args_os()
        .nth(1)
        .map(Into::into)
        .unwrap_or_else(default_dir);
    for written in produce(&dir, 4, 6)? {
        println!(
            "wrote {} records to {} (writer schema {:016x})",
            written.records,
            written.path.display(),
            written.fingerprint
        );
    }
    Ok(())
}
