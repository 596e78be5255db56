//! The peers used by the benchmark are equivalent to ours: byte-identical encodings (maps aside) and
//! decoders that return the original records. Cheap: a few hundred records per schema.

use avro_bench::harness::verify_schema;
use avro_bench::schemas::{BatchB, EventA, WideC};

#[test]
fn event_a_contenders_agree() {
    verify_schema::<EventA>(300).unwrap();
}

#[test]
fn batch_b_contenders_agree() {
    verify_schema::<BatchB>(100).unwrap();
}

#[test]
fn wide_c_contenders_agree() {
    verify_schema::<WideC>(300).unwrap();
}

/// The check is not vacuous: a record that differs from the one ours encoded is caught.
#[test]
fn verification_detects_a_difference() {
    use avro_bench::harness::{verify, Dataset, PeerSchemas};
    let mut data = Dataset::<EventA>::generate(3);
    data.model[1].count += 1;
    let err = verify(&data, &PeerSchemas::new::<EventA>()).unwrap_err();
    assert!(err.contains("record 1"), "{err}");
}
