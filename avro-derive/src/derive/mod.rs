//! `#[derive(AvroSchema)]`: parsing into an Avro view of the item ([`ast`], with [`attr`] and
//! [`shape`]), then emission of the schema node ([`schema`]) and of the codec, for which the
//! field types are lowered into avro-build's Rust-type model and written by its emitters
//! ([`lower`]).
//!
//! Like serde_derive, every problem found while parsing is collected in a [`ctxt::Ctxt`] and
//! all of them are reported together; nothing is emitted for an item with errors.

mod ast;
mod attr;
mod ctxt;
mod default;
mod lower;
mod schema;
mod shape;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use syn::{parse_quote, DeriveInput, GenericParam, Generics, Lifetime, LifetimeParam};

use ast::Container;
use ctxt::Ctxt;

/// Expands the derive for `input`: the impls, or the compile errors.
pub fn expand(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let cont = Container::from_ast(&cx, input);
    if let Err(e) = cx.check() {
        return e.to_compile_error();
    }
    emit(&cont.expect("a container is built whenever there are no errors"))
}

/// `generics` with `bound` added to every type parameter.
fn bounded(generics: &Generics, bound: TokenStream) -> Generics {
    let mut generics = generics.clone();
    let params: Vec<syn::Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    let where_clause = generics.make_where_clause();
    for param in params {
        where_clause.predicates.push(parse_quote!(#param: #bound));
    }
    generics
}

/// Whether `tokens` use the identifier `name` (to name unused parameters `_name`).
fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == name,
        TokenTree::Group(g) => mentions(&g.stream(), name),
        _ => false,
    })
}

fn emit(cont: &Container<'_>) -> TokenStream {
    let ident = cont.ident;
    let schema = schema::container_schema(cont);
    let codec = lower::codec(cont);
    let (_, ty_generics, _) = cont.generics.split_for_impl();

    let schema_generics = bounded(cont.generics, quote!(::avro_runtime::AvroType));
    let (schema_impl, _, schema_where) = schema_generics.split_for_impl();
    let node = &schema.schema;
    let consts = &schema.consts;
    let consts_impl = if consts.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            #[automatically_derived]
            impl #schema_impl #ident #ty_generics #schema_where {
                #consts
            }
        }
    };

    let encode_generics = bounded(cont.generics, quote!(::avro_runtime::Encode));
    let (encode_impl, _, encode_where) = encode_generics.split_for_impl();
    let encode_body = &codec.encode;
    let size = &codec.size;
    let sink = if mentions(encode_body, "sink") {
        quote!(sink)
    } else {
        quote!(_sink)
    };

    // Decoding borrows from input that outlives the type's own lifetimes.
    let de = Lifetime::new("'__avro", Span::call_site());
    let mut decode_generics = bounded(
        cont.generics,
        quote!(::avro_runtime::Decode<#de> + ::avro_runtime::AvroType),
    );
    let outlives = cont
        .generics
        .lifetimes()
        .map(|l| l.lifetime.clone())
        .collect();
    decode_generics.params.insert(
        0,
        GenericParam::Lifetime(LifetimeParam {
            attrs: Vec::new(),
            lifetime: de.clone(),
            colon_token: None,
            bounds: outlives,
        }),
    );
    if let Some(GenericParam::Lifetime(l)) = decode_generics.params.first_mut() {
        if !l.bounds.is_empty() {
            l.colon_token = Some(Default::default());
        }
    }
    let (decode_impl, _, decode_where) = decode_generics.split_for_impl();
    let decode_body = &codec.decode;
    let reader = if mentions(decode_body, "reader") {
        quote!(reader)
    } else {
        quote!(_reader)
    };

    let avro_schema = avro_schema_impl(cont);

    quote! {
        #consts_impl
        #avro_schema
        #[automatically_derived]
        impl #schema_impl ::avro_runtime::AvroType for #ident #ty_generics #schema_where {
            const SCHEMA: &'static ::avro_runtime::schema::Schema = #node;
        }
        #[automatically_derived]
        impl #encode_impl ::avro_runtime::Encode for #ident #ty_generics #encode_where {
            #[inline]
            fn encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::avro_runtime::Result<()> {
                ::avro_runtime::encode::Sink::append(out, self)
            }

            #[inline]
            fn encode_to(&self, #sink: &mut ::avro_runtime::encode::Sink<'_>) -> ::avro_runtime::Result<()> {
                #encode_body
                ::core::result::Result::Ok(())
            }

            #[inline]
            fn size_hint(&self) -> usize {
                #size
            }
        }
        #[automatically_derived]
        impl #decode_impl ::avro_runtime::Decode<#de> for #ident #ty_generics #decode_where {
            #[inline]
            fn decode(#reader: &mut ::avro_runtime::Reader<#de>) -> ::avro_runtime::Result<Self> {
                #decode_body
            }
        }
    }
}

/// The `AvroSchema` impl: constants in arrays of their exact length (`impl_avro_schema!`) when
/// the schema does not depend on type or const parameters, else `schema::Constants`, whose
/// fixed-size buffers work for generic types.
fn avro_schema_impl(cont: &Container<'_>) -> TokenStream {
    let ident = cont.ident;
    let generics = cont.generics;
    if generics.params.is_empty() {
        return quote!(::avro_runtime::impl_avro_schema!(#ident););
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    if generics.type_params().next().is_none() && generics.const_params().next().is_none() {
        // Only lifetimes, which do not change the schema: the constants of the `'static`
        // instance, computed once for a private type with the same node (`impl_avro_schema!`
        // takes a type without parameters).
        let statics = generics.lifetimes().map(|_| quote!('static));
        return quote! {
            const _: () = {
                struct Exact;
                impl ::avro_runtime::AvroType for Exact {
                    const SCHEMA: &'static ::avro_runtime::schema::Schema =
                        <#ident<#(#statics),*> as ::avro_runtime::AvroType>::SCHEMA;
                }
                ::avro_runtime::impl_avro_schema!(Exact);
                #[automatically_derived]
                impl #impl_generics ::avro_runtime::AvroSchema for #ident #ty_generics #where_clause {
                    const SCHEMA_JSON: &'static str = <Exact as ::avro_runtime::AvroSchema>::SCHEMA_JSON;
                    const CANONICAL_FORM: &'static str = <Exact as ::avro_runtime::AvroSchema>::CANONICAL_FORM;
                    const RABIN_FINGERPRINT: u64 = <Exact as ::avro_runtime::AvroSchema>::RABIN_FINGERPRINT;
                    const MD5_FINGERPRINT: [u8; 16] = <Exact as ::avro_runtime::AvroSchema>::MD5_FINGERPRINT;
                    const SHA256_FINGERPRINT: [u8; 32] = <Exact as ::avro_runtime::AvroSchema>::SHA256_FINGERPRINT;
                }
            };
        };
    }
    let bounded = bounded(generics, quote!(::avro_runtime::AvroType));
    let (impl_generics, _, where_clause) = bounded.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::avro_runtime::AvroSchema for #ident #ty_generics #where_clause {
            const SCHEMA_JSON: &'static str = ::avro_runtime::schema::Constants::<Self>::SCHEMA_JSON;
            const CANONICAL_FORM: &'static str = ::avro_runtime::schema::Constants::<Self>::CANONICAL_FORM;
            const RABIN_FINGERPRINT: u64 = ::avro_runtime::schema::Constants::<Self>::RABIN_FINGERPRINT;
            const MD5_FINGERPRINT: [u8; 16] = ::avro_runtime::schema::Constants::<Self>::MD5_FINGERPRINT;
            const SHA256_FINGERPRINT: [u8; 32] = ::avro_runtime::schema::Constants::<Self>::SHA256_FINGERPRINT;
        }
    }
}
