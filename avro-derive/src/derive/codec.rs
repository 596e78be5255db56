//! Straight-line `Encode` and `Decode` bodies, shaped like avro-build's generated code: one
//! sink write (or a loop, or a match) per field for the recognised types, a trait call for
//! leaves, field names on decoding errors, and a nesting bound for recursive types.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::ast::{Branch, BranchKind, Container, Data, Field};
use super::default::literal_size;
use super::shape::{Kind, MapKind, Shape, Text};
use avro_build::tokens::{Size, Val};

const MAX_INT: usize = 5;
const MAX_LONG: usize = 10;

fn logical_trait(shape: &Shape, kind: super::attr::LogicalKind) -> TokenStream {
    let ty = &shape.ty;
    let marker = format_ident!("{}", kind.marker());
    quote_spanned! {ty.span()=>
        <#ty as ::avro_runtime::avro_type::Logical<::avro_runtime::avro_type::kind::#marker>>
    }
}

fn decimal_trait(shape: &Shape) -> TokenStream {
    let ty = &shape.ty;
    quote_spanned!(ty.span()=> <#ty as ::avro_runtime::avro_type::DecimalValue>)
}

/// Statements writing `val` (of `shape`) to `sink`.
fn encode(shape: &Shape, val: &Val) -> TokenStream {
    let e = val.expr();
    match &shape.kind {
        Kind::Null => TokenStream::new(),
        Kind::Boolean => val.write_copied("boolean"),
        Kind::Int => val.write_copied("int"),
        Kind::Long => val.write_copied("long"),
        Kind::Float => val.write_copied("float"),
        Kind::Double => val.write_copied("double"),
        Kind::Str(_) => val.write_borrowed("string"),
        Kind::Bytes(_) => val.write_borrowed("bytes"),
        Kind::Fixed(_) => val.write_borrowed("fixed"),
        Kind::FixedBytes { size, .. } => {
            let v = val.borrowed();
            let n = Literal::usize_unsuffixed(*size);
            quote!(::avro_runtime::avro_type::encode_fixed_bytes(sink, #v, #n)?;)
        }
        Kind::Option(inner) => {
            let v = val.borrowed();
            let some = encode(inner, &Val::reference(quote!(v)));
            quote! {
                match #v {
                    ::core::option::Option::None => sink.union_index(0),
                    ::core::option::Option::Some(v) => {
                        sink.union_index(1);
                        #some
                    }
                }
            }
        }
        Kind::Boxed(inner) => encode(inner, &val.unboxed()),
        Kind::Array(inner) => {
            let item = encode(inner, &Val::reference(quote!(item)));
            quote! {
                if !#e.is_empty() {
                    sink.block_len(#e.len());
                    for item in #e.iter() {
                        #item
                    }
                }
                sink.block_end();
            }
        }
        Kind::Map { value, .. } => {
            let value = encode(value, &Val::reference(quote!(value)));
            quote! {
                if !#e.is_empty() {
                    sink.block_len(#e.len());
                    for (key, value) in #e.iter() {
                        sink.string(key);
                        #value
                    }
                }
                sink.block_end();
            }
        }
        Kind::SelfRef | Kind::Leaf => {
            let v = val.borrowed();
            let ty = &shape.ty;
            quote_spanned!(ty.span()=> ::avro_runtime::Encode::encode_to(#v, sink)?;)
        }
        Kind::Logical(kind) => {
            let v = val.borrowed();
            let t = logical_trait(shape, *kind);
            quote!(#t::encode_to(#v, sink)?;)
        }
        Kind::Decimal { decimal, fixed } => {
            let v = val.borrowed();
            let t = decimal_trait(shape);
            let scale = Literal::u32_unsuffixed(decimal.scale as u32);
            match fixed {
                None => quote!(#t::encode_bytes(#v, sink, #scale)?;),
                Some(n) => {
                    let n = Literal::usize_unsuffixed(*n);
                    quote!(#t::encode_fixed(#v, sink, #scale, #n)?;)
                }
            }
        }
    }
}

/// An upper bound of the encoded size of `val` (a cheap estimate: too small only costs a
/// reallocation).
fn size(shape: &Shape, val: &Val) -> Size {
    let e = val.expr();
    match &shape.kind {
        Kind::Null => Size::constant(0),
        Kind::Boolean => Size::constant(1),
        Kind::Int => Size::constant(MAX_INT),
        Kind::Long => Size::constant(MAX_LONG),
        Kind::Float => Size::constant(4),
        Kind::Double => Size::constant(8),
        Kind::Str(_) | Kind::Bytes(_) => {
            Size::constant(MAX_LONG).plus(Size::dynamic(quote!(#e.len())))
        }
        Kind::Fixed(n) => match literal_size(n) {
            Some(n) => Size::constant(n),
            None => Size::dynamic(quote!(#e.len())),
        },
        Kind::FixedBytes { size, .. } => Size::constant(*size),
        Kind::Option(inner) => {
            let inner_size = size(inner, &Val::reference(quote!(v)));
            if inner_size.is_constant() {
                Size::constant(1 + inner_size.constant_part())
            } else {
                let s = inner_size.tokens();
                Size::constant(1).plus(Size::dynamic(quote!(#e.as_ref().map_or(0, |v| #s))))
            }
        }
        Kind::Boxed(inner) => size(inner, &val.unboxed()),
        Kind::Array(inner) => {
            let item = size(inner, &Val::reference(quote!(item)));
            let items = if item.is_constant() {
                let c = Literal::usize_unsuffixed(item.constant_part());
                quote!(#e.len() * #c)
            } else {
                let s = item.tokens();
                quote!(#e.iter().map(|item| #s).sum::<usize>())
            };
            Size::constant(1 + MAX_LONG).plus(Size::dynamic(items))
        }
        Kind::Map { value, .. } => {
            let v = size(value, &Val::reference(quote!(value)));
            let s = Size::constant(MAX_LONG)
                .plus(Size::dynamic(quote!(key.len())))
                .plus(v)
                .tokens();
            Size::constant(1 + MAX_LONG).plus(Size::dynamic(
                quote!(#e.iter().map(|(key, value)| #s).sum::<usize>()),
            ))
        }
        Kind::SelfRef | Kind::Leaf => {
            let v = val.borrowed();
            Size::dynamic(quote!(::avro_runtime::Encode::size_hint(#v)))
        }
        Kind::Logical(kind) => {
            let v = val.borrowed();
            let t = logical_trait(shape, *kind);
            Size::dynamic(quote!(#t::size_hint(#v)))
        }
        Kind::Decimal { fixed: Some(n), .. } => Size::constant(*n),
        Kind::Decimal { fixed: None, .. } => {
            let v = val.borrowed();
            let t = decimal_trait(shape);
            Size::dynamic(quote!(#t::size_hint(#v)))
        }
    }
}

/// The least number of bytes a datum of `shape` takes (for the block-count check of arrays).
fn min_size(shape: &Shape) -> TokenStream {
    let ty = &shape.ty;
    match &shape.kind {
        Kind::Null => quote!(0),
        Kind::Boolean
        | Kind::Int
        | Kind::Long
        | Kind::Str(_)
        | Kind::Bytes(_)
        | Kind::Option(_)
        | Kind::Array(_)
        | Kind::Map { .. }
        | Kind::Logical(_)
        | Kind::Decimal { fixed: None, .. } => quote!(1),
        Kind::Float => quote!(4),
        Kind::Double => quote!(8),
        Kind::Fixed(n) => match literal_size(n) {
            Some(n) => {
                let n = Literal::usize_unsuffixed(n);
                quote!(#n)
            }
            None => quote!(0),
        },
        Kind::FixedBytes { size, .. }
        | Kind::Decimal {
            fixed: Some(size), ..
        } => {
            let n = Literal::usize_unsuffixed(*size);
            quote!(#n)
        }
        Kind::Boxed(inner) => min_size(inner),
        Kind::SelfRef | Kind::Leaf => quote_spanned! {ty.span()=>
            ::avro_runtime::avro_type::min_size(<#ty as ::avro_runtime::AvroType>::SCHEMA)
        },
    }
}

/// How decoding errors are tagged: with the record field's name, or not at all.
fn question(field: Option<&str>) -> TokenStream {
    match field {
        Some(name) => quote!(.map_err(|e| e.in_field(#name))?),
        None => quote!(?),
    }
}

fn read_text(
    text: Text,
    owned: TokenStream,
    borrowed: TokenStream,
    q: &TokenStream,
) -> TokenStream {
    match text {
        Text::Owned => quote!(reader.#owned()#q),
        Text::Borrowed => quote!(reader.#borrowed()#q),
        Text::Cow => quote!(::std::borrow::Cow::Borrowed(reader.#borrowed()#q)),
    }
}

/// An expression reading a value of `shape`.
fn decode(shape: &Shape, field: Option<&str>) -> TokenStream {
    let q = question(field);
    let ty = &shape.ty;
    match &shape.kind {
        Kind::Null => quote!(()),
        Kind::Boolean => quote!(reader.read_boolean()#q),
        Kind::Int => quote!(reader.read_int()#q),
        Kind::Long => quote!(reader.read_long()#q),
        Kind::Float => quote!(reader.read_float()#q),
        Kind::Double => quote!(reader.read_double()#q),
        Kind::Str(text) => read_text(*text, quote!(read_string), quote!(read_str), &q),
        Kind::Bytes(text) => read_text(*text, quote!(read_byte_vec), quote!(read_bytes), &q),
        Kind::Fixed(n) => quote!(reader.read_fixed::<{ #n }>()#q),
        Kind::FixedBytes { size, text } => {
            let n = Literal::usize_unsuffixed(*size);
            match text {
                Text::Owned => quote!(reader.read_fixed_slice(#n)#q.to_vec()),
                Text::Borrowed => quote!(reader.read_fixed_slice(#n)#q),
                Text::Cow => quote!(::std::borrow::Cow::Borrowed(reader.read_fixed_slice(#n)#q)),
            }
        }
        Kind::Option(inner) => {
            let some = decode(inner, field);
            quote! {
                match reader.read_union_index(2)#q {
                    0 => ::core::option::Option::None,
                    _ => ::core::option::Option::Some(#some),
                }
            }
        }
        Kind::Boxed(inner) => {
            let inner = decode(inner, field);
            quote!(::std::boxed::Box::new(#inner))
        }
        Kind::Array(inner) => {
            let min = min_size(inner);
            let item = decode(inner, field);
            quote! {{
                let mut items = ::std::vec::Vec::new();
                loop {
                    let len = reader.read_block_len(#min)#q;
                    if len == 0 {
                        break;
                    }
                    ::avro_runtime::reserve_items(&mut items, len);
                    for _ in 0..len {
                        items.push(#item);
                    }
                }
                items
            }}
        }
        Kind::Map { map, key, value } => {
            let key = read_text(*key, quote!(read_string), quote!(read_str), &q);
            let value = decode(value, field);
            // An entry takes at least one byte (its key's length), which bounds the count by
            // the input but not the memory of its entries: reserve a bounded part of it.
            let reserve = match map {
                MapKind::Hash => quote!(::avro_runtime::reserve_entries(&mut map, len);),
                MapKind::BTree => TokenStream::new(),
            };
            quote! {{
                let mut map: #ty = ::core::default::Default::default();
                loop {
                    let len = reader.read_block_len(1)#q;
                    if len == 0 {
                        break;
                    }
                    #reserve
                    for _ in 0..len {
                        let key = #key;
                        map.insert(key, #value);
                    }
                }
                map
            }}
        }
        Kind::SelfRef | Kind::Leaf => quote_spanned! {ty.span()=>
            <#ty as ::avro_runtime::Decode<'__avro>>::decode(reader)#q
        },
        Kind::Logical(kind) => {
            let t = logical_trait(shape, *kind);
            quote!(#t::decode(reader)#q)
        }
        Kind::Decimal { decimal, fixed } => {
            let t = decimal_trait(shape);
            let scale = Literal::u32_unsuffixed(decimal.scale as u32);
            match fixed {
                None => quote!(#t::decode_bytes(reader, #scale)#q),
                Some(n) => {
                    let n = Literal::usize_unsuffixed(*n);
                    quote!(#t::decode_fixed(reader, #scale, #n)#q)
                }
            }
        }
    }
}

/// The body of `encode_to`, the `size_hint` expression and the body of `decode`.
pub struct Codec {
    pub encode: TokenStream,
    pub size: TokenStream,
    pub decode: TokenStream,
}

/// `Self { a: <read a>, b: <read b>, skipped: Default::default() }` for `path` (`Self` or
/// `Self::Variant`).
fn decode_record(path: TokenStream, fields: &[Field<'_>]) -> TokenStream {
    let inits = fields.iter().map(|f| {
        let member = &f.member;
        if f.skip {
            let ty = f.ty;
            quote_spanned!(ty.span()=> #member: ::core::default::Default::default())
        } else {
            let value = decode(&f.shape, Some(&f.name));
            quote!(#member: #value)
        }
    });
    quote!(#path { #(#inits,)* })
}

/// Wraps a decoding expression in the reader's nesting bound when the type is recursive, so
/// hostile input cannot exhaust the stack.
fn bounded(recursive: bool, value: TokenStream) -> TokenStream {
    if recursive {
        quote! {
            reader.enter()?;
            let value = #value;
            reader.leave();
            ::core::result::Result::Ok(value)
        }
    } else {
        quote!(::core::result::Result::Ok(#value))
    }
}

pub fn codec(cont: &Container<'_>) -> Codec {
    match &cont.data {
        Data::Record(fields) => {
            let mut encodes = Vec::new();
            let mut total = Size::default();
            for f in fields.iter().filter(|f| !f.skip) {
                let member = &f.member;
                let val = Val::place(quote!(self.#member));
                encodes.push(encode(&f.shape, &val));
                total = total.plus(size(&f.shape, &val));
            }
            let recursive = fields.iter().any(|f| !f.skip && f.shape.has_self_ref());
            Codec {
                encode: quote!(#(#encodes)*),
                size: total.tokens(),
                decode: bounded(recursive, decode_record(quote!(Self), fields)),
            }
        }
        Data::Newtype(field) => {
            let val = Val::place(quote!(self.0));
            let value = decode(&field.shape, None);
            Codec {
                encode: encode(&field.shape, &val),
                size: size(&field.shape, &val).tokens(),
                decode: quote!(::core::result::Result::Ok(Self(#value))),
            }
        }
        Data::Fixed { size } => Codec {
            encode: quote!(sink.fixed(&self.0);),
            size: quote!(#size),
            decode: quote!(::core::result::Result::Ok(Self(reader.read_fixed::<{ #size }>()?))),
        },
        Data::Enum { symbols, .. } => {
            let arms = symbols.iter().enumerate().map(|(i, s)| {
                let ident = s.ident;
                let i = Literal::usize_unsuffixed(i);
                quote!(Self::#ident => #i,)
            });
            let count = Literal::usize_unsuffixed(symbols.len());
            let last = symbols.last().expect("enums have variants").ident;
            let decode = if symbols.len() == 1 {
                quote! {
                    reader.read_enum_index(1)?;
                    ::core::result::Result::Ok(Self::#last)
                }
            } else {
                let arms = symbols[..symbols.len() - 1]
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let ident = s.ident;
                        let i = Literal::usize_unsuffixed(i);
                        quote!(#i => Self::#ident,)
                    });
                quote! {
                    ::core::result::Result::Ok(match reader.read_enum_index(#count)? {
                        #(#arms)*
                        _ => Self::#last,
                    })
                }
            };
            Codec {
                encode: quote!(sink.enum_index(match self { #(#arms)* });),
                size: quote!(::avro_runtime::encode::MAX_INT_LEN),
                decode,
            }
        }
        Data::Union(branches) => union_codec(branches),
    }
}

/// The bindings of a struct variant's fields in a pattern (`Self::V { a: __avro_0, .. }`).
fn binding(index: usize) -> syn::Ident {
    format_ident!("__avro_{}", index)
}

fn union_codec(branches: &[Branch<'_>]) -> Codec {
    let count = branches.len();
    let mut encode_arms = Vec::new();
    let mut size_arms = Vec::new();
    let mut decode_arms = Vec::new();
    let mut recursive = false;
    for (i, branch) in branches.iter().enumerate() {
        let ident = branch.ident;
        let index = Literal::usize_unsuffixed(i);
        let pattern_index = if i + 1 == count {
            quote!(_)
        } else {
            quote!(#index)
        };
        match &branch.kind {
            BranchKind::Null => {
                encode_arms.push(quote!(Self::#ident => sink.union_index(#index),));
                size_arms.push(quote!(Self::#ident => 1,));
                decode_arms.push(quote!(#pattern_index => Self::#ident,));
            }
            BranchKind::Newtype(shape) => {
                let val = Val::reference(quote!(v));
                let enc = encode(shape, &val);
                let s = size(shape, &val);
                let dec = decode(shape, None);
                let enc_binding = if enc.is_empty() { quote!(_) } else { quote!(v) };
                encode_arms.push(quote! {
                    Self::#ident(#enc_binding) => {
                        sink.union_index(#index);
                        #enc
                    }
                });
                // The binding only when the size depends on the value (no unused variable).
                let binding = if s.is_constant() {
                    quote!(_)
                } else {
                    quote!(v)
                };
                let s = Size::constant(1).plus(s).tokens();
                size_arms.push(quote!(Self::#ident(#binding) => #s,));
                decode_arms.push(quote!(#pattern_index => Self::#ident(#dec),));
            }
            BranchKind::Record { fields, .. } => {
                recursive |= fields.iter().any(|f| !f.skip && f.shape.has_self_ref());
                let present: Vec<(usize, &Field<'_>)> =
                    fields.iter().enumerate().filter(|(_, f)| !f.skip).collect();
                let binds = present.iter().map(|(k, f)| {
                    let member = &f.member;
                    let b = binding(*k);
                    quote!(#member: #b)
                });
                let pattern = quote!(Self::#ident { #(#binds,)* .. });
                let mut encodes = Vec::new();
                let mut total = Size::constant(1);
                for (k, f) in &present {
                    let b = binding(*k);
                    let val = Val::reference(quote!(#b));
                    encodes.push(encode(&f.shape, &val));
                    total = total.plus(size(&f.shape, &val));
                }
                let total = total.tokens();
                encode_arms.push(quote! {
                    #pattern => {
                        sink.union_index(#index);
                        #(#encodes)*
                    }
                });
                size_arms.push(quote!(#pattern => #total,));
                let record = decode_record(quote!(Self::#ident), fields);
                decode_arms.push(quote!(#pattern_index => #record,));
            }
        }
    }
    let value = quote! {
        match reader.read_union_index(#count)? {
            #(#decode_arms)*
        }
    };
    Codec {
        encode: quote!(match self { #(#encode_arms)* }),
        size: quote!(match self { #(#size_arms)* }),
        decode: bounded(recursive, value),
    }
}
