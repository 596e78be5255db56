//! The codec of a derived type: its attribute model ([`Shape`]) lowered into avro-build's
//! Rust-type model ([`Ty`]), then written by avro-build's encode, size-hint and decode emitters,
//! the ones generated code uses, so both write the same code for the same types.

use std::collections::HashSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::Member;

use avro_build::emit::{decode, encode, size, Scope};
use avro_build::plan::{FixedLen, Ty};
use avro_build::tokens::{Size, Val};

use super::ast::{Branch, BranchKind, Container, Data, Field};
use super::default::literal_size;
use super::shape::{Kind, Shape};

/// The Rust-type model of a field type.
pub fn ty(shape: &Shape) -> Ty {
    let written = || shape.ty.to_token_stream();
    match &shape.kind {
        Kind::Null => Ty::Null,
        Kind::Boolean => Ty::Boolean,
        Kind::Int => Ty::Int,
        Kind::Long => Ty::Long,
        Kind::Float => Ty::Float,
        Kind::Double => Ty::Double,
        Kind::Str(text) => Ty::String(*text),
        Kind::Bytes(text) => Ty::Bytes(*text),
        Kind::Fixed(n) => Ty::Fixed(match literal_size(n) {
            Some(n) => FixedLen::Known(n),
            None => FixedLen::Expr(n.to_token_stream()),
        }),
        Kind::FixedBytes { size, text } => Ty::FixedBytes {
            size: *size,
            text: *text,
        },
        Kind::Option(inner) => Ty::Option {
            null_index: 0,
            some: Box::new(ty(inner)),
        },
        Kind::Boxed(inner) => Ty::Boxed(Box::new(ty(inner))),
        Kind::Array(inner) => Ty::Array(Box::new(ty(inner))),
        Kind::Map { map, key, value } => Ty::Map {
            kind: *map,
            key: *key,
            values: Box::new(ty(value)),
        },
        Kind::SelfRef | Kind::Leaf => Ty::Leaf(written()),
        Kind::Logical(kind) => Ty::Logical {
            kind: *kind,
            rust: written(),
        },
        Kind::Decimal { decimal, fixed } => Ty::Decimal {
            scale: decimal.scale as u32,
            fixed: *fixed,
            rust: written(),
        },
    }
}

/// The body of `encode_to`, the `size_hint` expression and the body of `decode`.
pub struct Codec {
    pub encode: TokenStream,
    pub size: TokenStream,
    pub decode: TokenStream,
}

/// A record's (or struct variant's) fields in the model, with how the codec reaches each:
/// `value(field)` is the field's value when encoding.
struct Record<'f, 'a> {
    fields: &'f [Field<'a>],
    types: Vec<Option<Ty>>,
    locals: Vec<Ident>,
}

impl<'f, 'a> Record<'f, 'a> {
    fn new(fields: &'f [Field<'a>]) -> Self {
        // Locals are the field names (a tuple field's `field_<i>`), except one that would hide
        // the decoder's `reader`.
        let mut taken: HashSet<String> = fields.iter().map(|f| local_name(&f.member)).collect();
        let locals = fields
            .iter()
            .map(|f| {
                let mut name = local_name(&f.member);
                if name == "reader" {
                    while !taken.insert(name.clone()) {
                        name.push('_');
                    }
                }
                match name.strip_prefix("r#") {
                    Some(raw) => Ident::new_raw(raw, Span::call_site()),
                    None => Ident::new(&name, Span::call_site()),
                }
            })
            .collect();
        Record {
            fields,
            types: fields
                .iter()
                .map(|f| (!f.skip).then(|| ty(&f.shape)))
                .collect(),
            locals,
        }
    }

    /// The fields in the schema, each with its value.
    fn values(&self, value: impl Fn(usize, &Field<'a>) -> Val) -> Vec<(&Ty, Val)> {
        self.fields
            .iter()
            .zip(&self.types)
            .enumerate()
            .filter_map(|(i, (f, ty))| Some((ty.as_ref()?, value(i, f))))
            .collect()
    }

    fn decode(
        &self,
        scope: Scope<'_>,
        ctor: TokenStream,
        recursive: bool,
    ) -> (TokenStream, TokenStream) {
        let members: Vec<decode::Member<'_>> = self
            .fields
            .iter()
            .zip(&self.types)
            .zip(&self.locals)
            .map(|((f, ty), local)| decode::Member {
                member: f.member.to_token_stream(),
                local: local.clone(),
                name: &f.name,
                ty: ty.as_ref(),
            })
            .collect();
        decode::members(scope, ctor, &members, recursive)
    }

    fn is_recursive(&self) -> bool {
        self.fields
            .iter()
            .any(|f| !f.skip && f.shape.has_self_ref())
    }
}

fn local_name(member: &Member) -> String {
    match member {
        Member::Named(ident) => ident.to_string(),
        Member::Unnamed(index) => format!("field_{}", index.index),
    }
}

/// `reader.enter()?; let value = ..; reader.leave(); Ok(value)` for a recursive type, so hostile
/// input cannot exhaust the stack; else `Ok(value)`.
fn bounded(recursive: bool, statements: TokenStream, value: TokenStream) -> TokenStream {
    if recursive {
        quote! {
            reader.enter()?;
            #statements
            let value = #value;
            reader.leave();
            ::core::result::Result::Ok(value)
        }
    } else {
        quote! {
            #statements
            ::core::result::Result::Ok(#value)
        }
    }
}

pub fn codec(cont: &Container<'_>) -> Codec {
    let plan = avro_build::plan::Plan::empty();
    let scope = Scope::new(&plan, &[]);
    let codec = match &cont.data {
        Data::Record(fields) => {
            let record = Record::new(fields);
            let place = |_: usize, f: &Field<'_>| {
                let member = &f.member;
                Val::place(quote!(self.#member))
            };
            let (statements, value) = record.decode(scope, quote!(Self), false);
            Codec {
                encode: encode::members(scope, record.values(place)),
                size: size::members(scope, record.values(place)).tokens(),
                decode: bounded(record.is_recursive(), statements, value),
            }
        }
        Data::Newtype(field) => {
            let ty = ty(&field.shape);
            let val = Val::place(quote!(self.0));
            let value = decode::value(scope, &ty, None);
            Codec {
                encode: encode::value(scope, &ty, &val),
                size: size::value(scope, &ty, &val).tokens(),
                decode: quote!(::core::result::Result::Ok(Self(#value))),
            }
        }
        Data::Fixed { size } => {
            let ty = Ty::Fixed(match literal_size(size) {
                Some(n) => FixedLen::Known(n),
                None => FixedLen::Expr(size.to_token_stream()),
            });
            let value = decode::value(scope, &ty, None);
            Codec {
                encode: encode::value(scope, &ty, &Val::place(quote!(self.0))),
                size: quote!(#size),
                decode: quote!(::core::result::Result::Ok(Self(#value))),
            }
        }
        Data::Enum { symbols, .. } => {
            // By `match`: a derived enum may set its own discriminants.
            let arms = symbols.iter().enumerate().map(|(i, s)| {
                let ident = s.ident;
                let i = proc_macro2::Literal::usize_unsuffixed(i);
                quote!(Self::#ident => #i,)
            });
            let variants: Vec<Ident> = symbols.iter().map(|s| s.ident.clone()).collect();
            Codec {
                encode: quote!(sink.enum_index(match self { #(#arms)* });),
                size: quote!(::avro_runtime::encode::MAX_INT_LEN),
                decode: decode::enum_body(&variants),
            }
        }
        Data::Union(branches) => union_codec(scope, branches),
    };
    let import = decode::in_field_import(&codec.decode);
    let body = &codec.decode;
    Codec {
        decode: quote!(#import #body),
        ..codec
    }
}

/// The bindings of a struct variant's fields in a pattern (`Self::V { a: __avro_0, .. }`).
fn binding(index: usize) -> Ident {
    format_ident!("__avro_{}", index)
}

fn union_codec(scope: Scope<'_>, branches: &[Branch<'_>]) -> Codec {
    let records: Vec<Option<Record<'_, '_>>> = branches
        .iter()
        .map(|b| match &b.kind {
            BranchKind::Record { fields, .. } => Some(Record::new(fields)),
            _ => None,
        })
        .collect();
    let newtypes: Vec<Option<Ty>> = branches
        .iter()
        .map(|b| match &b.kind {
            BranchKind::Newtype(shape) => Some(ty(shape)),
            _ => None,
        })
        .collect();
    let mut encode_arms = Vec::new();
    let mut size_arms = Vec::new();
    let mut decode_arms = Vec::new();
    let mut recursive = false;
    for (i, ((branch, record), newtype)) in branches.iter().zip(&records).zip(&newtypes).enumerate()
    {
        let ident = branch.ident;
        match (&branch.kind, record, newtype) {
            (BranchKind::Null, _, _) => {
                encode_arms.push(encode::UnionArm {
                    pattern: quote!(Self::#ident),
                    index: i,
                    values: Vec::new(),
                });
                size_arms.push((quote!(Self::#ident), Size::default()));
                decode_arms.push((i, quote!(Self::#ident)));
            }
            (_, _, Some(ty)) => {
                let val = Val::reference(quote!(v));
                let size = size::value(scope, ty, &val);
                // The binding only where the value is used (no unused variable).
                let writes = !encode::value(scope, ty, &val).is_empty();
                let encode_binding = if writes { quote!(v) } else { quote!(_) };
                let size_binding = if size.is_constant() {
                    quote!(_)
                } else {
                    quote!(v)
                };
                encode_arms.push(encode::UnionArm {
                    pattern: quote!(Self::#ident(#encode_binding)),
                    index: i,
                    values: if writes { vec![(ty, val)] } else { Vec::new() },
                });
                size_arms.push((quote!(Self::#ident(#size_binding)), size));
                let value = decode::value(scope, ty, None);
                decode_arms.push((i, quote!(Self::#ident(#value))));
            }
            (_, Some(record), _) => {
                recursive |= record.is_recursive();
                let binds = record
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| !f.skip)
                    .map(|(k, f)| {
                        let member = &f.member;
                        let b = binding(k);
                        quote!(#member: #b)
                    });
                let pattern = quote!(Self::#ident { #(#binds,)* .. });
                let bound = |k: usize, _: &Field<'_>| {
                    let b = binding(k);
                    Val::reference(quote!(#b))
                };
                encode_arms.push(encode::UnionArm {
                    pattern: pattern.clone(),
                    index: i,
                    values: record.values(bound),
                });
                size_arms.push((pattern, size::members(scope, record.values(bound))));
                let (statements, value) = record.decode(scope, quote!(Self::#ident), false);
                decode_arms.push((i, quote!({ #statements #value })));
            }
            _ => unreachable!("every branch kind is handled"),
        }
    }
    let value = decode::union(branches.len(), decode_arms, None);
    Codec {
        encode: encode::union_match(scope, quote!(self), encode_arms),
        size: size::union_match(size_arms),
        decode: bounded(recursive, TokenStream::new(), value),
    }
}
