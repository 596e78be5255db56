//! Block compression codecs: `null` always, the others each behind the feature of its name.

use std::fmt;

use crate::{Error, Result};

/// Every codec name the Avro specification (1.12) defines, with the feature that enables it.
const KNOWN: [(&str, &str); 6] = [
    ("null", "container"),
    ("deflate", "deflate"),
    ("snappy", "snappy"),
    ("zstandard", "zstandard"),
    ("bzip2", "bzip2"),
    ("xz", "xz"),
];

/// How the blocks of a container file are compressed (the header's `avro.codec`).
///
/// `Null` is always available; every other codec needs the `avro-runtime` feature of the same
/// name (`deflate`, `snappy`, `zstandard`, `bzip2`, `xz`). The compression level, for the codecs
/// that have one, is a writer option ([`WriterBuilder::level`](super::WriterBuilder::level)).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Codec {
    /// No compression.
    #[default]
    Null,
    /// Raw DEFLATE (RFC 1951, no zlib header or checksum), as the specification requires.
    #[cfg(feature = "deflate")]
    Deflate,
    /// Raw Snappy, each block followed by the big-endian CRC-32 of its uncompressed data.
    #[cfg(feature = "snappy")]
    Snappy,
    /// Zstandard frames.
    #[cfg(feature = "zstandard")]
    Zstandard,
    /// bzip2 streams.
    #[cfg(feature = "bzip2")]
    Bzip2,
    /// xz (LZMA2) streams.
    #[cfg(feature = "xz")]
    Xz,
}

impl Codec {
    /// Every codec compiled in (with the features enabled), `Null` first.
    pub const ALL: &'static [Codec] = &[
        Codec::Null,
        #[cfg(feature = "deflate")]
        Codec::Deflate,
        #[cfg(feature = "snappy")]
        Codec::Snappy,
        #[cfg(feature = "zstandard")]
        Codec::Zstandard,
        #[cfg(feature = "bzip2")]
        Codec::Bzip2,
        #[cfg(feature = "xz")]
        Codec::Xz,
    ];

    /// The codec's name in the header (`null`, `deflate`, `snappy`, `zstandard`, `bzip2`, `xz`).
    pub const fn name(self) -> &'static str {
        match self {
            Codec::Null => "null",
            #[cfg(feature = "deflate")]
            Codec::Deflate => "deflate",
            #[cfg(feature = "snappy")]
            Codec::Snappy => "snappy",
            #[cfg(feature = "zstandard")]
            Codec::Zstandard => "zstandard",
            #[cfg(feature = "bzip2")]
            Codec::Bzip2 => "bzip2",
            #[cfg(feature = "xz")]
            Codec::Xz => "xz",
        }
    }

    /// The codec named `name`. Fails for names the specification does not define, and for
    /// codecs whose feature is not enabled (the message names the feature).
    pub fn from_name(name: &str) -> Result<Codec> {
        if let Some(codec) = Codec::ALL.iter().find(|c| c.name() == name) {
            return Ok(*codec);
        }
        match KNOWN.iter().find(|(n, _)| *n == name) {
            Some((n, feature)) => Err(Error::custom(format!(
                "the file's codec `{n}` needs the `{feature}` feature of avro-runtime"
            ))),
            None => Err(Error::custom(format!(
                "unknown codec {name:?} (the specification defines null, deflate, snappy, \
                 zstandard, bzip2 and xz)"
            ))),
        }
    }

    /// The valid compression levels and the default one, `None` for codecs without levels.
    pub const fn levels(self) -> Option<(i32, i32, i32)> {
        match self {
            Codec::Null => None,
            #[cfg(feature = "deflate")]
            Codec::Deflate => Some((0, 9, 6)),
            #[cfg(feature = "snappy")]
            Codec::Snappy => None,
            #[cfg(feature = "zstandard")]
            Codec::Zstandard => Some((-7, 22, 3)),
            #[cfg(feature = "bzip2")]
            Codec::Bzip2 => Some((1, 9, 9)),
            #[cfg(feature = "xz")]
            Codec::Xz => Some((0, 9, 6)),
        }
    }
}

impl fmt::Display for Codec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Compresses blocks, keeping codec state between them.
pub(crate) struct Compressor {
    codec: Codec,
    #[allow(dead_code)] // unused when no codec with levels is enabled
    level: i32,
    #[cfg(feature = "deflate")]
    deflate: Option<flate2::Compress>,
}

impl Compressor {
    /// A compressor for `codec` at `level` (`None`: the codec's default; checked against the
    /// codec's range).
    pub(crate) fn new(codec: Codec, level: Option<i32>) -> Result<Self> {
        let level = match (codec.levels(), level) {
            (_, None) => codec.levels().map_or(0, |(_, _, default)| default),
            (Some((min, max, _)), Some(l)) if (min..=max).contains(&l) => l,
            (Some((min, max, _)), Some(l)) => {
                return Err(Error::custom(format!(
                    "compression level {l} is outside {min}..={max} for codec {codec}"
                )))
            }
            (None, Some(l)) => {
                return Err(Error::custom(format!(
                    "codec {codec} has no compression levels (got {l})"
                )))
            }
        };
        Ok(Compressor {
            codec,
            level,
            #[cfg(feature = "deflate")]
            deflate: None,
        })
    }

    pub(crate) fn codec(&self) -> Codec {
        self.codec
    }

    /// Compresses `input` into `out` (cleared first). Not called for `Null`.
    pub(crate) fn compress(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<()> {
        out.clear();
        #[allow(unused_variables)] // only `Null` without codec features
        let fail =
            |e: &dyn fmt::Display| Error::custom(format!("{} compression failed: {e}", self.codec));
        match self.codec {
            Codec::Null => out.extend_from_slice(input),
            #[cfg(feature = "deflate")]
            Codec::Deflate => {
                let level = flate2::Compression::new(self.level as u32);
                let state = self
                    .deflate
                    .get_or_insert_with(|| flate2::Compress::new(level, false));
                state.reset();
                out.reserve(input.len() / 2 + 64);
                let mut pos = 0;
                loop {
                    if out.len() == out.capacity() {
                        out.reserve(out.capacity().max(64));
                    }
                    let before = state.total_in();
                    let status = state
                        .compress_vec(&input[pos..], out, flate2::FlushCompress::Finish)
                        .map_err(|e| fail(&e))?;
                    pos += (state.total_in() - before) as usize;
                    if status == flate2::Status::StreamEnd {
                        break;
                    }
                }
            }
            #[cfg(feature = "snappy")]
            Codec::Snappy => {
                out.resize(snap::raw::max_compress_len(input.len()), 0);
                let n = snap::raw::Encoder::new()
                    .compress(input, out)
                    .map_err(|e| fail(&e))?;
                out.truncate(n);
                out.extend_from_slice(&crc32fast::hash(input).to_be_bytes());
            }
            #[cfg(feature = "zstandard")]
            Codec::Zstandard => {
                zstd::stream::copy_encode(input, &mut *out, self.level).map_err(|e| fail(&e))?;
            }
            #[cfg(feature = "bzip2")]
            Codec::Bzip2 => {
                use std::io::Write;
                let mut enc = bzip2::write::BzEncoder::new(
                    std::mem::take(out),
                    bzip2::Compression::new(self.level as u32),
                );
                enc.write_all(input).map_err(|e| fail(&e))?;
                *out = enc.finish().map_err(|e| fail(&e))?;
            }
            #[cfg(feature = "xz")]
            Codec::Xz => {
                use std::io::Write;
                let mut enc =
                    liblzma::write::XzEncoder::new(std::mem::take(out), self.level as u32);
                enc.write_all(input).map_err(|e| fail(&e))?;
                *out = enc.finish().map_err(|e| fail(&e))?;
            }
        }
        Ok(())
    }
}

/// Why a block could not be decompressed (the reader adds the block number and offset).
pub(crate) enum DecompressError {
    /// The decompressed data would exceed the limit.
    TooLarge,
    /// The codec rejected the data.
    #[allow(dead_code)] // only `Null` without codec features
    Corrupt(String),
}

/// Decompresses blocks, keeping codec state between them.
pub(crate) struct Decompressor {
    codec: Codec,
    #[cfg(feature = "deflate")]
    inflate: Option<Box<miniz_oxide::inflate::core::DecompressorOxide>>,
}

/// Reads a whole decompression stream into `out`, failing once it exceeds `limit` bytes.
#[cfg(any(feature = "zstandard", feature = "bzip2", feature = "xz"))]
fn read_limited(
    mut decoder: impl std::io::Read,
    out: &mut Vec<u8>,
    limit: usize,
) -> std::result::Result<(), DecompressError> {
    use std::io::Read;
    let taken = (&mut decoder)
        .take(limit as u64 + 1)
        .read_to_end(out)
        .map_err(|e| DecompressError::Corrupt(e.to_string()))?;
    if taken > limit {
        return Err(DecompressError::TooLarge);
    }
    Ok(())
}

impl Decompressor {
    pub(crate) fn new(codec: Codec) -> Self {
        Decompressor {
            codec,
            #[cfg(feature = "deflate")]
            inflate: None,
        }
    }

    /// Decompresses one block from `input` into `out` (cleared first), at most `limit` bytes.
    /// Not called for `Null`.
    pub(crate) fn decompress(
        &mut self,
        input: &[u8],
        out: &mut Vec<u8>,
        limit: usize,
    ) -> std::result::Result<(), DecompressError> {
        // Deflate writes over the bytes `out` already holds (see `inflate`).
        #[cfg(feature = "deflate")]
        if self.codec == Codec::Deflate {
            return self.inflate(input, out, limit);
        }
        out.clear();
        // Buffers grow with the data actually produced, from a bounded first guess.
        #[allow(unused_variables)]
        let guess = input.len().saturating_mul(4).clamp(64, 1 << 20).min(limit);
        match self.codec {
            Codec::Null => {
                if input.len() > limit {
                    return Err(DecompressError::TooLarge);
                }
                out.extend_from_slice(input);
            }
            #[cfg(feature = "deflate")]
            Codec::Deflate => unreachable!("deflate returned above"),
            #[cfg(feature = "snappy")]
            Codec::Snappy => {
                let Some(split) = input.len().checked_sub(4) else {
                    return Err(DecompressError::Corrupt(
                        "a snappy block needs at least its 4-byte CRC-32".into(),
                    ));
                };
                let (data, crc) = input.split_at(split);
                let len = snap::raw::decompress_len(data)
                    .map_err(|e| DecompressError::Corrupt(e.to_string()))?;
                if len > limit {
                    return Err(DecompressError::TooLarge);
                }
                out.resize(len, 0);
                let n = snap::raw::Decoder::new()
                    .decompress(data, out)
                    .map_err(|e| DecompressError::Corrupt(e.to_string()))?;
                out.truncate(n);
                let expected = u32::from_be_bytes([crc[0], crc[1], crc[2], crc[3]]);
                let actual = crc32fast::hash(out);
                if actual != expected {
                    return Err(DecompressError::Corrupt(format!(
                        "CRC-32 of the uncompressed data is {actual:08x}, the block says {expected:08x}"
                    )));
                }
            }
            #[cfg(feature = "zstandard")]
            Codec::Zstandard => {
                out.reserve(guess);
                let decoder = zstd::stream::read::Decoder::with_buffer(input)
                    .map_err(|e| DecompressError::Corrupt(e.to_string()))?;
                read_limited(decoder, out, limit)?;
            }
            #[cfg(feature = "bzip2")]
            Codec::Bzip2 => {
                out.reserve(guess);
                read_limited(bzip2::bufread::BzDecoder::new(input), out, limit)?;
            }
            #[cfg(feature = "xz")]
            Codec::Xz => {
                out.reserve(guess);
                read_limited(liblzma::bufread::XzDecoder::new(input), out, limit)?;
            }
        }
        Ok(())
    }
    /// Inflates one deflate block from `input` into `out`, at most `limit` bytes.
    ///
    /// The bytes `out` holds on entry are used as output room: the reader passes the same
    /// vector for every block, so after the first block it already holds about a block's worth
    /// of initialised bytes, which inflating overwrites; the first block starts from twice the
    /// compressed size. Room is added in steps of an eighth (at least 4 KiB), and only added
    /// room is zero-filled. (flate2's `Vec` API zero-filled the whole spare capacity on every
    /// call, about 700 instructions of `memset` per event_a record, and its stream layer
    /// inflates through a 32 KiB window that it then copies out.) miniz_oxide's core inflates
    /// straight into `out`, which is its window (`TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF`),
    /// and continues into added room after a `HasMoreOutput`, as apache-avro's
    /// `decompress_to_vec_with_limit` does.
    #[cfg(feature = "deflate")]
    fn inflate(
        &mut self,
        input: &[u8],
        out: &mut Vec<u8>,
        limit: usize,
    ) -> std::result::Result<(), DecompressError> {
        use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
        use miniz_oxide::inflate::TINFLStatus;
        const STEP: usize = 4096;
        let state = self
            .inflate
            .get_or_insert_with(|| Box::new(DecompressorOxide::new()));
        state.init();
        // Raw deflate (no zlib header), the whole input at once, the output is the window.
        let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
        if out.len() > limit {
            out.truncate(limit);
        }
        if out.len() < STEP {
            let first = input
                .len()
                .saturating_mul(2)
                .clamp(STEP, 1 << 20)
                .min(limit);
            out.resize(first.max(out.len()), 0);
        }
        let (mut pos, mut written) = (0, 0);
        loop {
            let (status, read, wrote) = decompress(state, &input[pos..], out, written, flags);
            pos += read;
            written += wrote;
            match status {
                TINFLStatus::Done => break,
                TINFLStatus::HasMoreOutput => {
                    if out.len() >= limit {
                        return Err(DecompressError::TooLarge);
                    }
                    let more = (out.len() / 8).max(STEP).min(limit - out.len());
                    out.resize(out.len() + more, 0);
                }
                TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
                    return Err(DecompressError::Corrupt(
                        "the deflate stream ends before its last block".into(),
                    ));
                }
                other => {
                    return Err(DecompressError::Corrupt(format!(
                        "invalid deflate data ({other:?})"
                    )));
                }
            }
        }
        out.truncate(written);
        Ok(())
    }
}

#[cfg(all(test, feature = "deflate"))]
mod inflate_tests {
    use super::*;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        Compressor::new(Codec::Deflate, None)
            .unwrap()
            .compress(data, &mut out)
            .unwrap();
        out
    }

    /// Blocks of every size in turn through one reused output vector (as the reader does),
    /// which holds longer or shorter stale data from the block before.
    #[test]
    fn reused_output_holds_exactly_each_block() {
        let mut d = Decompressor::new(Codec::Deflate);
        let mut out = Vec::new();
        let mut x = 1u32;
        for len in [0, 10, 100_000, 5, 70_000, 70_001, 4096, 4097, 200_000, 1] {
            let data: Vec<u8> = (0..len)
                .map(|i| {
                    x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    if i % 3 == 0 {
                        (x >> 24) as u8
                    } else {
                        b'a' + (i % 7) as u8
                    }
                })
                .collect();
            let compressed = deflate(&data);
            assert!(d.decompress(&compressed, &mut out, 1 << 20).is_ok());
            assert!(out == data, "block of {len} bytes");
            // The limit is inclusive.
            assert!(d.decompress(&compressed, &mut out, len).is_ok() && out == data);
            if len > 0 {
                let mut other = vec![7; len * 2];
                assert!(matches!(
                    d.decompress(&compressed, &mut other, len - 1),
                    Err(DecompressError::TooLarge)
                ));
                assert!(matches!(
                    d.decompress(&compressed[..compressed.len() / 2], &mut other, 1 << 20),
                    Err(DecompressError::Corrupt(_))
                ));
            }
        }
    }
}
