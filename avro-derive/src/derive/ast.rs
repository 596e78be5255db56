//! The derive input as an Avro type: a record, an enum, a union, a fixed, or a newtype, with
//! every name, doc, alias and default resolved and checked. All problems are recorded in the
//! [`Ctxt`]; building goes on after one so every error of the item is reported together.

use std::collections::HashMap;

use proc_macro2::Span;
use syn::{DeriveInput, Fields, Generics, Ident, Member, Type};

use super::attr::{
    self, is_valid_name, is_valid_namespace, ContainerAttrs, DefaultAttr, FieldAttrs, RenameRule,
    VariantAttrs,
};
use super::ctxt::Ctxt;
use super::default;
use super::shape::{self, Kind, Shape};

pub struct Container<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    /// The Avro simple name (records, enums, fixed and the records of struct variants use it).
    pub name: String,
    pub namespace: Option<String>,
    pub doc: Option<String>,
    /// Full names.
    pub aliases: Vec<String>,
    pub data: Data<'a>,
}

pub enum Data<'a> {
    /// A struct with named fields.
    Record(Vec<Field<'a>>),
    /// A struct with one unnamed field: the field's schema.
    Newtype(Box<Field<'a>>),
    /// `#[avro(fixed)]` on a struct over `[u8; N]`: a named fixed of `size` bytes.
    Fixed { size: syn::Expr },
    /// An enum of unit variants.
    Enum {
        symbols: Vec<Symbol<'a>>,
        default: Option<String>,
    },
    /// An enum with data: one union branch per variant.
    Union(Vec<Branch<'a>>),
}

pub struct Field<'a> {
    /// `self.<member>`.
    pub member: Member,
    pub ty: &'a Type,
    /// The Avro field name.
    pub name: String,
    pub doc: Option<String>,
    /// The default as compact JSON text.
    pub default: Option<String>,
    pub aliases: Vec<String>,
    pub order: Option<String>,
    /// Not in the schema; decoding fills it with `Default::default()`.
    pub skip: bool,
    pub shape: Shape,
}

pub struct Symbol<'a> {
    pub ident: &'a Ident,
    pub name: String,
}

pub struct Branch<'a> {
    pub ident: &'a Ident,
    pub kind: BranchKind<'a>,
}

pub enum BranchKind<'a> {
    /// A unit variant: the `null` branch.
    Null,
    /// `V(T)`: the branch is `T`'s schema.
    Newtype(Box<Shape>),
    /// `V { .. }`: a record named after the variant.
    Record {
        name: String,
        doc: Option<String>,
        aliases: Vec<String>,
        fields: Vec<Field<'a>>,
    },
}

impl Container<'_> {
    /// The full name: `namespace.name`, or `name` in the null namespace.
    pub fn full_name(&self) -> String {
        full_name(self.namespace.as_deref(), &self.name)
    }
}

pub fn full_name(namespace: Option<&str>, name: &str) -> String {
    match namespace {
        Some(ns) => format!("{ns}.{name}"),
        None => name.to_string(),
    }
}

/// An identifier as written, without `r#`.
fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_string).unwrap_or(s)
}

const NAME_RULE: &str =
    "Avro names start with a letter or `_` and contain only ASCII letters, digits and `_`";

fn check_name(cx: &Ctxt, span: Span, name: &str, what: &str) {
    if !is_valid_name(name) {
        cx.error(
            span,
            format!("`{name}` is not a valid Avro {what} name: {NAME_RULE}"),
        );
    }
}

/// Aliases of a named type, qualified by its namespace when given without one.
fn type_aliases(
    cx: &Ctxt,
    aliases: &[attr::Spanned<String>],
    namespace: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    for alias in aliases {
        let (ns, name) = match alias.value.rsplit_once('.') {
            Some((ns, name)) => (Some(ns), name),
            None => (namespace, alias.value.as_str()),
        };
        if !is_valid_name(name) || ns.is_some_and(|ns| !is_valid_namespace(ns)) {
            cx.error(
                alias.span,
                format!("`{}` is not a valid Avro alias: a name, or a namespace and a name joined by `.`; {NAME_RULE}", alias.value),
            );
        }
        out.push(full_name(ns, name));
    }
    out
}

/// Reports a setting that has no effect in this position.
fn reject<T>(cx: &Ctxt, setting: &Option<attr::Spanned<T>>, msg: &str) {
    if let Some(s) = setting {
        cx.error(s.span, msg);
    }
}

impl<'a> Container<'a> {
    /// Builds the container; `None` when the item cannot be analysed at all (errors recorded).
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Container<'a>> {
        let attrs = ContainerAttrs::parse(cx, &input.attrs);
        let ident = &input.ident;
        let name = match &attrs.name {
            Some(n) => {
                if n.value.contains('.') {
                    cx.error(
                        n.span,
                        "`name` is the simple name; give the namespace with `namespace = \"...\"`",
                    );
                } else {
                    check_name(cx, n.span, &n.value, "type");
                }
                n.value.clone()
            }
            None => {
                let name = unraw(ident);
                check_name(cx, ident.span(), &name, "type");
                name
            }
        };
        let namespace = attrs.namespace.as_ref().map(|ns| {
            if !is_valid_namespace(&ns.value) {
                cx.error(
                    ns.span,
                    format!(
                        "`{}` is not a valid Avro namespace: names joined by `.`; {NAME_RULE}",
                        ns.value
                    ),
                );
            }
            ns.value.clone()
        });
        let doc = attrs
            .doc
            .as_ref()
            .map(|d| d.value.clone())
            .or_else(|| attr::doc_comment(&input.attrs));
        let aliases = type_aliases(cx, &attrs.aliases, namespace.as_deref());
        let rename_all = attrs.rename_all.as_ref().map(|r| r.value);

        let data = match &input.data {
            syn::Data::Struct(s) => match &s.fields {
                Fields::Named(named) => {
                    reject(cx, &attrs.fixed, "`fixed` applies to a struct with one field of type `[u8; N]`, e.g. `struct Md5([u8; 16]);`");
                    let fields = named
                        .named
                        .iter()
                        .filter_map(|f| field(cx, f, rename_all, ident))
                        .collect::<Vec<_>>();
                    check_duplicate_fields(cx, &fields);
                    Data::Record(fields)
                }
                Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => {
                    let f = &unnamed.unnamed[0];
                    if let Some(fixed) = &attrs.fixed {
                        reject(cx, &attrs.rename_all, "`rename_all` has no effect on a fixed type, which has no fields; remove it");
                        let size = fixed_size(cx, f, fixed)?;
                        Data::Fixed { size }
                    } else {
                        const NEWTYPE: &str = "has no effect: a struct with one unnamed field has the schema of its field; add `fixed` to make a struct over `[u8; N]` a named fixed type, or name the field to make a record";
                        reject(cx, &attrs.name, &format!("`name` {NEWTYPE}"));
                        reject(cx, &attrs.namespace, &format!("`namespace` {NEWTYPE}"));
                        reject(cx, &attrs.doc, &format!("`doc` {NEWTYPE}"));
                        reject(cx, &attrs.rename_all, &format!("`rename_all` {NEWTYPE}"));
                        if let Some(a) = attrs.aliases.first() {
                            cx.error(a.span, format!("aliases {NEWTYPE}"));
                        }
                        let field = unnamed_field(cx, f, ident)?;
                        if field.shape.has_self_ref() {
                            cx.error_spanned(
                                f,
                                "a struct with one unnamed field has the schema of its field, so it cannot contain itself; name the field to make a record, which can",
                            );
                        }
                        Data::Newtype(Box::new(field))
                    }
                }
                Fields::Unnamed(unnamed) => {
                    cx.error_spanned(
                        &s.fields,
                        format!("a tuple struct with {} fields has no Avro mapping; name the fields (an Avro record), or keep one field (the field's schema)", unnamed.unnamed.len()),
                    );
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned(
                        input,
                        format!("a unit struct has no Avro mapping; write `struct {ident} {{}}` for a record without fields"),
                    );
                    return None;
                }
            },
            syn::Data::Enum(e) => {
                reject(
                    cx,
                    &attrs.fixed,
                    "`fixed` applies to a struct with one field of type `[u8; N]`, not to an enum",
                );
                if e.variants.is_empty() {
                    cx.error_spanned(
                        input,
                        "an enum without variants has no values to encode; add variants",
                    );
                    return None;
                }
                if e.variants.iter().all(|v| matches!(v.fields, Fields::Unit)) {
                    enum_data(cx, e, rename_all)
                } else {
                    const UNION: &str = "an enum with data is an Avro union, which has no";
                    reject(cx, &attrs.name, &format!("{UNION} name; remove `name` (a struct variant's record takes the variant's name)"));
                    reject(cx, &attrs.doc, &format!("{UNION} doc; remove `doc`"));
                    if let Some(a) = attrs.aliases.first() {
                        cx.error(a.span, format!("{UNION} aliases; remove them"));
                    }
                    let data = union_data(cx, e, rename_all, namespace.as_deref(), ident);
                    if let Data::Union(branches) = &data {
                        let has_records = branches
                            .iter()
                            .any(|b| matches!(b.kind, BranchKind::Record { .. }));
                        if !has_records {
                            const NO_RECORDS: &str = "has no effect: only struct variants (records) of an enum with data have names";
                            reject(cx, &attrs.namespace, &format!("`namespace` {NO_RECORDS}"));
                            reject(cx, &attrs.rename_all, &format!("`rename_all` {NO_RECORDS}"));
                        }
                    }
                    data
                }
            }
            syn::Data::Union(_) => {
                cx.error_spanned(
                    input,
                    "Rust unions have no Avro mapping; use an enum with data, which becomes an Avro union",
                );
                return None;
            }
        };
        Some(Container {
            ident,
            generics: &input.generics,
            name,
            namespace,
            doc,
            aliases,
            data,
        })
    }
}

/// The size of `#[avro(fixed)]` / `#[avro(fixed = N)]` on a struct over `[u8; N]`.
fn fixed_size(
    cx: &Ctxt,
    f: &syn::Field,
    fixed: &attr::Spanned<Option<syn::LitInt>>,
) -> Option<syn::Expr> {
    let field_attrs = FieldAttrs::parse(cx, &f.attrs);
    if field_attrs.rename.is_some()
        || field_attrs.default.is_some()
        || field_attrs.skip.is_some()
        || field_attrs.logical.is_some()
        || field_attrs.decimal.is_some()
        || field_attrs.fixed.is_some()
        || field_attrs.order.is_some()
        || !field_attrs.aliases.is_empty()
    {
        cx.error_spanned(
            f,
            "the field of a fixed type takes no avro settings; remove them",
        );
    }
    let Type::Array(array) = &f.ty else {
        cx.error_spanned(&f.ty, "`fixed` needs a field of type `[u8; N]`");
        return None;
    };
    if !matches!(&*array.elem, Type::Path(p) if p.path.is_ident("u8")) {
        cx.error_spanned(&f.ty, "`fixed` needs a field of type `[u8; N]`");
        return None;
    }
    if let Some(lit) = &fixed.value {
        let n: usize = match lit.base10_parse() {
            Ok(n) => n,
            Err(e) => {
                cx.syn_error(e);
                return None;
            }
        };
        if let Some(len) = default::literal_size(&array.len) {
            if len != n {
                cx.error(
                    lit.span(),
                    format!("`fixed = {n}` does not match the field's `[u8; {len}]`; write `fixed` alone to take the array's size"),
                );
            }
        }
        return Some(syn::parse_quote!(#lit));
    }
    Some(array.len.clone())
}

/// The one field of a newtype struct or a newtype variant: only type settings apply.
fn unnamed_field<'a>(cx: &Ctxt, f: &'a syn::Field, self_ident: &Ident) -> Option<Field<'a>> {
    let attrs = FieldAttrs::parse(cx, &f.attrs);
    const UNNAMED: &str = "has no effect on an unnamed field, which is not a record field; name the field (a record) to use it";
    reject(cx, &attrs.rename, &format!("`rename` {UNNAMED}"));
    reject(cx, &attrs.default, &format!("`default` {UNNAMED}"));
    reject(cx, &attrs.doc, &format!("`doc` {UNNAMED}"));
    reject(cx, &attrs.order, &format!("`order` {UNNAMED}"));
    if let Some(span) = attrs.skip {
        cx.error(span, "the only field of a newtype cannot be skipped");
    }
    if let Some(a) = attrs.aliases.first() {
        cx.error(a.span, format!("aliases {UNNAMED}"));
    }
    let mut shape = shape::classify(cx, &f.ty, self_ident)?;
    shape::apply_settings(cx, &mut shape, &attrs);
    Some(Field {
        member: Member::Unnamed(0.into()),
        ty: &f.ty,
        name: String::new(),
        doc: None,
        default: None,
        aliases: Vec::new(),
        order: None,
        skip: false,
        shape,
    })
}

/// A named field of a struct or struct variant.
fn field<'a>(
    cx: &Ctxt,
    f: &'a syn::Field,
    rename_all: Option<RenameRule>,
    self_ident: &Ident,
) -> Option<Field<'a>> {
    let attrs = FieldAttrs::parse(cx, &f.attrs);
    let ident = f.ident.as_ref().expect("named field");
    let member = Member::Named(ident.clone());
    let rust_name = unraw(ident);

    if let Some(skip) = attrs.skip {
        const SKIPPED: &str =
            "has no effect on a skipped field, which is not in the schema; remove it";
        reject(cx, &attrs.rename, &format!("`rename` {SKIPPED}"));
        reject(cx, &attrs.doc, &format!("`doc` {SKIPPED}"));
        reject(cx, &attrs.order, &format!("`order` {SKIPPED}"));
        reject(cx, &attrs.logical, &format!("`logical` {SKIPPED}"));
        reject(cx, &attrs.decimal, &format!("`decimal` {SKIPPED}"));
        reject(cx, &attrs.fixed, &format!("`fixed` {SKIPPED}"));
        if let Some(a) = attrs.aliases.first() {
            cx.error(a.span, format!("aliases {SKIPPED}"));
        }
        match &attrs.default {
            None => cx.error(
                skip,
                "`skip` needs `default`: a skipped field is not in the schema, so decoding fills it with `Default::default()`; write `#[avro(skip, default)]`",
            ),
            Some(attr::Spanned {
                value: DefaultAttr::Json(_),
                span,
            }) => cx.error(
                *span,
                "a skipped field is not in the schema, so a JSON default has no use; decoding fills it with `Default::default()`: write `#[avro(skip, default)]`",
            ),
            Some(_) => {}
        }
        return Some(Field {
            member,
            ty: &f.ty,
            name: rust_name,
            doc: None,
            default: None,
            aliases: Vec::new(),
            order: None,
            skip: true,
            shape: Shape {
                ty: f.ty.clone(),
                kind: Kind::Leaf,
            },
        });
    }

    let name = match &attrs.rename {
        Some(r) => {
            check_name(cx, r.span, &r.value, "field");
            r.value.clone()
        }
        None => {
            let name = rename_all.map_or_else(|| rust_name.clone(), |rule| rule.apply(&rust_name));
            check_name(cx, ident.span(), &name, "field");
            name
        }
    };
    let doc = attrs
        .doc
        .as_ref()
        .map(|d| d.value.clone())
        .or_else(|| attr::doc_comment(&f.attrs));
    let aliases = attrs
        .aliases
        .iter()
        .map(|a| {
            check_name(cx, a.span, &a.value, "field alias");
            a.value.clone()
        })
        .collect();
    let mut shape = shape::classify(cx, &f.ty, self_ident)?;
    let shape_errors_before = cx.has_errors();
    shape::apply_settings(cx, &mut shape, &attrs);
    let default = match &attrs.default {
        None => None,
        Some(attr::Spanned {
            value: DefaultAttr::Json(lit),
            ..
        }) => match serde_json::from_str::<serde_json::Value>(&lit.value()) {
            Ok(value) => {
                if let Err(e) = default::check(&shape, &value) {
                    cx.error(
                        lit.span(),
                        format!("default of the wrong type for field `{name}`: {e}"),
                    );
                }
                Some(value.to_string())
            }
            Err(e) => {
                cx.error(
                    lit.span(),
                    format!("the default of field `{name}` is not valid JSON ({e}); write a JSON literal, e.g. `default = \"0\"`, `default = \"\\\"text\\\"\"` or `default = \"null\"`"),
                );
                None
            }
        },
        Some(attr::Spanned {
            value: DefaultAttr::TypeDefault,
            span,
        }) => match default::type_default(&shape) {
            Some(json) => Some(json),
            None => {
                if !shape_errors_before {
                    cx.error(
                        *span,
                        format!("`default` without a value takes the JSON of the type's `Default`, which the derive knows only for primitives, strings, bytes, `Option`, `Vec` and maps, not for `{}`; write the JSON, e.g. `default = \"...\"`", shape.describe()),
                    );
                }
                None
            }
        },
    };
    Some(Field {
        member,
        ty: &f.ty,
        name,
        doc,
        default,
        aliases,
        order: attrs.order.map(|o| o.value),
        skip: false,
        shape,
    })
}

/// Two fields (or a field and another's alias) may not share a name.
fn check_duplicate_fields(cx: &Ctxt, fields: &[Field<'_>]) {
    let mut seen: HashMap<&str, &Member> = HashMap::new();
    for f in fields.iter().filter(|f| !f.skip) {
        if let Some(first) = seen.get(f.name.as_str()) {
            let first = match first {
                Member::Named(i) => unraw(i),
                Member::Unnamed(i) => i.index.to_string(),
            };
            cx.error(
                member_span(&f.member),
                format!("duplicate Avro field name `{}`: field `{first}` already has it; rename one of them", f.name),
            );
        } else {
            seen.insert(&f.name, &f.member);
        }
    }
    for f in fields.iter().filter(|f| !f.skip) {
        for alias in &f.aliases {
            if let Some(owner) = seen.get(alias.as_str()) {
                if *owner != &f.member {
                    cx.error(
                        member_span(&f.member),
                        format!("the alias `{alias}` of field `{}` is the name of another field; remove the alias", f.name),
                    );
                }
            }
        }
    }
}

fn member_span(member: &Member) -> Span {
    match member {
        Member::Named(i) => i.span(),
        Member::Unnamed(i) => i.span,
    }
}

/// A variant's Avro name: `rename`, else the identifier under `rename_all`.
fn variant_name(v: &syn::Variant, attrs: &VariantAttrs, rename_all: Option<RenameRule>) -> String {
    match &attrs.rename {
        Some(r) => r.value.clone(),
        None => {
            let name = unraw(&v.ident);
            rename_all.map_or(name.clone(), |rule| rule.apply(&name))
        }
    }
}

fn enum_data<'a>(cx: &Ctxt, e: &'a syn::DataEnum, rename_all: Option<RenameRule>) -> Data<'a> {
    let mut symbols: Vec<Symbol<'a>> = Vec::new();
    let mut default: Option<(String, Span)> = None;
    for v in &e.variants {
        let attrs = VariantAttrs::parse(cx, &v.attrs);
        const SYMBOL: &str = "has no effect on a symbol of an Avro enum; remove it";
        reject(cx, &attrs.doc, &format!("`doc` {SYMBOL}"));
        if let Some(a) = attrs.aliases.first() {
            cx.error(a.span, format!("aliases {SYMBOL}"));
        }
        let name = variant_name(v, &attrs, rename_all);
        let span = attrs.rename.as_ref().map_or(v.ident.span(), |r| r.span);
        check_name(cx, span, &name, "enum symbol");
        if let Some(first) = symbols.iter().find(|s| s.name == name) {
            cx.error(
                span,
                format!("duplicate enum symbol `{name}`: variant `{}` already has it; rename one of them", first.ident),
            );
        }
        if let Some(d) = attrs.default {
            if let Some((first, _)) = &default {
                cx.error(d, format!("the enum already has the default symbol `{first}`; mark only one variant `#[avro(default)]`"));
            } else {
                default = Some((name.clone(), d));
            }
        }
        symbols.push(Symbol {
            ident: &v.ident,
            name,
        });
    }
    Data::Enum {
        symbols,
        default: default.map(|(d, _)| d),
    }
}

/// What makes two union branches the same to Avro (a union may hold each type once, named
/// types once per name), as far as the macro can tell from the tokens.
fn branch_key(shape: &Shape) -> Option<String> {
    Some(match &shape.kind {
        Kind::Null => "null".into(),
        Kind::Boolean => "boolean".into(),
        Kind::Int => "int".into(),
        Kind::Long => "long".into(),
        Kind::Float => "float".into(),
        Kind::Double => "double".into(),
        Kind::Str(_) => "string".into(),
        Kind::Bytes(_) => "bytes".into(),
        Kind::Array(_) => "array".into(),
        Kind::Map { .. } => "map".into(),
        Kind::Boxed(inner) => return branch_key(inner),
        Kind::Leaf => shape.describe(),
        _ => return None,
    })
}

fn union_data<'a>(
    cx: &Ctxt,
    e: &'a syn::DataEnum,
    rename_all: Option<RenameRule>,
    namespace: Option<&str>,
    self_ident: &Ident,
) -> Data<'a> {
    let mut branches: Vec<Branch<'a>> = Vec::new();
    let mut keys: Vec<(String, &Ident)> = Vec::new();
    for v in &e.variants {
        let attrs = VariantAttrs::parse(cx, &v.attrs);
        if let Some(d) = attrs.default {
            cx.error(d, "`default` on a variant marks the default symbol of an enum of unit variants; an enum with data is a union, whose default is given on the field that holds it");
        }
        let kind = match &v.fields {
            Fields::Unit => {
                const NULL: &str = "has no effect on a unit variant of an enum with data, which is the union's `null` branch; remove it";
                reject(cx, &attrs.rename, &format!("`rename` {NULL}"));
                reject(cx, &attrs.doc, &format!("`doc` {NULL}"));
                if let Some(a) = attrs.aliases.first() {
                    cx.error(a.span, format!("aliases {NULL}"));
                }
                BranchKind::Null
            }
            Fields::Unnamed(u) if u.unnamed.len() == 1 => {
                const NEWTYPE: &str = "has no effect on a newtype variant, whose branch is its field's schema; remove it";
                reject(cx, &attrs.rename, &format!("`rename` {NEWTYPE}"));
                reject(cx, &attrs.doc, &format!("`doc` {NEWTYPE}"));
                if let Some(a) = attrs.aliases.first() {
                    cx.error(a.span, format!("aliases {NEWTYPE}"));
                }
                let Some(field) = unnamed_field(cx, &u.unnamed[0], self_ident) else {
                    continue;
                };
                let shape = field.shape;
                if let Kind::Option(_) = shape.kind {
                    cx.error_spanned(
                        &u.unnamed[0].ty,
                        "a union cannot directly contain another union, and an `Option` is one (`[\"null\", T]`); use a unit variant for the null branch and a variant of `T`",
                    );
                    continue;
                }
                if shape.has_self_ref() {
                    cx.error_spanned(
                        &u.unnamed[0].ty,
                        "a newtype variant cannot contain the enum itself: an Avro union has no name to refer to; use a struct variant (a named record), whose fields can",
                    );
                    continue;
                }
                BranchKind::Newtype(Box::new(shape))
            }
            Fields::Unnamed(u) => {
                cx.error_spanned(
                    &v.fields,
                    format!("a tuple variant with {} fields has no Avro mapping; use a struct variant (an Avro record) or a variant with one field", u.unnamed.len()),
                );
                continue;
            }
            Fields::Named(named) => {
                let name = variant_name(v, &attrs, rename_all);
                let span = attrs.rename.as_ref().map_or(v.ident.span(), |r| r.span);
                check_name(cx, span, &name, "record");
                let doc = attrs
                    .doc
                    .as_ref()
                    .map(|d| d.value.clone())
                    .or_else(|| attr::doc_comment(&v.attrs));
                let aliases = type_aliases(cx, &attrs.aliases, namespace);
                let fields = named
                    .named
                    .iter()
                    .filter_map(|f| field(cx, f, None, self_ident))
                    .collect::<Vec<_>>();
                check_duplicate_fields(cx, &fields);
                for f in fields.iter().filter(|f| f.shape.has_optional_self()) {
                    cx.error_spanned(
                        f.ty,
                        "an `Option` of the enum itself would put a union (this enum) directly inside the union `[\"null\", T]`, which Avro forbids; use `Box<Self>` and a unit variant (the enum's `null` branch) for the missing value",
                    );
                }
                BranchKind::Record {
                    name,
                    doc,
                    aliases,
                    fields,
                }
            }
        };
        let key = match &kind {
            BranchKind::Null => Some("null".to_string()),
            BranchKind::Newtype(shape) => branch_key(shape),
            BranchKind::Record { name, .. } => Some(full_name(namespace, name)),
        };
        if let Some(key) = key {
            if let Some((_, first)) = keys.iter().find(|(k, _)| *k == key) {
                let msg = if key == "null" {
                    format!("an Avro union has one `null` branch, and variant `{first}` is already it; give this variant data")
                } else {
                    format!("an Avro union holds each type once, and variant `{first}` already holds `{key}`; merge the variants or wrap one in a named type")
                };
                cx.error(v.ident.span(), msg);
            } else {
                keys.push((key, &v.ident));
            }
        }
        branches.push(Branch {
            ident: &v.ident,
            kind,
        });
    }
    Data::Union(branches)
}
