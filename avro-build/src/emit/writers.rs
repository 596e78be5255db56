//! Decoders specialised per known writer schema: for each earlier version of a record given to
//! the generator, straight-line code that reads that writer's bytes directly into the current
//! (reader) type, following the [`Resolved`] plan — promotions inline, skipped writer fields
//! skipped, missing fields filled from the reader's defaults, enum and union indices remapped.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::decode::{self, try_call};
use super::encode::{branch_index, logical_trait, some_if};
use super::{fingerprint_literal, ident, Scope};
use crate::ir::{NamedId, NamedKind, Primitive, Schema, SchemaSet};
use crate::plan::{LogicalBase, Ty};
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
    /// The reader's model, and the module of the reader root type (all functions live in its
    /// `impl`).
    scope: Scope<'w>,
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

/// The inherent functions (`decode_from_<label>` and their helpers) and `impl KnownWriters`
/// for reader record `id`, whose own schema has `fingerprint`.
pub fn known_writers(
    scope: Scope<'_>,
    id: NamedId,
    fingerprint: u64,
    writers: &[&KnownWriter],
) -> (TokenStream, TokenStream) {
    let name = ident(&scope.plan.named[id.0].ident);
    let mut seen = vec![fingerprint];
    let mut entries = vec![quote!((
        <Self as ::avro_runtime::AvroSchema>::RABIN_FINGERPRINT,
        <Self as ::avro_runtime::AvroSchema>::SCHEMA_JSON
    ))];
    let own = fingerprint_literal(fingerprint);
    let mut arms = vec![quote! {
        #own => ::std::option::Option::Some(<Self as ::avro_runtime::Decode>::decode(reader)),
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
        fns.push(writer_functions(scope, id, writer));
    }
    let known = quote! {
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
    };
    (quote!(#(#fns)*), known)
}

/// The public `decode_from_<label>` function and its private helpers.
fn writer_functions(scope: Scope<'_>, id: NamedId, writer: &KnownWriter) -> TokenStream {
    let ctx = WriterCtx {
        writer,
        scope,
        skips: Default::default(),
        writer_recursive: crate::plan::recursive_records(&writer.set),
    };
    let public = ident(&format!("decode_from_{}", writer.label));
    let doc = format!(
        " Decodes a datum written with the earlier schema `{}` (fingerprint {:016x}) as this type.",
        writer.label, writer.fingerprint
    );
    let body = match &writer.resolved.root {
        // The usual case: the root record's function is the whole decoder.
        Resolution::Record(index) => {
            let f = ctx.record_fn(*index);
            quote!(Self::#f(reader))
        }
        root => {
            let value = resolve_expr(&ctx, root, &Ty::Named(id), None);
            quote!(Ok(#value))
        }
    };
    let import = decode::in_field_import(&body);
    let mut items = vec![quote! {
        #[doc = #doc]
        pub fn #public(reader: &mut ::avro_runtime::Reader<'_>) -> ::avro_runtime::Result<Self> {
            #import
            #body
        }
    }];
    for (index, record) in writer.resolved.records.iter().enumerate() {
        items.push(record_resolution_fn(&ctx, index, record));
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
            items.push(skip_fn(&ctx, NamedId(w)));
        }
    }
    quote!(#(#items)*)
}

fn record_resolution_fn(
    ctx: &WriterCtx<'_>,
    index: usize,
    record: &avro_schema::resolve::RecordResolution,
) -> TokenStream {
    let scope = ctx.scope;
    let reader_id = record.reader;
    let reader_plan = &scope.plan.named[reader_id.0];
    let reader_fields = reader_plan.fields();
    let path = scope.named_path(reader_id);
    let NamedKind::Record {
        fields: writer_fields,
        ..
    } = &ctx.writer.set.get(record.writer).kind
    else {
        unreachable!("record resolutions pair records")
    };
    let mut stmts = Vec::new();
    for (step, writer_field) in record.steps.iter().zip(writer_fields) {
        let field = Some(writer_field.name.as_str());
        match step {
            FieldStep::Read {
                reader_field,
                resolution,
            } => {
                let local = ident(&format!("field_{reader_field}"));
                let value = resolve_expr(ctx, resolution, &reader_fields[*reader_field].ty, field);
                stmts.push(quote!(let #local = #value;));
            }
            FieldStep::Skip(schema) => stmts.push(skip_stmts(ctx, schema, field)),
        }
    }
    let inits = reader_fields.iter().enumerate().map(|(i, f)| {
        let fid = ident(&f.ident);
        if record.defaulted.contains(&i) {
            let default_fn = ident(f.default_fn.as_deref().unwrap_or("default"));
            quote!(#fid: #path::#default_fn())
        } else {
            let local = ident(&format!("field_{i}"));
            quote!(#fid: #local)
        }
    });
    let name = ctx.record_fn(index);
    let import = decode::in_field_import(&quote!(#(#stmts)*));
    if reader_plan.recursive || ctx.writer_recursive.contains(&record.writer) {
        // Recursive data: bound the nesting so hostile input cannot exhaust the stack.
        return quote! {
            fn #name(reader: &mut ::avro_runtime::Reader<'_>) -> ::avro_runtime::Result<#path> {
                #import
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
            #import
            #(#stmts)*
            Ok(#path { #(#inits),* })
        }
    }
}

/// An expression reading a writer value per `resolution` as a value of `reader`.
fn resolve_expr(
    ctx: &WriterCtx<'_>,
    resolution: &Resolution,
    reader: &Ty,
    field: Option<&str>,
) -> TokenStream {
    let scope = ctx.scope;
    match resolution {
        // The bytes are those of the reader's type: decode as usual. Also string<->bytes,
        // which share their encoding (reading bytes as a string validates UTF-8).
        Resolution::Same(_)
        | Resolution::Fixed { .. }
        | Resolution::Promote {
            writer: Primitive::String | Primitive::Bytes,
            ..
        } => decode::value(scope, reader, field),
        Resolution::Promote { writer, reader: to } => {
            let read = match writer {
                Primitive::Int => try_call(quote!(reader.read_int()), field),
                Primitive::Long => try_call(quote!(reader.read_long()), field),
                _ => try_call(quote!(reader.read_float()), field),
            };
            let value = match (writer, to) {
                (Primitive::Int, Primitive::Long)
                | (Primitive::Int, Primitive::Double)
                | (Primitive::Float, Primitive::Double) => {
                    let target = if *to == Primitive::Long {
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
            wrap_promoted(reader, value, field)
        }
        Resolution::Array(item) => {
            let Ty::Array(items) = reader else {
                unreachable!("array plan")
            };
            let value = resolve_expr(ctx, item, items, field);
            let len = try_call(quote!(reader.read_block_len(0)), field);
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
            let Ty::Map { values, .. } = reader else {
                unreachable!("map plan")
            };
            let value = resolve_expr(ctx, value_plan, values, field);
            let len = try_call(quote!(reader.read_block_len(1)), field);
            let key = try_call(quote!(reader.read_string()), field);
            quote! {{
                let mut map = ::std::default::Default::default();
                loop {
                    let len = #len;
                    if len == 0 {
                        break;
                    }
                    for _ in 0..len {
                        let key = #key;
                        ::avro_runtime::__private::DecodeMap::insert_entry(&mut map, key, #value);
                    }
                }
                map
            }}
        }
        Resolution::Enum(index) => {
            let plan = &ctx.writer.resolved.enums[*index];
            let path = scope.named_path(plan.reader);
            let crate::plan::NamedShape::Enum { variants, .. } =
                &scope.plan.named[plan.reader.0].shape
            else {
                unreachable!("enum resolutions read enums")
            };
            let count = Literal::usize_unsuffixed(plan.symbols.len());
            let read = try_call(quote!(reader.read_enum_index(#count)), field);
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
            let call = try_call(quote!(Self::#f(reader)), field);
            match reader {
                Ty::Boxed(_) => quote!(::std::boxed::Box::new(#call)),
                _ => call,
            }
        }
        Resolution::WriterUnion(branches) => {
            let count = Literal::usize_unsuffixed(branches.len());
            let read = try_call(quote!(reader.read_union_index(#count)), field);
            let last = branches.len().saturating_sub(1);
            let arms = branches.iter().enumerate().map(|(i, branch)| {
                let i = index_pattern(i, last);
                let value = match branch {
                    UnionBranch::Read {
                        reader_branch: Some(b),
                        resolution,
                    } => reader_union_value(ctx, reader, *b, resolution, field),
                    UnionBranch::Read {
                        reader_branch: None,
                        resolution,
                    } => resolve_expr(ctx, resolution, reader, field),
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
            reader_union_value(ctx, reader, *branch, resolution, field)
        }
    }
}

/// A promoted number as the reader's Rust type: through the reader's encoding when it holds a
/// logical type, so the type's own decoding (and its range checks) applies.
fn wrap_promoted(reader: &Ty, value: TokenStream, field: Option<&str>) -> TokenStream {
    let Ty::Logical { kind, rust } = reader else {
        return value;
    };
    let write = match kind.base() {
        LogicalBase::Int => quote!(int),
        _ => quote!(long),
    };
    let t = logical_trait(*kind, rust);
    let decode = try_call(
        quote!(#t::decode(&mut ::avro_runtime::Reader::new(&buf))),
        field,
    );
    quote!({
        let mut buf = ::std::vec::Vec::new();
        ::avro_runtime::encode::#write(&mut buf, #value);
        #decode
    })
}

/// The value of `reader` (a union) holding its branch `branch`, read per `resolution`.
fn reader_union_value(
    ctx: &WriterCtx<'_>,
    reader: &Ty,
    branch: usize,
    resolution: &Resolution,
    field: Option<&str>,
) -> TokenStream {
    let scope = ctx.scope;
    match reader {
        Ty::OneBranch(inner) => match **inner {
            Ty::Null => quote!(()),
            _ => resolve_expr(ctx, resolution, inner, field),
        },
        Ty::Option { null_index, some } => {
            if branch == *null_index {
                quote!(::std::option::Option::None)
            } else {
                let v = resolve_expr(ctx, resolution, some, field);
                quote!(::std::option::Option::Some(#v))
            }
        }
        Ty::Union { union, null_index } => {
            if Some(branch) == *null_index {
                return quote!(::std::option::Option::None);
            }
            let variants = &scope.plan.unions[*union].variants;
            let k = (0..variants.len())
                .find(|k| branch_index(*k, *null_index) == branch)
                .expect("a reader branch is a variant");
            let path = scope.union_path(*union);
            let v = ident(&variants[k].ident);
            let inner = resolve_expr(ctx, resolution, &variants[k].ty, field);
            some_if(null_index.is_some(), quote!(#path::#v(#inner)))
        }
        _ => unreachable!("reader branches are of unions"),
    }
}

/// Statements skipping one writer value of `schema`.
fn skip_stmts(ctx: &WriterCtx<'_>, schema: &Schema, field: Option<&str>) -> TokenStream {
    let call = |c: TokenStream| {
        let t = try_call(c, field);
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
            let inner = skip_stmts(ctx, items, None);
            call(quote!(reader.skip_array(|reader| { #inner Ok(()) })))
        }
        Schema::Map { values, .. } => {
            let inner = skip_stmts(ctx, values, None);
            call(quote!(reader.skip_map(|reader| { #inner Ok(()) })))
        }
        Schema::Union(branches) => {
            let count = Literal::usize_unsuffixed(branches.len());
            let read = try_call(quote!(reader.read_union_index(#count)), field);
            let last = branches.len().saturating_sub(1);
            let arms = branches.iter().enumerate().map(|(i, b)| {
                let i = index_pattern(i, last);
                let inner = skip_stmts(ctx, b, field);
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

fn skip_fn(ctx: &WriterCtx<'_>, id: NamedId) -> TokenStream {
    let NamedKind::Record { fields, .. } = &ctx.writer.set.get(id).kind else {
        unreachable!("skip functions are for records")
    };
    let stmts: Vec<TokenStream> = fields
        .iter()
        .map(|f| skip_stmts(ctx, &f.schema, Some(f.name.as_str())))
        .collect();
    let name = ctx.skip_fn(id);
    let import = decode::in_field_import(&quote!(#(#stmts)*));
    if ctx.writer_recursive.contains(&id) {
        return quote! {
            fn #name(reader: &mut ::avro_runtime::Reader<'_>) -> ::avro_runtime::Result<()> {
                #import
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
            #import
            #(#stmts)*
            Ok(())
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
