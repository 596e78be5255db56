//! Avro object container files (feature `container`): a header with the writer schema, the
//! codec and user metadata, then blocks of records, each ended by the file's sync marker
//! (Avro 1.12 specification, "Object Container Files").
//!
//! [`Writer`] appends values of a generated type `T` and writes blocks as they fill up;
//! [`Reader`] streams the values of a file back, one block in memory at a time. The reader
//! reads files written with any schema `T` can read:
//!
//! * the same schema as `T` (compared by Parsing Canonical Form, so docs, attributes, field
//!   order of the JSON and other writers' formatting do not matter): `T`'s own decoder;
//! * an earlier version listed in the generator's configuration (`T: KnownWriters`): the
//!   decoder generated for that writer, chosen by the schema's fingerprint;
//! * any other compatible schema: with the `resolve` feature, a resolution plan compiled once
//!   for the file; without it, [`Reader::new`] fails and says so.
//!
//! [`Reader::plain`] reads types without `KnownWriters` (generated top-level unions, hand-written
//! types): own schema or, with `resolve`, resolution. [`Reader::decode_path`] tells which path a
//! file takes.
//!
//! Codecs: `null` always; `deflate`, `snappy`, `zstandard`, `bzip2` and `xz` each with the
//! feature of its name (see [`Codec`]).
//!
//! ```
//! # use avro_runtime::{AvroSchema, Decode, Encode, KnownWriters, Reader as Datums, Result};
//! # #[derive(Debug, PartialEq)]
//! # struct Point { x: i64 }
//! # impl AvroSchema for Point {
//! #     const SCHEMA_JSON: &'static str =
//! #         r#"{"type":"record","name":"Point","fields":[{"name":"x","type":"long"}]}"#;
//! #     const CANONICAL_FORM: &'static str =
//! #         r#"{"name":"Point","type":"record","fields":[{"name":"x","type":"long"}]}"#;
//! #     const RABIN_FINGERPRINT: u64 =
//! #         avro_runtime::container::rabin_fingerprint(Self::CANONICAL_FORM.as_bytes());
//! #     const MD5_FINGERPRINT: [u8; 16] = [0; 16];
//! #     const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
//! # }
//! # impl Encode for Point {
//! #     fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
//! #         avro_runtime::encode::long(out, self.x);
//! #         Ok(())
//! #     }
//! # }
//! # impl<'a> Decode<'a> for Point {
//! #     fn decode(r: &mut Datums<'a>) -> Result<Self> { Ok(Point { x: r.read_long()? }) }
//! # }
//! # impl KnownWriters for Point {
//! #     const WRITERS: &'static [(u64, &'static str)] =
//! #         &[(Self::RABIN_FINGERPRINT, Self::SCHEMA_JSON)];
//! #     fn decode_written_with(fp: u64, r: &mut Datums<'_>) -> Option<Result<Self>> {
//! #         (fp == Self::RABIN_FINGERPRINT).then(|| Self::decode(r))
//! #     }
//! # }
//! use avro_runtime::container::{Codec, Reader, Writer, WriterBuilder};
//!
//! // `Point` is a generated record { x: long }.
//! let mut writer: Writer<Vec<u8>, Point> = WriterBuilder::new()
//!     .codec(Codec::Null)
//!     .metadata("created.by", "example")?
//!     .build(Vec::new())?;
//! for x in 0..1000 {
//!     writer.append(&Point { x })?;
//! }
//! let file: Vec<u8> = writer.finish()?;
//!
//! let reader = Reader::<_, Point>::new(file.as_slice())?;
//! assert_eq!(reader.metadata()["created.by"], b"example");
//! assert_eq!(reader.codec(), Codec::Null);
//! let points: Vec<Point> = reader.collect::<Result<_>>()?;
//! assert_eq!(points.len(), 1000);
//! # Ok::<(), avro_runtime::Error>(())
//! ```
//!
//! # Errors
//!
//! Every problem of the input is an [`Error`](crate::Error), never a panic, and records of the
//! blocks before a bad one have been yielded by then. Errors name the block (numbered from 0) and
//! carry the byte offset in the file ([`Error::offset`](crate::Error::offset)): of the failing
//! record's byte for the `null` codec, of the block's data for compressed blocks (the message
//! also gives the offset within the decompressed data). After an error the reader yields
//! nothing more.
//!
//! Decisions where the specification is silent:
//!
//! * **Trailing bytes.** Bytes after the last block's sync marker that do not form a complete
//!   block are an error (a truncated block, "the file ends inside the header of block N"),
//!   after every record of the complete blocks has been yielded; fastavro and Java fail the same
//!   way. A file cut exactly after a sync marker is a valid, shorter file: no format can tell.
//! * **Sync marker in the metadata.** Metadata values are bytes and may hold anything,
//!   including the sync marker itself (`syncInMeta.avro`); the header is parsed as the Avro map
//!   it is, never by scanning for the marker.
//! * **Duplicate metadata keys** are allowed; the last value wins (as in Java's map).
//! * **Whole blocks first.** A block's records are yielded only after the whole block, its sync
//!   marker included, has been read and checked (and decompressed), as Java does: a file cut
//!   inside a block yields none of that block's records (fastavro yields those it can decode
//!   before noticing, e.g. for `avro-1238-truncated.avro`).
//! * **A block's data not used up by its records** is an error (the block is corrupt).
//! * **Sizes.** A declared block size is checked against a limit
//!   ([`Reader::set_max_block_size`], [`DEFAULT_MAX_BLOCK_SIZE`]) and read incrementally, so
//!   memory follows the bytes actually present, never the size a corrupt header declares;
//!   decompressed data is bounded by the same limit.
//! * **Version.** Only version 1 (`Obj\x01`) exists in the specification; the Avro 1.2 format
//!   (`Obj\x00`) is rejected as unsupported.

mod canonical;
mod codec;
mod reader;
mod writer;

pub use canonical::{canonical_form, rabin_fingerprint};
pub use codec::Codec;
pub use reader::{Block, BlockReader, DecodePath, Reader, DEFAULT_MAX_BLOCK_SIZE};
pub use writer::{Writer, WriterBuilder, DEFAULT_BLOCK_BYTES, DEFAULT_BLOCK_RECORDS};

/// The four bytes every container file starts with: `O`, `b`, `j`, version 1.
pub const MAGIC: [u8; 4] = *b"Obj\x01";

/// Length of the sync marker that ends the header and every block.
pub const SYNC_SIZE: usize = 16;

/// Header metadata: key → bytes (`avro.schema` and `avro.codec` included).
pub type Metadata = std::collections::BTreeMap<String, Vec<u8>>;

/// Metadata key of the writer schema.
pub const SCHEMA_KEY: &str = "avro.schema";
/// Metadata key of the codec name.
pub const CODEC_KEY: &str = "avro.codec";
