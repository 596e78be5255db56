//! Collects the errors of one derive input, so that all of them are reported together.

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::Span;

/// The error collector: parsing goes on after an error, so a user fixes every problem of an
/// item in one compile cycle, as with serde_derive.
#[derive(Default)]
pub struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    /// Records an error at `span`.
    pub fn error(&self, span: Span, msg: impl Display) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new(span, msg.to_string()));
    }

    /// Records an error spanning the tokens of `tokens`.
    pub fn error_spanned(&self, tokens: impl quote::ToTokens, msg: impl Display) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new_spanned(tokens, msg.to_string()));
    }

    /// Records an error produced by syn (e.g. a malformed attribute).
    pub fn syn_error(&self, e: syn::Error) {
        self.errors.borrow_mut().push(e);
    }

    /// Whether any error has been recorded.
    pub fn has_errors(&self) -> bool {
        !self.errors.borrow().is_empty()
    }

    /// All recorded errors combined into one, or `Ok` when there are none.
    pub fn check(self) -> syn::Result<()> {
        let mut errors = self.errors.into_inner().into_iter();
        let Some(mut all) = errors.next() else {
            return Ok(());
        };
        for e in errors {
            all.combine(e);
        }
        Err(all)
    }
}
