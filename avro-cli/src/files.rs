//! Container files: `avro cat`, `avro info`, `avro from-json`.

use std::io::{BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use avro_runtime::container::{BlockReader, Codec, WriterBuilder};
use avro_runtime::dynamic::{FileReader, FileWriter};
use avro_runtime::resolve::ParsedSchema;
use serde_json::{json, Value};

use crate::io::{self, hex, OUTPUT_BUFFER};
use crate::{schema, Failure, Format, Includes, Outcome};

/// Arguments of `avro cat`.
#[derive(clap::Args, Debug)]
pub struct CatArgs {
    /// Container files (- for standard input), read one after the other
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Read the records as this schema (schema resolution), not as the files' writer schemas
    #[arg(long, value_name = "SCHEMA")]
    reader_schema: Option<PathBuf>,
    #[command(flatten)]
    includes: Includes,
    /// Skip this many records first (counted over all the files)
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: u64,
    /// Print at most this many records (counted over all the files)
    #[arg(long, value_name = "N")]
    limit: Option<u64>,
    /// Indent each record over several lines
    #[arg(long)]
    pretty: bool,
}

/// `input` with the file named in errors.
fn named(file: &std::path::Path, e: impl std::fmt::Display) -> Failure {
    format!("{}: {e}", file.display()).into()
}

pub fn cat(args: &CatArgs) -> Outcome {
    let reader_schema = match &args.reader_schema {
        Some(s) => Some(schema::load(s, &args.includes)?),
        None => None,
    };
    let mut out = io::output(std::path::Path::new("-"), false)?;
    let mut line = Vec::with_capacity(OUTPUT_BUFFER + 4096);
    let mut to_skip = args.offset;
    let mut left = args.limit.unwrap_or(u64::MAX);
    for file in &args.files {
        if left == 0 {
            break;
        }
        let input = io::input(file)?;
        // Decoding limits (`--max-*` options) belong here once the runtime's decoding entry
        // points take them.
        let mut reader = match &reader_schema {
            Some(s) => FileReader::with_reader_schema(input, s),
            None => FileReader::new(input),
        }
        .map_err(|e| named(file, e))?;
        if to_skip > 0 {
            to_skip -= reader.skip(to_skip).map_err(|e| named(file, e))?;
        }
        while left > 0 {
            let start = line.len();
            match reader.next_json(&mut line) {
                None => break,
                Some(Err(e)) => {
                    out.write_all(&line)?;
                    out.flush()?;
                    return Err(named(file, e));
                }
                Some(Ok(())) => {}
            }
            if args.pretty {
                let record: Value = serde_json::from_slice(&line[start..])
                    .map_err(|e| format!("{}: {e}", file.display()))?;
                line.truncate(start);
                serde_json::to_writer_pretty(&mut line, &record)
                    .map_err(|e| format!("{}: {e}", file.display()))?;
            }
            line.push(b'\n');
            left -= 1;
            if line.len() >= OUTPUT_BUFFER {
                out.write_all(&line)?;
                line.clear();
            }
        }
    }
    out.write_all(&line)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `avro info`.
#[derive(clap::Args, Debug)]
pub struct InfoArgs {
    /// A container file (- for standard input)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// A metadata value: its text when it is UTF-8, else its bytes in hex.
fn metadata_value(bytes: &[u8]) -> Value {
    match std::str::from_utf8(bytes) {
        Ok(text) => Value::String(text.to_owned()),
        Err(_) => json!({ "hex": hex(bytes) }),
    }
}

pub fn info(args: &InfoArgs) -> Outcome {
    let file = &args.file;
    let mut blocks = BlockReader::new(io::input(file)?).map_err(|e| named(file, e))?;
    let header_bytes = blocks.position();
    let (mut count, mut records, mut stored, mut data) = (0u64, 0u64, 0u64, 0u64);
    while let Some(block) = blocks.next_block() {
        let block = block.map_err(|e| named(file, e))?;
        count += 1;
        records += block.records;
        stored += block.stored_size;
        data += block.data.len() as u64;
    }
    let schema_text = blocks.writer_schema();
    let schema: Value =
        serde_json::from_str(schema_text).unwrap_or_else(|_| Value::String(schema_text.to_owned()));
    let metadata: serde_json::Map<String, Value> = blocks
        .metadata()
        .iter()
        .filter(|(k, _)| k.as_str() != "avro.schema" && k.as_str() != "avro.codec")
        .map(|(k, v)| (k.clone(), metadata_value(v)))
        .collect();
    let codec = blocks.codec().name();
    let sync = hex(&blocks.sync_marker());
    let file_bytes = blocks.position();
    if args.format == Format::Json {
        let report = json!({
            "codec": codec,
            "sync_marker": sync,
            "blocks": count,
            "records": records,
            "stored_bytes": stored,
            "data_bytes": data,
            "header_bytes": header_bytes,
            "file_bytes": file_bytes,
            "metadata": metadata,
            "schema": schema,
        });
        println!("{report}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::output(std::path::Path::new("-"), false)?;
    writeln!(out, "codec         {codec}")?;
    writeln!(out, "sync marker   {sync}")?;
    writeln!(out, "blocks        {count}")?;
    writeln!(out, "records       {records}")?;
    writeln!(
        out,
        "block data    {stored} bytes stored, {data} bytes uncompressed"
    )?;
    writeln!(
        out,
        "file          {file_bytes} bytes ({header_bytes} of header)"
    )?;
    if metadata.is_empty() {
        writeln!(out, "metadata      none besides avro.schema and avro.codec")?;
    } else {
        writeln!(out, "metadata")?;
        for (key, value) in &metadata {
            writeln!(out, "  {key}: {value}")?;
        }
    }
    writeln!(out, "schema")?;
    let pretty = serde_json::to_string_pretty(&schema)?;
    for l in pretty.lines() {
        writeln!(out, "  {l}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `avro from-json`.
#[derive(clap::Args, Debug)]
pub struct FromJsonArgs {
    /// The schema of the records: a file, or JSON text
    #[arg(value_name = "SCHEMA")]
    schema: PathBuf,
    /// Avro JSON values, one per line or separated by any whitespace (- for standard input)
    #[arg(value_name = "INPUT", default_value = "-")]
    input: PathBuf,
    #[command(flatten)]
    includes: Includes,
    /// The container file to write (- for standard output)
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    output: PathBuf,
    /// Block codec: null, deflate, snappy, zstandard, bzip2 or xz
    #[arg(long, value_name = "CODEC", default_value = "null", value_parser = parse_codec)]
    codec: Codec,
    /// Compression level, for codecs that have one
    #[arg(long, value_name = "N")]
    level: Option<i32>,
    /// User metadata KEY=VALUE for the header (repeatable)
    #[arg(long, value_name = "KEY=VALUE")]
    meta: Vec<String>,
}

fn parse_codec(name: &str) -> Result<Codec, String> {
    Codec::from_name(name).map_err(|e| e.to_string())
}

pub fn from_json(args: &FromJsonArgs) -> Outcome {
    let schema: ParsedSchema = schema::load(&args.schema, &args.includes)?;
    let mut builder = WriterBuilder::new().codec(args.codec);
    if let Some(level) = args.level {
        builder = builder.level(level);
    }
    for entry in &args.meta {
        let (key, value) = entry
            .split_once('=')
            .ok_or_else(|| format!("--meta {entry:?}: expected KEY=VALUE"))?;
        builder = builder.metadata(key, value)?;
    }
    let input = BufReader::with_capacity(OUTPUT_BUFFER, io::input(&args.input)?);
    let out = io::output(&args.output, true)?;
    let mut writer = FileWriter::new(out, &schema, builder)?;
    let values = serde_json::Deserializer::from_reader(input).into_iter::<Value>();
    for (i, value) in values.enumerate() {
        let value = value.map_err(|e| format!("record {}: not JSON: {e}", i + 1))?;
        writer
            .append_json(&value)
            .map_err(|e| format!("record {}: {e}", i + 1))?;
    }
    writer.finish()?.flush()?;
    Ok(ExitCode::SUCCESS)
}
