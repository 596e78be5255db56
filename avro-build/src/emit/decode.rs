//! `Decode`: expressions reading a value from the runtime's `Reader`, named `reader` in the
//! generated function, and the `Decode` impls of generated types. A record is read field by
//! field into locals, then built: an early exit then drops only the fields read so far (a
//! struct literal of fallible reads made the drop code grow with the square of the field
//! count). Errors get the Avro field name through one runtime function, not a closure per
//! field. `#[derive(AvroSchema)]` emits its bodies with [`value`], [`members`] and [`union`].

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{quote, quote_spanned};

use super::encode::{branch_index, decimal_trait, logical_trait, some_if};
use super::{ident, types, Scope};
use crate::ir::NamedId;
use crate::plan::{FixedLen, NamedShape, Text, Ty};

/// `call?`, with the field name added to errors when known (a function body using it starts
/// with [`in_field_import`]).
pub fn try_call(call: TokenStream, field: Option<&str>) -> TokenStream {
    match field {
        Some(f) => quote!(#call.in_field(#f)?),
        None => quote!(#call?),
    }
}

/// `use ::avro_runtime::__private::InField as _;` when `body` adds field names to errors.
pub fn in_field_import(body: &TokenStream) -> TokenStream {
    if super::mentions(body, "in_field") {
        quote!(
            use ::avro_runtime::__private::InField as _;
        )
    } else {
        TokenStream::new()
    }
}

/// The fewest bytes a value of `ty` takes (for the block-count check of arrays).
fn min_size(scope: Scope<'_>, ty: &Ty) -> TokenStream {
    let n = match ty {
        Ty::Null => 0,
        Ty::Float => 4,
        Ty::Double => 8,
        Ty::Fixed(FixedLen::Known(n))
        | Ty::FixedBytes { size: n, .. }
        | Ty::Decimal { fixed: Some(n), .. } => *n,
        // Not known when generating: any count the input holds is accepted.
        Ty::Fixed(FixedLen::Expr(len)) => return quote!(#len),
        Ty::Logical { kind, .. } => kind.min_size(),
        Ty::Boxed(inner) => return min_size(scope, inner),
        Ty::Named(id) => scope.plan.named[id.0].min_size,
        Ty::Leaf(rust) => {
            return quote_spanned! {Ty::span(rust)=>
                ::avro_runtime::__private::min_size(<#rust as ::avro_runtime::AvroType>::SCHEMA)
            }
        }
        _ => 1,
    };
    let n = Literal::usize_unsuffixed(n);
    quote!(#n)
}

/// Reads an Avro string or bytes held as `text`: `owned` and `borrowed` are the reader's
/// methods for each.
fn read_text(text: Text, owned: &str, borrowed: &str, field: Option<&str>) -> TokenStream {
    let method = Ident::new(
        if text == Text::Owned { owned } else { borrowed },
        proc_macro2::Span::call_site(),
    );
    let read = try_call(quote!(reader.#method()), field);
    match text {
        Text::Cow => quote!(::std::borrow::Cow::Borrowed(#read)),
        _ => read,
    }
}

/// An expression reading a value of `ty`; errors carry `field` when given.
pub fn value(scope: Scope<'_>, ty: &Ty, field: Option<&str>) -> TokenStream {
    match ty {
        Ty::Null => quote!(()),
        Ty::Boolean => try_call(quote!(reader.read_boolean()), field),
        Ty::Int => try_call(quote!(reader.read_int()), field),
        Ty::Long => try_call(quote!(reader.read_long()), field),
        Ty::Float => try_call(quote!(reader.read_float()), field),
        Ty::Double => try_call(quote!(reader.read_double()), field),
        Ty::String(text) => read_text(*text, "read_string", "read_str", field),
        Ty::Bytes(text) => read_text(*text, "read_byte_vec", "read_bytes", field),
        Ty::Fixed(len) => {
            let n = types::fixed_len(len);
            try_call(quote!(reader.read_fixed::<#n>()), field)
        }
        Ty::FixedBytes { size, text } => {
            let n = Literal::usize_unsuffixed(*size);
            let read = try_call(quote!(reader.read_fixed_slice(#n)), field);
            match text {
                Text::Owned => quote!(#read.to_vec()),
                Text::Borrowed => read,
                Text::Cow => quote!(::std::borrow::Cow::Borrowed(#read)),
            }
        }
        Ty::Logical { kind, rust } => {
            let t = logical_trait(*kind, rust);
            try_call(quote!(#t::decode(reader)), field)
        }
        Ty::Decimal { scale, fixed, rust } => {
            let t = decimal_trait(rust);
            match fixed {
                None => try_call(quote!(#t::decode_bytes(reader, #scale)), field),
                Some(n) => try_call(quote!(#t::decode_fixed(reader, #scale, #n)), field),
            }
        }
        Ty::Option { null_index, some } => {
            let index = try_call(quote!(reader.read_union_index(2)), field);
            let inner = value(scope, some, field);
            let null = Literal::usize_unsuffixed(*null_index);
            quote! {
                match #index {
                    #null => ::std::option::Option::None,
                    _ => ::std::option::Option::Some(#inner),
                }
            }
        }
        Ty::Union { union, null_index } => {
            let variants = &scope.plan.unions[*union].variants;
            let count = variants.len() + usize::from(null_index.is_some());
            if count == 0 {
                let index = try_call(quote!(reader.read_union_index(0)), field);
                return quote! {{
                    #index;
                    return Err(::avro_runtime::Error::custom("an empty union has no values"));
                }};
            }
            let path = scope.union_path(*union);
            let mut arms: Vec<(usize, TokenStream)> = variants
                .iter()
                .enumerate()
                .map(|(k, v)| {
                    let variant = ident(&v.ident);
                    let inner = value(scope, &v.ty, field);
                    let value = some_if(null_index.is_some(), quote!(#path::#variant(#inner)));
                    (branch_index(k, *null_index), value)
                })
                .collect();
            if let Some(n) = null_index {
                arms.insert(*n, (*n, quote!(::std::option::Option::None)));
            }
            self::union(count, arms, field)
        }
        Ty::OneBranch(inner) => {
            let index = try_call(quote!(reader.read_union_index(1)), field);
            if matches!(**inner, Ty::Null) {
                quote!({ #index; })
            } else {
                let inner = value(scope, inner, field);
                quote!({ #index; #inner })
            }
        }
        Ty::Boxed(inner) => {
            let inner = value(scope, inner, field);
            quote!(::std::boxed::Box::new(#inner))
        }
        Ty::Array(items) => {
            let min = min_size(scope, items);
            let item = value(scope, items, field);
            let len = try_call(quote!(reader.read_block_len(#min)), field);
            quote! {{
                let mut items = ::std::vec::Vec::new();
                loop {
                    let len = #len;
                    if len == 0 {
                        break;
                    }
                    ::avro_runtime::__private::reserve_items(&mut items, len);
                    for _ in 0..len {
                        items.push(#item);
                    }
                }
                items
            }}
        }
        Ty::Map { key, values, .. } => {
            // An entry takes at least one byte (its key's length) and its value's least.
            let min = min_size(scope, values);
            let len = try_call(quote!(reader.read_block_len(1 + #min)), field);
            let key = read_text(*key, "read_string", "read_str", field);
            let value = value(scope, values, field);
            // The map type is the holder's: the runtime's `DecodeMap` builds any of them.
            quote! {{
                let mut map = ::std::default::Default::default();
                loop {
                    let len = #len;
                    if len == 0 {
                        break;
                    }
                    ::avro_runtime::__private::DecodeMap::reserve_entries(&mut map, len);
                    for _ in 0..len {
                        let key = #key;
                        ::avro_runtime::__private::DecodeMap::insert_entry(&mut map, key, #value);
                    }
                }
                map
            }}
        }
        Ty::Named(id) => {
            let path = scope.named_path(*id);
            try_call(
                quote!(<#path as ::avro_runtime::Decode>::decode(reader)),
                field,
            )
        }
        Ty::Leaf(rust) => {
            let call = quote_spanned! {Ty::span(rust)=>
                <#rust as ::avro_runtime::Decode>::decode(reader)
            };
            try_call(call, field)
        }
    }
}

/// `match <union index> { i => value, .. }` over `count` branches, one arm per `(index,
/// value)` in index order; the last arm is the wildcard, as the index was range-checked.
pub fn union(count: usize, arms: Vec<(usize, TokenStream)>, field: Option<&str>) -> TokenStream {
    let count_lit = Literal::usize_unsuffixed(count);
    let index = try_call(quote!(reader.read_union_index(#count_lit)), field);
    let last = arms.len().saturating_sub(1);
    let arms = arms.into_iter().enumerate().map(|(position, (i, value))| {
        let pattern = if position == last {
            quote!(_)
        } else {
            let i = Literal::usize_unsuffixed(i);
            quote!(#i)
        };
        quote!(#pattern => #value,)
    });
    quote! {
        match #index {
            #(#arms)*
        }
    }
}

/// Whether every value of `ty` is `()`: `null`, or a union of only `null`.
pub fn is_unit(ty: &Ty) -> bool {
    match ty {
        Ty::Null => true,
        Ty::OneBranch(inner) => is_unit(inner),
        _ => false,
    }
}

/// A record field (or a struct variant's) to read.
pub struct Member<'t> {
    /// The field in the struct expression (`name`, `r#type`, `0`).
    pub member: TokenStream,
    /// The local it is read into.
    pub local: Ident,
    /// The Avro name, for errors.
    pub name: &'t str,
    /// Its type; `None` for a field that is not in the schema (set to its `Default`).
    pub ty: Option<&'t Ty>,
}

/// Statements reading each member into its local, and the value built from them, `ctor {
/// member: local, .. }`. A recursive type counts its nesting in the reader around the reads.
pub fn members(
    scope: Scope<'_>,
    ctor: TokenStream,
    members: &[Member<'_>],
    recursive: bool,
) -> (TokenStream, TokenStream) {
    let reads = members.iter().filter_map(|m| {
        let ty = m.ty?;
        let local = &m.local;
        let value = value(scope, ty, Some(m.name));
        Some(if is_unit(ty) {
            // Nothing to keep (a union of only `null` still has its index read).
            match ty {
                Ty::Null => TokenStream::new(),
                _ => quote!(#value;),
            }
        } else {
            quote!(let #local = #value;)
        })
    });
    let inits = members.iter().map(|m| {
        let member = &m.member;
        let local = &m.local;
        match m.ty {
            Some(ty) if is_unit(ty) => quote!(#member: ()),
            Some(_) if *local == member.to_string() => quote!(#local),
            Some(_) => quote!(#member: #local),
            None => quote!(#member: ::std::default::Default::default()),
        }
    });
    let statements = if recursive {
        quote! {
            reader.enter()?;
            #(#reads)*
            reader.leave();
        }
    } else {
        quote!(#(#reads)*)
    };
    (statements, quote!(#ctor { #(#inits,)* }))
}

/// `impl Decode` for a type whose `decode` body (statements ending in the value) is given.
fn impl_decode(name: &Ident, body: TokenStream) -> TokenStream {
    let reader = if super::mentions(&body, "reader") {
        quote!(reader)
    } else {
        quote!(_reader)
    };
    let import = in_field_import(&body);
    quote! {
        impl<'a> ::avro_runtime::Decode<'a> for #name {
            #[inline]
            fn decode(#reader: &mut ::avro_runtime::Reader<'a>) -> ::avro_runtime::Result<Self> {
                #import
                #body
            }
        }
    }
}

/// `impl Decode` for generated named type `id`.
pub fn named_impl(scope: Scope<'_>, id: NamedId) -> TokenStream {
    let plan = &scope.plan.named[id.0];
    let name = ident(&plan.ident);
    let body = match &plan.shape {
        NamedShape::Record { fields } => {
            let members: Vec<Member<'_>> = fields
                .iter()
                .map(|f| Member {
                    member: ident(&f.ident).into_token_stream(),
                    local: ident(&f.local),
                    name: &f.name,
                    ty: Some(&f.ty),
                })
                .collect();
            let (statements, value) = self::members(scope, quote!(Self), &members, plan.recursive);
            quote! {
                #statements
                Ok(#value)
            }
        }
        NamedShape::Enum { variants, .. } => {
            let variants: Vec<Ident> = variants.iter().map(|v| ident(v)).collect();
            enum_body(&variants)
        }
        NamedShape::Fixed { size } => {
            let n = Literal::usize_unsuffixed(*size);
            quote!(Ok(Self(reader.read_fixed::<#n>()?)))
        }
        NamedShape::Mapped => return TokenStream::new(),
    };
    impl_decode(&name, body)
}

/// The `decode` body of a fieldless enum with these variants, in symbol order.
pub fn enum_body(variants: &[Ident]) -> TokenStream {
    let count = Literal::usize_unsuffixed(variants.len());
    match variants {
        [] => quote! {
            reader.read_enum_index(0)?;
            Err(::avro_runtime::Error::custom("an enum without symbols has no values"))
        },
        [only] => quote! {
            reader.read_enum_index(1)?;
            Ok(Self::#only)
        },
        [first @ .., last] => {
            let arms = first.iter().enumerate().map(|(i, v)| {
                let i = Literal::usize_unsuffixed(i);
                quote!(#i => Self::#v,)
            });
            quote! {
                Ok(match reader.read_enum_index(#count)? {
                    #(#arms)*
                    _ => Self::#last,
                })
            }
        }
    }
}

/// `impl Decode` for top-level union enum `u`.
pub fn union_impl(scope: Scope<'_>, u: usize) -> TokenStream {
    let union = &scope.plan.unions[u];
    let name = ident(&union.ident);
    if union.variants.is_empty() {
        let body = quote! {
            reader.read_union_index(0)?;
            Err(::avro_runtime::Error::custom("an empty union has no values"))
        };
        return impl_decode(&name, body);
    }
    let value = value(
        scope,
        &Ty::Union {
            union: u,
            null_index: None,
        },
        None,
    );
    impl_decode(&name, quote!(Ok(#value)))
}

use quote::ToTokens as _;
