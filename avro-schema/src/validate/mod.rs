//! Schema JSON → [`SchemaSet`]: names resolved across files, every rule of the Avro 1.12
//! specification checked, defaults checked, logical types attached. Every error names the file
//! and the JSON path, and all of them are reported, not only the first.
//!
//! The rules, briefly (details in the specification):
//! - Files may refer to each other's named types in any order: all definitions of all files are
//!   collected first, then references are resolved. Within one file, definitions are read in
//!   document order: a name used before its definition in the same file is an error (recursion
//!   into an enclosing definition is fine).
//! - Names match `[A-Za-z_][A-Za-z0-9_]*`; namespaces are dotted names (`""` is the null
//!   namespace). A reference without dots is looked up in the enclosing namespace, then in the
//!   null namespace.
//! - A full name has one definition. The exception, as in Java: the same type defined
//!   identically in several files (e.g. inline in one file and in a file of its own) is one type.
//! - Defaults follow the JSON encoding of default values. A union default may match any branch
//!   (Avro 1.12: the first branch it matches is used); a warning says when it is not the first
//!   branch, which readers of spec ≤ 1.11 require.
//! - Invalid or unknown logical types are ignored with a warning (kept as attributes).

mod defaults;
mod logical;
mod names;
mod resolve;
mod walk;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{path, Diagnostic, SchemaErrors};
use crate::ir::{NamedKind, RootSchema, SchemaSet};

/// One schema file given to the compiler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path, as it should appear in messages.
    pub path: PathBuf,
    /// The file's text (JSON, `//` and `/* */` comments allowed).
    pub text: String,
}

/// The outcome of validating one compilation.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    /// All named types and each file's top-level schema; `None` exactly when there is an error.
    pub set: Option<SchemaSet>,
    /// Errors and warnings, in file order and, within a file, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Validated {
    /// The errors among the diagnostics.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// The warnings among the diagnostics.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    /// The set and the warnings, or every error.
    pub fn into_result(self) -> Result<(SchemaSet, Vec<Diagnostic>), SchemaErrors> {
        match self.set {
            Some(set) => Ok((set, self.diagnostics)),
            None => Err(SchemaErrors {
                errors: self
                    .diagnostics
                    .into_iter()
                    .filter(Diagnostic::is_error)
                    .collect(),
            }),
        }
    }
}

/// Validates the files of one compilation (parsing each with [`crate::parse::parse_json`]).
pub fn validate(files: &[SourceFile]) -> Validated {
    let parsed: Vec<(PathBuf, Result<Value, Diagnostic>)> = files
        .iter()
        .map(|f| (f.path.clone(), crate::parse::parse_json(&f.path, &f.text)))
        .collect();
    run(&parsed)
}

/// Validates one already parsed document as a compilation of its own.
pub fn validate_json(file: &Path, json: &Value) -> Validated {
    validate_documents(&[(file.to_path_buf(), json.clone())])
}

/// Validates already parsed documents as one compilation (like [`validate`]).
pub fn validate_documents(docs: &[(PathBuf, Value)]) -> Validated {
    let parsed: Vec<(PathBuf, Result<Value, Diagnostic>)> = docs
        .iter()
        .map(|(p, v)| (p.clone(), Ok(v.clone())))
        .collect();
    run(&parsed)
}

/// Diagnostics with their sort key (file index, document-order position).
#[derive(Default)]
pub(crate) struct Diags {
    items: Vec<(usize, usize, Diagnostic)>,
}

impl Diags {
    pub(crate) fn error(
        &mut self,
        file_idx: usize,
        seq: usize,
        file: &Path,
        at: &str,
        msg: impl Into<String>,
    ) {
        self.items
            .push((file_idx, seq, Diagnostic::error(file, at, msg)));
    }

    pub(crate) fn warning(
        &mut self,
        file_idx: usize,
        seq: usize,
        file: &Path,
        at: &str,
        msg: impl Into<String>,
    ) {
        self.items
            .push((file_idx, seq, Diagnostic::warning(file, at, msg)));
    }

    fn push(&mut self, file_idx: usize, seq: usize, d: Diagnostic) {
        self.items.push((file_idx, seq, d));
    }

    pub(crate) fn error_count(&self) -> usize {
        self.items.iter().filter(|(_, _, d)| d.is_error()).count()
    }

    fn has_errors(&self) -> bool {
        self.items.iter().any(|(_, _, d)| d.is_error())
    }

    fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by_key(|(f, s, _)| (*f, *s));
        self.items.into_iter().map(|(_, _, d)| d).collect()
    }
}

fn run(docs: &[(PathBuf, Result<Value, Diagnostic>)]) -> Validated {
    let mut diags = Diags::default();
    let mut defs = Vec::new();
    let mut roots = Vec::new();
    let files: Vec<PathBuf> = docs.iter().map(|(p, _)| p.clone()).collect();
    let mut unparsed = Vec::new();

    // 1. Walk every file: structure checked, definitions collected.
    for (file_idx, (file, doc)) in docs.iter().enumerate() {
        match doc {
            Err(d) => {
                diags.push(file_idx, 0, d.clone());
                unparsed.push(file.display().to_string());
            }
            Ok(json) => {
                let mut w = walk::Walker {
                    file_idx,
                    file,
                    seq: 0,
                    diags: &mut diags,
                    defs: &mut defs,
                };
                let node = w.schema(json, "", None);
                roots.push((file_idx, node));
            }
        }
    }
    let unparsed_note = if unparsed.is_empty() {
        String::new()
    } else {
        format!(
            " (it may be defined in {}, which could not be parsed)",
            unparsed.join(", ")
        )
    };

    // 2. Resolve names and convert to the IR.
    let mut r = resolve::Resolver::new(&defs, &files, &mut diags, unparsed_note);
    let cross = r.redefinitions();
    let converted: Vec<_> = (0..defs.len()).map(|d| r.convert_def(d)).collect();
    for (d, first) in cross {
        if !same_definition(&converted[d], &converted[first]) {
            r.report_different(d, first);
        }
    }
    let root_schemas: Vec<RootSchema> = roots
        .iter()
        .map(|(file_idx, node)| RootSchema {
            file: files[*file_idx].clone(),
            schema: r.convert(node, *file_idx),
        })
        .collect();
    let canon = r.canon.clone();
    let clean = r.clean_defs();
    let field_clean: Vec<Vec<bool>> = (0..defs.len())
        .filter(|&d| canon[d] == d)
        .map(|d| match &defs[d].kind {
            walk::DefKind::Record { fields, .. } => fields
                .iter()
                .map(|f| r.node_clean(&f.node, defs[d].file_idx, &clean))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let mut named = Vec::new();
    let mut canonical_defs = Vec::new();
    for (d, n) in converted.into_iter().enumerate() {
        if canon[d] == d {
            named.push(n);
            canonical_defs.push(d);
        }
    }

    // 3. Check defaults, except where the field's type involves an error (placeholders would
    // give misleading messages).
    check_defaults(
        &mut named,
        &canonical_defs,
        &field_clean,
        &defs,
        &files,
        &mut diags,
    );

    let set = (!diags.has_errors()).then(|| SchemaSet {
        named,
        roots: root_schemas,
    });
    Validated {
        set,
        diagnostics: diags.into_sorted(),
    }
}

fn check_defaults(
    named: &mut [crate::ir::NamedType],
    canonical_defs: &[usize],
    field_clean: &[Vec<bool>],
    defs: &[walk::Def],
    files: &[PathBuf],
    diags: &mut Diags,
) {
    let mut results = Vec::new();
    {
        let mut checker = defaults::Checker::new(named);
        for (id, n) in named.iter().enumerate() {
            let NamedKind::Record { fields, .. } = &n.kind else {
                continue;
            };
            let def = &defs[canonical_defs[id]];
            let walk::DefKind::Record {
                fields: field_defs, ..
            } = &def.kind
            else {
                continue;
            };
            for (fi, f) in fields.iter().enumerate() {
                let Some(json) = &f.default_json else {
                    continue;
                };
                if !field_clean[id][fi] {
                    continue;
                }
                let at = path::key(&f.json_path, "default");
                let (file_idx, seq) = (def.file_idx, field_defs[fi].seq);
                let file = &files[file_idx];
                match checker.field(id, fi) {
                    Some(Ok((v, notes))) => {
                        for note in notes {
                            diags.warning(file_idx, seq, file, &at, note.text.clone());
                        }
                        results.push((id, fi, v.clone()));
                    }
                    Some(Err(m)) => {
                        let msg = defaults::message(named, &f.schema, json, m);
                        diags.error(file_idx, seq, file, &at, msg);
                    }
                    None => {}
                }
            }
        }
    }
    for (id, fi, v) in results {
        if let NamedKind::Record { fields, .. } = &mut named[id].kind {
            fields[fi].default = Some(v);
        }
    }
}

/// Whether two definitions of one full name (from different files) define the same type:
/// everything but documentation and where they were written.
fn same_definition(a: &crate::ir::NamedType, b: &crate::ir::NamedType) -> bool {
    fn strip(n: &crate::ir::NamedType) -> crate::ir::NamedType {
        let mut n = n.clone();
        n.doc = None;
        n.explicit_namespace = false;
        n.source = crate::ir::Source {
            file: PathBuf::new(),
            json_path: String::new(),
        };
        if let NamedKind::Record { fields, .. } = &mut n.kind {
            for f in fields {
                f.doc = None;
                f.json_path.clear();
            }
        }
        n
    }
    strip(a) == strip(b)
}
