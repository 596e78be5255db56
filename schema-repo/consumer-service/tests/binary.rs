//! The consumer service's binary reads what a producer built from the same repository wrote:
//! orders of every schema version, by the decoders generated for them.

use std::process::Command;

use schema_repo::exchange::produce;

#[test]
fn the_consumer_service_reads_every_order_version() {
    let dir = std::env::temp_dir().join(format!("consumer-service-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    produce(&dir, 4, 6).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_consumer-service"))
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "orders-v1.avro: 6 records, writer schema",
        "orders-v2.avro: 6 records, writer schema",
        "decoded via KnownWriter",
        "orders-v3.avro: 6 records, writer schema",
        "decoded via Own",
        "order A-00001 customer 101 status Placed lines 1xSKU-0,2xSKU-1 ship to None",
        "order B-00001 customer 101 status Shipped",
        "order C-00001 customer 101 status Placed",
    ] {
        assert!(printed.contains(expected), "{expected}:\n{printed}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
