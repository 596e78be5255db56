//! `cargo bench -p avro-bench`: ours vs apache-avro, serde_avro_fast and prost on the three benchmark
//! schemas (see BENCHMARKS.md for the method and results).
//!
//! Options (after `--`): `--quick` (or `AVRO_BENCH_QUICK=1`) for a smoke run of a few seconds;
//! `AVRO_BENCH_ROUNDS=N` / `AVRO_BENCH_RECORDS=N` change the number of timed rounds / of records; any other word selects the schemas whose
//! name contains it (`event_a`, `batch_b`, `wide_c`). For profiling, `AVRO_BENCH_ONLY=prost,...` keeps
//! only the named contenders besides ours (`AVRO_BENCH_ONLY=ours` keeps ours alone) and
//! `AVRO_BENCH_CASES=hot,cold encode,...` only the matching cases. Without `--bench` (as under `cargo test
//! --benches`) only the equivalence check runs, on a few hundred records.

use avro_bench::harness::{self, Options, SchemaReport};
use avro_bench::schemas::{BatchB, BenchSchema, EventA, WideC};

/// Generates, verifies and times one schema.
type RunSchema = fn(&Options) -> Result<SchemaReport, String>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filters: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    let selected = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f));

    if !args.iter().any(|a| a == "--bench") {
        for (name, result) in [
            (EventA::NAME, harness::verify_schema::<EventA>(200)),
            (BatchB::NAME, harness::verify_schema::<BatchB>(50)),
            (WideC::NAME, harness::verify_schema::<WideC>(200)),
        ] {
            match result {
                Ok(()) => println!("{name}: all contenders agree"),
                Err(e) => panic!("{e}"),
            }
        }
        return;
    }

    let quick = args.iter().any(|a| a == "--quick")
        || std::env::var("AVRO_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
    let mut opts = if quick {
        Options::quick()
    } else {
        Options::full()
    };
    let number = |var: &str| {
        std::env::var(var)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
    };
    if let Some(rounds) = number("AVRO_BENCH_ROUNDS") {
        opts.rounds = rounds;
    }
    if let Some(records) = number("AVRO_BENCH_RECORDS") {
        opts.records = records.max(opts.hot_records);
    }
    let list = |var: &str| -> Vec<String> {
        std::env::var(var)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    opts.only = list("AVRO_BENCH_ONLY");
    opts.cases = list("AVRO_BENCH_CASES");
    println!(
        "avro-bench: {} cold records, {} hot records cycled to {} operations per pass, {} timed rounds \
         (+{} warm-up), {} CPUs available{}",
        opts.records,
        opts.hot_records,
        opts.records,
        opts.rounds,
        opts.warmup,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        if quick { " [QUICK]" } else { "" }
    );
    println!(
        "Times are thread CPU time. MB/s = 10^6 bytes of Avro datum per second (prost: the same \
         records);"
    );
    println!(
        "÷ hand = median of per-round (time of contender ÷ time of the hand-written codec: the \
         decoder, or the reserve-once encoder), > 1 means slower than hand-written.\n"
    );

    let runs: [(&str, RunSchema); 3] = [
        (EventA::NAME, harness::run_schema::<EventA>),
        (BatchB::NAME, harness::run_schema::<BatchB>),
        (WideC::NAME, harness::run_schema::<WideC>),
    ];
    let started = std::time::Instant::now();
    for (name, run) in runs {
        if !selected(name) {
            continue;
        }
        let t = std::time::Instant::now();
        let report = run(&opts).unwrap_or_else(|e| panic!("verification failed: {e}"));
        println!("{}", harness::table(&report));
        println!("{}", harness::goals(&report));
        println!("{}", harness::spread(&report));
        println!("({name}: {:.1} s)\n", t.elapsed().as_secs_f64());
    }
    println!("total {:.1} s", started.elapsed().as_secs_f64());
}
