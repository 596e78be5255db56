// Generates the bindings of the whole repository from `schemas/` (see build/generate.rs): a
// version history that breaks REQUIRED_COMPATIBILITY fails the build, listing every
// incompatibility.
#[path = "build/generate.rs"]
mod generate;

fn main() {
    // The whole tree, so that new directories and files are picked up.
    println!("cargo:rerun-if-changed=schemas");
    println!("cargo:rerun-if-changed=build/generate.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    if let Err(e) = generate::generate(
        std::path::Path::new("schemas"),
        &out,
        generate::REQUIRED_COMPATIBILITY,
    ) {
        panic!("{e}");
    }
}
