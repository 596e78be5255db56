//! `avro`: the command-line tool of avro-codegen, on the same core as the build-script helper
//! (avro-schema for schemas, avro-build's `Config` for code, avro-runtime's run-time codec,
//! container files and framing).
//!
//! Exit status: 0 on success (valid, compatible), 1 when the answer is no (an invalid schema, an
//! incompatible version) or the input is bad (a corrupt file, a datum that does not match its
//! schema), 2 for a command line clap rejects. Errors are one `error: ...` line on stderr.

mod check;
mod compat;
mod datum;
mod files;
mod fingerprint;
mod generate;
mod io;
mod schema;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

/// Avro schemas, code and data from the command line.
#[derive(Parser, Debug)]
#[command(name = "avro", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate Rust code from schemas: what avro-build's Config generates in build.rs
    #[command(
        after_help = "Example:\n  avro generate schemas/ --date-time chrono -o src/avro_types.rs"
    )]
    Generate(generate::Args),
    /// Validate schemas; diagnostics exactly as the build script shows them
    #[command(after_help = "Example:\n  avro check schemas/user.avsc schemas/common/")]
    Check(check::Args),
    /// Check a new schema version against earlier ones (schema registry modes)
    #[command(
        after_help = "Examples:\n  avro compat --mode backward v3.avsc v2.avsc v1.avsc\n  avro compat --mode full-transitive --versions schemas/log_event/"
    )]
    Compat(compat::Args),
    /// Print a schema's Parsing Canonical Form and fingerprints
    #[command(after_help = "Example:\n  avro fingerprint user.avsc --all --canonical")]
    Fingerprint(fingerprint::Args),
    /// Print the records of container files as Avro JSON, one per line
    #[command(
        after_help = "Example:\n  avro cat events.avro --reader-schema event_v3.avsc --offset 100 --limit 10"
    )]
    Cat(files::CatArgs),
    /// Describe a container file: codec, schema, metadata, blocks, records, sizes
    #[command(after_help = "Example:\n  avro info events.avro")]
    Info(files::InfoArgs),
    /// Write a container file from Avro JSON values (one per line, or any whitespace between)
    #[command(
        name = "from-json",
        after_help = "Example:\n  avro from-json user.avsc --codec zstandard < users.jsonl > users.avro"
    )]
    FromJson(files::FromJsonArgs),
    /// Encode Avro JSON values as binary datums (hex lines, or raw bytes)
    #[command(
        after_help = "Example:\n  echo '{\"name\": \"Ada\"}' | avro encode user.avsc --framing single-object"
    )]
    Encode(datum::EncodeArgs),
    /// Decode binary datums (hex lines, or raw bytes) into Avro JSON, one per line
    #[command(
        visible_alias = "to-json",
        after_help = "Example:\n  echo 06416461 | avro decode user.avsc"
    )]
    Decode(datum::DecodeArgs),
    /// Print a shell completion script
    #[command(after_help = "Example:\n  avro completions bash > /etc/bash_completion.d/avro")]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
}

/// Text for people or JSON for machines.
#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Format {
    /// Lines of text
    #[default]
    Text,
    /// One JSON document on stdout
    Json,
}

/// Why a command could not do its work.
#[derive(Debug)]
enum Failure {
    /// The message of the `error:` line.
    Message(String),
    /// The reader of our output went away (`avro cat big.avro | head`): not an error.
    BrokenPipe,
}

impl Failure {
    /// The failure with `context` (what was being done, where) before its message.
    fn context(self, context: impl std::fmt::Display) -> Failure {
        match self {
            Failure::Message(message) => Failure::Message(format!("{context}: {message}")),
            Failure::BrokenPipe => Failure::BrokenPipe,
        }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Failure::Message(message.to_owned())
    }
}

impl From<avro_runtime::Error> for Failure {
    fn from(e: avro_runtime::Error) -> Self {
        Failure::Message(e.to_string())
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        Failure::Message(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Message(e.to_string())
        }
    }
}

/// What a command returns: its exit status, or why it failed (exit status 1).
type Outcome = Result<ExitCode, Failure>;

/// The exit status of a verdict: success, or 1.
fn verdict(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Generate(args) => generate::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Compat(args) => compat::run(&args),
        Command::Fingerprint(args) => fingerprint::run(&args),
        Command::Cat(args) => files::cat(&args),
        Command::Info(args) => files::info(&args),
        Command::FromJson(args) => files::from_json(&args),
        Command::Encode(args) => datum::encode(&args),
        Command::Decode(args) => datum::decode(&args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "avro", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    };
    match outcome {
        Ok(code) => code,
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Message(message)) => {
            // One line; details that some messages carry (every incompatibility of a reader
            // schema, every error of a schema) follow on indented lines.
            let mut lines = message.lines();
            eprintln!("error: {}", lines.next().unwrap_or_default());
            for line in lines.filter(|l| !l.trim().is_empty()) {
                if line.starts_with(char::is_whitespace) {
                    eprintln!("{line}");
                } else {
                    eprintln!("  {line}");
                }
            }
            ExitCode::from(1)
        }
    }
}

/// A path argument where `-` means standard input or output.
fn is_std(path: &std::path::Path) -> bool {
    path == std::path::Path::new("-")
}

/// Schema files that define named types the main schema uses.
#[derive(clap::Args, Debug, Default)]
struct Includes {
    /// A schema file defining named types the schema refers to (repeatable, any order)
    #[arg(id = "include", short = 'I', long = "include", value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
