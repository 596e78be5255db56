//! Datums of schemas known only at run time (feature `dynamic`): the Avro binary encoding to
//! Avro JSON text and back, reading through a reader schema, and container files. This is what
//! the `avro` command (`cat`, `decode`, `encode`, `from-json`) runs on; generated types do not
//! need it.
//!
//! A schema is compiled once into a [`SchemaCodec`]: a table of nodes, one per type (named types
//! once, so recursive schemas give finite tables), with everything a datum needs prepared ahead
//! (the JSON text of field names, enum symbols and union branch names, the least size of array
//! items, the encoded defaults of record fields). A datum is then a walk over the table: no
//! schema work and no allocation per datum, and the JSON text is written straight into the
//! caller's buffer, without a value tree.
//!
//! The JSON is the [`json`](crate::json) module's (the specification's "JSON Encoding", as
//! fastavro and Java write it): union values as `{"<branch>": value}`, bytes and fixed as strings
//! of code points U+0000 to U+00FF, logical types as their underlying types, NaN and the
//! infinities as the strings `"NaN"`, `"Infinity"` and `"-Infinity"`, numbers and string escapes
//! as `serde_json` writes them. Reading JSON follows the same strict rules (a missing field takes
//! its default).
//!
//! Reading with another schema ([`DatumReader`]) reuses the runtime's schema resolution: the
//! writer/reader pair is compiled once into a [`Transcoder`](crate::resolve::Transcoder), which
//! rewrites each datum in the reader schema's encoding, and the reader schema's codec writes it.
//!
//! ```
//! use avro_runtime::dynamic::{DatumReader, SchemaCodec};
//! use avro_runtime::resolve::ParsedSchema;
//! use avro_runtime::Reader;
//!
//! let schema = ParsedSchema::parse(
//!     r#"{"type":"record","name":"P","fields":[{"name":"x","type":"long"},
//!         {"name":"tag","type":["null","string"]}]}"#,
//!     "schema",
//! )?;
//! let codec = SchemaCodec::new(&schema);
//! let mut datum = Vec::new();
//! codec.encode_json_str(r#"{"x": 5, "tag": {"string": "a"}}"#, &mut datum)?;
//! assert_eq!(datum, [0x0a, 0x02, 0x02, b'a']);
//!
//! let mut json = Vec::new();
//! codec.write_json(&mut Reader::new(&datum), &mut json)?;
//! assert_eq!(json, br#"{"x":5,"tag":{"string":"a"}}"#);
//!
//! // The same bytes read with a newer schema: `x` is a double, `y` is new.
//! let reader = ParsedSchema::parse(
//!     r#"{"type":"record","name":"P","fields":[{"name":"x","type":"double"},
//!         {"name":"y","type":"int","default":7}]}"#,
//!     "reader",
//! )?;
//! let datums = DatumReader::new(&schema, Some(&reader))?;
//! json.clear();
//! datums.write_json(&mut Reader::new(&datum), &mut json, &mut Vec::new())?;
//! assert_eq!(json, br#"{"x":5.0,"y":7}"#);
//! # Ok::<(), avro_runtime::Error>(())
//! ```

#[cfg(feature = "container")]
mod file;
mod from_json;
mod to_json;

#[cfg(feature = "container")]
pub use file::{FileReader, FileWriter};

use std::collections::HashMap;

use avro_schema::ir::{NamedId, NamedKind, Primitive, Schema, SchemaSet};

use crate::resolve::{ParsedSchema, Transcoder};
use crate::{Reader, Result};

/// A schema compiled for reading and writing its datums at run time (see the
/// [module documentation](self)). Built once per schema; cheap to use from many threads.
#[derive(Debug, Clone)]
pub struct SchemaCodec {
    nodes: Box<[Node]>,
    root: u32,
    records: Box<[Record]>,
    enums: Box<[Enum]>,
    unions: Box<[Union]>,
}

/// One type of the schema. Indices are into the tables of [`SchemaCodec`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Bytes,
    String,
    /// A fixed of this many bytes.
    Fixed(usize),
    Enum(u32),
    Array {
        items: u32,
        /// Least number of bytes an item takes (checked against the input's length).
        min: usize,
    },
    Map {
        values: u32,
        /// Least number of bytes an entry takes (its key's length, at least).
        min: usize,
    },
    Union(u32),
    Record(u32),
}

#[derive(Debug, Clone)]
struct Record {
    /// Full name, for messages.
    name: Box<str>,
    fields: Box<[Field]>,
    /// The field names, as [`crate::json::read_record`] takes them.
    field_names: Box<[Box<str>]>,
    /// Whether the record can contain itself: its nesting then counts against the reader's
    /// depth limit ([`Reader::set_max_depth`]).
    recursive: bool,
}

#[derive(Debug, Clone)]
struct Field {
    name: Box<str>,
    /// `"name":` as JSON text.
    key_json: Box<str>,
    node: u32,
    /// The binary encoding of the field's default, if it has one.
    default: Option<Box<[u8]>>,
}

#[derive(Debug, Clone)]
struct Enum {
    name: Box<str>,
    symbols: Box<[Box<str>]>,
    /// Each symbol as a JSON string.
    symbols_json: Box<[Box<str>]>,
}

#[derive(Debug, Clone)]
struct Union {
    /// The branch names of the JSON encoding (`null`, `long`, `array`, a full name).
    names: Box<[Box<str>]>,
    branches: Box<[Branch]>,
}

#[derive(Debug, Clone)]
struct Branch {
    node: u32,
    /// `{"name":` as JSON text (empty for the null branch, which is plain `null`).
    open_json: Box<str>,
}

impl SchemaCodec {
    /// Compiles `schema`.
    pub fn new(schema: &ParsedSchema) -> Self {
        Self::compile(schema.set(), schema.schema())
    }

    /// Compiles `schema` of the validated `set`.
    pub fn compile(set: &SchemaSet, schema: &Schema) -> Self {
        let mut c = Compiler {
            set,
            nodes: Vec::new(),
            records: Vec::new(),
            enums: Vec::new(),
            unions: Vec::new(),
            named: HashMap::new(),
        };
        let root = c.node(schema);
        let mut codec = SchemaCodec {
            nodes: c.nodes.into(),
            root,
            records: c.records.into(),
            enums: c.enums.into(),
            unions: c.unions.into(),
        };
        codec.finish();
        codec
    }

    /// Fills in what needs the whole table: least sizes and recursion.
    fn finish(&mut self) {
        let mut least = vec![None; self.nodes.len()];
        for i in 0..self.nodes.len() {
            self.least_size(i as u32, &mut least);
        }
        let least = |n: &u32| least[*n as usize].unwrap_or(0);
        for node in self.nodes.iter_mut() {
            match node {
                Node::Array { items, min } => *min = least(items),
                Node::Map { values, min } => *min = least(values).saturating_add(1),
                _ => {}
            }
        }
        for i in 0..self.nodes.len() {
            if let Node::Record(r) = self.nodes[i] {
                self.records[r as usize].recursive = self.reaches(i as u32, i as u32);
            }
        }
    }

    /// The least number of bytes a value of `node` takes (0 for a recursion in progress, a safe
    /// lower bound: the cycle goes through a union, array or map, which take a byte elsewhere).
    fn least_size(&self, node: u32, memo: &mut Vec<Option<usize>>) -> usize {
        if let Some(n) = memo[node as usize] {
            return n;
        }
        memo[node as usize] = Some(0);
        let n = match self.nodes[node as usize] {
            Node::Null => 0,
            Node::Boolean | Node::Int | Node::Long | Node::Bytes | Node::String => 1,
            Node::Float => 4,
            Node::Double => 8,
            Node::Fixed(size) => size,
            Node::Enum(_) | Node::Array { .. } | Node::Map { .. } | Node::Union(_) => 1,
            Node::Record(r) => {
                let fields: Vec<u32> = self.records[r as usize]
                    .fields
                    .iter()
                    .map(|f| f.node)
                    .collect();
                fields.into_iter().fold(0usize, |sum, f| {
                    sum.saturating_add(self.least_size(f, memo))
                })
            }
        };
        memo[node as usize] = Some(n);
        n
    }

    /// Whether a value of `from` can contain a value of `target`.
    fn reaches(&self, from: u32, target: u32) -> bool {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack = self.children(from);
        while let Some(n) = stack.pop() {
            if n == target {
                return true;
            }
            if !std::mem::replace(&mut seen[n as usize], true) {
                stack.extend(self.children(n));
            }
        }
        false
    }

    fn children(&self, node: u32) -> Vec<u32> {
        match self.nodes[node as usize] {
            Node::Array { items, .. } => vec![items],
            Node::Map { values, .. } => vec![values],
            Node::Union(u) => self.unions[u as usize]
                .branches
                .iter()
                .map(|b| b.node)
                .collect(),
            Node::Record(r) => self.records[r as usize]
                .fields
                .iter()
                .map(|f| f.node)
                .collect(),
            _ => Vec::new(),
        }
    }
}

struct Compiler<'a> {
    set: &'a SchemaSet,
    nodes: Vec<Node>,
    records: Vec<Record>,
    enums: Vec<Enum>,
    unions: Vec<Union>,
    /// Node of each named type compiled so far.
    named: HashMap<NamedId, u32>,
}

impl Compiler<'_> {
    fn push(&mut self, node: Node) -> u32 {
        self.nodes.push(node);
        (self.nodes.len() - 1) as u32
    }

    fn node(&mut self, schema: &Schema) -> u32 {
        match schema {
            Schema::Primitive { ty, .. } => self.push(match ty {
                Primitive::Null => Node::Null,
                Primitive::Boolean => Node::Boolean,
                Primitive::Int => Node::Int,
                Primitive::Long => Node::Long,
                Primitive::Float => Node::Float,
                Primitive::Double => Node::Double,
                Primitive::Bytes => Node::Bytes,
                Primitive::String => Node::String,
            }),
            Schema::Array { items, .. } => {
                let at = self.push(Node::Null);
                let items = self.node(items);
                self.nodes[at as usize] = Node::Array { items, min: 0 };
                at
            }
            Schema::Map { values, .. } => {
                let at = self.push(Node::Null);
                let values = self.node(values);
                self.nodes[at as usize] = Node::Map { values, min: 1 };
                at
            }
            Schema::Union(branches) => {
                let at = self.push(Node::Null);
                let mut names = Vec::with_capacity(branches.len());
                let mut compiled = Vec::with_capacity(branches.len());
                for b in branches {
                    let name = self.branch_name(b);
                    let open_json = if name == "null" {
                        String::new()
                    } else {
                        format!("{{{}:", json_string(&name))
                    };
                    compiled.push(Branch {
                        node: self.node(b),
                        open_json: open_json.into(),
                    });
                    names.push(name.into());
                }
                self.unions.push(Union {
                    names: names.into(),
                    branches: compiled.into(),
                });
                self.nodes[at as usize] = Node::Union((self.unions.len() - 1) as u32);
                at
            }
            Schema::Named(id) => self.named(*id),
        }
    }

    /// The name of a union branch in the JSON encoding.
    fn branch_name(&self, schema: &Schema) -> String {
        match schema {
            Schema::Primitive { ty, .. } => ty.name().to_owned(),
            Schema::Array { .. } => "array".to_owned(),
            Schema::Map { .. } => "map".to_owned(),
            // Validation forbids unions directly inside unions.
            Schema::Union(_) => "union".to_owned(),
            Schema::Named(id) => self.set.get(*id).name.full(),
        }
    }

    fn named(&mut self, id: NamedId) -> u32 {
        if let Some(&n) = self.named.get(&id) {
            return n;
        }
        let named = self.set.get(id);
        match &named.kind {
            NamedKind::Fixed { size, .. } => {
                let n = self.push(Node::Fixed(*size));
                self.named.insert(id, n);
                n
            }
            NamedKind::Enum { symbols, .. } => {
                self.enums.push(Enum {
                    name: named.name.full().into(),
                    symbols: symbols.iter().map(|s| s.as_str().into()).collect(),
                    symbols_json: symbols.iter().map(|s| json_string(s).into()).collect(),
                });
                let n = self.push(Node::Enum((self.enums.len() - 1) as u32));
                self.named.insert(id, n);
                n
            }
            NamedKind::Record { fields, .. } => {
                // The node exists before its fields, so recursive references find it.
                let index = self.records.len() as u32;
                self.records.push(Record {
                    name: named.name.full().into(),
                    fields: Box::new([]),
                    field_names: Box::new([]),
                    recursive: false,
                });
                let n = self.push(Node::Record(index));
                self.named.insert(id, n);
                let compiled: Vec<Field> = fields
                    .iter()
                    .map(|f| Field {
                        name: f.name.as_str().into(),
                        key_json: format!("{}:", json_string(&f.name)).into(),
                        node: self.node(&f.schema),
                        default: f.default.as_ref().map(|d| {
                            let mut bytes = Vec::new();
                            crate::resolve::encode_default(d, &mut bytes);
                            bytes.into()
                        }),
                    })
                    .collect();
                let record = &mut self.records[index as usize];
                record.field_names = compiled.iter().map(|f| f.name.clone()).collect();
                record.fields = compiled.into();
                n
            }
        }
    }
}

/// `text` as a JSON string literal, escaped as `serde_json` escapes.
fn json_string(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    to_json::push_string(&mut out, text);
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// Reads datums written with one schema as Avro JSON, directly or through a reader schema
/// (schema resolution): the writer → reader [`Transcoder`] when the schemas differ, then the
/// reader schema's [`SchemaCodec`].
#[derive(Debug, Clone)]
pub struct DatumReader {
    codec: SchemaCodec,
    /// `None` when the reader schema is the writer's (same canonical form) or not given.
    transcoder: Option<Transcoder>,
}

impl DatumReader {
    /// Reads data of `writer` as itself, or as `reader` when given (fails when no datum of the
    /// writer schema can be read as the reader schema, listing every incompatibility).
    pub fn new(writer: &ParsedSchema, reader: Option<&ParsedSchema>) -> Result<Self> {
        match reader {
            Some(reader) if reader.canonical_form() != writer.canonical_form() => Ok(DatumReader {
                codec: SchemaCodec::new(reader),
                transcoder: Some(Transcoder::from_parsed(writer, reader)?),
            }),
            Some(reader) => Ok(DatumReader {
                codec: SchemaCodec::new(reader),
                transcoder: None,
            }),
            None => Ok(DatumReader {
                codec: SchemaCodec::new(writer),
                transcoder: None,
            }),
        }
    }

    /// The codec of the schema datums are read as.
    pub fn codec(&self) -> &SchemaCodec {
        &self.codec
    }

    /// Reads one datum from `reader` (leaving it after the datum) and appends its Avro JSON to
    /// `out`; `scratch` is a buffer reused across calls (for the transcoded datum). Errors carry
    /// the offsets of the writer's bytes. On error `out` may hold part of the datum's JSON.
    #[inline]
    pub fn write_json(
        &self,
        reader: &mut Reader<'_>,
        out: &mut Vec<u8>,
        scratch: &mut Vec<u8>,
    ) -> Result<()> {
        let Some(transcoder) = &self.transcoder else {
            return self.codec.write_json(reader, out);
        };
        let start = *reader;
        scratch.clear();
        transcoder.transcode_from(reader, scratch)?;
        let mut transcoded = Reader::new(scratch);
        self.codec
            .write_json(&mut transcoded, out)
            .map_err(|e| transcoder.map_error(e, start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode;

    fn codec(json: &str) -> SchemaCodec {
        SchemaCodec::new(&ParsedSchema::parse(json, "schema").unwrap())
    }

    fn to_json(codec: &SchemaCodec, bytes: &[u8]) -> Result<String> {
        let mut out = Vec::new();
        codec.datum_to_json(bytes, &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn strings_and_bytes_are_escaped_as_serde_json_escapes() {
        let text: String = (0u32..0x100)
            .filter_map(char::from_u32)
            .chain("\u{2028}日😀\"\\".chars())
            .collect();
        let mut out = Vec::new();
        to_json::push_string(&mut out, &text);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(&text).unwrap()
        );
        let bytes: Vec<u8> = (0..=255).collect();
        let mut datum = Vec::new();
        encode::bytes(&mut datum, &bytes);
        let expected = crate::json::bytes(&bytes).to_string();
        assert_eq!(to_json(&codec(r#""bytes""#), &datum).unwrap(), expected);
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        let double = codec(r#""double""#);
        for v in [0.1, -0.0, 1e16, 1.5e-300, f64::MAX, 3.0] {
            let mut datum = Vec::new();
            encode::double(&mut datum, v);
            assert_eq!(
                to_json(&double, &datum).unwrap(),
                serde_json::to_string(&v).unwrap()
            );
        }
        for (v, text) in [
            (f64::NAN, r#""NaN""#),
            (f64::NEG_INFINITY, r#""-Infinity""#),
        ] {
            let mut datum = Vec::new();
            encode::double(&mut datum, v);
            assert_eq!(to_json(&double, &datum).unwrap(), text);
        }
        let mut datum = Vec::new();
        encode::float(&mut datum, 0.1);
        assert_eq!(
            to_json(&codec(r#""float""#), &datum).unwrap(),
            "0.10000000149011612"
        );
    }

    #[test]
    fn errors_name_the_field_path_and_offset() {
        let c = codec(
            r#"{"type":"record","name":"R","fields":[{"name":"a","type":"long"},
                {"name":"tags","type":{"type":"map","values":{"type":"array","items":"string"}}}]}"#,
        );
        // a = 1, tags = {"k": ["ok", <invalid UTF-8>]}
        let datum = [
            0x02, 0x02, 0x02, b'k', 0x04, 0x04, b'o', b'k', 0x02, 0xff, 0x00, 0x00,
        ];
        let e = to_json(&c, &datum).unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"at byte 9, field tags["k"][1]: string is not valid UTF-8"#
        );
        let e = c
            .encode_json_str(r#"{"a": 1, "tags": {"k": [5]}}"#, &mut Vec::new())
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"at $.tags["k"][0]: expected a string, found 5"#
        );
        let e = c
            .encode_json_str(r#"{"tags": {}}"#, &mut Vec::new())
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"at $: missing field "a" of record R, which has no default"#
        );
    }

    #[test]
    fn recursion_is_bounded_by_the_readers_depth_limit() {
        let c = codec(
            r#"{"type":"record","name":"List","fields":[{"name":"v","type":"int"},
                {"name":"next","type":["null","List"]}]}"#,
        );
        let nested = |depth: usize| {
            let mut datum = Vec::new();
            for _ in 0..depth {
                datum.extend_from_slice(&[0x00, 0x02]); // v = 0, next = branch 1
            }
            datum.extend_from_slice(&[0x00, 0x00]);
            datum
        };
        assert!(to_json(&c, &nested(100)).is_ok());
        let e = to_json(&c, &nested(100_000)).unwrap_err();
        assert!(e.to_string().contains("nested"), "{e}");
        // The run-time codec and a reader schema: the transcoder reads it (defaults filled).
        let reader = ParsedSchema::parse(
            r#"{"type":"record","name":"List","fields":[{"name":"next","type":["null","List"]},
                {"name":"w","type":"string","default":"x"}]}"#,
            "reader",
        )
        .unwrap();
        let writer = ParsedSchema::parse(
            r#"{"type":"record","name":"List","fields":[{"name":"v","type":"int"},
                {"name":"next","type":["null","List"]}]}"#,
            "writer",
        )
        .unwrap();
        let datums = DatumReader::new(&writer, Some(&reader)).unwrap();
        let mut out = Vec::new();
        datums
            .write_json(&mut Reader::new(&nested(1)), &mut out, &mut Vec::new())
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"next":{"List":{"next":null,"w":"x"}},"w":"x"}"#
        );
    }
}
