//! UI tests (trybuild) of `#[derive(AvroSchema)]`: every supported shape compiles
//! (`tests/ui/derive-pass/`), and every misuse gives the exact message in its `.stderr`
//! (`tests/ui/derive-fail/`): what is wrong, at the offending tokens, and what to write instead.
//!
//! Regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p avro-tests --test derive_ui` and review the diff.

#[test]
fn derive_ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/derive-pass/*.rs");
    t.compile_fail("ui/derive-fail/*.rs");
}
