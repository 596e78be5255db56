//! Schema evolution against fastavro: for every writer/reader pair in tests/fixtures/resolution
//! (made by scripts/make-resolution-fixtures.sh), the reader type generated with the writer as a
//! known earlier version decodes fastavro's writer bytes to exactly what fastavro read with the
//! reader schema. Pairs fastavro rejects are rejected by us too: at generation time for
//! structural incompatibilities, at decode time for data-dependent ones.

use std::collections::BTreeMap;

use avro_tests::generated::{writer_pair_errors, writer_pairs};
use avro_tests::{avro_json_to_value, hex_to_bytes, load_schema, parse_json_exact, repo_path};

struct Pair {
    name: String,
    outcome: String,
    datums: Vec<(Vec<u8>, Option<serde_json::Value>)>,
}

fn fixture_pairs() -> Vec<Pair> {
    let index = std::fs::read_to_string(repo_path("tests/fixtures/resolution/index.tsv")).unwrap();
    index
        .lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let dir = repo_path(&format!("tests/fixtures/resolution/{}", cols[0]));
            let data = std::fs::read_to_string(dir.join("data.jsonl")).unwrap();
            let datums = data
                .lines()
                .map(|l| {
                    let v = parse_json_exact(l).unwrap();
                    (
                        hex_to_bytes(v["hex"].as_str().unwrap()).unwrap(),
                        v.get("reader").cloned(),
                    )
                })
                .collect();
            Pair {
                name: cols[0].to_string(),
                outcome: cols[3].to_string(),
                datums,
            }
        })
        .collect()
}

/// Whether a schema file's top level is a record or enum (histories are for named types).
fn named_root(path: &str) -> bool {
    let text = std::fs::read_to_string(repo_path(path)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    matches!(
        json.get("type").and_then(|t| t.as_str()),
        Some("record" | "enum" | "error")
    )
}

#[test]
fn specialised_decoders_read_every_writer_like_fastavro() {
    let codecs: BTreeMap<&str, _> = writer_pairs().into_iter().map(|c| (c.pair, c)).collect();
    let errors: BTreeMap<&str, &str> = writer_pair_errors().into_iter().collect();
    let mut checked_pairs = 0;
    let mut datums = 0;
    for pair in fixture_pairs() {
        let reader_path = format!("tests/fixtures/resolution/{}/reader.avsc", pair.name);
        match (pair.outcome.as_str(), codecs.get(pair.name.as_str())) {
            ("ok", Some(codec)) => {
                let (reader_schema, _) = load_schema(&reader_path, &[]).unwrap();
                for (i, (bytes, expected)) in pair.datums.iter().enumerate() {
                    let decoded = (codec.decode)(bytes)
                        .unwrap_or_else(|e| panic!("{} datum {i}: {e}", pair.name));
                    let expected =
                        avro_json_to_value(&reader_schema, expected.as_ref().unwrap()).unwrap();
                    assert_eq!(decoded.value, expected, "{} datum {i}", pair.name);
                    datums += 1;
                }
                checked_pairs += 1;
            }
            ("ok", None) => {
                // Not a record at the top level: only the runtime resolver reads it. A pair
                // that should work must not have failed to generate.
                assert!(
                    !errors.contains_key(pair.name.as_str()),
                    "{}: generation failed: {}",
                    pair.name,
                    errors[pair.name.as_str()]
                );
            }
            (_, Some(codec)) => {
                // Data-dependent incompatibility: the plan exists, the data must fail.
                let failed = pair
                    .datums
                    .iter()
                    .filter(|(b, _)| (codec.decode)(b).is_err())
                    .count();
                assert!(
                    failed > 0,
                    "{}: fastavro rejects this data, we read all of it",
                    pair.name
                );
                checked_pairs += 1;
            }
            (_, None) if !named_root(&reader_path) => {
                // Only the runtime resolver reads non-named schemas (tested with it).
            }
            (_, None) => {
                let message = errors.get(pair.name.as_str()).unwrap_or_else(|| {
                    panic!(
                        "{}: fastavro rejects this pair, but generation did not fail",
                        pair.name
                    )
                });
                assert!(
                    message.contains("cannot read data written with"),
                    "{}: {message}",
                    pair.name
                );
                checked_pairs += 1;
            }
        }
    }
    assert!(checked_pairs >= 30, "only {checked_pairs} pairs checked");
    eprintln!("{checked_pairs} writer/reader pairs, {datums} datums");
}

/// The run-time path (feature `resolve`) on the same pairs: a resolution plan built from the
/// writer schema JSON at run time. Records are decoded into the generated reader type; pairs
/// whose reader is not a named type are transcoded and read back by apache-avro.
#[test]
fn runtime_resolution_reads_every_writer_like_fastavro() {
    use avro_runtime::resolve::Transcoder;
    let codecs: BTreeMap<&str, _> = writer_pairs().into_iter().map(|c| (c.pair, c)).collect();
    let mut checked_pairs = 0;
    let mut datums = 0;
    for pair in fixture_pairs() {
        let dir = format!("tests/fixtures/resolution/{}", pair.name);
        let writer_json =
            std::fs::read_to_string(repo_path(&format!("{dir}/writer.avsc"))).unwrap();
        let reader_json =
            std::fs::read_to_string(repo_path(&format!("{dir}/reader.avsc"))).unwrap();
        let (reader_schema, _) = load_schema(&format!("{dir}/reader.avsc"), &[]).unwrap();
        // Decode one datum: Ok(value as apache-avro sees it) or the error message.
        let decode = |bytes: &[u8]| -> Result<apache_avro::types::Value, String> {
            match codecs.get(pair.name.as_str()) {
                Some(codec) => (codec.runtime)(&writer_json, bytes)
                    .map(|d| d.value)
                    .map_err(|e| e.to_string()),
                None => {
                    let transcoder =
                        Transcoder::new(&writer_json, &reader_json).map_err(|e| e.to_string())?;
                    let mut out = Vec::new();
                    transcoder
                        .transcode(bytes, &mut out)
                        .map_err(|e| e.to_string())?;
                    avro_tests::apache_decode(&reader_schema, &[], &out)
                }
            }
        };
        if pair.outcome == "ok" {
            for (i, (bytes, expected)) in pair.datums.iter().enumerate() {
                let value =
                    decode(bytes).unwrap_or_else(|e| panic!("{} datum {i}: {e}", pair.name));
                let expected =
                    avro_json_to_value(&reader_schema, expected.as_ref().unwrap()).unwrap();
                assert_eq!(value, expected, "{} datum {i}", pair.name);
                datums += 1;
            }
        } else {
            // fastavro rejects the pair (or these datums): so must we, with a message.
            for (i, (bytes, _)) in pair.datums.iter().enumerate() {
                let err = decode(bytes).expect_err(&format!(
                    "{} datum {i}: fastavro rejects it, we read it",
                    pair.name
                ));
                assert!(!err.is_empty());
            }
        }
        checked_pairs += 1;
    }
    assert!(checked_pairs >= 30, "only {checked_pairs} pairs checked");
    eprintln!("runtime path: {checked_pairs} writer/reader pairs, {datums} datums");
}
