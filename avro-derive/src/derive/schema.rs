//! The const schema node (`avro_runtime::schema::Schema`) of a derived type, built from its
//! fields' types: recognised wrappers structurally, leaves through their `AvroType::SCHEMA`,
//! and occurrences of the type itself as a reference by full name (so recursion stays finite).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::ast::{full_name, BranchKind, Container, Data, Field};
use super::shape::{Kind, Shape};

/// `Some("text")` / `None`.
fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn name_node(
    name: &str,
    namespace: Option<&str>,
    aliases: &[String],
    doc: Option<&str>,
) -> TokenStream {
    let namespace = opt_str(namespace);
    let mut set = Vec::new();
    if !aliases.is_empty() {
        set.push(quote!(aliases: &[#(#aliases),*]));
    }
    if doc.is_some() {
        let doc = opt_str(doc);
        set.push(quote!(doc: #doc));
    }
    let plain = quote!(::avro_runtime::schema::Name::new(#name, #namespace));
    if set.is_empty() {
        plain
    } else {
        quote!(::avro_runtime::schema::Name { #(#set,)* ..#plain })
    }
}

/// The schema node expression (`&'static Schema`) of a field type; `self_ref` is the node that
/// stands for the type being derived.
pub fn shape_schema(shape: &Shape, self_ref: &TokenStream) -> TokenStream {
    let ty = &shape.ty;
    match &shape.kind {
        Kind::Null => quote!(&::avro_runtime::schema::Schema::Null),
        Kind::Boolean => quote!(&::avro_runtime::schema::Schema::Boolean),
        Kind::Int => quote!(&::avro_runtime::schema::Schema::Int),
        Kind::Long => quote!(&::avro_runtime::schema::Schema::Long),
        Kind::Float => quote!(&::avro_runtime::schema::Schema::Float),
        Kind::Double => quote!(&::avro_runtime::schema::Schema::Double),
        Kind::Str(_) => quote!(&::avro_runtime::schema::Schema::String),
        Kind::Bytes(_) => quote!(&::avro_runtime::schema::Schema::Bytes),
        // The runtime's node for `[u8; N]` (`fixed_N`): one name per size, whichever type asks.
        Kind::Fixed(n) => quote!(<[u8; #n] as ::avro_runtime::AvroType>::SCHEMA),
        Kind::FixedBytes { size, .. } => {
            let n = Literal::usize_unsuffixed(*size);
            quote!(<[u8; #n] as ::avro_runtime::AvroType>::SCHEMA)
        }
        Kind::Option(inner) => {
            let inner = shape_schema(inner, self_ref);
            quote!(&::avro_runtime::schema::Schema::Union(&[&::avro_runtime::schema::Schema::Null, #inner]))
        }
        Kind::Boxed(inner) => shape_schema(inner, self_ref),
        Kind::Array(inner) => {
            let inner = shape_schema(inner, self_ref);
            quote!(&::avro_runtime::schema::Schema::Array(#inner))
        }
        Kind::Map { value, .. } => {
            let inner = shape_schema(value, self_ref);
            quote!(&::avro_runtime::schema::Schema::Map(#inner))
        }
        Kind::SelfRef => self_ref.clone(),
        // Spanned at the type, so a type without a schema is reported at the field, through
        // the trait whose message says what to do.
        Kind::Leaf => quote_spanned! {ty.span()=>
            <#ty as ::avro_runtime::avro_type::FieldSchema>::SCHEMA
        },
        Kind::Logical(kind) => {
            let marker = format_ident!("{}", kind.marker());
            quote_spanned! {ty.span()=>
                <#ty as ::avro_runtime::avro_type::Logical<::avro_runtime::avro_type::kind::#marker>>::SCHEMA
            }
        }
        Kind::Decimal { decimal, fixed } => {
            let precision = decimal.precision.to_string();
            let scale = decimal.scale.to_string();
            let base = match fixed {
                None => quote!(&::avro_runtime::schema::Schema::Bytes),
                Some(n) => {
                    // Named after its whole definition, so one name never means two types.
                    let name = format!("decimal_{n}_{precision}_{scale}");
                    // In the runtime's namespace, like its other named types (a full name
                    // resolves the same inside any namespace).
                    let name = quote! {
                        ::avro_runtime::schema::Name::new(
                            #name,
                            ::core::option::Option::Some(::avro_runtime::avro_type::NAMESPACE),
                        )
                    };
                    let n = Literal::usize_unsuffixed(*n);
                    quote! {
                        &::avro_runtime::schema::Schema::Fixed(&::avro_runtime::schema::Fixed {
                            name: #name,
                            size: #n,
                            attributes: &[],
                        })
                    }
                }
            };
            quote! {
                &::avro_runtime::schema::Schema::Annotated(&::avro_runtime::schema::Annotated {
                    base: #base,
                    attributes: &[
                        ::avro_runtime::schema::Attribute { key: "logicalType", json: "\"decimal\"" },
                        ::avro_runtime::schema::Attribute { key: "precision", json: #precision },
                        ::avro_runtime::schema::Attribute { key: "scale", json: #scale },
                    ],
                })
            }
        }
    }
}

/// The `Field` nodes of a record's fields (skipped fields left out).
fn field_nodes(fields: &[Field<'_>], self_ref: &TokenStream) -> TokenStream {
    let nodes = fields.iter().filter(|f| !f.skip).map(|f| {
        let name = &f.name;
        let schema = shape_schema(&f.shape, self_ref);
        let mut set = Vec::new();
        if f.doc.is_some() {
            let doc = opt_str(f.doc.as_deref());
            set.push(quote!(doc: #doc));
        }
        if f.default.is_some() {
            let default = opt_str(f.default.as_deref());
            set.push(quote!(default: #default));
        }
        if !f.aliases.is_empty() {
            let aliases = &f.aliases;
            set.push(quote!(aliases: &[#(#aliases),*]));
        }
        if f.order.is_some() {
            let order = opt_str(f.order.as_deref());
            set.push(quote!(order: #order));
        }
        let plain = quote!(::avro_runtime::schema::Field::new(#name, #schema));
        if set.is_empty() {
            plain
        } else {
            quote!(::avro_runtime::schema::Field { #(#set,)* ..#plain })
        }
    });
    quote!(&[#(#nodes),*])
}

fn record_node(name: TokenStream, fields: &[Field<'_>], self_ref: &TokenStream) -> TokenStream {
    let fields = field_nodes(fields, self_ref);
    quote! {
        &::avro_runtime::schema::Schema::Record(&::avro_runtime::schema::Record {
            name: #name,
            fields: #fields,
            attributes: &[],
        })
    }
}

/// The schema of the container: the expression of `AvroType::SCHEMA`, and associated consts
/// it needs (for the records of an enum's struct variants).
pub struct ContainerSchema {
    pub schema: TokenStream,
    /// Items of a hidden inherent impl (empty when none are needed).
    pub consts: TokenStream,
}

/// The name of the hidden const holding the record of struct variant `index`.
pub fn variant_record_const(index: usize) -> syn::Ident {
    format_ident!("__AVRO_VARIANT_RECORD_{}", index)
}

fn self_union_const(index: usize) -> syn::Ident {
    format_ident!("__AVRO_SELF_IN_VARIANT_{}", index)
}

pub fn container_schema(cont: &Container<'_>) -> ContainerSchema {
    let namespace = cont.namespace.as_deref();
    let own_ref = {
        let full = cont.full_name();
        quote!(&::avro_runtime::schema::Schema::Ref(#full))
    };
    let schema = match &cont.data {
        Data::Record(fields) => {
            let name = name_node(&cont.name, namespace, &cont.aliases, cont.doc.as_deref());
            record_node(name, fields, &own_ref)
        }
        Data::Newtype(field) => shape_schema(&field.shape, &own_ref),
        Data::Fixed { size } => {
            let name = name_node(&cont.name, namespace, &cont.aliases, cont.doc.as_deref());
            quote! {
                &::avro_runtime::schema::Schema::Fixed(&::avro_runtime::schema::Fixed {
                    name: #name,
                    size: #size,
                    attributes: &[],
                })
            }
        }
        Data::Enum { symbols, default } => {
            let name = name_node(&cont.name, namespace, &cont.aliases, cont.doc.as_deref());
            let symbols = symbols.iter().map(|s| &s.name);
            let default = opt_str(default.as_deref());
            quote! {
                &::avro_runtime::schema::Schema::Enum(&::avro_runtime::schema::Enum {
                    name: #name,
                    symbols: &[#(#symbols),*],
                    default: #default,
                    attributes: &[],
                })
            }
        }
        Data::Union(branches) => return union_schema(cont, branches),
    };
    ContainerSchema {
        schema,
        consts: TokenStream::new(),
    }
}

/// A union's node. Struct variants are records; inside record `j`, the enum itself is the
/// union again, with the records of variants `0..=j` written as references (they are defined
/// by then: earlier in the union, or enclosing) and later ones defined in place (each with its
/// own such union, so the nesting ends after at most one level per variant). A record written
/// twice is a reference the second time (the JSON writer's rule), so the result is the schema
/// an Avro user would write by hand.
fn union_schema(cont: &Container<'_>, branches: &[super::ast::Branch<'_>]) -> ContainerSchema {
    let namespace = cont.namespace.as_deref();
    let branch_node = |i: usize, j: Option<usize>| -> TokenStream {
        match &branches[i].kind {
            BranchKind::Null => quote!(&::avro_runtime::schema::Schema::Null),
            // Newtype variants cannot contain the enum (checked), so no self reference.
            BranchKind::Newtype(shape) => shape_schema(shape, &TokenStream::new()),
            BranchKind::Record { name, .. } => {
                if j.is_some_and(|j| i <= j) {
                    let full = full_name(namespace, name);
                    quote!(&::avro_runtime::schema::Schema::Ref(#full))
                } else {
                    let c = variant_record_const(i);
                    quote!(Self::#c)
                }
            }
        }
    };
    let mut consts = Vec::new();
    for (j, branch) in branches.iter().enumerate() {
        let BranchKind::Record {
            name,
            doc,
            aliases,
            fields,
        } = &branch.kind
        else {
            continue;
        };
        let has_self = fields.iter().any(|f| !f.skip && f.shape.has_self_ref());
        let self_const = self_union_const(j);
        if has_self {
            let nodes = (0..branches.len()).map(|i| branch_node(i, Some(j)));
            consts.push(quote! {
                #[doc(hidden)]
                const #self_const: &'static ::avro_runtime::schema::Schema =
                    &::avro_runtime::schema::Schema::Union(&[#(#nodes),*]);
            });
        }
        let name = name_node(name, namespace, aliases, doc.as_deref());
        let record = record_node(name, fields, &quote!(Self::#self_const));
        let record_const = variant_record_const(j);
        consts.push(quote! {
            #[doc(hidden)]
            const #record_const: &'static ::avro_runtime::schema::Schema = #record;
        });
    }
    let nodes = (0..branches.len()).map(|i| branch_node(i, None));
    ContainerSchema {
        schema: quote!(&::avro_runtime::schema::Schema::Union(&[#(#nodes),*])),
        consts: quote!(#(#consts)*),
    }
}
