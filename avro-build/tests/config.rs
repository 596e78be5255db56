//! `Config` as a build script uses it: directories searched recursively, `compile(&[])`, files in
//! any encoding Java reads, errors that name the file defining a type that was not given,
//! warnings beside errors, and schemas at the nesting limits generated without exhausting a
//! 2 MiB test thread's stack.

use std::fs;
use std::path::{Path, PathBuf};

use avro_build::validate::SourceFile;
use avro_build::{Config, SchemaErrors};

/// A fresh directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("avro-build-config-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

fn enum_schema(name: &str) -> String {
    format!(r#"{{"type": "enum", "name": "{name}", "namespace": "dirs", "symbols": ["A"]}}"#)
}

#[test]
fn directories_are_searched_recursively_in_sorted_order() {
    let dir = scratch("recursive");
    write(&dir, "z/d.avsc", &enum_schema("D"));
    write(&dir, "a.avsc", &enum_schema("A"));
    write(&dir, "sub/deeper/c.avsc", &enum_schema("C"));
    write(&dir, "sub/b.avsc", &enum_schema("B"));
    write(&dir, "sub/notes.txt", "not a schema");
    let generated = Config::new().generate(&[&dir]).unwrap();
    let rel: Vec<String> = generated
        .inputs
        .iter()
        .map(|p| p.strip_prefix(&dir).unwrap().display().to_string())
        .collect();
    assert_eq!(
        rel,
        ["a.avsc", "sub/b.avsc", "sub/deeper/c.avsc", "z/d.avsc"]
    );
    // A directory with nothing but subdirectories.
    let generated = Config::new().generate(&[dir.join("sub")]).unwrap();
    assert_eq!(generated.inputs.len(), 2);
    // The same list for `schema_files`, which `include_schema!` uses.
    assert_eq!(
        avro_build::schema_files(&[&dir]).unwrap(),
        generated_inputs(&dir)
    );
    let _ = fs::remove_dir_all(&dir);
}

fn generated_inputs(dir: &Path) -> Vec<PathBuf> {
    Config::new().generate(&[dir]).unwrap().inputs
}

#[test]
fn a_directory_without_schemas_is_an_error() {
    let dir = scratch("empty");
    write(&dir, "only/readme.md", "no schemas here");
    let e = Config::new().generate(&[&dir]).unwrap_err();
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.errors[0].file, dir);
    assert_eq!(
        e.errors[0].message,
        "no .avsc files in this directory or its subdirectories"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn compile_takes_an_empty_list_without_annotation() {
    // With only version histories there is nothing else to give.
    let generated = Config::new().generate(&[]).unwrap();
    assert!(generated.inputs.is_empty());
    let out = scratch("empty-list");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/log_event");
    let generated = Config::new()
        .out_dir(&out)
        .version_dir(&dir)
        .compile(&[])
        .unwrap();
    assert_eq!(generated.inputs.len(), 3);
    assert!(out.join("avro_types.rs").is_file());
    // Slices, vectors and arrays of any path type.
    let files = vec![dir.join("v1.avsc")];
    assert!(Config::new().generate(&files).is_ok());
    assert!(Config::new().generate(&files[..]).is_ok());
    assert!(Config::new().generate(&[files[0].as_path()]).is_ok());
    assert!(Config::new()
        .generate(&[files[0].display().to_string()])
        .is_ok());
    let _ = fs::remove_dir_all(&out);
}

#[test]
fn an_unknown_type_names_the_file_beside_that_defines_it() {
    let dir = scratch("siblings");
    let user = write(
        &dir,
        "user.avsc",
        r#"{"type": "record", "name": "User", "namespace": "shop", "fields": [
  {"name": "home", "type": "Address"},
  {"name": "tier", "type": "Tier"}
]}"#,
    );
    write(
        &dir,
        "address.avsc",
        r#"{"type": "record", "name": "Address", "namespace": "shop", "fields": [{"name": "street", "type": "string"}]}"#,
    );
    let e = Config::new().generate(&[&user]).unwrap_err();
    let messages: Vec<&str> = e.errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            format!(
                "unknown type `Address` (looked for `shop.Address` and `Address`); it is defined in {}, which was not given to the compiler (add that file, or its directory, to the inputs)",
                dir.join("address.avsc").display()
            )
            .as_str(),
            "unknown type `Tier` (looked for `shop.Tier` and `Tier`)",
        ]
    );
    // Given the directory, only `Tier` is unknown.
    let e = Config::new().generate(&[&dir]).unwrap_err();
    assert_eq!(e.errors.len(), 1);
    assert!(e.errors[0].message.starts_with("unknown type `Tier`"));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn utf16_files_are_read_with_a_warning() {
    let dir = scratch("utf16");
    let text = r#"{"type": "enum", "name": "Météo", "namespace": "w", "symbols": ["SUN"], "doc": "Sonne ☀"}"#
        .replace("Météo", "Weather");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let path = dir.join("weather.avsc");
    fs::write(&path, bytes).unwrap();
    let generated = Config::new().generate(&[&path]).unwrap();
    assert_eq!(generated.warnings.len(), 1);
    assert!(generated.warnings[0]
        .message
        .starts_with("the file is UTF-16LE (with a byte-order mark), not UTF-8"));
    assert!(generated.code.contains("Sonne ☀"));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn errors_come_with_the_warnings_and_debug_reads_like_display() {
    let source = SourceFile {
        path: PathBuf::from("schemas/mixed.avsc"),
        text: r#"{"type": "record", "name": "Mixed", "fields": [
  {"name": "a", "type": "long", "logicalType": "timestamp-millis"},
  {"name": "b", "type": "lnog"}
]}"#
        .to_string(),
    };
    let e: SchemaErrors = Config::new().generate_from_sources(&[source]).unwrap_err();
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.warnings.len(), 1);
    assert_eq!(format!("{e:?}"), format!("{e}"));
    assert_eq!(
        format!("{e}"),
        r#"1 error in Avro schemas (and 1 warning):

error: unknown type `lnog`; did you mean `long`?
 --> schemas/mixed.avsc:3:25
  |
3 |   {"name": "b", "type": "lnog"}
  |                         ^^^^^^ fields[1].type

warning: logicalType on field `a` is ignored; put it inside the type: {"type": {"type": "long", "logicalType": "timestamp-millis"}}
 --> schemas/mixed.avsc:2:48
  |
2 |   {"name": "a", "type": "long", "logicalType": "timestamp-millis"},
  |                                                ^^^^^^^^^^^^^^^^^^ fields[0].logicalType
"#
    );
}

fn generate(text: String) -> Result<String, SchemaErrors> {
    let source = SourceFile {
        path: PathBuf::from("deep.avsc"),
        text,
    };
    Config::new()
        .generate_from_sources(&[source])
        .map(|g| g.code)
}

#[test]
fn namespaces_nest_modules_up_to_a_limit() {
    let namespace = |n: usize| {
        (0..n)
            .map(|i| format!("n{i}"))
            .collect::<Vec<_>>()
            .join(".")
    };
    let schema = |n: usize| {
        format!(
            r#"{{"type": "fixed", "name": "F", "namespace": "{}", "size": 1}}"#,
            namespace(n)
        )
    };
    let limit = avro_build::MAX_NAMESPACE_COMPONENTS;
    let code = generate(schema(limit)).unwrap();
    assert!(code.contains(&format!("pub mod n{} {{", limit - 1)));
    for n in [limit + 1, 5_000, 50_000] {
        let e = generate(schema(n)).unwrap_err();
        assert_eq!(e.errors.len(), 1);
        assert_eq!(e.errors[0].json_path, "namespace");
        assert!(
            e.errors[0].message.ends_with(&format!(
                "has {n} components; generated code nests one module per component, and this \
                 generator supports at most {limit}"
            )),
            "{}",
            e.errors[0].message
        );
    }
}

#[test]
fn the_deepest_schemas_validation_accepts_generate_in_a_small_stack() {
    // Arrays nested as deep as the parser allows inside a record field (3 levels for the
    // record, its fields and the field).
    let depth = avro_build::validate::MAX_SCHEMA_DEPTH - 3;
    let arrays = format!(
        r#"{{"type": "record", "name": "R", "fields": [{{"name": "f", "type": {}"int"{}}}]}}"#,
        r#"{"type": "array", "items": "#.repeat(depth),
        "}".repeat(depth)
    );
    assert!(generate(arrays).is_ok());
    // Records nested as deep as the parser allows.
    let mut records = String::from("\"int\"");
    for i in (0..170).rev() {
        records = format!(
            r#"{{"type": "record", "name": "R{i}", "fields": [{{"name": "f", "type": {records}}}]}}"#
        );
    }
    assert!(generate(records).is_ok());
}
