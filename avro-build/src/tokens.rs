//! Small token-building helpers shared by the emitter ([`crate::emit`]) and `avro-derive`'s
//! `#[derive(AvroSchema)]`, which write the same kind of encode/decode code (one from a schema,
//! the other from Rust types). Not meant for build scripts.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// A value expression while emitting: either a place (`self.name`) or a reference (`item`).
///
/// Generated code needs the value by copy, by shared reference, or as the expression itself;
/// which tokens that takes depends on whether the expression is already a reference.
#[derive(Clone)]
pub struct Val {
    expr: TokenStream,
    is_ref: bool,
}

impl Val {
    /// A place expression, such as `self.name`.
    pub fn place(expr: TokenStream) -> Val {
        Val {
            expr,
            is_ref: false,
        }
    }

    /// An expression of reference type, such as a loop's `item`.
    pub fn reference(expr: TokenStream) -> Val {
        Val { expr, is_ref: true }
    }

    /// The value of a `Copy` type.
    pub fn copied(&self) -> TokenStream {
        let e = &self.expr;
        if self.is_ref {
            quote!(*#e)
        } else {
            e.clone()
        }
    }

    /// A shared reference to the value.
    pub fn borrowed(&self) -> TokenStream {
        let e = &self.expr;
        if self.is_ref {
            e.clone()
        } else {
            quote!(&#e)
        }
    }

    /// The value behind a `Box`, as a place.
    pub fn unboxed(&self) -> Val {
        let e = &self.expr;
        if self.is_ref {
            Val::place(quote!((**#e)))
        } else {
            Val::place(quote!((*#e)))
        }
    }

    /// `sink.<method>(value);` with the value by copy: the `Sink` writes of `boolean`, `int`,
    /// `long`, `float` and `double`.
    pub fn write_copied(&self, method: &str) -> TokenStream {
        let method = format_ident!("{method}");
        let v = self.copied();
        quote!(sink.#method(#v);)
    }

    /// `sink.<method>(&value);` with a shared reference: the `Sink` writes of `string`, `bytes`
    /// and `fixed`.
    pub fn write_borrowed(&self, method: &str) -> TokenStream {
        let method = format_ident!("{method}");
        let v = self.borrowed();
        quote!(sink.#method(#v);)
    }

    /// The expression itself, for method calls and field access (auto-deref handles both).
    pub fn expr(&self) -> &TokenStream {
        &self.expr
    }
}

/// An upper bound of an encoded size: a constant plus dynamic parts (expressions of type
/// `usize`), summed in the generated code.
#[derive(Default)]
pub struct Size {
    constant: usize,
    dynamic: Vec<TokenStream>,
}

impl Size {
    /// A bound known at generation time.
    pub fn constant(n: usize) -> Size {
        Size {
            constant: n,
            dynamic: Vec::new(),
        }
    }

    /// A bound computed at run time by `expr`.
    pub fn dynamic(expr: TokenStream) -> Size {
        Size {
            constant: 0,
            dynamic: vec![expr],
        }
    }

    /// The sum of two bounds.
    pub fn plus(mut self, other: Size) -> Size {
        self.constant += other.constant;
        self.dynamic.extend(other.dynamic);
        self
    }

    /// The constant part of the bound (all of it when [`Size::is_constant`]).
    pub fn constant_part(&self) -> usize {
        self.constant
    }

    /// Whether the bound has no dynamic part.
    pub fn is_constant(&self) -> bool {
        self.dynamic.is_empty()
    }

    /// The bound as an expression: the constant, the dynamic parts, or their sum.
    pub fn tokens(&self) -> TokenStream {
        let c = Literal::usize_unsuffixed(self.constant);
        let d = &self.dynamic;
        match (self.constant, d.is_empty()) {
            (_, true) => quote!(#c),
            (0, false) => quote!(#(#d)+*),
            _ => quote!(#c #(+ #d)*),
        }
    }
}
