//! Schema defaults as Rust values: a `default_<field>()` function per field with a default
//! (used by `Default` and by schema resolution), `impl Default` for records whose fields all
//! have one, for enums (their enum default) and for large fixed types.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::encode::{branch_index, decimal_trait, logical_trait, some_if};
use super::{bytes_literal, ident, types, Scope};
use crate::ir::{DefaultValue, NamedId};
use crate::plan::{FieldPlan, NamedShape, Ty};

/// The `default_<field>()` functions of a record's fields that have a default.
pub fn functions(scope: Scope<'_>, fields: &[FieldPlan]) -> TokenStream {
    let functions = fields.iter().filter_map(|f| {
        let (name, default) = (f.default_fn.as_ref()?, f.default.as_ref()?);
        let name = ident(name);
        let ty = types::rust_type(scope, &f.ty);
        let value = value(scope, &f.ty, default);
        let doc = format!(
            " The schema default of field `{}` (used for `Default` and schema resolution).",
            f.name
        );
        Some(quote! {
            #[doc = #doc]
            pub fn #name() -> #ty {
                #value
            }
        })
    });
    quote!(#(#functions)*)
}

/// `impl Default` for a record whose fields all have defaults (an empty record derives it).
pub fn default_impl(name: &Ident, fields: &[FieldPlan]) -> TokenStream {
    if fields.is_empty() || fields.iter().any(|f| f.default_fn.is_none()) {
        return TokenStream::new();
    }
    let inits = fields.iter().map(|f| {
        let fid = ident(&f.ident);
        let default_fn = ident(f.default_fn.as_deref().unwrap_or_default());
        quote!(#fid: Self::#default_fn())
    });
    quote! {
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

/// `impl Default` for a fixed of more than 32 bytes (smaller ones derive it).
pub fn fixed_default_impl(name: &Ident, size: usize) -> TokenStream {
    if size <= 32 {
        return TokenStream::new();
    }
    let n = Literal::usize_unsuffixed(size);
    quote! {
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self([0; #n])
            }
        }
    }
}

/// `impl Default` for an enum: its enum default (`variants[default_index]`), else its first
/// symbol; none for an enum without symbols.
pub fn enum_default_impl(
    name: &Ident,
    variants: &[String],
    default_index: usize,
    has_default: bool,
) -> TokenStream {
    let Some(variant) = variants.get(default_index) else {
        return TokenStream::new();
    };
    let variant = ident(variant);
    let doc = if has_default {
        " The schema's enum default symbol (also what unknown writer symbols resolve to)."
    } else {
        " The first symbol (the schema declares no enum default)."
    };
    quote! {
        impl ::std::default::Default for #name {
            #[doc = #doc]
            fn default() -> Self {
                Self::#variant
            }
        }
    }
}

/// An expression of `ty`'s Rust type holding the schema default `default`.
pub fn value(scope: Scope<'_>, ty: &Ty, default: &DefaultValue) -> TokenStream {
    match (ty, default) {
        (Ty::Null, _) => quote!(()),
        (Ty::Boolean, DefaultValue::Boolean(b)) => quote!(#b),
        (Ty::Int, DefaultValue::Int(v)) => quote!(#v),
        (Ty::Long, DefaultValue::Long(v)) => quote!(#v),
        (Ty::Float, DefaultValue::Float(v)) => float_literal(f64::from(*v), "f32"),
        (Ty::Double, DefaultValue::Double(v)) => float_literal(*v, "f64"),
        (Ty::String(_), DefaultValue::String(s)) => quote!(::std::string::String::from(#s)),
        (Ty::Bytes(_), DefaultValue::Bytes(b)) if b.is_empty() => quote!(::std::vec::Vec::new()),
        (Ty::Bytes(_), DefaultValue::Bytes(b)) => {
            let b = b.iter().map(|x| Literal::u8_unsuffixed(*x));
            quote!(::std::vec![#(#b),*])
        }
        (Ty::Fixed(_), DefaultValue::Fixed(bytes)) => bytes_literal(bytes),
        (Ty::Logical { kind, rust }, _) => {
            // Read from the default's encoding, through the type's one front door.
            let t = logical_trait(*kind, rust);
            let bytes = bytes_literal(&encoding(default));
            let msg = format!("the schema default is a valid {}", kind.avro_name());
            quote!(#t::decode(&mut ::avro_runtime::Reader::new(&#bytes)).expect(#msg))
        }
        (Ty::Decimal { scale, fixed, rust }, DefaultValue::Bytes(b) | DefaultValue::Fixed(b)) => {
            let t = decimal_trait(rust);
            let msg = "the schema default is a decimal the type can hold";
            match fixed {
                Some(size) => {
                    let bytes = bytes_literal(b);
                    quote!(#t::decode_fixed(&mut ::avro_runtime::Reader::new(&#bytes), #scale, #size).expect(#msg))
                }
                None => {
                    let bytes = bytes_literal(&encoding(default));
                    quote!(#t::decode_bytes(&mut ::avro_runtime::Reader::new(&#bytes), #scale).expect(#msg))
                }
            }
        }
        (Ty::Option { null_index, some }, DefaultValue::Union(index, value)) => {
            if index == null_index {
                quote!(::std::option::Option::None)
            } else {
                let v = self::value(scope, some, value);
                quote!(::std::option::Option::Some(#v))
            }
        }
        (Ty::Union { union, null_index }, DefaultValue::Union(index, value)) => {
            if Some(*index) == *null_index {
                return quote!(::std::option::Option::None);
            }
            let variants = &scope.plan.unions[*union].variants;
            let k = (0..variants.len())
                .find(|k| branch_index(*k, *null_index) == *index)
                .expect("the default's branch is a variant");
            let path = scope.union_path(*union);
            let variant = ident(&variants[k].ident);
            let v = self::value(scope, &variants[k].ty, value);
            some_if(null_index.is_some(), quote!(#path::#variant(#v)))
        }
        (Ty::OneBranch(inner), DefaultValue::Union(_, value)) => self::value(scope, inner, value),
        (Ty::Boxed(inner), _) => {
            let v = value(scope, inner, default);
            quote!(::std::boxed::Box::new(#v))
        }
        (Ty::Array(items), DefaultValue::Array(values)) => {
            if values.is_empty() {
                return quote!(::std::vec::Vec::new());
            }
            let v = values.iter().map(|d| value(scope, items, d));
            quote!(::std::vec![#(#v),*])
        }
        (Ty::Map { values, .. }, DefaultValue::Map(entries)) => {
            if entries.is_empty() {
                return quote!(::std::default::Default::default());
            }
            let e = entries.iter().map(|(k, d)| {
                let v = value(scope, values, d);
                quote!((::std::string::String::from(#k), #v))
            });
            quote!(::std::iter::FromIterator::from_iter([#(#e),*]))
        }
        (Ty::Named(id), _) => named(scope, *id, default),
        _ => panic!("internal error: default value {default:?} does not match its type {ty:?}"),
    }
}

fn named(scope: Scope<'_>, id: NamedId, default: &DefaultValue) -> TokenStream {
    let plan = &scope.plan.named[id.0];
    let path = scope.named_path(id);
    match (&plan.shape, default) {
        (NamedShape::Record { fields }, DefaultValue::Record(values)) => {
            let inits = fields.iter().zip(values).map(|(f, d)| {
                let fid = ident(&f.ident);
                let v = value(scope, &f.ty, d);
                quote!(#fid: #v)
            });
            quote!(#path { #(#inits),* })
        }
        (NamedShape::Enum { variants, .. }, DefaultValue::Enum(i)) => {
            let v = ident(&variants[*i]);
            quote!(#path::#v)
        }
        (NamedShape::Fixed { .. }, DefaultValue::Fixed(bytes)) => {
            let b = bytes_literal(bytes);
            quote!(#path(#b))
        }
        _ => panic!(
            "internal error: default {default:?} for named type {}",
            plan.ident
        ),
    }
}

/// The Avro binary encoding of a primitive default (int, long, string, bytes, fixed).
fn encoding(default: &DefaultValue) -> Vec<u8> {
    let mut out = Vec::new();
    match default {
        DefaultValue::Int(v) => zigzag(i64::from(*v), &mut out),
        DefaultValue::Long(v) => zigzag(*v, &mut out),
        DefaultValue::String(s) => {
            zigzag(s.len() as i64, &mut out);
            out.extend_from_slice(s.as_bytes());
        }
        DefaultValue::Bytes(b) => {
            zigzag(b.len() as i64, &mut out);
            out.extend_from_slice(b);
        }
        DefaultValue::Fixed(b) => out.extend_from_slice(b),
        other => panic!("internal error: {other:?} is not the default of a logical type"),
    }
    out
}

fn zigzag(value: i64, out: &mut Vec<u8>) {
    let mut n = ((value << 1) ^ (value >> 63)) as u64;
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn float_literal(v: f64, suffix: &str) -> TokenStream {
    let ty = super::tokens(suffix);
    if v.is_nan() {
        quote!(#ty::NAN)
    } else if v == f64::INFINITY {
        quote!(#ty::INFINITY)
    } else if v == f64::NEG_INFINITY {
        quote!(#ty::NEG_INFINITY)
    } else if suffix == "f32" {
        let l = Literal::f32_suffixed(v as f32);
        quote!(#l)
    } else {
        let l = Literal::f64_suffixed(v);
        quote!(#l)
    }
}
