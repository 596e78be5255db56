//! Generates Rust code for every valid schema of the vendored corpus (one module per compilation)
//! so that `cargo build -p avro-tests` proves all of it compiles, plus the all-types schema in
//! every logical-type mapping and every other schema that has oracle fixtures. Tests then
//! exercise the generated types.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use avro_build::{Config, DateTimeMapping, DecimalMapping, MapType, UuidMapping};

/// The suffix of the module of a unit compiled again with `MapType::IndexMap`.
const INDEX_MAP_SUFFIX: &str = "_index_map";

/// A compilation: module name, the files (relative to tests/data), and the configuration.
struct Unit {
    module: String,
    files: Vec<PathBuf>,
    config: Config,
}

fn module_name(rel: &str) -> String {
    let mut s: String = rel
        .trim_end_matches(".avsc")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

/// Every unit also gets apache-avro value conversions, used to compare decoded values, and the
/// Avro JSON encoding (compared with fastavro's in tests/json.rs).
fn config() -> Config {
    let mut config = Config::new();
    config.apache_avro_values(true).avro_json(true);
    config
}

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let bench = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/bench");
    let mut units: Vec<Unit> = Vec::new();
    let single = |rel: &str, config: Config, module: Option<&str>| Unit {
        module: module
            .map(str::to_string)
            .unwrap_or_else(|| module_name(rel)),
        files: vec![data.join(rel)],
        config,
    };

    // Every single-file schema in the corpus that must be accepted.
    let mut corpus: Vec<String> = Vec::new();
    for dir in [
        "apache/schemas",
        "apache/lang-java/avro-test-resources",
        "apache/lang-java/codegen-test",
        "apache/lang-java/compiler-test-resources",
    ] {
        for entry in std::fs::read_dir(data.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "avsc") {
                corpus.push(format!(
                    "{dir}/{}",
                    path.file_name().unwrap().to_str().unwrap()
                ));
            }
        }
    }
    for entry in std::fs::read_dir(data.join("apache/lang-c/schema_tests/pass")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        corpus.push(format!("apache/lang-c/schema_tests/pass/{name}"));
    }
    for entry in std::fs::read_dir(data.join("project/invalid")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.starts_with("tricky-") {
            corpus.push(format!("project/invalid/{name}"));
        }
    }
    // Odd names of our own (not from Apache's corpus).
    for entry in std::fs::read_dir(data.join("project/odd-names")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        corpus.push(format!("project/odd-names/{name}"));
    }
    corpus.sort();
    let mut units_list = Vec::new();
    for rel in &corpus {
        units_list.push(single(rel, config(), None));
    }
    units.extend(units_list);

    // Cross-file references: one compilation of three files.
    let multi = data.join("apache/lang-java/avro-test-resources/multipleFile");
    units.push(Unit {
        module: "multiple_file".into(),
        files: [
            "ApplicationEvent.avsc",
            "DocumentInfo.avsc",
            "MyResponse.avsc",
        ]
        .iter()
        .map(|f| multi.join(f))
        .collect(),
        config: config(),
    });

    // The all-types schema in every mapping of logical types.
    let all = "project/all-types.avsc";
    units.push(single(all, config(), Some("all_types")));
    let mut chrono = config();
    chrono
        .date_time(DateTimeMapping::Chrono)
        .uuid(UuidMapping::Uuid)
        .decimal(DecimalMapping::RustDecimal)
        .map_type(MapType::BTreeMap);
    units.push(single(all, chrono, Some("all_types_chrono")));
    let mut time = config();
    time.date_time(DateTimeMapping::Time)
        .uuid(UuidMapping::Uuid);
    units.push(single(all, time, Some("all_types_time")));

    for name in ["event_a", "batch_b", "wide_c"] {
        units.push(Unit {
            module: format!("bench_{name}"),
            files: vec![bench.join(format!("{name}.avsc"))],
            config: config(),
        });
    }
    units.extend(fixture_only_units(&data, &units));
    units.extend(index_map_twins(&data, &units));

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    container_units(&out_dir, &data);
    derive_units(&out_dir, &data);
    let (pairs_index, pairs_registry) = writer_pairs(&out_dir);
    let mut index = pairs_index;
    let mut constants = String::new();
    let mut roots = String::new();
    let mut without_root_type = String::new();
    let mut unions = String::new();
    let mut failures = Vec::new();
    for unit in &units {
        let file_name = format!("{}.rs", unit.module);
        let mut config = unit.config.clone();
        config.out_dir(&out_dir).file_name(&file_name);
        let generated = match config.compile(&unit.files) {
            Ok(g) => g,
            Err(e) => {
                failures.push(format!("{}: {e}", unit.module));
                continue;
            }
        };
        let module = &unit.module;
        let files: Vec<String> = unit
            .files
            .iter()
            .map(|f| f.strip_prefix(&data).unwrap_or(f).display().to_string())
            .collect();
        writeln!(
            index,
            "/// Generated from {}.\npub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{file_name}\")); }}",
            files.join(", "),
        )
        .unwrap();
        // A unit compiled again with IndexMap has the constants of its original.
        let twin = module.ends_with(INDEX_MAP_SUFFIX);
        for (avro_name, rust_path) in generated.types.iter().filter(|_| !twin) {
            writeln!(
                constants,
                "    SchemaConstants::of::<{module}::{rust_path}>({module:?}, {avro_name:?}, \
                 node_constants!({module}::{rust_path})),"
            )
            .unwrap();
        }
        for (canonical_form, rust_path) in generated.unions.iter().filter(|_| !twin) {
            writeln!(
                unions,
                "    UnionNode {{ unit: {module:?}, rust_path: {rust_path:?}, \
                 canonical_form: {canonical_form:?}, node: node_constants!({module}::{rust_path}) }},"
            )
            .unwrap();
        }
        for (file, root) in files.iter().zip(&generated.roots) {
            match root {
                Some(root) => writeln!(
                    roots,
                    "    RootCodec::of::<{module}::{root}>({file:?}, {module:?}),"
                )
                .unwrap(),
                None => writeln!(without_root_type, "        {file:?},").unwrap(),
            }
        }
    }
    if !failures.is_empty() {
        panic!("generation failed:\n{}", failures.join("\n"));
    }
    std::fs::write(out_dir.join("corpus.rs"), index).unwrap();
    std::fs::write(
        out_dir.join("registry.rs"),
        format!(
            "/// Every generated named type of the corpus.\npub fn schema_constants() -> Vec<SchemaConstants> {{\n    vec![\n{constants}    ]\n}}\n\n\
             /// Every generated union enum of the corpus.\npub fn union_nodes() -> Vec<UnionNode> {{\n    vec![\n{unions}    ]\n}}\n\n\
             /// Every compiled file whose top-level schema is a generated type.\npub fn root_codecs() -> Vec<RootCodec> {{\n    vec![\n{roots}    ]\n}}\n\n\
             /// Every compiled file whose top-level schema is not a generated type (a primitive, an array, ...), relative to tests/data.\n\
             pub fn files_without_root_type() -> Vec<&'static str> {{\n    vec![\n{without_root_type}    ]\n}}\n\n{pairs_registry}"
        ),
    )
    .unwrap();
}

/// Units for the schemas of oracle fixtures (tests/fixtures/index.tsv) that no unit of `units`
/// compiles (the corpus above is some directories of tests/data; fixtures were also made for
/// other schemas), so that every fixture datum meets a generated type in tests/fixtures.rs and
/// tests/json.rs.
fn fixture_only_units(data: &Path, units: &[Unit]) -> Vec<Unit> {
    let index_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/index.tsv");
    println!("cargo:rerun-if-changed={}", index_path.display());
    let index = std::fs::read_to_string(&index_path).unwrap_or_default();
    // index.tsv paths are relative to the repository root: tests/data/...
    let in_data = |path: &str| data.join(path.trim_start_matches("tests/data/"));
    let mut out = Vec::new();
    for line in index.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let schema = in_data(cols[1]);
        if units.iter().any(|u| u.files.contains(&schema)) {
            continue;
        }
        let mut files = vec![schema];
        files.extend(cols[2].split_whitespace().map(in_data));
        out.push(Unit {
            module: module_name(cols[1].trim_start_matches("tests/data/")),
            files,
            config: config(),
        });
    }
    out
}

/// The units of oracle fixture schemas that have maps, compiled again with
/// `MapType::IndexMap` (module `<unit>_index_map`): decoding then encoding a fixture datum must
/// give fastavro's bytes back (tests/fixtures.rs), map entry order included.
fn index_map_twins(data: &Path, units: &[Unit]) -> Vec<Unit> {
    let index =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/index.tsv"))
            .unwrap_or_default();
    let fixture_schemas: Vec<PathBuf> = index
        .lines()
        .skip(1)
        .filter_map(|line| line.split('\t').nth(1))
        .map(|rel| data.join(rel.trim_start_matches("tests/data/")))
        .collect();
    units
        .iter()
        .filter(|u| fixture_schemas.contains(&u.files[0]))
        .filter(|u| {
            u.files
                .iter()
                .any(|f| std::fs::read_to_string(f).is_ok_and(|text| text.contains("\"map\"")))
        })
        .map(|u| {
            let mut config = u.config.clone();
            config.map_type(MapType::IndexMap);
            Unit {
                module: format!("{}{INDEX_MAP_SUFFIX}", u.module),
                files: u.files.clone(),
                config,
            }
        })
        .collect()
}

/// Every writer/reader pair of tests/fixtures/resolution whose reader is a record: compiled with
/// the writer as a known earlier version, so the reader type gets a specialised decoder. Pairs
/// whose generation fails are recorded with the error (some must fail).
fn writer_pairs(out_dir: &Path) -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let index_path = root.join("fixtures/resolution/index.tsv");
    println!("cargo:rerun-if-changed={}", index_path.display());
    let index = std::fs::read_to_string(&index_path).unwrap_or_default();
    let mut modules = String::new();
    let mut codecs = String::new();
    let mut failures = String::new();
    for line in index.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (pair, writer, reader) = (
            cols[0],
            root.join("..").join(cols[1]),
            root.join("..").join(cols[2]),
        );
        let module = format!("pair_{}", module_name(pair));
        let mut config = config();
        config
            .out_dir(out_dir)
            .file_name(format!("{module}.rs"))
            .versions(&[&writer, &reader]);
        match config.compile(&[] as &[&Path]) {
            Ok(generated) => {
                let Some(Some(root_type)) = generated.roots.first() else {
                    continue;
                };
                let is_record = generated.types.iter().any(|(_, path)| path == root_type);
                if !is_record {
                    continue;
                }
                writeln!(modules, "pub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\")); }}").unwrap();
                writeln!(
                    codecs,
                    "        WriterPair::of::<{module}::{root_type}>({pair:?}),"
                )
                .unwrap();
            }
            // Histories are for named types; other pairs are read by the runtime resolver only.
            Err(e) if e.to_string().contains("must be a named record or enum") => {}
            Err(e) => {
                writeln!(failures, "        ({pair:?}, {:?}),", e.to_string()).unwrap();
            }
        }
    }
    let registry = format!(
        "/// Fixture pairs decoded by a reader type with a decoder specialised for the writer.\n\
         pub fn writer_pairs() -> Vec<WriterPair> {{\n    vec![\n{codecs}    ]\n}}\n\n\
         /// Fixture pairs whose generation failed, with the error.\n\
         pub fn writer_pair_errors() -> Vec<(&'static str, &'static str)> {{\n    vec![\n{failures}    ]\n}}\n"
    );
    (modules, registry)
}

/// Container-file tests (tests/tests/container.rs): a type for every named writer schema found in
/// the vendored container files (tests/fixtures/containers/schemas, extracted by
/// scripts/make-container-fixtures.sh) and for the schema files describing some of them, and the
/// registry `generated_container_codecs()` of those that are records. Written to
/// OUT_DIR/containers.rs, included by src/generated.rs.
fn container_units(out_dir: &Path, data: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schemas = root.join("fixtures/containers/schemas");
    println!("cargo:rerun-if-changed={}", schemas.display());
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    if let Ok(dir) = std::fs::read_dir(&schemas) {
        for entry in dir {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
            let mut module = format!("container_{}", module_name(&stem.replace("apache__", "")));
            while module.contains("__") {
                module = module.replace("__", "_");
            }
            files.push((module, path));
        }
    }
    for (module, rel) in [
        (
            "container_data_simple",
            "apache/data/schemas/simple/schema.json",
        ),
        (
            "container_data_with_union",
            "apache/data/schemas/withUnion/schema.json",
        ),
        ("container_lang_js_person", "apache/lang-js/dat/Person.avsc"),
    ] {
        files.push((module.to_string(), data.join(rel)));
    }
    files.sort();
    let mut modules = String::new();
    let mut codecs = String::new();
    for (module, path) in &files {
        let mut config = config();
        config.out_dir(out_dir).file_name(format!("{module}.rs"));
        let generated = config
            .compile(&[path])
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let shown = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        writeln!(
            modules,
            "/// Generated from {shown}.\npub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\")); }}"
        )
        .unwrap();
        // Records (named roots) implement `KnownWriters`; other top-level schemas have no type.
        if let Some(Some(root_type)) = generated.roots.first() {
            if generated.types.iter().any(|(_, p)| p == root_type) {
                writeln!(
                    codecs,
                    "        ContainerCodec::of::<{module}::{root_type}>({module:?}, {shown:?}),"
                )
                .unwrap();
            }
        }
    }
    std::fs::write(
        out_dir.join("containers.rs"),
        format!(
            "{modules}\n/// Container codecs of the types generated for container files' writer schemas.\n\
             pub fn generated_container_codecs() -> Vec<ContainerCodec> {{\n    vec![\n{codecs}    ]\n}}\n"
        ),
    )
    .unwrap();
}

/// `#[derive(AvroSchema)]` proof (tests/tests/derive.rs): the hand-written schemas of
/// tests/data/project/derive/, each equivalent to a derived test type, compiled with the files
/// they reference into OUT_DIR/derive_<name>.rs, which the test includes. They stay out of the
/// corpus registry (which is checked against the canonical-form oracle's fixtures).
fn derive_units(out_dir: &Path, data: &Path) {
    let dir = data.join("project/derive");
    for (module, files) in [
        ("derive_account", &["address.avsc", "account.avsc"][..]),
        ("derive_timeline", &["timeline.avsc"][..]),
        (
            "derive_shape_holder",
            &["address.avsc", "shape_holder.avsc"][..],
        ),
        ("derive_tree", &["tree.avsc"][..]),
        ("derive_borrowed", &["borrowed.avsc"][..]),
        (
            "derive_envelope_address",
            &["address.avsc", "envelope_address.avsc"][..],
        ),
        ("derive_envelope_string", &["envelope_string.avsc"][..]),
        ("derive_narrow", &["narrow.avsc"][..]),
    ] {
        let mut config = config();
        config.out_dir(out_dir).file_name(format!("{module}.rs"));
        let files: Vec<PathBuf> = files.iter().map(|f| dir.join(f)).collect();
        config
            .compile(&files)
            .unwrap_or_else(|e| panic!("{module}: {e}"));
    }
}
