// Generates the bindings of the whole repository from `schemas/`, one directory per area:
//
// * a directory of `.avsc` files holds current schemas (any names; files may reference each
//   other's types in any order);
// * a directory whose files are all `v<N>.avsc` is the version history of one type, oldest first:
//   the newest is its current schema, compiled with the others; the earlier ones become known
//   writers (decoders generated for them, chosen by fingerprint) and must stay readable
//   (BACKWARD_TRANSITIVE), and each is also generated on its own under `legacy::<dir>_v<N>`, the
//   types a producer built from an older release of this repository still writes.
//
// Everything is written to OUT_DIR/repo.rs, which src/lib.rs includes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use avro_build::{CompatibilityMode, Config};

fn main() {
    let root = Path::new("schemas");
    // The whole tree, so that new directories and files are picked up.
    println!("cargo:rerun-if-changed={}", root.display());

    let mut current = Vec::new();
    let mut histories = Vec::new();
    for dir in sorted(root, |p| p.is_dir()) {
        let files = sorted(&dir, |p| p.extension().is_some_and(|e| e == "avsc"));
        if files.is_empty() {
            continue;
        }
        if files.iter().all(|f| version_number(f).is_some()) {
            histories.push((dir, files));
        } else {
            current.push(dir);
        }
    }

    let mut config = Config::new();
    for (dir, _) in &histories {
        config.version_dir(dir);
    }
    config
        .require_compatibility(CompatibilityMode::BackwardTransitive)
        .file_name("avro_types.rs")
        .compile(&current)
        .unwrap_or_else(|e| panic!("{e}"));

    let mut repo = String::from(
        "include!(concat!(env!(\"OUT_DIR\"), \"/avro_types.rs\"));\n\n\
         /// Earlier versions of the versioned types, each on its own (what producers built from an\n\
         /// older release of the repository write).\n\
         pub mod legacy {\n",
    );
    for (dir, files) in &histories {
        let area = dir.file_name().unwrap().to_string_lossy().replace('-', "_");
        let mut files = files.clone();
        files.sort_by_key(|f| version_number(f));
        for file in &files[..files.len() - 1] {
            let module = format!("{area}_v{}", version_number(file).unwrap());
            Config::new()
                .file_name(format!("legacy_{module}.rs"))
                .compile(&[file])
                .unwrap_or_else(|e| panic!("{e}"));
            writeln!(
                repo,
                "    /// Generated from `{}` alone.\n    pub mod {module} {{\n        \
                 include!(concat!(env!(\"OUT_DIR\"), \"/legacy_{module}.rs\"));\n    }}",
                file.display()
            )
            .unwrap();
        }
    }
    repo.push_str("}\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("repo.rs");
    std::fs::write(out, repo).unwrap();
}

/// The entries of `dir` that pass `keep`, sorted by name.
fn sorted(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| keep(p))
        .collect();
    paths.sort();
    paths
}

/// `N` of a file named `v<N>.avsc`.
fn version_number(file: &Path) -> Option<u32> {
    file.file_stem()?.to_str()?.strip_prefix('v')?.parse().ok()
}
