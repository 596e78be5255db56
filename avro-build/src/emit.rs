//! Emission: turns a validated [`SchemaSet`] and its [`Plan`] into Rust tokens and formatted
//! source. Encode and decode are written out per type as straight-line code over the runtime's
//! primitives: no value tree, no serde, no schema interpretation at run time.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::canonical;
pub use crate::config::{Attributes, DateTimeMapping, DecimalMapping, MapType, Options, UuidMapping};
use crate::fingerprint;
use crate::ir::{DefaultValue, Field, Logical, NamedId, NamedKind, Primitive, Schema, SchemaSet};
use crate::plan::{is_null, Node, Plan, UnionShape};
use crate::tokens::{Size, Val};

mod apache;
mod json;
mod node;
mod writers;

pub use writers::KnownWriter;

/// Emits the code for a whole schema set.
pub struct Emitter<'a> {
    set: &'a SchemaSet,
    plan: Plan,
    opts: &'a Options,
    writers: Vec<KnownWriter>,
    /// For each named type, the named types it can reach ([`crate::plan::reachability`]).
    reach: Vec<std::collections::HashSet<NamedId>>,
}

/// Parses a path or type written as text (`super::a::B`, `r#type`) into tokens.
fn tokens(text: &str) -> TokenStream {
    text.parse()
        .unwrap_or_else(|e| panic!("internal error: generated invalid tokens `{text}`: {e}"))
}

fn ident(text: &str) -> Ident {
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(text, Span::call_site()),
    }
}

fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc else {
        return TokenStream::new();
    };
    let lines = doc.lines().map(|l| format!(" {}", l.trim_end()));
    quote!(#(#[doc = #lines])*)
}

fn bytes_literal(bytes: &[u8]) -> TokenStream {
    let b = bytes.iter().map(|b| Literal::u8_unsuffixed(*b));
    quote!([#(#b),*])
}

fn zigzag(value: i64, out: &mut Vec<u8>) {
    let mut n = ((value << 1) ^ (value >> 63)) as u64;
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

impl<'a> Emitter<'a> {
    /// Plans `set` for emission with `opts`.
    pub fn new(set: &'a SchemaSet, opts: &'a Options) -> Self {
        let plan = Plan::new(set, opts.map_type == MapType::BTreeMap);
        Emitter {
            set,
            plan,
            opts,
            writers: Vec::new(),
            reach: crate::plan::reachability(set),
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
            .filter(|(p, _)| p.generated)
            .map(|(p, n)| (n.name.full(), Plan::path_between(&[], &p.module, &p.ident)))
            .collect()
    }

    /// Every generated union enum: (Parsing Canonical Form of the union of its non-null
    /// branches, which is its `AvroType` schema; Rust path from the generated file's root).
    pub fn union_paths(&self) -> Vec<(String, String)> {
        self.plan
            .unions
            .iter()
            .map(|u| {
                let union = Schema::Union(u.variants.iter().map(|(s, _)| s.clone()).collect());
                (
                    canonical::canonical_form(self.set, &union),
                    Plan::path_between(&[], &u.module, &u.ident),
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
            .map(|root| match &root.schema {
                Schema::Named(id) if self.plan.named[id.0].generated => {
                    let p = &self.plan.named[id.0];
                    Some(Plan::path_between(&[], &p.module, &p.ident))
                }
                Schema::Union(branches) => match self.plan.union_shape(branches) {
                    UnionShape::Enum {
                        union,
                        null_index: None,
                    } => {
                        let p = &self.plan.unions[union];
                        Some(Plan::path_between(&[], &p.module, &p.ident))
                    }
                    _ => None,
                },
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
            if named.generated {
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

    fn attributes_for(&self, full_name: &str) -> TokenStream {
        let attrs = self.opts.type_attributes_for(full_name);
        quote!(#(#attrs)*)
    }

    fn field_attributes_for(&self, full_name: &str, field: &str) -> TokenStream {
        let attrs = self.opts.field_attributes_for(full_name, field);
        quote!(#(#attrs)*)
    }

    /// Path from `module` to named type `id`'s Rust type (without `Box`).
    fn named_path(&self, from: &[String], id: NamedId) -> TokenStream {
        let p = &self.plan.named[id.0];
        tokens(&Plan::path_between(from, &p.module, &p.ident))
    }

    fn union_path(&self, from: &[String], u: usize) -> TokenStream {
        let p = &self.plan.unions[u];
        tokens(&Plan::path_between(from, &p.module, &p.ident))
    }

    // ----- types -----

    fn map_type(&self) -> TokenStream {
        match self.opts.map_type {
            MapType::HashMap => quote!(::std::collections::HashMap),
            MapType::BTreeMap => quote!(::std::collections::BTreeMap),
        }
    }

    /// The Rust type of `schema` used from module `from`, held inline by `holder`.
    fn rust_type(&self, schema: &Schema, from: &[String], holder: Node) -> TokenStream {
        match schema {
            Schema::Primitive { ty, logical, .. } => self.primitive_type(*ty, *logical),
            Schema::Array { items, .. } => {
                let t = self.rust_type(items, from, holder);
                quote!(::std::vec::Vec<#t>)
            }
            Schema::Map { values, .. } => {
                let t = self.rust_type(values, from, holder);
                let map = self.map_type();
                quote!(#map<::std::string::String, #t>)
            }
            Schema::Union(branches) => match self.plan.union_shape(branches) {
                UnionShape::OnlyNull => quote!(()),
                UnionShape::Single => self.rust_type(&branches[0], from, holder),
                UnionShape::Option { some_index, .. } => {
                    let t = self.rust_type(&branches[some_index], from, holder);
                    quote!(::std::option::Option<#t>)
                }
                UnionShape::Enum {
                    union,
                    null_index: Some(_),
                } => {
                    let p = self.union_path(from, union);
                    quote!(::std::option::Option<#p>)
                }
                UnionShape::Enum { union, .. } | UnionShape::Empty(union) => {
                    self.union_path(from, union)
                }
            },
            Schema::Named(id) => {
                let named = self.set.get(*id);
                match &named.kind {
                    NamedKind::Fixed {
                        logical: Some(l),
                        size,
                    } => self.logical_fixed_type(*l, *size),
                    NamedKind::Record { .. } if self.plan.needs_box(holder, *id) => {
                        let p = self.named_path(from, *id);
                        quote!(::std::boxed::Box<#p>)
                    }
                    _ => self.named_path(from, *id),
                }
            }
        }
    }

    fn primitive_type(&self, ty: Primitive, logical: Option<Logical>) -> TokenStream {
        if let Some(l) = logical {
            if let Some(t) = self.date_time_type(l) {
                return t;
            }
            match l {
                Logical::Decimal { .. } => return self.decimal_type(),
                Logical::Uuid if self.opts.uuid == UuidMapping::Uuid => {
                    return quote!(::avro_runtime::uuid::Uuid)
                }
                _ => {}
            }
        }
        match ty {
            Primitive::Null => quote!(()),
            Primitive::Boolean => quote!(bool),
            Primitive::Int => quote!(i32),
            Primitive::Long => quote!(i64),
            Primitive::Float => quote!(f32),
            Primitive::Double => quote!(f64),
            Primitive::Bytes => quote!(::std::vec::Vec<u8>),
            Primitive::String => quote!(::std::string::String),
        }
    }

    fn decimal_type(&self) -> TokenStream {
        match self.opts.decimal {
            DecimalMapping::Runtime => quote!(::avro_runtime::Decimal),
            DecimalMapping::RustDecimal => quote!(::avro_runtime::rust_decimal::Decimal),
        }
    }

    fn logical_fixed_type(&self, logical: Logical, size: usize) -> TokenStream {
        match logical {
            Logical::Decimal { .. } => self.decimal_type(),
            Logical::Uuid if self.opts.uuid == UuidMapping::Uuid => {
                quote!(::avro_runtime::uuid::Uuid)
            }
            Logical::Duration => quote!(::avro_runtime::Duration),
            _ => {
                let n = Literal::usize_unsuffixed(size);
                quote!([u8; #n])
            }
        }
    }

    /// Module name of a date/time logical type in the runtime's chrono/time adapters.
    fn date_time_module(logical: Logical) -> Option<&'static str> {
        Some(match logical {
            Logical::Date => "date",
            Logical::TimeMillis => "time_millis",
            Logical::TimeMicros => "time_micros",
            Logical::TimestampMillis => "timestamp_millis",
            Logical::TimestampMicros => "timestamp_micros",
            Logical::TimestampNanos => "timestamp_nanos",
            Logical::LocalTimestampMillis => "local_timestamp_millis",
            Logical::LocalTimestampMicros => "local_timestamp_micros",
            Logical::LocalTimestampNanos => "local_timestamp_nanos",
            _ => return None,
        })
    }

    /// The runtime newtype of a date/time logical type (`::avro_runtime::TimestampMillis`, ...),
    /// which holds its Avro value whatever the mapping.
    fn date_time_newtype(logical: Logical) -> TokenStream {
        let name = match logical {
            Logical::Date => "Date",
            Logical::TimeMillis => "TimeMillis",
            Logical::TimeMicros => "TimeMicros",
            Logical::TimestampMillis => "TimestampMillis",
            Logical::TimestampMicros => "TimestampMicros",
            Logical::TimestampNanos => "TimestampNanos",
            Logical::LocalTimestampMillis => "LocalTimestampMillis",
            Logical::LocalTimestampMicros => "LocalTimestampMicros",
            _ => "LocalTimestampNanos",
        };
        tokens(&format!("::avro_runtime::{name}"))
    }

    fn date_time_type(&self, logical: Logical) -> Option<TokenStream> {
        Self::date_time_module(logical)?;
        Some(match self.opts.date_time {
            DateTimeMapping::Newtypes => Self::date_time_newtype(logical),
            DateTimeMapping::Chrono => match logical {
                Logical::Date => quote!(::avro_runtime::chrono::NaiveDate),
                Logical::TimeMillis | Logical::TimeMicros => {
                    quote!(::avro_runtime::chrono::NaiveTime)
                }
                Logical::TimestampMillis | Logical::TimestampMicros | Logical::TimestampNanos => {
                    quote!(::avro_runtime::chrono::DateTime<::avro_runtime::chrono::Utc>)
                }
                _ => quote!(::avro_runtime::chrono::NaiveDateTime),
            },
            DateTimeMapping::Time => match logical {
                Logical::Date => quote!(::avro_runtime::time::Date),
                Logical::TimeMillis | Logical::TimeMicros => quote!(::avro_runtime::time::Time),
                Logical::TimestampMillis | Logical::TimestampMicros | Logical::TimestampNanos => {
                    quote!(::avro_runtime::time::OffsetDateTime)
                }
                _ => quote!(::avro_runtime::time::PrimitiveDateTime),
            },
        })
    }

    /// `::avro_runtime::logical::chrono::timestamp_millis` (or `time`) when an adapter is used.
    fn date_time_adapter(&self, logical: Logical) -> Option<TokenStream> {
        let module = Self::date_time_module(logical)?;
        let krate = match self.opts.date_time {
            DateTimeMapping::Newtypes => return None,
            DateTimeMapping::Chrono => "chrono",
            DateTimeMapping::Time => "time",
        };
        Some(tokens(&format!(
            "::avro_runtime::logical::{krate}::{module}"
        )))
    }

    // ----- items -----

    fn named_item(&self, id: NamedId) -> TokenStream {
        let named = self.set.get(id);
        let full_name = named.name.full();
        let doc = doc_attrs(named.doc.as_deref());
        let attrs = self.attributes_for(&full_name);
        let avro_doc = format!(" Avro {} `{full_name}`.", kind_word(&named.kind));
        let schema_impl = self.schema_impl(id);
        let avro_type_impl = self.avro_type_impl_named(id);
        let apache_impl = if self.opts.apache_avro_values {
            self.apache_impl_named(id)
        } else {
            TokenStream::new()
        };
        let json_impl = if self.opts.avro_json {
            self.json_impl_named(id)
        } else {
            TokenStream::new()
        };
        // Top-level records (and any record with known earlier writers) can dispatch on the
        // writer's fingerprint, which framing and container readers use.
        let writers: Vec<&KnownWriter> = self.writers.iter().filter(|w| w.reader == id).collect();
        let is_root = self.set.roots.iter().any(|r| r.schema == Schema::Named(id));
        let writers_impl =
            if !matches!(named.kind, NamedKind::Fixed { .. }) && (is_root || !writers.is_empty()) {
                self.known_writers_impl(id, &writers)
            } else {
                TokenStream::new()
            };
        let body = match &named.kind {
            NamedKind::Record { fields, .. } => self.record_item(id, fields),
            NamedKind::Enum { symbols, default } => self.enum_item(id, symbols, default.as_deref()),
            NamedKind::Fixed { size, .. } => self.fixed_item(id, *size),
        };
        let doc_sep = if named.doc.is_some() {
            quote!(#[doc = ""])
        } else {
            TokenStream::new()
        };
        let (item, impls) = body;
        quote! {
            #doc
            #doc_sep
            #[doc = #avro_doc]
            #attrs
            #item
            #schema_impl
            #avro_type_impl
            #impls
            #writers_impl
            #apache_impl
            #json_impl
        }
    }

    fn schema_impl(&self, id: NamedId) -> TokenStream {
        let plan = &self.plan.named[id.0];
        let name = ident(&plan.ident);
        let schema = Schema::Named(id);
        let json = canonical::full_json(self.set, &schema);
        let canonical_form = canonical::canonical_form(self.set, &schema);
        let rabin = tokens(&format!(
            "0x{:016x}",
            fingerprint::rabin(canonical_form.as_bytes())
        ));
        let md5 = bytes_literal(&fingerprint::md5(canonical_form.as_bytes()));
        let sha256 = bytes_literal(&fingerprint::sha256(canonical_form.as_bytes()));
        quote! {
            impl ::avro_runtime::AvroSchema for #name {
                const SCHEMA_JSON: &'static str = #json;
                const CANONICAL_FORM: &'static str = #canonical_form;
                const RABIN_FINGERPRINT: u64 = #rabin;
                const MD5_FINGERPRINT: [u8; 16] = #md5;
                const SHA256_FINGERPRINT: [u8; 32] = #sha256;
            }
        }
    }

    fn record_item(&self, id: NamedId, fields: &[Field]) -> (TokenStream, TokenStream) {
        let plan = &self.plan.named[id.0];
        let module = &plan.module;
        let holder = Node::Named(id);
        let name = ident(&plan.ident);
        let full_name = self.set.get(id).name.full();

        let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
        if plan.eq {
            derives.push(quote!(Eq));
        }
        if plan.hash {
            derives.push(quote!(Hash));
        }

        let mut field_defs = Vec::new();
        let mut encodes = Vec::new();
        let mut size = Size::default();
        let mut decodes = Vec::new();
        let mut default_fns = Vec::new();
        let mut default_fields = Vec::new();
        let all_defaults = fields.iter().all(|f| f.default.is_some());
        for (field, fident) in fields.iter().zip(&plan.fields) {
            let fid = ident(fident);
            let ty = self.rust_type(&field.schema, module, holder);
            let mut doc = field.doc.clone();
            if *fident.trim_start_matches("r#") != field.name {
                let note = format!("Avro field `{}`.", field.name);
                doc = Some(match doc {
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note,
                });
            }
            let doc = doc_attrs(doc.as_deref());
            let attrs = self.field_attributes_for(&full_name, &field.name);
            field_defs.push(quote! { #doc #attrs pub #fid: #ty });

            let value = Val::place(quote!(self.#fid));
            encodes.push(self.encode_stmts(&field.schema, &value, module, holder));
            size = size.plus(self.size(&field.schema, &value, module));
            let ctx = Some(field.name.as_str());
            let decode = self.decode_expr(&field.schema, module, holder, ctx);
            decodes.push(quote!(#fid: #decode));

            if let Some(default) = &field.default {
                let fn_name = ident(&format!("default_{}", fident.trim_start_matches("r#")));
                let expr = self.default_expr(&field.schema, default, module, holder);
                let fn_doc = format!(
                    " The schema default of field `{}` (used for `Default` and schema resolution).",
                    field.name
                );
                default_fns.push(quote! {
                    #[doc = #fn_doc]
                    pub fn #fn_name() -> #ty { #expr }
                });
                default_fields.push(quote!(#fid: Self::#fn_name()));
            }
        }

        // An empty record derives `Default`; others build it from the schema defaults.
        if fields.is_empty() {
            derives.push(quote!(Default));
        }
        let default_impl = if all_defaults && !fields.is_empty() {
            quote! {
                impl ::std::default::Default for #name {
                    fn default() -> Self {
                        Self { #(#default_fields),* }
                    }
                }
            }
        } else {
            TokenStream::new()
        };
        let inherent = if default_fns.is_empty() {
            TokenStream::new()
        } else {
            quote! {
                impl #name {
                    #(#default_fns)*
                }
            }
        };
        let size_tokens = size.tokens();
        let sink_param = if fields.is_empty() {
            quote!(_sink)
        } else {
            quote!(sink)
        };
        let reader_param = if decodes.is_empty() {
            quote!(_reader)
        } else {
            quote!(reader)
        };
        let decode_body = if self.plan.is_recursive(id) {
            // A recursive type: bound the nesting so hostile input cannot exhaust the stack.
            quote! {
                reader.enter()?;
                let value = Self {
                    #(#decodes,)*
                };
                reader.leave();
                Ok(value)
            }
        } else {
            quote! {
                Ok(Self {
                    #(#decodes,)*
                })
            }
        };
        let item = quote! {
            #[derive(#(#derives),*)]
            pub struct #name {
                #(#field_defs,)*
            }
        };
        let impls = quote! {
            #inherent
            #default_impl
            impl ::avro_runtime::Encode for #name {
                #[inline]
                fn encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::avro_runtime::Result<()> {
                    ::avro_runtime::encode::Sink::append(out, self)
                }

                #[inline]
                fn encode_to(&self, #sink_param: &mut ::avro_runtime::encode::Sink<'_>) -> ::avro_runtime::Result<()> {
                    #(#encodes)*
                    Ok(())
                }

                #[inline]
                fn size_hint(&self) -> usize {
                    #size_tokens
                }
            }
            impl<'a> ::avro_runtime::Decode<'a> for #name {
                #[inline]
                fn decode(#reader_param: &mut ::avro_runtime::Reader<'a>) -> ::avro_runtime::Result<Self> {
                    #decode_body
                }
            }
        };
        (item, impls)
    }

    fn enum_item(
        &self,
        id: NamedId,
        symbols: &[String],
        default: Option<&str>,
    ) -> (TokenStream, TokenStream) {
        let plan = &self.plan.named[id.0];
        let name = ident(&plan.ident);
        let variants: Vec<Ident> = plan.variants.iter().map(|v| ident(v)).collect();
        let variant_defs = symbols.iter().zip(&variants).map(|(s, v)| {
            let doc = format!(" Symbol `{s}`.");
            quote!(#[doc = #doc] #v)
        });
        let count = symbols.len();
        let count_lit = Literal::usize_unsuffixed(count);
        let item = quote! {
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name {
                #(#variant_defs,)*
            }
        };
        if count == 0 {
            let impls = quote! {
                impl ::avro_runtime::Encode for #name {
                    fn encode(&self, _out: &mut ::std::vec::Vec<u8>) -> ::avro_runtime::Result<()> {
                        match *self {}
                    }

                    fn encode_to(&self, _sink: &mut ::avro_runtime::encode::Sink<'_>) -> ::avro_runtime::Result<()> {
                        match *self {}
                    }
                }
                impl<'a> ::avro_runtime::Decode<'a> for #name {
                    fn decode(reader: &mut ::avro_runtime::Reader<'a>) -> ::avro_runtime::Result<Self> {
                        reader.read_enum_index(0)?;
                        Err(::avro_runtime::Error::custom("an enum without symbols has no values"))
                    }
                }
            };
            return (item, impls);
        }
        let default_index = default
            .and_then(|d| symbols.iter().position(|s| s == d))
            .unwrap_or(0);
        let default_variant = &variants[default_index];
        let last = &variants[count - 1];
        let decode_arms = variants[..count - 1].iter().enumerate().map(|(i, v)| {
            let i = Literal::usize_unsuffixed(i);
            quote!(#i => Self::#v,)
        });
        let decode_body = if count == 1 {
            quote! {
                reader.read_enum_index(1)?;
                Ok(Self::#last)
            }
        } else {
            quote! {
                Ok(match reader.read_enum_index(#count_lit)? {
                    #(#decode_arms)*
                    _ => Self::#last,
                })
            }
        };
        let default_doc = if default.is_some() {
            " The schema's enum default symbol (also what unknown writer symbols resolve to)."
        } else {
            " The first symbol (the schema declares no enum default)."
        };
        let impls = quote! {
            impl #name {
                /// The symbols in schema order; a variant's index here is its encoded value.
                pub const SYMBOLS: &'static [&'static str] = &[#(#symbols),*];

                /// The symbol as written in the schema.
                pub fn as_str(&self) -> &'static str {
                    Self::SYMBOLS[*self as usize]
                }
            }
            impl ::std::default::Default for #name {
                #[doc = #default_doc]
                fn default() -> Self {
                    Self::#default_variant
                }
            }
            impl ::avro_runtime::Encode for #name {
                #[inline]
                fn encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::avro_runtime::Result<()> {
                    ::avro_runtime::encode::enum_index(out, *self as usize);
                    Ok(())
                }

                #[inline]
                fn encode_to(&self, sink: &mut ::avro_runtime::encode::Sink<'_>) -> ::avro_runtime::Result<()> {
                    sink.enum_index(*self as usize);
                    Ok(())
                }

                #[inline]
                fn size_hint(&self) -> usize {
                    ::avro_runtime::encode::MAX_INT_LEN
                }
            }
            impl<'a> ::avro_runtime::Decode<'a> for #name {
                #[inline]
                fn decode(reader: &mut ::avro_runtime::Reader<'a>) -> ::avro_runtime::Result<Self> {
                    #decode_body
                }
            }
        };
        (item, impls)
    }

    fn fixed_item(&self, id: NamedId, size: usize) -> (TokenStream, TokenStream) {
        let plan = &self.plan.named[id.0];
        let name = ident(&plan.ident);
        let n = Literal::usize_unsuffixed(size);
        // The standard library implements `Default` for arrays of up to 32 elements only.
        let (derive_default, default_impl) = if size <= 32 {
            (quote!(Default,), TokenStream::new())
        } else {
            let default_impl = quote! {
                impl ::std::default::Default for #name {
                    fn default() -> Self {
                        Self([0; #n])
                    }
                }
            };
            (TokenStream::new(), default_impl)
        };
        let item = quote! {
            #[derive(Debug, Clone, Copy, #derive_default PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct #name(pub [u8; #n]);
        };
        let impls = quote! {
            #default_impl
            impl ::avro_runtime::Encode for #name {
                #[inline]
                fn encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::avro_runtime::Result<()> {
                    ::avro_runtime::encode::fixed(out, &self.0);
                    Ok(())
                }

                #[inline]
                fn encode_to(&self, sink: &mut ::avro_runtime::encode::Sink<'_>) -> ::avro_runtime::Result<()> {
                    sink.fixed(&self.0);
                    Ok(())
                }

                #[inline]
                fn size_hint(&self) -> usize {
                    #n
                }
            }
            impl<'a> ::avro_runtime::Decode<'a> for #name {
                #[inline]
                fn decode(reader: &mut ::avro_runtime::Reader<'a>) -> ::avro_runtime::Result<Self> {
                    Ok(Self(reader.read_fixed::<#n>()?))
                }
            }
        };
        (item, impls)
    }

    fn union_item(&self, u: usize) -> TokenStream {
        let union = &self.plan.unions[u];
        let name = ident(&union.ident);
        let holder = Node::Union(u);
        let module = &union.module;
        let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
        if union.eq {
            derives.push(quote!(Eq));
        }
        if union.hash {
            derives.push(quote!(Hash));
        }
        let variants = union.variants.iter().map(|(schema, v)| {
            let v = ident(v);
            let doc = format!(" Branch `{}`.", self.branch_label(schema));
            let t = self.rust_type(schema, module, holder);
            quote!(#[doc = #doc] #v(#t))
        });
        let labels: Vec<String> = union
            .variants
            .iter()
            .map(|(s, _)| self.branch_label(s))
            .collect();
        let doc = format!(" Avro union of {}.", labels.join(", "));
        let avro_type_impl = self.avro_type_impl_union(u);
        let root_impls = if self.plan.root_unions.contains(&u) {
            let schema = Schema::Union(union.variants.iter().map(|(s, _)| s.clone()).collect());
            let value = Val::reference(quote!(self));
            let encode = self.encode_stmts(&schema, &value, module, holder);
            let size = self.size(&schema, &value, module).tokens();
            let decode = self.decode_expr(&schema, module, holder, None);
            let apache_impl = if self.opts.apache_avro_values {
                self.apache_impl_union(u, &schema)
            } else {
                TokenStream::new()
            };
            quote! {
                #apache_impl
                impl ::avro_runtime::Encode for #name {
                    #[inline]
                    fn encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::avro_runtime::Result<()> {
                        ::avro_runtime::encode::Sink::append(out, self)
                    }

                    #[inline]
                    fn encode_to(&self, sink: &mut ::avro_runtime::encode::Sink<'_>) -> ::avro_runtime::Result<()> {
                        #encode
                        Ok(())
                    }

                    #[inline]
                    fn size_hint(&self) -> usize {
                        #size
                    }
                }
                impl<'a> ::avro_runtime::Decode<'a> for #name {
                    #[inline]
                    fn decode(reader: &mut ::avro_runtime::Reader<'a>) -> ::avro_runtime::Result<Self> {
                        Ok(#decode)
                    }
                }
            }
        } else {
            TokenStream::new()
        };
        let json_impl = if self.opts.avro_json {
            self.json_impl_union(u)
        } else {
            TokenStream::new()
        };
        quote! {
            #[doc = #doc]
            #[derive(#(#derives),*)]
            pub enum #name {
                #(#variants,)*
            }
            #avro_type_impl
            #root_impls
            #json_impl
        }
    }

    fn branch_label(&self, schema: &Schema) -> String {
        match schema {
            Schema::Primitive { ty, logical, .. } => match logical {
                Some(l) => format!("{} ({})", ty.name(), l.name()),
                None => ty.name().to_string(),
            },
            Schema::Array { .. } => "array".into(),
            Schema::Map { .. } => "map".into(),
            Schema::Union(_) => "union".into(),
            Schema::Named(id) => self.set.get(*id).name.full(),
        }
    }

    // ----- encode -----

    /// Statements writing the encoding of `value` (of `schema`'s Rust type) to `sink`, an
    /// `::avro_runtime::encode::Sink`.
    fn encode_stmts(
        &self,
        schema: &Schema,
        value: &Val,
        from: &[String],
        holder: Node,
    ) -> TokenStream {
        match schema {
            Schema::Primitive { ty, logical, .. } => self.encode_primitive(*ty, *logical, value),
            Schema::Array { items, .. } => {
                let item = self.encode_stmts(items, &Val::reference(quote!(item)), from, holder);
                let e = value.expr();
                let b = value.borrowed();
                quote! {
                    if !#e.is_empty() {
                        sink.block_len(#e.len());
                        for item in #b {
                            #item
                        }
                    }
                    sink.block_end();
                }
            }
            Schema::Map { values, .. } => {
                let v = self.encode_stmts(values, &Val::reference(quote!(value)), from, holder);
                let e = value.expr();
                let b = value.borrowed();
                quote! {
                    if !#e.is_empty() {
                        sink.block_len(#e.len());
                        for (key, value) in #b {
                            sink.string(key);
                            #v
                        }
                    }
                    sink.block_end();
                }
            }
            Schema::Union(branches) => self.encode_union(branches, value, from, holder),
            Schema::Named(id) => {
                let named = self.set.get(*id);
                match &named.kind {
                    NamedKind::Fixed {
                        logical: Some(l),
                        size,
                    } => self.encode_logical_fixed(*l, *size, value),
                    _ => {
                        let b = value.borrowed();
                        quote!(::avro_runtime::Encode::encode_to(#b, sink)?;)
                    }
                }
            }
        }
    }

    fn encode_primitive(
        &self,
        ty: Primitive,
        logical: Option<Logical>,
        value: &Val,
    ) -> TokenStream {
        let e = value.expr();
        if let Some(l) = logical {
            if let Some(adapter) = self.date_time_adapter(l) {
                let b = value.borrowed();
                return quote!(sink.with_vec(|out| #adapter::encode(out, #b))?;);
            }
            if Self::date_time_module(l).is_some() {
                // Runtime newtype: the Avro value is its field.
                let f = if ty == Primitive::Int {
                    quote!(int)
                } else {
                    quote!(long)
                };
                return quote!(sink.#f(#e.0););
            }
            match l {
                Logical::Decimal { scale, .. } => {
                    let b = value.borrowed();
                    let m = self.decimal_module();
                    return quote!(sink.with_vec(|out| #m::encode_bytes(out, #b, #scale))?;);
                }
                Logical::Uuid if self.opts.uuid == UuidMapping::Uuid => {
                    let b = value.borrowed();
                    return quote!(sink.with_vec(|out| ::avro_runtime::logical::uuid::encode_string(out, #b)););
                }
                _ => {}
            }
        }
        match ty {
            Primitive::Null => TokenStream::new(),
            Primitive::Boolean => value.write_copied("boolean"),
            Primitive::Int => value.write_copied("int"),
            Primitive::Long => value.write_copied("long"),
            Primitive::Float => value.write_copied("float"),
            Primitive::Double => value.write_copied("double"),
            Primitive::Bytes => value.write_borrowed("bytes"),
            Primitive::String => value.write_borrowed("string"),
        }
    }

    fn decimal_module(&self) -> TokenStream {
        match self.opts.decimal {
            DecimalMapping::Runtime => quote!(::avro_runtime::logical::decimal),
            DecimalMapping::RustDecimal => quote!(::avro_runtime::logical::rust_decimal),
        }
    }

    fn encode_logical_fixed(&self, logical: Logical, size: usize, value: &Val) -> TokenStream {
        let e = value.expr();
        let b = value.borrowed();
        match logical {
            Logical::Decimal { scale, .. } => {
                let m = self.decimal_module();
                quote!(sink.with_vec(|out| #m::encode_fixed(out, #b, #scale, #size))?;)
            }
            Logical::Uuid if self.opts.uuid == UuidMapping::Uuid => {
                quote!(sink.fixed(#e.as_bytes());)
            }
            Logical::Duration => quote!(sink.fixed(&#e.to_bytes());),
            _ => quote!(sink.fixed(#b);),
        }
    }

    fn encode_union(
        &self,
        branches: &[Schema],
        value: &Val,
        from: &[String],
        holder: Node,
    ) -> TokenStream {
        let b = value.borrowed();
        match self.plan.union_shape(branches) {
            UnionShape::Empty(_) => quote!(match *#b {}),
            UnionShape::OnlyNull => quote!(sink.union_index(0);),
            UnionShape::Single => {
                let inner = self.encode_stmts(&branches[0], value, from, holder);
                quote! {
                    sink.union_index(0);
                    #inner
                }
            }
            UnionShape::Option {
                null_index,
                some_index,
            } => {
                let inner = self.encode_stmts(
                    &branches[some_index],
                    &Val::reference(quote!(v)),
                    from,
                    holder,
                );
                let null_index = Literal::usize_unsuffixed(null_index);
                let some_index = Literal::usize_unsuffixed(some_index);
                quote! {
                    match #b {
                        ::std::option::Option::None => sink.union_index(#null_index),
                        ::std::option::Option::Some(v) => {
                            sink.union_index(#some_index);
                            #inner
                        }
                    }
                }
            }
            UnionShape::Enum { union, null_index } => {
                let path = self.union_path(from, union);
                let wrap = |pat: TokenStream| -> TokenStream {
                    if null_index.is_some() {
                        quote!(::std::option::Option::Some(#pat))
                    } else {
                        pat
                    }
                };
                let mut arms = Vec::new();
                if let Some(n) = null_index {
                    let n = Literal::usize_unsuffixed(n);
                    arms.push(quote!(::std::option::Option::None => sink.union_index(#n),));
                }
                let variants = &self.plan.unions[union].variants;
                let non_null = branches.iter().enumerate().filter(|(_, b)| !is_null(b));
                for ((index, branch), (_, vname)) in non_null.zip(variants) {
                    let v = ident(vname);
                    let inner = self.encode_stmts(
                        branch,
                        &Val::reference(quote!(v)),
                        from,
                        Node::Union(union),
                    );
                    let pat = wrap(quote!(#path::#v(v)));
                    let index = Literal::usize_unsuffixed(index);
                    arms.push(quote! {
                        #pat => {
                            sink.union_index(#index);
                            #inner
                        }
                    });
                }
                quote! {
                    match #b {
                        #(#arms)*
                    }
                }
            }
        }
    }

    // ----- size hints -----

    /// An upper bound of the encoded size of `value`.
    fn size(&self, schema: &Schema, value: &Val, from: &[String]) -> Size {
        let e = value.expr();
        match schema {
            Schema::Primitive { ty, logical, .. } => {
                match logical {
                    Some(Logical::Decimal { .. }) => {
                        return match self.opts.decimal {
                            DecimalMapping::Runtime => Size::constant(10)
                                .plus(Size::dynamic(quote!(#e.unscaled_bytes().len()))),
                            // 96-bit unscaled value: at most 13 bytes.
                            DecimalMapping::RustDecimal => Size::constant(10 + 13),
                        };
                    }
                    Some(Logical::Uuid) if self.opts.uuid == UuidMapping::Uuid => {
                        return Size::constant(1 + 36)
                    }
                    _ => {}
                }
                match ty {
                    Primitive::Null => Size::constant(0),
                    Primitive::Boolean => Size::constant(1),
                    Primitive::Int => Size::constant(5),
                    Primitive::Long => Size::constant(10),
                    Primitive::Float => Size::constant(4),
                    Primitive::Double => Size::constant(8),
                    Primitive::Bytes | Primitive::String => {
                        Size::constant(10).plus(Size::dynamic(quote!(#e.len())))
                    }
                }
            }
            Schema::Array { items, .. } => {
                let item = self.size(items, &Val::reference(quote!(item)), from);
                let per_items = if self.is_record(items) {
                    quote!(#e.iter().map(::avro_runtime::Encode::size_hint).sum::<usize>())
                } else if item.is_constant() {
                    let c = Literal::usize_unsuffixed(item.constant_part());
                    quote!(#e.len() * #c)
                } else {
                    let t = item.tokens();
                    quote!(#e.iter().map(|item| #t).sum::<usize>())
                };
                Size::constant(11).plus(Size::dynamic(per_items))
            }
            Schema::Map { values, .. } => {
                let v = self.size(values, &Val::reference(quote!(value)), from);
                let entries = if v.is_constant() {
                    let t = Size::constant(10 + v.constant_part())
                        .plus(Size::dynamic(quote!(key.len())))
                        .tokens();
                    quote!(#e.keys().map(|key| #t).sum::<usize>())
                } else {
                    let t = Size::constant(10)
                        .plus(Size::dynamic(quote!(key.len())))
                        .plus(v)
                        .tokens();
                    quote!(#e.iter().map(|(key, value)| #t).sum::<usize>())
                };
                Size::constant(11).plus(Size::dynamic(entries))
            }
            Schema::Union(branches) => {
                let b = value.borrowed();
                match self.plan.union_shape(branches) {
                    UnionShape::Empty(_) => Size::constant(0),
                    UnionShape::OnlyNull => Size::constant(1),
                    UnionShape::Single => {
                        Size::constant(1).plus(self.size(&branches[0], value, from))
                    }
                    UnionShape::Option { some_index, .. } => {
                        let inner =
                            self.size(&branches[some_index], &Val::reference(quote!(v)), from);
                        if inner.is_constant() {
                            Size::constant(1 + inner.constant_part())
                        } else if self.is_record(&branches[some_index]) {
                            Size::constant(1).plus(Size::dynamic(
                                quote!(#e.as_ref().map_or(0, ::avro_runtime::Encode::size_hint)),
                            ))
                        } else {
                            let t = inner.tokens();
                            Size::constant(1)
                                .plus(Size::dynamic(quote!(#e.as_ref().map_or(0, |v| #t))))
                        }
                    }
                    UnionShape::Enum { union, null_index } => {
                        let path = self.union_path(from, union);
                        let variants = &self.plan.unions[union].variants;
                        let sizes: Vec<Size> = variants
                            .iter()
                            .map(|(branch, _)| self.size(branch, &Val::reference(quote!(v)), from))
                            .collect();
                        if sizes.iter().all(Size::is_constant) {
                            let max = sizes.iter().map(|s| s.constant_part()).max().unwrap_or(0);
                            return Size::constant(1 + max);
                        }
                        let mut arms = Vec::new();
                        if null_index.is_some() {
                            arms.push(quote!(::std::option::Option::None => 0,));
                        }
                        for ((_, vname), size) in variants.iter().zip(sizes) {
                            let v = ident(vname);
                            let binding = if size.is_constant() {
                                quote!(_)
                            } else {
                                quote!(v)
                            };
                            let inner = size.tokens();
                            let pat = quote!(#path::#v(#binding));
                            let pat = if null_index.is_some() {
                                quote!(::std::option::Option::Some(#pat))
                            } else {
                                pat
                            };
                            arms.push(quote!(#pat => #inner,));
                        }
                        Size::constant(1).plus(Size::dynamic(quote!(match #b { #(#arms)* })))
                    }
                }
            }
            Schema::Named(id) => match &self.set.get(*id).kind {
                // Every fixed (plain, or decimal/uuid/duration on it) encodes to exactly `size` bytes.
                NamedKind::Fixed { size, .. } => Size::constant(*size),
                NamedKind::Enum { .. } => Size::constant(5),
                NamedKind::Record { .. } => {
                    let b = value.borrowed();
                    Size::dynamic(quote!(::avro_runtime::Encode::size_hint(#b)))
                }
            },
        }
    }

    fn is_record(&self, schema: &Schema) -> bool {
        matches!(schema, Schema::Named(id) if matches!(self.set.get(*id).kind, NamedKind::Record { .. }))
    }

    // ----- decode -----

    /// `call?`, with the field name added to errors when known.
    fn try_call(call: TokenStream, field: Option<&str>) -> TokenStream {
        match field {
            Some(f) => quote!(#call.map_err(|e| e.in_field(#f))?),
            None => quote!(#call?),
        }
    }

    /// An expression decoding one value of `schema` from `reader`.
    fn decode_expr(
        &self,
        schema: &Schema,
        from: &[String],
        holder: Node,
        field: Option<&str>,
    ) -> TokenStream {
        match schema {
            Schema::Primitive { ty, logical, .. } => self.decode_primitive(*ty, *logical, field),
            Schema::Array { items, .. } => {
                let min = Literal::usize_unsuffixed(self.min_size(items, &mut Vec::new()));
                let item = self.decode_expr(items, from, holder, field);
                let len = Self::try_call(quote!(reader.read_block_len(#min)), field);
                quote! {{
                    let mut items = ::std::vec::Vec::new();
                    loop {
                        let len = #len;
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
            Schema::Map { values, .. } => {
                let min = Literal::usize_unsuffixed(1 + self.min_size(values, &mut Vec::new()));
                let value = self.decode_expr(values, from, holder, field);
                let len = Self::try_call(quote!(reader.read_block_len(#min)), field);
                let key = Self::try_call(quote!(reader.read_string()), field);
                let map = self.map_type();
                let reserve = match self.opts.map_type {
                    MapType::HashMap => quote!(::avro_runtime::reserve_entries(&mut map, len);),
                    MapType::BTreeMap => TokenStream::new(),
                };
                quote! {{
                    let mut map = #map::new();
                    loop {
                        let len = #len;
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
            Schema::Union(branches) => self.decode_union(branches, from, holder, field),
            Schema::Named(id) => {
                let named = self.set.get(*id);
                match &named.kind {
                    NamedKind::Fixed {
                        logical: Some(l),
                        size,
                    } => self.decode_logical_fixed(*l, *size, field),
                    _ => {
                        let ty = self.rust_type(schema, from, holder);
                        Self::try_call(
                            quote!(<#ty as ::avro_runtime::Decode>::decode(reader)),
                            field,
                        )
                    }
                }
            }
        }
    }

    fn decode_primitive(
        &self,
        ty: Primitive,
        logical: Option<Logical>,
        field: Option<&str>,
    ) -> TokenStream {
        if let Some(l) = logical {
            if let Some(adapter) = self.date_time_adapter(l) {
                return Self::try_call(quote!(#adapter::decode(reader)), field);
            }
            if Self::date_time_module(l).is_some() {
                let t = self.primitive_type(ty, Some(l));
                let read = if ty == Primitive::Int {
                    Self::try_call(quote!(reader.read_int()), field)
                } else {
                    Self::try_call(quote!(reader.read_long()), field)
                };
                return quote!(#t(#read));
            }
            match l {
                Logical::Decimal { scale, .. } => {
                    let m = self.decimal_module();
                    return Self::try_call(quote!(#m::decode_bytes(reader, #scale)), field);
                }
                Logical::Uuid if self.opts.uuid == UuidMapping::Uuid => {
                    return Self::try_call(
                        quote!(::avro_runtime::logical::uuid::decode_string(reader)),
                        field,
                    );
                }
                _ => {}
            }
        }
        let call = match ty {
            Primitive::Null => return quote!(()),
            Primitive::Boolean => quote!(reader.read_boolean()),
            Primitive::Int => quote!(reader.read_int()),
            Primitive::Long => quote!(reader.read_long()),
            Primitive::Float => quote!(reader.read_float()),
            Primitive::Double => quote!(reader.read_double()),
            Primitive::Bytes => quote!(reader.read_byte_vec()),
            Primitive::String => quote!(reader.read_string()),
        };
        Self::try_call(call, field)
    }

    fn decode_logical_fixed(
        &self,
        logical: Logical,
        size: usize,
        field: Option<&str>,
    ) -> TokenStream {
        let call = match logical {
            Logical::Decimal { scale, .. } => {
                let m = self.decimal_module();
                quote!(#m::decode_fixed(reader, #scale, #size))
            }
            Logical::Uuid if self.opts.uuid == UuidMapping::Uuid => {
                quote!(::avro_runtime::logical::uuid::decode_fixed(reader))
            }
            Logical::Duration => quote!(::avro_runtime::logical::duration::decode(reader)),
            _ => {
                let n = Literal::usize_unsuffixed(size);
                quote!(reader.read_fixed::<#n>())
            }
        };
        Self::try_call(call, field)
    }

    fn decode_union(
        &self,
        branches: &[Schema],
        from: &[String],
        holder: Node,
        field: Option<&str>,
    ) -> TokenStream {
        let count = branches.len();
        let count_lit = Literal::usize_unsuffixed(count);
        let index = Self::try_call(quote!(reader.read_union_index(#count_lit)), field);
        match self.plan.union_shape(branches) {
            UnionShape::Empty(_) => {
                quote! {{
                    #index;
                    return Err(::avro_runtime::Error::custom("an empty union has no values"));
                }}
            }
            UnionShape::OnlyNull => quote!({ #index; }),
            UnionShape::Single => {
                let inner = self.decode_expr(&branches[0], from, holder, field);
                quote!({ #index; #inner })
            }
            UnionShape::Option {
                null_index,
                some_index,
            } => {
                let inner = self.decode_expr(&branches[some_index], from, holder, field);
                let null = Literal::usize_unsuffixed(null_index);
                quote! {
                    match #index {
                        #null => ::std::option::Option::None,
                        _ => ::std::option::Option::Some(#inner),
                    }
                }
            }
            UnionShape::Enum { union, null_index } => {
                let path = self.union_path(from, union);
                let mut variants = self.plan.unions[union].variants.iter();
                let last = count - 1;
                // One arm per branch in union order; the last one is the wildcard (the index
                // was range-checked by read_union_index).
                let arms = branches.iter().enumerate().map(|(index, branch)| {
                    let value = if Some(index) == null_index {
                        quote!(::std::option::Option::None)
                    } else {
                        let (_, vname) = variants.next().expect("one variant per non-null branch");
                        let v = ident(vname);
                        let inner = self.decode_expr(branch, from, Node::Union(union), field);
                        if null_index.is_some() {
                            quote!(::std::option::Option::Some(#path::#v(#inner)))
                        } else {
                            quote!(#path::#v(#inner))
                        }
                    };
                    let pat = if index == last {
                        quote!(_)
                    } else {
                        let i = Literal::usize_unsuffixed(index);
                        quote!(#i)
                    };
                    quote!(#pat => #value,)
                });
                let arms: Vec<TokenStream> = arms.collect();
                quote! {
                    match #index {
                        #(#arms)*
                    }
                }
            }
        }
    }

    /// The smallest number of bytes a value of `schema` encodes to (for block length checks).
    fn min_size(&self, schema: &Schema, visiting: &mut Vec<NamedId>) -> usize {
        match schema {
            Schema::Primitive { ty, .. } => match ty {
                Primitive::Null => 0,
                Primitive::Float => 4,
                Primitive::Double => 8,
                _ => 1,
            },
            Schema::Array { .. } | Schema::Map { .. } | Schema::Union(_) => 1,
            Schema::Named(id) => match &self.set.get(*id).kind {
                NamedKind::Fixed { size, .. } => *size,
                NamedKind::Enum { .. } => 1,
                NamedKind::Record { fields, .. } => {
                    if visiting.contains(id) {
                        return 0;
                    }
                    visiting.push(*id);
                    let n = fields
                        .iter()
                        .map(|f| self.min_size(&f.schema, visiting))
                        .sum();
                    visiting.pop();
                    n
                }
            },
        }
    }

    // ----- defaults -----

    /// An expression building the default value `default` of `schema`'s Rust type.
    fn default_expr(
        &self,
        schema: &Schema,
        default: &DefaultValue,
        from: &[String],
        holder: Node,
    ) -> TokenStream {
        match (schema, default) {
            (Schema::Primitive { ty, logical, .. }, _) => {
                self.default_primitive(*ty, *logical, default)
            }
            (Schema::Array { items, .. }, DefaultValue::Array(values)) => {
                if values.is_empty() {
                    return quote!(::std::vec::Vec::new());
                }
                let v = values
                    .iter()
                    .map(|d| self.default_expr(items, d, from, holder));
                quote!(::std::vec![#(#v),*])
            }
            (Schema::Map { values, .. }, DefaultValue::Map(entries)) => {
                let map = self.map_type();
                if entries.is_empty() {
                    return quote!(#map::new());
                }
                let e = entries.iter().map(|(k, d)| {
                    let v = self.default_expr(values, d, from, holder);
                    quote!((::std::string::String::from(#k), #v))
                });
                quote!(#map::from([#(#e),*]))
            }
            (Schema::Union(branches), DefaultValue::Union(index, value)) => {
                let branch = &branches[*index];
                match self.plan.union_shape(branches) {
                    UnionShape::OnlyNull | UnionShape::Empty(_) => quote!(()),
                    UnionShape::Single => self.default_expr(branch, value, from, holder),
                    UnionShape::Option { null_index, .. } => {
                        if *index == null_index {
                            quote!(::std::option::Option::None)
                        } else {
                            let v = self.default_expr(branch, value, from, holder);
                            quote!(::std::option::Option::Some(#v))
                        }
                    }
                    UnionShape::Enum { union, null_index } => {
                        if Some(*index) == null_index {
                            return quote!(::std::option::Option::None);
                        }
                        let path = self.union_path(from, union);
                        let position = branches[..*index].iter().filter(|b| !is_null(b)).count();
                        let v = ident(&self.plan.unions[union].variants[position].1);
                        let d = self.default_expr(branch, value, from, Node::Union(union));
                        let inner = quote!(#path::#v(#d));
                        if null_index.is_some() {
                            quote!(::std::option::Option::Some(#inner))
                        } else {
                            inner
                        }
                    }
                }
            }
            (Schema::Named(id), _) => self.default_named(*id, default, from, holder),
            _ => panic!("internal error: default value {default:?} does not match its schema"),
        }
    }

    fn default_primitive(
        &self,
        ty: Primitive,
        logical: Option<Logical>,
        default: &DefaultValue,
    ) -> TokenStream {
        if let Some(l) = logical {
            if let Some(adapter) = self.date_time_adapter(l) {
                let mut bytes = Vec::new();
                match default {
                    DefaultValue::Int(v) => zigzag(i64::from(*v), &mut bytes),
                    DefaultValue::Long(v) => zigzag(*v, &mut bytes),
                    _ => {}
                }
                let b = bytes_literal(&bytes);
                let msg = format!("the schema default is a valid {}", l.name());
                return quote!(#adapter::decode(&mut ::avro_runtime::Reader::new(&#b)).expect(#msg));
            }
            if Self::date_time_module(l).is_some() {
                let t = self.primitive_type(ty, Some(l));
                let v = match default {
                    DefaultValue::Int(v) => quote!(#v),
                    DefaultValue::Long(v) => quote!(#v),
                    _ => quote!(0),
                };
                return quote!(#t(#v));
            }
            match (l, default) {
                (Logical::Decimal { scale, .. }, DefaultValue::Bytes(b)) => {
                    return self.default_decimal(b, scale, None);
                }
                (Logical::Uuid, DefaultValue::String(s)) if self.opts.uuid == UuidMapping::Uuid => {
                    let msg = format!("the schema default {s:?} is a valid UUID");
                    return quote!(::avro_runtime::uuid::Uuid::parse_str(#s).expect(#msg));
                }
                _ => {}
            }
        }
        match default {
            DefaultValue::Null => quote!(()),
            DefaultValue::Boolean(b) => quote!(#b),
            DefaultValue::Int(v) => quote!(#v),
            DefaultValue::Long(v) => quote!(#v),
            DefaultValue::Float(v) => float_literal(f64::from(*v), "f32"),
            DefaultValue::Double(v) => float_literal(*v, "f64"),
            DefaultValue::Bytes(b) if b.is_empty() => quote!(::std::vec::Vec::new()),
            DefaultValue::Bytes(b) => {
                let b = b.iter().map(|x| Literal::u8_unsuffixed(*x));
                quote!(::std::vec![#(#b),*])
            }
            DefaultValue::String(s) => quote!(::std::string::String::from(#s)),
            other => panic!(
                "internal error: default {other:?} for primitive {}",
                ty.name()
            ),
        }
    }

    fn default_decimal(
        &self,
        unscaled: &[u8],
        scale: u32,
        fixed_size: Option<usize>,
    ) -> TokenStream {
        match self.opts.decimal {
            DecimalMapping::Runtime => {
                let b = unscaled.iter().map(|x| Literal::u8_unsuffixed(*x));
                quote!(::avro_runtime::Decimal::from_unscaled_bytes(::std::vec![#(#b),*], #scale))
            }
            DecimalMapping::RustDecimal => {
                let msg = "the schema default is a decimal that fits rust_decimal";
                match fixed_size {
                    Some(size) => {
                        let b = bytes_literal(unscaled);
                        quote!(::avro_runtime::logical::rust_decimal::decode_fixed(&mut ::avro_runtime::Reader::new(&#b), #scale, #size).expect(#msg))
                    }
                    None => {
                        let mut bytes = Vec::new();
                        zigzag(unscaled.len() as i64, &mut bytes);
                        bytes.extend_from_slice(unscaled);
                        let b = bytes_literal(&bytes);
                        quote!(::avro_runtime::logical::rust_decimal::decode_bytes(&mut ::avro_runtime::Reader::new(&#b), #scale).expect(#msg))
                    }
                }
            }
        }
    }

    fn default_named(
        &self,
        id: NamedId,
        default: &DefaultValue,
        from: &[String],
        holder: Node,
    ) -> TokenStream {
        let named = self.set.get(id);
        let path = self.named_path(from, id);
        match (&named.kind, default) {
            (NamedKind::Record { fields, .. }, DefaultValue::Record(values)) => {
                let plan = &self.plan.named[id.0];
                let inits = fields
                    .iter()
                    .zip(&plan.fields)
                    .zip(values)
                    .map(|((f, fid), d)| {
                        let fid = ident(fid);
                        let v = self.default_expr(&f.schema, d, &plan.module, Node::Named(id));
                        quote!(#fid: #v)
                    });
                let value = quote!(#path { #(#inits),* });
                if self.plan.needs_box(holder, id) {
                    quote!(::std::boxed::Box::new(#value))
                } else {
                    value
                }
            }
            (NamedKind::Enum { .. }, DefaultValue::Enum(i)) => {
                let v = ident(&self.plan.named[id.0].variants[*i]);
                quote!(#path::#v)
            }
            (NamedKind::Fixed { logical, size }, DefaultValue::Fixed(bytes)) => match logical {
                None => {
                    let b = bytes_literal(bytes);
                    quote!(#path(#b))
                }
                Some(Logical::Decimal { scale, .. }) => {
                    self.default_decimal(bytes, *scale, Some(*size))
                }
                Some(Logical::Uuid) if self.opts.uuid == UuidMapping::Uuid => {
                    let b = bytes_literal(bytes);
                    quote!(::avro_runtime::uuid::Uuid::from_bytes(#b))
                }
                Some(Logical::Duration) => {
                    let word = |i: usize| {
                        u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]])
                    };
                    let (months, days, millis) = (word(0), word(4), word(8));
                    quote!(::avro_runtime::Duration { months: #months, days: #days, millis: #millis })
                }
                Some(_) => bytes_literal(bytes),
            },
            _ => panic!(
                "internal error: default {default:?} for named type {}",
                named.name.full()
            ),
        }
    }
}

fn float_literal(v: f64, suffix: &str) -> TokenStream {
    let ty = tokens(suffix);
    if v.is_nan() {
        quote!(#ty::NAN)
    } else if v == f64::INFINITY {
        quote!(#ty::INFINITY)
    } else if v == f64::NEG_INFINITY {
        quote!(#ty::NEG_INFINITY)
    } else if suffix == "f32" {
        let l = Literal::f32_suffixed(v as f32);
        quote!(#l)
    } else {
        let l = Literal::f64_suffixed(v);
        quote!(#l)
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
