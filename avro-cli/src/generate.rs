//! `avro generate`: the code `avro_build::Config` generates, outside cargo.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use avro_build::{
    CompatibilityMode, Config, DateTimeMapping, DecimalMapping, MapType, UuidMapping,
};
use clap::ValueEnum;

use crate::{io, is_std, Outcome};

/// The boolean options of [`Config`]: each entry is a `--flag` of `avro generate` (the field
/// name in kebab case) that calls the `Config` method of the same name with `true`. A new
/// switch of `Config` is one entry here.
macro_rules! config_switches {
    ($($(#[doc = $doc:literal])+ $method:ident,)*) => {
        /// The switches of `Config`.
        #[derive(clap::Args, Debug)]
        pub struct Switches {
            $($(#[doc = $doc])+ #[arg(long)] $method: bool,)*
        }

        impl Switches {
            fn apply(&self, config: &mut Config) {
                $(if self.$method {
                    config.$method(true);
                })*
            }
        }
    };
}

config_switches! {
    /// Also implement avro_runtime::json::{ToAvroJson, FromAvroJson} (runtime feature `json`)
    avro_json,
    /// Also implement conversion into apache_avro::types::Value (runtime feature `apache-avro`)
    apache_avro_values,
}

/// Arguments of `avro generate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Schema files, or directories of .avsc files (named types may be used across files)
    #[arg(required = true, value_name = "SCHEMAS")]
    schemas: Vec<PathBuf>,
    /// Where to write: a file, a directory (the file avro_types.rs in it), or - for stdout
    #[arg(short, long, value_name = "FILE|DIR", default_value = "-")]
    output: PathBuf,
    /// Rust type of Avro maps
    #[arg(long, value_enum, default_value_t = MapTypeArg::HashMap)]
    map_type: MapTypeArg,
    /// Rust types of date, time-*, timestamp-* and local-timestamp-*
    #[arg(long, value_enum, default_value_t = DateTimeArg::Newtypes)]
    date_time: DateTimeArg,
    /// Rust type of uuid
    #[arg(long, value_enum, default_value_t = UuidArg::Plain)]
    uuid: UuidArg,
    /// Rust type of decimal
    #[arg(long, value_enum, default_value_t = DecimalArg::Runtime)]
    decimal: DecimalArg,
    #[command(flatten)]
    switches: Switches,
    /// A directory of versions of one schema (v1.avsc, v2.avsc, ...): decoders for the earlier
    /// ones (repeatable)
    #[arg(long = "versions", value_name = "DIR")]
    version_dirs: Vec<PathBuf>,
    /// Fail unless every version history satisfies this mode (e.g. backward, full-transitive)
    #[arg(long, value_name = "MODE", value_parser = parse_mode)]
    require_compatibility: Option<CompatibilityMode>,
    /// Add an attribute to generated types: SELECTOR=ATTRIBUTE, the selector `.` (all), a full
    /// name or a namespace (repeatable)
    #[arg(long, value_name = "SELECTOR=ATTRIBUTE", value_parser = parse_selector)]
    type_attribute: Vec<(String, String)>,
    /// Add an attribute to record fields: SELECTOR=ATTRIBUTE, the selector a field
    /// (com.example.User.name) or a type selector (repeatable)
    #[arg(long, value_name = "SELECTOR=ATTRIBUTE", value_parser = parse_selector)]
    field_attribute: Vec<(String, String)>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum MapTypeArg {
    /// std::collections::HashMap
    HashMap,
    /// std::collections::BTreeMap
    BtreeMap,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum DateTimeArg {
    /// The runtime's newtypes (avro_runtime::Date, TimestampMicros, ...)
    Newtypes,
    /// chrono types (runtime feature `chrono`)
    Chrono,
    /// time types (runtime feature `time`)
    Time,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum UuidArg {
    /// String or [u8; 16]
    Plain,
    /// uuid::Uuid (runtime feature `uuid`)
    Uuid,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum DecimalArg {
    /// avro_runtime::Decimal
    Runtime,
    /// rust_decimal::Decimal (runtime feature `rust_decimal`)
    RustDecimal,
}

/// A compatibility mode in either spelling (`backward-transitive`, `BACKWARD_TRANSITIVE`).
pub fn parse_mode(text: &str) -> Result<CompatibilityMode, String> {
    text.replace('-', "_").parse().map_err(|e| format!("{e}"))
}

fn parse_selector(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((selector, attribute)) if !selector.is_empty() && !attribute.is_empty() => {
            Ok((selector.to_owned(), attribute.to_owned()))
        }
        _ => Err(format!(
            "expected SELECTOR=ATTRIBUTE (e.g. .=#[derive(Hash)]), found {text:?}"
        )),
    }
}

impl Args {
    /// The configuration these arguments describe.
    fn config(&self) -> Config {
        let mut config = Config::new();
        config
            .map_type(match self.map_type {
                MapTypeArg::HashMap => MapType::HashMap,
                MapTypeArg::BtreeMap => MapType::BTreeMap,
            })
            .date_time(match self.date_time {
                DateTimeArg::Newtypes => DateTimeMapping::Newtypes,
                DateTimeArg::Chrono => DateTimeMapping::Chrono,
                DateTimeArg::Time => DateTimeMapping::Time,
            })
            .uuid(match self.uuid {
                UuidArg::Plain => UuidMapping::Plain,
                UuidArg::Uuid => UuidMapping::Uuid,
            })
            .decimal(match self.decimal {
                DecimalArg::Runtime => DecimalMapping::Runtime,
                DecimalArg::RustDecimal => DecimalMapping::RustDecimal,
            });
        self.switches.apply(&mut config);
        for dir in &self.version_dirs {
            config.version_dir(dir);
        }
        if let Some(mode) = self.require_compatibility {
            config.require_compatibility(mode);
        }
        for (selector, attribute) in &self.type_attribute {
            config.type_attribute(selector, attribute);
        }
        for (selector, attribute) in &self.field_attribute {
            config.field_attribute(selector, attribute);
        }
        config
    }
}

/// Where the code goes: stdout, a file, or `avro_types.rs` in a directory.
fn target(output: &Path) -> PathBuf {
    if output.is_dir() {
        output.join("avro_types.rs")
    } else {
        output.to_path_buf()
    }
}

pub fn run(args: &Args) -> Outcome {
    let generated = match args.config().generate(&args.schemas) {
        Ok(generated) => generated,
        Err(errors) => {
            eprint!("{errors}");
            return Ok(ExitCode::from(1));
        }
    };
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let target = target(&args.output);
    let mut out = io::output(&target, false)?;
    out.write_all(generated.code.as_bytes())?;
    out.flush()?;
    if !is_std(&target) {
        eprintln!(
            "wrote {} ({} types from {} files)",
            target.display(),
            generated.types.len(),
            generated.inputs.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
