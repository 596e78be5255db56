//! Emission: turns a validated [`SchemaSet`] and its Rust-type model ([`Plan`]) into Rust
//! tokens and formatted source. One module per output, each a fold over the model:
//!
//! | module | output |
//! |---|---|
//! | [`types`] | the type definitions (structs, enums, union enums), their derives and docs |
//! | [`encode`] | `Encode::encode_to`: straight-line writes to the runtime's `Sink` |
//! | [`size`] | `Encode::size_hint`: a cheap upper bound of the encoded size |
//! | [`decode`] | `Decode::decode`: straight-line reads from the runtime's `Reader` |
//! | [`defaults`] | `default_<field>()` functions and `impl Default` from schema defaults |
//! | [`constants`] | `impl AvroSchema`: schema JSON, canonical form, fingerprints |
//! | [`node`] | `impl AvroType`: the schema as a const tree of runtime schema nodes |
//! | [`writers`] | `impl KnownWriters` and decoders specialised per earlier writer schema |
//! | [`json`] | `ToAvroJson` / `FromAvroJson` (the Avro JSON encoding) |
//! | [`apache`] | `ToApacheValue` (apache-avro's value tree) |
//!
//! [`encode`], [`size`] and [`decode`] are also what `#[derive(AvroSchema)]` emits, from the
//! same model. This module assembles the items of each type from the outputs and nests them in
//! modules by namespace.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::canonical;
use crate::ir::{NamedId, NamedKind, Schema, SchemaSet};
use crate::plan::{NamedShape, Plan, Ty};

pub mod apache;
pub mod constants;
pub mod decode;
pub mod defaults;
pub mod encode;
pub mod json;
pub mod node;
pub mod size;
pub mod types;
pub mod writers;

pub use crate::config::{
    Attributes, DateTimeMapping, DecimalMapping, MapType, Options, UuidMapping,
};
pub use writers::KnownWriter;

/// Where code is being emitted: the model, and the module the code sits in (paths to generated
/// types are relative to it).
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    /// The Rust-type model.
    pub plan: &'a Plan,
    /// The module (Rust identifiers from the generated file's root).
    pub module: &'a [String],
}

impl<'a> Scope<'a> {
    /// Code in `module` of a file generated for `plan`.
    pub fn new(plan: &'a Plan, module: &'a [String]) -> Self {
        Scope { plan, module }
    }

    /// The path of named type `id` from here.
    pub fn named_path(&self, id: NamedId) -> TokenStream {
        tokens(&self.plan.named_path(self.module, id))
    }

    /// The path of union enum `u` from here.
    pub fn union_path(&self, u: usize) -> TokenStream {
        tokens(&self.plan.union_path(self.module, u))
    }
}

/// Emits the code for a whole schema set.
pub struct Emitter<'a> {
    set: &'a SchemaSet,
    plan: Plan,
    options: &'a Options,
    writers: Vec<KnownWriter>,
}

/// Parses a path or type written as text (`super::a::B`, `r#type`) into tokens.
pub(crate) fn tokens(text: &str) -> TokenStream {
    text.parse()
        .unwrap_or_else(|e| panic!("internal error: generated invalid tokens `{text}`: {e}"))
}

/// An identifier, raw (`r#type`) when written so.
pub(crate) fn ident(text: &str) -> Ident {
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(text, Span::call_site()),
    }
}

/// `#[doc = ".."]` lines of a doc text (none for `None`).
pub(crate) fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc else {
        return TokenStream::new();
    };
    let lines = doc.lines().map(|l| format!(" {}", l.trim_end()));
    quote!(#(#[doc = #lines])*)
}

/// `[1, 2, 3]`
pub(crate) fn bytes_literal(bytes: &[u8]) -> TokenStream {
    let b = bytes.iter().map(|b| Literal::u8_unsuffixed(*b));
    quote!([#(#b),*])
}

/// Whether `tokens` use the identifier `name` (to name unused parameters `_name`).
pub(crate) fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == name,
        proc_macro2::TokenTree::Group(g) => mentions(&g.stream(), name),
        _ => false,
    })
}

/// A `u64` as a hexadecimal literal of 16 digits.
pub(crate) fn fingerprint_literal(fp: u64) -> TokenStream {
    tokens(&format!("0x{fp:016x}"))
}

impl<'a> Emitter<'a> {
    /// Plans `set` for emission with `options`.
    pub fn new(set: &'a SchemaSet, options: &'a Options) -> Self {
        Emitter {
            set,
            plan: Plan::new(set, options),
            options,
            writers: Vec::new(),
        }
    }

    /// Adds earlier writer schemas that generated records get specialised decoders for.
    pub fn with_writers(mut self, writers: Vec<KnownWriter>) -> Self {
        self.writers = writers;
        self
    }

    /// The plan in use (identifiers and shapes).
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Every generated named type: (Avro full name, Rust path from the generated file's root).
    pub fn type_paths(&self) -> Vec<(String, String)> {
        self.plan
            .named
            .iter()
            .zip(&self.set.named)
            .filter(|(p, _)| p.generated())
            .map(|(p, n)| {
                (
                    n.name.full(),
                    crate::plan::relative_path(&[], &p.module, &p.ident),
                )
            })
            .collect()
    }

    /// Every generated union enum: (Parsing Canonical Form of the union of its non-null
    /// branches, which is its `AvroType` schema; Rust path from the generated file's root).
    pub fn union_paths(&self) -> Vec<(String, String)> {
        self.plan
            .unions
            .iter()
            .enumerate()
            .map(|(u, union)| {
                (
                    canonical::canonical_form(self.set, &union.schema()),
                    self.plan.union_path(&[], u),
                )
            })
            .collect()
    }

    /// For each input file, the Rust path of its top-level type when that is a generated type
    /// with `Encode`/`Decode` (a named type, or a union with several non-null branches).
    pub fn root_paths(&self) -> Vec<Option<String>> {
        self.set
            .roots
            .iter()
            .zip(&self.plan.roots)
            .map(|(root, ty)| match (ty, &root.schema) {
                (Ty::Named(id), _) if self.plan.named[id.0].generated() => {
                    Some(self.plan.named_path(&[], *id))
                }
                (
                    Ty::Union {
                        union,
                        null_index: None,
                    },
                    Schema::Union(_),
                ) => Some(self.plan.union_path(&[], *union)),
                _ => None,
            })
            .collect()
    }

    /// All generated items, as tokens (modules nested by namespace).
    pub fn tokens(&self) -> TokenStream {
        // module path -> items
        let mut modules: BTreeMap<Vec<String>, Vec<TokenStream>> = BTreeMap::new();
        modules.entry(Vec::new()).or_default();
        for (i, named) in self.plan.named.iter().enumerate() {
            if named.generated() {
                modules
                    .entry(named.module.clone())
                    .or_default()
                    .push(self.named_item(NamedId(i)));
            }
        }
        for (u, union) in self.plan.unions.iter().enumerate() {
            modules
                .entry(union.module.clone())
                .or_default()
                .push(self.union_item(u));
        }
        self.module_tree(&[], &mut modules)
    }

    fn module_tree(
        &self,
        path: &[String],
        modules: &mut BTreeMap<Vec<String>, Vec<TokenStream>>,
    ) -> TokenStream {
        let items = modules.remove(path).unwrap_or_default();
        let children: Vec<String> = {
            let mut c: Vec<String> = modules
                .keys()
                .filter(|k| k.len() > path.len() && k.starts_with(path))
                .map(|k| k[path.len()].clone())
                .collect();
            c.dedup();
            c
        };
        let mut subs = Vec::new();
        for child in children {
            let mut child_path = path.to_vec();
            child_path.push(child.clone());
            if !modules.keys().any(|k| k.starts_with(&child_path)) {
                continue;
            }
            let body = self.module_tree(&child_path, modules);
            let name = ident(&child);
            let namespace = self.namespace_of(&child_path);
            let doc = format!(" Types of the Avro namespace `{namespace}`.");
            subs.push(quote! {
                #[doc = #doc]
                pub mod #name {
                    #body
                }
            });
        }
        quote!(#(#items)* #(#subs)*)
    }

    fn namespace_of(&self, module: &[String]) -> String {
        // Any named type in (or below) this module knows the Avro spelling of the namespace.
        for (i, p) in self.plan.named.iter().enumerate() {
            if p.module.starts_with(module) {
                if let Some(ns) = &self.set.named[i].name.namespace {
                    return ns
                        .split('.')
                        .take(module.len())
                        .collect::<Vec<_>>()
                        .join(".");
                }
            }
        }
        module.join(".")
    }

    /// The definition of named type `id` and every impl of it.
    fn named_item(&self, id: NamedId) -> TokenStream {
        let plan = &self.plan.named[id.0];
        let scope = Scope::new(&self.plan, &plan.module);
        let named = self.set.get(id);
        let name = ident(&plan.ident);
        let definition = types::named(self.set, scope, id);
        let schema_constants = constants::SchemaConstants::of(self.set, id);
        let constants = schema_constants.avro_schema_impl(&name);
        let avro_type = node::named(self.set, scope, id);
        // Top-level records (and any record with known earlier writers) can dispatch on the
        // writer's fingerprint, which framing and container readers use.
        let writers: Vec<&KnownWriter> = self.writers.iter().filter(|w| w.reader == id).collect();
        let known_writers =
            !matches!(named.kind, NamedKind::Fixed { .. }) && (plan.root || !writers.is_empty());
        let mut inherent = match &plan.shape {
            NamedShape::Record { fields } => defaults::functions(scope, fields),
            NamedShape::Enum { .. } => types::enum_inherent(self.set, id),
            _ => TokenStream::new(),
        };
        let mut impls = match &plan.shape {
            NamedShape::Record { fields } => defaults::default_impl(&name, fields),
            NamedShape::Fixed { size } => defaults::fixed_default_impl(&name, *size),
            NamedShape::Enum {
                variants,
                default_index,
            } => defaults::enum_default_impl(
                &name,
                variants,
                *default_index,
                matches!(
                    &named.kind,
                    NamedKind::Enum {
                        default: Some(_),
                        ..
                    }
                ),
            ),
            NamedShape::Mapped => TokenStream::new(),
        };
        impls.extend(encode::named_impl(scope, id));
        impls.extend(decode::named_impl(scope, id));
        if known_writers {
            let (functions, known) =
                writers::known_writers(scope, id, schema_constants.rabin, &writers);
            inherent.extend(functions);
            impls.extend(known);
        }
        if self.options.apache_avro_values {
            impls.extend(apache::named_impl(self.set, scope, id));
        }
        if self.options.avro_json {
            impls.extend(json::named_impl(self.set, scope, id));
        }
        let inherent = if inherent.is_empty() {
            TokenStream::new()
        } else {
            quote! {
                impl #name {
                    #inherent
                }
            }
        };
        quote! {
            #definition
            #constants
            #avro_type
            #inherent
            #impls
        }
    }

    /// A union enum and its impls (`Encode`, `Decode` and the conversions only for top-level
    /// unions: elsewhere the holder's code reads and writes the branches).
    fn union_item(&self, u: usize) -> TokenStream {
        let union = &self.plan.unions[u];
        let scope = Scope::new(&self.plan, &union.module);
        let definition = types::union(self.set, scope, u);
        let avro_type = node::union(self.set, scope, u);
        let mut impls = TokenStream::new();
        if union.root {
            impls.extend(encode::union_impl(scope, u));
            impls.extend(decode::union_impl(scope, u));
            if self.options.apache_avro_values {
                impls.extend(apache::union_impl(self.set, scope, u));
            }
        }
        if self.options.avro_json {
            impls.extend(json::union_impl(self.set, scope, u));
        }
        quote! {
            #definition
            #avro_type
            #impls
        }
    }
}

/// Formats generated tokens as a Rust source file with a header naming the inputs.
pub fn format_file(tokens: TokenStream, inputs: &[PathBuf]) -> String {
    let file: syn::File = syn::parse2(tokens)
        .unwrap_or_else(|e| panic!("internal error: generated code does not parse: {e}"));
    let mut out =
        String::from("// @generated by avro-build from the Avro schemas below. Do not edit.\n");
    for input in inputs {
        out.push_str(&format!("//   {}\n", input.display()));
    }
    out.push('\n');
    out.push_str(&prettyplease::unparse(&file));
    out
}
