//! Schema compatibility checking, as a schema registry does it: whether a new schema version can
//! read data written with earlier versions (backward), whether earlier versions can read data
//! written with the new one (forward), or both (full), against the previous version only or all
//! of them (transitive).
//!
//! "Can read" is [`crate::resolve::resolve`] with every incompatibility counted, data-dependent
//! ones included (a writer union branch or enum symbol the reader cannot read): a schema is only
//! compatible when every datum of the writer is readable.

use std::fmt;
use std::str::FromStr;

use crate::resolve::{resolve, Incompatibility, Side};

/// A compatibility mode, as the Confluent schema registry defines them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompatibilityMode {
    /// The new schema can read data written with the previous version.
    Backward,
    /// The new schema can read data written with every previous version.
    BackwardTransitive,
    /// The previous version can read data written with the new schema.
    Forward,
    /// Every previous version can read data written with the new schema.
    ForwardTransitive,
    /// [`Backward`](Self::Backward) and [`Forward`](Self::Forward).
    Full,
    /// [`BackwardTransitive`](Self::BackwardTransitive) and
    /// [`ForwardTransitive`](Self::ForwardTransitive).
    FullTransitive,
    /// Nothing is checked.
    None,
}

impl CompatibilityMode {
    /// Every mode, in the registry's usual order.
    pub const ALL: [CompatibilityMode; 7] = [
        CompatibilityMode::Backward,
        CompatibilityMode::BackwardTransitive,
        CompatibilityMode::Forward,
        CompatibilityMode::ForwardTransitive,
        CompatibilityMode::Full,
        CompatibilityMode::FullTransitive,
        CompatibilityMode::None,
    ];

    /// The registry spelling: `BACKWARD`, `BACKWARD_TRANSITIVE`, `FORWARD`, `FORWARD_TRANSITIVE`,
    /// `FULL`, `FULL_TRANSITIVE`, `NONE`.
    pub fn as_str(self) -> &'static str {
        match self {
            CompatibilityMode::Backward => "BACKWARD",
            CompatibilityMode::BackwardTransitive => "BACKWARD_TRANSITIVE",
            CompatibilityMode::Forward => "FORWARD",
            CompatibilityMode::ForwardTransitive => "FORWARD_TRANSITIVE",
            CompatibilityMode::Full => "FULL",
            CompatibilityMode::FullTransitive => "FULL_TRANSITIVE",
            CompatibilityMode::None => "NONE",
        }
    }

    /// Whether the new schema must read data of older versions.
    fn backward(self) -> bool {
        matches!(
            self,
            CompatibilityMode::Backward
                | CompatibilityMode::BackwardTransitive
                | CompatibilityMode::Full
                | CompatibilityMode::FullTransitive
        )
    }

    /// Whether older versions must read data of the new schema.
    fn forward(self) -> bool {
        matches!(
            self,
            CompatibilityMode::Forward
                | CompatibilityMode::ForwardTransitive
                | CompatibilityMode::Full
                | CompatibilityMode::FullTransitive
        )
    }

    /// Whether all previous versions are checked, not only the latest one.
    fn transitive(self) -> bool {
        matches!(
            self,
            CompatibilityMode::BackwardTransitive
                | CompatibilityMode::ForwardTransitive
                | CompatibilityMode::FullTransitive
        )
    }
}

impl fmt::Display for CompatibilityMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not a compatibility mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseCompatibilityModeError {
    /// What was given.
    pub input: String,
}

impl fmt::Display for ParseCompatibilityModeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown compatibility mode `{}` (expected one of: {})",
            self.input,
            CompatibilityMode::ALL
                .map(CompatibilityMode::as_str)
                .join(", ")
        )
    }
}

impl std::error::Error for ParseCompatibilityModeError {}

impl FromStr for CompatibilityMode {
    type Err = ParseCompatibilityModeError;

    /// Parses the registry spelling, ignoring ASCII case (`BACKWARD_TRANSITIVE`,
    /// `backward_transitive`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CompatibilityMode::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| ParseCompatibilityModeError {
                input: s.to_string(),
            })
    }
}

/// Every reason why data written with `writer` cannot (always) be read with `reader`; empty when
/// every datum can be read. Data-dependent incompatibilities count.
pub fn can_read(reader: Side<'_>, writer: Side<'_>) -> Vec<Incompatibility> {
    match resolve(writer, reader) {
        Ok(resolved) => resolved.warnings,
        Err(incompatibilities) => incompatibilities,
    }
}

/// One schema version of a history.
#[derive(Debug, Clone, Copy)]
pub struct Version<'a> {
    /// How messages name it, e.g. its file name.
    pub label: &'a str,
    /// The schema.
    pub side: Side<'a>,
}

/// One incompatibility between two versions of a history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompatibilityError {
    /// Label of the version that reads.
    pub reader: String,
    /// Label of the version that wrote.
    pub writer: String,
    /// What fails.
    pub incompatibility: Incompatibility,
}

impl fmt::Display for CompatibilityError {
    /// For example ``v3.avsc cannot read data written with v2.avsc: fields[4].type: writer type
    /// `long` cannot be read as `int` ``. The path is the reader's; the writer's follows in
    /// parentheses when it differs (``fields[1] (writer's fields[0]): ...``).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.incompatibility;
        write!(
            f,
            "{} cannot read data written with {}: ",
            self.reader, self.writer
        )?;
        if i.reader_path == i.writer_path {
            if !i.reader_path.is_empty() {
                write!(f, "{}: ", i.reader_path)?;
            }
        } else {
            let top = |p: &str| if p.is_empty() { "top level" } else { p }.to_string();
            let (rp, wp) = (top(&i.reader_path), top(&i.writer_path));
            write!(f, "{rp} (writer's {wp}): ")?;
        }
        f.write_str(&i.message)
    }
}

impl std::error::Error for CompatibilityError {}

/// Checks the newest schema of `history` (oldest first, the last one is the new schema) under
/// `mode`, with the meaning of the Confluent schema registry. Returns every incompatibility, each
/// naming the reader and writer versions; empty means compatible.
///
/// The previous versions are checked from the newest back to the oldest; for the full modes, for
/// each previous version, the new schema reading it comes first, then it reading the new schema.
/// A history of fewer than two versions is always compatible.
pub fn check(mode: CompatibilityMode, history: &[Version<'_>]) -> Vec<CompatibilityError> {
    let Some((new, previous)) = history.split_last() else {
        return Vec::new();
    };
    let count = if mode.transitive() {
        previous.len()
    } else {
        previous.len().min(1)
    };
    let mut errors = Vec::new();
    for old in previous.iter().rev().take(count) {
        if mode.backward() {
            errors.extend(pair(new, old));
        }
        if mode.forward() {
            errors.extend(pair(old, new));
        }
    }
    errors
}

/// The incompatibilities of `reader` reading data of `writer`.
fn pair(reader: &Version<'_>, writer: &Version<'_>) -> impl Iterator<Item = CompatibilityError> {
    let (r, w) = (reader.label.to_string(), writer.label.to_string());
    can_read(reader.side, writer.side)
        .into_iter()
        .map(move |incompatibility| CompatibilityError {
            reader: r.clone(),
            writer: w.clone(),
            incompatibility,
        })
}
