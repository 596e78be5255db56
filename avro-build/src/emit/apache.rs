//! `ToApacheValue` impls (`Config::apache_avro_values`): each generated value converts into
//! `apache_avro::types::Value` in the shape apache-avro's decoder produces. Records convert
//! field by field *by name*, so comparing against apache-avro's own decoding checks our decoder
//! independently of our encoder. Logical values convert through their type's binary codec
//! (`Logical<K>`, `DecimalValue`), whatever Rust type holds them.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::encode::{branch_index, some_if};
use super::{ident, types, Scope};
use crate::ir::{Logical, NamedId, NamedKind, Schema, SchemaSet};
use crate::plan::{LogicalKind, NamedShape, Ty};
use crate::tokens::Val;

#[derive(Clone, Copy)]
struct Ctx<'a> {
    set: &'a SchemaSet,
    scope: Scope<'a>,
}

/// `impl ToApacheValue` for a generated named type.
pub fn named_impl(set: &SchemaSet, scope: Scope<'_>, id: NamedId) -> TokenStream {
    let ctx = Ctx { set, scope };
    let plan = &scope.plan.named[id.0];
    let name = ident(&plan.ident);
    let body = match (&set.get(id).kind, &plan.shape) {
        (
            NamedKind::Record {
                fields: schemas, ..
            },
            NamedShape::Record { fields },
        ) => {
            let entries = schemas.iter().zip(fields).map(|(schema, f)| {
                let fid = ident(&f.ident);
                let v = value(ctx, &schema.schema, &f.ty, &Val::place(quote!(self.#fid)));
                let n = &f.name;
                quote!((::std::string::String::from(#n), #v))
            });
            quote!(::avro_runtime::apache::Value::Record(
                ::std::vec![#(#entries),*]
            ))
        }
        (_, NamedShape::Enum { variants, .. }) if variants.is_empty() => quote!(match *self {}),
        (_, NamedShape::Enum { .. }) => quote! {
            ::avro_runtime::apache::Value::Enum(*self as u32, ::std::string::String::from(self.as_str()))
        },
        (_, NamedShape::Fixed { size }) => {
            let n = Literal::usize_unsuffixed(*size);
            quote!(::avro_runtime::apache::Value::Fixed(#n, self.0.to_vec()))
        }
        _ => return TokenStream::new(),
    };
    quote! {
        impl ::avro_runtime::apache::ToApacheValue for #name {
            fn to_apache_value(&self) -> ::avro_runtime::Result<::avro_runtime::apache::Value> {
                Ok(#body)
            }
        }
    }
}

/// `impl ToApacheValue` for a top-level union enum.
pub fn union_impl(set: &SchemaSet, scope: Scope<'_>, u: usize) -> TokenStream {
    let ctx = Ctx { set, scope };
    let union = &scope.plan.unions[u];
    let name = ident(&union.ident);
    let ty = Ty::Union {
        union: u,
        null_index: None,
    };
    let v = value(ctx, &union.schema(), &ty, &Val::reference(quote!(self)));
    quote! {
        impl ::avro_runtime::apache::ToApacheValue for #name {
            fn to_apache_value(&self) -> ::avro_runtime::Result<::avro_runtime::apache::Value> {
                Ok(#v)
            }
        }
    }
}

/// The logical type of a schema position, if any (also on a named fixed).
fn logical_of(set: &SchemaSet, schema: &Schema) -> Option<Logical> {
    match schema {
        Schema::Primitive { logical, .. } => *logical,
        Schema::Named(id) => match &set.get(*id).kind {
            NamedKind::Fixed { logical, .. } => *logical,
            _ => None,
        },
        _ => None,
    }
}

/// An expression (of type `Value`, may use `?`) converting `val`, a value of `ty` (schema
/// `schema`).
fn value(ctx: Ctx<'_>, schema: &Schema, ty: &Ty, val: &Val) -> TokenStream {
    let e = val.expr();
    let b = val.borrowed();
    let c = val.copied();
    let private = quote!(::avro_runtime::__private::apache);
    match ty {
        Ty::Null => quote!(::avro_runtime::apache::Value::Null),
        Ty::Boolean => quote!(::avro_runtime::apache::Value::Boolean(#c)),
        Ty::Int => quote!(::avro_runtime::apache::Value::Int(#c)),
        Ty::Long => quote!(::avro_runtime::apache::Value::Long(#c)),
        Ty::Float => quote!(::avro_runtime::apache::Value::Float(#c)),
        Ty::Double => quote!(::avro_runtime::apache::Value::Double(#c)),
        // uuid without the `uuid` mapping is still a uuid to apache-avro.
        Ty::String(_) if logical_of(ctx.set, schema) == Some(Logical::Uuid) => {
            quote!(#private::uuid_from_str(#b)?)
        }
        Ty::String(_) => quote!(::avro_runtime::apache::Value::String(#e.to_string())),
        Ty::Bytes(_) => quote!(::avro_runtime::apache::Value::Bytes(#e.to_vec())),
        Ty::Fixed(_) if logical_of(ctx.set, schema) == Some(Logical::Uuid) => {
            quote!(#private::uuid_from_bytes(#b))
        }
        Ty::Fixed(len) => {
            let n = types::fixed_len(len);
            quote!(::avro_runtime::apache::Value::Fixed(#n, #e.to_vec()))
        }
        Ty::FixedBytes { size, .. } => {
            quote!(::avro_runtime::apache::Value::Fixed(#size, #e.to_vec()))
        }
        Ty::Logical { kind, rust } => {
            let marker = format_ident!("{}", kind.marker());
            let args = quote!(::avro_runtime::avro_type::kind::#marker, #rust);
            match kind {
                LogicalKind::Uuid => quote!(#private::uuid_string::<#rust>(#b)?),
                LogicalKind::UuidFixed => quote!(#private::uuid_fixed::<#rust>(#b)?),
                LogicalKind::Duration => quote!(#private::duration::<#rust>(#b)?),
                LogicalKind::Date | LogicalKind::TimeMillis => {
                    quote!(::avro_runtime::apache::Value::#marker(#private::logical_int::<#args>(#b)?))
                }
                _ => {
                    quote!(::avro_runtime::apache::Value::#marker(#private::logical_long::<#args>(#b)?))
                }
            }
        }
        Ty::Decimal { scale, fixed, rust } => {
            let fixed = match fixed {
                Some(n) => quote!(::std::option::Option::Some(#n)),
                None => quote!(::std::option::Option::None),
            };
            quote!(#private::decimal::<#rust>(#b, #scale, #fixed)?)
        }
        Ty::Array(items) => {
            let item = value(ctx, inner(schema), items, &Val::reference(quote!(item)));
            quote! {
                ::avro_runtime::apache::Value::Array({
                    let mut items = ::std::vec::Vec::with_capacity(#e.len());
                    for item in #b {
                        items.push(#item);
                    }
                    items
                })
            }
        }
        Ty::Map { values, .. } => {
            let v = value(ctx, inner(schema), values, &Val::reference(quote!(value)));
            quote! {
                ::avro_runtime::apache::Value::Map({
                    let mut map = ::std::collections::HashMap::with_capacity(#e.len());
                    for (key, value) in #b {
                        map.insert(key.clone(), #v);
                    }
                    map
                })
            }
        }
        Ty::OneBranch(inner) => union_value(0, value(ctx, &branches(schema)[0], inner, val)),
        Ty::Option { null_index, some } => {
            let none = union_value(*null_index, quote!(::avro_runtime::apache::Value::Null));
            let some_index = 1 - null_index;
            let some = union_value(
                some_index,
                value(
                    ctx,
                    &branches(schema)[some_index],
                    some,
                    &Val::reference(quote!(v)),
                ),
            );
            quote! {
                match #b {
                    ::std::option::Option::None => #none,
                    ::std::option::Option::Some(v) => #some,
                }
            }
        }
        Ty::Union { union, null_index } => {
            let variants = &ctx.scope.plan.unions[*union].variants;
            if variants.is_empty() && null_index.is_none() {
                return quote!(match *#b {});
            }
            let path = ctx.scope.union_path(*union);
            let mut arms = Vec::new();
            if let Some(n) = null_index {
                let none = union_value(*n, quote!(::avro_runtime::apache::Value::Null));
                arms.push(quote!(::std::option::Option::None => #none,));
            }
            for (k, v) in variants.iter().enumerate() {
                let index = branch_index(k, *null_index);
                let variant = ident(&v.ident);
                let inner = value(
                    ctx,
                    &branches(schema)[index],
                    &v.ty,
                    &Val::reference(quote!(v)),
                );
                let pattern = some_if(null_index.is_some(), quote!(#path::#variant(v)));
                let value = union_value(index, inner);
                arms.push(quote!(#pattern => #value,));
            }
            quote!(match #b { #(#arms)* })
        }
        Ty::Boxed(inner) if super::encode::has_impl(inner) => value(ctx, schema, inner, val),
        Ty::Boxed(inner) => value(ctx, schema, inner, &val.unboxed()),
        Ty::Named(_) | Ty::Leaf(_) => {
            quote!(::avro_runtime::apache::ToApacheValue::to_apache_value(#b)?)
        }
    }
}

/// `Value::Union(index, Box::new(value))`.
fn union_value(index: usize, v: TokenStream) -> TokenStream {
    let index = Literal::u32_unsuffixed(index as u32);
    quote!(::avro_runtime::apache::Value::Union(#index, ::std::boxed::Box::new(#v)))
}

/// The branches of a union schema (`[schema]` for anything else).
fn branches(schema: &Schema) -> &[Schema] {
    match schema {
        Schema::Union(branches) => branches,
        other => std::slice::from_ref(other),
    }
}

/// The schema of array items or map values.
fn inner(schema: &Schema) -> &Schema {
    match schema {
        Schema::Array { items, .. } => items,
        Schema::Map { values, .. } => values,
        other => other,
    }
}
