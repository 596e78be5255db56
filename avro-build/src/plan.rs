//! Planning: decides the Rust shape of every schema before any code is written — type and field
//! identifiers, modules from namespaces, which unions become generated enums, where `Box` breaks a
//! recursive cycle, and which traits each type can derive.

use std::collections::{BTreeMap, HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::ir::{Logical, NamedId, NamedKind, Primitive, Schema, SchemaSet};

/// Rust keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// How a union schema is represented in Rust.
#[derive(Debug, Clone, PartialEq)]
pub enum UnionShape {
    /// No branches: an uninhabited generated enum.
    Empty(usize),
    /// `["null"]`: `()`.
    OnlyNull,
    /// One non-null branch and no null: the branch's type.
    Single,
    /// `null` plus one other branch: `Option<T>`. Fields: index of the null branch, of the other.
    Option {
        /// Position of `null` in the union.
        null_index: usize,
        /// Position of the value branch.
        some_index: usize,
    },
    /// Several non-null branches (maybe plus `null`, giving `Option<Enum>`): a generated enum.
    Enum {
        /// Index into [`Plan::unions`].
        union: usize,
        /// Position of `null` in the union, if present.
        null_index: Option<usize>,
    },
}

/// A generated enum for a union with several non-null branches.
#[derive(Debug, Clone)]
pub struct UnionPlan {
    /// Module path (Rust identifiers) the enum is defined in.
    pub module: Vec<String>,
    /// The enum's identifier, e.g. `UnionStringLongPoint`.
    pub ident: String,
    /// The non-null branches: the branch schema and its variant identifier, in union order.
    pub variants: Vec<(Schema, String)>,
    /// Whether `Eq` (and so `Hash` if [`UnionPlan::hash`]) can be derived.
    pub eq: bool,
    /// Whether `Hash` can be derived.
    pub hash: bool,
}

/// Identifiers of a named type.
#[derive(Debug, Clone)]
pub struct NamedPlan {
    /// Module path (Rust identifiers) from the namespace.
    pub module: Vec<String>,
    /// Type identifier (UpperCamelCase, unique within its module).
    pub ident: String,
    /// False for `fixed` types with a logical type: those map to a runtime or crate type.
    pub generated: bool,
    /// Record field identifiers (snake_case, unique, keywords escaped), in field order.
    pub fields: Vec<String>,
    /// Enum variant identifiers (UpperCamelCase, unique), in symbol order.
    pub variants: Vec<String>,
    /// Whether `Eq` can be derived.
    pub eq: bool,
    /// Whether `Hash` can be derived.
    pub hash: bool,
}

/// A node of the containment graph used to place `Box`es.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    /// A record.
    Named(NamedId),
    /// A generated union enum.
    Union(usize),
}

/// The Rust shape of a whole [`SchemaSet`].
#[derive(Debug, Clone)]
pub struct Plan {
    /// One per named type, indexed like [`SchemaSet::named`].
    pub named: Vec<NamedPlan>,
    /// Generated union enums.
    pub unions: Vec<UnionPlan>,
    /// Union enums for files whose top-level schema is such a union (they get codec impls).
    pub root_unions: Vec<usize>,
    /// Whether maps are `BTreeMap` (affects `Hash`).
    pub btree_maps: bool,
    union_keys: HashMap<String, usize>,
    /// `reach[a]` = nodes reachable from `a` through inline (non-heap) containment.
    reach: HashMap<Node, HashSet<Node>>,
    /// Records that can contain themselves through any path (arrays and maps included): their
    /// decoders count nesting so hostile input cannot exhaust the stack.
    recursive: HashSet<NamedId>,
}

impl Plan {
    /// Plans every named type and union of `set`.
    pub fn new(set: &SchemaSet, btree_maps: bool) -> Plan {
        let mut plan = Plan {
            named: Vec::with_capacity(set.named.len()),
            unions: Vec::new(),
            root_unions: Vec::new(),
            btree_maps,
            union_keys: HashMap::new(),
            reach: HashMap::new(),
            recursive: HashSet::new(),
        };
        plan.name_types(set);
        // Unions: collected in definition order so their names and modules are stable.
        for (i, named) in set.named.iter().enumerate() {
            if let NamedKind::Record { fields, .. } = &named.kind {
                let module = plan.named[i].module.clone();
                for field in fields {
                    plan.collect_unions(set, &field.schema, &module);
                }
            }
        }
        for root in &set.roots {
            plan.collect_unions(set, &root.schema, &[]);
            if let Schema::Union(branches) = &root.schema {
                if let UnionShape::Enum {
                    union,
                    null_index: None,
                } = plan.union_shape(branches)
                {
                    if !plan.root_unions.contains(&union) {
                        plan.root_unions.push(union);
                    }
                }
            }
        }
        plan.compute_reach(set);
        plan.recursive = recursive_records(set);
        plan.compute_derives(set);
        plan
    }

    /// Whether record `id` can (indirectly) contain itself.
    pub fn is_recursive(&self, id: NamedId) -> bool {
        self.recursive.contains(&id)
    }

    fn name_types(&mut self, set: &SchemaSet) {
        // Identifiers must be unique per module; two Avro names can collapse to one Rust name
        // (`foo_bar` and `FooBar`), so later ones get a numeric suffix.
        let mut taken: HashMap<Vec<String>, HashSet<String>> = HashMap::new();
        for named in &set.named {
            let module: Vec<String> = named
                .name
                .namespace
                .as_deref()
                .map(|ns| ns.split('.').map(module_ident).collect())
                .unwrap_or_default();
            let generated = !matches!(
                named.kind,
                NamedKind::Fixed {
                    logical: Some(_),
                    ..
                }
            );
            let used = taken.entry(module.clone()).or_default();
            let ident = if generated {
                unique(named_type_ident(&named.name.name), used)
            } else {
                String::new()
            };
            let (fields, variants) = match &named.kind {
                NamedKind::Record { fields, .. } => {
                    let mut used = HashSet::new();
                    (
                        fields
                            .iter()
                            .map(|f| unique(field_ident(&f.name), &mut used))
                            .collect(),
                        Vec::new(),
                    )
                }
                NamedKind::Enum { symbols, .. } => {
                    let mut used = HashSet::new();
                    (
                        Vec::new(),
                        symbols
                            .iter()
                            .map(|s| unique(type_ident(s), &mut used))
                            .collect(),
                    )
                }
                NamedKind::Fixed { .. } => (Vec::new(), Vec::new()),
            };
            self.named.push(NamedPlan {
                module,
                ident,
                generated,
                fields,
                variants,
                eq: true,
                hash: true,
            });
        }
        self.union_keys.clear();
        // Remember the identifiers taken per module so union enums do not collide with types.
        for (module, idents) in taken {
            for ident in idents {
                self.union_keys
                    .insert(taken_key(&module, &ident), usize::MAX);
            }
        }
    }

    /// How the union with these branches is represented.
    pub fn union_shape(&self, branches: &[Schema]) -> UnionShape {
        let null_index = branches.iter().position(is_null);
        let non_null = branches.len() - usize::from(null_index.is_some());
        match (non_null, null_index) {
            (0, None) => UnionShape::Empty(self.union_keys[&union_key(branches)]),
            (0, Some(_)) => UnionShape::OnlyNull,
            (1, None) => UnionShape::Single,
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

    fn collect_unions(&mut self, set: &SchemaSet, schema: &Schema, module: &[String]) {
        match schema {
            Schema::Array { items, .. } => self.collect_unions(set, items, module),
            Schema::Map { values, .. } => self.collect_unions(set, values, module),
            Schema::Union(branches) => {
                for b in branches {
                    self.collect_unions(set, b, module);
                }
                let non_null: Vec<&Schema> = branches.iter().filter(|b| !is_null(b)).collect();
                if non_null.len() >= 2 || branches.is_empty() {
                    let key = union_key(branches);
                    if self.union_keys.contains_key(&key) {
                        return;
                    }
                    let mut used = HashSet::new();
                    let variants: Vec<(Schema, String)> = non_null
                        .iter()
                        .map(|b| {
                            let name = variant_name(set, b, &non_null);
                            ((*b).clone(), unique(name, &mut used))
                        })
                        .collect();
                    let base = if variants.is_empty() {
                        "EmptyUnion".to_string()
                    } else {
                        let mut s = String::from("Union");
                        for (_, v) in &variants {
                            s.push_str(v);
                        }
                        s
                    };
                    let mut ident = base.clone();
                    let mut n = 2;
                    while self.union_keys.contains_key(&taken_key(module, &ident)) {
                        ident = format!("{base}{n}");
                        n += 1;
                    }
                    self.union_keys
                        .insert(taken_key(module, &ident), usize::MAX);
                    let index = self.unions.len();
                    self.unions.push(UnionPlan {
                        module: module.to_vec(),
                        ident,
                        variants,
                        eq: true,
                        hash: true,
                    });
                    self.union_keys.insert(key, index);
                }
            }
            Schema::Primitive { .. } | Schema::Named(_) => {}
        }
    }

    /// Named records and union enums this schema holds inline (not behind a `Vec` or map).
    pub fn inline_targets(&self, set: &SchemaSet, schema: &Schema, out: &mut Vec<Node>) {
        match schema {
            Schema::Named(id) => {
                if matches!(set.get(*id).kind, NamedKind::Record { .. }) {
                    out.push(Node::Named(*id));
                }
            }
            Schema::Union(branches) => match self.union_shape(branches) {
                UnionShape::Enum { union, .. } | UnionShape::Empty(union) => {
                    out.push(Node::Union(union))
                }
                UnionShape::Single | UnionShape::Option { .. } => {
                    for b in branches.iter().filter(|b| !is_null(b)) {
                        self.inline_targets(set, b, out);
                    }
                }
                UnionShape::OnlyNull => {}
            },
            Schema::Array { .. } | Schema::Map { .. } | Schema::Primitive { .. } => {}
        }
    }

    fn edges(&self, set: &SchemaSet, node: Node) -> Vec<Node> {
        let mut out = Vec::new();
        match node {
            Node::Named(id) => {
                if let NamedKind::Record { fields, .. } = &set.get(id).kind {
                    for f in fields {
                        self.inline_targets(set, &f.schema, &mut out);
                    }
                }
            }
            Node::Union(u) => {
                for (schema, _) in &self.unions[u].variants {
                    self.inline_targets(set, schema, &mut out);
                }
            }
        }
        out
    }

    fn compute_reach(&mut self, set: &SchemaSet) {
        let nodes: Vec<Node> = (0..set.named.len())
            .map(|i| Node::Named(NamedId(i)))
            .chain((0..self.unions.len()).map(Node::Union))
            .collect();
        let edges: HashMap<Node, Vec<Node>> =
            nodes.iter().map(|&n| (n, self.edges(set, n))).collect();
        for &start in &nodes {
            let mut seen = HashSet::new();
            let mut stack = edges[&start].clone();
            while let Some(n) = stack.pop() {
                if seen.insert(n) {
                    stack.extend(edges[&n].iter().copied());
                }
            }
            self.reach.insert(start, seen);
        }
    }

    /// Whether a value of record `target`, held inline by `holder`, must be boxed: it is when
    /// `target` can (inline) contain `holder` again, which would make the type infinitely large.
    pub fn needs_box(&self, holder: Node, target: NamedId) -> bool {
        self.reach
            .get(&Node::Named(target))
            .is_some_and(|r| r.contains(&holder))
    }

    fn compute_derives(&mut self, set: &SchemaSet) {
        // Fixpoint from "everything can": recursion cannot introduce a float or a HashMap.
        loop {
            let mut changed = false;
            for i in 0..self.named.len() {
                let (eq, hash) = match &set.named[i].kind {
                    NamedKind::Record { fields, .. } => {
                        fields.iter().fold((true, true), |acc, f| {
                            let (e, h) = self.caps(&f.schema);
                            (acc.0 && e, acc.1 && h)
                        })
                    }
                    _ => (true, true),
                };
                if (eq, hash) != (self.named[i].eq, self.named[i].hash) {
                    self.named[i].eq = eq;
                    self.named[i].hash = hash;
                    changed = true;
                }
            }
            for u in 0..self.unions.len() {
                let (eq, hash) =
                    self.unions[u]
                        .variants
                        .iter()
                        .fold((true, true), |acc, (s, _)| {
                            let (e, h) = self.caps(s);
                            (acc.0 && e, acc.1 && h)
                        });
                if (eq, hash) != (self.unions[u].eq, self.unions[u].hash) {
                    self.unions[u].eq = eq;
                    self.unions[u].hash = hash;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// (can derive `Eq`, can derive `Hash`) for the Rust type of `schema`.
    fn caps(&self, schema: &Schema) -> (bool, bool) {
        match schema {
            Schema::Primitive { ty, .. } => {
                let float = matches!(ty, Primitive::Float | Primitive::Double);
                (!float, !float)
            }
            Schema::Array { items, .. } => self.caps(items),
            Schema::Map { values, .. } => {
                let (e, h) = self.caps(values);
                (e, h && self.btree_maps)
            }
            Schema::Union(branches) => branches.iter().fold((true, true), |acc, b| {
                let (e, h) = self.caps(b);
                (acc.0 && e, acc.1 && h)
            }),
            Schema::Named(id) => {
                let p = &self.named[id.0];
                (p.eq, p.hash)
            }
        }
    }

    /// Relative path tokens text (`super::other::Name`) from module `from` to an item.
    pub fn path_between(from: &[String], module: &[String], ident: &str) -> String {
        let common = from.iter().zip(module).take_while(|(a, b)| a == b).count();
        let mut parts: Vec<&str> = Vec::new();
        parts.extend(std::iter::repeat_n("super", from.len() - common));
        parts.extend(module[common..].iter().map(String::as_str));
        parts.push(ident);
        parts.join("::")
    }
}

/// For each named type (by index), the named types reachable from it through one or more
/// uses (record fields, and the arrays, maps and unions in them).
pub fn reachability(set: &SchemaSet) -> Vec<HashSet<NamedId>> {
    fn uses(schema: &Schema, out: &mut Vec<NamedId>) {
        match schema {
            Schema::Named(id) => out.push(*id),
            Schema::Array { items, .. } => uses(items, out),
            Schema::Map { values, .. } => uses(values, out),
            Schema::Union(branches) => branches.iter().for_each(|b| uses(b, out)),
            Schema::Primitive { .. } => {}
        }
    }
    let edges: Vec<Vec<NamedId>> = set
        .named
        .iter()
        .map(|named| {
            let mut out = Vec::new();
            if let NamedKind::Record { fields, .. } = &named.kind {
                fields.iter().for_each(|f| uses(&f.schema, &mut out));
            }
            out
        })
        .collect();
    (0..set.named.len())
        .map(|start| {
            let mut reached = HashSet::new();
            let mut stack = edges[start].clone();
            while let Some(id) = stack.pop() {
                if reached.insert(id) {
                    stack.extend(edges[id.0].iter().copied());
                }
            }
            reached
        })
        .collect()
}

/// Records that can reach themselves through any reference.
pub fn recursive_records(set: &SchemaSet) -> HashSet<NamedId> {
    reachability(set)
        .iter()
        .enumerate()
        .map(|(i, reached)| (NamedId(i), reached))
        .filter(|(id, reached)| reached.contains(id))
        .map(|(id, _)| id)
        .collect()
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

/// The variant name of a union branch: the type's name.
fn variant_name(set: &SchemaSet, branch: &Schema, all: &[&Schema]) -> String {
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
            // Same short name in two namespaces: qualify both with their namespace.
            let clash = all.iter().any(|o| match o {
                Schema::Named(other) if other != id => set.get(*other).name.name == name.name,
                _ => false,
            });
            if clash {
                type_ident(&name.full().replace('.', "_"))
            } else {
                type_ident(&name.name)
            }
        }
    }
}

fn unique(base: String, used: &mut HashSet<String>) -> String {
    let mut candidate = base.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}{n}");
        n += 1;
    }
    candidate
}

fn escape_keyword(ident: String) -> String {
    if NON_RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// An UpperCamelCase type or variant identifier for an Avro name.
pub fn type_ident(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    let camel = if camel.is_empty() {
        // Names made only of underscores keep a readable, valid spelling.
        format!("U{}", name.len())
    } else if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{camel}")
    } else {
        camel
    };
    escape_keyword(camel)
}

/// Prelude value constructors that generated code calls unqualified (`Ok(..)`, `Some(..)`): a
/// generated type of that name (a fixed is a tuple struct, a constructor in the value namespace)
/// would shadow them in its module.
const PRELUDE_CONSTRUCTORS: &[&str] = &["Ok", "Err", "Some", "None"];

/// The identifier of a generated named type: [`type_ident`], with a trailing underscore where
/// it would shadow a prelude constructor the generated code uses (`Ok_` for an Avro `Ok`).
pub fn named_type_ident(name: &str) -> String {
    let ident = type_ident(name);
    if PRELUDE_CONSTRUCTORS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

/// A snake_case field identifier for an Avro field name.
pub fn field_ident(name: &str) -> String {
    let snake = name.to_snake_case();
    let snake = if snake.is_empty() {
        format!("field{}", name.len())
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake
    };
    escape_keyword(snake)
}

/// A snake_case module identifier for a namespace component.
pub fn module_ident(component: &str) -> String {
    field_ident(component)
}

/// Groups items by module for emission: module path → item indices, in first-seen order.
pub fn group_by_module<'a, I>(modules: I) -> BTreeMap<Vec<String>, Vec<usize>>
where
    I: IntoIterator<Item = &'a Vec<String>>,
{
    let mut map: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (i, m) in modules.into_iter().enumerate() {
        map.entry(m.clone()).or_default().push(i);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_valid_rust() {
        assert_eq!(type_ident("my_record"), "MyRecord");
        assert_eq!(type_ident("SPADES"), "Spades");
        assert_eq!(type_ident("Self"), "Self_");
        assert_eq!(named_type_ident("ok"), "Ok_");
        assert_eq!(named_type_ident("None"), "None_");
        assert_eq!(named_type_ident("Option"), "Option");
        assert_eq!(type_ident("_"), "U1");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("firstName"), "first_name");
        assert_eq!(field_ident("_1"), "_1");
        assert_eq!(module_ident("Example"), "example");
    }

    #[test]
    fn relative_paths() {
        let a = vec!["com".to_string(), "a".to_string()];
        let b = vec!["com".to_string(), "b".to_string()];
        assert_eq!(Plan::path_between(&a, &b, "X"), "super::b::X");
        assert_eq!(Plan::path_between(&a, &a, "X"), "X");
        assert_eq!(Plan::path_between(&[], &a, "X"), "com::a::X");
        assert_eq!(Plan::path_between(&a, &[], "X"), "super::super::X");
    }
}
