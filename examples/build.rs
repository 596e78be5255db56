// Generates Rust types for the bundled schemas into OUT_DIR: the quickstart schemas, each version
// of the log_event scenario (every version knowing the earlier ones), and the user_event
// consumer's newest version (knowing v1 and v2, required to stay backward compatible).
use avro_build::{CompatibilityMode, Config};

fn main() {
    fn compile(config: &mut Config, file: &str, paths: &[&str]) {
        config
            .file_name(file)
            .compile(paths)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    compile(
        &mut Config::new(),
        "avro_types.rs",
        &["../schemas/quickstart"],
    );

    let logs = "../schemas/log_event";
    compile(
        &mut Config::new(),
        "log_event_v1.rs",
        &[&format!("{logs}/v1.avsc")],
    );
    compile(
        Config::new().versions(&[format!("{logs}/v1.avsc"), format!("{logs}/v2.avsc")]),
        "log_event_v2.rs",
        &[],
    );
    compile(
        Config::new()
            .version_dir(logs)
            .require_compatibility(CompatibilityMode::FullTransitive),
        "log_event_v3.rs",
        &[],
    );

    compile(
        &mut Config::new(),
        "log_event_v3_alone.rs",
        &[&format!("{logs}/v3.avsc")],
    );

    // The producers of the user_event story still run v1 and v2.
    let users = "../schemas/user_event";
    compile(
        &mut Config::new(),
        "user_event_v1.rs",
        &[&format!("{users}/v1.avsc")],
    );
    compile(
        &mut Config::new(),
        "user_event_v2.rs",
        &[&format!("{users}/v2.avsc")],
    );
    compile(
        Config::new()
            .version_dir(users)
            .require_compatibility(CompatibilityMode::BackwardTransitive),
        "user_event.rs",
        &[],
    );

    // A producer deployed ahead of the user_event consumer, on a version it was not built with.
    compile(
        &mut Config::new(),
        "user_event_v4.rs",
        &["../schemas/user_event_next/v4.avsc"],
    );

    // The registry story: customer v1 as an old producer and consumer still use it, and v2
    // (adding an optional field) knowing v1, required to be FULL compatible with it.
    let story = "../schemas/registry_story/versions";
    compile(
        &mut Config::new(),
        "registry_customer_v1.rs",
        &[&format!("{story}/v1.avsc")],
    );
    compile(
        Config::new()
            .version_dir(story)
            .require_compatibility(CompatibilityMode::Full),
        "registry_customer_v2.rs",
        &[],
    );
}
