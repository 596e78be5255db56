//! Container files of schemas known only at run time (features `dynamic` and `container`).

use std::io::{Read, Write};

use serde_json::Value;

use super::{DatumReader, SchemaCodec};
use crate::container::{BlockReader, Writer, WriterBuilder};
use crate::resolve::ParsedSchema;
use crate::{Error, Result};

/// Reads the records of a container file of any schema as Avro JSON text, one record at a time
/// (one block in memory), with the file's writer schema or through a reader schema.
///
/// ```
/// # use avro_runtime::dynamic::{FileReader, FileWriter};
/// # use avro_runtime::container::{Codec, WriterBuilder};
/// # use avro_runtime::resolve::ParsedSchema;
/// # let schema = ParsedSchema::parse(r#"{"type":"record","name":"P","fields":[{"name":"x","type":"long"}]}"#, "s")?;
/// # let mut w = FileWriter::new(Vec::new(), &schema, WriterBuilder::new().codec(Codec::Null))?;
/// # w.append_json(&avro_runtime::json::serde_json::json!({"x": 1}))?;
/// # let file = w.finish()?;
/// let mut reader = FileReader::new(file.as_slice())?;
/// let mut line = Vec::new();
/// while let Some(record) = reader.next_json(&mut line) {
///     record?;
///     assert_eq!(line, br#"{"x":1}"#);
///     line.clear();
/// }
/// # Ok::<(), avro_runtime::Error>(())
/// ```
#[derive(Debug)]
pub struct FileReader<R> {
    blocks: BlockReader<R>,
    writer: ParsedSchema,
    datums: DatumReader,
    scratch: Vec<u8>,
}

impl<R: Read> FileReader<R> {
    /// Reads the header of the container file `input`; records are read with its writer schema.
    pub fn new(input: R) -> Result<Self> {
        Self::open(input, None)
    }

    /// Reads the header of the container file `input`; records are read as `reader` (schema
    /// resolution). Fails when no record of the file's schema can be read as `reader`.
    pub fn with_reader_schema(input: R, reader: &ParsedSchema) -> Result<Self> {
        Self::open(input, Some(reader))
    }

    fn open(input: R, reader: Option<&ParsedSchema>) -> Result<Self> {
        let blocks = BlockReader::new(input)?;
        let writer = ParsedSchema::parse(blocks.writer_schema(), "writer schema")
            .map_err(|e| Error::custom(format!("the file's avro.schema: {e}")).at_offset(4))?;
        let datums = DatumReader::new(&writer, reader)
            .map_err(|e| Error::custom(format!("the file's schema: {e}")).at_offset(4))?;
        Ok(FileReader {
            blocks,
            writer,
            datums,
            scratch: Vec::new(),
        })
    }

    /// Appends the next record's Avro JSON to `out`; `None` after the last record, or after an
    /// error (errors name the block and record, see [`BlockReader::next_datum`]). On error, `out`
    /// is as it was.
    #[inline]
    pub fn next_json(&mut self, out: &mut Vec<u8>) -> Option<Result<()>> {
        let start = out.len();
        let (datums, scratch) = (&self.datums, &mut self.scratch);
        let result = self
            .blocks
            .next_datum(|r| datums.write_json(r, out, scratch));
        if let Some(Err(_)) = result {
            out.truncate(start);
        }
        result
    }

    /// Skips up to `n` records and returns how many were skipped (fewer at the end of the file).
    /// Whole blocks are skipped without decoding their records (their structure is checked).
    pub fn skip(&mut self, n: u64) -> Result<u64> {
        let mut left = n;
        let mut discard = Vec::new();
        while left > 0 {
            let in_block = self.blocks.records_left_in_block();
            if left < in_block {
                for _ in 0..left {
                    discard.clear();
                    if let Some(Err(e)) = self.next_json(&mut discard) {
                        return Err(e);
                    }
                }
                return Ok(n);
            }
            left -= in_block;
            match self.blocks.next_block() {
                None => return Ok(n - left),
                Some(Err(e)) => return Err(e),
                Some(Ok(_)) => {}
            }
        }
        Ok(n)
    }

    /// The file's writer schema.
    pub fn writer_schema(&self) -> &ParsedSchema {
        &self.writer
    }

    /// The container file underneath: header, codec, metadata, blocks.
    pub fn blocks(&self) -> &BlockReader<R> {
        &self.blocks
    }
}

/// Writes a container file of a schema known at run time from Avro JSON values (or datums
/// already encoded).
pub struct FileWriter<W: Write> {
    writer: Writer<W, SchemaCodec>,
    codec: SchemaCodec,
}

impl<W: Write> std::fmt::Debug for FileWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileWriter")
            .field("writer", &self.writer)
            .finish_non_exhaustive()
    }
}

impl<W: Write> FileWriter<W> {
    /// Writes the header (the full schema JSON of `schema`, the builder's codec and metadata) to
    /// `out`.
    pub fn new(out: W, schema: &ParsedSchema, builder: WriterBuilder) -> Result<Self> {
        let json = avro_schema::canonical::full_json(schema.set(), schema.schema());
        Ok(FileWriter {
            writer: builder.build_for_schema(&json, out)?,
            codec: SchemaCodec::new(schema),
        })
    }

    /// Appends the record `value`, given in Avro JSON (see [`SchemaCodec::encode_json`]). On
    /// error nothing of it is written and the writer stays usable.
    pub fn append_json(&mut self, value: &Value) -> Result<()> {
        let codec = &self.codec;
        self.writer
            .append_encoded(|block| codec.encode_json(value, block))
    }

    /// Records appended so far.
    pub fn records_written(&self) -> u64 {
        self.writer.records_written()
    }

    /// Writes the last block, flushes and returns the output.
    pub fn finish(self) -> Result<W> {
        self.writer.finish()
    }
}
