//! Schema resolution at run time (feature `resolve`): reading data written with a writer schema
//! that is only known at run time (from a container file header, a schema registry, ...) as a
//! generated type.
//!
//! [`ResolvedReader::new`] parses the writer schema, resolves it against the type's own schema
//! ([`AvroSchema::SCHEMA_JSON`]) with [`avro_schema::resolve::resolve`] (the Avro specification's
//! rules: fields matched by name or alias, reader defaults for missing fields, extra writer fields
//! skipped, numeric and string/bytes promotions, enum defaults, union branch matching), and
//! compiles the plan once into a small program. Decoding then *transcodes*: the program reads the
//! writer's bytes and writes the same datum in the reader schema's encoding into a scratch buffer
//! (promotions converted, skipped fields jumped over, defaults written from precomputed bytes, enum
//! and union indices remapped), and the generated [`Decode`] implementation reads the scratch
//! bytes. When the writer schema has the same Parsing Canonical Form as the type's, no transcoding
//! happens at all.
//!
//! Errors carry byte offsets in the *writer* input, also for failures detected by the generated
//! decoder (for example invalid UTF-8). A datum that uses a part of the writer schema the reader
//! cannot read (a union branch the reader lacks, an enum symbol the reader lacks when it has no
//! enum default) fails with the resolution's message.
//!
//! [`ResolverCache`] keeps one compiled reader per writer schema, by Rabin fingerprint.
//!
//! ```
//! # use avro_runtime::{AvroSchema, Decode, Reader, Result};
//! # #[derive(Debug, PartialEq)]
//! # struct Point { x: i64, y: i64 }
//! # impl AvroSchema for Point {
//! #     const SCHEMA_JSON: &'static str = r#"{"type":"record","name":"Point","fields":[
//! #         {"name":"x","type":"long"},{"name":"y","type":"long","default":0}]}"#;
//! #     const CANONICAL_FORM: &'static str = "";
//! #     const RABIN_FINGERPRINT: u64 = 0;
//! #     const MD5_FINGERPRINT: [u8; 16] = [0; 16];
//! #     const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
//! # }
//! # impl<'a> Decode<'a> for Point {
//! #     fn decode(r: &mut Reader<'a>) -> Result<Self> {
//! #         Ok(Point { x: r.read_long()?, y: r.read_long()? })
//! #     }
//! # }
//! use avro_runtime::resolve::ResolverCache;
//!
//! // `Point` is a generated type: {x: long, y: long (default 0)}. An older version of the
//! // schema had a `label`, `x` as an int, and no `y`:
//! let writer = r#"{"type":"record","name":"Point","fields":[
//!     {"name":"label","type":"string"},{"name":"x","type":"int"}]}"#;
//!
//! let cache = ResolverCache::<Point>::new(); // e.g. in a static, shared by all threads
//! let reader = cache.get_or_insert(writer)?; // compiled on first use of this writer
//! let datum = [0x02, b'a', 0x54]; // label "a", x 42
//! assert_eq!(reader.decode(&datum)?, Point { x: 42, y: 0 });
//! # Ok::<(), avro_runtime::Error>(())
//! ```

pub use avro_schema;

mod exec;
mod program;

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;
use std::sync::{Arc, OnceLock, RwLock};

use avro_schema::ir::{Schema, SchemaSet};
use avro_schema::resolve::{Incompatibility, Resolved, Side};

use crate::{AvroSchema, Decode, DecodeOwned, Error, ErrorKind, Reader, Result};

pub use exec::MAX_ZERO_WIDTH_OUTPUT;
#[cfg(feature = "dynamic")]
pub(crate) use program::encode_default;
use program::{Compiler, Program};

/// Scratch buffers kept by each thread for [`ResolvedReader::decode`], and the mark stack of
/// re-ordered records; larger ones are not kept after use.
const KEEP_SCRATCH: usize = 1 << 20;

thread_local! {
    static SCRATCH: RefCell<(Vec<u8>, Vec<usize>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// Runs `f` with this thread's scratch buffers (fresh ones when they are in use).
fn with_scratch<R>(f: impl FnOnce(&mut Vec<u8>, &mut Vec<usize>) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut guard) => {
            let (out, marks) = &mut *guard;
            out.clear();
            let r = f(out, marks);
            if out.capacity() > KEEP_SCRATCH {
                *out = Vec::new();
            }
            if marks.capacity() > KEEP_SCRATCH / 8 {
                *marks = Vec::new();
            }
            r
        }
        Err(_) => f(&mut Vec::new(), &mut Vec::new()),
    })
}

/// A validated schema: its set, its root and its canonical form.
#[derive(Debug, Clone)]
pub struct ParsedSchema {
    set: SchemaSet,
    root: Schema,
    canonical: String,
    fingerprint: u64,
}

impl ParsedSchema {
    /// Parses and validates schema JSON (comments allowed, as in `.avsc` files); `what` names it in
    /// messages (`writer schema`, `reader schema`). Errors list every diagnostic.
    pub fn parse(json: &str, what: &str) -> Result<Self> {
        let path = Path::new(what);
        let value = avro_schema::parse::parse_json(path, json)
            .map_err(|d| Error::custom(format!("invalid {d}")))?;
        let validated = avro_schema::validate::validate_json(path, &value);
        let Some(mut set) = validated.set else {
            let errors: Vec<String> = validated
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| format!("  {d}"))
                .collect();
            return Err(Error::custom(format!(
                "invalid {what}, {} error{}:\n{}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                errors.join("\n")
            )));
        };
        let root = match set.roots.pop() {
            Some(r) => r.schema,
            None => return Err(Error::custom(format!("invalid {what}: no schema"))),
        };
        Ok(ParsedSchema::new(set, root))
    }

    /// A schema already validated (for example from several files, with
    /// [`avro_schema::validate::validate`]): `root` is a schema of `set`.
    pub fn new(set: SchemaSet, root: Schema) -> Self {
        let canonical = avro_schema::canonical::canonical_form(&set, &root);
        let fingerprint = avro_schema::fingerprint::rabin(canonical.as_bytes());
        ParsedSchema {
            set,
            root,
            canonical,
            fingerprint,
        }
    }

    /// The named types.
    pub fn set(&self) -> &SchemaSet {
        &self.set
    }

    /// The schema.
    pub fn schema(&self) -> &Schema {
        &self.root
    }

    /// The Parsing Canonical Form.
    pub fn canonical_form(&self) -> &str {
        &self.canonical
    }

    /// CRC-64-AVRO (Rabin) fingerprint of the canonical form.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    fn side(&self) -> Side<'_> {
        Side {
            set: &self.set,
            schema: &self.root,
        }
    }
}

/// Formats the structural incompatibilities of a resolution as one error.
fn incompatible(reader: &ParsedSchema, problems: &[Incompatibility]) -> Error {
    let structural: Vec<&Incompatibility> = problems.iter().filter(|p| !p.data_dependent).collect();
    let shown = if structural.is_empty() {
        problems.iter().collect()
    } else {
        structural
    };
    let mut msg = format!(
        "the writer schema cannot be read as {}: {} incompatibilit{}",
        describe(reader),
        shown.len(),
        if shown.len() == 1 { "y" } else { "ies" }
    );
    for p in shown {
        let path = |p: &str| {
            if p.is_empty() {
                "(root)".to_string()
            } else {
                p.to_string()
            }
        };
        msg.push_str(&format!(
            "\n  reader {}, writer {}: {}",
            path(&p.reader_path),
            path(&p.writer_path),
            p.message
        ));
    }
    Error::custom(msg)
}

/// `record com.example.User` or the canonical form of an unnamed schema.
fn describe(s: &ParsedSchema) -> String {
    match &s.root {
        Schema::Named(id) => format!("`{}`", s.set.get(*id).name.full()),
        _ => format!("`{}`", s.canonical),
    }
}

/// A compiled writer → reader transcoder, independent of any Rust type: it rewrites one datum
/// written with the writer schema into the reader schema's binary encoding.
///
/// [`ResolvedReader`] is this plus the generated decoder; the transcoder on its own is what tests
/// and tools comparing against other Avro implementations use.
///
/// Values the reader's own decoder checks anyway are copied without checking them twice: invalid
/// UTF-8, boolean bytes other than 0 and 1 and `int`s beyond 32 bits (when read as `int`) pass
/// through unchanged. Everything needed to find the end of each value is checked, and so is the
/// range of an `int` read as another type.
#[derive(Clone)]
pub struct Transcoder {
    program: Program,
    writer_canonical: String,
    writer_fingerprint: u64,
    identity: bool,
    warnings: Vec<Incompatibility>,
}

impl fmt::Debug for Transcoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transcoder")
            .field(
                "writer_fingerprint",
                &format_args!("{:#018x}", self.writer_fingerprint),
            )
            .field("identity", &self.identity)
            .field("ops", &self.program.ops.len())
            .finish()
    }
}

impl Transcoder {
    /// Parses both schemas, resolves them and compiles the plan.
    ///
    /// Fails when either schema is invalid (every diagnostic listed) or when no datum of the
    /// writer schema can be read as the reader schema (every structural incompatibility listed,
    /// with its JSON paths in both schemas).
    pub fn new(writer_schema_json: &str, reader_schema_json: &str) -> Result<Self> {
        let writer = ParsedSchema::parse(writer_schema_json, "writer schema")?;
        let reader = ParsedSchema::parse(reader_schema_json, "reader schema")?;
        Self::from_parsed(&writer, &reader)
    }

    /// Resolves two parsed schemas and compiles the plan.
    pub fn from_parsed(writer: &ParsedSchema, reader: &ParsedSchema) -> Result<Self> {
        let plan = avro_schema::resolve::resolve(writer.side(), reader.side())
            .map_err(|problems| incompatible(reader, &problems))?;
        Self::from_plan(writer, reader, &plan)
    }

    /// Compiles a resolution plan made for `writer` → `reader` (normally by
    /// [`avro_schema::resolve::resolve`]).
    pub fn from_plan(
        writer: &ParsedSchema,
        reader: &ParsedSchema,
        plan: &Resolved,
    ) -> Result<Self> {
        let program = Compiler::compile(&writer.set, &reader.set, plan).map_err(Error::custom)?;
        Ok(Transcoder {
            program,
            writer_canonical: writer.canonical.clone(),
            writer_fingerprint: writer.fingerprint,
            identity: writer.canonical == reader.canonical,
            warnings: plan.warnings.clone(),
        })
    }

    /// Transcodes exactly one datum (trailing bytes are an error), appending the reader-schema
    /// encoding to `out`. On error `out` may hold a partial datum.
    pub fn transcode(&self, bytes: &[u8], out: &mut Vec<u8>) -> Result<()> {
        let mut r = Reader::new(bytes);
        self.transcode_from(&mut r, out)?;
        r.finish()
    }

    /// Transcodes one datum from `reader`, leaving it after the datum; appends to `out`.
    pub fn transcode_from(&self, reader: &mut Reader<'_>, out: &mut Vec<u8>) -> Result<()> {
        if self.program.reorders {
            with_scratch(|_, marks| self.program.transcode(reader, out, marks))
        } else {
            self.program.transcode(reader, out, &mut Vec::new())
        }
    }

    /// CRC-64-AVRO (Rabin) fingerprint of the writer schema's canonical form.
    pub fn writer_fingerprint(&self) -> u64 {
        self.writer_fingerprint
    }

    /// The writer schema's Parsing Canonical Form.
    pub fn writer_canonical_form(&self) -> &str {
        &self.writer_canonical
    }

    /// Whether writer and reader have the same canonical form (same encoding: no transcoding
    /// needed).
    pub fn is_identity(&self) -> bool {
        self.identity
    }

    /// Data-dependent incompatibilities: parts of the writer schema the reader cannot read
    /// (reading a datum that uses one fails).
    pub fn warnings(&self) -> &[Incompatibility] {
        &self.warnings
    }

    /// Maps an error at `scratch_offset` of the transcoded bytes of the datum that starts at
    /// `input` to the offset of the writer byte it came from.
    #[cold]
    pub(crate) fn map_error(&self, e: Error, input: Reader<'_>) -> Error {
        match e.offset() {
            Some(off) => match self.program.writer_offset(input, off) {
                Some(w) => e.at_offset(w),
                None => e,
            },
            None => e,
        }
    }
}

/// Reads data written with a writer schema known only at run time as the generated type `T`.
///
/// Built once per writer schema (see [`ResolverCache`] to share them), then used for any number of
/// datums, from any thread.
pub struct ResolvedReader<T> {
    transcoder: Transcoder,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for ResolvedReader<T> {
    fn clone(&self) -> Self {
        ResolvedReader {
            transcoder: self.transcoder.clone(),
            _type: PhantomData,
        }
    }
}

impl<T> fmt::Debug for ResolvedReader<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResolvedReader")
            .field("type", &std::any::type_name::<T>())
            .field("transcoder", &self.transcoder)
            .finish()
    }
}

impl<T: AvroSchema> ResolvedReader<T> {
    /// Compiles the reading of `writer_schema_json` as `T`.
    ///
    /// Fails when the writer schema is invalid (with every diagnostic) or when no datum written
    /// with it can be read as `T` (every structural incompatibility, with JSON paths in the reader
    /// and the writer schema).
    pub fn new(writer_schema_json: &str) -> Result<Self> {
        let writer = ParsedSchema::parse(writer_schema_json, "writer schema")?;
        let reader = ParsedSchema::parse(T::SCHEMA_JSON, "reader schema")?;
        Self::from_parsed(&writer, &reader)
    }

    fn from_parsed(writer: &ParsedSchema, reader: &ParsedSchema) -> Result<Self> {
        Ok(ResolvedReader {
            transcoder: Transcoder::from_parsed(writer, reader)?,
            _type: PhantomData,
        })
    }

    /// CRC-64-AVRO (Rabin) fingerprint of the writer schema's canonical form.
    pub fn writer_fingerprint(&self) -> u64 {
        self.transcoder.writer_fingerprint
    }

    /// Whether the writer schema has `T`'s canonical form: datums are then decoded directly.
    pub fn is_identity(&self) -> bool {
        self.transcoder.identity
    }

    /// The writer → `T` transcoder.
    pub fn transcoder(&self) -> &Transcoder {
        &self.transcoder
    }

    /// Transcodes exactly one datum into `T`'s encoding (see [`Transcoder::transcode`]); also when
    /// the schemas are the same.
    pub fn transcode(&self, bytes: &[u8], out: &mut Vec<u8>) -> Result<()> {
        self.transcoder.transcode(bytes, out)
    }
}

impl<T: AvroSchema + DecodeOwned> ResolvedReader<T> {
    /// Decodes exactly one datum written with the writer schema; trailing bytes are an error.
    pub fn decode(&self, bytes: &[u8]) -> Result<T> {
        if self.transcoder.identity {
            return T::from_avro_slice(bytes);
        }
        with_scratch(|scratch, marks| {
            scratch.reserve(bytes.len() + bytes.len() / 2 + 16);
            let mut r = Reader::new(bytes);
            self.transcoder.program.transcode(&mut r, scratch, marks)?;
            r.finish()?;
            self.decode_scratch(scratch, Reader::new(bytes))
        })
    }

    /// Decodes one datum from `reader` (a stream of datums, e.g. a container file block), leaving
    /// it positioned after the datum. `scratch` is a buffer reused across calls.
    ///
    /// Recursive records may nest as deep as `reader` allows ([`Reader::set_max_depth`]) while
    /// transcoding; the generated decoder then reads the transcoded bytes with the default limit
    /// ([`crate::DEFAULT_MAX_DEPTH`]).
    pub fn decode_from<'a>(&self, reader: &mut Reader<'a>, scratch: &mut Vec<u8>) -> Result<T> {
        if self.transcoder.identity {
            return <T as Decode<'a>>::decode(reader);
        }
        let start = *reader;
        scratch.clear();
        self.transcoder.transcode_from(reader, scratch)?;
        self.decode_scratch(scratch, start)
    }

    /// Runs the generated decoder over transcoded bytes; errors get writer offsets.
    #[inline]
    fn decode_scratch(&self, scratch: &[u8], input: Reader<'_>) -> Result<T> {
        let mut sr = Reader::new(scratch);
        match T::decode(&mut sr) {
            Ok(v) if sr.is_empty() => Ok(v),
            Ok(_) => Err(Error::new(
                ErrorKind::Custom(format!(
                    "the decoder of {} read {} of the {} bytes transcoded for it: its \
                     SCHEMA_JSON does not describe its encoding",
                    std::any::type_name::<T>(),
                    sr.position(),
                    scratch.len()
                )),
                None,
            )),
            Err(e) => Err(self.transcoder.map_error(e, input)),
        }
    }
}

/// Compiled readers of `T` for every writer schema seen, by the writer's Rabin fingerprint; safe
/// to share between threads (e.g. in an `Arc` or a `static`).
///
/// Each writer schema is compiled once. Lookups by the exact writer JSON text are served without
/// parsing it again; a different text of an already known schema (other whitespace, docs) is
/// parsed, recognised by fingerprint, and remembered too. Writer schemas that fail to compile are
/// not cached.
pub struct ResolverCache<T> {
    reader: OnceLock<std::result::Result<ParsedSchema, Error>>,
    by_fingerprint: RwLock<HashMap<u64, Arc<ResolvedReader<T>>>>,
    by_text: RwLock<HashMap<Box<str>, Arc<ResolvedReader<T>>>>,
}

impl<T> Default for ResolverCache<T> {
    fn default() -> Self {
        ResolverCache {
            reader: OnceLock::new(),
            by_fingerprint: RwLock::new(HashMap::new()),
            by_text: RwLock::new(HashMap::new()),
        }
    }
}

impl<T> fmt::Debug for ResolverCache<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.by_fingerprint.read().map(|m| m.len()).unwrap_or(0);
        f.debug_struct("ResolverCache")
            .field("type", &std::any::type_name::<T>())
            .field("writers", &n)
            .finish()
    }
}

impl<T: AvroSchema> ResolverCache<T> {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    fn reader(&self) -> Result<&ParsedSchema> {
        self.reader
            .get_or_init(|| ParsedSchema::parse(T::SCHEMA_JSON, "reader schema"))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The reader for `writer_schema_json`, compiled on first use.
    pub fn get_or_insert(&self, writer_schema_json: &str) -> Result<Arc<ResolvedReader<T>>> {
        if let Some(r) = read_lock(&self.by_text).get(writer_schema_json) {
            return Ok(Arc::clone(r));
        }
        let writer = ParsedSchema::parse(writer_schema_json, "writer schema")?;
        let known = read_lock(&self.by_fingerprint)
            .get(&writer.fingerprint)
            .cloned();
        let resolved = match known {
            Some(r) => r,
            None => {
                let compiled = Arc::new(ResolvedReader::from_parsed(&writer, self.reader()?)?);
                Arc::clone(
                    write_lock(&self.by_fingerprint)
                        .entry(writer.fingerprint)
                        .or_insert(compiled),
                )
            }
        };
        write_lock(&self.by_text)
            .entry(writer_schema_json.into())
            .or_insert_with(|| Arc::clone(&resolved));
        Ok(resolved)
    }

    /// The reader compiled for the writer schema with this Rabin fingerprint, if any.
    pub fn get(&self, fingerprint: u64) -> Option<Arc<ResolvedReader<T>>> {
        read_lock(&self.by_fingerprint).get(&fingerprint).cloned()
    }

    /// Number of writer schemas compiled.
    pub fn len(&self) -> usize {
        read_lock(&self.by_fingerprint).len()
    }

    /// Whether no writer schema has been compiled yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn read_lock<V>(l: &RwLock<V>) -> std::sync::RwLockReadGuard<'_, V> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

fn write_lock<V>(l: &RwLock<V>) -> std::sync::RwLockWriteGuard<'_, V> {
    l.write().unwrap_or_else(|e| e.into_inner())
}
