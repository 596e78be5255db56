//! Const schema nodes: an Avro schema as a tree of `&'static` data, and `const fn`s that turn a
//! node into its full JSON, its Parsing Canonical Form and its fingerprints at compile time.
//!
//! Every type with an Avro schema implements [`AvroType`](crate::AvroType), whose `SCHEMA` is
//! such a node. Nodes compose: a record's field refers to the field type's own node, so a
//! derived struct can hold a generated type (or a type derived in another crate) without
//! seeing its schema text. A named type is defined at its first occurrence (in writing order)
//! and written by full name afterwards.
//!
//! The functions here are `const fn`s usable in `const` items: [`json_len`] / [`json`] write
//! the full schema JSON, [`canonical_len`] / [`canonical`] the Parsing Canonical Form, and
//! [`rabin`], [`md5`], [`sha256`] fingerprint it. [`impl_avro_schema!`](crate::impl_avro_schema)
//! turns them into an `AvroSchema` impl with exact-size arrays; [`Constants`] does the same for
//! generic types in fixed-size buffers.

mod constants;
mod digest;
mod write;

pub use constants::Constants;
pub use digest::{md5, rabin, sha256};
pub use write::MAX_NAMED_TYPES;

use write::{write, Form};

/// What [`impl_avro_schema!`](crate::impl_avro_schema) expands to; not a public API.
#[doc(hidden)]
pub mod __private {
    use super::write::{Form, Text};
    use super::Schema;

    /// The buffer size of the one walk `impl_avro_schema!` makes per text: its nested `const`
    /// items are evaluated whether the type's constants are used or not, so each walk counts.
    /// Texts up to 16 KiB are written once and copied into an array of their exact length;
    /// longer ones are written a second time into it. The buffer stays in the compiler (the
    /// constants refer to the copy); a larger one costs every type (64 KiB: +8% on the
    /// largest corpus schema) to spare the rare huge schema a walk.
    pub const ONE_WALK_CAPACITY: usize = 16 * 1024;

    /// A text written in one walk.
    pub type OneWalkText = Text<ONE_WALK_CAPACITY>;

    /// The full JSON of `schema`, with its length.
    pub const fn json_text(schema: &Schema) -> OneWalkText {
        Text::new(schema, Form::Json)
    }

    /// The Parsing Canonical Form of `schema`, with its length.
    pub const fn canonical_text(schema: &Schema) -> OneWalkText {
        Text::new(schema, Form::Canonical)
    }

    /// `text` (of `schema`'s full JSON) in an array of its exact length `N`.
    pub const fn exact_json<const N: usize>(text: &OneWalkText, schema: &Schema) -> [u8; N] {
        text.exact::<N>(schema, Form::Json)
    }

    /// `text` (of `schema`'s canonical form) in an array of its exact length `N`.
    pub const fn exact_canonical<const N: usize>(text: &OneWalkText, schema: &Schema) -> [u8; N] {
        text.exact::<N>(schema, Form::Canonical)
    }
}

/// An Avro schema as a tree of `&'static` nodes, writable as a `const`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// `"null"`.
    Null,
    /// `"boolean"`.
    Boolean,
    /// `"int"`.
    Int,
    /// `"long"`.
    Long,
    /// `"float"`.
    Float,
    /// `"double"`.
    Double,
    /// `"bytes"`.
    Bytes,
    /// `"string"`.
    String,
    /// An array of the given item schema.
    Array(&'static Schema),
    /// A map from strings to the given value schema.
    Map(&'static Schema),
    /// A union of the given branches, in order.
    Union(&'static [&'static Schema]),
    /// A record type.
    Record(&'static Record),
    /// An enum type.
    Enum(&'static Enum),
    /// A fixed type.
    Fixed(&'static Fixed),
    /// A named type written by full name only. Used where the definition encloses the
    /// reference (recursion), so a schema node graph stays a finite tree.
    Ref(&'static str),
    /// `base` with extra attributes, e.g. `logicalType`, `precision`, `scale`, or custom
    /// properties (`"avro.java.string"`). For a named base (fixed) the attributes go into
    /// the named type's own JSON object.
    Annotated(&'static Annotated),
}

/// A schema with extra JSON attributes (logical types, custom properties).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Annotated {
    /// The annotated schema.
    pub base: &'static Schema,
    /// The extra attributes, written after the base's own attributes, in this order.
    pub attributes: &'static [Attribute],
}

/// One extra JSON attribute: key and the value as JSON text (e.g. ("precision", "10"),
/// ("logicalType", "\"decimal\"")).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute's key (unescaped).
    pub key: &'static str,
    /// The attribute's value as JSON text, written verbatim.
    pub json: &'static str,
}

/// The name of a named type (record, enum, fixed), with its aliases and doc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Name {
    /// Simple name (no dots).
    pub name: &'static str,
    /// None = the null namespace.
    pub namespace: Option<&'static str>,
    /// Full names (as written, already qualified by the type's namespace).
    pub aliases: &'static [&'static str],
    /// The type's documentation.
    pub doc: Option<&'static str>,
}

impl Name {
    /// A name without aliases or doc. Generated code sets those with struct-update syntax:
    /// `Name { doc: Some("An event."), ..Name::new("Event", Some("bench")) }`.
    pub const fn new(name: &'static str, namespace: Option<&'static str>) -> Name {
        Name {
            name,
            namespace,
            aliases: &[],
            doc: None,
        }
    }
}

/// A record type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// The record's name.
    pub name: Name,
    /// The fields, in schema order.
    pub fields: &'static [Field],
    /// Extra attributes of the record's JSON object.
    pub attributes: &'static [Attribute],
}

/// A field of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The field's name.
    pub name: &'static str,
    /// The field's schema.
    pub schema: &'static Schema,
    /// The field's documentation.
    pub doc: Option<&'static str>,
    /// The default as JSON text.
    pub default: Option<&'static str>,
    /// The field's aliases.
    pub aliases: &'static [&'static str],
    /// "ascending" (omit), "descending" or "ignore".
    pub order: Option<&'static str>,
    /// Extra attributes of the field's JSON object.
    pub attributes: &'static [Attribute],
}

impl Field {
    /// A field without doc, default, aliases, order or attributes. Generated code sets those
    /// with struct-update syntax: `Field { default: Some("null"), ..Field::new("note", schema) }`.
    pub const fn new(name: &'static str, schema: &'static Schema) -> Field {
        Field {
            name,
            schema,
            doc: None,
            default: None,
            aliases: &[],
            order: None,
            attributes: &[],
        }
    }
}

/// An enum type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enum {
    /// The enum's name.
    pub name: Name,
    /// The symbols, in schema order.
    pub symbols: &'static [&'static str],
    /// The symbol a reader uses for a writer symbol it does not know.
    pub default: Option<&'static str>,
    /// Extra attributes of the enum's JSON object.
    pub attributes: &'static [Attribute],
}

/// A fixed type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed {
    /// The fixed type's name.
    pub name: Name,
    /// The size in bytes.
    pub size: usize,
    /// Extra attributes of the fixed type's JSON object (logical types go here through
    /// [`Schema::Annotated`] too).
    pub attributes: &'static [Attribute],
}

/// Length in bytes of [`json`]`(schema)`, the full schema JSON.
pub const fn json_len(schema: &Schema) -> usize {
    write(schema, Form::Json, &mut [])
}

/// The full schema JSON of `schema`, compact, standalone: every named type is written in full
/// at its first occurrence (in writing order) and by name afterwards; docs, aliases, defaults,
/// `order`, enum defaults and every attribute (logical types among them) are kept.
///
/// Names resolve to the same full names wherever the text is placed: a definition whose
/// namespace differs from the enclosing one has a `"namespace"` (`""` for the null namespace),
/// a reference is the simple name inside its own namespace and the full name elsewhere.
///
/// `N` must be [`json_len`]`(schema)`; anything else panics (a compile error in a `const`).
/// A schema that cannot be written panics too, naming the problem: a `Ref` before its type's
/// definition, two different definitions of one full name, a null-namespace type referenced
/// where a type of the same simple name exists in the enclosing namespace, or more than
/// [`MAX_NAMED_TYPES`] named types.
pub const fn json<const N: usize>(schema: &Schema) -> [u8; N] {
    let mut bytes = [0u8; N];
    if write(schema, Form::Json, &mut bytes) != N {
        panic!("json::<N>(schema): N must be json_len(schema)");
    }
    bytes
}

/// Length in bytes of [`canonical`]`(schema)`, the Parsing Canonical Form.
pub const fn canonical_len(schema: &Schema) -> usize {
    write(schema, Form::Canonical, &mut [])
}

/// The Parsing Canonical Form (Avro 1.12) of `schema`, what fingerprints are computed over:
/// primitives as bare names, full names, only `name`, `type`, `fields`, `symbols`, `items`,
/// `values` and `size` in that order, no whitespace, a named type in full at its first
/// occurrence and by full name afterwards. Byte for byte what avro-schema computes for the same
/// schema.
///
/// `N` must be [`canonical_len`]`(schema)`; anything else panics. Panics like [`json`] on a
/// schema that cannot be written.
pub const fn canonical<const N: usize>(schema: &Schema) -> [u8; N] {
    let mut bytes = [0u8; N];
    if write(schema, Form::Canonical, &mut bytes) != N {
        panic!("canonical::<N>(schema): N must be canonical_len(schema)");
    }
    bytes
}

/// `bytes` as a `&str`; panics (a compile error in a `const`) when they are not UTF-8, which
/// the writers' output always is.
pub const fn as_str(bytes: &[u8]) -> &str {
    match core::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("as_str: the bytes are not UTF-8"),
    }
}
