//! The repository's build fails on a schema change that breaks its compatibility rule: a fourth
//! order version that reads version 3 data (so non-transitive BACKWARD, as a registry checks it,
//! accepts it) but not version 1 data fails BACKWARD_TRANSITIVE, which the build requires. The
//! test runs the generator build.rs runs (build/generate.rs) on a copy of the schemas with the
//! change.

use std::path::{Path, PathBuf};

use avro_build::CompatibilityMode;
use avro_schema::compat::{check, Version};
use avro_schema::resolve::Side;
use serde_json::Value;

#[path = "../build/generate.rs"]
mod generate;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn write(path: &Path, schema: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(schema).unwrap()).unwrap();
}

fn fields(schema: &mut Value) -> &mut Vec<Value> {
    schema["fields"].as_array_mut().unwrap()
}

/// A scratch copy of the schemas with order version 4 added: version 3 released (kept
/// self-contained, like every earlier version) and `change` applied to a copy of it as v4. Also
/// returns the four versions self-contained, oldest first, as a registry would hold them.
fn with_v4(name: &str, change: impl Fn(&mut Value)) -> (PathBuf, Vec<Value>) {
    let root = std::env::temp_dir().join(format!("schema-repo-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let schemas = root.join("schemas");
    copy_dir(&repo().join("schemas"), &schemas);
    let orders = schemas.join("orders");
    let mut v4 = read(&orders.join("v3.avsc"));
    // Released v3 = self-contained v2 (Money and Address inline) plus v3's new field.
    let channel = fields(&mut v4)
        .iter()
        .find(|f| f["name"] == "channel")
        .cloned()
        .unwrap();
    let mut released = read(&orders.join("v2.avsc"));
    fields(&mut released).push(channel);
    change(&mut v4);
    write(&orders.join("v3.avsc"), &released);
    write(&orders.join("v4.avsc"), &v4);
    let mut v4_alone = released.clone();
    change(&mut v4_alone);
    let history = vec![
        read(&orders.join("v1.avsc")),
        read(&orders.join("v2.avsc")),
        released,
        v4_alone,
    ];
    (root, history)
}

/// Every incompatibility of the newest version of `history` under `mode`, as a registry checks.
fn registry_check(mode: CompatibilityMode, history: &[Value]) -> Vec<String> {
    let sets: Vec<avro_schema::ir::SchemaSet> = history
        .iter()
        .map(|schema| {
            let file = Path::new("order.avsc");
            avro_schema::validate::validate_json(file, schema)
                .set
                .expect("a valid schema")
        })
        .collect();
    let labels = ["v1", "v2", "v3", "v4"];
    let versions: Vec<Version<'_>> = sets
        .iter()
        .zip(labels)
        .map(|(set, label)| Version {
            label,
            side: Side {
                set,
                schema: &set.roots[0].schema,
            },
        })
        .collect();
    check(mode, &versions)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_repository_builds_with_the_required_mode() {
    assert_eq!(
        generate::REQUIRED_COMPATIBILITY,
        CompatibilityMode::BackwardTransitive
    );
    let out = std::env::temp_dir().join(format!("schema-repo-build-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    generate::generate(
        &repo().join("schemas"),
        &out,
        generate::REQUIRED_COMPATIBILITY,
    )
    .unwrap();
    assert!(out.join("legacy_orders_v2.rs").exists());
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_change_passing_backward_but_not_backward_transitive_fails_the_build() {
    // v4 makes `status` (added in v2 with a default) required: v4 reads v2 and v3 data, which
    // have a status, but not v1 data, which has none.
    let (root, history) = with_v4("transitive", |v4| {
        let status = fields(v4)
            .iter_mut()
            .find(|f| f["name"] == "status")
            .unwrap();
        status.as_object_mut().unwrap().remove("default");
    });

    // Checked against the latest version only, as a registry in BACKWARD mode does, the change
    // passes; against every earlier version it does not.
    assert_eq!(
        registry_check(CompatibilityMode::Backward, &history),
        Vec::<String>::new()
    );
    let transitive = registry_check(CompatibilityMode::BackwardTransitive, &history);
    assert_eq!(transitive.len(), 1, "{transitive:?}");
    assert!(
        transitive[0].starts_with("v4 cannot read data written with v1"),
        "{transitive:?}"
    );

    // The repository requires BACKWARD_TRANSITIVE: its build fails, naming the version that
    // cannot be read and why.
    let out = root.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let error = generate::generate(
        &root.join("schemas"),
        &out,
        generate::REQUIRED_COMPATIBILITY,
    )
    .unwrap_err();
    for expected in [
        "orders/v4.avsc: fields[4]: BACKWARD_TRANSITIVE compatibility is required",
        "cannot read data written with",
        "orders/v1.avsc: fields[4] (writer's top level): reader field `status`",
    ] {
        assert!(error.contains(expected), "{expected}: {error}");
    }
    assert!(
        !error.contains("v2.avsc") && !error.contains("v3.avsc"),
        "{error}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_compatible_fourth_version_builds() {
    // For contrast: a new optional field keeps every earlier version readable.
    let (root, history) = with_v4("compatible", |v4| {
        fields(v4).push(
            serde_json::json!({"name": "coupon", "type": ["null", "string"], "default": null}),
        );
    });
    let problems = registry_check(CompatibilityMode::BackwardTransitive, &history);
    assert_eq!(problems, Vec::<String>::new());
    let out = root.join("out");
    std::fs::create_dir_all(&out).unwrap();
    generate::generate(
        &root.join("schemas"),
        &out,
        generate::REQUIRED_COMPATIBILITY,
    )
    .unwrap();
    assert!(out.join("legacy_orders_v3.rs").exists());
    std::fs::remove_dir_all(&root).unwrap();
}
