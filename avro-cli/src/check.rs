//! `avro check`: validates schemas exactly as a build script does (`Config::generate`), and
//! shows the diagnostics as the build shows them (their `Display`).

use std::path::PathBuf;

use avro_build::{Config, Diagnostic, Severity};
use serde_json::json;

use crate::{verdict, Format, Outcome};

/// Arguments of `avro check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Schema files, or directories of .avsc files (named types may be used across files)
    #[arg(required = true, value_name = "SCHEMAS")]
    schemas: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: &Args) -> Outcome {
    let result = Config::new().generate(&args.schemas);
    let (valid, diagnostics) = match &result {
        Ok(generated) => (true, generated.warnings.as_slice()),
        Err(errors) => (false, errors.errors.as_slice()),
    };
    match args.format {
        Format::Json => {
            let report = json!({
                "valid": valid,
                "diagnostics": diagnostics.iter().map(diagnostic_json).collect::<Vec<_>>(),
            });
            println!("{report}");
        }
        Format::Text => match &result {
            Ok(generated) => {
                for warning in &generated.warnings {
                    eprintln!("warning: {warning}");
                }
                println!(
                    "ok: {} schema file{}, {} named type{}",
                    generated.inputs.len(),
                    plural(generated.inputs.len()),
                    generated.types.len(),
                    plural(generated.types.len())
                );
            }
            Err(errors) => eprint!("{errors}"),
        },
    }
    Ok(verdict(valid))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A diagnostic's fields as JSON (and its rendering, as the text output shows it).
fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    json!({
        "severity": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "file": d.file.display().to_string(),
        "json_path": d.json_path,
        "message": d.message,
        "rendered": d.to_string(),
    })
}
