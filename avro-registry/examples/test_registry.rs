//! Runs the test registry (feature `test-server`) until killed, for clients in other languages
//! (scripts/make-confluent-fixtures.sh drives it with Confluent's Python client).
//!
//! Run: `cargo run -p avro-registry --features test-server --example test_registry -- [--port N]
//! [--transcript FILE]`; prints `listening on http://127.0.0.1:N`, then serves. With
//! `--transcript`, every exchange is appended to FILE as one JSON line.

use std::io::Write;
use std::net::SocketAddr;

use avro_registry::test_server::TestRegistry;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut port = 0u16;
    let mut transcript = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => port = args.next().ok_or("--port needs a number")?.parse()?,
            "--transcript" => transcript = Some(args.next().ok_or("--transcript needs a file")?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let server = TestRegistry::bind(SocketAddr::from(([127, 0, 0, 1], port)))?;
    if let Some(path) = transcript {
        server.record_transcript(std::fs::File::create(path)?);
    }
    println!("listening on {}", server.url());
    std::io::stdout().flush()?;
    loop {
        std::thread::park();
    }
}
