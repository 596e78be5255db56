//! The build-script entry point: a [`Config`] builder in the style of `prost-build`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, SchemaErrors};
use crate::emit::{self, Emitter, Options};
pub use crate::emit::{DateTimeMapping, DecimalMapping, MapType, UuidMapping};
use crate::ir::SchemaSet;
use crate::validate::{self, SourceFile};

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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            options: Options::default(),
            out_dir: None,
            file_name: "avro_types.rs".to_string(),
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
            .push((selector.into(), attribute.into()));
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
            .push((selector.into(), attribute.into()));
        self
    }

    /// Also generates `avro_runtime::apache::ToApacheValue` impls, converting generated values into
    /// `apache_avro::types::Value` (needs the runtime feature `apache-avro`).
    pub fn apache_avro_values(&mut self, enabled: bool) -> &mut Self {
        self.options.apache_avro_values = enabled;
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
        let generated = self.generate(paths);
        // Rebuild when any input changes, even when generation failed.
        let inputs = match &generated {
            Ok(g) => g.inputs.clone(),
            Err(_) => expand_paths(paths).unwrap_or_default(),
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
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for file in files {
            match fs::read_to_string(&file) {
                Ok(text) => sources.push(SourceFile { path: file, text }),
                Err(e) => errors.push(Diagnostic::error(
                    &file,
                    "",
                    format!("cannot read file: {e}"),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(SchemaErrors { errors });
        }
        self.generate_from_sources(&sources)
    }

    /// Generates code from schema texts already in memory (used by `include_schema!` and tests).
    pub fn generate_from_sources(&self, sources: &[SourceFile]) -> Result<Generated, SchemaErrors> {
        let inputs: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();
        let (set, warnings) = self.validate(sources)?;
        let emitter = Emitter::new(&set, &self.options);
        Ok(Generated {
            code: emit::format_file(emitter.tokens(), &inputs),
            warnings,
            inputs,
            types: emitter.type_paths(),
            roots: emitter.root_paths(),
        })
    }

    /// Generates unformatted tokens and the warnings (for the proc-macro).
    pub fn generate_tokens(
        &self,
        sources: &[SourceFile],
    ) -> Result<(proc_macro2::TokenStream, Vec<Diagnostic>), SchemaErrors> {
        let (set, warnings) = self.validate(sources)?;
        Ok((Emitter::new(&set, &self.options).tokens(), warnings))
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
