//! Field types as the derive sees them: the standard wrappers it recognises by name (like
//! serde_derive, it sees tokens, not types) are built structurally; any other type is a leaf
//! whose schema and codec come from its `AvroType`, `Encode` and `Decode` impls.

use syn::{GenericArgument, Ident, PathArguments, Type};

use super::attr::{DecimalAttr, FieldAttrs, LogicalKind};
use super::ctxt::Ctxt;

/// How a string or byte field holds its data, and which map type a field uses: the model's
/// own notions (avro-build), which the codec is written from.
pub use avro_build::plan::{MapKind, Text};

/// A field type, analysed.
#[derive(Clone)]
pub struct Shape {
    /// The type as written.
    pub ty: Type,
    pub kind: Kind,
}

#[derive(Clone)]
pub enum Kind {
    /// `()`.
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    /// `String`, `&str`, `Cow<str>`.
    Str(Text),
    /// `Vec<u8>`, `&[u8]`, `Cow<[u8]>`.
    Bytes(Text),
    /// `[u8; N]`: a fixed of `N` bytes (the runtime's `fixed_N`), `N` as written.
    Fixed(syn::Expr),
    /// A byte vector or slice written as a fixed of `size` bytes (`#[avro(fixed = N)]`).
    FixedBytes {
        size: usize,
        text: Text,
    },
    Option(Box<Shape>),
    Boxed(Box<Shape>),
    /// `Vec<T>`.
    Array(Box<Shape>),
    /// `HashMap<K, V>` / `BTreeMap<K, V>` with a string key type.
    Map {
        map: MapKind,
        key: Text,
        value: Box<Shape>,
    },
    /// The type being derived (its name or `Self`): a reference to its own schema.
    SelfRef,
    /// Any other type: its `AvroType`, `Encode` and `Decode` impls.
    Leaf,
    /// A logical type through `avro_runtime::avro_type::Logical<K>` (`logical = "..."`).
    Logical(LogicalKind),
    /// A decimal through `avro_runtime::avro_type::DecimalValue`.
    Decimal {
        decimal: DecimalAttr,
        fixed: Option<usize>,
    },
}

impl Shape {
    /// Whether the type mentions the type being derived.
    pub fn has_self_ref(&self) -> bool {
        match &self.kind {
            Kind::SelfRef => true,
            Kind::Option(inner) | Kind::Boxed(inner) | Kind::Array(inner) => inner.has_self_ref(),
            Kind::Map { value, .. } => value.has_self_ref(),
            _ => false,
        }
    }

    /// Whether an `Option` holds the type itself (behind `Box`es): for an enum with data, a
    /// union directly inside the union `["null", T]`, which Avro forbids.
    pub fn has_optional_self(&self) -> bool {
        match &self.kind {
            Kind::Option(inner) => inner.is_self() || inner.has_optional_self(),
            Kind::Boxed(inner) | Kind::Array(inner) => inner.has_optional_self(),
            Kind::Map { value, .. } => value.has_optional_self(),
            _ => false,
        }
    }

    fn is_self(&self) -> bool {
        match &self.kind {
            Kind::SelfRef => true,
            Kind::Boxed(inner) => inner.is_self(),
            _ => false,
        }
    }

    /// The innermost shape under the wrappers (Option, Box, Vec, maps), where field settings
    /// such as `logical` apply.
    fn innermost_mut(&mut self) -> &mut Shape {
        match self.kind {
            Kind::Option(_) | Kind::Boxed(_) | Kind::Array(_) | Kind::Map { .. } => {}
            _ => return self,
        }
        match &mut self.kind {
            Kind::Option(inner) | Kind::Boxed(inner) | Kind::Array(inner) => inner.innermost_mut(),
            Kind::Map { value, .. } => value.innermost_mut(),
            _ => unreachable!(),
        }
    }

    /// A description for messages.
    pub fn describe(&self) -> String {
        let ty = &self.ty;
        quote::quote!(#ty).to_string()
    }
}

/// The last path segment of a plain path type (no `<T as Trait>::` prefix), and its number of
/// segments.
fn last_segment(ty: &Type) -> Option<(&syn::PathSegment, usize)> {
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            let n = p.path.segments.len();
            p.path.segments.last().map(|s| (s, n))
        }
        _ => None,
    }
}

/// The type arguments of a path segment (lifetimes left out).
fn type_args(seg: &syn::PathSegment) -> Vec<&Type> {
    match &seg.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|arg| match arg {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn is_ident(ty: &Type, name: &str) -> bool {
    matches!(last_segment(ty), Some((seg, 1)) if seg.ident == name && seg.arguments.is_empty())
}

fn strip_groups(ty: &Type) -> &Type {
    match ty {
        Type::Group(g) => strip_groups(&g.elem),
        Type::Paren(p) => strip_groups(&p.elem),
        other => other,
    }
}

/// Analyses `ty`; `self_ident` is the type being derived. Unsupported types are errors (with
/// what to use instead) and give `None`.
pub fn classify(cx: &Ctxt, ty: &Type, self_ident: &Ident) -> Option<Shape> {
    let shape = |kind| {
        Some(Shape {
            ty: ty.clone(),
            kind,
        })
    };
    let bare = strip_groups(ty);
    match bare {
        Type::Tuple(t) if t.elems.is_empty() => return shape(Kind::Null),
        Type::Tuple(_) => {
            cx.error_spanned(
                ty,
                "tuples have no Avro mapping; use a struct with named fields (an Avro record)",
            );
            return None;
        }
        Type::Reference(r) => {
            if r.mutability.is_some() {
                cx.error_spanned(
                    ty,
                    "a `&mut` reference has no Avro mapping; use an owned type",
                );
                return None;
            }
            if r.lifetime.as_ref().is_some_and(|l| l.ident == "static") {
                cx.error_spanned(
                    ty,
                    "a `'static` reference cannot borrow from the decoded input; use a lifetime parameter of the type (`&'a str`) or an owned type (`String`, `Vec<u8>`)",
                );
                return None;
            }
            let elem = strip_groups(&r.elem);
            if is_ident(elem, "str") {
                return shape(Kind::Str(Text::Borrowed));
            }
            if let Type::Slice(s) = elem {
                if is_ident(&s.elem, "u8") {
                    return shape(Kind::Bytes(Text::Borrowed));
                }
            }
            cx.error_spanned(
                ty,
                "only `&str` (Avro string) and `&[u8]` (Avro bytes) can borrow from the decoded input; use an owned type",
            );
            return None;
        }
        Type::Array(a) => {
            if is_ident(&a.elem, "u8") {
                return shape(Kind::Fixed(a.len.clone()));
            }
            cx.error_spanned(
                ty,
                "an array other than `[u8; N]` (an Avro fixed) has no Avro mapping; use `Vec<T>` (an Avro array)",
            );
            return None;
        }
        Type::Path(_) => {}
        _ => {
            cx.error_spanned(
                ty,
                "this type has no Avro mapping; use a type that implements `avro_runtime::AvroType`",
            );
            return None;
        }
    }
    let Some((seg, segments)) = last_segment(bare) else {
        // `<T as Trait>::Assoc`: a leaf.
        return shape(Kind::Leaf);
    };
    let name = seg.ident.to_string();
    let args = type_args(seg);
    if segments == 1 && (seg.ident == "Self" || seg.ident == *self_ident) {
        return shape(Kind::SelfRef);
    }
    if segments == 1 && args.is_empty() {
        let primitive = match name.as_str() {
            "bool" => Some(Kind::Boolean),
            "i32" => Some(Kind::Int),
            "i64" => Some(Kind::Long),
            "f32" => Some(Kind::Float),
            "f64" => Some(Kind::Double),
            _ => None,
        };
        if let Some(kind) = primitive {
            return shape(kind);
        }
        let advice = match name.as_str() {
            "u8" => Some("`u8` has no Avro type of its own; use `i32` (an Avro int), or `Vec<u8>` / `[u8; N]` for bytes / fixed"),
            "u64" | "usize" | "isize" => Some("Avro has no 64-bit unsigned or pointer-sized integer; use `i64` (an Avro long)"),
            "i128" | "u128" => Some("Avro has no 128-bit integer; use `[u8; 16]` (a fixed) or a decimal"),
            "char" => Some("Avro has no character type; use `String`"),
            "str" => Some("an unsized `str` cannot be a field; use `String` or `&'a str`"),
            _ => None,
        };
        if let Some(advice) = advice {
            cx.error_spanned(ty, advice);
            return None;
        }
    }
    match (name.as_str(), args.as_slice()) {
        ("String", []) => shape(Kind::Str(Text::Owned)),
        ("Option", [inner]) => {
            let inner = classify(cx, inner, self_ident)?;
            if let Kind::Option(_) = inner.kind {
                cx.error_spanned(
                    ty,
                    "`Option<Option<T>>` has no Avro mapping: a union cannot directly contain another union; use one `Option`",
                );
                return None;
            }
            shape(Kind::Option(Box::new(inner)))
        }
        ("Box", [inner]) => {
            if is_ident(strip_groups(inner), "str") {
                cx.error_spanned(ty, "`Box<str>` is not supported; use `String`");
                return None;
            }
            let inner = classify(cx, inner, self_ident)?;
            shape(Kind::Boxed(Box::new(inner)))
        }
        ("Vec", [inner]) => {
            if is_ident(strip_groups(inner), "u8") {
                return shape(Kind::Bytes(Text::Owned));
            }
            let inner = classify(cx, inner, self_ident)?;
            shape(Kind::Array(Box::new(inner)))
        }
        ("Cow", [inner]) => {
            let inner = strip_groups(inner);
            if is_ident(inner, "str") {
                return shape(Kind::Str(Text::Cow));
            }
            if let Type::Slice(s) = inner {
                if is_ident(&s.elem, "u8") {
                    return shape(Kind::Bytes(Text::Cow));
                }
            }
            cx.error_spanned(
                ty,
                "only `Cow<str>` (Avro string) and `Cow<[u8]>` (Avro bytes) are supported; use an owned type",
            );
            None
        }
        ("HashMap" | "BTreeMap" | "IndexMap", [key, value, ..]) => {
            let map = match name.as_str() {
                "HashMap" => MapKind::Hash,
                "BTreeMap" => MapKind::BTree,
                _ => MapKind::Index,
            };
            let key = match classify_key(key) {
                Some(text) => text,
                None => {
                    cx.error_spanned(
                        key,
                        format!("Avro map keys are strings; use `{name}<String, V>` (or `&'a str` / `Cow<'a, str>` keys)"),
                    );
                    return None;
                }
            };
            let value = classify(cx, value, self_ident)?;
            shape(Kind::Map {
                map,
                key,
                value: Box::new(value),
            })
        }
        _ => shape(Kind::Leaf),
    }
}

fn classify_key(ty: &Type) -> Option<Text> {
    let ty = strip_groups(ty);
    if let Type::Reference(r) = ty {
        return (r.mutability.is_none() && is_ident(strip_groups(&r.elem), "str"))
            .then_some(Text::Borrowed);
    }
    let (seg, _) = last_segment(ty)?;
    match (seg.ident.to_string().as_str(), type_args(seg).as_slice()) {
        ("String", []) => Some(Text::Owned),
        ("Cow", [inner]) if is_ident(strip_groups(inner), "str") => Some(Text::Cow),
        _ => None,
    }
}

/// Applies a field's `logical`, `decimal` and `fixed` settings to the innermost type under the
/// wrappers (so `Option<DateTime<Utc>>` with `logical = "timestamp-millis"` is a nullable
/// timestamp in milliseconds).
pub fn apply_settings(cx: &Ctxt, shape: &mut Shape, attrs: &FieldAttrs) {
    let leaf = shape.innermost_mut();
    let fixed = match &attrs.fixed {
        Some(f) => match f.value.base10_parse::<usize>() {
            Ok(n) => Some((n, f.span)),
            Err(e) => {
                cx.syn_error(e);
                return;
            }
        },
        None => None,
    };
    if let (Some(logical), Some(decimal)) = (&attrs.logical, &attrs.decimal) {
        cx.error(
            logical.span,
            "`logical` and `decimal` cannot both be given; a decimal is written with `decimal(precision = .., scale = ..)` alone",
        );
        let _ = decimal;
        return;
    }
    if let Some(logical) = &attrs.logical {
        let mut kind = logical.value;
        if let Some((n, span)) = fixed {
            match kind {
                LogicalKind::Uuid if n == 16 => kind = LogicalKind::UuidFixed,
                LogicalKind::Uuid => {
                    cx.error(span, "a uuid on a fixed has 16 bytes: write `fixed = 16`");
                    return;
                }
                LogicalKind::Duration if n == 12 => {}
                LogicalKind::Duration => {
                    cx.error(span, "a duration is a fixed of 12 bytes: write `fixed = 12`, or leave `fixed` out");
                    return;
                }
                _ => {
                    cx.error(
                        span,
                        format!("`fixed` does not apply to the logical type \"{}\", which is not on a fixed; remove `fixed`", kind.avro_name()),
                    );
                    return;
                }
            }
        }
        match &leaf.kind {
            Kind::Fixed(_) if kind == LogicalKind::Uuid => kind = LogicalKind::UuidFixed,
            Kind::Leaf | Kind::Int | Kind::Long | Kind::Str(Text::Owned) | Kind::Fixed(_) => {}
            _ => {
                cx.error_spanned(
                    &leaf.ty,
                    format!(
                        "`{}` cannot hold the logical type \"{}\"; see avro_runtime::avro_type::Logical for the Rust types of each logical type",
                        leaf.describe(),
                        kind.avro_name()
                    ),
                );
                return;
            }
        }
        leaf.kind = Kind::Logical(kind);
        return;
    }
    if let Some(decimal) = &attrs.decimal {
        if !matches!(leaf.kind, Kind::Leaf) {
            cx.error_spanned(
                &leaf.ty,
                format!(
                    "`decimal(...)` needs a decimal type (`avro_runtime::Decimal`, or `rust_decimal::Decimal` with the runtime feature `rust_decimal`), not `{}`",
                    leaf.describe()
                ),
            );
            return;
        }
        if let Some((n, span)) = fixed {
            // A fixed of n bytes holds at most floor(log10(2^(8n-1) - 1)) digits.
            let max_digits = max_decimal_digits(n);
            if decimal.value.precision > max_digits {
                cx.error(
                    span,
                    format!(
                        "a fixed of {n} bytes holds at most {max_digits} decimal digits, fewer than the precision {}; use a larger `fixed` or a smaller precision",
                        decimal.value.precision
                    ),
                );
                return;
            }
        }
        leaf.kind = Kind::Decimal {
            decimal: decimal.value,
            fixed: fixed.map(|(n, _)| n),
        };
        return;
    }
    if let Some((n, span)) = fixed {
        match &leaf.kind {
            Kind::Bytes(text) => {
                leaf.kind = Kind::FixedBytes {
                    size: n,
                    text: *text,
                }
            }
            Kind::Fixed(_) => cx.error(
                span,
                "`[u8; N]` is already a fixed of N bytes; remove `fixed = ..`",
            ),
            _ => cx.error(
                span,
                format!(
                    "`fixed = N` applies to bytes (`Vec<u8>`, `&[u8]`, `Cow<[u8]>`), to `decimal(...)` and to `logical = \"uuid\"`, not to `{}`",
                    leaf.describe()
                ),
            ),
        }
    }
}

/// The number of decimal digits a two's-complement integer of `n` bytes always holds.
fn max_decimal_digits(n: usize) -> u64 {
    if n == 0 {
        return 0;
    }
    // log10(2^(8n - 1)) = (8n - 1) * log10(2), rounded down.
    (((8 * n - 1) as f64) * std::f64::consts::LOG10_2).floor() as u64
}
