//! First pass: one file's JSON → an unresolved tree ([`Node`]) plus the named definitions it
//! contains ([`Def`]), with every structural error reported. References by name are resolved
//! later, once the definitions of all files are known.

use std::collections::HashSet;
use std::path::Path;

use crate::json::{Json, Kind, Number, Object};

use super::logical::{self, Base};
use super::names::{self, NAME_PATTERN};
use super::Diags;
use crate::diagnostics::path;
use crate::ir::{FullName, Logical, Order, Primitive, Props};

/// A schema position before name resolution.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Prim {
        ty: Primitive,
        logical: Option<Logical>,
        props: Props,
    },
    Array {
        items: Box<Node>,
        props: Props,
    },
    Map {
        values: Box<Node>,
        props: Props,
    },
    Union {
        branches: Vec<Node>,
        path: String,
        seq: usize,
    },
    /// The definition `defs[i]`, written here.
    Def(usize),
    /// A reference by name.
    Ref(Ref),
    /// Something already reported as an error.
    Bad,
}

/// A reference by name, with what is needed to resolve it.
#[derive(Debug, Clone)]
pub(crate) struct Ref {
    /// The name as written.
    pub written: String,
    /// The enclosing namespace.
    pub ns: Option<String>,
    pub path: String,
    pub seq: usize,
}

/// A named definition before resolution.
#[derive(Debug, Clone)]
pub(crate) struct Def {
    pub file_idx: usize,
    /// Document-order position of the definition's start (references after it may use it).
    pub seq: usize,
    pub path: String,
    pub name: FullName,
    pub aliases: Vec<FullName>,
    pub doc: Option<String>,
    pub props: Props,
    pub explicit_namespace: bool,
    pub kind: DefKind,
    /// Whether an error was reported inside the definition (its defaults are not checked).
    pub had_errors: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum DefKind {
    /// Being read (only while walking).
    Pending,
    Record {
        fields: Vec<FieldDef>,
        is_error: bool,
    },
    Enum {
        symbols: Vec<String>,
        default: Option<String>,
    },
    Fixed {
        size: usize,
        logical: Option<Logical>,
    },
}

/// A record field before resolution.
#[derive(Debug, Clone)]
pub(crate) struct FieldDef {
    pub name: String,
    pub doc: Option<String>,
    pub node: Node,
    /// The default as written.
    pub default: Option<Json>,
    pub order: Option<Order>,
    pub aliases: Vec<String>,
    pub props: Props,
    pub path: String,
    pub seq: usize,
}

/// Walks one file.
pub(crate) struct Walker<'a> {
    pub file_idx: usize,
    pub file: &'a Path,
    pub seq: usize,
    pub diags: &'a mut Diags,
    pub defs: &'a mut Vec<Def>,
}

/// Keys every named type understands.
const NAMED_KEYS: [&str; 5] = ["type", "name", "namespace", "doc", "aliases"];

/// A JSON value for a message, shortened when long.
pub(crate) fn show(v: &Json) -> String {
    v.compact(60)
}

/// A JSON value for a suggestion, with a space after `:` and `,` as people write schemas.
fn spaced(v: &Json) -> String {
    match &v.kind {
        Kind::Array(items) => format!(
            "[{}]",
            items.iter().map(spaced).collect::<Vec<_>>().join(", ")
        ),
        Kind::Object(o) => format!(
            "{{{}}}",
            o.members()
                .iter()
                .map(|m| format!("{}: {}", show_key(&m.key), spaced(&m.value)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => v.compact(usize::MAX),
    }
}

fn show_key(key: &str) -> String {
    serde_json::to_string(key).expect("strings serialize")
}

impl Walker<'_> {
    fn next_seq(&mut self) -> usize {
        self.seq += 1;
        self.seq
    }

    fn error(&mut self, at: &str, msg: impl Into<String>) {
        self.diags
            .error(self.file_idx, self.seq, self.file, at, msg);
    }

    fn warning(&mut self, at: &str, msg: impl Into<String>) {
        self.diags
            .warning(self.file_idx, self.seq, self.file, at, msg);
    }

    /// The attributes of `map` other than `known` and `also`, as `serde_json` values. A number
    /// beyond the range of `f64` cannot be kept (an error); an integer beyond 64 bits is kept as
    /// the nearest `f64` (a warning says so).
    fn props_except(&mut self, map: &Object, at: &str, known: &[&str], also: &[&str]) -> Props {
        let mut props = Props::new();
        for m in map.members() {
            if known.contains(&m.key.as_str()) || also.contains(&m.key.as_str()) {
                continue;
            }
            let p = path::key(at, &m.key);
            self.attribute_numbers(&m.value, &p);
            if let Ok(v) = m.value.to_serde() {
                props.insert(m.key.clone(), v);
            }
        }
        props
    }

    /// Reports the numbers of an attribute value that `serde_json` values cannot hold exactly.
    fn attribute_numbers(&mut self, value: &Json, at: &str) {
        match &value.kind {
            Kind::Number(n) => {
                if !n.as_f64().is_finite() {
                    self.error(
                        at,
                        format!(
                            "the number {n} is beyond the range of a 64-bit float, so this \
                             attribute cannot be kept in the schema"
                        ),
                    );
                } else if n.is_integer() && n.as_i64().is_none() && n.as_u64().is_none() {
                    self.warning(
                        at,
                        format!(
                            "the integer {n} does not fit in 64 bits; the schema keeps it as \
                             the nearest 64-bit float, {:e}",
                            n.as_f64()
                        ),
                    );
                }
            }
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.attribute_numbers(item, &path::index(at, i));
                }
            }
            Kind::Object(o) => {
                for m in o.members() {
                    self.attribute_numbers(&m.value, &path::key(at, &m.key));
                }
            }
            _ => {}
        }
    }

    /// Any schema position.
    pub(crate) fn schema(&mut self, json: &Json, at: &str, ns: Option<&str>) -> Node {
        let seq = self.next_seq();
        match &json.kind {
            Kind::String(s) => self.name_string(s, at, ns, seq),
            Kind::Array(items) => {
                let mut branches = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let p = path::index(at, i);
                    if matches!(item.kind, Kind::Array(_)) {
                        self.error(
                            &p,
                            "union directly contains a union (unions may not be nested \
                             directly; merge the branches into one union)",
                        );
                        self.schema(item, &p, ns);
                        branches.push(Node::Bad);
                    } else {
                        branches.push(self.schema(item, &p, ns));
                    }
                }
                Node::Union {
                    branches,
                    path: at.to_string(),
                    seq,
                }
            }
            Kind::Object(map) => self.object(map, at, ns, seq),
            _ => {
                self.error(
                    at,
                    format!(
                        "a schema must be a type name (string), an object or an array (union), \
                         found {}",
                        show(json)
                    ),
                );
                Node::Bad
            }
        }
    }

    fn name_string(&mut self, s: &str, at: &str, ns: Option<&str>, seq: usize) -> Node {
        if let Some(ty) = names::primitive(s) {
            return Node::schema_primitive(ty);
        }
        Node::Ref(Ref {
            written: s.to_string(),
            ns: ns.map(str::to_string),
            path: at.to_string(),
            seq,
        })
    }

    fn object(&mut self, map: &Object, at: &str, ns: Option<&str>, seq: usize) -> Node {
        let ty = match map.get("type") {
            None => {
                self.error(at, "schema object has no `type`");
                return Node::Bad;
            }
            Some(Json {
                kind: Kind::String(t),
                ..
            }) => t.as_str(),
            Some(other) => {
                self.error(
                    &path::key(at, "type"),
                    format!(
                        "`type` must be a type name (string), found {}; write a nested schema \
                         directly instead of wrapping it in {{\"type\": ...}}",
                        show(other)
                    ),
                );
                return Node::Bad;
            }
        };
        if let Some(prim) = names::primitive(ty) {
            let outcome = logical::check(map, Base::Prim(prim));
            if let Some(w) = outcome.warning {
                self.warning(&path::key(at, "logicalType"), w);
            }
            return Node::Prim {
                ty: prim,
                logical: outcome.logical,
                props: self.props_except(map, at, &["type"], outcome.consumed),
            };
        }
        match ty {
            "record" | "error" | "enum" | "fixed" => self.named(map, ty, at, ns),
            "array" | "map" => {
                let (key, what) = if ty == "array" {
                    ("items", "array has no `items`")
                } else {
                    ("values", "map has no `values`")
                };
                self.ignored_logical(map, at, ty);
                let props = self.props_except(map, at, &["type", key], &[]);
                let Some(inner) = map.get(key) else {
                    self.error(at, what);
                    return Node::Bad;
                };
                let inner = Box::new(self.schema(inner, &path::key(at, key), ns));
                if ty == "array" {
                    Node::Array {
                        items: inner,
                        props,
                    }
                } else {
                    Node::Map {
                        values: inner,
                        props,
                    }
                }
            }
            name => {
                self.warning(
                    at,
                    format!(
                        "{{\"type\": \"{name}\"}} is read as a reference to the named type \
                         `{name}`; write it as just the name string \"{name}\""
                    ),
                );
                let extra: Vec<&str> = map.keys().filter(|k| *k != "type").collect();
                if !extra.is_empty() {
                    self.warning(
                        at,
                        format!(
                            "attributes {} on a reference to `{name}` are ignored (a reference \
                             cannot carry attributes)",
                            extra
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
                Node::Ref(Ref {
                    written: name.to_string(),
                    ns: ns.map(str::to_string),
                    path: at.to_string(),
                    seq,
                })
            }
        }
    }

    fn ignored_logical(&mut self, map: &Object, at: &str, kind: &str) {
        if let Some(lt) = map.get("logicalType") {
            self.warning(
                &path::key(at, "logicalType"),
                format!(
                    "logical type {} is not defined for `{kind}` schemas; it is ignored",
                    show(lt)
                ),
            );
        }
    }

    /// record, error, enum, fixed.
    fn named(&mut self, map: &Object, ty: &str, at: &str, outer_ns: Option<&str>) -> Node {
        let kind_word = if ty == "error" { "record" } else { ty };
        let Some((name, explicit_namespace)) = self.def_name(map, kind_word, at, outer_ns) else {
            // Still read the contents for their errors (and definitions).
            if kind_word == "record" {
                let ns = outer_ns.map(str::to_string);
                self.fields(map, at, "(unnamed)", ns.as_deref());
            }
            return Node::Bad;
        };
        let idx = self.defs.len();
        let seq = self.seq;
        self.defs.push(Def {
            file_idx: self.file_idx,
            seq,
            path: at.to_string(),
            name: name.clone(),
            aliases: Vec::new(),
            doc: None,
            props: Props::new(),
            explicit_namespace,
            kind: DefKind::Pending,
            had_errors: false,
        });
        let errors_before = self.diags.error_count();
        let aliases = self.aliases(map, at, &name);
        let doc = self.doc(map, at);
        let ns = name.namespace.clone();
        let full = name.full();
        let mut also: &[&str] = &[];
        let kind = match kind_word {
            "record" => {
                self.ignored_logical(map, at, "record");
                let fields = self.fields(map, at, &full, ns.as_deref());
                also = &["fields"];
                DefKind::Record {
                    fields,
                    is_error: ty == "error",
                }
            }
            "enum" => {
                self.ignored_logical(map, at, "enum");
                also = &["symbols", "default"];
                self.enum_body(map, at, &full)
            }
            _ => {
                let size = self.fixed_size(map, at, &full);
                let outcome = logical::check(map, Base::Fixed(size.unwrap_or(0)));
                let logical = if size.is_some() {
                    if let Some(w) = outcome.warning {
                        self.warning(&path::key(at, "logicalType"), w);
                    }
                    also = outcome.consumed;
                    outcome.logical
                } else {
                    None
                };
                let mut props = self.props_except(map, at, &NAMED_KEYS, &["size"]);
                props.retain(|k, _| !also.contains(&k.as_str()));
                let had_errors = self.diags.error_count() > errors_before;
                let def = &mut self.defs[idx];
                def.had_errors = had_errors;
                def.aliases = aliases;
                def.doc = doc;
                def.props = props;
                def.kind = DefKind::Fixed {
                    size: size.unwrap_or(0),
                    logical,
                };
                return Node::Def(idx);
            }
        };
        let props = self.props_except(map, at, &NAMED_KEYS, also);
        let had_errors = self.diags.error_count() > errors_before;
        let def = &mut self.defs[idx];
        def.had_errors = had_errors;
        def.aliases = aliases;
        def.doc = doc;
        def.props = props;
        def.kind = kind;
        Node::Def(idx)
    }

    /// The full name of a definition and whether `namespace` was written; `None` if there is no
    /// usable name (reported).
    fn def_name(
        &mut self,
        map: &Object,
        kind_word: &str,
        at: &str,
        outer_ns: Option<&str>,
    ) -> Option<(FullName, bool)> {
        let written = match map.get("name") {
            None => {
                self.error(at, format!("{kind_word} has no `name`"));
                return None;
            }
            Some(Json {
                kind: Kind::String(s),
                ..
            }) => s.as_str(),
            Some(other) => {
                self.error(
                    &path::key(at, "name"),
                    format!(
                        "the `name` of a {kind_word} must be a string, found {}",
                        show(other)
                    ),
                );
                return None;
            }
        };
        let name_path = path::key(at, "name");
        let ns_path = path::key(at, "namespace");
        let (attr_ns, explicit) = match map.get("namespace").map(|j| &j.kind) {
            None => (None, false),
            Some(Kind::String(s)) if s.is_empty() => (Some(None), true),
            Some(Kind::String(s)) => {
                if let Err(e) = names::check_namespace(s) {
                    self.error(&ns_path, e);
                }
                (Some(Some(s.clone())), true)
            }
            Some(Kind::Null) => {
                self.warning(
                    &ns_path,
                    "`\"namespace\": null` is ignored (the enclosing namespace applies); write \
                     \"\" for the null namespace",
                );
                (None, false)
            }
            Some(_) => {
                let shown = show(map.get("namespace").expect("matched above"));
                self.error(
                    &ns_path,
                    format!("`namespace` must be a string, found {shown}"),
                );
                (None, false)
            }
        };
        let (namespace, short) = match written.rsplit_once('.') {
            // `.Name`: the null namespace, as Java's `Name` reads it.
            Some(("", short)) => (None, short),
            Some((ns, short)) => {
                if let Err(e) = names::check_namespace(ns) {
                    self.error(&name_path, format!("name `{written}`: {e}"));
                }
                (Some(ns.to_string()), short)
            }
            None => (
                match attr_ns {
                    Some(ns) => ns,
                    None => outer_ns.map(str::to_string),
                },
                written,
            ),
        };
        if names::primitive(short).is_some() {
            self.error(
                &name_path,
                format!(
                    "a named type may not be called `{short}` (primitive type names cannot be \
                     redefined)"
                ),
            );
        } else if !names::is_valid_name(short) {
            let shown = if short == written {
                format!("name `{written}`")
            } else {
                format!("name `{written}`: `{short}`")
            };
            self.error(
                &name_path,
                format!("{shown} does not match `{NAME_PATTERN}`"),
            );
        }
        Some((
            FullName {
                namespace,
                name: short.to_string(),
            },
            explicit,
        ))
    }

    fn aliases(&mut self, map: &Object, at: &str, name: &FullName) -> Vec<FullName> {
        let mut out = Vec::new();
        for (alias, p) in self.string_list(map, at, "aliases") {
            if let Err(e) = names::check_full_name("alias", &alias) {
                self.error(&p, e);
                continue;
            }
            out.push(match alias.rsplit_once('.') {
                Some(("", short)) => FullName {
                    namespace: None,
                    name: short.to_string(),
                },
                Some((ns, short)) => FullName {
                    namespace: Some(ns.to_string()),
                    name: short.to_string(),
                },
                None => FullName {
                    namespace: name.namespace.clone(),
                    name: alias,
                },
            });
        }
        out
    }

    /// A JSON array of strings under `key` (reported when it is something else), with paths.
    fn string_list(&mut self, map: &Object, at: &str, key: &str) -> Vec<(String, String)> {
        let key_path = path::key(at, key);
        match map.get(key) {
            None => Vec::new(),
            Some(Json {
                kind: Kind::Array(items),
                ..
            }) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let p = path::index(&key_path, i);
                    match &item.kind {
                        Kind::String(s) => out.push((s.clone(), p)),
                        _ => self.error(
                            &p,
                            format!(
                                "`{key}` must be a JSON array of strings, found {}",
                                show(item)
                            ),
                        ),
                    }
                }
                out
            }
            Some(other) => {
                self.error(
                    &key_path,
                    format!(
                        "`{key}` must be a JSON array of strings, found {}",
                        show(other)
                    ),
                );
                Vec::new()
            }
        }
    }

    /// `doc`: a string, or `null` for none (Java reads a doc as text or absent).
    fn doc(&mut self, map: &Object, at: &str) -> Option<String> {
        match map.get("doc").map(|j| &j.kind) {
            None | Some(Kind::Null) => None,
            Some(Kind::String(s)) => Some(s.clone()),
            Some(_) => {
                let shown = show(map.get("doc").expect("matched above"));
                self.error(
                    &path::key(at, "doc"),
                    format!("`doc` must be a string, found {shown}"),
                );
                None
            }
        }
    }

    fn fields(&mut self, map: &Object, at: &str, record: &str, ns: Option<&str>) -> Vec<FieldDef> {
        let fields_path = path::key(at, "fields");
        let Some(Json {
            kind: Kind::Array(items),
            ..
        }) = map.get("fields")
        else {
            let at = if map.contains_key("fields") {
                fields_path.as_str()
            } else {
                at
            };
            self.error(at, format!("record `{record}` has no `fields` array"));
            return Vec::new();
        };
        let mut out: Vec<FieldDef> = Vec::with_capacity(items.len());
        let mut seen = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            let fp = path::index(&fields_path, i);
            let seq = self.next_seq();
            let Kind::Object(f) = &item.kind else {
                self.error(
                    &fp,
                    format!("a field must be a JSON object, found {}", show(item)),
                );
                continue;
            };
            let name = match f.get("name").map(|j| &j.kind) {
                Some(Kind::String(s)) => {
                    if !names::is_valid_name(s) {
                        self.error(
                            &path::key(&fp, "name"),
                            format!("field name `{s}` does not match `{NAME_PATTERN}`"),
                        );
                    }
                    if !seen.insert(s.clone()) {
                        self.error(
                            &path::key(&fp, "name"),
                            format!("duplicate field name `{s}` in record `{record}`"),
                        );
                    }
                    Some(s.clone())
                }
                None => {
                    self.error(&fp, format!("field has no `name` (in record `{record}`)"));
                    None
                }
                Some(_) => {
                    let shown = show(f.get("name").expect("matched above"));
                    self.error(
                        &path::key(&fp, "name"),
                        format!("a field `name` must be a string, found {shown}"),
                    );
                    None
                }
            };
            let shown = name.clone().unwrap_or_else(|| format!("#{i}"));
            let node = match f.get("type") {
                Some(t) => self.schema(t, &path::key(&fp, "type"), ns),
                None => {
                    self.error(&fp, format!("field `{shown}` has no `type`"));
                    Node::Bad
                }
            };
            let doc = self.doc(f, &fp);
            let order = match f.get("order").map(|j| (j, &j.kind)) {
                None => None,
                Some((_, Kind::String(s))) if s == "ascending" => Some(Order::Ascending),
                Some((_, Kind::String(s))) if s == "descending" => Some(Order::Descending),
                Some((_, Kind::String(s))) if s == "ignore" => Some(Order::Ignore),
                Some((other, _)) => {
                    self.error(
                        &path::key(&fp, "order"),
                        format!(
                            "`order` must be \"ascending\", \"descending\" or \"ignore\", found {}",
                            show(other)
                        ),
                    );
                    None
                }
            };
            let mut aliases = Vec::new();
            for (alias, p) in self.string_list(f, &fp, "aliases") {
                if names::is_valid_name(&alias) {
                    aliases.push(alias);
                } else {
                    self.error(
                        &p,
                        format!("field alias `{alias}` does not match `{NAME_PATTERN}`"),
                    );
                }
            }
            if f.contains_key("logicalType") {
                let hint = field_logical_hint(f);
                self.warning(
                    &path::key(&fp, "logicalType"),
                    format!("logicalType on field `{shown}` is ignored; {hint}"),
                );
            }
            let props = self.props_except(
                f,
                &fp,
                &["name", "type", "doc", "default", "order", "aliases"],
                &[],
            );
            if let Some(name) = name {
                out.push(FieldDef {
                    name,
                    doc,
                    node,
                    default: f.get("default").cloned(),
                    order,
                    aliases,
                    props,
                    path: fp,
                    seq,
                });
            }
        }
        out
    }

    fn enum_body(&mut self, map: &Object, at: &str, full: &str) -> DefKind {
        let sym_path = path::key(at, "symbols");
        let mut symbols: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        match map.get("symbols") {
            None => self.error(at, format!("enum `{full}` has no `symbols` array")),
            Some(Json {
                kind: Kind::Array(_),
                ..
            }) => {
                for (s, p) in self.string_list(map, at, "symbols") {
                    if !names::is_valid_name(&s) {
                        self.error(
                            &p,
                            format!("enum symbol `{s}` does not match `{NAME_PATTERN}`"),
                        );
                    } else if !seen.insert(s.clone()) {
                        self.error(&p, format!("enum symbol `{s}` appears twice in `{full}`"));
                        continue;
                    }
                    symbols.push(s);
                }
            }
            Some(other) => self.error(
                &sym_path,
                format!(
                    "`symbols` must be a JSON array of strings, found {}",
                    show(other)
                ),
            ),
        }
        let default = match map.get("default") {
            None => None,
            Some(Json {
                kind: Kind::String(s),
                ..
            }) => {
                if !seen.contains(s) && !symbols.contains(s) {
                    self.error(
                        &path::key(at, "default"),
                        format!("enum default `{s}` is not one of the symbols of `{full}`"),
                    );
                }
                Some(s.clone())
            }
            Some(other) => {
                self.error(
                    &path::key(at, "default"),
                    format!(
                        "enum default must be a symbol (string), found {}",
                        show(other)
                    ),
                );
                None
            }
        };
        DefKind::Enum { symbols, default }
    }

    fn fixed_size(&mut self, map: &Object, at: &str, full: &str) -> Option<usize> {
        let p = path::key(at, "size");
        let size = map.get("size");
        match size.map(|j| &j.kind) {
            None => {
                self.error(at, format!("fixed `{full}` has no `size`"));
                None
            }
            Some(Kind::Number(n)) => match n.as_u64() {
                Some(size) if size <= MAX_FIXED_SIZE => Some(size as usize),
                Some(_) => {
                    self.error(
                        &p,
                        format!(
                            "fixed size {n} is larger than {MAX_FIXED_SIZE} bytes (the largest \
                             size Java accepts)"
                        ),
                    );
                    None
                }
                None => {
                    self.error(&p, fixed_size_message(n));
                    None
                }
            },
            Some(Kind::String(s)) => {
                self.error(
                    &p,
                    format!(
                        "fixed size `\"{s}\"` is a string, not an integer (the fixed size must \
                         be a non-negative integer)"
                    ),
                );
                None
            }
            Some(_) => {
                self.error(
                    &p,
                    format!(
                        "fixed size must be a non-negative integer, found {}",
                        show(size.expect("matched above"))
                    ),
                );
                None
            }
        }
    }
}

/// The largest fixed size accepted: Java reads sizes as `int`.
const MAX_FIXED_SIZE: u64 = i32::MAX as u64;

fn fixed_size_message(n: &Number) -> String {
    if n.is_integer() && !n.as_str().starts_with('-') {
        format!(
            "fixed size {n} is larger than {MAX_FIXED_SIZE} bytes (the largest size Java accepts)"
        )
    } else {
        format!("fixed size {n} must be a non-negative integer")
    }
}

/// What to write instead of a `logicalType` on a field: the field's type with the logical type
/// (and a decimal's precision and scale) inside it, in the non-null branch of a nullable union.
fn field_logical_hint(field: &Object) -> String {
    let moved: Vec<&crate::json::Member> = ["logicalType", "precision", "scale"]
        .iter()
        .filter_map(|k| field.member(k))
        .collect();
    let annotate = |ty: &Json| -> Option<Json> {
        let mut members = match &ty.kind {
            Kind::String(s) if names::primitive(s).is_some() => vec![crate::json::Member {
                key: "type".to_string(),
                key_span: Default::default(),
                value: ty.clone(),
            }],
            Kind::Object(o)
                if o.get("type")
                    .and_then(Json::as_str)
                    .is_some_and(|t| names::primitive(t).is_some() || t == "fixed") =>
            {
                o.members().to_vec()
            }
            _ => return None,
        };
        members.retain(|m| !moved.iter().any(|x| x.key == m.key));
        members.extend(moved.iter().map(|m| (*m).clone()));
        Some(Json::unplaced(Kind::Object(Object::from_members(members))))
    };
    let Some(ty) = field.get("type") else {
        return "put it inside the type".to_string();
    };
    let fixed = match &ty.kind {
        Kind::Array(branches) => {
            let non_null: Vec<usize> = (0..branches.len())
                .filter(|&i| branches[i].as_str() != Some("null"))
                .collect();
            match non_null.as_slice() {
                [only] => annotate(&branches[*only]).map(|b| {
                    let mut branches = branches.clone();
                    branches[*only] = b;
                    Json::unplaced(Kind::Array(branches))
                }),
                _ => None,
            }
        }
        _ => annotate(ty),
    };
    match fixed {
        Some(fixed) => format!("put it inside the type: {{\"type\": {}}}", spaced(&fixed)),
        None => match ty.as_str() {
            Some(name) => format!(
                "put it inside the definition of `{name}` (a reference by name cannot carry \
                 attributes)"
            ),
            None => "put it inside the type (on the primitive or fixed it annotates)".to_string(),
        },
    }
}

impl Node {
    fn schema_primitive(ty: Primitive) -> Node {
        Node::Prim {
            ty,
            logical: None,
            props: Props::new(),
        }
    }
}
