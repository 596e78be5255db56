//! Encoding and decoding with apache-avro, with named types from other schemata.

use apache_avro::reader::datum::GenericDatumReader;
use apache_avro::schema::ResolvedSchema;
use apache_avro::types::Value;
use apache_avro::writer::datum::GenericDatumWriter;
use apache_avro::Schema;

fn resolved<'s>(schema: &'s Schema, schemata: &[&'s Schema]) -> Result<ResolvedSchema<'s>, String> {
    let mut all = Vec::with_capacity(schemata.len() + 1);
    // referenced schemata first: apache-avro resolves the list in order
    all.extend_from_slice(schemata);
    all.push(schema);
    ResolvedSchema::new_with_schemata(all).map_err(|e| format!("apache-avro name resolution: {e}"))
}

/// Encodes `value` with apache-avro (`GenericDatumWriter`, which validates the value against
/// the schema first); named types may come from `schemata` (pass `&[]` if there are none).
/// Errors are returned as text.
///
/// ```
/// use apache_avro::{types::Value, Schema};
/// let schema = Schema::parse_str(r#"["null", "long"]"#).unwrap();
/// let value = Value::Union(1, Box::new(Value::Long(-1)));
/// assert_eq!(avro_tests::apache_encode(&schema, &[], &value).unwrap(), [2, 1]);
/// ```
pub fn apache_encode(
    schema: &Schema,
    schemata: &[&Schema],
    value: &Value,
) -> Result<Vec<u8>, String> {
    let writer = GenericDatumWriter::builder(schema)
        .resolved_schemata(resolved(schema, schemata)?)
        .build()
        .map_err(|e| format!("apache-avro writer: {e}"))?;
    let mut out = Vec::new();
    writer
        .write_value_ref(&mut out, value)
        .map_err(|e| format!("apache-avro encode: {e}"))?;
    Ok(out)
}

/// Decodes one datum with apache-avro (`GenericDatumReader`, no schema resolution); named
/// types may come from `schemata`. Unlike apache-avro itself this fails if bytes are left over.
///
/// ```
/// use apache_avro::{types::Value, Schema};
/// let schema = Schema::parse_str(r#"["null", "long"]"#).unwrap();
/// let value = avro_tests::apache_decode(&schema, &[], &[2, 1]).unwrap();
/// assert_eq!(value, Value::Union(1, Box::new(Value::Long(-1))));
/// assert!(avro_tests::apache_decode(&schema, &[], &[2, 1, 0]).is_err());
/// ```
pub fn apache_decode(schema: &Schema, schemata: &[&Schema], bytes: &[u8]) -> Result<Value, String> {
    let reader = GenericDatumReader::builder(schema)
        .resolved_writer_schemata(resolved(schema, schemata)?)
        .build()
        .map_err(|e| format!("apache-avro reader: {e}"))?;
    let mut rest = bytes;
    let value = reader
        .read_value(&mut rest)
        .map_err(|e| format!("apache-avro decode: {e}"))?;
    if !rest.is_empty() {
        return Err(format!(
            "apache-avro decode: {} trailing byte(s)",
            rest.len()
        ));
    }
    Ok(value)
}

/// Whether `value` holds a map with several entries, at any depth: the order of map entries is
/// free in Avro, and apache-avro's `Value::Map` (a `HashMap`) and generated types with `HashMap`s
/// do not keep it, so such a datum re-encodes to bytes of the same length but maybe another order.
pub fn has_unordered_map(value: &Value) -> bool {
    match value {
        Value::Map(m) => m.len() > 1 || m.values().any(has_unordered_map),
        Value::Array(items) => items.iter().any(has_unordered_map),
        Value::Record(fields) => fields.iter().any(|(_, v)| has_unordered_map(v)),
        Value::Union(_, v) => has_unordered_map(v),
        _ => false,
    }
}
