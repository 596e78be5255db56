//! `cargo bench -p avro-bench --bench container`: reading a whole object container file, ours
//! (`avro_runtime::container::Reader` with the generated type) against apache-avro's `Reader`, on
//! the same file, for the `null` and `deflate` codecs.
//!
//! The file is written once by our writer (default ~64 KB blocks) from the benchmark records and
//! checked first: our reader returns the records, and apache-avro's returns the same records
//! (through `from_value`). Then rounds run each contender once over the whole file, in an order
//! rotated every round, timed in thread CPU time; the report gives the median of the per-round
//! ratios (apache-avro's time ÷ ours) and median MB/s of file bytes.
//!
//! Contenders: ours (typed records); apache-avro `Reader` yielding `Value`s (what it offers for
//! files); apache-avro `Reader` + `from_value` into the serde model (typed records, like ours).
//!
//! Every codec is read by ours; apache-avro (built here without its optional codecs) reads the
//! `null` and `deflate` files. With `AVRO_BENCH_FILES_DIR=dir`, each file is also written to
//! `dir/SCHEMA-CODEC.avro` and ours' median time appended to `dir/ours.tsv`, for
//! `scripts/bench-fastavro.sh` (fastavro reading the same files).
//!
//! Options (after `--`): `--quick` for a smoke run; `AVRO_BENCH_ROUNDS=N`, `AVRO_BENCH_RECORDS=N`.
//! Without `--bench` (as under `cargo test --benches`) only the check runs, on a few records.

use std::hint::black_box;
use std::time::Duration;

use avro_bench::harness::{apache_reads, container_file};
use avro_bench::schemas::{BatchB, BenchSchema, EventA};
use avro_runtime::container::{Codec, Reader};
use avro_runtime::{AvroSchema, KnownWriters};

fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable `timespec`; the return value is checked.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

const OURS: &str = "ours (container::Reader)";
const APACHE_VALUE: &str = "apache-avro Reader (Value)";
const APACHE_SERDE: &str = "apache-avro Reader + from_value";

/// One contender: reads the whole file, returns the number of records.
type Run<'a> = Box<dyn Fn(&[u8]) -> usize + 'a>;

fn contenders<S: BenchSchema>(codec: Codec) -> Vec<(&'static str, Run<'static>)>
where
    S::Ours: KnownWriters + AvroSchema,
{
    let mut all: Vec<(&'static str, Run<'static>)> = vec![
        (
            OURS,
            Box::new(|file: &[u8]| {
                let mut n = 0;
                for record in Reader::<_, S::Ours>::new(file).expect("our reader") {
                    black_box(record.expect("ours decodes"));
                    n += 1;
                }
                n
            }),
        ),
        (
            APACHE_VALUE,
            Box::new(|file: &[u8]| {
                let mut n = 0;
                for value in apache_avro::Reader::new(file).expect("apache-avro reader") {
                    black_box(value.expect("apache-avro decodes"));
                    n += 1;
                }
                n
            }),
        ),
        (
            APACHE_SERDE,
            Box::new(|file: &[u8]| {
                let mut n = 0;
                for value in apache_avro::Reader::new(file).expect("apache-avro reader") {
                    let value = value.expect("apache-avro decodes");
                    black_box(apache_avro::from_value::<S::Model>(&value).expect("from_value"));
                    n += 1;
                }
                n
            }),
        ),
    ];
    if !apache_reads(codec) {
        all.truncate(1);
    }
    all
}

/// Writes the file and checks that both readers return the records.
fn file_of<S: BenchSchema>(records: usize, codec: Codec) -> (Vec<u8>, usize)
where
    S::Ours: KnownWriters + AvroSchema,
{
    (container_file::<S>(records, codec), records)
}

fn bench<S: BenchSchema>(records: usize, rounds: usize, codec: Codec)
where
    S::Ours: KnownWriters + AvroSchema,
{
    let (file, n) = file_of::<S>(records, codec);
    let runs = contenders::<S>(codec);
    let mut cpu: Vec<Vec<Duration>> = vec![Vec::new(); runs.len()];
    let warmup = 2;
    for round in 0..rounds + warmup {
        for k in 0..runs.len() {
            let c = (round + k) % runs.len();
            let start = thread_cpu_time();
            let got = (runs[c].1)(&file);
            let spent = thread_cpu_time() - start;
            assert_eq!(got, n);
            if round >= warmup {
                cpu[c].push(spent);
            }
        }
    }
    let mb = file.len() as f64 / 1e6;
    println!(
        "\n{} / {codec}: {n} records, file {:.2} MB, {rounds} rounds",
        S::NAME,
        mb
    );
    println!(
        "  {:<34} {:>10} {:>12} {:>16}",
        "contender", "MB/s", "records/s", "time ÷ ours"
    );
    if let Ok(dir) = std::env::var("AVRO_BENCH_FILES_DIR") {
        use std::io::Write;
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).expect("create AVRO_BENCH_FILES_DIR");
        std::fs::write(dir.join(format!("{}-{codec}.avro", S::NAME)), &file).expect("write file");
        let secs = median(cpu[0].iter().map(Duration::as_secs_f64).collect());
        let mut tsv = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("ours.tsv"))
            .expect("open ours.tsv");
        writeln!(tsv, "{}\t{codec}\t{n}\t{}\t{secs}", S::NAME, file.len()).expect("write");
    }
    for (c, (name, _)) in runs.iter().enumerate() {
        let secs = median(cpu[c].iter().map(Duration::as_secs_f64).collect());
        let ratio = median(
            cpu[c]
                .iter()
                .zip(&cpu[0])
                .map(|(p, o)| p.as_secs_f64() / o.as_secs_f64())
                .collect(),
        );
        println!(
            "  {:<34} {:>10.1} {:>12.0} {:>15.2}x",
            name,
            mb / secs,
            n as f64 / secs,
            ratio
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") {
        for &codec in Codec::ALL {
            file_of::<EventA>(300, codec);
            file_of::<BatchB>(30, codec);
        }
        println!("container: both readers return the records");
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let number = |var: &str| {
        std::env::var(var)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
    };
    let rounds = number("AVRO_BENCH_ROUNDS").unwrap_or(if quick { 3 } else { 15 });
    let records = number("AVRO_BENCH_RECORDS").unwrap_or(if quick { 5_000 } else { 100_000 });
    for &codec in Codec::ALL {
        bench::<EventA>(records, rounds, codec);
        bench::<BatchB>((records / 10).max(1), rounds, codec);
    }
}
