//! The `avro` binary against independent implementations, on every committed data file:
//!
//! * `cat` of every container file under tests/data and tests/fixtures/containers equals what
//!   fastavro reads (tests/fixtures/containers, scripts/make-container-fixtures.sh) and what
//!   Java's DataFileReader reads (tests/fixtures/cli, scripts/make-cli-fixtures.sh);
//! * `decode` of every fixture datum equals fastavro's Avro JSON (tests/fixtures/json), `encode`
//!   of fastavro's JSON gives fastavro's bytes, and `decode --reader-schema` gives fastavro's
//!   schema resolution (tests/fixtures/resolution);
//! * `from-json` then `cat` gives the datums back, with every codec;
//! * `compat` gives Java's verdict on the 142 compatibility cases;
//! * `fingerprint` equals Java's on every schema file Java accepts, and Apache's
//!   schema-tests.txt;
//! * exit codes, JSON outputs and the one-line errors on bad input are pinned.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// Runs `avro` from the repository root with `args` and `stdin`.
fn avro(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_avro"))
        .args(args)
        .current_dir(repo(""))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the avro binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        // The command may exit before reading everything (an error): ignore a broken pipe.
        let _ = input.write_all(&bytes);
    });
    let output = child.wait_with_output().expect("the avro binary finishes");
    writer.join().expect("stdin writer");
    output
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts success and returns stdout.
fn ok(args: &[&str], stdin: &[u8]) -> String {
    let o = avro(args, stdin);
    assert!(
        o.status.success(),
        "avro {} failed ({}): {}",
        args.join(" "),
        o.status,
        stderr(&o)
    );
    stdout(&o)
}

/// Asserts the failure every error must give: exit status 1, an `error:` line on stderr (then
/// only indented detail lines, such as each incompatibility of a reader schema), no panic.
/// Returns stderr.
fn fails(args: &[&str], stdin: &[u8]) -> String {
    let o = avro(args, stdin);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "avro {}: expected exit status 1, got {} ({err})",
        args.join(" "),
        o.status
    );
    assert!(!err.contains("panicked"), "avro {}: {err}", args.join(" "));
    let mut lines = err.lines();
    assert!(
        lines.next().is_some_and(|l| l.starts_with("error: ")),
        "{err}"
    );
    assert!(
        lines.all(|l| l.starts_with("  ")),
        "avro {}: {err}",
        args.join(" ")
    );
    err
}

/// [`fails`], with nothing but the one `error:` line: what bad input gives.
fn fails_in_one_line(args: &[&str], stdin: &[u8]) -> String {
    let err = fails(args, stdin);
    assert_eq!(
        err.lines().count(),
        1,
        "avro {}: one error line: {err}",
        args.join(" ")
    );
    err.trim_end().to_owned()
}

fn json(line: &str) -> Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().map(json).collect()
}

/// Tab-separated rows after the header line.
fn tsv(rel: &str) -> Vec<Vec<String>> {
    read(rel)
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// `file` under tests/data or tests/ as a fixture name: the path with `/` replaced by `__`.
fn fixture_name(file: &str) -> String {
    let rel = file
        .strip_prefix("tests/data/")
        .or_else(|| file.strip_prefix("tests/"))
        .unwrap_or(file);
    rel.replace('/', "__")
}

// ---- container files -----------------------------------------------------------------------

/// Our `cat` of `file`: the records printed (as far as it got) and the error line, if any.
fn cat(file: &str) -> (Vec<Value>, Option<String>) {
    let o = avro(&["cat", file], b"");
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "avro cat {file}: {err}");
    let records = json_lines(&stdout(&o));
    if o.status.success() {
        assert!(err.is_empty(), "{err}");
        (records, None)
    } else {
        assert_eq!(o.status.code(), Some(1), "avro cat {file}: {err}");
        assert_eq!(err.lines().count(), 1, "avro cat {file}: {err}");
        (records, Some(err))
    }
}

#[test]
fn cat_equals_fastavro_on_every_container_file() {
    let rows = tsv("tests/fixtures/containers/index.tsv");
    assert!(rows.len() >= 40, "{} container files", rows.len());
    // The fastavro-written files hold the first 100 datums of the all-types fixture.
    let all_types: Vec<Value> = read("tests/fixtures/project__all-types.avsc.jsonl")
        .lines()
        .take(100)
        .map(|l| json(l)["datum"].clone())
        .collect();
    for row in rows {
        let (file, fastavro_error) = (&row[0], &row[3]);
        let expected_path = format!("tests/fixtures/containers/{}.jsonl", fixture_name(file));
        let expected = if file.starts_with("tests/fixtures/containers/fastavro-all-types-") {
            all_types.clone()
        } else if repo(&expected_path).exists() {
            json_lines(&read(&expected_path))
        } else {
            Vec::new()
        };
        let (ours, error) = cat(file);
        if fastavro_error.is_empty() {
            assert_eq!(error, None, "{file}: fastavro reads it whole");
            assert_eq!(ours.len(), expected.len(), "{file}");
            for (i, (a, b)) in ours.iter().zip(&expected).enumerate() {
                assert_eq!(a, b, "{file}, record {i}");
            }
        } else {
            // Both fail. We yield a block's records only once the whole block is read and checked
            // (container module docs), fastavro as it decodes them: ours are a prefix of its.
            assert!(
                error.is_some(),
                "{file}: fastavro fails ({fastavro_error}), we do not"
            );
            assert!(
                expected.starts_with(&ours),
                "{file}: our records are not a prefix of fastavro's"
            );
        }
    }
}

/// Whether two Avro JSON values are equal, numbers that Java wrote as 32-bit floats compared as
/// 32-bit floats (Java writes a `float` with `float` precision, we write the `double` it widens
/// to, as fastavro does).
fn same_as_java(ours: &Value, java: &Value) -> bool {
    match (ours, java) {
        (Value::Number(a), Value::Number(b)) => {
            a == b || (a.as_f64().map(|x| x as f32) == b.as_f64().map(|x| x as f32) && a.is_f64())
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_as_java(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, x)| b.get(k).is_some_and(|y| same_as_java(x, y)))
        }
        _ => ours == java,
    }
}

#[test]
fn cat_equals_java_on_every_container_file_java_reads() {
    let mut compared = 0;
    for row in tsv("tests/fixtures/cli/java-cat.tsv") {
        let (file, java_error) = (&row[0], &row[2]);
        if java_error.contains("Unrecognized codec: zstandard") {
            continue; // Java 1.8 has no zstandard codec.
        }
        let java = json_lines(&read(&format!(
            "tests/fixtures/cli/java-cat/{}.jsonl",
            fixture_name(file)
        )));
        let (ours, error) = cat(file);
        let equal = |a: &[Value], b: &[Value]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_as_java(x, y))
        };
        match (java_error.is_empty(), error) {
            (true, None) => assert!(equal(&ours, &java), "{file}: {ours:?}\n{java:?}"),
            // Java stops without an error where the file ends inside a block (it takes the cut
            // for the end of the file); we report the truncation, after the same records.
            (true, Some(e)) if file.ends_with("avro-1238-truncated.avro") => {
                assert!(e.contains("truncated"), "{e}");
                assert!(equal(&ours, &java), "{file}");
            }
            (true, Some(e)) => panic!("{file}: Java reads it, we fail: {e}"),
            (false, e) => {
                assert!(e.is_some(), "{file}: Java fails ({java_error}), we do not");
                assert!(
                    ours.len() <= java.len() && equal(&ours, &java[..ours.len()]),
                    "{file}"
                );
            }
        }
        compared += 1;
    }
    assert!(compared >= 30, "{compared} files compared with Java");
}

#[test]
fn cat_offset_limit_pretty_and_several_files() {
    let weather = "tests/data/apache/data/weather.avro";
    let all = ok(&["cat", weather], b"");
    let lines: Vec<&str> = all.lines().collect();
    assert_eq!(lines.len(), 5);
    let some = ok(&["cat", weather, "--offset", "1", "--limit", "2"], b"");
    assert_eq!(some.lines().collect::<Vec<_>>(), lines[1..3]);
    // Offsets and limits count over all files; `-` is stdin.
    let file = std::fs::read(repo(weather)).unwrap();
    let both = ok(
        &["cat", weather, "-", "--offset", "4", "--limit", "3"],
        &file,
    );
    assert_eq!(
        both.lines().collect::<Vec<_>>(),
        [lines[4], lines[0], lines[1]]
    );
    // Skipping whole blocks: syncInMeta.avro has 6001 records in many blocks.
    let sync = "tests/data/apache/data/syncInMeta.avro";
    let every = ok(&["cat", sync], b"");
    let tail = ok(&["cat", sync, "--offset", "5990"], b"");
    assert_eq!(
        tail.lines().collect::<Vec<_>>(),
        every.lines().skip(5990).collect::<Vec<_>>()
    );
    assert_eq!(ok(&["cat", sync, "--offset", "7000"], b""), "");
    let pretty = ok(&["cat", weather, "--limit", "1", "--pretty"], b"");
    assert_eq!(
        pretty,
        "{\n  \"station\": \"011990-99999\",\n  \"time\": -619524000000,\n  \"temp\": 0\n}\n"
    );
}

#[test]
fn cat_with_a_reader_schema_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let reader = dir.path().join("reader.avsc");
    std::fs::write(
        &reader,
        r#"{"type":"record","name":"test.Weather","fields":[
            {"name":"temp","type":"double"},
            {"name":"station","type":"bytes"},
            {"name":"note","type":["null","string"],"default":null}]}"#,
    )
    .unwrap();
    let out = ok(
        &[
            "cat",
            "tests/data/apache/data/weather.avro",
            "--reader-schema",
            reader.to_str().unwrap(),
            "--limit",
            "2",
        ],
        b"",
    );
    assert_eq!(
        out,
        "{\"temp\":0.0,\"station\":\"011990-99999\",\"note\":null}\n{\"temp\":22.0,\"station\":\"011990-99999\",\"note\":null}\n"
    );
    std::fs::write(
        &reader,
        r#"{"type":"record","name":"test.Weather","fields":[{"name":"missing","type":"int"}]}"#,
    )
    .unwrap();
    let e = fails(
        &[
            "cat",
            "tests/data/apache/data/weather.avro",
            "--reader-schema",
            reader.to_str().unwrap(),
        ],
        b"",
    );
    assert!(e.contains("missing"), "{e}");
}

#[test]
fn info_is_pinned() {
    let out = ok(
        &[
            "info",
            "tests/data/apache/data/weather-deflate.avro",
            "--format",
            "json",
        ],
        b"",
    );
    let info = json(&out);
    assert_eq!(info["codec"], "deflate");
    assert_eq!(info["blocks"], 1);
    assert_eq!(info["records"], 5);
    assert_eq!(info["schema"]["name"], "Weather");
    assert_eq!(info["sync_marker"].as_str().unwrap().len(), 32);
    let file_len = std::fs::metadata(repo("tests/data/apache/data/weather-deflate.avro"))
        .unwrap()
        .len();
    assert_eq!(info["file_bytes"], file_len);
    assert!(info["stored_bytes"].as_u64().unwrap() < info["data_bytes"].as_u64().unwrap());
    // The fastavro-written files: 100 records in blocks of about 4000 bytes, user metadata.
    let info = json(&ok(
        &[
            "info",
            "tests/fixtures/containers/fastavro-all-types-null.avro",
            "--format",
            "json",
        ],
        b"",
    ));
    assert_eq!(info["records"], 100);
    assert_eq!(
        info["metadata"],
        serde_json::json!({"written.by": "fastavro"})
    );
    assert_eq!(info["stored_bytes"], info["data_bytes"]);
    let text = ok(&["info", "tests/data/apache/data/weather.avro"], b"");
    assert!(
        text.starts_with("codec         null\nsync marker   "),
        "{text}"
    );
    assert!(text.contains("\nrecords       5\n"), "{text}");
}

// ---- datums --------------------------------------------------------------------------------

struct Fixture {
    name: String,
    schema: String,
    includes: Vec<String>,
}

fn fixtures() -> Vec<Fixture> {
    tsv("tests/fixtures/index.tsv")
        .into_iter()
        .map(|row| Fixture {
            name: row[0].clone(),
            schema: row[1].clone(),
            includes: row[2].split_whitespace().map(str::to_owned).collect(),
        })
        .collect()
}

impl Fixture {
    /// `avro <command> SCHEMA -I ...` arguments.
    fn args<'a>(&'a self, command: &'a str) -> Vec<&'a str> {
        let mut args = vec![command, self.schema.as_str()];
        for include in &self.includes {
            args.extend(["-I", include.as_str()]);
        }
        args
    }

    /// (hex, fastavro's Avro JSON line) of every datum.
    fn datums(&self) -> Vec<(String, String)> {
        let hex: Vec<String> = read(&format!("tests/fixtures/{}", self.name))
            .lines()
            .map(|l| json(l)["hex"].as_str().unwrap().to_owned())
            .collect();
        let json_lines: Vec<String> = read(&format!("tests/fixtures/json/{}", self.name))
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(hex.len(), json_lines.len(), "{}", self.name);
        hex.into_iter().zip(json_lines).collect()
    }
}

#[test]
fn decode_and_encode_equal_fastavro_on_every_fixture_datum() {
    let mut datums = 0;
    for f in fixtures() {
        let pairs = f.datums();
        let hex: String = pairs.iter().map(|(h, _)| format!("{h}\n")).collect();
        let fastavro_json: String = pairs.iter().map(|(_, j)| format!("{j}\n")).collect();
        // decode (and its alias to-json): fastavro's JSON, compared as values.
        let ours = ok(&f.args("decode"), hex.as_bytes());
        assert_eq!(json_lines(&ours), json_lines(&fastavro_json), "{}", f.name);
        assert_eq!(ok(&f.args("to-json"), hex.as_bytes()), ours);
        // encode: fastavro's bytes from fastavro's JSON.
        let bytes = ok(&f.args("encode"), fastavro_json.as_bytes());
        assert_eq!(bytes, hex, "{}", f.name);
        datums += pairs.len();
    }
    assert!(datums >= 2000, "{datums} datums");
}

#[test]
fn from_json_then_cat_round_trips_with_every_codec() {
    let dir = tempfile::tempdir().unwrap();
    let codecs = ["null", "deflate", "snappy", "zstandard", "bzip2", "xz"];
    for (i, f) in fixtures().iter().enumerate() {
        let fastavro_json: String = f.datums().iter().map(|(_, j)| format!("{j}\n")).collect();
        let file = dir.path().join(format!("{i}.avro"));
        let mut args = f.args("from-json");
        let codec = codecs[i % codecs.len()];
        args.extend(["--codec", codec, "-o", file.to_str().unwrap()]);
        assert_eq!(ok(&args, fastavro_json.as_bytes()), "");
        let back = ok(&["cat", file.to_str().unwrap()], b"");
        assert_eq!(
            json_lines(&back),
            json_lines(&fastavro_json),
            "{} ({codec})",
            f.name
        );
    }
}

#[test]
fn decode_with_a_reader_schema_equals_fastavros_resolution() {
    let mut pairs = 0;
    for entry in std::fs::read_dir(repo("tests/fixtures/resolution")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let rel = |f: &str| dir.join(f).to_str().unwrap().to_owned();
        let (writer, reader) = (rel("writer.avsc"), rel("reader.avsc"));
        let rows: Vec<Value> =
            json_lines(&std::fs::read_to_string(dir.join("data.jsonl")).unwrap());
        let readable: Vec<&Value> = rows.iter().filter(|r| r.get("reader").is_some()).collect();
        let args = [
            "decode",
            writer.as_str(),
            "--reader-schema",
            reader.as_str(),
        ];
        if !readable.is_empty() {
            let hex: String = readable
                .iter()
                .map(|r| format!("{}\n", r["hex"].as_str().unwrap()))
                .collect();
            let ours = json_lines(&ok(&args, hex.as_bytes()));
            let expected: Vec<Value> = readable.iter().map(|r| r["reader"].clone()).collect();
            assert_eq!(ours, expected, "{}", dir.display());
        }
        if let Some(bad) = rows.iter().find(|r| r.get("reader").is_none()) {
            assert!(dir.join("expected-error.txt").exists(), "{}", dir.display());
            fails(
                &args,
                format!("{}\n", bad["hex"].as_str().unwrap()).as_bytes(),
            );
        }
        pairs += 1;
    }
    assert!(pairs >= 50, "{pairs} resolution pairs");
}

#[test]
fn single_object_and_confluent_framing() {
    // Java-written single-object message (tests/data/apache/data/messageV1/README.md).
    let schema = "tests/data/apache/data/messageV1/test_schema.avsc";
    let message = "tests/data/apache/data/messageV1/test_message.bin";
    let out = ok(
        &[
            "decode",
            schema,
            message,
            "--raw",
            "--framing",
            "single-object",
        ],
        b"",
    );
    assert_eq!(
        out,
        "{\"id\":42,\"name\":\"Bill\",\"tags\":[\"dog_lover\",\"cat_hater\"]}\n"
    );
    let shown = ok(
        &[
            "decode",
            schema,
            message,
            "--raw",
            "--framing",
            "single-object",
            "--show-header",
        ],
        b"",
    );
    let fingerprint = ok(&["fingerprint", schema], b"");
    assert_eq!(json(&shown)["fingerprint"], fingerprint.trim());
    // Encoding gives Java's bytes back.
    let hex = ok(
        &["encode", schema, "--framing", "single-object"],
        out.as_bytes(),
    );
    let java = std::fs::read(repo(message)).unwrap();
    let java_hex: String = java.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, format!("{java_hex}\n"));
    // Another schema's fingerprint is refused.
    let e = fails(
        &[
            "decode",
            "tests/data/apache/schemas/weather.avsc",
            message,
            "--raw",
            "--framing",
            "single-object",
        ],
        b"",
    );
    assert!(e.contains("fingerprint"), "{e}");
    // Confluent: the id is written, checked and shown.
    let framed = ok(
        &[
            "encode",
            schema,
            "--framing",
            "confluent",
            "--schema-id",
            "7",
        ],
        out.as_bytes(),
    );
    assert!(framed.starts_with("0000000007"), "{framed}");
    let args = ["decode", schema, "--framing", "confluent", "--show-header"];
    let shown = json(&ok(&args, framed.as_bytes()));
    assert_eq!(shown["schema_id"], 7);
    assert_eq!(shown["datum"]["name"], "Bill");
    let e = fails(
        &[
            "decode",
            schema,
            "--framing",
            "confluent",
            "--schema-id",
            "8",
        ],
        framed.as_bytes(),
    );
    assert!(e.contains("schema id 7"), "{e}");
    // Raw datums one after the other.
    let raw = avro(
        &["encode", schema, "--raw"],
        format!("{out}{out}").as_bytes(),
    );
    assert!(raw.status.success());
    let back = ok(&["decode", schema, "--raw"], &raw.stdout);
    assert_eq!(back, format!("{out}{out}"));
}

// ---- schemas -------------------------------------------------------------------------------

#[test]
fn compat_verdicts_equal_the_142_cases() {
    let dir = tempfile::tempdir().unwrap();
    let (reader, writer) = (
        dir.path().join("reader.avsc"),
        dir.path().join("writer.avsc"),
    );
    let mut count = 0;
    for line in read("tests/data/project/compat-cases.jsonl").lines() {
        let case = json(line);
        std::fs::write(&reader, case["reader"].to_string()).unwrap();
        std::fs::write(&writer, case["writer"].to_string()).unwrap();
        let expected = case["compatible"].as_bool().unwrap();
        // BACKWARD: the new schema (the reader) reads data of the previous one (the writer).
        let args = [
            "compat",
            "--mode",
            "backward",
            reader.to_str().unwrap(),
            writer.to_str().unwrap(),
            "--format",
            "json",
        ];
        let o = avro(&args, b"");
        assert_eq!(
            o.status.code(),
            Some(if expected { 0 } else { 1 }),
            "case {}: {}",
            case["id"],
            stderr(&o)
        );
        let report = json(&stdout(&o));
        assert_eq!(report["compatible"], expected, "case {}", case["id"]);
        assert_eq!(report["checks"][0]["compatible"], expected);
        count += 1;
    }
    assert_eq!(count, 142);
}

#[test]
fn compat_over_a_version_directory_and_a_manifest() {
    let out = ok(
        &[
            "compat",
            "--mode",
            "full-transitive",
            "--versions",
            "schemas/log_event",
        ],
        b"",
    );
    assert!(out.starts_with("FULL_TRANSITIVE: compatible\n"), "{out}");
    let dir = tempfile::tempdir().unwrap();
    let v1 = r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#;
    let v2 = r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"}]}"#;
    std::fs::write(dir.path().join("one.avsc"), v1).unwrap();
    std::fs::write(dir.path().join("two.avsc"), v2).unwrap();
    let manifest = dir.path().join("versions.txt");
    std::fs::write(&manifest, "# oldest first\none.avsc\ntwo.avsc\n").unwrap();
    let args = [
        "compat",
        "--mode",
        "BACKWARD",
        "--versions",
        manifest.to_str().unwrap(),
        "--format",
        "json",
    ];
    let o = avro(&args, b"");
    assert_eq!(o.status.code(), Some(1));
    let report = json(&stdout(&o));
    let two = dir.path().join("two.avsc").display().to_string();
    let one = dir.path().join("one.avsc").display().to_string();
    assert_eq!(
        report,
        serde_json::json!({
            "mode": "BACKWARD",
            "compatible": false,
            "checks": [{
                "reader": two,
                "writer": one,
                "compatible": false,
                "incompatibilities": [{
                    "reader_path": "fields[1]",
                    "writer_path": "",
                    "message": "reader field `b` (string) has no default and the writer has no such field",
                    "data_dependent": false,
                    "rendered": format!("{two} cannot read data written with {one}: fields[1] (writer's top level): reader field `b` (string) has no default and the writer has no such field"),
                }],
            }],
        })
    );
    // Forward: the old version reads the new one's data (the extra field is skipped).
    let args = [
        "compat",
        "--mode",
        "forward",
        "--versions",
        manifest.to_str().unwrap(),
    ];
    assert_eq!(
        ok(&args, b""),
        format!("FORWARD: compatible\n  {one} can read data written with {two}\n")
    );
}

/// Java's verdict on each schema file: `Some((rabin, md5, sha256, canonical))` when it accepts it.
fn java_fingerprints() -> Vec<(String, Vec<String>, Option<[String; 4]>)> {
    tsv("tests/fixtures/cli/java-fingerprints.tsv")
        .into_iter()
        .map(|row| {
            let includes = row[1].split_whitespace().map(str::to_owned).collect();
            let accepted = (row[2] == "ok").then(|| {
                [
                    row[3].clone(),
                    row[4].clone(),
                    row[5].clone(),
                    row[6].clone(),
                ]
            });
            (row[0].clone(), includes, accepted)
        })
        .collect()
}

#[test]
fn fingerprints_equal_javas_for_every_schema_java_accepts() {
    let invalid_readme = read("tests/data/project/invalid/README.md");
    let mut compared = 0;
    for (file, includes, java) in java_fingerprints() {
        let Some([rabin, md5, sha256, canonical]) = java else {
            continue;
        };
        let mut args = vec!["fingerprint", file.as_str(), "--format", "json"];
        for i in &includes {
            args.extend(["-I", i.as_str()]);
        }
        let o = avro(&args, b"");
        if !o.status.success() {
            // Java 1.8 does not check defaults; the 1.12 specification does. Such files are the
            // invalid ones of tests/data/project/invalid (their README says why).
            let name = Path::new(&file).file_name().unwrap().to_str().unwrap();
            assert!(
                file.starts_with("tests/data/project/invalid/")
                    && !name.starts_with("tricky-valid")
                    && invalid_readme.contains(name),
                "{file}: Java accepts it, we do not: {}",
                stderr(&o)
            );
            continue;
        }
        let ours = json(&stdout(&o));
        assert_eq!(ours["canonical"], canonical, "{file}");
        assert_eq!(ours["rabin"], rabin, "{file}");
        assert_eq!(ours["md5"], md5, "{file}");
        assert_eq!(ours["sha256"], sha256, "{file}");
        compared += 1;
    }
    assert!(compared >= 80, "{compared} schemas compared with Java");
}

#[test]
fn fingerprints_equal_apache_schema_tests() {
    // share/test/data/schema-tests.txt: inputs, canonical forms and (Java-checked) fingerprints.
    let text = read("tests/data/apache/data/schema-tests.txt");
    let mut cases = Vec::new();
    let mut current: BTreeMap<&str, String> = BTreeMap::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("<<") {
            let (key, value) = rest.split_once(' ').unwrap_or((rest, ""));
            // `<<KEY` alone: the value is the following lines, up to a line `KEY`.
            let value = if value.trim().is_empty() {
                let mut block = Vec::new();
                for l in lines.by_ref() {
                    if l == key {
                        break;
                    }
                    block.push(l);
                }
                block.join("\n")
            } else {
                value.to_owned()
            };
            if key == "INPUT" && !current.is_empty() {
                cases.push(std::mem::take(&mut current));
            }
            current.insert(key, value);
        }
    }
    cases.push(current);
    let mut checked = 0;
    for case in &cases {
        let (Some(input), Some(canonical)) = (case.get("INPUT"), case.get("canonical")) else {
            continue;
        };
        let out = json(&ok(&["fingerprint", input, "--format", "json"], b""));
        assert_eq!(out["canonical"], canonical.as_str(), "{input}");
        if let Some(fp) = case.get("fingerprint") {
            assert_eq!(out["rabin_signed"].to_string(), *fp, "{input}");
        }
        checked += 1;
    }
    assert!(checked >= 30, "{checked} cases");
}

#[test]
fn fingerprint_text_output() {
    let s = "tests/data/apache/schemas/weather.avsc";
    assert_eq!(ok(&["fingerprint", s], b""), "9d564df77eac7dcb\n");
    assert_eq!(
        ok(&["fingerprint", s, "--rabin"], b""),
        "9d564df77eac7dcb\n"
    );
    let canonical = r#"{"name":"test.Weather","type":"record","fields":[{"name":"station","type":"string"},{"name":"time","type":"long"},{"name":"temp","type":"int"}]}"#;
    assert_eq!(
        ok(&["fingerprint", s, "--canonical"], b""),
        format!("{canonical}\n")
    );
    let all = ok(&["fingerprint", s, "--all", "--canonical"], b"");
    let lines: Vec<&str> = all.lines().collect();
    assert_eq!(lines[0], format!("canonical {canonical}"));
    assert_eq!(lines[1], "rabin 9d564df77eac7dcb");
    assert!(
        lines[2].starts_with("md5 ") && lines[3].starts_with("sha256 "),
        "{all}"
    );
}

#[test]
fn check_shows_diagnostics_as_the_build_does() {
    let valid = ok(&["check", "schemas/quickstart"], b"");
    assert!(valid.starts_with("ok: "), "{valid}");
    let file = "tests/data/project/invalid/undefined-reference.avsc";
    let o = avro(&["check", file], b"");
    assert_eq!(o.status.code(), Some(1));
    // The rendering of avro-build's errors, exactly.
    let errors = avro_build::Config::new()
        .generate(&[repo(file)])
        .unwrap_err();
    let ours = stderr(&o);
    let theirs = errors
        .to_string()
        .replace(&repo(file).display().to_string(), file);
    assert_eq!(ours, theirs);
    let report = json(&stdout(&avro(&["check", file, "--format", "json"], b"")));
    assert_eq!(report["valid"], false);
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], file);
    assert_eq!(
        d["rendered"],
        errors.errors[0]
            .to_string()
            .replace(&repo(file).display().to_string(), file)
    );
    // A warning is shown, and the schema is valid.
    let warn = "tests/data/project/invalid/tricky-valid-unknown-logical-type.avsc";
    let o = avro(&["check", warn], b"");
    assert!(o.status.success());
    assert!(stderr(&o).starts_with("warning: "), "{}", stderr(&o));
    let report = json(&stdout(&avro(&["check", warn, "--format", "json"], b"")));
    assert_eq!(report["valid"], true);
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
}

#[test]
fn generate_writes_what_config_generates() {
    let schemas = "schemas/quickstart";
    let ours = ok(
        &[
            "generate",
            schemas,
            "--avro-json",
            "--map-type",
            "btree-map",
        ],
        b"",
    );
    let mut config = avro_build::Config::new();
    config
        .avro_json(true)
        .map_type(avro_build::MapType::BTreeMap);
    let theirs = config.generate(&[repo(schemas)]).unwrap().code;
    // The generated file names its inputs; ours are relative to the repository root.
    let theirs = theirs.replace(&repo("").display().to_string(), "");
    assert_eq!(
        ours.lines()
            .filter(|l| !l.contains("schemas/"))
            .collect::<Vec<_>>(),
        theirs
            .lines()
            .filter(|l| !l.contains("schemas/"))
            .collect::<Vec<_>>()
    );
    let dir = tempfile::tempdir().unwrap();
    ok(
        &["generate", schemas, "-o", dir.path().to_str().unwrap()],
        b"",
    );
    assert!(dir.path().join("avro_types.rs").exists());
    let o = avro(
        &["generate", "tests/data/project/invalid/unknown-type.avsc"],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown type"), "{}", stderr(&o));
}

// ---- bad input and exit codes ---------------------------------------------------------------

#[test]
fn bad_input_gives_one_error_line_and_exit_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let weather = std::fs::read(repo("tests/data/apache/data/weather-deflate.avro")).unwrap();
    // Truncated at every offset: an error (or a shorter valid file, cut right after the header
    // or a block), never a panic.
    for cut in 0..weather.len() {
        std::fs::write(path("cut.avro"), &weather[..cut]).unwrap();
        let o = avro(&["cat", &path("cut.avro")], b"");
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "cut at {cut}: {err}");
        if !o.status.success() {
            assert_eq!(err.lines().count(), 1, "cut at {cut}: {err}");
            assert!(err.starts_with("error: "));
        }
    }
    std::fs::write(path("cut.avro"), &weather[..weather.len() - 5]).unwrap();
    let e = fails_in_one_line(&["cat", &path("cut.avro")], b"");
    assert!(e.contains("truncated"), "{e}");
    // Wrong magic.
    let e = fails_in_one_line(
        &["cat", "tests/data/apache/lang-js/dat/person-10.avro.raw"],
        b"",
    );
    assert!(e.contains("not an Avro object container file"), "{e}");
    let e = fails_in_one_line(&["info", "tests/data/apache/data/test.avro12"], b"");
    assert!(e.contains("version 0"), "{e}");
    // Unknown codec.
    let mut lz = std::fs::read(repo("tests/data/apache/data/weather.avro")).unwrap();
    let at = lz
        .windows(4)
        .position(|w| w == b"null")
        .expect("the codec name");
    lz[at..at + 4].copy_from_slice(b"lz4x");
    std::fs::write(path("lz.avro"), &lz).unwrap();
    let e = fails_in_one_line(&["cat", &path("lz.avro")], b"");
    assert!(e.contains("lz4x"), "{e}");
    // Invalid schemas.
    for command in ["fingerprint", "from-json", "encode", "decode"] {
        let e = fails_in_one_line(
            &[command, "tests/data/project/invalid/unknown-type.avsc"],
            b"",
        );
        assert!(e.contains("unknown-type.avsc"), "{e}");
    }
    let e = fails_in_one_line(&["fingerprint", "no/such/file.avsc"], b"");
    assert!(e.contains("no/such/file.avsc"), "{e}");
    // Datums that do not match.
    let weather_schema = "tests/data/apache/schemas/weather.avsc";
    let e = fails(
        &["encode", weather_schema],
        br#"{"station":"x","time":1,"temp":"hot"}"#,
    );
    assert!(e.contains("at $.temp"), "{e}");
    let e = fails(
        &["from-json", weather_schema, "-o", &path("w.avro")],
        b"{\"station\": ",
    );
    assert!(e.contains("not JSON"), "{e}");
    let e = fails(&["decode", weather_schema], b"02\n");
    assert!(e.contains("line 1"), "{e}");
    let e = fails(&["decode", weather_schema], b"zz\n");
    assert!(e.contains("not hex"), "{e}");
}

#[test]
fn usage_errors_exit_with_2_and_help_has_examples() {
    let o = avro(&["cat"], b"");
    assert_eq!(o.status.code(), Some(2));
    let o = avro(&["compat", "--mode", "sideways", "a.avsc", "b.avsc"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown compatibility mode"),
        "{}",
        stderr(&o)
    );
    for command in [
        "generate",
        "check",
        "compat",
        "fingerprint",
        "cat",
        "info",
        "from-json",
        "encode",
        "decode",
        "completions",
    ] {
        let help = ok(&[command, "--help"], b"");
        assert!(help.contains("Example"), "{command}: {help}");
    }
    for shell in ["bash", "zsh", "fish"] {
        let script = ok(&["completions", shell], b"");
        assert!(script.contains("from-json"), "{shell}");
    }
}
