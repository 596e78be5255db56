//! Paths, fixture files and schema files.

use crate::comments::strip_json_comments;
use apache_avro::Schema;
use std::path::{Path, PathBuf};

/// A path relative to the workspace root (the folder holding the workspace `Cargo.toml`),
/// found through this crate's `CARGO_MANIFEST_DIR`, so it works from any working directory.
///
/// ```
/// assert!(avro_tests::repo_path("tests/fixtures/index.tsv").is_file());
/// ```
pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives inside the workspace")
        .join(rel)
}

/// Lowercase or uppercase hex → bytes. The empty string is zero bytes.
pub fn hex_to_bytes(hex: &str) -> Result<Vec<u8>, String> {
    if !hex.len().is_multiple_of(2) {
        return Err(format!("odd number of hex digits ({})", hex.len()));
    }
    hex.as_bytes()
        .chunks(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).map_err(|e| e.to_string())?;
            u8::from_str_radix(s, 16).map_err(|_| format!("bad hex digits {s:?}"))
        })
        .collect()
}

/// Bytes → lowercase hex (the fixtures' format).
pub fn bytes_to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The datums of `tests/fixtures/<name>.jsonl` (`name` may also end in `.jsonl`), in file
/// order: each the oracle's binary encoding and the datum in Avro JSON (see
/// [`avro_json_to_value`](crate::avro_json_to_value)). JSON objects keep their key order
/// (serde_json `preserve_order`), which is the order the map entries were written in.
///
/// Panics with the file and line on a missing file or a malformed line.
///
/// ```
/// let data = avro_tests::fixtures("project__all-types.avsc");
/// assert_eq!(data.len(), 300);
/// ```
pub fn fixtures(name: &str) -> Vec<(Vec<u8>, serde_json::Value)> {
    let file = if name.ends_with(".jsonl") {
        name.to_owned()
    } else {
        format!("{name}.jsonl")
    };
    let path = repo_path(&format!("tests/fixtures/{file}"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, line)| {
            let at = || format!("{}:{}", path.display(), n + 1);
            let mut obj =
                parse_json_exact(line).unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", at()));
            let hex = obj
                .get("hex")
                .and_then(|h| h.as_str())
                .unwrap_or_else(|| panic!("{}: no \"hex\" string", at()));
            let bytes = hex_to_bytes(hex).unwrap_or_else(|e| panic!("{}: {e}", at()));
            let datum = obj
                .get_mut("datum")
                .unwrap_or_else(|| panic!("{}: no \"datum\"", at()))
                .take();
            (bytes, datum)
        })
        .collect()
}

/// Parses JSON text like `serde_json::from_str`, but with **correctly rounded floats**.
///
/// Without serde_json's `float_roundtrip` feature, `serde_json::from_str` may be off by one ulp
/// (e.g. `1.8941919725764837e-7` parses as `...835e-7`), which changes the encoded bytes of a
/// double. This re-parses every number with a fraction or exponent using Rust's exact
/// `str::parse::<f64>`. Needs serde_json's `preserve_order` (so objects keep document order);
/// fails on duplicate object keys. Use it for any Avro JSON holding floats.
///
/// ```
/// let v = avro_tests::parse_json_exact("[1.8941919725764837e-7, 5]").unwrap();
/// assert_eq!(v[0].as_f64(), Some(1.8941919725764837e-7));
/// assert_eq!(v[1].as_i64(), Some(5));
/// ```
pub fn parse_json_exact(text: &str) -> Result<serde_json::Value, String> {
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let tokens = number_tokens(text);
    let mut it = tokens.into_iter();
    fix_numbers(&mut value, &mut it)?;
    if it.next().is_some() {
        return Err("more numbers in the text than in the value (duplicate keys?)".into());
    }
    Ok(value)
}

/// Number tokens outside strings, in document order.
fn number_tokens(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut in_string) = (0, false);
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
        } else if b == b'"' {
            in_string = true;
            i += 1;
        } else if b == b'-' || b.is_ascii_digit() {
            let start = i;
            while i < bytes.len()
                && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
            {
                i += 1;
            }
            out.push(&text[start..i]);
        } else {
            i += 1;
        }
    }
    out
}

fn fix_numbers<'t>(
    v: &mut serde_json::Value,
    tokens: &mut impl Iterator<Item = &'t str>,
) -> Result<(), String> {
    match v {
        serde_json::Value::Number(n) => {
            let tok = tokens
                .next()
                .ok_or("fewer numbers in the text than in the value")?;
            if tok.contains(['.', 'e', 'E']) {
                let exact: f64 = tok.parse().map_err(|e| format!("number {tok}: {e}"))?;
                let approx = n.as_f64().unwrap_or(f64::NAN);
                // guards against walking the value in another order than the text
                if (exact - approx).abs() > exact.abs() * 1e-12 {
                    return Err(format!(
                        "number order mismatch at {tok} (is preserve_order on?)"
                    ));
                }
                *n = serde_json::Number::from_f64(exact).ok_or("non-finite number")?;
            } else if tok != n.to_string() {
                return Err(format!(
                    "number order mismatch at {tok} (is preserve_order on?)"
                ));
            }
        }
        serde_json::Value::Array(items) => {
            for x in items {
                fix_numbers(x, tokens)?;
            }
        }
        serde_json::Value::Object(map) => {
            for x in map.values_mut() {
                fix_numbers(x, tokens)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// One line of `tests/fixtures/index.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixtureEntry {
    /// Fixture name without `.jsonl`, as [`fixtures`] takes it.
    pub name: String,
    /// Schema file, relative to the workspace root (see [`repo_path`]).
    pub schema: String,
    /// Schema files defining named types that `schema` references (often empty).
    pub includes: Vec<String>,
    /// Number of datums in the fixture.
    pub datums: usize,
}

impl FixtureEntry {
    /// Parses the schema (with its includes) like [`load_schema`].
    pub fn load_schema(&self) -> Result<(Schema, Vec<Schema>), String> {
        let includes: Vec<&str> = self.includes.iter().map(String::as_str).collect();
        load_schema(&self.schema, &includes)
    }

    /// The fixture's datums (see [`fixtures`]).
    pub fn datums(&self) -> Vec<(Vec<u8>, serde_json::Value)> {
        fixtures(&self.name)
    }
}

/// Every fixture listed in `tests/fixtures/index.tsv`, in file order.
///
/// ```
/// let index = avro_tests::fixture_index();
/// let all = index.iter().find(|e| e.name == "project__all-types.avsc").unwrap();
/// assert_eq!(all.schema, "tests/data/project/all-types.avsc");
/// ```
pub fn fixture_index() -> Vec<FixtureEntry> {
    let path = repo_path("tests/fixtures/index.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .skip(1) // header
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert!(cols.len() == 4, "{}: bad line {line:?}", path.display());
            FixtureEntry {
                name: cols[0].trim_end_matches(".jsonl").to_owned(),
                schema: cols[1].to_owned(),
                includes: cols[2].split_whitespace().map(str::to_owned).collect(),
                datums: cols[3].parse().expect("datum count"),
            }
        })
        .collect()
}

/// The text of a schema file (path relative to the workspace root) with `//` and `/* */`
/// comments removed.
pub fn read_schema_text(rel: &str) -> String {
    let path = repo_path(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    strip_json_comments(&text)
}

/// Parses a schema file with apache-avro (comments removed), together with files defining
/// named types it references. Returns the schema and the parsed includes; pass
/// `includes.iter().collect::<Vec<_>>()` to the `*_with` / `*_schemata` functions.
pub fn load_schema(rel: &str, includes: &[&str]) -> Result<(Schema, Vec<Schema>), String> {
    let text = read_schema_text(rel);
    if includes.is_empty() {
        return Schema::parse_str(&text)
            .map(|s| (s, Vec::new()))
            .map_err(|e| format!("{rel}: {e}"));
    }
    let deps: Vec<String> = includes.iter().map(|p| read_schema_text(p)).collect();
    Schema::parse_str_with_list(&text, &deps).map_err(|e| format!("{rel}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        assert_eq!(hex_to_bytes(""), Ok(vec![]));
        assert_eq!(hex_to_bytes("00ff7F"), Ok(vec![0, 255, 127]));
        assert!(hex_to_bytes("0").is_err());
        assert!(hex_to_bytes("zz").is_err());
        assert_eq!(bytes_to_hex(&[0, 255, 127]), "00ff7f");
    }

    #[test]
    fn exact_float_parsing() {
        let text = r#"{"a": 1.8941919725764837e-7, "s": "-1.5e3 \" 2.5 \\", "t": 3.5, "b": [-0.0, 5e-324, 1E2, -7], "c": {"x": 0.1}}"#;
        let v = parse_json_exact(text).unwrap();
        assert_eq!(v["a"].as_f64(), Some(1.8941919725764837e-7));
        assert_eq!(v["s"], "-1.5e3 \" 2.5 \\");
        assert_eq!(v["t"].as_f64(), Some(3.5));
        assert!(v["b"][0].as_f64().unwrap().is_sign_negative());
        assert_eq!(v["b"][1].as_f64(), Some(5e-324));
        assert_eq!(v["b"][2].as_f64(), Some(100.0));
        assert_eq!(v["b"][3].as_i64(), Some(-7));
        assert_eq!(v["c"]["x"].as_f64(), Some(0.1));
        assert!(parse_json_exact(r#"{"a": 1.5, "a": 2.5}"#).is_err());
        assert!(parse_json_exact("[1,").is_err());
    }

    #[test]
    fn repo_path_points_at_the_workspace() {
        assert!(repo_path("Cargo.toml").is_file());
        assert!(repo_path("tests/data/project/all-types.avsc").is_file());
    }

    #[test]
    fn index_matches_the_fixture_files() {
        let index = fixture_index();
        assert!(index.len() >= 50, "only {} fixtures", index.len());
        let mut listed: Vec<String> = index.iter().map(|e| format!("{}.jsonl", e.name)).collect();
        listed.sort();
        let mut on_disk: Vec<String> = std::fs::read_dir(repo_path("tests/fixtures"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".jsonl"))
            .collect();
        on_disk.sort();
        assert_eq!(listed, on_disk);
        for e in &index {
            assert!(repo_path(&e.schema).is_file(), "{}", e.schema);
            for i in &e.includes {
                assert!(repo_path(i).is_file(), "{i}");
            }
            assert_eq!(e.datums().len(), e.datums, "{}", e.name);
        }
        let main = ["project__all-types.avsc", "apache__schemas__interop.avsc"];
        for m in main {
            assert_eq!(
                index.iter().find(|e| e.name == m).unwrap().datums,
                300,
                "{m}"
            );
        }
    }

    #[test]
    fn fixtures_keep_map_order() {
        // all-types has maps; the JSON key order must survive loading (preserve_order).
        let data = fixtures("project__all-types.avsc.jsonl");
        // With random keys, some map with several entries is not in sorted order.
        let any_unsorted = data
            .iter()
            .filter_map(|(_, d)| d["f_map"].as_object())
            .any(|m| {
                let keys: Vec<&String> = m.keys().collect();
                let mut sorted = keys.clone();
                sorted.sort();
                keys != sorted
            });
        assert!(
            any_unsorted,
            "map keys look sorted: is serde_json's preserve_order on?"
        );
    }
}
