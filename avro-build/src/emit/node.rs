//! Emission of `impl ::avro_runtime::AvroType` for every generated named type and union enum:
//! the schema as a const tree of `avro_runtime::schema` nodes, from which the runtime's `const
//! fn`s write the JSON, canonical form and fingerprints. A derived type holding a generated type
//! composes its schema from this node.
//!
//! A node refers to the nodes of the types it uses (`<Address as AvroType>::SCHEMA`) instead of
//! repeating them, with one exception that keeps const evaluation from going round in circles:
//! if the used type can reach the type being defined (they are in one reference cycle, e.g. a
//! linked list's `next`), its const would need this one to evaluate, so its definition is
//! written inline, and every type already written in this node (the ones enclosing a recursive
//! use) becomes a `Ref` by full name. Then a const only refers to types that cannot reach it
//! back, so the references never form a cycle. Fixed types with a logical type have no Rust type
//! of their own and are inlined too (by `Ref` after their first inline definition).

use std::collections::{BTreeSet, HashSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, tokens, Scope};
use crate::ir::{
    Logical, NamedId, NamedKind, NamedType, Order, Primitive, Props, Schema, SchemaSet,
};
use crate::plan::{relative_path, Plan};

/// `impl AvroType` for the generated named type `id`.
pub fn named(set: &SchemaSet, scope: Scope<'_>, id: NamedId) -> TokenStream {
    let plan = &scope.plan.named[id.0];
    let mut node = NodeWriter::new(set, scope, Some(id));
    let schema = node.schema(&Schema::Named(id));
    avro_type_impl(&plan.ident, node, schema)
}

/// `impl AvroType` for union enum `u`: the union of its non-null branches, what the enum
/// itself encodes. (Records write their union fields from the schema, `null` included; the
/// runtime refuses this node as a branch of another union, e.g. wrapped in `Option`.)
pub fn union(set: &SchemaSet, scope: Scope<'_>, u: usize) -> TokenStream {
    let union = &scope.plan.unions[u];
    let mut node = NodeWriter::new(set, scope, None);
    let schema = node.schema(&union.schema());
    avro_type_impl(&union.ident, node, schema)
}

fn avro_type_impl(type_ident: &str, node: NodeWriter<'_>, schema: TokenStream) -> TokenStream {
    let name = ident(type_ident);
    let schema_items = node.schema_items.iter().map(|i| ident(i));
    let option_variants = if node.option_variants.is_empty() {
        TokenStream::new()
    } else {
        let variants = node.option_variants.iter().map(|v| ident(v));
        quote!(use ::std::option::Option::{#(#variants),*};)
    };
    quote! {
        impl ::avro_runtime::AvroType for #name {
            const SCHEMA: &'static ::avro_runtime::schema::Schema = {
                use ::avro_runtime::schema::{#(#schema_items),*};
                #option_variants
                #schema
            };
        }
    }
}

/// Writes the node expression of one `AvroType` impl.
struct NodeWriter<'e> {
    set: &'e SchemaSet,
    plan: &'e Plan,
    /// The named type whose node this is (`None` for a union enum).
    root: Option<NamedId>,
    /// The module the impl is in (paths to other types are relative to it).
    module: &'e [String],
    /// Named types whose definition this node already holds: later uses are `Ref`s.
    written: HashSet<NamedId>,
    /// `avro_runtime::schema` items the expression uses (imported by the impl).
    schema_items: BTreeSet<&'static str>,
    /// `Some` / `None` if used (imported too, so a generated type named `Some` cannot shadow it).
    option_variants: BTreeSet<&'static str>,
}

impl<'e> NodeWriter<'e> {
    fn new(set: &'e SchemaSet, scope: Scope<'e>, root: Option<NamedId>) -> Self {
        let mut schema_items = BTreeSet::new();
        schema_items.insert("Schema");
        NodeWriter {
            set,
            plan: scope.plan,
            root,
            module: scope.module,
            written: HashSet::new(),
            schema_items,
            option_variants: BTreeSet::new(),
        }
    }

    fn item(&mut self, name: &'static str) -> TokenStream {
        self.schema_items.insert(name);
        tokens(name)
    }

    fn some(&mut self, value: impl quote::ToTokens) -> TokenStream {
        self.option_variants.insert("Some");
        quote!(Some(#value))
    }

    fn none(&mut self) -> TokenStream {
        self.option_variants.insert("None");
        quote!(None)
    }

    fn optional_str(&mut self, value: Option<&str>) -> TokenStream {
        match value {
            Some(v) => self.some(v),
            None => self.none(),
        }
    }

    /// An expression of type `&'static Schema` for `schema`.
    fn schema(&mut self, schema: &Schema) -> TokenStream {
        let schema_ty = self.item("Schema");
        match schema {
            Schema::Primitive { ty, logical, props } => {
                let base = match ty {
                    Primitive::Null => quote!(#schema_ty::Null),
                    Primitive::Boolean => quote!(#schema_ty::Boolean),
                    Primitive::Int => quote!(#schema_ty::Int),
                    Primitive::Long => quote!(#schema_ty::Long),
                    Primitive::Float => quote!(#schema_ty::Float),
                    Primitive::Double => quote!(#schema_ty::Double),
                    Primitive::Bytes => quote!(#schema_ty::Bytes),
                    Primitive::String => quote!(#schema_ty::String),
                };
                let mut attributes = logical_attributes(*logical);
                attributes.extend(props_attributes(props));
                self.annotated(quote!(&#base), attributes)
            }
            Schema::Array { items, props } => {
                let items = self.schema(items);
                self.annotated(quote!(&#schema_ty::Array(#items)), props_attributes(props))
            }
            Schema::Map { values, props } => {
                let values = self.schema(values);
                self.annotated(quote!(&#schema_ty::Map(#values)), props_attributes(props))
            }
            Schema::Union(branches) => {
                let branches: Vec<TokenStream> = branches.iter().map(|b| self.schema(b)).collect();
                quote!(&#schema_ty::Union(&[#(#branches),*]))
            }
            Schema::Named(id) => self.named(*id),
        }
    }

    /// The node of a use of named type `id`: its definition, a `Ref`, or its type's constant.
    fn named(&mut self, id: NamedId) -> TokenStream {
        let named = self.set.get(id);
        let plan = &self.plan.named[id.0];
        if self.written.contains(&id) {
            let full_name = named.name.full();
            let schema_ty = self.item("Schema");
            return quote!(&#schema_ty::Ref(#full_name));
        }
        let is_root = self.root == Some(id);
        // Its const would (transitively) refer back to the one being written.
        let cyclic = self
            .root
            .is_some_and(|root| self.plan.in_one_cycle(id, root));
        if plan.generated() && !is_root && !cyclic {
            let path = self.type_path(&plan.module, &plan.ident);
            return quote!(<#path as ::avro_runtime::AvroType>::SCHEMA);
        }
        self.written.insert(id);
        self.definition(named)
    }

    /// The path of a generated type from the impl's module. A bare identifier that the impl's
    /// imports would shadow (a type named `Schema`, `Record`, `Some`...) gets `self::`.
    fn type_path(&self, module: &[String], type_ident: &str) -> TokenStream {
        let path = relative_path(self.module, module, type_ident);
        if SCHEMA_ITEMS.contains(&path.as_str()) || path == "Some" || path == "None" {
            tokens(&format!("self::{path}"))
        } else {
            tokens(&path)
        }
    }

    /// The definition of a named type as a node.
    fn definition(&mut self, named: &NamedType) -> TokenStream {
        let schema_ty = self.item("Schema");
        let name = self.name(named);
        match &named.kind {
            NamedKind::Record { fields, .. } => {
                let record = self.item("Record");
                let fields: Vec<TokenStream> = fields
                    .iter()
                    .map(|field| {
                        let field_ty = self.item("Field");
                        let field_name = &field.name;
                        let schema = self.schema(&field.schema);
                        let mut set = Vec::new();
                        if let Some(doc) = &field.doc {
                            let doc = self.some(doc);
                            set.push(quote!(doc: #doc));
                        }
                        if let Some(default) = field.default_json.as_ref().map(json_text) {
                            let default = self.some(default);
                            set.push(quote!(default: #default));
                        }
                        if !field.aliases.is_empty() {
                            let aliases = &field.aliases;
                            set.push(quote!(aliases: &[#(#aliases),*]));
                        }
                        if let Some(order) = field.order {
                            let order = self.some(match order {
                                Order::Ascending => "ascending",
                                Order::Descending => "descending",
                                Order::Ignore => "ignore",
                            });
                            set.push(quote!(order: #order));
                        }
                        let attributes = props_attributes(&field.props);
                        if !attributes.is_empty() {
                            let attributes = self.attributes(attributes);
                            set.push(quote!(attributes: #attributes));
                        }
                        let plain = quote!(#field_ty::new(#field_name, #schema));
                        if set.is_empty() {
                            plain
                        } else {
                            quote!(#field_ty { #(#set,)* ..#plain })
                        }
                    })
                    .collect();
                let attributes = self.attributes(props_attributes(&named.props));
                quote! {
                    &#schema_ty::Record(&#record {
                        name: #name,
                        fields: &[#(#fields),*],
                        attributes: #attributes,
                    })
                }
            }
            NamedKind::Enum { symbols, default } => {
                let enumeration = self.item("Enum");
                let default = self.optional_str(default.as_deref());
                let attributes = self.attributes(props_attributes(&named.props));
                quote! {
                    &#schema_ty::Enum(&#enumeration {
                        name: #name,
                        symbols: &[#(#symbols),*],
                        default: #default,
                        attributes: #attributes,
                    })
                }
            }
            NamedKind::Fixed { size, logical } => {
                let fixed = self.item("Fixed");
                let size = Literal::usize_unsuffixed(*size);
                let attributes = self.attributes(props_attributes(&named.props));
                let node = quote! {
                    &#schema_ty::Fixed(&#fixed {
                        name: #name,
                        size: #size,
                        attributes: #attributes,
                    })
                };
                self.annotated(node, logical_attributes(*logical))
            }
        }
    }

    /// `Name { .. }` of a named type; aliases as full names.
    fn name(&mut self, named: &NamedType) -> TokenStream {
        let name_ty = self.item("Name");
        let simple = &named.name.name;
        let namespace = self.optional_str(named.name.namespace.as_deref());
        let mut set = Vec::new();
        if !named.aliases.is_empty() {
            let aliases = named.aliases.iter().map(|a| a.full());
            set.push(quote!(aliases: &[#(#aliases),*]));
        }
        if let Some(doc) = &named.doc {
            let doc = self.some(doc);
            set.push(quote!(doc: #doc));
        }
        let plain = quote!(#name_ty::new(#simple, #namespace));
        if set.is_empty() {
            plain
        } else {
            quote!(#name_ty { #(#set,)* ..#plain })
        }
    }

    /// `node` as is without attributes, else `&Schema::Annotated(..)` around it.
    fn annotated(&mut self, node: TokenStream, attributes: Vec<(String, String)>) -> TokenStream {
        if attributes.is_empty() {
            return node;
        }
        let schema_ty = self.item("Schema");
        let annotated = self.item("Annotated");
        let attributes = self.attributes(attributes);
        quote! {
            &#schema_ty::Annotated(&#annotated {
                base: #node,
                attributes: #attributes,
            })
        }
    }

    /// `&[Attribute { key, json }, ..]`.
    fn attributes(&mut self, attributes: Vec<(String, String)>) -> TokenStream {
        if attributes.is_empty() {
            return quote!(&[]);
        }
        let attribute = self.item("Attribute");
        let attributes = attributes
            .iter()
            .map(|(key, json)| quote!(#attribute { key: #key, json: #json }));
        quote!(&[#(#attributes),*])
    }
}

/// Every item an impl may import from `avro_runtime::schema`; a generated type with one of these
/// names is written `self::Name` so the import cannot capture it.
const SCHEMA_ITEMS: &[&str] = &[
    "Annotated",
    "Attribute",
    "Enum",
    "Field",
    "Fixed",
    "Name",
    "Record",
    "Schema",
];

/// Compact JSON text of a value, as avro-schema writes it in the full schema JSON.
fn json_text(value: &serde_json::Value) -> String {
    serde_json::to_string(value).expect("JSON values serialize")
}

/// The attributes of a valid logical type: `logicalType`, and `precision` and `scale` for
/// decimals, in the order avro-schema writes them.
fn logical_attributes(logical: Option<Logical>) -> Vec<(String, String)> {
    let Some(logical) = logical else {
        return Vec::new();
    };
    let mut attributes = vec![("logicalType".to_string(), json_text(&logical.name().into()))];
    if let Logical::Decimal { precision, scale } = logical {
        attributes.push(("precision".to_string(), precision.to_string()));
        attributes.push(("scale".to_string(), scale.to_string()));
    }
    attributes
}

/// Extra attributes (including an ignored `logicalType`) with their values as JSON text.
fn props_attributes(props: &Props) -> Vec<(String, String)> {
    props
        .iter()
        .map(|(key, value)| (key.clone(), json_text(value)))
        .collect()
}
