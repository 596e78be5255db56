//! `include_schema!` with the options of `avro_build::Config` (those with crate-relative paths,
//! which trybuild cannot exercise; see tests/tests/ui.rs for the rest): each option shows in the
//! generated types exactly as the same `Config` option does.

use std::collections::BTreeMap;

use avro_runtime::{AvroSchema, Decode, Encode, KnownWriters};

mod logs {
    avro_derive::include_schema!(
        version_dir = "../schemas/log_event",
        require_compatibility = "backward_transitive",
    );
}

mod options {
    avro_derive::include_schema!(
        "ui/schemas/options",
        map_type = "BTreeMap",
        date_time = "Chrono",
        uuid = "Uuid",
        decimal = "rust_decimal",
        type_attribute("ui.opts.Event", "#[derive(PartialOrd)]"),
        field_attribute("ui.opts.Event.labels", "#[doc = \"Labels, sorted.\"]"),
        avro_json = true,
    );
}

/// The same directory compiled by `Config` with the same options, as a string.
fn config_code() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/schemas/options");
    avro_build::Config::new()
        .map_type(avro_build::MapType::BTreeMap)
        .date_time(avro_build::DateTimeMapping::Chrono)
        .uuid(avro_build::UuidMapping::Uuid)
        .decimal(avro_build::DecimalMapping::RustDecimal)
        .type_attribute("ui.opts.Event", "#[derive(PartialOrd)]")
        .field_attribute("ui.opts.Event.labels", "#[doc = \"Labels, sorted.\"]")
        .avro_json(true)
        .generate(&[dir])
        .unwrap()
        .code
}

#[test]
fn mapping_options_choose_the_rust_types() {
    use options::ui::opts::{Event, Tag};
    let event = Event {
        labels: BTreeMap::from([
            ("b".to_string(), "2".to_string()),
            ("a".to_string(), "1".to_string()),
        ]),
        at: avro_runtime::chrono::DateTime::from_timestamp_millis(1_700_000_000_000).unwrap(),
        id: avro_runtime::uuid::Uuid::from_u128(7),
        price: avro_runtime::rust_decimal::Decimal::new(1999, 2),
        tag: Tag::Green,
    };
    // `type_attribute`: the record derives `PartialOrd` (records do not by default).
    assert_eq!(
        event.partial_cmp(&event.clone()),
        Some(std::cmp::Ordering::Equal)
    );
    let bytes = event.to_avro_vec().unwrap();
    assert_eq!(Event::from_avro_slice(&bytes).unwrap(), event);
    // `avro_json`.
    use avro_runtime::json::{FromAvroJson, ToAvroJson};
    let text = event.to_avro_json_string().unwrap();
    assert_eq!(Event::from_avro_json_str(&text).unwrap(), event);
    // The build-script path, with the same options, makes the same choices.
    let code = config_code();
    assert!(code.contains("::std::collections::BTreeMap<"), "{code}");
    assert!(code.contains("///Labels, sorted."), "{code}");
    assert!(code.contains("#[derive(PartialOrd)]"), "{code}");
    assert!(code.contains("::avro_runtime::chrono::DateTime<"), "{code}");
    assert!(code.contains("::avro_runtime::uuid::Uuid"), "{code}");
    assert!(
        code.contains("::avro_runtime::rust_decimal::Decimal"),
        "{code}"
    );
    assert!(
        code.contains(&format!("{:?}", Event::SCHEMA_JSON)),
        "{code}"
    );
}

#[test]
fn version_dir_gives_decoders_for_earlier_versions() {
    use logs::com::example::logs::LogEvent;
    // v3's type knows v1 and v2 (and itself) as writers, like `Config::version_dir`.
    assert_eq!(LogEvent::WRITERS.len(), 3);
    assert_eq!(LogEvent::WRITERS[0].0, LogEvent::RABIN_FINGERPRINT);
}
