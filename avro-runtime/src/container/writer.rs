//! [`Writer`]: writing container files block by block.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};

use super::codec::{Codec, Compressor};
use super::{CODEC_KEY, MAGIC, SCHEMA_KEY, SYNC_SIZE};
use crate::{encode, AvroSchema, Encode, Error, Result};

/// Default limit of a block's uncompressed data: 64 000 bytes, Java's default sync interval.
pub const DEFAULT_BLOCK_BYTES: usize = 64_000;

/// Default limit of records per block.
pub const DEFAULT_BLOCK_RECORDS: usize = 100_000;

/// Options of a [`Writer`]: codec and level, sync marker, user metadata, block limits.
///
/// ```
/// use avro_runtime::container::{Codec, WriterBuilder};
/// let builder = WriterBuilder::new()
///     .codec(Codec::Null)
///     .sync_marker([7; 16])
///     .block_records(1000)
///     .block_bytes(1 << 20)
///     .metadata("origin", "sensor-7")?;
/// # Ok::<(), avro_runtime::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct WriterBuilder {
    codec: Codec,
    level: Option<i32>,
    sync: Option<[u8; SYNC_SIZE]>,
    metadata: Vec<(String, Vec<u8>)>,
    block_records: usize,
    block_bytes: usize,
}

impl Default for WriterBuilder {
    fn default() -> Self {
        WriterBuilder {
            codec: Codec::Null,
            level: None,
            sync: None,
            metadata: Vec::new(),
            block_records: DEFAULT_BLOCK_RECORDS,
            block_bytes: DEFAULT_BLOCK_BYTES,
        }
    }
}

impl WriterBuilder {
    /// The defaults: `null` codec, a random sync marker, no user metadata, blocks of at most
    /// [`DEFAULT_BLOCK_BYTES`] and [`DEFAULT_BLOCK_RECORDS`].
    pub fn new() -> Self {
        Self::default()
    }

    /// The codec of the blocks.
    #[must_use]
    pub fn codec(mut self, codec: Codec) -> Self {
        self.codec = codec;
        self
    }

    /// The compression level, for codecs that have one (see [`Codec::levels`]; checked by
    /// [`WriterBuilder::build`]). Default: the codec's default level.
    #[must_use]
    pub fn level(mut self, level: i32) -> Self {
        self.level = Some(level);
        self
    }

    /// A fixed sync marker (default: a new random one per file). Fixed markers make output
    /// reproducible; a marker must not occur in the data for readers that search for it.
    #[must_use]
    pub fn sync_marker(mut self, sync: [u8; SYNC_SIZE]) -> Self {
        self.sync = Some(sync);
        self
    }

    /// Adds user metadata to the header (later values for the same key replace earlier ones).
    /// Keys starting with `avro.` are reserved by the specification and rejected.
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<Vec<u8>>) -> Result<Self> {
        let key = key.into();
        if key.starts_with("avro.") {
            return Err(Error::custom(format!(
                "metadata key {key:?} is reserved: keys starting with \"avro.\" belong to the \
                 specification"
            )));
        }
        let value = value.into();
        match self.metadata.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.metadata.push((key, value)),
        }
        Ok(self)
    }

    /// Ends a block once it holds this many records (at least 1).
    #[must_use]
    pub fn block_records(mut self, records: usize) -> Self {
        self.block_records = records.max(1);
        self
    }

    /// Limit of a block's uncompressed data in bytes: a record that would take a block past it
    /// starts the next block (a single larger record gets a block of its own). Default
    /// [`DEFAULT_BLOCK_BYTES`].
    #[must_use]
    pub fn block_bytes(mut self, bytes: usize) -> Self {
        self.block_bytes = bytes.max(1);
        self
    }

    /// Writes the header for values of `T` to `out` and returns the writer.
    pub fn build<T: AvroSchema + Encode, W: Write>(self, out: W) -> Result<Writer<W, T>> {
        self.build_for_schema(T::SCHEMA_JSON, out)
    }

    /// Writes the header for datums of the schema `schema_json` (valid schema JSON: callers
    /// validate it) and returns the writer; its datums are appended already encoded
    /// ([`Writer::append_encoded`]). For schemas known only at run time (`dynamic::FileWriter`).
    pub(crate) fn build_for_schema<T, W: Write>(
        self,
        schema_json: &str,
        mut out: W,
    ) -> Result<Writer<W, T>> {
        let compressor = Compressor::new(self.codec, self.level)?;
        let sync = self.sync.unwrap_or_else(random_sync);
        let mut header = Vec::with_capacity(schema_json.len() + 128);
        header.extend_from_slice(&MAGIC);
        encode::block_len(&mut header, 2 + self.metadata.len());
        encode::string(&mut header, SCHEMA_KEY);
        encode::string(&mut header, schema_json);
        encode::string(&mut header, CODEC_KEY);
        encode::string(&mut header, self.codec.name());
        for (key, value) in &self.metadata {
            encode::string(&mut header, key);
            encode::bytes(&mut header, value);
        }
        encode::block_len(&mut header, 0);
        header.extend_from_slice(&sync);
        out.write_all(&header).map_err(io_error)?;
        Ok(Writer {
            out: Some(out),
            compressor,
            sync,
            block: Vec::with_capacity(self.block_bytes.min(DEFAULT_BLOCK_BYTES * 2)),
            compressed: Vec::new(),
            count: 0,
            block_records: self.block_records,
            block_bytes: self.block_bytes,
            records: 0,
            blocks: 0,
            failed: false,
            _type: PhantomData,
        })
    }
}

fn io_error(e: std::io::Error) -> Error {
    Error::custom(format!("I/O error writing the container file: {e}"))
}

/// A sync marker from the process's random hash keys (seeded by the operating system), the
/// time and a counter: distinct per file, no dependency.
fn random_sync() -> [u8; SYNC_SIZE] {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut out = [0u8; SYNC_SIZE];
    for (i, chunk) in out.chunks_mut(8).enumerate() {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(n);
        h.write_u128(nanos);
        h.write_usize(i);
        h.write_usize(&n as *const u64 as usize);
        chunk.copy_from_slice(&h.finish().to_le_bytes());
    }
    out
}

/// Writes values of `T` into an Avro object container file.
///
/// Records are encoded into a block buffer; a block is written (compressed, with its record
/// count, size and the sync marker) when it reaches the builder's limits, on [`Writer::flush`]
/// and on [`Writer::finish`]. Dropping the writer writes the last block too, but ignores errors:
/// call [`Writer::finish`] to see them. Wrap unbuffered outputs (a `File`) in a `BufWriter` if
/// blocks are small.
pub struct Writer<W: Write, T> {
    /// `None` once finished.
    out: Option<W>,
    compressor: Compressor,
    sync: [u8; SYNC_SIZE],
    /// The current block's uncompressed data.
    block: Vec<u8>,
    compressed: Vec<u8>,
    /// Records in `block`.
    count: usize,
    block_records: usize,
    block_bytes: usize,
    records: u64,
    blocks: u64,
    /// A write failed: the output is in an unknown state.
    failed: bool,
    _type: PhantomData<fn(&T)>,
}

impl<W: Write, T> fmt::Debug for Writer<W, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Writer")
            .field("type", &std::any::type_name::<T>())
            .field("codec", &self.compressor.codec())
            .field("records", &self.records)
            .field("blocks", &self.blocks)
            .finish_non_exhaustive()
    }
}

impl<W: Write, T: AvroSchema + Encode> Writer<W, T> {
    /// A writer with the default options ([`WriterBuilder::new`]): writes the header to `out`.
    pub fn new(out: W) -> Result<Self> {
        WriterBuilder::new().build(out)
    }

    /// A writer with the default options and `codec`.
    pub fn with_codec(out: W, codec: Codec) -> Result<Self> {
        WriterBuilder::new().codec(codec).build(out)
    }

    /// Appends one value. On an encoding error (a value the schema cannot represent) nothing
    /// of the value is written and the writer stays usable.
    pub fn append(&mut self, value: &T) -> Result<()> {
        self.append_encoded(|block| value.encode(block))
    }

    /// Appends every value of `values`.
    pub fn extend<'v>(&mut self, values: impl IntoIterator<Item = &'v T>) -> Result<()>
    where
        T: 'v,
    {
        for v in values {
            self.append(v)?;
        }
        Ok(())
    }
}

impl<W: Write, T> Writer<W, T> {
    #[cold]
    fn failed_error() -> Error {
        Error::custom("an earlier write to the container file failed; the writer cannot continue")
    }

    /// Appends one datum that `encode` appends to the block buffer (in the binary encoding of
    /// the file's schema). On an error of `encode` nothing of the datum is kept and the writer
    /// stays usable.
    pub(crate) fn append_encoded(
        &mut self,
        encode: impl FnOnce(&mut Vec<u8>) -> Result<()>,
    ) -> Result<()> {
        if self.failed {
            return Err(Self::failed_error());
        }
        let before = self.block.len();
        if let Err(e) = encode(&mut self.block) {
            self.block.truncate(before);
            return Err(e);
        }
        self.records += 1;
        if self.block.len() > self.block_bytes && self.count > 0 {
            // The value does not fit: end the block before it.
            self.write_block(before)?;
            self.block.drain(..before);
        }
        self.count += 1;
        if self.count >= self.block_records || self.block.len() >= self.block_bytes {
            let len = self.block.len();
            self.write_block(len)?;
            self.block.clear();
        }
        Ok(())
    }

    /// Writes the first `len` bytes of the block buffer, holding `self.count` records, as a
    /// block (the caller removes them from the buffer).
    fn write_block(&mut self, len: usize) -> Result<()> {
        if self.count == 0 {
            return Ok(());
        }
        let Some(out) = self.out.as_mut() else {
            return Ok(());
        };
        let data = &self.block[..len];
        let data: &[u8] = if self.compressor.codec() == Codec::Null {
            data
        } else {
            self.compressor.compress(data, &mut self.compressed)?;
            &self.compressed
        };
        let mut head = Vec::with_capacity(2 * encode::MAX_LONG_LEN);
        encode::long(&mut head, self.count as i64);
        encode::long(&mut head, data.len() as i64);
        let result = out
            .write_all(&head)
            .and_then(|()| out.write_all(data))
            .and_then(|()| out.write_all(&self.sync));
        self.count = 0;
        if let Err(e) = result {
            self.failed = true;
            return Err(io_error(e));
        }
        self.blocks += 1;
        Ok(())
    }

    /// Ends the current block (if it holds records) and flushes the output. Readers see every
    /// record appended so far.
    pub fn flush(&mut self) -> Result<()> {
        if self.failed {
            return Err(Self::failed_error());
        }
        let len = self.block.len();
        self.write_block(len)?;
        self.block.clear();
        if let Some(out) = self.out.as_mut() {
            if let Err(e) = out.flush() {
                self.failed = true;
                return Err(io_error(e));
            }
        }
        Ok(())
    }

    /// Writes the last block, flushes and returns the output.
    pub fn finish(mut self) -> Result<W> {
        self.flush()?;
        Ok(self.out.take().expect("the output is present until finish"))
    }

    /// The file's sync marker.
    pub fn sync_marker(&self) -> [u8; SYNC_SIZE] {
        self.sync
    }

    /// Records appended so far.
    pub fn records_written(&self) -> u64 {
        self.records
    }

    /// Blocks written so far (the block being filled not included).
    pub fn blocks_written(&self) -> u64 {
        self.blocks
    }

    /// The output.
    pub fn get_ref(&self) -> &W {
        self.out
            .as_ref()
            .expect("the output is present until finish")
    }
}

impl<W: Write, T> Drop for Writer<W, T> {
    fn drop(&mut self) {
        if self.out.is_some() && !self.failed && !std::thread::panicking() {
            let _ = self.flush();
        }
    }
}
