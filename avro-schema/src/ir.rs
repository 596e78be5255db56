//! The schema IR: every schema of a compilation, names resolved, defaults checked, logical types
//! attached. Produced by [`crate::validate`], consumed by canonical form, planning and emission
//! (and later by resolution and the compatibility checker).

use std::path::PathBuf;

use serde_json::{Map, Value};

/// Extra JSON attributes a user wrote on a schema node that the specification does not define
/// (kept so the full schema JSON loses nothing; not part of the canonical form). Order preserved.
pub type Props = Map<String, Value>;

/// Index of a named type in [`SchemaSet::named`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NamedId(pub usize);

/// A full name: optional namespace plus the short name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FullName {
    /// Namespace, `None` for the null namespace (also when written as `""`).
    pub namespace: Option<String>,
    /// The short name (no dots).
    pub name: String,
}

impl FullName {
    /// The dotted full name, e.g. `com.example.User`.
    pub fn full(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{ns}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// The primitive types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    /// `null`
    Null,
    /// `boolean`
    Boolean,
    /// `int` (32-bit)
    Int,
    /// `long` (64-bit)
    Long,
    /// `float`
    Float,
    /// `double`
    Double,
    /// `bytes`
    Bytes,
    /// `string`
    String,
}

impl Primitive {
    /// The type name as written in schemas.
    pub fn name(self) -> &'static str {
        match self {
            Primitive::Null => "null",
            Primitive::Boolean => "boolean",
            Primitive::Int => "int",
            Primitive::Long => "long",
            Primitive::Float => "float",
            Primitive::Double => "double",
            Primitive::Bytes => "bytes",
            Primitive::String => "string",
        }
    }
}

/// A logical type that is valid for the schema it annotates. Invalid or unknown logical types are
/// not represented here (the specification says to ignore them); their `logicalType` attribute
/// stays in the node's [`Props`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Logical {
    /// `decimal` on `bytes` or `fixed`.
    Decimal {
        /// Maximum number of digits (> 0).
        precision: u32,
        /// Digits after the point (<= precision).
        scale: u32,
    },
    /// `uuid` on `string` or `fixed(16)`.
    Uuid,
    /// `date` on `int`: days since 1970-01-01.
    Date,
    /// `time-millis` on `int`.
    TimeMillis,
    /// `time-micros` on `long`.
    TimeMicros,
    /// `timestamp-millis` on `long`.
    TimestampMillis,
    /// `timestamp-micros` on `long`.
    TimestampMicros,
    /// `timestamp-nanos` on `long`.
    TimestampNanos,
    /// `local-timestamp-millis` on `long`.
    LocalTimestampMillis,
    /// `local-timestamp-micros` on `long`.
    LocalTimestampMicros,
    /// `local-timestamp-nanos` on `long`.
    LocalTimestampNanos,
    /// `duration` on `fixed(12)`.
    Duration,
}

impl Logical {
    /// The `logicalType` name as written in schemas.
    pub fn name(self) -> &'static str {
        match self {
            Logical::Decimal { .. } => "decimal",
            Logical::Uuid => "uuid",
            Logical::Date => "date",
            Logical::TimeMillis => "time-millis",
            Logical::TimeMicros => "time-micros",
            Logical::TimestampMillis => "timestamp-millis",
            Logical::TimestampMicros => "timestamp-micros",
            Logical::TimestampNanos => "timestamp-nanos",
            Logical::LocalTimestampMillis => "local-timestamp-millis",
            Logical::LocalTimestampMicros => "local-timestamp-micros",
            Logical::LocalTimestampNanos => "local-timestamp-nanos",
            Logical::Duration => "duration",
        }
    }
}

/// One use of a type: what a field, array item, map value, union branch or top-level schema is.
#[derive(Debug, Clone, PartialEq)]
pub enum Schema {
    /// A primitive, written as `"long"` or as an object `{"type": "long", ...}`.
    Primitive {
        /// Which primitive.
        ty: Primitive,
        /// A valid logical type (only on int, long, bytes, string).
        logical: Option<Logical>,
        /// Other attributes written on the object form, including an ignored `logicalType`.
        props: Props,
    },
    /// `{"type": "array", "items": ...}`
    Array {
        /// Item schema.
        items: Box<Schema>,
        /// Extra attributes.
        props: Props,
    },
    /// `{"type": "map", "values": ...}`; keys are strings.
    Map {
        /// Value schema.
        values: Box<Schema>,
        /// Extra attributes.
        props: Props,
    },
    /// A union; branches in schema order. Validation guarantees no nested unions and no two
    /// branches of the same unnamed kind or the same full name.
    Union(Vec<Schema>),
    /// A named type (record, enum, fixed), defined in [`SchemaSet::named`]. Whether this use is
    /// the definition or a reference by name is decided by position when JSON is written.
    Named(NamedId),
}

impl Schema {
    /// A plain primitive without logical type or attributes.
    pub fn primitive(ty: Primitive) -> Schema {
        Schema::Primitive {
            ty,
            logical: None,
            props: Props::new(),
        }
    }
}

/// Field sort order (`"order"` attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Order {
    /// `ascending` (the default; not written back when implicit).
    #[default]
    Ascending,
    /// `descending`
    Descending,
    /// `ignore`
    Ignore,
}

/// A default value checked against its schema. Records have every field filled (nested field
/// defaults applied); union defaults record the branch they matched (Avro 1.12: the first branch the
/// value matches).
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// `null`
    Null,
    /// `boolean`
    Boolean(bool),
    /// `int` (also date, time-millis)
    Int(i32),
    /// `long` (also time-micros, timestamps)
    Long(i64),
    /// `float`
    Float(f32),
    /// `double`
    Double(f64),
    /// `bytes` (JSON string of code points 0-255); also a decimal's unscaled two's complement bytes
    Bytes(Vec<u8>),
    /// `string` (also uuid)
    String(String),
    /// `array`
    Array(Vec<DefaultValue>),
    /// `map`, entries in JSON order
    Map(Vec<(String, DefaultValue)>),
    /// `record`: one value per field, in field order
    Record(Vec<DefaultValue>),
    /// `enum`: index of the symbol
    Enum(usize),
    /// `fixed` (exactly `size` bytes)
    Fixed(Vec<u8>),
    /// union: the branch index and the value for that branch
    Union(usize, Box<DefaultValue>),
}

/// A record field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Field name as written (valid Avro name).
    pub name: String,
    /// `doc`
    pub doc: Option<String>,
    /// The field's type.
    pub schema: Schema,
    /// The default exactly as written in JSON (for the full schema JSON).
    pub default_json: Option<Value>,
    /// The default checked against `schema`; `Some` exactly when `default_json` is.
    pub default: Option<DefaultValue>,
    /// `order`; `None` when not written.
    pub order: Option<Order>,
    /// `aliases` (short names, as written).
    pub aliases: Vec<String>,
    /// Extra attributes, including a `logicalType` written on the field (ignored, with a warning).
    pub props: Props,
    /// JSON path of the field object in its file, e.g. `fields[3]`.
    pub json_path: String,
}

/// What kind of named type.
#[derive(Debug, Clone, PartialEq)]
pub enum NamedKind {
    /// `record` (or `error`, as in protocols).
    Record {
        /// Fields in schema order.
        fields: Vec<Field>,
        /// Written as `"type": "error"`.
        is_error: bool,
    },
    /// `enum`
    Enum {
        /// Symbols in order (valid Avro names, no duplicates).
        symbols: Vec<String>,
        /// Enum default symbol (one of `symbols`).
        default: Option<String>,
    },
    /// `fixed`
    Fixed {
        /// Size in bytes.
        size: usize,
        /// A valid logical type (decimal that fits `size`, uuid with size 16, duration with size 12).
        logical: Option<Logical>,
    },
}

/// Where a definition or node came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file as given to the compiler.
    pub file: PathBuf,
    /// JSON path inside the file (`""` for the top level).
    pub json_path: String,
}

/// A record, enum or fixed definition.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedType {
    /// Resolved full name.
    pub name: FullName,
    /// Aliases resolved to full names (relative ones take the type's namespace).
    pub aliases: Vec<FullName>,
    /// `doc`
    pub doc: Option<String>,
    /// Kind-specific content.
    pub kind: NamedKind,
    /// Extra attributes (for fixed: including an ignored `logicalType` and its parameters).
    pub props: Props,
    /// Whether the `namespace` attribute was written explicitly (kept for the full JSON).
    pub explicit_namespace: bool,
    /// Where it was defined.
    pub source: Source,
}

/// One input file's top-level schema.
#[derive(Debug, Clone, PartialEq)]
pub struct RootSchema {
    /// The file.
    pub file: PathBuf,
    /// Its top-level schema (a named type, a union, or any other schema).
    pub schema: Schema,
}

/// Everything one compilation validated: all named types of all files (definition order: files in
/// the order given, each in document order), and each file's top-level schema.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchemaSet {
    /// Named types; [`NamedId`] indexes this.
    pub named: Vec<NamedType>,
    /// Top-level schema of each file, in input order.
    pub roots: Vec<RootSchema>,
}

impl SchemaSet {
    /// The named type behind an id.
    pub fn get(&self, id: NamedId) -> &NamedType {
        &self.named[id.0]
    }

    /// Looks a named type up by dotted full name.
    pub fn find(&self, full_name: &str) -> Option<NamedId> {
        self.named
            .iter()
            .position(|n| n.name.full() == full_name)
            .map(NamedId)
    }
}
