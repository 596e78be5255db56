//! The options that change generated code, and their validation. [`Config`](super::Config) fills
//! [`Options`]; the planner ([`crate::plan`]) reads them once and records every decision in the
//! Rust-type model, so no emitter reads an option.

use std::path::Path;

use proc_macro2::TokenStream;

use crate::diagnostics::Diagnostic;

/// Which Rust types represent date and time logical types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateTimeMapping {
    /// The runtime's newtypes over the Avro value (`avro_runtime::TimestampMillis(i64)`, ...).
    #[default]
    Newtypes,
    /// `chrono` types (runtime feature `chrono`).
    Chrono,
    /// `time` types (runtime feature `time`).
    Time,
}

/// Which Rust type represents the `uuid` logical type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UuidMapping {
    /// The underlying type: `String` for uuid on string, `[u8; 16]` for uuid on fixed.
    #[default]
    Plain,
    /// `uuid::Uuid` (runtime feature `uuid`).
    Uuid,
}

/// Which Rust type represents the `decimal` logical type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalMapping {
    /// The runtime's arbitrary-precision `avro_runtime::Decimal` (unscaled bytes + scale).
    #[default]
    Runtime,
    /// `rust_decimal::Decimal` (runtime feature `rust_decimal`; 96-bit unscaled values).
    RustDecimal,
}

/// Which map type represents Avro maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapType {
    /// `std::collections::HashMap<String, T>`.
    #[default]
    HashMap,
    /// `std::collections::BTreeMap<String, T>` (sorted keys, deterministic encoding).
    BTreeMap,
    /// `indexmap::IndexMap<String, T>` (runtime feature `indexmap`): entries in the writer's
    /// order, so decoding then encoding a datum gives its bytes back.
    IndexMap,
}

/// Attributes given as text (`"#[derive(serde::Serialize)]"`) for the types or fields a
/// selector matches, parsed when they are set so that a typo is reported as a diagnostic.
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    entries: Vec<AttributeEntry>,
}

#[derive(Debug, Clone)]
struct AttributeEntry {
    selector: String,
    /// The attributes as token text (checked to parse; kept as text so that options stay
    /// `Send` and `Sync`), or why the text is not a list of outer attributes.
    parsed: Result<String, String>,
    /// The text as given, for messages.
    text: String,
}

impl Attributes {
    /// Adds `text` (one or more outer attributes) for `selector`.
    pub fn push(&mut self, selector: String, text: String) {
        let parsed = parse_outer_attributes(&text);
        self.entries.push(AttributeEntry {
            selector,
            parsed,
            text,
        });
    }

    /// The attributes of every entry whose selector `matches`, in the order they were added
    /// (entries that did not parse are left out: [`Attributes::diagnostics`] reports them).
    pub fn matching(&self, matches: impl Fn(&str) -> bool) -> Vec<TokenStream> {
        self.entries
            .iter()
            .filter(|e| matches(&e.selector))
            .filter_map(|e| e.parsed.as_ref().ok())
            .map(|text| {
                text.parse()
                    .expect("attribute text was parsed when it was set")
            })
            .collect()
    }

    /// One error per entry whose text is not a list of outer attributes; `method` names the
    /// `Config` method that took them.
    pub fn diagnostics(&self, method: &str) -> Vec<Diagnostic> {
        self.entries
            .iter()
            .filter_map(|e| {
                let reason = e.parsed.as_ref().err()?;
                Some(Diagnostic::error(
                    Path::new("avro_build::Config"),
                    &format!("{method}({:?}, ..)", e.selector),
                    format!(
                        "`{}` is not a Rust attribute such as `#[derive(Hash)]`: {reason}",
                        e.text
                    ),
                ))
            })
            .collect()
    }
}

/// Parses `#[a] #[b(c)]` (its tokens as text), or says why it is not that.
fn parse_outer_attributes(text: &str) -> Result<String, String> {
    use syn::parse::Parser;
    let tokens: TokenStream = text.parse().map_err(|e| format!("{e}"))?;
    let attrs = syn::Attribute::parse_outer
        .parse2(tokens)
        .map_err(|e| e.to_string())?;
    if attrs.is_empty() {
        return Err("no attribute given".to_string());
    }
    let tokens: TokenStream = attrs.iter().map(quote::ToTokens::to_token_stream).collect();
    Ok(tokens.to_string())
}

/// Everything that changes the generated code.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Date and time representation.
    pub date_time: DateTimeMapping,
    /// UUID representation.
    pub uuid: UuidMapping,
    /// Decimal representation.
    pub decimal: DecimalMapping,
    /// Map representation.
    pub map_type: MapType,
    /// Extra attributes for generated types. A selector is `.` for every type, a full name
    /// (`com.example.User`), or a namespace prefix (`com.example`).
    pub type_attributes: Attributes,
    /// Extra attributes for record fields; selector `com.example.User.name`, or a type selector
    /// as above (then it applies to every field of the matched types).
    pub field_attributes: Attributes,
    /// Also emit `avro_runtime::apache::ToApacheValue` impls (runtime feature `apache-avro`).
    pub apache_avro_values: bool,
    /// Also emit `avro_runtime::json::{ToAvroJson, FromAvroJson}` impls (runtime feature `json`).
    pub avro_json: bool,
}

impl Options {
    /// Errors in the options themselves (attributes that do not parse).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = self.type_attributes.diagnostics("type_attribute");
        out.extend(self.field_attributes.diagnostics("field_attribute"));
        out
    }

    /// The extra attributes of the generated type named `full_name`.
    pub fn type_attributes_for(&self, full_name: &str) -> Vec<TokenStream> {
        self.type_attributes
            .matching(|selector| selector_matches(selector, full_name))
    }

    /// The extra attributes of field `field` of the record named `full_name`.
    pub fn field_attributes_for(&self, full_name: &str, field: &str) -> Vec<TokenStream> {
        let path = format!("{full_name}.{field}");
        self.field_attributes
            .matching(|selector| selector == path || selector_matches(selector, full_name))
    }
}

/// Whether a type selector (`.`, a full name, or a namespace prefix) matches `full_name`.
fn selector_matches(selector: &str, full_name: &str) -> bool {
    selector == "."
        || selector == full_name
        || full_name
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_parse_when_set() {
        let mut attrs = Attributes::default();
        attrs.push(
            ".".into(),
            "#[derive(Hash)] #[serde(rename_all = \"camelCase\")]".into(),
        );
        attrs.push("a.B".into(), "derive(Hash)".into());
        attrs.push("a.B".into(), "#[derive(Hash".into());
        attrs.push("a.B".into(), "".into());
        assert_eq!(attrs.matching(|s| s == ".").len(), 1);
        assert_eq!(attrs.matching(|s| s == "a.B").len(), 0);
        let errors = attrs.diagnostics("type_attribute");
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert_eq!(errors[0].json_path, "type_attribute(\"a.B\", ..)");
        assert!(errors[0]
            .message
            .starts_with("`derive(Hash)` is not a Rust attribute"));
    }

    #[test]
    fn selectors() {
        assert!(selector_matches(".", "a.B"));
        assert!(selector_matches("a", "a.B"));
        assert!(selector_matches("a.B", "a.B"));
        assert!(!selector_matches("a.B", "a.BC"));
        assert!(!selector_matches("a.", "a.B"));
    }
}
