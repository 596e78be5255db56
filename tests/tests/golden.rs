//! Golden files: the code `avro_build::Config::generate` produces for a few representative
//! schemas, compared as text with `tests/golden/<name>.rs` (see `tests/golden/README.md`).
//! Every change to generated code shows up in review as a diff of these files.
//!
//! Update them with `UPDATE_GOLDEN=1 cargo test -p avro-tests --test golden`.

use std::path::Path;

use avro_build::{Config, DateTimeMapping, DecimalMapping, MapType, UuidMapping};
use avro_tests::repo_path;

/// A golden file: its name in `tests/golden/`, the inputs (relative to the workspace root; files
/// or directories, as given to `Config::generate`) and the configuration.
struct Golden {
    name: &'static str,
    inputs: &'static [&'static str],
    config: fn() -> Config,
}

fn chrono() -> Config {
    let mut config = Config::new();
    config
        .date_time(DateTimeMapping::Chrono)
        .uuid(UuidMapping::Uuid)
        .decimal(DecimalMapping::RustDecimal)
        .map_type(MapType::BTreeMap);
    config
}

/// The chrono mappings plus the Avro JSON encoding: shows the JSON code of every shape, with the
/// logical types going through their mapped crates.
fn chrono_json() -> Config {
    let mut config = chrono();
    config.avro_json(true);
    config
}

const GOLDENS: &[Golden] = &[
    Golden {
        name: "bench_event_a",
        inputs: &["schemas/bench/event_a.avsc"],
        config: Config::new,
    },
    Golden {
        name: "bench_batch_b",
        inputs: &["schemas/bench/batch_b.avsc"],
        config: Config::new,
    },
    Golden {
        name: "bench_wide_c",
        inputs: &["schemas/bench/wide_c.avsc"],
        config: Config::new,
    },
    Golden {
        name: "all_types",
        inputs: &["tests/data/project/all-types.avsc"],
        config: Config::new,
    },
    Golden {
        name: "all_types_chrono",
        inputs: &["tests/data/project/all-types.avsc"],
        config: chrono,
    },
    Golden {
        name: "all_types_json",
        inputs: &["tests/data/project/all-types.avsc"],
        config: chrono_json,
    },
    Golden {
        name: "interop",
        inputs: &["tests/data/apache/schemas/interop.avsc"],
        config: Config::new,
    },
    Golden {
        name: "quickstart",
        inputs: &["schemas/quickstart"],
        config: Config::new,
    },
];

/// The generated code with the workspace root removed from the input paths in its header, so the
/// file does not depend on where the repository is checked out.
fn generate(golden: &Golden) -> String {
    let inputs: Vec<_> = golden.inputs.iter().map(|i| repo_path(i)).collect();
    let generated = (golden.config)()
        .generate(&inputs)
        .unwrap_or_else(|e| panic!("{}: generation failed: {e}", golden.name));
    let root = format!(
        "{}/",
        repo_path("").display().to_string().trim_end_matches('/')
    );
    let mut out = String::with_capacity(generated.code.len());
    let mut header = true;
    for line in generated.code.split_inclusive('\n') {
        header &= line.starts_with("//");
        if header {
            out.push_str(&line.replace(&root, "").replace('\\', "/"));
        } else {
            out.push_str(line);
        }
    }
    out
}

#[test]
fn generated_code_matches_the_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v != "0");
    let dir = repo_path("tests/golden");
    let mut problems = Vec::new();
    for golden in GOLDENS {
        let code = generate(golden);
        let path = dir.join(format!("{}.rs", golden.name));
        let shown = Path::new("tests/golden").join(format!("{}.rs", golden.name));
        if update {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(code.as_str()) {
                std::fs::write(&path, &code).unwrap();
                eprintln!("updated {}", shown.display());
            }
            continue;
        }
        match std::fs::read_to_string(&path) {
            Err(e) => problems.push(format!("{}: {e}", shown.display())),
            Ok(expected) if expected != code => {
                let (n, (want, got)) = expected
                    .lines()
                    .chain(std::iter::repeat("<end of file>"))
                    .zip(code.lines().chain(std::iter::repeat("<end of file>")))
                    .enumerate()
                    .find(|(_, (a, b))| a != b)
                    .expect("texts differ");
                problems.push(format!(
                    "{}:{}: differs from the generated code\n  golden:    {want}\n  generated: {got}",
                    shown.display(),
                    n + 1
                ));
            }
            Ok(_) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nIf the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff.",
        problems.join("\n")
    );
    every_golden_file_is_listed_and_compiled();
}

/// Every golden file is listed in `GOLDENS` and compiled by `tests/ui/pass/goldens.rs` (see
/// `ui.rs`), and nothing else is in `tests/golden/`.
fn every_golden_file_is_listed_and_compiled() {
    let mut on_disk: Vec<String> = std::fs::read_dir(repo_path("tests/golden"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".rs"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = GOLDENS.iter().map(|g| format!("{}.rs", g.name)).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "tests/golden/*.rs and GOLDENS differ");
    let compile = std::fs::read_to_string(repo_path("tests/ui/pass/goldens.rs")).unwrap();
    for name in &listed {
        assert!(
            compile.contains(&format!("include!(\"../../golden/{name}\")")),
            "tests/ui/pass/goldens.rs does not include {name}"
        );
    }
}
