//! Decoders specialised per known writer schema: for each earlier version of a record given to
//! the generator, straight-line code that reads that writer's bytes directly into the current
//! (reader) type, following the [`Resolved`] plan — promotions inline, skipped writer fields
//! skipped, missing fields filled from the reader's defaults, enum and union indices remapped.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::{ident, Emitter};
use crate::ir::{NamedId, NamedKind, Primitive, Schema, SchemaSet};
use crate::plan::{is_null, Node, UnionShape};
use avro_schema::resolve::{FieldStep, Resolution, Resolved, UnionBranch};

/// An earlier schema version the reader type must read.
#[derive(Debug, Clone)]
pub struct KnownWriter {
    /// A short name for the version, used in function names (`v1` gives `decode_from_v1`).
    pub label: String,
    /// The writer's schema set.
    pub set: SchemaSet,
    /// The writer's root schema (in `set`).
    pub root: Schema,
    /// The reader type it is read as.
    pub reader: NamedId,
    /// How to read it.
    pub resolved: Resolved,
    /// The writer's full schema JSON.
    pub json: String,
    /// CRC-64-AVRO fingerprint of the writer's canonical form.
    pub fingerprint: u64,
}

/// Emission state for one writer: where the functions go and which skip functions are needed.
struct WriterCtx<'w> {
    writer: &'w KnownWriter,
    /// Module of the reader root type (all functions live in its `impl`).
    module: Vec<String>,
    /// Writer records that need a skip function.
    skips: std::cell::RefCell<BTreeSet<usize>>,
    /// Writer records that can contain themselves (their functions count nesting).
    writer_recursive: std::collections::HashSet<NamedId>,
}

impl WriterCtx<'_> {
    fn record_fn(&self, index: usize) -> Ident {
        ident(&format!("decode_{}_record_{index}", self.writer.label))
    }

    fn skip_fn(&self, writer_record: NamedId) -> Ident {
        ident(&format!(
            "skip_{}_record_{}",
            self.writer.label, writer_record.0
        ))
    }
}

impl Emitter<'_> {
    /// The `impl` items (inherent and `KnownWriters`) for reader record `id`.
    pub(super) fn known_writers_impl(&self, id: NamedId, writers: &[&KnownWriter]) -> TokenStream {
        let plan = &self.plan.named[id.0];
        let name = ident(&plan.ident);
        let own_json = avro_schema::canonical::full_json(self.set, &Schema::Named(id));
        let own_fp = avro_schema::fingerprint::rabin(
            avro_schema::canonical::canonical_form(self.set, &Schema::Named(id)).as_bytes(),
        );
        let mut seen = vec![own_fp];
        let mut entries = vec![{
            let fp = fingerprint_literal(own_fp);
            quote!((#fp, #own_json))
        }];
        let mut arms = vec![{
            let fp = fingerprint_literal(own_fp);
            quote!(#fp => ::std::option::Option::Some(<Self as ::avro_runtime::Decode>::decode(reader)),)
        }];
        let mut fns = Vec::new();
        for writer in writers {
            if seen.contains(&writer.fingerprint) {
                continue;
            }
            seen.push(writer.fingerprint);
            let fp = fingerprint_literal(writer.fingerprint);
            let json = &writer.json;
            entries.push(quote!((#fp, #json)));
            let public = ident(&format!("decode_from_{}", writer.label));
            arms.push(quote!(#fp => ::std::option::Option::Some(Self::#public(reader)),));
            fns.push(self.writer_functions(id, writer));
        }
        quote! {
            impl #name {
                #(#fns)*
            }
            impl ::avro_runtime::KnownWriters for #name {
                const WRITERS: &'static [(u64, &'static str)] = &[#(#entries),*];

                fn decode_written_with(
                    fingerprint: u64,
                    reader: &mut ::avro_runtime::Reader<'_>,
                ) -> ::std::option::Option<::avro_runtime::Result<Self>> {
                    match fingerprint {
                        #(#arms)*
                        _ => ::std::option::Option::None,
                    }
                }
            }
        }
    }

    /// The public `decode_from_<label>` function and its private helpers.
    fn writer_functions(&self, id: NamedId, writer: &KnownWriter) -> TokenStream {
        let ctx = WriterCtx {
            writer,
            module: self.plan.named[id.0].module.clone(),
            skips: Default::default(),
            writer_recursive: crate::plan::recursive_records(&writer.set),
        };
        let public = ident(&format!("decode_from_{}", writer.label));
        let doc = format!(
            " Decodes a datum written with the earlier schema `{}` (fingerprint {:016x}) as this type.",
            writer.label, writer.fingerprint
        );
        let reader_root = Schema::Named(id);
        let body = match &writer.resolved.root {
            // The usual case: the root record's function is the whole decoder.
            Resolution::Record(index) => {
                let f = ctx.record_fn(*index);
                quote!(Self::#f(reader))
            }
            root => {
                let value = self.resolve_expr(&ctx, root, &reader_root, Node::Named(id), None);
                quote!(Ok(#value))
            }
        };
        let mut items = vec![quote! {
            #[doc = #doc]
            pub fn #public(reader: &mut ::avro_runtime::Reader<'_>) -> ::avro_runtime::Result<Self> {
                #body
            }
        }];
        for (index, record) in writer.resolved.records.iter().enumerate() {
            items.push(self.record_resolution_fn(&ctx, index, record));
        }
        // Skip functions, including those the skip functions themselves need.
        let mut done = BTreeSet::new();
        loop {
            let pending: Vec<usize> = ctx.skips.borrow().difference(&done).copied().collect();
            if pending.is_empty() {
                break;
            }
            for w in pending {
                done.insert(w);
                items.push(self.skip_fn(&ctx, NamedId(w)));
            }
        }
        quote!(#(#items)*)
    }

    fn record_resolution_fn(
        &self,
        ctx: &WriterCtx<'_>,
        index: usize,
        record: &avro_schema::resolve::RecordResolution,
    ) -> TokenStream {
        let reader_id = record.reader;
        let reader_plan = &self.plan.named[reader_id.0];
        let path = self.named_path(&ctx.module, reader_id);
        let NamedKind::Record {
            fields: reader_fields,
            ..
        } = &self.set.get(reader_id).kind
        else {
            unreachable!("record resolutions pair records")
        };
        let NamedKind::Record {
            fields: writer_fields,
            ..
        } = &ctx.writer.set.get(record.writer).kind
        else {
            unreachable!("record resolutions pair records")
        };
        let holder = Node::Named(reader_id);
        let mut stmts = Vec::new();
        for (step, writer_field) in record.steps.iter().zip(writer_fields) {
            let field = Some(writer_field.name.as_str());
            match step {
                FieldStep::Read {
                    reader_field,
                    resolution,
                } => {
                    let local = ident(&format!("field_{reader_field}"));
                    let value = self.resolve_expr(
                        ctx,
                        resolution,
                        &reader_fields[*reader_field].schema,
                        holder,
                        field,
                    );
                    stmts.push(quote!(let #local = #value;));
                }
                FieldStep::Skip(schema) => stmts.push(self.skip_stmts(ctx, schema, field)),
            }
        }
        let inits = (0..reader_fields.len()).map(|i| {
            let fid = ident(&reader_plan.fields[i]);
            if record.defaulted.contains(&i) {
                let default_fn = ident(&format!(
                    "default_{}",
                    reader_plan.fields[i].trim_start_matches("r#")
                ));
                quote!(#fid: #path::#default_fn())
            } else {
                let local = ident(&format!("field_{i}"));
                quote!(#fid: #local)
            }
        });
        let name = ctx.record_fn(index);
        if self.plan.is_recursive(reader_id) || ctx.writer_recursive.contains(&record.writer) {
            // Recursive data: bound the nesting so hostile input cannot exhaust the stack.
            return quote! {
                fn #name(reader: &mut ::avro_runtime::Reader<'_>) -> ::avro_runtime::Result<#path> {
                    reader.enter()?;
                    #(#stmts)*
                    reader.leave();
                    Ok(#path { #(#inits),* })
                }
            };
        }
        let reader_param = if record.steps.is_empty() {
            quote!(_reader)
        } else {
            quote!(reader)
        };
        quote! {
            fn #name(#reader_param: &mut ::avro_runtime::Reader<'_>) -> ::avro_runtime::Result<#path> {
                #(#stmts)*
                Ok(#path { #(#inits),* })
            }
        }
    }

    /// An expression reading a writer value per `resolution` as `reader_schema`'s Rust type.
    fn resolve_expr(
        &self,
        ctx: &WriterCtx<'_>,
        resolution: &Resolution,
        reader_schema: &Schema,
        holder: Node,
        field: Option<&str>,
    ) -> TokenStream {
        let from = &ctx.module;
        match resolution {
            // The bytes are those of the reader's type: decode as usual. Also string<->bytes,
            // which share their encoding (reading bytes as a string validates UTF-8).
            Resolution::Same(_)
            | Resolution::Fixed { .. }
            | Resolution::Promote {
                writer: Primitive::String | Primitive::Bytes,
                ..
            } => self.decode_expr(reader_schema, from, holder, field),
            Resolution::Promote { writer, reader } => {
                let read = match writer {
                    Primitive::Int => Self::try_call(quote!(reader.read_int()), field),
                    Primitive::Long => Self::try_call(quote!(reader.read_long()), field),
                    _ => Self::try_call(quote!(reader.read_float()), field),
                };
                let value = match (writer, reader) {
                    (Primitive::Int, Primitive::Long)
                    | (Primitive::Int, Primitive::Double)
                    | (Primitive::Float, Primitive::Double) => {
                        let target = if *reader == Primitive::Long {
                            quote!(i64)
                        } else {
                            quote!(f64)
                        };
                        quote!(#target::from(#read))
                    }
                    // Avro allows these lossy promotions; `as` rounds to nearest like Java.
                    (_, Primitive::Float) => quote!(#read as f32),
                    _ => quote!(#read as f64),
                };
                self.wrap_promoted(reader_schema, value, field)
            }
            Resolution::Array(item) => {
                let Schema::Array { items, .. } = reader_schema else {
                    unreachable!("array plan")
                };
                let value = self.resolve_expr(ctx, item, items, holder, field);
                let len = Self::try_call(quote!(reader.read_block_len(0)), field);
                quote! {{
                    let mut items = ::std::vec::Vec::new();
                    loop {
                        let len = #len;
                        if len == 0 {
                            break;
                        }
                        // The writer's items may be empty; never reserve beyond the input.
                        items.reserve(len.min(reader.remaining()));
                        for _ in 0..len {
                            items.push(#value);
                        }
                    }
                    items
                }}
            }
            Resolution::Map(value_plan) => {
                let Schema::Map { values, .. } = reader_schema else {
                    unreachable!("map plan")
                };
                let value = self.resolve_expr(ctx, value_plan, values, holder, field);
                let len = Self::try_call(quote!(reader.read_block_len(1)), field);
                let key = Self::try_call(quote!(reader.read_string()), field);
                let map = self.map_type();
                quote! {{
                    let mut map = #map::new();
                    loop {
                        let len = #len;
                        if len == 0 {
                            break;
                        }
                        for _ in 0..len {
                            let key = #key;
                            map.insert(key, #value);
                        }
                    }
                    map
                }}
            }
            Resolution::Enum(index) => {
                let plan = &ctx.writer.resolved.enums[*index];
                let path = self.named_path(from, plan.reader);
                let variants = &self.plan.named[plan.reader.0].variants;
                let count = Literal::usize_unsuffixed(plan.symbols.len());
                let read = Self::try_call(quote!(reader.read_enum_index(#count)), field);
                let last = plan.symbols.len().saturating_sub(1);
                let arms = plan.symbols.iter().enumerate().map(|(i, target)| {
                    let i = index_pattern(i, last);
                    match target {
                        Ok(r) => {
                            let v = ident(&variants[*r]);
                            quote!(#i => #path::#v,)
                        }
                        Err(unreadable) => {
                            let msg = &unreadable.message;
                            quote!(#i => return Err(::avro_runtime::Error::custom(#msg).at_offset(reader.position())),)
                        }
                    }
                });
                quote! {
                    match #read {
                        #(#arms)*
                    }
                }
            }
            Resolution::Record(index) => {
                let f = ctx.record_fn(*index);
                let call = Self::try_call(quote!(Self::#f(reader)), field);
                self.boxed_if_needed(reader_schema, holder, call)
            }
            Resolution::WriterUnion(branches) => {
                let count = Literal::usize_unsuffixed(branches.len());
                let read = Self::try_call(quote!(reader.read_union_index(#count)), field);
                let last = branches.len().saturating_sub(1);
                let arms = branches.iter().enumerate().map(|(i, branch)| {
                    let i = index_pattern(i, last);
                    let value = match branch {
                        UnionBranch::Read { reader_branch: Some(b), resolution } => {
                            self.reader_union_value(ctx, reader_schema, *b, resolution, holder, field)
                        }
                        UnionBranch::Read { reader_branch: None, resolution } => {
                            self.resolve_expr(ctx, resolution, reader_schema, holder, field)
                        }
                        UnionBranch::Unreadable(unreadable) => {
                            let msg = &unreadable.message;
                            quote!(return Err(::avro_runtime::Error::custom(#msg).at_offset(reader.position())))
                        }
                    };
                    quote!(#i => #value,)
                });
                quote! {
                    match #read {
                        #(#arms)*
                    }
                }
            }
            Resolution::ReaderBranch { branch, resolution } => {
                self.reader_union_value(ctx, reader_schema, *branch, resolution, holder, field)
            }
        }
    }

    /// A promoted numeric value as the reader's Rust type (its logical representation, if any).
    fn wrap_promoted(
        &self,
        reader_schema: &Schema,
        value: TokenStream,
        field: Option<&str>,
    ) -> TokenStream {
        let Schema::Primitive {
            ty,
            logical: Some(l),
            ..
        } = reader_schema
        else {
            return value;
        };
        if let Some(adapter) = self.date_time_adapter(*l) {
            // Rare (an int widened into a long with a logical type mapped to chrono/time): go
            // through the reader's encoding so the adapter's range checks apply.
            let enc = if *ty == Primitive::Int {
                quote!(int)
            } else {
                quote!(long)
            };
            let decode = Self::try_call(
                quote!(#adapter::decode(&mut ::avro_runtime::Reader::new(&buf))),
                field,
            );
            return quote!({
                let mut buf = ::std::vec::Vec::new();
                ::avro_runtime::encode::#enc(&mut buf, #value);
                #decode
            });
        }
        if Self::date_time_module(*l).is_some() {
            let t = self.primitive_type(*ty, Some(*l));
            return quote!(#t(#value));
        }
        value
    }

    /// The reader union value for branch `branch` of `reader_schema` (a union).
    fn reader_union_value(
        &self,
        ctx: &WriterCtx<'_>,
        reader_schema: &Schema,
        branch: usize,
        resolution: &Resolution,
        holder: Node,
        field: Option<&str>,
    ) -> TokenStream {
        let Schema::Union(branches) = reader_schema else {
            unreachable!("reader branch of a union")
        };
        let from = &ctx.module;
        let branch_schema = &branches[branch];
        match self.plan.union_shape(branches) {
            UnionShape::OnlyNull | UnionShape::Empty(_) => quote!(()),
            UnionShape::Single => self.resolve_expr(ctx, resolution, branch_schema, holder, field),
            UnionShape::Option { null_index, .. } => {
                if branch == null_index {
                    quote!(::std::option::Option::None)
                } else {
                    let v = self.resolve_expr(ctx, resolution, branch_schema, holder, field);
                    quote!(::std::option::Option::Some(#v))
                }
            }
            UnionShape::Enum { union, null_index } => {
                if Some(branch) == null_index {
                    return quote!(::std::option::Option::None);
                }
                let path = self.union_path(from, union);
                let position = branches[..branch].iter().filter(|b| !is_null(b)).count();
                let v = ident(&self.plan.unions[union].variants[position].1);
                let inner =
                    self.resolve_expr(ctx, resolution, branch_schema, Node::Union(union), field);
                if null_index.is_some() {
                    quote!(::std::option::Option::Some(#path::#v(#inner)))
                } else {
                    quote!(#path::#v(#inner))
                }
            }
        }
    }

    /// `Box::new(value)` when the reader's Rust type boxes this record here.
    fn boxed_if_needed(
        &self,
        reader_schema: &Schema,
        holder: Node,
        value: TokenStream,
    ) -> TokenStream {
        match reader_schema {
            Schema::Named(id) if self.plan.needs_box(holder, *id) => {
                quote!(::std::boxed::Box::new(#value))
            }
            _ => value,
        }
    }

    /// Statements skipping one writer value of `schema`.
    fn skip_stmts(&self, ctx: &WriterCtx<'_>, schema: &Schema, field: Option<&str>) -> TokenStream {
        let call = |c: TokenStream| {
            let t = Self::try_call(c, field);
            quote!(#t;)
        };
        match schema {
            Schema::Primitive { ty, .. } => match ty {
                Primitive::Null => TokenStream::new(),
                Primitive::Boolean => call(quote!(reader.skip_boolean())),
                Primitive::Int => call(quote!(reader.skip_int())),
                Primitive::Long => call(quote!(reader.skip_long())),
                Primitive::Float => call(quote!(reader.skip_float())),
                Primitive::Double => call(quote!(reader.skip_double())),
                Primitive::Bytes | Primitive::String => call(quote!(reader.skip_bytes())),
            },
            Schema::Array { items, .. } => {
                let inner = self.skip_stmts(ctx, items, None);
                call(quote!(reader.skip_array(|reader| { #inner Ok(()) })))
            }
            Schema::Map { values, .. } => {
                let inner = self.skip_stmts(ctx, values, None);
                call(quote!(reader.skip_map(|reader| { #inner Ok(()) })))
            }
            Schema::Union(branches) => {
                let count = Literal::usize_unsuffixed(branches.len());
                let read = Self::try_call(quote!(reader.read_union_index(#count)), field);
                let last = branches.len().saturating_sub(1);
                let arms = branches.iter().enumerate().map(|(i, b)| {
                    let i = index_pattern(i, last);
                    let inner = self.skip_stmts(ctx, b, field);
                    quote!(#i => { #inner })
                });
                quote! {
                    match #read {
                        #(#arms)*
                    }
                }
            }
            Schema::Named(id) => match &ctx.writer.set.get(*id).kind {
                NamedKind::Fixed { size, .. } => {
                    let n = Literal::usize_unsuffixed(*size);
                    call(quote!(reader.skip_fixed(#n)))
                }
                NamedKind::Enum { .. } => call(quote!(reader.skip_int())),
                NamedKind::Record { .. } => {
                    ctx.skips.borrow_mut().insert(id.0);
                    let f = ctx.skip_fn(*id);
                    call(quote!(Self::#f(reader)))
                }
            },
        }
    }

    fn skip_fn(&self, ctx: &WriterCtx<'_>, id: NamedId) -> TokenStream {
        let NamedKind::Record { fields, .. } = &ctx.writer.set.get(id).kind else {
            unreachable!("skip functions are for records")
        };
        let stmts: Vec<TokenStream> = fields
            .iter()
            .map(|f| self.skip_stmts(ctx, &f.schema, Some(f.name.as_str())))
            .collect();
        let name = ctx.skip_fn(id);
        if ctx.writer_recursive.contains(&id) {
            return quote! {
                fn #name(reader: &mut ::avro_runtime::Reader<'_>) -> ::avro_runtime::Result<()> {
                    reader.enter()?;
                    #(#stmts)*
                    reader.leave();
                    Ok(())
                }
            };
        }
        let param = if stmts.iter().all(TokenStream::is_empty) {
            quote!(_reader)
        } else {
            quote!(reader)
        };
        quote! {
            fn #name(#param: &mut ::avro_runtime::Reader<'_>) -> ::avro_runtime::Result<()> {
                #(#stmts)*
                Ok(())
            }
        }
    }
}

/// The pattern of arm `index`: the last arm is the wildcard, because the index was range-checked
/// when read (so no arm can panic and the match is exhaustive).
fn index_pattern(index: usize, last: usize) -> TokenStream {
    if index == last {
        quote!(_)
    } else {
        let i = Literal::usize_unsuffixed(index);
        quote!(#i)
    }
}

fn fingerprint_literal(fp: u64) -> TokenStream {
    super::tokens(&format!("0x{fp:016x}"))
}
