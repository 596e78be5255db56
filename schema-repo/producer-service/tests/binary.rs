//! The producer service's binary writes the four files, which the repository's consumer logic
//! reads by the expected decoders.

use std::process::Command;

use schema_repo::exchange::{consume, ORDERS_V1_FILE, ORDERS_V2_FILE, ORDERS_V3_FILE};

#[test]
fn the_producer_service_writes_every_order_version() {
    let dir = std::env::temp_dir().join(format!("producer-service-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_producer-service"))
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(printed.lines().count(), 4, "{printed}");
    let consumed = consume(&dir).unwrap();
    let files: Vec<(&str, usize)> = consumed
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.records))
        .collect();
    assert_eq!(
        files[1..],
        [
            (ORDERS_V1_FILE, 6),
            (ORDERS_V2_FILE, 6),
            (ORDERS_V3_FILE, 6)
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
