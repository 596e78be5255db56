//! The log_event scenario: services on schema versions 1, 2 and 3 write into one stream, and
//! into container files as a rolling deploy leaves them on disk (one file per writer version);
//! every version's generated type reads every message and every file, as far as the schema rules
//! allow, and so does a reader generated from version 3 alone, resolving the older writers at
//! run time.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

use avro_runtime::container::{Codec, DecodePath, Reader, Writer};
use avro_runtime::{AvroSchema, Encode, KnownWriters, TimestampMillis};

use crate::log_v1::com::example::logs as v1;
use crate::log_v2::com::example::logs as v2;
use crate::log_v3::com::example::logs as v3;
use avro_runtime::framing::single_object;

use crate::{register, Registry};

/// Event `i` as a producer on version 1 writes it.
pub fn event_v1(i: usize) -> v1::LogEvent {
    v1::LogEvent {
        timestamp: timestamp(i),
        level: v1::Level::Info,
        message: format!("v1 request {i} served"),
        service: service(i),
    }
}

/// Event `i` as a producer on version 2 writes it.
pub fn event_v2(i: usize) -> v2::LogEvent {
    v2::LogEvent {
        timestamp: timestamp(i),
        level: v2::Level::Warn,
        message: format!("v2 slow request {i}"),
        service: service(i),
        trace_id: i.is_multiple_of(2).then(|| format!("{i:032x}")),
        error: None,
    }
}

/// Event `i` as a producer on version 3 writes it.
pub fn event_v3(i: usize) -> v3::LogEvent {
    v3::LogEvent {
        timestamp: timestamp(i),
        level: v3::Level::Error,
        message: format!("v3 request {i} failed"),
        service: service(i),
        trace_id: Some(format!("{i:032x}")),
        error: Some(v3::ErrorInfo {
            exception_class: "java.io.IOException".into(),
            exception_message: "connection reset".into(),
            stack_trace: vec!["at Client.read".into(), "at Handler.run".into()],
        }),
        environment: v3::Environment::Staging,
        tags: vec!["checkout".into()],
    }
}

fn timestamp(i: usize) -> TimestampMillis {
    TimestampMillis(1_700_000_000_000 + i as i64)
}

fn service(i: usize) -> String {
    format!("service-{}", i % 7)
}

/// The stream of single-object frames: `per_version` events from each version's producers,
/// interleaved, and the registry that knows all three schemas.
pub fn produce(per_version: usize) -> avro_runtime::Result<(Vec<Vec<u8>>, Registry)> {
    let mut registry = Registry::default();
    register::<v1::LogEvent>(&mut registry);
    register::<v2::LogEvent>(&mut registry);
    register::<v3::LogEvent>(&mut registry);
    let mut messages = Vec::with_capacity(3 * per_version);
    for i in 0..per_version {
        messages.push(single_object::to_vec(&event_v1(i))?);
        messages.push(single_object::to_vec(&event_v2(i))?);
        messages.push(single_object::to_vec(&event_v3(i))?);
    }
    Ok((messages, registry))
}

/// The container files a rolling deploy leaves on disk, one per writer version (a container
/// file holds one writer schema, in its header), oldest first.
pub const FILES: [&str; 3] = ["logs-v1.avro", "logs-v2.avro", "logs-v3.avro"];

/// Errors of the file part: Avro errors and I/O errors.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Writes [`FILES`] into `dir` (created if needed): `per_version` events each, deflated.
pub fn write_files(dir: &Path, per_version: usize) -> Result<(), Error> {
    fn write<T: AvroSchema + Encode>(
        path: &Path,
        events: impl Iterator<Item = T>,
    ) -> Result<(), Error> {
        let file = BufWriter::new(File::create(path)?);
        let mut writer = Writer::<_, T>::with_codec(file, Codec::Deflate)?;
        for event in events {
            writer.append(&event)?;
        }
        writer.finish()?.flush()?;
        Ok(())
    }
    std::fs::create_dir_all(dir)?;
    write(&dir.join(FILES[0]), (0..per_version).map(event_v1))?;
    write(&dir.join(FILES[1]), (0..per_version).map(event_v2))?;
    write(&dir.join(FILES[2]), (0..per_version).map(event_v3))?;
    Ok(())
}

/// One file as a reader type read it.
#[derive(Debug)]
pub struct FileRead<T> {
    /// The file name.
    pub file: &'static str,
    /// How its records were decoded: the type's own decoder, one generated for a known earlier
    /// writer, or a plan resolved at run time from the header's schema.
    pub path: DecodePath,
    /// The records.
    pub events: Vec<T>,
}

/// Reads every file of `dir` as `T`; the container reader picks the decoder per file from the
/// writer schema in its header.
pub fn read_files<T: KnownWriters>(dir: &Path) -> Result<Vec<FileRead<T>>, Error> {
    FILES
        .iter()
        .map(|file| {
            let path = dir.join(file);
            let input = File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let reader = Reader::<_, T>::new(BufReader::new(input))
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let decode_path = reader.decode_path();
            let events = reader
                .collect::<avro_runtime::Result<Vec<T>>>()
                .map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(FileRead {
                file,
                path: decode_path,
                events,
            })
        })
        .collect()
}

/// The schema JSON of each version, oldest first, with its label.
pub fn versions() -> [(&'static str, &'static str); 3] {
    [
        ("v1", v1::LogEvent::SCHEMA_JSON),
        ("v2", v2::LogEvent::SCHEMA_JSON),
        ("v3", v3::LogEvent::SCHEMA_JSON),
    ]
}
