//! [`Reader`]: streaming reading of container files, one block in memory at a time.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};

use super::canonical::{canonical_form, rabin_fingerprint};
use super::codec::{Codec, DecompressError, Decompressor};
use super::{Metadata, CODEC_KEY, MAGIC, SCHEMA_KEY, SYNC_SIZE};
use crate::{AvroSchema, Decode, DecodeOwned, Error, ErrorKind, KnownWriters, Result};

/// Default limit of a block's size, compressed or not, and of one metadata value: 512 MiB (the
/// allocation limit apache-avro uses too). See [`Reader::set_max_block_size`].
pub const DEFAULT_MAX_BLOCK_SIZE: usize = 512 << 20;

/// Bytes of the input buffered at a time.
const BUFFER: usize = 64 << 10;

/// What a buffer is reserved for before the bytes arrive, at most (it then grows with them).
const FIRST_RESERVE: u64 = 1 << 20;

pub use crate::DecodePath;

enum Decoding<T> {
    Own,
    Known {
        fingerprint: u64,
        decode: KnownDecode<T>,
    },
    #[cfg(feature = "resolve")]
    Resolved(Box<crate::resolve::ResolvedReader<T>>),
}

type KnownDecode<T> = fn(u64, &mut crate::Reader<'_>) -> Option<Result<T>>;

/// `KnownWriters::decode_written_with` and `KnownWriters::WRITERS` of a type.
type Known<T> = (KnownDecode<T>, &'static [(u64, &'static str)]);

/// Why a read from the input stopped.
enum Short {
    /// The input ended.
    Eof,
    /// A varint longer than 10 bytes.
    VarintTooLong,
    Io(io::Error),
}

/// The input with the count of bytes consumed (offsets in messages are file offsets).
struct Input<R> {
    inner: BufReader<R>,
    offset: u64,
}

impl<R: Read> Input<R> {
    fn at_end(&mut self) -> std::result::Result<bool, Short> {
        loop {
            match self.inner.fill_buf() {
                Ok(buf) => return Ok(buf.is_empty()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Short::Io(e)),
            }
        }
    }

    fn read_byte(&mut self) -> std::result::Result<u8, Short> {
        loop {
            match self.inner.fill_buf() {
                Ok([]) => return Err(Short::Eof),
                Ok(buf) => {
                    let b = buf[0];
                    self.inner.consume(1);
                    self.offset += 1;
                    return Ok(b);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Short::Io(e)),
            }
        }
    }

    /// A zigzag-encoded `long`.
    fn read_long(&mut self) -> std::result::Result<i64, Short> {
        let mut value = 0u64;
        for i in 0..10 {
            let b = self.read_byte()?;
            if i == 9 && b > 1 {
                return Err(Short::VarintTooLong);
            }
            value |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                return Ok(((value >> 1) as i64) ^ -((value & 1) as i64));
            }
        }
        Err(Short::VarintTooLong)
    }

    /// Fills `buf` completely; `Ok(n)` with `n < buf.len()` when the input ends first.
    fn read_fill(&mut self, buf: &mut [u8]) -> std::result::Result<usize, Short> {
        let mut n = 0;
        while n < buf.len() {
            match self.inner.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(k) => {
                    n += k;
                    self.offset += k as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Short::Io(e)),
            }
        }
        Ok(n)
    }

    /// Reads up to `len` bytes into `out` (cleared first), growing it only as bytes arrive;
    /// returns how many were read (fewer when the input ends).
    fn read_vec(&mut self, len: u64, out: &mut Vec<u8>) -> std::result::Result<u64, Short> {
        out.clear();
        out.reserve(len.min(FIRST_RESERVE) as usize);
        let got = (&mut self.inner)
            .take(len)
            .read_to_end(out)
            .map_err(Short::Io)? as u64;
        self.offset += got;
        Ok(got)
    }
}

/// The parsed header.
struct Header {
    metadata: Metadata,
    schema: String,
    codec: Codec,
    sync: [u8; SYNC_SIZE],
}

fn header_error(offset: u64, msg: String) -> Error {
    Error::new(ErrorKind::Custom(msg), Some(offset as usize))
}

fn short_in_header<R>(input: &Input<R>, short: Short, what: &str) -> Error {
    let msg = match short {
        Short::Eof => format!("the container header is truncated: the file ends inside {what}"),
        Short::VarintTooLong => {
            format!("the container header is corrupt: {what} is not a valid long")
        }
        Short::Io(e) => format!("I/O error reading the container header ({what}): {e}"),
    };
    header_error(input.offset, msg)
}

/// Reads a `bytes`/`string` value of the header (length, then the bytes).
fn header_bytes<R: Read>(input: &mut Input<R>, what: &str, limit: usize) -> Result<Vec<u8>> {
    let start = input.offset;
    let len = input
        .read_long()
        .map_err(|s| short_in_header(input, s, &format!("the length of {what}")))?;
    if len < 0 {
        return Err(header_error(
            start,
            format!("the container header is corrupt: {what} has negative length {len}"),
        ));
    }
    if len as u64 > limit as u64 {
        return Err(header_error(
            start,
            format!(
                "the container header is corrupt: {what} declares {len} bytes, more than the \
                 limit of {limit}"
            ),
        ));
    }
    let mut out = Vec::new();
    let got = input
        .read_vec(len as u64, &mut out)
        .map_err(|s| short_in_header(input, s, what))?;
    if got < len as u64 {
        return Err(short_in_header(input, Short::Eof, what));
    }
    Ok(out)
}

fn read_header<R: Read>(input: &mut Input<R>) -> Result<Header> {
    let mut magic = [0u8; 4];
    let got = input
        .read_fill(&mut magic)
        .map_err(|s| short_in_header(input, s, "the magic bytes"))?;
    if magic != MAGIC {
        let shown: Vec<String> = magic[..got].iter().map(|b| format!("{b:02x}")).collect();
        let msg = if got == 4 && magic[..3] == MAGIC[..3] {
            if magic[3] == 0 {
                "unsupported container file version 0 (the Avro 1.2 format, `Obj\\x00`): only \
                 version 1 (`Obj\\x01`) is supported"
                    .to_string()
            } else {
                format!(
                    "unsupported container file version {} (`Obj` followed by byte {:#04x}): only \
                     version 1 (`Obj\\x01`) is supported",
                    magic[3], magic[3]
                )
            }
        } else {
            format!(
                "not an Avro object container file: it starts with [{}], not the magic bytes \
                 4f 62 6a 01 (`Obj\\x01`)",
                shown.join(" ")
            )
        };
        return Err(header_error(0, msg));
    }
    let mut metadata = Metadata::new();
    loop {
        let start = input.offset;
        let count = input
            .read_long()
            .map_err(|s| short_in_header(input, s, "the metadata map"))?;
        if count == 0 {
            break;
        }
        let count = if count < 0 {
            // A negative count is followed by the block's size in bytes (unused here).
            let size = input
                .read_long()
                .map_err(|s| short_in_header(input, s, "the metadata map"))?;
            if size < 0 {
                return Err(header_error(
                    start,
                    format!("the container header is corrupt: metadata block size {size}"),
                ));
            }
            count.unsigned_abs()
        } else {
            count as u64
        };
        for _ in 0..count {
            let key = header_bytes(input, "a metadata key", DEFAULT_MAX_BLOCK_SIZE)?;
            let key = String::from_utf8(key).map_err(|_| {
                header_error(
                    input.offset,
                    "the container header is corrupt: a metadata key is not UTF-8".into(),
                )
            })?;
            let value = header_bytes(
                input,
                &format!("the value of metadata {key:?}"),
                DEFAULT_MAX_BLOCK_SIZE,
            )?;
            metadata.insert(key, value);
        }
    }
    let mut sync = [0u8; SYNC_SIZE];
    let got = input
        .read_fill(&mut sync)
        .map_err(|s| short_in_header(input, s, "the sync marker"))?;
    if got < SYNC_SIZE {
        return Err(short_in_header(input, Short::Eof, "the sync marker"));
    }
    let schema = match metadata.get(SCHEMA_KEY) {
        Some(bytes) => String::from_utf8(bytes.clone()).map_err(|_| {
            header_error(
                4,
                "the container header's avro.schema is not UTF-8 text".to_string(),
            )
        })?,
        None => {
            return Err(header_error(
                4,
                "the container header has no avro.schema (the writer schema)".to_string(),
            ))
        }
    };
    let codec = match metadata.get(CODEC_KEY) {
        None => Codec::Null,
        Some(bytes) => {
            let name = std::str::from_utf8(bytes).map_err(|_| {
                header_error(4, "the container header's avro.codec is not UTF-8".into())
            })?;
            Codec::from_name(name).map_err(|e| e.at_offset(4))?
        }
    };
    Ok(Header {
        metadata,
        schema,
        codec,
        sync,
    })
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading blocks.
    Blocks,
    /// The input ended cleanly after a block.
    End,
    /// An error was returned; nothing more is read.
    Failed,
}

/// Reads an Avro object container file block by block, whatever its schema: the header
/// (metadata, writer schema, codec, sync marker), then each block's datums as bytes, which the
/// caller decodes ([`BlockReader::next_datum`]) or takes whole ([`BlockReader::next_block`]).
///
/// [`Reader`] is this plus a decoder for a generated type; a schema known only at run time is
/// read with `avro_runtime::dynamic::FileReader` (feature `dynamic`), also built on it. Only one
/// block is in memory at a time (two for compressed files). Errors are those described in the
/// [module documentation](super).
pub struct BlockReader<R> {
    input: Input<R>,
    header: Header,
    decompressor: Decompressor,
    /// The compressed data of the current block (unused for the `null` codec).
    raw: Vec<u8>,
    /// The current block's (decompressed) data.
    block: Vec<u8>,
    /// Position of the next record in `block`.
    pos: usize,
    /// Records of the current block not decoded yet.
    left: u64,
    /// Records the current block declares.
    count: u64,
    /// Whether the end of the current block's data is to be checked when moving on (its
    /// records are being decoded one by one, not skipped).
    in_block: bool,
    /// Blocks started, so the current block's number is `blocks - 1`.
    blocks: u64,
    /// File offset of the current block's data.
    data_offset: u64,
    /// Size of the current block's data in the file (compressed).
    stored_size: u64,
    state: State,
    max_block_size: usize,
}

/// One block of a container file, from [`BlockReader::next_block`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block<'a> {
    /// The block's number, from 0.
    pub index: u64,
    /// File offset of the block's data (after its record count and size).
    pub offset: u64,
    /// Number of records the block declares.
    pub records: u64,
    /// Size of the block's data in the file (compressed, for codecs other than `null`).
    pub stored_size: u64,
    /// The block's data, decompressed: its records one after the other.
    pub data: &'a [u8],
}

impl<R> fmt::Debug for BlockReader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockReader")
            .field("codec", &self.header.codec)
            .field("blocks", &self.blocks)
            .field("position", &self.input.offset)
            .finish_non_exhaustive()
    }
}

/// Reads the values of an Avro object container file as `T`, block by block.
///
/// [`Reader::new`] reads the header; the reader is then an iterator of `Result<T>`. Only one
/// block is in memory at a time (two for compressed files: compressed and decompressed). The
/// input is buffered internally: pass a `File` as it is.
///
/// See the [module documentation](super) for which writer schemas can be read and how errors are
/// reported.
pub struct Reader<R, T> {
    file: BlockReader<R>,
    fingerprint: u64,
    decoding: Decoding<T>,
    /// Transcoding buffer of the resolution plan.
    #[cfg_attr(not(feature = "resolve"), allow(dead_code))]
    scratch: Vec<u8>,
}

impl<R, T> fmt::Debug for Reader<R, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader")
            .field("type", &std::any::type_name::<T>())
            .field("codec", &self.file.header.codec)
            .field("decode_path", &self.decode_path())
            .field("blocks", &self.file.blocks)
            .field("position", &self.file.input.offset)
            .finish_non_exhaustive()
    }
}

impl<R: Read, T: KnownWriters> Reader<R, T> {
    /// Reads the header of the container file `input` and prepares to read its records as `T`.
    ///
    /// Fails when `input` is not a container file (or a version other than 1), when its header
    /// is truncated or corrupt, when its codec is unknown or its feature not enabled, and when
    /// its writer schema cannot be read as `T` (without the `resolve` feature: any writer
    /// schema other than `T`'s own and its known writers).
    pub fn new(input: R) -> Result<Self> {
        Self::open(input, Some((T::decode_written_with, T::WRITERS)))
    }
}

impl<R: Read, T: AvroSchema + DecodeOwned> Reader<R, T> {
    /// Like [`Reader::new`], for types without [`KnownWriters`] (generated top-level unions,
    /// hand-written types): the file's writer schema must be `T`'s own, or (feature `resolve`)
    /// one that resolves to it.
    pub fn plain(input: R) -> Result<Self> {
        Self::open(input, None)
    }

    fn open(input: R, known: Option<Known<T>>) -> Result<Self> {
        let file = BlockReader::new(input)?;
        let (decoding, fingerprint) = choose_decoding::<T>(&file.header.schema, known)?;
        Ok(Reader {
            file,
            fingerprint,
            decoding,
            scratch: Vec::new(),
        })
    }
}

/// Picks how to decode records written with `schema`, and the schema's Rabin fingerprint.
fn choose_decoding<T: AvroSchema + DecodeOwned>(
    schema: &str,
    known: Option<Known<T>>,
) -> Result<(Decoding<T>, u64)> {
    let canonical = canonical_form(schema);
    if let Ok(canonical) = &canonical {
        let fingerprint = rabin_fingerprint(canonical.as_bytes());
        if canonical == T::CANONICAL_FORM {
            return Ok((Decoding::Own, fingerprint));
        }
        if let Some((decode, writers)) = known {
            if writers.iter().any(|(fp, _)| *fp == fingerprint) {
                return Ok((
                    Decoding::Known {
                        fingerprint,
                        decode,
                    },
                    fingerprint,
                ));
            }
        }
    }
    #[cfg(feature = "resolve")]
    {
        let resolved = crate::resolve::ResolvedReader::<T>::new(schema).map_err(|e| {
            header_error(
                4,
                format!(
                    "the file's writer schema cannot be read as {}: {e}",
                    std::any::type_name::<T>()
                ),
            )
        })?;
        let fingerprint = resolved.writer_fingerprint();
        if resolved.is_identity() {
            Ok((Decoding::Own, fingerprint))
        } else {
            Ok((Decoding::Resolved(Box::new(resolved)), fingerprint))
        }
    }
    #[cfg(not(feature = "resolve"))]
    {
        let canonical = canonical
            .map_err(|e| header_error(4, format!("the file's writer schema (avro.schema): {e}")))?;
        Err(header_error(
            4,
            format!(
                "the file's writer schema differs from the schema of {} and is not one of its \
                 known writers; enable the `resolve` feature of avro-runtime to read it through \
                 schema resolution (writer schema: {canonical})",
                std::any::type_name::<T>()
            ),
        ))
    }
}

impl<R, T> Reader<R, T> {
    /// The header's metadata, `avro.schema` and `avro.codec` included.
    pub fn metadata(&self) -> &Metadata {
        self.file.metadata()
    }

    /// The writer schema (`avro.schema`) as JSON text.
    pub fn writer_schema(&self) -> &str {
        self.file.writer_schema()
    }

    /// CRC-64-AVRO (Rabin) fingerprint of the writer schema's canonical form.
    pub fn writer_fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The codec of the blocks (`null` when the header names none).
    pub fn codec(&self) -> Codec {
        self.file.codec()
    }

    /// The file's sync marker.
    pub fn sync_marker(&self) -> [u8; SYNC_SIZE] {
        self.file.sync_marker()
    }

    /// How records are decoded.
    pub fn decode_path(&self) -> DecodePath {
        match self.decoding {
            Decoding::Own => DecodePath::Own,
            Decoding::Known { .. } => DecodePath::KnownWriter,
            #[cfg(feature = "resolve")]
            Decoding::Resolved(_) => DecodePath::Resolved,
        }
    }

    /// Number of blocks read so far (the current one included).
    pub fn blocks_read(&self) -> u64 {
        self.file.blocks_read()
    }

    /// Number of bytes consumed from the input so far (whole blocks are read at once).
    pub fn position(&self) -> u64 {
        self.file.position()
    }

    /// Sets the largest block size accepted, in bytes: the size a block declares for its
    /// (compressed) data and the size of its decompressed data (default
    /// [`DEFAULT_MAX_BLOCK_SIZE`]). Larger blocks are an error.
    pub fn set_max_block_size(&mut self, bytes: usize) {
        self.file.set_max_block_size(bytes);
    }

    /// The input, positioned after the data read so far (bytes buffered by the reader and not
    /// consumed yet are lost).
    pub fn into_inner(self) -> R {
        self.file.into_inner()
    }
}

impl<R: Read> BlockReader<R> {
    /// Reads the header of the container file `input`.
    ///
    /// Fails when `input` is not a container file (or a version other than 1), when its header
    /// is truncated or corrupt, and when its codec is unknown or its feature not enabled.
    pub fn new(input: R) -> Result<Self> {
        let mut input = Input {
            inner: BufReader::with_capacity(BUFFER, input),
            offset: 0,
        };
        let header = read_header(&mut input)?;
        Ok(BlockReader {
            input,
            decompressor: Decompressor::new(header.codec),
            header,
            raw: Vec::new(),
            block: Vec::new(),
            pos: 0,
            left: 0,
            count: 0,
            in_block: false,
            blocks: 0,
            data_offset: 0,
            stored_size: 0,
            state: State::Blocks,
            max_block_size: DEFAULT_MAX_BLOCK_SIZE,
        })
    }
}

impl<R> BlockReader<R> {
    /// The header's metadata, `avro.schema` and `avro.codec` included.
    pub fn metadata(&self) -> &Metadata {
        &self.header.metadata
    }

    /// The writer schema (`avro.schema`) as JSON text.
    pub fn writer_schema(&self) -> &str {
        &self.header.schema
    }

    /// The codec of the blocks (`null` when the header names none).
    pub fn codec(&self) -> Codec {
        self.header.codec
    }

    /// The file's sync marker.
    pub fn sync_marker(&self) -> [u8; SYNC_SIZE] {
        self.header.sync
    }

    /// Number of blocks read so far (the current one included).
    pub fn blocks_read(&self) -> u64 {
        self.blocks
    }

    /// Number of bytes consumed from the input so far (whole blocks are read at once).
    pub fn position(&self) -> u64 {
        self.input.offset
    }

    /// Sets the largest block size accepted, in bytes: the size a block declares for its
    /// (compressed) data and the size of its decompressed data (default
    /// [`DEFAULT_MAX_BLOCK_SIZE`]). Larger blocks are an error.
    pub fn set_max_block_size(&mut self, bytes: usize) {
        self.max_block_size = bytes;
    }

    /// The input, positioned after the data read so far (bytes buffered by the reader and not
    /// consumed yet are lost).
    pub fn into_inner(self) -> R {
        self.input.inner.into_inner()
    }

    /// An error at `offset` about block `index`, and stop.
    #[cold]
    fn block_error(&mut self, offset: u64, msg: String) -> Error {
        self.state = State::Failed;
        self.left = 0;
        Error::new(ErrorKind::Custom(msg), Some(offset as usize))
    }

    #[cold]
    fn short_in_block(&mut self, short: Short, what: &str) -> Error {
        let index = self.blocks - 1;
        let msg = match short {
            Short::Eof => format!("the file ends inside {what} of block {index} (truncated)"),
            Short::VarintTooLong => format!("block {index} is corrupt: {what} is not a valid long"),
            Short::Io(e) => format!("I/O error reading {what} of block {index}: {e}"),
        };
        self.block_error(self.input.offset, msg)
    }

    /// An error of the record at `self.pos` of the current block.
    #[cold]
    fn record_error(&mut self, e: Error) -> Error {
        let index = self.blocks - 1;
        let record = self.count - self.left;
        let in_block = self.pos + e.offset().unwrap_or(0);
        let path = e.field_path();
        let what = if path.is_empty() {
            e.kind().to_string()
        } else {
            format!("field {path}: {}", e.kind())
        };
        match self.header.codec {
            Codec::Null => self.block_error(
                self.data_offset + in_block as u64,
                format!("block {index}, record {record}: {what}"),
            ),
            #[allow(unreachable_patterns)] // only `Null` without codec features
            codec => self.block_error(
                self.data_offset,
                format!(
                    "block {index}, record {record}, byte {in_block} of the {codec}-decompressed \
                     data: {what}"
                ),
            ),
        }
    }
}

impl<R: Read> BlockReader<R> {
    /// Reads the next block; `Ok(false)` at the end of the input.
    fn read_block(&mut self) -> Result<bool> {
        if self.in_block {
            self.in_block = false;
            let left = self.block.len() - self.pos;
            if left > 0 {
                let index = self.blocks - 1;
                let offset = match self.header.codec {
                    Codec::Null => self.data_offset + self.pos as u64,
                    #[allow(unreachable_patterns)]
                    _ => self.data_offset,
                };
                return Err(self.block_error(
                    offset,
                    format!(
                        "block {index} is corrupt: {left} bytes of its data are left after its {} \
                         records",
                        self.count
                    ),
                ));
            }
        }
        match self.input.at_end() {
            Ok(true) => return Ok(false),
            Ok(false) => {}
            Err(short) => {
                let msg = match short {
                    Short::Io(e) => format!("I/O error after block {}: {e}", self.blocks),
                    _ => unreachable!("at_end fails only with I/O errors"),
                };
                return Err(self.block_error(self.input.offset, msg));
            }
        }
        let block_offset = self.input.offset;
        let index = self.blocks;
        self.blocks += 1;
        let count = self
            .input
            .read_long()
            .map_err(|s| self.short_in_block(s, "the record count"))?;
        if count < 0 {
            return Err(self.block_error(
                block_offset,
                format!("block {index} is corrupt: negative record count {count}"),
            ));
        }
        let size_offset = self.input.offset;
        let size = self
            .input
            .read_long()
            .map_err(|s| self.short_in_block(s, "the size"))?;
        if size < 0 || size as u64 > self.max_block_size as u64 {
            let why = if size < 0 {
                "negative".to_string()
            } else {
                format!(
                    "more than the limit of {} (Reader::set_max_block_size)",
                    self.max_block_size
                )
            };
            return Err(self.block_error(
                size_offset,
                format!("block {index} is corrupt: it declares {size} bytes of data, {why}"),
            ));
        }
        let size = size as u64;
        self.data_offset = self.input.offset;
        self.stored_size = size;
        let target = match self.header.codec {
            Codec::Null => &mut self.block,
            #[allow(unreachable_patterns)]
            _ => &mut self.raw,
        };
        let got = match self.input.read_vec(size, target) {
            Ok(got) => got,
            Err(s) => return Err(self.short_in_block(s, "the data")),
        };
        if got < size {
            return Err(self.block_error(
                self.input.offset,
                format!(
                    "the file ends inside the data of block {index} (truncated): it declares \
                     {size} bytes, {got} are there"
                ),
            ));
        }
        let sync_offset = self.input.offset;
        let mut sync = [0u8; SYNC_SIZE];
        let got = match self.input.read_fill(&mut sync) {
            Ok(got) => got,
            Err(s) => return Err(self.short_in_block(s, "the sync marker")),
        };
        if got < SYNC_SIZE {
            return Err(self.short_in_block(Short::Eof, "the sync marker"));
        }
        if sync != self.header.sync {
            return Err(self.block_error(
                sync_offset,
                format!(
                    "block {index} is corrupt: its sync marker {} differs from the file's {} \
                     (a wrong block size, or bytes changed)",
                    hex(&sync),
                    hex(&self.header.sync)
                ),
            ));
        }
        if self.header.codec != Codec::Null {
            if let Err(e) =
                self.decompressor
                    .decompress(&self.raw, &mut self.block, self.max_block_size)
            {
                let codec = self.header.codec;
                let msg = match e {
                    DecompressError::TooLarge => format!(
                        "block {index} decompresses to more than the limit of {} bytes \
                         (Reader::set_max_block_size)",
                        self.max_block_size
                    ),
                    DecompressError::Corrupt(why) => {
                        format!("block {index} is corrupt: its {codec} data cannot be decompressed: {why}")
                    }
                };
                return Err(self.block_error(self.data_offset, msg));
            }
        }
        self.pos = 0;
        self.count = count as u64;
        self.left = count as u64;
        self.in_block = true;
        Ok(true)
    }

    /// Moves to the next block when the current one has no records left; `None` at the end of
    /// the file or after an error.
    fn fill(&mut self) -> Option<Result<()>> {
        while self.left == 0 {
            if self.state != State::Blocks {
                return None;
            }
            match self.read_block() {
                Ok(true) => {}
                Ok(false) => {
                    self.state = State::End;
                    return None;
                }
                Err(e) => {
                    self.state = State::Failed;
                    return Some(Err(e));
                }
            }
        }
        Some(Ok(()))
    }

    /// Decodes the next datum with `decode`, which reads it from a [`crate::Reader`] over the
    /// block's remaining data (and must read exactly the datum); `None` after the last datum of
    /// the file, or after an error.
    ///
    /// An error of `decode` is returned with the block, the record and the file offset added
    /// (as the [module documentation](super) describes), and ends the reading. A block whose
    /// data is not used up by its records is an error when the next block is read.
    #[inline]
    pub fn next_datum<U>(
        &mut self,
        decode: impl FnOnce(&mut crate::Reader<'_>) -> Result<U>,
    ) -> Option<Result<U>> {
        if self.left == 0 {
            if let Err(e) = self.fill()? {
                return Some(Err(e));
            }
        }
        let mut r = crate::Reader::new(&self.block[self.pos..]);
        Some(match decode(&mut r) {
            Ok(value) => {
                self.pos += r.position();
                self.left -= 1;
                Ok(value)
            }
            Err(e) => Err(self.record_error(e)),
        })
    }

    /// Records of the current block not read yet (0 before the first block and once a block is
    /// used up).
    pub fn records_left_in_block(&self) -> u64 {
        self.left
    }

    /// Moves to the next block, dropping the records of the current one not read yet (their
    /// bytes are not checked), and returns it; `None` at the end of the file or after an error.
    /// Its records are then read with [`BlockReader::next_datum`], or dropped by the next call.
    ///
    /// Every block is checked as it is read (size, sync marker, decompression), so reading a
    /// file block by block (to count records, or to skip to an offset) finds every error of
    /// the file's structure without decoding any record.
    pub fn next_block(&mut self) -> Option<Result<Block<'_>>> {
        self.in_block = false;
        self.left = 0;
        match self.fill()? {
            Ok(()) => {}
            Err(e) => return Some(Err(e)),
        }
        Some(Ok(Block {
            index: self.blocks - 1,
            offset: self.data_offset,
            records: self.count,
            stored_size: self.stored_size,
            data: &self.block,
        }))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl<R: Read, T: AvroSchema + DecodeOwned> Reader<R, T> {
    /// Decodes the next record with the decoder chosen for the file.
    #[inline]
    fn decode_next(&mut self) -> Option<Result<T>> {
        let decoding = &self.decoding;
        #[cfg(feature = "resolve")]
        let scratch = &mut self.scratch;
        self.file.next_datum(|r| match decoding {
            Decoding::Own => <T as Decode<'_>>::decode(r),
            Decoding::Known {
                fingerprint,
                decode,
            } => decode(*fingerprint, r)
                .unwrap_or_else(|| Err(Error::custom("the known writer has no decoder"))),
            #[cfg(feature = "resolve")]
            Decoding::Resolved(resolved) => resolved.decode_from(r, scratch),
        })
    }
}

impl<R: Read, T: AvroSchema + DecodeOwned> Iterator for Reader<R, T> {
    type Item = Result<T>;

    #[inline]
    fn next(&mut self) -> Option<Result<T>> {
        self.decode_next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.file.left).unwrap_or(usize::MAX);
        match self.file.state {
            State::Blocks => (left, None),
            _ => (left, Some(left)),
        }
    }
}

impl<R: Read, T: AvroSchema + DecodeOwned> std::iter::FusedIterator for Reader<R, T> {}
