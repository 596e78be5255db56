// The repository's code generation, shared by build.rs and by the test that shows a schema change
// failing the build (tests/compatibility.rs), so both run exactly the same generator:
//
// * a directory of `.avsc` files holds current schemas (any names; files may reference each
//   other's types in any order);
// * a directory whose files are all `v<N>.avsc` is the version history of one type, oldest first:
//   the newest is its current schema, compiled with the others; the earlier ones become known
//   writers (decoders generated for them, chosen by fingerprint) and must stay readable under
//   REQUIRED_COMPATIBILITY, and each is also generated on its own under `legacy::<dir>_v<N>`, the
//   types a producer built from an older release of this repository still writes.
//
// Everything is written to OUT/repo.rs, which src/lib.rs includes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use avro_build::{CompatibilityMode, Config};

/// The compatibility every version history must keep: each new version reads the data of every
/// earlier one, not only of the previous one.
pub const REQUIRED_COMPATIBILITY: CompatibilityMode = CompatibilityMode::BackwardTransitive;

/// Generates the bindings of `schemas` into `out` (repo.rs and the files it includes), requiring
/// `mode` of every version history. Returns the message of the first failure.
pub fn generate(schemas: &Path, out: &Path, mode: CompatibilityMode) -> Result<(), String> {
    let mut current = Vec::new();
    let mut histories = Vec::new();
    for dir in sorted(schemas, |p| p.is_dir())? {
        let files = sorted(&dir, |p| p.extension().is_some_and(|e| e == "avsc"))?;
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
        .require_compatibility(mode)
        .out_dir(out)
        .file_name("avro_types.rs")
        .compile(&current)
        .map_err(|e| e.to_string())?;

    let mut repo = String::from(
        "include!(concat!(env!(\"OUT_DIR\"), \"/avro_types.rs\"));\n\n\
         /// Earlier versions of the versioned types, each on its own (what producers built from an\n\
         /// older release of the repository write).\n\
         pub mod legacy {\n",
    );
    for (dir, files) in &histories {
        let area = dir
            .file_name()
            .map(|n| n.to_string_lossy().replace('-', "_"))
            .unwrap_or_default();
        let mut files = files.clone();
        files.sort_by_key(|f| version_number(f));
        for file in &files[..files.len() - 1] {
            let version = version_number(file).unwrap_or_default();
            let module = format!("{area}_v{version}");
            Config::new()
                .out_dir(out)
                .file_name(format!("legacy_{module}.rs"))
                .compile(&[file])
                .map_err(|e| e.to_string())?;
            writeln!(
                repo,
                "    /// Generated from `{}` alone.\n    pub mod {module} {{\n        \
                 include!(concat!(env!(\"OUT_DIR\"), \"/legacy_{module}.rs\"));\n    }}",
                file.file_name().unwrap_or_default().to_string_lossy()
            )
            .map_err(|e| e.to_string())?;
        }
    }
    repo.push_str("}\n");
    std::fs::write(out.join("repo.rs"), repo).map_err(|e| e.to_string())
}

/// The entries of `dir` that pass `keep`, sorted by name.
fn sorted(dir: &Path, keep: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>, String> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if keep(&path) {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// `N` of a file named `v<N>.avsc`.
fn version_number(file: &Path) -> Option<u32> {
    file.file_stem()?.to_str()?.strip_prefix('v')?.parse().ok()
}
