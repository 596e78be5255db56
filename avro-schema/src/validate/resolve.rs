//! Second pass: names resolved across all files, the unresolved tree converted to the IR, unions
//! and redefinitions checked.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::walk::{Def, DefKind, Node, Ref};
use super::{Diags, Options};
use crate::diagnostics::path;
use crate::ir::{Field, NamedId, NamedKind, NamedType, Primitive, Schema, Source};

pub(crate) struct Resolver<'a> {
    pub defs: &'a [Def],
    pub files: &'a [PathBuf],
    /// Full name → definitions with that name, in definition order.
    pub by_name: HashMap<String, Vec<usize>>,
    /// Definition → the definition that owns its name (the first one).
    pub canon: Vec<usize>,
    /// Canonical definition → its id in the set.
    pub ids: Vec<Option<NamedId>>,
    pub diags: &'a mut Diags,
    /// Full names by id.
    pub id_names: Vec<String>,
    /// References by (file, seq): the definition they resolved to, `None` when they did not.
    pub refs: HashMap<(usize, usize), Option<usize>>,
    /// Appended to "unknown type" messages when some file could not be parsed.
    pub unparsed_note: String,
    pub options: Options<'a>,
    /// Unknown references reported so far (suggestions are looked for only for the first few,
    /// so that many of them stay linear).
    unknown: usize,
}

/// What a union may hold only once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum BranchKind {
    Primitive(Primitive),
    Array,
    Map,
    Named(NamedId),
}

/// Unknown references that get "did you mean" suggestions; the rest get the plain message.
const SUGGESTIONS: usize = 64;

impl<'a> Resolver<'a> {
    pub(crate) fn new(
        defs: &'a [Def],
        files: &'a [PathBuf],
        diags: &'a mut Diags,
        unparsed_note: String,
        options: Options<'a>,
    ) -> Self {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in defs.iter().enumerate() {
            by_name.entry(d.name.full()).or_default().push(i);
        }
        let canon: Vec<usize> = defs.iter().map(|d| by_name[&d.name.full()][0]).collect();
        let mut ids = vec![None; defs.len()];
        let mut next = 0;
        for (i, &c) in canon.iter().enumerate() {
            if c == i {
                ids[i] = Some(NamedId(next));
                next += 1;
            }
        }
        let id_names = (0..defs.len())
            .filter(|&i| canon[i] == i)
            .map(|i| defs[i].name.full())
            .collect();
        Resolver {
            defs,
            id_names,
            refs: HashMap::new(),
            files,
            by_name,
            canon,
            ids,
            diags,
            unparsed_note,
            options,
            unknown: 0,
        }
    }

    fn id_of(&self, def: usize) -> NamedId {
        self.ids[self.canon[def]].expect("canonical definitions have ids")
    }

    /// Reports redefinitions inside one file (always an error: the specification allows one
    /// definition per full name) and returns the cross-file redefinitions to compare once
    /// converted: `(definition, canonical definition)`.
    pub(crate) fn redefinitions(&mut self) -> Vec<(usize, usize)> {
        let mut cross = Vec::new();
        let mut lists: Vec<&Vec<usize>> = self.by_name.values().filter(|l| l.len() > 1).collect();
        lists.sort();
        let lists: Vec<Vec<usize>> = lists.into_iter().cloned().collect();
        for list in lists {
            for (k, &d) in list.iter().enumerate().skip(1) {
                let def = &self.defs[d];
                if let Some(&earlier) = list[..k]
                    .iter()
                    .find(|&&e| self.defs[e].file_idx == def.file_idx)
                {
                    let first = &self.defs[earlier];
                    let msg = format!(
                        "named type `{}` defined twice (first definition at `{}`)",
                        def.name.full(),
                        if first.path.is_empty() {
                            "(top level)"
                        } else {
                            &first.path
                        }
                    );
                    self.diags.error(
                        def.file_idx,
                        def.seq,
                        &self.files[def.file_idx],
                        &def.path,
                        msg,
                    );
                } else {
                    cross.push((d, list[0]));
                }
            }
        }
        cross
    }

    /// Reports a cross-file redefinition that differs from the first definition.
    pub(crate) fn report_different(&mut self, d: usize, first: usize) {
        let def = &self.defs[d];
        let f = &self.defs[first];
        let msg = format!(
            "named type `{}` defined twice, differently: first in {} at `{}` (identical \
             definitions in several files are allowed)",
            def.name.full(),
            self.files[f.file_idx].display(),
            if f.path.is_empty() {
                "(top level)"
            } else {
                &f.path
            }
        );
        self.diags.error(
            def.file_idx,
            def.seq,
            &self.files[def.file_idx],
            &def.path,
            msg,
        );
    }

    /// Converts one definition (fields without checked defaults yet).
    pub(crate) fn convert_def(&mut self, d: usize) -> NamedType {
        let def = &self.defs[d];
        let kind = match &def.kind {
            DefKind::Record { fields, is_error } => NamedKind::Record {
                fields: fields
                    .iter()
                    .map(|f| Field {
                        name: f.name.clone(),
                        doc: f.doc.clone(),
                        schema: self.convert(&f.node, def.file_idx),
                        // A default `serde_json` cannot hold is reported by the default check.
                        default_json: f
                            .default
                            .as_ref()
                            .map(|j| j.to_serde().unwrap_or(serde_json::Value::Null)),
                        default: None,
                        order: f.order,
                        aliases: f.aliases.clone(),
                        props: f.props.clone(),
                        json_path: f.path.clone(),
                    })
                    .collect(),
                is_error: *is_error,
            },
            DefKind::Enum { symbols, default } => NamedKind::Enum {
                symbols: symbols.clone(),
                default: default.clone(),
            },
            DefKind::Fixed { size, logical } => NamedKind::Fixed {
                size: *size,
                logical: *logical,
            },
            DefKind::Pending => unreachable!("every definition is completed by the walk"),
        };
        NamedType {
            name: def.name.clone(),
            aliases: def.aliases.clone(),
            doc: def.doc.clone(),
            kind,
            props: def.props.clone(),
            explicit_namespace: def.explicit_namespace,
            source: Source {
                file: self.files[def.file_idx].clone(),
                json_path: def.path.clone(),
            },
        }
    }

    /// Converts a schema position of file `file_idx`, reporting unresolvable references and
    /// invalid unions. Erroneous positions become `null` (the set is discarded anyway).
    pub(crate) fn convert(&mut self, node: &Node, file_idx: usize) -> Schema {
        self.convert_checked(node, file_idx).0
    }

    /// Like [`Self::convert`], also saying whether the position is valid (not a placeholder).
    fn convert_checked(&mut self, node: &Node, file_idx: usize) -> (Schema, bool) {
        let schema = match node {
            Node::Prim { ty, logical, props } => Schema::Primitive {
                ty: *ty,
                logical: *logical,
                props: props.clone(),
            },
            Node::Array { items, props } => Schema::Array {
                items: Box::new(self.convert(items, file_idx)),
                props: props.clone(),
            },
            Node::Map { values, props } => Schema::Map {
                values: Box::new(self.convert(values, file_idx)),
                props: props.clone(),
            },
            Node::Union {
                branches,
                path: at,
                seq,
            } => {
                let mut out = Vec::with_capacity(branches.len());
                let mut seen: HashSet<BranchKind> = HashSet::new();
                for (i, b) in branches.iter().enumerate() {
                    let (s, ok) = self.convert_checked(b, file_idx);
                    let kind = match &s {
                        Schema::Primitive { ty, .. } => Some(BranchKind::Primitive(*ty)),
                        Schema::Array { .. } => Some(BranchKind::Array),
                        Schema::Map { .. } => Some(BranchKind::Map),
                        Schema::Named(id) => Some(BranchKind::Named(*id)),
                        // Reported by the walk; never stored as a branch.
                        Schema::Union(_) => None,
                    };
                    if let Some(kind) = kind.filter(|_| ok) {
                        if !seen.insert(kind) {
                            let msg = self.duplicate_branch(kind);
                            self.diags.error(
                                file_idx,
                                *seq,
                                &self.files[file_idx],
                                &path::index(at, i),
                                msg,
                            );
                        }
                    }
                    out.push(s);
                }
                Schema::Union(out)
            }
            Node::Def(d) => Schema::Named(self.id_of(*d)),
            Node::Ref(r) => {
                let resolved = self.resolve(r, file_idx);
                self.refs.insert((file_idx, r.seq), resolved);
                match resolved {
                    Some(d) => Schema::Named(self.id_of(d)),
                    None => return (Schema::primitive(Primitive::Null), false),
                }
            }
            Node::Bad => return (Schema::primitive(Primitive::Null), false),
        };
        (schema, true)
    }

    /// The message for a second union branch of `kind`, saying what to do.
    fn duplicate_branch(&self, kind: BranchKind) -> String {
        match kind {
            BranchKind::Primitive(ty) => format!(
                "union contains `{}` twice; remove one (a union has at most one branch of each \
                 primitive type)",
                ty.name()
            ),
            BranchKind::Array => "union contains two `array` schemas; a union has at most one \
                 array: use one array whose items are a union, e.g. \
                 {\"type\": \"array\", \"items\": [\"A\", \"B\"]}"
                .to_string(),
            BranchKind::Map => "union contains two `map` schemas; a union has at most one map: \
                 use one map whose values are a union, e.g. {\"type\": \"map\", \
                 \"values\": [\"A\", \"B\"]}"
                .to_string(),
            BranchKind::Named(id) => format!(
                "union contains named type `{}` twice; remove one",
                self.id_names[id.0]
            ),
        }
    }

    /// The definition a reference names, or `None` (reported).
    fn resolve(&mut self, r: &Ref, file_idx: usize) -> Option<usize> {
        let candidates: Vec<String> = match (&r.ns, r.written.strip_prefix('.')) {
            // `.Name`: explicitly the null namespace, as Java's `Name` reads it.
            (_, Some(short)) if !short.contains('.') => vec![short.to_string()],
            (Some(ns), _) if !r.written.contains('.') => {
                vec![format!("{ns}.{}", r.written), r.written.clone()]
            }
            _ => vec![r.written.clone()],
        };
        let mut later = None;
        for c in &candidates {
            if let Some(list) = self.by_name.get(c) {
                let visible = list.iter().any(|&d| {
                    let def = &self.defs[d];
                    def.file_idx != file_idx || def.seq < r.seq
                });
                if visible {
                    return Some(list[0]);
                }
                later.get_or_insert(c.clone());
            }
        }
        let file = &self.files[file_idx];
        let msg = match later {
            Some(full) => format!(
                "`{}` is used before it is defined; definitions are read in document order \
                 (define `{full}` at its first use, and refer to it by name afterwards)",
                r.written
            ),
            None => {
                let mut msg = format!("unknown type `{}`", r.written);
                if candidates.len() > 1 {
                    msg.push_str(&format!(
                        " (looked for `{}` and `{}`)",
                        candidates[0], candidates[1]
                    ));
                }
                self.unknown += 1;
                let hinted = self.unknown <= SUGGESTIONS;
                let elsewhere = if hinted {
                    self.options
                        .find_definition
                        .and_then(|find| find(&candidates))
                } else {
                    None
                };
                if matches!(
                    r.written.as_str(),
                    "record" | "error" | "enum" | "fixed" | "array" | "map"
                ) {
                    msg.push_str(&format!(
                        "; a {} must be written as an object: {{\"type\": \"{}\", ...}}",
                        r.written, r.written
                    ));
                } else if let Some(file) = elsewhere {
                    msg.push_str(&format!(
                        "; it is defined in {}, which was not given to the compiler (add that \
                         file, or its directory, to the inputs)",
                        file.display()
                    ));
                } else if let Some(hint) = hinted.then(|| self.suggest(&r.written)).flatten() {
                    msg.push_str("; ");
                    msg.push_str(&hint);
                }
                msg.push_str(&self.unparsed_note);
                msg
            }
        };
        self.diags.error(file_idx, r.seq, file, &r.path, msg);
        None
    }

    /// A hint for an unknown name: the primitive it looks like (`Int`, `integer`, `bool`), how
    /// to write a logical type, or a defined full name that looks like it (the closest short
    /// name, ignoring case, within a small edit distance).
    fn suggest(&self, written: &str) -> Option<String> {
        if let Some(p) = primitive_like(written) {
            return Some(format!(
                "did you mean `{p}`? (type names are case-sensitive)"
            ));
        }
        if let Some(base) = logical_base(written) {
            return Some(format!(
                "`{written}` is a logical type, written on the type it annotates: \
                 {{\"type\": \"{base}\", \"logicalType\": \"{written}\"}}"
            ));
        }
        let short = |n: &str| n.rsplit('.').next().unwrap_or(n).to_lowercase();
        let want = short(written);
        let limit = (want.chars().count() / 3).clamp(1, 3);
        const PRIMITIVES: [&str; 8] = [
            "null", "boolean", "int", "long", "float", "double", "bytes", "string",
        ];
        let primitives = PRIMITIVES.iter().map(|p| p.to_string());
        self.id_names
            .iter()
            .cloned()
            .chain(primitives)
            .filter(|n| short(n).len().abs_diff(want.len()) <= limit)
            .map(|n| (edit_distance(&want, &short(&n)), n))
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d)
            .map(|(_, n)| format!("did you mean `{n}`?"))
    }

    /// For each definition, whether it and everything it uses are free of errors (so checking
    /// defaults against it gives meaningful messages). Call after every node is converted.
    pub(crate) fn clean_defs(&self) -> Vec<bool> {
        let n = self.defs.len();
        // Who uses whom: a definition with an error taints every record that uses it.
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut clean: Vec<bool> = self.defs.iter().map(|d| !d.had_errors).collect();
        for (d, def) in self.defs.iter().enumerate() {
            if let DefKind::Record { fields, .. } = &def.kind {
                for f in fields {
                    let mut bad = false;
                    self.uses(&f.node, def.file_idx, &mut |used| match used {
                        Some(u) => users[u].push(d),
                        None => bad = true,
                    });
                    if bad {
                        clean[d] = false;
                    }
                }
            }
        }
        // A duplicate definition taints the one that owns its name, and the other way round.
        for d in 0..n {
            let c = self.canon[d];
            if c != d {
                users[c].push(d);
                users[d].push(c);
            }
        }
        let mut work: Vec<usize> = (0..n).filter(|&d| !clean[d]).collect();
        while let Some(d) = work.pop() {
            for &u in &users[d] {
                if clean[u] {
                    clean[u] = false;
                    work.push(u);
                }
            }
        }
        clean
    }

    /// Calls `found` with each definition a position uses (`None` for an unresolved reference
    /// or a position already reported as an error).
    fn uses(&self, node: &Node, file_idx: usize, found: &mut impl FnMut(Option<usize>)) {
        match node {
            Node::Prim { .. } => {}
            Node::Array { items: inner, .. } | Node::Map { values: inner, .. } => {
                self.uses(inner, file_idx, found)
            }
            Node::Union { branches, .. } => {
                for b in branches {
                    self.uses(b, file_idx, found);
                }
            }
            Node::Def(d) => found(Some(*d)),
            Node::Ref(r) => found(self.refs.get(&(file_idx, r.seq)).copied().flatten()),
            Node::Bad => found(None),
        }
    }

    /// Whether a converted position is free of errors, given which definitions are clean.
    pub(crate) fn node_clean(&self, node: &Node, file_idx: usize, clean: &[bool]) -> bool {
        match node {
            Node::Prim { .. } => true,
            Node::Array { items: inner, .. } | Node::Map { values: inner, .. } => {
                self.node_clean(inner, file_idx, clean)
            }
            Node::Union { branches, .. } => {
                branches.iter().all(|b| self.node_clean(b, file_idx, clean))
            }
            Node::Def(d) => clean[*d] && clean[self.canon[*d]],
            Node::Ref(r) => match self.refs.get(&(file_idx, r.seq)) {
                Some(Some(d)) => clean[*d],
                _ => false,
            },
            Node::Bad => false,
        }
    }
}

/// The primitive type a mistyped name stands for: the same name in another case, or a common
/// synonym from other languages.
fn primitive_like(written: &str) -> Option<&'static str> {
    let lower = written.to_ascii_lowercase();
    if let Some(p) = super::names::primitive(&lower) {
        return Some(p.name());
    }
    Some(match lower.as_str() {
        "integer" | "int32" | "i32" | "short" => "int",
        "int64" | "i64" | "bigint" => "long",
        "bool" => "boolean",
        "str" | "text" | "varchar" | "char" => "string",
        "float32" | "f32" | "real" => "float",
        "float64" | "f64" | "number" => "double",
        "byte" | "binary" | "blob" | "bytearray" => "bytes",
        "void" | "none" | "nil" => "null",
        _ => return None,
    })
}

/// The base type of a logical type name used as a type name (`timestamp-millis` → `long`).
fn logical_base(written: &str) -> Option<&'static str> {
    Some(match written {
        "date" | "time-millis" => "int",
        "time-micros"
        | "timestamp-millis"
        | "timestamp-micros"
        | "timestamp-nanos"
        | "local-timestamp-millis"
        | "local-timestamp-micros"
        | "local-timestamp-nanos" => "long",
        "uuid" => "string",
        "decimal" | "big-decimal" => "bytes",
        _ => return None,
    })
}

/// Edit distance in characters, counting an insertion, a deletion, a substitution or a swap of
/// two neighbours as one edit (optimal string alignment), so `lnog` is one edit from `long`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Rows i-2, i-1 and i of the table.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn edit_distance() {
        assert_eq!(super::edit_distance("adress", "address"), 1);
        assert_eq!(super::edit_distance("", "abc"), 3);
        assert_eq!(super::edit_distance("kitten", "sitting"), 3);
        assert_eq!(super::edit_distance("lnog", "long"), 1);
        assert_eq!(super::edit_distance("abc", ""), 3);
    }
}
