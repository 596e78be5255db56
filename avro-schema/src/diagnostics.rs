//! Errors and warnings about schemas, each naming the file and the JSON path.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The schema is invalid; nothing is generated.
    Error,
    /// The schema is accepted, but probably does not mean what its author thinks.
    Warning,
}

/// One finding about a schema file: `user.avsc: fields[3].type: unknown type "Adress"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The schema file, as given.
    pub file: PathBuf,
    /// JSON path inside the file (`fields[3].type`), empty for the document itself.
    pub json_path: String,
    /// What is wrong, and where useful what to do instead.
    pub message: String,
}

impl Diagnostic {
    /// An error at `json_path` of `file`.
    pub fn error(file: &Path, json_path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            json_path: json_path.to_string(),
            message: message.into(),
        }
    }

    /// A warning at `json_path` of `file`.
    pub fn warning(file: &Path, json_path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, json_path, message)
        }
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file.display())?;
        if !self.json_path.is_empty() {
            write!(f, "{}: ", self.json_path)?;
        }
        f.write_str(&self.message)
    }
}

/// Every error found in one compilation (warnings travel beside them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaErrors {
    /// The findings, in file and document order; all of them errors.
    pub errors: Vec<Diagnostic>,
}

impl fmt::Display for SchemaErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        writeln!(
            f,
            "{n} error{} in Avro schemas:",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.errors {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SchemaErrors {}

/// JSON path builders, so every stage spells paths the same way.
pub mod path {
    /// `parent.key` (or `key` at the top).
    pub fn key(parent: &str, key: &str) -> String {
        if parent.is_empty() {
            key.to_string()
        } else {
            format!("{parent}.{key}")
        }
    }

    /// `parent[index]`.
    pub fn index(parent: &str, index: usize) -> String {
        format!("{parent}[{index}]")
    }
}
