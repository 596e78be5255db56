//! Single datums: `avro encode` (Avro JSON → binary) and `avro decode` (binary → Avro JSON), as
//! hex lines or raw bytes, optionally framed (single-object encoding, Confluent wire format).

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use avro_runtime::dynamic::{DatumReader, SchemaCodec};
use avro_runtime::framing::{confluent, single_object};
use avro_runtime::Reader;
use clap::ValueEnum;
use serde_json::Value;

use crate::io::{self, hex, unhex, OUTPUT_BUFFER};
use crate::{schema, Failure, Includes, Outcome};

/// How each message is framed.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// `C3 01`, the schema's CRC-64-AVRO fingerprint (8 bytes, little-endian), the datum
    SingleObject,
    /// `00`, a schema registry id (4 bytes, big-endian), the datum
    Confluent,
}

/// Arguments of `avro encode`.
#[derive(clap::Args, Debug)]
pub struct EncodeArgs {
    /// The schema of the datums: a file, or JSON text
    #[arg(value_name = "SCHEMA")]
    schema: PathBuf,
    /// Avro JSON values, one per line or separated by any whitespace (- for standard input)
    #[arg(value_name = "INPUT", default_value = "-")]
    input: PathBuf,
    #[command(flatten)]
    includes: Includes,
    /// Where to write (- for standard output)
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    output: PathBuf,
    /// Write the datums' bytes one after the other instead of one hex line each
    #[arg(long)]
    raw: bool,
    /// Frame each datum
    #[arg(long, value_enum)]
    framing: Option<Framing>,
    /// The schema registry id written in Confluent frames (required with --framing confluent)
    #[arg(long, value_name = "ID", required_if_eq("framing", "confluent"))]
    schema_id: Option<u32>,
}

/// Arguments of `avro decode` (alias `to-json`).
#[derive(clap::Args, Debug)]
pub struct DecodeArgs {
    /// The schema the datums were written with: a file, or JSON text
    #[arg(value_name = "SCHEMA")]
    schema: PathBuf,
    /// Binary datums: one hex line each (an empty line is a datum of no bytes), or raw bytes
    /// with --raw (- for standard input)
    #[arg(value_name = "INPUT", default_value = "-")]
    input: PathBuf,
    #[command(flatten)]
    includes: Includes,
    /// The input is the datums' bytes one after the other, not hex lines
    #[arg(long)]
    raw: bool,
    /// Each datum is framed: the header is checked (single-object: the fingerprint must be
    /// SCHEMA's; Confluent: the id must be --schema-id when given)
    #[arg(long, value_enum)]
    framing: Option<Framing>,
    /// The schema registry id Confluent frames must have
    #[arg(long, value_name = "ID", requires = "framing")]
    schema_id: Option<u32>,
    /// Print each framed datum as {"schema_id": ID, "datum": ...} or
    /// {"fingerprint": "HEX", "datum": ...}
    #[arg(long, requires = "framing")]
    show_header: bool,
    /// Read the datums as this schema (schema resolution)
    #[arg(long, value_name = "SCHEMA")]
    reader_schema: Option<PathBuf>,
}

pub fn encode(args: &EncodeArgs) -> Outcome {
    let schema = schema::load(&args.schema, &args.includes)?;
    let codec = SchemaCodec::new(&schema);
    let input = BufReader::with_capacity(OUTPUT_BUFFER, io::input(&args.input)?);
    let mut out = io::output(&args.output, args.raw)?;
    let mut datum = Vec::new();
    let values = serde_json::Deserializer::from_reader(input).into_iter::<Value>();
    for (i, value) in values.enumerate() {
        let value = value.map_err(|e| format!("datum {}: not JSON: {e}", i + 1))?;
        datum.clear();
        match (args.framing, args.schema_id) {
            (Some(Framing::SingleObject), _) => {
                single_object::write_header(schema.fingerprint(), &mut datum);
            }
            (Some(Framing::Confluent), Some(id)) => confluent::write_header(id, &mut datum),
            (Some(Framing::Confluent), None) => {
                return Err("--framing confluent needs --schema-id".into())
            }
            (None, _) => {}
        }
        codec
            .encode_json(&value, &mut datum)
            .map_err(|e| format!("datum {}: {e}", i + 1))?;
        if args.raw {
            out.write_all(&datum)?;
        } else {
            writeln!(out, "{}", hex(&datum))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// What a frame's header said.
enum Header {
    Fingerprint(u64),
    SchemaId(u32),
}

pub fn decode(args: &DecodeArgs) -> Outcome {
    let writer = schema::load(&args.schema, &args.includes)?;
    let reader = match &args.reader_schema {
        Some(s) => Some(schema::load(s, &args.includes)?),
        None => None,
    };
    let datums = DatumReader::new(&writer, reader.as_ref())?;
    let decoder = Decoder {
        args,
        datums,
        fingerprint: writer.fingerprint(),
    };
    let mut out = io::output(std::path::Path::new("-"), false)?;
    let mut line = Vec::new();
    let mut scratch = Vec::new();
    let mut emit = |line: &mut Vec<u8>| -> Result<(), Failure> {
        line.push(b'\n');
        out.write_all(line)?;
        line.clear();
        Ok(())
    };
    if args.raw {
        let bytes = io::read_all(&args.input)?;
        let mut r = Reader::new(&bytes);
        let mut n = 0;
        while !r.is_empty() {
            n += 1;
            decoder
                .message(&mut r, &mut line, &mut scratch)
                .map_err(|e| e.context(format_args!("datum {n}")))?;
            emit(&mut line)?;
        }
    } else {
        let input = BufReader::with_capacity(OUTPUT_BUFFER, io::input(&args.input)?);
        for (i, text) in input.lines().enumerate() {
            let text = text?;
            let at = |e: Failure| e.context(format_args!("line {}", i + 1));
            let bytes = unhex(&text).map_err(|e| at(e.into()))?;
            let mut r = Reader::new(&bytes);
            decoder
                .message(&mut r, &mut line, &mut scratch)
                .map_err(at)?;
            r.finish().map_err(|e| at(e.into()))?;
            emit(&mut line)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

struct Decoder<'a> {
    args: &'a DecodeArgs,
    datums: DatumReader,
    fingerprint: u64,
}

impl Decoder<'_> {
    /// Decodes one message (header, if framed, and datum) from `r` into `line` as JSON.
    fn message(
        &self,
        r: &mut Reader<'_>,
        line: &mut Vec<u8>,
        scratch: &mut Vec<u8>,
    ) -> Result<(), Failure> {
        let header = match self.args.framing {
            None => None,
            Some(framing) => Some(self.header(framing, r)?),
        };
        match (&header, self.args.show_header) {
            (Some(Header::Fingerprint(fp)), true) => {
                line.extend_from_slice(
                    format!("{{\"fingerprint\":\"{fp:016x}\",\"datum\":").as_bytes(),
                );
            }
            (Some(Header::SchemaId(id)), true) => {
                line.extend_from_slice(format!("{{\"schema_id\":{id},\"datum\":").as_bytes());
            }
            _ => {}
        }
        self.datums.write_json(r, line, scratch)?;
        if header.is_some() && self.args.show_header {
            line.push(b'}');
        }
        Ok(())
    }

    /// Reads and checks a frame header.
    fn header(&self, framing: Framing, r: &mut Reader<'_>) -> Result<Header, Failure> {
        let rest = r.remaining_slice();
        match framing {
            Framing::SingleObject => {
                let (fp, _) = single_object::split(rest)?;
                if fp != self.fingerprint {
                    return Err(format!(
                        "the message was written with the schema of fingerprint {fp:016x}, \
                         but {} has fingerprint {:016x}",
                        self.args.schema.display(),
                        self.fingerprint
                    )
                    .into());
                }
                r.read_fixed_slice(single_object::HEADER_LEN)?;
                Ok(Header::Fingerprint(fp))
            }
            Framing::Confluent => {
                let (id, _) = confluent::split(rest)?;
                if let Some(expected) = self.args.schema_id {
                    if id != expected {
                        return Err(format!(
                            "the message has schema id {id}, not {expected} (--schema-id)"
                        )
                        .into());
                    }
                }
                r.read_fixed_slice(confluent::HEADER_LEN)?;
                Ok(Header::SchemaId(id))
            }
        }
    }
}
