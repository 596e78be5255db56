//! Options that do not make sense are reported as diagnostics, with the schemas' own errors.

use std::path::PathBuf;

use avro_build::validate::SourceFile;
use avro_build::Config;

fn source(text: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from("user.avsc"),
        text: text.to_string(),
    }
}

const USER: &str = r#"{"type": "record", "name": "User", "namespace": "a", "fields": [{"name": "id", "type": "long"}]}"#;

#[test]
fn an_attribute_that_does_not_parse_is_a_diagnostic() {
    let mut config = Config::new();
    config
        .type_attribute("a.User", "#[derive(Hash)]")
        .type_attribute("a", "derive(Hash)")
        .field_attribute("a.User.id", "#[serde(rename = \"x\"]");
    let errors = config.generate_from_sources(&[source(USER)]).unwrap_err();
    let messages: Vec<String> = errors.errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].starts_with(
            "avro_build::Config: type_attribute(\"a\", ..): `derive(Hash)` is not a Rust attribute"
        ),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].starts_with("avro_build::Config: field_attribute(\"a.User.id\", ..)"),
        "{}",
        messages[1]
    );
}

#[test]
fn option_errors_come_with_schema_errors() {
    let mut config = Config::new();
    config.type_attribute(".", "#[");
    let errors = config
        .generate_from_sources(&[source(
            r#"{"type": "record", "name": "X", "fields": [{"name": "a", "type": "Nope"}]}"#,
        )])
        .unwrap_err();
    assert_eq!(errors.errors.len(), 2, "{errors}");
}

#[test]
fn attributes_that_parse_are_emitted() {
    let mut config = Config::new();
    config
        .type_attribute("a", "#[derive(PartialOrd)]")
        .field_attribute(
            "a.User.id",
            "#[allow(dead_code)] #[doc(alias = \"identifier\")]",
        );
    let code = config.generate_from_sources(&[source(USER)]).unwrap().code;
    let lines: Vec<&str> = code.lines().map(str::trim).collect();
    let at = |line: &str| {
        lines
            .iter()
            .position(|l| *l == line)
            .unwrap_or_else(|| panic!("no `{line}` in {code}"))
    };
    assert!(
        at("#[derive(PartialOrd)]") < at("pub struct User {"),
        "{code}"
    );
    assert_eq!(
        at("#[allow(dead_code)]") + 1,
        at("#[doc(alias = \"identifier\")]"),
        "{code}"
    );
    assert_eq!(at("#[allow(dead_code)]") + 2, at("pub id: i64,"), "{code}");
}
