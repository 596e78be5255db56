//! Proc-macros for Avro code generation.
//!
//! `include_schema!("schemas/user.avsc")` expands, in place, to the same types and codecs that
//! `avro_build::Config::compile` writes for a build script. Paths are relative to the crate root
//! (`CARGO_MANIFEST_DIR`); several files may be given and may reference each other's types.
//! The expansion `include_str!`s every schema file, so cargo rebuilds when one changes.
//! Schema errors are reported at the macro call, all of them at once.

use std::path::PathBuf;

use avro_build::validate::SourceFile;
use avro_build::Config;
use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{LitStr, Token};

struct SchemaPaths {
    paths: Punctuated<LitStr, Token![,]>,
}

impl Parse for SchemaPaths {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let paths = Punctuated::<LitStr, Token![,]>::parse_terminated(input)?;
        if paths.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                "include_schema! needs at least one schema path, e.g. include_schema!(\"schemas/user.avsc\")",
            ));
        }
        Ok(SchemaPaths { paths })
    }
}

/// Generates Rust types with Avro encode/decode for the given `.avsc` files (paths relative to the
/// crate root), exactly as `avro_build::Config::new().compile(..)` would.
///
/// ```ignore
/// avro_derive::include_schema!("schemas/user.avsc", "schemas/address.avsc");
/// ```
#[proc_macro]
pub fn include_schema(input: TokenStream) -> TokenStream {
    let parsed = syn::parse_macro_input!(input as SchemaPaths);
    match expand(&parsed) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn expand(input: &SchemaPaths) -> syn::Result<proc_macro2::TokenStream> {
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let mut sources = Vec::new();
    let mut tracked = Vec::new();
    let mut errors: Option<syn::Error> = None;
    let mut push_error = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    for lit in &input.paths {
        let path = root.join(lit.value());
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                tracked.push(path.display().to_string());
                sources.push(SourceFile {
                    path: PathBuf::from(lit.value()),
                    text,
                });
            }
            Err(e) => push_error(syn::Error::new(
                lit.span(),
                format!("cannot read schema file {}: {e}", path.display()),
            )),
        }
    }
    if let Some(e) = errors {
        return Err(e);
    }
    let (items, _warnings) = Config::new().generate_tokens(&sources).map_err(|errs| {
        let mut all: Option<syn::Error> = None;
        for d in &errs.errors {
            // Point at the literal of the file the error is in.
            let span = input
                .paths
                .iter()
                .find(|l| d.file == std::path::Path::new(&l.value()))
                .map_or_else(Span::call_site, LitStr::span);
            let e = syn::Error::new(span, d.to_string());
            match &mut all {
                Some(a) => a.combine(e),
                None => all = Some(e),
            }
        }
        all.unwrap_or_else(|| syn::Error::new(Span::call_site(), "invalid Avro schema"))
    })?;
    Ok(quote! {
        // Makes cargo rebuild this crate when a schema file changes.
        const _: &[&str] = &[#(::core::include_str!(#tracked)),*];
        #items
    })
}
