//! The build-script entry point: a [`Config`] builder in the style of `prost-build`.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, SchemaErrors};
use crate::emit::KnownWriter;
use crate::emit::{self, Emitter};

mod options;
use crate::ir::{NamedKind, Schema, SchemaSet};
use crate::validate::{self, Options as ValidateOptions, SourceFile};
use avro_schema::compat::{self, CompatibilityMode, Version};
use avro_schema::resolve::{self, Side};
pub use options::{Attributes, DateTimeMapping, DecimalMapping, MapType, Options, UuidMapping};

/// Configures and runs code generation. Options accumulate; call [`Config::compile`] from
/// `build.rs`, or [`Config::generate`] to get the code as a string.
///
/// In `build.rs` (then `include!(concat!(env!("OUT_DIR"), "/avro_types.rs"));` in the crate):
///
/// ```no_run
/// avro_build::Config::new()
///     .compile(&["schemas/user.avsc", "schemas/events"])
///     .unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    options: Options,
    out_dir: Option<PathBuf>,
    file_name: String,
    /// Version histories of schemas, each oldest first (the last one is the current schema).
    histories: Vec<History>,
    compatibility: Option<CompatibilityMode>,
}

/// Versions of one schema, oldest first.
#[derive(Debug, Clone)]
enum History {
    /// A directory of `.avsc` files ordered by the number in their names.
    Dir(PathBuf),
    /// An explicit list.
    Files(Vec<PathBuf>),
}

impl Default for Config {
    fn default() -> Self {
        Config {
            options: Options::default(),
            out_dir: None,
            file_name: "avro_types.rs".to_string(),
            histories: Vec::new(),
            compatibility: None,
        }
    }
}

/// The result of a successful generation.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted Rust source.
    pub code: String,
    /// Warnings about the schemas (accepted, but probably not what was meant).
    pub warnings: Vec<Diagnostic>,
    /// Every file that was read, in order (for `cargo:rerun-if-changed`).
    pub inputs: Vec<PathBuf>,
    /// Every generated named type: (Avro full name, Rust path relative to the generated file).
    pub types: Vec<(String, String)>,
    /// Per input file, the Rust path of its top-level type if it is a generated type with a codec.
    pub roots: Vec<Option<String>>,
    /// Every generated union enum: (the Parsing Canonical Form of the union it stands for, that
    /// is of its non-null branches; Rust path relative to the generated file).
    pub unions: Vec<(String, String)>,
}

/// The schema files and directories given to [`Config::compile`] and [`Config::generate`]: an
/// array, slice or `Vec` of anything that is a path (`&str`, `String`, `&Path`, `PathBuf`).
///
/// An empty array needs no type annotation: `config.compile(&[])` (with only
/// [`Config::versions`] or [`Config::version_dir`] to compile).
pub trait Inputs {
    /// The paths, in order.
    fn paths(&self) -> Vec<PathBuf>;
}

impl<P: AsRef<Path>> Inputs for [P] {
    fn paths(&self) -> Vec<PathBuf> {
        self.iter().map(|p| p.as_ref().to_path_buf()).collect()
    }
}

impl<P: AsRef<Path>> Inputs for Vec<P> {
    fn paths(&self) -> Vec<PathBuf> {
        self[..].paths()
    }
}

/// `&[]`: the one impl for empty arrays, so that `compile(&[])` infers its element type.
impl Inputs for [&str; 0] {
    fn paths(&self) -> Vec<PathBuf> {
        Vec::new()
    }
}

/// Arrays of one or more paths (longer lists: pass a slice or a `Vec`). Not one generic impl
/// over every length, because the empty array has its own (see above).
macro_rules! array_inputs {
    ($($n:literal)*) => {$(
        impl<P: AsRef<Path>> Inputs for [P; $n] {
            fn paths(&self) -> Vec<PathBuf> {
                self[..].paths()
            }
        }
    )*};
}
array_inputs!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32);

impl Config {
    /// A configuration with the defaults: runtime newtypes for dates and times, plain types for
    /// uuid, the runtime `Decimal`, `HashMap` for maps, output file `avro_types.rs` in `OUT_DIR`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Where [`Config::compile`] writes (default: the `OUT_DIR` environment variable).
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The name of the generated file (default `avro_types.rs`).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = name.into();
        self
    }

    /// Rust types for date, time-*, timestamp-* and local-timestamp-*.
    pub fn date_time(&mut self, mapping: DateTimeMapping) -> &mut Self {
        self.options.date_time = mapping;
        self
    }

    /// Rust type for uuid.
    pub fn uuid(&mut self, mapping: UuidMapping) -> &mut Self {
        self.options.uuid = mapping;
        self
    }

    /// Rust type for decimal.
    pub fn decimal(&mut self, mapping: DecimalMapping) -> &mut Self {
        self.options.decimal = mapping;
        self
    }

    /// Rust type for Avro maps.
    pub fn map_type(&mut self, map_type: MapType) -> &mut Self {
        self.options.map_type = map_type;
        self
    }

    /// Adds an attribute (e.g. `#[derive(serde::Serialize)]`) to generated types matched by
    /// `selector`: `.` for all, a full name (`com.example.User`), or a namespace (`com.example`).
    /// May be called many times.
    pub fn type_attribute(
        &mut self,
        selector: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Self {
        self.options
            .type_attributes
            .push(selector.into(), attribute.into());
        self
    }

    /// Adds an attribute to record fields: `selector` is `com.example.User.name` for one field, or
    /// a type selector (see [`Config::type_attribute`]) for every field of those records.
    pub fn field_attribute(
        &mut self,
        selector: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Self {
        self.options
            .field_attributes
            .push(selector.into(), attribute.into());
        self
    }

    /// Adds the versions of one schema in a directory (`v1.avsc`, `v2.avsc`, ... ordered by the
    /// number in the file name, then by name). The newest is compiled like a file given to
    /// [`Config::compile`]; its type gets a decoder specialised for each earlier version
    /// (`decode_from_v1`, ...) and dispatch by writer fingerprint (`avro_runtime::KnownWriters`).
    pub fn version_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.histories.push(History::Dir(dir.into()));
        self
    }

    /// Like [`Config::version_dir`] with an explicit list of files, oldest first.
    pub fn versions(&mut self, files: &[impl AsRef<Path>]) -> &mut Self {
        let files = files.iter().map(|f| f.as_ref().to_path_buf()).collect();
        self.histories.push(History::Files(files));
        self
    }

    /// Requires every version history to satisfy `mode` (schema registry meaning: BACKWARD = the
    /// newest reads data of the previous version, ..._TRANSITIVE = of all previous versions,
    /// FORWARD = the other way, FULL = both). Generation fails listing every incompatibility.
    pub fn require_compatibility(&mut self, mode: CompatibilityMode) -> &mut Self {
        self.compatibility = Some(mode);
        self
    }

    /// Also generates `avro_runtime::apache::ToApacheValue` impls, converting generated values into
    /// `apache_avro::types::Value` (needs the runtime feature `apache-avro`).
    pub fn apache_avro_values(&mut self, enabled: bool) -> &mut Self {
        self.options.apache_avro_values = enabled;
        self
    }

    /// Also generates `avro_runtime::json::{ToAvroJson, FromAvroJson}` impls for every generated
    /// type (records, enums, fixed and union enums): writing and reading values in the Avro JSON
    /// encoding, e.g. `user.to_avro_json_string()?` and `User::from_avro_json_str(text)?`
    /// (needs the runtime feature `json`).
    pub fn avro_json(&mut self, enabled: bool) -> &mut Self {
        self.options.avro_json = enabled;
        self
    }

    /// Generates code for `paths` and writes it to `OUT_DIR/<file_name>`, printing
    /// `cargo:rerun-if-changed` for exactly the files and directories read and `cargo:warning` for
    /// each schema warning (also when there are errors). A directory stands for the `.avsc` files
    /// in it and in its subdirectories (in sorted order); a directory without any is an error.
    /// Returns what was generated (the code is also in the file).
    ///
    /// The error's `Display` and `Debug` both show every error and warning as rustc shows its
    /// own, so `.unwrap()` and `?` in a build script print them readably.
    pub fn compile(
        &self,
        paths: &(impl Inputs + ?Sized),
    ) -> Result<Generated, Box<dyn std::error::Error>> {
        let paths = paths.paths();
        // Cargo watches a directory with everything below it.
        let mut dirs: Vec<PathBuf> = paths.iter().filter(|p| p.is_dir()).cloned().collect();
        for history in &self.histories {
            if let History::Dir(dir) = history {
                dirs.push(dir.clone());
            }
        }
        for dir in &dirs {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        let generated = self.generate(&paths);
        // Rebuild when any input changes, even when generation failed.
        let inputs = match &generated {
            Ok(g) => g.inputs.clone(),
            Err(_) => {
                let mut inputs = expand_paths(&paths).unwrap_or_default();
                for history in &self.histories {
                    inputs.extend(history_files(history).unwrap_or_default());
                }
                inputs
            }
        };
        for input in &inputs {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let warnings = match &generated {
            Ok(g) => &g.warnings,
            Err(e) => &e.warnings,
        };
        for w in warnings {
            println!("cargo:warning={w}");
        }
        let generated = generated?;
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or(
                "OUT_DIR is not set: call compile() from a build script or set Config::out_dir",
            )?),
        };
        let target = out_dir.join(&self.file_name);
        // Leave the file untouched when nothing changed, so cargo does not recompile needlessly.
        if fs::read_to_string(&target).ok().as_deref() != Some(generated.code.as_str()) {
            fs::write(&target, &generated.code)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        }
        Ok(generated)
    }

    /// Generates code for the schema files (or directories of `.avsc` files, searched
    /// recursively) in `paths`, which may reference each other's named types in any order.
    ///
    /// A file may be UTF-8, UTF-16 or UTF-32 (detected as Java's parser does; anything but
    /// UTF-8 gets a warning). When a file refers to a type that no given file defines but
    /// another `.avsc` file beside a given one does, the error names that file.
    pub fn generate(&self, paths: &(impl Inputs + ?Sized)) -> Result<Generated, SchemaErrors> {
        let files = schema_files(paths)?;
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut histories = Vec::new();
        for history in &self.histories {
            match history_files(history) {
                Ok(files) => histories.push(read_sources(&files, &mut errors, &mut warnings)),
                Err(e) => errors.push(e),
            }
        }
        let sources = read_sources(&files, &mut errors, &mut warnings);
        if !errors.is_empty() {
            return Err(SchemaErrors { errors, warnings });
        }
        let siblings = Siblings::new(&files);
        let find = |candidates: &[String]| siblings.find(candidates);
        let options = ValidateOptions {
            find_definition: Some(&find),
        };
        let mut result = self.generate_validated(&sources, &histories, options);
        match &mut result {
            Ok(g) => prepend(&mut g.warnings, warnings),
            Err(e) => prepend(&mut e.warnings, warnings),
        }
        result
    }

    /// Generates code from schema texts already in memory (used by `include_schema!` and tests).
    pub fn generate_from_sources(&self, sources: &[SourceFile]) -> Result<Generated, SchemaErrors> {
        self.generate_with_histories(sources, &[])
    }

    /// Generates code for `sources` plus version histories (each oldest first; the newest version
    /// of each is compiled with the sources, the others become known writers).
    pub fn generate_with_histories(
        &self,
        sources: &[SourceFile],
        histories: &[Vec<SourceFile>],
    ) -> Result<Generated, SchemaErrors> {
        self.generate_validated(sources, histories, ValidateOptions::default())
    }

    fn generate_validated(
        &self,
        sources: &[SourceFile],
        histories: &[Vec<SourceFile>],
        options: ValidateOptions<'_>,
    ) -> Result<Generated, SchemaErrors> {
        let mut inputs: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();
        inputs.extend(histories.iter().flatten().map(|s| s.path.clone()));
        let (set, writers, warnings) = self.prepare(sources, histories, options)?;
        let (code, types, roots, unions) = with_large_stack(|| {
            let emitter = Emitter::new(&set, &self.options).with_writers(writers);
            (
                emit::format_file(emitter.tokens(), &inputs),
                emitter.type_paths(),
                emitter.root_paths(),
                emitter.union_paths(),
            )
        });
        Ok(Generated {
            code,
            warnings,
            inputs,
            types,
            roots,
            unions,
        })
    }

    /// Generates unformatted tokens and the warnings (for the proc-macro).
    pub fn generate_tokens(
        &self,
        sources: &[SourceFile],
        histories: &[Vec<SourceFile>],
    ) -> Result<(proc_macro2::TokenStream, Vec<Diagnostic>), SchemaErrors> {
        let (set, writers, warnings) =
            self.prepare(sources, histories, ValidateOptions::default())?;
        let tokens = Emitter::new(&set, &self.options)
            .with_writers(writers)
            .tokens();
        Ok((tokens, warnings))
    }

    /// Validates the sources together with the newest version of each history, then resolves
    /// the earlier versions against it. Errors come with every warning found.
    fn prepare(
        &self,
        sources: &[SourceFile],
        histories: &[Vec<SourceFile>],
        options: ValidateOptions<'_>,
    ) -> Result<(SchemaSet, Vec<KnownWriter>, Vec<Diagnostic>), SchemaErrors> {
        let mut current: Vec<SourceFile> = sources.to_vec();
        current.extend(histories.iter().filter_map(|h| h.last().cloned()));
        // Options that do not parse are reported with the schemas' errors, all in one run.
        let option_errors = self.options.diagnostics();
        let (set, mut warnings) = match self.validate(&current, options) {
            Ok(validated) if option_errors.is_empty() => validated,
            Ok((_, warnings)) => {
                return Err(SchemaErrors {
                    errors: option_errors,
                    warnings,
                })
            }
            Err(mut e) => {
                e.errors.splice(0..0, option_errors);
                return Err(e);
            }
        };
        let too_deep = deep_namespaces(&set);
        if !too_deep.is_empty() {
            let mut errors = too_deep;
            validate::locate(&mut errors, &current);
            return Err(SchemaErrors { errors, warnings });
        }
        match self.known_writers(&set, histories, &mut warnings) {
            Ok(writers) => Ok((set, writers, warnings)),
            Err(mut errors) => {
                let all: Vec<SourceFile> = current
                    .iter()
                    .chain(histories.iter().flatten())
                    .cloned()
                    .collect();
                validate::locate(&mut errors, &all);
                Err(SchemaErrors { errors, warnings })
            }
        }
    }

    fn validate(
        &self,
        sources: &[SourceFile],
        options: ValidateOptions<'_>,
    ) -> Result<(SchemaSet, Vec<Diagnostic>), SchemaErrors> {
        validate::validate_with(sources, options).into_result()
    }

    /// Validates each earlier version on its own, resolves it against the current type, and
    /// checks the required compatibility mode over each history.
    fn known_writers(
        &self,
        current: &SchemaSet,
        histories: &[Vec<SourceFile>],
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<Vec<KnownWriter>, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut writers = Vec::new();
        for history in histories {
            let Some((newest, earlier)) = history.split_last() else {
                continue;
            };
            // Resolution failures, reported unless the compatibility check reports the same.
            let mut resolution_errors: Vec<(String, Diagnostic)> = Vec::new();
            let mut compat_errors: Vec<Diagnostic> = Vec::new();
            // Each version is a schema set of its own (they define the same names).
            let mut versions: Vec<(String, &SourceFile, SchemaSet)> = Vec::new();
            for source in earlier {
                match self.validate(std::slice::from_ref(source), ValidateOptions::default()) {
                    Ok((set, w)) => {
                        warnings.extend(w);
                        versions.push((label_for(&source.path, &versions), source, set));
                    }
                    Err(e) => {
                        errors.extend(e.errors);
                        warnings.extend(e.warnings);
                    }
                }
            }
            let newest_root = current
                .roots
                .iter()
                .find(|r| r.file == newest.path)
                .map(|r| r.schema.clone());
            let Some(Schema::Named(reader)) = newest_root else {
                errors.push(Diagnostic::error(
                    &newest.path,
                    "",
                    "the newest version of a schema history must be a named record or enum at the top level",
                ));
                continue;
            };
            for (label, source, set) in &versions {
                let Some(root) = set.roots.first().map(|r| r.schema.clone()) else {
                    continue;
                };
                let writer_side = Side { set, schema: &root };
                let reader_schema = Schema::Named(reader);
                let reader_side = Side {
                    set: current,
                    schema: &reader_schema,
                };
                match resolve::resolve(writer_side, reader_side) {
                    Ok(resolved) => {
                        let canonical = avro_schema::canonical::canonical_form(set, &root);
                        writers.push(KnownWriter {
                            label: label.clone(),
                            json: avro_schema::canonical::full_json(set, &root),
                            fingerprint: avro_schema::fingerprint::rabin(canonical.as_bytes()),
                            set: set.clone(),
                            root,
                            reader,
                            resolved,
                        });
                    }
                    Err(incompatibilities) => {
                        for i in incompatibilities.iter().filter(|i| !i.data_dependent) {
                            let at = if i.writer_path.is_empty() {
                                String::new()
                            } else {
                                format!(" ({})", i.writer_path)
                            };
                            resolution_errors.push((
                                i.message.clone(),
                                Diagnostic::error(
                                    &newest.path,
                                    &i.reader_path,
                                    format!(
                                        "cannot read data written with {}{at}: {}",
                                        source.path.display(),
                                        i.message
                                    ),
                                ),
                            ));
                        }
                    }
                }
            }
            if let Some(mode) = self.compatibility.filter(|_| {
                matches!(
                    current.get(reader).kind,
                    NamedKind::Record { .. } | NamedKind::Enum { .. }
                )
            }) {
                let newest_schema = Schema::Named(reader);
                let labels: Vec<String> = history
                    .iter()
                    .map(|s| s.path.display().to_string())
                    .collect();
                let roots: Vec<Schema> = versions
                    .iter()
                    .filter_map(|(_, _, set)| set.roots.first().map(|r| r.schema.clone()))
                    .collect();
                let mut history_versions: Vec<Version<'_>> = versions
                    .iter()
                    .zip(&roots)
                    .zip(&labels)
                    .map(|(((_, _, set), root), label)| Version {
                        label,
                        side: Side { set, schema: root },
                    })
                    .collect();
                history_versions.push(Version {
                    label: labels.last().expect("a history has a newest version"),
                    side: Side {
                        set: current,
                        schema: &newest_schema,
                    },
                });
                for e in compat::check(mode, &history_versions) {
                    compat_errors.push(Diagnostic::error(
                        &newest.path,
                        &e.incompatibility.reader_path,
                        format!("{mode} compatibility is required, but {e}"),
                    ));
                }
            }
            for (message, diagnostic) in resolution_errors {
                if !compat_errors.iter().any(|c| c.message.contains(&message)) {
                    errors.push(diagnostic);
                }
            }
            errors.extend(compat_errors);
        }
        if errors.is_empty() {
            Ok(writers)
        } else {
            Err(errors)
        }
    }
}

/// The most components a namespace may have: generated code nests one module per component,
/// and deeper nesting than this would exhaust the compiler's (and the generator's) stack.
pub const MAX_NAMESPACE_COMPONENTS: usize = 128;

/// An error for each namespace with more than [`MAX_NAMESPACE_COMPONENTS`] components, at the
/// first type defined in it.
fn deep_namespaces(set: &SchemaSet) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    for t in &set.named {
        let Some(ns) = &t.name.namespace else {
            continue;
        };
        let components = ns.split('.').count();
        if components > MAX_NAMESPACE_COMPONENTS && seen.insert(ns.as_str()) {
            let key = if t.explicit_namespace {
                "namespace"
            } else {
                "name"
            };
            let at = crate::diagnostics::path::key(&t.source.json_path, key);
            let shown: String = if ns.chars().count() > 60 {
                format!("{}...", ns.chars().take(57).collect::<String>())
            } else {
                ns.clone()
            };
            errors.push(Diagnostic::error(
                &t.source.file,
                &at,
                format!(
                    "namespace `{shown}` has {components} components; generated code nests one \
                     module per component, and this generator supports at most \
                     {MAX_NAMESPACE_COMPONENTS}"
                ),
            ));
        }
    }
    errors
}

/// Runs `f` on a thread with a stack large enough for the deepest schema validation accepts:
/// emission and formatting (which parses the generated code with `syn`) recurse once per level
/// of nesting, more deeply than a test thread's 2 MiB or even a main thread's 8 MiB allow for
/// the deepest schemas. Inside a procedural macro, `f` runs where it is (token streams belong
/// to the compiler's thread there, and that thread is not the caller's to choose).
fn with_large_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    extern crate proc_macro;
    /// Reserved address space, not memory: pages are only used as deep as the recursion goes.
    const STACK: usize = 256 << 20;
    if proc_macro::is_available() {
        return f();
    }
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("avro-build".to_string())
            .stack_size(STACK)
            .spawn_scoped(scope, f)
            .expect("a thread for code generation")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Puts `first` before the diagnostics already in `list`.
fn prepend(list: &mut Vec<Diagnostic>, first: Vec<Diagnostic>) {
    let rest = std::mem::replace(list, first);
    list.extend(rest);
}

/// The `.avsc` files beside the given files that were not given themselves, and the named
/// types they define, looked up only when a type is unknown (and then read once).
struct Siblings {
    given: HashSet<PathBuf>,
    dirs: Vec<PathBuf>,
    index: OnceCell<HashMap<String, PathBuf>>,
}

impl Siblings {
    /// At most this many files are read for the hint.
    const MAX_FILES: usize = 1000;

    fn new(files: &[PathBuf]) -> Siblings {
        let mut dirs: Vec<PathBuf> = Vec::new();
        for f in files {
            let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
        Siblings {
            given: files.iter().cloned().collect(),
            dirs,
            index: OnceCell::new(),
        }
    }

    fn find(&self, candidates: &[String]) -> Option<PathBuf> {
        let index = self.index.get_or_init(|| {
            let mut index = HashMap::new();
            let listed = self.dirs.iter().flat_map(|dir| {
                let shown = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir.as_path()
                };
                avsc_files_in(shown).into_iter().map(move |f| {
                    if dir.as_os_str().is_empty() {
                        PathBuf::from(f.file_name().unwrap_or_default())
                    } else {
                        f
                    }
                })
            });
            for file in listed
                .filter(|f| !self.given.contains(f))
                .take(Self::MAX_FILES)
            {
                if let Ok((source, _)) = SourceFile::read(&file) {
                    for name in validate::defined_names(&source) {
                        index.entry(name).or_insert_with(|| file.clone());
                    }
                }
            }
            index
        });
        candidates.iter().find_map(|c| index.get(c).cloned())
    }
}

/// A label for an earlier version, unique within its history: the file stem as an identifier.
fn label_for(path: &Path, taken: &[(String, &SourceFile, SchemaSet)]) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("writer");
    let base = crate::plan::field_ident(stem)
        .trim_start_matches("r#")
        .to_string();
    let mut label = base.clone();
    let mut n = 2;
    while taken.iter().any(|(l, _, _)| *l == label) {
        label = format!("{base}_{n}");
        n += 1;
    }
    label
}

/// Reads each file (in the encoding it is in), collecting errors and encoding warnings.
fn read_sources(
    files: &[PathBuf],
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<SourceFile> {
    let mut sources = Vec::new();
    for file in files {
        match SourceFile::read(file) {
            Ok((source, warning)) => {
                sources.push(source);
                warnings.extend(warning);
            }
            Err(e) => errors.push(e),
        }
    }
    sources
}

/// The schema files `paths` stand for: files as given, and for each directory the `.avsc` files
/// in it and its subdirectories (each directory's files sorted, then its subdirectories in
/// sorted order), as [`Config::compile`] reads them. A directory without any `.avsc` file is
/// an error.
pub fn schema_files(paths: &(impl Inputs + ?Sized)) -> Result<Vec<PathBuf>, SchemaErrors> {
    expand_paths(&paths.paths()).map_err(|errors| SchemaErrors {
        errors,
        warnings: Vec::new(),
    })
}

/// The versions in a version directory, oldest first, as [`Config::version_dir`] reads them:
/// the `.avsc` files directly in it, ordered by the number in their names, then by name.
pub fn version_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    history_files(&History::Dir(dir.to_path_buf()))
}

/// The files of a version history, oldest first.
fn history_files(history: &History) -> Result<Vec<PathBuf>, Diagnostic> {
    match history {
        History::Files(files) => Ok(files.clone()),
        History::Dir(dir) => {
            if !dir.is_dir() {
                return Err(Diagnostic::error(
                    dir,
                    "",
                    "cannot read version directory: not a directory",
                ));
            }
            let mut files = avsc_files_in(dir);
            // v2 before v10: order by the number in the file name, then by name.
            files.sort_by_key(|f| {
                let stem = f
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_string();
                let digits: String = stem.chars().filter(char::is_ascii_digit).collect();
                (digits.parse::<u64>().unwrap_or(u64::MAX), stem)
            });
            if files.is_empty() {
                return Err(Diagnostic::error(
                    dir,
                    "",
                    "no .avsc files in this version directory",
                ));
            }
            Ok(files)
        }
    }
}

/// The `.avsc` files directly in `dir`, sorted.
fn avsc_files_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| f.extension().is_some_and(|x| x == "avsc") && f.is_file())
        .collect();
    found.sort();
    found
}

/// `dir` and every directory below it: each directory before its subdirectories, siblings in
/// sorted order.
fn directories_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    let mut i = 0;
    while i < out.len() {
        let mut subdirs: Vec<PathBuf> = fs::read_dir(&out[i])
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        subdirs.sort();
        let at = i + 1;
        out.splice(at..at, subdirs);
        i += 1;
    }
    out
}

/// Files named directly, and the `.avsc` files inside named directories and their
/// subdirectories (each directory's files sorted, then its subdirectories in sorted order). A
/// named directory without any `.avsc` file is an error, as is a path that does not exist.
fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            let before = files.len();
            for dir in directories_under(p) {
                if let Err(e) = fs::read_dir(&dir) {
                    errors.push(Diagnostic::error(
                        &dir,
                        "",
                        format!("cannot read directory: {e}"),
                    ));
                    continue;
                }
                files.extend(avsc_files_in(&dir));
            }
            if files.len() == before {
                errors.push(Diagnostic::error(
                    p,
                    "",
                    "no .avsc files in this directory or its subdirectories",
                ));
            }
        } else {
            files.push(p.clone());
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}
