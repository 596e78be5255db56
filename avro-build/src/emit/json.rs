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
use quote::quote;

use super::{ident, DateTimeMapping, DecimalMapping, Emitter, MapType, UuidMapping, Val};
use crate::ir::{Logical, NamedId, NamedKind, Primitive, Schema};
use crate::plan::{is_null, Node, UnionShape};

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

impl Emitter<'_> {
    /// `impl ToAvroJson` and `impl FromAvroJson` for a generated named type.
    pub(super) fn json_impl_named(&self, id: NamedId) -> TokenStream {
        let named = self.set.get(id);
        let plan = &self.plan.named[id.0];
        let name = ident(&plan.ident);
        let full_name = named.name.full();
        let (write, read) = match &named.kind {
            NamedKind::Record { fields, .. } => {
                let module = &plan.module;
                let holder = Node::Named(id);
                let inserts = fields.iter().zip(&plan.fields).map(|(field, fident)| {
                    let fid = ident(fident);
                    let path = JsonPath::default().with(Segment::Field(field.name.clone()));
                    let value = Val::place(quote!(self.#fid));
                    let written = self.json_write(&field.schema, &value, module, &path).expr;
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
                    let inits = fields.iter().zip(&plan.fields).map(|(field, fident)| {
                        let fid = ident(fident);
                        let key = &field.name;
                        let path = JsonPath::default().with(Segment::Field(field.name.clone()));
                        if field.default.is_some() {
                            let default_fn =
                                ident(&format!("default_{}", fident.trim_start_matches("r#")));
                            let read = self.json_read(
                                &field.schema,
                                &quote!(value),
                                module,
                                holder,
                                &path,
                            );
                            quote! {
                                #fid: match record.optional(#key) {
                                    ::std::option::Option::Some(value) => #read,
                                    ::std::option::Option::None => Self::#default_fn(),
                                }
                            }
                        } else {
                            let input = quote!(record.required(#key)?);
                            let read = self.json_read(&field.schema, &input, module, holder, &path);
                            quote!(#fid: #read)
                        }
                    });
                    quote! {
                        let record = #check;
                        Ok(Self {
                            #(#inits,)*
                        })
                    }
                };
                (write, read)
            }
            NamedKind::Enum { symbols, .. } => match symbols.len() {
                0 => (
                    quote!(match *self {}),
                    quote! {
                        ::avro_runtime::json::read_enum(value, #full_name, &[])?;
                        Err(::avro_runtime::Error::custom("an enum without symbols has no values"))
                    },
                ),
                1 => {
                    let only = ident(&plan.variants[0]);
                    (
                        quote!(Ok(::avro_runtime::json::string(self.as_str()))),
                        quote! {
                            ::avro_runtime::json::read_enum(value, #full_name, Self::SYMBOLS)?;
                            Ok(Self::#only)
                        },
                    )
                }
                count => {
                    let arms = plan.variants.iter().enumerate().map(|(i, v)| {
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
            NamedKind::Fixed { size, .. } => {
                let n = Literal::usize_unsuffixed(*size);
                (
                    quote!(Ok(::avro_runtime::json::bytes(&self.0))),
                    quote!(Ok(Self(::avro_runtime::json::read_fixed::<#n>(value)?))),
                )
            }
        };
        Self::json_impls(&name, write, read)
    }

    /// `impl ToAvroJson` and `impl FromAvroJson` for a union enum: `{"<branch>": value}`.
    pub(super) fn json_impl_union(&self, u: usize) -> TokenStream {
        let union = &self.plan.unions[u];
        let name = ident(&union.ident);
        let schema = Schema::Union(union.variants.iter().map(|(s, _)| s.clone()).collect());
        let root = JsonPath::default();
        let write = self
            .json_write(&schema, &Val::reference(quote!(self)), &union.module, &root)
            .expr;
        let read = self.json_read(
            &schema,
            &quote!(value),
            &union.module,
            Node::Union(u),
            &root,
        );
        let read = if union.variants.is_empty() {
            // An empty union has no values: reading always fails.
            quote! {
                ::avro_runtime::json::read_branch(value, &[])?;
                Err(::avro_runtime::Error::custom("an empty union has no values"))
            }
        } else {
            quote!(Ok(#read))
        };
        Self::json_impls(&name, quote!(Ok(#write)), read)
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
    fn json_branch_name(&self, schema: &Schema) -> String {
        match schema {
            Schema::Primitive { ty, .. } => ty.name().to_owned(),
            Schema::Array { .. } => "array".to_owned(),
            Schema::Map { .. } => "map".to_owned(),
            Schema::Union(_) => "union".to_owned(),
            Schema::Named(id) => self.set.get(*id).name.full(),
        }
    }

    fn json_decimal_module(&self) -> TokenStream {
        match self.opts.decimal {
            DecimalMapping::Runtime => quote!(::avro_runtime::json::decimal),
            DecimalMapping::RustDecimal => quote!(::avro_runtime::json::rust_decimal),
        }
    }

    // ----- writing -----

    /// The JSON of `value`, a value of `schema`'s Rust type; `path` is where it is in the document.
    fn json_write(
        &self,
        schema: &Schema,
        value: &Val,
        from: &[String],
        path: &JsonPath,
    ) -> Written {
        let e = value.expr();
        let b = value.borrowed();
        let c = value.copied();
        match schema {
            Schema::Primitive { ty, logical, .. } => {
                if let Some(l) = logical {
                    if let Some(written) = self.json_write_logical(*ty, *l, value, path) {
                        return written;
                    }
                }
                Written::infallible(match ty {
                    Primitive::Null => quote!(::avro_runtime::json::Value::Null),
                    Primitive::Boolean => quote!(::avro_runtime::json::boolean(#c)),
                    Primitive::Int => quote!(::avro_runtime::json::int(#c)),
                    Primitive::Long => quote!(::avro_runtime::json::long(#c)),
                    Primitive::Float => quote!(::avro_runtime::json::float(#c)),
                    Primitive::Double => quote!(::avro_runtime::json::double(#c)),
                    Primitive::Bytes => quote!(::avro_runtime::json::bytes(#b)),
                    Primitive::String => quote!(::avro_runtime::json::string(#b)),
                })
            }
            Schema::Array { items, .. } => {
                if is_always_null(items) {
                    return Written::infallible(quote! {
                        ::avro_runtime::json::Value::Array(::std::vec![::avro_runtime::json::Value::Null; #e.len()])
                    });
                }
                let index = path.loop_var("index");
                let item = path.loop_var("item");
                let item_path = path.with(Segment::Index(index.clone()));
                let written =
                    self.json_write(items, &Val::reference(quote!(#item)), from, &item_path);
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
            Schema::Map { values, .. } => {
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
                let written =
                    self.json_write(values, &Val::reference(quote!(#entry)), from, &entry_path);
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
            Schema::Union(branches) => self.json_write_union(branches, value, from, path),
            Schema::Named(id) => match &self.set.get(*id).kind {
                NamedKind::Fixed {
                    logical: Some(l),
                    size,
                } => self.json_write_logical_fixed(*l, *size, value, path),
                _ => Written::fallible(
                    path.try_call(quote!(::avro_runtime::json::ToAvroJson::to_avro_json(#b))),
                ),
            },
        }
    }

    fn json_write_logical(
        &self,
        ty: Primitive,
        logical: Logical,
        value: &Val,
        path: &JsonPath,
    ) -> Option<Written> {
        let e = value.expr();
        let b = value.borrowed();
        if Self::date_time_module(logical).is_some() {
            let (write, through) = if ty == Primitive::Int {
                (quote!(int), quote!(int_through))
            } else {
                (quote!(long), quote!(long_through))
            };
            return Some(match self.opts.date_time {
                DateTimeMapping::Newtypes => {
                    Written::infallible(quote!(::avro_runtime::json::#write(#e.0)))
                }
                DateTimeMapping::Chrono | DateTimeMapping::Time => {
                    let raw = Self::date_time_newtype(logical);
                    let c = value.copied();
                    Written::fallible(
                        path.try_call(quote!(::avro_runtime::json::#through::<#raw, _>(#c))),
                    )
                }
            });
        }
        match logical {
            Logical::Decimal { scale, .. } => {
                let m = self.json_decimal_module();
                Some(Written::fallible(
                    path.try_call(quote!(#m::bytes(#b, #scale))),
                ))
            }
            Logical::Uuid if self.opts.uuid == UuidMapping::Uuid => Some(Written::infallible(
                quote!(::avro_runtime::json::uuid::string(#b)),
            )),
            _ => None,
        }
    }

    fn json_write_logical_fixed(
        &self,
        logical: Logical,
        size: usize,
        value: &Val,
        path: &JsonPath,
    ) -> Written {
        let b = value.borrowed();
        match logical {
            Logical::Decimal { scale, .. } => {
                let m = self.json_decimal_module();
                Written::fallible(path.try_call(quote!(#m::fixed(#b, #scale, #size))))
            }
            Logical::Uuid if self.opts.uuid == UuidMapping::Uuid => {
                Written::infallible(quote!(::avro_runtime::json::uuid::fixed(#b)))
            }
            Logical::Duration => Written::infallible(quote!(::avro_runtime::json::duration(#b))),
            // The other logical types on fixed map to `[u8; size]`.
            _ => Written::infallible(quote!(::avro_runtime::json::bytes(#b))),
        }
    }

    fn json_write_union(
        &self,
        branches: &[Schema],
        value: &Val,
        from: &[String],
        path: &JsonPath,
    ) -> Written {
        let b = value.borrowed();
        // `{"<branch>": value}` for a non-null branch.
        let branch = |schema: &Schema, value: &Val| -> Written {
            let name = self.json_branch_name(schema);
            let inner = self.json_write(
                schema,
                value,
                from,
                &path.with(Segment::Branch(name.clone())),
            );
            let expr = inner.expr;
            Written {
                expr: quote!(::avro_runtime::json::branch(#name, #expr)),
                fallible: inner.fallible,
            }
        };
        match self.plan.union_shape(branches) {
            UnionShape::Empty(_) => Written::infallible(quote!(match *#b {})),
            UnionShape::OnlyNull => Written::infallible(quote!(::avro_runtime::json::Value::Null)),
            UnionShape::Single => branch(&branches[0], value),
            UnionShape::Option { some_index, .. } => {
                let some = branch(&branches[some_index], &Val::reference(quote!(v)));
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
            UnionShape::Enum { union, null_index } => {
                let enum_path = self.union_path(from, union);
                let mut arms = Vec::new();
                let mut fallible = false;
                if null_index.is_some() {
                    arms.push(
                        quote!(::std::option::Option::None => ::avro_runtime::json::Value::Null,),
                    );
                }
                let non_null = branches.iter().filter(|b| !is_null(b));
                for (schema, (_, vname)) in non_null.zip(&self.plan.unions[union].variants) {
                    let v = ident(vname);
                    let written = branch(schema, &Val::reference(quote!(v)));
                    fallible |= written.fallible;
                    let expr = written.expr;
                    let pat = if null_index.is_some() {
                        quote!(::std::option::Option::Some(#enum_path::#v(v)))
                    } else {
                        quote!(#enum_path::#v(v))
                    };
                    arms.push(quote!(#pat => #expr,));
                }
                Written {
                    expr: quote!(match #b { #(#arms)* }),
                    fallible,
                }
            }
        }
    }

    // ----- reading -----

    /// An expression reading a value of `schema`'s Rust type from `input` (an expression of type
    /// `&avro_runtime::json::Value`, evaluated once); it uses `?`, returning errors with `path`.
    fn json_read(
        &self,
        schema: &Schema,
        input: &TokenStream,
        from: &[String],
        holder: Node,
        path: &JsonPath,
    ) -> TokenStream {
        match schema {
            Schema::Primitive { ty, logical, .. } => {
                if let Some(l) = logical {
                    if let Some(read) = self.json_read_logical(*ty, *l, input, path) {
                        return read;
                    }
                }
                let read = match ty {
                    Primitive::Null => quote!(read_null),
                    Primitive::Boolean => quote!(read_boolean),
                    Primitive::Int => quote!(read_int),
                    Primitive::Long => quote!(read_long),
                    Primitive::Float => quote!(read_float),
                    Primitive::Double => quote!(read_double),
                    Primitive::Bytes => quote!(read_bytes),
                    Primitive::String => quote!(read_string),
                };
                path.try_call(quote!(::avro_runtime::json::#read(#input)))
            }
            Schema::Array { items, .. } => {
                let list = path.loop_var("items");
                let index = path.loop_var("index");
                let item = path.loop_var("item");
                let array = path.try_call(quote!(::avro_runtime::json::read_array(#input)));
                let read = self.json_read(
                    items,
                    &quote!(#item),
                    from,
                    holder,
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
            Schema::Map { values, .. } => {
                let map = path.loop_var("map");
                let key = path.loop_var("key");
                let entry = path.loop_var("value");
                let object = path.try_call(quote!(::avro_runtime::json::read_map(#input)));
                let read = self.json_read(
                    values,
                    &quote!(#entry),
                    from,
                    holder,
                    &path.with(Segment::Key(key.clone())),
                );
                let new_map = match self.opts.map_type {
                    MapType::HashMap => {
                        quote!(::std::collections::HashMap::with_capacity(object.len()))
                    }
                    MapType::BTreeMap => quote!(::std::collections::BTreeMap::new()),
                };
                quote! {{
                    let object = #object;
                    let mut #map = #new_map;
                    for (#key, #entry) in object {
                        #map.insert(#key.clone(), #read);
                    }
                    #map
                }}
            }
            Schema::Union(branches) => self.json_read_union(branches, input, from, holder, path),
            Schema::Named(id) => match &self.set.get(*id).kind {
                NamedKind::Fixed {
                    logical: Some(l),
                    size,
                } => self.json_read_logical_fixed(*l, *size, input, path),
                _ => {
                    let ty = self.rust_type(schema, from, holder);
                    path.try_call(quote!(
                        <#ty as ::avro_runtime::json::FromAvroJson>::from_avro_json(#input)
                    ))
                }
            },
        }
    }

    fn json_read_logical(
        &self,
        ty: Primitive,
        logical: Logical,
        input: &TokenStream,
        path: &JsonPath,
    ) -> Option<TokenStream> {
        if Self::date_time_module(logical).is_some() {
            let rust_type = self.primitive_type(ty, Some(logical));
            let (read, through) = if ty == Primitive::Int {
                (quote!(read_int), quote!(read_int_through))
            } else {
                (quote!(read_long), quote!(read_long_through))
            };
            return Some(match self.opts.date_time {
                DateTimeMapping::Newtypes => {
                    let raw = path.try_call(quote!(::avro_runtime::json::#read(#input)));
                    quote!(#rust_type(#raw))
                }
                DateTimeMapping::Chrono | DateTimeMapping::Time => {
                    let raw = Self::date_time_newtype(logical);
                    path.try_call(quote!(
                        ::avro_runtime::json::#through::<#raw, #rust_type>(#input)
                    ))
                }
            });
        }
        match logical {
            Logical::Decimal { scale, .. } => {
                let m = self.json_decimal_module();
                Some(path.try_call(quote!(#m::read_bytes(#input, #scale))))
            }
            Logical::Uuid if self.opts.uuid == UuidMapping::Uuid => {
                Some(path.try_call(quote!(::avro_runtime::json::uuid::read_string(#input))))
            }
            _ => None,
        }
    }

    fn json_read_logical_fixed(
        &self,
        logical: Logical,
        size: usize,
        input: &TokenStream,
        path: &JsonPath,
    ) -> TokenStream {
        let call = match logical {
            Logical::Decimal { scale, .. } => {
                let m = self.json_decimal_module();
                quote!(#m::read_fixed(#input, #scale, #size))
            }
            Logical::Uuid if self.opts.uuid == UuidMapping::Uuid => {
                quote!(::avro_runtime::json::uuid::read_fixed(#input))
            }
            Logical::Duration => quote!(::avro_runtime::json::read_duration(#input)),
            _ => {
                let n = Literal::usize_unsuffixed(size);
                quote!(::avro_runtime::json::read_fixed::<#n>(#input))
            }
        };
        path.try_call(call)
    }

    fn json_read_union(
        &self,
        branches: &[Schema],
        input: &TokenStream,
        from: &[String],
        holder: Node,
        path: &JsonPath,
    ) -> TokenStream {
        let names: Vec<String> = branches.iter().map(|b| self.json_branch_name(b)).collect();
        let which =
            path.try_call(quote!(::avro_runtime::json::read_branch(#input, &[#(#names),*])));
        // The value of a non-null branch, read from `inner`.
        let read_branch = |index: usize, holder: Node| {
            self.json_read(
                &branches[index],
                &quote!(inner),
                from,
                holder,
                &path.with(Segment::Branch(names[index].clone())),
            )
        };
        match self.plan.union_shape(branches) {
            UnionShape::Empty(_) => quote! {{
                #which;
                return Err(::avro_runtime::Error::custom("an empty union has no values"));
            }},
            UnionShape::OnlyNull => quote!({ #which; }),
            UnionShape::Single => {
                let read = read_branch(0, holder);
                quote! {{
                    let (_, inner) = #which;
                    #read
                }}
            }
            UnionShape::Option {
                null_index,
                some_index,
            } => {
                let read = read_branch(some_index, holder);
                let null = Literal::usize_unsuffixed(null_index);
                quote! {
                    match #which {
                        (#null, _) => ::std::option::Option::None,
                        (_, inner) => ::std::option::Option::Some(#read),
                    }
                }
            }
            UnionShape::Enum { union, null_index } => {
                let enum_path = self.union_path(from, union);
                let mut variants = self.plan.unions[union].variants.iter();
                let last = branches.len() - 1;
                let arms = (0..branches.len()).map(|index| {
                    let pat_index = if index == last {
                        quote!(_)
                    } else {
                        let i = Literal::usize_unsuffixed(index);
                        quote!(#i)
                    };
                    if Some(index) == null_index {
                        return quote!((#pat_index, _) => ::std::option::Option::None,);
                    }
                    let (_, vname) = variants.next().expect("one variant per non-null branch");
                    let v = ident(vname);
                    let read = read_branch(index, Node::Union(union));
                    let value = if null_index.is_some() {
                        quote!(::std::option::Option::Some(#enum_path::#v(#read)))
                    } else {
                        quote!(#enum_path::#v(#read))
                    };
                    quote!((#pat_index, inner) => #value,)
                });
                let arms: Vec<TokenStream> = arms.collect();
                quote! {
                    match #which {
                        #(#arms)*
                    }
                }
            }
        }
    }
}

/// Whether every value of `schema` is null (`null`, or the union `["null"]`): its JSON needs no
/// value at all.
fn is_always_null(schema: &Schema) -> bool {
    match schema {
        Schema::Union(branches) => !branches.is_empty() && branches.iter().all(is_null),
        other => is_null(other),
    }
}
