//! `Encode`: statements writing a value to the runtime's `Sink`, named `sink` in the generated
//! function, and the `Encode` impls of generated types (whose `size_hint` comes from
//! [`super::size`]). `#[derive(AvroSchema)]` emits its bodies with [`value`], [`members`] and
//! [`union_match`].

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use super::{ident, size, Scope};
use crate::ir::NamedId;
use crate::plan::{LogicalKind, NamedShape, Ty};
use crate::tokens::Val;

/// `<T as ::avro_runtime::avro_type::Logical<kind::K>>`, the runtime's one front door for the
/// logical types (spanned at `rust`, a type a user may have written).
pub fn logical_trait(kind: LogicalKind, rust: &TokenStream) -> TokenStream {
    let marker = format_ident!("{}", kind.marker());
    quote_spanned! {Ty::span(rust)=>
        <#rust as ::avro_runtime::avro_type::Logical<::avro_runtime::avro_type::kind::#marker>>
    }
}

/// `<T as ::avro_runtime::avro_type::DecimalValue>`.
pub fn decimal_trait(rust: &TokenStream) -> TokenStream {
    quote_spanned!(Ty::span(rust)=> <#rust as ::avro_runtime::avro_type::DecimalValue>)
}

/// The union index of the `k`-th non-null branch of a union whose `null` is at `null_index`.
pub fn branch_index(k: usize, null_index: Option<usize>) -> usize {
    match null_index {
        Some(n) if n <= k => k + 1,
        _ => k,
    }
}

/// Statements writing `val`, a value of `ty`.
pub fn value(scope: Scope<'_>, ty: &Ty, val: &Val) -> TokenStream {
    let e = val.expr();
    match ty {
        Ty::Null => TokenStream::new(),
        Ty::Boolean => val.write_copied("boolean"),
        Ty::Int => val.write_copied("int"),
        Ty::Long => val.write_copied("long"),
        Ty::Float => val.write_copied("float"),
        Ty::Double => val.write_copied("double"),
        Ty::String(_) => val.write_borrowed("string"),
        Ty::Bytes(_) => val.write_borrowed("bytes"),
        Ty::Fixed(_) => val.write_borrowed("fixed"),
        Ty::FixedBytes { size, .. } => {
            let b = val.borrowed();
            let n = Literal::usize_unsuffixed(*size);
            quote!(::avro_runtime::__private::encode_fixed_bytes(sink, #b, #n)?;)
        }
        Ty::Logical { kind, rust } => {
            let b = val.borrowed();
            let t = logical_trait(*kind, rust);
            quote!(#t::encode_to(#b, sink)?;)
        }
        Ty::Decimal { scale, fixed, rust } => {
            let b = val.borrowed();
            let t = decimal_trait(rust);
            match fixed {
                None => quote!(#t::encode_bytes(#b, sink, #scale)?;),
                Some(n) => quote!(#t::encode_fixed(#b, sink, #scale, #n)?;),
            }
        }
        Ty::Option { null_index, some } => {
            let b = val.borrowed();
            let inner = value(scope, some, &Val::reference(quote!(v)));
            let null = Literal::usize_unsuffixed(*null_index);
            let some_index = Literal::usize_unsuffixed(1 - null_index);
            quote! {
                match #b {
                    ::std::option::Option::None => sink.union_index(#null),
                    ::std::option::Option::Some(v) => {
                        sink.union_index(#some_index);
                        #inner
                    }
                }
            }
        }
        Ty::Union { union, null_index } => {
            let path = scope.union_path(*union);
            let variants = &scope.plan.unions[*union].variants;
            if variants.is_empty() && null_index.is_none() {
                // No branches: no values.
                let b = val.borrowed();
                return quote!(match *#b {});
            }
            let arms = variants.iter().enumerate().map(|(k, v)| UnionArm {
                pattern: some_if(null_index.is_some(), {
                    let variant = ident(&v.ident);
                    quote!(#path::#variant(v))
                }),
                index: branch_index(k, *null_index),
                values: vec![(&v.ty, Val::reference(quote!(v)))],
            });
            let null = null_index.map(|n| UnionArm {
                pattern: quote!(::std::option::Option::None),
                index: n,
                values: Vec::new(),
            });
            union_match(scope, val.borrowed(), null.into_iter().chain(arms))
        }
        Ty::OneBranch(inner) => {
            let inner = value(scope, inner, val);
            quote! {
                sink.union_index(0);
                #inner
            }
        }
        // A boxed type with its own impl is written through `Box`'s, which forwards to it.
        Ty::Boxed(inner) if has_impl(inner) => value(scope, inner, val),
        Ty::Boxed(inner) => value(scope, inner, &val.unboxed()),
        Ty::Array(items) => {
            let b = val.borrowed();
            let item = value(scope, items, &Val::reference(quote!(item)));
            // Items that write nothing (null) are still counted.
            let each = if item.is_empty() {
                TokenStream::new()
            } else {
                quote! {
                    for item in #b {
                        #item
                    }
                }
            };
            quote! {
                if !#e.is_empty() {
                    sink.block_len(#e.len());
                    #each
                }
                sink.block_end();
            }
        }
        Ty::Map { values, .. } => {
            let b = val.borrowed();
            let v = value(scope, values, &Val::reference(quote!(value)));
            let (pattern, write) = if v.is_empty() {
                (quote!(key), TokenStream::new())
            } else {
                (quote!((key, value)), v)
            };
            let iter = if write.is_empty() {
                quote!(#e.keys())
            } else {
                b
            };
            quote! {
                if !#e.is_empty() {
                    sink.block_len(#e.len());
                    for #pattern in #iter {
                        sink.string(key);
                        #write
                    }
                }
                sink.block_end();
            }
        }
        Ty::Named(_) => {
            let b = val.borrowed();
            quote!(::avro_runtime::Encode::encode_to(#b, sink)?;)
        }
        Ty::Leaf(rust) => {
            let b = val.borrowed();
            quote_spanned!(Ty::span(rust)=> ::avro_runtime::Encode::encode_to(#b, sink)?;)
        }
    }
}

/// Whether values of `ty` are written by their own trait impls (generated and other types), which
/// `Box` forwards to: a `Box` of one is handled as the box itself.
pub fn has_impl(ty: &Ty) -> bool {
    matches!(ty, Ty::Named(_) | Ty::Leaf(_))
}

/// `Some(pattern)` when `wrap`, else the pattern.
pub(crate) fn some_if(wrap: bool, pattern: TokenStream) -> TokenStream {
    if wrap {
        quote!(::std::option::Option::Some(#pattern))
    } else {
        pattern
    }
}

/// One arm of a match over a union's value.
pub struct UnionArm<'t> {
    /// The pattern, binding the branch's value if it has one.
    pub pattern: TokenStream,
    /// The union index written.
    pub index: usize,
    /// What the branch holds: its value's type and the binding (several for a struct variant
    /// of a derived enum, none for `null`).
    pub values: Vec<(&'t Ty, Val)>,
}

/// A record's fields, or a struct variant's: statements writing each `(type, value)`.
pub fn members<'t>(
    scope: Scope<'_>,
    members: impl IntoIterator<Item = (&'t Ty, Val)>,
) -> TokenStream {
    let writes = members.into_iter().map(|(ty, val)| value(scope, ty, &val));
    quote!(#(#writes)*)
}

/// `match scrutinee { arms }`, each arm writing its union index then its value.
pub fn union_match<'t>(
    scope: Scope<'_>,
    scrutinee: TokenStream,
    arms: impl IntoIterator<Item = UnionArm<'t>>,
) -> TokenStream {
    let arms: Vec<TokenStream> = arms
        .into_iter()
        .map(|arm| {
            let index = Literal::usize_unsuffixed(arm.index);
            let pattern = arm.pattern;
            let inner = members(scope, arm.values);
            if inner.is_empty() {
                quote!(#pattern => sink.union_index(#index),)
            } else {
                quote! {
                    #pattern => {
                        sink.union_index(#index);
                        #inner
                    }
                }
            }
        })
        .collect();
    quote! {
        match #scrutinee {
            #(#arms)*
        }
    }
}

/// `impl Encode` for a type whose `encode_to` body and `size_hint` expression are given.
fn impl_encode(name: &Ident, body: TokenStream, size: TokenStream) -> TokenStream {
    let sink = if super::mentions(&body, "sink") {
        quote!(sink)
    } else {
        quote!(_sink)
    };
    quote! {
        impl ::avro_runtime::Encode for #name {
            #[inline]
            fn encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::avro_runtime::Result<()> {
                ::avro_runtime::encode::Sink::append(out, self)
            }

            #[inline]
            fn encode_to(&self, #sink: &mut ::avro_runtime::encode::Sink<'_>) -> ::avro_runtime::Result<()> {
                #body
                Ok(())
            }

            #[inline]
            fn size_hint(&self) -> usize {
                #size
            }
        }
    }
}

/// `impl Encode` for generated named type `id`.
pub fn named_impl(scope: Scope<'_>, id: NamedId) -> TokenStream {
    let plan = &scope.plan.named[id.0];
    let name = ident(&plan.ident);
    match &plan.shape {
        NamedShape::Record { fields } => {
            let body = members(
                scope,
                fields.iter().map(|f| {
                    let fid = ident(&f.ident);
                    (&f.ty, Val::place(quote!(self.#fid)))
                }),
            );
            let size = size::members(
                scope,
                fields.iter().map(|f| {
                    let fid = ident(&f.ident);
                    (&f.ty, Val::place(quote!(self.#fid)))
                }),
            );
            impl_encode(&name, body, size.tokens())
        }
        NamedShape::Enum { variants, .. } if variants.is_empty() => {
            impl_encode(&name, quote!(match *self {}), quote!(0))
        }
        NamedShape::Enum { .. } => impl_encode(
            &name,
            quote!(sink.enum_index(*self as usize);),
            quote!(::avro_runtime::encode::MAX_INT_LEN),
        ),
        NamedShape::Fixed { size } => {
            let n = Literal::usize_unsuffixed(*size);
            impl_encode(&name, quote!(sink.fixed(&self.0);), quote!(#n))
        }
        NamedShape::Mapped => TokenStream::new(),
    }
}

/// `impl Encode` for top-level union enum `u`.
pub fn union_impl(scope: Scope<'_>, u: usize) -> TokenStream {
    let union = &scope.plan.unions[u];
    let name = ident(&union.ident);
    let arms = union.variants.iter().enumerate().map(|(k, v)| {
        let variant = ident(&v.ident);
        UnionArm {
            pattern: quote!(Self::#variant(v)),
            index: k,
            values: vec![(&v.ty, Val::reference(quote!(v)))],
        }
    });
    let body = if union.variants.is_empty() {
        quote!(match *self {})
    } else {
        union_match(scope, quote!(self), arms)
    };
    let size = size::value(
        scope,
        &Ty::Union {
            union: u,
            null_index: None,
        },
        &Val::reference(quote!(self)),
    );
    impl_encode(&name, body, size.tokens())
}
