//! Generates Rust code for every compilation unit of the real-world corpus
//! (`tests/data/real-world/INDEX.tsv`: a file, compiled after the files it includes), one module
//! per unit, so that building this crate proves the generated code compiles under the lints of
//! `src/lib.rs`. Units the generator refuses are not generated; they are listed in
//! `NOT_GENERATED` with the error (not a build failure, so that one refused unit does not hide all
//! the others); `tests/real-world/tests/java_agreement.rs` decides whether refusing them is right.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use avro_build::{Config, MapType};

/// The configuration every unit is generated with: maps keep the writer's entry order, so that
/// the round-trip test (`tests/roundtrip.rs`) can require fastavro's bytes exactly.
fn config() -> Config {
    let mut config = Config::new();
    config.map_type(MapType::IndexMap);
    config
}

/// A Rust module name for a corpus file.
fn module_name(file: &str) -> String {
    let mut name = String::from("u_");
    for c in file.trim_end_matches(".avsc").chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    name
}

fn main() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = manifest.join("../data/real-world");
    let index_path = corpus.join("INDEX.tsv");
    println!("cargo:rerun-if-changed={}", index_path.display());
    let index = std::fs::read_to_string(&index_path).expect("tests/data/real-world/INDEX.tsv");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());

    let mut modules = String::new();
    let mut generated_units = String::new();
    let mut not_generated = String::new();
    for line in index.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, includes) = (cols[0], cols[7]);
        let mut files: Vec<PathBuf> = includes
            .split_whitespace()
            .map(|inc| corpus.join(inc))
            .collect();
        files.push(corpus.join(file));
        for f in &files {
            println!("cargo:rerun-if-changed={}", f.display());
        }
        let module = module_name(file);
        match config().generate(&files) {
            Ok(generated) => {
                std::fs::write(out_dir.join(format!("{module}.rs")), &generated.code).unwrap();
                writeln!(
                    modules,
                    "/// Generated from `tests/data/real-world/{file}`{}.\n\
                     pub mod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\"));\n}}",
                    with_includes(includes),
                )
                .unwrap();
                let root = match generated.roots.last() {
                    Some(Some(path)) => format!("Some(crate::reencode::<{module}::{path}>)"),
                    _ => "None".to_string(),
                };
                writeln!(
                    generated_units,
                    "    GeneratedUnit {{ file: {file:?}, module: {module:?}, reencode: {root} }},"
                )
                .unwrap();
            }
            Err(errors) => {
                writeln!(not_generated, "    ({file:?}, {:?}),", errors.to_string()).unwrap();
            }
        }
    }
    let registry = format!(
        "{modules}\n\
         /// Every corpus unit the generator accepted (in `INDEX.tsv` order).\n\
         pub const GENERATED: &[GeneratedUnit] = &[\n{generated_units}];\n\n\
         /// Every corpus unit the generator refused, with its errors.\n\
         pub const NOT_GENERATED: &[(&str, &str)] = &[\n{not_generated}];\n"
    );
    std::fs::write(out_dir.join("real_world.rs"), registry).unwrap();
}

/// ` (with a.avsc, b.avsc)` for a unit with includes, else nothing.
fn with_includes(includes: &str) -> String {
    if includes.is_empty() {
        return String::new();
    }
    let names: Vec<String> = includes
        .split_whitespace()
        .map(|inc| {
            format!(
                "`{}`",
                Path::new(inc).file_name().unwrap().to_string_lossy()
            )
        })
        .collect();
    format!(" (with {})", names.join(", "))
}
