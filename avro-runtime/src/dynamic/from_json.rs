//! Avro JSON → binary datum, with the [`json`](crate::json) module's strict reading rules.

use serde_json::Value;

use super::{Node, SchemaCodec};
use crate::json;
use crate::{encode, Error, ErrorKind, Result};

impl SchemaCodec {
    /// Appends the binary encoding of the Avro JSON `value` to `out`. The value must match the
    /// schema exactly (the rules of the [`json`](crate::json) module: a missing record field
    /// takes its default); errors have the JSON path of the offending value. On error `out` may
    /// hold part of the datum.
    pub fn encode_json(&self, value: &Value, out: &mut Vec<u8>) -> Result<()> {
        self.encode_value(self.root, value, out)
    }

    /// Parses `text` as one JSON value and encodes it like [`SchemaCodec::encode_json`].
    pub fn encode_json_str(&self, text: &str, out: &mut Vec<u8>) -> Result<()> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| Error::from(ErrorKind::InvalidJson(e.to_string())))?;
        self.encode_json(&value, out)
    }

    fn encode_value(&self, node: u32, value: &Value, out: &mut Vec<u8>) -> Result<()> {
        match self.nodes[node as usize] {
            Node::Null => json::read_null(value)?,
            Node::Boolean => encode::boolean(out, json::read_boolean(value)?),
            Node::Int => encode::int(out, json::read_int(value)?),
            Node::Long => encode::long(out, json::read_long(value)?),
            Node::Float => encode::float(out, json::read_float(value)?),
            Node::Double => encode::double(out, json::read_double(value)?),
            Node::Bytes => encode::bytes(out, &json::read_bytes(value)?),
            Node::String => encode::string(out, json::read_str(value)?),
            Node::Fixed(size) => encode::fixed(out, &json::read_fixed_vec(value, size)?),
            Node::Enum(e) => {
                let e = &self.enums[e as usize];
                encode::enum_index(out, json::read_enum_in(value, &e.name, &e.symbols)?);
            }
            Node::Array { items, .. } => {
                let values = json::read_array(value)?;
                if !values.is_empty() {
                    encode::block_len(out, values.len());
                    for (i, v) in values.iter().enumerate() {
                        self.encode_value(items, v, out)
                            .map_err(|e| e.in_index(i))?;
                    }
                }
                encode::block_len(out, 0);
            }
            Node::Map { values, .. } => {
                let entries = json::read_map(value)?;
                if !entries.is_empty() {
                    encode::block_len(out, entries.len());
                    for (key, v) in entries {
                        encode::string(out, key);
                        self.encode_value(values, v, out)
                            .map_err(|e| e.in_key(key))?;
                    }
                }
                encode::block_len(out, 0);
            }
            Node::Union(u) => {
                let union = &self.unions[u as usize];
                let (i, inner) = json::read_branch_in(value, &union.names)?;
                encode::union_index(out, i);
                let branch = &union.branches[i];
                if !branch.open_json.is_empty() {
                    self.encode_value(branch.node, inner, out)
                        .map_err(|e| e.in_key(&union.names[i]))?;
                }
            }
            Node::Record(r) => {
                let record = &self.records[r as usize];
                let members = json::read_record_in(value, &record.name, &record.field_names)?;
                for field in record.fields.iter() {
                    match (members.optional(&field.name), &field.default) {
                        (Some(v), _) => self
                            .encode_value(field.node, v, out)
                            .map_err(|e| e.in_field_named(&field.name))?,
                        (None, Some(default)) => out.extend_from_slice(default),
                        (None, None) => {
                            members.required(&field.name)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }
}
