//! A crate whose build script requires a compatibility mode over a schema history fails to build
//! when the newest version breaks it, and the failure lists every incompatibility; the same crate
//! builds once the change is compatible. Runs a real `cargo build` of a temporary crate.

use std::path::{Path, PathBuf};
use std::process::Command;

const V1: &str = r#"{"type": "record", "name": "Order", "namespace": "shop", "fields": [
  {"name": "id", "type": "long"},
  {"name": "amount", "type": "int"},
  {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}}
]}"#;

/// Two incompatible changes for BACKWARD: a new field without default, and long narrowed to int.
const V2_BREAKING: &str = r#"{"type": "record", "name": "Order", "namespace": "shop", "fields": [
  {"name": "id", "type": "int"},
  {"name": "amount", "type": "long"},
  {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}},
  {"name": "currency", "type": "string"}
]}"#;

/// The same intent, compatible: the new field has a default and id stays a long.
const V2_COMPATIBLE: &str = r#"{"type": "record", "name": "Order", "namespace": "shop", "fields": [
  {"name": "id", "type": "long"},
  {"name": "amount", "type": "long"},
  {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}},
  {"name": "currency", "type": "string", "default": "EUR"}
]}"#;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn write_crate(dir: &Path, v2: &str) {
    let ws = workspace();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("schemas/order")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"compat-probe\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [workspace]\n\n[dependencies]\navro-runtime = {{ path = {:?} }}\n\n\
             [build-dependencies]\navro-build = {{ path = {:?} }}\n",
            ws.join("avro-runtime"),
            ws.join("avro-build")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("build.rs"),
        // `compile(&[])` needs no type annotation; `.unwrap()` shows the errors readably.
        "fn main() {\n    avro_build::Config::new()\n        .version_dir(\"schemas/order\")\n        \
         .require_compatibility(avro_build::CompatibilityMode::Backward)\n        \
         .compile(&[])\n        .unwrap();\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "include!(concat!(env!(\"OUT_DIR\"), \"/avro_types.rs\"));\n",
    )
    .unwrap();
    std::fs::write(dir.join("schemas/order/v1.avsc"), V1).unwrap();
    std::fs::write(dir.join("schemas/order/v2.avsc"), v2).unwrap();
}

fn cargo_build(dir: &Path) -> (bool, String) {
    let output = Command::new(env!("CARGO"))
        .arg("build")
        .arg("--offline")
        .arg("--quiet")
        .current_dir(dir)
        // Share compiled dependencies with the workspace build.
        .env("CARGO_TARGET_DIR", workspace().join("target/compat-probe"))
        .output()
        .expect("cargo runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn incompatible_history_fails_the_build_with_every_incompatibility() {
    let dir = std::env::temp_dir().join(format!("avro-compat-probe-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);

    write_crate(&dir, V2_BREAKING);
    let (ok, stderr) = cargo_build(&dir);
    assert!(!ok, "the build must fail:\n{stderr}");
    assert!(
        stderr.contains("BACKWARD compatibility is required"),
        "{stderr}"
    );
    // Both incompatibilities, each with its JSON path.
    assert!(
        stderr.contains("fields[0].type"),
        "id narrowed from long to int:\n{stderr}"
    );
    assert!(
        stderr.contains("fields[3]"),
        "currency without default:\n{stderr}"
    );
    assert!(stderr.contains("currency"), "{stderr}");
    // `unwrap()` prints the errors as rustc would, with the schema's line and a caret.
    assert!(
        stderr.contains("2 errors in Avro schemas:")
            && stderr.contains(" --> schemas/order/v2.avsc:2:"),
        "{stderr}"
    );
    assert!(stderr.contains("^^^^^"), "{stderr}");

    write_crate(&dir, V2_COMPATIBLE);
    let (ok, stderr) = cargo_build(&dir);
    assert!(ok, "a compatible history builds:\n{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
