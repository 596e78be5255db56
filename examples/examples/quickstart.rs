//! Quickstart: types generated from `schemas/quickstart/` by build.rs, a value built, encoded to
//! Avro binary, printed as hex with the schema fingerprint, decoded back and printed.
//!
//! Run: `cargo run -p examples --example quickstart`

use avro_runtime::{AvroSchema, Decode, Encode};
use examples::com::example::accounts::{Status, User};
use examples::com::example::common::Address;

// The same schemas, expanded in place by the proc-macro instead of build.rs.
mod from_macro {
    avro_derive::include_schema!(
        "../schemas/quickstart/user.avsc",
        "../schemas/quickstart/status.avsc",
        "../schemas/quickstart/address.avsc"
    );
}

fn main() -> Result<(), avro_runtime::Error> {
    let user = User {
        id: 42,
        email: "ada@example.com".into(),
        display_name: Some("Ada".into()),
        status: Status::Active,
        created_at: avro_runtime::TimestampMillis(1_700_000_000_000),
        address: Some(Address {
            street: "Keizersgracht 1".into(),
            city: "Amsterdam".into(),
            postcode: None,
            country: Address::default_country(),
        }),
        tags: vec!["admin".into(), "beta".into()],
        attributes: [("plan".to_string(), "pro".to_string())].into(),
        balance: avro_runtime::Decimal::from_i128(123_456, 2),
        avatar_md5: None,
    };

    let bytes = user.to_avro_vec()?;
    println!("schema:       {}", User::SCHEMA_JSON);
    println!("canonical:    {}", User::CANONICAL_FORM);
    println!(
        "fingerprint:  {:016x} (CRC-64-AVRO)",
        User::RABIN_FINGERPRINT
    );
    println!("encoded:      {} bytes", bytes.len());
    println!("hex:          {}", hex(&bytes));

    let decoded = User::from_avro_slice(&bytes)?;
    println!("decoded:      {decoded:#?}");
    assert_eq!(decoded, user);

    // The macro-generated type has the same schema, so it reads the same bytes.
    let via_macro = from_macro::com::example::accounts::User::from_avro_slice(&bytes)?;
    assert_eq!(
        from_macro::com::example::accounts::User::RABIN_FINGERPRINT,
        User::RABIN_FINGERPRINT
    );
    println!("include_schema! type decodes it too: {}", via_macro.email);
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
