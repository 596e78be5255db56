//! fastavro's datums of the real-world corpus (`tests/fixtures/real-world/datums/`, 20 random
//! datums of each file's top-level schema, made by `scripts/make-real-world-fixtures.sh`),
//! decoded with the generated type of the file's top-level schema and encoded again: the bytes
//! must be fastavro's, byte for byte (maps keep the writer's entry order: `MapType::IndexMap`,
//! see `build.rs`).

use std::collections::BTreeMap;

use avro_real_world_codegen_tests::{GENERATED, NOT_GENERATED};
use avro_tests::{hex_to_bytes, parse_json_exact, repo_path};

/// The datum fixtures, relative to the workspace root.
const DATUMS: &str = "tests/fixtures/real-world/datums";

/// One datum file of `datums/index.tsv`.
struct DatumFile {
    /// The datum file, relative to [`DATUMS`].
    datums: String,
    /// The schema file, relative to `tests/data/real-world`.
    file: String,
}

impl DatumFile {
    /// (binary encoding by fastavro, line number) of every datum.
    fn datums(&self) -> Vec<(Vec<u8>, usize)> {
        let path = repo_path(&format!("{DATUMS}/{}", self.datums));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        text.lines()
            .enumerate()
            .map(|(i, line)| {
                let v = parse_json_exact(line).unwrap();
                (hex_to_bytes(v["hex"].as_str().unwrap()).unwrap(), i + 1)
            })
            .collect()
    }
}

fn datum_files() -> Vec<DatumFile> {
    let index = std::fs::read_to_string(repo_path(&format!("{DATUMS}/index.tsv"))).unwrap();
    index
        .lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            DatumFile {
                datums: cols[0].to_string(),
                file: cols[1].to_string(),
            }
        })
        .collect()
}

/// What a run over every datum found.
#[derive(Default)]
struct Outcome {
    datums: usize,
    identical: usize,
    problems: Vec<String>,
}

/// Decodes and re-encodes every datum.
fn round_trip_all() -> Outcome {
    let mut outcome = Outcome::default();
    let not_generated: BTreeMap<&str, &str> = NOT_GENERATED.iter().copied().collect();
    for file in datum_files() {
        let Some(unit) = GENERATED.iter().find(|u| u.file == file.file) else {
            outcome.problems.push(format!(
                "{}: not generated: {}",
                file.file,
                not_generated
                    .get(file.file.as_str())
                    .unwrap_or(&"(not in INDEX.tsv)")
            ));
            continue;
        };
        let Some(reencode) = unit.reencode else {
            outcome.problems.push(format!(
                "{}: the top-level schema has no generated type to decode its datums with",
                file.file
            ));
            continue;
        };
        for (bytes, line) in file.datums() {
            outcome.datums += 1;
            let at = format!("{}:{line}", file.datums);
            let out = match reencode(&bytes) {
                Ok(out) => out,
                Err(e) => {
                    outcome.problems.push(format!("{at}: {e}"));
                    continue;
                }
            };
            if out == bytes {
                outcome.identical += 1;
                continue;
            }
            outcome.problems.push(format!(
                "{at}: re-encoded to other bytes\n    fastavro: {}\n    ours:     {}",
                avro_tests::bytes_to_hex(&bytes),
                avro_tests::bytes_to_hex(&out)
            ));
        }
    }
    outcome
}

fn assert_round_trips(outcome: &Outcome) {
    eprintln!(
        "{} datums: {} re-encoded byte for byte",
        outcome.datums, outcome.identical
    );
    assert!(
        outcome.problems.is_empty(),
        "{} problem(s):\n  {}",
        outcome.problems.len(),
        outcome.problems.join("\n  ")
    );
    assert!(
        outcome.datums >= 2500,
        "only {} datums were read",
        outcome.datums
    );
}

#[test]
fn every_datum_round_trips_byte_for_byte() {
    assert_round_trips(&round_trip_all());
}
