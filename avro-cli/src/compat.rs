//! `avro compat`: a new schema version against earlier ones, under a schema registry mode
//! (avro-schema's checker: every incompatibility, with reader and writer paths).

use std::path::{Path, PathBuf};

use avro_runtime::resolve::ParsedSchema;
use avro_schema::compat::{can_read, CompatibilityError, CompatibilityMode};
use avro_schema::resolve::Side;
use serde_json::json;

use crate::generate::parse_mode;
use crate::{schema, verdict, Failure, Format, Includes, Outcome};

/// Arguments of `avro compat`.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("history").required(true).args(["schemas", "versions"])))]
pub struct Args {
    /// The mode: backward, backward-transitive, forward, forward-transitive, full,
    /// full-transitive or none (also in the registry's spelling, BACKWARD_TRANSITIVE)
    #[arg(long, value_name = "MODE", value_parser = parse_mode)]
    mode: CompatibilityMode,
    /// The new schema, then the earlier versions, newest first (the first of them is the
    /// previous version, the only one the non-transitive modes check)
    #[arg(value_name = "NEW OLD...", num_args = 2.., conflicts_with = "versions")]
    schemas: Vec<PathBuf>,
    /// The versions of one schema, oldest first: a directory (its .avsc files ordered by the
    /// number in their names, then by name, as avro-build's Config::version_dir) or a manifest
    /// file (one schema file a line, oldest first, relative to the manifest; `#` comments)
    #[arg(long, value_name = "DIR|MANIFEST")]
    versions: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// One version of the history.
struct Version {
    label: String,
    schema: ParsedSchema,
}

impl Version {
    fn side(&self) -> Side<'_> {
        Side {
            set: self.schema.set(),
            schema: self.schema.schema(),
        }
    }
}

/// One reader/writer check the mode asks for.
struct Check<'a> {
    reader: &'a Version,
    writer: &'a Version,
    errors: Vec<CompatibilityError>,
}

/// The files of the history, oldest first.
fn history(args: &Args) -> Result<Vec<PathBuf>, Failure> {
    match &args.versions {
        Some(path) if path.is_dir() => {
            avro_build::version_files(path).map_err(|d| d.to_string().into())
        }
        Some(manifest) => {
            let text = std::fs::read_to_string(manifest)
                .map_err(|e| format!("cannot read manifest {}: {e}", manifest.display()))?;
            let base = manifest.parent().unwrap_or(Path::new(""));
            let files: Vec<PathBuf> = text
                .lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty())
                .map(|l| base.join(l))
                .collect();
            if files.is_empty() {
                return Err(
                    format!("{}: the manifest lists no schema files", manifest.display()).into(),
                );
            }
            Ok(files)
        }
        None => {
            // NEW OLD1 OLD2 ... (newest first) → oldest first.
            Ok(args.schemas.iter().rev().cloned().collect())
        }
    }
}

/// Which versions read which, in the order of avro-schema's `compat::check`: the previous
/// versions newest first (only the newest for non-transitive modes); for each, the new version
/// reading it (backward), then it reading the new version (forward).
fn checks(mode: CompatibilityMode, versions: &[Version]) -> Vec<Check<'_>> {
    use CompatibilityMode as M;
    let (backward, forward, transitive) = match mode {
        M::Backward => (true, false, false),
        M::BackwardTransitive => (true, false, true),
        M::Forward => (false, true, false),
        M::ForwardTransitive => (false, true, true),
        M::Full => (true, true, false),
        M::FullTransitive => (true, true, true),
        M::None => (false, false, false),
    };
    let Some((new, previous)) = versions.split_last() else {
        return Vec::new();
    };
    let count = if transitive {
        previous.len()
    } else {
        previous.len().min(1)
    };
    let mut checks = Vec::new();
    for old in previous.iter().rev().take(count) {
        if backward {
            checks.push(check(new, old));
        }
        if forward {
            checks.push(check(old, new));
        }
    }
    checks
}

fn check<'a>(reader: &'a Version, writer: &'a Version) -> Check<'a> {
    let errors = can_read(reader.side(), writer.side())
        .into_iter()
        .map(|incompatibility| CompatibilityError {
            reader: reader.label.clone(),
            writer: writer.label.clone(),
            incompatibility,
        })
        .collect();
    Check {
        reader,
        writer,
        errors,
    }
}

pub fn run(args: &Args) -> Outcome {
    let files = history(args)?;
    let mut versions = Vec::with_capacity(files.len());
    for file in &files {
        versions.push(Version {
            label: file.display().to_string(),
            schema: schema::load(file, &Includes::default())?,
        });
    }
    let checks = checks(args.mode, &versions);
    let compatible = checks.iter().all(|c| c.errors.is_empty());
    match args.format {
        Format::Text => {
            println!(
                "{}: {}",
                args.mode,
                if compatible {
                    "compatible"
                } else {
                    "incompatible"
                }
            );
            for c in &checks {
                if c.errors.is_empty() {
                    println!(
                        "  {} can read data written with {}",
                        c.reader.label, c.writer.label
                    );
                } else {
                    println!(
                        "  {} cannot read data written with {} ({} incompatibilit{}):",
                        c.reader.label,
                        c.writer.label,
                        c.errors.len(),
                        if c.errors.len() == 1 { "y" } else { "ies" }
                    );
                    for e in &c.errors {
                        println!("    {e}");
                    }
                }
            }
        }
        Format::Json => {
            let report = json!({
                "mode": args.mode.as_str(),
                "compatible": compatible,
                "checks": checks.iter().map(|c| json!({
                    "reader": c.reader.label,
                    "writer": c.writer.label,
                    "compatible": c.errors.is_empty(),
                    "incompatibilities": c.errors.iter().map(|e| json!({
                        "reader_path": e.incompatibility.reader_path,
                        "writer_path": e.incompatibility.writer_path,
                        "message": e.incompatibility.message,
                        "data_dependent": e.incompatibility.data_dependent,
                        "rendered": e.to_string(),
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            });
            println!("{report}");
        }
    }
    Ok(verdict(compatible))
}

#[cfg(test)]
mod tests {
    use super::*;
    use avro_schema::compat::{check as registry_check, Version as RegistryVersion};

    fn version(label: &str, json: &str) -> Version {
        Version {
            label: label.to_owned(),
            schema: ParsedSchema::parse(json, label).unwrap(),
        }
    }

    /// The checks listed per pair are exactly avro-schema's `compat::check`, in its order, for
    /// every mode.
    #[test]
    fn pairs_agree_with_the_registry_checker() {
        let versions = [
            version(
                "v1",
                r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#,
            ),
            version(
                "v2",
                r#"{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}"#,
            ),
            version(
                "v3",
                r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string","default":""}]}"#,
            ),
        ];
        let registry: Vec<RegistryVersion<'_>> = versions
            .iter()
            .map(|v| RegistryVersion {
                label: &v.label,
                side: v.side(),
            })
            .collect();
        for mode in CompatibilityMode::ALL {
            for n in 1..=versions.len() {
                let ours: Vec<CompatibilityError> = checks(mode, &versions[..n])
                    .into_iter()
                    .flat_map(|c| c.errors)
                    .collect();
                assert_eq!(
                    ours,
                    registry_check(mode, &registry[..n]),
                    "{mode}, {n} versions"
                );
            }
        }
    }
}
