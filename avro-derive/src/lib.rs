//! Proc-macros for Avro code generation.
//!
//! `include_schema!("schemas/user.avsc")` expands, in place, to the same types and codecs that
//! `avro_build::Config::compile` writes for a build script. Paths are relative to the crate root
//! (`CARGO_MANIFEST_DIR`); several files may be given and may reference each other's types.
//! The expansion `include_str!`s every schema file, so cargo rebuilds when one changes.
//! Schema errors are reported at the macro call, all of them at once. `avro_json = true` adds the
//! Avro JSON encoding, like `Config::avro_json`.

mod derive;

use std::path::PathBuf;

use avro_build::validate::SourceFile;
use avro_build::Config;
use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{LitStr, Token};

/// The macro input: schema paths, `file = "path"` (relative to the invoking source file), any
/// number of `versions = ["v1.avsc", "v2.avsc"]`, and `avro_json = true`.
struct SchemaPaths {
    paths: Vec<SchemaPath>,
    histories: Vec<Vec<SchemaPath>>,
    avro_json: bool,
}

/// A schema path as written, and what it is relative to.
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

enum Arg {
    Path(SchemaPath),
    Versions(Vec<SchemaPath>),
    AvroJson(bool),
}

impl Parse for Arg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitStr) {
            return Ok(Arg::Path(SchemaPath::crate_relative(input.parse()?)));
        }
        let key: syn::Ident = input.parse()?;
        if key == "file" {
            input.parse::<Token![=]>()?;
            return Ok(Arg::Path(SchemaPath {
                lit: input.parse()?,
                relative_to_file: true,
            }));
        }
        if key == "avro_json" {
            input.parse::<Token![=]>()?;
            let enabled: syn::LitBool = input.parse()?;
            return Ok(Arg::AvroJson(enabled.value));
        }
        if key != "versions" {
            return Err(syn::Error::new(
                key.span(),
                format!(
                    "unknown option `{key}`; expected a schema path, `file = \"path\"`, `versions = [\"v1.avsc\", ...]` or `avro_json = true`"
                ),
            ));
        }
        input.parse::<Token![=]>()?;
        let content;
        syn::bracketed!(content in input);
        let files = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
        if files.is_empty() {
            return Err(syn::Error::new(
                key.span(),
                "`versions` needs at least one file, oldest first",
            ));
        }
        Ok(Arg::Versions(
            files.into_iter().map(SchemaPath::crate_relative).collect(),
        ))
    }
}

impl Parse for SchemaPaths {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let args = Punctuated::<Arg, Token![,]>::parse_terminated(input)?;
        let mut paths = Vec::new();
        let mut histories = Vec::new();
        let mut avro_json = false;
        for arg in args {
            match arg {
                Arg::Path(p) => paths.push(p),
                Arg::Versions(v) => histories.push(v),
                Arg::AvroJson(enabled) => avro_json = enabled,
            }
        }
        if paths.is_empty() && histories.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                "include_schema! needs at least one schema path, e.g. include_schema!(\"schemas/user.avsc\")",
            ));
        }
        Ok(SchemaPaths {
            paths,
            histories,
            avro_json,
        })
    }
}

/// Generates Rust types with Avro encode/decode for the given `.avsc` files (paths relative to the
/// crate root), exactly as `avro_build::Config::new().compile(..)` would.
///
/// `file = "user.avsc"` takes a path relative to the source file that invokes the macro instead
/// (like `include_str!`).
///
/// `versions = ["v1.avsc", "v2.avsc", "v3.avsc"]` (oldest first, may be repeated) compiles the
/// newest version and gives its type a decoder specialised for each earlier one, like
/// `Config::versions`.
///
/// `avro_json = true` also implements `avro_runtime::json::{ToAvroJson, FromAvroJson}` for the
/// generated types, like `Config::avro_json(true)` (needs the runtime feature `json`).
///
/// ```ignore
/// avro_derive::include_schema!("schemas/user.avsc", "schemas/address.avsc");
/// avro_derive::include_schema!(versions = ["schemas/log/v1.avsc", "schemas/log/v2.avsc"]);
/// avro_derive::include_schema!("schemas/user.avsc", avro_json = true);
/// ```
#[proc_macro]
pub fn include_schema(input: TokenStream) -> TokenStream {
    let parsed = syn::parse_macro_input!(input as SchemaPaths);
    match expand(&parsed) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn expand(input: &SchemaPaths) -> syn::Result<proc_macro2::TokenStream> {
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let mut tracked = Vec::new();
    let mut errors: Option<syn::Error> = None;
    // `file = "..."` paths are relative to the invoking source file, like `include_str!`.
    let here = proc_macro::Span::call_site()
        .local_file()
        .and_then(|f| f.parent().map(std::path::Path::to_path_buf))
        .unwrap_or_default();
    let mut read = |p: &SchemaPath| -> Option<SourceFile> {
        let lit = &p.lit;
        let (base, base_name) = if p.relative_to_file {
            (&here, "the invoking file")
        } else {
            (&root, "the crate root")
        };
        let path = base.join(lit.value());
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                tracked.push(path.display().to_string());
                Some(SourceFile {
                    path: PathBuf::from(lit.value()),
                    text,
                })
            }
            Err(e) => {
                let e = syn::Error::new(
                    lit.span(),
                    format!(
                        "cannot read schema file {:?} (relative to {base_name}): {e}",
                        lit.value()
                    ),
                );
                match &mut errors {
                    Some(all) => all.combine(e),
                    None => errors = Some(e),
                }
                None
            }
        }
    };
    let sources: Vec<SourceFile> = input.paths.iter().filter_map(&mut read).collect();
    let histories: Vec<Vec<SourceFile>> = input
        .histories
        .iter()
        .map(|h| h.iter().filter_map(&mut read).collect())
        .collect();
    if let Some(e) = errors {
        return Err(e);
    }
    let (items, _warnings) = Config::new()
        .avro_json(input.avro_json)
        .generate_tokens(&sources, &histories)
        .map_err(|errs| {
            let mut all: Option<syn::Error> = None;
            for d in &errs.errors {
                // Point at the literal of the file the error is in.
                let span = input
                    .paths
                    .iter()
                    .chain(input.histories.iter().flatten())
                    .find(|p| d.file == std::path::Path::new(&p.lit.value()))
                    .map_or_else(Span::call_site, |p| p.lit.span());
                let e = syn::Error::new(span, d.to_string());
                match &mut all {
                    Some(a) => a.combine(e),
                    None => all = Some(e),
                }
            }
            all.unwrap_or_else(|| syn::Error::new(Span::call_site(), "invalid Avro schema"))
        })?;
    Ok(quote! {
        // Makes cargo rebuild this crate when a schema file changes.
        const _: &[&str] = &[#(::core::include_str!(#tracked)),*];
        #items
    })
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
