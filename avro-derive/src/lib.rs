//! Proc-macros for Avro code generation.
//!
//! `include_schema!("schemas/user.avsc")` expands, in place, to the same types and codecs that
//! `avro_build::Config::compile` writes for a build script, with the same options (see the
//! macro's documentation). Paths are relative to the crate root (`CARGO_MANIFEST_DIR`); several
//! files or directories may be given and may reference each other's types. The expansion
//! `include_str!`s every schema file, so cargo rebuilds when one changes. Schema errors are
//! reported at the macro call, all of them at once, with the schema line and a caret; schema
//! warnings are shown by cargo as warnings.

mod derive;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use avro_build::validate::SourceFile;
use avro_build::{
    CompatibilityMode, Config, DateTimeMapping, DecimalMapping, Diagnostic, MapType, UuidMapping,
};
use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{LitStr, Token};

/// The macro input: schema paths and options, applied to a [`Config`] in order.
struct MacroInput {
    paths: Vec<SchemaPath>,
    histories: Vec<History>,
    config: Config,
}

/// A schema path as written, and what it is relative to.
#[derive(Clone)]
struct SchemaPath {
    lit: LitStr,
    relative_to_file: bool,
}

impl SchemaPath {
    fn crate_relative(lit: LitStr) -> Self {
        SchemaPath {
            lit,
            relative_to_file: false,
        }
    }
}

/// Versions of one schema, oldest first.
enum History {
    Files(Vec<SchemaPath>),
    Dir(SchemaPath),
}

/// Every option, for the message about an unknown one.
const OPTIONS: &str =
    "a schema path (file or directory), `file = \"path\"`, `versions = [\"v1.avsc\", ...]`, \
`version_dir = \"dir\"`, `require_compatibility = \"BACKWARD\"`, `date_time = \"Chrono\"`, \
`uuid = \"Uuid\"`, `decimal = \"RustDecimal\"`, `map_type = \"BTreeMap\"`, \
`type_attribute(\"selector\", \"#[attr]\")`, `field_attribute(\"selector\", \"#[attr]\")`, \
`avro_json = true`, `apache_avro_values = true`";

/// A string option's value parsed by name (`FromStr` of the option's type), the error at the
/// literal.
fn by_name<T: FromStr>(lit: &LitStr) -> syn::Result<T>
where
    T::Err: std::fmt::Display,
{
    lit.value()
        .parse()
        .map_err(|e: T::Err| syn::Error::new(lit.span(), e.to_string()))
}

/// `("selector", "#[attribute]")`, the attribute checked to be one.
fn attribute_pair(input: ParseStream) -> syn::Result<(String, String)> {
    let content;
    syn::parenthesized!(content in input);
    let selector: LitStr = content.parse()?;
    content.parse::<Token![,]>()?;
    let attribute: LitStr = content.parse()?;
    content.parse::<Option<Token![,]>>()?;
    let parsed = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, &attribute.value());
    if parsed.is_err() {
        return Err(syn::Error::new(
            attribute.span(),
            "expected an outer attribute, e.g. \"#[derive(serde::Serialize)]\"",
        ));
    }
    Ok((selector.value(), attribute.value()))
}

impl Parse for MacroInput {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut paths = Vec::new();
        let mut histories = Vec::new();
        let mut config = Config::new();
        while !input.is_empty() {
            if input.peek(LitStr) {
                paths.push(SchemaPath::crate_relative(input.parse()?));
            } else {
                let key: syn::Ident = input.parse()?;
                let name = key.to_string();
                if name == "type_attribute" || name == "field_attribute" {
                    let (selector, attribute) = attribute_pair(input)?;
                    if name == "type_attribute" {
                        config.type_attribute(selector, attribute);
                    } else {
                        config.field_attribute(selector, attribute);
                    }
                } else {
                    input.parse::<Token![=]>()?;
                    match name.as_str() {
                        "file" => paths.push(SchemaPath {
                            lit: input.parse()?,
                            relative_to_file: true,
                        }),
                        "versions" => {
                            let content;
                            syn::bracketed!(content in input);
                            let files =
                                Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
                            if files.is_empty() {
                                return Err(syn::Error::new(
                                    key.span(),
                                    "`versions` needs at least one file, oldest first",
                                ));
                            }
                            histories.push(History::Files(
                                files.into_iter().map(SchemaPath::crate_relative).collect(),
                            ));
                        }
                        "version_dir" => {
                            histories.push(History::Dir(SchemaPath::crate_relative(input.parse()?)))
                        }
                        "avro_json" => {
                            config.avro_json(input.parse::<syn::LitBool>()?.value);
                        }
                        "apache_avro_values" => {
                            config.apache_avro_values(input.parse::<syn::LitBool>()?.value);
                        }
                        "date_time" => {
                            config.date_time(by_name::<DateTimeMapping>(&input.parse()?)?);
                        }
                        "uuid" => {
                            config.uuid(by_name::<UuidMapping>(&input.parse()?)?);
                        }
                        "decimal" => {
                            config.decimal(by_name::<DecimalMapping>(&input.parse()?)?);
                        }
                        "map_type" => {
                            config.map_type(by_name::<MapType>(&input.parse()?)?);
                        }
                        "require_compatibility" => {
                            config.require_compatibility(by_name::<CompatibilityMode>(
                                &input.parse()?,
                            )?);
                        }
                        _ => {
                            return Err(syn::Error::new(
                                key.span(),
                                format!("unknown option `{key}`; expected {OPTIONS}"),
                            ))
                        }
                    }
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        if paths.is_empty() && histories.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                "include_schema! needs at least one schema path, e.g. include_schema!(\"schemas/user.avsc\")",
            ));
        }
        Ok(MacroInput {
            paths,
            histories,
            config,
        })
    }
}

/// Generates Rust types with Avro encode/decode for the given `.avsc` files or directories
/// (paths relative to the crate root), exactly as `avro_build::Config::compile` would, with the
/// same options:
///
/// | option | like |
/// |---|---|
/// | `"schemas/user.avsc"`, `"schemas/common"` | the paths given to `compile`: files, or directories searched recursively for `.avsc` files |
/// | `file = "user.avsc"` | a path relative to the source file that invokes the macro (like `include_str!`) |
/// | `versions = ["v1.avsc", "v2.avsc"]` | `Config::versions` (oldest first; may be repeated) |
/// | `version_dir = "schemas/log"` | `Config::version_dir` |
/// | `require_compatibility = "BACKWARD"` | `Config::require_compatibility` (any `CompatibilityMode`, by its registry name) |
/// | `date_time = "Chrono"` | `Config::date_time` (a `DateTimeMapping` variant, by name) |
/// | `uuid = "Uuid"` | `Config::uuid` (a `UuidMapping` variant) |
/// | `decimal = "RustDecimal"` | `Config::decimal` (a `DecimalMapping` variant) |
/// | `map_type = "BTreeMap"` | `Config::map_type` (a `MapType` variant) |
/// | `type_attribute(".", "#[derive(serde::Serialize)]")` | `Config::type_attribute` (may be repeated) |
/// | `field_attribute("com.example.User.name", "#[serde(rename = \"n\")]")` | `Config::field_attribute` (may be repeated) |
/// | `avro_json = true` | `Config::avro_json` (runtime feature `json`) |
/// | `apache_avro_values = true` | `Config::apache_avro_values` (runtime feature `apache-avro`) |
///
/// Values are variant names, matched ignoring case, `_` and `-` (`"rust_decimal"` is
/// `RustDecimal`).
///
/// Schema errors are compile errors at the path of the file they are in, each with the line of
/// the schema and a caret, all of them at once; the types the schemas define are then declared
/// as placeholders, so code that uses them gets no further errors. Schema warnings are shown
/// by cargo as warnings (deprecation notes on the macro call, the only warnings a macro can
/// give on stable Rust).
///
/// A file added to a directory given to the macro is seen the next time the crate is compiled;
/// cargo rebuilds on changes to the files it read, not on new files (a build script with
/// `Config::compile` watches the directories too).
///
/// ```ignore
/// avro_derive::include_schema!("schemas/user.avsc", "schemas/address.avsc");
/// avro_derive::include_schema!("schemas", map_type = "BTreeMap", date_time = "Chrono");
/// avro_derive::include_schema!(versions = ["schemas/log/v1.avsc", "schemas/log/v2.avsc"],
///                              require_compatibility = "BACKWARD");
/// avro_derive::include_schema!("schemas/user.avsc", avro_json = true,
///                              type_attribute(".", "#[derive(serde::Serialize)]"));
/// ```
#[proc_macro]
pub fn include_schema(input: TokenStream) -> TokenStream {
    let parsed = syn::parse_macro_input!(input as MacroInput);
    expand(&parsed).into()
}

/// Files read for one expansion, with the literal each came from.
struct Reader {
    root: PathBuf,
    here: PathBuf,
    /// Absolute paths of the files read (for `include_str!`).
    tracked: Vec<String>,
    /// Shown path of each file read → the literal it came from.
    spans: Vec<(PathBuf, Span)>,
    errors: Vec<syn::Error>,
    warnings: Vec<Diagnostic>,
}

impl Reader {
    fn base(&self, p: &SchemaPath) -> (&Path, &'static str) {
        if p.relative_to_file {
            (&self.here, "the invoking file")
        } else {
            (&self.root, "the crate root")
        }
    }

    /// The files a path stands for: (real path, path shown in messages).
    fn files(&mut self, p: &SchemaPath) -> Vec<(PathBuf, PathBuf)> {
        let (base, _) = self.base(p);
        let written = PathBuf::from(p.lit.value());
        let real = base.join(&written);
        if !real.is_dir() {
            return vec![(real, written)];
        }
        match avro_build::schema_files(&[&real]) {
            Ok(files) => files
                .into_iter()
                .map(|f| {
                    let shown = shown_path(&real, &written, &f);
                    (f, shown)
                })
                .collect(),
            Err(e) => {
                for d in e.errors {
                    self.errors.push(syn::Error::new(
                        p.lit.span(),
                        format!("{:?}: {}", p.lit.value(), d.message),
                    ));
                }
                Vec::new()
            }
        }
    }

    fn read(&mut self, p: &SchemaPath, real: &Path, shown: &Path) -> Option<SourceFile> {
        let (_, base_name) = self.base(p);
        let bytes = match std::fs::read(real) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.errors.push(syn::Error::new(
                    p.lit.span(),
                    format!(
                        "cannot read schema file {:?} (relative to {base_name}): {e}",
                        shown.display().to_string()
                    ),
                ));
                return None;
            }
        };
        self.tracked.push(real.display().to_string());
        self.spans.push((shown.to_path_buf(), p.lit.span()));
        match SourceFile::from_bytes(shown, &bytes) {
            Ok((source, warning)) => {
                self.warnings.extend(warning);
                Some(source)
            }
            Err(d) => {
                self.errors
                    .push(syn::Error::new(p.lit.span(), message_of(&d)));
                None
            }
        }
    }

    fn read_path(&mut self, p: &SchemaPath) -> Vec<SourceFile> {
        self.files(p)
            .into_iter()
            .filter_map(|(real, shown)| self.read(p, &real, &shown))
            .collect()
    }

    fn read_history(&mut self, h: &History) -> Vec<SourceFile> {
        match h {
            History::Files(files) => files.iter().flat_map(|p| self.read_path(p)).collect(),
            History::Dir(p) => {
                let written = PathBuf::from(p.lit.value());
                let real = self.root.join(&written);
                match avro_build::version_files(&real) {
                    Ok(files) => files
                        .into_iter()
                        .filter_map(|f| {
                            let shown = shown_path(&real, &written, &f);
                            self.read(p, &f, &shown)
                        })
                        .collect(),
                    Err(d) => {
                        self.errors
                            .push(syn::Error::new(p.lit.span(), d.message.clone()));
                        Vec::new()
                    }
                }
            }
        }
    }

    /// The literal a diagnostic's file came from (the call site if none).
    fn span_of(&self, d: &Diagnostic) -> Span {
        self.spans
            .iter()
            .find(|(f, _)| *f == d.file)
            .map_or_else(Span::call_site, |(_, s)| *s)
    }
}

/// How messages show file `file` found in directory `real`, which was written as `written`.
fn shown_path(real: &Path, written: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(real)
        .map_or_else(|_| file.to_path_buf(), |rel| written.join(rel))
}

/// A diagnostic as the text of a compile error: rendered like rustc, without the leading
/// `error: ` that the compiler adds itself.
fn message_of(d: &Diagnostic) -> String {
    let rendered = d.render();
    rendered
        .strip_prefix("error: ")
        .unwrap_or(&rendered)
        .to_string()
}

fn expand(input: &MacroInput) -> proc_macro2::TokenStream {
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    // `file = "..."` paths are relative to the invoking source file, like `include_str!`.
    let here = proc_macro::Span::call_site()
        .local_file()
        .and_then(|f| f.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let mut reader = Reader {
        root,
        here,
        tracked: Vec::new(),
        spans: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let sources: Vec<SourceFile> = input
        .paths
        .iter()
        .flat_map(|p| reader.read_path(p))
        .collect();
    let histories: Vec<Vec<SourceFile>> = input
        .histories
        .iter()
        .map(|h| reader.read_history(h))
        .collect();
    let tracked = &reader.tracked;
    // Makes cargo rebuild this crate when a schema file changes.
    let tracking = quote! {
        const _: &[&str] = &[#(::core::include_str!(#tracked)),*];
    };
    let all: Vec<&SourceFile> = sources.iter().chain(histories.iter().flatten()).collect();
    if !reader.errors.is_empty() {
        let errors = reader.errors.iter().map(syn::Error::to_compile_error);
        let warnings = warnings(&reader, &reader.warnings);
        let placeholders = placeholders(&all);
        return quote! { #tracking #(#errors)* #warnings #placeholders };
    }
    match input.config.generate_tokens(&sources, &histories) {
        Ok((items, schema_warnings)) => {
            let mut all_warnings = reader.warnings.clone();
            all_warnings.extend(schema_warnings);
            let warnings = warnings(&reader, &all_warnings);
            quote! { #tracking #warnings #items }
        }
        Err(e) => {
            let errors = e
                .errors
                .iter()
                .map(|d| syn::Error::new(reader.span_of(d), message_of(d)).to_compile_error());
            let mut all_warnings = reader.warnings.clone();
            all_warnings.extend(e.warnings.iter().cloned());
            let warnings = warnings(&reader, &all_warnings);
            let placeholders = placeholders(&all);
            quote! { #tracking #(#errors)* #warnings #placeholders }
        }
    }
}

/// Each schema warning as a deprecation warning at the literal of its file (stable Rust lets a
/// macro give no other kind).
fn warnings(reader: &Reader, warnings: &[Diagnostic]) -> proc_macro2::TokenStream {
    let items = warnings.iter().map(|d| {
        let span = reader.span_of(d);
        let warning = proc_macro_warning::FormattedWarning::new_deprecated(
            "avro_schema_warning",
            d.to_string(),
            span,
        );
        quote_spanned! {span=> const _: () = { #warning }; }
    });
    quote! { #(#items)* }
}

/// When the schemas have errors: every named type they define, declared as an alias of an
/// unknown type in its module, so that code using the types resolves (the compiler reports no
/// more errors for an erroneous type) and only the schema errors are shown.
fn placeholders(sources: &[&SourceFile]) -> proc_macro2::TokenStream {
    #[derive(Default)]
    struct Module {
        types: Vec<String>,
        children: BTreeMap<String, Module>,
    }
    let mut root = Module::default();
    for source in sources {
        for full in avro_build::validate::defined_names(source) {
            let (namespace, short) = match full.rsplit_once('.') {
                Some((ns, short)) => (ns.split('.').collect::<Vec<_>>(), short),
                None => (Vec::new(), full.as_str()),
            };
            let mut module = &mut root;
            for component in namespace {
                module = module
                    .children
                    .entry(avro_build::plan::module_ident(component))
                    .or_default();
            }
            let ident = avro_build::plan::named_type_ident(short);
            if !module.types.contains(&ident) {
                module.types.push(ident);
            }
        }
    }
    fn emit(module: &Module, depth: usize) -> proc_macro2::TokenStream {
        let up = (0..depth).map(|_| quote!(super::));
        let target = quote!(#(#up)* __AvroSchemaHasErrors);
        let types = module.types.iter().map(|t| {
            let ident: proc_macro2::TokenStream = t.parse().expect("generated identifiers parse");
            quote! {
                #[allow(dead_code)]
                pub type #ident = #target;
            }
        });
        let children = module.children.iter().map(|(name, child)| {
            let ident: proc_macro2::TokenStream =
                name.parse().expect("generated identifiers parse");
            let inner = emit(child, depth + 1);
            quote! { pub mod #ident { #inner } }
        });
        quote! { #(#types)* #(#children)* }
    }
    if root.types.is_empty() && root.children.is_empty() {
        return quote!();
    }
    let body = emit(&root, 0);
    let name = format_ident!("__AvroSchemaHasErrors");
    quote! {
        /// Stands for the types of schemas with errors (reported above).
        #[allow(dead_code)]
        type #name = avro_schema_errors_are_reported_above;
        #body
    }
}

/// Derives the Avro schema and a specialised binary codec for a Rust type: `AvroType` (the
/// const schema node), `AvroSchema` (schema JSON, canonical form and fingerprints as constants),
/// `Encode` and `Decode`, with straight-line code and no serde, exactly what avro-build
/// generates for the same schema.
///
/// | Rust item | Avro type |
/// |---|---|
/// | struct with named fields | record (fields in declaration order) |
/// | enum of unit variants | enum (symbols in declaration order) |
/// | enum with data | union, one branch per variant: a unit variant is `null`, `V(T)` is `T`, `V { .. }` is a record named `V` |
/// | struct with one unnamed field | the field's schema; with `#[avro(fixed)]` on `[u8; N]`, a named fixed |
///
/// Field types: `bool`, `i32`, `i64`, `f32`, `f64`, `()`, `String` / `&'a str` / `Cow<'a, str>`,
/// `Vec<u8>` / `&'a [u8]` / `Cow<'a, [u8]>` (bytes), `[u8; N]` (fixed), `Option<T>`
/// (`["null", T]`), `Box<T>`, `Vec<T>`, `HashMap<String, T>` / `BTreeMap<String, T>`, the type
/// itself behind a `Box`, `Option` or collection (a reference by name), and any type that
/// implements `avro_runtime::AvroType` (generated types, other derived types, the runtime's
/// logical types, chrono / time / uuid types behind the runtime features, generic parameters).
///
/// Attributes (`#[avro(...)]`):
///
/// | on | attribute | effect |
/// |---|---|---|
/// | struct / enum | `name = "N"` | the Avro name (default: the Rust name) |
/// | struct / enum | `namespace = "a.b"` | the namespace (default: none) |
/// | struct / enum / field / variant | `doc = "..."` | the doc (default: the `///` comments) |
/// | struct / enum / field / variant | `alias = "A"`, `aliases = ["A", "B"]` | aliases |
/// | struct / enum | `rename_all = "..."` | field or symbol names: `lowercase`, `UPPERCASE`, `PascalCase`, `camelCase`, `snake_case`, `SCREAMING_SNAKE_CASE` |
/// | struct | `fixed`, `fixed = N` | a struct over `[u8; N]` is a named fixed of `N` bytes |
/// | field / variant | `rename = "n"` | the field's name, the symbol, or the struct variant's record name |
/// | field | `default = "<JSON>"` | the field's default, checked against its type where the macro knows it |
/// | field | `default` | the JSON of the type's `Default` (`0`, `""`, `[]`, `{}`, `null`, ...) |
/// | field | `skip, default` | not in the schema; decoding fills `Default::default()` |
/// | field | `logical = "timestamp-millis"` | a logical type (`date`, `time-millis`, `time-micros`, `timestamp-*`, `local-timestamp-*`, `uuid`, `duration`) |
/// | field | `decimal(precision = P, scale = S)` | a decimal on bytes (`avro_runtime::Decimal`, `rust_decimal::Decimal`) |
/// | field | `fixed = N` | bytes as a fixed of `N` bytes; with `decimal` or `logical = "uuid"`, on a fixed |
/// | field | `order = "descending"` | the field's sort order |
/// | variant | `default` | the enum's default symbol |
///
/// Misuse is a compile error at the offending tokens that says what to write instead; all
/// errors of an item are reported together.
///
/// ```ignore
/// use avro_derive::AvroSchema;
///
/// /// A user of the shop.
/// #[derive(AvroSchema)]
/// #[avro(namespace = "com.example", rename_all = "camelCase")]
/// struct User<'a> {
///     user_id: i64,
///     name: &'a str,
///     #[avro(default = "null")]
///     email: Option<String>,
///     #[avro(logical = "timestamp-millis")]
///     created_at: i64,
/// }
/// ```
#[proc_macro_derive(AvroSchema, attributes(avro))]
pub fn derive_avro_schema(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive::expand(&input).into()
}
