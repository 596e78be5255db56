//! Verification, timing in rounds of rotating order, paired ratios and the report.
//!
//! Method (shared/bench/README.md): all contenders run in one process on the same records; first every
//! encoder's output is checked byte-identical to ours (maps: compared after decoding, since map order
//! differs) and every decoder is checked to return the original records; then rounds run every
//! contender once over the whole record set, in an order rotated by one each round, and the report
//! gives medians of per-round paired ratios (time of a contender ÷ time of the hand-written codec
//! in the same round: [`HAND`] for decode, [`HAND_ONCE`] for encode) and median MB/s.

use std::hint::black_box;
use std::time::{Duration, Instant};

use apache_avro::reader::datum::GenericDatumReader;
use apache_avro::writer::datum::GenericDatumWriter;
use avro_runtime::container::{Codec, Reader, WriterBuilder};
use avro_runtime::{AvroSchema, Decode, Encode, KnownWriters};
use prost::Message;

use crate::rng::Rng;
use crate::schemas::BenchSchema;

/// Our generated code.
pub const OURS: &str = "ours (avro-build)";
/// The hand-written decoder ([`crate::hand`]): the decode baseline.
pub const HAND: &str = "hand-written";
/// The hand-written safe encoder, `Vec` pushes ([`crate::hand`]).
pub const HAND_SAFE: &str = "hand-written safe";
/// The hand-written reserve-once encoder ([`crate::hand`]): the encode baseline.
pub const HAND_ONCE: &str = "hand-written reserve-once";
/// serde_avro_fast with owned structs.
pub const SAF: &str = "serde_avro_fast";
/// serde_avro_fast with `&str`/`&[u8]` borrowed from the input (decode only).
pub const SAF_BORROWED: &str = "serde_avro_fast borrowed";
/// apache-avro `GenericDatumReader::read_deser` / `GenericDatumWriter::write_ser`.
pub const APACHE_SERDE: &str = "apache-avro serde";
/// apache-avro `to_value` + `write_value_ref` / `read_value` + `from_value`.
pub const APACHE_VALUE: &str = "apache-avro Value";
/// prost with equivalent hand-written messages.
pub const PROST: &str = "prost";

/// Every contender, in report order.
pub const CONTENDERS: [&str; 9] = [
    OURS,
    HAND,
    HAND_SAFE,
    HAND_ONCE,
    SAF,
    SAF_BORROWED,
    APACHE_SERDE,
    APACHE_VALUE,
    PROST,
];

/// The contender every ratio of a case is taken against: the hand-written codec.
pub fn baseline(decode: bool) -> &'static str {
    if decode {
        HAND
    } else {
        HAND_ONCE
    }
}

/// How much to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Distinct records for "cold"; also the number of operations per pass in both modes.
    pub records: usize,
    /// Distinct records for "hot", cycled to `records` operations per pass.
    pub hot_records: usize,
    /// Timed rounds.
    pub rounds: usize,
    /// Untimed rounds first.
    pub warmup: usize,
    /// If non-empty, only the contenders whose name contains one of these run (ours and the
    /// hand-written baseline always run).
    pub only: Vec<String>,
    /// If non-empty, only the cases whose name contains one of these run ("hot", "cold encode", ...).
    pub cases: Vec<String>,
}

impl Options {
    /// The reported configuration: 10,000 cold records, 32 hot, 31 rounds.
    pub fn full() -> Self {
        Options {
            records: 10_000,
            hot_records: 32,
            rounds: 31,
            warmup: 2,
            only: Vec::new(),
            cases: Vec::new(),
        }
    }

    /// A smoke run that takes seconds.
    pub fn quick() -> Self {
        Options {
            records: 1_000,
            hot_records: 32,
            rounds: 5,
            warmup: 1,
            only: Vec::new(),
            cases: Vec::new(),
        }
    }
}

/// Many datums in one buffer, as they would arrive from a file or a batch of messages.
#[derive(Debug, Default)]
pub struct Encoded {
    buf: Vec<u8>,
    ends: Vec<usize>,
}

impl Encoded {
    fn push(&mut self, datum: &[u8]) {
        self.buf.extend_from_slice(datum);
        self.ends.push(self.buf.len());
    }

    /// Datum `i`.
    #[inline]
    pub fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }

    /// Number of datums.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Total bytes.
    pub fn total_bytes(&self) -> usize {
        self.buf.len()
    }
}

/// The records of one schema in every contender's form, and their encodings.
pub struct Dataset<S: BenchSchema> {
    /// The serde model (what apache-avro and serde_avro_fast encode).
    pub model: Vec<S::Model>,
    /// Our generated type.
    pub ours: Vec<S::Ours>,
    /// Prost messages.
    pub pb: Vec<S::Pb>,
    /// Avro datums, as encoded by ours (verified byte-identical to the peers').
    pub avro: Encoded,
    /// Protobuf encodings of `pb`.
    pub pb_bytes: Encoded,
}

impl<S: BenchSchema> Dataset<S> {
    /// `n` records from the generator seeded with `S::SEED`.
    pub fn generate(n: usize) -> Self {
        let mut rng = Rng::new(S::SEED);
        let model: Vec<S::Model> = (0..n).map(|_| S::generate(&mut rng)).collect();
        let ours: Vec<S::Ours> = model.iter().map(S::to_ours).collect();
        let pb: Vec<S::Pb> = model.iter().map(S::to_pb).collect();
        let mut avro = Encoded::default();
        let mut pb_bytes = Encoded::default();
        let mut buf = Vec::new();
        for (o, p) in ours.iter().zip(&pb) {
            buf.clear();
            o.encode(&mut buf).expect("ours encodes");
            avro.push(&buf);
            buf.clear();
            p.encode(&mut buf).expect("prost encodes");
            pb_bytes.push(&buf);
        }
        Dataset {
            model,
            ours,
            pb,
            avro,
            pb_bytes,
        }
    }
}

/// Schemas parsed once for the peers.
pub struct PeerSchemas {
    /// apache-avro's.
    pub apache: apache_avro::Schema,
    /// serde_avro_fast's.
    pub saf: serde_avro_fast::Schema,
}

impl PeerSchemas {
    /// Parses `S::SCHEMA_JSON` for both peers.
    pub fn new<S: BenchSchema>() -> Self {
        PeerSchemas {
            apache: apache_avro::Schema::parse_str(S::SCHEMA_JSON).expect("apache-avro parses"),
            saf: S::SCHEMA_JSON.parse().expect("serde_avro_fast parses"),
        }
    }

    fn reader(&self) -> GenericDatumReader<'_> {
        GenericDatumReader::builder(&self.apache)
            .build()
            .expect("apache-avro reader")
    }

    /// The writer as a user gets it by default (`validate` on for the `Value` path).
    fn writer(&self) -> GenericDatumWriter<'_> {
        GenericDatumWriter::builder(&self.apache)
            .build()
            .expect("apache-avro writer")
    }
}

// ---------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------

/// Checks, on every record of `data`, that each peer encoder produces our bytes (for schemas with
/// maps: the same length, and bytes that decode to the original record), that each decoder returns
/// the original record from our bytes, and that prost round-trips its messages.
pub fn verify<S: BenchSchema>(data: &Dataset<S>, schemas: &PeerSchemas) -> Result<(), String> {
    let reader = schemas.reader();
    let writer = schemas.writer();
    let mut saf_config = serde_avro_fast::ser::SerializerConfig::new(&schemas.saf);
    let name = S::NAME;
    let mut buf = Vec::new();

    for i in 0..data.model.len() {
        let model = &data.model[i];
        let ours_rec = &data.ours[i];
        let ours_bytes = data.avro.get(i);
        let fail = |what: &str, detail: String| Err(format!("{name} record {i}: {what}: {detail}"));

        // Our own API is consistent.
        let vec = ours_rec.to_avro_vec().map_err(|e| e.to_string())?;
        if vec != ours_bytes {
            return fail("ours to_avro_vec differs from encode", String::new());
        }

        // Encoders.
        let check_encoding = |who: &str, bytes: &[u8]| -> Result<(), String> {
            if S::HAS_MAPS {
                if bytes.len() != ours_bytes.len() {
                    return fail(
                        who,
                        format!("{} bytes, ours {}", bytes.len(), ours_bytes.len()),
                    );
                }
                match S::Ours::from_avro_slice(bytes) {
                    Ok(back) if back == *ours_rec => Ok(()),
                    Ok(back) => fail(who, format!("decodes to {back:?}")),
                    Err(e) => fail(who, format!("output does not decode: {e}")),
                }
            } else if bytes != ours_bytes {
                fail(who, format!("bytes {bytes:?}\n  ours {ours_bytes:?}"))
            } else {
                Ok(())
            }
        };
        buf.clear();
        S::hand_encode_push(ours_rec, &mut buf);
        check_encoding(HAND_SAFE, &buf)?;
        buf.clear();
        S::hand_encode_put(ours_rec, &mut buf);
        check_encoding(HAND_ONCE, &buf)?;
        buf.clear();
        serde_avro_fast::to_datum(model, &mut buf, &mut saf_config)
            .map_err(|e| format!("{name} record {i}: {SAF} encode: {e}"))?;
        check_encoding(SAF, &buf)?;
        buf.clear();
        writer
            .write_ser(&mut buf, model)
            .map_err(|e| format!("{name} record {i}: {APACHE_SERDE} encode: {e}"))?;
        check_encoding(APACHE_SERDE, &buf)?;
        buf.clear();
        let value = apache_avro::to_value(model)
            .map_err(|e| format!("{name} record {i}: {APACHE_VALUE} to_value: {e}"))?;
        writer
            .write_value_ref(&mut buf, &value)
            .map_err(|e| format!("{name} record {i}: {APACHE_VALUE} encode: {e}"))?;
        check_encoding(APACHE_VALUE, &buf)?;

        // Decoders, all from our bytes.
        match S::Ours::from_avro_slice(ours_bytes) {
            Ok(v) if v == *ours_rec => {}
            other => return fail(OURS, format!("decoded {other:?}")),
        }
        match S::hand_decode(ours_bytes) {
            Ok(v) if v == *ours_rec => {}
            other => return fail(HAND, format!("decoded {other:?}")),
        }
        match serde_avro_fast::from_datum_slice::<S::Model>(ours_bytes, &schemas.saf) {
            Ok(v) if v == *model => {}
            other => return fail(SAF, format!("decoded {other:?}")),
        }
        match serde_avro_fast::from_datum_slice::<S::Borrowed<'_>>(ours_bytes, &schemas.saf) {
            Ok(v) if S::borrowed_to_model(&v) == *model => {}
            Ok(v) => {
                return fail(
                    SAF_BORROWED,
                    format!("decoded {:?}", S::borrowed_to_model(&v)),
                )
            }
            Err(e) => return fail(SAF_BORROWED, e.to_string()),
        }
        match reader.read_deser::<S::Model>(&mut &ours_bytes[..]) {
            Ok(v) if v == *model => {}
            other => return fail(APACHE_SERDE, format!("decoded {other:?}")),
        }
        let value = reader
            .read_value(&mut &ours_bytes[..])
            .map_err(|e| format!("{name} record {i}: {APACHE_VALUE} read_value: {e}"))?;
        match apache_avro::from_value::<S::Model>(&value) {
            Ok(v) if v == *model => {}
            other => return fail(APACHE_VALUE, format!("decoded {other:?}")),
        }

        // prost: the message is the record, and round-trips.
        if data.pb[i] != S::to_pb(model) {
            return fail(PROST, "message differs from record".into());
        }
        buf.clear();
        data.pb[i].encode(&mut buf).map_err(|e| e.to_string())?;
        if buf != data.pb_bytes.get(i) {
            return fail(PROST, "encoding not deterministic".into());
        }
        match S::Pb::decode(data.pb_bytes.get(i)) {
            Ok(v) if v == data.pb[i] => {}
            other => return fail(PROST, format!("decoded {other:?}")),
        }
    }
    Ok(())
}

/// Generates `n` records of `S` and verifies them (see [`verify`]).
pub fn verify_schema<S: BenchSchema>(n: usize) -> Result<(), String> {
    let data = Dataset::<S>::generate(n);
    verify(&data, &PeerSchemas::new::<S>())
}

// ---------------------------------------------------------------------------------------------
// Container files
// ---------------------------------------------------------------------------------------------

/// Whether apache-avro, as built for the benches (without its optional codecs), reads files of
/// `codec`.
pub fn apache_reads(codec: Codec) -> bool {
    matches!(codec, Codec::Null | Codec::Deflate)
}

/// The container file of the records of `data`, written by our writer (~64 KB blocks).
pub fn write_container_file<S: BenchSchema>(data: &Dataset<S>, codec: Codec) -> Vec<u8>
where
    S::Ours: KnownWriters + AvroSchema,
{
    let mut writer = WriterBuilder::new()
        .codec(codec)
        .build::<S::Ours, _>(Vec::new())
        .expect("writer");
    writer.extend(&data.ours).expect("append");
    writer.finish().expect("finish")
}

/// The container file of `records` records of `S` ([`write_container_file`]), checked: our
/// reader returns the records, and so does apache-avro's (through `from_value`) for the codecs
/// it reads here ([`apache_reads`]).
pub fn container_file<S: BenchSchema>(records: usize, codec: Codec) -> Vec<u8>
where
    S::Ours: KnownWriters + AvroSchema,
{
    let data = Dataset::<S>::generate(records);
    let file = write_container_file(&data, codec);
    let ours: Vec<S::Ours> = Reader::<_, S::Ours>::new(file.as_slice())
        .expect("reader")
        .collect::<Result<_, _>>()
        .expect("ours reads");
    assert!(
        ours == data.ours,
        "{} / {codec}: ours read other records",
        S::NAME
    );
    if apache_reads(codec) {
        let apache: Vec<S::Model> = apache_avro::Reader::new(file.as_slice())
            .expect("apache-avro reader")
            .map(|v| apache_avro::from_value(&v.expect("decodes")).expect("from_value"))
            .collect();
        assert!(
            apache == data.model,
            "{} / {codec}: apache-avro read other records",
            S::NAME
        );
    }
    file
}

// ---------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------

/// Processes the records at the given indices once; returns a value to keep alive.
pub type Pass<'a> = Box<dyn FnMut(&[usize]) -> usize + 'a>;

/// One contender.
pub struct Contender<'a> {
    /// Its name in reports (one of [`CONTENDERS`]).
    pub name: &'static str,
    /// One pass over the given records.
    pub run: Pass<'a>,
}

/// Every contender that decodes (`decode`) or encodes the records of `data`.
pub fn contenders<'a, S: BenchSchema>(
    data: &'a Dataset<S>,
    schemas: &'a PeerSchemas,
    decode: bool,
) -> Vec<Contender<'a>> {
    if decode {
        decoders(data, schemas)
    } else {
        encoders(data, schemas)
    }
}

fn decoders<'a, S: BenchSchema>(
    data: &'a Dataset<S>,
    schemas: &'a PeerSchemas,
) -> Vec<Contender<'a>> {
    let reader = schemas.reader();
    let reader_value = schemas.reader();
    vec![
        Contender {
            name: OURS,
            run: Box::new(move |order| {
                for &i in order {
                    let v = S::Ours::from_avro_slice(data.avro.get(i)).expect("ours decodes");
                    black_box(v);
                }
                order.len()
            }),
        },
        Contender {
            name: HAND,
            run: Box::new(move |order| {
                for &i in order {
                    let v = S::hand_decode(data.avro.get(i)).expect("hand-written decodes");
                    black_box(v);
                }
                order.len()
            }),
        },
        Contender {
            name: SAF,
            run: Box::new(move |order| {
                for &i in order {
                    let v: S::Model =
                        serde_avro_fast::from_datum_slice(data.avro.get(i), &schemas.saf)
                            .expect("serde_avro_fast decodes");
                    black_box(v);
                }
                order.len()
            }),
        },
        Contender {
            name: SAF_BORROWED,
            run: Box::new(move |order| {
                for &i in order {
                    let v: S::Borrowed<'_> =
                        serde_avro_fast::from_datum_slice(data.avro.get(i), &schemas.saf)
                            .expect("serde_avro_fast decodes");
                    black_box(v);
                }
                order.len()
            }),
        },
        Contender {
            name: APACHE_SERDE,
            run: Box::new(move |order| {
                for &i in order {
                    let v: S::Model = reader
                        .read_deser(&mut data.avro.get(i))
                        .expect("apache-avro decodes");
                    black_box(v);
                }
                order.len()
            }),
        },
        Contender {
            name: APACHE_VALUE,
            run: Box::new(move |order| {
                for &i in order {
                    let value = reader_value
                        .read_value(&mut data.avro.get(i))
                        .expect("apache-avro decodes");
                    let v: S::Model = apache_avro::from_value(&value).expect("from_value");
                    black_box(v);
                }
                order.len()
            }),
        },
        Contender {
            name: PROST,
            run: Box::new(move |order| {
                for &i in order {
                    let v = S::Pb::decode(data.pb_bytes.get(i)).expect("prost decodes");
                    black_box(v);
                }
                order.len()
            }),
        },
    ]
}

/// Encoders; each writes every record into one reused buffer, cleared before each record.
fn encoders<'a, S: BenchSchema>(
    data: &'a Dataset<S>,
    schemas: &'a PeerSchemas,
) -> Vec<Contender<'a>> {
    let writer = schemas.writer();
    let writer_value = schemas.writer();
    let mut saf_config = serde_avro_fast::ser::SerializerConfig::new(&schemas.saf);
    let buffer = || Vec::<u8>::with_capacity(1 << 16);
    let (mut b_ours, mut b_saf, mut b_apache, mut b_value, mut b_pb) =
        (buffer(), buffer(), buffer(), buffer(), buffer());
    let (mut b_push, mut b_put) = (buffer(), buffer());
    vec![
        Contender {
            name: OURS,
            run: Box::new(move |order| {
                let mut n = 0;
                for &i in order {
                    b_ours.clear();
                    data.ours[i].encode(&mut b_ours).expect("ours encodes");
                    n += black_box(&b_ours).len();
                }
                n
            }),
        },
        Contender {
            name: HAND_SAFE,
            run: Box::new(move |order| {
                let mut n = 0;
                for &i in order {
                    b_push.clear();
                    S::hand_encode_push(&data.ours[i], &mut b_push);
                    n += black_box(&b_push).len();
                }
                n
            }),
        },
        Contender {
            name: HAND_ONCE,
            run: Box::new(move |order| {
                let mut n = 0;
                for &i in order {
                    b_put.clear();
                    S::hand_encode_put(&data.ours[i], &mut b_put);
                    n += black_box(&b_put).len();
                }
                n
            }),
        },
        Contender {
            name: SAF,
            run: Box::new(move |order| {
                let mut n = 0;
                for &i in order {
                    b_saf.clear();
                    serde_avro_fast::to_datum(&data.model[i], &mut b_saf, &mut saf_config)
                        .expect("serde_avro_fast encodes");
                    n += black_box(&b_saf).len();
                }
                n
            }),
        },
        Contender {
            name: APACHE_SERDE,
            run: Box::new(move |order| {
                let mut n = 0;
                for &i in order {
                    b_apache.clear();
                    writer
                        .write_ser(&mut b_apache, &data.model[i])
                        .expect("apache-avro encodes");
                    n += black_box(&b_apache).len();
                }
                n
            }),
        },
        Contender {
            name: APACHE_VALUE,
            run: Box::new(move |order| {
                let mut n = 0;
                for &i in order {
                    b_value.clear();
                    let value = apache_avro::to_value(&data.model[i]).expect("to_value");
                    writer_value
                        .write_value_ref(&mut b_value, &value)
                        .expect("apache-avro encodes");
                    n += black_box(&b_value).len();
                }
                n
            }),
        },
        Contender {
            name: PROST,
            run: Box::new(move |order| {
                let mut n = 0;
                for &i in order {
                    b_pb.clear();
                    data.pb[i].encode(&mut b_pb).expect("prost encodes");
                    n += black_box(&b_pb).len();
                }
                n
            }),
        },
    ]
}

/// CPU time consumed by the calling thread.
///
/// Contenders are timed in thread CPU time rather than wall time: on a shared 2-core machine a
/// pass that happens to be descheduled would otherwise be charged the other process's time slice,
/// which biases medians against the slower (longer) passes.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable `timespec`; CLOCK_THREAD_CPUTIME_ID is supported on every
    // Linux and macOS this runs on. The return value is checked.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Timings of one contender, one entry per timed round.
#[derive(Debug, Clone, Default)]
struct Timings {
    /// Thread CPU time of each pass (what ratios and MB/s are computed from).
    cpu: Vec<Duration>,
    /// Wall time of each pass (only to report how much the machine interfered).
    wall: Vec<Duration>,
}

/// Runs `warmup + rounds` rounds; in round `r` the contenders start at index `r % n` and wrap.
/// Returns the timed durations per contender, in round order.
fn run_rounds(contenders: &mut [Contender<'_>], order: &[usize], opts: &Options) -> Vec<Timings> {
    let n = contenders.len();
    let mut times = vec![Timings::default(); n];
    for round in 0..opts.warmup + opts.rounds {
        for k in 0..n {
            let c = (round + k) % n;
            let wall = Instant::now();
            let cpu = thread_cpu_time();
            let out = (contenders[c].run)(order);
            let cpu = thread_cpu_time() - cpu;
            let wall = wall.elapsed();
            black_box(out);
            if round >= opts.warmup {
                times[c].cpu.push(cpu);
                times[c].wall.push(wall);
            }
        }
    }
    times
}

/// Median and quartiles of a sample.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    /// Median.
    pub median: f64,
    /// First quartile.
    pub q1: f64,
    /// Third quartile.
    pub q3: f64,
}

impl Stats {
    fn of(mut xs: Vec<f64>) -> Stats {
        xs.sort_by(f64::total_cmp);
        let at = |q: f64| {
            let pos = q * (xs.len() - 1) as f64;
            let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
            xs[lo] + (xs[hi] - xs[lo]) * (pos - lo as f64)
        };
        Stats {
            median: at(0.5),
            q1: at(0.25),
            q3: at(0.75),
        }
    }
}

/// One contender's result in one case.
#[derive(Debug, Clone)]
pub struct Row {
    /// Contender name.
    pub name: &'static str,
    /// Median throughput in MB/s (10^6 bytes of Avro datum per second of thread CPU time).
    pub mb_per_s: f64,
    /// Per-round time of this contender ÷ time of the hand-written baseline, in the same round.
    pub ratio: Stats,
    /// Per-round wall time ÷ CPU time: 1 when nothing else ran on this core.
    pub wall_over_cpu: Stats,
}

/// Results of one case (e.g. cold decode).
#[derive(Debug, Clone)]
pub struct Case {
    /// "cold decode", "hot decode", "cold encode", "hot encode".
    pub name: &'static str,
    /// The contender the ratios are taken against.
    pub base: &'static str,
    /// One row per contender, ours first.
    pub rows: Vec<Row>,
}

impl Case {
    /// The row of `name`, if that contender ran in this case.
    pub fn row(&self, name: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.name == name)
    }
}

fn summarise(
    name: &'static str,
    base: &'static str,
    contenders: &[Contender<'_>],
    times: &[Timings],
    bytes: usize,
) -> Case {
    let base = contenders
        .iter()
        .position(|c| c.name == base)
        .expect("the baseline runs");
    let rows = contenders
        .iter()
        .zip(times)
        .map(|(c, t)| {
            let secs: Vec<f64> = t.cpu.iter().map(Duration::as_secs_f64).collect();
            let ratios = secs
                .iter()
                .zip(&times[base].cpu)
                .map(|(p, o)| p / o.as_secs_f64())
                .collect();
            let wall_over_cpu = t
                .wall
                .iter()
                .zip(&t.cpu)
                .map(|(w, c)| w.as_secs_f64() / c.as_secs_f64())
                .collect();
            Row {
                name: c.name,
                mb_per_s: bytes as f64 / Stats::of(secs).median / 1e6,
                ratio: Stats::of(ratios),
                wall_over_cpu: Stats::of(wall_over_cpu),
            }
        })
        .collect();
    Case {
        name,
        base: contenders[base].name,
        rows,
    }
}

/// Everything measured for one schema.
#[derive(Debug, Clone)]
pub struct SchemaReport {
    /// Schema short name.
    pub schema: &'static str,
    /// Distinct cold records.
    pub records: usize,
    /// Mean Avro datum size.
    pub avro_mean: f64,
    /// Mean protobuf message size.
    pub pb_mean: f64,
    /// Cold decode, hot decode, cold encode, hot encode.
    pub cases: Vec<Case>,
}

/// Generates, verifies and times one schema.
pub fn run_schema<S: BenchSchema>(opts: &Options) -> Result<SchemaReport, String> {
    let data = Dataset::<S>::generate(opts.records);
    let schemas = PeerSchemas::new::<S>();
    verify(&data, &schemas)?;

    let cold: Vec<usize> = (0..opts.records).collect();
    let hot: Vec<usize> = (0..opts.records).map(|i| i % opts.hot_records).collect();
    let bytes = |order: &[usize]| order.iter().map(|&i| data.avro.get(i).len()).sum::<usize>();

    let mut cases = Vec::new();
    for (case, order, decode) in [
        ("cold decode", &cold, true),
        ("hot decode", &hot, true),
        ("cold encode", &cold, false),
        ("hot encode", &hot, false),
    ] {
        if !opts.cases.is_empty() && !opts.cases.iter().any(|c| case.contains(c.as_str())) {
            continue;
        }
        let mut contenders = contenders(&data, &schemas, decode);
        let base = baseline(decode);
        contenders.retain(|c| {
            c.name == OURS
                || c.name == base
                || opts.only.is_empty()
                || opts.only.iter().any(|o| c.name.contains(o.as_str()))
        });
        let times = run_rounds(&mut contenders, order, opts);
        cases.push(summarise(case, base, &contenders, &times, bytes(order)));
    }
    Ok(SchemaReport {
        schema: S::NAME,
        records: opts.records,
        avro_mean: data.avro.total_bytes() as f64 / data.avro.len() as f64,
        pb_mean: data.pb_bytes.total_bytes() as f64 / data.pb_bytes.len() as f64,
        cases,
    })
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

/// A markdown table: one row per contender, MB/s and the median ratio (time of the contender ÷
/// time of the hand-written baseline of the case, same round) per case.
pub fn table(report: &SchemaReport) -> String {
    let mut s = format!(
        "### {} ({} records, mean Avro datum {:.1} B, protobuf {:.1} B)\n\n",
        report.schema, report.records, report.avro_mean, report.pb_mean
    );
    s.push_str("| contender |");
    for case in &report.cases {
        s.push_str(&format!(" {} MB/s | ÷ hand |", case.name));
    }
    s.push_str("\n|---|");
    for _ in &report.cases {
        s.push_str("---:|---:|");
    }
    s.push('\n');
    for name in CONTENDERS {
        if !report.cases.iter().any(|c| c.row(name).is_some()) {
            continue;
        }
        s.push_str(&format!("| {name} |"));
        for case in &report.cases {
            match case.row(name) {
                Some(r) if r.name == case.base => s.push_str(&format!(" {:.0} | 1 |", r.mb_per_s)),
                Some(r) => s.push_str(&format!(" {:.0} | {:.2} |", r.mb_per_s, r.ratio.median)),
                None => s.push_str(" — | — |"),
            }
        }
        s.push('\n');
    }
    s
}

/// Ratio quartiles, to show how stable the pairing was.
pub fn spread(report: &SchemaReport) -> String {
    let mut s = String::from("ratio quartiles (q1–q3):");
    for case in &report.cases {
        for r in case.rows.iter().filter(|r| r.name != case.base) {
            s.push_str(&format!(
                "\n  {:<12} {:<26} {:.2}–{:.2}",
                case.name, r.name, r.ratio.q1, r.ratio.q3
            ));
        }
    }
    let worst = report
        .cases
        .iter()
        .flat_map(|c| &c.rows)
        .map(|r| r.wall_over_cpu.q3)
        .fold(1.0, f64::max);
    s.push_str(&format!(
        "\ninterference: worst q3 of per-pass wall time ÷ CPU time {worst:.2} (1.00 = the core was ours)\n"
    ));
    s
}

/// The goals of issue #12 in time: ours at least as fast as the hand-written reserve-once
/// encoder (speed ≥ 1.0, speed = time of hand-written ÷ time of ours) and 1.1× faster than the
/// hand-written decoder.
pub fn goals(report: &SchemaReport) -> String {
    let mut s = String::new();
    for (dir, goal) in [("decode", 1.1), ("encode", 1.0)] {
        let mut parts = Vec::new();
        let mut all_met = true;
        for mode in ["cold", "hot"] {
            let case_name = format!("{mode} {dir}");
            let case = report.cases.iter().find(|c| c.name == case_name);
            if let Some(r) = case.and_then(|c| c.row(OURS)) {
                let speed = 1.0 / r.ratio.median;
                all_met &= speed >= goal;
                parts.push(format!("{mode} {speed:.2}×"));
            }
        }
        if !parts.is_empty() {
            s.push_str(&format!(
                "goal {} {dir}: ours ≥ {goal}× the hand-written speed: {} → {}\n",
                report.schema,
                parts.join(", "),
                if all_met { "MET" } else { "NOT MET" }
            ));
        }
    }
    s
}
