//! The const-evaluable writers behind [`json`](super::json) and [`canonical`](super::canonical).
//!
//! One walk serves both the length and the bytes: [`Out`] stores what fits into its buffer and
//! counts everything, so `json_len` is the walk with an empty buffer and `json::<N>` the walk
//! with an `N`-byte one. Everything is `const fn` over `&'static` nodes, with no allocation: the
//! named types defined so far live in a fixed-size table ([`MAX_NAMED_TYPES`]).
//!
//! Compile time is what these functions cost, so they are written for the const evaluator,
//! which interprets every statement and pays far more for a call: bytes are stored inline in
//! the loops (a call per byte doubled the time), fixed text (`,"type":`) is one constant
//! slice. Measured on the largest corpus schema (bench `wide_c`, 100 fields, 4.5 KB of JSON),
//! rustc 1.95, one walk: 17 ms counting, 29 ms writing.

use super::{Attribute, Name, Schema};

/// How many distinct named types one schema can hold: the size of the table of names defined so
/// far that the writers keep (named types are written in full at their first occurrence and by
/// name afterwards).
///
/// The table is a local array of the const evaluator, so its size costs next to nothing (it is
/// allocated once per walk; lookups scan only the entries in use). Exceeding it is a
/// compile-time panic naming this constant.
pub const MAX_NAMED_TYPES: usize = 1024;

/// A byte sink that keeps what fits into `buf` and counts every byte.
pub(crate) struct Out<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> Out<'b> {
    pub(crate) const fn new(buf: &'b mut [u8]) -> Self {
        Out { buf, len: 0 }
    }

    /// Bytes written so far (also those that did not fit).
    pub(crate) const fn len(&self) -> usize {
        self.len
    }

    const fn byte(&mut self, b: u8) {
        if self.len < self.buf.len() {
            self.buf[self.len] = b;
        }
        self.len += 1;
    }

    /// Appends `bytes`, as far as they fit.
    ///
    /// The const evaluator pays for every statement and, much more, for every call it
    /// interprets (`copy_from_slice` and `split_at_mut` are several calls deep, with their
    /// precondition checks). Counting stores nothing; short texts, most of what the writers
    /// write (keys, names), are stored byte by byte; long ones with one copy.
    const fn raw(&mut self, bytes: &[u8]) {
        const LOOP_AT_MOST: usize = 32;
        let start = self.len;
        self.len += bytes.len();
        if start >= self.buf.len() {
            return;
        }
        let room = self.buf.len() - start;
        if bytes.len() <= LOOP_AT_MOST && bytes.len() <= room {
            let mut i = 0;
            while i < bytes.len() {
                self.buf[start + i] = bytes[i];
                i += 1;
            }
            return;
        }
        let (_, free) = self.buf.split_at_mut(start);
        if bytes.len() <= room {
            let (destination, _) = free.split_at_mut(bytes.len());
            destination.copy_from_slice(bytes);
        } else {
            let (fitting, _) = bytes.split_at(room);
            free.copy_from_slice(fitting);
        }
    }

    /// The characters of a JSON string literal for `bytes`, escaped exactly as serde_json (and so
    /// avro-schema) escapes: `\"`, `\\`, the short escapes `\b \f \n \r \t`, `\u00XX` (lowercase
    /// hex) for the other control characters, every other character (UTF-8) as it is.
    const fn escaped(&mut self, bytes: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b >= 0x20 && b != b'"' && b != b'\\' {
                // Stored here, not through `raw`: a call per character costs more than the rest.
                if self.len < self.buf.len() {
                    self.buf[self.len] = b;
                }
                self.len += 1;
            } else {
                match b {
                    b'"' => self.raw(b"\\\""),
                    b'\\' => self.raw(b"\\\\"),
                    0x08 => self.raw(b"\\b"),
                    0x0c => self.raw(b"\\f"),
                    b'\n' => self.raw(b"\\n"),
                    b'\r' => self.raw(b"\\r"),
                    b'\t' => self.raw(b"\\t"),
                    _ => self.raw(&[
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[(b >> 4) as usize],
                        HEX[(b & 0xf) as usize],
                    ]),
                }
            }
            i += 1;
        }
    }

    /// `s` as a JSON string literal.
    const fn string(&mut self, s: &str) {
        self.byte(b'"');
        self.escaped(s.as_bytes());
        self.byte(b'"');
    }

    /// A full name as a JSON string literal: `"namespace.name"`, or `"name"` in the null namespace.
    const fn full_name(&mut self, namespace: Option<&str>, name: &str) {
        self.byte(b'"');
        if let Some(namespace) = namespace {
            self.escaped(namespace.as_bytes());
            self.byte(b'.');
        }
        self.escaped(name.as_bytes());
        self.byte(b'"');
    }

    /// `n` in decimal, without leading zeros.
    const fn number(&mut self, n: usize) {
        let mut digits = [0u8; 20];
        let mut count = 0;
        let mut rest = n;
        loop {
            digits[count] = b'0' + (rest % 10) as u8;
            count += 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        while count > 0 {
            count -= 1;
            self.byte(digits[count]);
        }
    }

    /// `,"key":` for an attribute's key (the writers' own keys are written as constant text).
    const fn key(&mut self, key: &str) {
        self.byte(b',');
        self.string(key);
        self.byte(b':');
    }
}

/// Stops compilation (in const evaluation) with a message assembled from `parts`, so it can name
/// the type at fault; a run-time call panics with the same message.
const fn fail(parts: &[&str]) -> ! {
    let mut buf = [0u8; 512];
    let mut out = Out::new(&mut buf);
    let mut i = 0;
    while i < parts.len() {
        out.raw(parts[i].as_bytes());
        i += 1;
    }
    let mut len = out.len();
    if len > buf.len() {
        // Cut to the buffer, before the last character if that does not fit whole (a message
        // cut inside a multi-byte character would not be UTF-8).
        len = buf.len();
        let mut start = len - 1;
        while start > 0 && (buf[start] & 0xc0) == 0x80 {
            start -= 1;
        }
        let lead = buf[start];
        let char_len = if lead < 0x80 {
            1
        } else if lead >= 0xf0 {
            4
        } else if lead >= 0xe0 {
            3
        } else {
            2
        };
        if start + char_len > len {
            len = start;
        }
    }
    let (message, _) = buf.split_at(len);
    match core::str::from_utf8(message) {
        Ok(message) => panic!("{}", message),
        Err(_) => panic!("invalid schema node"),
    }
}

/// Whether two strings are equal (`==` on `str` is not `const`).
pub(crate) const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn option_str_eq(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => str_eq(a, b),
        _ => false,
    }
}

/// The namespace of a name; `Some("")` is the null namespace too.
const fn namespace_of(name: &Name) -> Option<&'static str> {
    match name.namespace {
        Some(namespace) if namespace.is_empty() => None,
        other => other,
    }
}

/// Splits a dotted full name into namespace and simple name.
const fn split_full_name(full: &str) -> (Option<&str>, &str) {
    let bytes = full.as_bytes();
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        if bytes[i] == b'.' {
            let (namespace, dot_name) = full.split_at(i);
            let (_, name) = dot_name.split_at(1);
            return (Some(namespace), name);
        }
    }
    (None, full)
}

/// The name of a named node (`Record`, `Enum`, `Fixed`), `None` for every other node.
const fn name_of(schema: &Schema) -> Option<&Name> {
    match schema {
        Schema::Record(record) => Some(&record.name),
        Schema::Enum(enumeration) => Some(&enumeration.name),
        Schema::Fixed(fixed) => Some(&fixed.name),
        _ => None,
    }
}

/// `schema` without the annotations around it.
const fn unannotated(mut schema: &Schema) -> &Schema {
    while let Schema::Annotated(annotated) = schema {
        schema = annotated.base;
    }
    schema
}

/// Whether a name reference resolves to the named type `(namespace, name)`: `Ref`s and named
/// nodes are compared by full name.
const fn names_type(schema: &Schema, namespace: Option<&str>, name: &str) -> bool {
    match unannotated(schema) {
        Schema::Ref(full) => {
            let (ref_namespace, ref_name) = split_full_name(full);
            option_str_eq(ref_namespace, namespace) && str_eq(ref_name, name)
        }
        other => match name_of(other) {
            Some(other) => {
                option_str_eq(namespace_of(other), namespace) && str_eq(other.name, name)
            }
            None => false,
        },
    }
}

/// Whether two occurrences of a named type describe the same binary encoding, compared one
/// level deep: kind, full name, and field names and types / symbols / size; named types inside
/// are compared by full name (their own first occurrences were checked when written, and a
/// deeper comparison would revisit shared subtrees once per path, which can grow exponentially).
/// Docs, defaults and other attributes are not compared.
const fn same_definition(a: &Schema, b: &Schema) -> bool {
    match (unannotated(a), unannotated(b)) {
        (Schema::Record(a), Schema::Record(b)) => {
            if a.fields.len() != b.fields.len() {
                return false;
            }
            let mut i = 0;
            while i < a.fields.len() {
                if !str_eq(a.fields[i].name, b.fields[i].name)
                    || !same_use(a.fields[i].schema, b.fields[i].schema)
                {
                    return false;
                }
                i += 1;
            }
            true
        }
        (Schema::Enum(a), Schema::Enum(b)) => {
            if a.symbols.len() != b.symbols.len() {
                return false;
            }
            let mut i = 0;
            while i < a.symbols.len() {
                if !str_eq(a.symbols[i], b.symbols[i]) {
                    return false;
                }
                i += 1;
            }
            true
        }
        (Schema::Fixed(a), Schema::Fixed(b)) => a.size == b.size,
        _ => false,
    }
}

/// Whether two uses of a type inside definitions being compared by [`same_definition`] agree:
/// the same structure, with named types compared by full name.
const fn same_use(a: &Schema, b: &Schema) -> bool {
    let (a, b) = (unannotated(a), unannotated(b));
    match (a, b) {
        (Schema::Null, Schema::Null)
        | (Schema::Boolean, Schema::Boolean)
        | (Schema::Int, Schema::Int)
        | (Schema::Long, Schema::Long)
        | (Schema::Float, Schema::Float)
        | (Schema::Double, Schema::Double)
        | (Schema::Bytes, Schema::Bytes)
        | (Schema::String, Schema::String) => true,
        (Schema::Array(a), Schema::Array(b)) | (Schema::Map(a), Schema::Map(b)) => same_use(a, b),
        (Schema::Union(a), Schema::Union(b)) => {
            if a.len() != b.len() {
                return false;
            }
            let mut i = 0;
            while i < a.len() {
                if !same_use(a[i], b[i]) {
                    return false;
                }
                i += 1;
            }
            true
        }
        (Schema::Ref(full), other) | (other, Schema::Ref(full)) => {
            let (namespace, name) = split_full_name(full);
            names_type(other, namespace, name)
        }
        _ => match (name_of(a), name_of(b)) {
            (Some(name), Some(_)) => names_type(b, namespace_of(name), name.name),
            _ => false,
        },
    }
}

/// Whether `schema` holds a definition of the named type `(namespace, name)` anywhere.
const fn defines(schema: &Schema, namespace: Option<&str>, name: &str) -> bool {
    match schema {
        Schema::Array(inner) | Schema::Map(inner) => defines(inner, namespace, name),
        Schema::Annotated(annotated) => defines(annotated.base, namespace, name),
        Schema::Union(branches) => {
            let mut i = 0;
            while i < branches.len() {
                if defines(branches[i], namespace, name) {
                    return true;
                }
                i += 1;
            }
            false
        }
        Schema::Record(record) => {
            if option_str_eq(namespace_of(&record.name), namespace)
                && str_eq(record.name.name, name)
            {
                return true;
            }
            let mut i = 0;
            while i < record.fields.len() {
                if defines(record.fields[i].schema, namespace, name) {
                    return true;
                }
                i += 1;
            }
            false
        }
        Schema::Enum(_) | Schema::Fixed(_) => names_type(schema, namespace, name),
        _ => false,
    }
}

/// Refuses a union as a branch of a union, which Avro does not allow (and whose binary
/// encoding, two branch indexes, no reader expects): a node for `Option<T>` with a union `T`
/// must list `null` and `T`'s branches in one union.
const fn check_branch(branch: &Schema) {
    if let Schema::Union(_) = unannotated(branch) {
        fail(&[
            "a union is a branch of another union, which Avro does not allow: write one union \
             with all the branches (for `Option` of a union: `null` and the union's branches)",
        ]);
    }
}

/// The Avro type name of an unnamed node (annotations removed), or `None` for a named node or
/// a reference.
const fn unnamed_kind(schema: &Schema) -> Option<&'static str> {
    Some(match unannotated(schema) {
        Schema::Null => "null",
        Schema::Boolean => "boolean",
        Schema::Int => "int",
        Schema::Long => "long",
        Schema::Float => "float",
        Schema::Double => "double",
        Schema::Bytes => "bytes",
        Schema::String => "string",
        Schema::Array(_) => "array",
        Schema::Map(_) => "map",
        Schema::Union(_) => "union",
        _ => return None,
    })
}

/// The full name of a named node or reference: `(namespace, name)`.
const fn full_name_of(schema: &Schema) -> Option<(Option<&'static str>, &'static str)> {
    match unannotated(schema) {
        Schema::Ref(full) => Some(split_full_name(full)),
        Schema::Record(record) => Some((namespace_of(&record.name), record.name.name)),
        Schema::Enum(enumeration) => Some((namespace_of(&enumeration.name), enumeration.name.name)),
        Schema::Fixed(fixed) => Some((namespace_of(&fixed.name), fixed.name.name)),
        _ => None,
    }
}

/// Refuses a union that holds one type twice, which Avro does not allow (its readers reject
/// the schema): an unnamed type (logical types count as their underlying type, as Java and
/// apache-avro see them) at most once, a named type at most once per full name. `Option<()>`
/// (`["null", "null"]`) and two variants over the same `[u8; N]` are such unions.
const fn check_distinct_branches(branches: &[&Schema]) {
    let mut i = 0;
    while i < branches.len() {
        let mut j = 0;
        while j < i {
            match (unnamed_kind(branches[i]), unnamed_kind(branches[j])) {
                (Some(a), Some(b)) if str_eq(a, b) => fail(&[
                    "a union holds the type `",
                    a,
                    "` twice, which Avro does not allow: a union holds each unnamed type once \
                     (logical types count as their underlying type)",
                ]),
                (None, None) => {
                    if let (Some((ns_a, a)), Some((ns_b, b))) =
                        (full_name_of(branches[i]), full_name_of(branches[j]))
                    {
                        if option_str_eq(ns_a, ns_b) && str_eq(a, b) {
                            let (namespace, dot) = match ns_a {
                                Some(namespace) => (namespace, "."),
                                None => ("", ""),
                            };
                            fail(&[
                                "a union holds the named type `",
                                namespace,
                                dot,
                                a,
                                "` twice, which Avro does not allow: a union holds each named \
                                 type once",
                            ]);
                        }
                    }
                }
                _ => {}
            }
            j += 1;
        }
        i += 1;
    }
}

/// A named type already written in full: its full name and its first definition.
#[derive(Clone, Copy)]
struct Defined {
    namespace: Option<&'static str>,
    name: &'static str,
    definition: Schema,
}

/// Attributes of the annotations around the node being written, innermost first (written in
/// that order, after the node's own attributes).
struct Extra<'e> {
    attributes: &'static [Attribute],
    outer: Option<&'e Extra<'e>>,
}

/// What a walk writes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// The full schema JSON.
    Json,
    /// The Parsing Canonical Form.
    Canonical,
}

/// One walk over a schema in writing order.
struct Writer<'r, 'b> {
    out: Out<'b>,
    /// The schema being written (searched when a short reference might be captured).
    root: &'r Schema,
    defined: [Defined; MAX_NAMED_TYPES],
    defined_len: usize,
}

/// A text written into a buffer of `CAP` bytes: it is `bytes[..len]` when `len <= CAP`; `len`
/// is the text's full length either way. One walk gives both the length and (usually) the
/// bytes, where `json_len` + `json::<N>` take two.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Text<const CAP: usize> {
    /// The text's first `CAP` bytes (zeros after its end).
    pub bytes: [u8; CAP],
    /// The text's length.
    pub len: usize,
}

impl<const CAP: usize> Text<CAP> {
    /// `schema` in `form`, written into `CAP` bytes.
    pub(crate) const fn new(schema: &Schema, form: Form) -> Self {
        let mut bytes = [0u8; CAP];
        let len = write(schema, form, &mut bytes);
        Text { bytes, len }
    }

    /// The text as an array of its exact length `N` (which must be `self.len`): copied from the
    /// buffer, or written again by a second walk when it did not fit.
    pub(crate) const fn exact<const N: usize>(&self, schema: &Schema, form: Form) -> [u8; N] {
        if N != self.len {
            panic!("Text::exact::<N>: N must be the text's length");
        }
        let mut exact = [0u8; N];
        if N <= CAP {
            let (text, _) = self.bytes.split_at(N);
            exact.copy_from_slice(text);
        } else {
            write(schema, form, &mut exact);
        }
        exact
    }
}

/// Writes `schema` in `form` into `buf` (as much as fits) and returns the full length.
pub(crate) const fn write(schema: &Schema, form: Form, buf: &mut [u8]) -> usize {
    let mut writer = Writer {
        out: Out::new(buf),
        root: schema,
        defined: [Defined {
            namespace: None,
            name: "",
            definition: Schema::Null,
        }; MAX_NAMED_TYPES],
        defined_len: 0,
    };
    match form {
        Form::Json => writer.json(schema, None, None),
        Form::Canonical => writer.canonical(schema),
    }
    writer.out.len()
}

impl Writer<'_, '_> {
    /// The first definition of `(namespace, name)` written so far.
    const fn find(&self, namespace: Option<&str>, name: &str) -> Option<Schema> {
        let mut i = 0;
        while i < self.defined_len {
            let defined = &self.defined[i];
            if str_eq(defined.name, name) && option_str_eq(defined.namespace, namespace) {
                return Some(defined.definition);
            }
            i += 1;
        }
        None
    }

    /// For a named node: `true` when its type was written before (then it must be written by
    /// name), `false` when this is its first occurrence, now recorded as the definition.
    const fn seen_before(&mut self, node: &Schema, name: &Name) -> bool {
        let namespace = namespace_of(name);
        if let Some(first) = self.find(namespace, name.name) {
            if !same_definition(&first, node) {
                let namespace = match namespace {
                    Some(namespace) => namespace,
                    None => "",
                };
                let dot = if namespace.is_empty() { "" } else { "." };
                fail(&[
                    "two different Avro schemas are named `",
                    namespace,
                    dot,
                    name.name,
                    "`: a named type has one definition (rename one of the types, or give it another namespace)",
                ]);
            }
            return true;
        }
        if self.defined_len == MAX_NAMED_TYPES {
            fail(&[
                "this schema has more than avro_runtime::schema::MAX_NAMED_TYPES (1024) distinct \
                 named types, the size of the table of defined names the const schema writer \
                 keeps: raise MAX_NAMED_TYPES in avro-runtime (a larger table costs little)",
            ]);
        }
        self.defined[self.defined_len] = Defined {
            namespace,
            name: name.name,
            definition: *node,
        };
        self.defined_len += 1;
        false
    }

    /// A `Ref` must name a type written before it (usually one that encloses it).
    const fn check_ref(&self, full: &'static str) -> (Option<&'static str>, &'static str) {
        let (namespace, name) = split_full_name(full);
        if self.find(namespace, name).is_none() {
            fail(&[
                "schema node `Ref(\"",
                full,
                "\")` comes before any definition of that type: a `Ref` may only name a type \
                 defined earlier in writing order (an enclosing one, for recursion)",
            ]);
        }
        (namespace, name)
    }
}

// ---- full JSON ----

impl Writer<'_, '_> {
    /// Writes `schema` as full JSON inside the namespace `enclosing` (the namespace of the
    /// innermost named type around it, which short names are resolved in), with the attributes of
    /// the annotations around it.
    const fn json(&mut self, schema: &Schema, enclosing: Option<&str>, extra: Option<&Extra<'_>>) {
        match schema {
            Schema::Null => self.primitive("null", extra),
            Schema::Boolean => self.primitive("boolean", extra),
            Schema::Int => self.primitive("int", extra),
            Schema::Long => self.primitive("long", extra),
            Schema::Float => self.primitive("float", extra),
            Schema::Double => self.primitive("double", extra),
            Schema::Bytes => self.primitive("bytes", extra),
            Schema::String => self.primitive("string", extra),
            Schema::Array(items) => {
                self.out.raw(b"{\"type\":\"array\",\"items\":");
                self.json(items, enclosing, None);
                self.extra(extra);
                self.out.byte(b'}');
            }
            Schema::Map(values) => {
                self.out.raw(b"{\"type\":\"map\",\"values\":");
                self.json(values, enclosing, None);
                self.extra(extra);
                self.out.byte(b'}');
            }
            // A union is a JSON array: attributes of annotations around it have no place.
            Schema::Union(branches) => {
                self.out.byte(b'[');
                let mut i = 0;
                while i < branches.len() {
                    if i > 0 {
                        self.out.byte(b',');
                    }
                    check_branch(branches[i]);
                    self.json(branches[i], enclosing, None);
                    i += 1;
                }
                self.out.byte(b']');
                // After the branches, so a bad reference or definition inside is reported first.
                check_distinct_branches(branches);
            }
            Schema::Record(record) => {
                if self.seen_before(schema, &record.name) {
                    return self.reference(namespace_of(&record.name), record.name.name, enclosing);
                }
                let own = self.definition_start(
                    b"{\"type\":\"record\",\"name\":",
                    &record.name,
                    enclosing,
                );
                self.out.raw(b",\"fields\":[");
                let mut i = 0;
                while i < record.fields.len() {
                    if i > 0 {
                        self.out.byte(b',');
                    }
                    let field = &record.fields[i];
                    self.out.raw(b"{\"name\":");
                    self.out.string(field.name);
                    self.out.raw(b",\"type\":");
                    self.json(field.schema, own, None);
                    if let Some(doc) = field.doc {
                        self.out.raw(b",\"doc\":");
                        self.out.string(doc);
                    }
                    if let Some(default) = field.default {
                        self.out.raw(b",\"default\":");
                        self.out.raw(default.as_bytes());
                    }
                    if let Some(order) = field.order {
                        self.out.raw(b",\"order\":");
                        self.out.string(order);
                    }
                    self.names(b",\"aliases\":", field.aliases);
                    self.attributes(field.attributes);
                    self.out.byte(b'}');
                    i += 1;
                }
                self.out.byte(b']');
                self.attributes(record.attributes);
                self.extra(extra);
                self.out.byte(b'}');
            }
            Schema::Enum(enumeration) => {
                if self.seen_before(schema, &enumeration.name) {
                    return self.reference(
                        namespace_of(&enumeration.name),
                        enumeration.name.name,
                        enclosing,
                    );
                }
                self.definition_start(
                    b"{\"type\":\"enum\",\"name\":",
                    &enumeration.name,
                    enclosing,
                );
                self.out.raw(b",\"symbols\":");
                self.string_array(enumeration.symbols);
                if let Some(default) = enumeration.default {
                    self.out.raw(b",\"default\":");
                    self.out.string(default);
                }
                self.attributes(enumeration.attributes);
                self.extra(extra);
                self.out.byte(b'}');
            }
            Schema::Fixed(fixed) => {
                if self.seen_before(schema, &fixed.name) {
                    return self.reference(namespace_of(&fixed.name), fixed.name.name, enclosing);
                }
                self.definition_start(b"{\"type\":\"fixed\",\"name\":", &fixed.name, enclosing);
                self.out.raw(b",\"size\":");
                self.out.number(fixed.size);
                self.attributes(fixed.attributes);
                self.extra(extra);
                self.out.byte(b'}');
            }
            // A name cannot carry attributes either.
            Schema::Ref(full) => {
                let (namespace, name) = self.check_ref(full);
                self.reference(namespace, name, enclosing);
            }
            Schema::Annotated(annotated) => self.json(
                annotated.base,
                enclosing,
                Some(&Extra {
                    attributes: annotated.attributes,
                    outer: extra,
                }),
            ),
        }
    }

    /// A primitive: its bare name, or an object when annotated.
    const fn primitive(&mut self, name: &str, extra: Option<&Extra<'_>>) {
        if extra.is_none() {
            return self.out.string(name);
        }
        self.out.raw(b"{\"type\":");
        self.out.string(name);
        self.extra(extra);
        self.out.byte(b'}');
    }

    /// `{"type":..,"name":..` with `namespace`, `doc` and `aliases` of a definition (the text up
    /// to the name, `{"type":"record","name":`, is given); returns the type's namespace, which
    /// encloses its fields.
    ///
    /// The name is written so that it resolves to the same full name wherever the subtree is
    /// placed: the simple name alone when the namespace is the enclosing one, else with an
    /// explicit `"namespace"` (`""` for the null namespace inside a namespace, the only way to
    /// say it).
    const fn definition_start(
        &mut self,
        type_and_name_key: &[u8],
        name: &Name,
        enclosing: Option<&str>,
    ) -> Option<&'static str> {
        let own = namespace_of(name);
        self.out.raw(type_and_name_key);
        self.out.string(name.name);
        if !option_str_eq(own, enclosing) {
            self.out.raw(b",\"namespace\":");
            self.out.string(match own {
                Some(namespace) => namespace,
                None => "",
            });
        }
        if let Some(doc) = name.doc {
            self.out.raw(b",\"doc\":");
            self.out.string(doc);
        }
        self.names(b",\"aliases\":", name.aliases);
        own
    }

    /// A reference by name to a type already written: the simple name when the type is in the
    /// enclosing namespace, else the full name.
    ///
    /// The one reference JSON cannot always express: a type in the null namespace referenced
    /// from inside a namespace is written as its simple name, which readers look up in the
    /// enclosing namespace first (then, as Java and avro-schema do, in the null namespace). When
    /// the schema also defines a type of that name in the enclosing namespace, the reference
    /// would resolve to the wrong type: a compile-time panic says so.
    const fn reference(&mut self, namespace: Option<&str>, name: &str, enclosing: Option<&str>) {
        if option_str_eq(namespace, enclosing) {
            return self.out.string(name);
        }
        if let (None, Some(enclosing)) = (namespace, enclosing) {
            if defines(self.root, Some(enclosing), name) {
                fail(&[
                    "the type `",
                    name,
                    "` in the null namespace is referenced inside namespace `",
                    enclosing,
                    "`, which has a type of the same simple name: Avro JSON cannot write that \
                     reference (rename one of the types)",
                ]);
            }
        }
        self.out.full_name(namespace, name);
    }

    /// `,"key":["a","b"]` (`key_text` is `,"key":`), nothing when there are no names.
    const fn names(&mut self, key_text: &[u8], names: &[&str]) {
        if !names.is_empty() {
            self.out.raw(key_text);
            self.string_array(names);
        }
    }

    const fn string_array(&mut self, strings: &[&str]) {
        self.out.byte(b'[');
        let mut i = 0;
        while i < strings.len() {
            if i > 0 {
                self.out.byte(b',');
            }
            self.out.string(strings[i]);
            i += 1;
        }
        self.out.byte(b']');
    }

    /// `,"key":value` for each attribute, the value as given (JSON text).
    const fn attributes(&mut self, attributes: &[Attribute]) {
        let mut i = 0;
        while i < attributes.len() {
            self.out.key(attributes[i].key);
            self.out.raw(attributes[i].json.as_bytes());
            i += 1;
        }
    }

    /// The attributes of the annotations around a node, innermost first.
    const fn extra(&mut self, mut extra: Option<&Extra<'_>>) {
        while let Some(annotation) = extra {
            self.attributes(annotation.attributes);
            extra = annotation.outer;
        }
    }
}

// ---- Parsing Canonical Form ----

impl Writer<'_, '_> {
    /// Writes `schema` in Parsing Canonical Form (Avro 1.12), byte for byte what avro-schema's
    /// `canonical_form` writes: primitives as bare names; full names; only `name`, `type`,
    /// `fields`, `symbols`, `items`, `values`, `size`, in that order; no whitespace; a named type
    /// in full at its first occurrence, by full name afterwards; annotations dropped.
    const fn canonical(&mut self, schema: &Schema) {
        match schema {
            Schema::Null => self.out.string("null"),
            Schema::Boolean => self.out.string("boolean"),
            Schema::Int => self.out.string("int"),
            Schema::Long => self.out.string("long"),
            Schema::Float => self.out.string("float"),
            Schema::Double => self.out.string("double"),
            Schema::Bytes => self.out.string("bytes"),
            Schema::String => self.out.string("string"),
            Schema::Array(items) => {
                self.out.raw(b"{\"type\":\"array\",\"items\":");
                self.canonical(items);
                self.out.byte(b'}');
            }
            Schema::Map(values) => {
                self.out.raw(b"{\"type\":\"map\",\"values\":");
                self.canonical(values);
                self.out.byte(b'}');
            }
            Schema::Union(branches) => {
                self.out.byte(b'[');
                let mut i = 0;
                while i < branches.len() {
                    if i > 0 {
                        self.out.byte(b',');
                    }
                    check_branch(branches[i]);
                    self.canonical(branches[i]);
                    i += 1;
                }
                self.out.byte(b']');
                // After the branches, so a bad reference or definition inside is reported first.
                check_distinct_branches(branches);
            }
            Schema::Record(record) => {
                if self.canonical_name(schema, &record.name) {
                    return;
                }
                self.out.raw(b",\"type\":\"record\",\"fields\":[");
                let mut i = 0;
                while i < record.fields.len() {
                    if i > 0 {
                        self.out.byte(b',');
                    }
                    self.out.raw(b"{\"name\":");
                    self.out.string(record.fields[i].name);
                    self.out.raw(b",\"type\":");
                    self.canonical(record.fields[i].schema);
                    self.out.byte(b'}');
                    i += 1;
                }
                self.out.raw(b"]}");
            }
            Schema::Enum(enumeration) => {
                if self.canonical_name(schema, &enumeration.name) {
                    return;
                }
                self.out.raw(b",\"type\":\"enum\",\"symbols\":");
                self.string_array(enumeration.symbols);
                self.out.byte(b'}');
            }
            Schema::Fixed(fixed) => {
                if self.canonical_name(schema, &fixed.name) {
                    return;
                }
                self.out.raw(b",\"type\":\"fixed\",\"size\":");
                self.out.number(fixed.size);
                self.out.byte(b'}');
            }
            Schema::Ref(full) => {
                let (namespace, name) = self.check_ref(full);
                self.out.full_name(namespace, name);
            }
            Schema::Annotated(annotated) => self.canonical(annotated.base),
        }
    }

    /// For a named node: its full name alone when it was written before (returns `true`), else
    /// the start of its definition, `{"name":"full.name"` (returns `false`).
    const fn canonical_name(&mut self, node: &Schema, name: &Name) -> bool {
        let seen = self.seen_before(node, name);
        if !seen {
            self.out.raw(b"{\"name\":");
        }
        self.out.full_name(namespace_of(name), name.name);
        seen
    }
}
