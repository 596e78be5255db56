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
mod depth;
mod logical;
mod names;
mod resolve;
mod walk;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{path, Diagnostic, Location, SchemaErrors};
use crate::ir::{NamedKind, RootSchema, SchemaSet};
use crate::json::{self, Json};

pub use depth::MAX_SCHEMA_DEPTH;

/// One schema file given to the compiler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path, as it should appear in messages.
    pub path: PathBuf,
    /// The file's text (JSON, `//` and `/* */` comments allowed).
    pub text: String,
}

impl SourceFile {
    /// Reads a schema file in whatever encoding Java's parser would detect (see
    /// [`crate::parse::decode`]); the warning names the encoding when it is not UTF-8.
    pub fn read(path: &Path) -> Result<(SourceFile, Option<Diagnostic>), Diagnostic> {
        let bytes = std::fs::read(path)
            .map_err(|e| Diagnostic::error(path, "", format!("cannot read file: {e}")))?;
        SourceFile::from_bytes(path, &bytes)
    }

    /// A schema file from its bytes (see [`SourceFile::read`]).
    pub fn from_bytes(
        path: &Path,
        bytes: &[u8],
    ) -> Result<(SourceFile, Option<Diagnostic>), Diagnostic> {
        let decoded = crate::parse::decode(path, bytes)?;
        Ok((
            SourceFile {
                path: path.to_path_buf(),
                text: decoded.text,
            },
            decoded.warning,
        ))
    }
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

    /// The set and the warnings, or every error (with the warnings beside them).
    pub fn into_result(self) -> Result<(SchemaSet, Vec<Diagnostic>), SchemaErrors> {
        match self.set {
            Some(set) => Ok((set, self.diagnostics)),
            None => Err(SchemaErrors::from_diagnostics(self.diagnostics)),
        }
    }
}

/// Where a named type that no given file defines might be defined: called with the full names
/// an unknown reference could mean, it returns a file that defines one.
pub type FindDefinition<'a> = &'a dyn Fn(&[String]) -> Option<PathBuf>;

/// What else validation may use.
#[derive(Default, Clone, Copy)]
pub struct Options<'a> {
    /// For the message "`X` is defined in x.avsc, which was not given" (`avro-build` looks in
    /// the directories of the given files).
    pub find_definition: Option<FindDefinition<'a>>,
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("find_definition", &self.find_definition.is_some())
            .finish()
    }
}

/// Validates the files of one compilation.
pub fn validate(files: &[SourceFile]) -> Validated {
    validate_with(files, Options::default())
}

/// Validates the files of one compilation, with [`Options`].
pub fn validate_with(files: &[SourceFile], options: Options<'_>) -> Validated {
    let docs: Vec<Input<'_>> = files
        .iter()
        .map(|f| Input {
            path: f.path.clone(),
            doc: crate::parse::parse_document(&f.path, &f.text),
            text: Some(&f.text),
        })
        .collect();
    run(&docs, options)
}

/// Validates one already parsed document as a compilation of its own (diagnostics have JSON
/// paths but no line and column).
pub fn validate_json(file: &Path, json: &Value) -> Validated {
    validate_documents(&[(file.to_path_buf(), json.clone())])
}

/// Validates already parsed documents as one compilation (like [`validate`]).
pub fn validate_documents(docs: &[(PathBuf, Value)]) -> Validated {
    let docs: Vec<Input<'_>> = docs
        .iter()
        .map(|(p, v)| Input {
            path: p.clone(),
            doc: Ok(json::Document {
                root: Json::from_serde(v),
                duplicate_keys: Vec::new(),
            }),
            text: None,
        })
        .collect();
    run(&docs, Options::default())
}

/// The names defined in one schema file (full names, in document order), read even when the
/// file has errors; empty when it is not JSON. For hints about files that were not given, and
/// for placeholders where code could not be generated.
pub fn defined_names(file: &SourceFile) -> Vec<String> {
    let Ok(doc) = crate::parse::parse_document(&file.path, &file.text) else {
        return Vec::new();
    };
    let mut diags = Diags::default();
    let mut defs = Vec::new();
    let mut w = walk::Walker {
        file_idx: 0,
        file: &file.path,
        seq: 0,
        diags: &mut diags,
        defs: &mut defs,
    };
    w.schema(&doc.root, "", None);
    defs.iter().map(|d| d.name.full()).collect()
}

/// Sets the line and column of diagnostics made outside validation (e.g. compatibility
/// errors) from their JSON paths, for those about one of `files`.
pub fn locate(diagnostics: &mut [Diagnostic], files: &[SourceFile]) {
    for file in files {
        if !diagnostics
            .iter()
            .any(|d| d.location.is_none() && d.file == file.path)
        {
            continue;
        }
        let Ok(doc) = json::parse(&file.text) else {
            continue;
        };
        for d in diagnostics.iter_mut().filter(|d| d.file == file.path) {
            d.locate_in(&file.text, &doc.root);
        }
    }
}

/// One document to validate.
struct Input<'a> {
    path: PathBuf,
    doc: Result<json::Document, Diagnostic>,
    /// The text, for line and column of diagnostics.
    text: Option<&'a str>,
}

/// Diagnostics with their sort key (file index, document-order position).
#[derive(Default)]
pub(crate) struct Diags {
    items: Vec<(usize, usize, Diagnostic)>,
    errors: usize,
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
        self.push(file_idx, seq, Diagnostic::error(file, at, msg));
    }

    pub(crate) fn warning(
        &mut self,
        file_idx: usize,
        seq: usize,
        file: &Path,
        at: &str,
        msg: impl Into<String>,
    ) {
        self.push(file_idx, seq, Diagnostic::warning(file, at, msg));
    }

    fn push(&mut self, file_idx: usize, seq: usize, d: Diagnostic) {
        if d.is_error() {
            self.errors += 1;
        }
        self.items.push((file_idx, seq, d));
    }

    pub(crate) fn error_count(&self) -> usize {
        self.errors
    }

    fn has_errors(&self) -> bool {
        self.errors > 0
    }

    fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by_key(|(f, s, _)| (*f, *s));
        self.items.into_iter().map(|(_, _, d)| d).collect()
    }
}

fn run(docs: &[Input<'_>], options: Options<'_>) -> Validated {
    let mut diags = Diags::default();
    let mut defs = Vec::new();
    let mut roots = Vec::new();
    let files: Vec<PathBuf> = docs.iter().map(|d| d.path.clone()).collect();
    let mut unparsed = Vec::new();

    // 1. Walk every file: structure checked, definitions collected.
    for (file_idx, input) in docs.iter().enumerate() {
        match &input.doc {
            Err(d) => {
                diags.push(file_idx, 0, d.clone());
                unparsed.push(input.path.display().to_string());
            }
            Ok(doc) => {
                for dup in &doc.duplicate_keys {
                    let mut d = Diagnostic::warning(
                        &input.path,
                        &path::key(&doc.root.path_at(dup.span.start), &dup.key),
                        "this key is written twice in one object; the last value is used (as \
                         Java's parser does)",
                    );
                    if let Some(text) = input.text {
                        d.location = Some(Box::new(Location::of(text, dup.span)));
                    }
                    diags.push(file_idx, 0, d);
                }
                let mut w = walk::Walker {
                    file_idx,
                    file: &input.path,
                    seq: 0,
                    diags: &mut diags,
                    defs: &mut defs,
                };
                let node = w.schema(&doc.root, "", None);
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
    let mut r = resolve::Resolver::new(&defs, &files, &mut diags, unparsed_note, options);
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

    // 3. Bound the nesting (through references too), so that every recursive stage after
    // validation stays within its stack.
    if !diags.has_errors() {
        if let Some((deep, depth)) = depth::deepest(&named, &root_schemas) {
            let limit = format!(
                "nests up to {depth} levels deep (counting through the named types it \
                 contains, each where it is first used), more than the {MAX_SCHEMA_DEPTH} \
                 levels this implementation supports"
            );
            match deep {
                depth::Deep::Named(id) => {
                    let def = &defs[canonical_defs[id]];
                    diags.error(
                        def.file_idx,
                        def.seq,
                        &files[def.file_idx],
                        &def.path,
                        format!("`{}` {limit}", named[id].name.full()),
                    );
                }
                depth::Deep::Root(i) => {
                    let file_idx = roots[i].0;
                    diags.error(
                        file_idx,
                        0,
                        &files[file_idx],
                        "",
                        format!("the schema {limit}"),
                    );
                }
            }
        }
    }

    // 4. Check defaults, except where the field's type involves an error (placeholders would
    // give misleading messages). Reported even when other errors were found.
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
    let mut diagnostics = diags.into_sorted();
    // Line and column of each diagnostic, from its JSON path.
    let mut by_file: std::collections::HashMap<&Path, &Input<'_>> =
        std::collections::HashMap::new();
    for input in docs {
        by_file.entry(input.path.as_path()).or_insert(input);
    }
    for d in &mut diagnostics {
        if let Some(Input {
            doc: Ok(doc),
            text: Some(text),
            ..
        }) = by_file.get(d.file.as_path())
        {
            d.locate_in(text, &doc.root);
        }
    }
    Validated { set, diagnostics }
}

fn check_defaults(
    named: &mut [crate::ir::NamedType],
    canonical_defs: &[usize],
    field_clean: &[Vec<bool>],
    defs: &[walk::Def],
    files: &[PathBuf],
    diags: &mut Diags,
) {
    let written: Vec<Vec<Option<Json>>> = canonical_defs
        .iter()
        .map(|&d| match &defs[d].kind {
            walk::DefKind::Record { fields, .. } => {
                fields.iter().map(|f| f.default.clone()).collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let mut results = Vec::new();
    {
        let mut checker = defaults::Checker::new(named, &written);
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
                let Some(json) = &written[id][fi] else {
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
