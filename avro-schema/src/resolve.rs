//! Schema resolution (Avro 1.12 specification, "Schema Resolution"): how data written with a
//! writer schema is read as a reader schema. [`resolve`] analyses a writer/reader pair once and
//! produces a [`Resolution`] plan that every consumer follows: the code generator (decoders
//! specialised per known writer), the runtime (`resolve` feature: plans for writers only known at
//! run time) and the compatibility checker ([`crate::compat`]).
//!
//! Incompatibilities are of two kinds. *Structural* ones mean no datum can be read (a reader field
//! without default missing from the writer, a long read as int, ...): [`resolve`] returns no plan.
//! *Data-dependent* ones only fail for some datums (a writer union branch the reader cannot read, a
//! writer enum symbol the reader lacks and no reader enum default): the plan holds an
//! [`Unreadable`] for them, which decoders turn into an error when such a datum appears. The
//! compatibility checker counts both kinds.

use std::collections::HashMap;

use crate::diagnostics::path;
use crate::ir::{
    DefaultValue, FullName, NamedId, NamedKind, NamedType, Primitive, Schema, SchemaSet,
};

/// A writer/reader pair of schemas: each side's set and the schema in it.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The set the schema's named types live in.
    pub set: &'a SchemaSet,
    /// The schema.
    pub schema: &'a Schema,
}

/// Why (part of) a writer schema cannot be read by a reader schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incompatibility {
    /// JSON path in the reader schema where the problem is (`fields[2].type`, `""` for the root),
    /// as the diagnostics spell paths.
    pub reader_path: String,
    /// JSON path in the writer schema.
    pub writer_path: String,
    /// What is wrong, e.g. ``reader field `email` (string) has no default and the writer has no
    /// such field``.
    pub message: String,
    /// Whether any datum is readable at all (false) or only some datums fail (true).
    pub data_dependent: bool,
}

/// A part of the writer schema the reader cannot read; reading a datum that contains it fails with
/// this message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The message for the decode error.
    pub message: String,
}

/// How to read one writer value as one reader value.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// Same primitive type on both sides (logical types may differ; the value is the same).
    Same(Primitive),
    /// A promotion the specification allows: int→long/float/double, long→float/double,
    /// float→double, string→bytes, bytes→string.
    Promote {
        /// The writer's primitive.
        writer: Primitive,
        /// The reader's primitive.
        reader: Primitive,
    },
    /// Arrays: how to read each item.
    Array(Box<Resolution>),
    /// Maps: how to read each value.
    Map(Box<Resolution>),
    /// Fixed of the same size and (alias-matched) name.
    Fixed {
        /// Writer named type.
        writer: NamedId,
        /// Reader named type.
        reader: NamedId,
        /// Size in bytes.
        size: usize,
    },
    /// Enums matched by name or alias: see [`Resolved::enums`].
    Enum(usize),
    /// Records matched by name or alias: see [`Resolved::records`] (an index, so recursive
    /// schemas give finite plans).
    Record(usize),
    /// The writer is a union: one entry per writer branch, in writer order.
    WriterUnion(Vec<UnionBranch>),
    /// The writer is not a union but the reader is: read the writer value as reader branch
    /// `branch` (the first reader branch that matches, per the specification).
    ReaderBranch {
        /// Index of the reader branch.
        branch: usize,
        /// How to read the writer value as that branch.
        resolution: Box<Resolution>,
    },
}

/// How one writer union branch is read.
#[derive(Debug, Clone, PartialEq)]
pub enum UnionBranch {
    /// Readable: into reader branch `reader_branch` when the reader is a union (`None` when the
    /// reader is not a union), following `resolution`.
    Read {
        /// Index of the reader's union branch, or `None` if the reader is not a union.
        reader_branch: Option<usize>,
        /// How to read the branch's value.
        resolution: Resolution,
    },
    /// Not readable by the reader: a datum using this branch is an error.
    Unreadable(Unreadable),
}

/// How a writer record is read as a reader record.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordResolution {
    /// Writer named type.
    pub writer: NamedId,
    /// Reader named type.
    pub reader: NamedId,
    /// One step per writer field, in writer order.
    pub steps: Vec<FieldStep>,
    /// Reader fields (indices) the writer does not have: they take the reader's default.
    pub defaulted: Vec<usize>,
}

/// What to do with one writer field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldStep {
    /// Read it into reader field `reader_field` (matched by name or reader alias).
    Read {
        /// Index of the reader field.
        reader_field: usize,
        /// How to read the value.
        resolution: Resolution,
    },
    /// The reader has no such field: skip the writer's value (of this writer schema).
    Skip(Schema),
}

/// How a writer enum is read as a reader enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumResolution {
    /// Writer named type.
    pub writer: NamedId,
    /// Reader named type.
    pub reader: NamedId,
    /// For each writer symbol (by index): the reader symbol index (the same symbol, or the
    /// reader's enum default when the reader lacks it), or why it cannot be read.
    pub symbols: Vec<Result<usize, Unreadable>>,
}

/// A complete resolution plan for one writer/reader pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// How to read the root value.
    pub root: Resolution,
    /// Record resolutions referenced by [`Resolution::Record`].
    pub records: Vec<RecordResolution>,
    /// Enum resolutions referenced by [`Resolution::Enum`].
    pub enums: Vec<EnumResolution>,
    /// Data-dependent incompatibilities found (also present as [`Unreadable`]s in the plan).
    pub warnings: Vec<Incompatibility>,
}

impl Resolved {
    /// The reader default of a defaulted field (validated, so always present).
    pub fn default_of<'a>(
        reader: &'a SchemaSet,
        record: &RecordResolution,
        field: usize,
    ) -> Option<&'a DefaultValue> {
        match &reader.get(record.reader).kind {
            crate::ir::NamedKind::Record { fields, .. } => fields.get(field)?.default.as_ref(),
            _ => None,
        }
    }
}

/// Analyses how data written with `writer` is read as `reader`. Returns the plan, or every
/// structural incompatibility found (with data-dependent ones too, for a complete report).
///
/// The rules are those of the specification (Avro 1.12, "Schema Resolution"):
/// - Primitives: the same type gives [`Resolution::Same`]; int→long/float/double,
///   long→float/double, float→double, string→bytes and bytes→string give
///   [`Resolution::Promote`]. Logical types are ignored: the underlying types decide.
/// - Named types *match* when they are of the same kind and their unqualified names are equal,
///   or the writer's full name is one of the reader's aliases (the specification's aliases
///   rewrite the writer's names before the unqualified comparison); fixed types must also have
///   the same size.
/// - Records: a reader field reads the writer field of the same name, else the first writer field
///   named by one of its aliases (a writer field feeds at most one reader field, exact names
///   first). Writer fields the reader lacks are skipped; reader fields the writer lacks take
///   their default, and without a default are a structural incompatibility.
/// - Enums: each writer symbol maps to the same reader symbol, else to the reader's enum default,
///   else it is [`Unreadable`] (data-dependent).
/// - Unions: a writer union is read branch by branch ([`Resolution::WriterUnion`]); each writer
///   branch goes to the *first* reader branch that matches it (or to the reader itself when it is
///   not a union). A writer branch that nothing matches, or whose resolution fails, is
///   [`Unreadable`]: only datums of that branch fail. A non-union writer read as a union goes to
///   the first reader branch that matches ([`Resolution::ReaderBranch`]); none is structural.
///
/// Matching is the specification's shallow test (names and kinds, array items and map values
/// recursively, any union matches); the chosen branch is then resolved in depth. An
/// incompatibility below arrays, maps and record fields makes the enclosing value unreadable; only
/// writer union branches and enum symbols make it data-dependent.
pub fn resolve(writer: Side<'_>, reader: Side<'_>) -> Result<Resolved, Vec<Incompatibility>> {
    let mut analysis = Analysis {
        w: writer.set,
        r: reader.set,
        issues: Vec::new(),
        records: Vec::new(),
        record_memo: HashMap::new(),
        enums: Vec::new(),
        enum_memo: HashMap::new(),
        union_index: HashMap::new(),
    };
    let root = analysis.node(writer.schema, "", reader.schema, "");
    analysis.finish(&root)
}

// -------------------------------------------------------------------------------------------------
// Analysis: a provisional plan in which failures are nodes of their own, so that whether a failure
// is structural (reachable from the root without crossing a writer union branch) can be decided
// once the whole graph, recursive records included, is known.

/// One incompatibility found, before it is classified as structural or data-dependent.
struct Issue {
    reader_path: String,
    writer_path: String,
    message: String,
}

/// [`Resolution`] with failures in it.
enum Node {
    Same(Primitive),
    Promote {
        writer: Primitive,
        reader: Primitive,
    },
    Array(Box<Node>),
    Map(Box<Node>),
    Fixed {
        writer: NamedId,
        reader: NamedId,
        size: usize,
    },
    Enum(usize),
    Record(usize),
    WriterUnion(Vec<Branch>),
    ReaderBranch {
        branch: usize,
        node: Box<Node>,
    },
    /// Cannot be read: the issue says why.
    Error(usize),
}

/// [`UnionBranch`] before we know whether its resolution fails.
enum Branch {
    Read {
        reader_branch: Option<usize>,
        node: Node,
    },
    /// No reader branch matches: the issue says why.
    NoMatch(usize),
}

/// [`RecordResolution`] with the reader fields that have neither writer field nor default.
struct Rec {
    writer: NamedId,
    reader: NamedId,
    steps: Vec<Step>,
    defaulted: Vec<usize>,
    missing: Vec<usize>,
}

/// [`FieldStep`] with a provisional resolution.
enum Step {
    Read { reader_field: usize, node: Node },
    Skip(Schema),
}

struct Analysis<'a> {
    w: &'a SchemaSet,
    r: &'a SchemaSet,
    issues: Vec<Issue>,
    /// `None` while the pair is being resolved.
    records: Vec<Option<Rec>>,
    record_memo: HashMap<(NamedId, NamedId), usize>,
    /// Each enum pair's resolution and the issues of its unreadable symbols.
    enums: Vec<(EnumResolution, Vec<usize>)>,
    enum_memo: HashMap<(NamedId, NamedId), usize>,
    /// Reader unions indexed by branch kind and name (keyed by address), so that choosing the
    /// branch for each of many writer branches stays linear.
    union_index: HashMap<*const Schema, UnionIndex<'a>>,
}

/// Where the branches of one reader union are, by what a writer branch may match.
#[derive(Default)]
struct UnionIndex<'a> {
    /// The first branch of each primitive type.
    primitives: HashMap<Primitive, usize>,
    array: Option<usize>,
    map: Option<usize>,
    /// Named branches by unqualified name.
    by_name: HashMap<&'a str, Vec<usize>>,
    /// Named branches by the full names of their aliases.
    by_alias: HashMap<&'a FullName, Vec<usize>>,
}

impl<'a> UnionIndex<'a> {
    fn new(set: &'a SchemaSet, branches: &'a [Schema]) -> Self {
        let mut index = UnionIndex::default();
        for (i, b) in branches.iter().enumerate() {
            match b {
                Schema::Primitive { ty, .. } => {
                    index.primitives.entry(*ty).or_insert(i);
                }
                Schema::Array { .. } => {
                    index.array.get_or_insert(i);
                }
                Schema::Map { .. } => {
                    index.map.get_or_insert(i);
                }
                Schema::Named(id) => {
                    let t = set.get(*id);
                    index
                        .by_name
                        .entry(t.name.name.as_str())
                        .or_default()
                        .push(i);
                    for alias in &t.aliases {
                        index.by_alias.entry(alias).or_default().push(i);
                    }
                }
                Schema::Union(_) => {}
            }
        }
        index
    }

    /// The branches a writer schema may match, by kind and name (to be confirmed with
    /// [`Analysis::matches`]), in no particular order.
    fn candidates(&self, writer_set: &SchemaSet, w: &Schema) -> Vec<usize> {
        match w {
            Schema::Primitive { ty, .. } => [
                Primitive::Null,
                Primitive::Boolean,
                Primitive::Int,
                Primitive::Long,
                Primitive::Float,
                Primitive::Double,
                Primitive::Bytes,
                Primitive::String,
            ]
            .into_iter()
            .filter(|r| r == ty || promotable(*ty, *r))
            .filter_map(|r| self.primitives.get(&r).copied())
            .collect(),
            Schema::Array { .. } => self.array.into_iter().collect(),
            Schema::Map { .. } => self.map.into_iter().collect(),
            Schema::Named(id) => {
                let t = writer_set.get(*id);
                let mut out: Vec<usize> = self
                    .by_name
                    .get(t.name.name.as_str())
                    .into_iter()
                    .flatten()
                    .copied()
                    .collect();
                out.extend(self.by_alias.get(&t.name).into_iter().flatten());
                out
            }
            Schema::Union(_) => Vec::new(),
        }
    }
}

impl<'a> Analysis<'a> {
    fn issue(&mut self, reader_path: &str, writer_path: &str, message: String) -> usize {
        self.issues.push(Issue {
            reader_path: reader_path.to_string(),
            writer_path: writer_path.to_string(),
            message,
        });
        self.issues.len() - 1
    }

    fn error(&mut self, reader_path: &str, writer_path: &str, message: String) -> Node {
        Node::Error(self.issue(reader_path, writer_path, message))
    }

    fn mismatch(&mut self, w: &Schema, wp: &str, r: &Schema, rp: &str) -> Node {
        let message = format!(
            "writer type {} cannot be read as {}",
            describe(self.w, w),
            describe(self.r, r)
        );
        self.error(rp, wp, message)
    }

    /// Resolves writer schema `w` (at JSON path `wp`) against reader schema `r` (at `rp`).
    fn node(&mut self, w: &'a Schema, wp: &str, r: &'a Schema, rp: &str) -> Node {
        match (w, r) {
            (Schema::Union(branches), _) => Node::WriterUnion(
                branches
                    .iter()
                    .enumerate()
                    .map(|(i, b)| self.writer_branch(i, b, &path::index(wp, i), r, rp))
                    .collect(),
            ),
            (_, Schema::Union(branches)) => match self.first_match(w, r, branches) {
                Some(j) => Node::ReaderBranch {
                    branch: j,
                    node: Box::new(self.node(w, wp, &branches[j], &path::index(rp, j))),
                },
                None => {
                    let message = format!(
                        "writer type {} matches no branch of the reader's {}",
                        describe(self.w, w),
                        describe(self.r, r)
                    );
                    self.error(rp, wp, message)
                }
            },
            (Schema::Primitive { ty: a, .. }, Schema::Primitive { ty: b, .. }) => {
                if a == b {
                    Node::Same(*a)
                } else if promotable(*a, *b) {
                    Node::Promote {
                        writer: *a,
                        reader: *b,
                    }
                } else {
                    self.mismatch(w, wp, r, rp)
                }
            }
            (Schema::Array { items: a, .. }, Schema::Array { items: b, .. }) => Node::Array(
                Box::new(self.node(a, &path::key(wp, "items"), b, &path::key(rp, "items"))),
            ),
            (Schema::Map { values: a, .. }, Schema::Map { values: b, .. }) => Node::Map(Box::new(
                self.node(a, &path::key(wp, "values"), b, &path::key(rp, "values")),
            )),
            (Schema::Named(a), Schema::Named(b)) => self.named(w, *a, wp, r, *b, rp),
            _ => self.mismatch(w, wp, r, rp),
        }
    }

    /// Writer union branch `i` (schema `w` at `wp`) read as reader schema `r` (a union or not).
    fn writer_branch(
        &mut self,
        i: usize,
        w: &'a Schema,
        wp: &str,
        r: &'a Schema,
        rp: &str,
    ) -> Branch {
        match r {
            Schema::Union(branches) => match self.first_match(w, r, branches) {
                Some(j) => Branch::Read {
                    reader_branch: Some(j),
                    node: self.node(w, wp, &branches[j], &path::index(rp, j)),
                },
                None => {
                    let message = format!(
                        "writer union branch {i} ({}) matches no branch of the reader's {}",
                        describe(self.w, w),
                        describe(self.r, r)
                    );
                    Branch::NoMatch(self.issue(rp, wp, message))
                }
            },
            _ if self.matches(w, r) => Branch::Read {
                reader_branch: None,
                node: self.node(w, wp, r, rp),
            },
            _ => {
                let message = format!(
                    "writer union branch {i} ({}) cannot be read as {}",
                    describe(self.w, w),
                    describe(self.r, r)
                );
                Branch::NoMatch(self.issue(rp, wp, message))
            }
        }
    }

    fn named(
        &mut self,
        w: &Schema,
        wid: NamedId,
        wp: &str,
        r: &Schema,
        rid: NamedId,
        rp: &str,
    ) -> Node {
        let (wt, rt) = (self.w.get(wid), self.r.get(rid));
        let same_kind = matches!(
            (&wt.kind, &rt.kind),
            (NamedKind::Record { .. }, NamedKind::Record { .. })
                | (NamedKind::Enum { .. }, NamedKind::Enum { .. })
                | (NamedKind::Fixed { .. }, NamedKind::Fixed { .. })
        );
        if !same_kind {
            return self.mismatch(w, wp, r, rp);
        }
        if !names_match(wt, rt) {
            let message = format!(
                "writer type {} cannot be read as {}: the names differ and the reader has no alias `{}`",
                describe(self.w, w),
                describe(self.r, r),
                wt.name.full()
            );
            return self.error(rp, wp, message);
        }
        match (&wt.kind, &rt.kind) {
            (NamedKind::Record { .. }, _) => self.record(wid, wp, rid, rp),
            (NamedKind::Enum { .. }, _) => self.enumeration(wid, wp, rid, rp),
            (NamedKind::Fixed { size: a, .. }, NamedKind::Fixed { size: b, .. }) => {
                if a == b {
                    Node::Fixed {
                        writer: wid,
                        reader: rid,
                        size: *a,
                    }
                } else {
                    let message = format!(
                        "writer fixed `{}` has size {a}, but reader fixed `{}` has size {b}",
                        wt.name.full(),
                        rt.name.full()
                    );
                    self.error(rp, wp, message)
                }
            }
            _ => unreachable!("kinds checked above"),
        }
    }

    fn record(&mut self, wid: NamedId, wp: &str, rid: NamedId, rp: &str) -> Node {
        if let Some(&idx) = self.record_memo.get(&(wid, rid)) {
            return Node::Record(idx);
        }
        let idx = self.records.len();
        self.records.push(None);
        self.record_memo.insert((wid, rid), idx);

        let (w, r) = (self.w, self.r);
        let (wf, rf) = match (&w.get(wid).kind, &r.get(rid).kind) {
            (NamedKind::Record { fields: a, .. }, NamedKind::Record { fields: b, .. }) => (a, b),
            _ => unreachable!("both are records"),
        };
        // Reader field → writer field: exact names first, then the reader field's aliases.
        let mut writer_fields: HashMap<&str, usize> = HashMap::with_capacity(wf.len());
        for (i, f) in wf.iter().enumerate() {
            writer_fields.entry(f.name.as_str()).or_insert(i);
        }
        let mut source: Vec<Option<usize>> = rf
            .iter()
            .map(|f| writer_fields.get(f.name.as_str()).copied())
            .collect();
        let mut target: Vec<Option<usize>> = vec![None; wf.len()];
        for (ri, s) in source.iter().enumerate() {
            if let Some(wi) = s {
                target[*wi] = Some(ri);
            }
        }
        for (ri, f) in rf.iter().enumerate() {
            if source[ri].is_some() {
                continue;
            }
            let found = f.aliases.iter().find_map(|alias| {
                writer_fields
                    .get(alias.as_str())
                    .copied()
                    .filter(|wi| target[*wi].is_none())
            });
            if let Some(wi) = found {
                source[ri] = Some(wi);
                target[wi] = Some(ri);
            }
        }

        let (wfp, rfp) = (path::key(wp, "fields"), path::key(rp, "fields"));
        let mut nodes: Vec<Option<Node>> = wf.iter().map(|_| None).collect();
        let mut defaulted = Vec::new();
        let mut missing = Vec::new();
        for (ri, f) in rf.iter().enumerate() {
            let rpath = path::index(&rfp, ri);
            match source[ri] {
                Some(wi) => {
                    let wpath = path::key(&path::index(&wfp, wi), "type");
                    let node = self.node(
                        &wf[wi].schema,
                        &wpath,
                        &f.schema,
                        &path::key(&rpath, "type"),
                    );
                    nodes[wi] = Some(node);
                }
                None if f.default.is_some() => defaulted.push(ri),
                None => {
                    let aliases = if f.aliases.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " (nor one named by its aliases {})",
                            f.aliases
                                .iter()
                                .map(|a| format!("`{a}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    let message = format!(
                        "reader field `{}` ({}) has no default and the writer has no such field{aliases}",
                        f.name,
                        type_name(r, &f.schema),
                    );
                    missing.push(self.issue(&rpath, wp, message));
                }
            }
        }
        let steps = wf
            .iter()
            .zip(target)
            .zip(nodes)
            .map(|((f, t), node)| match (t, node) {
                (Some(reader_field), Some(node)) => Step::Read { reader_field, node },
                _ => Step::Skip(f.schema.clone()),
            })
            .collect();
        self.records[idx] = Some(Rec {
            writer: wid,
            reader: rid,
            steps,
            defaulted,
            missing,
        });
        Node::Record(idx)
    }

    fn enumeration(&mut self, wid: NamedId, wp: &str, rid: NamedId, rp: &str) -> Node {
        if let Some(&idx) = self.enum_memo.get(&(wid, rid)) {
            return Node::Enum(idx);
        }
        let (wt, rt) = (self.w.get(wid), self.r.get(rid));
        let (ws, (rs, default)) = match (&wt.kind, &rt.kind) {
            (
                NamedKind::Enum { symbols: a, .. },
                NamedKind::Enum {
                    symbols: b,
                    default,
                },
            ) => (a, (b, default)),
            _ => unreachable!("both are enums"),
        };
        let mut reader_symbols: HashMap<&str, usize> = HashMap::with_capacity(rs.len());
        for (i, s) in rs.iter().enumerate() {
            reader_symbols.entry(s.as_str()).or_insert(i);
        }
        let default = default
            .as_ref()
            .and_then(|d| reader_symbols.get(d.as_str()).copied());
        let mut issues = Vec::new();
        let symbols = ws
            .iter()
            .map(
                |s| match reader_symbols.get(s.as_str()).copied().or(default) {
                    Some(j) => Ok(j),
                    None => {
                        let message = format!(
                        "writer enum symbol `{s}` is not in reader enum `{}`, which has no default",
                        rt.name.full()
                    );
                        issues.push(self.issue(rp, wp, message.clone()));
                        Err(Unreadable { message })
                    }
                },
            )
            .collect();
        self.enums.push((
            EnumResolution {
                writer: wid,
                reader: rid,
                symbols,
            },
            issues,
        ));
        let idx = self.enums.len() - 1;
        self.enum_memo.insert((wid, rid), idx);
        Node::Enum(idx)
    }

    /// The first branch of reader union `r` (with `branches`) that writer schema `w` matches.
    fn first_match(&mut self, w: &Schema, r: &'a Schema, branches: &'a [Schema]) -> Option<usize> {
        if let Schema::Union(_) = w {
            // Nested unions are invalid; kept as the match test has it (any union matches).
            return (!branches.is_empty()).then_some(0);
        }
        let reader_set = self.r;
        let candidates = self
            .union_index
            .entry(r as *const Schema)
            .or_insert_with(|| UnionIndex::new(reader_set, branches))
            .candidates(self.w, w);
        candidates
            .into_iter()
            .filter(|&i| self.matches(w, &branches[i]))
            .min()
    }

    /// The specification's *match* test, which picks union branches: kinds and names only
    /// (array items and map values recursively), not the fields of records.
    fn matches(&self, w: &Schema, r: &Schema) -> bool {
        match (w, r) {
            (Schema::Union(_), _) | (_, Schema::Union(_)) => true,
            (Schema::Primitive { ty: a, .. }, Schema::Primitive { ty: b, .. }) => {
                a == b || promotable(*a, *b)
            }
            (Schema::Array { items: a, .. }, Schema::Array { items: b, .. }) => self.matches(a, b),
            (Schema::Map { values: a, .. }, Schema::Map { values: b, .. }) => self.matches(a, b),
            (Schema::Named(a), Schema::Named(b)) => {
                let (wt, rt) = (self.w.get(*a), self.r.get(*b));
                names_match(wt, rt)
                    && match (&wt.kind, &rt.kind) {
                        (NamedKind::Record { .. }, NamedKind::Record { .. })
                        | (NamedKind::Enum { .. }, NamedKind::Enum { .. }) => true,
                        (NamedKind::Fixed { size: a, .. }, NamedKind::Fixed { size: b, .. }) => {
                            a == b
                        }
                        _ => false,
                    }
            }
            _ => false,
        }
    }

    fn rec(&self, idx: usize) -> &Rec {
        self.records[idx]
            .as_ref()
            .expect("record resolutions are complete after the walk")
    }

    /// Marks the issues reachable from `node` without crossing a writer union branch (those no
    /// datum escapes).
    fn mark_structural(&self, node: &Node, structural: &mut [bool], seen: &mut [bool]) {
        match node {
            Node::Error(id) => structural[*id] = true,
            Node::Array(n) | Node::Map(n) | Node::ReaderBranch { node: n, .. } => {
                self.mark_structural(n, structural, seen)
            }
            Node::Record(idx) if !seen[*idx] => {
                seen[*idx] = true;
                let rec = self.rec(*idx);
                for id in &rec.missing {
                    structural[*id] = true;
                }
                for step in &rec.steps {
                    if let Step::Read { node, .. } = step {
                        self.mark_structural(node, structural, seen);
                    }
                }
            }
            _ => {}
        }
    }

    /// Which records cannot be read at all (least fixpoint, so recursion is handled).
    fn broken_records(&self) -> Vec<bool> {
        let mut broken = vec![false; self.records.len()];
        loop {
            let mut changed = false;
            for idx in 0..broken.len() {
                if broken[idx] {
                    continue;
                }
                let rec = self.rec(idx);
                let bad = !rec.missing.is_empty()
                    || rec.steps.iter().any(
                        |s| matches!(s, Step::Read { node, .. } if node_broken(node, &broken)),
                    );
                if bad {
                    broken[idx] = true;
                    changed = true;
                }
            }
            if !changed {
                return broken;
            }
        }
    }

    /// The first issue that makes `node` (which is broken) unreadable.
    fn first_issue(&self, node: &Node, broken: &[bool], seen: &mut [bool]) -> Option<usize> {
        match node {
            Node::Error(id) => Some(*id),
            Node::Array(n) | Node::Map(n) | Node::ReaderBranch { node: n, .. } => {
                self.first_issue(n, broken, seen)
            }
            Node::Record(idx) if broken[*idx] && !seen[*idx] => {
                seen[*idx] = true;
                let rec = self.rec(*idx);
                rec.missing.first().copied().or_else(|| {
                    rec.steps.iter().find_map(|s| match s {
                        Step::Read { node, .. } => self.first_issue(node, broken, seen),
                        Step::Skip(_) => None,
                    })
                })
            }
            _ => None,
        }
    }

    fn finish(self, root: &Node) -> Result<Resolved, Vec<Incompatibility>> {
        let mut structural = vec![false; self.issues.len()];
        self.mark_structural(root, &mut structural, &mut vec![false; self.records.len()]);
        let incompatibilities: Vec<Incompatibility> = self
            .issues
            .iter()
            .zip(&structural)
            .map(|(i, s)| Incompatibility {
                reader_path: i.reader_path.clone(),
                writer_path: i.writer_path.clone(),
                message: i.message.clone(),
                data_dependent: !s,
            })
            .collect();
        if structural.iter().any(|s| *s) {
            return Err(incompatibilities);
        }
        let broken = self.broken_records();
        let mut lowering = Lowering {
            a: &self,
            broken: &broken,
            record_map: vec![None; self.records.len()],
            enum_map: vec![None; self.enums.len()],
            records: Vec::new(),
            enums: Vec::new(),
        };
        let root = lowering.lower(root);
        let Lowering { records, enums, .. } = lowering;
        Ok(Resolved {
            root,
            records: records
                .into_iter()
                .map(|r| r.expect("lowered records are complete"))
                .collect(),
            enums,
            warnings: incompatibilities,
        })
    }
}

/// Whether `node` cannot be read at all, given which records cannot.
fn node_broken(node: &Node, broken: &[bool]) -> bool {
    match node {
        Node::Error(_) => true,
        Node::Array(n) | Node::Map(n) | Node::ReaderBranch { node: n, .. } => {
            node_broken(n, broken)
        }
        Node::Record(idx) => broken[*idx],
        _ => false,
    }
}

/// Turns the provisional plan of a readable root into the public one: broken writer union branches
/// become [`Unreadable`], and only the record and enum resolutions the plan reaches are kept
/// (renumbered in the order first reached).
struct Lowering<'x, 'a> {
    a: &'x Analysis<'a>,
    broken: &'x [bool],
    record_map: Vec<Option<usize>>,
    enum_map: Vec<Option<usize>>,
    records: Vec<Option<RecordResolution>>,
    enums: Vec<EnumResolution>,
}

impl Lowering<'_, '_> {
    fn lower(&mut self, node: &Node) -> Resolution {
        match node {
            Node::Same(p) => Resolution::Same(*p),
            Node::Promote { writer, reader } => Resolution::Promote {
                writer: *writer,
                reader: *reader,
            },
            Node::Array(n) => Resolution::Array(Box::new(self.lower(n))),
            Node::Map(n) => Resolution::Map(Box::new(self.lower(n))),
            Node::Fixed {
                writer,
                reader,
                size,
            } => Resolution::Fixed {
                writer: *writer,
                reader: *reader,
                size: *size,
            },
            Node::Enum(idx) => Resolution::Enum(match self.enum_map[*idx] {
                Some(j) => j,
                None => {
                    self.enums.push(self.a.enums[*idx].0.clone());
                    let j = self.enums.len() - 1;
                    self.enum_map[*idx] = Some(j);
                    j
                }
            }),
            Node::Record(idx) => Resolution::Record(match self.record_map[*idx] {
                Some(j) => j,
                None => {
                    let j = self.records.len();
                    self.records.push(None);
                    self.record_map[*idx] = Some(j);
                    let rec = self.a.rec(*idx);
                    let steps = rec
                        .steps
                        .iter()
                        .map(|s| match s {
                            Step::Read { reader_field, node } => FieldStep::Read {
                                reader_field: *reader_field,
                                resolution: self.lower(node),
                            },
                            Step::Skip(schema) => FieldStep::Skip(schema.clone()),
                        })
                        .collect();
                    self.records[j] = Some(RecordResolution {
                        writer: rec.writer,
                        reader: rec.reader,
                        steps,
                        defaulted: rec.defaulted.clone(),
                    });
                    j
                }
            }),
            Node::WriterUnion(branches) => Resolution::WriterUnion(
                branches
                    .iter()
                    .enumerate()
                    .map(|(i, b)| match b {
                        Branch::Read {
                            reader_branch,
                            node,
                        } if !node_broken(node, self.broken) => UnionBranch::Read {
                            reader_branch: *reader_branch,
                            resolution: self.lower(node),
                        },
                        Branch::Read { node, .. } => {
                            let mut seen = vec![false; self.broken.len()];
                            let why = self
                                .a
                                .first_issue(node, self.broken, &mut seen)
                                .map(|id| {
                                    let issue = &self.a.issues[id];
                                    if issue.reader_path.is_empty() {
                                        issue.message.clone()
                                    } else {
                                        format!("{}: {}", issue.reader_path, issue.message)
                                    }
                                })
                                .unwrap_or_default();
                            UnionBranch::Unreadable(Unreadable {
                                message: format!("writer union branch {i} cannot be read: {why}"),
                            })
                        }
                        Branch::NoMatch(id) => UnionBranch::Unreadable(Unreadable {
                            message: self.a.issues[*id].message.clone(),
                        }),
                    })
                    .collect(),
            ),
            Node::ReaderBranch { branch, node } => Resolution::ReaderBranch {
                branch: *branch,
                resolution: Box::new(self.lower(node)),
            },
            Node::Error(_) => {
                unreachable!("a readable plan has no failing node outside writer unions")
            }
        }
    }
}

/// The specification's promotions (writer → reader).
fn promotable(writer: Primitive, reader: Primitive) -> bool {
    use Primitive::*;
    matches!(
        (writer, reader),
        (Int, Long | Float | Double)
            | (Long, Float | Double)
            | (Float, Double)
            | (String, Bytes)
            | (Bytes, String)
    )
}

/// Whether a writer named type is read by a reader named type of the same kind: equal unqualified
/// names, or the writer's full name is one of the reader's aliases.
fn names_match(writer: &NamedType, reader: &NamedType) -> bool {
    writer.name.name == reader.name.name || reader.aliases.contains(&writer.name)
}

fn kind_name(kind: &NamedKind) -> &'static str {
    match kind {
        NamedKind::Record { .. } => "record",
        NamedKind::Enum { .. } => "enum",
        NamedKind::Fixed { .. } => "fixed",
    }
}

/// A schema for messages: `` `long` ``, ``array of `int` ``, ``record `com.example.User` ``, ...
fn describe(set: &SchemaSet, schema: &Schema) -> String {
    match schema {
        Schema::Primitive { ty, .. } => format!("`{}`", ty.name()),
        Schema::Array { items, .. } => format!("array of {}", describe(set, items)),
        Schema::Map { values, .. } => format!("map of {}", describe(set, values)),
        Schema::Union(branches) => {
            // Long unions are shortened, so messages about them stay short (and linear).
            const SHOWN: usize = 8;
            let mut shown: Vec<String> = branches
                .iter()
                .take(SHOWN)
                .map(|b| describe(set, b))
                .collect();
            if branches.len() > SHOWN {
                shown.push(format!("... ({} branches in all)", branches.len()));
            }
            format!("union [{}]", shown.join(", "))
        }
        Schema::Named(id) => {
            let t = set.get(*id);
            format!("{} `{}`", kind_name(&t.kind), t.name.full())
        }
    }
}

/// A short type name for messages about fields: `string`, `array`, `com.example.User`, ...
fn type_name(set: &SchemaSet, schema: &Schema) -> String {
    match schema {
        Schema::Primitive { ty, .. } => ty.name().to_string(),
        Schema::Array { .. } => "array".to_string(),
        Schema::Map { .. } => "map".to_string(),
        Schema::Union(_) => "union".to_string(),
        Schema::Named(id) => set.get(*id).name.full(),
    }
}
