//! Schemas given on the command line: a file (comments allowed, named types of other files
//! through `--include`) or inline JSON text, validated by avro-schema.

use std::path::{Path, PathBuf};

use avro_runtime::resolve::ParsedSchema;
use avro_schema::validate::{self, SourceFile};

use crate::{Failure, Includes};

/// Reads and validates the schema `arg` (a file, or JSON text when no such file exists and it
/// looks like JSON), with the named types of the `includes` files. Errors list every
/// diagnostic, one line each.
pub fn load(arg: &Path, includes: &Includes) -> Result<ParsedSchema, Failure> {
    let mut sources = Vec::with_capacity(includes.files.len() + 1);
    for file in &includes.files {
        sources.push(read_source(file)?);
    }
    sources.push(read_source(arg)?);
    let validated = validate::validate(&sources);
    let (mut set, _warnings) = validated.into_result().map_err(|errors| {
        let lines: Vec<String> = errors.errors.iter().map(ToString::to_string).collect();
        Failure::from(format!("invalid schema: {}", lines.join("\n  ")))
    })?;
    let root = set
        .roots
        .pop()
        .map(|r| r.schema)
        .ok_or_else(|| format!("{}: no schema", arg.display()))?;
    Ok(ParsedSchema::new(set, root))
}

/// The text of a schema argument: the file's, or the argument itself when it is JSON text.
fn read_source(arg: &Path) -> Result<SourceFile, Failure> {
    match std::fs::read_to_string(arg) {
        Ok(text) => Ok(SourceFile {
            path: arg.to_path_buf(),
            text,
        }),
        Err(e) => {
            let text = arg.to_string_lossy();
            if !arg.exists() && text.trim_start().starts_with(['{', '[', '"']) {
                Ok(SourceFile {
                    path: PathBuf::from("<inline schema>"),
                    text: text.into_owned(),
                })
            } else {
                Err(format!("cannot read schema {}: {e}", arg.display()).into())
            }
        }
    }
}
