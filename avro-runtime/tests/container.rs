//! Object container files (feature `container` and every codec feature): round trips, files
//! checked in both directions against apache-avro, block limits, writer-schema dispatch (own,
//! known writer, run-time resolution), header and block corruption (truncation at every offset,
//! flipped bytes, wrong sync markers, absurd sizes — always an `Err`, never a panic, records of
//! earlier blocks intact), and the canonical form against avro-schema's.

#![cfg(all(
    feature = "container",
    feature = "deflate",
    feature = "snappy",
    feature = "zstandard",
    feature = "bzip2",
    feature = "xz",
    feature = "resolve"
))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use apache_avro::types::Value as AValue;
use avro_runtime::container::{
    canonical_form, rabin_fingerprint, Codec, DecodePath, Reader, Writer, WriterBuilder,
    DEFAULT_BLOCK_BYTES, MAGIC,
};
use avro_runtime::resolve::ParsedSchema;
use avro_runtime::{
    encode, AvroSchema, Decode, Encode, Error, KnownWriters, Reader as Datums, Result,
};

// -------------------------------------------------------------------------------------------------
// Allocation probe: the largest single allocation made by the current thread.

struct Probe;

thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Probe {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = LARGEST.try_with(|l| l.set(l.get().max(layout.size())));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = LARGEST.try_with(|l| l.set(l.get().max(new_size)));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static PROBE: Probe = Probe;

/// Runs `f` and returns its result and the largest allocation it made on this thread.
fn largest_allocation<R>(f: impl FnOnce() -> R) -> (R, usize) {
    LARGEST.with(|l| l.set(0));
    let r = f();
    (r, LARGEST.with(Cell::get))
}

// -------------------------------------------------------------------------------------------------
// Types written the way avro-build generates them.

const EVENT_SCHEMA: &str = r#"{"type":"record","name":"Event","namespace":"test.container","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"tags","type":{"type":"array","items":"string"},"default":[]},{"name":"score","type":["null","double"],"default":null},{"name":"payload","type":"bytes","default":""}]}"#;

/// An earlier version: no tags, score or payload.
const EVENT_V1_SCHEMA: &str = r#"{"type":"record","name":"Event","namespace":"test.container","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"}]}"#;

/// A later version the reader does not know: an extra field, fields in another order, `id` an
/// `int` (promoted to `long`).
const EVENT_V3_SCHEMA: &str = r#"{"type":"record","name":"Event","namespace":"test.container","fields":[{"name":"name","type":"string"},{"name":"extra","type":"int"},{"name":"id","type":"int"},{"name":"payload","type":"bytes"}]}"#;

#[derive(Debug, Clone, PartialEq)]
struct Event {
    id: i64,
    name: String,
    tags: Vec<String>,
    score: Option<f64>,
    payload: Vec<u8>,
}

impl AvroSchema for Event {
    const SCHEMA_JSON: &'static str = EVENT_SCHEMA;
    const CANONICAL_FORM: &'static str = r#"{"name":"test.container.Event","type":"record","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"tags","type":{"type":"array","items":"string"}},{"name":"score","type":["null","double"]},{"name":"payload","type":"bytes"}]}"#;
    const RABIN_FINGERPRINT: u64 = rabin_fingerprint(Self::CANONICAL_FORM.as_bytes());
    const MD5_FINGERPRINT: [u8; 16] = [0; 16];
    const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
}

impl Encode for Event {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        encode::long(out, self.id);
        encode::string(out, &self.name);
        if !self.tags.is_empty() {
            encode::block_len(out, self.tags.len());
            for t in &self.tags {
                encode::string(out, t);
            }
        }
        encode::block_len(out, 0);
        match self.score {
            None => encode::union_index(out, 0),
            Some(s) => {
                encode::union_index(out, 1);
                encode::double(out, s);
            }
        }
        encode::bytes(out, &self.payload);
        Ok(())
    }
}

fn decode_tags(r: &mut Datums<'_>) -> Result<Vec<String>> {
    let mut tags = Vec::new();
    loop {
        let n = r.read_block_len(1)?;
        if n == 0 {
            return Ok(tags);
        }
        tags.reserve(n);
        for _ in 0..n {
            tags.push(r.read_string()?);
        }
    }
}

impl<'a> Decode<'a> for Event {
    fn decode(r: &mut Datums<'a>) -> Result<Self> {
        Ok(Event {
            id: r.read_long().map_err(|e| e.in_field("id"))?,
            name: r.read_string().map_err(|e| e.in_field("name"))?,
            tags: decode_tags(r).map_err(|e| e.in_field("tags"))?,
            score: match r.read_union_index(2).map_err(|e| e.in_field("score"))? {
                0 => None,
                _ => Some(r.read_double().map_err(|e| e.in_field("score"))?),
            },
            payload: r.read_byte_vec().map_err(|e| e.in_field("payload"))?,
        })
    }
}

const V1_CANONICAL: &str = r#"{"name":"test.container.Event","type":"record","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"}]}"#;
const V1_FINGERPRINT: u64 = rabin_fingerprint(V1_CANONICAL.as_bytes());

impl KnownWriters for Event {
    const WRITERS: &'static [(u64, &'static str)] = &[
        (Self::RABIN_FINGERPRINT, EVENT_SCHEMA),
        (V1_FINGERPRINT, EVENT_V1_SCHEMA),
    ];

    fn decode_written_with(fingerprint: u64, r: &mut Datums<'_>) -> Option<Result<Self>> {
        match fingerprint {
            Self::RABIN_FINGERPRINT => Some(Self::decode(r)),
            V1_FINGERPRINT => Some((|| {
                Ok(Event {
                    id: r.read_long()?,
                    name: r.read_string()?,
                    tags: Vec::new(),
                    score: None,
                    payload: Vec::new(),
                })
            })()),
            _ => None,
        }
    }
}

/// A type with the writer schema `S` (for writing files of other versions).
struct Versioned<const V: u8>(Vec<u8>);

impl AvroSchema for Versioned<1> {
    const SCHEMA_JSON: &'static str = EVENT_V1_SCHEMA;
    const CANONICAL_FORM: &'static str = V1_CANONICAL;
    const RABIN_FINGERPRINT: u64 = V1_FINGERPRINT;
    const MD5_FINGERPRINT: [u8; 16] = [0; 16];
    const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
}

impl AvroSchema for Versioned<3> {
    const SCHEMA_JSON: &'static str = EVENT_V3_SCHEMA;
    const CANONICAL_FORM: &'static str = "";
    const RABIN_FINGERPRINT: u64 = 0;
    const MD5_FINGERPRINT: [u8; 16] = [0; 16];
    const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
}

/// Same canonical form as `Event`, other text: docs, attributes, member order, whitespace.
impl AvroSchema for Versioned<2> {
    const SCHEMA_JSON: &'static str = r#"{
      "namespace": "test.container", "name": "Event", "doc": "an event", "type": "record",
      "fields": [
        {"type": "long", "name": "id", "doc": "the id"},
        {"name": "name", "type": {"type": "string", "avro.java.string": "String"}},
        {"name": "tags", "type": {"items": "string", "type": "array"}},
        {"name": "score", "type": ["null", {"type": "double"}]},
        {"name": "payload", "type": "bytes", "aliases": ["data"]}
      ]}"#;
    const CANONICAL_FORM: &'static str = "";
    const RABIN_FINGERPRINT: u64 = 0;
    const MD5_FINGERPRINT: [u8; 16] = [0; 16];
    const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
}

impl<const V: u8> Encode for Versioned<V> {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&self.0);
        Ok(())
    }
}

/// A type whose encoding fails for negative values, after writing part of the datum.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fallible(i64);

impl AvroSchema for Fallible {
    const SCHEMA_JSON: &'static str = r#"{"type":"record","name":"F","fields":[{"name":"a","type":"long"},{"name":"b","type":"long"}]}"#;
    const CANONICAL_FORM: &'static str = r#"{"name":"F","type":"record","fields":[{"name":"a","type":"long"},{"name":"b","type":"long"}]}"#;
    const RABIN_FINGERPRINT: u64 = rabin_fingerprint(Self::CANONICAL_FORM.as_bytes());
    const MD5_FINGERPRINT: [u8; 16] = [0; 16];
    const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
}

impl Encode for Fallible {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        encode::long(out, self.0);
        if self.0 < 0 {
            return Err(Error::custom("negative"));
        }
        encode::long(out, self.0 * 2);
        Ok(())
    }
}

impl<'a> Decode<'a> for Fallible {
    fn decode(r: &mut Datums<'a>) -> Result<Self> {
        let a = r.read_long()?;
        let b = r.read_long()?;
        if b != a * 2 {
            return Err(Error::custom("b is not 2a"));
        }
        Ok(Fallible(a))
    }
}

// -------------------------------------------------------------------------------------------------
// Helpers.

/// Deterministic events of varied sizes.
fn events(n: usize) -> Vec<Event> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|i| {
            let r = next();
            Event {
                id: (r as i64) >> (r % 64),
                name: format!("event-{i}-{}", "é".repeat((r % 7) as usize)),
                tags: (0..(r % 4)).map(|t| format!("t{t}")).collect(),
                score: (r % 3 != 0).then(|| (r % 1000) as f64 / 7.0),
                payload: (0..(r % 40) as u8).collect(),
            }
        })
        .collect()
}

fn event_value(e: &Event) -> AValue {
    AValue::Record(vec![
        ("id".into(), AValue::Long(e.id)),
        ("name".into(), AValue::String(e.name.clone())),
        (
            "tags".into(),
            AValue::Array(e.tags.iter().cloned().map(AValue::String).collect()),
        ),
        (
            "score".into(),
            match e.score {
                None => AValue::Union(0, Box::new(AValue::Null)),
                Some(s) => AValue::Union(1, Box::new(AValue::Double(s))),
            },
        ),
        ("payload".into(), AValue::Bytes(e.payload.clone())),
    ])
}

fn write_with(values: &[Event], builder: WriterBuilder) -> Vec<u8> {
    let mut w: Writer<Vec<u8>, Event> = builder.build(Vec::new()).unwrap();
    w.extend(values).unwrap();
    w.finish().unwrap()
}

/// Every record yielded, and the error that ended the iteration if any.
fn read_all<T: KnownWriters>(file: &[u8]) -> Result<(Vec<T>, Option<Error>)> {
    let reader = Reader::<_, T>::new(file)?;
    let mut out = Vec::new();
    for item in reader {
        match item {
            Ok(v) => out.push(v),
            Err(e) => return Ok((out, Some(e))),
        }
    }
    Ok((out, None))
}

/// A block: `(start, records, data_start, data_len, end)`, where `end` is just after the sync
/// marker.
type Block = (usize, u64, usize, usize, usize);

/// The end of the header and the blocks, parsed independently of the reader.
fn blocks(file: &[u8]) -> (usize, Vec<Block>) {
    fn long(file: &[u8], pos: &mut usize) -> i64 {
        let mut r = Datums::new(&file[*pos..]);
        let v = r.read_long().unwrap();
        *pos += r.position();
        v
    }
    let mut pos = 4;
    loop {
        let n = long(file, &mut pos);
        if n == 0 {
            break;
        }
        let n = if n < 0 {
            long(file, &mut pos);
            -n
        } else {
            n
        };
        for _ in 0..2 * n {
            let len = long(file, &mut pos) as usize;
            pos += len;
        }
    }
    pos += 16;
    let header_end = pos;
    let mut out = Vec::new();
    while pos < file.len() {
        let start = pos;
        let count = long(file, &mut pos) as u64;
        let size = long(file, &mut pos) as usize;
        let data = pos;
        pos += size + 16;
        out.push((start, count, data, size, pos));
    }
    (header_end, out)
}

/// A header with the given metadata entries (and a zero sync marker), no blocks.
fn header(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut h = MAGIC.to_vec();
    encode::block_len(&mut h, entries.len());
    for (k, v) in entries {
        encode::string(&mut h, k);
        encode::bytes(&mut h, v);
    }
    encode::block_len(&mut h, 0);
    h.extend_from_slice(&[0; 16]);
    h
}

fn apache_codecs() -> Vec<(Codec, apache_avro::Codec)> {
    vec![
        (Codec::Null, apache_avro::Codec::Null),
        (
            Codec::Deflate,
            apache_avro::Codec::Deflate(apache_avro::DeflateSettings::default()),
        ),
        (Codec::Snappy, apache_avro::Codec::Snappy),
        (
            Codec::Zstandard,
            apache_avro::Codec::Zstandard(apache_avro::ZstandardSettings::default()),
        ),
        (
            Codec::Bzip2,
            apache_avro::Codec::Bzip2(apache_avro::Bzip2Settings::default()),
        ),
        (
            Codec::Xz,
            apache_avro::Codec::Xz(apache_avro::XzSettings::default()),
        ),
    ]
}

// -------------------------------------------------------------------------------------------------
// Round trips and apache-avro in both directions.

#[test]
fn every_codec_round_trips_over_many_blocks() {
    assert_eq!(Codec::ALL.len(), 6);
    let values = events(3000);
    for &codec in Codec::ALL {
        let file = write_with(&values, WriterBuilder::new().codec(codec).block_bytes(4096));
        let (_, blocks) = blocks(&file);
        assert!(blocks.len() > 10, "{codec}: {} blocks", blocks.len());
        let mut reader = Reader::<_, Event>::new(file.as_slice()).unwrap();
        assert_eq!(reader.codec(), codec);
        assert_eq!(reader.decode_path(), DecodePath::Own);
        assert_eq!(reader.writer_schema(), EVENT_SCHEMA);
        assert_eq!(reader.writer_fingerprint(), Event::RABIN_FINGERPRINT);
        assert_eq!(reader.metadata()["avro.codec"], codec.name().as_bytes());
        let back: Vec<Event> = reader.by_ref().collect::<Result<_>>().unwrap();
        assert_eq!(back, values, "{codec}");
        assert_eq!(reader.blocks_read(), blocks.len() as u64);
        assert_eq!(reader.position(), file.len() as u64);
        assert!(reader.next().is_none());
    }
}

#[test]
fn empty_files_have_a_header_only() {
    for &codec in Codec::ALL {
        let file = write_with(&[], WriterBuilder::new().codec(codec));
        let (header_end, blocks) = blocks(&file);
        assert_eq!((header_end, blocks.len()), (file.len(), 0));
        let (values, err) = read_all::<Event>(&file).unwrap();
        assert!(values.is_empty() && err.is_none());
        let apache: Vec<_> = apache_avro::Reader::new(file.as_slice()).unwrap().collect();
        assert!(apache.is_empty());
    }
}

#[test]
fn apache_avro_reads_our_files_of_every_codec() {
    let values = events(1500);
    let expected: Vec<AValue> = values.iter().map(event_value).collect();
    for (codec, _) in apache_codecs() {
        let file = write_with(
            &values,
            WriterBuilder::new()
                .codec(codec)
                .block_bytes(8192)
                .metadata("origin", &b"\x00\xffbinary"[..])
                .unwrap(),
        );
        let reader = apache_avro::Reader::new(file.as_slice()).unwrap();
        assert_eq!(
            reader.user_metadata().get("origin").map(Vec::as_slice),
            Some(&b"\x00\xffbinary"[..])
        );
        let read: Vec<AValue> = reader.map(|v| v.unwrap()).collect();
        assert_eq!(read, expected, "{codec}");
    }
}

#[test]
fn we_read_apache_avro_files_of_every_codec() {
    let schema = apache_avro::Schema::parse_str(EVENT_SCHEMA).unwrap();
    let values = events(1500);
    for (codec, apache_codec) in apache_codecs() {
        let mut w = apache_avro::Writer::with_codec(&schema, Vec::new(), apache_codec).unwrap();
        for v in &values {
            w.append_value(event_value(v)).unwrap();
        }
        let file = w.into_inner().unwrap();
        let reader = Reader::<_, Event>::new(file.as_slice()).unwrap();
        assert_eq!(reader.codec(), codec);
        // apache-avro writes its own rendering of the schema: same canonical form.
        assert_eq!(reader.decode_path(), DecodePath::Own);
        let back: Vec<Event> = reader.collect::<Result<_>>().unwrap();
        assert_eq!(back, values, "{codec}");
    }
}

#[test]
fn compression_levels() {
    let values = events(500);
    for (codec, levels) in [
        (Codec::Deflate, vec![0, 1, 9]),
        (Codec::Zstandard, vec![-5, 1, 19]),
        (Codec::Bzip2, vec![1, 9]),
        (Codec::Xz, vec![0, 9]),
    ] {
        let (min, max, default) = codec.levels().unwrap();
        assert!(min <= default && default <= max);
        for level in levels {
            let file = write_with(&values, WriterBuilder::new().codec(codec).level(level));
            let (back, err) = read_all::<Event>(&file).unwrap();
            assert!(err.is_none());
            assert_eq!(back, values, "{codec} level {level}");
        }
        for bad in [min - 1, max + 1] {
            let e = WriterBuilder::new()
                .codec(codec)
                .level(bad)
                .build::<Event, _>(Vec::new())
                .unwrap_err();
            assert!(e.to_string().contains("outside"), "{e}");
        }
    }
    for codec in [Codec::Null, Codec::Snappy] {
        assert!(codec.levels().is_none());
        let e = WriterBuilder::new()
            .codec(codec)
            .level(1)
            .build::<Event, _>(Vec::new())
            .unwrap_err();
        assert!(e.to_string().contains("no compression levels"), "{e}");
    }
}

#[test]
fn codec_names() {
    for &codec in Codec::ALL {
        assert_eq!(Codec::from_name(codec.name()).unwrap(), codec);
        assert_eq!(codec.to_string(), codec.name());
    }
    let e = Codec::from_name("lz4").unwrap_err();
    assert!(e.to_string().contains("unknown codec \"lz4\""), "{e}");
    assert_eq!(Codec::default(), Codec::Null);
}

// -------------------------------------------------------------------------------------------------
// Writer behaviour.

#[test]
fn block_limits() {
    let values = events(1000);
    // Records per block.
    let file = write_with(&values, WriterBuilder::new().block_records(7));
    let (_, b) = blocks(&file);
    assert_eq!(b.len(), 1000usize.div_ceil(7));
    assert!(b[..b.len() - 1].iter().all(|blk| blk.1 == 7));
    assert_eq!(b.last().unwrap().1, 1000 % 7);
    // Bytes per block: never above the limit unless one record alone is larger.
    for limit in [1, 50, 300, 1000, 4096] {
        let file = write_with(&values, WriterBuilder::new().block_bytes(limit));
        let (_, b) = blocks(&file);
        for blk in &b {
            assert!(blk.3 <= limit || blk.1 == 1, "limit {limit}: {blk:?}");
        }
        assert_eq!(b.iter().map(|blk| blk.1).sum::<u64>(), 1000);
        let (back, err) = read_all::<Event>(&file).unwrap();
        assert!(err.is_none());
        assert_eq!(back, values);
    }
    // A record larger than the limit gets a block of its own.
    let mut big = events(3);
    big[1].payload = vec![7; 3 * DEFAULT_BLOCK_BYTES];
    let file = write_with(&big, WriterBuilder::new());
    let (_, b) = blocks(&file);
    assert_eq!(b.iter().map(|blk| blk.1).collect::<Vec<_>>(), [1, 1, 1]);
    assert_eq!(read_all::<Event>(&file).unwrap().0, big);
    // The default limits: ~64 KB blocks.
    let many = events(20_000);
    let file = write_with(&many, WriterBuilder::new());
    let (_, b) = blocks(&file);
    assert!(b.len() > 3);
    for blk in &b[..b.len() - 1] {
        assert!(
            blk.3 <= DEFAULT_BLOCK_BYTES && blk.3 > DEFAULT_BLOCK_BYTES - 200,
            "{blk:?}"
        );
    }
}

#[test]
fn flush_ends_a_block_and_finish_returns_the_output() {
    let values = events(5);
    let mut w = Writer::<Vec<u8>, Event>::new(Vec::new()).unwrap();
    w.extend(&values[..3]).unwrap();
    assert_eq!(w.blocks_written(), 0);
    w.flush().unwrap();
    assert_eq!(w.blocks_written(), 1);
    // What was flushed is a complete file already.
    let (partial, err) = read_all::<Event>(w.get_ref()).unwrap();
    assert_eq!((partial.as_slice(), err), (&values[..3], None));
    w.flush().unwrap(); // no empty block
    w.extend(&values[3..]).unwrap();
    assert_eq!(w.records_written(), 5);
    let file = w.finish().unwrap();
    let (_, b) = blocks(&file);
    assert_eq!(b.iter().map(|blk| blk.1).collect::<Vec<_>>(), [3, 2]);
    assert_eq!(read_all::<Event>(&file).unwrap().0, values);
}

#[test]
fn dropping_the_writer_writes_the_last_block() {
    let values = events(10);
    let mut out = Vec::new();
    {
        let mut w = Writer::<&mut Vec<u8>, Event>::with_codec(&mut out, Codec::Deflate).unwrap();
        w.extend(&values).unwrap();
    }
    assert_eq!(read_all::<Event>(&out).unwrap().0, values);
}

#[test]
fn an_encoding_error_leaves_the_writer_usable() {
    let mut w = Writer::<Vec<u8>, Fallible>::new(Vec::new()).unwrap();
    w.append(&Fallible(1)).unwrap();
    assert!(w.append(&Fallible(-1)).is_err());
    w.append(&Fallible(2)).unwrap();
    let file = w.finish().unwrap();
    let back: Vec<Fallible> = Reader::<_, Fallible>::plain(file.as_slice())
        .unwrap()
        .collect::<Result<_>>()
        .unwrap();
    assert_eq!(back, [Fallible(1), Fallible(2)]);
}

#[test]
fn write_errors_stop_the_writer() {
    struct Full(usize);
    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0 < buf.len() {
                return Err(std::io::Error::other("disk full"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    assert!(Writer::<_, Event>::new(Full(10)).is_err());
    let mut w = WriterBuilder::new()
        .block_records(1)
        .build::<Event, _>(Full(EVENT_SCHEMA.len() + 100))
        .unwrap();
    let values = events(100);
    let e = values.iter().find_map(|v| w.append(v).err()).unwrap();
    assert!(e.to_string().contains("disk full"), "{e}");
    assert!(w
        .append(&values[0])
        .unwrap_err()
        .to_string()
        .contains("earlier write"));
    assert!(w.finish().is_err());
}

#[test]
fn sync_markers_and_metadata() {
    let values = events(50);
    // Random markers differ between files.
    let a = Writer::<Vec<u8>, Event>::new(Vec::new()).unwrap();
    let b = Writer::<Vec<u8>, Event>::new(Vec::new()).unwrap();
    assert_ne!(a.sync_marker(), b.sync_marker());
    // A fixed marker, stored in the metadata too (as syncInMeta.avro does), with the magic bytes.
    let sync = *b"0123456789abcdef";
    let file = write_with(
        &values,
        WriterBuilder::new()
            .sync_marker(sync)
            .block_records(8)
            .metadata("copy.of.sync", sync.to_vec())
            .unwrap()
            .metadata("magic", MAGIC.to_vec())
            .unwrap()
            .metadata("text", "first")
            .unwrap()
            .metadata("text", "second")
            .unwrap(),
    );
    let reader = Reader::<_, Event>::new(file.as_slice()).unwrap();
    assert_eq!(reader.sync_marker(), sync);
    let meta = reader.metadata();
    assert_eq!(meta["copy.of.sync"], sync);
    assert_eq!(meta["magic"], MAGIC);
    assert_eq!(meta["text"], b"second");
    assert_eq!(meta.len(), 5);
    assert_eq!(reader.collect::<Result<Vec<_>>>().unwrap(), values);
    // Reserved keys.
    let e = WriterBuilder::new()
        .metadata("avro.codec", "x")
        .unwrap_err();
    assert!(e.to_string().contains("reserved"), "{e}");
}

#[test]
fn header_maps_with_negative_block_counts_and_several_blocks() {
    // Metadata written as two map blocks, the first with a negative count and a byte size.
    let mut h = MAGIC.to_vec();
    let mut first = Vec::new();
    encode::string(&mut first, "avro.schema");
    encode::string(&mut first, EVENT_SCHEMA);
    encode::long(&mut h, -1);
    encode::long(&mut h, first.len() as i64);
    h.extend_from_slice(&first);
    encode::long(&mut h, 1);
    encode::string(&mut h, "avro.codec");
    encode::string(&mut h, "null");
    encode::long(&mut h, 0);
    h.extend_from_slice(&[9; 16]);
    let values = events(3);
    let mut data = Vec::new();
    for v in &values {
        v.encode(&mut data).unwrap();
    }
    encode::long(&mut h, 3);
    encode::long(&mut h, data.len() as i64);
    h.extend_from_slice(&data);
    h.extend_from_slice(&[9; 16]);
    assert_eq!(read_all::<Event>(&h).unwrap(), (values, None));
    // No codec in the header means null.
    let file = header(&[("avro.schema", EVENT_SCHEMA.as_bytes())]);
    let reader = Reader::<_, Event>::new(file.as_slice()).unwrap();
    assert_eq!(reader.codec(), Codec::Null);
}

// -------------------------------------------------------------------------------------------------
// Writer schemas: own, known writer, resolved, incompatible.

#[test]
fn writer_schemas_choose_the_decode_path() {
    let values = events(40);
    let mut v1 = Vec::new();
    let mut v2 = Vec::new();
    let mut v3 = Vec::new();
    for (i, e) in values.iter().enumerate() {
        let mut b = Vec::new();
        encode::long(&mut b, e.id);
        encode::string(&mut b, &e.name);
        v1.push(Versioned::<1>(b));
        v2.push(Versioned::<2>(e.to_avro_vec().unwrap()));
        let mut b = Vec::new();
        encode::string(&mut b, &e.name);
        encode::int(&mut b, i as i32 * 3);
        encode::int(&mut b, i as i32 - 20);
        encode::bytes(&mut b, &e.payload);
        v3.push(Versioned::<3>(b));
    }
    fn file<T: AvroSchema + Encode>(values: &[T], codec: Codec) -> Vec<u8> {
        let mut w = WriterBuilder::new()
            .codec(codec)
            .block_records(16)
            .build::<T, _>(Vec::new())
            .unwrap();
        w.extend(values).unwrap();
        w.finish().unwrap()
    }
    for codec in [Codec::Null, Codec::Deflate] {
        // Same canonical form, other text.
        let reader = Reader::<_, Event>::new(Cursor::new(file(&v2, codec))).unwrap();
        assert_eq!(reader.decode_path(), DecodePath::Own);
        assert_eq!(reader.writer_fingerprint(), Event::RABIN_FINGERPRINT);
        assert_eq!(reader.collect::<Result<Vec<_>>>().unwrap(), values);

        // A known earlier writer: its generated decoder.
        let reader = Reader::<_, Event>::new(Cursor::new(file(&v1, codec))).unwrap();
        assert_eq!(reader.decode_path(), DecodePath::KnownWriter);
        assert_eq!(reader.writer_fingerprint(), V1_FINGERPRINT);
        let back = reader.collect::<Result<Vec<_>>>().unwrap();
        for (b, e) in back.iter().zip(&values) {
            assert_eq!(
                (b.id, &b.name, b.tags.len(), b.score),
                (e.id, &e.name, 0, None)
            );
        }
        // `plain` does not use known writers: run-time resolution instead, same values.
        let reader = Reader::<_, Event>::plain(Cursor::new(file(&v1, codec))).unwrap();
        assert_eq!(reader.decode_path(), DecodePath::Resolved);
        assert_eq!(reader.collect::<Result<Vec<_>>>().unwrap(), back);

        // An unknown writer: resolved at run time.
        let reader = Reader::<_, Event>::new(Cursor::new(file(&v3, codec))).unwrap();
        assert_eq!(reader.decode_path(), DecodePath::Resolved);
        let back = reader.collect::<Result<Vec<_>>>().unwrap();
        assert_eq!(back.len(), values.len());
        for (i, (b, e)) in back.iter().zip(&values).enumerate() {
            assert_eq!(b.id, i as i64 - 20);
            assert_eq!((&b.name, &b.payload), (&e.name, &e.payload));
            assert_eq!((b.tags.len(), b.score), (0, None));
        }
    }
    // A writer that cannot be read as Event.
    let file = header(&[(
        "avro.schema",
        br#"{"type":"record","name":"test.container.Event","fields":[{"name":"id","type":"string"}]}"#,
    )]);
    let e = Reader::<_, Event>::new(file.as_slice()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("cannot be read as"), "{msg}");
    assert!(msg.contains("Event"), "{msg}");
    // An invalid writer schema.
    let file = header(&[("avro.schema", b"{\"type\": \"recor")]);
    let e = Reader::<_, Event>::new(file.as_slice()).unwrap_err();
    assert!(e.to_string().contains("writer schema"), "{e}");
}

// -------------------------------------------------------------------------------------------------
// Header errors.

#[test]
fn header_errors() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (Vec::new(), "not an Avro object container file"),
        (b"Ob".to_vec(), "not an Avro object container file"),
        (
            b"PK\x03\x04rest".to_vec(),
            "not an Avro object container file",
        ),
        (
            b"Obj\x00\x04abcd".to_vec(),
            "unsupported container file version 0",
        ),
        (b"Obj\x02".to_vec(), "unsupported container file version 2"),
        (header(&[("avro.codec", b"null")]), "no avro.schema"),
        (
            header(&[
                ("avro.schema", EVENT_SCHEMA.as_bytes()),
                ("avro.codec", b"lz4"),
            ]),
            "unknown codec \"lz4\"",
        ),
        (
            header(&[
                ("avro.schema", EVENT_SCHEMA.as_bytes()),
                ("avro.codec", b"\xff"),
            ]),
            "avro.codec is not UTF-8",
        ),
        (
            header(&[("avro.schema", b"\xff\xfe")]),
            "avro.schema is not UTF-8",
        ),
        (
            {
                let mut h = MAGIC.to_vec();
                encode::long(&mut h, 1);
                encode::bytes(&mut h, b"\xc3\x28");
                h
            },
            "metadata key is not UTF-8",
        ),
        (
            {
                let mut h = MAGIC.to_vec();
                encode::long(&mut h, 1);
                encode::long(&mut h, -5);
                h
            },
            "negative length",
        ),
        (
            {
                let mut h = MAGIC.to_vec();
                encode::long(&mut h, -1);
                encode::long(&mut h, -1);
                h
            },
            "metadata block size -1",
        ),
        (
            {
                let mut h = MAGIC.to_vec();
                h.extend_from_slice(&[0xff; 11]);
                h
            },
            "not a valid long",
        ),
    ];
    for (input, expected) in cases {
        let e = Reader::<_, Event>::new(input.as_slice()).unwrap_err();
        assert!(
            e.to_string().contains(expected),
            "{e} (expected {expected:?})"
        );
        assert!(e.offset().is_some(), "{e}");
    }
}

#[test]
fn truncated_headers_are_errors_at_every_offset() {
    let file = write_with(&events(3), WriterBuilder::new().metadata("k", "v").unwrap());
    let (header_end, _) = blocks(&file);
    for cut in 0..header_end {
        let e = Reader::<_, Event>::new(&file[..cut]).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("truncated") || msg.contains("not an Avro object container file"),
            "cut {cut}: {msg}"
        );
    }
}

#[test]
fn absurd_declared_sizes_allocate_nothing_large() {
    // A metadata value declaring 400 MiB in a tiny file.
    let mut h = MAGIC.to_vec();
    encode::long(&mut h, 1);
    encode::string(&mut h, "avro.schema");
    encode::long(&mut h, 400 << 20);
    h.extend_from_slice(b"{\"type\"");
    let (r, largest) = largest_allocation(|| Reader::<_, Event>::new(h.as_slice()).map(drop));
    let e = r.unwrap_err();
    assert!(e.to_string().contains("truncated"), "{e}");
    assert!(largest < 2 << 20, "largest allocation {largest}");
    // Beyond any limit.
    let mut h = MAGIC.to_vec();
    encode::long(&mut h, 1);
    encode::string(&mut h, "avro.schema");
    encode::long(&mut h, i64::MAX);
    let e = Reader::<_, Event>::new(h.as_slice()).unwrap_err();
    assert!(e.to_string().contains("more than the limit"), "{e}");

    // Blocks declaring 400 MiB, 2^62 bytes, a negative size, 2^62 records.
    let base = header(&[("avro.schema", EVENT_SCHEMA.as_bytes())]);
    let block = |count: i64, size: i64, data: &[u8]| {
        let mut f = base.clone();
        encode::long(&mut f, count);
        encode::long(&mut f, size);
        f.extend_from_slice(data);
        f
    };
    let cases = [
        (block(1, 400 << 20, b"abc"), "truncated"),
        (block(1, 1 << 62, b"abc"), "more than the limit"),
        (block(1, -3, b"abc"), "negative"),
        (block(-1, 3, b"abc"), "negative record count"),
        (
            {
                let mut data = Vec::new();
                events(1)[0].encode(&mut data).unwrap();
                let mut f = block(1 << 62, data.len() as i64, &data);
                f.extend_from_slice(&[0; 16]);
                f
            },
            "block 0, record 1",
        ),
    ];
    for (file, expected) in cases {
        let ((values, err), largest) = largest_allocation(|| read_all::<Event>(&file).unwrap());
        let e = err.unwrap();
        assert!(
            e.to_string().contains(expected),
            "{e} (expected {expected:?})"
        );
        assert!(values.len() <= 1);
        assert!(
            largest < 2 << 20,
            "{expected}: largest allocation {largest}"
        );
    }
    // A lower limit set by the user.
    let file = write_with(&events(100), WriterBuilder::new());
    let mut reader = Reader::<_, Event>::new(file.as_slice()).unwrap();
    reader.set_max_block_size(100);
    let e = reader.next().unwrap().unwrap_err();
    assert!(e.to_string().contains("set_max_block_size"), "{e}");
}

#[test]
fn decompression_is_bounded_by_the_block_limit() {
    // Highly compressible records: 100 records of 10 KB zeros compress to a few KB.
    let values: Vec<Event> = (0..100)
        .map(|i| Event {
            id: i,
            name: String::new(),
            tags: Vec::new(),
            score: None,
            payload: vec![0; 10_000],
        })
        .collect();
    for &codec in &Codec::ALL[1..] {
        let file = write_with(
            &values,
            WriterBuilder::new().codec(codec).block_bytes(usize::MAX),
        );
        assert!(file.len() < 100_000, "{codec}: {}", file.len());
        let mut reader = Reader::<_, Event>::new(file.as_slice()).unwrap();
        reader.set_max_block_size(64 << 10);
        let (r, largest) = largest_allocation(|| reader.next().unwrap());
        let e = r.unwrap_err();
        assert!(
            e.to_string().contains("decompresses to more than"),
            "{codec}: {e}"
        );
        // bzip2's decoder state alone takes 3.6 MB (4 bytes per byte of its 900 kB blocks).
        let state = if codec == Codec::Bzip2 {
            4 << 20
        } else {
            1 << 20
        };
        assert!(largest < state, "{codec}: largest allocation {largest}");
        // With the default limit it reads.
        assert_eq!(read_all::<Event>(&file).unwrap().0, values);
    }
}

// -------------------------------------------------------------------------------------------------
// Block corruption: always an error, earlier blocks intact.

/// The records of the blocks that end at or before `offset`.
fn records_before(blocks: &[Block], offset: usize) -> usize {
    blocks
        .iter()
        .take_while(|b| b.4 <= offset)
        .map(|b| b.1 as usize)
        .sum()
}

#[test]
fn truncation_at_every_offset() {
    let values = events(60);
    for &codec in Codec::ALL {
        let file = write_with(&values, WriterBuilder::new().codec(codec).block_bytes(600));
        let (header_end, b) = blocks(&file);
        assert!(b.len() >= 4, "{codec}");
        for cut in header_end..file.len() {
            let (got, err) = read_all::<Event>(&file[..cut]).unwrap();
            let complete = records_before(&b, cut);
            // Exactly the records of the complete blocks, intact.
            assert_eq!(got, values[..complete], "{codec} cut {cut}");
            let at_boundary = cut == header_end || b.iter().any(|blk| blk.4 == cut);
            match err {
                None => assert!(at_boundary, "{codec} cut {cut}: no error"),
                Some(e) => {
                    assert!(!at_boundary, "{codec} cut {cut}: {e}");
                    let msg = e.to_string();
                    let index = b.iter().position(|blk| blk.4 > cut).unwrap();
                    assert!(
                        msg.contains(&format!("block {index}")),
                        "{codec} cut {cut}: {msg}"
                    );
                    assert!(msg.contains("truncated"), "{codec} cut {cut}: {msg}");
                    assert_eq!(e.offset(), Some(cut), "{codec} cut {cut}: {msg}");
                }
            }
        }
    }
}

#[test]
fn trailing_bytes_after_the_last_block_are_an_error() {
    let values = events(20);
    let file = write_with(&values, WriterBuilder::new().block_records(8));
    for extra in [&[0x00][..], &[0x0a], &[0x02, 0x02], &[0x80], &[0; 17]] {
        let mut bad = file.clone();
        bad.extend_from_slice(extra);
        let (got, err) = read_all::<Event>(&bad).unwrap();
        assert_eq!(got, values, "{extra:?}");
        let e = err.unwrap_or_else(|| panic!("{extra:?}: no error"));
        assert!(e.to_string().contains("block 3"), "{extra:?}: {e}");
    }
}

#[test]
fn flipped_bytes_never_panic_and_keep_earlier_blocks() {
    let values = events(40);
    for &codec in Codec::ALL {
        let file = write_with(&values, WriterBuilder::new().codec(codec).block_bytes(500));
        let (header_end, b) = blocks(&file);
        for pos in header_end..file.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bad = file.clone();
                bad[pos] ^= flip;
                let (got, err) = read_all::<Event>(&bad).unwrap();
                let index = b.iter().position(|blk| blk.4 > pos).unwrap();
                let intact = records_before(&b, b[index].0);
                assert!(got.len() >= intact || err.is_some(), "{codec} @{pos}");
                assert_eq!(
                    got[..intact.min(got.len())],
                    values[..intact.min(got.len())],
                    "{codec} @{pos}"
                );
                if got.len() < intact {
                    panic!("{codec} @{pos}: records of earlier blocks lost: {err:?}");
                }
                if let Some(e) = &err {
                    // The error is about the block with the flipped byte (or a later one).
                    let msg = e.to_string();
                    let named = (index..b.len() + 1).any(|i| msg.contains(&format!("block {i}")));
                    assert!(named, "{codec} @{pos}: {msg}");
                    assert!(
                        e.offset().is_some_and(|o| o >= b[index].0),
                        "{codec} @{pos}: {msg}"
                    );
                }
                // A flipped sync marker byte is always detected.
                if pos >= b[index].4 - 16 {
                    assert!(err.is_some(), "{codec} @{pos}: sync flip not detected");
                }
            }
        }
    }
}

#[test]
fn wrong_sync_marker() {
    let values = events(30);
    let file = write_with(&values, WriterBuilder::new().block_records(10));
    let (_, b) = blocks(&file);
    let mut bad = file.clone();
    let sync_at = b[1].4 - 16;
    bad[sync_at..b[1].4].copy_from_slice(&[0xaa; 16]);
    let (got, err) = read_all::<Event>(&bad).unwrap();
    assert_eq!(got, values[..10]);
    let e = err.unwrap();
    assert_eq!(e.offset(), Some(sync_at));
    let msg = e.to_string();
    assert!(
        msg.contains("block 1") && msg.contains("sync marker"),
        "{msg}"
    );
    // A block whose size is off by one: its sync marker is misplaced.
    let mut bad = file.clone();
    let size_pos = b[2].2 - 1;
    bad[size_pos] -= 2; // zigzag: size - 1
    let (got, err) = read_all::<Event>(&bad).unwrap();
    assert_eq!(got, values[..20]);
    assert!(err
        .unwrap()
        .to_string()
        .contains("block 2 is corrupt: its sync marker"));
}

#[test]
fn record_errors_name_the_block_record_and_offset() {
    let mut values = events(30);
    values[14].name = "MARK€".into();
    for codec in [Codec::Null, Codec::Deflate] {
        let file = write_with(&values, WriterBuilder::new().codec(codec).block_records(10));
        let (_, b) = blocks(&file);
        let mut bad = file.clone();
        let (msg, offset) = if codec == Codec::Null {
            let at = file.windows(4).position(|w| w == b"MARK").unwrap() + 4;
            bad[at] = 0xff; // first byte of "€": invalid UTF-8
            let (got, err) = read_all::<Event>(&bad).unwrap();
            assert_eq!(got, values[..14]);
            let e = err.unwrap();
            assert_eq!(e.offset(), Some(at));
            (e.to_string(), at)
        } else {
            // Re-compress a block with a corrupted record (the data stays valid deflate).
            let mut raw = Vec::new();
            for v in &values[10..20] {
                v.encode(&mut raw).unwrap();
            }
            let at = raw.windows(4).position(|w| w == b"MARK").unwrap() + 4;
            raw[at] = 0xff;
            let mut w = WriterBuilder::new()
                .codec(codec)
                .block_records(10)
                .sync_marker(
                    Reader::<_, Event>::new(file.as_slice())
                        .unwrap()
                        .sync_marker(),
                )
                .build::<Versioned<2>, _>(Vec::new())
                .unwrap();
            w.extend(&[Versioned::<2>(raw)]).unwrap();
            let one = w.finish().unwrap();
            let (h1, b1) = blocks(&one);
            assert_eq!(b1.len(), 1);
            // Splice: header and block 0 of the file, the corrupt block (count 10), block 2.
            let mut spliced = file[..b[1].0].to_vec();
            encode::long(&mut spliced, 10);
            let data = &one[b1[0].2..b1[0].2 + b1[0].3];
            encode::long(&mut spliced, data.len() as i64);
            let data_start = spliced.len();
            spliced.extend_from_slice(data);
            spliced.extend_from_slice(&one[one.len() - 16..]);
            spliced.extend_from_slice(&file[b[2].0..]);
            let _ = h1;
            let (got, err) = read_all::<Event>(&spliced).unwrap();
            assert_eq!(got, values[..14]);
            let e = err.unwrap();
            assert_eq!(e.offset(), Some(data_start));
            let msg = e.to_string();
            assert!(
                msg.contains(&format!("byte {at} of the deflate-decompressed data")),
                "{msg}"
            );
            (msg, data_start)
        };
        assert!(msg.contains("block 1, record 4"), "{msg}");
        assert!(
            msg.contains("field name: string is not valid UTF-8"),
            "{msg}"
        );
        assert!(msg.starts_with(&format!("at byte {offset}: ")), "{msg}");
    }
}

#[test]
fn snappy_checksums_are_checked() {
    let values = events(20);
    let file = write_with(
        &values,
        WriterBuilder::new().codec(Codec::Snappy).block_records(10),
    );
    let (_, b) = blocks(&file);
    let mut bad = file.clone();
    let crc_at = b[1].2 + b[1].3 - 1;
    bad[crc_at] ^= 1;
    let (got, err) = read_all::<Event>(&bad).unwrap();
    assert_eq!(got, values[..10]);
    let msg = err.unwrap().to_string();
    assert!(
        msg.contains("block 1 is corrupt") && msg.contains("CRC-32"),
        "{msg}"
    );
}

#[test]
fn leftover_block_data_is_an_error() {
    let values = events(6);
    let file = write_with(&values, WriterBuilder::new().block_records(3));
    let (_, b) = blocks(&file);
    // Block 1 declares 2 records instead of 3: the third record's bytes are left over.
    let mut bad = file[..b[1].0].to_vec();
    encode::long(&mut bad, 2);
    bad.extend_from_slice(&file[b[1].0 + 1..]);
    let (got, err) = read_all::<Event>(&bad).unwrap();
    assert_eq!(got, values[..5]);
    let msg = err.unwrap().to_string();
    assert!(
        msg.contains("block 1 is corrupt") && msg.contains("left after its 2 records"),
        "{msg}"
    );
}

#[test]
fn reading_stops_after_an_error() {
    let values = events(30);
    let file = write_with(&values, WriterBuilder::new().block_records(10));
    let mut bad = file.clone();
    let (_, b) = blocks(&file);
    bad[b[1].4 - 1] ^= 1;
    let mut reader = Reader::<_, Event>::new(bad.as_slice()).unwrap();
    let items: Vec<Result<Event>> = reader.by_ref().collect();
    assert_eq!(items.len(), 11);
    assert!(items[10].is_err());
    assert!(reader.next().is_none());
    assert_eq!(reader.size_hint(), (0, Some(0)));
}

// -------------------------------------------------------------------------------------------------
// Canonical form against avro-schema's, over every schema of the test corpus.

fn corpus_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            corpus_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "avsc" || e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn canonical_forms_match_avro_schema() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data");
    let mut files = Vec::new();
    corpus_files(&data, &mut files);
    let mut texts: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(p).unwrap_or_default(),
            )
        })
        .collect();
    let tests = std::fs::read_to_string(data.join("apache/data/schema-tests.txt")).unwrap();
    for (i, case) in tests.split("<<INPUT").skip(1).enumerate() {
        let input = match case.strip_prefix('\n') {
            Some(multi) => multi.split("\nINPUT").next().unwrap().to_string(),
            None => case.lines().next().unwrap().to_string(),
        };
        texts.push((format!("schema-tests.txt case {i}"), input));
    }
    let (mut compared, mut ours_only_fail) = (0, 0);
    for (name, text) in &texts {
        let Ok(parsed) = ParsedSchema::parse(text, "schema") else {
            continue;
        };
        match canonical_form(text) {
            Ok(form) => {
                assert_eq!(form, parsed.canonical_form(), "{name}");
                assert_eq!(
                    rabin_fingerprint(form.as_bytes()),
                    parsed.fingerprint(),
                    "{name}"
                );
                compared += 1;
            }
            // Comments are not JSON; container headers never hold them.
            Err(e) => {
                assert!(text.contains("//") || text.contains("/*"), "{name}: {e}");
                ours_only_fail += 1;
            }
        }
    }
    assert!(compared >= 80, "only {compared} schemas compared");
    assert!(
        ours_only_fail < 20,
        "{ours_only_fail} schemas with comments"
    );
}

#[test]
fn the_test_types_are_honest() {
    for (json, canonical, fp) in [
        (
            EVENT_SCHEMA,
            Event::CANONICAL_FORM,
            Event::RABIN_FINGERPRINT,
        ),
        (EVENT_V1_SCHEMA, V1_CANONICAL, V1_FINGERPRINT),
        (
            Versioned::<2>::SCHEMA_JSON,
            Event::CANONICAL_FORM,
            Event::RABIN_FINGERPRINT,
        ),
        (
            Fallible::SCHEMA_JSON,
            Fallible::CANONICAL_FORM,
            Fallible::RABIN_FINGERPRINT,
        ),
    ] {
        let parsed = ParsedSchema::parse(json, "schema").unwrap();
        assert_eq!(parsed.canonical_form(), canonical);
        assert_eq!(parsed.fingerprint(), fp);
    }
}

// -------------------------------------------------------------------------------------------------
// Random round trips.

mod prop {
    use super::*;
    use proptest::prelude::*;

    fn arb_event() -> impl Strategy<Value = Event> {
        (
            any::<i64>(),
            ".{0,12}",
            proptest::collection::vec("[a-z]{0,5}", 0..4),
            proptest::option::of(any::<f64>().prop_filter("NaN", |f| !f.is_nan())),
            proptest::collection::vec(any::<u8>(), 0..64),
        )
            .prop_map(|(id, name, tags, score, payload)| Event {
                id,
                name,
                tags,
                score,
                payload,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn round_trip_and_apache_agree(
            values in proptest::collection::vec(arb_event(), 0..120),
            codec in proptest::sample::select(Codec::ALL.to_vec()),
            records in 1usize..50,
            bytes in 1usize..3000,
        ) {
            let file = write_with(
                &values,
                WriterBuilder::new().codec(codec).block_records(records).block_bytes(bytes),
            );
            let (back, err) = read_all::<Event>(&file).unwrap();
            prop_assert!(err.is_none());
            prop_assert_eq!(&back, &values);
            let apache: Vec<AValue> = apache_avro::Reader::new(file.as_slice())
                .unwrap()
                .map(|v| v.unwrap())
                .collect();
            let expected: Vec<AValue> = values.iter().map(event_value).collect();
            prop_assert_eq!(apache, expected);
        }
    }
}

// -------------------------------------------------------------------------------------------------
// Inputs that return a few bytes at a time, interrupt, or fail.

struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
    calls: usize,
    fail_at: Option<usize>,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.calls += 1;
        if self.calls.is_multiple_of(3) {
            return Err(std::io::ErrorKind::Interrupted.into());
        }
        let consumed = self.data.as_ptr() as usize;
        if let Some(at) = self.fail_at {
            if consumed >= at {
                return Err(std::io::Error::other("device unplugged"));
            }
        }
        let n = buf
            .len()
            .min(self.data.len())
            .min(1 + self.calls % self.step);
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

#[test]
fn short_reads_interruptions_and_io_errors() {
    let values = events(200);
    for &codec in Codec::ALL {
        let file = write_with(&values, WriterBuilder::new().codec(codec).block_bytes(2000));
        for step in [1, 7, 100] {
            let input = Trickle {
                data: &file,
                step,
                calls: 0,
                fail_at: None,
            };
            let back: Vec<Event> = Reader::<_, Event>::new(input)
                .unwrap()
                .collect::<Result<_>>()
                .unwrap();
            assert_eq!(back, values, "{codec} step {step}");
        }
        // An I/O error part way: the records of the blocks read before it, then the error.
        let (_, b) = blocks(&file);
        let cut = b[2].0 + 3;
        let input = Trickle {
            data: &file,
            step: 5,
            calls: 0,
            fail_at: Some(file.as_ptr() as usize + cut),
        };
        let mut got = Vec::new();
        let mut error = None;
        for item in Reader::<_, Event>::new(input).unwrap() {
            match item {
                Ok(v) => got.push(v),
                Err(e) => error = Some(e),
            }
        }
        assert_eq!(got, values[..records_before(&b, cut)], "{codec}");
        let msg = error.unwrap().to_string();
        assert!(
            msg.contains("I/O error") && msg.contains("device unplugged"),
            "{msg}"
        );
        assert!(msg.contains("block 2"), "{msg}");
    }
}
