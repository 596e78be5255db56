//! `#[avro(...)]` attributes and doc comments: parsed into plain values, each kept with the span
//! of the attribute that set it (for errors about combinations and values).

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;
use syn::{Attribute, Expr, ExprArray, ExprLit, Lit, LitInt, LitStr};

use super::ctxt::Ctxt;

/// A value set by an attribute, with the attribute's span.
#[derive(Clone)]
pub struct Spanned<T> {
    pub span: Span,
    pub value: T,
}

/// One attribute that may be given once.
struct Once<T> {
    key: &'static str,
    value: Option<Spanned<T>>,
}

impl<T> Once<T> {
    fn new(key: &'static str) -> Self {
        Once { key, value: None }
    }

    fn set(&mut self, cx: &Ctxt, span: Span, value: T) {
        if self.value.is_some() {
            cx.error(
                span,
                format!("duplicate `{}` attribute; give it once", self.key),
            );
        } else {
            self.value = Some(Spanned { span, value });
        }
    }
}

/// `rename_all = "..."`: how Rust identifiers become Avro names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
}

impl RenameRule {
    /// The accepted spellings, as serde spells them.
    const NAMES: &'static [(&'static str, RenameRule)] = &[
        ("lowercase", RenameRule::Lower),
        ("UPPERCASE", RenameRule::Upper),
        ("PascalCase", RenameRule::Pascal),
        ("camelCase", RenameRule::Camel),
        ("snake_case", RenameRule::Snake),
        ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnake),
    ];

    fn parse(cx: &Ctxt, lit: &LitStr) -> Option<RenameRule> {
        let text = lit.value();
        if let Some((_, rule)) = Self::NAMES.iter().find(|(n, _)| *n == text) {
            return Some(*rule);
        }
        let valid = Self::NAMES
            .iter()
            .map(|(n, _)| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ");
        if text.contains('-') {
            cx.error(
                lit.span(),
                format!("`rename_all = \"{text}\"` would give names with `-`, which Avro names cannot contain; use one of {valid}"),
            );
        } else {
            cx.error(
                lit.span(),
                format!("unknown `rename_all` rule \"{text}\"; use one of {valid}"),
            );
        }
        None
    }

    /// `ident` (a Rust field or variant name, without `r#`) renamed by this rule.
    pub fn apply(self, ident: &str) -> String {
        match self {
            RenameRule::Lower => ident.to_ascii_lowercase(),
            RenameRule::Upper => ident.to_ascii_uppercase(),
            RenameRule::Pascal => ident.to_upper_camel_case(),
            RenameRule::Camel => ident.to_lower_camel_case(),
            RenameRule::Snake => ident.to_snake_case(),
            RenameRule::ScreamingSnake => ident.to_shouty_snake_case(),
        }
    }
}

/// The logical type of `logical = "..."`: the model's kinds, shared with avro-build.
pub use avro_build::plan::LogicalKind;

/// The names `logical = "..."` accepts (a uuid on a fixed becomes `UuidFixed` from the type).
const LOGICAL_NAMES: &[(&str, LogicalKind)] = &[
    ("date", LogicalKind::Date),
    ("time-millis", LogicalKind::TimeMillis),
    ("time-micros", LogicalKind::TimeMicros),
    ("timestamp-millis", LogicalKind::TimestampMillis),
    ("timestamp-micros", LogicalKind::TimestampMicros),
    ("timestamp-nanos", LogicalKind::TimestampNanos),
    ("local-timestamp-millis", LogicalKind::LocalTimestampMillis),
    ("local-timestamp-micros", LogicalKind::LocalTimestampMicros),
    ("local-timestamp-nanos", LogicalKind::LocalTimestampNanos),
    ("uuid", LogicalKind::Uuid),
    ("duration", LogicalKind::Duration),
];

fn parse_logical(cx: &Ctxt, lit: &LitStr) -> Option<LogicalKind> {
    let text = lit.value();
    if let Some((_, kind)) = LOGICAL_NAMES.iter().find(|(n, _)| *n == text) {
        return Some(*kind);
    }
    if text == "decimal" {
        cx.error(
            lit.span(),
            "a decimal needs its precision and scale: write `decimal(precision = 10, scale = 2)` instead of `logical = \"decimal\"`",
        );
    } else {
        let valid = LOGICAL_NAMES
            .iter()
            .map(|(n, _)| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ");
        cx.error(
            lit.span(),
            format!("unknown logical type \"{text}\"; use one of {valid}, or `decimal(precision = .., scale = ..)`"),
        );
    }
    None
}

/// `decimal(precision = P, scale = S)`.
#[derive(Clone, Copy, Debug)]
pub struct DecimalAttr {
    pub precision: u64,
    pub scale: u64,
}

/// `default` on a field: the JSON default of the schema.
#[derive(Clone)]
pub enum DefaultAttr {
    /// `default`: the JSON of the type's `Default` value (for a skipped field: the Rust value
    /// `Default::default()`).
    TypeDefault,
    /// `default = "<JSON>"`.
    Json(LitStr),
}

/// Attributes of the struct or enum.
pub struct ContainerAttrs {
    pub name: Option<Spanned<String>>,
    pub namespace: Option<Spanned<String>>,
    pub doc: Option<Spanned<String>>,
    pub aliases: Vec<Spanned<String>>,
    pub rename_all: Option<Spanned<RenameRule>>,
    /// `fixed` (size from the array) or `fixed = N`.
    pub fixed: Option<Spanned<Option<LitInt>>>,
}

/// Attributes of a field (of a struct, or of an enum's struct variant).
pub struct FieldAttrs {
    pub rename: Option<Spanned<String>>,
    pub doc: Option<Spanned<String>>,
    pub default: Option<Spanned<DefaultAttr>>,
    pub aliases: Vec<Spanned<String>>,
    pub skip: Option<Span>,
    pub fixed: Option<Spanned<LitInt>>,
    pub logical: Option<Spanned<LogicalKind>>,
    pub decimal: Option<Spanned<DecimalAttr>>,
    pub order: Option<Spanned<String>>,
}

/// Attributes of an enum variant.
pub struct VariantAttrs {
    pub rename: Option<Spanned<String>>,
    pub doc: Option<Spanned<String>>,
    pub aliases: Vec<Spanned<String>>,
    pub default: Option<Span>,
}

const CONTAINER_KEYS: &str = "name, namespace, doc, alias, aliases, rename_all, fixed";
const FIELD_KEYS: &str =
    "rename, doc, default, alias, aliases, skip, fixed, logical, decimal, order";
const VARIANT_KEYS: &str = "rename, doc, alias, aliases, default";

/// The `#[avro(...)]` attributes among `attrs`, each item handed to `f` with its key.
fn for_each_item(
    cx: &Ctxt,
    attrs: &[Attribute],
    mut f: impl FnMut(&str, &ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("avro")) {
        if let syn::Meta::Path(_) = &attr.meta {
            cx.error_spanned(
                attr,
                "`#[avro]` needs a list of settings, e.g. `#[avro(rename = \"name\")]`",
            );
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            let key = match meta.path.get_ident() {
                Some(ident) => ident.to_string(),
                None => {
                    return Err(meta.error("expected a setting name such as `rename`"));
                }
            };
            f(&key, &meta)
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
}

/// `expr` without the invisible groups around it (a `macro_rules!` fragment such as `$name`
/// arrives wrapped in one).
fn ungroup(mut expr: Expr) -> Expr {
    while let Expr::Group(group) = expr {
        expr = *group.expr;
    }
    expr
}

/// `key = "text"`.
fn string_value(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    let key = meta
        .path
        .get_ident()
        .map(|i| i.to_string())
        .unwrap_or_default();
    let value = meta.value().map_err(|_| {
        meta.error(format!(
            "`{key}` needs a string value, e.g. `{key} = \"...\"`"
        ))
    })?;
    match ungroup(value.parse::<Expr>()?) {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Ok(s),
        other => Err(syn::Error::new_spanned(
            other,
            format!("`{key}` needs a string literal, e.g. `{key} = \"...\"`"),
        )),
    }
}

/// `key = 16`.
fn int_value(meta: &ParseNestedMeta) -> syn::Result<LitInt> {
    let key = meta
        .path
        .get_ident()
        .map(|i| i.to_string())
        .unwrap_or_default();
    let value = meta.value()?;
    match ungroup(value.parse::<Expr>()?) {
        Expr::Lit(ExprLit {
            lit: Lit::Int(i), ..
        }) => Ok(i),
        other => Err(syn::Error::new_spanned(
            other,
            format!("`{key}` needs an integer literal, e.g. `{key} = 16`"),
        )),
    }
}

/// `alias = "a"` or `aliases = ["a", "b"]`, appended to `out`.
fn aliases_value(
    meta: &ParseNestedMeta,
    key: &str,
    out: &mut Vec<Spanned<String>>,
) -> syn::Result<()> {
    if key == "alias" {
        let lit = string_value(meta)?;
        out.push(Spanned {
            span: lit.span(),
            value: lit.value(),
        });
        return Ok(());
    }
    let value = meta.value()?;
    let array: ExprArray = match ungroup(value.parse::<Expr>()?) {
        Expr::Array(array) => array,
        other => return Err(syn::Error::new_spanned(
            other,
            "`aliases` needs a list of strings, e.g. `aliases = [\"old_name\", \"older_name\"]`",
        )),
    };
    for elem in array.elems {
        match ungroup(elem) {
            Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) => out.push(Spanned {
                span: s.span(),
                value: s.value(),
            }),
            other => {
                return Err(syn::Error::new_spanned(
                    other,
                    "`aliases` needs string literals, e.g. `aliases = [\"old_name\"]`",
                ))
            }
        }
    }
    Ok(())
}

/// The text of `///` comments (and `#[doc = "..."]`): one leading space of each line removed,
/// lines joined with `\n`, surrounding blank lines dropped.
pub fn doc_comment(attrs: &[Attribute]) -> Option<String> {
    let mut lines = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let syn::Meta::NameValue(nv) = &attr.meta {
            if let Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) = &nv.value
            {
                for line in s.value().lines() {
                    lines.push(
                        line.strip_prefix(' ')
                            .unwrap_or(line)
                            .trim_end()
                            .to_string(),
                    );
                }
            }
        }
    }
    while lines.first().is_some_and(String::is_empty) {
        lines.remove(0);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    if lines.is_empty() {
        None
    } else {
        Some(lines.join("\n"))
    }
}

/// Consumes the value of a setting that is not understood: `= expr`, `(...)` or nothing.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
    }
    Ok(())
}

fn unknown(meta: &ParseNestedMeta, key: &str, position: &str, valid: &str) -> syn::Error {
    let hint = match (position, key) {
        ("struct or enum", "rename") => {
            "; a type's Avro name is set with `name = \"...\"`".to_string()
        }
        ("field", "name") => "; a field's Avro name is set with `rename = \"...\"`".to_string(),
        ("variant", "name") => "; a variant's Avro name is set with `rename = \"...\"`".to_string(),
        _ => String::new(),
    };
    meta.error(format!(
        "unknown avro attribute `{key}` on a {position}{hint}; expected one of: {valid}"
    ))
}

impl ContainerAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> ContainerAttrs {
        let mut name = Once::new("name");
        let mut namespace = Once::new("namespace");
        let mut doc = Once::new("doc");
        let mut aliases = Vec::new();
        let mut rename_all = Once::new("rename_all");
        let mut fixed = Once::new("fixed");
        for_each_item(cx, attrs, |key, meta| {
            let span = meta.path.span();
            match key {
                "name" => {
                    let s = string_value(meta)?;
                    name.set(cx, s.span(), s.value());
                }
                "namespace" => {
                    let s = string_value(meta)?;
                    namespace.set(cx, s.span(), s.value());
                }
                "doc" => {
                    let s = string_value(meta)?;
                    doc.set(cx, s.span(), s.value());
                }
                "alias" | "aliases" => aliases_value(meta, key, &mut aliases)?,
                "rename_all" => {
                    let s = string_value(meta)?;
                    if let Some(rule) = RenameRule::parse(cx, &s) {
                        rename_all.set(cx, s.span(), rule);
                    }
                }
                "fixed" => {
                    let size = if meta.input.peek(syn::Token![=]) {
                        Some(int_value(meta)?)
                    } else {
                        None
                    };
                    fixed.set(cx, span, size);
                }
                _ => {
                    // Reported, and its value skipped, so the settings after it are still read.
                    cx.syn_error(unknown(meta, key, "struct or enum", CONTAINER_KEYS));
                    skip_value(meta)?;
                }
            }
            Ok(())
        });
        ContainerAttrs {
            name: name.value,
            namespace: namespace.value,
            doc: doc.value,
            aliases,
            rename_all: rename_all.value,
            fixed: fixed.value,
        }
    }
}

impl FieldAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> FieldAttrs {
        let mut rename = Once::new("rename");
        let mut doc = Once::new("doc");
        let mut default = Once::new("default");
        let mut aliases = Vec::new();
        let mut skip = Once::new("skip");
        let mut fixed = Once::new("fixed");
        let mut logical = Once::new("logical");
        let mut decimal = Once::new("decimal");
        let mut order = Once::new("order");
        for_each_item(cx, attrs, |key, meta| {
            let span = meta.path.span();
            match key {
                "rename" => {
                    let s = string_value(meta)?;
                    rename.set(cx, s.span(), s.value());
                }
                "doc" => {
                    let s = string_value(meta)?;
                    doc.set(cx, s.span(), s.value());
                }
                "default" => {
                    if meta.input.peek(syn::Token![=]) {
                        let s = string_value(meta)?;
                        default.set(cx, s.span(), DefaultAttr::Json(s));
                    } else {
                        default.set(cx, span, DefaultAttr::TypeDefault);
                    }
                }
                "alias" | "aliases" => aliases_value(meta, key, &mut aliases)?,
                "skip" => skip.set(cx, span, ()),
                "fixed" => {
                    if !meta.input.peek(syn::Token![=]) {
                        return Err(
                            meta.error("`fixed` on a field needs its size, e.g. `fixed = 16`")
                        );
                    }
                    let n = int_value(meta)?;
                    fixed.set(cx, n.span(), n);
                }
                "logical" => {
                    let s = string_value(meta)?;
                    if let Some(kind) = parse_logical(cx, &s) {
                        logical.set(cx, s.span(), kind);
                    }
                }
                "decimal" => {
                    let d = parse_decimal(meta)?;
                    decimal.set(cx, span, d);
                }
                "order" => {
                    let s = string_value(meta)?;
                    let text = s.value();
                    if ["ascending", "descending", "ignore"].contains(&text.as_str()) {
                        order.set(cx, s.span(), text);
                    } else {
                        cx.error(
                            s.span(),
                            format!("unknown sort order \"{text}\"; use \"ascending\", \"descending\" or \"ignore\""),
                        );
                    }
                }
                _ => {
                    // Reported, and its value skipped, so the settings after it are still read.
                    cx.syn_error(unknown(meta, key, "field", FIELD_KEYS));
                    skip_value(meta)?;
                }
            }
            Ok(())
        });
        FieldAttrs {
            rename: rename.value,
            doc: doc.value,
            default: default.value,
            aliases,
            skip: skip.value.map(|s| s.span),
            fixed: fixed.value,
            logical: logical.value,
            decimal: decimal.value,
            order: order.value,
        }
    }
}

/// `decimal(precision = P, scale = S)`; the scale may be left out (0).
fn parse_decimal(meta: &ParseNestedMeta) -> syn::Result<DecimalAttr> {
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error(
            "`decimal` needs its precision and scale: `decimal(precision = 10, scale = 2)`",
        ));
    }
    let mut precision: Option<(u64, Span)> = None;
    let mut scale: Option<(u64, Span)> = None;
    meta.parse_nested_meta(|inner| {
        let key = inner
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        let slot = match key.as_str() {
            "precision" => &mut precision,
            "scale" => &mut scale,
            _ => {
                return Err(inner.error(format!(
                    "unknown decimal setting `{key}`; expected `precision` or `scale`"
                )))
            }
        };
        let lit = int_value(&inner)?;
        if slot.is_some() {
            return Err(syn::Error::new(
                lit.span(),
                format!("duplicate `{key}`; give it once"),
            ));
        }
        *slot = Some((lit.base10_parse()?, lit.span()));
        Ok(())
    })?;
    let Some((precision, precision_span)) = precision else {
        return Err(meta.error("`decimal` needs a precision: `decimal(precision = 10, scale = 2)`"));
    };
    if precision == 0 {
        return Err(syn::Error::new(
            precision_span,
            "a decimal's precision must be at least 1",
        ));
    }
    let scale = scale.map_or(0, |(s, _)| s);
    if scale > precision {
        return Err(syn::Error::new(
            precision_span,
            format!("a decimal's scale ({scale}) cannot exceed its precision ({precision})"),
        ));
    }
    Ok(DecimalAttr { precision, scale })
}

impl VariantAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> VariantAttrs {
        let mut rename = Once::new("rename");
        let mut doc = Once::new("doc");
        let mut aliases = Vec::new();
        let mut default = Once::new("default");
        for_each_item(cx, attrs, |key, meta| {
            let span = meta.path.span();
            match key {
                "rename" => {
                    let s = string_value(meta)?;
                    rename.set(cx, s.span(), s.value());
                }
                "doc" => {
                    let s = string_value(meta)?;
                    doc.set(cx, s.span(), s.value());
                }
                "alias" | "aliases" => aliases_value(meta, key, &mut aliases)?,
                "default" => {
                    if meta.input.peek(syn::Token![=]) {
                        return Err(meta.error(
                            "`default` on a variant takes no value: `#[avro(default)]` makes this symbol the enum's default",
                        ));
                    }
                    default.set(cx, span, ());
                }
                _ => {
                    // Reported, and its value skipped, so the settings after it are still read.
                    cx.syn_error(unknown(meta, key, "variant", VARIANT_KEYS));
                    skip_value(meta)?;
                }
            }
            Ok(())
        });
        VariantAttrs {
            rename: rename.value,
            doc: doc.value,
            aliases,
            default: default.value.map(|s| s.span),
        }
    }
}

/// Whether `name` is a valid Avro name: `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `namespace` is a valid Avro namespace: valid names joined by dots.
pub fn is_valid_namespace(namespace: &str) -> bool {
    namespace.split('.').all(is_valid_name)
}
