//! `avro fingerprint`: Parsing Canonical Form and fingerprints of a schema, as Java's
//! `SchemaNormalization` gives them.

use std::path::PathBuf;
use std::process::ExitCode;

use avro_schema::fingerprint;
use serde_json::json;

use crate::io::hex;
use crate::{schema, Format, Includes, Outcome};

/// Arguments of `avro fingerprint`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The schema: a file, or JSON text
    #[arg(value_name = "SCHEMA")]
    schema: PathBuf,
    #[command(flatten)]
    includes: Includes,
    /// The CRC-64-AVRO (Rabin) fingerprint: the 64-bit number in hex, as Java's
    /// SchemaNormalization.parsingFingerprint64 (single-object headers hold its bytes
    /// little-endian) [the default]
    #[arg(long)]
    rabin: bool,
    /// The MD5 fingerprint, hex
    #[arg(long)]
    md5: bool,
    /// The SHA-256 fingerprint, hex
    #[arg(long)]
    sha256: bool,
    /// All three fingerprints
    #[arg(long)]
    all: bool,
    /// The Parsing Canonical Form (alone, or before the fingerprints asked for)
    #[arg(long)]
    canonical: bool,
    /// Output format (JSON has everything)
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: &Args) -> Outcome {
    let schema = schema::load(&args.schema, &args.includes)?;
    let canonical = schema.canonical_form();
    let bytes = canonical.as_bytes();
    let rabin = format!("{:016x}", schema.fingerprint());
    let md5 = hex(&fingerprint::md5(bytes));
    let sha256 = hex(&fingerprint::sha256(bytes));
    if args.format == Format::Json {
        let report = json!({
            "canonical": canonical,
            "rabin": rabin,
            "rabin_signed": schema.fingerprint() as i64,
            "rabin_le": hex(&schema.fingerprint().to_le_bytes()),
            "md5": md5,
            "sha256": sha256,
        });
        println!("{report}");
        return Ok(ExitCode::SUCCESS);
    }
    let any_fingerprint = args.rabin || args.md5 || args.sha256 || args.all;
    let mut lines: Vec<(&str, &str)> = Vec::new();
    if args.canonical {
        lines.push(("canonical", canonical));
    }
    if args.rabin || args.all || !(any_fingerprint || args.canonical) {
        lines.push(("rabin", &rabin));
    }
    if args.md5 || args.all {
        lines.push(("md5", &md5));
    }
    if args.sha256 || args.all {
        lines.push(("sha256", &sha256));
    }
    match lines.as_slice() {
        [(_, value)] => println!("{value}"),
        _ => {
            for (label, value) in lines {
                println!("{label} {value}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
