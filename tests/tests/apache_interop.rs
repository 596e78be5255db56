//! Random values (proptest, 1,000 per schema): apache-avro encodes them; the generated type
//! decodes apache-avro's bytes to the same value (compared field by field, by name) and encodes
//! it back to exactly apache-avro's bytes (map entry order aside, which Avro leaves free).

use apache_avro::types::Value;
use apache_avro::Schema;
use avro_runtime::apache::ToApacheValue;
use avro_runtime::{Decode, Encode};
use avro_tests::generated as g;
use avro_tests::{apache_decode, apache_encode, arb_value, has_unordered_map, load_schema};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn check<T>(schema: &Schema, datum: Value) -> Result<(), TestCaseError>
where
    T: for<'a> Decode<'a> + Encode + ToApacheValue + std::fmt::Debug,
{
    let apache_bytes = apache_encode(schema, &[], &datum).map_err(TestCaseError::fail)?;
    let apache_view = apache_decode(schema, &[], &apache_bytes).map_err(TestCaseError::fail)?;
    let ours = T::from_avro_slice(&apache_bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(
        ours.to_apache_value()
            .map_err(|e| TestCaseError::fail(e.to_string()))?,
        apache_view.clone()
    );
    let our_bytes = ours
        .to_avro_vec()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    if has_unordered_map(&apache_view) {
        prop_assert_eq!(our_bytes.len(), apache_bytes.len());
        prop_assert_eq!(
            apache_decode(schema, &[], &our_bytes).map_err(TestCaseError::fail)?,
            apache_view
        );
    } else {
        prop_assert_eq!(our_bytes, apache_bytes);
    }
    Ok(())
}

fn all_types() -> Schema {
    load_schema("tests/data/project/all-types.avsc", &[])
        .unwrap()
        .0
}

fn interop() -> Schema {
    load_schema("tests/data/apache/schemas/interop.avsc", &[])
        .unwrap()
        .0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn all_types_default_mapping(datum in arb_value(&all_types())) {
        check::<g::all_types::org::example::oracle::AllTypes>(&all_types(), datum)?;
    }

    #[test]
    fn all_types_chrono_uuid_rust_decimal_btreemap(datum in arb_value(&all_types())) {
        check::<g::all_types_chrono::org::example::oracle::AllTypes>(&all_types(), datum)?;
    }

    #[test]
    fn all_types_time_crate(datum in arb_value(&all_types())) {
        check::<g::all_types_time::org::example::oracle::AllTypes>(&all_types(), datum)?;
    }

    #[test]
    fn interop_schema(datum in arb_value(&interop())) {
        check::<g::apache_schemas_interop::org::apache::avro::Interop>(&interop(), datum)?;
    }
}
