//! The build-script entry point: a [`Config`] builder in the style of `prost-build`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, SchemaErrors};
use crate::emit::KnownWriter;
use crate::emit::{self, Emitter};

mod options;
use crate::ir::{NamedKind, Schema, SchemaSet};
use crate::validate::{self, SourceFile};
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
    /// each schema warning. A directory stands for the `.avsc` files directly inside it.
    /// Returns what was generated (the code is also in the file).
    pub fn compile(
        &self,
        paths: &[impl AsRef<Path>],
    ) -> Result<Generated, Box<dyn std::error::Error>> {
        for p in paths {
            if p.as_ref().is_dir() {
                println!("cargo:rerun-if-changed={}", p.as_ref().display());
            }
        }
        for history in &self.histories {
            if let History::Dir(dir) = history {
                println!("cargo:rerun-if-changed={}", dir.display());
            }
        }
        let generated = self.generate(paths);
        // Rebuild when any input changes, even when generation failed.
        let inputs = match &generated {
            Ok(g) => g.inputs.clone(),
            Err(_) => {
                let mut inputs = expand_paths(paths).unwrap_or_default();
                for history in &self.histories {
                    inputs.extend(history_files(history).unwrap_or_default());
                }
                inputs
            }
        };
        for input in &inputs {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let generated = generated?;
        for w in &generated.warnings {
            println!("cargo:warning={w}");
        }
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

    /// Generates code for the schema files (or directories of `.avsc` files) in `paths`, which may
    /// reference each other's named types in any order.
    pub fn generate(&self, paths: &[impl AsRef<Path>]) -> Result<Generated, SchemaErrors> {
        let files = expand_paths(paths).map_err(|e| SchemaErrors { errors: vec![e] })?;
        let mut errors = Vec::new();
        let mut histories = Vec::new();
        for history in &self.histories {
            match history_files(history) {
                Ok(files) => histories.push(read_sources(&files, &mut errors)),
                Err(e) => errors.push(e),
            }
        }
        let sources = read_sources(&files, &mut errors);
        if !errors.is_empty() {
            return Err(SchemaErrors { errors });
        }
        self.generate_with_histories(&sources, &histories)
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
        let mut inputs: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();
        inputs.extend(histories.iter().flatten().map(|s| s.path.clone()));
        let (set, writers, warnings) = self.prepare(sources, histories)?;
        let emitter = Emitter::new(&set, &self.options).with_writers(writers);
        Ok(Generated {
            code: emit::format_file(emitter.tokens(), &inputs),
            warnings,
            inputs,
            types: emitter.type_paths(),
            roots: emitter.root_paths(),
            unions: emitter.union_paths(),
        })
    }

    /// Generates unformatted tokens and the warnings (for the proc-macro).
    pub fn generate_tokens(
        &self,
        sources: &[SourceFile],
        histories: &[Vec<SourceFile>],
    ) -> Result<(proc_macro2::TokenStream, Vec<Diagnostic>), SchemaErrors> {
        let (set, writers, warnings) = self.prepare(sources, histories)?;
        let tokens = Emitter::new(&set, &self.options)
            .with_writers(writers)
            .tokens();
        Ok((tokens, warnings))
    }

    /// Validates the sources together with the newest version of each history, then resolves
    /// the earlier versions against it.
    fn prepare(
        &self,
        sources: &[SourceFile],
        histories: &[Vec<SourceFile>],
    ) -> Result<(SchemaSet, Vec<KnownWriter>, Vec<Diagnostic>), SchemaErrors> {
        let mut current: Vec<SourceFile> = sources.to_vec();
        current.extend(histories.iter().filter_map(|h| h.last().cloned()));
        // Options that do not parse are reported with the schemas' errors, all in one run.
        let option_errors = self.options.diagnostics();
        let (set, mut warnings) = match self.validate(&current) {
            Ok(validated) if option_errors.is_empty() => validated,
            Ok(_) => {
                return Err(SchemaErrors {
                    errors: option_errors,
                })
            }
            Err(mut e) => {
                e.errors.splice(0..0, option_errors);
                return Err(e);
            }
        };
        let writers = self.known_writers(&set, histories, &mut warnings)?;
        Ok((set, writers, warnings))
    }

    fn validate(
        &self,
        sources: &[SourceFile],
    ) -> Result<(SchemaSet, Vec<Diagnostic>), SchemaErrors> {
        let validated = validate::validate(sources);
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = validated
            .diagnostics
            .into_iter()
            .partition(Diagnostic::is_error);
        match validated.set {
            Some(set) if errors.is_empty() => Ok((set, warnings)),
            _ => Err(SchemaErrors { errors }),
        }
    }

    /// Validates each earlier version on its own, resolves it against the current type, and
    /// checks the required compatibility mode over each history.
    fn known_writers(
        &self,
        current: &SchemaSet,
        histories: &[Vec<SourceFile>],
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<Vec<KnownWriter>, SchemaErrors> {
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
                match self.validate(std::slice::from_ref(source)) {
                    Ok((set, w)) => {
                        warnings.extend(w);
                        versions.push((label_for(&source.path, &versions), source, set));
                    }
                    Err(e) => errors.extend(e.errors),
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
            Err(SchemaErrors { errors })
        }
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

fn read_sources(files: &[PathBuf], errors: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    let mut sources = Vec::new();
    for file in files {
        match fs::read_to_string(file) {
            Ok(text) => sources.push(SourceFile {
                path: file.clone(),
                text,
            }),
            Err(e) => errors.push(Diagnostic::error(
                file,
                "",
                format!("cannot read file: {e}"),
            )),
        }
    }
    sources
}

/// The files of a version history, oldest first.
fn history_files(history: &History) -> Result<Vec<PathBuf>, Diagnostic> {
    match history {
        History::Files(files) => Ok(files.clone()),
        History::Dir(dir) => {
            let mut files = expand_paths(std::slice::from_ref(dir))?;
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

/// Files named directly, and the `.avsc` files directly inside named directories (sorted).
fn expand_paths(paths: &[impl AsRef<Path>]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    for p in paths {
        let p = p.as_ref();
        if p.is_dir() {
            let entries = fs::read_dir(p)
                .map_err(|e| Diagnostic::error(p, "", format!("cannot read directory: {e}")))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "avsc") && f.is_file())
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.to_path_buf());
        }
    }
    Ok(files)
}
