//! `Encode::size_hint`: a cheap upper bound of a value's encoded size (too small only costs a
//! reallocation), constant where the type allows.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};

use super::encode::{decimal_trait, logical_trait, some_if};
use super::{ident, Scope};
use crate::plan::{FixedLen, NamedShape, Ty};
use crate::tokens::{Size, Val};

/// Varint bytes of an `int`.
const MAX_INT: usize = 5;
/// Varint bytes of a `long` (and of a length or count).
const MAX_LONG: usize = 10;

/// The bound of a record's fields, or a struct variant's.
pub fn members<'t>(scope: Scope<'_>, members: impl IntoIterator<Item = (&'t Ty, Val)>) -> Size {
    members
        .into_iter()
        .fold(Size::default(), |total, (ty, val)| {
            total.plus(value(scope, ty, &val))
        })
}

/// The function whose call on a value is its whole bound, when there is one (records, leaves,
/// logical types and decimals of variable size): a sum or `map_or` over such values names it
/// instead of wrapping the call in a closure.
fn hint_fn(scope: Scope<'_>, ty: &Ty) -> Option<TokenStream> {
    match ty {
        Ty::Named(id) => matches!(scope.plan.named[id.0].shape, NamedShape::Record { .. })
            .then(|| quote!(::avro_runtime::Encode::size_hint)),
        Ty::Leaf(_) => Some(quote!(::avro_runtime::Encode::size_hint)),
        Ty::Boxed(inner) if super::encode::has_impl(inner) => hint_fn(scope, inner),
        Ty::Logical { kind, rust } if kind.max_size().is_none() => {
            let t = logical_trait(*kind, rust);
            Some(quote!(#t::size_hint))
        }
        Ty::Decimal {
            fixed: None, rust, ..
        } => {
            let t = decimal_trait(rust);
            Some(quote!(#t::size_hint))
        }
        _ => None,
    }
}

/// The bound of `val`, a value of `ty`.
pub fn value(scope: Scope<'_>, ty: &Ty, val: &Val) -> Size {
    let e = val.expr();
    match ty {
        Ty::Null => Size::constant(0),
        Ty::Boolean => Size::constant(1),
        Ty::Int => Size::constant(MAX_INT),
        Ty::Long => Size::constant(MAX_LONG),
        Ty::Float => Size::constant(4),
        Ty::Double => Size::constant(8),
        Ty::String(_) | Ty::Bytes(_) => {
            Size::constant(MAX_LONG).plus(Size::dynamic(quote!(#e.len())))
        }
        Ty::Fixed(FixedLen::Known(n)) | Ty::FixedBytes { size: n, .. } => Size::constant(*n),
        Ty::Fixed(FixedLen::Expr(_)) => Size::dynamic(quote!(#e.len())),
        Ty::Logical { kind, rust } => match kind.max_size() {
            Some(n) => Size::constant(n),
            None => {
                let b = val.borrowed();
                let t = logical_trait(*kind, rust);
                Size::dynamic(quote!(#t::size_hint(#b)))
            }
        },
        Ty::Decimal { fixed: Some(n), .. } => Size::constant(*n),
        Ty::Decimal { rust, .. } => {
            let b = val.borrowed();
            let t = decimal_trait(rust);
            Size::dynamic(quote!(#t::size_hint(#b)))
        }
        Ty::Option { some, .. } => {
            let inner = value(scope, some, &Val::reference(quote!(v)));
            if inner.is_constant() {
                Size::constant(1 + inner.constant_part())
            } else if let Some(hint) = hint_fn(scope, some) {
                Size::constant(1).plus(Size::dynamic(quote!(#e.as_ref().map_or(0, #hint))))
            } else {
                let t = inner.tokens();
                Size::constant(1).plus(Size::dynamic(quote!(#e.as_ref().map_or(0, |v| #t))))
            }
        }
        Ty::Union { union, null_index } => {
            let path = scope.union_path(*union);
            let variants = &scope.plan.unions[*union].variants;
            let sizes: Vec<Size> = variants
                .iter()
                .map(|v| value(scope, &v.ty, &Val::reference(quote!(v))))
                .collect();
            if sizes.iter().all(Size::is_constant) {
                let max = sizes.iter().map(|s| s.constant_part()).max().unwrap_or(0);
                return Size::constant(1 + max);
            }
            let mut arms = Vec::new();
            if null_index.is_some() {
                arms.push(quote!(::std::option::Option::None => 0,));
            }
            for (v, size) in variants.iter().zip(sizes) {
                let variant = ident(&v.ident);
                let binding = if size.is_constant() {
                    quote!(_)
                } else {
                    quote!(v)
                };
                let inner = size.tokens();
                let pattern = some_if(null_index.is_some(), quote!(#path::#variant(#binding)));
                arms.push(quote!(#pattern => #inner,));
            }
            let b = val.borrowed();
            Size::constant(1).plus(Size::dynamic(quote!(match #b { #(#arms)* })))
        }
        Ty::OneBranch(inner) => Size::constant(1).plus(value(scope, inner, val)),
        Ty::Boxed(inner) if super::encode::has_impl(inner) => value(scope, inner, val),
        Ty::Boxed(inner) => value(scope, inner, &val.unboxed()),
        Ty::Array(items) => {
            let item = value(scope, items, &Val::reference(quote!(item)));
            let per_items = if item.is_constant() {
                let c = Literal::usize_unsuffixed(item.constant_part());
                quote!(#e.len() * #c)
            } else if let Some(hint) = hint_fn(scope, items) {
                quote!(#e.iter().map(#hint).sum::<usize>())
            } else {
                let t = item.tokens();
                quote!(#e.iter().map(|item| #t).sum::<usize>())
            };
            Size::constant(1 + MAX_LONG).plus(Size::dynamic(per_items))
        }
        Ty::Map { values, .. } => {
            let v = value(scope, values, &Val::reference(quote!(value)));
            let entries = if v.is_constant() {
                let t = Size::constant(MAX_LONG + v.constant_part())
                    .plus(Size::dynamic(quote!(key.len())))
                    .tokens();
                quote!(#e.keys().map(|key| #t).sum::<usize>())
            } else {
                let t = Size::constant(MAX_LONG)
                    .plus(Size::dynamic(quote!(key.len())))
                    .plus(v)
                    .tokens();
                quote!(#e.iter().map(|(key, value)| #t).sum::<usize>())
            };
            Size::constant(1 + MAX_LONG).plus(Size::dynamic(entries))
        }
        Ty::Named(id) => match &scope.plan.named[id.0].shape {
            NamedShape::Fixed { size } => Size::constant(*size),
            NamedShape::Enum { .. } => Size::constant(MAX_INT),
            _ => {
                let b = val.borrowed();
                Size::dynamic(quote!(::avro_runtime::Encode::size_hint(#b)))
            }
        },
        Ty::Leaf(rust) => {
            let b = val.borrowed();
            Size::dynamic(quote_spanned!(Ty::span(rust)=> ::avro_runtime::Encode::size_hint(#b)))
        }
    }
}

/// The bound of a union held in a derived enum: `match self { arms }`, each arm's pattern with
/// the bound of its value (`None` for `null`), plus one byte for the index.
pub fn union_match(arms: impl IntoIterator<Item = (TokenStream, Size)>) -> TokenStream {
    let arms = arms.into_iter().map(|(pattern, size)| {
        let total = Size::constant(1).plus(size).tokens();
        quote!(#pattern => #total,)
    });
    quote!(match self { #(#arms)* })
}
