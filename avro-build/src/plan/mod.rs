//! Planning: decides the Rust shape of every schema before any code is written, once, and
//! records it in the Rust-type model ([`model`]): type, field and variant identifiers, modules
//! from namespaces, which unions become generated enums and how each union is held, where `Box`
//! breaks a recursive cycle, every mapping of the [`Options`], and which traits each type can
//! derive. The emitters ([`crate::emit`]) fold over the result and never read an option.

pub mod model;
pub mod names;

use std::collections::{HashMap, HashSet};

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;

use crate::config::{DateTimeMapping, DecimalMapping, MapType, Options, UuidMapping};
use crate::ir::{DefaultValue, Logical, NamedId, NamedKind, Primitive, Schema, SchemaSet};
pub use model::{FixedLen, LogicalBase, LogicalKind, MapKind, Text, Ty};
use names::unique;
pub use names::{field_ident, module_ident, named_type_ident, relative_path, type_ident};

/// A generated enum for a union with several non-null branches (or none).
#[derive(Debug, Clone)]
pub struct UnionPlan {
    /// Module path (Rust identifiers) the enum is defined in.
    pub module: Vec<String>,
    /// The enum's identifier, e.g. `UnionStringLongPoint`.
    pub ident: String,
    /// The non-null branches, in union order.
    pub variants: Vec<VariantPlan>,
    /// Whether `Eq` can be derived.
    pub eq: bool,
    /// Whether `Hash` can be derived.
    pub hash: bool,
    /// Whether it is the top-level schema of a file: then it implements `Encode` and `Decode`.
    pub root: bool,
}

impl UnionPlan {
    /// The union of the non-null branches: what the enum itself stands for.
    pub fn schema(&self) -> Schema {
        Schema::Union(self.variants.iter().map(|v| v.schema.clone()).collect())
    }
}

/// One variant of a generated union enum.
#[derive(Debug, Clone)]
pub struct VariantPlan {
    /// The branch's schema.
    pub schema: Schema,
    /// The variant identifier (the branch type's name).
    pub ident: String,
    /// The Rust type the variant holds.
    pub ty: Ty,
}

/// A record field.
#[derive(Debug, Clone)]
pub struct FieldPlan {
    /// The Avro field name.
    pub name: String,
    /// The Rust field identifier (snake_case, unique, keywords escaped).
    pub ident: String,
    /// The local variable a decoder reads the field into: the identifier, unless that would
    /// hide the decoder's `reader`.
    pub local: String,
    /// The Rust type.
    pub ty: Ty,
    /// The rustdoc: the schema's doc, and the Avro name where the identifier differs or the
    /// schema has no doc.
    pub doc: Option<String>,
    /// `default_<field>`, the function returning the schema default, if the field has one.
    pub default_fn: Option<String>,
    /// The schema default.
    pub default: Option<DefaultValue>,
    /// Extra attributes (`Config::field_attribute`).
    pub attributes: Vec<TokenStream>,
}

/// What a named type becomes.
#[derive(Debug, Clone)]
pub enum NamedShape {
    /// A struct with one field per Avro field.
    Record {
        /// The fields, in schema order.
        fields: Vec<FieldPlan>,
    },
    /// A fieldless enum.
    Enum {
        /// Variant identifiers (UpperCamelCase, unique), in symbol order.
        variants: Vec<String>,
        /// The variant `Default` gives: the schema's enum default, else the first symbol.
        default_index: usize,
    },
    /// A tuple struct over `[u8; size]`.
    Fixed {
        /// The size in bytes.
        size: usize,
    },
    /// A fixed with a logical type: no generated type; its uses hold the mapped type ([`Ty`]).
    Mapped,
}

/// A named type.
#[derive(Debug, Clone)]
pub struct NamedPlan {
    /// Module path (Rust identifiers) from the namespace.
    pub module: Vec<String>,
    /// Type identifier (UpperCamelCase, unique within its module); empty when not generated.
    pub ident: String,
    /// What it becomes.
    pub shape: NamedShape,
    /// Whether `Eq` can be derived.
    pub eq: bool,
    /// Whether `Hash` can be derived.
    pub hash: bool,
    /// Whether a value can contain another of the same record (through any path): its decoders
    /// count nesting so hostile input cannot exhaust the stack.
    pub recursive: bool,
    /// The fewest bytes a value encodes to.
    pub min_size: usize,
    /// Whether it is the top-level schema of a file.
    pub root: bool,
    /// Extra attributes (`Config::type_attribute`).
    pub attributes: Vec<TokenStream>,
}

impl NamedPlan {
    /// Whether a Rust type is generated for it.
    pub fn generated(&self) -> bool {
        !matches!(self.shape, NamedShape::Mapped)
    }

    /// The fields of a record (none for other types).
    pub fn fields(&self) -> &[FieldPlan] {
        match &self.shape {
            NamedShape::Record { fields } => fields,
            _ => &[],
        }
    }
}

/// A node of the containment graph used to place `Box`es.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Node {
    /// A record.
    Named(NamedId),
    /// A generated union enum.
    Union(usize),
    /// A file's top-level schema, which nothing holds.
    Root,
}

/// How a union schema is held in Rust.
#[derive(Debug, Clone, Copy, PartialEq)]
enum UnionShape {
    /// No branches: an uninhabited generated enum.
    Empty(usize),
    /// One branch (`null` or another).
    One,
    /// `null` plus one other branch: `Option<T>`.
    Option {
        null_index: usize,
        some_index: usize,
    },
    /// Several non-null branches (maybe plus `null`): a generated enum.
    Enum {
        union: usize,
        null_index: Option<usize>,
    },
}

/// The Rust shape of a whole [`SchemaSet`]: the Rust-type model.
#[derive(Debug, Clone)]
pub struct Plan {
    /// One per named type, indexed like [`SchemaSet::named`].
    pub named: Vec<NamedPlan>,
    /// Generated union enums.
    pub unions: Vec<UnionPlan>,
    /// The type of each file's top-level schema, in [`SchemaSet::roots`] order.
    pub roots: Vec<Ty>,
    /// The strongly connected component of each named type in the graph of uses (see
    /// [`Plan::in_one_cycle`]).
    component: Vec<usize>,
}

impl Plan {
    /// The model of no schema: what code written from Rust types (`#[derive(AvroSchema)]`)
    /// refers to, as it holds no generated types.
    pub fn empty() -> Plan {
        Plan {
            named: Vec::new(),
            unions: Vec::new(),
            roots: Vec::new(),
            component: Vec::new(),
        }
    }

    /// Plans every named type and union of `set` with the mappings of `options`.
    pub fn new(set: &SchemaSet, options: &Options) -> Plan {
        let mut planner = Planner {
            set,
            options,
            union_keys: HashMap::new(),
            unions: Vec::new(),
            inline_component: Vec::new(),
            union_component: Vec::new(),
        };
        let mut named = planner.name_types();
        // Unions: collected in definition order so their names and modules are stable.
        for (i, n) in set.named.iter().enumerate() {
            if let NamedKind::Record { fields, .. } = &n.kind {
                let module = named[i].module.clone();
                for field in fields {
                    planner.collect_unions(&field.schema, &module);
                }
            }
        }
        for root in &set.roots {
            planner.collect_unions(&root.schema, &[]);
        }
        planner.place_boxes();
        let component = use_components(set);
        let mut unions: Vec<UnionPlan> = std::mem::take(&mut planner.unions)
            .into_iter()
            .enumerate()
            .map(|(u, (module, ident, variants))| UnionPlan {
                variants: variants
                    .into_iter()
                    .map(|(schema, ident)| VariantPlan {
                        ty: planner.ty(&schema, Node::Union(u)),
                        schema,
                        ident,
                    })
                    .collect(),
                module,
                ident,
                eq: true,
                hash: true,
                root: false,
            })
            .collect();
        for (i, n) in set.named.iter().enumerate() {
            let id = NamedId(i);
            let plan = &mut named[i];
            plan.recursive = is_recursive(set, &component, id);
            if let NamedKind::Record { fields, .. } = &n.kind {
                plan.shape = NamedShape::Record {
                    fields: planner.fields(id, fields),
                };
            }
            plan.attributes = if plan.generated() {
                options.type_attributes_for(&n.name.full())
            } else {
                Vec::new()
            };
        }
        let roots = set
            .roots
            .iter()
            .map(|root| planner.ty(&root.schema, Node::Root))
            .collect::<Vec<_>>();
        for (root, ty) in set.roots.iter().zip(&roots) {
            match (ty, &root.schema) {
                (Ty::Named(id), _) => named[id.0].root = true,
                (
                    Ty::Union {
                        union,
                        null_index: None,
                    },
                    Schema::Union(_),
                ) => unions[*union].root = true,
                _ => {}
            }
        }
        let mut plan = Plan {
            named,
            unions: std::mem::take(&mut unions),
            roots,
            component,
        };
        plan.compute_derives();
        plan.compute_min_sizes(set);
        plan
    }

    /// Whether named types `a` and `b` are in one cycle of uses (record fields, and the arrays,
    /// maps and unions in them). When `a` uses `b`, directly or not, that is whether `b` can
    /// reach `a` again.
    pub fn in_one_cycle(&self, a: NamedId, b: NamedId) -> bool {
        self.component[a.0] == self.component[b.0]
    }

    /// The path (text) from module `from` to named type `id`.
    pub fn named_path(&self, from: &[String], id: NamedId) -> String {
        let p = &self.named[id.0];
        relative_path(from, &p.module, &p.ident)
    }

    /// The path (text) from module `from` to union enum `u`.
    pub fn union_path(&self, from: &[String], u: usize) -> String {
        let p = &self.unions[u];
        relative_path(from, &p.module, &p.ident)
    }

    fn compute_derives(&mut self) {
        // Fixpoint from "everything can": recursion cannot introduce a float or a HashMap.
        loop {
            let mut changed = false;
            for i in 0..self.named.len() {
                let caps = self.named[i]
                    .fields()
                    .iter()
                    .fold((true, true), |acc, f| both(acc, self.caps(&f.ty)));
                if caps != (self.named[i].eq, self.named[i].hash) {
                    (self.named[i].eq, self.named[i].hash) = caps;
                    changed = true;
                }
            }
            for u in 0..self.unions.len() {
                let caps = self.unions[u]
                    .variants
                    .iter()
                    .fold((true, true), |acc, v| both(acc, self.caps(&v.ty)));
                if caps != (self.unions[u].eq, self.unions[u].hash) {
                    (self.unions[u].eq, self.unions[u].hash) = caps;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// (can derive `Eq`, can derive `Hash`) for a Rust type.
    fn caps(&self, ty: &Ty) -> (bool, bool) {
        match ty {
            Ty::Float | Ty::Double => (false, false),
            Ty::Array(inner) | Ty::Option { some: inner, .. } => self.caps(inner),
            Ty::OneBranch(inner) | Ty::Boxed(inner) => self.caps(inner),
            Ty::Map { kind, values, .. } => {
                let (eq, hash) = self.caps(values);
                (eq, hash && *kind == MapKind::BTree)
            }
            Ty::Union { union, .. } => (self.unions[*union].eq, self.unions[*union].hash),
            Ty::Named(id) => (self.named[id.0].eq, self.named[id.0].hash),
            _ => (true, true),
        }
    }

    fn compute_min_sizes(&mut self, set: &SchemaSet) {
        for i in 0..self.named.len() {
            self.named[i].min_size = min_size(set, &Schema::Named(NamedId(i)), &mut Vec::new());
        }
    }
}

fn both(a: (bool, bool), b: (bool, bool)) -> (bool, bool) {
    (a.0 && b.0, a.1 && b.1)
}

/// The fewest bytes a value of `schema` encodes to (a record in a cycle counts as empty where
/// it meets itself again).
fn min_size(set: &SchemaSet, schema: &Schema, visiting: &mut Vec<NamedId>) -> usize {
    match schema {
        Schema::Primitive { ty, .. } => match ty {
            Primitive::Null => 0,
            Primitive::Float => 4,
            Primitive::Double => 8,
            _ => 1,
        },
        Schema::Array { .. } | Schema::Map { .. } | Schema::Union(_) => 1,
        Schema::Named(id) => match &set.get(*id).kind {
            NamedKind::Fixed { size, .. } => *size,
            NamedKind::Enum { .. } => 1,
            NamedKind::Record { fields, .. } => {
                if visiting.contains(id) {
                    return 0;
                }
                visiting.push(*id);
                let n = fields
                    .iter()
                    .map(|f| min_size(set, &f.schema, visiting))
                    .sum();
                visiting.pop();
                n
            }
        },
    }
}

/// The planner's working state.
struct Planner<'a> {
    set: &'a SchemaSet,
    options: &'a Options,
    /// Union keys (non-null branches) to union index, and `ident:` keys of taken identifiers.
    union_keys: HashMap<String, usize>,
    /// (module, identifier, (branch schema, variant identifier)) of each union enum.
    #[allow(clippy::type_complexity)]
    unions: Vec<(Vec<String>, String, Vec<(Schema, String)>)>,
    /// The strongly connected component of each record in the graph of inline containment.
    inline_component: Vec<usize>,
    /// The same for each union enum.
    union_component: Vec<usize>,
}

impl Planner<'_> {
    fn name_types(&mut self) -> Vec<NamedPlan> {
        // Identifiers must be unique per module; two Avro names can collapse to one Rust name
        // (`foo_bar` and `FooBar`), so later ones get a numeric suffix.
        let mut taken: HashMap<Vec<String>, HashSet<String>> = HashMap::new();
        let mut out = Vec::with_capacity(self.set.named.len());
        for named in &self.set.named {
            let module: Vec<String> = named
                .name
                .namespace
                .as_deref()
                .map(|ns| ns.split('.').map(module_ident).collect())
                .unwrap_or_default();
            let used = taken.entry(module.clone()).or_default();
            let (ident, shape) = match &named.kind {
                NamedKind::Fixed {
                    logical: Some(_), ..
                } => (String::new(), NamedShape::Mapped),
                kind => {
                    let ident = unique(named_type_ident(&named.name.name), used);
                    let shape = match kind {
                        NamedKind::Record { .. } => NamedShape::Record { fields: Vec::new() },
                        NamedKind::Enum { symbols, default } => {
                            let mut used = HashSet::new();
                            NamedShape::Enum {
                                variants: symbols
                                    .iter()
                                    .map(|s| unique(type_ident(s), &mut used))
                                    .collect(),
                                default_index: default
                                    .as_deref()
                                    .and_then(|d| symbols.iter().position(|s| s == d))
                                    .unwrap_or(0),
                            }
                        }
                        NamedKind::Fixed { size, .. } => NamedShape::Fixed { size: *size },
                    };
                    (ident, shape)
                }
            };
            out.push(NamedPlan {
                module,
                ident,
                shape,
                eq: true,
                hash: true,
                recursive: false,
                min_size: 0,
                root: false,
                attributes: Vec::new(),
            });
        }
        // Remember the identifiers taken per module so union enums do not collide with types.
        for (module, idents) in taken {
            for ident in idents {
                self.union_keys
                    .insert(taken_key(&module, &ident), usize::MAX);
            }
        }
        out
    }

    fn fields(&self, id: NamedId, fields: &[crate::ir::Field]) -> Vec<FieldPlan> {
        let full_name = self.set.get(id).name.full();
        let mut used = HashSet::new();
        let idents: Vec<String> = fields
            .iter()
            .map(|f| unique(field_ident(&f.name), &mut used))
            .collect();
        // Locals are the identifiers, except one that would hide the decoder's `reader`.
        let mut locals: HashSet<String> = idents.iter().cloned().collect();
        fields
            .iter()
            .zip(idents)
            .map(|(field, ident)| {
                let bare = ident.trim_start_matches("r#").to_string();
                let local = if ident == "reader" {
                    unique("reader_".to_string(), &mut locals)
                } else {
                    ident.clone()
                };
                // Every public field has rustdoc (`missing_docs`): the schema's doc, and the
                // Avro name where the identifier differs or there is no doc.
                let note = format!("Avro field `{}`.", field.name);
                let doc = Some(match &field.doc {
                    Some(d) if bare == field.name => d.clone(),
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note,
                });
                FieldPlan {
                    name: field.name.clone(),
                    ty: self.ty(&field.schema, Node::Named(id)),
                    doc,
                    default_fn: field.default.as_ref().map(|_| format!("default_{bare}")),
                    default: field.default.clone(),
                    attributes: self.options.field_attributes_for(&full_name, &field.name),
                    ident,
                    local,
                }
            })
            .collect()
    }

    /// How the union with these branches is held.
    fn union_shape(&self, branches: &[Schema]) -> UnionShape {
        let null_index = branches.iter().position(is_null);
        let non_null = branches.len() - usize::from(null_index.is_some());
        match (non_null, null_index) {
            (0, None) => UnionShape::Empty(self.union_keys[&union_key(branches)]),
            (0, Some(_)) | (1, None) => UnionShape::One,
            (1, Some(null_index)) => UnionShape::Option {
                null_index,
                some_index: 1 - null_index,
            },
            _ => UnionShape::Enum {
                union: self.union_keys[&union_key(branches)],
                null_index,
            },
        }
    }

    fn collect_unions(&mut self, schema: &Schema, module: &[String]) {
        match schema {
            Schema::Array { items, .. } => self.collect_unions(items, module),
            Schema::Map { values, .. } => self.collect_unions(values, module),
            Schema::Union(branches) => {
                for b in branches {
                    self.collect_unions(b, module);
                }
                let non_null: Vec<&Schema> = branches.iter().filter(|b| !is_null(b)).collect();
                if non_null.len() >= 2 || branches.is_empty() {
                    let key = union_key(branches);
                    if self.union_keys.contains_key(&key) {
                        return;
                    }
                    let mut used = HashSet::new();
                    // Short names of named branches, counted once: two branches with the same
                    // short name are qualified by namespace.
                    let mut short_names: HashMap<&str, usize> = HashMap::new();
                    for b in &non_null {
                        if let Schema::Named(id) = b {
                            *short_names.entry(&self.set.get(*id).name.name).or_default() += 1;
                        }
                    }
                    let variants: Vec<(Schema, String)> = non_null
                        .iter()
                        .map(|b| {
                            let name = variant_name(self.set, b, &short_names);
                            ((*b).clone(), unique(name, &mut used))
                        })
                        .collect();
                    let base = union_ident(&variants);
                    let mut ident = base.clone();
                    let mut n = 2;
                    while self.union_keys.contains_key(&taken_key(module, &ident)) {
                        ident = format!("{base}{n}");
                        n += 1;
                    }
                    self.union_keys
                        .insert(taken_key(module, &ident), usize::MAX);
                    let index = self.unions.len();
                    self.unions.push((module.to_vec(), ident, variants));
                    self.union_keys.insert(key, index);
                }
            }
            Schema::Primitive { .. } | Schema::Named(_) => {}
        }
    }

    /// Records and union enums this schema holds inline (not behind a `Vec` or map).
    fn inline_targets(&self, schema: &Schema, out: &mut Vec<Node>) {
        match schema {
            Schema::Named(id) => {
                if matches!(self.set.get(*id).kind, NamedKind::Record { .. }) {
                    out.push(Node::Named(*id));
                }
            }
            Schema::Union(branches) => match self.union_shape(branches) {
                UnionShape::Enum { union, .. } | UnionShape::Empty(union) => {
                    out.push(Node::Union(union))
                }
                UnionShape::One | UnionShape::Option { .. } => {
                    for b in branches.iter().filter(|b| !is_null(b)) {
                        self.inline_targets(b, out);
                    }
                }
            },
            Schema::Array { .. } | Schema::Map { .. } | Schema::Primitive { .. } => {}
        }
    }

    /// Finds the cycles of inline containment, which `Box`es must break.
    fn place_boxes(&mut self) {
        let records = self.set.named.len();
        let node = |i: usize| {
            if i < records {
                Node::Named(NamedId(i))
            } else {
                Node::Union(i - records)
            }
        };
        let index = |n: Node| match n {
            Node::Named(id) => id.0,
            Node::Union(u) => records + u,
            Node::Root => unreachable!("roots are not held"),
        };
        let component = components(records + self.unions.len(), |i| {
            let mut out = Vec::new();
            match node(i) {
                Node::Named(id) => {
                    if let NamedKind::Record { fields, .. } = &self.set.get(id).kind {
                        for f in fields {
                            self.inline_targets(&f.schema, &mut out);
                        }
                    }
                }
                Node::Union(u) => {
                    for (schema, _) in &self.unions[u].2 {
                        self.inline_targets(schema, &mut out);
                    }
                }
                Node::Root => {}
            }
            out.into_iter().map(|n| NamedId(index(n))).collect()
        });
        self.union_component = component[records..].to_vec();
        self.inline_component = component[..records].to_vec();
    }

    /// Whether a value of record `target`, held inline by `holder`, must be boxed: it is when
    /// `target` can (inline) contain `holder` again, which would make the type infinitely
    /// large. As `holder` holds `target`, that is when both are in one cycle.
    fn needs_box(&self, holder: Node, target: NamedId) -> bool {
        let target = self.inline_component[target.0];
        match holder {
            Node::Named(id) => self.inline_component[id.0] == target,
            Node::Union(u) => self.union_component[u] == target,
            Node::Root => false,
        }
    }

    /// The Rust type of `schema`, held inline by `holder`.
    fn ty(&self, schema: &Schema, holder: Node) -> Ty {
        match schema {
            Schema::Primitive { ty, logical, .. } => self.primitive_ty(*ty, *logical),
            Schema::Array { items, .. } => Ty::Array(Box::new(self.ty(items, holder))),
            Schema::Map { values, .. } => Ty::Map {
                kind: match self.options.map_type {
                    MapType::HashMap => MapKind::Hash,
                    MapType::BTreeMap => MapKind::BTree,
                    MapType::IndexMap => MapKind::Index,
                },
                key: Text::Owned,
                values: Box::new(self.ty(values, holder)),
            },
            Schema::Union(branches) => match self.union_shape(branches) {
                UnionShape::Empty(union) => Ty::Union {
                    union,
                    null_index: None,
                },
                UnionShape::One => Ty::OneBranch(Box::new(self.ty(&branches[0], holder))),
                UnionShape::Option {
                    null_index,
                    some_index,
                } => Ty::Option {
                    null_index,
                    some: Box::new(self.ty(&branches[some_index], holder)),
                },
                UnionShape::Enum { union, null_index } => Ty::Union { union, null_index },
            },
            Schema::Named(id) => match &self.set.get(*id).kind {
                NamedKind::Fixed {
                    logical: Some(logical),
                    size,
                } => self.logical_fixed_ty(*logical, *size),
                NamedKind::Record { .. } if self.needs_box(holder, *id) => {
                    Ty::Boxed(Box::new(Ty::Named(*id)))
                }
                _ => Ty::Named(*id),
            },
        }
    }

    fn primitive_ty(&self, ty: Primitive, logical: Option<Logical>) -> Ty {
        if let Some(logical) = logical {
            if let Some(kind) = date_time_kind(logical) {
                return Ty::Logical {
                    kind,
                    rust: self.date_time_type(kind),
                };
            }
            match logical {
                Logical::Decimal { scale, .. } => {
                    return Ty::Decimal {
                        scale,
                        fixed: None,
                        rust: self.decimal_type(),
                    }
                }
                Logical::Uuid if self.options.uuid == UuidMapping::Uuid => {
                    return Ty::Logical {
                        kind: LogicalKind::Uuid,
                        rust: quote!(::avro_runtime::uuid::Uuid),
                    }
                }
                _ => {}
            }
        }
        match ty {
            Primitive::Null => Ty::Null,
            Primitive::Boolean => Ty::Boolean,
            Primitive::Int => Ty::Int,
            Primitive::Long => Ty::Long,
            Primitive::Float => Ty::Float,
            Primitive::Double => Ty::Double,
            Primitive::Bytes => Ty::Bytes(Text::Owned),
            Primitive::String => Ty::String(Text::Owned),
        }
    }

    fn logical_fixed_ty(&self, logical: Logical, size: usize) -> Ty {
        match logical {
            Logical::Decimal { scale, .. } => Ty::Decimal {
                scale,
                fixed: Some(size),
                rust: self.decimal_type(),
            },
            Logical::Uuid if self.options.uuid == UuidMapping::Uuid => Ty::Logical {
                kind: LogicalKind::UuidFixed,
                rust: quote!(::avro_runtime::uuid::Uuid),
            },
            Logical::Duration => Ty::Logical {
                kind: LogicalKind::Duration,
                rust: quote!(::avro_runtime::Duration),
            },
            _ => Ty::Fixed(FixedLen::Known(size)),
        }
    }

    fn decimal_type(&self) -> TokenStream {
        match self.options.decimal {
            DecimalMapping::Runtime => quote!(::avro_runtime::Decimal),
            DecimalMapping::RustDecimal => quote!(::avro_runtime::rust_decimal::Decimal),
        }
    }

    fn date_time_type(&self, kind: LogicalKind) -> TokenStream {
        use LogicalKind as K;
        match self.options.date_time {
            DateTimeMapping::Newtypes => {
                let name = proc_macro2::Ident::new(kind.marker(), proc_macro2::Span::call_site());
                quote!(::avro_runtime::#name)
            }
            DateTimeMapping::Chrono => match kind {
                K::Date => quote!(::avro_runtime::chrono::NaiveDate),
                K::TimeMillis | K::TimeMicros => quote!(::avro_runtime::chrono::NaiveTime),
                K::TimestampMillis | K::TimestampMicros | K::TimestampNanos => {
                    quote!(::avro_runtime::chrono::DateTime<::avro_runtime::chrono::Utc>)
                }
                _ => quote!(::avro_runtime::chrono::NaiveDateTime),
            },
            DateTimeMapping::Time => match kind {
                K::Date => quote!(::avro_runtime::time::Date),
                K::TimeMillis | K::TimeMicros => quote!(::avro_runtime::time::Time),
                K::TimestampMillis | K::TimestampMicros | K::TimestampNanos => {
                    quote!(::avro_runtime::time::OffsetDateTime)
                }
                _ => quote!(::avro_runtime::time::PrimitiveDateTime),
            },
        }
    }
}

/// The logical kind of a date or time logical type.
fn date_time_kind(logical: Logical) -> Option<LogicalKind> {
    Some(match logical {
        Logical::Date => LogicalKind::Date,
        Logical::TimeMillis => LogicalKind::TimeMillis,
        Logical::TimeMicros => LogicalKind::TimeMicros,
        Logical::TimestampMillis => LogicalKind::TimestampMillis,
        Logical::TimestampMicros => LogicalKind::TimestampMicros,
        Logical::TimestampNanos => LogicalKind::TimestampNanos,
        Logical::LocalTimestampMillis => LogicalKind::LocalTimestampMillis,
        Logical::LocalTimestampMicros => LogicalKind::LocalTimestampMicros,
        Logical::LocalTimestampNanos => LogicalKind::LocalTimestampNanos,
        Logical::Decimal { .. } | Logical::Uuid | Logical::Duration => return None,
    })
}

/// The strongly connected component of each named type in the graph of uses.
fn use_components(set: &SchemaSet) -> Vec<usize> {
    components(set.named.len(), |i| uses_of(set, NamedId(i)))
}

/// Whether record `id` can contain itself: it uses a type of its own cycle (itself included).
fn is_recursive(set: &SchemaSet, component: &[usize], id: NamedId) -> bool {
    uses_of(set, id)
        .iter()
        .any(|used| component[used.0] == component[id.0])
}

/// Records that can contain themselves through any path (arrays and maps included), in any
/// schema set (a known writer's, too): their decoders count nesting.
pub fn recursive_records(set: &SchemaSet) -> HashSet<NamedId> {
    let component = use_components(set);
    (0..set.named.len())
        .map(NamedId)
        .filter(|id| is_recursive(set, &component, *id))
        .collect()
}

/// The named types record `id`'s fields use, directly (through arrays, maps and unions too).
fn uses_of(set: &SchemaSet, id: NamedId) -> Vec<NamedId> {
    fn walk(schema: &Schema, out: &mut Vec<NamedId>) {
        match schema {
            Schema::Named(id) => out.push(*id),
            Schema::Array { items, .. } => walk(items, out),
            Schema::Map { values, .. } => walk(values, out),
            Schema::Union(branches) => branches.iter().for_each(|b| walk(b, out)),
            Schema::Primitive { .. } => {}
        }
    }
    let mut out = Vec::new();
    if let NamedKind::Record { fields, .. } = &set.get(id).kind {
        fields.iter().for_each(|f| walk(&f.schema, &mut out));
    }
    out
}

/// The strongly connected component of each of `n` nodes (Tarjan's algorithm, iterative so
/// that a long chain of types cannot exhaust the stack); `edges(i)` lists node `i`'s successors.
fn components(n: usize, edges: impl Fn(usize) -> Vec<NamedId>) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        // (node, its successors, how many of them were visited)
        let mut work: Vec<(usize, Vec<NamedId>, usize)> = vec![(start, edges(start), 0)];
        index[start] = next_index;
        low[start] = next_index;
        next_index += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some((v, succ, done)) = work.last_mut() {
            let v = *v;
            if let Some(&NamedId(w)) = succ.get(*done) {
                *done += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, edges(w), 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some((parent, _, _)) = work.last() {
                low[*parent] = low[*parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

fn taken_key(module: &[String], ident: &str) -> String {
    format!("ident:{}::{ident}", module.join("::"))
}

/// Whether this schema is the `null` primitive.
pub fn is_null(schema: &Schema) -> bool {
    matches!(
        schema,
        Schema::Primitive {
            ty: Primitive::Null,
            ..
        }
    )
}

/// A key identifying a union's non-null branches in order (equal keys share one Rust enum).
fn union_key(branches: &[Schema]) -> String {
    let parts: Vec<String> = branches
        .iter()
        .filter(|b| !is_null(b))
        .map(schema_key)
        .collect();
    format!("union:[{}]", parts.join(","))
}

fn schema_key(schema: &Schema) -> String {
    match schema {
        Schema::Primitive { ty, logical, .. } => match logical {
            Some(Logical::Decimal { precision, scale }) => {
                format!("{}:decimal({precision},{scale})", ty.name())
            }
            Some(l) => format!("{}:{}", ty.name(), l.name()),
            None => ty.name().to_string(),
        },
        Schema::Array { items, .. } => format!("array<{}>", schema_key(items)),
        Schema::Map { values, .. } => format!("map<{}>", schema_key(values)),
        Schema::Union(b) => union_key(b),
        Schema::Named(id) => format!("#{}", id.0),
    }
}

/// The identifier of a union enum: `Union` and its variants' names (`UnionStringLong`), up to
/// a few variants; a longer union is named by its first variants and its size
/// (`UnionAbcDefGhiOf9`), so that the name, written in every match arm over the union, keeps
/// generated code linear in the number of branches.
fn union_ident(variants: &[(Schema, String)]) -> String {
    const MAX_NAMED: usize = 4;
    if variants.is_empty() {
        return "EmptyUnion".to_string();
    }
    let mut s = String::from("Union");
    if variants.len() <= MAX_NAMED {
        variants.iter().for_each(|(_, v)| s.push_str(v));
    } else {
        variants[..MAX_NAMED - 1]
            .iter()
            .for_each(|(_, v)| s.push_str(v));
        s.push_str(&format!("Of{}", variants.len()));
    }
    s
}

/// The variant name of a union branch: the type's name (qualified by namespace when another
/// branch has the same short name; `short_names` counts the named branches' short names).
fn variant_name(set: &SchemaSet, branch: &Schema, short_names: &HashMap<&str, usize>) -> String {
    match branch {
        Schema::Primitive { ty, logical, .. } => match logical {
            Some(l) => l.name().to_upper_camel_case(),
            None => ty.name().to_upper_camel_case(),
        },
        Schema::Array { .. } => "Array".into(),
        Schema::Map { .. } => "Map".into(),
        Schema::Union(_) => "Union".into(),
        Schema::Named(id) => {
            let name = &set.get(*id).name;
            if short_names.get(name.name.as_str()).copied().unwrap_or(0) > 1 {
                type_ident(&name.full().replace('.', "_"))
            } else {
                type_ident(&name.name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_of_a_graph() {
        // 0 -> 1 -> 2 -> 0, 2 -> 3, 3 -> 3, 4
        let edges = |i: usize| -> Vec<NamedId> {
            match i {
                0 => vec![NamedId(1)],
                1 => vec![NamedId(2)],
                2 => vec![NamedId(0), NamedId(3)],
                3 => vec![NamedId(3)],
                _ => vec![],
            }
        };
        let c = components(5, edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[2], c[3]);
        assert_ne!(c[3], c[4]);
    }

    #[test]
    fn a_long_chain_does_not_exhaust_the_stack() {
        let n = 1_000_000;
        let c = components(n, |i| {
            if i + 1 < n {
                vec![NamedId(i + 1)]
            } else {
                vec![NamedId(0)]
            }
        });
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
