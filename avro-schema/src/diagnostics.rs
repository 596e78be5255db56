//! Errors and warnings about schemas, each naming the file, the line and column, and the JSON
//! path, rendered like rustc's with the offending line and a caret.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::json::{self, Json, Span};

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The schema is invalid; nothing is generated.
    Error,
    /// The schema is accepted, but probably does not mean what its author thinks.
    Warning,
}

/// Where in its file a [`Diagnostic`] points, with the line's text to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text of the line (of a window around the column when the line is very long).
    pub source_line: String,
    /// The byte range of [`Self::source_line`] to underline.
    pub highlight: std::ops::Range<usize>,
}

/// The longest line kept whole in a [`Location`]; longer lines (minified schemas) keep a window
/// around the column.
const MAX_LINE: usize = 300;

impl Location {
    /// The location of byte range `span` of `text` (the underline stops at the end of the line).
    pub fn of(text: &str, span: Span) -> Location {
        let start = json::floor_char_boundary(text, span.start.min(text.len()));
        let (line, column) = json::line_column(text, start);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| start + i);
        let end = json::floor_char_boundary(text, span.end.clamp(start, line_end));
        let (from, to) = if line_end - line_start <= MAX_LINE {
            (line_start, line_end)
        } else {
            let from =
                json::floor_char_boundary(text, start.saturating_sub(MAX_LINE / 3).max(line_start));
            let to =
                json::floor_char_boundary(text, (start + MAX_LINE * 2 / 3).min(line_end).max(end));
            (from, to)
        };
        let mut highlight = start - from..end - from;
        if highlight.is_empty() {
            // Point at one character (or just past the end of the line).
            let len = text[start..to].chars().next().map_or(0, char::len_utf8);
            highlight.end += len;
        }
        Location {
            line,
            column,
            source_line: text[from..to].to_string(),
            highlight,
        }
    }
}

/// One finding about a schema file: `user.avsc:5:31: fields[3].type: unknown type "Adress"`.
///
/// `Display` writes that one line; the alternate form (`{:#}`) and `Debug` write it as rustc
/// does, with the line of the file and a caret under the value ([`Diagnostic::render`]).
#[derive(Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The schema file, as given.
    pub file: PathBuf,
    /// JSON path inside the file (`fields[3].type`), empty for the document itself.
    pub json_path: String,
    /// What is wrong, and where useful what to do instead.
    pub message: String,
    /// Line and column of the JSON value the path points at, when the file's text is known.
    pub location: Option<Box<Location>>,
}

impl Diagnostic {
    /// An error at `json_path` of `file`.
    pub fn error(file: &Path, json_path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            json_path: json_path.to_string(),
            message: message.into(),
            location: None,
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

    /// Sets the location from the parsed file it is about (looked up by [`Self::json_path`];
    /// unchanged when the path is not in the document).
    pub fn locate_in(&mut self, text: &str, root: &Json) {
        if self.location.is_some() {
            return;
        }
        if let Some((value, member)) = root.find(&self.json_path) {
            // A value written over several lines is shown by its first line; an empty span
            // (a value made in memory) has no place in the text.
            if value.span != Span::default()
                || member.is_some_and(|m| m.key_span != Span::default())
            {
                let span = if value.span == Span::default() {
                    member.map_or(value.span, |m| m.key_span)
                } else {
                    value.span
                };
                self.location = Some(Box::new(Location::of(text, span)));
            }
        }
    }

    /// The diagnostic as rustc writes one:
    ///
    /// ```text
    /// error: unknown type `Adress`; did you mean `Address`?
    ///  --> schemas/user.avsc:5:31
    ///   |
    /// 5 |     {"name": "home", "type": "Adress"},
    ///   |                              ^^^^^^^^ fields[2].type
    /// ```
    pub fn render(&self) -> String {
        let (level, word) = match self.severity {
            Severity::Error => (Level::ERROR, "error"),
            Severity::Warning => (Level::WARNING, "warning"),
        };
        let file = self.file.display().to_string();
        let Some(loc) = &self.location else {
            let mut out = format!("{word}: {}\n --> {file}", self.message);
            if !self.json_path.is_empty() {
                out.push_str(&format!("\n  = at {}", self.json_path));
            }
            return out;
        };
        // The JSON path under the caret (none for the document itself).
        let label = (!self.json_path.is_empty()).then_some(self.json_path.as_str());
        let snippet = Snippet::source(loc.source_line.as_str())
            .line_start(loc.line)
            .path(file.as_str())
            .annotation(
                AnnotationKind::Primary
                    .span(loc.highlight.clone())
                    .label(label),
            );
        let report = [level.primary_title(self.message.as_str()).element(snippet)];
        let out = Renderer::plain().render(&report);
        // The snippet may be a window of a long line: the column shown is the real one.
        let shown_column = loc.source_line[..loc.highlight.start].chars().count() + 1;
        let out = out.replacen(
            &format!("{file}:{}:{shown_column}", loc.line),
            &format!("{file}:{}:{}", loc.line, loc.column),
            1,
        );
        out.trim_end().to_string()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return f.write_str(&self.render());
        }
        write!(f, "{}", self.file.display())?;
        if let Some(loc) = &self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        f.write_str(": ")?;
        if !self.json_path.is_empty() {
            write!(f, "{}: ", self.json_path)?;
        }
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for Diagnostic {}

/// Every error found in one compilation, and the warnings found beside them.
///
/// `Display` and `Debug` both write every diagnostic as rustc does (so a build script's
/// `.unwrap()` or `?` shows them readably), errors first.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SchemaErrors {
    /// The errors, in file and document order.
    pub errors: Vec<Diagnostic>,
    /// The warnings, in file and document order.
    pub warnings: Vec<Diagnostic>,
}

impl SchemaErrors {
    /// Splits diagnostics into errors and warnings.
    pub fn from_diagnostics(diagnostics: impl IntoIterator<Item = Diagnostic>) -> Self {
        let (errors, warnings) = diagnostics.into_iter().partition(Diagnostic::is_error);
        SchemaErrors { errors, warnings }
    }
}

impl fmt::Display for SchemaErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        write!(f, "{} in Avro schemas", plural(self.errors.len(), "error"))?;
        if !self.warnings.is_empty() {
            write!(f, " (and {})", plural(self.warnings.len(), "warning"))?;
        }
        writeln!(f, ":")?;
        for d in self.errors.iter().chain(&self.warnings) {
            writeln!(f, "\n{}", d.render())?;
        }
        Ok(())
    }
}

impl fmt::Debug for SchemaErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for SchemaErrors {}

/// JSON path builders and reader, so every stage spells paths the same way: `fields[3].type`,
/// with keys that are not plain words quoted (`default["a.b"]`).
pub mod path {
    /// `parent.key` (or `key` at the top); a key with characters other than ASCII letters,
    /// digits, `_`, `-`, `$` and `@` is written `parent["key"]`.
    pub fn key(parent: &str, key: &str) -> String {
        let plain = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'$' | b'@'));
        if !plain {
            let quoted = serde_json::to_string(key).expect("strings serialize");
            format!("{parent}[{quoted}]")
        } else if parent.is_empty() {
            key.to_string()
        } else {
            format!("{parent}.{key}")
        }
    }

    /// `parent[index]`.
    pub fn index(parent: &str, index: usize) -> String {
        format!("{parent}[{index}]")
    }

    /// One step of a path.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Segment {
        /// An object key.
        Key(String),
        /// An array index.
        Index(usize),
    }

    /// The steps of a path written by [`key`] and [`index`]; `None` if it is not one.
    pub fn segments(path: &str) -> Option<Vec<Segment>> {
        let mut out = Vec::new();
        let mut rest = path;
        let mut first = true;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('[') {
                if after.starts_with('"') {
                    // A quoted key: a JSON string, then `]`.
                    let mut de = serde_json::Deserializer::from_str(after).into_iter::<String>();
                    let key = de.next()?.ok()?;
                    let used = de.byte_offset();
                    rest = after[used..].strip_prefix(']')?;
                    out.push(Segment::Key(key));
                } else {
                    let close = after.find(']')?;
                    out.push(Segment::Index(after[..close].parse().ok()?));
                    rest = &after[close + 1..];
                }
            } else {
                let body = if first { rest } else { rest.strip_prefix('.')? };
                let end = body.find(['.', '[']).unwrap_or(body.len());
                if end == 0 {
                    return None;
                }
                out.push(Segment::Key(body[..end].to_string()));
                rest = &body[end..];
            }
            first = false;
        }
        Some(out)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn paths_round_trip() {
            let p = key(&index(&key("", "fields"), 3), "type");
            assert_eq!(p, "fields[3].type");
            let odd = key(&key(&p, "default"), "a.b \"c\"");
            assert_eq!(odd, r#"fields[3].type.default["a.b \"c\""]"#);
            assert_eq!(
                segments(&odd).unwrap(),
                [
                    Segment::Key("fields".into()),
                    Segment::Index(3),
                    Segment::Key("type".into()),
                    Segment::Key("default".into()),
                    Segment::Key("a.b \"c\"".into()),
                ]
            );
            assert_eq!(
                segments("[2].items").unwrap(),
                [Segment::Index(2), Segment::Key("items".into())]
            );
            assert_eq!(segments("").unwrap(), []);
            assert_eq!(key("", ""), "[\"\"]");
            assert!(segments("a..b").is_none());
            assert!(segments("a[x]").is_none());
        }
    }
}
