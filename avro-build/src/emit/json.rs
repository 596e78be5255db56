//! Emission of `ToAvroJson` / `FromAvroJson` impls (Config::avro_json): every generated named
//! type and union enum writes itself in the Avro JSON encoding and reads itself back, over the
//! helpers of `avro_runtime::json` (runtime feature `json`).
//!
//! Writing builds a `serde_json::Value` field by field; reading checks the JSON against the schema
//! as it goes. Both are straight-line code like the binary codecs: containers are loops, unions
//! are matches on the branch, logical types go through the runtime's conversions. Every error
//! carries the JSON path of the failing value: each fallible call adds the path segments of the
//! fields, array indices, map keys and union branches around it (innermost first), so no
//! closures are needed to track where we are.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use super::encode::{branch_index, some_if};
use super::{decode, ident, types, Scope};
use crate::ir::{NamedId, NamedKind, Schema, SchemaSet};
use crate::plan::{LogicalBase, NamedShape, Ty};
use crate::tokens::Val;

/// Where a value sits inside the JSON document of the type being written or read: the segments
/// from the type's root to the value, outermost first.
#[derive(Clone, Default)]
struct JsonPath {
    segments: Vec<Segment>,
}

#[derive(Clone)]
enum Segment {
    /// A record field (its Avro name).
    Field(String),
    /// An array item: the variable holding its index.
    Index(Ident),
    /// A map entry: the variable holding its key.
    Key(Ident),
    /// A union branch (its name in the JSON).
    Branch(String),
}

impl JsonPath {
    fn with(&self, segment: Segment) -> JsonPath {
        let mut path = self.clone();
        path.segments.push(segment);
        path
    }

    /// Loops nest one level deeper per array or map: their variables get the depth as a suffix,
    /// so the path of an inner value can name the index or key of every enclosing loop.
    fn loop_var(&self, base: &str) -> Ident {
        let depth = self
            .segments
            .iter()
            .filter(|s| matches!(s, Segment::Index(_) | Segment::Key(_)))
            .count();
        if depth == 0 {
            Ident::new(base, Span::call_site())
        } else {
            Ident::new(&format!("{base}{depth}"), Span::call_site())
        }
    }

    /// `call?`, adding this path to the error (innermost segment first).
    fn try_call(&self, call: TokenStream) -> TokenStream {
        if self.segments.is_empty() {
            return quote!(#call?);
        }
        let adds = self.segments.iter().rev().map(|segment| match segment {
            Segment::Field(name) => quote!(.in_field(#name)),
            Segment::Index(index) => quote!(.in_index(#index)),
            Segment::Key(key) => quote!(.in_key(#key)),
            Segment::Branch(name) => quote!(.in_key(#name)),
        });
        quote!(#call.map_err(|e| e #(#adds)*)?)
    }
}

/// A JSON-writing expression (of type `avro_runtime::json::Value`) and whether it can fail
/// (then it uses `?`, returning from the enclosing function).
struct Written {
    expr: TokenStream,
    fallible: bool,
}

impl Written {
    fn infallible(expr: TokenStream) -> Written {
        Written {
            expr,
            fallible: false,
        }
    }

    fn fallible(expr: TokenStream) -> Written {
        Written {
            expr,
            fallible: true,
        }
    }
}

/// What the JSON emitter folds over: the Avro schema of a position (for union branch names)
/// beside its Rust type.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    set: &'a SchemaSet,
    scope: Scope<'a>,
}

/// `impl ToAvroJson` and `impl FromAvroJson` for a generated named type.
pub fn named_impl(set: &SchemaSet, scope: Scope<'_>, id: NamedId) -> TokenStream {
    let ctx = Ctx { set, scope };
    let named = set.get(id);
    let plan = &scope.plan.named[id.0];
    let name = ident(&plan.ident);
    let full_name = named.name.full();
    let (write, read) = match (&named.kind, &plan.shape) {
        (
            NamedKind::Record {
                fields: schemas, ..
            },
            NamedShape::Record { fields },
        ) => {
            let inserts = schemas.iter().zip(fields).map(|(schema, field)| {
                let fid = ident(&field.ident);
                let path = JsonPath::default().with(Segment::Field(field.name.clone()));
                let value = Val::place(quote!(self.#fid));
                let written = write(ctx, &schema.schema, &field.ty, &value, &path).expr;
                let key = &field.name;
                quote!(record.insert(::std::string::String::from(#key), #written);)
            });
            let count = Literal::usize_unsuffixed(fields.len());
            let write = if fields.is_empty() {
                quote!(Ok(::avro_runtime::json::Value::Object(
                    ::avro_runtime::json::Map::new()
                )))
            } else {
                quote! {
                    let mut record = ::avro_runtime::json::Map::with_capacity(#count);
                    #(#inserts)*
                    Ok(::avro_runtime::json::Value::Object(record))
                }
            };
            let names = fields.iter().map(|f| &f.name);
            let check =
                quote!(::avro_runtime::json::read_record(value, #full_name, &[#(#names),*])?);
            let read = if fields.is_empty() {
                quote! {
                    #check;
                    Ok(Self {})
                }
            } else {
                let reads = schemas.iter().zip(fields).map(|(schema, field)| {
                    let local = ident(&field.local);
                    let key = &field.name;
                    let path = JsonPath::default().with(Segment::Field(field.name.clone()));
                    let value = match &field.default_fn {
                        Some(default_fn) => {
                            let default_fn = ident(default_fn);
                            let read = read(ctx, &schema.schema, &field.ty, &quote!(value), &path);
                            quote! {
                                match record.optional(#key) {
                                    ::std::option::Option::Some(value) => #read,
                                    ::std::option::Option::None => Self::#default_fn(),
                                }
                            }
                        }
                        None => {
                            let input = quote!(record.required(#key)?);
                            read(ctx, &schema.schema, &field.ty, &input, &path)
                        }
                    };
                    if decode::is_unit(&field.ty) {
                        quote!(#value;)
                    } else {
                        quote!(let #local = #value;)
                    }
                });
                let inits = fields.iter().map(|f| {
                    let fid = ident(&f.ident);
                    let local = ident(&f.local);
                    if decode::is_unit(&f.ty) {
                        quote!(#fid: ())
                    } else if f.ident == f.local {
                        quote!(#fid)
                    } else {
                        quote!(#fid: #local)
                    }
                });
                quote! {
                    let record = #check;
                    #(#reads)*
                    Ok(Self { #(#inits,)* })
                }
            };
            (write, read)
        }
        (NamedKind::Enum { .. }, NamedShape::Enum { variants, .. }) => match variants.len() {
            0 => (
                quote!(match *self {}),
                quote! {
                    ::avro_runtime::json::read_enum(value, #full_name, &[])?;
                    Err(::avro_runtime::Error::custom("an enum without symbols has no values"))
                },
            ),
            1 => {
                let only = ident(&variants[0]);
                (
                    quote!(Ok(::avro_runtime::json::string(self.as_str()))),
                    quote! {
                        ::avro_runtime::json::read_enum(value, #full_name, Self::SYMBOLS)?;
                        Ok(Self::#only)
                    },
                )
            }
            count => {
                let arms = variants.iter().enumerate().map(|(i, v)| {
                    let v = ident(v);
                    if i + 1 == count {
                        quote!(_ => Self::#v,)
                    } else {
                        let i = Literal::usize_unsuffixed(i);
                        quote!(#i => Self::#v,)
                    }
                });
                (
                    quote!(Ok(::avro_runtime::json::string(self.as_str()))),
                    quote! {
                        Ok(match ::avro_runtime::json::read_enum(value, #full_name, Self::SYMBOLS)? {
                            #(#arms)*
                        })
                    },
                )
            }
        },
        (_, NamedShape::Fixed { size }) => {
            let n = Literal::usize_unsuffixed(*size);
            (
                quote!(Ok(::avro_runtime::json::bytes(&self.0))),
                quote!(Ok(Self(::avro_runtime::json::read_fixed::<#n>(value)?))),
            )
        }
        _ => return TokenStream::new(),
    };
    json_impls(&name, write, read)
}

/// `impl ToAvroJson` and `impl FromAvroJson` for a union enum: `{"<branch>": value}`.
pub fn union_impl(set: &SchemaSet, scope: Scope<'_>, u: usize) -> TokenStream {
    let ctx = Ctx { set, scope };
    let union = &scope.plan.unions[u];
    let name = ident(&union.ident);
    let schema = union.schema();
    let ty = Ty::Union {
        union: u,
        null_index: None,
    };
    let root = JsonPath::default();
    let written = write(ctx, &schema, &ty, &Val::reference(quote!(self)), &root).expr;
    let read = if union.variants.is_empty() {
        // An empty union has no values: reading always fails.
        quote! {
            ::avro_runtime::json::read_branch(value, &[])?;
            Err(::avro_runtime::Error::custom("an empty union has no values"))
        }
    } else {
        let read = read(ctx, &schema, &ty, &quote!(value), &root);
        quote!(Ok(#read))
    };
    json_impls(&name, quote!(Ok(#written)), read)
}

fn json_impls(name: &Ident, write: TokenStream, read: TokenStream) -> TokenStream {
    quote! {
        impl ::avro_runtime::json::ToAvroJson for #name {
            fn to_avro_json(&self) -> ::avro_runtime::Result<::avro_runtime::json::Value> {
                #write
            }
        }
        impl ::avro_runtime::json::FromAvroJson for #name {
            fn from_avro_json(value: &::avro_runtime::json::Value) -> ::avro_runtime::Result<Self> {
                #read
            }
        }
    }
}

/// The name of a union branch in the JSON: the type name, or the full name of a named type
/// (a logical type is named after its underlying type).
fn branch_name(set: &SchemaSet, schema: &Schema) -> String {
    match schema {
        Schema::Primitive { ty, .. } => ty.name().to_owned(),
        Schema::Array { .. } => "array".to_owned(),
        Schema::Map { .. } => "map".to_owned(),
        Schema::Union(_) => "union".to_owned(),
        Schema::Named(id) => set.get(*id).name.full(),
    }
}

/// The branches of a union schema (`[schema]` for anything else).
fn branches(schema: &Schema) -> &[Schema] {
    match schema {
        Schema::Union(branches) => branches,
        other => std::slice::from_ref(other),
    }
}

/// The schema of array items or map values.
fn inner(schema: &Schema) -> &Schema {
    match schema {
        Schema::Array { items, .. } => items,
        Schema::Map { values, .. } => values,
        other => other,
    }
}

/// `Some(n)` or `None` as tokens.
fn optional_size(fixed: Option<usize>) -> TokenStream {
    match fixed {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    }
}

/// `kind::K, T` of a logical type's helpers.
fn logical_args(kind: crate::plan::LogicalKind, rust: &TokenStream) -> TokenStream {
    let marker = format_ident!("{}", kind.marker());
    quote!(::avro_runtime::avro_type::kind::#marker, #rust)
}

// ----- writing -----

/// The JSON of `value`, a value of `ty` (schema `schema`); `path` is where it is in the document.
fn write(ctx: Ctx<'_>, schema: &Schema, ty: &Ty, value: &Val, path: &JsonPath) -> Written {
    let e = value.expr();
    let b = value.borrowed();
    let c = value.copied();
    match ty {
        Ty::Null => Written::infallible(quote!(::avro_runtime::json::Value::Null)),
        Ty::Boolean => Written::infallible(quote!(::avro_runtime::json::boolean(#c))),
        Ty::Int => Written::infallible(quote!(::avro_runtime::json::int(#c))),
        Ty::Long => Written::infallible(quote!(::avro_runtime::json::long(#c))),
        Ty::Float => Written::infallible(quote!(::avro_runtime::json::float(#c))),
        Ty::Double => Written::infallible(quote!(::avro_runtime::json::double(#c))),
        Ty::String(_) => Written::infallible(quote!(::avro_runtime::json::string(#b))),
        Ty::Bytes(_) | Ty::Fixed(_) | Ty::FixedBytes { .. } => {
            Written::infallible(quote!(::avro_runtime::json::bytes(#b)))
        }
        Ty::Logical { kind, rust } => {
            let function = match kind.base() {
                LogicalBase::Int => quote!(logical_int),
                LogicalBase::Long => quote!(logical_long),
                LogicalBase::String => quote!(logical_string),
                LogicalBase::Fixed(_) => quote!(logical_fixed),
            };
            let args = logical_args(*kind, rust);
            Written::fallible(path.try_call(quote!(::avro_runtime::json::#function::<#args>(#b))))
        }
        Ty::Decimal { scale, fixed, rust } => {
            let fixed = optional_size(*fixed);
            Written::fallible(
                path.try_call(quote!(::avro_runtime::json::decimal::<#rust>(#b, #scale, #fixed))),
            )
        }
        Ty::Option { null_index, some } => {
            let branch = &branches(schema)[1 - null_index];
            let some = write_branch(ctx, branch, some, &Val::reference(quote!(v)), path);
            let expr = some.expr;
            Written {
                expr: quote! {
                    match #b {
                        ::std::option::Option::None => ::avro_runtime::json::Value::Null,
                        ::std::option::Option::Some(v) => #expr,
                    }
                },
                fallible: some.fallible,
            }
        }
        Ty::Union { union, null_index } => {
            let variants = &ctx.scope.plan.unions[*union].variants;
            if variants.is_empty() && null_index.is_none() {
                return Written::infallible(quote!(match *#b {}));
            }
            let enum_path = ctx.scope.union_path(*union);
            let mut arms = Vec::new();
            let mut fallible = false;
            if null_index.is_some() {
                arms.push(
                    quote!(::std::option::Option::None => ::avro_runtime::json::Value::Null,),
                );
            }
            for (k, v) in variants.iter().enumerate() {
                let branch = &branches(schema)[branch_index(k, *null_index)];
                let variant = ident(&v.ident);
                let written = write_branch(ctx, branch, &v.ty, &Val::reference(quote!(v)), path);
                fallible |= written.fallible;
                let expr = written.expr;
                let pattern = some_if(null_index.is_some(), quote!(#enum_path::#variant(v)));
                arms.push(quote!(#pattern => #expr,));
            }
            Written {
                expr: quote!(match #b { #(#arms)* }),
                fallible,
            }
        }
        Ty::OneBranch(inner) => {
            if matches!(**inner, Ty::Null) {
                return Written::infallible(quote!(::avro_runtime::json::Value::Null));
            }
            write_branch(ctx, &branches(schema)[0], inner, value, path)
        }
        Ty::Boxed(inner) if super::encode::has_impl(inner) => {
            write(ctx, schema, inner, value, path)
        }
        Ty::Boxed(inner) => write(ctx, schema, inner, &value.unboxed(), path),
        Ty::Array(items) => {
            if is_always_null(items) {
                return Written::infallible(quote! {
                    ::avro_runtime::json::Value::Array(::std::vec![::avro_runtime::json::Value::Null; #e.len()])
                });
            }
            let index = path.loop_var("index");
            let item = path.loop_var("item");
            let item_path = path.with(Segment::Index(index.clone()));
            let written = write(
                ctx,
                self::inner(schema),
                items,
                &Val::reference(quote!(#item)),
                &item_path,
            );
            let w = written.expr;
            let list = path.loop_var("items");
            // The index is only needed for the path of errors.
            let pattern = if written.fallible {
                quote!((#index, #item) in #e.iter().enumerate())
            } else {
                quote!(#item in #e.iter())
            };
            Written {
                expr: quote! {{
                    let mut #list = ::std::vec::Vec::with_capacity(#e.len());
                    for #pattern {
                        #list.push(#w);
                    }
                    ::avro_runtime::json::Value::Array(#list)
                }},
                fallible: written.fallible,
            }
        }
        Ty::Map { values, .. } => {
            if is_always_null(values) {
                return Written::infallible(quote! {
                    ::avro_runtime::json::Value::Object(
                        #e.keys().map(|key| (key.clone(), ::avro_runtime::json::Value::Null)).collect()
                    )
                });
            }
            let key = path.loop_var("key");
            let entry = path.loop_var("value");
            let entry_path = path.with(Segment::Key(key.clone()));
            let written = write(
                ctx,
                self::inner(schema),
                values,
                &Val::reference(quote!(#entry)),
                &entry_path,
            );
            let w = written.expr;
            let entries = path.loop_var("entries");
            Written {
                expr: quote! {{
                    let mut #entries = ::avro_runtime::json::Map::with_capacity(#e.len());
                    for (#key, #entry) in #e.iter() {
                        #entries.insert(#key.clone(), #w);
                    }
                    ::avro_runtime::json::Value::Object(#entries)
                }},
                fallible: written.fallible,
            }
        }
        Ty::Named(_) | Ty::Leaf(_) => Written::fallible(
            path.try_call(quote!(::avro_runtime::json::ToAvroJson::to_avro_json(#b))),
        ),
    }
}

/// `{"<branch>": value}` for a non-null branch.
fn write_branch(ctx: Ctx<'_>, schema: &Schema, ty: &Ty, value: &Val, path: &JsonPath) -> Written {
    let name = branch_name(ctx.set, schema);
    let inner = write(
        ctx,
        schema,
        ty,
        value,
        &path.with(Segment::Branch(name.clone())),
    );
    let expr = inner.expr;
    Written {
        expr: quote!(::avro_runtime::json::branch(#name, #expr)),
        fallible: inner.fallible,
    }
}

// ----- reading -----

/// An expression reading a value of `ty` (schema `schema`) from `input` (an expression of type
/// `&avro_runtime::json::Value`, evaluated once); it uses `?`, returning errors with `path`.
fn read(
    ctx: Ctx<'_>,
    schema: &Schema,
    ty: &Ty,
    input: &TokenStream,
    path: &JsonPath,
) -> TokenStream {
    let call =
        |function: TokenStream| path.try_call(quote!(::avro_runtime::json::#function(#input)));
    match ty {
        Ty::Null => call(quote!(read_null)),
        Ty::Boolean => call(quote!(read_boolean)),
        Ty::Int => call(quote!(read_int)),
        Ty::Long => call(quote!(read_long)),
        Ty::Float => call(quote!(read_float)),
        Ty::Double => call(quote!(read_double)),
        Ty::String(_) => call(quote!(read_string)),
        Ty::Bytes(_) => call(quote!(read_bytes)),
        Ty::Fixed(len) => {
            let n = types::fixed_len(len);
            call(quote!(read_fixed::<#n>))
        }
        Ty::FixedBytes { size, .. } => {
            path.try_call(quote!(::avro_runtime::json::read_fixed_vec(#input, #size)))
        }
        Ty::Logical { kind, rust } => {
            let args = logical_args(*kind, rust);
            match kind.base() {
                LogicalBase::Int => call(quote!(read_logical_int::<#args>)),
                LogicalBase::Long => call(quote!(read_logical_long::<#args>)),
                LogicalBase::String => call(quote!(read_logical_string::<#args>)),
                LogicalBase::Fixed(n) => path.try_call(
                    quote!(::avro_runtime::json::read_logical_fixed::<#args>(#input, #n)),
                ),
            }
        }
        Ty::Decimal { scale, fixed, rust } => {
            let fixed = optional_size(*fixed);
            path.try_call(
                quote!(::avro_runtime::json::read_decimal::<#rust>(#input, #scale, #fixed)),
            )
        }
        Ty::Option { .. } | Ty::Union { .. } | Ty::OneBranch(_) => {
            read_union(ctx, branches(schema), ty, input, path)
        }
        Ty::Boxed(inner) => {
            let read = read(ctx, schema, inner, input, path);
            quote!(::std::boxed::Box::new(#read))
        }
        Ty::Array(items) => {
            let list = path.loop_var("items");
            let index = path.loop_var("index");
            let item = path.loop_var("item");
            let array = call(quote!(read_array));
            let read = read(
                ctx,
                self::inner(schema),
                items,
                &quote!(#item),
                &path.with(Segment::Index(index.clone())),
            );
            quote! {{
                let array = #array;
                let mut #list = ::std::vec::Vec::with_capacity(array.len());
                for (#index, #item) in array.iter().enumerate() {
                    #list.push(#read);
                }
                #list
            }}
        }
        Ty::Map { values, .. } => {
            let map = path.loop_var("map");
            let key = path.loop_var("key");
            let entry = path.loop_var("value");
            let object = call(quote!(read_map));
            let read = read(
                ctx,
                self::inner(schema),
                values,
                &quote!(#entry),
                &path.with(Segment::Key(key.clone())),
            );
            quote! {{
                let object = #object;
                let mut #map = ::std::default::Default::default();
                ::avro_runtime::__private::DecodeMap::reserve_entries(&mut #map, object.len());
                for (#key, #entry) in object {
                    ::avro_runtime::__private::DecodeMap::insert_entry(&mut #map, #key.clone(), #read);
                }
                #map
            }}
        }
        Ty::Named(id) => {
            let path_tokens = ctx.scope.named_path(*id);
            path.try_call(quote!(
                <#path_tokens as ::avro_runtime::json::FromAvroJson>::from_avro_json(#input)
            ))
        }
        Ty::Leaf(rust) => path.try_call(quote!(
            <#rust as ::avro_runtime::json::FromAvroJson>::from_avro_json(#input)
        )),
    }
}

fn read_union(
    ctx: Ctx<'_>,
    branches: &[Schema],
    ty: &Ty,
    input: &TokenStream,
    path: &JsonPath,
) -> TokenStream {
    let names: Vec<String> = branches.iter().map(|b| branch_name(ctx.set, b)).collect();
    let which = path.try_call(quote!(::avro_runtime::json::read_branch(#input, &[#(#names),*])));
    // The value of a non-null branch, read from `inner`.
    let read_branch = |index: usize, ty: &Ty| {
        read(
            ctx,
            &branches[index],
            ty,
            &quote!(inner),
            &path.with(Segment::Branch(names[index].clone())),
        )
    };
    match ty {
        Ty::OneBranch(inner) if matches!(**inner, Ty::Null) => quote!({ #which; }),
        Ty::OneBranch(inner) => {
            let read = read_branch(0, inner);
            quote! {{
                let (_, inner) = #which;
                #read
            }}
        }
        Ty::Option { null_index, some } => {
            let read = read_branch(1 - null_index, some);
            let null = Literal::usize_unsuffixed(*null_index);
            quote! {
                match #which {
                    (#null, _) => ::std::option::Option::None,
                    (_, inner) => ::std::option::Option::Some(#read),
                }
            }
        }
        Ty::Union { union, null_index } => {
            let variants = &ctx.scope.plan.unions[*union].variants;
            if branches.is_empty() {
                return quote! {{
                    #which;
                    return Err(::avro_runtime::Error::custom("an empty union has no values"));
                }};
            }
            let enum_path = ctx.scope.union_path(*union);
            let last = branches.len() - 1;
            let arms = (0..branches.len()).map(|index| {
                let pattern = if index == last {
                    quote!(_)
                } else {
                    let i = Literal::usize_unsuffixed(index);
                    quote!(#i)
                };
                if Some(index) == *null_index {
                    return quote!((#pattern, _) => ::std::option::Option::None,);
                }
                let k = (0..variants.len())
                    .find(|k| branch_index(*k, *null_index) == index)
                    .expect("one variant per non-null branch");
                let variant = ident(&variants[k].ident);
                let read = read_branch(index, &variants[k].ty);
                let value = some_if(null_index.is_some(), quote!(#enum_path::#variant(#read)));
                quote!((#pattern, inner) => #value,)
            });
            let arms: Vec<TokenStream> = arms.collect();
            quote! {
                match #which {
                    #(#arms)*
                }
            }
        }
        _ => unreachable!("unions are read as unions"),
    }
}

/// Whether every value of `ty` is null: its JSON needs no value at all.
fn is_always_null(ty: &Ty) -> bool {
    decode::is_unit(ty)
}
