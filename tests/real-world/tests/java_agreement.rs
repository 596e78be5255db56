//! The real-world corpus (`tests/data/real-world/`: 152 `.avsc` files from 20 public
//! repositories, see its README) against Apache Avro for Java, the reference implementation.
//!
//! Every file is one compilation unit, compiled after the files it `includes` (INDEX.tsv). Java's
//! answers for every unit were recorded by `scripts/make-real-world-fixtures.sh` in
//! `tests/fixtures/real-world/java.jsonl` (Avro 1.8.2's `Schema.Parser`; the test needs no Java).
//!
//! * our verdict (accept / reject) is Java's, except for the differences listed with their reason
//!   in `tests/data/real-world/java-differences.tsv` (data, not code: a listed difference that no
//!   longer occurs fails the test too);
//! * for every unit both accept, our Parsing Canonical Form and CRC-64-AVRO fingerprint of the
//!   file's top-level schema are Java's;
//! * every unit we reject says where: each error's JSON path leads to a value of its file (the
//!   empty path is the document itself), or, for a file that is not JSON, the error names the
//!   line and column;
//! * every unit we accept generates code (`Config::generate`) that `syn` parses as a Rust file.
//!   (`tests/real-world-codegen` compiles all of it under `#![deny(warnings)]` and round-trips
//!   fastavro's datums.)

use std::collections::BTreeMap;
use std::path::PathBuf;

use avro_build::canonical::canonical_form;
use avro_build::fingerprint::rabin;
use avro_build::validate::{validate, SourceFile, Validated};
use avro_build::Config;
use avro_tests::{parse_json_exact, repo_path};

/// The corpus, relative to the workspace root.
const CORPUS: &str = "tests/data/real-world";

/// One compilation unit of INDEX.tsv.
struct Unit {
    /// The file, relative to [`CORPUS`].
    file: String,
    /// Files defining named types it uses (relative to [`CORPUS`]), compiled before it.
    includes: Vec<String>,
}

impl Unit {
    /// All files of the unit, the unit's own file last, as workspace-relative paths.
    fn paths(&self) -> Vec<String> {
        self.includes
            .iter()
            .chain(std::iter::once(&self.file))
            .map(|f| format!("{CORPUS}/{f}"))
            .collect()
    }

    /// Our front-end's verdict on the unit.
    fn validate(&self) -> Validated {
        let sources: Vec<SourceFile> = self
            .paths()
            .iter()
            .map(|rel| SourceFile {
                path: PathBuf::from(rel),
                text: std::fs::read_to_string(repo_path(rel))
                    .unwrap_or_else(|e| panic!("cannot read {rel}: {e}")),
            })
            .collect();
        validate(&sources)
    }
}

fn units() -> Vec<Unit> {
    let index = std::fs::read_to_string(repo_path(&format!("{CORPUS}/INDEX.tsv"))).unwrap();
    index
        .lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 8, "INDEX.tsv: {line}");
            Unit {
                file: cols[0].to_string(),
                includes: cols[7].split_whitespace().map(str::to_string).collect(),
            }
        })
        .collect()
}

/// Java's answer for one unit.
struct JavaVerdict {
    /// `Some((canonical form, fingerprint as 16 hex digits))` when Java accepts the unit.
    accepted: Option<(String, String)>,
    /// Java's error when it rejects the unit.
    error: String,
}

fn java_verdicts() -> BTreeMap<String, JavaVerdict> {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/real-world/java.jsonl")).unwrap();
    text.lines()
        .map(|line| {
            let v = parse_json_exact(line).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            let accepted = match v["verdict"].as_str() {
                Some("accept") => Some((s("canonical"), s("rabin"))),
                Some("reject") => None,
                other => panic!("java.jsonl: unknown verdict {other:?} in {line}"),
            };
            (
                s("file"),
                JavaVerdict {
                    accepted,
                    error: s("error"),
                },
            )
        })
        .collect()
}

/// One listed difference from Java: (Java's verdict, ours, the reason).
fn listed_differences() -> BTreeMap<String, (String, String, String)> {
    let text =
        std::fs::read_to_string(repo_path(&format!("{CORPUS}/java-differences.tsv"))).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 4, "java-differences.tsv: {line}");
            assert!(
                !cols[3].trim().is_empty(),
                "java-differences.tsv: no reason given for {}",
                cols[0]
            );
            (
                cols[0].to_string(),
                (
                    cols[1].to_string(),
                    cols[2].to_string(),
                    cols[3].to_string(),
                ),
            )
        })
        .collect()
}

fn verdict(accepted: bool) -> &'static str {
    if accepted {
        "accept"
    } else {
        "reject"
    }
}

/// The first error of a unit we reject, for messages.
fn first_error(validated: &Validated) -> String {
    validated
        .errors()
        .next()
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn every_unit_has_a_java_verdict() {
    let java = java_verdicts();
    let units = units();
    assert!(units.len() >= 150, "the corpus has {} files", units.len());
    let missing: Vec<&str> = units
        .iter()
        .map(|u| u.file.as_str())
        .filter(|f| !java.contains_key(*f))
        .collect();
    assert!(
        missing.is_empty(),
        "units without a Java verdict (rerun scripts/make-real-world-fixtures.sh): {missing:?}"
    );
}

#[test]
fn verdicts_agree_with_java_except_listed_differences() {
    let java = java_verdicts();
    let listed = listed_differences();
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for unit in units() {
        let Some(java) = java.get(&unit.file) else {
            continue;
        };
        let validated = unit.validate();
        let (ours, theirs) = (validated.set.is_some(), java.accepted.is_some());
        match listed.get(&unit.file) {
            Some((j, o, _)) => {
                seen.push(unit.file.clone());
                if (j.as_str(), o.as_str()) != (verdict(theirs), verdict(ours)) {
                    problems.push(format!(
                        "{}: listed as Java {j} / ours {o}, but Java {} / ours {}{}",
                        unit.file,
                        verdict(theirs),
                        verdict(ours),
                        if ours {
                            String::new()
                        } else {
                            format!(": {}", first_error(&validated))
                        }
                    ));
                }
            }
            None if ours != theirs => problems.push(if ours {
                format!(
                    "{}: Java rejects it ({}), we accept it",
                    unit.file, java.error
                )
            } else {
                format!(
                    "{}: Java accepts it, we reject it: {}",
                    unit.file,
                    first_error(&validated)
                )
            }),
            None => {}
        }
    }
    for file in listed.keys() {
        if !seen.contains(file) {
            problems.push(format!(
                "{file}: listed in java-differences.tsv but not in INDEX.tsv"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreement(s) with Java not explained in tests/data/real-world/java-differences.tsv:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn canonical_forms_and_fingerprints_equal_javas() {
    let java = java_verdicts();
    let mut compared = 0;
    let mut problems = Vec::new();
    for unit in units() {
        let Some(Some((java_canonical, java_rabin))) = java.get(&unit.file).map(|j| &j.accepted)
        else {
            continue;
        };
        let Some(set) = unit.validate().set else {
            continue; // a disagreement on the verdict, reported by the test above
        };
        let root = set.roots.last().expect("one root per file");
        let canonical = canonical_form(&set, &root.schema);
        let fingerprint = format!("{:016x}", rabin(canonical.as_bytes()));
        if &canonical != java_canonical {
            problems.push(format!(
                "{}: canonical form\n    ours: {canonical}\n    Java: {java_canonical}",
                unit.file
            ));
        } else if &fingerprint != java_rabin {
            problems.push(format!(
                "{}: CRC-64-AVRO ours {fingerprint}, Java {java_rabin}",
                unit.file
            ));
        }
        compared += 1;
    }
    assert!(
        problems.is_empty(),
        "{} of {compared} schemas differ from Java:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
    assert!(compared >= 130, "only {compared} schemas compared");
}

/// The JSON value at `path` (`fields[3].type`, `[1].name`; empty for the document itself) in
/// `doc`, if the path leads somewhere. Keys may themselves contain dots (`avro.java.string`).
fn json_at<'a>(doc: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let mut value = doc;
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']')?;
            value = value.get(after[..end].parse::<usize>().ok()?)?;
            rest = &after[end + 1..];
        } else {
            let rest_key = rest.strip_prefix('.').unwrap_or(rest);
            let object = value.as_object()?;
            // The longest key of this object that the path starts with.
            let key = object
                .keys()
                .filter(|k| {
                    rest_key.starts_with(k.as_str())
                        && matches!(rest_key[k.len()..].chars().next(), None | Some('.' | '['))
                })
                .max_by_key(|k| k.len())?;
            value = &object[key];
            rest = &rest_key[key.len()..];
        }
    }
    Some(value)
}

#[test]
fn rejected_units_say_where() {
    let mut problems = Vec::new();
    let mut rejected = 0;
    for unit in units() {
        let validated = unit.validate();
        if validated.set.is_some() {
            continue;
        }
        rejected += 1;
        if validated.errors().next().is_none() {
            problems.push(format!("{}: rejected without an error", unit.file));
        }
        for error in validated.errors() {
            let text = std::fs::read_to_string(repo_path(&error.file.to_string_lossy())).unwrap();
            // A file that is not JSON has no JSON path: the error must give line and column.
            let Ok(doc) =
                serde_json::from_str::<serde_json::Value>(&avro_tests::strip_json_comments(&text))
            else {
                let syntax_position = error.json_path.is_empty()
                    && error.message.starts_with("not valid JSON")
                    && error.message.contains("line ")
                    && error.message.contains("column ");
                if !syntax_position {
                    problems.push(format!(
                        "{}: a syntax error without line and column: {error}",
                        unit.file
                    ));
                }
                continue;
            };
            // Otherwise the JSON path must lead to a value of the file (the empty path is the
            // document itself, for an error about the top-level schema).
            if json_at(&doc, &error.json_path).is_none() {
                problems.push(format!(
                    "{}: the JSON path `{}` leads nowhere in {}: {error}",
                    unit.file,
                    error.json_path,
                    error.file.display()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "errors that do not say where:\n  {}",
        problems.join("\n  ")
    );
    assert!(
        rejected > 0,
        "the corpus has invalid files; none was rejected"
    );
}

#[test]
fn json_paths_resolve_like_the_front_end_spells_them() {
    let doc: serde_json::Value = serde_json::from_str(
        r#"{"fields": [{"name": "a", "type": ["null", {"type": "string", "avro.java.string": "String"}]}]}"#,
    )
    .unwrap();
    assert_eq!(json_at(&doc, ""), Some(&doc));
    assert_eq!(
        json_at(&doc, "fields[0].type[1].avro.java.string"),
        Some(&serde_json::json!("String"))
    );
    assert_eq!(
        json_at(&doc, "fields[0].name"),
        Some(&serde_json::json!("a"))
    );
    assert_eq!(json_at(&doc, "fields[1]"), None);
    assert_eq!(json_at(&doc, "fields[0].default"), None);
    assert_eq!(json_at(&doc, "[0]"), None);
}

#[test]
fn accepted_units_generate_code_that_parses() {
    let mut problems = Vec::new();
    let mut generated = 0;
    for unit in units() {
        if unit.validate().set.is_none() {
            continue;
        }
        let paths: Vec<PathBuf> = unit.paths().iter().map(|p| repo_path(p)).collect();
        match Config::new().generate(&paths) {
            Ok(code) => {
                if let Err(e) = syn::parse_file(&code.code) {
                    problems.push(format!("{}: generated code does not parse: {e}", unit.file));
                }
                generated += 1;
            }
            Err(e) => problems.push(format!("{}: validated, but not generated: {e}", unit.file)),
        }
    }
    assert!(
        problems.is_empty(),
        "{} unit(s) accepted but not generated:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
    assert!(generated >= 130, "only {generated} units generated");
}
