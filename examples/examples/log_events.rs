//! Schema evolution, log_event scenario: events written with versions 1, 2 and 3 of a schema
//! flow through one stream of single-object frames, and land in container files, one per writer
//! version, as a rolling deploy leaves them; each version's generated type reads all of them, and
//! so does a reader generated from version 3 alone (run-time resolution of v1 and v2). Prints
//! which path decoded what (own schema, decoder generated for a known earlier writer, or run-time
//! plan), the compatibility matrix, and throughput.
//!
//! Run: `cargo run --release -p examples --example log_events`

use std::collections::BTreeMap;
use std::time::Instant;

use avro_runtime::framing::single_object::{self, SingleObjectDecoder};
use avro_runtime::framing::DecodePath;
use avro_runtime::KnownWriters;
use avro_schema::compat::{can_read, CompatibilityMode};
use avro_schema::resolve::Side;
use examples::log_scenario::{produce, read_files, versions, write_files, FILES};
use examples::log_v1::com::example::logs::LogEvent as V1;
use examples::log_v2::com::example::logs::LogEvent as V2;
use examples::log_v3::com::example::logs::LogEvent as V3;
use examples::log_v3_alone::com::example::logs::LogEvent as V3Alone;
use examples::Registry;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let (messages, registry) = produce(20_000)?;
    println!(
        "{} events from producers on v1, v2 and v3\n",
        messages.len()
    );

    println!("decode paths (reader <- writer: path x count)");
    report::<V1>("v1", &messages, &registry)?;
    report::<V2>("v2", &messages, &registry)?;
    report::<V3>("v3", &messages, &registry)?;

    let dir = std::env::temp_dir().join(format!("log-events-{}", std::process::id()));
    let per_file = 20_000;
    write_files(&dir, per_file)?;
    println!(
        "\ncontainer files in {} ({per_file} events each), read by each version's type",
        dir.display()
    );
    report_files::<V1>("v1", &dir)?;
    report_files::<V2>("v2", &dir)?;
    report_files::<V3>("v3", &dir)?;
    report_files::<V3Alone>("v3 alone", &dir)?;
    std::fs::remove_dir_all(&dir)?;

    println!("\ncompatibility (can the reader read the writer's data?)");
    let parsed: Vec<_> = versions()
        .iter()
        .map(|(label, json)| (label.to_string(), parse(json)))
        .collect();
    print!("{:>10}", "reader \\ writer");
    for (w, _) in &parsed {
        print!("{w:>6}");
    }
    println!();
    for (r, (rset, rschema)) in &parsed {
        print!("{r:>15}");
        for (_, (wset, wschema)) in &parsed {
            let ok = can_read(
                Side {
                    set: rset,
                    schema: rschema,
                },
                Side {
                    set: wset,
                    schema: wschema,
                },
            )
            .is_empty();
            print!("{:>6}", if ok { "yes" } else { "no" });
        }
        println!();
    }
    let modes = [
        CompatibilityMode::Backward,
        CompatibilityMode::Forward,
        CompatibilityMode::Full,
        CompatibilityMode::FullTransitive,
    ];
    for mode in modes {
        let history: Vec<_> = parsed
            .iter()
            .map(|(label, (set, schema))| avro_schema::compat::Version {
                label,
                side: Side { set, schema },
            })
            .collect();
        let errors = avro_schema::compat::check(mode, &history);
        let verdict = if errors.is_empty() {
            "holds for v1 -> v2 -> v3".to_string()
        } else {
            format!("{} incompatibilities", errors.len())
        };
        println!("{:<17} {verdict}", mode.to_string());
    }
    Ok(())
}

fn parse(json: &str) -> (avro_schema::ir::SchemaSet, avro_schema::ir::Schema) {
    let value = avro_schema::parse::parse_json("schema.avsc".as_ref(), json).expect("valid JSON");
    let set = avro_schema::validate::validate_json("schema.avsc".as_ref(), &value)
        .set
        .expect("valid schema");
    let schema = set.roots[0].schema.clone();
    (set, schema)
}

/// Decodes the whole stream as `T`, printing the paths taken and the throughput.
fn report<T: KnownWriters>(
    label: &str,
    messages: &[Vec<u8>],
    registry: &Registry,
) -> avro_runtime::Result<()> {
    let reader = SingleObjectDecoder::<T, _>::new(registry);
    let names: BTreeMap<u64, &str> = versions()
        .iter()
        .map(|(l, json)| (fingerprint(json), *l))
        .collect();
    let mut counts: BTreeMap<(&str, DecodePath), usize> = BTreeMap::new();
    let start = Instant::now();
    for message in messages {
        let (_, path) = reader.decode_traced(message)?;
        let writer = single_object::fingerprint_of(message)?;
        *counts.entry((names[&writer], path)).or_default() += 1;
    }
    let elapsed = start.elapsed();
    let summary: Vec<String> = counts
        .iter()
        .map(|((w, path), n)| format!("{label} <- {w}: {path:?} x {n}"))
        .collect();
    println!(
        "  {}  ({:.0} events/s)",
        summary.join(", "),
        messages.len() as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}

/// Reads every container file as `T`, printing the path per file and the throughput.
fn report_files<T: KnownWriters>(
    label: &str,
    dir: &std::path::Path,
) -> Result<(), examples::log_scenario::Error> {
    let start = Instant::now();
    let files = read_files::<T>(dir)?;
    let elapsed = start.elapsed();
    let events: usize = files.iter().map(|f| f.events.len()).sum();
    let summary: Vec<String> = files
        .iter()
        .zip(FILES)
        .map(|(f, name)| format!("{name}: {:?} x {}", f.path, f.events.len()))
        .collect();
    println!(
        "  {label:<8} {}  ({:.0} events/s)",
        summary.join(", "),
        events as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}

fn fingerprint(json: &str) -> u64 {
    let (set, schema) = parse(json);
    avro_schema::fingerprint::rabin(
        avro_schema::canonical::canonical_form(&set, &schema).as_bytes(),
    )
}
