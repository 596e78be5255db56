//! Writing schemas back as JSON: the Parsing Canonical Form of the specification (what
//! fingerprints are computed over) and the full, standalone schema JSON (what generated code
//! embeds, e.g. for container file headers and schema registries).

use serde_json::Value;

use crate::ir::{Logical, NamedKind, NamedType, Order, Props, Schema, SchemaSet};

/// The Parsing Canonical Form (Avro 1.12) of `schema`.
///
/// Primitives as bare names; full names in `name`; only `type`, `name`, `fields`, `symbols`,
/// `items`, `values` and `size` kept, in that order (`name` first); no whitespace. A named type
/// is written in full at its first occurrence and as its full name afterwards. Logical types,
/// docs, aliases, defaults and other attributes are dropped.
pub fn canonical_form(set: &SchemaSet, schema: &Schema) -> String {
    let mut w = Canonical {
        set,
        seen: vec![false; set.named.len()],
        out: String::new(),
    };
    w.schema(schema);
    w.out
}

struct Canonical<'a> {
    set: &'a SchemaSet,
    seen: Vec<bool>,
    out: String,
}

impl Canonical<'_> {
    fn schema(&mut self, schema: &Schema) {
        match schema {
            Schema::Primitive { ty, .. } => push_str(&mut self.out, ty.name()),
            Schema::Array { items, .. } => {
                self.out.push_str("{\"type\":\"array\",\"items\":");
                self.schema(items);
                self.out.push('}');
            }
            Schema::Map { values, .. } => {
                self.out.push_str("{\"type\":\"map\",\"values\":");
                self.schema(values);
                self.out.push('}');
            }
            Schema::Union(branches) => {
                self.out.push('[');
                for (i, b) in branches.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.schema(b);
                }
                self.out.push(']');
            }
            Schema::Named(id) => {
                let n = self.set.get(*id);
                let full = n.name.full();
                if std::mem::replace(&mut self.seen[id.0], true) {
                    push_str(&mut self.out, &full);
                    return;
                }
                self.out.push_str("{\"name\":");
                push_str(&mut self.out, &full);
                match &n.kind {
                    NamedKind::Record { fields, .. } => {
                        self.out.push_str(",\"type\":\"record\",\"fields\":[");
                        for (i, f) in fields.iter().enumerate() {
                            if i > 0 {
                                self.out.push(',');
                            }
                            self.out.push_str("{\"name\":");
                            push_str(&mut self.out, &f.name);
                            self.out.push_str(",\"type\":");
                            self.schema(&f.schema);
                            self.out.push('}');
                        }
                        self.out.push(']');
                    }
                    NamedKind::Enum { symbols, .. } => {
                        self.out.push_str(",\"type\":\"enum\",\"symbols\":[");
                        for (i, s) in symbols.iter().enumerate() {
                            if i > 0 {
                                self.out.push(',');
                            }
                            push_str(&mut self.out, s);
                        }
                        self.out.push(']');
                    }
                    NamedKind::Fixed { size, .. } => {
                        self.out.push_str(",\"type\":\"fixed\",\"size\":");
                        self.out.push_str(&size.to_string());
                    }
                }
                self.out.push('}');
            }
        }
    }
}

/// Appends `s` as a JSON string literal (UTF-8, only the escapes JSON requires).
fn push_str(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).expect("strings serialize"));
}

/// The complete schema as compact JSON, standalone: every named type it uses is defined inline
/// at its first occurrence (in document order) and referenced by full name afterwards.
///
/// Keeps everything the IR holds: `doc`, `aliases`, field defaults exactly as written, `order`,
/// logical types with their parameters, enum defaults and all other attributes. Namespaces are
/// written so that the text re-parses to the same full names: a `namespace` attribute where one
/// was written, otherwise the short name when the namespace is the enclosing one, or the dotted
/// full name when it is not (a type in the null namespace inside a namespace gets
/// `"namespace": ""`, the only way to say that).
pub fn full_json(set: &SchemaSet, schema: &Schema) -> String {
    let mut w = Full {
        set,
        seen: vec![false; set.named.len()],
        out: String::new(),
    };
    w.schema(schema, None);
    w.out
}

struct Full<'a> {
    set: &'a SchemaSet,
    seen: Vec<bool>,
    out: String,
}

impl Full<'_> {
    fn key(&mut self, key: &str) {
        self.out.push(',');
        push_str(&mut self.out, key);
        self.out.push(':');
    }

    fn value(&mut self, v: &Value) {
        self.out
            .push_str(&serde_json::to_string(v).expect("JSON values serialize"));
    }

    fn props(&mut self, props: &Props) {
        for (k, v) in props {
            self.key(k);
            self.value(v);
        }
    }

    fn logical(&mut self, logical: Option<Logical>) {
        let Some(l) = logical else { return };
        self.key("logicalType");
        push_str(&mut self.out, l.name());
        if let Logical::Decimal { precision, scale } = l {
            self.key("precision");
            self.out.push_str(&precision.to_string());
            self.key("scale");
            self.out.push_str(&scale.to_string());
        }
    }

    fn schema(&mut self, schema: &Schema, ns: Option<&str>) {
        match schema {
            Schema::Primitive { ty, logical, props } => {
                if logical.is_none() && props.is_empty() {
                    push_str(&mut self.out, ty.name());
                } else {
                    self.out.push_str("{\"type\":");
                    push_str(&mut self.out, ty.name());
                    self.logical(*logical);
                    self.props(props);
                    self.out.push('}');
                }
            }
            Schema::Array { items, props } => {
                self.out.push_str("{\"type\":\"array\",\"items\":");
                self.schema(items, ns);
                self.props(props);
                self.out.push('}');
            }
            Schema::Map { values, props } => {
                self.out.push_str("{\"type\":\"map\",\"values\":");
                self.schema(values, ns);
                self.props(props);
                self.out.push('}');
            }
            Schema::Union(branches) => {
                self.out.push('[');
                for (i, b) in branches.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.schema(b, ns);
                }
                self.out.push(']');
            }
            Schema::Named(id) => {
                let n = self.set.get(*id);
                if std::mem::replace(&mut self.seen[id.0], true) {
                    push_str(&mut self.out, &n.name.full());
                } else {
                    self.definition(n, ns);
                }
            }
        }
    }

    fn definition(&mut self, n: &NamedType, outer: Option<&str>) {
        let ty = match &n.kind {
            NamedKind::Record { is_error: true, .. } => "error",
            NamedKind::Record { .. } => "record",
            NamedKind::Enum { .. } => "enum",
            NamedKind::Fixed { .. } => "fixed",
        };
        let own = n.name.namespace.as_deref();
        self.out.push_str("{\"type\":");
        push_str(&mut self.out, ty);
        self.key("name");
        if n.explicit_namespace {
            push_str(&mut self.out, &n.name.name);
            self.key("namespace");
            push_str(&mut self.out, own.unwrap_or(""));
        } else if own == outer {
            push_str(&mut self.out, &n.name.name);
        } else if own.is_some() {
            push_str(&mut self.out, &n.name.full());
        } else {
            push_str(&mut self.out, &n.name.name);
            self.key("namespace");
            push_str(&mut self.out, "");
        }
        if let Some(doc) = &n.doc {
            self.key("doc");
            push_str(&mut self.out, doc);
        }
        if !n.aliases.is_empty() {
            self.key("aliases");
            self.out.push('[');
            for (i, a) in n.aliases.iter().enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                let written = match (&a.namespace, own) {
                    (ns, own) if ns.as_deref() == own => a.name.clone(),
                    // The null namespace inside another: a leading dot, as Java reads it.
                    (None, Some(_)) => format!(".{}", a.name),
                    _ => a.full(),
                };
                push_str(&mut self.out, &written);
            }
            self.out.push(']');
        }
        match &n.kind {
            NamedKind::Record { fields, .. } => {
                self.key("fields");
                self.out.push('[');
                for (i, f) in fields.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.out.push_str("{\"name\":");
                    push_str(&mut self.out, &f.name);
                    self.key("type");
                    self.schema(&f.schema, own);
                    if let Some(doc) = &f.doc {
                        self.key("doc");
                        push_str(&mut self.out, doc);
                    }
                    if let Some(d) = &f.default_json {
                        self.key("default");
                        self.value(d);
                    }
                    if let Some(order) = f.order {
                        self.key("order");
                        push_str(
                            &mut self.out,
                            match order {
                                Order::Ascending => "ascending",
                                Order::Descending => "descending",
                                Order::Ignore => "ignore",
                            },
                        );
                    }
                    if !f.aliases.is_empty() {
                        self.key("aliases");
                        self.value(&Value::from(f.aliases.clone()));
                    }
                    self.props(&f.props);
                    self.out.push('}');
                }
                self.out.push(']');
            }
            NamedKind::Enum { symbols, default } => {
                self.key("symbols");
                self.value(&Value::from(symbols.clone()));
                if let Some(d) = default {
                    self.key("default");
                    push_str(&mut self.out, d);
                }
            }
            NamedKind::Fixed { size, logical } => {
                self.key("size");
                self.out.push_str(&size.to_string());
                self.logical(*logical);
            }
        }
        self.props(&n.props);
        self.out.push('}');
    }
}
