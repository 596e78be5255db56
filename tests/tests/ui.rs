//! UI tests (trybuild): what compiles, and the exact compiler messages of what does not.
//!
//! * `tests/ui/pass/goldens.rs` compiles every golden file (`tests/golden/`, see `golden.rs`).
//! * `tests/ui/fail/*.rs`: misuse of `include_schema!` (unknown options, option values that are
//!   not one of the option's enum, attributes that are not attributes), each with its expected
//!   `.stderr`.
//! * `tests/ui/file-relative/{pass,fail}/*.rs`: `include_schema!` on the schema files in
//!   `tests/ui/schemas/` (one record; several files referencing each other; comments; a
//!   directory with a subdirectory; an unreadable path; invalid JSON; two errors in one file; an
//!   unknown type; an unknown type with code that uses the schema's types, which gets no further
//!   errors; a schema warning, denied so that its text is pinned).
//! * `tests/include_schema.rs` covers the options whose paths are crate-relative.
//!
//! trybuild compiles each case in a crate of its own under
//! `<target dir>/tests/trybuild/avro-tests/`, so `CARGO_MANIFEST_DIR` there is not this
//! package's directory, and no path relative to it reaches `tests/ui/schemas/` both with the
//! default target dir and with `CARGO_TARGET_DIR` elsewhere. The file-relative cases therefore
//! name their schemas with `file = "../../schemas/x.avsc"`, a path relative to the invoking
//! source file like `include_str!`.
//!
//! Regenerate the `.stderr` files with `TRYBUILD=overwrite cargo test -p avro-tests --test ui`
//! and review the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}

#[test]
fn ui_schema_files() {
    let t = trybuild::TestCases::new();
    t.pass("ui/file-relative/pass/*.rs");
    t.compile_fail("ui/file-relative/fail/*.rs");
}
