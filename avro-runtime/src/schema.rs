//! Const schema nodes: an Avro schema as a tree of `&'static` data, and `const fn`s that turn a
//! node into its full JSON, its Parsing Canonical Form and its fingerprints at compile time.
//!
//! Every type with an Avro schema implements [`AvroType`](crate::AvroType), whose `SCHEMA` is
//! such a node. Nodes compose: a record's field refers to the field type's own node, so a
//! derived struct can hold a generated type (or a type derived in another crate) without
//! seeing its schema text. A named type is defined at its first occurrence (in writing order)
//! and written by full name afterwards.

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
