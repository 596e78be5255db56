//! Type definitions: the Rust type of each [`Ty`], and the structs and enums of named types and
//! union enums with their derives, docs and extra attributes.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::{doc_attrs, ident, Scope};
use crate::ir::{NamedId, NamedKind, Schema, SchemaSet};
use crate::plan::{FixedLen, MapKind, NamedShape, Text, Ty};

/// The Rust type of `ty`, as written in `scope`.
pub fn rust_type(scope: Scope<'_>, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Null => quote!(()),
        Ty::Boolean => quote!(bool),
        Ty::Int => quote!(i32),
        Ty::Long => quote!(i64),
        Ty::Float => quote!(f32),
        Ty::Double => quote!(f64),
        Ty::String(text) => match text {
            Text::Owned => quote!(::std::string::String),
            Text::Borrowed => quote!(&'a str),
            Text::Cow => quote!(::std::borrow::Cow<'a, str>),
        },
        Ty::Bytes(text) | Ty::FixedBytes { text, .. } => match text {
            Text::Owned => quote!(::std::vec::Vec<u8>),
            Text::Borrowed => quote!(&'a [u8]),
            Text::Cow => quote!(::std::borrow::Cow<'a, [u8]>),
        },
        Ty::Fixed(len) => {
            let n = fixed_len(len);
            quote!([u8; #n])
        }
        Ty::Logical { rust, .. } | Ty::Decimal { rust, .. } | Ty::Leaf(rust) => rust.clone(),
        Ty::Option { some, .. } => {
            let t = rust_type(scope, some);
            quote!(::std::option::Option<#t>)
        }
        Ty::Union { union, null_index } => {
            let path = scope.union_path(*union);
            if null_index.is_some() {
                quote!(::std::option::Option<#path>)
            } else {
                path
            }
        }
        Ty::OneBranch(inner) => rust_type(scope, inner),
        Ty::Boxed(inner) => {
            let t = rust_type(scope, inner);
            quote!(::std::boxed::Box<#t>)
        }
        Ty::Array(items) => {
            let t = rust_type(scope, items);
            quote!(::std::vec::Vec<#t>)
        }
        Ty::Map { kind, key, values } => {
            let map = map_path(*kind);
            let k = rust_type(scope, &Ty::String(*key));
            let v = rust_type(scope, values);
            quote!(#map<#k, #v>)
        }
        Ty::Named(id) => scope.named_path(*id),
    }
}

/// The path of a map type.
pub fn map_path(kind: MapKind) -> TokenStream {
    match kind {
        MapKind::Hash => quote!(::std::collections::HashMap),
        MapKind::BTree => quote!(::std::collections::BTreeMap),
        MapKind::Index => quote!(::avro_runtime::indexmap::IndexMap),
    }
}

/// `N` of `[u8; N]`: a literal, or the expression as written (in braces).
pub fn fixed_len(len: &FixedLen) -> TokenStream {
    match len {
        FixedLen::Known(n) => {
            let n = Literal::usize_unsuffixed(*n);
            quote!(#n)
        }
        FixedLen::Expr(e) => quote!({ #e }),
    }
}

fn kind_word(kind: &NamedKind) -> &'static str {
    match kind {
        NamedKind::Record { is_error: true, .. } => "error record",
        NamedKind::Record { .. } => "record",
        NamedKind::Enum { .. } => "enum",
        NamedKind::Fixed { .. } => "fixed",
    }
}

/// The derives of a type that can derive `Eq` and `Hash` as given.
fn derives(eq: bool, hash: bool) -> Vec<TokenStream> {
    let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
    if eq {
        derives.push(quote!(Eq));
    }
    if hash {
        derives.push(quote!(Hash));
    }
    derives
}

/// The definition of named type `id` (struct or enum) with its docs and attributes.
pub fn named(set: &SchemaSet, scope: Scope<'_>, id: NamedId) -> TokenStream {
    let named = set.get(id);
    let plan = &scope.plan.named[id.0];
    let name = ident(&plan.ident);
    let full_name = named.name.full();
    let doc = doc_attrs(named.doc.as_deref());
    let doc_sep = if named.doc.is_some() {
        quote!(#[doc = ""])
    } else {
        TokenStream::new()
    };
    let avro_doc = format!(" Avro {} `{full_name}`.", kind_word(&named.kind));
    let attrs = &plan.attributes;
    let item = match &plan.shape {
        NamedShape::Record { fields } => {
            let mut derives = derives(plan.eq, plan.hash);
            // An empty record derives `Default`; others build it from the schema defaults.
            if fields.is_empty() {
                derives.push(quote!(Default));
            }
            let fields = fields.iter().map(|f| {
                let fid = ident(&f.ident);
                let ty = rust_type(scope, &f.ty);
                let doc = doc_attrs(f.doc.as_deref());
                let attrs = &f.attributes;
                quote! { #doc #(#attrs)* pub #fid: #ty }
            });
            quote! {
                #[derive(#(#derives),*)]
                pub struct #name {
                    #(#fields,)*
                }
            }
        }
        NamedShape::Enum { variants, .. } => {
            let NamedKind::Enum { symbols, .. } = &named.kind else {
                unreachable!("an enum shape is planned for enums")
            };
            let variants = symbols.iter().zip(variants).map(|(s, v)| {
                let doc = format!(" Symbol `{s}`.");
                let v = ident(v);
                quote!(#[doc = #doc] #v)
            });
            quote! {
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum #name {
                    #(#variants,)*
                }
            }
        }
        NamedShape::Fixed { size } => {
            let n = Literal::usize_unsuffixed(*size);
            // The standard library implements `Default` for arrays of up to 32 elements only.
            let default = if *size <= 32 {
                quote!(Default,)
            } else {
                TokenStream::new()
            };
            quote! {
                #[derive(Debug, Clone, Copy, #default PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub struct #name(pub [u8; #n]);
            }
        }
        NamedShape::Mapped => return TokenStream::new(),
    };
    quote! {
        #doc
        #doc_sep
        #[doc = #avro_doc]
        #(#attrs)*
        #item
    }
}

/// `SYMBOLS` and `as_str` of enum `id`.
pub fn enum_inherent(set: &SchemaSet, id: NamedId) -> TokenStream {
    let NamedKind::Enum { symbols, .. } = &set.get(id).kind else {
        return TokenStream::new();
    };
    let as_str = if symbols.is_empty() {
        quote! {
            /// The symbol as written in the schema.
            pub fn as_str(&self) -> &'static str {
                match *self {}
            }
        }
    } else {
        quote! {
            /// The symbol as written in the schema.
            pub fn as_str(&self) -> &'static str {
                Self::SYMBOLS[*self as usize]
            }
        }
    };
    quote! {
        /// The symbols in schema order; a variant's index here is its encoded value.
        pub const SYMBOLS: &'static [&'static str] = &[#(#symbols),*];

        #as_str
    }
}

/// The Avro type of a union branch, for docs.
pub fn branch_label(set: &SchemaSet, schema: &Schema) -> String {
    match schema {
        Schema::Primitive { ty, logical, .. } => match logical {
            Some(l) => format!("{} ({})", ty.name(), l.name()),
            None => ty.name().to_string(),
        },
        Schema::Array { .. } => "array".into(),
        Schema::Map { .. } => "map".into(),
        Schema::Union(_) => "union".into(),
        Schema::Named(id) => set.get(*id).name.full(),
    }
}

/// The definition of union enum `u`.
pub fn union(set: &SchemaSet, scope: Scope<'_>, u: usize) -> TokenStream {
    let union = &scope.plan.unions[u];
    let name: Ident = ident(&union.ident);
    let derives = derives(union.eq, union.hash);
    let variants = union.variants.iter().map(|v| {
        let doc = format!(" Branch `{}`.", branch_label(set, &v.schema));
        let variant = ident(&v.ident);
        let t = rust_type(scope, &v.ty);
        quote!(#[doc = #doc] #variant(#t))
    });
    let labels: Vec<String> = union
        .variants
        .iter()
        .map(|v| branch_label(set, &v.schema))
        .collect();
    let doc = format!(" Avro union of {}.", labels.join(", "));
    quote! {
        #[doc = #doc]
        #[derive(#(#derives),*)]
        pub enum #name {
            #(#variants,)*
        }
    }
}
