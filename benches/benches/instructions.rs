//! `cargo bench -p avro-bench --bench instructions`: instructions per record of every contender of
//! the codec bench, counted by callgrind (valgrind), which, unlike time, do not drift with the load
//! of a shared machine. `scripts/bench-instructions.sh` runs it under each build profile. Not run
//! by a plain `cargo bench` (`bench = false` in Cargo.toml): it takes minutes and needs valgrind.
//!
//! The driver (this binary with `--bench`) generates and verifies the records of each schema (the
//! codec bench's verification: byte-identical encoders, decoders returning the records), then
//! runs itself once per schema × direction × contender under
//! `valgrind --tool=callgrind --branch-sim=yes --toggle-collect=*measured_pass`. That child
//! generates the same records (same seed), runs the contender's pass over all of them once
//! untimed (warm-up: first allocations, lazy initialisation) and once inside `measured_pass`, the
//! only function whose instructions are counted (with everything it calls). The report gives
//! instructions and mispredicted branches (callgrind's simulated predictor) per record, and each
//! contender's instructions ÷ those of the hand-written codec (the decoder, or the reserve-once
//! encoder).
//!
//! Options (after `--`): words select schemas (`event_a`, `batch_b`, `wide_c`) and contenders
//! (any part of a contender's name, e.g. `hand`, `ours`; the hand-written baseline always runs);
//! `AVRO_BENCH_RECORDS=N` sets the records per schema (default 2,000, batch_b a tenth);
//! `AVRO_BENCH_PROFILE=name` labels the results, and `AVRO_BENCH_TSV=path` appends them to a
//! tab-separated file; `--merge FILE...` prints one table of such files side by side (one
//! column per profile). Without `--bench` (as under `cargo test --benches`) nothing runs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Write as _;
use std::process::Command;

use avro_bench::harness::{self, contenders, Dataset, PeerSchemas, CONTENDERS};
use avro_bench::schemas::{BatchB, BenchSchema, EventA, WideC};
use avro_runtime::container::{Codec, Reader};
use avro_runtime::{AvroSchema, KnownWriters};

/// The pass whose instructions callgrind counts (`--toggle-collect`); never inlined, so that
/// the symbol exists in every build profile.
#[inline(never)]
fn measured_pass(run: &mut dyn FnMut(&[usize]) -> usize, order: &[usize]) -> usize {
    run(order)
}

/// The same pass, not counted. Its body differs from `measured_pass` (it returns nothing), so
/// that the compiler or linker cannot fold the two into one symbol.
#[inline(never)]
fn warmup_pass(run: &mut dyn FnMut(&[usize]) -> usize, order: &[usize]) {
    black_box(run(order));
}

/// Records per schema (batch_b's records are 15 times larger than event_a's).
fn records_for(schema: &str, records: usize) -> usize {
    if schema == BatchB::NAME {
        (records / 10).max(1)
    } else {
        records
    }
}

/// The child: one contender's pass over `n` records of `S`, under callgrind.
fn child<S: BenchSchema>(decode: bool, name: &str, n: usize) {
    let data = Dataset::<S>::generate(n);
    let schemas = PeerSchemas::new::<S>();
    let mut all = contenders(&data, &schemas, decode);
    let contender = all
        .iter_mut()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no contender {name:?}"));
    let order: Vec<usize> = (0..n).collect();
    warmup_pass(&mut contender.run, &order);
    black_box(measured_pass(&mut contender.run, &order));
}

/// Counts of one run.
#[derive(Debug, Clone, Copy)]
struct Counts {
    instructions: f64,
    mispredicts: f64,
}

/// Runs the child under callgrind and returns its counts per record.
fn measure(schema: &str, what: &str, name: &str, n: usize) -> Result<Counts, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = std::env::temp_dir().join(format!(
        "avro-bench-callgrind-{}-{schema}-{what}.out",
        std::process::id(),
    ));
    let status = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--branch-sim=yes",
            "--toggle-collect=*measured_pass",
            "--quiet",
        ])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(&exe)
        .args(["--measure", schema, what, name])
        .arg(n.to_string())
        .status()
        .map_err(|e| format!("cannot run valgrind (is it installed?): {e}"))?;
    if !status.success() {
        return Err(format!(
            "callgrind run of {name} on {schema} failed: {status}"
        ));
    }
    let text = std::fs::read_to_string(&out).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out);
    let field = |prefix: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(prefix))
            .map(|rest| rest.split_whitespace().collect::<Vec<_>>())
    };
    let events = field("events:").ok_or("no events line in the callgrind output")?;
    let totals = field("summary:")
        .or_else(|| field("totals:"))
        .ok_or("no totals in the callgrind output")?;
    let get = |event: &str| -> f64 {
        events
            .iter()
            .position(|e| *e == event)
            .and_then(|i| totals.get(i))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    Ok(Counts {
        instructions: get("Ir") / n as f64,
        mispredicts: (get("Bcm") + get("Bim")) / n as f64,
    })
}

/// One measured row.
struct Measured {
    schema: &'static str,
    direction: &'static str,
    contender: &'static str,
    counts: Counts,
}

/// Verifies the records of `S`, then measures every selected contender.
fn run_schema<S: BenchSchema>(records: usize, words: &[String]) -> Vec<Measured> {
    let n = records_for(S::NAME, records);
    harness::verify_schema::<S>(n).unwrap_or_else(|e| panic!("verification failed: {e}"));
    let data = Dataset::<S>::generate(1);
    let schemas = PeerSchemas::new::<S>();
    let mut rows = Vec::new();
    for decode in [true, false] {
        let direction = if decode { "decode" } else { "encode" };
        let base = harness::baseline(decode);
        for c in contenders(&data, &schemas, decode) {
            let selected = c.name == base
                || words.is_empty()
                || words.iter().any(|w| c.name.contains(w.as_str()));
            if !selected {
                continue;
            }
            let counts = measure(S::NAME, direction, c.name, n)
                .unwrap_or_else(|e| panic!("{}: {e}", S::NAME));
            eprintln!(
                "  {:<8} {direction} {:<26} {:>10.0} instructions/record {:>7.1} mispredicts/record",
                S::NAME,
                c.name,
                counts.instructions,
                counts.mispredicts
            );
            rows.push(Measured {
                schema: S::NAME,
                direction,
                contender: c.name,
                counts,
            });
        }
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// Container files: reading a whole file, ours and apache-avro's, null and deflate
// ---------------------------------------------------------------------------------------------

/// Container readers measured: ours (typed records) and apache-avro's (`Value`s).
const FILE_READERS: [&str; 2] = ["ours container::Reader", "apache-avro Reader (Value)"];

/// Reads the whole file with one of [`FILE_READERS`]; returns the number of records.
fn read_file<S: BenchSchema>(reader: &str, file: &[u8]) -> usize
where
    S::Ours: KnownWriters + AvroSchema,
{
    let mut n = 0;
    if reader == FILE_READERS[0] {
        for record in Reader::<_, S::Ours>::new(file).expect("our reader") {
            black_box(record.expect("ours decodes"));
            n += 1;
        }
    } else {
        for value in apache_avro::Reader::new(file).expect("apache-avro reader") {
            black_box(value.expect("apache-avro decodes"));
            n += 1;
        }
    }
    n
}

/// The child for a container file.
fn container_child<S: BenchSchema>(codec: Codec, reader: &str, n: usize)
where
    S::Ours: KnownWriters + AvroSchema,
{
    let file = harness::write_container_file(&Dataset::<S>::generate(n), codec);
    let mut run = |_: &[usize]| read_file::<S>(reader, &file);
    warmup_pass(&mut run, &[]);
    assert_eq!(black_box(measured_pass(&mut run, &[])), n);
}

/// Verifies that both readers return the records of the file, then measures them.
fn container_rows<S: BenchSchema>(records: usize) -> Vec<Measured>
where
    S::Ours: KnownWriters + AvroSchema,
{
    let n = records_for(S::NAME, records);
    let mut rows = Vec::new();
    for codec in [Codec::Null, Codec::Deflate] {
        // Written and checked: both readers return the records.
        harness::container_file::<S>(n, codec);
        for reader in FILE_READERS {
            let what = format!("file-{codec}");
            let counts =
                measure(S::NAME, &what, reader, n).unwrap_or_else(|e| panic!("{}: {e}", S::NAME));
            eprintln!(
                "  {:<8} {what:<12} {reader:<28} {:>10.0} instructions/record",
                S::NAME,
                counts.instructions
            );
            rows.push(Measured {
                schema: S::NAME,
                direction: if codec == Codec::Null {
                    "file null"
                } else {
                    "file deflate"
                },
                contender: reader,
                counts,
            });
        }
    }
    rows
}

/// A table per schema: instructions and mispredicts per record, and instructions ÷ hand-written.
fn table(rows: &[Measured], profile: &str) -> String {
    let mut s = String::new();
    let schemas: Vec<&str> = rows.iter().map(|r| r.schema).fold(Vec::new(), |mut v, x| {
        if !v.contains(&x) {
            v.push(x);
        }
        v
    });
    for schema in schemas {
        writeln!(s, "\n### {schema} ({profile}): per record\n").unwrap();
        s.push_str("| contender | decode instructions | ÷ hand | mispredicts | encode instructions | ÷ hand | mispredicts |\n");
        s.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
        let find = |dir: &str, name: &str| {
            rows.iter()
                .find(|r| r.schema == schema && r.direction == dir && r.contender == name)
                .map(|r| r.counts)
        };
        for name in CONTENDERS {
            let (dec, enc) = (find("decode", name), find("encode", name));
            if dec.is_none() && enc.is_none() {
                continue;
            }
            write!(s, "| {name} |").unwrap();
            for (dir, counts) in [("decode", dec), ("encode", enc)] {
                let base = find(dir, harness::baseline(dir == "decode"));
                match (counts, base) {
                    (Some(c), Some(b)) => write!(
                        s,
                        " {:.0} | {:.2} | {:.1} |",
                        c.instructions,
                        c.instructions / b.instructions,
                        c.mispredicts
                    )
                    .unwrap(),
                    _ => s.push_str(" — | — | — |"),
                }
            }
            s.push('\n');
        }
    }
    s
}

/// Container reading: instructions per record of each reader, null and deflate, and what
/// inflating adds (deflate − null).
fn file_table(rows: &[Measured]) -> String {
    let mut s = String::from(
        "\n### container files: instructions per record\n\n\
         | schema | reader | null | deflate | deflate − null |\n|---|---|---:|---:|---:|\n",
    );
    for schema in [EventA::NAME, BatchB::NAME] {
        for reader in FILE_READERS {
            let get = |dir: &str| {
                rows.iter()
                    .find(|r| r.schema == schema && r.contender == reader && r.direction == dir)
                    .map(|r| r.counts.instructions)
            };
            if let (Some(null), Some(deflate)) = (get("file null"), get("file deflate")) {
                writeln!(
                    s,
                    "| {schema} | {reader} | {null:.0} | {deflate:.0} | {:.0} |",
                    deflate - null
                )
                .unwrap();
            }
        }
    }
    s
}

/// Prints the tab-separated results of several runs (one per profile) as one table per
/// direction: instructions per record, a column per profile, and hand ÷ ours per profile.
fn merge(files: &[String]) {
    // (schema, direction, contender) -> profile -> instructions
    let mut cells: BTreeMap<(String, String, usize), BTreeMap<String, f64>> = BTreeMap::new();
    let mut profiles: Vec<String> = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let [profile, schema, direction, contender, instructions, _mispredicts] = f[..] else {
                continue;
            };
            let Some(rank) = CONTENDERS.iter().position(|c| *c == contender) else {
                continue;
            };
            if !profiles.iter().any(|p| p == profile) {
                profiles.push(profile.to_owned());
            }
            cells
                .entry((schema.to_owned(), direction.to_owned(), rank))
                .or_default()
                .insert(profile.to_owned(), instructions.parse().unwrap_or(f64::NAN));
        }
    }
    let schema_order = [EventA::NAME, BatchB::NAME, WideC::NAME];
    for direction in ["decode", "encode"] {
        let base_rank = CONTENDERS
            .iter()
            .position(|c| *c == harness::baseline(direction == "decode"))
            .expect("baseline is a contender");
        println!("\n### {direction}: instructions per record (hand ÷ contender)\n");
        print!("| schema | contender |");
        for p in &profiles {
            print!(" {p} |");
        }
        print!("\n|---|---|");
        for _ in &profiles {
            print!("---:|");
        }
        println!();
        for schema in schema_order {
            for (rank, name) in CONTENDERS.iter().enumerate() {
                let key = (schema.to_owned(), direction.to_owned(), rank);
                let Some(row) = cells.get(&key) else {
                    continue;
                };
                let base = cells.get(&(schema.to_owned(), direction.to_owned(), base_rank));
                print!("| {schema} | {name} |");
                for p in &profiles {
                    match (row.get(p), base.and_then(|b| b.get(p))) {
                        (Some(v), Some(b)) if rank != base_rank => {
                            print!(" {} ({:.2}) |", thousands(*v), b / v)
                        }
                        (Some(v), _) => print!(" {} |", thousands(*v)),
                        _ => print!(" — |"),
                    }
                }
                println!();
            }
        }
    }
}

/// `12345.6` as `12,346`.
fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v);
    let mut s = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            s.push(',');
        }
        s.push(c);
    }
    s
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--merge") {
        // `cargo bench` adds `--bench` after the arguments it passes on.
        let files: Vec<String> = args[i + 1..]
            .iter()
            .filter(|a| !a.starts_with("--"))
            .cloned()
            .collect();
        merge(&files);
        return;
    }
    if args.first().map(String::as_str) == Some("--measure") {
        let [_, schema, direction, name, n] = &args[..] else {
            panic!("usage: --measure SCHEMA decode|encode|file-CODEC CONTENDER RECORDS");
        };
        let decode = direction == "decode";
        let n: usize = n.parse().expect("records");
        if let Some(codec) = direction.strip_prefix("file-") {
            let codec = Codec::from_name(codec).expect("codec");
            match schema.as_str() {
                s if s == EventA::NAME => container_child::<EventA>(codec, name, n),
                s if s == BatchB::NAME => container_child::<BatchB>(codec, name, n),
                other => panic!("no container measurement for {other}"),
            }
            return;
        }
        match schema.as_str() {
            s if s == EventA::NAME => child::<EventA>(decode, name, n),
            s if s == BatchB::NAME => child::<BatchB>(decode, name, n),
            s if s == WideC::NAME => child::<WideC>(decode, name, n),
            other => panic!("unknown schema {other}"),
        }
        return;
    }
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    let files = args.iter().any(|a| a == "--files");
    let words: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    let (schema_words, contender_words): (Vec<String>, Vec<String>) =
        words.into_iter().partition(|w| {
            [EventA::NAME, BatchB::NAME, WideC::NAME]
                .iter()
                .any(|s| s.contains(w.as_str()))
        });
    let selected = |name: &str| {
        schema_words.is_empty() || schema_words.iter().any(|w| name.contains(w.as_str()))
    };
    let records = std::env::var("AVRO_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let profile = std::env::var("AVRO_BENCH_PROFILE").unwrap_or_else(|_| "release".into());
    eprintln!("avro-bench instructions: profile {profile}, {records} records per schema (batch_b a tenth)");
    let mut rows = Vec::new();
    if selected(EventA::NAME) {
        rows.extend(run_schema::<EventA>(records, &contender_words));
    }
    if selected(BatchB::NAME) {
        rows.extend(run_schema::<BatchB>(records, &contender_words));
    }
    if selected(WideC::NAME) {
        rows.extend(run_schema::<WideC>(records, &contender_words));
    }
    println!("{}", table(&rows, &profile));
    if files {
        let mut file_rows = Vec::new();
        if selected(EventA::NAME) {
            file_rows.extend(container_rows::<EventA>(records));
        }
        if selected(BatchB::NAME) {
            file_rows.extend(container_rows::<BatchB>(records));
        }
        println!("{}", file_table(&file_rows));
        rows.extend(file_rows);
    }
    if let Ok(path) = std::env::var("AVRO_BENCH_TSV") {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        for r in &rows {
            writeln!(
                file,
                "{profile}\t{}\t{}\t{}\t{:.1}\t{:.2}",
                r.schema, r.direction, r.contender, r.counts.instructions, r.counts.mispredicts
            )
            .expect("write the TSV");
        }
    }
}
