//! Emission of `ToApacheValue` impls (Config::apache_avro_values): each generated value converts
//! into `apache_avro::types::Value` in the shape apache-avro's decoder produces. Records convert
//! field by field *by name*, so comparing against apache-avro's own decoding checks our decoder
//! independently of our encoder.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, tokens, DecimalMapping, Emitter, UuidMapping, Val};
use crate::ir::{Logical, NamedId, NamedKind, Primitive, Schema};
use crate::plan::{is_null, UnionShape};

impl Emitter<'_> {
    /// `impl ToApacheValue` for a generated named type.
    pub(super) fn apache_impl_named(&self, id: NamedId) -> TokenStream {
        let named = self.set.get(id);
        let plan = &self.plan.named[id.0];
        let name = ident(&plan.ident);
        let module = &plan.module;
        let body = match &named.kind {
            NamedKind::Record { fields, .. } => {
                let entries = fields.iter().zip(&plan.fields).map(|(f, fid)| {
                    let fid = ident(fid);
                    let v = self.apache_value(&f.schema, &Val::place(quote!(self.#fid)), module);
                    let n = &f.name;
                    quote!((::std::string::String::from(#n), #v))
                });
                quote!(::avro_runtime::apache::Value::Record(
                    ::std::vec![#(#entries),*]
                ))
            }
            NamedKind::Enum { .. } => quote! {
                ::avro_runtime::apache::Value::Enum(*self as u32, ::std::string::String::from(self.as_str()))
            },
            NamedKind::Fixed { size, .. } => {
                let n = Literal::usize_unsuffixed(*size);
                quote!(::avro_runtime::apache::Value::Fixed(#n, self.0.to_vec()))
            }
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
    pub(super) fn apache_impl_union(&self, u: usize, schema: &Schema) -> TokenStream {
        let union = &self.plan.unions[u];
        let name = ident(&union.ident);
        let v = self.apache_value(schema, &Val::reference(quote!(self)), &union.module);
        quote! {
            impl ::avro_runtime::apache::ToApacheValue for #name {
                fn to_apache_value(&self) -> ::avro_runtime::Result<::avro_runtime::apache::Value> {
                    Ok(#v)
                }
            }
        }
    }

    /// An expression (of type `Value`, may use `?`) converting `value` of `schema`'s Rust type.
    fn apache_value(&self, schema: &Schema, value: &Val, from: &[String]) -> TokenStream {
        let e = value.expr();
        let b = value.borrowed();
        let c = value.copied();
        match schema {
            Schema::Primitive { ty, logical, .. } => {
                if let Some(l) = logical {
                    if let Some(v) = self.apache_logical(*ty, *l, value) {
                        return v;
                    }
                }
                match ty {
                    Primitive::Null => quote!(::avro_runtime::apache::Value::Null),
                    Primitive::Boolean => quote!(::avro_runtime::apache::Value::Boolean(#c)),
                    Primitive::Int => quote!(::avro_runtime::apache::Value::Int(#c)),
                    Primitive::Long => quote!(::avro_runtime::apache::Value::Long(#c)),
                    Primitive::Float => quote!(::avro_runtime::apache::Value::Float(#c)),
                    Primitive::Double => quote!(::avro_runtime::apache::Value::Double(#c)),
                    Primitive::Bytes => quote!(::avro_runtime::apache::Value::Bytes(#e.to_vec())),
                    Primitive::String => {
                        quote!(::avro_runtime::apache::Value::String(#e.to_string()))
                    }
                }
            }
            Schema::Array { items, .. } => {
                let item = self.apache_value(items, &Val::reference(quote!(item)), from);
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
            Schema::Map { values, .. } => {
                let v = self.apache_value(values, &Val::reference(quote!(value)), from);
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
            Schema::Union(branches) => {
                let union = |index: usize, v: TokenStream| {
                    let index = Literal::u32_unsuffixed(index as u32);
                    quote!(::avro_runtime::apache::Value::Union(#index, ::std::boxed::Box::new(#v)))
                };
                match self.plan.union_shape(branches) {
                    UnionShape::Empty(_) => quote!(match *#b {}),
                    UnionShape::OnlyNull => union(0, quote!(::avro_runtime::apache::Value::Null)),
                    UnionShape::Single => union(0, self.apache_value(&branches[0], value, from)),
                    UnionShape::Option {
                        null_index,
                        some_index,
                    } => {
                        let none = union(null_index, quote!(::avro_runtime::apache::Value::Null));
                        let some = union(
                            some_index,
                            self.apache_value(
                                &branches[some_index],
                                &Val::reference(quote!(v)),
                                from,
                            ),
                        );
                        quote! {
                            match #b {
                                ::std::option::Option::None => #none,
                                ::std::option::Option::Some(v) => #some,
                            }
                        }
                    }
                    UnionShape::Enum {
                        union: u,
                        null_index,
                    } => {
                        let path = self.union_path(from, u);
                        let mut arms = Vec::new();
                        if let Some(n) = null_index {
                            let none = union(n, quote!(::avro_runtime::apache::Value::Null));
                            arms.push(quote!(::std::option::Option::None => #none,));
                        }
                        let non_null = branches.iter().enumerate().filter(|(_, b)| !is_null(b));
                        for ((index, branch), (_, vname)) in
                            non_null.zip(&self.plan.unions[u].variants)
                        {
                            let v = ident(vname);
                            let inner = self.apache_value(branch, &Val::reference(quote!(v)), from);
                            let pat = quote!(#path::#v(v));
                            let pat = if null_index.is_some() {
                                quote!(::std::option::Option::Some(#pat))
                            } else {
                                pat
                            };
                            let value = union(index, inner);
                            arms.push(quote!(#pat => #value,));
                        }
                        quote!(match #b { #(#arms)* })
                    }
                }
            }
            Schema::Named(id) => match &self.set.get(*id).kind {
                NamedKind::Fixed {
                    logical: Some(l),
                    size,
                } => self.apache_logical_fixed(*l, *size, value),
                _ => quote!(::avro_runtime::apache::ToApacheValue::to_apache_value(#b)?),
            },
        }
    }

    fn apache_logical(&self, ty: Primitive, logical: Logical, value: &Val) -> Option<TokenStream> {
        let e = value.expr();
        let b = value.borrowed();
        let variant = match logical {
            Logical::Date => "Date",
            Logical::TimeMillis => "TimeMillis",
            Logical::TimeMicros => "TimeMicros",
            Logical::TimestampMillis => "TimestampMillis",
            Logical::TimestampMicros => "TimestampMicros",
            Logical::TimestampNanos => "TimestampNanos",
            Logical::LocalTimestampMillis => "LocalTimestampMillis",
            Logical::LocalTimestampMicros => "LocalTimestampMicros",
            Logical::LocalTimestampNanos => "LocalTimestampNanos",
            Logical::Decimal { scale, .. } => {
                return Some(match self.opts.decimal {
                    DecimalMapping::Runtime => quote!(::avro_runtime::apache::decimal(#b)),
                    DecimalMapping::RustDecimal => quote! {
                        ::avro_runtime::apache::decimal_bytes_via(|out| ::avro_runtime::logical::rust_decimal::encode_bytes(out, #b, #scale))?
                    },
                });
            }
            Logical::Uuid => {
                return Some(match self.opts.uuid {
                    UuidMapping::Plain => quote!(::avro_runtime::apache::uuid_from_str(#b)?),
                    UuidMapping::Uuid => {
                        let c = value.copied();
                        quote!(::avro_runtime::apache::Value::Uuid(#c))
                    }
                });
            }
            Logical::Duration => return None,
        };
        let variant = tokens(&format!("::avro_runtime::apache::Value::{variant}"));
        Some(match self.date_time_adapter(logical) {
            Some(adapter) => {
                let via = if ty == Primitive::Int {
                    quote!(::avro_runtime::apache::int_via)
                } else {
                    quote!(::avro_runtime::apache::long_via)
                };
                quote!(#variant(#via(|out| #adapter::encode(out, #b))?))
            }
            None => quote!(#variant(#e.0)),
        })
    }

    fn apache_logical_fixed(&self, logical: Logical, size: usize, value: &Val) -> TokenStream {
        let b = value.borrowed();
        match logical {
            Logical::Decimal { scale, .. } => match self.opts.decimal {
                DecimalMapping::Runtime => quote!(::avro_runtime::apache::decimal(#b)),
                DecimalMapping::RustDecimal => quote! {
                    ::avro_runtime::apache::decimal_fixed_via(|out| ::avro_runtime::logical::rust_decimal::encode_fixed(out, #b, #scale, #size))?
                },
            },
            Logical::Uuid => match self.opts.uuid {
                UuidMapping::Plain => quote!(::avro_runtime::apache::uuid_from_bytes(#b)),
                UuidMapping::Uuid => {
                    let c = value.copied();
                    quote!(::avro_runtime::apache::Value::Uuid(#c))
                }
            },
            Logical::Duration => quote!(::avro_runtime::apache::duration(#b)),
            _ => {
                let n = Literal::usize_unsuffixed(size);
                quote!(::avro_runtime::apache::Value::Fixed(#n, #b.to_vec()))
            }
        }
    }
}
